// What every register_<area>.cpp shares: handles, the Python registry, and conversions from
// Python values to the C++ model (each error names the field and the value).
#pragma once

#include <shanhai/shanhai.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <memory>
#include <string>
#include <string_view>

namespace shanhai::python {

namespace py = pybind11;

using RegistryPtr = std::shared_ptr<Registry>;

/// A row of a table as Python sees it: the registry it belongs to (kept alive) and its id.
template <class Tag>
struct Handle {
  RegistryPtr reg;
  std::uint32_t id = 0;
  const Registry& r() const { return *reg; }
};

/// A live view of one table of a registry.
template <class Tag>
struct View {
  RegistryPtr reg;
};

/// Throws unless the registry may grow (no numpy view of its columns is alive).
void writable(const RegistryPtr& reg);

/// The Python Registry: shares its C++ registry with every handle and view it hands out.
struct PyRegistry {
  RegistryPtr reg = std::make_shared<Registry>();
};

// ---- Python → C++ -----------------------------------------------------------------------------

Money to_money(py::handle value, std::string_view field);
Date to_date(py::handle value, std::string_view field);
/// Text (None is empty text).
std::string to_text(py::handle value, std::string_view field);

/// A whole number that fits I (None is 0).
template <class I>
I to_count(py::handle v, std::string_view field) {
  if (v.is_none()) return 0;
  if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
    throw validation_error(std::string(field) + ": expected a whole number, got " + std::string(py::str(py::repr(v))));
  int overflow = 0;
  const long long big = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (overflow || big < std::numeric_limits<I>::min() || big > std::numeric_limits<I>::max())
    throw validation_error(std::string(field) + ": " + std::string(py::str(v)) + " is out of range");
  return I(big);
}

/// None, or an int year for filters.
int to_year(py::handle value, std::string_view field);

template <class E>
E to_enum(py::handle value, std::string_view field) {
  if (py::isinstance<py::str>(value)) {
    try {
      return enum_from_string<E>(value.cast<std::string>());
    } catch (const validation_error& e) {
      throw validation_error(std::string(field) + ": " + e.what());
    }
  }
  try {
    return value.cast<E>();
  } catch (const py::cast_error&) {
    throw validation_error(std::string(field) + ": expected a " + std::string(enum_names<E>::type) +
                           " name, got " + std::string(py::str(py::repr(value))));
  }
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
    if (required) throw validation_error(std::string(field) + ": a " + Tag::name + " is required");
    return Id<Tag>();
  }
  if (!py::isinstance<Handle<Tag>>(value))
    throw validation_error(std::string(field) + ": expected a " + Tag::name + ", got " +
                           std::string(py::str(py::repr(value))));
  const auto& h = value.cast<const Handle<Tag>&>();
  if (h.reg != reg) wrong_registry(field);
  return Id<Tag>(h.id);
}

/// A partner, project, household or flow handle of this registry as a Node; None is no node.
Node to_node(const RegistryPtr& reg, py::handle value, std::string_view field);

// ---- C++ → Python -----------------------------------------------------------------------------

/// The handle object for a node (None for no node).
py::object handle_of(const RegistryPtr& reg, Node n);
template <class Tag>
py::object handle_of(const RegistryPtr& reg, Id<Tag> id) {
  return id ? py::cast(Handle<Tag>{reg, id.value}) : py::none();
}

/// A `progress=` argument as a Progress: a callable (what, done, total), called with the GIL held
/// from calls that release it (what it raises stops the call); True: a progress bar
/// (shanhai._progress); None or False: none.
inline Progress to_progress(py::object callback) {
  if (callback.is_none() || (py::isinstance<py::bool_>(callback) && !callback.cast<bool>())) return {};
  if (py::isinstance<py::bool_>(callback)) callback = py::module_::import("shanhai._progress").attr("Bar")();
  if (!PyCallable_Check(callback.ptr()))
    throw validation_error("progress: expected True, False, None or a callable (what, done, total), got " +
                           std::string(py::str(py::repr(callback))));
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
