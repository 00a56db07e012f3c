// Work over a range of rows on every core, where the range is long enough to pay for threads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace shanhai::detail {

/// Below this many rows one thread does it all: starting threads costs more than it saves.
inline constexpr std::size_t rows_per_thread = std::size_t(1) << 18;

/// How many pieces `in_parallel` cuts n rows into: one per core, at most one per rows_per_thread.
inline std::size_t pieces_for(std::size_t n) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(n / rows_per_thread, 1, cores);
}

/// One piece's own running state, alone on its cache line: cores do not write to one line.
template <class T>
struct alignas(64) Padded {
  T value;
};

/// Calls work(piece, begin, end) for consecutive pieces of [0, n), the last on this thread, and
/// returns when all are done; the first exception thrown in any piece is thrown here.
template <class Work>
void in_parallel(std::size_t n, Work&& work) {
  const std::size_t pieces = pieces_for(n);
  std::vector<std::exception_ptr> failed(pieces);
  auto run = [&](std::size_t k) {
    try {
      work(k, n * k / pieces, n * (k + 1) / pieces);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> threads;
    for (std::size_t k = 0; k + 1 < pieces; ++k) threads.emplace_back(run, k);
    run(pieces - 1);
  }  // jthreads join here
  for (auto& e : failed)
    if (e) std::rethrow_exception(e);
}

}  // namespace shanhai::detail
