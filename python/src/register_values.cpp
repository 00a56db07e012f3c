// Value types: Money (exact fen), the enumerations, and the conversions from Python values.
#include "bindings.hpp"

#include <pybind11/operators.h>

namespace shanhai::python {

Money to_money(py::handle v, std::string_view field) {
  auto context = [&](const error& e) { return std::string(field) + ": " + e.what(); };
  try {
    if (py::isinstance<Money>(v)) return v.cast<Money>();
    if (py::isinstance<py::str>(v)) return Money::parse(v.cast<std::string>());
    if (py::isinstance<py::bool_>(v) || py::isinstance<py::float_>(v))
      throw py::type_error(std::string(field) + ": money never goes through a binary float; pass a str such as "
                           "'12.5万' or a decimal.Decimal, got " + std::string(py::str(py::repr(v))));
    if (py::isinstance<py::int_>(v)) return Money::parse(std::string(py::str(v)));  // whole yuan
    if (py::hasattr(v, "as_tuple"))  // decimal.Decimal, written out in full
      return Money::parse(py::str(py::module_::import("builtins").attr("format")(v, "f")).cast<std::string>());
  } catch (const validation_error& e) {
    throw validation_error(context(e));
  } catch (const format_error& e) {
    throw validation_error(context(e));
  }
  throw py::type_error(std::string(field) + ": expected money as str, int (yuan), Decimal or Money, got " +
                       std::string(py::str(py::repr(v))));
}

Date to_date(py::handle v, std::string_view field) {
  try {
    if (v.is_none()) return Date();
    if (py::isinstance<py::str>(v)) return Date::parse(v.cast<std::string>());
    if (py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v)) return Date::ymd(to_count<int>(v, field));
    if (py::hasattr(v, "year") && py::hasattr(v, "month") && py::hasattr(v, "day"))
      return Date::ymd(to_count<int>(v.attr("year"), field), to_count<int>(v.attr("month"), field),
                       to_count<int>(v.attr("day"), field));
  } catch (const error& e) {
    throw validation_error(std::string(field) + ": " + e.what());
  }
  throw validation_error(std::string(field) + ": expected a date such as '2018', '2018-05' or '2018-05-03', got " +
                         std::string(py::str(py::repr(v))));
}

std::string to_text(py::handle v, std::string_view field) {
  if (v.is_none()) return {};
  if (!py::isinstance<py::str>(v))
    throw validation_error(std::string(field) + ": expected text, got " + std::string(py::str(py::repr(v))));
  try {
    return v.cast<std::string>();
  } catch (const py::cast_error&) {
    PyErr_Clear();
    throw validation_error(std::string(field) + ": " + std::string(py::str(py::repr(v))) +
                           " cannot be written as UTF-8 (a lone surrogate?)");
  }
}

int to_year(py::handle v, std::string_view field) {
  if (v.is_none()) return 0;
  if (py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v)) {
    const int y = to_count<int>(v, field);
    if (y >= 1 && y <= 9999) return y;
  }
  throw validation_error(std::string(field) + ": expected a year such as 2018, got " +
                         std::string(py::str(py::repr(v))));
}

namespace {

template <class E>
void bind_enum(py::module_& m, const char* name) {
  py::enum_<E> e(m, name);
  for (std::size_t i = 0; i < enum_count<E>; ++i) {
    const std::string n(enum_names<E>::names[i]);
    e.value(n.c_str(), E(i));
  }
  e.def("__str__", [](E v) { return std::string(to_string(v)); });
}

// What Money() reads back: 万 from 1万 up when whole yuan ("2210.2万"), plain yuan otherwise.
std::string literal(Money m) {
  const bool wan = m.fen() % 100 == 0 && (m.fen() >= 1'000'000 || m.fen() <= -1'000'000);
  return wan ? m.wan() + "万" : m.yuan();
}
// "984万元", "300.00元"
std::string display(Money m) { return literal(m) + "元"; }

}  // namespace

void register_values(py::module_& m) {
  bind_enum<Side>(m, "Side");
  bind_enum<PartnerKind>(m, "PartnerKind");
  bind_enum<PairingKind>(m, "PairingKind");
  bind_enum<FlowKind>(m, "FlowKind");
  bind_enum<Stage>(m, "Stage");
  bind_enum<Sector>(m, "Sector");
  bind_enum<HouseholdStatus>(m, "HouseholdStatus");
  bind_enum<PovertyCause>(m, "PovertyCause");
  bind_enum<Relation>(m, "Relation");
  bind_enum<Sex>(m, "Sex");
  bind_enum<Health>(m, "Health");
  bind_enum<Education>(m, "Education");
  bind_enum<Labour>(m, "Labour");
  bind_enum<BenefitKind>(m, "BenefitKind");
  bind_enum<Role>(m, "Role");
  bind_enum<WishState>(m, "WishState");
  bind_enum<EventKind>(m, "EventKind");

  py::class_<Money>(m, "Money", R"(An exact amount of money: an int64 count of fen (0.01 yuan).

Money("34万"), Money("2210.2万元"), Money("9.65亿"), Money("1,234.56元"), Money("1234.56"),
Money(300) (whole yuan), Money(Decimal("12.5")). A value finer than a fen, too large, or a float
is refused: money never goes through a binary float.)")
      .def(py::init([](py::handle v) { return to_money(v, "money"); }), py::arg("value") = py::str("0"))
      .def_static("from_fen", &Money::from_fen, py::arg("fen"), "Money of exactly `fen` fen.")
      .def_property_readonly("fen", &Money::fen, "The amount in fen (0.01 yuan), an int.")
      .def_property_readonly(
          "yuan", [](Money v) { return py::module_::import("decimal").attr("Decimal")(v.yuan()); },
          "The amount in yuan as an exact decimal.Decimal.")
      .def_property_readonly(
          "wan", [](Money v) { return py::module_::import("decimal").attr("Decimal")(v.wan()); },
          "The amount in 万元 (10,000 yuan) as an exact decimal.Decimal.")
      .def(py::self + py::self)
      .def(py::self - py::self)
      .def(-py::self)
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def(py::self < py::self)
      .def(py::self <= py::self)
      .def(py::self > py::self)
      .def(py::self >= py::self)
      .def("__bool__", [](Money v) { return v.fen() != 0; })
      .def("__hash__", [](Money v) { return py::hash(py::int_(v.fen())); })
      .def("__repr__", [](Money v) { return "Money('" + literal(v) + "')"; })
      .def("__str__", &display)
      .def(py::pickle([](Money v) { return v.fen(); }, [](std::int64_t fen) { return Money::from_fen(fen); }));
  // sum() over Money starts from 0
  m.attr("Money").attr("__radd__") = py::cpp_function(
      [](Money self, py::object other) -> py::object {
        if (py::isinstance<py::int_>(other) && !py::isinstance<py::bool_>(other) && other.cast<py::int_>().equal(py::int_(0)))
          return py::cast(self);
        return py::reinterpret_borrow<py::object>(Py_NotImplemented);
      },
      py::is_method(m.attr("Money")));
}

}  // namespace shanhai::python
