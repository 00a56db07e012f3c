// Erasure and restriction (PIPL Art. 47 and 44): what the registry keeps beside its tables about
// the personal data it has erased and the persons whose data it holds but must not show.
//
// An erasure blanks a person's or household's identifiers, free text and sensitive detail and
// keeps every row, count, status and amount, so every report and total is unchanged. Its record
// holds no personal data: when, why, and whether a person or a household was erased (not which:
// the row id would point at the row it erased).
#pragma once

#include <shanhai/date.hpp>
#include <shanhai/enums.hpp>
#include <shanhai/ids.hpp>
#include <shanhai/sharing.hpp>
#include <shanhai/table.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

namespace shanhai {

/// The grounds for deletion of PIPL Art. 47.
enum class ErasureReason : std::uint8_t {
  purpose_achieved,   // the purpose is achieved, cannot be achieved, or no longer needs the data
  consent_withdrawn,  // the person withdrew consent
  retention_expired,  // the retention period ended, or the service stopped
  unlawful,           // the data was handled against the law or the agreement
  request,            // the person asked for it (Art. 47 (5): other grounds in law)
  other,
};
template <>
struct enum_names<ErasureReason> {
  static constexpr std::string_view type = "erasure reason";
  static constexpr std::array<std::string_view, 6> names{"purpose_achieved", "consent_withdrawn", "retention_expired",
                                                          "unlawful",         "request",           "other"};
};

/// What an erasure erased: a person, or a household and all its persons.
enum class Erased : std::uint8_t { person, household };
template <>
struct enum_names<Erased> {
  static constexpr std::string_view type = "erased kind";
  static constexpr std::array<std::string_view, 2> names{"person", "household"};
};

/// Every erasure: when, why, what kind of row. No personal data, not even masked.
struct ErasureTable : Table<ErasureTable> {
  std::vector<Date> date;
  std::vector<ErasureReason> reason;
  std::vector<Erased> kind;
  static constexpr std::array<std::string_view, 3> column_names{"date", "reason", "kind"};
  static constexpr std::uint32_t table_since = 6;
  template <class S>
  static auto columns(S& s) { return std::tie(s.date, s.reason, s.kind); }
};

/// The persons whose data is kept but shown in no output (PIPL Art. 44: restriction), in id order.
struct RestrictedTable : Table<RestrictedTable> {
  std::vector<PersonId> person;
  static constexpr std::array<std::string_view, 1> column_names{"person"};
  static constexpr std::uint32_t table_since = 6;
  template <class S>
  static auto columns(S& s) { return std::tie(s.person); }
};

/// What a registry keeps about erasure and restriction, beside its tables (since file format 6),
/// and whether it is a shared copy (since 7).
struct Privacy {
  ErasureTable erasures;
  RestrictedTable restricted;
  SharingTable sharing;

  bool shared() const noexcept { return !sharing.empty(); }

  bool is_restricted(PersonId p) const noexcept {
    return std::binary_search(restricted.person.begin(), restricted.person.end(), p);
  }
  friend bool operator==(const Privacy& a, const Privacy& b) {
    return a.erasures.date == b.erasures.date && a.erasures.reason == b.erasures.reason &&
           a.erasures.kind == b.erasures.kind && a.restricted.person == b.restricted.person &&
           a.sharing.k == b.sharing.k && a.sharing.generalisation == b.sharing.generalisation;
  }
};

/// What an erased wish's text becomes: a wish must have a text, and this one names nobody.
inline constexpr std::string_view erased_text = "[erased]";
/// What a shared copy holds for free text that may not be left empty (a wish's text).
inline constexpr std::string_view withheld_text = "[withheld]";

}  // namespace shanhai
