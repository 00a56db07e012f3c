// Text checks: a registry holds only text that every format it writes can hold unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shanhai::detail {

/// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
inline bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (n < 0 || i + std::size_t(n) >= s.size()) return false;
    std::uint32_t cp = n == 0 ? c : n == 1 ? c & 0x1Fu : n == 2 ? c & 0x0Fu : c & 0x07u;
    for (int k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + std::size_t(k)]);
      if ((d >> 6) != 0x2) return false;
      cp = cp << 6 | (d & 0x3Fu);
    }
    constexpr std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += std::size_t(n) + 1;
  }
  return true;
}

/// The first character of well-formed UTF-8 `s` that XML 1.0 forbids (a control character other
/// than tab, line feed and carriage return; U+FFFE; U+FFFF), or -1 when there is none. The XML
/// archive, the spreadsheets and IATI are XML: a text holding one could be saved but not read.
inline std::int32_t xml_forbidden(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return c;
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE)
      return 0xFFFE | (static_cast<unsigned char>(s[i + 2]) & 1);
  }
  return -1;
}

}  // namespace shanhai::detail
