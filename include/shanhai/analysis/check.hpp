// Diagnostics: what an auditor should look at before trusting the figures.
#pragma once

#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/registry.hpp>

#include <map>
#include <optional>
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
  // for expectation_gap: the published figure and the registry's, money or a count
  Money expected{}, actual{};
  std::optional<std::int64_t> expected_count{}, actual_count{};
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

inline std::vector<Finding> check(const Registry& reg, const CheckOptions& options = {}) {
  const Tables& tables = reg.tables();
  const Registry::FlowIndex& chains = reg.flow_index();
  std::vector<Finding> out;
  auto add = [&out](Severity s, std::string code, std::string message, std::vector<Ref> refs) {
    out.push_back({s, std::move(code), std::move(message), std::move(refs), Money(), Money(), {}, {}});
  };
  auto flow_name = [](std::size_t i) { return "flow " + std::to_string(i); };
  const FlowTable& f = tables.flows;

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
    else if (chains.parts[i] > Money() && chains.parts[i] < f.amount[i])
      add(Severity::info, "unexplained_remainder",
          flow_name(i) + " (" + f.amount[i].wan() + "万) lists parts of " + chains.parts[i].wan() + "万; " +
              (f.amount[i] - chains.parts[i]).wan() + "万 is not explained",
          {{"flows", std::uint32_t(i)}});
  }

  // pairings across the sides, households reached from within their own region
  const auto& pr = tables.pairings;
  for (std::size_t i = 0; i < pr.size(); ++i) {
    const Side a = reg.side_of(pr.a[i]), b = reg.side_of(pr.b[i]);
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
  for (std::size_t i = 0; i < tables.projects.size(); ++i)
    if (tables.projects.bare(i))
      add(Severity::info, "unplaced_project",
          "project " + std::to_string(i) +
              " has no sector, place, implementer or dates: it is not counted in industry.projects",
          {{"projects", std::uint32_t(i)}});
  auto related = [&](Node n, PartnerId village) {
    const PartnerId place = reg.place_of(n);
    return !place || reg.within(place, village) || reg.within(village, place);
  };
  const auto& h = tables.households;
  for (std::size_t i = 0; i < pr.size(); ++i)
    for (auto [mine, other] : {std::pair{pr.a[i], pr.b[i]}, std::pair{pr.b[i], pr.a[i]}})
      if (mine.kind == NodeKind::household && reg.side_of(other) == reg.side_of(mine) &&
          !related(other, h.village[mine.id]))
        add(Severity::warning, "outside_boundary",
            "household " + std::to_string(mine.id) + " is paired with a partner outside its village's region",
            {{"pairings", std::uint32_t(i)}, detail::ref_of(mine)});
  const auto& b = tables.benefits;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const HouseholdId who = b.beneficiary[i];
    if (who && reg.side_of(b.via[i]) == reg.side_of(who) && !related(b.via[i], h.village[who.value]))
      add(Severity::warning, "outside_boundary",
          "benefit " + std::to_string(i) + " reaches household " + std::to_string(who.value) +
              " from outside its village's region",
          {{"benefits", std::uint32_t(i)}, {"households", who.value}});
  }
  for (std::size_t i = 0; i < f.size(); ++i)
    if (f.target[i].kind == NodeKind::household && reg.side_of(f.source[i]) == reg.side_of(f.target[i]) &&
        !related(f.source[i], h.village[f.target[i].id]))
      add(Severity::warning, "outside_boundary",
          flow_name(i) + " reaches household " + std::to_string(f.target[i].id) + " from outside its village's region",
          {{"flows", std::uint32_t(i)}, {"households", f.target[i].id}});

  // wishes nobody claimed in time
  const auto& w = tables.wishes;
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
  for (std::size_t i = 0; i < tables.benefits.size(); ++i)
    if (tables.benefits.kind[i] == BenefitKind::employment && tables.benefits.via[i].kind == NodeKind::project)
      benefit_jobs[{tables.benefits.via[i].id, tables.benefits.date[i].year()}] += tables.benefits.persons[i];
  std::set<int> years;
  for (Date m : tables.employment.month) years.insert(m.year());
  for (int year : years)
    for (const WorkshopYear& ws : workshops(reg, year)) {
      const auto it = benefit_jobs.find({ws.workshop.value, year});
      if (it != benefit_jobs.end() && it->second != ws.workers)
        add(Severity::warning, "employment_mismatch",
            "workshop '" + std::string(tables.projects.name[ws.workshop.value]) + "' employed " + std::to_string(ws.workers) +
                " workers in " + std::to_string(year) + " by its employment records, but its benefits say " +
                std::to_string(it->second) + " (the report counts the records)",
            {{"projects", ws.workshop.value}});
    }

  // breakdowns: parts beyond their whole mean one of them is wrong (people are counted once)
  auto exceeded = [&](const char* table, std::size_t whole, std::int64_t of_whole, std::int64_t in_parts,
                      const char* unit) {
    if (in_parts > of_whole)
      add(Severity::error, "figure_exceeded",
          std::string(table) + " " + std::to_string(whole) + " counts " + std::to_string(of_whole) + " " + unit +
              " but its parts count " + std::to_string(in_parts) + " (a part is inside its whole, never beside it)",
          {{table, std::uint32_t(whole)}});
  };
  {
    const auto& b = tables.benefits;
    std::map<std::uint32_t, std::pair<std::int64_t, std::int64_t>> parts;  // whole -> persons, households
    for (std::size_t i = 0; i < b.size(); ++i)
      if (const BenefitId w = b.part_of[i]) parts[w.value].first += b.persons[i], parts[w.value].second += b.households[i];
    for (const auto& [w, sums] : parts) {
      exceeded("benefits", w, b.persons[w], sums.first, "persons");
      exceeded("benefits", w, b.households[w], sums.second, "households");
    }
    const auto& t = tables.trainings;
    std::map<std::uint32_t, std::int64_t> trainees;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (const TrainingId w = t.part_of[i]) trainees[w.value] += t.trainees[i];
    for (const auto& [w, sum] : trainees) exceeded("trainings", w, t.trainees[w], sum, "trainees");
    // a labour breakdown by destination (of the whole's status) and one by status are each
    // within the whole; together they may count a worker twice, as both say the same people
    const auto& l = tables.labour;
    std::map<std::uint32_t, std::pair<std::int64_t, std::int64_t>> workers;  // whole -> same status, other status
    for (std::size_t i = 0; i < l.size(); ++i)
      if (const LabourId w = l.part_of[i])
        (l.status[i] == l.status[w.value] ? workers[w.value].first : workers[w.value].second) += l.persons[i];
    for (const auto& [w, sums] : workers) {
      exceeded("labour", w, l.persons[w], sums.first, "persons");
      exceeded("labour", w, l.persons[w], sums.second, "persons");
    }
  }

  // figures as wholes: their parts within them, one figure for a key and scope
  if (!tables.figures.empty()) {
    const FigureTable& g = tables.figures;
    Figures figures = detail::resolved_figures(reg);
    auto shown = [](std::string_view key, std::int64_t v) {
      const IndicatorInfo* i = find_indicator(key);
      return i && i->unit == Unit::yuan ? Money::from_fen(v).wan() + "万" : std::to_string(v);
    };
    auto named = [&](std::uint32_t f) {
      std::string pair;
      for (PartnerId p : {g.east[f], g.west[f]})
        pair += (pair.empty() ? "partners " : "–") + (p ? std::to_string(p.value) : std::string("any"));
      return "figure " + std::to_string(f) + " (" + std::string(g.key[f]) + " " + std::to_string(g.year[f]) + ", " +
             pair + ": " + shown(g.key[f], g.value[f]) +
             (g.qualifier[f] == Qualifier::at_least ? " or more" : g.qualifier[f] == Qualifier::about ? ", about" : "") +
             ")";
    };
    // parts beyond a whole: a bound only when the figure was exact (or about, beyond 5%)
    auto beyond = [](Qualifier q, std::int64_t whole, std::int64_t parts) {
      return q == Qualifier::exact ? parts > whole : q == Qualifier::about && parts - whole > whole / 20;
    };
    for (const auto& [at, rows] : figures.standing()) {
      const std::uint32_t f = rows.back();
      std::vector<Ref> differing;
      for (std::uint32_t r : rows)
        if (g.value[r] != g.value[f] || g.qualifier[r] != g.qualifier[f]) differing.push_back({"figures", r});
      if (!differing.empty()) {
        differing.push_back({"figures", f});
        add(Severity::warning, "conflicting_figures",
            std::to_string(rows.size()) + " figures of " + at.first + " for one year and pair disagree; the later, " +
                named(f) + ", counts",
            std::move(differing));
      }
      const Counted parts = figures.parts(at.first, at.second);
      if (!parts.reported) continue;
      if (beyond(g.qualifier[f], g.value[f], parts.value))
        add(Severity::error, "figure_exceeded",
            named(f) + " holds records and narrower figures of " + shown(at.first, parts.value) +
                " (a part is inside its whole, never beside it)",
            {{"figures", f}});
      else if (g.qualifier[f] == Qualifier::exact && parts.value > 0 && parts.value < g.value[f])
        add(Severity::info, "unexplained_remainder",
            named(f) + " lists parts of " + shown(at.first, parts.value) + "; " +
                shown(at.first, g.value[f] - parts.value) + " is not explained",
            {{"figures", f}});
    }
    // details of one year and pair (part_of) beyond their whole; a narrower or part key's detail
    // is among the parts above already
    std::map<std::uint32_t, std::int64_t> details;
    for (std::uint32_t i = 0; i < g.size(); ++i)
      if (const FigureId w = g.part_of[i]; w && g.east[i] == g.east[w.value] && g.west[i] == g.west[w.value] &&
                                           (g.key[i] == g.key[w.value] || whole_key(g.key[i]) != g.key[w.value]))
        details[w.value] += g.value[i];
    for (const auto& [w, sum] : details)
      if (beyond(g.qualifier[w], g.value[w], sum))
        add(Severity::error, "figure_exceeded",
            named(w) + " has details of " + shown(g.key[w], sum) + " (a detail is inside its whole, never beside it)",
            {{"figures", w}});
  }

  // published figures: money totals of a scope, and report indicators of a year and pair
  const auto& e = tables.expectations;
  std::map<std::tuple<int, std::uint32_t, std::uint32_t>, Report> reports;
  auto qualified = [](Qualifier q) -> std::string {
    return q == Qualifier::at_least ? " or more" : q == Qualifier::about ? ", about," : "";
  };
  auto cited = [&](std::size_t i) { return e.citation[i].empty() ? std::string() : ", " + std::string(e.citation[i]); };
  for (std::size_t i = 0; i < e.size(); ++i) {
    const Ref ref{"expectations", std::uint32_t(i)};
    if (e.key[i].empty()) {
      const Money actual = totals(reg, scope_of(e, i)).total();
      if (figure_holds(e.qualifier[i], e.amount[i].fen(), actual.fen())) continue;
      out.push_back({Severity::error, "expectation_gap",
                     "published figure " + std::to_string(i) + " (" + e.amount[i].wan() + "万" + qualified(e.qualifier[i]) +
                         cited(i) + ") does not hold: the registry counts " + actual.wan() + "万, a difference of " +
                         (actual - e.amount[i]).wan() + "万",
                     {ref}, e.amount[i], actual, {}, {}});
      continue;
    }
    const auto scope = std::tuple{int(e.year[i]), e.east[i].value, e.west[i].value};
    auto it = reports.find(scope);
    if (it == reports.end()) it = reports.emplace(scope, report(reg, {e.year[i], e.east[i], e.west[i]})).first;
    const Indicator& ind = it->second.at(e.key[i]);
    const bool money = ind.unit == Unit::yuan;
    auto shown = [&](std::int64_t v) { return money ? Money::from_fen(v).wan() + "万" : std::to_string(v); };
    const std::string figure = "published figure " + std::to_string(i) + " (" + std::string(e.key[i]) + " " +
                               std::to_string(e.year[i]) + ": " + shown(e.value[i]) + qualified(e.qualifier[i]) +
                               cited(i) + ")";
    if (!ind.reported) {
      out.push_back({Severity::error, "expectation_not_reported",
                     figure + " has nothing in the registry that counts it: record what it counts", {ref}, {}, {},
                     {}, {}});
      continue;
    }
    // an exact figure against an at-least count holds when it is not below it
    if (ind.qualifier == Qualifier::at_least && e.qualifier[i] == Qualifier::exact ? e.value[i] >= ind.value
                                                                                  : figure_holds(e.qualifier[i], e.value[i], ind.value))
      continue;
    Finding gap{Severity::error, "expectation_gap",
                figure + " does not hold: the registry counts " + shown(ind.value) + ", a difference of " +
                    shown(ind.value - e.value[i]),
                {ref}, {}, {}, {}, {}};
    if (money) gap.expected = Money::from_fen(e.value[i]), gap.actual = Money::from_fen(ind.value);
    else gap.expected_count = e.value[i], gap.actual_count = ind.value;
    out.push_back(std::move(gap));
  }
  return out;
}

}  // namespace shanhai
