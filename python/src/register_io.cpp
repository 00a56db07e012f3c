// Files and pickle: the same Boost.Serialization archives, inside the checked envelope.
#include "bindings.hpp"

#include <shanhai/io/archive.hpp>

#include <pybind11/stl/filesystem.h>

namespace shanhai::python {

namespace {
// Pickle state: (pickle version, envelope bytes). A newer pickle version is refused.
constexpr int pickle_version = 1;
}  // namespace

void register_io(py::module_& m) {
  auto c = py::class_<PyRegistry>(m.attr("Registry"));
  c.def(
      "save",
      [](const PyRegistry& self, const std::filesystem::path& path, const std::string& format) {
        const io::Format f = io::format_from_string(format);
        const auto r = reading(self.reg);
        py::gil_scoped_release unlocked;
        io::save(*r, path.string(), f);
      },
      py::arg("path"), py::arg("format") = "binary",
      "Saves atomically to `path` as 'binary' (this platform), 'text' or 'xml' (portable).");
  c.def(
      "to_bytes",
      [](const PyRegistry& self, const std::string& format) {
        const io::Format f = io::format_from_string(format);
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
      [](py::tuple state) {
        if (state.size() != 2 || !py::isinstance<py::int_>(state[0]))
          throw format_error("pickle: not a shanhai registry state");
        const int version = state[0].cast<int>();
        if (version < 1 || version > pickle_version)
          throw format_error("pickle: version " + std::to_string(version) + " is not one this library reads (up to " +
                             std::to_string(pickle_version) + ")");
        PyRegistry r;
        r.reg = std::make_shared<SharedRegistry>(io::from_bytes(state[1].cast<std::string>()));
        return r;
      }));
  m.def(
      "load",
      [](const std::filesystem::path& path, py::object progress) {
        PyRegistry r;
        const Progress told = to_progress(progress);
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(io::load(path.string(), told));
        return r;
      },
      py::arg("path"), py::kw_only(), py::arg("progress") = py::none(),
      "Loads a registry saved in any format; a damaged or invalid file raises FormatError. progress: "
      "True for a progress bar, or a callable (what, done, total) told of the rows as they are validated.");
  m.def(
      "from_bytes",
      [](py::bytes data) {
        PyRegistry r;
        r.reg = std::make_shared<SharedRegistry>(io::from_bytes(data.cast<std::string>()));
        return r;
      },
      py::arg("data"), "A registry from the bytes of a file.");
  m.attr("FORMAT_VERSION") = io::format_version;
}

}  // namespace shanhai::python
