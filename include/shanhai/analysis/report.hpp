// The year's report for a pair: the indicators of the national assessment's six areas, and what
// they reached, each with a unit and Chinese and English labels.
#pragma once

#include <shanhai/analysis/figures.hpp>
#include <shanhai/analysis/labour.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/indicators.hpp>
#include <shanhai/registry.hpp>

#include <array>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace shanhai {

/// What a report covers: a year (0: every year), and money from `east` (and below) that reached
/// `west` (and below) with the records between or inside them (none: the whole registry).
/// only(p): the partner's own records alone.
struct ReportScope {
  int year = 0;
  ScopePartner east{};
  ScopePartner west{};
};

namespace detail {
/// round(a × scale / b), halves away from zero, without overflow for report-sized figures.
__extension__ using int128 = __int128;  // a product of two report figures may not fit 64 bits
inline std::int64_t round_ratio(std::int64_t a, std::int64_t scale, std::int64_t b) {
  if (b == 0) return 0;
  const int128 n = int128(a) * scale, d = b;
  const int128 abs_n = n < 0 ? -n : n, abs_d = d < 0 ? -d : d;
  const int128 q = (2 * abs_n + abs_d) / (2 * abs_d);
  return static_cast<std::int64_t>((n < 0) != (d < 0) ? -q : q);
}
}  // namespace detail

/// An indicator of a report: its vocabulary entry (indicators.hpp) with the report's value.
struct Indicator : IndicatorInfo {
  std::int64_t value = 0;  // fen when the unit is yuan; hundredths for a ratio
  // false: nothing in the report's scope feeds it, which is not the same as zero ("0 meetings")
  bool reported = false;
  // at_least: a figure said 以上/多/余 of it, or of a part of it; about: 约/近
  Qualifier qualifier = Qualifier::exact;
  // the target for the report's year (set_target), with its baseline
  bool has_target = false;
  std::int64_t target = 0, baseline = 0;
  std::int32_t baseline_year = 0;

  /// Actual over target in hundredths of a percent (10000: met exactly); 0 without a target.
  std::int64_t achievement() const noexcept {
    return has_target && target != 0 ? detail::round_ratio(value, 10000, target) : 0;
  }
};

class Report {
 public:
  Report() = default;
  /// Every indicator of the vocabulary, not reported until set.
  explicit Report(ReportScope scope) : scope_(scope) {
    indicators_.reserve(shanhai::indicators().size());
    for (const IndicatorInfo& info : shanhai::indicators()) {
      indicators_.emplace_back();
      static_cast<IndicatorInfo&>(indicators_.back()) = info;
    }
  }

  const ReportScope& scope() const noexcept { return scope_; }
  const std::vector<Indicator>& indicators() const noexcept { return indicators_; }
  /// The flows of the report's money as reported, each figure once, before deduplication.
  const std::vector<FlowId>& reported_flows() const noexcept { return reported_flows_; }

  const Indicator& at(std::string_view key) const {
    for (const auto& i : indicators_)
      if (i.key == key) return i;
    throw not_found("report: no indicator '" + std::string(key) + "'", where("report key", reason::not_found, std::string(key)));
  }
  bool contains(std::string_view key) const noexcept {
    for (const auto& i : indicators_)
      if (i.key == key) return true;
    return false;
  }
  Money money(std::string_view key) const {
    const Indicator& i = at(key);
    if (i.unit != Unit::yuan)
      throw validation_error("report: '" + i.key + "' is a count, not money", where("report key", reason::wrong_type, i.key));
    return Money::from_fen(i.value);
  }
  std::int64_t count(std::string_view key) const {
    const Indicator& i = at(key);
    if (i.unit == Unit::yuan)
      throw validation_error("report: '" + i.key + "' is money, not a count", where("report key", reason::wrong_type, i.key));
    return i.value;
  }

  /// Sets an indicator; `reported` false when no record in the scope fed it (by default: a zero).
  void set(std::string_view key, std::int64_t value, std::optional<bool> reported = std::nullopt) {
    Indicator& i = at(key);
    i.value = value;
    i.reported = reported.value_or(value != 0);
  }
  /// Sets a ratio from its two indicators, already set, in hundredths (× 100 more for a percent).
  void set_ratio(std::string_view key) {
    Indicator& i = at(key);
    const Indicator &n = at(i.numerator), &d = at(i.denominator);
    i.value = detail::round_ratio(n.value, i.unit == Unit::percent ? 10000 : 100, d.value);
    i.reported = n.reported && d.reported && d.value != 0;  // no share of nothing
  }
  Indicator& at(std::string_view key) {
    return const_cast<Indicator&>(std::as_const(*this).at(key));
  }
  void add_reported(FlowId f) { reported_flows_.push_back(f); }

 private:
  ReportScope scope_;
  std::vector<Indicator> indicators_;
  std::vector<FlowId> reported_flows_;
};


namespace detail {

/// The areas of a report (the first part of its keys: "funds", "labour"), for a records report
/// of some areas alone; none: all of them.
using Areas = std::set<std::string, std::less<>>;

inline std::string_view area_of(std::string_view key) { return key.substr(0, key.find('.')); }

/// The report of a scope from its records alone, without figures and targets; with `areas`,
/// only the indicators of those areas are right (the rest are left not reported).
inline Report records_report(const Registry& reg, const ReportScope& sc, const Areas* areas = nullptr) {
  const Tables& tables = reg.tables();
  if (sc.east) reg.require(sc.east, "report east");
  if (sc.west) reg.require(sc.west, "report west");
  Report r(sc);
  // an area reads the records of those it is made of: labour.employed counts benefits of
  // employment, reach.* the households every other record names
  auto needs = [&](std::initializer_list<std::string_view> any) {
    return !areas || std::any_of(any.begin(), any.end(), [&](std::string_view a) { return areas->contains(a); });
  };
  auto in_year = [&](Date d) { return sc.year == 0 || d.year() == sc.year; };
  auto in_east = [&](Node n) { return sc.east ? reg.in_scope(n, sc.east) : reg.side_of(n) == Side::east; };
  auto in_west = [&](Node n) { return sc.west ? reg.in_scope(n, sc.west) : reg.side_of(n) == Side::west; };
  auto in_pair = [&](Node n) {
    return (!sc.east && !sc.west) || (sc.east && reg.in_scope(n, sc.east)) || (sc.west && reg.in_scope(n, sc.west));
  };
  auto west_side = [&](Node n) { return !sc.west || reg.in_scope(n, sc.west); };

  // leadership: meetings (joint meetings, symposia) and visits, each with its kinds beside
  std::vector<std::int64_t> events(enum_count<EventKind>);
  std::int64_t participants = 0;  // of meetings and visits whose number is given
  for (std::size_t i = 0; i < (needs({"leadership"}) ? tables.events.size() : 0); ++i) {
    if (!in_year(tables.events.date[i])) continue;
    const auto& ps = tables.events.partners[i];
    if ((sc.east || sc.west) && !std::any_of(ps.begin(), ps.end(), [&](PartnerId p) { return in_pair(p); }))
      continue;
    const EventKind k = tables.events.kind[i];
    ++events[std::size_t(k)];
    if (k != EventKind::signing && k != EventKind::other) participants += tables.events.participants[i];
  }
  r.set("leadership.participants", participants);
  for (auto [key, kinds] :
       {std::pair{"leadership.meetings", std::vector{EventKind::joint_meeting, EventKind::symposium}},
        std::pair{"leadership.visits",
                  std::vector{EventKind::high_level_visit, EventKind::research_visit, EventKind::inspection}}}) {
    std::int64_t all = 0;
    for (EventKind k : kinds) {
      all += events[std::size_t(k)];
      r.set(std::string(key) + "." + std::string(to_string(k)), events[std::size_t(k)]);
    }
    r.set(key, all);
  }

  // talent: person-times, never persons; a part of an exchange is inside it, never beside it
  std::vector<std::int64_t> sent(enum_count<Role>), received(enum_count<Role>), trained(enum_count<Role>);
  for (std::size_t i = 0; i < (needs({"talent"}) ? tables.exchanges.size() : 0); ++i) {
    if (tables.exchanges.part_of[i] || !in_year(tables.exchanges.date[i])) continue;
    const PartnerId from = tables.exchanges.sender[i], to = tables.exchanges.host[i];
    const auto role = std::size_t(tables.exchanges.role[i]);
    if (in_east(from) && in_west(to)) sent[role] += tables.exchanges.person_times[i];
    else if (in_west(from) && in_east(to)) received[role] += tables.exchanges.person_times[i];
  }
  std::int64_t sessions = 0;
  bool sessions_reported = false;
  for (std::size_t i = 0; i < (needs({"talent", "labour"}) ? tables.trainings.size() : 0); ++i)
    if (!tables.trainings.part_of[i] && in_year(tables.trainings.date[i]) &&
        (in_pair(tables.trainings.organiser[i]) || (tables.trainings.location[i] && in_pair(tables.trainings.location[i])))) {
      trained[std::size_t(tables.trainings.role[i])] += tables.trainings.trainees[i];
      sessions += tables.trainings.sessions[i];
      sessions_reported |= tables.trainings.sessions[i] != 0;
    }
  auto sum = [](const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t(0)); };
  for (auto [key, by_role] : {std::pair{"talent.dispatched", &sent}, std::pair{"talent.received", &received},
                              std::pair{"talent.trained", &trained}}) {
    r.set(key, sum(*by_role));
    for (std::size_t role = 0; role < enum_count<Role>; ++role)
      r.set(std::string(key) + "." + std::string(to_string(Role(role))), (*by_role)[role]);
  }
  r.set("talent.trained.sessions", sessions, sessions_reported);

  // funds: aid alone; purchases (trade) and investment brought in are counted beside it, never inside
  Scope money;  // no kinds: the aid kinds
  money.year = sc.year;
  money.origin = sc.east;
  money.boundary = sc.west;
  if (needs({"funds"})) {
    const Totals funds = records_totals(reg, money, {Field::kind}, {});
    const bool any_funds = funds.reported() > Money();
    r.set("funds.total", funds.total().fen(), any_funds);
    for (FlowKind k : kinds_of(FlowClass::aid))
      r.set("funds." + std::string(to_string(k)), funds[{std::int64_t(k)}].fen());
    r.set("funds.reported_sum", funds.reported().fen());
    r.set("funds.unexplained", funds.unexplained().fen(), any_funds);
    for (auto [stage, key] : {std::pair{Stage::commitment, "funds.committed"}, std::pair{Stage::pledge, "funds.pledged"}}) {
      Scope s = money;
      s.stage = stage;
      const Totals staged = records_totals(reg, s, {}, {});
      r.set(key, staged.total().fen(), staged.reported() > Money());
    }
    for (std::uint32_t i = 0; i < tables.flows.size(); ++i) {
      const bool crosses = !sc.west || (reg.in_scope(tables.flows.target[i], sc.west) && !reg.in_scope(tables.flows.source[i], sc.west));
      if (tables.flows.stage[i] == Stage::disbursement && in_year(tables.flows.date[i]) &&
          flow_class(tables.flows.kind[i]) == FlowClass::aid &&
          crosses && (!sc.east || reg.counts_for(FlowId(i), sc.east)))
        r.add_reported(FlowId(i));
    }
  }

  // consumption assistance: eastern purchases of western products, their own figure
  if (needs({"consumption"})) {
    Scope bought = money;
    bought.kinds = {FlowKind::purchase};
    const Totals purchases = records_totals(reg, bought, {}, {});
    r.set("consumption.purchases", purchases.total().fen(), purchases.reported() > Money());
  }

  // industry: projects active in the year, their workshops, and the persons they employ
  const bool industry = needs({"industry"}), people = needs({"industry", "labour", "reach"}), reach = needs({"reach"});
  std::vector<char> funded(tables.projects.size());
  for (std::size_t i = 0; i < (industry ? tables.flows.size() : 0); ++i)
    if (tables.flows.target[i].kind == NodeKind::project && tables.flows.stage[i] == Stage::disbursement && in_year(tables.flows.date[i]))
      funded[tables.flows.target[i].id] = 1;
  std::array<std::int64_t, enum_count<Sector>> by_sector{};
  std::int64_t active_projects = 0, workshop_count = 0, jobs = 0, employed = 0, households_reported = 0,
               persons_reported = 0;
  for (std::size_t i = 0; i < (industry ? tables.projects.size() : 0); ++i) {
    const bool active = sc.year == 0 || tables.projects.start[i].year() == sc.year || funded[i];
    if (!active || tables.projects.bare(i) || !west_side(tables.projects.location[i])) continue;
    ++active_projects;
    ++by_sector[std::size_t(tables.projects.sector[i])];
    for (const Output& o : tables.projects.outputs[i])
      if (o.name == "workshops") workshop_count += o.count;
  }
  // a workshop's employment records, where it has them, count its jobs (its benefit records of
  // employment are then checked against them, never added to them)
  std::vector<char> recorded(tables.projects.size());
  bool any_workshop_year = false;
  std::int64_t workers = 0, poor_workers = 0, unclassified = 0, months_worked = 0;
  Money wages;
  for (const WorkshopYear& w : people ? shanhai::workshops(reg, sc.year) : std::vector<WorkshopYear>{}) {
    if (!west_side(w.workshop)) continue;
    recorded[w.workshop.value] = 1;
    any_workshop_year = true;
    workers += w.workers, poor_workers += w.poor, unclassified += w.unclassified;
    months_worked += w.months;
    wages += w.wages;
  }
  jobs += workers;
  std::set<std::uint32_t> reached;
  for (std::size_t i = 0; i < (people ? tables.benefits.size() : 0); ++i) {
    if (tables.benefits.part_of[i] || !in_year(tables.benefits.date[i])) continue;
    const HouseholdId h = tables.benefits.beneficiary[i];
    if (!west_side(h ? Node(h) : tables.benefits.via[i])) continue;
    const Node via = tables.benefits.via[i];
    if (tables.benefits.kind[i] == BenefitKind::employment && !(via.kind == NodeKind::project && recorded[via.id]))
      (via.kind == NodeKind::project ? jobs : employed) += tables.benefits.persons[i];
    if (h) reached.insert(h.value);
    else {
      persons_reported += tables.benefits.persons[i];
      households_reported += tables.benefits.households[i];
    }
  }
  for (std::size_t i = 0; i < (reach ? tables.flows.size() : 0); ++i)
    if (tables.flows.target[i].kind == NodeKind::household && tables.flows.stage[i] == Stage::disbursement &&
        in_year(tables.flows.date[i]) && west_side(tables.flows.target[i]) &&
        (!sc.east || reg.counts_for(FlowId(std::uint32_t(i)), sc.east)))
      reached.insert(tables.flows.target[i].id);
  // workers employed in the year are reached too, and so are they themselves
  std::set<std::uint32_t> persons_reached;
  for (std::size_t i = 0; i < (reach ? tables.employment.size() : 0); ++i) {
    if (!in_year(tables.employment.month[i])) continue;
    const PersonId who = tables.employment.person[i];
    const HouseholdId h = who ? tables.persons.household[who.value] : tables.employment.household[i];
    if (!h || !west_side(h)) continue;
    reached.insert(h.value);
    if (who) persons_reached.insert(who.value);
  }
  // every project of the year, whatever its sector (a water project is a project), sectors beside
  r.set("industry.projects", active_projects, active_projects > 0);
  for (std::size_t k = 0; k < by_sector.size(); ++k)
    r.set("industry.projects." + std::string(to_string(Sector(k))), by_sector[k]);
  // investment brought in (招商引资): the firms' own money, beside the assistance funds
  if (industry) {
    Scope invested = money;
    invested.kinds = {FlowKind::investment};
    const Totals investment = records_totals(reg, invested, {}, {});
    r.set("industry.investment", investment.total().fen(), investment.reported() > Money());
  }
  if (industry) {  // the firms that invested, each once, a partner standing for several counted as that many
    std::set<std::uint32_t> firms;
    for (std::uint32_t i = 0; i < tables.flows.size(); ++i) {
      const bool crosses = !sc.west || (reg.in_scope(tables.flows.target[i], sc.west) && !reg.in_scope(tables.flows.source[i], sc.west));
      if (tables.flows.kind[i] == FlowKind::investment && tables.flows.stage[i] == Stage::disbursement &&
          in_year(tables.flows.date[i]) && crosses && (!sc.east || reg.counts_for(FlowId(i), sc.east)))
        if (const Node o = reg.origin(FlowId(i)); o.kind == NodeKind::partner) firms.insert(o.id);
    }
    std::int64_t enterprises = 0;
    for (std::uint32_t p : firms) enterprises += tables.partners.organisations(p);
    r.set("industry.enterprises", enterprises, !firms.empty());
  }
  r.set("industry.workshops", workshop_count);
  r.set("industry.jobs", jobs);
  r.set("industry.workers", workers, any_workshop_year);
  r.set("industry.poor_workers", poor_workers, any_workshop_year);
  r.set("industry.workers_classified", workers - unclassified, any_workshop_year);
  r.set_ratio("industry.poor_share");
  r.set("industry.wages", wages.fen(), any_workshop_year);
  r.set("industry.months_worked", months_worked, any_workshop_year);
  // labour records: a whole counts once; where its workers went and their status come from it
  // or, where it does not say, from its breakdowns (parts are never added to the whole)
  const LabourFigures labour = labour_figures(reg, [&](std::size_t i) {
    const auto& t = tables.labour;
    return needs({"labour"}) && in_year(t.date[i]) && (!sc.east || reg.in_scope(t.east[i], sc.east)) &&
           (!sc.west || reg.in_scope(t.west[i], sc.west));
  });
  r.set("labour.employed", employed + labour.employed, employed > 0 || labour.any);
  for (auto [key, d] : {std::pair{"labour.transferred_partner", std::size_t(0)}, std::pair{"labour.transferred_east", std::size_t(1)},
                        std::pair{"labour.employed_local", std::size_t(2)}, std::pair{"labour.employed_other", std::size_t(3)}}) {
    r.set(key, labour.destination[d], labour.destination_reported[d]);
    if (labour.destination_at_least[d]) r.at(key).qualifier = Qualifier::at_least;
  }
  for (std::size_t k = 0; k < enum_count<HouseholdStatus>; ++k) {
    const std::string key = "labour.employed." + std::string(to_string(HouseholdStatus(k)));
    r.set(key, labour.status[k + 1], labour.status_reported[k + 1]);
    if (labour.status_at_least[k + 1]) r.at(key).qualifier = Qualifier::at_least;
  }
  r.set("labour.trained", trained[std::size_t(Role::worker)]);

  // pairing: a pairing counts in every year it is active
  std::vector<std::int64_t> pairs(enum_count<PairingKind>);
  std::set<std::uint32_t> villages;
  for (std::size_t i = 0; i < (needs({"pairing", "reach"}) ? tables.pairings.size() : 0); ++i) {
    const Date since = tables.pairings.since[i], until = tables.pairings.until[i];
    const bool active = sc.year == 0 || ((since.empty() || since.year() <= sc.year) &&
                                         (until.empty() || until.year() >= sc.year));
    const Node a = tables.pairings.a[i], b = tables.pairings.b[i];
    // between or inside the pair; with one side given, any pairing of it
    const bool between = sc.east && sc.west ? in_pair(a) && in_pair(b) : in_pair(a) || in_pair(b);
    if (!active || !between) continue;
    // a partner standing for several organisations ("3 firms paired with villages") pairs each
    std::int64_t organisations = 1;
    for (Node n : {a, b})
      if (n.kind == NodeKind::partner) organisations = std::max(organisations, tables.partners.organisations(n.id));
    pairs[std::size_t(tables.pairings.kind[i])] += organisations;
    if (tables.pairings.kind[i] == PairingKind::family_household)  // a family paired with a household reaches it
      for (Node n : {a, b})
        if (n.kind == NodeKind::household && west_side(n)) reached.insert(n.id);
    for (Node n : {a, b})
      if (n.kind == NodeKind::partner && tables.partners.kind[n.id] == PartnerKind::village) villages.insert(n.id);
  }
  for (std::size_t k = 0; k < enum_count<PairingKind>; ++k)
    r.set("pairing." + std::string(to_string(PairingKind(k))), pairs[k]);
  r.set("pairing.villages", std::int64_t(villages.size()));

  // wishes submitted in the year, and how far they got
  std::int64_t submitted = 0, claimed = 0, fulfilled = 0, claim_days = 0, claims_timed = 0;
  std::set<std::int32_t> batches;
  Money value;
  for (std::size_t i = 0; i < (needs({"wishes", "reach"}) ? tables.wishes.size() : 0); ++i) {
    if (!in_year(tables.wishes.date[i]) || !west_side(tables.wishes.household[i])) continue;
    const WishState s = tables.wishes.state[i];
    ++submitted;
    claimed += s == WishState::claimed || s == WishState::fulfilled;
    const bool was_claimed = tables.wishes.claimed_by[i].valid();
    fulfilled += s == WishState::fulfilled;
    if (s == WishState::fulfilled) reached.insert(tables.wishes.household[i].value);  // a wish come true reached it
    if (s != WishState::cancelled) value += tables.wishes.cost[i];
    if (tables.wishes.batch[i]) batches.insert(tables.wishes.batch[i]);
    // days to claim only where both days are known
    const Date from = tables.wishes.date[i], to = tables.wishes.claimed[i];
    if (was_claimed && from.precision() == Precision::day && to.precision() == Precision::day) {
      claim_days += to.day_number() - from.day_number();
      ++claims_timed;
    }
  }
  r.set("wishes.submitted", submitted);
  r.set("wishes.claimed", claimed, submitted > 0);  // of the wishes submitted, a real zero
  r.set("wishes.fulfilled", fulfilled, submitted > 0);  // of the wishes submitted, a real zero
  r.set("wishes.value", value.fen(), submitted > 0);  // of the wishes submitted, a real zero
  r.set("wishes.batches", std::int64_t(batches.size()));
  r.set_ratio("wishes.claim_rate");
  r.set("wishes.claim_days", claim_days, claims_timed > 0);
  r.set("wishes.claims_timed", claims_timed);
  r.set_ratio("wishes.days_to_claim");

  // reach: distinct households named by any record that reached them (benefits, flows, employment,
  // family pairings, wishes fulfilled), each once, beside the aggregate counts as reported
  r.set("reach.households", std::int64_t(reached.size()));
  r.set("reach.households_reported", households_reported);
  r.set("reach.persons_reported", persons_reported);
  r.set("reach.persons", std::int64_t(persons_reached.size()));

  // the household registry (建档立卡): households and persons by status at the end of the year
  std::vector<std::int64_t> households(enum_count<HouseholdStatus>), persons(enum_count<HouseholdStatus>);
  const bool registry = needs({"registry"});
  std::vector<std::int64_t> recorded_persons(registry ? tables.households.size() : 0);
  for (HouseholdId h : registry ? std::span(tables.persons.household) : std::span<const HouseholdId>{}) ++recorded_persons[h.value];
  std::int64_t exits = 0;
  const Date year_end = sc.year ? Date::ymd(sc.year, 12, 31) : Date();
  for (std::uint32_t i = 0; i < (registry ? tables.households.size() : 0); ++i) {
    const HouseholdId h(i);
    if (!west_side(h)) continue;
    const auto status = std::size_t(reg.status_of(h, year_end));
    ++households[status];
    persons[status] += recorded_persons[i] ? recorded_persons[i] : tables.households.members[i];
    const int exited = reg.exit_year_of(h);
    exits += sc.year ? exited == sc.year : exited != 0;
  }
  // the registry lists every household: with any in the scope, a status without one is a real zero
  const bool registered = sum(households) > 0;
  r.set("registry.households", sum(households));
  for (std::size_t k = 0; k < enum_count<HouseholdStatus>; ++k)
    r.set("registry.households." + std::string(to_string(HouseholdStatus(k))), households[k], registered);
  r.set("registry.persons", sum(persons), registered);
  for (std::size_t k = 0; k < enum_count<HouseholdStatus>; ++k)
    r.set("registry.persons." + std::string(to_string(HouseholdStatus(k))), persons[k], registered);
  r.set("registry.exits", exits, registered);

  return r;
}

/// The registry's figures against the records of their scopes, each scope's records report made
/// once, on first use (`made`: one made already).
inline Figures resolved_figures(const Registry& reg, const Report* made = nullptr) {
  auto records = std::make_shared<std::map<FigureScope, Report>>();
  if (made) records->emplace(FigureScope{made->scope().year, made->scope().east, made->scope().west}, *made);
  auto areas = std::make_shared<Areas>();  // a figure's whole key is of its area: one pass of those
  for (std::size_t i = 0; i < reg.figures().size(); ++i) areas->emplace(area_of(reg.figures().key[i]));
  return Figures(reg, [&reg, records, areas](const std::string& key, const FigureScope& s) {
    auto it = records->find(s);
    if (it == records->end()) it = records->emplace(s, records_report(reg, {s.year, s.east, s.west}, areas.get())).first;
    const Indicator& i = it->second.at(key);
    return Counted{i.value, i.qualifier, i.reported};
  });
}

/// The report with the registry's figures (analysis/figures.hpp) in place of the records they hold.
inline void apply_figures(const Registry& reg, Report& r) {
  const ReportScope& sc = r.scope();
  const FigureScope mine{sc.year, sc.east, sc.west};
  Figures figures = resolved_figures(reg, &r);
  if (figures.empty()) return;
  for (const std::string& key : figures.keys()) {
    const Counted c = figures.value(key, mine);
    Indicator& i = r.at(key);
    i.value = c.value;
    i.reported = c.reported;
    i.qualifier = c.qualifier;
  }
  for (const Indicator& i : std::vector<Indicator>(r.indicators()))
    if (i.ratio()) {
      r.set_ratio(i.key);
      r.at(i.key).qualifier = r.at(i.numerator).qualifier == Qualifier::exact &&
                                      r.at(i.denominator).qualifier == Qualifier::exact
                                  ? Qualifier::exact
                                  : Qualifier::about;
    }
}

/// The targets of the report's year and pair.
inline void apply_targets(const Registry& reg, Report& r) {
  const ReportScope& sc = r.scope();
  const Tables& tables = reg.tables();
  // targets for the year: the latest set for each indicator. A pair's own targets (set for exactly
  // this east and west) come first; the registry's unscoped ones stand in for an indicator the pair
  // has none for (a registry of one pair, and every file before targets had pairs); another
  // pair's targets never count here.
  if (sc.year) {
    const auto& tt = tables.targets;
    for (const bool pair_pass : {false, true})  // the pair's own last, so that they replace the rest
      for (std::size_t i = 0; i < tt.size(); ++i) {
        const bool unscoped = !tt.east[i] && !tt.west[i];
        const bool mine = tt.east[i] == sc.east && tt.west[i] == sc.west;
        if (tt.year[i] != sc.year || (pair_pass ? !mine : !unscoped)) continue;
        Indicator& ind = r.at(tt.key[i]);
        ind.has_target = true;
        ind.target = tt.value[i];
        ind.baseline = tt.baseline[i];
        ind.baseline_year = tt.baseline_year[i];
      }
  }
}

}  // namespace detail

/// The report of a year and pair: its records, with published figures (add_figure) as wholes in
/// place of the records and narrower figures they hold, and its targets.
inline Report report(const Registry& reg, const ReportScope& sc) {
  detail::require_registry_currency(reg, "report");
  Report r = detail::records_report(reg, sc);
  if (!reg.figures().empty()) detail::apply_figures(reg, r);
  detail::apply_targets(reg, r);
  return r;
}

}  // namespace shanhai
