// The year's report for a pair: the indicators of the national assessment's six areas, and what
// they reached, each with a unit and Chinese and English labels.
#pragma once

#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/detail/registry_class.hpp>

#include <array>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace shanhai {

/// What a report covers: a year (0: every year), and money from `east` (and below) that reached
/// `west` (and below) with the records between or inside them (none: the whole registry).
struct ReportScope {
  int year = 0;
  PartnerId east{};
  PartnerId west{};
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

enum class Unit : std::uint8_t { yuan, person_times, persons, households, trainees, count, percent, days, months };
template <>
struct enum_names<Unit> {
  static constexpr std::string_view type = "unit";
  static constexpr std::array<std::string_view, 9> names{"yuan",     "person_times", "persons", "households", "trainees",
                                                         "count",    "percent",      "days",    "months"};
};

struct Indicator {
  std::string key;
  std::string area;
  Unit unit = Unit::count;
  std::string label_zh, label_en;
  std::int64_t value = 0;  // fen when the unit is yuan; hundredths for a ratio
  // false: nothing in the report's scope feeds it, which is not the same as zero ("0 meetings")
  bool reported = true;
  // a ratio of two other indicators (a share or a mean), in hundredths; merged reports recompute it
  std::string numerator, denominator;
  // the target for the report's year (set_target), with its baseline
  bool has_target = false;
  std::int64_t target = 0, baseline = 0;
  std::int32_t baseline_year = 0;

  bool ratio() const noexcept { return !denominator.empty(); }
  /// Actual over target in hundredths of a percent (10000: met exactly); 0 without a target.
  std::int64_t achievement() const noexcept {
    return has_target && target != 0 ? detail::round_ratio(value, 10000, target) : 0;
  }
};

class Report {
 public:
  Report() = default;
  explicit Report(ReportScope scope) : scope_(scope) {}

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

  /// An indicator; `reported` false when no record in the scope fed it (by default: a zero).
  void add(std::string key, std::string area, Unit unit, std::string zh, std::string en, std::int64_t value,
           std::optional<bool> reported = std::nullopt) {
    Indicator i;
    i.key = std::move(key), i.area = std::move(area), i.unit = unit;
    i.label_zh = std::move(zh), i.label_en = std::move(en), i.value = value;
    i.reported = reported.value_or(value != 0);
    indicators_.push_back(std::move(i));
  }
  /// A ratio of two indicators already added, in hundredths (× 100 more for a percent).
  void add_ratio(std::string key, std::string area, Unit unit, std::string zh, std::string en,
                 std::string numerator, std::string denominator) {
    const Indicator &n = at(numerator), &d = at(denominator);
    add(std::move(key), std::move(area), unit, std::move(zh), std::move(en),
        detail::round_ratio(n.value, unit == Unit::percent ? 10000 : 100, d.value),
        n.reported && d.reported && d.value != 0);  // no share of nothing
    indicators_.back().numerator = std::move(numerator);
    indicators_.back().denominator = std::move(denominator);
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

inline std::string_view role_zh(Role r) {
  constexpr std::string_view zh[] = {"干部", "教师", "校长", "医生", "技术人员", "致富带头人", "务工人员", "其他"};
  return zh[std::size_t(r)];
}
inline std::string_view pairing_zh(PairingKind k) {
  constexpr std::string_view zh[] = {"东西部协作结对", "街道结村", "企业结村", "学校结对", "医院结对", "一家一结对",
                                     "其他结对",       "镇镇结对", "村村结对", "镇村结对", "社会组织结村"};
  static_assert(std::size(zh) == enum_count<PairingKind>);
  return zh[std::size_t(k)];
}
inline std::string_view kind_zh(FlowKind k) {
  constexpr std::string_view zh[] = {"财政资金", "社会捐赠", "投资", "实物", "消费采购", "分红", "工资", "其他资金"};
  return zh[std::size_t(k)];
}
inline std::string_view sector_zh(Sector s) {
  constexpr std::string_view zh[] = {"未分类", "农业", "工业", "基础设施", "饮水", "教育", "卫生健康", "就业", "住房", "社会事业", "基层治理", "综合", "其他"};
  return zh[std::size_t(s)];
}
inline std::string_view status_zh(HouseholdStatus s) {
  constexpr std::string_view zh[] = {"贫困户", "特困户", "已脱贫", "监测户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"};
  return zh[std::size_t(s)];
}
inline std::string words(std::string_view snake) {
  std::string s(snake);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

}  // namespace detail

inline Report Registry::report(const ReportScope& sc) const {
  if (sc.east) require(sc.east, t_.partners.size(), "report east");
  if (sc.west) require(sc.west, t_.partners.size(), "report west");
  Report r(sc);
  auto in_year = [&](Date d) { return sc.year == 0 || d.year() == sc.year; };
  auto in_east = [&](Node n) { return sc.east ? within(n, sc.east) : side_of(n) == Side::east; };
  auto in_west = [&](Node n) { return sc.west ? within(n, sc.west) : side_of(n) == Side::west; };
  auto in_pair = [&](Node n) {
    return (!sc.east && !sc.west) || (sc.east && within(n, sc.east)) || (sc.west && within(n, sc.west));
  };
  auto west_side = [&](Node n) { return !sc.west || within(n, sc.west); };

  // leadership: meetings (joint meetings, symposia) and visits, each with its kinds beside
  std::vector<std::int64_t> events(enum_count<EventKind>);
  for (std::size_t i = 0; i < t_.events.size(); ++i) {
    if (!in_year(t_.events.date[i])) continue;
    const auto& ps = t_.events.partners[i];
    if ((sc.east || sc.west) && !std::any_of(ps.begin(), ps.end(), [&](PartnerId p) { return in_pair(p); }))
      continue;
    ++events[std::size_t(t_.events.kind[i])];
  }
  struct EventRow {
    EventKind kind;
    const char *zh, *en;
  };
  const EventRow meeting_rows[] = {{EventKind::joint_meeting, "联席会议", "joint meetings"},
                                   {EventKind::symposium, "座谈会、对接会", "symposia"}};
  const EventRow visit_rows[] = {{EventKind::high_level_visit, "党政主要领导互访", "visits of party and government leaders"},
                                 {EventKind::research_visit, "调研", "research visits"},
                                 {EventKind::inspection, "考察", "inspections"}};
  for (auto [key, zh, en, rows] : {std::tuple{"leadership.meetings", "高层联席会议及座谈会", "Meetings", std::span<const EventRow>(meeting_rows)},
                                   std::tuple{"leadership.visits", "互访及调研考察", "Visits", std::span<const EventRow>(visit_rows)}}) {
    std::int64_t all = 0;
    for (const EventRow& e : rows) all += events[std::size_t(e.kind)];
    r.add(key, "leadership", Unit::count, zh, en, all);
    for (const EventRow& e : rows)
      r.add(std::string(key) + "." + std::string(to_string(e.kind)), "leadership", Unit::count,
            std::string(zh) + ":" + e.zh, std::string(en) + ": " + e.en, events[std::size_t(e.kind)]);
  }

  // talent: person-times, never persons; a part of an exchange is inside it, never beside it
  std::vector<std::int64_t> sent(enum_count<Role>), received(enum_count<Role>), trained(enum_count<Role>);
  for (std::size_t i = 0; i < t_.exchanges.size(); ++i) {
    if (t_.exchanges.part_of[i] || !in_year(t_.exchanges.date[i])) continue;
    const PartnerId from = t_.exchanges.sender[i], to = t_.exchanges.host[i];
    const auto role = std::size_t(t_.exchanges.role[i]);
    if (in_east(from) && in_west(to)) sent[role] += t_.exchanges.person_times[i];
    else if (in_west(from) && in_east(to)) received[role] += t_.exchanges.person_times[i];
  }
  std::int64_t sessions = 0;
  bool sessions_reported = false;
  for (std::size_t i = 0; i < t_.trainings.size(); ++i)
    if (!t_.trainings.part_of[i] && in_year(t_.trainings.date[i]) &&
        (in_pair(t_.trainings.organiser[i]) || (t_.trainings.location[i] && in_pair(t_.trainings.location[i])))) {
      trained[std::size_t(t_.trainings.role[i])] += t_.trainings.trainees[i];
      sessions += t_.trainings.sessions[i];
      sessions_reported |= t_.trainings.sessions[i] != 0;
    }
  auto sum = [](const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t(0)); };
  struct TalentRow {
    const char *key, *zh, *en;
    Unit unit;
    const std::vector<std::int64_t>& by_role;
  };
  for (const TalentRow& t : {TalentRow{"talent.dispatched", "派出人才(东→西)", "Talent dispatched east→west",
                                       Unit::person_times, sent},
                             TalentRow{"talent.received", "接收人才(西→东)", "Talent received west→east",
                                       Unit::person_times, received},
                             TalentRow{"talent.trained", "培训人员", "People trained", Unit::trainees, trained}}) {
    r.add(t.key, "talent", t.unit, t.zh, t.en, sum(t.by_role));
    for (std::size_t role = 0; role < enum_count<Role>; ++role)
      r.add(std::string(t.key) + "." + std::string(to_string(Role(role))), "talent", t.unit,
            std::string(t.zh) + ":" + std::string(detail::role_zh(Role(role))),
            std::string(t.en) + ": " + detail::words(to_string(Role(role))), t.by_role[role]);
  }
  r.add("talent.trained.sessions", "talent", Unit::count, "培训人员:期数", "People trained: sessions", sessions,
        sessions_reported);

  // funds: aid alone; purchases (trade) and investment brought in are counted beside it, never inside
  Scope money;  // no kinds: the aid kinds
  money.year = sc.year;
  money.origin = sc.east;
  money.boundary = sc.west;
  const Totals funds = totals(money, {Field::kind});
  const bool any_funds = funds.reported() > Money();
  r.add("funds.total", "funds", Unit::yuan, "帮扶资金(去重)", "Assistance funds (deduplicated)", funds.total().fen(),
        any_funds);
  for (FlowKind k : kinds_of(FlowClass::aid))
    r.add("funds." + std::string(to_string(k)), "funds", Unit::yuan, std::string(detail::kind_zh(k)),
          "Funds: " + detail::words(to_string(k)), funds[{std::int64_t(k)}].fen());
  r.add("funds.reported_sum", "funds", Unit::yuan, "各项数字直接相加(按报道)", "Sum of figures as reported",
        funds.reported().fen());
  r.add("funds.unexplained", "funds", Unit::yuan, "未说明去向的余额", "Unexplained remainders",
        funds.unexplained().fen(), any_funds);
  for (auto [stage, key, zh, en] : {std::tuple{Stage::commitment, "funds.committed", "承诺资金", "Funds committed"},
                                    std::tuple{Stage::pledge, "funds.pledged", "认捐资金", "Funds pledged"}}) {
    Scope s = money;
    s.stage = stage;
    const Totals staged = totals(s);
    r.add(key, "funds", Unit::yuan, zh, en, staged.total().fen(), staged.reported() > Money());
  }
  for (std::uint32_t i = 0; i < t_.flows.size(); ++i) {
    const bool crosses = !sc.west || (within(t_.flows.target[i], sc.west) && !within(t_.flows.source[i], sc.west));
    if (t_.flows.stage[i] == Stage::disbursement && in_year(t_.flows.date[i]) &&
        flow_class(t_.flows.kind[i]) == FlowClass::aid &&
        crosses && (!sc.east || within(origin(FlowId(i)), sc.east)))
      r.add_reported(FlowId(i));
  }

  // consumption assistance: eastern purchases of western products, their own figure
  Scope bought = money;
  bought.kinds = {FlowKind::purchase};
  const Totals purchases = totals(bought);
  r.add("consumption.purchases", "consumption", Unit::yuan, "消费帮扶(采购)", "Consumption assistance: purchases",
        purchases.total().fen(), purchases.reported() > Money());

  // industry: projects active in the year, their workshops, and the persons they employ
  std::vector<char> funded(t_.projects.size());
  for (std::size_t i = 0; i < t_.flows.size(); ++i)
    if (t_.flows.target[i].kind == NodeKind::project && t_.flows.stage[i] == Stage::disbursement && in_year(t_.flows.date[i]))
      funded[t_.flows.target[i].id] = 1;
  std::array<std::int64_t, enum_count<Sector>> by_sector{};
  std::int64_t active_projects = 0, workshops = 0, jobs = 0, employed = 0, households_reported = 0,
               persons_reported = 0;
  for (std::size_t i = 0; i < t_.projects.size(); ++i) {
    const bool active = sc.year == 0 || t_.projects.start[i].year() == sc.year || funded[i];
    if (!active || t_.projects.bare(i) || !west_side(t_.projects.location[i])) continue;
    ++active_projects;
    ++by_sector[std::size_t(t_.projects.sector[i])];
    for (const Output& o : t_.projects.outputs[i])
      if (o.name == "workshops") workshops += o.count;
  }
  // a workshop's employment records, where it has them, count its jobs (its benefit records of
  // employment are then checked against them, never added to them)
  std::vector<char> recorded(t_.projects.size());
  bool any_workshop_year = false;
  std::int64_t workers = 0, poor_workers = 0, unclassified = 0, months_worked = 0;
  Money wages;
  for (const WorkshopYear& w : workshop_figures(*this, sc.year)) {
    if (!west_side(w.workshop)) continue;
    recorded[w.workshop.value] = 1;
    any_workshop_year = true;
    workers += w.workers, poor_workers += w.poor, unclassified += w.unclassified;
    months_worked += w.months;
    wages += w.wages;
  }
  jobs += workers;
  std::set<std::uint32_t> reached;
  for (std::size_t i = 0; i < t_.benefits.size(); ++i) {
    if (t_.benefits.part_of[i] || !in_year(t_.benefits.date[i])) continue;
    const HouseholdId h = t_.benefits.beneficiary[i];
    if (!west_side(h ? Node(h) : t_.benefits.via[i])) continue;
    const Node via = t_.benefits.via[i];
    if (t_.benefits.kind[i] == BenefitKind::employment && !(via.kind == NodeKind::project && recorded[via.id]))
      (via.kind == NodeKind::project ? jobs : employed) += t_.benefits.persons[i];
    if (h) reached.insert(h.value);
    else {
      persons_reported += t_.benefits.persons[i];
      households_reported += t_.benefits.households[i];
    }
  }
  for (std::size_t i = 0; i < t_.flows.size(); ++i)
    if (t_.flows.target[i].kind == NodeKind::household && t_.flows.stage[i] == Stage::disbursement &&
        in_year(t_.flows.date[i]) && west_side(t_.flows.target[i]) &&
        (!sc.east || within(origin(FlowId(std::uint32_t(i))), sc.east)))
      reached.insert(t_.flows.target[i].id);
  // workers employed in the year are reached too, and so are they themselves
  std::set<std::uint32_t> persons_reached;
  for (std::size_t i = 0; i < t_.employment.size(); ++i) {
    if (!in_year(t_.employment.month[i])) continue;
    const PersonId who = t_.employment.person[i];
    const HouseholdId h = who ? t_.persons.household[who.value] : t_.employment.household[i];
    if (!h || !west_side(h)) continue;
    reached.insert(h.value);
    if (who) persons_reached.insert(who.value);
  }
  // every project of the year, whatever its sector (a water project is a project), sectors beside
  r.add("industry.projects", "industry", Unit::count, "协作项目(各领域)", "Projects (every sector)", active_projects,
        active_projects > 0);
  for (std::size_t k = 0; k < by_sector.size(); ++k)
    r.add("industry.projects." + std::string(to_string(Sector(k))), "industry", Unit::count,
          "协作项目:" + std::string(detail::sector_zh(Sector(k))), "Projects: " + detail::words(to_string(Sector(k))),
          by_sector[k]);
  // investment brought in (招商引资): the firms' own money, beside the assistance funds
  Scope invested = money;
  invested.kinds = {FlowKind::investment};
  const Totals investment = totals(invested);
  r.add("industry.investment", "industry", Unit::yuan, "引导企业投资", "Enterprise investment brought in",
        investment.total().fen(), investment.reported() > Money());
  r.add("industry.workshops", "industry", Unit::count, "扶贫车间", "Poverty-alleviation workshops", workshops);
  r.add("industry.jobs", "industry", Unit::persons, "项目带动就业", "Persons employed by projects", jobs);
  r.add("industry.workers", "industry", Unit::persons, "车间用工(就业记录)", "Workshop workers (employment records)",
        workers, any_workshop_year);
  r.add("industry.poor_workers", "industry", Unit::persons, "其中贫困劳动力", "of them from poor households",
        poor_workers, any_workshop_year);
  r.add("industry.workers_classified", "industry", Unit::persons, "其中已知是否贫困",
        "of them known to be poor or not", workers - unclassified, any_workshop_year);
  r.add_ratio("industry.poor_share", "industry", Unit::percent, "贫困劳动力占比", "Share of poor workers",
              "industry.poor_workers", "industry.workers_classified");
  r.add("industry.wages", "industry", Unit::yuan, "车间发放工资", "Wages paid by workshops", wages.fen(), any_workshop_year);
  r.add("industry.months_worked", "industry", Unit::months, "务工月数", "Months worked", months_worked, any_workshop_year);
  r.add("labour.employed", "labour", Unit::persons, "劳务协作就业", "Persons employed through labour cooperation",
        employed);
  r.add("labour.trained", "labour", Unit::trainees, "劳务培训", "Workers trained",
        trained[std::size_t(Role::worker)]);

  // pairing: a pairing counts in every year it is active
  std::vector<std::int64_t> pairs(enum_count<PairingKind>);
  std::set<std::uint32_t> villages;
  for (std::size_t i = 0; i < t_.pairings.size(); ++i) {
    const Date since = t_.pairings.since[i], until = t_.pairings.until[i];
    const bool active = sc.year == 0 || ((since.empty() || since.year() <= sc.year) &&
                                         (until.empty() || until.year() >= sc.year));
    const Node a = t_.pairings.a[i], b = t_.pairings.b[i];
    // between or inside the pair; with one side given, any pairing of it
    const bool between = sc.east && sc.west ? in_pair(a) && in_pair(b) : in_pair(a) || in_pair(b);
    if (!active || !between) continue;
    ++pairs[std::size_t(t_.pairings.kind[i])];
    if (t_.pairings.kind[i] == PairingKind::family_household)  // a family paired with a household reaches it
      for (Node n : {a, b})
        if (n.kind == NodeKind::household && west_side(n)) reached.insert(n.id);
    for (Node n : {a, b})
      if (n.kind == NodeKind::partner && t_.partners.kind[n.id] == PartnerKind::village) villages.insert(n.id);
  }
  for (std::size_t k = 0; k < enum_count<PairingKind>; ++k)
    r.add("pairing." + std::string(to_string(PairingKind(k))), "pairing", Unit::count,
          std::string(detail::pairing_zh(PairingKind(k))), "Pairings: " + detail::words(to_string(PairingKind(k))),
          pairs[k]);
  r.add("pairing.villages", "pairing", Unit::count, "结对村(去重)", "Villages paired (distinct)",
        std::int64_t(villages.size()));

  // wishes submitted in the year, and how far they got
  std::int64_t submitted = 0, claimed = 0, fulfilled = 0, claim_days = 0, claims_timed = 0;
  std::set<std::int32_t> batches;
  Money value;
  for (std::size_t i = 0; i < t_.wishes.size(); ++i) {
    if (!in_year(t_.wishes.date[i]) || !west_side(t_.wishes.household[i])) continue;
    const WishState s = t_.wishes.state[i];
    ++submitted;
    claimed += s == WishState::claimed || s == WishState::fulfilled;
    const bool was_claimed = t_.wishes.claimed_by[i].valid();
    fulfilled += s == WishState::fulfilled;
    if (s == WishState::fulfilled) reached.insert(t_.wishes.household[i].value);  // a wish come true reached it
    if (s != WishState::cancelled) value += t_.wishes.cost[i];
    if (t_.wishes.batch[i]) batches.insert(t_.wishes.batch[i]);
    // days to claim only where both days are known
    const Date from = t_.wishes.date[i], to = t_.wishes.claimed[i];
    if (was_claimed && from.precision() == Precision::day && to.precision() == Precision::day) {
      claim_days += to.day_number() - from.day_number();
      ++claims_timed;
    }
  }
  r.add("wishes.submitted", "wishes", Unit::count, "微心愿征集", "Micro-wishes submitted", submitted);
  r.add("wishes.claimed", "wishes", Unit::count, "微心愿认领", "Micro-wishes claimed", claimed, submitted > 0);  // of the wishes submitted, a real zero
  r.add("wishes.fulfilled", "wishes", Unit::count, "微心愿实现", "Micro-wishes fulfilled", fulfilled, submitted > 0);  // of the wishes submitted, a real zero
  r.add("wishes.value", "wishes", Unit::yuan, "微心愿金额", "Value of micro-wishes (not cancelled)", value.fen(), submitted > 0);  // of the wishes submitted, a real zero
  r.add("wishes.batches", "wishes", Unit::count, "微心愿批次", "Batches of micro-wishes published",
        std::int64_t(batches.size()));
  r.add_ratio("wishes.claim_rate", "wishes", Unit::percent, "认领率", "Claim rate", "wishes.claimed",
              "wishes.submitted");
  r.add("wishes.claim_days", "wishes", Unit::days, "认领用时合计(天)", "Days from publication to claim (sum)",
        claim_days, claims_timed > 0);
  r.add("wishes.claims_timed", "wishes", Unit::count, "有日期的认领", "Claims with both days known", claims_timed);
  r.add_ratio("wishes.days_to_claim", "wishes", Unit::days, "平均认领用时", "Mean days to claim",
              "wishes.claim_days", "wishes.claims_timed");

  // reach: distinct households named by any record that reached them (benefits, flows, employment,
  // family pairings, wishes fulfilled), each once, beside the aggregate counts as reported
  r.add("reach.households", "reach", Unit::households, "受益户(去重)", "Households reached (distinct, recorded)",
        std::int64_t(reached.size()));
  r.add("reach.households_reported", "reach", Unit::households, "带动户数(报道汇总)",
        "Households reached (aggregate, as reported)", households_reported);
  r.add("reach.persons_reported", "reach", Unit::persons, "带动人数(报道汇总)", "Persons reached (aggregate, as reported)",
        persons_reported);
  r.add("reach.persons", "reach", Unit::persons, "受益人(去重)", "Persons reached (distinct, named)",
        std::int64_t(persons_reached.size()));

  // the household registry (建档立卡): households and persons by status at the end of the year
  std::vector<std::int64_t> households(enum_count<HouseholdStatus>), persons(enum_count<HouseholdStatus>);
  std::vector<std::int64_t> recorded_persons(t_.households.size());
  for (HouseholdId h : t_.persons.household) ++recorded_persons[h.value];
  std::int64_t exits = 0;
  const Date year_end = sc.year ? Date::ymd(sc.year, 12, 31) : Date();
  for (std::uint32_t i = 0; i < t_.households.size(); ++i) {
    const HouseholdId h(i);
    if (!west_side(h)) continue;
    const auto status = std::size_t(status_of(h, year_end));
    ++households[status];
    persons[status] += recorded_persons[i] ? recorded_persons[i] : t_.households.members[i];
    const int exited = exit_year_of(h);
    exits += sc.year ? exited == sc.year : exited != 0;
  }
  // the registry lists every household: with any in the scope, a status without one is a real zero
  const bool registered = sum(households) > 0;
  r.add("registry.households", "registry", Unit::households, "建档立卡户", "Registered households", sum(households));
  for (std::size_t k = 0; k < enum_count<HouseholdStatus>; ++k)
    r.add("registry.households." + std::string(to_string(HouseholdStatus(k))), "registry", Unit::households,
          "建档立卡户:" + std::string(detail::status_zh(HouseholdStatus(k))),
          "Households: " + detail::words(to_string(HouseholdStatus(k))), households[k], registered);
  r.add("registry.persons", "registry", Unit::persons, "建档立卡人口", "Registered persons", sum(persons), registered);
  for (std::size_t k = 0; k < enum_count<HouseholdStatus>; ++k)
    r.add("registry.persons." + std::string(to_string(HouseholdStatus(k))), "registry", Unit::persons,
          "建档立卡人口:" + std::string(detail::status_zh(HouseholdStatus(k))),
          "Persons: " + detail::words(to_string(HouseholdStatus(k))), persons[k], registered);
  r.add("registry.exits", "registry", Unit::households, "当年脱贫户", "Households that exited poverty", exits,
        registered);

  // targets for the year: the latest set for each indicator
  if (sc.year)
    for (std::size_t i = 0; i < t_.targets.size(); ++i)
      if (t_.targets.year[i] == sc.year) {
        Indicator& ind = r.at(t_.targets.key[i]);
        ind.has_target = true;
        ind.target = t_.targets.value[i];
        ind.baseline = t_.targets.baseline[i];
        ind.baseline_year = t_.targets.baseline_year[i];
      }
  return r;
}

/// Every indicator a report has, with its unit and labels, valued 0 (the same for every registry
/// and scope).
inline const std::vector<Indicator>& indicators() {
  static const std::vector<Indicator> all = Registry().report({}).indicators();
  return all;
}

/// Every indicator key a report has.
inline const std::vector<std::string>& indicator_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const Indicator& i : indicators()) k.push_back(i.key);
    return k;
  }();
  return keys;
}

/// The indicator of `key` (valued 0), or none when no report has it.
inline const Indicator* find_indicator(std::string_view key) {
  for (const Indicator& i : indicators())
    if (i.key == key) return &i;
  return nullptr;
}

/// The indicator of `key`, for a call that takes one (set_target, expect); refused when no report
/// has it.
inline const Indicator& require_indicator(const std::string& key, std::string_view call) {
  if (const Indicator* i = find_indicator(key)) return *i;
  throw validation_error(std::string(call) + " key: '" + key + "' is not a report indicator",
                         where(std::string(call) + " key", reason::unknown_value, key));
}

/// A year a report of figures and targets can be of.
inline void require_report_year(int year, std::string_view call) {
  if (year < 1949 || year > 2200)
    throw validation_error(std::string(call) + " year: " + std::to_string(year) + " is not a plausible year",
                           where(std::string(call) + " year", reason::out_of_range, std::to_string(year)));
}

inline ExpectationId Registry::expect(const IndicatorExpectationSpec& s) {
  require_indicator(s.key, "expect");
  require_report_year(s.year, "expect");
  if (s.east) require(s.east, t_.partners.size(), "expect east");
  if (s.west) require(s.west, t_.partners.size(), "expect west");
  require_count(s.value, "expect value");
  if (std::size_t(s.qualifier) >= enum_count<Qualifier>)
    throw validation_error("expect qualifier: out of range", where("expect qualifier", reason::out_of_range));
  require_text(s.citation, "expect citation", false);
  return ExpectationId(t_.expectations.append([&](ExpectationTable& t) {
    t.amount.push_back(Money());
    t.source.push_back(Node());
    t.target.push_back(Node());
    t.year.push_back(s.year);
    t.kinds.push_back({});
    t.purposes.push_back({});
    t.stage.push_back(Stage::disbursement);
    t.boundary.push_back(PartnerId());
    t.origin.push_back(PartnerId());
    t.citation.push_back(s.citation);
    t.qualifier.push_back(s.qualifier);
    t.key.push_back(s.key);
    t.value.push_back(s.value);
    t.east.push_back(s.east);
    t.west.push_back(s.west);
  }));
}

inline TargetId Registry::set_target(const TargetSpec& s) {
  require_indicator(s.key, "set_target");
  require_report_year(s.year, "set_target");
  require_count(s.value, "set_target value");
  require_count(s.baseline, "set_target baseline");
  if (s.baseline_year != 0 && (s.baseline_year < 1949 || s.baseline_year > s.year))
    throw validation_error("set_target baseline_year: " + std::to_string(s.baseline_year) +
                               " is not a year up to the target's " + std::to_string(s.year),
                           where("set_target baseline_year", reason::out_of_range, std::to_string(s.baseline_year)));
  if (s.baseline_year == 0 && s.baseline != 0)
    throw validation_error("set_target baseline: a baseline needs its year", where("set_target baseline_year", reason::required));
  require_text(s.note, "set_target note", false);
  return TargetId(t_.targets.append_row(s.key, s.year, s.value, s.baseline, s.baseline_year, s.note));
}

}  // namespace shanhai
