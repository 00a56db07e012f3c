// The vocabulary of report indicators: every key a report has, in report order, with its area,
// unit, Chinese and English labels, and for a ratio the two indicators it divides. The report,
// the Python results, IATI, plots and the spreadsheets all read it; nothing else declares a label.
#pragma once

#include <shanhai/enums.hpp>
#include <shanhai/error.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace shanhai {

enum class Unit : std::uint8_t { yuan, person_times, persons, households, trainees, count, percent, days, months };
template <>
struct enum_names<Unit> {
  static constexpr std::string_view type = "unit";
  static constexpr std::array<std::string_view, 9> names{"yuan",     "person_times", "persons", "households", "trainees",
                                                         "count",    "percent",      "days",    "months"};
};

/// One indicator of the vocabulary.
struct IndicatorInfo {
  std::string key;
  std::string area;
  Unit unit = Unit::count;
  std::string label_zh, label_en;
  // a ratio of two other indicators (a share or a mean): its value is in hundredths
  std::string numerator, denominator;
  bool ratio() const noexcept { return !denominator.empty(); }
  /// What one of the value's units is worth: 100 for money (fen) and ratios (hundredths), else 1.
  std::int64_t scale() const noexcept { return unit == Unit::yuan || ratio() ? 100 : 1; }
};

/// An area of the report, in the order reports are shown, with its labels.
struct AreaInfo {
  std::string_view key, label_zh, label_en;
};
inline constexpr std::array<AreaInfo, 11> report_areas{{
    {"leadership", "组织领导", "Leadership"},
    {"talent", "人才交流", "Talent exchange"},
    {"funds", "资金支持", "Funds"},
    {"industry", "产业合作", "Industrial cooperation"},
    {"labour", "劳务协作", "Labour cooperation"},
    {"education", "教育协作", "Education cooperation"},
    {"pairing", "携手奔小康", "Pairing"},
    {"reach", "受益覆盖", "Reach"},
    {"wishes", "微心愿", "Micro-wishes"},
    {"consumption", "消费帮扶", "Consumption assistance"},
    {"registry", "建档立卡", "Household registry"},
}};

/// A unit's labels (money is kept in fen and shown in yuan).
struct UnitInfo {
  std::string_view label_zh, label_en;
};
inline constexpr std::array<UnitInfo, enum_count<Unit>> unit_labels{{
    {"元", "yuan"},
    {"人次", "person-times"},
    {"人", "persons"},
    {"户", "households"},
    {"人", "trainees"},
    {"个", ""},
    {"%", "%"},
    {"天", "days"},
    {"月", "months"},
}};

namespace detail {

inline std::string_view role_zh(Role r) {
  constexpr std::string_view zh[] = {"干部", "教师", "校长", "医生", "技术人员", "致富带头人", "务工人员", "其他"};
  static_assert(std::size(zh) == enum_count<Role>);
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
  static_assert(std::size(zh) == enum_count<FlowKind>);
  return zh[std::size_t(k)];
}
inline std::string_view sector_zh(Sector s) {
  constexpr std::string_view zh[] = {"未分类", "农业", "工业", "基础设施", "饮水",     "教育", "卫生健康",
                                     "就业",   "住房", "社会事业", "基层治理", "综合", "其他"};
  static_assert(std::size(zh) == enum_count<Sector>);
  return zh[std::size_t(s)];
}
inline std::string_view status_zh(HouseholdStatus s) {
  constexpr std::string_view zh[] = {"贫困户", "特困户", "已脱贫", "监测户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"};
  static_assert(std::size(zh) == enum_count<HouseholdStatus>);
  return zh[std::size_t(s)];
}
inline std::string words(std::string_view snake) {
  std::string s(snake);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The vocabulary, written once: an indicator, or a family of them (one per value of an enum).
class VocabularyBuilder {
 public:
  std::vector<IndicatorInfo> all;
  void add(std::string key, std::string_view area, Unit unit, std::string zh, std::string en) {
    all.push_back({std::move(key), std::string(area), unit, std::move(zh), std::move(en), {}, {}});
  }
  void ratio(std::string key, std::string_view area, Unit unit, std::string zh, std::string en, std::string numerator,
             std::string denominator) {
    all.push_back({std::move(key), std::string(area), unit, std::move(zh), std::move(en), std::move(numerator),
                   std::move(denominator)});
  }
  // key.<value> for each value of E, labelled "<zh>:<value's zh>" and "<en>: <value's words>"
  template <class E, class Zh>
  void family(const std::string& key, std::string_view area, Unit unit, const std::string& zh, const std::string& en,
              Zh value_zh) {
    for (std::size_t k = 0; k < enum_count<E>; ++k)
      add(key + "." + std::string(to_string(E(k))), area, unit, zh + ":" + std::string(value_zh(E(k))),
          en + ": " + words(to_string(E(k))));
  }
};

inline std::vector<IndicatorInfo> make_vocabulary() {
  VocabularyBuilder v;
  v.add("leadership.meetings", "leadership", Unit::count, "高层联席会议及座谈会", "Meetings");
  v.add("leadership.meetings.joint_meeting", "leadership", Unit::count, "高层联席会议及座谈会:联席会议",
        "Meetings: joint meetings");
  v.add("leadership.meetings.symposium", "leadership", Unit::count, "高层联席会议及座谈会:座谈会、对接会",
        "Meetings: symposia");
  v.add("leadership.visits", "leadership", Unit::count, "互访及调研考察", "Visits");
  v.add("leadership.visits.high_level_visit", "leadership", Unit::count, "互访及调研考察:党政主要领导互访",
        "Visits: visits of party and government leaders");
  v.add("leadership.visits.research_visit", "leadership", Unit::count, "互访及调研考察:调研", "Visits: research visits");
  v.add("leadership.visits.inspection", "leadership", Unit::count, "互访及调研考察:考察", "Visits: inspections");
  v.add("leadership.participants", "leadership", Unit::persons, "会议及互访参与人数",
        "Participants in meetings and visits (where given)");

  for (auto [key, zh, en, unit] :
       {std::tuple{"talent.dispatched", "派出人才(东→西)", "Talent dispatched east→west", Unit::person_times},
        std::tuple{"talent.received", "接收人才(西→东)", "Talent received west→east", Unit::person_times},
        std::tuple{"talent.trained", "培训人员", "People trained", Unit::trainees}}) {
    v.add(key, "talent", unit, zh, en);
    v.family<Role>(key, "talent", unit, zh, en, role_zh);
  }
  v.add("talent.trained.sessions", "talent", Unit::count, "培训人员:期数", "People trained: sessions");

  v.add("funds.total", "funds", Unit::yuan, "帮扶资金(去重)", "Assistance funds (deduplicated)");
  for (FlowKind k : kinds_of(FlowClass::aid))
    v.add("funds." + std::string(to_string(k)), "funds", Unit::yuan, std::string(kind_zh(k)),
          "Funds: " + words(to_string(k)));
  v.add("funds.reported_sum", "funds", Unit::yuan, "各项数字直接相加(按报道)", "Sum of figures as reported");
  v.add("funds.unexplained", "funds", Unit::yuan, "未说明去向的余额", "Unexplained remainders");
  v.add("funds.committed", "funds", Unit::yuan, "承诺资金", "Funds committed");
  v.add("funds.pledged", "funds", Unit::yuan, "认捐资金", "Funds pledged");

  v.add("consumption.purchases", "consumption", Unit::yuan, "消费帮扶(采购)", "Consumption assistance: purchases");

  v.add("industry.projects", "industry", Unit::count, "协作项目(各领域)", "Projects (every sector)");
  v.family<Sector>("industry.projects", "industry", Unit::count, "协作项目", "Projects", sector_zh);
  v.add("industry.investment", "industry", Unit::yuan, "引导企业投资", "Enterprise investment brought in");
  v.add("industry.enterprises", "industry", Unit::count, "引进投资企业", "Enterprises that invested");
  v.add("industry.workshops", "industry", Unit::count, "扶贫车间", "Poverty-alleviation workshops");
  v.add("industry.jobs", "industry", Unit::persons, "项目带动就业", "Persons employed by projects");
  v.add("industry.workers", "industry", Unit::persons, "车间用工(就业记录)", "Workshop workers (employment records)");
  v.add("industry.poor_workers", "industry", Unit::persons, "其中贫困劳动力", "of them from poor households");
  v.add("industry.workers_classified", "industry", Unit::persons, "其中已知是否贫困", "of them known to be poor or not");
  v.ratio("industry.poor_share", "industry", Unit::percent, "贫困劳动力占比", "Share of poor workers",
          "industry.poor_workers", "industry.workers_classified");
  v.add("industry.wages", "industry", Unit::yuan, "车间发放工资", "Wages paid by workshops");
  v.add("industry.months_worked", "industry", Unit::months, "务工月数", "Months worked");

  // labour: the whole of those who found work, where they went beside it (transferred_east
  // includes those gone to the partner), and of which household status (其中脱贫劳动力)
  v.add("labour.employed", "labour", Unit::persons, "劳务协作就业", "Persons employed through labour cooperation");
  v.add("labour.transferred_partner", "labour", Unit::persons, "转移到结对地区就业",
        "Workers transferred to the partner region");
  v.add("labour.transferred_east", "labour", Unit::persons, "转移到东部地区就业(含结对地区)",
        "Workers transferred to the east (partner region included)");
  v.add("labour.employed_local", "labour", Unit::persons, "就地就近就业", "Workers employed locally");
  v.add("labour.employed_other", "labour", Unit::persons, "到其他地区就业", "Workers employed elsewhere");
  v.family<HouseholdStatus>("labour.employed", "labour", Unit::persons, "劳务协作就业", "Persons employed", status_zh);
  v.add("labour.trained", "labour", Unit::trainees, "劳务培训", "Workers trained");

  // education: published figures (no record feeds them yet)
  v.add("education.vocational_students", "education", Unit::persons, "职业教育招生", "Vocational students enrolled");
  v.add("education.graduates_employed", "education", Unit::persons, "毕业生就业", "Graduates employed");

  for (std::size_t k = 0; k < enum_count<PairingKind>; ++k)
    v.add("pairing." + std::string(to_string(PairingKind(k))), "pairing", Unit::count,
          std::string(pairing_zh(PairingKind(k))), "Pairings: " + words(to_string(PairingKind(k))));
  v.add("pairing.villages", "pairing", Unit::count, "结对村(去重)", "Villages paired (distinct)");

  v.add("wishes.submitted", "wishes", Unit::count, "微心愿征集", "Micro-wishes submitted");
  v.add("wishes.claimed", "wishes", Unit::count, "微心愿认领", "Micro-wishes claimed");
  v.add("wishes.fulfilled", "wishes", Unit::count, "微心愿实现", "Micro-wishes fulfilled");
  v.add("wishes.value", "wishes", Unit::yuan, "微心愿金额", "Value of micro-wishes (not cancelled)");
  v.add("wishes.batches", "wishes", Unit::count, "微心愿批次", "Batches of micro-wishes published");
  v.ratio("wishes.claim_rate", "wishes", Unit::percent, "认领率", "Claim rate", "wishes.claimed", "wishes.submitted");
  v.add("wishes.claim_days", "wishes", Unit::days, "认领用时合计(天)", "Days from publication to claim (sum)");
  v.add("wishes.claims_timed", "wishes", Unit::count, "有日期的认领", "Claims with both days known");
  v.ratio("wishes.days_to_claim", "wishes", Unit::days, "平均认领用时", "Mean days to claim", "wishes.claim_days",
          "wishes.claims_timed");

  v.add("reach.households", "reach", Unit::households, "受益户(去重)", "Households reached (distinct, recorded)");
  v.add("reach.households_reported", "reach", Unit::households, "带动户数(报道汇总)",
        "Households reached (aggregate, as reported)");
  v.add("reach.persons_reported", "reach", Unit::persons, "带动人数(报道汇总)", "Persons reached (aggregate, as reported)");
  v.add("reach.persons", "reach", Unit::persons, "受益人(去重)", "Persons reached (distinct, named)");

  v.add("registry.households", "registry", Unit::households, "建档立卡户", "Registered households");
  v.family<HouseholdStatus>("registry.households", "registry", Unit::households, "建档立卡户", "Households", status_zh);
  v.add("registry.persons", "registry", Unit::persons, "建档立卡人口", "Registered persons");
  v.family<HouseholdStatus>("registry.persons", "registry", Unit::persons, "建档立卡人口", "Persons", status_zh);
  v.add("registry.exits", "registry", Unit::households, "当年脱贫户", "Households that exited poverty");
  return std::move(v.all);
}

}  // namespace detail

/// Every indicator a report has, in report order (the same for every registry and scope).
inline const std::vector<IndicatorInfo>& indicators() {
  static const std::vector<IndicatorInfo> all = detail::make_vocabulary();
  return all;
}

/// The position of `key` in indicators(); indicators().size() when no report has it.
inline std::size_t indicator_index(std::string_view key) {
  static const auto index = [] {
    std::unordered_map<std::string_view, std::size_t> m;
    for (std::size_t i = 0; i < indicators().size(); ++i) m.emplace(indicators()[i].key, i);
    return m;
  }();
  const auto it = index.find(key);
  return it == index.end() ? indicators().size() : it->second;
}

/// The indicator of `key`, or none when no report has it.
inline const IndicatorInfo* find_indicator(std::string_view key) {
  const std::size_t i = indicator_index(key);
  return i < indicators().size() ? &indicators()[i] : nullptr;
}

/// The indicator of `key`, for a call that takes one (set_target, expect); refused when no report
/// has it.
inline const IndicatorInfo& require_indicator(const std::string& key, std::string_view call) {
  if (const IndicatorInfo* i = find_indicator(key)) return *i;
  throw validation_error(std::string(call) + " key: '" + key + "' is not a report indicator",
                         where(std::string(call) + " key", reason::unknown_value, key));
}

/// A year a report of figures and targets can be of.
inline void require_report_year(int year, std::string_view call) {
  if (year < 1949 || year > 2200)
    throw validation_error(std::string(call) + " year: " + std::to_string(year) + " is not a plausible year",
                           where(std::string(call) + " year", reason::out_of_range, std::to_string(year)));
}

}  // namespace shanhai
