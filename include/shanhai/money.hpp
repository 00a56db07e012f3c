// Money: an exact count of fen (0.01 CNY) in an int64. No binary float ever touches it.
#pragma once

#include <shanhai/error.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace shanhai {

class Money {
 public:
  constexpr Money() noexcept = default;

  static constexpr Money from_fen(std::int64_t fen) noexcept { return Money(fen); }

  /// Reads "34万", "2210.2万元", "9.65亿", "1,234.56元", "1234.56" (yuan) exactly.
  /// Junk throws format_error; a value finer than a fen or beyond int64 throws validation_error.
  static Money parse(std::string_view text);

  constexpr std::int64_t fen() const noexcept { return fen_; }

  friend constexpr auto operator<=>(Money, Money) noexcept = default;

  friend Money operator+(Money a, Money b) {
    std::int64_t r;
    if (__builtin_add_overflow(a.fen_, b.fen_, &r)) overflow();
    return Money(r);
  }
  friend Money operator-(Money a, Money b) {
    std::int64_t r;
    if (__builtin_sub_overflow(a.fen_, b.fen_, &r)) overflow();
    return Money(r);
  }
  Money operator-() const { return Money() - *this; }
  Money& operator+=(Money b) { return *this = *this + b; }
  Money& operator-=(Money b) { return *this = *this - b; }

  /// Yuan with two decimals and no grouping: "9840000.00".
  std::string yuan() const;
  /// 万元, exact, trailing zeros dropped: "984", "2210.2", "0.000001".
  std::string wan() const;

 private:
  constexpr explicit Money(std::int64_t fen) noexcept : fen_(fen) {}
  [[noreturn]] static void overflow() {
    throw validation_error("money overflow: beyond ±92,233,720,368,547,758.07 yuan", {.reason = std::string(reason::overflow)});
  }

  std::int64_t fen_ = 0;
};

namespace detail {

// Writes |v| / 10^scale as a decimal with exactly `scale` fraction digits.
inline std::string fixed_decimal(std::int64_t v, int scale) {
  const bool negative = v < 0;
  // unsigned arithmetic so that INT64_MIN has a magnitude
  std::uint64_t m = negative ? std::uint64_t(0) - std::uint64_t(v) : std::uint64_t(v);
  std::string digits = std::to_string(m);
  if (digits.size() <= std::size_t(scale)) digits.insert(0, std::size_t(scale) + 1 - digits.size(), '0');
  if (scale > 0) digits.insert(digits.size() - std::size_t(scale), 1, '.');
  return negative ? "-" + digits : digits;
}

}  // namespace detail

inline std::string Money::yuan() const { return detail::fixed_decimal(fen_, 2); }

inline std::string Money::wan() const {
  std::string s = detail::fixed_decimal(fen_, 6);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

inline Money Money::parse(std::string_view text) {
  auto junk = [&](const char* why) -> format_error {
    return format_error("cannot read " + quoted(text) + " as money: " + why);
  };
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  std::string_view s = trim(text);
  if (s.empty()) throw junk("it is empty");

  // unit suffix: fen per unit = 10^exponent
  int exponent = 2;
  auto strip = [&s](std::string_view suffix) {
    if (s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s.remove_suffix(suffix.size());
      return true;
    }
    return false;
  };
  strip("元");
  if (strip("万")) exponent = 6;
  else if (strip("亿")) exponent = 10;
  s = trim(s);

  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  const auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty()) throw junk("expected digits before the decimal point");
  if (dot != std::string_view::npos && fraction.empty()) throw junk("expected digits after the decimal point");

  // thousands separators: groups of exactly three digits after the first
  std::string grouped;  // the digits without separators, when there are any
  std::string_view digits = whole;
  if (whole.find(',') != std::string_view::npos) {
    std::size_t group = 0;
    bool first = true;
    for (char c : whole) {
      if (c == ',') {
        if (group == 0 || (first && group > 3) || (!first && group != 3)) throw junk("misplaced thousands separator");
        first = false;
        group = 0;
      } else {
        grouped += c;
        ++group;
      }
    }
    if (group != 3) throw junk("misplaced thousands separator");
    digits = grouped;
  }
  for (char c : digits)
    if (c < '0' || c > '9') throw junk("expected a number with an optional 元, 万 or 亿");
  for (char c : fraction)
    if (c < '0' || c > '9') throw junk("expected a number with an optional 元, 万 or 亿");

  // a fraction finer than a fen is refused, unless the extra digits are zeros
  while (fraction.size() > std::size_t(exponent) && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > std::size_t(exponent))
    throw validation_error("money " + quoted(text) + " is finer than a fen (0.01 yuan); it is never rounded",
                           {.reason = std::string(reason::too_fine)});

  auto too_large = [&] {
    return validation_error("money " + quoted(text) + " is too large (beyond ±92,233,720,368,547,758.07 yuan)",
                            {.reason = std::string(reason::overflow)});
  };
  // the magnitude in unsigned arithmetic: the most negative int64 has no positive twin
  const std::uint64_t limit = negative ? std::uint64_t(1) << 63 : (std::uint64_t(1) << 63) - 1;
  std::uint64_t value = 0;
  auto push_digit = [&](char c) {
    const auto d = std::uint64_t(c - '0');
    if (value > (limit - d) / 10) throw too_large();
    value = value * 10 + d;
  };
  for (char c : digits) push_digit(c);
  for (char c : fraction) push_digit(c);
  for (std::size_t i = fraction.size(); i < std::size_t(exponent); ++i) push_digit('0');
  return Money(negative ? std::int64_t(0 - value) : std::int64_t(value));
}

}  // namespace shanhai
