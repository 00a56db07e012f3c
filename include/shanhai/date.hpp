// Date with the precision it was given: "2018", "2018-05" or "2018-05-03".
#pragma once

#include <shanhai/error.hpp>

#include <algorithm>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace shanhai {

enum class Precision : std::uint8_t { none, year, month, day };

class Date {
 public:
  constexpr Date() noexcept = default;  // no date

  /// Throws validation_error for an impossible date (month 13, 30 February, year 0).
  static Date ymd(int year, int month = 0, int day = 0);
  /// Reads "2018", "2018-05", "2018-05-03" (also with '/' or '.'); empty text is no date.
  static Date parse(std::string_view text);
  /// The packed form yyyymmdd, with 00 for a month or day not given.
  static Date from_packed(std::int32_t packed);

  constexpr int year() const noexcept { return packed_ / 10000; }
  constexpr int month() const noexcept { return packed_ / 100 % 100; }
  constexpr int day() const noexcept { return packed_ % 100; }
  constexpr std::int32_t packed() const noexcept { return packed_; }
  constexpr bool empty() const noexcept { return packed_ == 0; }
  constexpr Precision precision() const noexcept {
    return empty() ? Precision::none : day() ? Precision::day : month() ? Precision::month : Precision::year;
  }
  /// First and last day of the span the date names, as yyyymmdd.
  constexpr std::int32_t first_day() const noexcept {
    return packed_ + (month() ? 0 : 100) + (day() ? 0 : 1);
  }
  constexpr std::int32_t last_day() const noexcept {
    return day() ? packed_ : month() ? packed_ + days_in_month(year(), month()) : packed_ + 1231;
  }
  /// True when `other` can only be earlier than this date (its span ends before this one starts).
  constexpr bool surely_after(Date other) const noexcept {
    return !empty() && !other.empty() && other.last_day() < first_day();
  }

  /// Days from 1970-01-01 to the first day of the date's span (for spans of time between dates).
  constexpr std::int32_t day_number() const noexcept {
    // days from civil (H. Hinnant's algorithm): the year starts in March, so leap days come last
    const std::int32_t first = first_day();
    int y = first / 10000;
    const int m = first / 100 % 100, d = first % 100;
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  std::string str() const;

  friend constexpr auto operator<=>(Date, Date) noexcept = default;

  static constexpr int days_in_month(int year, int month) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
  }

 private:
  std::int32_t packed_ = 0;
};

inline Date Date::ymd(int year, int month, int day) {
  auto bad = [&](const char* why) {  // the message is made only for a bad date: this runs for every row loaded
    return validation_error("date " + std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day) +
                                why,
                            {.value = std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day),
                             .reason = std::string(reason::out_of_range)});
  };
  if (year < 1 || year > 9999) throw bad(": year must be 1..9999");
  if (month < 0 || month > 12) throw bad(": month must be 1..12");
  if (day != 0 && month == 0) throw bad(": a day needs a month");
  if (day < 0 || (month && day > days_in_month(year, month))) throw bad(": no such day in that month");
  Date d;
  d.packed_ = year * 10000 + month * 100 + day;
  return d;
}

inline Date Date::from_packed(std::int32_t packed) {
  if (packed == 0) return Date();
  if (packed < 0)
    throw validation_error("date " + std::to_string(packed) + " is not a packed yyyymmdd",
                           {.value = std::to_string(packed), .reason = std::string(reason::out_of_range)});
  return ymd(packed / 10000, packed / 100 % 100, packed % 100);
}

inline Date Date::parse(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return Date();
  int parts[3] = {0, 0, 0};
  int widths[3] = {0, 0, 0};
  int n = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (++widths[n] > 4) break;
      parts[n] = parts[n] * 10 + (c - '0');
    } else if ((c == '-' || c == '/' || c == '.') && n < 2 && widths[n] > 0) {
      ++n;
    } else {
      widths[0] = 0;  // mark as unreadable
      break;
    }
  }
  const bool readable = widths[0] == 4 && widths[n] > 0 && (n < 1 || widths[1] <= 2) && (n < 2 || widths[2] <= 2);
  if (!readable)
    throw format_error("cannot read " + quoted(text) + " as a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
  if ((n >= 1 && parts[1] == 0) || (n >= 2 && parts[2] == 0))
    throw validation_error("date '" + std::string(text) + "': month and day count from 1; leave out what is not known",
                           {.value = std::string(s), .reason = std::string(reason::out_of_range)});
  return ymd(parts[0], parts[1], parts[2]);
}

inline std::string Date::str() const {
  if (empty()) return "";
  auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  std::string s = std::to_string(year());
  s.insert(0, 4 - std::min<std::size_t>(4, s.size()), '0');
  if (month()) s += "-" + two(month());
  if (day()) s += "-" + two(day());
  return s;
}

}  // namespace shanhai
