// The figures of labour records (劳务协作): the whole of those who found work, and where they went
// and of which status, each counted once. A record with part_of breaks down its whole: the whole
// counts, and a breakdown says only what its whole leaves unsaid ("494 found work, of whom 210
// locally" is 494 employed, 210 of them locally).
#pragma once

#include <shanhai/registry.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace shanhai {

struct LabourFigures {
  bool any = false;        // a record in scope
  std::int64_t employed = 0;  // the wholes
  // transferred to the partner, to the east (partner included), employed locally, elsewhere
  std::array<std::int64_t, 4> destination{};
  std::array<bool, 4> destination_reported{};
  std::array<bool, 4> destination_at_least{};  // a term is a lower bound (see labour_figures)
  // by LabourStatus (0: unspecified, never reported on its own)
  std::array<std::int64_t, enum_count<LabourStatus>> status{};
  std::array<bool, enum_count<LabourStatus>> status_reported{};
  std::array<bool, enum_count<LabourStatus>> status_at_least{};
};

/// The labour figures of the records whose wholes `in_scope(row)` takes (a breakdown goes with
/// its whole). A measure of a record is its own persons when it says so (its destination, its
/// status), else what its breakdowns say. A breakdown narrower than its whole in the other
/// dimension gives a lower bound: "494 found work, of whom 260 poor workers went east" says at
/// least 260 went east (others may have too) and at least 260 are poor (others may have stayed).
template <class InScope>
LabourFigures labour_figures(const Registry& reg, InScope&& in_scope) {
  const LabourTable& t = reg.labour();
  const std::size_t n = t.size();
  LabourFigures out;
  if (n == 0) return out;
  constexpr std::size_t measures = 4 + enum_count<LabourStatus>;
  using D = LabourDestination;
  auto says = [&](std::size_t i, std::size_t m) {
    const D d = t.destination[i];
    switch (m) {
      case 0: return d == D::partner;
      case 1: return d == D::partner || d == D::east;
      case 2: return d == D::local;
      case 3: return d == D::other;
      default: return m - 4 != 0 && std::size_t(t.status[i]) == m - 4;
    }
  };
  // bottom-up: a breakdown has a larger id than its whole, so a reverse pass sees it first
  std::vector<std::array<std::int64_t, measures>> value(n);
  std::vector<std::array<bool, measures>> found(n), bound(n);
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t m = 0; m < measures; ++m)
      if (says(i, m)) value[i][m] = t.persons[i], found[i][m] = true;
    if (const LabourId w = t.part_of[i])
      for (std::size_t m = 0; m < measures; ++m) {
        if (says(w.value, m) || !found[i][m]) continue;
        // a destination of some of the whole's statuses, or a status of some of its destinations
        const bool narrower = m < 4 ? t.status[i] != t.status[w.value] : t.destination[i] != t.destination[w.value];
        value[w.value][m] += value[i][m];
        found[w.value][m] = true;
        bound[w.value][m] = bound[w.value][m] || bound[i][m] || narrower;
      }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (t.part_of[i] || !in_scope(i)) continue;
    out.any = true;
    out.employed += t.persons[i];
    for (std::size_t m = 0; m < 4; ++m) {
      out.destination[m] += value[i][m];
      out.destination_reported[m] = out.destination_reported[m] || found[i][m];
      out.destination_at_least[m] = out.destination_at_least[m] || bound[i][m];
    }
    for (std::size_t m = 4; m < measures; ++m) {
      out.status[m - 4] += value[i][m];
      out.status_reported[m - 4] = out.status_reported[m - 4] || found[i][m];
      out.status_at_least[m - 4] = out.status_at_least[m - 4] || bound[i][m];
    }
  }
  return out;
}

}  // namespace shanhai
