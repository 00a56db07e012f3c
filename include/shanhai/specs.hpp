// What an insertion takes: one aggregate per table, members in the order of its table's
// columns, later members optional, so that designated initialisers read like the Python keywords.
#pragma once

#include <shanhai/only.hpp>
#include <shanhai/tables.hpp>

#include <algorithm>
#include <optional>

namespace shanhai {

struct PartnerSpec {
  std::string name{};
  PartnerKind kind = PartnerKind::other;
  Side side = Side::unspecified;  // unspecified: the parent's side
  PartnerId parent{};
  std::string code{};  // administrative code, GB/T 2260 and below: up to 12 digits
  std::string note{};
  std::int32_t count = 1;  // the unnamed organisations it stands for ("3 firms"); 0: one
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
  PairingId credited_to{};  // money from outside the pair's eastern tree, counted as the pair's
  std::optional<Currency> currency{};  // the amount's; none: the registry's (a part: its parent's)
  // a negative amount correcting money reported before (a source's negative transaction): a root
  // of its own, never a parent, that reduces whatever total it counts in by exactly its amount
  bool correction = false;
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
  std::vector<PovertyCause> causes{};  // the main cause first
  std::string address{};               // the standard address (一标三实)
  std::string head_name{};             // the name of the head of the household
};

struct PersonSpec {
  HouseholdId household{};
  Relation relation = Relation::other;
  Sex sex = Sex::unspecified;
  std::int16_t birth_year = 0;  // 0: not known
  Health health = Health::unspecified;
  Education education = Education::unspecified;
  Labour labour = Labour::unspecified;
  std::string note{};
  std::string name{};
  std::string id_number{};  // citizen ID number (GB 11643): checked, stored normalised, unique
  std::string phone{};      // a mobile or a landline with its area code: stored normalised
};

struct StatusChangeSpec {
  HouseholdId household{};
  HouseholdStatus status = HouseholdStatus::poor;
  Date date{};  // required: history is ordered by it
  std::string note{};
};

/// One worker (person, household or worker key) in a month, or an aggregate headcount.
struct EmploymentSpec {
  ProjectId workshop{};
  HouseholdId household{};  // taken from the person when a person is given
  PersonId person{};
  std::string worker{};  // a key for a worker not in the registry
  Date month{};
  std::int64_t workers = 1;  // an aggregate's headcount; 1 for one worker
  std::int64_t poor = -1;    // an aggregate's workers from poor households; -1: not known (one worker: from
                             // the household's status in the month)
  Money wage{};
  std::string note{};
};

struct TargetSpec {
  std::string key{};  // a report indicator
  std::int32_t year = 0;
  std::int64_t value = 0;  // fen for money indicators
  std::int64_t baseline = 0;
  std::int32_t baseline_year = 0;  // 0: no baseline
  std::string note{};
  PartnerId east{}, west{};  // the pair the target is for; none: the whole registry's
};

/// A published aggregate of a report indicator (Registry::add_figure).
struct FigureSpec {
  std::string key{};  // a report indicator, not a ratio
  std::int32_t year = 0;
  std::int64_t value = 0;  // fen for money indicators
  PartnerId east{}, west{};
  Qualifier qualifier = Qualifier::exact;
  FigureId part_of{};  // a figure this one is a detail of
  std::string citation{};
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
  BenefitId part_of{};  // an aggregate record this one breaks down ("494 employed, of whom 24 ...")
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
  std::int32_t sessions = 0;  // 期; 0: not reported
  TrainingId part_of{};       // a larger training this one breaks down
};

/// Workers who found work: `persons` of `status` (unspecified: of every status) from `west`,
/// through its pairing with `east`, gone to `destination`.
struct LabourSpec {
  PartnerId east{}, west{};
  std::int64_t persons = 0;
  LabourDestination destination = LabourDestination::unknown;
  LabourStatus status = LabourStatus::unspecified;
  Date date{};
  LabourId part_of{};  // a larger record this one breaks down
  std::string citation{};
  std::string note{};
};

struct WishSpec {
  HouseholdId household{};
  std::string text{};
  Money cost{};  // zero: not given
  Date date{};
  std::string note{};
  std::int32_t batch = 0;  // the batch it is published in; 0: none
};

struct EventSpec {
  EventKind kind = EventKind::other;
  Date date{};
  std::vector<PartnerId> partners{};
  std::string note{};
  std::int64_t participants = 0;  // people who took part; 0: not given
};

/// Which flows a total counts; unset members do not restrict.
struct Scope {
  ScopeNode source{}, target{};  // at or below (only(p): the partner's own)
  int year = 0;
  std::vector<FlowKind> kinds{};  // none: the aid kinds (trade and investment only when named)
  std::vector<Sector> purposes{};
  Stage stage = Stage::disbursement;
  ScopePartner boundary{};  // count money as it first crosses into this partner (and below)
  ScopePartner origin{};    // only money whose root source is at or below this partner
  std::optional<Currency> currency{};  // only money in this currency (none: the flows must have one)
};

namespace detail {
/// The flow kinds a scope counts, one bit each: an empty list counts the aid kinds.
inline std::uint32_t kind_mask(const std::vector<FlowKind>& kinds) noexcept {
  std::uint32_t mask = 0;
  for (std::size_t k = 0; k < enum_count<FlowKind>; ++k)
    if (kinds.empty() ? flow_class(FlowKind(k)) == FlowClass::aid
                      : std::find(kinds.begin(), kinds.end(), FlowKind(k)) != kinds.end())
      mask |= std::uint32_t(1) << k;
  return mask;
}
}  // namespace detail

/// A published figure: the total it claims for a scope, and where it was published.
struct ExpectationSpec {
  Money amount{};
  Scope scope{};
  std::string citation{};
  Qualifier qualifier = Qualifier::exact;
};

/// A published figure of a report indicator: `value` in the indicator's unit (fen for money), for
/// the report of `year` and the pair `east`/`west` (none: the whole registry).
struct IndicatorExpectationSpec {
  std::string key{};
  std::int64_t value = 0;
  int year = 0;
  PartnerId east{}, west{};
  Qualifier qualifier = Qualifier::exact;
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
