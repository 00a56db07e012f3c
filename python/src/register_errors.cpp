// C++ exceptions become the Python classes of shanhai._errors (ValidationError is also a
// ValueError, NotFoundError a KeyError, FormatError a ValueError, FileError an OSError).
#include "bindings.hpp"

namespace shanhai::python {

void wrong_registry(std::string_view field) {
  throw validation_error(std::string(field) + ": belongs to another registry");
}

void register_errors(py::module_& m) {
  // held for the life of the process: the translator may run until interpreter shutdown
  static auto* errors = new py::object(py::module_::import("shanhai._errors"));
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    // a message may quote bytes of a damaged file: never let them hide the error itself
    auto raise = [](const char* cls, const std::exception& e) {
      const std::string_view what = e.what();
      PyObject* text = PyUnicode_DecodeUTF8(what.data(), Py_ssize_t(what.size()), "backslashreplace");
      PyErr_SetObject(errors->attr(cls).ptr(), text);
      Py_XDECREF(text);
    };
    try {
      if (p) std::rethrow_exception(p);
    } catch (const validation_error& e) {
      raise("ValidationError", e);
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
