// The Registry's erasure and restriction of personal data (erasure.hpp says what is kept).
// Included by registry.hpp.
#pragma once

#include <shanhai/registry.hpp>

namespace shanhai {

template <class Column>
bool Registry::blank(Column& column, std::size_t row) {
  if constexpr (is_list_column<Column>) {
    if (column[row].empty()) return false;
    column.assign(row, {});
  } else {  // an enumeration: its unspecified value
    using E = typename Column::value_type;
    if (column[row] == E{}) return false;
    column[row] = E{};
  }
  return true;
}

inline bool Registry::erase_person_data(std::uint32_t p) {
  PersonTable& t = t_.persons;
  if (!t.id_number[p].empty()) person_ids_.erase(t.id_number, t.id_number[p]);
  bool changed = false;
  for (TextColumn* c : {&t.name, &t.id_number, &t.phone, &t.note}) changed |= blank(*c, p);
  changed |= blank(t.health, p);
  changed |= blank(t.labour, p);
  // a head person's name is also the household's head_name
  if (t.relation[p] == Relation::head) changed |= blank(t_.households.head_name, t.household[p].value);
  EmploymentTable& e = t_.employment;
  for (std::size_t i = 0; i < e.size(); ++i)
    if (e.person[i].value == p) {  // both blanked: no short circuit
      changed |= blank(e.worker, i);
      changed |= blank(e.note, i);
    }
  return changed;
}

inline void Registry::record_erasure(ErasureReason reason, Erased kind, Date date) {
  privacy_.erasures.append_row(date, reason, kind);
}

inline bool Registry::erase(PersonId person, ErasureReason reason, Date date) {
  require(person, t_.persons.size(), "erase person");
  enum_checked<ErasureReason>(unsigned(reason));
  if (date.empty()) throw validation_error("erase date: a date is required", where("erase date", reason::required));
  if (!erase_person_data(person.value)) return false;
  record_erasure(reason, Erased::person, date);
  return true;
}

inline bool Registry::erase(HouseholdId household, ErasureReason reason, Date date) {
  require(household, t_.households.size(), "erase household");
  enum_checked<ErasureReason>(unsigned(reason));
  if (date.empty()) throw validation_error("erase date: a date is required", where("erase date", reason::required));
  const std::uint32_t h = household.value;
  HouseholdTable& t = t_.households;
  if (!t.number[h].empty()) household_numbers_.erase(t.number, t.number[h]);
  bool changed = false;
  for (TextColumn* c : {&t.number, &t.head_name, &t.note, &t.address}) changed |= blank(*c, h);
  changed |= blank(t.causes, h);
  for (std::uint32_t p = 0; p < t_.persons.size(); ++p)
    if (t_.persons.household[p] == household) changed |= erase_person_data(p);
  // notes and texts about the household elsewhere
  for (std::size_t i = 0; i < t_.status_changes.size(); ++i)
    if (t_.status_changes.household[i] == household) changed |= blank(t_.status_changes.note, i);
  for (std::size_t i = 0; i < t_.benefits.size(); ++i)
    if (t_.benefits.beneficiary[i] == household) changed |= blank(t_.benefits.note, i);
  const Node node(household);
  for (std::size_t i = 0; i < t_.flows.size(); ++i)
    if (t_.flows.target[i] == node || t_.flows.source[i] == node) changed |= blank(t_.flows.note, i);
  for (std::size_t i = 0; i < t_.wishes.size(); ++i)
    if (t_.wishes.household[i] == household) {
      changed |= blank(t_.wishes.note, i);
      if (t_.wishes.text[i] != erased_text) t_.wishes.text.assign(i, erased_text), changed = true;
    }
  for (std::size_t i = 0; i < t_.employment.size(); ++i)
    if (t_.employment.household[i] == household) {
      changed |= blank(t_.employment.worker, i);
      changed |= blank(t_.employment.note, i);
    }
  if (!changed) return false;
  record_erasure(reason, Erased::household, date);
  return true;
}

inline bool Registry::restrict(PersonId person) {
  require(person, t_.persons.size(), "restrict person");
  auto& v = privacy_.restricted.person;
  const auto at = std::lower_bound(v.begin(), v.end(), person);
  if (at != v.end() && *at == person) return false;
  v.insert(at, person);
  return true;
}

inline bool Registry::unrestrict(PersonId person) {
  require(person, t_.persons.size(), "unrestrict person");
  auto& v = privacy_.restricted.person;
  const auto at = std::lower_bound(v.begin(), v.end(), person);
  if (at == v.end() || *at != person) return false;
  v.erase(at);
  return true;
}

inline void Registry::set_privacy(Privacy privacy) {
  if (!privacy.erasures.rectangular())
    throw validation_error("erasures: the columns differ in length", {.reason = std::string(reason::bad_format)});
  for (std::size_t i = 0; i < privacy.erasures.size(); ++i) {
    enum_checked<ErasureReason>(unsigned(privacy.erasures.reason[i]));
    enum_checked<Erased>(unsigned(privacy.erasures.kind[i]));
    if (privacy.erasures.date[i].empty())
      throw validation_error("erasures row " + std::to_string(i) + ": a date is required",
                             {.table = "erasures", .row = std::int64_t(i), .field = "date",
                              .reason = std::string(reason::required)});
  }
  auto& v = privacy.restricted.person;
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  for (PersonId p : v) require(p, t_.persons.size(), "restricted person");
  set_sharing(privacy.sharing);
  privacy_ = std::move(privacy);
}

inline void Registry::set_sharing(const SharingTable& s) {
  auto refuse = [](const std::string& why, std::string_view field, std::string_view code) {
    throw validation_error("sharing: " + why, {.table = "sharing", .field = std::string(field),
                                               .reason = std::string(code)});
  };
  if (!s.rectangular() || s.size() > 1) refuse("a registry has at most one sharing record", "k", reason::bad_format);
  if (s.size() == 1) {
    if (s.k[0] < 1) refuse("k must be at least 1", "k", reason::out_of_range);
    enum_checked<Generalisation>(unsigned(s.generalisation[0]));
  }
  if (shared() && (s.empty() || s.k[0] != privacy_.sharing.k[0] ||
                   s.generalisation[0] != privacy_.sharing.generalisation[0]))
    refuse("a shared registry stays shared as it was made (its identifiers are pseudonyms)", "k", reason::rule);
  privacy_.sharing = s;
}

}  // namespace shanhai
