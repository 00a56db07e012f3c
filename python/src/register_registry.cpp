// The Registry class: insertion with Python keywords, table views, totals and report.
// Every method converts and checks its Python arguments first, then makes one C++ call, so a
// refused call changes nothing.
#include "bindings.hpp"

namespace shanhai::python {
namespace {

using A = py::arg;
const py::none None;

template <class T>
py::dict raw_columns(const T& table) {
  py::dict out;
  std::size_t k = 0;
  std::apply(
      [&](const auto&... column) {
        (
            [&] {
              py::list values;
              for (const auto& v : column) values.append(ToPython{}(v));
              out[py::str(std::string(T::column_names[k++]))] = values;
            }(),
            ...);
      },
      T::columns(table));
  return out;
}

// A live view of one table: len, [id] → handle, iteration, raw columns.
template <class Tag>
void bind_view(py::module_& m, const char* name) {
  using V = View<Tag>;
  constexpr auto table = [](const Registry& r) -> const auto& { return r.table<Tag>(); };
  py::class_<V>(m, name)
      .def("__len__", [table](const V& v) { return table(*reading(v.reg)).size(); })
      .def("__getitem__",
           [table](const V& v, py::handle id) {
             const auto n = static_cast<long long>(table(*reading(v.reg)).size());
             const std::string name = table_name<std::remove_cvref_t<decltype(table(std::declval<const Registry&>()))>>();
             if (!py::isinstance<py::int_>(id) || py::isinstance<py::bool_>(id))
               throw validation_error(name + ": expected an id (a whole number), got " + shown(id),
                                      {.table = name, .field = "id", .reason = std::string(reason::wrong_type)});
             int overflow = 0;
             const long long index = PyLong_AsLongLongAndOverflow(id.ptr(), &overflow);
             const long long i = index < 0 ? index + n : index;
             if (overflow || i < 0 || i >= n)
               throw not_found(std::string(Tag::name) + " " + shown(id) + " does not exist (there are " +
                                   std::to_string(n) + ")",
                               {.table = name, .field = "id", .value = overflow ? std::string() : std::to_string(index)});
             return Handle<Tag>{v.reg, std::uint32_t(i)};
           })
      .def("__iter__",
           [table](const V& v) {
             py::list all;
             for (std::uint32_t i = 0; i < table(*reading(v.reg)).size(); ++i) all.append(Handle<Tag>{v.reg, i});
             return py::iter(all);
           })
      .def_property_readonly("name", [](const V&) { return std::string(Tag::name); })
      .def("_raw_columns", [table](const V& v) { return raw_columns(table(*reading(v.reg))); })
      .def_property_readonly("_currency", [](const V& v) { return std::string(currency_of(v.reg).code()); })
      .def("_partner_names", [](const V& v) {  // by id: what masked addresses are cut at
        py::list names;
        for (std::string_view n : reading(v.reg)->partners().name) names.append(py::str(n.data(), n.size()));
        return names;
      });
}

}  // namespace

void register_registry(py::module_& m) {
  each_view([&]<class Tag>(const char* name) { bind_view<Tag>(m, name); });

  using R = PyRegistry;
  py::class_<R> c(m, "Registry", "The registry of one programme: every table, validated insertion, counting.");
  c.def(py::init([](py::handle currency) {
          return PyRegistry{std::make_shared<SharedRegistry>(Registry(Currency(to_text(currency, "registry currency"),
                                                                               "registry currency")))};
        }),
        A("currency") = "CNY", "A registry counting in `currency`, an ISO 4217 code: its amounts are hundredths of it.");
  c.def_property_readonly(
      "currency", [](const R& self) { return std::string(currency_of(self.reg).code()); },
      "The ISO 4217 code of the currency every amount of the registry is in.");

  c.def(
      "add_partner",
      [](R& self, py::object name, py::object kind, py::object side, py::object parent, py::object code, py::object note,
         py::object count) {
        PartnerSpec s;
        s.count = count.is_none() ? 1 : to_count<std::int32_t>(count, "partner count");
        s.name = to_text(name, "partner name");
        s.kind = to_enum<PartnerKind>(kind, "partner kind");
        s.side = side.is_none() ? Side::unspecified : to_enum<Side>(side, "partner side");
        s.parent = to_id<PartnerTag>(self.reg, parent, "partner parent");
        s.code = to_text(code, "partner code");
        s.note = to_text(note, "partner note");
        return Handle<PartnerTag>{self.reg, writing(self.reg)->add_partner(s).value};
      },
      A("name"), A("kind") = "other", A("side") = None, A("parent") = None, A("code") = None, A("note") = None,
      py::kw_only(), A("count") = 1,
      "Adds a partner. A partner with no side takes its parent's. count: the unnamed organisations it "
      "stands for ('3 firms'), counted as that many wherever organisations are counted.");

  c.def(
      "pair",
      [](R& self, py::object a, py::object b, py::object kind, py::object since, py::object until, py::object note) {
        PairingSpec s;
        s.a = to_node(self.reg, a, "pairing a");
        s.b = to_node(self.reg, b, "pairing b");
        s.kind = to_enum<PairingKind>(kind, "pairing kind");
        s.since = to_date(since, "pairing since");
        s.until = to_date(until, "pairing until");
        s.note = to_text(note, "pairing note");
        return Handle<PairingTag>{self.reg, writing(self.reg)->pair(s).value};
      },
      A("a"), A("b"), A("kind") = "other", A("since") = None, A("until") = None, A("note") = None,
      "Pairs two partners, or a partner (a family) and a household.");

  c.def(
      "add_flow",
      [](R& self, py::object source, py::object target, py::object amount, py::object date, py::object kind,
         py::object stage, py::object purpose, py::object parent, py::object note, py::object credited_to,
         py::object currency, py::object correction) {
        FlowSpec s;
        s.credited_to = to_id<PairingTag>(self.reg, credited_to, "flow credited_to");
        s.source = to_node(self.reg, source, "flow source");
        s.target = to_node(self.reg, target, "flow target");
        // the currency named, else the Money's, else the parent's or the registry's
        if (!currency.is_none()) s.currency = Currency(to_text(currency, "flow currency"), "flow currency");
        else if (py::isinstance<PyMoney>(amount)) s.currency = amount.cast<PyMoney>().currency;
        s.amount = to_money(amount, "flow amount", s.currency.value_or(currency_of(self.reg)));
        s.date = to_date(date, "flow date");
        s.kind = to_enum<FlowKind>(kind, "flow kind");
        s.stage = to_enum<Stage>(stage, "flow stage");
        s.purpose = to_enum<Sector>(purpose, "flow purpose");
        s.parent = to_id<FlowTag>(self.reg, parent, "flow parent");
        s.note = to_text(note, "flow note");
        if (!py::isinstance<py::bool_>(correction))
          wrong_type("flow correction", "expected True or False, got " + shown(correction));
        s.correction = correction.cast<bool>();
        return Handle<FlowTag>{self.reg, writing(self.reg)->add_flow(s).value};
      },
      A("source"), A("target"), A("amount"), py::kw_only(), A("date") = None, A("kind") = "other",
      A("stage") = "disbursement", A("purpose") = "unspecified", A("parent") = None, A("note") = None,
      A("credited_to") = None, A("currency") = None, A("correction") = false,
      "Adds a flow of money. With a parent it is either a part of the parent (the same money in more "
      "detail) or money the parent's target passes on; children never exceed their parent. credited_to: "
      "a pairing whose report (and every report enclosing it) counts this money from outside its eastern "
      "partner's tree, such as a firm it brought in. currency: an ISO 4217 code; none: the amount's "
      "when it is Money, else the parent's, else the registry's. A chain keeps one currency. correction: "
      "a negative amount correcting money reported before (a source's negative transaction), alone "
      "(no parent, no credit, never a parent): it reduces the total it counts in by exactly its amount.");

  c.def(
      "add_project",
      [](R& self, py::object name, py::object sector, py::object location, py::object implementer, py::object start,
         py::object end, py::object outputs, py::object note) {
        ProjectSpec s;
        s.name = to_text(name, "project name");
        s.sector = to_enum<Sector>(sector, "project sector");
        s.location = to_id<PartnerTag>(self.reg, location, "project location");
        s.implementer = to_id<PartnerTag>(self.reg, implementer, "project implementer");
        s.start = to_date(start, "project start");
        s.end = to_date(end, "project end");
        if (!outputs.is_none()) {
          if (!py::isinstance<py::dict>(outputs)) wrong_type("project outputs", "expected a dict of name → count");
          try {
            for (auto [k, v] : outputs.cast<py::dict>())
              s.outputs.push_back({to_text(k, "project output name"), to_count<std::int64_t>(v, "project output count")});
          } catch (const validation_error& e) {
            throw validation_error(e.what(), where("project outputs", e.where().reason, e.where().value));
          }
        }
        s.note = to_text(note, "project note");
        return Handle<ProjectTag>{self.reg, writing(self.reg)->add_project(s).value};
      },
      A("name"), py::kw_only(), A("sector") = "unspecified", A("location") = None, A("implementer") = None,
      A("start") = None, A("end") = None, A("outputs") = None, A("note") = None,
      "Adds a project; outputs are named counts such as {'workshops': 20}.");

  c.def(
      "add_household",
      [](R& self, py::object number, py::object village, py::object members, py::object status, py::object exit_year,
         py::object note, py::object causes, py::object address, py::object head_name) {
        HouseholdSpec s;
        s.number = to_text(number, "household number");
        s.village = to_id<PartnerTag>(self.reg, village, "household village", true);
        s.members = to_count<std::int32_t>(members, "household members");
        s.status = to_enum<HouseholdStatus>(status, "household status");
        s.exit_year = to_count<std::int16_t>(exit_year, "household exit_year");
        s.note = to_text(note, "household note");
        if (!causes.is_none())
          for (py::handle c : to_list(causes, "household causes", "a list of causes"))
            s.causes.push_back(to_enum<PovertyCause>(c, "household causes"));
        s.address = to_text(address, "household address");
        s.head_name = to_text(head_name, "household head_name");
        return Handle<HouseholdTag>{self.reg, writing(self.reg)->add_household(s).value};
      },
      A("number"), py::kw_only(), A("village"), A("members") = None, A("status") = "poor", A("exit_year") = None,
      A("note") = None, A("causes") = None, A("address") = None, A("head_name") = None,
      "Adds a registered household; its registry number (None if not known) is unique. causes: the "
      "causes of its poverty, the main one first; address: its standard address (一标三实); "
      "head_name: the name of its head.");

  c.def(
      "add_benefit",
      [](R& self, py::object beneficiary, py::object via, py::object kind, py::object persons, py::object households,
         py::object date, py::object amount, py::object note, py::object part_of) {
        BenefitSpec s;
        s.beneficiary = to_id<HouseholdTag>(self.reg, beneficiary, "benefit beneficiary");
        s.via = to_node(self.reg, via, "benefit via");
        s.kind = to_enum<BenefitKind>(kind, "benefit kind");
        s.persons = to_count<std::int64_t>(persons, "benefit persons");
        s.households = to_count<std::int64_t>(households, "benefit households");
        s.date = to_date(date, "benefit date");
        s.amount = amount.is_none() ? Money() : to_money(amount, "benefit amount", currency_of(self.reg));
        s.note = to_text(note, "benefit note");
        s.part_of = to_id<BenefitTag>(self.reg, part_of, "benefit part_of");
        return Handle<BenefitTag>{self.reg, writing(self.reg)->add_benefit(s).value};
      },
      A("beneficiary"), py::kw_only(), A("via"), A("kind") = "other", A("persons") = None, A("households") = None,
      A("date") = None, A("amount") = None, A("note") = None, A("part_of") = None,
      "Records a household reached (beneficiary) or an aggregate count (beneficiary None). An aggregate "
      "part_of another of its kind is a breakdown inside it ('494 employed, of whom 24 in the east'), never "
      "added to it; parts beyond their whole are a figure_exceeded finding of check().");

  c.def(
      "add_exchange",
      [](R& self, py::object sender, py::object host, py::object role, py::object person_times, py::object persons,
         py::object batches, py::object days, py::object purpose, py::object date, py::object part_of,
         py::object note) {
        ExchangeSpec s;
        s.sender = to_id<PartnerTag>(self.reg, sender, "exchange sender", true);
        s.host = to_id<PartnerTag>(self.reg, host, "exchange host", true);
        s.role = to_enum<Role>(role, "exchange role");
        s.person_times = to_count<std::int64_t>(person_times, "exchange person_times");
        s.persons = to_count<std::int64_t>(persons, "exchange persons");
        s.batches = to_count<std::int32_t>(batches, "exchange batches");
        s.days = to_count<std::int32_t>(days, "exchange days");
        s.purpose = to_text(purpose, "exchange purpose");
        s.date = to_date(date, "exchange date");
        s.part_of = to_id<ExchangeTag>(self.reg, part_of, "exchange part_of");
        s.note = to_text(note, "exchange note");
        return Handle<ExchangeTag>{self.reg, writing(self.reg)->add_exchange(s).value};
      },
      A("sender"), A("host"), py::kw_only(), A("role") = "other", A("person_times") = None, A("persons") = None,
      A("batches") = None, A("days") = None, A("purpose") = None, A("date") = None, A("part_of") = None,
      A("note") = None,
      "Records people sent from sender to host, in person-times (default: persons). An exchange part_of "
      "another is a detail inside it, never added to it.");

  c.def(
      "add_training",
      [](R& self, py::object organiser, py::object location, py::object role, py::object trainees, py::object days,
         py::object date, py::object note, py::object sessions, py::object part_of) {
        TrainingSpec s;
        s.organiser = to_id<PartnerTag>(self.reg, organiser, "training organiser", true);
        s.location = to_id<PartnerTag>(self.reg, location, "training location");
        s.role = to_enum<Role>(role, "training role");
        s.trainees = to_count<std::int64_t>(trainees, "training trainees");
        s.days = to_count<std::int32_t>(days, "training days");
        s.date = to_date(date, "training date");
        s.note = to_text(note, "training note");
        s.sessions = to_count<std::int32_t>(sessions, "training sessions");
        s.part_of = to_id<TrainingTag>(self.reg, part_of, "training part_of");
        return Handle<TrainingTag>{self.reg, writing(self.reg)->add_training(s).value};
      },
      A("organiser"), py::kw_only(), A("location") = None, A("role") = "other", A("trainees"), A("days") = None,
      A("date") = None, A("note") = None, A("sessions") = None, A("part_of") = None,
      "Records people trained, in sessions (期) when given. A training part_of another is a breakdown "
      "inside it, never added to it.");

  c.def(
      "add_labour",
      [](R& self, py::object east, py::object west, py::object persons, py::object destination, py::object status,
         py::object date, py::object part_of, py::object citation, py::object note) {
        LabourSpec s;
        s.east = to_id<PartnerTag>(self.reg, east, "labour east", true);
        s.west = to_id<PartnerTag>(self.reg, west, "labour west", true);
        s.persons = to_count<std::int64_t>(persons, "labour persons");
        s.destination = to_enum<LabourDestination>(destination, "labour destination");
        // a household status (its names are a labour status's); None: workers of every status
        if (py::isinstance<HouseholdStatus>(status))
          s.status = LabourStatus(std::size_t(to_enum<HouseholdStatus>(status, "labour status")) + 1);
        else if (!status.is_none())
          s.status = to_enum<LabourStatus>(status, "labour status");
        s.date = to_date(date, "labour date");
        s.part_of = to_id<LabourTag>(self.reg, part_of, "labour part_of");
        s.citation = to_text(citation, "labour citation");
        s.note = to_text(note, "labour note");
        return Handle<LabourTag>{self.reg, writing(self.reg)->add_labour(s).value};
      },
      A("east"), A("west"), py::kw_only(), A("persons"), A("destination") = "unknown", A("status") = None,
      A("date") = None, A("part_of") = None, A("citation") = None, A("note") = None,
      "Records workers from west who found work through its pairing with east: where they went "
      "('partner', 'east', 'local', 'other', 'unknown') and their household status (None: every status). "
      "A record part_of another is a breakdown inside it, never added to it.");

  c.def(
      "add_wish",
      [](R& self, py::object household, py::object wish_text, py::object cost, py::object date, py::object note,
         py::object batch) {
        WishSpec s;
        s.batch = to_count<std::int32_t>(batch, "wish batch");
        s.household = to_id<HouseholdTag>(self.reg, household, "wish household", true);
        s.text = to_text(wish_text, "wish text");
        s.cost = cost.is_none() ? Money() : to_money(cost, "wish cost", currency_of(self.reg));
        s.date = to_date(date, "wish date");
        s.note = to_text(note, "wish note");
        return Handle<WishTag>{self.reg, writing(self.reg)->add_wish(s).value};
      },
      A("household"), A("text"), py::kw_only(), A("cost") = None, A("date") = None, A("note") = None,
      A("batch") = None, "Publishes a micro-wish (微心愿) of a household, in a numbered batch; it starts open.");
  c.def(
      "claim_wish",
      [](R& self, py::object wish, py::object by, py::object date) {
        const WishId w = to_id<WishTag>(self.reg, wish, "claim_wish wish", true);
        const PartnerId p = to_id<PartnerTag>(self.reg, by, "claim_wish by", true);
        writing(self.reg)->claim_wish(w, p, to_date(date, "claim_wish date"));
      },
      A("wish"), py::kw_only(), A("by"), A("date") = None, "An open wish is claimed by a donor.");
  c.def(
      "fulfil_wish",
      [](R& self, py::object wish, py::object date) {
        const WishId w = to_id<WishTag>(self.reg, wish, "fulfil_wish wish", true);
        const Date d = to_date(date, "fulfil_wish date");
        writing(self.reg)->fulfil_wish(w, d);
      },
      A("wish"), py::kw_only(), A("date") = None, "A claimed wish is fulfilled.");
  c.def(
      "cancel_wish",
      [](R& self, py::object wish, py::object date) {
        const WishId w = to_id<WishTag>(self.reg, wish, "cancel_wish wish", true);
        const Date d = to_date(date, "cancel_wish date");
        writing(self.reg)->cancel_wish(w, d);
      },
      A("wish"), py::kw_only(), A("date") = None, "An open or claimed wish is cancelled.");

  c.def(
      "add_event",
      [](R& self, py::object kind, py::object date, py::object partners, py::object note, py::object participants) {
        EventSpec s;
        s.participants = to_count<std::int64_t>(participants, "event participants");
        s.kind = to_enum<EventKind>(kind, "event kind");
        s.date = to_date(date, "event date");
        if (!partners.is_none())
          for (py::handle p : to_list(partners, "event partners", "a list of partners"))
            s.partners.push_back(to_id<PartnerTag>(self.reg, p, "event partners", true));
        s.note = to_text(note, "event note");
        return Handle<EventTag>{self.reg, writing(self.reg)->add_event(s).value};
      },
      A("kind"), py::kw_only(), A("date") = None, A("partners") = None, A("note") = None,
      A("participants") = None, "Records a visit, meeting or signing, with how many took part when given.");

  c.def(
      "household",
      [](const R& self, py::handle registry_number) {
        const std::string number = to_text(registry_number, "household number");
        const HouseholdId h = reading(self.reg)->household_by_number(number);
        if (!h) throw not_found("no household with this registry number", where("household number", reason::not_found));
        return Handle<HouseholdTag>{self.reg, h.value};
      },
      A("number"), "The household with this registry number.");

  c.def_property_readonly("partners", [](const R& s) { return View<PartnerTag>{s.reg}; });
  c.def_property_readonly("pairings", [](const R& s) { return View<PairingTag>{s.reg}; });
  c.def_property_readonly("flows", [](const R& s) { return View<FlowTag>{s.reg}; });
  c.def_property_readonly("projects", [](const R& s) { return View<ProjectTag>{s.reg}; });
  c.def_property_readonly("households", [](const R& s) { return View<HouseholdTag>{s.reg}; });
  c.def_property_readonly("benefits", [](const R& s) { return View<BenefitTag>{s.reg}; });
  c.def_property_readonly("exchanges", [](const R& s) { return View<ExchangeTag>{s.reg}; });
  c.def_property_readonly("trainings", [](const R& s) { return View<TrainingTag>{s.reg}; });
  c.def_property_readonly("wishes", [](const R& s) { return View<WishTag>{s.reg}; });
  c.def_property_readonly("events", [](const R& s) { return View<EventTag>{s.reg}; });
  c.def_property_readonly("persons", [](const R& s) { return View<PersonTag>{s.reg}; });
  c.def_property_readonly("status_changes", [](const R& s) { return View<StatusChangeTag>{s.reg}; });
  c.def_property_readonly("employment", [](const R& s) { return View<EmploymentTag>{s.reg}; });
  c.def_property_readonly("targets", [](const R& s) { return View<TargetTag>{s.reg}; });
  c.def_property_readonly("labour", [](const R& s) { return View<LabourTag>{s.reg}; });
  c.def_property_readonly("expectations", [](const R& s) { return View<ExpectationTag>{s.reg}; });
  c.def_property_readonly("figures", [](const R& s) { return View<FigureTag>{s.reg}; });

}

}  // namespace shanhai::python
