// Value types: Money (exact fen), the enumerations, and the conversions from Python values.
#include "bindings.hpp"

#include <pybind11/operators.h>

namespace shanhai::python {

void wrong_type(std::string_view label, const std::string& what) {
  throw validation_error(std::string(label) + ": " + what, where(label, reason::wrong_type));
}

std::string shown(py::handle v) {
  // str() of a very long int raises (sys.set_int_max_str_digits): say how long it is instead
  if (py::isinstance<py::int_>(v) && v.attr("bit_length")().cast<std::size_t>() > 4096)
    return "a whole number of " + std::to_string(v.attr("bit_length")().cast<std::size_t>()) + " bits";
  return std::string(py::str(py::repr(v)));
}

py::list to_list(py::handle v, std::string_view field, const char* expected) {
  if (py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v) || !py::isinstance<py::iterable>(v))
    wrong_type(field, std::string("expected ") + expected + ", got " + shown(v));
  return py::list(py::reinterpret_borrow<py::object>(v));
}

namespace {

// A decimal.Decimal (or a value like it) as the text Money reads, refused first when its exponent
// makes it absurd: format(Decimal('1E+999999999'), 'f') would be a billion digits.
std::string decimal_text(py::handle v, std::string_view field) {
  const py::tuple t = v.attr("as_tuple")();
  const py::tuple digits = t[1];
  if (!py::isinstance<py::int_>(t[2]))  // 'n', 'N', 'F': NaN or infinity
    throw validation_error(std::string(field) + ": " + shown(v) + " is not an amount of money",
                           where(field, reason::bad_format, std::string(py::str(v))));
  std::size_t significant = digits.size();  // without the trailing zeros
  while (significant > 0 && digits[significant - 1].cast<int>() == 0) --significant;
  if (significant == 0) return "0";
  int overflow = 0;
  long long exponent = PyLong_AsLongLongAndOverflow(t[2].ptr(), &overflow);
  if (!overflow && !__builtin_add_overflow(exponent, (long long)(digits.size() - significant), &exponent)) {
    if (exponent >= -2 && exponent + (long long)significant <= 20)  // within reach: Money decides
      return py::str(py::module_::import("builtins").attr("format")(v, "f")).cast<std::string>();
  }
  const bool tiny = overflow ? t[2].cast<py::int_>() < py::int_(0) : exponent < -2;
  if (tiny)
    throw validation_error(std::string(field) + ": money '" + std::string(py::str(v)) +
                               "' is finer than a fen (0.01 yuan); it is never rounded",
                           where(field, reason::too_fine, std::string(py::str(v))));
  throw validation_error(std::string(field) + ": money '" + std::string(py::str(v)) +
                             "' is too large (beyond ±92,233,720,368,547,758.07 yuan)",
                         where(field, reason::overflow, std::string(py::str(v))));
}

}  // namespace

Money to_money(py::handle v, std::string_view field) {
  if (py::isinstance<Money>(v)) return v.cast<Money>();
  if (py::isinstance<py::bool_>(v) || py::isinstance<py::float_>(v))
    wrong_type(field, "money never goes through a binary float; pass a str such as '12.5万' or a decimal.Decimal, got " +
                          shown(v));
  std::string decimal;  // the text of a Decimal or an int
  std::string_view text;
  if (py::isinstance<py::str>(v)) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
    if (!utf8) {
      PyErr_Clear();
      throw validation_error(std::string(field) + ": the text cannot be written as UTF-8 (a lone surrogate?)",
                             where(field, reason::bad_text));
    }
    text = std::string_view(utf8, std::size_t(size));
  } else if (py::isinstance<py::int_>(v)) {  // whole yuan
    int overflow = 0;
    const long long yuan = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (overflow)
      throw validation_error(std::string(field) + ": money '" + shown(v) +
                                 "' is too large (beyond ±92,233,720,368,547,758.07 yuan)",
                             where(field, reason::overflow));
    text = decimal = std::to_string(yuan);
  } else if (py::hasattr(v, "as_tuple")) {  // decimal.Decimal, written out in full
    text = decimal = decimal_text(v, field);
  } else {
    wrong_type(field, "expected money as str, int (yuan), Decimal or Money, got " + shown(v));
  }
  try {
    return Money::parse(text);
  } catch (const error& e) {  // format_error for junk; validation_error beyond a fen or int64
    throw validation_error(std::string(field) + ": " + e.what(),
                           where(field, e.where().reason, text.size() <= 40 ? std::string(text) : std::string()));
  }
}

Date to_date(py::handle v, std::string_view field) {
  try {
    if (v.is_none()) return Date();
    if (py::isinstance<py::str>(v)) return Date::parse(to_text(v, field));
    if (py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v)) return Date::ymd(to_count<int>(v, field));
    if (py::hasattr(v, "year") && py::hasattr(v, "month") && py::hasattr(v, "day"))
      return Date::ymd(to_count<int>(v.attr("year"), field), to_count<int>(v.attr("month"), field),
                       to_count<int>(v.attr("day"), field));
  } catch (const error& e) {
    if (e.where().field == field) throw;  // already named: a conversion of the parts
    throw validation_error(std::string(field) + ": " + e.what(), where(field, e.where().reason, e.where().value));
  }
  wrong_type(field, "expected a date such as '2018', '2018-05' or '2018-05-03', got " + shown(v));
}

std::string to_text(py::handle v, std::string_view field) {
  if (v.is_none()) return {};
  // the value is not shown: text may be personal (a name, an ID number given as a number)
  if (!py::isinstance<py::str>(v)) wrong_type(field, std::string("expected text, got ") + Py_TYPE(v.ptr())->tp_name);
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
  if (!utf8) {
    PyErr_Clear();
    throw validation_error(std::string(field) + ": the text cannot be written as UTF-8 (a lone surrogate?)",
                           where(field, reason::bad_text));
  }
  return std::string(utf8, std::size_t(size));
}

int to_year(py::handle v, std::string_view field) {
  if (v.is_none()) return 0;
  auto refuse = [&](std::string_view why) {
    throw validation_error(std::string(field) + ": expected a year such as 2018, got " + shown(v), where(field, why));
  };
  if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v)) refuse(reason::wrong_type);
  int overflow = 0;
  const long long y = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (overflow || y < 1 || y > 9999) refuse(reason::out_of_range);
  return int(y);
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
  // E(code) or E(name); a code beyond the enumeration is refused, never kept
  e.def(
      py::init([](py::handle v) {
        if (py::isinstance<py::str>(v)) return to_enum<E>(v, "value");
        const std::string type(enum_names<E>::type);
        if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
          wrong_type("value", "expected a " + type + " code or name, got " + shown(v));
        int overflow = 0;
        const long long code = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
        if (overflow || code < 0 || code >= (long long)enum_count<E>)
          throw validation_error(type + " " + shown(v) + " is out of range (0.." + std::to_string(enum_count<E> - 1) + ")",
                                 {.field = "value", .value = overflow ? std::string() : std::to_string(code),
                                  .reason = std::string(reason::out_of_range)});
        return E(code);
      }),
      py::arg("value"), py::prepend());
}

// The other operand of arithmetic or an ordering with Money: Money only (never a float, and no
// guess whether a number is yuan or fen).
Money other_money(py::handle other, const char* op) {
  if (!py::isinstance<Money>(other))
    wrong_type("money", std::string("'") + op + "' needs Money on both sides, got " + shown(other));
  return other.cast<Money>();
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
      .def_static(
          "from_fen", [](py::handle fen) { return Money::from_fen(to_count<std::int64_t>(fen, "fen")); }, py::arg("fen"),
          "Money of exactly `fen` fen.")
      .def_property_readonly("fen", &Money::fen, "The amount in fen (0.01 yuan), an int.")
      .def_property_readonly(
          "yuan", [](Money v) { return py::module_::import("decimal").attr("Decimal")(v.yuan()); },
          "The amount in yuan as an exact decimal.Decimal.")
      .def_property_readonly(
          "wan", [](Money v) { return py::module_::import("decimal").attr("Decimal")(v.wan()); },
          "The amount in 万元 (10,000 yuan) as an exact decimal.Decimal.")
      .def("__add__", [](Money a, py::handle b) { return a + other_money(b, "+"); })
      .def("__sub__", [](Money a, py::handle b) { return a - other_money(b, "-"); })
      .def("__rsub__", [](Money a, py::handle b) { return other_money(b, "-") - a; })
      .def(-py::self)
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def("__lt__", [](Money a, py::handle b) { return a < other_money(b, "<"); })
      .def("__le__", [](Money a, py::handle b) { return a <= other_money(b, "<="); })
      .def("__gt__", [](Money a, py::handle b) { return a > other_money(b, ">"); })
      .def("__ge__", [](Money a, py::handle b) { return a >= other_money(b, ">="); })
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
        return py::cast(other_money(other, "+") + self);
      },
      py::is_method(m.attr("Money")));
  // the one list of what is personal (personal.hpp), which every output of rows reads
  m.def("_personal_fields", [] {
    py::dict out;
    for (const PersonalField& f : personal_fields) {
      const py::str table(std::string(f.table));
      if (!out.contains(table)) out[table] = py::dict();
      out[table][py::str(std::string(f.field))] = std::string(to_string(f.personal));
    }
    return out;
  });
}

}  // namespace shanhai::python
