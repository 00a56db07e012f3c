// Bulk insertion's column passes beyond households and flows: set_status's checks over a whole
// batch of status changes (a national history is tens of millions of them, too many for the
// row-by-row path). Included by registry.hpp.
#pragma once

#include <shanhai/registry.hpp>

namespace shanhai {

// set_status's checks, over the rows of `in` just appended at `base`: returns how many pass (the
// first of them), with the history's index made for them as set_status makes it. The first row
// that fails is left to set_status, for its exact error. Cannot throw: the index has room.
inline std::size_t Registry::check_appended(const StatusChangeTable& in, std::size_t base) {
  const std::vector<Date>& dates = t_.status_changes.date;  // the earlier changes, and these from `base`
  const std::size_t households = t_.households.size();
  const std::size_t clean = first_unclean(in.note);
  previous_status_.resize(base + clean);
  std::size_t i = 0;
  for (; i < clean; ++i) {
    const std::uint32_t h = in.household[i].value;
    const Date date = in.date[i];
    if (h >= households || date.empty()) break;
    const StatusChangeId before = latest_status_[h];
    if (before && dates[before.value].surely_after(date)) break;
    previous_status_[base + i] = before;
    latest_status_[h] = StatusChangeId(std::uint32_t(base + i));
  }
  previous_status_.resize(base + i);
  return i;
}

}  // namespace shanhai
