// Privacy: keyed pseudonyms for exports (pseudonym.hpp), and erasure and restriction of personal
// data (erasure.hpp). Methods of Registry (register_registry.cpp) and functions of the module.
#include "bindings.hpp"

namespace shanhai::python {

std::string to_key(py::handle key) {
  if (py::isinstance<py::bytes>(key)) return key.cast<std::string>();
  if (py::isinstance<py::str>(key)) return key.cast<std::string>();
  if (py::isinstance<py::bytearray>(key)) return std::string(py::bytearray(py::reinterpret_borrow<py::object>(key)));
  wrong_type("key", "expected bytes or str (at least 16 bytes)");
}

namespace {

using A = py::arg;

// The rows of a table an output blanks for restricted persons: their own rows, their household's
// row when they head it (head_name), their employment; in row order.
std::vector<std::uint32_t> restricted_rows(const Registry& r, std::string_view table) {
  const auto& restricted = r.privacy().restricted.person;
  std::vector<std::uint32_t> rows;
  if (restricted.empty()) return rows;
  const PersonTable& p = r.persons();
  if (table == "persons") {
    for (PersonId id : restricted) rows.push_back(id.value);
  } else if (table == "households") {
    for (PersonId id : restricted)
      if (p.relation[id.value] == Relation::head) rows.push_back(p.household[id.value].value);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  } else if (table == "employment") {
    const EmploymentTable& e = r.employment();
    for (std::uint32_t i = 0; i < e.size(); ++i)
      if (e.person[i] && r.privacy().is_restricted(e.person[i])) rows.push_back(i);
  }
  return rows;
}

}  // namespace

void register_privacy(py::module_& m) {
  m.def(
      "pseudonym",
      [](py::handle key, std::string domain, py::handle value) {
        return Pseudonymiser(to_key(key))(domain, to_text(value, "pseudonym value"));
      },
      A("key"), A("domain"), A("value"),
      "The keyed pseudonym of an identifier: 16 base32 characters (80 bits) of HMAC-SHA256(key, "
      "domain + NUL + the value without surrounding spaces; ID numbers and phones with ASCII digits "
      "and X). `domain`: name (names and household heads' names: they join), id, phone, household "
      "(registry numbers), worker. The key: at least 16 bytes, kept apart from the data, one per "
      "recipient. Empty text stays empty. A pseudonym is still personal information (PIPL Art. 73).");
  // many values of one domain at once, for exports (the GIL released while hashing)
  m.def("_pseudonymise", [](py::handle key, std::string domain, std::vector<std::string> values) {
    const Pseudonymiser p(to_key(key));
    std::vector<std::string> out;
    {
      py::gil_scoped_release unlocked;
      out = p(domain, values);
    }
    return out;
  }, A("key"), A("domain"), A("values"));
  m.def(
      "_pseudonym_domain",
      [](std::string table, std::string field) { return std::string(pseudonym_domain(table, field)); }, A("table"),
      A("field"));

  using R = PyRegistry;
  py::class_<R> c(m.attr("Registry"));
  c.def(
      "erase",
      [](R& self, py::handle row, py::object reason, py::object date) {
        if (reason.is_none())
          throw validation_error("erase reason: a reason is required (one of purpose_achieved, consent_withdrawn, "
                                 "retention_expired, unlawful, request, other)",
                                 where("erase reason", reason::required));
        const ErasureReason why = to_enum<ErasureReason>(reason, "erase reason");
        const Date when = date.is_none() ? today() : to_date(date, "erase date");
        if (py::isinstance<Handle<PersonTag>>(row)) {
          const PersonId p = to_id<PersonTag>(self.reg, row, "erase row", true);
          return writing(self.reg)->erase(p, why, when);
        }
        if (py::isinstance<Handle<HouseholdTag>>(row)) {
          const HouseholdId h = to_id<HouseholdTag>(self.reg, row, "erase row", true);
          return writing(self.reg)->erase(h, why, when);
        }
        wrong_type("erase row", "expected a Person or a Household, got " + shown(row));
      },
      A("row"), py::kw_only(), A("reason") = py::none(), A("date") = py::none(),
      "Erases a person's or a household's personal data (PIPL Art. 47): identifiers, free text and "
      "sensitive detail; a household's with all its persons, a head person's with the household's "
      "head_name. Rows, counts, statuses and money stay, so every report and total is unchanged. "
      "`reason`: purpose_achieved, consent_withdrawn, retention_expired, unlawful, request or other. "
      "Records one row in `erasures` (date, reason, kind: no personal data) and returns True; False, "
      "recording nothing, when nothing was left to erase. Earlier files, exports and backups keep "
      "what they hold.");
  c.def(
      "restrict",
      [](R& self, py::handle person) {
        const PersonId p = to_id<PersonTag>(self.reg, person, "restrict person", true);  // before the writer
        return writing(self.reg)->restrict(p);
      },
      A("person"),
      "Keeps the person's data stored but out of every output (personal='show' and pseudonymised "
      "ones included) until unrestrict; kept in files. False when the person already was.");
  c.def(
      "unrestrict",
      [](R& self, py::handle person) {
        const PersonId p = to_id<PersonTag>(self.reg, person, "unrestrict person", true);  // before the writer
        return writing(self.reg)->unrestrict(p);
      },
      A("person"), "Ends a restriction; False when the person was not restricted.");
  c.def(
      "is_restricted",
      [](const R& self, py::handle person) {
        const PersonId p = to_id<PersonTag>(self.reg, person, "is_restricted person", true);
        return reading(self.reg)->is_restricted(p);
      },
      A("person"));
  c.def_property_readonly(
      "erasures",
      [](const R& self) {
        const auto r = reading(self.reg);
        const ErasureTable& t = r->privacy().erasures;
        py::list out;
        for (std::size_t i = 0; i < t.size(); ++i) {
          py::dict row;
          row["date"] = t.date[i].str();
          row["reason"] = std::string(to_string(t.reason[i]));
          row["kind"] = std::string(to_string(t.kind[i]));
          out.append(row);
        }
        return out;
      },
      "Every erasure, oldest first: a dict of date (ISO text), reason and kind (person or household) "
      "each; no personal data (pandas.DataFrame(reg.erasures) makes a table of them).");
  c.def_property_readonly(
      "sharing",
      [](const R& self) -> py::object {
        const auto r = reading(self.reg);
        const SharingTable& s = r->privacy().sharing;
        if (s.empty()) return py::none();
        py::dict out;
        out["k"] = s.k[0];
        out["generalisation"] = std::string(to_string(s.generalisation[0]));
        return out;
      },
      "None for a registry that is not shared; for a copy made by share(), a dict: k (every cell of "
      "village or town, birth band, sex and relation holds at least k persons) and generalisation "
      "('none', 'birth_band': birth years as the first year of their 5-year band, 'birth_band_town': "
      "and households' villages as their towns).");
  c.def_property_readonly(
      "restricted",
      [](const R& self) {
        const auto r = reading(self.reg);
        py::list out;
        for (PersonId p : r->privacy().restricted.person) out.append(Handle<PersonTag>{self.reg, p.value});
        return out;
      },
      "The restricted persons, in id order.");
  c.def(
      "_restricted_rows",
      [](const R& self, const std::string& table) { return restricted_rows(*reading(self.reg), table); }, A("table"));
  each_view([&]<class Tag>(const char* name) {
    py::class_<View<Tag>>(m.attr(name)).def("_restricted_rows", [](const View<Tag>& v) {
      using T = std::remove_cvref_t<decltype(table_of<Tag>(std::declval<const Tables&>()))>;
      return restricted_rows(*reading(v.reg), table_name<T>());
    });
  });
}

}  // namespace shanhai::python
