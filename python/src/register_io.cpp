// Files and pickle: the same Boost.Serialization archives, inside the checked envelope.
#include "bindings.hpp"

#include <shanhai/io/archive.hpp>

namespace shanhai::python {

namespace {
// Pickle state: (pickle version, envelope bytes). A newer pickle version is refused.
constexpr int pickle_version = 1;

// A path (str, bytes or os.PathLike) in the file system's encoding, as os.fsencode gives it.
std::string to_path(py::handle v, std::string_view field) {
  if (!py::isinstance<py::str>(v) && !py::isinstance<py::bytes>(v) && !py::hasattr(v, "__fspath__"))
    wrong_type(field, "expected a path (str or os.PathLike), got " + shown(v));
  return py::module_::import("os").attr("fsencode")(v).cast<std::string>();
}

io::Format to_format(py::handle v) {
  const std::string name = to_text(v, "format");
  try {
    return io::format_from_string(name);
  } catch (const validation_error& e) {
    throw validation_error(e.what(), where("format", reason::unknown_value, name.size() <= 40 ? name : std::string()));
  }
}

// The bytes of a bytes-like object (bytes, bytearray, memoryview, a numpy array of uint8).
std::string to_bytes_of(py::handle v, std::string_view field) {
  if (py::isinstance<py::str>(v) || !PyObject_CheckBuffer(v.ptr()))
    wrong_type(field, "expected bytes, got " + std::string(Py_TYPE(v.ptr())->tp_name));
  return py::bytes(py::module_::import("builtins").attr("bytes")(v)).cast<std::string>();
}

}  // namespace

void register_io(py::module_& m) {
  auto c = py::class_<PyRegistry>(m.attr("Registry"));
  c.def(
      "save",
      [](const PyRegistry& self, py::handle path, py::handle format) {
        const std::string p = to_path(path, "path");
        const io::Format f = to_format(format);
        const auto r = reading(self.reg);
        py::gil_scoped_release unlocked;
        naming("path", [&] { io::save(*r, p, f); });
      },
      py::arg("path"), py::arg("format") = "binary",
      "Saves atomically to `path` as 'binary' (this platform), 'text' or 'xml' (portable).");
  c.def(
      "to_bytes",
      [](const PyRegistry& self, py::handle format) {
        const io::Format f = to_format(format);
        std::string bytes;
        {
          const auto r = reading(self.reg);
          py::gil_scoped_release unlocked;
          bytes = io::to_bytes(*r, f);
        }
        return py::bytes(bytes);
      },
      py::arg("format") = "binary", "The file's bytes, envelope and archive.");
  c.def(py::pickle(
      [](const PyRegistry& self) { return py::make_tuple(pickle_version, py::bytes(io::to_bytes(*reading(self.reg)))); },
      [](py::object state) {
        if (!py::isinstance<py::tuple>(state) || py::len(state) != 2 || !py::isinstance<py::int_>(state[py::int_(0)]))
          throw format_error("pickle: not a shanhai registry state", {.field = "state"});
        const auto version = to_count<std::int64_t>(state[py::int_(0)], "state");
        if (version < 1 || version > pickle_version)
          throw format_error("pickle: version " + std::to_string(version) + " is not one this library reads (up to " +
                                 std::to_string(pickle_version) + ")",
                             {.field = "state", .value = std::to_string(version)});
        PyRegistry r;
        r.reg = std::make_shared<SharedRegistry>(naming("state", [&] { return io::from_bytes(to_bytes_of(state[py::int_(1)], "state")); }));
        return r;
      }));
  m.def(
      "load",
      [](py::handle path, py::object progress) {
        const std::string p = to_path(path, "path");
        PyRegistry r;
        const Progress told = to_progress(progress);
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(naming("path", [&] { return io::load(p, told); }));
        return r;
      },
      py::arg("path"), py::kw_only(), py::arg("progress") = py::none(),
      "Loads a registry saved in any format; a damaged or invalid file raises FormatError. progress: "
      "True for a progress bar, or a callable (what, done, total) told of the rows as they are validated.");
  m.def(
      "from_bytes",
      [](py::handle data) {
        const std::string bytes = to_bytes_of(data, "data");
        PyRegistry r;
        r.reg = std::make_shared<SharedRegistry>(naming("data", [&] { return io::from_bytes(bytes); }));
        return r;
      },
      py::arg("data"), "A registry from the bytes of a file.");
  m.attr("FORMAT_VERSION") = io::format_version;
}

}  // namespace shanhai::python
