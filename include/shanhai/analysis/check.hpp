// Diagnostics: what an auditor should look at before trusting the figures.
#pragma once

#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/detail/registry_class.hpp>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace shanhai {

enum class Severity : std::uint8_t { info, warning, error };
template <>
struct enum_names<Severity> {
  static constexpr std::string_view type = "severity";
  static constexpr std::array<std::string_view, 3> names{"info", "warning", "error"};
};

/// A row a finding is about: its table ("flows", "wishes", ...) and id.
struct Ref {
  std::string_view table;
  std::uint32_t id = 0;
};

struct Finding {
  Severity severity = Severity::info;
  std::string code;  // stable, for filtering: "unexplained_remainder", "expectation_gap", ...
  std::string message;
  std::vector<Ref> refs;
  Money expected{}, actual{};  // for expectation_gap
};

struct CheckOptions {
  /// Wishes still open whose submission is surely before this date are reported (none: not checked).
  Date open_wishes_before{};
};

namespace detail {

inline Ref ref_of(Node n) {
  switch (n.kind) {
    case NodeKind::partner: return {"partners", n.id};
    case NodeKind::project: return {"projects", n.id};
    case NodeKind::household: return {"households", n.id};
    default: return {"flows", n.id};
  }
}

}  // namespace detail

inline std::vector<Finding> Registry::check(const CheckOptions& options) const {
  std::vector<Finding> out;
  auto add = [&out](Severity s, std::string code, std::string message, std::vector<Ref> refs) {
    out.push_back({s, std::move(code), std::move(message), std::move(refs), Money(), Money()});
  };
  auto flow_name = [](std::size_t i) { return "flow " + std::to_string(i); };
  const FlowTable& f = t_.flows;

  // chains: rebuilt from the table, so that data that bypassed insertion is checked too
  std::vector<Money> children(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    const FlowId p = f.parent[i];
    if (!p) continue;
    if (p.value >= i) {
      add(Severity::error, p.value == i ? "cyclic_chain" : "broken_chain",
          flow_name(i) + " names flow " + std::to_string(p.value) + " as its parent, which does not come before it",
          {{"flows", std::uint32_t(i)}});
      continue;
    }
    children[p.value] += f.amount[i];
    if (p && f.date[p.value].surely_after(f.date[i]))
      add(Severity::warning, "child_before_parent",
          flow_name(i) + " is dated " + f.date[i].str() + ", before its parent flow " + std::to_string(p.value) +
              " (" + f.date[p.value].str() + ")",
          {{"flows", std::uint32_t(i)}, {"flows", p.value}});
  }
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (children[i] > f.amount[i])
      add(Severity::error, "over_allocated",
          flow_name(i) + " has children of " + children[i].yuan() + " yuan, more than its " + f.amount[i].yuan(),
          {{"flows", std::uint32_t(i)}});
    else if (flow_index_.parts[i] > Money() && flow_index_.parts[i] < f.amount[i])
      add(Severity::info, "unexplained_remainder",
          flow_name(i) + " (" + f.amount[i].wan() + "万) lists parts of " + flow_index_.parts[i].wan() + "万; " +
              (f.amount[i] - flow_index_.parts[i]).wan() + "万 is not explained",
          {{"flows", std::uint32_t(i)}});
  }

  // pairings across the sides, households reached from within their own region
  const auto& pr = t_.pairings;
  for (std::size_t i = 0; i < pr.size(); ++i) {
    const Side a = side_of(pr.a[i]), b = side_of(pr.b[i]);
    if (pr.kind[i] != PairingKind::other && a == b)
      add(Severity::warning, "pairing_within_side",
          "pairing " + std::to_string(i) + " (" + std::string(to_string(pr.kind[i])) + ") joins two partners of the " +
              std::string(a == Side::unspecified ? "same unspecified" : to_string(a)) + " side",
          {{"pairings", std::uint32_t(i)}, detail::ref_of(pr.a[i]), detail::ref_of(pr.b[i])});
  }
  for (std::size_t i = 0; i < pr.size(); ++i)
    if (pr.since[i].empty())
      add(Severity::info, "undated_pairing",
          "pairing " + std::to_string(i) + " (" + std::string(to_string(pr.kind[i])) +
              ") has no start date: it counts in every year up to its end",
          {{"pairings", std::uint32_t(i)}});
  auto related = [&](Node n, PartnerId village) {
    const PartnerId place = place_of(n);
    return !place || within(place, village) || within(village, place);
  };
  const auto& h = t_.households;
  for (std::size_t i = 0; i < pr.size(); ++i)
    for (auto [mine, other] : {std::pair{pr.a[i], pr.b[i]}, std::pair{pr.b[i], pr.a[i]}})
      if (mine.kind == NodeKind::household && side_of(other) == side_of(mine) &&
          !related(other, h.village[mine.id]))
        add(Severity::warning, "outside_boundary",
            "household " + std::to_string(mine.id) + " is paired with a partner outside its village's region",
            {{"pairings", std::uint32_t(i)}, detail::ref_of(mine)});
  const auto& b = t_.benefits;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const HouseholdId who = b.beneficiary[i];
    if (who && side_of(b.via[i]) == side_of(who) && !related(b.via[i], h.village[who.value]))
      add(Severity::warning, "outside_boundary",
          "benefit " + std::to_string(i) + " reaches household " + std::to_string(who.value) +
              " from outside its village's region",
          {{"benefits", std::uint32_t(i)}, {"households", who.value}});
  }
  for (std::size_t i = 0; i < f.size(); ++i)
    if (f.target[i].kind == NodeKind::household && side_of(f.source[i]) == side_of(f.target[i]) &&
        !related(f.source[i], h.village[f.target[i].id]))
      add(Severity::warning, "outside_boundary",
          flow_name(i) + " reaches household " + std::to_string(f.target[i].id) + " from outside its village's region",
          {{"flows", std::uint32_t(i)}, {"households", f.target[i].id}});

  // wishes nobody claimed in time
  const auto& w = t_.wishes;
  if (!options.open_wishes_before.empty())
    for (std::size_t i = 0; i < w.size(); ++i)
      if (w.state[i] == WishState::open && options.open_wishes_before.surely_after(w.date[i]))
        add(Severity::warning, "wish_open",
            "wish " + std::to_string(i) + " of " + (w.date[i].empty() ? "no date" : w.date[i].str()) +
                " is still open on " + options.open_wishes_before.str(),
            {{"wishes", std::uint32_t(i)}, {"households", w.household[i].value}});

  // a workshop's employment benefits beside its employment records: the records count, so the
  // benefits should say the same (per year)
  std::map<std::pair<std::uint32_t, int>, std::int64_t> benefit_jobs;
  for (std::size_t i = 0; i < t_.benefits.size(); ++i)
    if (t_.benefits.kind[i] == BenefitKind::employment && t_.benefits.via[i].kind == NodeKind::project)
      benefit_jobs[{t_.benefits.via[i].id, t_.benefits.date[i].year()}] += t_.benefits.persons[i];
  std::set<int> years;
  for (Date m : t_.employment.month) years.insert(m.year());
  for (int year : years)
    for (const WorkshopYear& ws : workshop_figures(*this, year)) {
      const auto it = benefit_jobs.find({ws.workshop.value, year});
      if (it != benefit_jobs.end() && it->second != ws.workers)
        add(Severity::warning, "employment_mismatch",
            "workshop '" + std::string(t_.projects.name[ws.workshop.value]) + "' employed " + std::to_string(ws.workers) +
                " workers in " + std::to_string(year) + " by its employment records, but its benefits say " +
                std::to_string(it->second) + " (the report counts the records)",
            {{"projects", ws.workshop.value}});
    }

  // published figures
  const auto& e = t_.expectations;
  for (std::size_t i = 0; i < e.size(); ++i) {
    const Money actual = totals(scope_of(e, i)).total();
    if (actual == e.amount[i]) continue;
    Finding gap{Severity::error,
                "expectation_gap",
                "published figure " + std::to_string(i) + " (" + e.amount[i].wan() + "万" +
                    (e.citation[i].empty() ? "" : ", " + std::string(e.citation[i])) + ") does not hold: the registry counts " +
                    actual.wan() + "万, a difference of " + (actual - e.amount[i]).wan() + "万",
                {{"expectations", std::uint32_t(i)}},
                e.amount[i],
                actual};
    out.push_back(std::move(gap));
  }
  return out;
}

}  // namespace shanhai
