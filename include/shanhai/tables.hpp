// The registry's tables, one struct of columns each. Derived state lives in the registry's index,
// never here: a table holds exactly what a file holds.
#pragma once

#include <shanhai/date.hpp>
#include <shanhai/currency.hpp>
#include <shanhai/enums.hpp>
#include <shanhai/ids.hpp>
#include <shanhai/list_column.hpp>
#include <shanhai/money.hpp>
#include <shanhai/qualifier.hpp>
#include <shanhai/table.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace shanhai {

/// A named count that a project produced: {"workshops", 20}, {"km_road", 12}.
struct Output {
  std::string name;
  std::int64_t count = 0;
  friend bool operator==(const Output&, const Output&) = default;
};

struct PartnerTable : Table<PartnerTable> {
  TextColumn name;
  std::vector<PartnerKind> kind;
  std::vector<Side> side;  // resolved: a partner given no side takes its parent's
  std::vector<PartnerId> parent;
  TextColumn code;
  TextColumn note;
  // the unnamed organisations it stands for ("3 firms"); 0 (files before 7) or 1: itself alone
  std::vector<std::int32_t> count;
  static constexpr std::array<std::string_view, 7> column_names{"name", "kind", "side", "parent", "code", "note",
                                                                "count"};
  static constexpr std::array<std::uint32_t, 7> column_since{1, 1, 1, 1, 1, 1, 7};
  template <class S>
  static auto columns(S& s) { return std::tie(s.name, s.kind, s.side, s.parent, s.code, s.note, s.count); }
  /// How many organisations partner `i` counts as: at least one.
  std::int64_t organisations(std::size_t i) const noexcept { return count[i] > 1 ? count[i] : 1; }
};

struct PairingTable : Table<PairingTable> {
  std::vector<Node> a, b;
  std::vector<PairingKind> kind;
  std::vector<Date> since, until;
  TextColumn note;
  static constexpr std::array<std::string_view, 6> column_names{"a", "b", "kind", "since", "until", "note"};
  template <class S>
  static auto columns(S& s) { return std::tie(s.a, s.b, s.kind, s.since, s.until, s.note); }
};

struct FlowTable : Table<FlowTable> {
  std::vector<Node> source, target;
  std::vector<Money> amount;
  std::vector<Date> date;
  std::vector<FlowKind> kind;
  std::vector<Stage> stage;
  std::vector<Sector> purpose;
  std::vector<FlowId> parent;
  TextColumn note;
  // a root's money from outside the eastern partner's tree (a firm it brought in) credited to a
  // pairing: its report and every report enclosing it count the chain as the pair's
  std::vector<PairingId> credited_to;
  std::vector<Currency> currency;  // the amount's: a chain keeps one
  // 1: a correction, the one kind of flow whose amount is negative (FlowSpec::correction)
  std::vector<std::uint8_t> correction;
  static constexpr std::array<std::string_view, 12> column_names{
      "source", "target",      "amount",   "date",      "kind", "stage", "purpose", "parent",
      "note",   "credited_to", "currency", "correction"};
  static constexpr std::array<std::uint32_t, 12> column_since{1, 1, 1, 1, 1, 1, 1, 1, 1, 7, 8, 8};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.source, s.target, s.amount, s.date, s.kind, s.stage, s.purpose, s.parent, s.note,
                    s.credited_to, s.currency, s.correction);
  }
};

struct ProjectTable : Table<ProjectTable> {
  TextColumn name;
  std::vector<Sector> sector;
  std::vector<PartnerId> location, implementer;
  std::vector<Date> start, end;
  std::vector<std::vector<Output>> outputs;
  TextColumn note;
  static constexpr std::array<std::string_view, 8> column_names{"name",  "sector", "location", "implementer",
                                                                "start", "end",    "outputs",  "note"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.name, s.sector, s.location, s.implementer, s.start, s.end, s.outputs, s.note);
  }
  // a project known by its name only (no sector, place, implementer or dates), as a part's
  // placeholder of another part's project is: it cannot be placed, and is not counted
  bool bare(std::size_t i) const {
    return sector[i] == Sector::unspecified && !location[i] && !implementer[i] && start[i].empty() && end[i].empty();
  }
};

struct HouseholdTable : Table<HouseholdTable> {
  TextColumn number;  // registry number (建档立卡), unique when given
  std::vector<PartnerId> village;
  std::vector<std::int32_t> members;
  std::vector<HouseholdStatus> status;  // when registered; later changes are in the status history
  std::vector<std::int16_t> exit_year;  // 0: not exited
  TextColumn note;
  ListColumn<PovertyCause> causes;  // the main cause first
  TextColumn address;               // the standard address (一标三实)
  TextColumn head_name;             // the name of the head of the household
  static constexpr std::array<std::string_view, 9> column_names{
      "number", "village", "members", "status", "exit_year", "note", "causes", "address", "head_name"};
  static constexpr std::array<std::uint32_t, 9> column_since{1, 1, 1, 1, 1, 1, 2, 2, 4};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.number, s.village, s.members, s.status, s.exit_year, s.note, s.causes, s.address, s.head_name);
  }
};

/// Members of registered households (the household registry's persons).
struct PersonTable : Table<PersonTable> {
  std::vector<HouseholdId> household;
  std::vector<Relation> relation;  // to the head of the household
  std::vector<Sex> sex;
  std::vector<std::int16_t> birth_year;  // 0: not known
  std::vector<Health> health;
  std::vector<Education> education;
  std::vector<Labour> labour;
  TextColumn note;
  TextColumn name;
  TextColumn id_number;  // citizen ID number (GB 11643), normalised; unique when given
  TextColumn phone;      // a mobile's 11 digits, or a landline "0AAA-NNNNNNNN"
  static constexpr std::array<std::string_view, 11> column_names{
      "household", "relation", "sex", "birth_year", "health", "education", "labour", "note", "name", "id_number",
      "phone"};
  static constexpr std::array<std::uint32_t, 11> column_since{2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4};
  static constexpr std::uint32_t table_since = 2;
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.household, s.relation, s.sex, s.birth_year, s.health, s.education, s.labour, s.note, s.name,
                    s.id_number, s.phone);
  }
};

/// A household's status history: each change with its date, never overwritten.
struct StatusChangeTable : Table<StatusChangeTable> {
  std::vector<HouseholdId> household;
  std::vector<HouseholdStatus> status;
  std::vector<Date> date;
  TextColumn note;
  static constexpr std::array<std::string_view, 4> column_names{"household", "status", "date", "note"};
  static constexpr std::uint32_t table_since = 2;
  template <class S>
  static auto columns(S& s) { return std::tie(s.household, s.status, s.date, s.note); }
};

/// Who a workshop (a project) employed in a month, and the wage paid. A record names one worker
/// (a person, a household, or a worker key for someone not in the registry) or, with none of
/// them, is an aggregate headcount of `workers`.
struct EmploymentTable : Table<EmploymentTable> {
  std::vector<ProjectId> workshop;
  std::vector<HouseholdId> household;
  std::vector<PersonId> person;
  TextColumn worker;
  std::vector<Date> month;
  std::vector<std::int64_t> workers;
  std::vector<std::int64_t> poor;  // an aggregate's workers from poor households; -1: not known or one worker
  std::vector<Money> wage;
  TextColumn note;
  static constexpr std::array<std::string_view, 9> column_names{"workshop", "household", "person", "worker", "month",
                                                                "workers",  "poor",      "wage",   "note"};
  static constexpr std::uint32_t table_since = 2;
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.workshop, s.household, s.person, s.worker, s.month, s.workers, s.poor, s.wage, s.note);
  }
};

/// Targets for report indicators (as IATI results): the value aimed at in a year, and a baseline.
struct TargetTable : Table<TargetTable> {
  TextColumn key;  // a report indicator
  std::vector<std::int32_t> year;
  std::vector<std::int64_t> value;          // fen for money indicators
  std::vector<std::int64_t> baseline;       // fen for money indicators
  std::vector<std::int32_t> baseline_year;  // 0: no baseline
  TextColumn note;
  std::vector<PartnerId> east, west;  // the pair it is for; none: the whole registry's
  static constexpr std::array<std::string_view, 8> column_names{
      "key", "year", "value", "baseline", "baseline_year", "note", "east", "west"};
  static constexpr std::array<std::uint32_t, 8> column_since{2, 2, 2, 2, 2, 2, 7, 7};
  static constexpr std::uint32_t table_since = 2;
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.key, s.year, s.value, s.baseline, s.baseline_year, s.note, s.east, s.west);
  }
};

struct BenefitTable : Table<BenefitTable> {
  std::vector<HouseholdId> beneficiary;  // none: an aggregate record
  std::vector<Node> via;                 // project, flow or partner
  std::vector<BenefitKind> kind;
  std::vector<Date> date;
  std::vector<std::int64_t> persons, households;
  std::vector<Money> amount;
  TextColumn note;
  std::vector<BenefitId> part_of;  // a breakdown of an aggregate record: inside it, never added to it
  static constexpr std::array<std::string_view, 9> column_names{
      "beneficiary", "via", "kind", "date", "persons", "households", "amount", "note", "part_of"};
  static constexpr std::array<std::uint32_t, 9> column_since{1, 1, 1, 1, 1, 1, 1, 1, 5};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.beneficiary, s.via, s.kind, s.date, s.persons, s.households, s.amount, s.note, s.part_of);
  }
};

struct ExchangeTable : Table<ExchangeTable> {
  std::vector<PartnerId> sender, host;
  std::vector<Role> role;
  std::vector<std::int64_t> person_times, persons;
  std::vector<std::int32_t> batches, days;
  TextColumn purpose;
  std::vector<Date> date;
  std::vector<ExchangeId> part_of;  // an exchange that is a detail of a larger one is never added to it
  TextColumn note;
  static constexpr std::array<std::string_view, 11> column_names{
      "sender", "host", "role", "person_times", "persons", "batches", "days", "purpose", "date", "part_of", "note"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.sender, s.host, s.role, s.person_times, s.persons, s.batches, s.days, s.purpose, s.date,
                    s.part_of, s.note);
  }
};

struct TrainingTable : Table<TrainingTable> {
  std::vector<PartnerId> organiser, location;
  std::vector<Role> role;
  std::vector<std::int64_t> trainees;
  std::vector<std::int32_t> days;
  std::vector<Date> date;
  TextColumn note;
  std::vector<std::int32_t> sessions;  // 期: classes held; 0 not reported
  std::vector<TrainingId> part_of;     // a breakdown of a larger training: inside it, never added to it
  static constexpr std::array<std::string_view, 9> column_names{
      "organiser", "location", "role", "trainees", "days", "date", "note", "sessions", "part_of"};
  static constexpr std::array<std::uint32_t, 9> column_since{1, 1, 1, 1, 1, 1, 1, 5, 5};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.organiser, s.location, s.role, s.trainees, s.days, s.date, s.note, s.sessions, s.part_of);
  }
};

struct WishTable : Table<WishTable> {
  std::vector<HouseholdId> household;
  TextColumn text;
  std::vector<Money> cost;  // zero: not given
  std::vector<Date> date;   // submitted
  std::vector<WishState> state;
  std::vector<PartnerId> claimed_by;
  std::vector<Date> claimed, closed;  // closed: fulfilled or cancelled
  TextColumn note;
  std::vector<std::int32_t> batch;  // the batch it was published in; 0: none
  static constexpr std::array<std::string_view, 10> column_names{"household",  "text",    "cost",   "date", "state",
                                                                 "claimed_by", "claimed", "closed", "note", "batch"};
  static constexpr std::array<std::uint32_t, 10> column_since{1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.household, s.text, s.cost, s.date, s.state, s.claimed_by, s.claimed, s.closed, s.note,
                    s.batch);
  }
};

struct EventTable : Table<EventTable> {
  std::vector<EventKind> kind;
  std::vector<Date> date;
  ListColumn<PartnerId> partners;
  TextColumn note;
  std::vector<std::int64_t> participants;  // people who took part; 0: not given
  static constexpr std::array<std::string_view, 5> column_names{"kind", "date", "partners", "note", "participants"};
  static constexpr std::array<std::uint32_t, 5> column_since{1, 1, 1, 1, 7};
  template <class S>
  static auto columns(S& s) { return std::tie(s.kind, s.date, s.partners, s.note, s.participants); }
};

/// Published figures to check. Either a money total and the scope it claims to cover (see Scope;
/// `key` empty), or a report indicator's value for a year and pair (`key`, `value` in the
/// indicator's unit: fen for money), each with how exact the publisher said it was.
struct ExpectationTable : Table<ExpectationTable> {
  std::vector<Money> amount;
  std::vector<Node> source, target;
  std::vector<std::int32_t> year;
  ListColumn<FlowKind> kinds;
  ListColumn<Sector> purposes;
  std::vector<Stage> stage;
  std::vector<PartnerId> boundary, origin;
  TextColumn citation;
  std::vector<Qualifier> qualifier;
  TextColumn key;
  std::vector<std::int64_t> value;
  std::vector<PartnerId> east, west;
  static constexpr std::array<std::string_view, 15> column_names{
      "amount", "source",   "target",    "year", "kinds", "purposes", "stage", "boundary",
      "origin", "citation", "qualifier", "key",  "value", "east",     "west"};
  static constexpr std::array<std::uint32_t, 15> column_since{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.amount, s.source, s.target, s.year, s.kinds, s.purposes, s.stage, s.boundary, s.origin,
                    s.citation, s.qualifier, s.key, s.value, s.east, s.west);
  }
};

/// Published aggregates of report indicators (年报: "帮扶资金4.53亿元", "494人实现就业"): each the
/// whole of its indicator in its year and pair, in the indicator's unit (fen for money). Records and
/// figures of narrower pairs inside it are its parts, never added to it (analysis/report.hpp).
struct FigureTable : Table<FigureTable> {
  TextColumn key;  // a report indicator
  std::vector<std::int32_t> year;
  std::vector<std::int64_t> value;    // fen for money indicators
  std::vector<PartnerId> east, west;  // the pair; none: any partner of that side
  std::vector<Qualifier> qualifier;
  std::vector<FigureId> part_of;  // the figure this one is a detail of: inside it, never added to it
  TextColumn citation;
  TextColumn note;
  static constexpr std::array<std::string_view, 9> column_names{
      "key", "year", "value", "east", "west", "qualifier", "part_of", "citation", "note"};
  static constexpr std::uint32_t table_since = 7;
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.key, s.year, s.value, s.east, s.west, s.qualifier, s.part_of, s.citation, s.note);
  }
};

/// Workers who found work through labour cooperation (劳务协作), as a pair reports them: how many,
/// where they went, and of which household status. A record with `part_of` breaks down a larger
/// one ("494 found work, of whom 210 locally"): inside it, never added to it.
struct LabourTable : Table<LabourTable> {
  std::vector<PartnerId> east, west;  // the pair: west where they come from, east its partner
  std::vector<std::int64_t> persons;
  std::vector<LabourDestination> destination;
  std::vector<LabourStatus> status;  // unspecified: workers of every status
  std::vector<Date> date;
  std::vector<LabourId> part_of;
  TextColumn citation;
  TextColumn note;
  static constexpr std::array<std::string_view, 9> column_names{
      "east", "west", "persons", "destination", "status", "date", "part_of", "citation", "note"};
  static constexpr std::array<std::uint32_t, 9> column_since{7, 7, 7, 7, 7, 7, 7, 7, 7};
  static constexpr std::uint32_t table_since = 7;
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.east, s.west, s.persons, s.destination, s.status, s.date, s.part_of, s.citation, s.note);
  }
};

/// Every table of a registry: what a file holds.
struct Tables {
  PartnerTable partners;
  PairingTable pairings;
  FlowTable flows;
  ProjectTable projects;
  HouseholdTable households;
  BenefitTable benefits;
  ExchangeTable exchanges;
  TrainingTable trainings;
  WishTable wishes;
  EventTable events;
  ExpectationTable expectations;
  PersonTable persons;  // these four since format version 2 (their table_since)
  StatusChangeTable status_changes;
  EmploymentTable employment;
  TargetTable targets;
  FigureTable figures;  // since format version 7
  LabourTable labour;  // since format version 7
};

/// Every table with its name, in file order: `f(name, table)`.
template <class T, class F>  // T: Tables or const Tables
void each_table(T& t, F&& f) {
  f("partners", t.partners), f("pairings", t.pairings), f("flows", t.flows), f("projects", t.projects);
  f("households", t.households), f("benefits", t.benefits), f("exchanges", t.exchanges);
  f("trainings", t.trainings), f("wishes", t.wishes), f("events", t.events), f("expectations", t.expectations);
  f("persons", t.persons), f("status_changes", t.status_changes), f("employment", t.employment);
  f("targets", t.targets), f("figures", t.figures), f("labour", t.labour);
}
inline constexpr std::size_t table_count = 17;

/// The table of `t` of the same type as `like` (of another Tables).
template <class T, class Table>  // T: Tables or const Tables
auto& same_table(T& t, const Table&) noexcept {
  std::conditional_t<std::is_const_v<T>, const Table*, Table*> found = nullptr;
  each_table(t, [&](const char*, auto& table) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(table)>, Table>) found = &table;
  });
  return *found;
}

/// A table type's name, as each_table gives it: table_name<FlowTable>() is "flows".
template <class Table>
const char* table_name() noexcept {
  static const Tables none{};
  const char* found = nullptr;
  each_table(none, [&](const char* name, const auto& table) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(table)>, Table>) found = name;
  });
  return found;
}

/// The table whose rows a Tag's ids name: table_of<FlowTag>(t) is t.flows.
template <class Tag, class T>  // T: Tables or const Tables
auto& table_of(T& t) noexcept {
  if constexpr (std::is_same_v<Tag, PartnerTag>) return t.partners;
  else if constexpr (std::is_same_v<Tag, PairingTag>) return t.pairings;
  else if constexpr (std::is_same_v<Tag, FlowTag>) return t.flows;
  else if constexpr (std::is_same_v<Tag, ProjectTag>) return t.projects;
  else if constexpr (std::is_same_v<Tag, HouseholdTag>) return t.households;
  else if constexpr (std::is_same_v<Tag, BenefitTag>) return t.benefits;
  else if constexpr (std::is_same_v<Tag, ExchangeTag>) return t.exchanges;
  else if constexpr (std::is_same_v<Tag, TrainingTag>) return t.trainings;
  else if constexpr (std::is_same_v<Tag, WishTag>) return t.wishes;
  else if constexpr (std::is_same_v<Tag, EventTag>) return t.events;
  else if constexpr (std::is_same_v<Tag, ExpectationTag>) return t.expectations;
  else if constexpr (std::is_same_v<Tag, PersonTag>) return t.persons;
  else if constexpr (std::is_same_v<Tag, StatusChangeTag>) return t.status_changes;
  else if constexpr (std::is_same_v<Tag, EmploymentTag>) return t.employment;
  else if constexpr (std::is_same_v<Tag, TargetTag>) return t.targets;
  else if constexpr (std::is_same_v<Tag, LabourTag>) return t.labour;
  else {
    static_assert(std::is_same_v<Tag, FigureTag>, "a tag of a table");
    return t.figures;
  }
}

/// The format version that first holds a table (1 unless the table says otherwise): a file of an
/// older version has none of its rows.
template <class T>
constexpr std::uint32_t table_since() {
  if constexpr (requires { T::table_since; }) return T::table_since;
  else return 1;
}

/// The format version that first holds a table's column `k` (1 unless the table says otherwise).
template <class T>
constexpr std::uint32_t column_since(std::size_t k) {
  if constexpr (requires { T::column_since; }) return T::column_since[k];
  else return 1;
}

}  // namespace shanhai
