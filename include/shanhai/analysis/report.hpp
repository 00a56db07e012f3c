// The year's report for a pair: the indicators of the national assessment's six areas, and what
// they reached, each with a unit and Chinese and English labels.
#pragma once

#include <shanhai/analysis/totals.hpp>
#include <shanhai/detail/registry_class.hpp>

#include <numeric>
#include <set>
#include <tuple>
#include <string>
#include <vector>

namespace shanhai {

/// What a report covers: a year (0: every year), and money from `east` (and below) that reached
/// `west` (and below) with the records between or inside them (none: the whole registry).
struct ReportScope {
  int year = 0;
  PartnerId east{};
  PartnerId west{};
};

enum class Unit : std::uint8_t { yuan, person_times, persons, households, trainees, count };
template <>
struct enum_names<Unit> {
  static constexpr std::string_view type = "unit";
  static constexpr std::array<std::string_view, 6> names{"yuan", "person_times", "persons",
                                                         "households", "trainees", "count"};
};

struct Indicator {
  std::string key;
  std::string area;
  Unit unit = Unit::count;
  std::string label_zh, label_en;
  std::int64_t value = 0;  // fen when the unit is yuan
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
    throw not_found("report: no indicator '" + std::string(key) + "'");
  }
  bool contains(std::string_view key) const noexcept {
    for (const auto& i : indicators_)
      if (i.key == key) return true;
    return false;
  }
  Money money(std::string_view key) const {
    const Indicator& i = at(key);
    if (i.unit != Unit::yuan) throw validation_error("report: '" + i.key + "' is a count, not money");
    return Money::from_fen(i.value);
  }
  std::int64_t count(std::string_view key) const {
    const Indicator& i = at(key);
    if (i.unit == Unit::yuan) throw validation_error("report: '" + i.key + "' is money, not a count");
    return i.value;
  }

  void add(std::string key, std::string area, Unit unit, std::string zh, std::string en, std::int64_t value) {
    indicators_.push_back({std::move(key), std::move(area), unit, std::move(zh), std::move(en), value});
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
  constexpr std::string_view zh[] = {"东西部协作结对", "街道结村", "企业结村", "学校结对",
                                     "医院结对",       "一家一结对", "其他结对"};
  return zh[std::size_t(k)];
}
inline std::string_view kind_zh(FlowKind k) {
  constexpr std::string_view zh[] = {"财政资金", "社会捐赠", "投资", "实物", "消费采购", "分红", "工资", "其他资金"};
  return zh[std::size_t(k)];
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

  // leadership
  std::int64_t meetings = 0, visits = 0;
  for (std::size_t i = 0; i < t_.events.size(); ++i) {
    if (!in_year(t_.events.date[i])) continue;
    const auto& ps = t_.events.partners[i];
    if ((sc.east || sc.west) && !std::any_of(ps.begin(), ps.end(), [&](PartnerId p) { return in_pair(p); }))
      continue;
    const EventKind k = t_.events.kind[i];
    meetings += k == EventKind::joint_meeting;
    visits += k == EventKind::research_visit || k == EventKind::inspection;
  }
  r.add("leadership.meetings", "leadership", Unit::count, "高层联席会议", "Joint high-level meetings", meetings);
  r.add("leadership.visits", "leadership", Unit::count, "调研考察", "Research and inspection visits", visits);

  // talent: person-times, never persons; a part of an exchange is inside it, never beside it
  std::vector<std::int64_t> sent(enum_count<Role>), received(enum_count<Role>), trained(enum_count<Role>);
  for (std::size_t i = 0; i < t_.exchanges.size(); ++i) {
    if (t_.exchanges.part_of[i] || !in_year(t_.exchanges.date[i])) continue;
    const PartnerId from = t_.exchanges.sender[i], to = t_.exchanges.host[i];
    const auto role = std::size_t(t_.exchanges.role[i]);
    if (in_east(from) && in_west(to)) sent[role] += t_.exchanges.person_times[i];
    else if (in_west(from) && in_east(to)) received[role] += t_.exchanges.person_times[i];
  }
  for (std::size_t i = 0; i < t_.trainings.size(); ++i)
    if (in_year(t_.trainings.date[i]) &&
        (in_pair(t_.trainings.organiser[i]) || (t_.trainings.location[i] && in_pair(t_.trainings.location[i]))))
      trained[std::size_t(t_.trainings.role[i])] += t_.trainings.trainees[i];
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

  // funds: consumption purchases are trade, never assistance funds
  Scope money;
  money.year = sc.year;
  money.origin = sc.east;
  money.boundary = sc.west;
  for (std::size_t k = 0; k < enum_count<FlowKind>; ++k)
    if (FlowKind(k) != FlowKind::purchase) money.kinds.push_back(FlowKind(k));
  const Totals funds = totals(money, {Field::kind});
  r.add("funds.total", "funds", Unit::yuan, "帮扶资金(去重)", "Assistance funds (deduplicated)", funds.total().fen());
  for (FlowKind k : money.kinds)
    r.add("funds." + std::string(to_string(k)), "funds", Unit::yuan, std::string(detail::kind_zh(k)),
          "Funds: " + detail::words(to_string(k)), funds[{std::int64_t(k)}].fen());
  r.add("funds.reported_sum", "funds", Unit::yuan, "各项数字直接相加(按报道)", "Sum of figures as reported",
        funds.reported().fen());
  r.add("funds.unexplained", "funds", Unit::yuan, "未说明去向的余额", "Unexplained remainders",
        funds.unexplained().fen());
  for (auto [stage, key, zh, en] : {std::tuple{Stage::commitment, "funds.committed", "承诺资金", "Funds committed"},
                                    std::tuple{Stage::pledge, "funds.pledged", "认捐资金", "Funds pledged"}}) {
    Scope s = money;
    s.stage = stage;
    r.add(key, "funds", Unit::yuan, zh, en, totals(s).total().fen());
  }
  for (std::uint32_t i = 0; i < t_.flows.size(); ++i) {
    const bool crosses = !sc.west || (within(t_.flows.target[i], sc.west) && !within(t_.flows.source[i], sc.west));
    if (t_.flows.stage[i] == Stage::disbursement && in_year(t_.flows.date[i]) && t_.flows.kind[i] != FlowKind::purchase &&
        crosses && (!sc.east || within(origin(FlowId(i)), sc.east)))
      r.add_reported(FlowId(i));
  }

  // industry: projects active in the year, their workshops, and the persons they employ
  std::vector<char> funded(t_.projects.size());
  for (std::size_t i = 0; i < t_.flows.size(); ++i)
    if (t_.flows.target[i].kind == NodeKind::project && t_.flows.stage[i] == Stage::disbursement && in_year(t_.flows.date[i]))
      funded[t_.flows.target[i].id] = 1;
  std::int64_t industry_projects = 0, workshops = 0, jobs = 0, employed = 0, households_reported = 0,
               persons_reported = 0;
  for (std::size_t i = 0; i < t_.projects.size(); ++i) {
    const bool active = sc.year == 0 || t_.projects.start[i].year() == sc.year || funded[i];
    if (!active || !west_side(t_.projects.location[i])) continue;
    const Sector s = t_.projects.sector[i];
    industry_projects += s == Sector::industry || s == Sector::agriculture;
    for (const Output& o : t_.projects.outputs[i])
      if (o.name == "workshops") workshops += o.count;
  }
  std::set<std::uint32_t> reached;
  for (std::size_t i = 0; i < t_.benefits.size(); ++i) {
    if (!in_year(t_.benefits.date[i])) continue;
    const HouseholdId h = t_.benefits.beneficiary[i];
    if (!west_side(h ? Node(h) : t_.benefits.via[i])) continue;
    if (t_.benefits.kind[i] == BenefitKind::employment)
      (t_.benefits.via[i].kind == NodeKind::project ? jobs : employed) += t_.benefits.persons[i];
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
  r.add("industry.projects", "industry", Unit::count, "产业合作项目", "Industry projects", industry_projects);
  r.add("industry.workshops", "industry", Unit::count, "扶贫车间", "Poverty-alleviation workshops", workshops);
  r.add("industry.jobs", "industry", Unit::persons, "项目带动就业", "Persons employed by projects", jobs);
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
    for (Node n : {a, b})
      if (n.kind == NodeKind::partner && t_.partners.kind[n.id] == PartnerKind::village) villages.insert(n.id);
  }
  for (std::size_t k = 0; k < enum_count<PairingKind>; ++k)
    r.add("pairing." + std::string(to_string(PairingKind(k))), "pairing", Unit::count,
          std::string(detail::pairing_zh(PairingKind(k))), "Pairings: " + detail::words(to_string(PairingKind(k))),
          pairs[k]);
  r.add("pairing.villages", "pairing", Unit::count, "结对村(去重)", "Villages paired (distinct)",
        std::int64_t(villages.size()));

  // reach: distinct recorded households, beside the aggregate counts as reported
  r.add("reach.households", "reach", Unit::households, "受益户(去重)", "Households reached (distinct, recorded)",
        std::int64_t(reached.size()));
  r.add("reach.households_reported", "reach", Unit::households, "带动户数(报道汇总)",
        "Households reached (aggregate, as reported)", households_reported);
  r.add("reach.persons_reported", "reach", Unit::persons, "带动人数(报道汇总)", "Persons reached (aggregate, as reported)",
        persons_reported);

  // wishes submitted in the year, and how far they got
  std::int64_t submitted = 0, claimed = 0, fulfilled = 0;
  Money value;
  for (std::size_t i = 0; i < t_.wishes.size(); ++i) {
    if (!in_year(t_.wishes.date[i]) || !west_side(t_.wishes.household[i])) continue;
    const WishState s = t_.wishes.state[i];
    ++submitted;
    claimed += s == WishState::claimed || s == WishState::fulfilled;
    fulfilled += s == WishState::fulfilled;
    if (s != WishState::cancelled) value += t_.wishes.cost[i];
  }
  r.add("wishes.submitted", "wishes", Unit::count, "微心愿征集", "Micro-wishes submitted", submitted);
  r.add("wishes.claimed", "wishes", Unit::count, "微心愿认领", "Micro-wishes claimed", claimed);
  r.add("wishes.fulfilled", "wishes", Unit::count, "微心愿实现", "Micro-wishes fulfilled", fulfilled);
  r.add("wishes.value", "wishes", Unit::yuan, "微心愿金额", "Value of micro-wishes (not cancelled)", value.fen());
  return r;
}

}  // namespace shanhai
