// CRC-32C (Castagnoli), the checksum of the file envelope.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shanhai::detail {

inline constexpr std::array<std::array<std::uint32_t, 256>, 8> crc32c_tables = [] {
  std::array<std::array<std::uint32_t, 256>, 8> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t s = 1; s < 8; ++s)
    for (std::size_t i = 0; i < 256; ++i) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
  return t;
}();

/// CRC-32C by tables (slicing by eight: about a byte per cycle), on any machine.
inline std::uint32_t crc32c_portable(std::string_view data, std::uint32_t crc = 0) noexcept {
  const auto& t = crc32c_tables;
  crc = ~crc;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  for (; n >= 8; n -= 8, p += 8) {
    const std::uint32_t lo = crc ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                                    std::uint32_t(p[3]) << 24);
    crc = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^ t[3][p[4]] ^
          t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
  }
  for (; n > 0; --n, ++p) crc = (crc >> 8) ^ t[0][(crc ^ *p) & 0xFF];
  return ~crc;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// CRC-32C by the processor's own instruction (SSE 4.2: eight bytes a step).
__attribute__((target("sse4.2"))) inline std::uint32_t crc32c_sse42(std::string_view data,
                                                                   std::uint32_t crc = 0) noexcept {
  std::uint64_t c = ~crc;
  const char* p = data.data();
  std::size_t n = data.size();
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t word;
    __builtin_memcpy(&word, p, 8);
    c = __builtin_ia32_crc32di(c, word);
  }
  auto c32 = std::uint32_t(c);
  for (; n > 0; --n, ++p) c32 = __builtin_ia32_crc32qi(c32, static_cast<unsigned char>(*p));
  return ~c32;
}
#endif

/// CRC-32C of `data`, continuing from `crc`: by instruction where the processor has one.
inline std::uint32_t crc32c(std::string_view data, std::uint32_t crc = 0) noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool sse42 = __builtin_cpu_supports("sse4.2");
  if (sse42) return crc32c_sse42(data, crc);
#endif
  return crc32c_portable(data, crc);
}

/// a·b modulo the CRC's polynomial, both written as the CRC writes them (bit 31 is x^0).
constexpr std::uint32_t crc32c_multiply(std::uint32_t a, std::uint32_t b) noexcept {
  std::uint32_t product = 0;
  for (std::uint32_t bit = 1u << 31; bit; bit >>= 1) {
    if (a & bit) product ^= b;
    b = b & 1 ? (b >> 1) ^ 0x82F63B78u : b >> 1;  // b·x
  }
  return product;
}

/// The CRC-32C of a then b, from the CRC of a and that of b (`b_size` bytes): a's CRC moved on
/// by b's length (times x^(8·b_size), by squaring) and added to b's. Pieces can then be summed
/// apart, on several cores.
constexpr std::uint32_t crc32c_combine(std::uint32_t crc_a, std::uint32_t crc_b, std::size_t b_size) noexcept {
  std::uint32_t shift = 1u << 31;  // x^0
  for (std::uint32_t power = 1u << 23; b_size; b_size >>= 1, power = crc32c_multiply(power, power))  // x^8, x^16, ...
    if (b_size & 1) shift = crc32c_multiply(power, shift);
  return crc32c_multiply(shift, crc_a) ^ crc_b;
}

}  // namespace shanhai::detail
