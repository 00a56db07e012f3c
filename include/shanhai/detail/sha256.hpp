// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), the keyed hash behind pseudonyms. Own code:
// the library links nothing but Boost.Serialization, and a pseudonym needs no more than this.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shanhai::detail {

using Digest = std::array<unsigned char, 32>;

class Sha256 {
 public:
  Sha256() noexcept { reset(); }

  void reset() noexcept {
    h_ = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    used_ = 0;
    length_ = 0;
  }

  Sha256& update(std::string_view data) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    length_ += n;
    if (used_ > 0) {  // fill the pending block first
      while (n > 0 && used_ < 64) block_[used_++] = *p++, --n;
      if (used_ < 64) return *this;
      compress(block_.data());
      used_ = 0;
    }
    for (; n >= 64; n -= 64, p += 64) compress(p);
    while (n > 0) block_[used_++] = *p++, --n;
    return *this;
  }

  Digest finish() noexcept {
    const std::uint64_t bits = length_ * 8;
    block_[used_++] = 0x80;
    if (used_ > 56) {
      while (used_ < 64) block_[used_++] = 0;
      compress(block_.data());
      used_ = 0;
    }
    while (used_ < 56) block_[used_++] = 0;
    for (int i = 7; i >= 0; --i) block_[used_++] = static_cast<unsigned char>(bits >> (8 * i));
    compress(block_.data());
    Digest out{};
    for (std::size_t i = 0; i < 8; ++i)
      for (std::size_t k = 0; k < 4; ++k) out[4 * i + k] = static_cast<unsigned char>(h_[i] >> (24 - 8 * k));
    reset();
    return out;
  }

 private:
  static constexpr std::uint32_t rotr(std::uint32_t x, int n) noexcept { return (x >> n) | (x << (32 - n)); }

  void compress(const unsigned char* p) noexcept {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
        0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
        0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
        0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
        0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
        0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
        0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
        0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u};
    std::uint32_t w[64];
    for (std::size_t i = 0; i < 16; ++i)
      w[i] = std::uint32_t(p[4 * i]) << 24 | std::uint32_t(p[4 * i + 1]) << 16 | std::uint32_t(p[4 * i + 2]) << 8 |
             std::uint32_t(p[4 * i + 3]);
    for (std::size_t i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
    for (std::size_t i = 0; i < 64; ++i) {
      const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g, h_[7] += h;
  }

  std::array<std::uint32_t, 8> h_{};
  std::array<unsigned char, 64> block_{};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;
};

inline Digest sha256(std::string_view data) noexcept { return Sha256().update(data).finish(); }

/// HMAC-SHA256 with the key's inner and outer states computed once, for many messages under one
/// key (a million pseudonyms pay for the key's two blocks once, not a million times).
class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key) noexcept {
    std::array<unsigned char, 64> k{};
    if (key.size() > 64) {
      const Digest d = sha256(key);
      for (std::size_t i = 0; i < d.size(); ++i) k[i] = d[i];
    } else {
      for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
    }
    std::array<char, 64> ipad{}, opad{};
    for (std::size_t i = 0; i < 64; ++i) {
      ipad[i] = static_cast<char>(k[i] ^ 0x36);
      opad[i] = static_cast<char>(k[i] ^ 0x5c);
    }
    inner_.update({ipad.data(), ipad.size()});
    outer_.update({opad.data(), opad.size()});
  }

  /// The MAC of the message given in parts (their concatenation).
  template <class... Parts>
  Digest operator()(const Parts&... parts) const noexcept {
    Sha256 in = inner_;
    (in.update(std::string_view(parts)), ...);
    const Digest d = in.finish();
    Sha256 out = outer_;
    return out.update({reinterpret_cast<const char*>(d.data()), d.size()}).finish();
  }

 private:
  Sha256 inner_, outer_;
};

}  // namespace shanhai::detail
