// Value types: Money (exact fen), the enumerations, and the conversions from Python values.
#include "bindings.hpp"

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

Currency currency_of(const RegistryPtr& reg) { return reading(reg)->currency(); }

Money to_money(py::handle v, std::string_view field, Currency currency) {
  if (py::isinstance<PyMoney>(v)) {
    const auto m = v.cast<PyMoney>();
    if (m.qualifier != Qualifier::exact)  // dropping the word would turn a bound into an amount
      throw validation_error(std::string(field) + ": " + std::string(to_string(m.qualifier)) +
                                 " money is a bound, not an amount; record a published bound as a figure (add_figure) "
                                 "or an expectation (expect_total)",
                             where(field, reason::rule, std::string(to_string(m.qualifier))));
    if (m.currency != currency)
      throw validation_error(std::string(field) + ": money in " + std::string(m.currency.code()) + " where the registry counts in " +
                                 std::string(currency.code()) + " (two currencies are never added)",
                             where(field, reason::mismatch, std::string(m.currency.code())));
    return m.money;
  }
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

// The other operand of arithmetic or an ordering with Money: Money of the same currency only
// (never a float, no guess whether a number is yuan or fen, and never two currencies together).
Money other_money(const PyMoney& self, py::handle other, const char* op) {
  if (!py::isinstance<PyMoney>(other))
    wrong_type("money", std::string("'") + op + "' needs Money on both sides, got " + shown(other));
  const auto m = other.cast<PyMoney>();
  if (m.currency != self.currency)
    throw validation_error(std::string("money: '") + op + "' of " + std::string(self.currency.code()) + " and " +
                               std::string(m.currency.code()) + ": two currencies are never added or compared",
                           where("money", reason::mismatch, std::string(m.currency.code())));
  return m.money;
}

// The fen of CNY only: another currency has no fen, yuan or 万.
Money cny(const PyMoney& m, const char* what) {
  if (!m.currency.is_cny())
    throw validation_error(std::string("money: .") + what + " is of CNY only; this is " + std::string(m.currency.code()) +
                               " (use .amount, .minor and .currency)",
                           where("money", reason::mismatch, std::string(m.currency.code())));
  return m.money;
}

// The qualifier of a sum or a difference: an exact term leaves the other's; less a bound, or two
// bounds of different kinds, is about.
Qualifier plus_qualifier(const PyMoney& a, const PyMoney& b) { return sum_qualifier(a.qualifier, b.qualifier); }
Qualifier minus_qualifier(const PyMoney& a, const PyMoney& b) {
  return b.qualifier == Qualifier::exact ? a.qualifier : Qualifier::about;
}

// What Money() reads back: 万 from 1万 up when whole yuan ("2210.2万"), plain yuan otherwise.
std::string literal(Money m) {
  const bool wan = m.fen() % 100 == 0 && (m.fen() >= 1'000'000 || m.fen() <= -1'000'000);
  return wan ? m.wan() + "万" : m.yuan();
}

// Units with thousands separators, the hundredths only when there are some: "450,638,423", "-1,234.50".
std::string grouped(Money m) {
  std::string s = m.yuan();
  const bool negative = s.front() == '-';
  if (negative) s.erase(0, 1);
  if (s.ends_with(".00")) s.resize(s.size() - 3);
  std::size_t end = std::min(s.find('.'), s.size());
  for (std::size_t i = end; i > 3; i -= 3) s.insert(i - 3, 1, ',');
  return negative ? "-" + s : s;
}

// "984万元", "300.00元", "8100万元以上", "约900万元"; another currency by its code: "USD 450,638,423",
// "at least USD 81,000,000".
std::string display(const PyMoney& m) {
  const bool at_least = m.qualifier == Qualifier::at_least, about = m.qualifier == Qualifier::about;
  if (m.currency.is_cny()) return (about ? "约" : "") + literal(m.money) + "元" + (at_least ? "以上" : "");
  return (at_least ? "at least " : about ? "about " : "") + std::string(m.currency.code()) + " " + grouped(m.money);
}

// The Money Python reads back: Money('8100万以上'), Money('约900'), Money('1.00', 'USD', qualifier='about').
std::string money_repr(const PyMoney& v) {
  if (v.currency.is_cny()) {
    const std::string about = v.qualifier == Qualifier::about ? "约" : "";
    const std::string at_least = v.qualifier == Qualifier::at_least ? "以上" : "";
    return "Money('" + about + literal(v.money) + at_least + "')";
  }
  const std::string q =
      v.qualifier == Qualifier::exact ? "" : ", qualifier='" + std::string(to_string(v.qualifier)) + "'";
  return "Money('" + v.money.yuan() + "', '" + std::string(v.currency.code()) + "'" + q + ")";
}

// Money(value, currency, qualifier=): how exact, as a published quantity says it.
PyMoney make_money(py::handle v, py::handle currency, py::handle qualifier) {
  const Currency c(to_text(currency, "money currency"), "money currency");
  const Published p = read_published(v, qualifier, "money", "money qualifier");
  return PyMoney{to_money(p.value, "money", c), c, p.qualifier};
}

py::object decimal(const std::string& text) { return py::module_::import("decimal").attr("Decimal")(text); }

}  // namespace

Published read_published(py::handle value, py::handle qualifier, const std::string& field,
                         const std::string& mismatch_field) {
  Published out{py::reinterpret_borrow<py::object>(value), Qualifier::exact};
  if (py::isinstance<PyMoney>(value)) {  // Money('8100万以上') keeps its word
    PyMoney m = value.cast<PyMoney>();
    out.qualifier = std::exchange(m.qualifier, Qualifier::exact);
    out.value = py::cast(m);
  } else if (py::isinstance<py::str>(value)) {
    const std::string text = value.cast<std::string>();
    QualifiedText t = split_qualifier(text, field);
    out.qualifier = t.qualifier;
    const auto first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
    const std::string trimmed = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    if (t.text != trimmed) out.value = py::str(t.text);  // the words read; else as given, which messages quote
  }
  if (!qualifier.is_none()) {
    const std::string label = field.substr(0, field.find(' ')) + " qualifier";
    const Qualifier given = to_enum<Qualifier>(qualifier, label);
    const std::string& named = mismatch_field.empty() ? field : mismatch_field;
    if (out.qualifier != Qualifier::exact && out.qualifier != given)
      throw validation_error(named + ": the value says " + std::string(to_string(out.qualifier)) +
                                 " but qualifier= says " + std::string(to_string(given)),
                             where(named, reason::mismatch, std::string(to_string(out.qualifier))));
    out.qualifier = given;
  }
  return out;
}

void register_values(py::module_& m) {
  bind_enum<Side>(m, "Side");
  bind_enum<PartnerKind>(m, "PartnerKind");
  bind_enum<PairingKind>(m, "PairingKind");
  bind_enum<FlowKind>(m, "FlowKind");
  bind_enum<FlowClass>(m, "FlowClass");
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
  bind_enum<LabourDestination>(m, "LabourDestination");
  bind_enum<LabourStatus>(m, "LabourStatus");

  py::class_<PyMoney>(m, "Money", R"(An exact amount of money in a currency: an int64 count of hundredths of it
(fen for CNY, the default; cents for USD).

Money("34万"), Money("2210.2万元"), Money("9.65亿"), Money("1,234.56元"), Money("1234.56"),
Money(300) (whole yuan), Money(Decimal("12.5")), Money("450638423", "USD"). A value finer than a
hundredth, too large, or a float is refused: money never goes through a binary float. Money of two
currencies is never added or compared.

A published bound keeps its word: Money("8100万以上") is at least 8100万 (``qualifier`` 'at_least'),
Money("约900万") about it ('about'); Money(m, qualifier="at_least") says so of any amount. A sum with
a bounded term is bounded (at least + exact is at least; a difference less a bound, or bounds of two
kinds, is about). Comparisons are of amounts: Money("8100万以上") == Money("8100万"); ask
``.qualifier`` to tell them apart. A registry's amounts are exact: a flow refuses a bound.)")
      .def(py::init(&make_money), py::arg("value") = py::str("0"), py::arg("currency") = py::str("CNY"),
           py::kw_only(), py::arg("qualifier") = py::none())
      .def_static(
          "from_fen", [](py::handle fen) { return PyMoney{Money::from_fen(to_count<std::int64_t>(fen, "fen")), {}}; },
          py::arg("fen"), "CNY Money of exactly `fen` fen.")
      .def_static(
          "from_minor",
          [](py::handle minor, py::handle currency) {
            return PyMoney{Money::from_fen(to_count<std::int64_t>(minor, "minor")),
                           Currency(to_text(currency, "money currency"), "money currency")};
          },
          py::arg("minor"), py::arg("currency"), "Money of exactly `minor` hundredths of `currency`.")
      .def_property_readonly(
          "currency", [](const PyMoney& v) { return std::string(v.currency.code()); }, "The ISO 4217 code: 'CNY', 'USD'.")
      .def_property_readonly(
          "qualifier", [](const PyMoney& v) { return std::string(to_string(v.qualifier)); },
          "How exact it was said to be: 'exact', 'at_least' (以上, 多, 余) or 'about' (约, 近, 左右).")
      .def_property_readonly(
          "amount", [](const PyMoney& v) { return decimal(v.money.yuan()); },
          "The amount in units of its currency as an exact decimal.Decimal.")
      .def_property_readonly(
          "minor", [](const PyMoney& v) { return v.money.fen(); },
          "The amount in hundredths of its currency (fen, cents), an int.")
      .def_property_readonly(
          "fen", [](const PyMoney& v) { return cny(v, "fen").fen(); }, "The amount in fen (0.01 yuan), an int; CNY only.")
      .def_property_readonly(
          "yuan", [](const PyMoney& v) { return decimal(cny(v, "yuan").yuan()); },
          "The amount in yuan as an exact decimal.Decimal; CNY only.")
      .def_property_readonly(
          "wan", [](const PyMoney& v) { return decimal(cny(v, "wan").wan()); },
          "The amount in 万元 (10,000 yuan) as an exact decimal.Decimal; CNY only.")
      .def("__add__",
           [](const PyMoney& a, py::handle b) {
             const Money m = other_money(a, b, "+");
             return PyMoney{a.money + m, a.currency, plus_qualifier(a, b.cast<PyMoney>())};
           })
      .def("__sub__",
           [](const PyMoney& a, py::handle b) {
             const Money m = other_money(a, b, "-");
             return PyMoney{a.money - m, a.currency, minus_qualifier(a, b.cast<PyMoney>())};
           })
      .def("__rsub__",
           [](const PyMoney& a, py::handle b) {
             const Money m = other_money(a, b, "-");
             return PyMoney{m - a.money, a.currency, minus_qualifier(b.cast<PyMoney>(), a)};
           })
      .def("__neg__",
           [](const PyMoney& a) {
             return PyMoney{-a.money, a.currency, a.qualifier == Qualifier::exact ? Qualifier::exact : Qualifier::about};
           })
      // == and != of anything but Money is NotImplemented (so False/True), as before; two currencies are refused
      .def(
          "__eq__", [](const PyMoney& a, const PyMoney& b) { return a.money == other_money(a, py::cast(b), "=="); },
          py::is_operator())
      .def(
          "__ne__", [](const PyMoney& a, const PyMoney& b) { return a.money != other_money(a, py::cast(b), "!="); },
          py::is_operator())
      .def("__lt__", [](const PyMoney& a, py::handle b) { return a.money < other_money(a, b, "<"); })
      .def("__le__", [](const PyMoney& a, py::handle b) { return a.money <= other_money(a, b, "<="); })
      .def("__gt__", [](const PyMoney& a, py::handle b) { return a.money > other_money(a, b, ">"); })
      .def("__ge__", [](const PyMoney& a, py::handle b) { return a.money >= other_money(a, b, ">="); })
      .def("__bool__", [](const PyMoney& v) { return v.money.fen() != 0; })
      .def("__hash__",
           [](const PyMoney& v) {
             return v.currency.is_cny() ? py::hash(py::int_(v.money.fen()))
                                        : py::hash(py::make_tuple(v.money.fen(), std::string(v.currency.code())));
           })
      .def("__repr__", &money_repr)
      .def("__str__", &display)
      .def(py::pickle(
          [](const PyMoney& v) {
            if (v.qualifier != Qualifier::exact)
              return py::object(py::make_tuple(v.money.fen(), std::string(v.currency.code()), std::string(to_string(v.qualifier))));
            return v.currency.is_cny() ? py::object(py::int_(v.money.fen()))
                                       : py::object(py::make_tuple(v.money.fen(), std::string(v.currency.code())));
          },
          [](py::object state) {
            if (py::isinstance<py::tuple>(state)) {
              const py::tuple t = state;
              return PyMoney{Money::from_fen(t[0].cast<std::int64_t>()), Currency(t[1].cast<std::string>(), "money currency"),
                             t.size() > 2 ? to_enum<Qualifier>(t[2], "money qualifier") : Qualifier::exact};
            }
            return PyMoney{Money::from_fen(state.cast<std::int64_t>()), {}};
          }));
  // sum() over Money starts from 0
  m.attr("Money").attr("__radd__") = py::cpp_function(
      [](const PyMoney& self, py::object other) -> py::object {
        if (py::isinstance<py::int_>(other) && !py::isinstance<py::bool_>(other) && other.cast<py::int_>().equal(py::int_(0)))
          return py::cast(self);
        return py::cast(PyMoney{other_money(self, other, "+") + self.money, self.currency,
                                plus_qualifier(other.cast<PyMoney>(), self)});
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
