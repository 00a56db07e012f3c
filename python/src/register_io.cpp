// Files and pickle: the same Boost.Serialization archives, inside the checked envelope; and the
// writing of whole files and folders the exports use (io/file.hpp).
#include "bindings.hpp"

#include <shanhai/io/archive.hpp>
#include <shanhai/io/file.hpp>

#include <pybind11/stl/filesystem.h>

#include <istream>

namespace shanhai::python {

namespace {
// Pickle state: (pickle version, envelope bytes). A newer pickle version is refused.
constexpr int pickle_version = 1;

/// A binary Python file object as a stream buffer: each read() is made with the GIL taken, so
/// that the load itself runs without it. Destroy it with the GIL held.
class PythonReader : public std::streambuf {
 public:
  explicit PythonReader(const py::object& file) : read_(file.attr("read")) {}

 protected:
  int_type underflow() override {
    py::gil_scoped_acquire gil;
    py::object chunk;
    try {
      chunk = read_(chunk_bytes);
    } catch (py::error_already_set& e) {
      throw io_error(std::string("cannot read the stream: ") + e.what(), Where{.reason = std::string(reason::io)});
    }
    if (!py::isinstance<py::bytes>(chunk))
      throw validation_error("load: the stream's read() gave " + std::string(py::str(py::type::of(chunk).attr("__name__"))) +
                                 ", not bytes (open the file in binary mode, 'rb')",
                             Where{.field = "path", .reason = std::string(reason::wrong_type)});
    piece_ = chunk.cast<std::string>();
    if (piece_.empty()) return traits_type::eof();
    setg(piece_.data(), piece_.data(), piece_.data() + piece_.size());
    return traits_type::to_int_type(piece_[0]);
  }

 private:
  static constexpr std::size_t chunk_bytes = std::size_t(1) << 20;
  py::object read_;
  std::string piece_;
};

/// Is `source` an open file (something with read()) rather than a path?
bool is_stream(const py::object& source) {
  return !py::isinstance<py::str>(source) && !py::isinstance<py::bytes>(source) && !py::hasattr(source, "__fspath__") &&
         py::hasattr(source, "read");
}

std::string path_of(const py::object& source, std::string_view call) {
  try {
    return source.cast<std::filesystem::path>().string();
  } catch (const py::cast_error&) {
    throw validation_error(std::string(call) + ": expected a path or an open binary file, got " +
                               std::string(py::str(py::type::of(source).attr("__name__"))),
                           Where{.field = "path", .reason = std::string(reason::wrong_type)});
  }
}
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
      "Saves atomically to `path` as 'binary' (this platform), 'text' or 'xml' (portable). The file is "
      "readable by its owner only until complete; a file it replaces keeps its mode, owner and group; a "
      "symbolic link is followed. A folder, a pipe or a read-only file is refused (FileError).");
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
      [](const py::object& source, const py::object& progress) {
        PyRegistry r;
        const Progress told = to_progress(progress);
        if (is_stream(source)) {
          PythonReader buffer(source);
          std::istream in(&buffer);
          in.exceptions(std::ios::badbit);  // what reading throws goes on as itself
          py::gil_scoped_release unlocked;
          r.reg = std::make_shared<SharedRegistry>(io::load(in, told));
          return r;
        }
        const std::string path = path_of(source, "load");
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(io::load(path, told));
        return r;
      },
      py::arg("path"), py::kw_only(), py::arg("progress") = py::none(),
      "Loads a registry saved in any format from a path (a regular file: a pipe or a device is refused "
      "with FileError) or from an open binary file (``open(path, 'rb')``, a pipe, a socket's makefile()). "
      "A damaged or invalid file raises FormatError. progress: True for a progress bar, or a callable "
      "(what, done, total) told of the rows as they are validated.");
  m.def(
      "from_bytes",
      [](py::bytes data) {
        PyRegistry r;
        r.reg = std::make_shared<SharedRegistry>(io::from_bytes(data.cast<std::string>()));
        return r;
      },
      py::arg("data"), "A registry from the bytes of a file.");
  m.attr("FORMAT_VERSION") = io::format_version;

  // for the exports (shanhai.spreadsheets, shanhai.iati)
  m.def(
      "_write_file",
      [](const std::filesystem::path& path, const py::bytes& data) {
        const std::string_view bytes = data;
        py::gil_scoped_release unlocked;
        io::write_file(path.string(), bytes);
      },
      py::arg("path"), py::arg("data"), "Replaces the file at `path` with `data`, whole (io/file.hpp).");
  py::class_<io::FolderWriter>(m, "_FolderWriter",
                               "A folder of files written beside `path` and swapped in by commit() (io/file.hpp); "
                               "dropped before commit(), it leaves nothing behind.")
      .def(py::init([](const std::filesystem::path& path, std::vector<std::string> names) {
             return std::make_unique<io::FolderWriter>(path.string(), std::move(names));
           }),
           py::arg("path"), py::arg("names"))
      .def(
          "add",
          [](io::FolderWriter& self, const std::string& name, const py::bytes& data) {
            const std::string_view bytes = data;
            py::gil_scoped_release unlocked;
            self.add(name, bytes);
          },
          py::arg("name"), py::arg("data"))
      .def("commit", &io::FolderWriter::commit, py::call_guard<py::gil_scoped_release>());
}

}  // namespace shanhai::python
