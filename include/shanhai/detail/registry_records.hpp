// The Registry's records of people: persons in households, the status history, workshop
// employment, and the end of a pairing. Included by registry.hpp.
#pragma once

#include <shanhai/registry.hpp>

namespace shanhai {

inline void Registry::end_pairing(PairingId p, Date until) {
  require(p, t_.pairings.size(), "end_pairing pairing");
  if (until.empty())
    throw validation_error("end_pairing until: a date is required", where("end_pairing until", reason::required));
  if (!t_.pairings.until[p.value].empty())
    throw validation_error("end_pairing: pairing " + std::to_string(p.value) + " already ended " +
                               t_.pairings.until[p.value].str(),
                           where("end_pairing pairing", reason::state));
  require_order(t_.pairings.since[p.value], until, "end_pairing until");
  t_.pairings.until[p.value] = until;
}

inline PersonId Registry::add_person(const PersonSpec& s) {
  require(s.household, t_.households.size(), "person household");
  if (s.birth_year != 0 && (s.birth_year < 1880 || s.birth_year > 2200))
    throw validation_error("person birth_year: " + std::to_string(s.birth_year) + " is not a plausible year",
                           where("person birth_year", reason::out_of_range, std::to_string(s.birth_year)));
  require_text(s.note, "person note", false);
  require_text(s.name, "person name", false);
  // a shared copy's ID numbers and phones are pseudonyms: text, never checked as numbers
  const bool shared_copy = shared();
  if (shared_copy) {
    require_text(s.id_number, "person id_number", false);
    require_text(s.phone, "person phone", false);
  }
  const std::string id = s.id_number.empty() || shared_copy ? s.id_number
                                                            : normalise_id_number(s.id_number, "person id_number");
  if (!id.empty() && !shared_copy) {
    const IdNumberParts parts = id_number_parts(id);
    if (s.birth_year != 0 && parts.birth.year() != s.birth_year)
      throw validation_error("person id_number: its birth date (digits 7 to 14) disagrees with the person's birth_year",
                             where("person id_number", reason::mismatch));
    if (s.sex != Sex::unspecified && parts.sex != s.sex)
      throw validation_error("person id_number: its 17th digit (odd: male, even: female) disagrees with the person's sex",
                             where("person id_number", reason::mismatch));
  }
  const std::uint32_t same = id.empty() ? detail::TextIndex::none : person_ids_.find(t_.persons.id_number, id);
  if (same != detail::TextIndex::none)
    throw validation_error("person id_number: is already registered (person " + std::to_string(same) + ")",
                           where("person id_number", reason::duplicate));
  const std::string phone = s.phone.empty() || shared_copy ? s.phone : normalise_phone(s.phone, "person phone");
  const std::size_t row = t_.persons.append_row(s.household, s.relation, s.sex, s.birth_year, s.health, s.education,
                                                s.labour, s.note, s.name, id, phone);
  if (!id.empty()) {
    try {
      person_ids_.insert(t_.persons.id_number, std::uint32_t(row));
    } catch (...) {  // bad_alloc: the row goes again
      t_.persons.truncate(row);
      throw;
    }
  }
  return PersonId(std::uint32_t(row));
}

inline StatusChangeId Registry::set_status(const StatusChangeSpec& s) {
  require(s.household, t_.households.size(), "set_status household");
  if (s.date.empty())
    throw validation_error("set_status date: a date is required (the history is ordered by it)",
                           where("set_status date", reason::required));
  const StatusChangeId before = latest_status_[s.household.value];
  if (before && t_.status_changes.date[before.value].surely_after(s.date))
    throw validation_error("set_status date: " + s.date.str() + " is before the household's previous change (" +
                               t_.status_changes.date[before.value].str() + "); the history is never rewritten",
                           where("set_status date", reason::order, s.date.str()));
  require_text(s.note, "set_status note", false);
  make_room(previous_status_);
  const StatusChangeId id(t_.status_changes.append_row(s.household, s.status, s.date, s.note));
  previous_status_.push_back(before);
  latest_status_[s.household.value] = id;
  return id;
}

inline HouseholdStatus Registry::status_of(HouseholdId h, Date date) const {
  require(h, t_.households.size(), "status_of household");
  for (StatusChangeId c = latest_status_[h.value]; c; c = previous_status_[c.value])
    if (date.empty() || t_.status_changes.date[c.value].first_day() <= date.last_day())
      return t_.status_changes.status[c.value];
  return t_.households.status[h.value];
}

inline int Registry::exit_year_of(HouseholdId h) const {
  require(h, t_.households.size(), "exit_year_of household");
  int year = 0;  // the earliest exit in the history
  for (StatusChangeId c = latest_status_[h.value]; c; c = previous_status_[c.value])
    if (t_.status_changes.status[c.value] == HouseholdStatus::exited) year = t_.status_changes.date[c.value].year();
  return year ? year : t_.households.exit_year[h.value];
}

inline EmploymentId Registry::add_employment(const EmploymentSpec& s) {
  require(s.workshop, t_.projects.size(), "employment workshop");
  HouseholdId household = s.household;
  if (s.person) {
    require(s.person, t_.persons.size(), "employment person");
    const HouseholdId of = t_.persons.household[s.person.value];
    if (household && household != of)
      throw validation_error("employment household: person " + std::to_string(s.person.value) +
                                 " belongs to household " + std::to_string(of.value) + ", not " +
                                 std::to_string(household.value),
                             where("employment household", reason::rule, std::to_string(household.value)));
    household = of;
  } else if (household) {
    require(household, t_.households.size(), "employment household");
  }
  if (s.month.empty())
    throw validation_error("employment month: a date is required", where("employment month", reason::required));
  require_text(s.worker, "employment worker", false);
  require_text(s.note, "employment note", false);
  if (s.wage < Money())
    throw validation_error("employment wage: must not be negative, got " + s.wage.yuan(),
                           where("employment wage", reason::negative, s.wage.yuan()));
  const bool individual = household || !s.worker.empty();
  if (individual) {
    if (s.workers != 1)
      throw validation_error("employment workers: a record of one worker counts 1, got " + std::to_string(s.workers),
                             where("employment workers", reason::rule, std::to_string(s.workers)));
    if (s.poor != -1)
      throw validation_error("employment poor: for one worker it follows from the household's status, not given "
                             "(got " + std::to_string(s.poor) + ")",
                             where("employment poor", reason::rule, std::to_string(s.poor)));
  } else {
    if (s.workers < 1)
      throw validation_error("employment workers: an aggregate record needs a headcount, got " +
                                 std::to_string(s.workers),
                             where("employment workers", reason::not_positive, std::to_string(s.workers)));
    if (s.poor < -1 || s.poor > s.workers)
      throw validation_error("employment poor: " + std::to_string(s.poor) + " is not between 0 and the " +
                                 std::to_string(s.workers) + " workers (or -1: not known)",
                             where("employment poor", reason::out_of_range, std::to_string(s.poor)));
  }
  require_room(sums_.wages, s.wage, "employment wage", "all wages");
  const EmploymentId id(t_.employment.append_row(s.workshop, household, s.person, s.worker, s.month, s.workers,
                                                 s.poor, s.wage, s.note));
  sums_.wages += s.wage;
  return id;
}

}  // namespace shanhai
