// Handles: one class per table (Partner, Flow, Household, Person, ...).
// Each carries its registry and id and reads its fields from the registry's columns.
#include "bindings.hpp"

namespace shanhai::python {

Node to_node(const RegistryPtr& reg, py::handle v, std::string_view field) {
  if (v.is_none()) return Node();
  if (py::isinstance<Handle<PartnerTag>>(v)) return to_id<PartnerTag>(reg, v, field);
  if (py::isinstance<Handle<ProjectTag>>(v)) return to_id<ProjectTag>(reg, v, field);
  if (py::isinstance<Handle<HouseholdTag>>(v)) return to_id<HouseholdTag>(reg, v, field);
  if (py::isinstance<Handle<FlowTag>>(v)) return to_id<FlowTag>(reg, v, field);
  wrong_type(field, "expected a partner, project or household, got " + shown(v));
}

py::object handle_of(const RegistryPtr& reg, Node n) {
  switch (n.kind) {
    case NodeKind::partner: return handle_of(reg, n.partner());
    case NodeKind::project: return handle_of(reg, n.project());
    case NodeKind::household: return handle_of(reg, n.household());
    case NodeKind::flow: return handle_of(reg, n.flow());
    case NodeKind::none: break;
  }
  return py::none();
}

namespace {

template <class Tag, class T, std::size_t... K>
void bind_columns(py::class_<Handle<Tag>>& c, std::index_sequence<K...>) {
  (c.def_property_readonly(std::string(T::column_names[K]).c_str(),
                           [](const Handle<Tag>& h) {
                             return ToPython{&h.reg}(std::get<K>(T::columns(h.r()->template table<Tag>()))[h.id]);
                           }),
   ...);
}

// A person's name as a repr shows it, masked as every output masks it: the surname and one '*'
// ("马*"); nothing for a restricted person, a child under 14 (age from the ID number, else the
// birth year; shared copies' pseudonyms are never read as ID numbers) or a person without a name.
inline std::string masked_person_name(const Registry& r, std::uint32_t id) {
  const PersonTable& t = r.persons();
  const std::string_view name = t.name[id], number = t.id_number[id];
  if (name.empty() || r.privacy().is_restricted(PersonId(id))) return {};
  int born = t.birth_year[id];
  if (!r.shared() && number.size() == 18) born = id_number_parts(number).birth.year();
  if (born != 0 && today().year() - born < 14) return {};
  std::size_t first = 1;  // the first character's UTF-8 bytes
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  return ", '" + std::string(name.substr(0, first)) + "*'";
}

template <class Tag>
py::class_<Handle<Tag>> bind_handle(py::module_& m, const char* name, const char* doc) {
  using H = Handle<Tag>;
  using T = std::remove_cvref_t<decltype(std::declval<const Registry&>().table<Tag>())>;
  py::class_<H> c(m, name, doc);
  c.def_property_readonly("id", [](const H& h) { return h.id; }, "The row's dense id in its table.");
  bind_columns<Tag, T>(c, std::make_index_sequence<T::column_names.size()>());
  c.def("__eq__", [](const H& a, py::object b) {
    return py::isinstance<H>(b) && b.cast<const H&>().reg == a.reg && b.cast<const H&>().id == a.id;
  });
  c.def("__hash__", [](const H& h) { return py::hash(py::make_tuple(std::uintptr_t(h.reg.get()), h.id)); });
  c.def("__repr__", [name](const H& h) {
    const auto r = h.r();
    const auto& t = r->template table<Tag>();
    std::string label;
    if constexpr (std::is_same_v<Tag, PersonTag>) label = masked_person_name(*r, h.id);  // personal: masked
    else if constexpr (requires { t.name; }) label = ", '" + std::string(t.name[h.id]) + "'";
    else if constexpr (std::is_same_v<Tag, FlowTag>) label = ", " + std::string(py::repr(money_of(t.amount[h.id], t.currency[h.id])));
    else if constexpr (requires { t.amount; }) label = ", " + std::string(py::repr(money_of(t.amount[h.id], r->currency())));
    return std::string(name) + "(" + std::to_string(h.id) + label + ")";
  });
  return c;
}

}  // namespace

void register_handles(py::module_& m) {
  bind_handle<PartnerTag>(m, "Partner", "An organisation or place that gives, receives, implements or is paired.");
  bind_handle<PairingTag>(m, "Pairing", "A standing relationship between two partners or a partner and a household.");
  auto flow = bind_handle<FlowTag>(m, "Flow", "Money or goods moving once, from a source to a target.");
  // a flow's money is in its own currency
  auto in_its_currency = [](const Handle<FlowTag>& h, Money m) { return money_of(m, h.r()->flows().currency[h.id]); };
  flow.def_property_readonly(
          "amount", [in_its_currency](const Handle<FlowTag>& h) { return in_its_currency(h, h.r()->flows().amount[h.id]); },
          "The money, in the flow's currency.")
      .def_property_readonly(
          "correction", [](const Handle<FlowTag>& h) { return h.r()->flows().correction[h.id] == 1; },
          "Whether it corrects money reported before (its amount is then negative).")
      .def_property_readonly("link", [](const Handle<FlowTag>& h) { return std::string(to_string(h.r()->link(FlowId(h.id)))); },
                             "How the money relates to the parent's: 'part', 'pass_through' or 'none' (a root).")
      .def_property_readonly("root", [](const Handle<FlowTag>& h) { return handle_of(h.reg, h.r()->root(FlowId(h.id))); },
                             "The flow at the top of this flow's chain.")
      .def_property_readonly("origin", [](const Handle<FlowTag>& h) { return handle_of(h.reg, h.r()->origin(FlowId(h.id))); },
                             "Where the money started: the source of the root.")
      .def_property_readonly(
          "allocated",
          [in_its_currency](const Handle<FlowTag>& h) { return in_its_currency(h, h.r()->allocated(FlowId(h.id))); },
          "The sum of the children's amounts.")
      .def_property_readonly(
          "remaining",
          [in_its_currency](const Handle<FlowTag>& h) { return in_its_currency(h, h.r()->remaining(FlowId(h.id))); },
          "What the flow has left for further children.");
  bind_handle<ProjectTag>(m, "Project", "A thing built or run with the money.");
  bind_handle<HouseholdTag>(m, "Household", "A registered beneficiary household.");
  bind_handle<BenefitTag>(m, "Benefit", "A beneficiary (or an aggregate of them) reached by a project, flow or partner.");
  bind_handle<ExchangeTag>(m, "Exchange", "People travelling between the sides: person-times, not persons.");
  bind_handle<TrainingTag>(m, "Training", "People trained.");
  bind_handle<WishTag>(m, "Wish", "A micro-wish (微心愿) of a household, with its lifecycle.");
  bind_handle<EventTag>(m, "Event", "A visit, meeting or signing.");
  bind_handle<PersonTag>(m, "Person", "A member of a registered household.");
  bind_handle<StatusChangeTag>(m, "StatusChange", "A dated change in a household's status: its history.");
  bind_handle<EmploymentTag>(m, "Employment", "A month of a workshop's employment: one worker or a headcount.");
  bind_handle<LabourTag>(m, "LabourRecord", "Workers who found work through labour cooperation (劳务协作).");
  bind_handle<TargetTag>(m, "Target", "A target for a report indicator in a year, with its baseline.");
  bind_handle<ExpectationTag>(m, "Expectation",
                              "A published figure to check: money of flows in a scope, or a report indicator's value.");
  bind_handle<FigureTag>(m, "Figure",
                         "A published aggregate of a report indicator for a year and pair: the whole of it there.");
}

}  // namespace shanhai::python
