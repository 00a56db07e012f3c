// What is personal: every field of every table with its class, in one list. Every output that
// shows or exports rows (tables as pandas, Arrow, notebooks, CSV, Excel, IATI, messages) reads
// this list, so a new field is protected by being marked here; a test refuses a field left out.
#pragma once

#include <shanhai/enums.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace shanhai {

/// A field's class under the Personal Information Protection Law, from most to least protected.
enum class Personal : std::uint8_t {
  not_personal,
  quasi_identifier,  // identifies in combination: village, birth year, sex, relation, members, dates
  free_text,         // text that may name people: notes on people, wish texts, addresses
  sensitive,         // PIPL Art. 28: health, disability, causes of poverty (and anything on a child under 14)
  identifier,        // names, ID numbers, phones, registry numbers, worker keys
};
template <>
struct enum_names<Personal> {
  static constexpr std::string_view type = "personal class";
  static constexpr std::array<std::string_view, 5> names{"not_personal", "quasi_identifier", "free_text",
                                                         "sensitive", "identifier"};
};

struct PersonalField {
  std::string_view table, field;
  Personal personal;
};

/// Every field of every table (as each_table and column_names name them) and its class.
inline constexpr PersonalField personal_fields[] = {
    {"partners", "name", Personal::not_personal},  // organisations and places
    {"partners", "kind", Personal::not_personal},
    {"partners", "side", Personal::not_personal},
    {"partners", "parent", Personal::not_personal},
    {"partners", "code", Personal::not_personal},
    {"partners", "note", Personal::not_personal},
    {"partners", "count", Personal::not_personal},
    {"pairings", "a", Personal::not_personal},
    {"pairings", "b", Personal::not_personal},
    {"pairings", "kind", Personal::not_personal},
    {"pairings", "since", Personal::not_personal},
    {"pairings", "until", Personal::not_personal},
    {"pairings", "note", Personal::not_personal},
    {"flows", "source", Personal::not_personal},
    {"flows", "target", Personal::not_personal},
    {"flows", "amount", Personal::not_personal},
    {"flows", "date", Personal::not_personal},
    {"flows", "kind", Personal::not_personal},
    {"flows", "stage", Personal::not_personal},
    {"flows", "purpose", Personal::not_personal},
    {"flows", "parent", Personal::not_personal},
    {"flows", "note", Personal::free_text},  // a flow to a household may name its members
    {"flows", "credited_to", Personal::not_personal},
    {"flows", "currency", Personal::not_personal},
    {"flows", "correction", Personal::not_personal},
    {"projects", "name", Personal::not_personal},
    {"projects", "sector", Personal::not_personal},
    {"projects", "location", Personal::not_personal},
    {"projects", "implementer", Personal::not_personal},
    {"projects", "start", Personal::not_personal},
    {"projects", "end", Personal::not_personal},
    {"projects", "outputs", Personal::not_personal},
    {"projects", "note", Personal::not_personal},
    {"households", "number", Personal::identifier},
    {"households", "village", Personal::quasi_identifier},
    {"households", "members", Personal::quasi_identifier},
    {"households", "status", Personal::quasi_identifier},
    {"households", "exit_year", Personal::quasi_identifier},
    {"households", "note", Personal::free_text},
    {"households", "causes", Personal::sensitive},
    {"households", "address", Personal::free_text},  // below the village; outputs cut it at the village
    {"households", "head_name", Personal::identifier},
    {"benefits", "beneficiary", Personal::not_personal},
    {"benefits", "via", Personal::not_personal},
    {"benefits", "kind", Personal::not_personal},
    {"benefits", "date", Personal::not_personal},
    {"benefits", "persons", Personal::not_personal},
    {"benefits", "households", Personal::not_personal},
    {"benefits", "amount", Personal::not_personal},
    {"benefits", "note", Personal::free_text},
    {"benefits", "part_of", Personal::not_personal},
    {"exchanges", "sender", Personal::not_personal},
    {"exchanges", "host", Personal::not_personal},
    {"exchanges", "role", Personal::not_personal},
    {"exchanges", "person_times", Personal::not_personal},
    {"exchanges", "persons", Personal::not_personal},
    {"exchanges", "batches", Personal::not_personal},
    {"exchanges", "days", Personal::not_personal},
    {"exchanges", "purpose", Personal::not_personal},
    {"exchanges", "date", Personal::not_personal},
    {"exchanges", "part_of", Personal::not_personal},
    {"exchanges", "note", Personal::not_personal},
    {"trainings", "organiser", Personal::not_personal},
    {"trainings", "location", Personal::not_personal},
    {"trainings", "role", Personal::not_personal},
    {"trainings", "trainees", Personal::not_personal},
    {"trainings", "days", Personal::not_personal},
    {"trainings", "date", Personal::not_personal},
    {"trainings", "note", Personal::not_personal},
    {"trainings", "sessions", Personal::not_personal},
    {"trainings", "part_of", Personal::not_personal},
    {"wishes", "household", Personal::not_personal},
    {"wishes", "text", Personal::free_text},
    {"wishes", "cost", Personal::not_personal},
    {"wishes", "date", Personal::not_personal},
    {"wishes", "state", Personal::not_personal},
    {"wishes", "claimed_by", Personal::not_personal},
    {"wishes", "claimed", Personal::not_personal},
    {"wishes", "closed", Personal::not_personal},
    {"wishes", "note", Personal::free_text},
    {"wishes", "batch", Personal::not_personal},
    {"events", "kind", Personal::not_personal},
    {"events", "date", Personal::not_personal},
    {"events", "partners", Personal::not_personal},
    {"events", "note", Personal::not_personal},
    {"events", "participants", Personal::not_personal},
    {"expectations", "amount", Personal::not_personal},
    {"expectations", "source", Personal::not_personal},
    {"expectations", "target", Personal::not_personal},
    {"expectations", "year", Personal::not_personal},
    {"expectations", "kinds", Personal::not_personal},
    {"expectations", "purposes", Personal::not_personal},
    {"expectations", "stage", Personal::not_personal},
    {"expectations", "boundary", Personal::not_personal},
    {"expectations", "origin", Personal::not_personal},
    {"expectations", "citation", Personal::not_personal},
    {"expectations", "qualifier", Personal::not_personal},
    {"expectations", "key", Personal::not_personal},
    {"expectations", "value", Personal::not_personal},
    {"expectations", "east", Personal::not_personal},
    {"expectations", "west", Personal::not_personal},
    {"persons", "household", Personal::not_personal},
    {"persons", "relation", Personal::quasi_identifier},
    {"persons", "sex", Personal::quasi_identifier},
    {"persons", "birth_year", Personal::quasi_identifier},
    {"persons", "health", Personal::sensitive},
    {"persons", "education", Personal::quasi_identifier},
    {"persons", "labour", Personal::sensitive},  // unable to work: a disability
    {"persons", "note", Personal::free_text},
    {"persons", "name", Personal::identifier},
    {"persons", "id_number", Personal::identifier},
    {"persons", "phone", Personal::identifier},
    {"status_changes", "household", Personal::not_personal},
    {"status_changes", "status", Personal::quasi_identifier},
    {"status_changes", "date", Personal::quasi_identifier},
    {"status_changes", "note", Personal::free_text},
    {"employment", "workshop", Personal::not_personal},
    {"employment", "household", Personal::not_personal},
    {"employment", "person", Personal::not_personal},
    {"employment", "worker", Personal::identifier},
    {"employment", "month", Personal::not_personal},
    {"employment", "workers", Personal::not_personal},
    {"employment", "poor", Personal::not_personal},
    {"employment", "wage", Personal::not_personal},
    {"employment", "note", Personal::free_text},
    {"targets", "key", Personal::not_personal},
    {"targets", "year", Personal::not_personal},
    {"targets", "value", Personal::not_personal},
    {"targets", "baseline", Personal::not_personal},
    {"targets", "baseline_year", Personal::not_personal},
    {"targets", "note", Personal::not_personal},
    {"targets", "east", Personal::not_personal},
    {"targets", "west", Personal::not_personal},
    {"figures", "key", Personal::not_personal},
    {"figures", "year", Personal::not_personal},
    {"figures", "value", Personal::not_personal},
    {"figures", "east", Personal::not_personal},
    {"figures", "west", Personal::not_personal},
    {"figures", "qualifier", Personal::not_personal},
    {"figures", "part_of", Personal::not_personal},
    {"figures", "citation", Personal::not_personal},
    {"figures", "note", Personal::not_personal},
    {"labour", "east", Personal::not_personal},
    {"labour", "west", Personal::not_personal},
    {"labour", "persons", Personal::not_personal},
    {"labour", "destination", Personal::not_personal},
    {"labour", "status", Personal::not_personal},
    {"labour", "date", Personal::not_personal},
    {"labour", "part_of", Personal::not_personal},
    {"labour", "citation", Personal::not_personal},
    {"labour", "note", Personal::not_personal},
};

/// The class of a table's field; a field the list lacks is not found (the test of the list
/// makes sure none is lacking), and counts as an identifier: the safe side.
constexpr Personal personal_class(std::string_view table, std::string_view field) noexcept {
  for (const PersonalField& f : personal_fields)
    if (f.table == table && f.field == field) return f.personal;
  return Personal::identifier;
}

}  // namespace shanhai
