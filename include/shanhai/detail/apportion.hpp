// Exact shares by largest remainder: parts that add up to the whole, to the fen.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace shanhai::detail {

__extension__ typedef __int128 int128;  // exact products of two int64

/// Splits `total` (fen, >= 0) in proportion to `weights` (>= 0, not all zero): each share is the
/// floor of its exact value, and the fen left over go one each to the largest remainders (ties
/// to the earlier weight). The shares always add up to exactly `total`.
inline std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> shares(weights.size());
  int128 sum = 0;
  for (auto w : weights) sum += w;
  if (sum <= 0 || total == 0) return shares;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const int128 exact = int128(total) * weights[i];
    shares[i] = static_cast<std::int64_t>(exact / sum);
    given += shares[i];
  }
  std::int64_t left = total - given;  // fewer than weights.size()
  if (left == 0) return shares;
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  auto rem = [&](std::size_t i) { return int128(total) * weights[i] % sum; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rem(a) > rem(b); });
  for (std::size_t k = 0; left > 0; ++k, --left) ++shares[order[k]];
  return shares;
}

}  // namespace shanhai::detail
