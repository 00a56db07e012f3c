// Currency: an ISO 4217 code. A registry has one (CNY unless given), and each flow one (the
// registry's unless given); Money is counted in hundredths of its currency (fen, cents).
#pragma once

#include <shanhai/error.hpp>

#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace shanhai {

namespace detail {
// The ISO 4217 codes (list one of the standard, with the fund and metal codes), sorted.
inline constexpr std::string_view currency_codes[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF",
    "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
    "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR",
    "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP",
    "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
    "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF",
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA",
    "XXX", "YER", "ZAR", "ZMW", "ZWG", "ZWL"};
static_assert(std::ranges::is_sorted(currency_codes));
}  // namespace detail

class Currency {
 public:
  /// CNY.
  constexpr Currency() noexcept = default;
  /// An ISO 4217 code such as "USD"; anything else (lower case, an unknown code) throws validation_error.
  explicit Currency(std::string_view code, std::string_view field = "currency") {
    if (!std::ranges::binary_search(detail::currency_codes, code))
      throw validation_error(std::string(field) + ": " + quoted(code) + " is not an ISO 4217 currency code (such as CNY, USD)",
                             where(field, reason::unknown_value, code.size() <= 40 ? std::string(code) : std::string()));
    std::ranges::copy(code, code_.begin());
  }

  std::string_view code() const noexcept { return {code_.data(), code_.size()}; }
  bool is_cny() const noexcept { return *this == Currency(); }

  /// As one number, its three letters' bytes ("USD": 0x555344), and back: a file or a totals key
  /// holds it so. A number that is no code throws validation_error naming `field`.
  constexpr std::uint32_t packed() const noexcept {
    return std::uint32_t(std::uint8_t(code_[0])) << 16 | std::uint32_t(std::uint8_t(code_[1])) << 8 |
           std::uint32_t(std::uint8_t(code_[2]));
  }
  static Currency from_packed(std::uint64_t packed, std::string_view field = "currency") {
    const char code[3] = {char(packed >> 16 & 0xFF), char(packed >> 8 & 0xFF), char(packed & 0xFF)};
    if (packed > 0xFFFFFF)
      throw validation_error(std::string(field) + ": " + std::to_string(packed) + " is no currency code",
                             where(field, reason::out_of_range, std::to_string(packed)));
    return Currency(std::string_view(code, 3), field);
  }

  friend constexpr bool operator==(Currency, Currency) noexcept = default;
  friend constexpr auto operator<=>(Currency a, Currency b) noexcept { return a.packed() <=> b.packed(); }

 private:
  std::array<char, 3> code_{'C', 'N', 'Y'};
};

}  // namespace shanhai
