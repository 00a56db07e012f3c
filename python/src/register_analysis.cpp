// Counting: totals, the report, tracing, published figures, diagnostics, dividends, boundaries.
// Pure C++ work runs with the GIL released.
#include "bindings.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <unordered_map>

namespace shanhai::python {
namespace {

using A = py::arg;
using R = PyRegistry;
const py::none None;

/// A kind filter: kinds and class names ("aid", "trade", "investment", "all") alone or in a list;
/// None is aid.
std::vector<FlowKind> to_kinds(py::handle value, const std::string& field) {
  std::vector<FlowKind> out;
  auto add = [&](py::handle item) {
    if (py::isinstance<FlowClass>(item)) {
      for (FlowKind k : kinds_of(item.cast<FlowClass>())) out.push_back(k);
      return;
    }
    if (py::isinstance<py::str>(item)) {
      const std::string name = item.cast<std::string>();
      if (name == "all") {
        for (std::size_t k = 0; k < enum_count<FlowKind>; ++k) out.push_back(FlowKind(k));
        return;
      }
      const auto& classes = enum_names<FlowClass>::names;
      if (auto c = std::find(classes.begin(), classes.end(), name); c != classes.end()) {
        for (FlowKind k : kinds_of(FlowClass(c - classes.begin()))) out.push_back(k);
        return;
      }
    }
    out.push_back(to_enum<FlowKind>(item, field));
  };
  if (value.is_none()) return kinds_of(FlowClass::aid);
  if (py::isinstance<py::str>(value) || !py::isinstance<py::iterable>(value)) add(value);
  else
    for (py::handle item : value) add(item);
  if (out.empty()) throw validation_error(field + ": no kind given", where(field, reason::required));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// A count as published: an int, or text with an optional 万 and unit word ("3150户", "494人",
/// "1.2万人次"); money's units (元) are refused.
std::int64_t to_published_count(py::handle v, const std::string& field) {
  if (!py::isinstance<py::str>(v)) return to_count<std::int64_t>(v, field);
  const std::string text = v.cast<std::string>();
  auto refuse = [&](const std::string& why) {
    return validation_error(field + ": cannot read " + quoted(text) + " as a count: " + why,
                            where(field, reason::bad_format, text));
  };
  if (text.find("元") != std::string::npos) throw refuse("it is money");
  // the unit word follows the last digit, 万 or 亿
  auto past = [&](std::string_view mark) {
    const auto at = text.rfind(mark);
    return at == std::string::npos ? std::size_t(0) : at + mark.size();
  };
  std::size_t last = std::max(past("万"), past("亿"));
  if (const auto digit = text.find_last_of("0123456789"); digit != std::string::npos) last = std::max(last, digit + 1);
  if (!std::all_of(text.begin() + std::ptrdiff_t(last), text.end(),
                   [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; }))  // 户, 人, 期
    throw refuse("expected a whole number with an optional 万 and unit word");
  std::string number = text;
  number.resize(last);
  Money m;
  try {
    m = Money::parse(number);
  } catch (const std::exception&) {
    throw refuse("expected a whole number with an optional 万 and unit word");
  }
  if (m.fen() < 0 || m.fen() % 100 != 0) throw refuse("not a whole, non-negative number");
  return m.fen() / 100;
}

/// The digits of an int or a digits-only str; empty for anything else.
std::string bare_number(py::handle v) {
  if (py::isinstance<py::bool_>(v) || !(py::isinstance<py::int_>(v) || py::isinstance<py::str>(v))) return {};
  std::string text = py::str(v).cast<std::string>();
  const bool digits = !text.empty() && std::ranges::all_of(text, [](char ch) { return ch >= '0' && ch <= '9'; });
  return digits ? text : std::string();
}

/// Money as published: a bare number is refused, as it is as often people as yuan ("494 found
/// work"); `instead` suggests the call that takes a count.
Money to_published_money(py::handle v, const std::string& field, Currency currency, const std::string& instead) {
  if (const std::string n = bare_number(v); !n.empty() && n.find_first_not_of('0') != std::string::npos)
    throw validation_error(field + ": " + n + " is not an amount: write money with its unit ('494元', '494万') or as a "
                               "Decimal; a published count of people or things is not money" +
                               (instead.empty() ? std::string() : " (" + instead + ")"),
                           where(field, reason::no_unit, n));
  return to_money(v, field, currency);
}

// sh.only(p): a partner's own records alone, in a scope argument
struct PyOnly {
  Handle<PartnerTag> partner;
};

// A scope's node or partner: a handle, or sh.only(partner)
ScopeNode to_scope_node(const RegistryPtr& reg, py::handle v, const std::string& field) {
  if (py::isinstance<PyOnly>(v)) return only(to_id<PartnerTag>(reg, py::cast(v.cast<const PyOnly&>().partner), field, true));
  return to_node(reg, v, field);
}
ScopePartner to_scope_partner(const RegistryPtr& reg, py::handle v, const std::string& field) {
  if (py::isinstance<PyOnly>(v)) return only(to_id<PartnerTag>(reg, py::cast(v.cast<const PyOnly&>().partner), field, true));
  return to_id<PartnerTag>(reg, v, field);
}
// A call that keeps or walks the partner whole refuses only() rather than widen it silently
void no_only(py::handle v, const std::string& field, const char* why) {
  if (py::isinstance<PyOnly>(v))
    throw validation_error(field + ": only() is not taken here (" + why + ")", where(field, reason::rule));
}

Scope to_scope(const RegistryPtr& reg, const std::string& call, py::handle year, py::handle source, py::handle target,
               py::handle kind, py::handle purpose, py::handle stage, py::handle boundary, py::handle origin) {
  Scope s;
  s.year = to_year(year, call + " year");
  s.source = to_scope_node(reg, source, call + " source");
  s.target = to_scope_node(reg, target, call + " target");
  s.kinds = to_kinds(kind, call + " kind");
  s.purposes = to_enums<Sector>(purpose, call + " purpose");
  s.stage = to_enum<Stage>(stage, call + " stage");
  s.boundary = to_scope_partner(reg, boundary, call + " boundary");
  s.origin = to_scope_partner(reg, origin, call + " origin");
  return s;
}

py::object handle_of_ref(const RegistryPtr& reg, const Ref& r) {
  const std::string_view t = r.table;
  if (t == "partners") return handle_of(reg, PartnerId(r.id));
  if (t == "pairings") return handle_of(reg, PairingId(r.id));
  if (t == "flows") return handle_of(reg, FlowId(r.id));
  if (t == "projects") return handle_of(reg, ProjectId(r.id));
  if (t == "households") return handle_of(reg, HouseholdId(r.id));
  if (t == "benefits") return handle_of(reg, BenefitId(r.id));
  if (t == "wishes") return handle_of(reg, WishId(r.id));
  if (t == "figures") return handle_of(reg, FigureId(r.id));
  return py::make_tuple(std::string(t), r.id);  // expectations: (table, id)
}

/// A totals result's groups, made into Python objects only when first read: the Mapping's
/// size and figures need none of them, and a large grouping has tens of thousands.
struct TotalsGroups {
  RegistryPtr reg;
  Totals totals;

  /// {(value, ...): Money}, each value as the Mapping shows it: a handle, an enum's name or a year.
  py::dict make() const {
    // keys repeat a few thousand nodes and names over many groups: each Python value is made once
    std::unordered_map<std::uint64_t, py::object> made;
    auto value_of = [&](Field field, std::int64_t v) -> const py::object& {
      py::object& o = made[std::uint64_t(v) << 3 | std::uint64_t(field)];
      if (!o) switch (field) {
          case Field::source:
          case Field::target:
          case Field::origin: o = handle_of(reg, Node::from_packed(std::uint64_t(v))); break;
          case Field::kind: o = py::str(std::string(to_string(FlowKind(v)))); break;
          case Field::stage: o = py::str(std::string(to_string(Stage(v)))); break;
          case Field::purpose: o = py::str(std::string(to_string(Sector(v)))); break;
          case Field::year: o = py::int_(v); break;
          case Field::currency: o = py::str(std::string(Currency::from_packed(std::uint64_t(v)).code())); break;
        }
      return o;
    };
    py::dict groups;
    for (std::size_t g = 0; g < totals.size(); ++g) {
      const auto key = totals.key(g);
      py::tuple k(key.size());
      for (std::size_t i = 0; i < key.size(); ++i) k[i] = value_of(totals.by()[i], key[i]);
      groups[std::move(k)] = money_of(totals.money(g), currency(g));
    }
    return groups;
  }

  /// Group g's currency: the result's, or split into several, its key's.
  Currency currency(std::size_t g) const {
    if (const auto c = totals.currency()) return *c;
    const auto at = std::size_t(std::find(totals.by().begin(), totals.by().end(), Field::currency) - totals.by().begin());
    return Currency::from_packed(std::uint64_t(totals.key(g)[at]));
  }

  /// The groups as columns in key order, with no Python object per group (a national result's
  /// Arrow export): per field of `by`, a node's (kind codes uint8, ids uint32), an enum's codes
  /// (uint8) or the years (int32); then the amounts in minor units (int64).
  py::tuple columns() const {
    const auto n = py::ssize_t(totals.size());
    auto fill = [&]<class T>(T (*of)(std::int64_t), std::size_t f) {
      py::array_t<T> out(n);
      T* at = out.mutable_data();
      for (std::size_t g = 0; g < totals.size(); ++g) *at++ = of(totals.key(g)[f]);
      return out;
    };
    py::list fields;
    for (std::size_t f = 0; f < totals.by().size(); ++f) switch (totals.by()[f]) {
        case Field::source:
        case Field::target:
        case Field::origin:
          fields.append(py::make_tuple(
              fill(+[](std::int64_t v) { return std::uint8_t(Node::from_packed(std::uint64_t(v)).kind); }, f),
              fill(+[](std::int64_t v) { return Node::from_packed(std::uint64_t(v)).id; }, f)));
          break;
        case Field::year: fields.append(fill(+[](std::int64_t v) { return std::int32_t(v); }, f)); break;
        case Field::currency: {  // the codes as text
          py::list codes;
          for (std::size_t g = 0; g < totals.size(); ++g)
            codes.append(std::string(Currency::from_packed(std::uint64_t(totals.key(g)[f])).code()));
          fields.append(codes);
          break;
        }
        default: fields.append(fill(+[](std::int64_t v) { return std::uint8_t(v); }, f));
      }
    py::array_t<std::int64_t> amounts(n);
    std::int64_t* at = amounts.mutable_data();
    for (std::size_t g = 0; g < totals.size(); ++g) *at++ = totals.money(g).fen();
    return py::make_tuple(fields, amounts);
  }
};

}  // namespace

void register_analysis(py::module_& m) {
  auto c = py::class_<PyRegistry>(m.attr("Registry"));
  py::class_<PyOnly>(m, "Only", "A partner's own records alone, not those of the partners below it: sh.only(p).")
      .def_property_readonly("partner", [](const PyOnly& o) { return o.partner; })
      .def("__repr__", [](const PyOnly& o) {
        return "only(" + std::string(py::repr(py::cast(o.partner))) + ")";
      });
  m.def(
      "only",
      [](py::handle partner) {
        if (!py::isinstance<Handle<PartnerTag>>(partner))
          wrong_type("only partner", "expected a partner, got " + shown(partner));
        return PyOnly{partner.cast<Handle<PartnerTag>>()};
      },
      py::arg("partner"),
      "The partner's own records alone, for a scope argument (source=, target=, boundary=, origin=, east=, "
      "west=): report(east=sh.only(city)) counts the city's own records, not its districts'.");
  py::class_<TotalsGroups>(m, "_TotalsGroups")
      .def("__len__", [](const TotalsGroups& g) { return g.totals.size(); })
      .def("make", &TotalsGroups::make)
      .def("stages", [](const TotalsGroups& g) { return g.totals.stages(); })
      .def("columns", &TotalsGroups::columns);

  // Raw results; the package wraps them as Mappings (shanhai.Totals, shanhai.Report).
  c.def(
      "_totals",
      [](const R& self, py::object by, py::object year, py::object source, py::object target,
         py::object kind, py::object purpose, py::object stage, py::object boundary, py::object origin,
         py::object figures, py::object currency) {
        // stage None: every stage, split by stage
        TotalsOptions options{.every_stage = stage.is_none()};
        if (!py::isinstance<py::bool_>(figures)) wrong_type("totals figures", "expected True or False, got " + shown(figures));
        options.figures = figures.cast<bool>();
        Scope s = to_scope(self.reg, "totals", year, source, target, kind, purpose,
                           options.every_stage ? py::str("disbursement") : stage, boundary, origin);
        if (!currency.is_none()) s.currency = Currency(to_text(currency, "totals currency"), "totals currency");
        std::vector<Field> fields;
        for (py::handle item : to_list(by, "totals by", "a field name or a list of them")) {
          // "target.province": the field's nodes rolled up to that level of the partner tree
          auto f = py::reinterpret_borrow<py::object>(item);
          std::optional<PartnerKind> level;
          if (py::isinstance<py::str>(f)) {
            const std::string name = f.cast<std::string>();
            if (const auto dot = name.find('.'); dot != std::string::npos) {
              level = to_enum<PartnerKind>(py::str(name.substr(dot + 1)), "totals by");
              f = py::str(name.substr(0, dot));
            }
          }
          fields.push_back(to_enum<Field>(f, "totals by"));
          options.levels.push_back(level);
        }
        Totals t;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          t = totals(*r, s, fields, options);
        }
        if (!t.currency()) {  // split into several currencies: no figure adds them
          return py::make_tuple(TotalsGroups{self.reg, std::move(t)}, py::object(py::none()), py::object(py::none()),
                                py::object(py::none()));
        }
        const Currency c = *t.currency();
        const Money total = t.counted(), reported = t.reported(), unexplained = t.unexplained();
        const Qualifier q = t.qualifier();  // a bounded figure bounds the total
        return py::make_tuple(TotalsGroups{self.reg, std::move(t)}, py::cast(PyMoney{total, c, q}),
                              money_of(reported, c), money_of(unexplained, c));
      },
      A("by"), A("year"), A("source"), A("target"), A("kind"), A("purpose"), A("stage"), A("boundary"), A("origin"),
      A("figures"), A("currency") = py::none());

  c.def(
      "_report",
      [](const R& self, py::object year, py::object east, py::object west) {
        ReportScope s;
        s.year = to_year(year, "report year");
        s.east = to_scope_partner(self.reg, east, "report east");
        s.west = to_scope_partner(self.reg, west, "report west");
        Report rep;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          rep = report(*r, s);
        }
        // money as Money, a ratio in hundredths as a float (33.33 for 3333), counts as ints
        auto value_of = [currency = currency_of(self.reg)](const Indicator& i, std::int64_t v) -> py::object {
          if (i.unit == Unit::yuan) return money_of(Money::from_fen(v), currency);
          if (i.ratio()) return py::float_(double(v) / 100);
          return py::int_(v);
        };
        py::list rows, ratios, targets, qualifiers;
        for (const Indicator& i : rep.indicators()) {
          if (i.reported && i.qualifier != Qualifier::exact)
            qualifiers.append(py::make_tuple(i.key, std::string(to_string(i.qualifier))));
          rows.append(py::make_tuple(i.key, i.area, std::string(to_string(i.unit)), i.label_zh, i.label_en,
                                     i.reported ? value_of(i, i.value) : py::object(py::none())));
          if (i.ratio()) ratios.append(py::make_tuple(i.key, i.numerator, i.denominator));
          if (i.has_target)
            targets.append(py::make_tuple(i.key, value_of(i, i.target),
                                          i.baseline_year ? value_of(i, i.baseline) : py::object(py::none()),
                                          i.baseline_year ? py::object(py::int_(i.baseline_year)) : py::object(py::none())));
        }
        py::list reported;
        for (FlowId f : rep.reported_flows()) reported.append(handle_of(self.reg, f));
        return py::make_tuple(rows, reported, ratios, targets, qualifiers);
      },
      A("year"), A("east"), A("west"));

  c.def(
      "_trace",
      [](const R& self, py::object source, py::object stage, py::object kind, bool below) {
        // only(p) is the partner's own outflow, which a trace without below is
        if (py::isinstance<PyOnly>(source) && below)
          throw validation_error("trace source: only() and below=True ask for opposite things",
                                 where("trace source", reason::rule));
        const Node s = to_scope_node(self.reg, source, "trace source");
        const Stage st = to_enum<Stage>(stage, "trace stage");
        const std::vector<FlowKind> kinds = to_kinds(kind, "trace kind");
        Trace t;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          t = trace(*r, s, {st, kinds, below});
        }
        py::list ended, edges;
        const Currency c = currency_of(self.reg);
        for (const auto& [node, money] : t.ended())
          ended.append(py::make_tuple(handle_of(self.reg, node), money_of(money, c)));
        for (const auto& e : t.edges())
          edges.append(py::make_tuple(handle_of(self.reg, e.source), handle_of(self.reg, e.target), money_of(e.amount, c)));
        return py::make_tuple(ended, edges, money_of(t.outflow(), c));
      },
      A("source"), A("stage"), A("kind"), A("below") = false);

  c.def(
      "_check",
      [](const R& self, py::object open_wishes_before) {
        CheckOptions o;
        o.open_wishes_before = to_date(open_wishes_before, "check open_wishes_before");
        std::vector<Finding> found;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          found = check(*r, o);
        }
        py::list out;
        const Currency c = currency_of(self.reg);
        for (const auto& f : found) {
          py::list refs;
          for (const auto& r : f.refs) refs.append(handle_of_ref(self.reg, r));
          const bool gap = f.code == "expectation_gap";
          auto figure = [&](const Money& m, const std::optional<std::int64_t>& count) -> py::object {
            if (!gap) return py::none();
            return count ? py::object(py::int_(*count)) : money_of(m, c);
          };
          out.append(py::make_tuple(std::string(to_string(f.severity)), f.code, f.message, refs,
                                    figure(f.expected, f.expected_count), figure(f.actual, f.actual_count)));
        }
        return out;
      },
      A("open_wishes_before"));

  c.def(
      "expect_total",
      [](R& self, py::object amount, py::object source, py::object target, py::object year, py::object kind,
         py::object purpose, py::object stage, py::object boundary, py::object origin, py::object citation,
         py::object qualifier) {
        ExpectationSpec e;
        const Published figure = read_published(amount, qualifier, "expect_total amount");
        e.amount = to_published_money(figure.value, "expect_total amount", currency_of(self.reg),
                                      "expect('labour.employed', 494)");
        e.qualifier = figure.qualifier;
        e.scope = to_scope(self.reg, "expect_total", year, source, target, kind, purpose, stage, boundary, origin);
        e.citation = to_text(citation, "expect_total citation");
        return writing(self.reg)->expect_total(e).value;
      },
      A("amount"), py::kw_only(), A("source") = None, A("target") = None, A("year") = None, A("kind") = None,
      A("purpose") = None, A("stage") = "disbursement", A("boundary") = None, A("origin") = None,
      A("citation") = None, A("qualifier") = None,
      "Records a published money figure with the scope it claims (as for totals) and where it was "
      "published; check() reports whether it holds. '8100万以上' or qualifier='at_least' is a lower "
      "bound, '约8100万' or qualifier='about' within 5%. Returns the expectation's id.");

  c.def(
      "expect",
      [](R& self, py::object key, py::object value, py::object year, py::object east, py::object west,
         py::object qualifier, py::object citation) {
        IndicatorExpectationSpec e;
        if (!py::isinstance<py::str>(key)) wrong_type("expect key", "expected an indicator key, got " + shown(key));
        e.key = key.cast<std::string>();
        const IndicatorInfo* ind = &require_indicator(e.key, "expect");
        const Published figure = read_published(value, qualifier, "expect value");
        e.qualifier = figure.qualifier;
        if (ind->unit == Unit::yuan)
          e.value = to_published_money(figure.value, "expect value", currency_of(self.reg), "").fen();
        else if (ind->ratio())  // hundredths, as the report holds it
          e.value = to_money(figure.value, "expect value").fen();
        else
          e.value = to_published_count(figure.value, "expect value");
        if (year.is_none()) throw validation_error("expect year: a published figure is of a year", where("expect year", reason::required));
        e.year = to_year(year, "expect year");
        no_only(east, "expect east", "a published figure is kept with its partners");
        no_only(west, "expect west", "a published figure is kept with its partners");
        e.east = to_id<PartnerTag>(self.reg, east, "expect east");
        e.west = to_id<PartnerTag>(self.reg, west, "expect west");
        e.citation = to_text(citation, "expect citation");
        return writing(self.reg)->expect(e).value;
      },
      A("key"), A("value"), py::kw_only(), A("year") = None, A("east") = None, A("west") = None,
      A("qualifier") = None, A("citation") = None,
      "Records a published figure of any report indicator, in the indicator's unit (money for money keys, "
      "a count otherwise: 494 or '494人'; a share as 74.14), for the report of year and the pair east/west "
      "(none: the whole registry). check() reports whether it holds: 'expectation_gap', or "
      "'expectation_not_reported' when nothing in the registry counts it. '3150多户' or "
      "qualifier='at_least' is a lower bound; '近900' or qualifier='about' holds within 5%. Returns the "
      "expectation's id.");

  c.def(
      "add_figure",
      [](R& self, py::object key, py::object value, py::object year, py::object east, py::object west,
         py::object qualifier, py::object part_of, py::object citation, py::object note) {
        FigureSpec s;
        if (!py::isinstance<py::str>(key)) wrong_type("figure key", "expected an indicator key, got " + shown(key));
        s.key = key.cast<std::string>();
        const IndicatorInfo* ind = &require_indicator(s.key, "figure");
        const Published figure = read_published(value, qualifier, "figure value");
        s.qualifier = figure.qualifier;
        if (ind->unit == Unit::yuan)
          s.value = to_published_money(figure.value, "figure value", currency_of(self.reg), "").fen();
        else if (!ind->ratio())
          s.value = to_published_count(figure.value, "figure value");
        if (year.is_none()) throw validation_error("figure year: a published figure is of a year", where("figure year", reason::required));
        s.year = to_year(year, "figure year");
        s.east = to_id<PartnerTag>(self.reg, east, "figure east");
        s.west = to_id<PartnerTag>(self.reg, west, "figure west");
        s.part_of = to_id<FigureTag>(self.reg, part_of, "figure part_of");
        s.citation = to_text(citation, "figure citation");
        s.note = to_text(note, "figure note");
        return Handle<FigureTag>{self.reg, writing(self.reg)->add_figure(s).value};
      },
      A("key"), A("value"), py::kw_only(), A("year"), A("east") = None, A("west") = None, A("qualifier") = None,
      A("part_of") = None, A("citation") = None, A("note") = None,
      "Records a published aggregate of a report indicator for a year and the pair east/west (None: any "
      "partner of that side), in the indicator's unit: money for money keys ('4.53亿', '8100万以上'), a "
      "count otherwise (494 or '494人'); an explicit 0 reports 0. The figure is the whole of its indicator "
      "there: a report of exactly that year and pair counts it, and the records and figures of narrower "
      "pairs inside it are its parts, never added to it (a report of a wider scope adds the outermost "
      "figures inside it and the records outside them). part_of= names the figure this one is a detail "
      "of. check() reports parts above their figure (figure_exceeded), a figure above its parts "
      "(unexplained_remainder) and two figures for one key, year and pair (conflicting_figures: the later "
      "counts).");

  c.def(
      "distribute",
      [](R& self, py::object source, py::object amount, py::object to, py::object weights, py::object kind,
         py::object date, py::object parent, py::object purpose, py::object note) {
        DistributeSpec d;
        d.source = to_node(self.reg, source, "distribute source");
        d.amount = to_money(amount, "distribute amount", currency_of(self.reg));
        for (py::handle h : to_list(to, "distribute to", "a list of households"))
          d.to.push_back(to_id<HouseholdTag>(self.reg, h, "distribute to", true));
        if (py::isinstance<py::str>(weights)) {
          if (weights.cast<std::string>() != "members")
            throw validation_error("distribute weights: expected None, 'members' or a list of numbers, got " +
                                       quoted(weights.cast<std::string>()),
                                   where("distribute weights", reason::unknown_value));
          {
            const auto r = reading(self.reg);
            for (HouseholdId h : d.to) d.weights.push_back(r->households().members[h.value]);
          }
        } else if (!weights.is_none()) {
          for (py::handle w : to_list(weights, "distribute weights", "None, 'members' or a list of numbers"))
            d.weights.push_back(to_count<std::int64_t>(w, "distribute weights"));
        }
        d.kind = to_enum<FlowKind>(kind, "distribute kind");
        d.date = to_date(date, "distribute date");
        d.parent = to_id<FlowTag>(self.reg, parent, "distribute parent");
        d.purpose = to_enum<Sector>(purpose, "distribute purpose");
        d.note = to_text(note, "distribute note");
        py::list flows;
        for (FlowId f : writing(self.reg)->distribute(d)) flows.append(handle_of(self.reg, f));
        return flows;
      },
      A("source"), A("amount"), py::kw_only(), A("to"), A("weights") = None, A("kind") = "dividend",
      A("date") = None, A("parent") = None, A("purpose") = "unspecified", A("note") = None,
      "One flow per household whose amounts add up to exactly `amount` (largest remainder), by equal "
      "shares, by 'members' or by a list of weights. All or nothing.");

  m.def(
      "_flow_kinds",
      [](py::object kind, const std::string& field) {
        py::list names;
        for (FlowKind k : to_kinds(kind, field)) names.append(std::string(to_string(k)));
        return names;
      },
      A("kind"), A("field"), "The flow kind names a kind filter means (kinds and classes; None: aid).");

  c.def(
      "classify",
      [](const R& self, py::object boundary, py::object kind) {
        no_only(boundary, "classify boundary", "a boundary splits flows by the partner and all below it");
        const PartnerId b = to_id<PartnerTag>(self.reg, boundary, "classify boundary", true);
        const std::uint32_t kinds = detail::kind_mask(to_kinds(kind, "classify kind"));
        py::dict out;
        for (std::size_t k = 1; k < enum_count<Crossing>; ++k) out[py::str(std::string(to_string(Crossing(k))))] = py::list();
        const auto r = reading(self.reg);
        for (std::uint32_t i = 0; i < r->flows().size(); ++i) {
          if (!(kinds >> unsigned(r->flows().kind[i]) & 1)) continue;
          const Crossing c = r->crossing(FlowId(i), b);
          if (c != Crossing::outside) out[py::str(std::string(to_string(c)))].cast<py::list>().append(handle_of(self.reg, FlowId(i)));
        }
        return out;
      },
      A("boundary"), py::kw_only(), A("kind") = "aid",
      "The flows of the given kinds (default aid) touching a boundary (a partner and everything below "
      "it): {'incoming': [...], 'internal': [...], 'outgoing': [...]}.");

  m.def(
      "indicators",
      [] {
        py::list out;
        for (const IndicatorInfo& i : indicators()) {
          py::dict d;
          d["key"] = i.key, d["area"] = i.area, d["unit"] = std::string(to_string(i.unit));
          d["label_zh"] = i.label_zh, d["label_en"] = i.label_en;
          d["numerator"] = i.ratio() ? py::object(py::str(i.numerator)) : py::object(py::none());
          d["denominator"] = i.ratio() ? py::object(py::str(i.denominator)) : py::object(py::none());
          d["scale"] = i.scale();
          out.append(std::move(d));
        }
        return out;
      },
      "Every report indicator in report order: key, area, unit, labels (zh, en), for a ratio its "
      "numerator and denominator, and scale (what one unit of its stored value is worth: 100 for "
      "money in fen and ratios in hundredths, else 1).");
  m.def(
      "report_areas",
      [] {
        py::list out;
        for (const AreaInfo& a : report_areas)
          out.append(py::make_tuple(std::string(a.key), std::string(a.label_zh), std::string(a.label_en)));
        return out;
      },
      "The report's areas in the order reports show them: (key, label_zh, label_en).");
  m.def(
      "unit_labels",
      [] {
        py::dict out;
        for (std::size_t k = 0; k < enum_count<Unit>; ++k)
          out[py::str(std::string(to_string(Unit(k))))] =
              py::make_tuple(std::string(unit_labels[k].label_zh), std::string(unit_labels[k].label_en));
        return out;
      },
      "Each indicator unit's labels: {unit: (label_zh, label_en)}.");
}

}  // namespace shanhai::python
