// What every register_<area>.cpp shares: handles, the Python registry, and conversions from
// Python values to the C++ model (each error names the field and the value).
#pragma once

#include <shanhai/shanhai.hpp>
#include <shanhai/shared_registry.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace shanhai::python {

namespace py = pybind11;

/// The registry behind every Python object of it: shared between Python threads, so every call
/// reads it through `reading` or writes it through `writing`.
using RegistryPtr = std::shared_ptr<SharedRegistry>;

/// Reads the registry while the result lives. Waits for a writer without holding the GIL, which
/// the writer may need (a progress callback); a read inside a write of this thread is "busy".
inline SharedRegistry::Reader reading(const RegistryPtr& reg) {
  if (auto r = reg->try_read()) return std::move(*r);
  py::gil_scoped_release unlocked;
  return reg->read();
}

/// Writes the registry while the result lives (alone), once no numpy view of its columns is alive.
SharedRegistry::Writer writing(const RegistryPtr& reg);

/// A row of a table as Python sees it: the registry it belongs to (kept alive) and its id.
template <class Tag>
struct Handle {
  RegistryPtr reg;
  std::uint32_t id = 0;
  SharedRegistry::Reader r() const { return reading(reg); }
};

/// A live view of one table of a registry.
template <class Tag>
struct View {
  RegistryPtr reg;
};


/// Calls f.template operator()<Tag>(view class name) for every table: the one list of them.
template <class F>
void each_view(F&& f) {
  f.template operator()<PartnerTag>("PartnerTable");
  f.template operator()<PairingTag>("PairingTable");
  f.template operator()<FlowTag>("FlowTable");
  f.template operator()<ProjectTag>("ProjectTable");
  f.template operator()<HouseholdTag>("HouseholdTable");
  f.template operator()<BenefitTag>("BenefitTable");
  f.template operator()<ExchangeTag>("ExchangeTable");
  f.template operator()<TrainingTag>("TrainingTable");
  f.template operator()<WishTag>("WishTable");
  f.template operator()<EventTag>("EventTable");
  f.template operator()<PersonTag>("PersonTable");
  f.template operator()<StatusChangeTag>("StatusChangeTable");
  f.template operator()<EmploymentTag>("EmploymentTable");
  f.template operator()<TargetTag>("TargetTable");
  f.template operator()<LabourTag>("LabourTable");
  f.template operator()<ExpectationTag>("ExpectationTable");
  f.template operator()<FigureTag>("FigureTable");
}

/// The Python Registry: shares its C++ registry with every handle and view it hands out.
struct PyRegistry {
  RegistryPtr reg = std::make_shared<SharedRegistry>();
};

}  // namespace shanhai::python

// A bare shanhai::Money has no currency: it never crosses to Python but as a PyMoney (money_of),
// and converting one is a compile error rather than a runtime one.
template <>
class pybind11::detail::type_caster<shanhai::Money>;

namespace shanhai::python {

/// The Python Money: an amount in hundredths of its currency, the currency, and how exact it was
/// said to be ("8100万以上" is at least 8100万). The registry's own amounts are exact.
struct PyMoney {
  Money money;
  Currency currency;
  Qualifier qualifier = Qualifier::exact;
};

/// The currency of a registry's amounts.
Currency currency_of(const RegistryPtr& reg);
/// Money of a registry as a Python Money.
inline py::object money_of(Money m, Currency c) { return py::cast(PyMoney{m, c}); }

// ---- Python → C++ -----------------------------------------------------------------------------
// Each conversion is given the field's label as messages begin ("flow amount": see shanhai::where)
// and refuses with a validation_error naming table, field and reason; a value of the wrong Python
// type has reason wrong_type, which Python raises as sh.WrongTypeError.

/// A value of the wrong Python type for `label`'s field: "<label>: <what>".
[[noreturn]] void wrong_type(std::string_view label, const std::string& what);
/// repr() of a value for a message; a whole number too long to print is described instead.
std::string shown(py::handle value);

/// Money from str, int (whole units), Decimal or Money; a Money must be of `currency`, the
/// currency of the registry it goes into (text and numbers are read as that currency).
Money to_money(py::handle value, std::string_view field, Currency currency = {});
Date to_date(py::handle value, std::string_view field);
/// A published quantity and how exact it was said to be. The words of a text ("8100万以上",
/// "近900", "180多万"), a Money's own qualifier and `qualifier=` say it; when two say it, they
/// must agree (else refused naming `mismatch_field`, by default the value's). `value`: the text
/// without its words, or the Money made exact; else as given.
struct Published {
  py::object value;
  Qualifier qualifier = Qualifier::exact;
};
Published read_published(py::handle value, py::handle qualifier, const std::string& field,
                         const std::string& mismatch_field = {});
/// Text (None is empty text).
std::string to_text(py::handle value, std::string_view field);
/// A pseudonym key as bytes: bytes, bytearray or text (its UTF-8); never echoed.
std::string to_key(py::handle key);

/// A whole number that fits I (None is 0).
template <class I>
I to_count(py::handle v, std::string_view field) {
  if (v.is_none()) return 0;
  if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
    wrong_type(field, "expected a whole number, got " + shown(v));
  int overflow = 0;
  const long long big = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (overflow || !std::in_range<I>(big))
    throw validation_error(std::string(field) + ": " + shown(v) + " is out of range",
                           where(field, reason::out_of_range, overflow ? std::string() : std::to_string(big)));
  return I(big);
}

/// None, or an int year for filters.
int to_year(py::handle value, std::string_view field);

/// The items of a list (any iterable but text); anything else is of the wrong type.
py::list to_list(py::handle value, std::string_view field, const char* expected);

template <class E>
E to_enum(py::handle value, std::string_view field) {
  // before the cast: casting None to an enum fails as a reference cast, which pybind11 reports as
  // "incompatible arguments" repeating every argument of the call (a note may name a person)
  if (value.is_none())
    throw validation_error(std::string(field) + ": a " + std::string(enum_names<E>::type) + " is required",
                           where(field, reason::required));
  if (py::isinstance<py::str>(value)) {
    try {
      return enum_from_string<E>(value.cast<std::string>());
    } catch (const validation_error& e) {
      throw validation_error(std::string(field) + ": " + e.what(), where(field, e.where().reason, e.where().value));
    }
  }
  E e{};
  try {
    e = value.cast<E>();
  } catch (const py::cast_error&) {
    wrong_type(field, "expected a " + std::string(enum_names<E>::type) + " name, got " + shown(value));
  }
  if (std::size_t(e) >= enum_count<E>)  // made from a number beyond the enumeration
    throw validation_error(std::string(field) + ": " + std::string(enum_names<E>::type) + " " +
                               std::to_string(std::size_t(e)) + " is out of range",
                           where(field, reason::out_of_range, std::to_string(std::size_t(e))));
  return e;
}

/// A list of enum names (or one name) for filters; None is every value.
template <class E>
std::vector<E> to_enums(py::handle value, std::string_view field) {
  std::vector<E> out;
  if (value.is_none()) return out;
  if (py::isinstance<py::str>(value) || !py::isinstance<py::iterable>(value)) return {to_enum<E>(value, field)};
  for (py::handle item : value) out.push_back(to_enum<E>(item, field));
  return out;
}

[[noreturn]] void wrong_registry(std::string_view field);

/// The id of a handle of this registry; None is no id (when `required` is false).
template <class Tag>
Id<Tag> to_id(const RegistryPtr& reg, py::handle value, std::string_view field, bool required = false) {
  if (value.is_none()) {
    if (required) throw validation_error(std::string(field) + ": a " + Tag::name + " is required", where(field, reason::required));
    return Id<Tag>();
  }
  if (!py::isinstance<Handle<Tag>>(value)) wrong_type(field, "expected a " + std::string(Tag::name) + ", got " + shown(value));
  const auto& h = value.cast<const Handle<Tag>&>();
  if (h.reg != reg) wrong_registry(field);
  return Id<Tag>(h.id);
}

/// A partner, project, household or flow handle of this registry as a Node; None is no node.
Node to_node(const RegistryPtr& reg, py::handle value, std::string_view field);

/// Runs `call`; an error it throws that names no field names `field` (a parameter of the call).
template <class F>
decltype(auto) naming(std::string_view field, F&& call) {
  auto named = [&](const error& e) {
    Where w = e.where();
    if (w.field.empty()) w.field = field;
    return w;
  };
  try {
    return call();
  } catch (const validation_error& e) {
    throw validation_error(e.what(), named(e));
  } catch (const not_found& e) {
    throw not_found(e.what(), named(e));
  } catch (const format_error& e) {
    throw format_error(e.what(), named(e));
  } catch (const io_error& e) {
    throw io_error(e.what(), named(e));
  }
}

// ---- C++ → Python -----------------------------------------------------------------------------

/// The handle object for a node (None for no node).
py::object handle_of(const RegistryPtr& reg, Node n);
template <class Tag>
py::object handle_of(const RegistryPtr& reg, Id<Tag> id) {
  return id ? py::cast(Handle<Tag>{reg, id.value}) : py::none();
}

/// A cell of a column as a Python value: enums by name, dates as text (None when not given), lists
/// as lists, outputs as a dict. With a registry, references are handles and money is Money; raw
/// (no registry: for data frames), ids are ints or None, nodes (kind, id) and money int fen.
struct ToPython {
  const RegistryPtr* reg = nullptr;

  py::object operator()(std::string_view s) const { return py::str(s.data(), s.size()); }
  py::object operator()(Money v) const { return reg ? money_of(v, currency_of(*reg)) : py::int_(v.fen()); }
  py::object operator()(Currency c) const { return py::str(std::string(c.code())); }
  py::object operator()(Date d) const { return d.empty() ? py::object(py::none()) : py::object(py::str(d.str())); }
  py::object operator()(Node n) const {
    if (reg) return handle_of(*reg, n);
    if (!n) return py::make_tuple(py::none(), py::none());
    return py::make_tuple(std::string(to_string(n.kind)), n.id);
  }
  template <class Tag>
  py::object operator()(Id<Tag> id) const {
    if (reg) return handle_of(*reg, id);
    return id ? py::object(py::int_(id.value)) : py::none();
  }
  template <class E>
    requires std::is_enum_v<E>
  py::object operator()(E e) const { return py::str(std::string(to_string(e))); }
  template <class I>
    requires std::is_integral_v<I>
  py::object operator()(I v) const { return py::int_(v); }
  py::object operator()(const std::vector<Output>& outs) const {
    py::dict d;
    for (const auto& o : outs) d[py::str(o.name)] = o.count;
    return d;
  }
  template <class T>
  py::object operator()(std::span<const T> values) const {  // enums and ids
    py::list l;
    for (const T& v : values) l.append((*this)(v));
    return l;
  }
};

/// A `progress=` argument as a Progress: a callable (what, done, total), called with the GIL held
/// from calls that release it (what it raises stops the call); True: a progress bar
/// (shanhai._progress); None or False: none.
inline Progress to_progress(py::object callback) {
  if (callback.is_none() || (py::isinstance<py::bool_>(callback) && !callback.cast<bool>())) return {};
  if (py::isinstance<py::bool_>(callback)) callback = py::module_::import("shanhai._progress").attr("Bar")();
  if (!PyCallable_Check(callback.ptr()))
    wrong_type("progress", "expected True, False, None or a callable (what, done, total), got " + shown(callback));
  return [callback = std::move(callback)](std::string_view what, std::uint64_t done, std::uint64_t total) {
    py::gil_scoped_acquire held;
    callback(py::str(std::string(what)), done, total);
  };
}

void register_errors(py::module_& m);
void register_values(py::module_& m);
void register_handles(py::module_& m);
void register_registry(py::module_& m);
void register_analysis(py::module_& m);
void register_columns(py::module_& m);
void register_datasets(py::module_& m);
void register_io(py::module_& m);

}  // namespace shanhai::python
