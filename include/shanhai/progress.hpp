// Progress of long calls (loading, bulk ingest, the synthetic data set): a callback told what the
// call is doing and how many of its rows are done. It may throw to stop the call, which then
// changes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace shanhai {

using Progress = std::function<void(std::string_view what, std::uint64_t done, std::uint64_t total)>;

/// Calls a Progress about a hundred times over `total` steps (never for every row: a call into
/// Python costs far more than a row), then once at the end.
class ProgressTicker {
 public:
  ProgressTicker(const Progress& progress, std::string_view what, std::uint64_t total)
      : progress_(progress), what_(what), total_(total), step_(total / 100 + 1) {
    if (progress_) progress_(what_, 0, total_);
  }
  void operator()(std::uint64_t done) {
    if (progress_ && done >= next_) {
      next_ = done + step_;
      progress_(what_, done, total_);
    }
  }
  void finish() {
    if (progress_ && total_ != 0) progress_(what_, total_, total_);
  }

 private:
  const Progress& progress_;
  std::string_view what_;
  std::uint64_t total_, step_, next_ = 1;
};

}  // namespace shanhai
