// Currency: an ISO 4217 code. A registry has one (CNY unless given); its Money is counted in
// hundredths of that currency (fen for CNY, cents for USD).
#pragma once

#include <shanhai/error.hpp>

#include <algorithm>
#include <array>
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

  friend constexpr bool operator==(Currency, Currency) noexcept = default;

 private:
  std::array<char, 3> code_{'C', 'N', 'Y'};
};

}  // namespace shanhai
