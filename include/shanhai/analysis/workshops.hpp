// What each workshop (扶贫车间) did in a year, from its employment records: workers, poor
// workers, wages and months worked, each person once.
#pragma once

#include <shanhai/registry.hpp>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace shanhai {

struct WorkshopYear {
  ProjectId workshop;
  /// Distinct named workers, or the largest aggregate headcount if that is larger (an aggregate
  /// may include the named workers; a headcount taken every month is not summed over months).
  std::int64_t workers = 0;
  std::int64_t poor = 0;          // of them, from poor households (named: by status in the month)
  std::int64_t unclassified = 0;  // of them, not known to be poor or not (an aggregate without it)
  Money wages;                    // every record's wage
  std::int64_t months = 0;        // months worked by named workers
};

namespace detail {
// A worker from a household that is neither marginal nor in sudden hardship is a poor worker:
// the registry holds poor and exited households, and monitored ones that had been poor.
inline bool poor_status(HouseholdStatus s) {
  return s != HouseholdStatus::marginal && s != HouseholdStatus::hardship;
}
}  // namespace detail

/// One row per workshop with employment records in `year` (0: every year), by workshop id.
inline std::vector<WorkshopYear> workshops(const Registry& reg, int year) {
  const EmploymentTable& t = reg.employment();
  // worker key: (person, household, worker text); an aggregate has none of them
  using Worker = std::tuple<std::uint32_t, std::uint32_t, std::string>;
  struct Acc {
    std::map<Worker, bool> named;  // → poor in some month of the year
    std::set<std::pair<Worker, std::int32_t>> months;
    std::int64_t headcount = 0, headcount_poor = -1;
    Money wages;
  };
  std::map<std::uint32_t, Acc> by_workshop;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (year != 0 && t.month[i].year() != year) continue;
    Acc& a = by_workshop[t.workshop[i].value];
    a.wages += t.wage[i];
    const HouseholdId h = t.household[i];
    if (h || !t.worker[i].empty()) {
      const Worker w{t.person[i].value, h.value, t.worker[i]};
      bool& poor = a.named[w];
      poor = poor || (h && detail::poor_status(reg.status_of(h, t.month[i])));
      a.months.insert({w, t.month[i].precision() == Precision::month ? t.month[i].packed() / 100 : 0});
    } else if (t.workers[i] > a.headcount) {
      a.headcount = t.workers[i];
      a.headcount_poor = t.poor[i];
    }
  }
  std::vector<WorkshopYear> out;
  for (const auto& [id, a] : by_workshop) {
    WorkshopYear w;
    w.workshop = ProjectId(id);
    const auto named = std::int64_t(a.named.size());
    if (a.headcount > named) {
      w.workers = a.headcount;
      (a.headcount_poor < 0 ? w.unclassified : w.poor) = a.headcount_poor < 0 ? a.headcount : a.headcount_poor;
    } else {
      w.workers = named;
      for (const auto& [worker, poor] : a.named) w.poor += poor;
    }
    w.wages = a.wages;
    for (const auto& [worker, month] : a.months) w.months += month != 0;
    out.push_back(w);
  }
  return out;
}

}  // namespace shanhai
