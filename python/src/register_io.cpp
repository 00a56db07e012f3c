// Files and pickle: the same Boost.Serialization archives, inside the checked envelope; and the
// writing of whole files and folders the exports use (io/file.hpp).
#include "bindings.hpp"

#include <shanhai/io/archive.hpp>
#include <shanhai/io/file.hpp>
#include <shanhai/share.hpp>


#include <istream>

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
      "Saves atomically to `path` as 'binary' (this platform), 'text' or 'xml' (portable). The file is "
      "readable by its owner only until complete; a file it replaces keeps its mode, owner and group; a "
      "symbolic link is followed. A folder, a pipe or a read-only file is refused (FileError).");
  c.def(
      "share",
      [](const PyRegistry& self, py::handle path, py::handle key, py::handle k, py::handle format) {
        const std::string p = to_path(path, "path");
        if (key.is_none())
          throw validation_error("share key: a key is required (at least 16 bytes, one per recipient)",
                                 where("key", reason::required));
        const std::string secret = to_key(key);
        const auto cells = to_count<std::int64_t>(k, "k");
        if (cells < 1 || cells > std::int64_t(UINT32_MAX))
          throw validation_error("share k: must be from 1 to 4294967295, got " + std::to_string(cells),
                                 where("k", reason::out_of_range, std::to_string(cells)));
        const io::Format f = to_format(format);
        const auto r = reading(self.reg);
        py::gil_scoped_release unlocked;
        const Registry copy = share(*r, secret, std::uint32_t(cells));
        naming("path", [&] { io::save(copy, p, f); });
      },
      py::arg("path"), py::kw_only(), py::arg("key") = py::none(), py::arg("k") = 5, py::arg("format") = "binary",
      "Writes a registry file for a researcher: identifiers replaced by the pseudonyms a "
      "personal='pseudonymise' export gives under the same `key`, free text and sensitive detail "
      "left out, and birth years generalised to 5-year bands, then villages to their towns, until "
      "every combination of village (or town), birth band, sex and relation holds at least `k` "
      "persons; refused (ValidationError, counts only) when none does, and nothing is written. "
      "Counts and money are unchanged. The file records it (Registry.sharing). Pseudonymisation, "
      "not anonymisation (PIPL Art. 73): keep the key apart from the data, one key per recipient.");
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
        const std::string p = to_path(source, "path");
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(naming("path", [&] { return io::load(p, told); }));
        return r;
      },
      py::arg("path"), py::kw_only(), py::arg("progress") = py::none(),
      "Loads a registry saved in any format from a path (a regular file: a pipe or a device is refused "
      "with FileError) or from an open binary file (``open(path, 'rb')``, a pipe, a socket's makefile()). "
      "A damaged or invalid file raises FormatError. progress: True for a progress bar, or a callable "
      "(what, done, total) told of the rows as they are validated.");
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
  m.def(
      "table_names",
      [] {
        py::list names;
        const Tables none{};
        each_table(none, [&](const char* name, const auto&) { names.append(py::str(name)); });
        return names;
      },
      "Every table a file holds, in file order (the one list of them, each_table): 'partners', ...");

  // for the exports (shanhai.spreadsheets, shanhai.iati)
  m.def(
      "_write_file",
      [](py::handle path, const py::bytes& data, bool owner_only) {
        const std::string p = to_path(path, "path");
        const std::string_view bytes = data;
        py::gil_scoped_release unlocked;
        naming("path", [&] { io::write_file(p, bytes, owner_only); });
      },
      py::arg("path"), py::arg("data"), py::arg("owner_only") = false,
      "Replaces the file at `path` with `data`, whole (io/file.hpp); `owner_only`: a new file is "
      "its owner's alone (0600), for personal data.");
  py::class_<io::FolderWriter>(m, "_FolderWriter",
                               "A folder of files written beside `path` and swapped in by commit() (io/file.hpp); "
                               "dropped before commit(), it leaves nothing behind.")
      .def(py::init([](py::handle path, std::vector<std::string> names, bool owner_only) {
             const std::string p = to_path(path, "folder");
             return naming("folder",
                           [&] { return std::make_unique<io::FolderWriter>(p, std::move(names), owner_only); });
           }),
           py::arg("path"), py::arg("names"), py::arg("owner_only") = false)
      .def(
          "add",
          [](io::FolderWriter& self, const std::string& name, const py::bytes& data) {
            const std::string_view bytes = data;
            py::gil_scoped_release unlocked;
            naming("folder", [&] { self.add(name, bytes); });
          },
          py::arg("name"), py::arg("data"))
      .def("commit", [](io::FolderWriter& self) { naming("folder", [&] { self.commit(); }); },
           py::call_guard<py::gil_scoped_release>());
}

}  // namespace shanhai::python
