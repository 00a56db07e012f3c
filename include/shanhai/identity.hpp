// Identity values of persons: the citizen ID number (公民身份号码, GB 11643) and phone numbers,
// checked and normalised. A refusal says which part is wrong and never echoes the value (nor any
// of its digits): these are personal data.
#pragma once

#include <shanhai/date.hpp>
#include <shanhai/enums.hpp>
#include <shanhai/error.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace shanhai {

/// Today's date (UTC), the latest birth date an ID number may hold.
inline Date today() {
  const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return Date::ymd(int(d.year()), int(unsigned(d.month())), int(unsigned(d.day())));
}

/// The ISO 7064 MOD 11-2 check character of an ID number's first 17 digits ('0'..'9' or 'X').
inline char id_check_character(std::string_view first17) noexcept {
  int sum = 0, weight = 1;  // weight of the last digit is 2, each earlier one doubles (mod 11)
  for (std::size_t i = first17.size(); i-- > 0;) {
    weight = weight * 2 % 11;
    sum += (first17[i] - '0') * weight;
  }
  const int check = (12 - sum % 11) % 11;
  return check == 10 ? 'X' : char('0' + check);
}

/// What an ID number says of its holder.
struct IdNumberParts {
  Date birth{};
  Sex sex = Sex::unspecified;  // the 17th digit: odd male, even female
};

/// The parts of a normalised ID number (one normalise_id_number returned).
inline IdNumberParts id_number_parts(std::string_view id) {
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  return {Date::from_packed(digits(6, 8)), digits(16, 1) % 2 ? Sex::male : Sex::female};
}

namespace detail {

// Whether the two-digit prefix is a province code GB 11643 (with GB/T 2260) allows; any prefix
// starting with 9 is a foreigner's permanent-residence number.
inline bool id_province(int p) noexcept {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
         (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || (p >= 81 && p <= 83) || p / 10 == 9;
}

// `text` with full-width digits (U+FF10..FF19), full-width X/x, and 'x' as ASCII ('X'); other
// bytes as they are.
inline std::string ascii_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = [&](std::size_t k) { return i + k < text.size() ? (unsigned char)text[i + k] : 0u; };
    if (b(0) == 0xEF && b(1) == 0xBC && b(2) >= 0x90 && b(2) <= 0x99) {
      out += char('0' + (b(2) - 0x90)), i += 2;
    } else if (b(0) == 0xEF && ((b(1) == 0xBC && b(2) == 0xB8) || (b(1) == 0xBD && b(2) == 0x98))) {
      out += 'X', i += 2;  // Ｘ, ｘ
    } else {
      out += text[i] == 'x' ? 'X' : text[i];
    }
  }
  return out;
}

[[noreturn]] inline void refuse_identity(std::string_view field, const std::string& why, std::string_view why_code) {
  throw validation_error(std::string(field) + ": " + why, where(field, why_code));
}

}  // namespace detail

/// An ID number checked as GB 11643 defines it and normalised (ASCII, check character 'X' in
/// capitals), or validation_error naming the part that is wrong (`field` starts the message).
/// The empty text is no number, and stays empty.
inline std::string normalise_id_number(std::string_view text, std::string_view field, Date latest_birth = today()) {
  std::string id = detail::ascii_digits(text);
  if (id.empty()) return id;
  auto refuse = [&](const std::string& why, std::string_view code) { detail::refuse_identity(field, why, code); };
  if (id.size() != 18)
    refuse("must be 18 characters (17 digits and a check character), got " + std::to_string(id.size()) + " bytes",
           reason::bad_format);
  for (std::size_t i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') refuse("its first 17 characters must be digits", reason::bad_format);
  if (!(id[17] >= '0' && id[17] <= '9') && id[17] != 'X')
    refuse("its check character (the 18th) must be a digit or X", reason::bad_format);
  if (!detail::id_province((id[0] - '0') * 10 + (id[1] - '0')))
    refuse("its first two digits are not a province code GB 11643 allows", reason::out_of_range);
  const int y = std::stoi(id.substr(6, 4)), m = std::stoi(id.substr(10, 2)), d = std::stoi(id.substr(12, 2));
  if (y < 1880 || m < 1 || m > 12 || d < 1 || d > Date::days_in_month(y, m))
    refuse("its birth date (digits 7 to 14) is not a real date", reason::out_of_range);
  if (Date::ymd(y, m, d) > latest_birth) refuse("its birth date (digits 7 to 14) is after today", reason::out_of_range);
  if (id_check_character(std::string_view(id).substr(0, 17)) != id[17])
    refuse("its check character (the 18th) does not match its first 17 digits (ISO 7064 MOD 11-2)", reason::mismatch);
  return id;
}

/// A phone number normalised: a mobile as its 11 digits ("13812345678"; +86, spaces, dashes and
/// brackets removed), a landline with its area code as "0AAA-NNNNNNNN" (Beijing, Tianjin and the
/// 02x cities have 3-digit codes: "010-NNNNNNNN"). Anything else is refused without echo. The
/// empty text is no number.
inline std::string normalise_phone(std::string_view text, std::string_view field) {
  std::string digits;
  std::string_view rest = text;
  for (std::string_view prefix : {"+86", "0086"})
    if (rest.substr(0, prefix.size()) == prefix) {
      rest.remove_prefix(prefix.size());
      digits = "+";  // a country code: a landline's leading 0 is left out after it
      break;
    }
  const std::string ascii = detail::ascii_digits(rest);
  for (char c : ascii) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != ' ' && c != '-' && c != '(' && c != ')')
      detail::refuse_identity(field, "may hold only digits, spaces, dashes, brackets and a leading +86",
                              reason::bad_format);
  }
  if (digits.empty()) return digits;
  if (digits[0] == '+') {
    digits.erase(0, 1);
    if (!digits.empty() && digits[0] != '0' && !(digits.size() == 11 && digits[0] == '1')) digits.insert(0, "0");
  }
  if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3') return digits;  // a mobile
  if (digits[0] == '0') {
    const std::size_t area = (digits.size() > 1 && (digits[1] == '1' || digits[1] == '2')) ? 3 : 4;
    const std::size_t local = digits.size() > area ? digits.size() - area : 0;
    if ((local == 7 || local == 8) && digits[area] >= '2') return digits.substr(0, area) + "-" + digits.substr(area);
  }
  detail::refuse_identity(field, "is neither an 11-digit mobile number nor a landline number with its area code",
                          reason::bad_format);
}

}  // namespace shanhai
