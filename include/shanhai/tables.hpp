// The registry's tables, one struct of columns each. Derived state lives in the registry's index,
// never here: a table holds exactly what a file holds.
#pragma once

#include <shanhai/date.hpp>
#include <shanhai/enums.hpp>
#include <shanhai/ids.hpp>
#include <shanhai/money.hpp>
#include <shanhai/table.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace shanhai {

/// A named count that a project produced: {"workshops", 20}, {"km_road", 12}.
struct Output {
  std::string name;
  std::int64_t count = 0;
  friend bool operator==(const Output&, const Output&) = default;
};

struct PartnerTable : Table<PartnerTable> {
  std::vector<std::string> name;
  std::vector<PartnerKind> kind;
  std::vector<Side> side;  // resolved: a partner given no side takes its parent's
  std::vector<PartnerId> parent;
  std::vector<std::string> code;
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 6> column_names{"name", "kind", "side", "parent", "code", "note"};
  template <class S>
  static auto columns(S& s) { return std::tie(s.name, s.kind, s.side, s.parent, s.code, s.note); }
};

struct PairingTable : Table<PairingTable> {
  std::vector<Node> a, b;
  std::vector<PairingKind> kind;
  std::vector<Date> since, until;
  std::vector<std::string> note;
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
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 9> column_names{"source", "target", "amount", "date",  "kind",
                                                                "stage",  "purpose", "parent", "note"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.source, s.target, s.amount, s.date, s.kind, s.stage, s.purpose, s.parent, s.note);
  }
};

struct ProjectTable : Table<ProjectTable> {
  std::vector<std::string> name;
  std::vector<Sector> sector;
  std::vector<PartnerId> location, implementer;
  std::vector<Date> start, end;
  std::vector<std::vector<Output>> outputs;
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 8> column_names{"name",  "sector", "location", "implementer",
                                                                "start", "end",    "outputs",  "note"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.name, s.sector, s.location, s.implementer, s.start, s.end, s.outputs, s.note);
  }
};

struct HouseholdTable : Table<HouseholdTable> {
  std::vector<std::string> number;  // registry number (建档立卡), unique when given
  std::vector<PartnerId> village;
  std::vector<std::int32_t> members;
  std::vector<HouseholdStatus> status;
  std::vector<std::int16_t> exit_year;  // 0: not exited
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 6> column_names{"number", "village",   "members",
                                                                "status", "exit_year", "note"};
  template <class S>
  static auto columns(S& s) { return std::tie(s.number, s.village, s.members, s.status, s.exit_year, s.note); }
};

struct BenefitTable : Table<BenefitTable> {
  std::vector<HouseholdId> beneficiary;  // none: an aggregate record
  std::vector<Node> via;                 // project, flow or partner
  std::vector<BenefitKind> kind;
  std::vector<Date> date;
  std::vector<std::int64_t> persons, households;
  std::vector<Money> amount;
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 8> column_names{"beneficiary", "via",        "kind",   "date",
                                                                "persons",     "households", "amount", "note"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.beneficiary, s.via, s.kind, s.date, s.persons, s.households, s.amount, s.note);
  }
};

struct ExchangeTable : Table<ExchangeTable> {
  std::vector<PartnerId> sender, host;
  std::vector<Role> role;
  std::vector<std::int64_t> person_times, persons;
  std::vector<std::int32_t> batches, days;
  std::vector<std::string> purpose;
  std::vector<Date> date;
  std::vector<ExchangeId> part_of;  // an exchange that is a detail of a larger one is never added to it
  std::vector<std::string> note;
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
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 7> column_names{"organiser", "location", "role", "trainees",
                                                                "days",      "date",     "note"};
  template <class S>
  static auto columns(S& s) { return std::tie(s.organiser, s.location, s.role, s.trainees, s.days, s.date, s.note); }
};

struct WishTable : Table<WishTable> {
  std::vector<HouseholdId> household;
  std::vector<std::string> text;
  std::vector<Money> cost;  // zero: not given
  std::vector<Date> date;   // submitted
  std::vector<WishState> state;
  std::vector<PartnerId> claimed_by;
  std::vector<Date> claimed, closed;  // closed: fulfilled or cancelled
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 9> column_names{"household",  "text",    "cost",   "date", "state",
                                                                "claimed_by", "claimed", "closed", "note"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.household, s.text, s.cost, s.date, s.state, s.claimed_by, s.claimed, s.closed, s.note);
  }
};

struct EventTable : Table<EventTable> {
  std::vector<EventKind> kind;
  std::vector<Date> date;
  std::vector<std::vector<PartnerId>> partners;
  std::vector<std::string> note;
  static constexpr std::array<std::string_view, 4> column_names{"kind", "date", "partners", "note"};
  template <class S>
  static auto columns(S& s) { return std::tie(s.kind, s.date, s.partners, s.note); }
};

/// Published figures to check: a total and the scope it claims to cover (see Scope).
struct ExpectationTable : Table<ExpectationTable> {
  std::vector<Money> amount;
  std::vector<Node> source, target;
  std::vector<std::int32_t> year;
  std::vector<std::vector<FlowKind>> kinds;
  std::vector<std::vector<Sector>> purposes;
  std::vector<Stage> stage;
  std::vector<PartnerId> boundary, origin;
  std::vector<std::string> citation;
  static constexpr std::array<std::string_view, 10> column_names{
      "amount", "source", "target", "year", "kinds", "purposes", "stage", "boundary", "origin", "citation"};
  template <class S>
  static auto columns(S& s) {
    return std::tie(s.amount, s.source, s.target, s.year, s.kinds, s.purposes, s.stage, s.boundary, s.origin,
                    s.citation);
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
};

}  // namespace shanhai
