// C++ exceptions become the Python classes of shanhai._errors (ValidationError is also a
// ValueError, NotFoundError a KeyError, FormatError a ValueError, FileError an OSError), with
// what failed (table, row, field, value, reason) as attributes; a validation_error of reason
// wrong_type is a WrongTypeError, also a TypeError.
#include "bindings.hpp"

namespace shanhai::python {

void wrong_registry(std::string_view field) {
  throw validation_error(std::string(field) + ": belongs to another registry", where(field, reason::other_registry));
}

void register_errors(py::module_& m) {
  // held for the life of the process: the translator may run until interpreter shutdown
  static auto* errors = new py::object(py::module_::import("shanhai._errors"));
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    // a message may quote bytes of a damaged file: never let them hide the error itself
    auto text = [](std::string_view s) {
      return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), Py_ssize_t(s.size()), "backslashreplace"));
    };
    auto raise = [&](const char* cls, const error& e) {
      const Where& w = e.where();
      auto or_none = [&](const std::string& s) { return s.empty() ? py::object(py::none()) : text(s); };
      py::dict fields;
      fields["table"] = or_none(w.table);
      fields["row"] = w.row < 0 ? py::object(py::none()) : py::object(py::int_(w.row));
      fields["field"] = or_none(w.field);
      fields["value"] = or_none(w.value);
      fields["reason"] = or_none(w.reason);
      py::object instance = errors->attr(cls)(text(e.what()), **fields);
      PyErr_SetObject(errors->attr(cls).ptr(), instance.ptr());
    };
    try {
      if (p) std::rethrow_exception(p);
    } catch (const validation_error& e) {
      raise(e.where().reason == reason::wrong_type ? "WrongTypeError" : "ValidationError", e);
    } catch (const not_found& e) {
      raise("NotFoundError", e);
    } catch (const format_error& e) {
      raise("FormatError", e);
    } catch (const io_error& e) {
      raise("FileError", e);
    } catch (const error& e) {
      raise("Error", e);
    }
  });
}

}  // namespace shanhai::python
