// Keyed pseudonyms of identifiers (去标识化, PIPL Art. 73): HMAC-SHA256 over a domain and the
// normalised value, shown as 16 base32 characters (80 bits: among the 1.4 billion people of a
// national registry, the chance that any two share a pseudonym is below 1 in 10^6). Same key,
// same pseudonym in every call, file and process; whoever holds the key can re-identify, so the
// result is still personal information and the key is kept apart from the data.
#pragma once

#include <shanhai/detail/sha256.hpp>
#include <shanhai/error.hpp>
#include <shanhai/identity.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace shanhai {

/// The domains of pseudonyms: a value is hashed with its domain, so an ID number and a phone that
/// happened to be equal text get different pseudonyms. Names and household heads' names share
/// "name", so a head person and the household's head_name join.
inline constexpr std::array<std::string_view, 5> pseudonym_domains{"name", "id", "phone", "household", "worker"};

/// The fewest bytes a key may have (128 bits).
inline constexpr std::size_t pseudonym_key_bytes = 16;

/// The pseudonym domain of a table's identifier field ("" for a field that is no identifier).
constexpr std::string_view pseudonym_domain(std::string_view table, std::string_view field) noexcept {
  if (field == "name" && table == "persons") return "name";
  if (field == "head_name" && table == "households") return "name";
  if (field == "id_number" && table == "persons") return "id";
  if (field == "phone" && table == "persons") return "phone";
  if (field == "number" && table == "households") return "household";
  if (field == "worker" && table == "employment") return "worker";
  return {};
}

namespace detail {

// Surrounding spaces (ASCII and the ideographic U+3000) are no part of a value.
inline std::string_view trim_spaces(std::string_view v) noexcept {
  for (;;) {
    if (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    else if (v.substr(0, 3) == "\xE3\x80\x80") v.remove_prefix(3);
    else break;
  }
  for (;;) {
    if (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    else if (v.size() >= 3 && v.substr(v.size() - 3) == "\xE3\x80\x80") v.remove_suffix(3);
    else break;
  }
  return v;
}

}  // namespace detail

/// Pseudonyms under one key: the key's HMAC states are computed once, then each value costs two
/// SHA-256 blocks.
class Pseudonymiser {
 public:
  /// A key of at least 16 bytes (validation_error otherwise; the key is never echoed).
  explicit Pseudonymiser(std::string_view key) : mac_(checked(key)) {}

  /// The pseudonym of `value` in `domain` (one of pseudonym_domains, validation_error otherwise);
  /// the empty value (nothing recorded) stays empty.
  std::string operator()(std::string_view domain, std::string_view value) const {
    check_domain(domain);
    return unchecked(domain, value);
  }

  /// Pseudonyms of many values of one domain.
  std::vector<std::string> operator()(std::string_view domain, const std::vector<std::string>& values) const {
    check_domain(domain);
    std::vector<std::string> out;
    out.reserve(values.size());
    for (const std::string& v : values) out.push_back(unchecked(domain, v));
    return out;
  }

 private:
  static std::string_view checked(std::string_view key) {
    if (key.size() < pseudonym_key_bytes)
      throw validation_error("pseudonym key: must be at least " + std::to_string(pseudonym_key_bytes) +
                                 " bytes, got " + std::to_string(key.size()),
                             where("key", reason::out_of_range));
    return key;
  }

  static void check_domain(std::string_view domain) {
    for (std::string_view d : pseudonym_domains)
      if (d == domain) return;
    throw validation_error("pseudonym domain: " + quoted(domain) + " is not one of name, id, phone, household, worker",
                           where("domain", reason::unknown_value, std::string(domain)));
  }

  std::string unchecked(std::string_view domain, std::string_view value) const {
    value = detail::trim_spaces(value);
    if (value.empty()) return {};
    std::string normal;
    if (domain == "id" || domain == "phone") {  // full-width digits and 'x' as ASCII
      normal = detail::ascii_digits(value);
      value = normal;
    }
    static constexpr char zero = '\0';
    const detail::Digest d = mac_(domain, std::string_view(&zero, 1), value);
    // 16 base32 characters (RFC 4648 alphabet) of the digest's first 80 bits
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out(16, ' ');
    for (std::size_t g = 0; g < 2; ++g) {  // two groups of 5 bytes, 8 characters each
      std::uint64_t bits = 0;
      for (std::size_t i = 0; i < 5; ++i) bits = bits << 8 | d[5 * g + i];
      for (std::size_t i = 0; i < 8; ++i) out[8 * g + i] = alphabet[(bits >> (35 - 5 * i)) & 31];
    }
    return out;
  }

  detail::HmacSha256 mac_;
};

/// The pseudonym of one value (see Pseudonymiser).
inline std::string pseudonym(std::string_view key, std::string_view domain, std::string_view value) {
  return Pseudonymiser(key)(domain, value);
}

}  // namespace shanhai
