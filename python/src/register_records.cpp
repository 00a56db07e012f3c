// The registry's records of people and the year's plan: persons, the status history, workshop
// employment, targets and the end of a pairing. Methods of Registry (register_registry.cpp).
#include "bindings.hpp"

#include <shanhai/analysis/match_wishes.hpp>
#include <shanhai/analysis/workshops.hpp>

#include <cmath>

namespace shanhai::python {
namespace {

using A = py::arg;
const py::none None;

// A target's value in the indicator's own terms: fen for money, hundredths for a ratio (given as
// a number: 90 or 92.5 percent, 3.5 days), a count otherwise. An unknown key is refused by set_target.
std::int64_t target_value(const std::string& key, py::handle v, const char* field, Currency currency) {
  const IndicatorInfo* found = find_indicator(key);
  if (!found) return 0;
  const IndicatorInfo& i = *found;
  if (i.unit == Unit::yuan) return to_money(v, field, currency).fen();
  if (!i.ratio()) return to_count<std::int64_t>(v, field);
  if ((!py::isinstance<py::int_>(v) && !py::isinstance<py::float_>(v)) || py::isinstance<py::bool_>(v))
    wrong_type(field, "expected a number, got " + shown(v));
  const double x = py::isinstance<py::int_>(v) ? double(to_count<std::int64_t>(v, field)) * 100 : v.cast<double>() * 100;
  if (!(x >= 0 && x < 1e15))
    throw validation_error(std::string(field) + ": " + shown(v) + " is out of range", where(field, reason::out_of_range));
  return std::llround(x);
}

}  // namespace

void register_records(py::module_& m) {
  using R = PyRegistry;
  py::class_<R> c(m.attr("Registry"));

  c.def(
      "add_person",
      [](R& self, py::object household, py::object relation, py::object sex, py::object birth_year, py::object health,
         py::object education, py::object labour, py::object note, py::object name, py::object id_number,
         py::object phone) {
        PersonSpec s;
        s.household = to_id<HouseholdTag>(self.reg, household, "person household", true);
        s.relation = to_enum<Relation>(relation, "person relation");
        s.sex = to_enum<Sex>(sex, "person sex");
        s.birth_year = to_count<std::int16_t>(birth_year, "person birth_year");
        s.health = to_enum<Health>(health, "person health");
        s.education = to_enum<Education>(education, "person education");
        s.labour = to_enum<Labour>(labour, "person labour");
        s.note = to_text(note, "person note");
        s.name = to_text(name, "person name");
        s.id_number = to_text(id_number, "person id_number");
        s.phone = to_text(phone, "person phone");
        return Handle<PersonTag>{self.reg, writing(self.reg)->add_person(s).value};
      },
      A("household"), py::kw_only(), A("relation") = "other", A("sex") = "unspecified", A("birth_year") = None,
      A("health") = "unspecified", A("education") = "unspecified", A("labour") = "unspecified", A("note") = None,
      A("name") = None, A("id_number") = None, A("phone") = None,
      "Adds a member of a registered household: relation to the head, sex, birth year, health, "
      "education and labour ability; name, citizen ID number (GB 11643: checked, agreeing with sex and "
      "birth year where given, unique, stored normalised) and phone (a mobile or a landline with its "
      "area code, stored normalised).");

  c.def(
      "person_by_id_number",
      [](const R& self, py::handle id_number) {
        const std::string id = to_text(id_number, "person id_number");
        const PersonId p = reading(self.reg)->person_by_id_number(id);
        if (!p) throw not_found("no person with this ID number", where("person id_number", reason::not_found));
        return Handle<PersonTag>{self.reg, p.value};
      },
      A("id_number"), "The person with this citizen ID number (read as add_person reads it).");

  c.def(
      "set_status",
      [](R& self, py::object household, py::object status, py::object date, py::object note) {
        StatusChangeSpec s;
        s.household = to_id<HouseholdTag>(self.reg, household, "set_status household", true);
        s.status = to_enum<HouseholdStatus>(status, "set_status status");
        s.date = to_date(date, "set_status date");
        s.note = to_text(note, "set_status note");
        return Handle<StatusChangeTag>{self.reg, writing(self.reg)->set_status(s).value};
      },
      A("household"), A("status"), py::kw_only(), A("date"), A("note") = None,
      "Records a change of a household's status (poor → exited, or a monitored kind after 2020) on a "
      "date. The history is kept, never overwritten; a change is never dated before the previous one.");
  c.def(
      "status_of",
      [](const R& self, py::object household, py::object date) {
        const HouseholdId h = to_id<HouseholdTag>(self.reg, household, "status_of household", true);
        return std::string(to_string(reading(self.reg)->status_of(h, to_date(date, "status_of date"))));
      },
      A("household"), py::kw_only(), A("date") = None,
      "The household's status on a date (None: its latest), from its history.");
  c.def(
      "exit_year_of",
      [](const R& self, py::object household) -> py::object {
        const int year = reading(self.reg)->exit_year_of(to_id<HouseholdTag>(self.reg, household, "exit_year_of household", true));
        return year ? py::object(py::int_(year)) : py::object(py::none());
      },
      A("household"), "The year the household first exited poverty, or None.");

  c.def(
      "add_employment",
      [](R& self, py::object workshop, py::object household, py::object person, py::object worker, py::object month,
         py::object workers, py::object poor, py::object wage, py::object note) {
        EmploymentSpec s;
        s.workshop = to_id<ProjectTag>(self.reg, workshop, "employment workshop", true);
        s.household = to_id<HouseholdTag>(self.reg, household, "employment household");
        s.person = to_id<PersonTag>(self.reg, person, "employment person");
        s.worker = to_text(worker, "employment worker");
        s.month = to_date(month, "employment month");
        if (!workers.is_none()) s.workers = to_count<std::int64_t>(workers, "employment workers");
        if (!poor.is_none()) s.poor = to_count<std::int64_t>(poor, "employment poor");
        s.wage = wage.is_none() ? Money() : to_money(wage, "employment wage", currency_of(self.reg));
        s.note = to_text(note, "employment note");
        return Handle<EmploymentTag>{self.reg, writing(self.reg)->add_employment(s).value};
      },
      A("workshop"), py::kw_only(), A("household") = None, A("person") = None, A("worker") = None, A("month"),
      A("workers") = None, A("poor") = None, A("wage") = None, A("note") = None,
      "Records a month of a workshop's employment: one worker (a person, a household, or a worker key "
      "for someone not in the registry) with the wage paid, or, with none of them, an aggregate "
      "headcount of `workers` of whom `poor` are from poor households (None: not known).");
  c.def(
      "_workshops",
      [](const R& self, py::object year) {
        const int y = to_year(year, "workshops year");
        std::vector<WorkshopYear> rows;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          rows = workshops(*r, y);
        }
        py::list out;
        for (const WorkshopYear& w : rows)
          out.append(py::make_tuple(handle_of(self.reg, w.workshop), w.workers, w.poor, w.unclassified,
                                    money_of(w.wages, currency_of(self.reg)), w.months));
        return out;
      },
      A("year"));

  c.def(
      "set_target",
      [](R& self, py::object key, py::object year, py::object value, py::object baseline,
         py::object baseline_year, py::object note, py::object east, py::object west) {
        TargetSpec s;
        s.key = to_text(key, "set_target key");
        s.year = to_year(year, "set_target year");
        s.value = target_value(s.key, value, "set_target value", currency_of(self.reg));
        if (!baseline.is_none()) {
          s.baseline = target_value(s.key, baseline, "set_target baseline", currency_of(self.reg));
          s.baseline_year = baseline_year.is_none() ? s.year - 1 : to_year(baseline_year, "set_target baseline_year");
        }
        s.note = to_text(note, "set_target note");
        s.east = to_id<PartnerTag>(self.reg, east, "set_target east");
        s.west = to_id<PartnerTag>(self.reg, west, "set_target west");
        return Handle<TargetTag>{self.reg, writing(self.reg)->set_target(s).value};
      },
      A("key"), A("year"), A("value"), py::kw_only(), A("baseline") = None, A("baseline_year") = None,
      A("note") = None, A("east") = None, A("west") = None,
      "Sets the target of a report indicator for a year (money for money indicators, a count "
      "otherwise), with a baseline (default: the year before), for the pair east/west (None: the "
      "whole registry). The report of that year for exactly that pair shows baseline, target, actual "
      "and achievement; a pair without a target of its own for an indicator shows the registry's "
      "unscoped one, and never another pair's. A later target for the same indicator, year and pair "
      "replaces the earlier in reports; both stay in the table.");

  c.def(
      "_match_wishes",
      [](const R& self, py::object donors, py::object budgets, py::object budget_by, py::object batch, py::object on) {
        WishMatchSpec s;
        const std::string by = to_text(budget_by, "match_wishes by");
        if (by != "count" && by != "money")
          throw validation_error("match_wishes by: '" + by + "' is neither 'count' (wishes per donor) nor 'money'",
                                 where("match_wishes by", reason::unknown_value, by));
        s.budget = by == "money" ? match::Budget::money : match::Budget::count;
        for (py::handle d : to_list(donors, "match_wishes donors", "a list of partners"))
          s.donors.push_back(to_id<PartnerTag>(self.reg, d, "match_wishes donors", true));
        for (py::handle b : to_list(budgets, "match_wishes budgets", "a list of budgets"))
          s.budgets.push_back(s.budget == match::Budget::money ? to_money(b, "match_wishes budgets", currency_of(self.reg)).fen()
                                                               : to_count<std::int64_t>(b, "match_wishes budgets"));
        s.batch = to_count<std::int32_t>(batch, "match_wishes batch");
        s.on = to_date(on, "match_wishes on");
        std::vector<WishProposal> found;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          found = match_wishes(*r, s);
        }
        py::list out;
        for (const WishProposal& p : found)
          out.append(py::make_tuple(handle_of(self.reg, p.wish), handle_of(self.reg, p.donor), p.paired));
        return out;
      },
      A("donors"), A("budgets"), A("by"), A("batch"), A("on"));

  c.def(
      "end_pairing",
      [](R& self, py::object pairing, py::object until) {
        const PairingId p = to_id<PairingTag>(self.reg, pairing, "end_pairing pairing", true);
        const Date d = to_date(until, "end_pairing until");
        writing(self.reg)->end_pairing(p, d);
      },
      A("pairing"), py::kw_only(), A("until"),
      "Ends a pairing that has no end yet; a household handed to another family gets a new pairing "
      "beside the ended one, so the history stays.");
}

}  // namespace shanhai::python
