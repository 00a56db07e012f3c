// Enumerations with their snake_case names. The names are part of the API and of the files:
// append new values at the end of an enum (before nothing), never reorder.
#pragma once

#include <shanhai/error.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shanhai {

enum class Side : std::uint8_t { unspecified, east, west };
enum class PartnerKind : std::uint8_t {
  province, city, county, district, town, street, village, community, department, enterprise, soe,
  school, kindergarten, hospital, health_center, social_org, cooperative, family, other
};
/// Kinds of pairing (结对): the programme's own, and the pairings of towns, villages, firms and
/// social organisations inside it. New kinds go at the end (the files store the index).
enum class PairingKind : std::uint8_t {
  east_west, street_village, enterprise_village, school, hospital, family_household, other, town_town,
  village_village, town_village, social_org_village
};
enum class FlowKind : std::uint8_t { fiscal, donation, investment, in_kind, purchase, dividend, wage, other };
/// What a flow is: assistance (aid), a purchase of western products (trade: 消费帮扶), or an
/// enterprise's investment brought in (招商引资). Only aid is assistance money; trade and
/// investment are counted beside it, never inside it. flow_class() says which kind is which.
enum class FlowClass : std::uint8_t { aid, trade, investment };
enum class Stage : std::uint8_t { pledge, commitment, disbursement, expenditure };
enum class Sector : std::uint8_t {
  unspecified, agriculture, industry, infrastructure, water, education, health, employment, housing,
  social, governance, mixed, other
};
/// After 2020 the monitored households are of three kinds: unstable (脱贫不稳定户), marginal
/// (边缘易致贫户) and hardship (突发严重困难户); `monitored` is any of them, unspecified.
enum class HouseholdStatus : std::uint8_t { poor, extremely_poor, exited, monitored, unstable, marginal, hardship };
/// Causes of poverty as the household registry (建档立卡) records them: 因病, 因残, 因学, 因灾,
/// 缺土地, 缺水, 缺技术, 缺劳力, 缺资金, 交通条件落后, 自身发展动力不足.
enum class PovertyCause : std::uint8_t {
  illness, disability, schooling, disaster, lack_of_land, lack_of_water, lack_of_skills, lack_of_labour,
  lack_of_funds, poor_transport, lack_of_drive, other
};
enum class Relation : std::uint8_t { head, spouse, child, child_in_law, grandchild, parent, grandparent, sibling, other };
enum class Sex : std::uint8_t { unspecified, female, male };
enum class Health : std::uint8_t { unspecified, healthy, chronic_illness, serious_illness, disabled };
enum class Education : std::uint8_t {
  unspecified, preschool, illiterate, primary, junior_secondary, senior_secondary, vocational, tertiary
};
/// Labour ability: 普通劳动力, 技能劳动力, 弱劳动力或半劳动力, 丧失劳动力, 无劳动力.
enum class Labour : std::uint8_t { unspecified, able, skilled, weak, lost, none };
enum class BenefitKind : std::uint8_t {
  employment, dividend, income, training, wish, health, education, infrastructure, other
};
enum class Role : std::uint8_t { cadre, teacher, principal, doctor, technician, entrepreneur, worker, other };
enum class WishState : std::uint8_t { open, claimed, fulfilled, cancelled };
/// Leadership events: joint meetings (联席会议) and symposia (座谈会/对接会) are meetings; research
/// visits, inspections and visits of the leaders of party and government (党政主要领导互访) are visits.
enum class EventKind : std::uint8_t {
  research_visit, joint_meeting, signing, inspection, other, high_level_visit, symposium
};
/// Where the workers of a labour record found work: in the paired eastern region (the east
/// partner or the city or province above it), elsewhere in the east, at home (就地就近), or
/// elsewhere. `partner` is inside `east`.
enum class LabourDestination : std::uint8_t { partner, east, local, other, unknown };
/// The household status of a labour record's workers (其中脱贫劳动力: `poor`), as HouseholdStatus
/// with `unspecified` first: workers of every status.
enum class LabourStatus : std::uint8_t {
  unspecified, poor, extremely_poor, exited, monitored, unstable, marginal, hardship
};
/// What a Node names: flows name partners, projects or households; a benefit may come via a flow.
enum class NodeKind : std::uint8_t { none, partner, project, household, flow };

template <class E>
struct enum_names;

#define SHANHAI_ENUM_NAMES(E, what, ...)                                   \
  template <>                                                              \
  struct enum_names<E> {                                                   \
    static constexpr std::string_view type = what;                         \
    static constexpr std::array<std::string_view, std::tuple_size_v<decltype(std::array{__VA_ARGS__})>> \
        names{__VA_ARGS__};                                                \
  }

SHANHAI_ENUM_NAMES(Side, "side", "unspecified", "east", "west");
SHANHAI_ENUM_NAMES(PartnerKind, "partner kind", "province", "city", "county", "district", "town", "street",
                   "village", "community", "department", "enterprise", "soe", "school", "kindergarten",
                   "hospital", "health_center", "social_org", "cooperative", "family", "other");
SHANHAI_ENUM_NAMES(PairingKind, "pairing kind", "east_west", "street_village", "enterprise_village", "school",
                   "hospital", "family_household", "other", "town_town", "village_village", "town_village",
                   "social_org_village");
SHANHAI_ENUM_NAMES(FlowKind, "flow kind", "fiscal", "donation", "investment", "in_kind", "purchase", "dividend",
                   "wage", "other");
SHANHAI_ENUM_NAMES(FlowClass, "flow class", "aid", "trade", "investment");
SHANHAI_ENUM_NAMES(Stage, "stage", "pledge", "commitment", "disbursement", "expenditure");
SHANHAI_ENUM_NAMES(Sector, "sector", "unspecified", "agriculture", "industry", "infrastructure", "water",
                   "education", "health", "employment", "housing", "social", "governance", "mixed", "other");
SHANHAI_ENUM_NAMES(HouseholdStatus, "household status", "poor", "extremely_poor", "exited", "monitored", "unstable",
                   "marginal", "hardship");
SHANHAI_ENUM_NAMES(PovertyCause, "poverty cause", "illness", "disability", "schooling", "disaster", "lack_of_land",
                   "lack_of_water", "lack_of_skills", "lack_of_labour", "lack_of_funds", "poor_transport",
                   "lack_of_drive", "other");
SHANHAI_ENUM_NAMES(Relation, "relation", "head", "spouse", "child", "child_in_law", "grandchild", "parent",
                   "grandparent", "sibling", "other");
SHANHAI_ENUM_NAMES(Sex, "sex", "unspecified", "female", "male");
SHANHAI_ENUM_NAMES(Health, "health", "unspecified", "healthy", "chronic_illness", "serious_illness", "disabled");
SHANHAI_ENUM_NAMES(Education, "education", "unspecified", "preschool", "illiterate", "primary", "junior_secondary",
                   "senior_secondary", "vocational", "tertiary");
SHANHAI_ENUM_NAMES(Labour, "labour", "unspecified", "able", "skilled", "weak", "lost", "none");
SHANHAI_ENUM_NAMES(BenefitKind, "benefit kind", "employment", "dividend", "income", "training", "wish", "health",
                   "education", "infrastructure", "other");
SHANHAI_ENUM_NAMES(Role, "role", "cadre", "teacher", "principal", "doctor", "technician", "entrepreneur",
                   "worker", "other");
SHANHAI_ENUM_NAMES(WishState, "wish state", "open", "claimed", "fulfilled", "cancelled");
SHANHAI_ENUM_NAMES(EventKind, "event kind", "research_visit", "joint_meeting", "signing", "inspection", "other",
                   "high_level_visit", "symposium");
SHANHAI_ENUM_NAMES(LabourDestination, "labour destination", "partner", "east", "local", "other", "unknown");
SHANHAI_ENUM_NAMES(LabourStatus, "labour status", "unspecified", "poor", "extremely_poor", "exited", "monitored",
                   "unstable", "marginal", "hardship");
SHANHAI_ENUM_NAMES(NodeKind, "node kind", "none", "partner", "project", "household", "flow");

#undef SHANHAI_ENUM_NAMES

template <class E>
constexpr std::size_t enum_count = enum_names<E>::names.size();

template <class E>
constexpr std::string_view to_string(E e) noexcept {
  return enum_names<E>::names[static_cast<std::size_t>(e)];
}

/// The enumerator named `name`; an unknown name throws validation_error listing the known ones.
template <class E>
E enum_from_string(std::string_view name) {
  const auto& names = enum_names<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<E>(i);
  // built with append: GCC 12 warns falsely (-Wstringop-overflow) on a chain of operator+
  std::string message = "unknown ";
  message.append(enum_names<E>::type).append(" '").append(name).append("' (known:");
  for (auto n : names) message.append(" ").append(n);
  message.append(")");
  throw validation_error(message, {.value = name.size() <= 40 ? std::string(name) : std::string(), .reason = std::string(reason::unknown_value)});
}

/// The class of each flow kind: the one place it is stated.
constexpr FlowClass flow_class(FlowKind k) noexcept {
  switch (k) {
    case FlowKind::purchase: return FlowClass::trade;
    case FlowKind::investment: return FlowClass::investment;
    default: return FlowClass::aid;
  }
}

/// The flow kinds of a class, in their order.
inline std::vector<FlowKind> kinds_of(FlowClass c) {
  std::vector<FlowKind> out;
  for (std::size_t k = 0; k < enum_count<FlowKind>; ++k)
    if (flow_class(FlowKind(k)) == c) out.push_back(FlowKind(k));
  return out;
}

/// A value read from a file or a column: throws validation_error when out of range.
template <class E>
E enum_checked(unsigned value) {
  if (value >= enum_count<E>)
    throw validation_error(std::string(enum_names<E>::type) + " " + std::to_string(value) + " is out of range",
                           {.value = std::to_string(value), .reason = std::string(reason::out_of_range)});
  return static_cast<E>(value);
}

}  // namespace shanhai
