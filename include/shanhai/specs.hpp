// What an insertion takes: one aggregate per table, members in the order of DESIGN.md, later
// members optional, so that designated initialisers read like the Python keywords.
#pragma once

#include <shanhai/tables.hpp>

namespace shanhai {

struct PartnerSpec {
  std::string name{};
  PartnerKind kind = PartnerKind::other;
  Side side = Side::unspecified;  // unspecified: the parent's side
  PartnerId parent{};
  std::string code{};  // administrative code, GB/T 2260 and below: up to 12 digits
  std::string note{};
};

struct PairingSpec {
  Node a{}, b{};  // partners or households
  PairingKind kind = PairingKind::other;
  Date since{}, until{};
  std::string note{};
};

struct FlowSpec {
  Node source{}, target{};  // partners, projects or households
  Money amount{};
  Date date{};
  FlowKind kind = FlowKind::other;
  Stage stage = Stage::disbursement;
  Sector purpose = Sector::unspecified;
  FlowId parent{};
  std::string note{};
};

struct ProjectSpec {
  std::string name{};
  Sector sector = Sector::unspecified;
  PartnerId location{}, implementer{};
  Date start{}, end{};
  std::vector<Output> outputs{};
  std::string note{};
};

struct HouseholdSpec {
  std::string number{};  // registry number; empty when not known
  PartnerId village{};
  std::int32_t members = 0;  // 0: not known
  HouseholdStatus status = HouseholdStatus::poor;
  std::int16_t exit_year = 0;
  std::string note{};
};

struct BenefitSpec {
  HouseholdId beneficiary{};  // none: an aggregate record of `persons` and `households`
  Node via{};                   // project, flow or partner
  BenefitKind kind = BenefitKind::other;
  Date date{};
  std::int64_t persons = 0;
  std::int64_t households = 0;
  Money amount{};
  std::string note{};
};

struct ExchangeSpec {
  PartnerId sender{}, host{};
  Role role = Role::other;
  std::int64_t person_times = 0;  // 0: as many as persons
  std::int64_t persons = 0;       // 0: not given
  std::int32_t batches = 0, days = 0;
  std::string purpose{};
  Date date{};
  ExchangeId part_of{};
  std::string note{};
};

struct TrainingSpec {
  PartnerId organiser{}, location{};
  Role role = Role::other;
  std::int64_t trainees = 0;
  std::int32_t days = 0;
  Date date{};
  std::string note{};
};

struct WishSpec {
  HouseholdId household{};
  std::string text{};
  Money cost{};  // zero: not given
  Date date{};
  std::string note{};
};

struct EventSpec {
  EventKind kind = EventKind::other;
  Date date{};
  std::vector<PartnerId> partners{};
  std::string note{};
};

/// Which flows a total counts; unset members do not restrict.
struct Scope {
  Node source{}, target{};  // at or below
  int year = 0;
  std::vector<FlowKind> kinds{};
  std::vector<Sector> purposes{};
  Stage stage = Stage::disbursement;
  PartnerId boundary{};  // count money as it first crosses into this partner (and below)
  PartnerId origin{};    // only money whose root source is at or below this partner
};

/// A published figure: the total it claims for a scope, and where it was published.
struct ExpectationSpec {
  Money amount{};
  Scope scope{};
  std::string citation{};
};

/// One flow per household of an amount split exactly (largest remainder) by weights.
struct DistributeSpec {
  Node source{};
  Money amount{};
  std::vector<HouseholdId> to{};
  std::vector<std::int64_t> weights{};  // empty: equal shares
  FlowKind kind = FlowKind::dividend;
  Date date{};
  FlowId parent{};
  Sector purpose = Sector::unspecified;
  std::string note{};
};

}  // namespace shanhai
