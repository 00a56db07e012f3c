// Merge (include/shanhai/merge.hpp): registries of their own, or the parts of a partitioned
// registry, put back together into one registry.
#include "bindings.hpp"

#include <shanhai/merge.hpp>

#include <pybind11/numpy.h>

#include <vector>

namespace shanhai::python {

namespace {

// Holds every input for reading while the merge runs (a registry given twice is read twice, which
// a read inside a read allows; the merge then refuses it by name).
struct Reading {
  std::vector<SharedRegistry::Reader> held;
  explicit Reading(std::size_t n) { held.reserve(n); }
  const Registry* add(const PyRegistry& r) {
    held.push_back(reading(r.reg));
    return &*held.back();
  }
};

PyRegistry own(Registry&& merged) {
  PyRegistry r;
  r.reg = std::make_shared<SharedRegistry>(std::move(merged));
  return r;
}

}  // namespace

void register_merge(py::module_& m) {
  m.def(
      "_merge",
      [](const std::vector<const PyRegistry*>& registries, py::object progress) {
        const Progress told = to_progress(progress);
        Reading inputs(registries.size());
        std::vector<const Registry*> all;
        for (const PyRegistry* r : registries) all.push_back(inputs.add(*r));
        py::gil_scoped_release unlocked;
        return own(merge(std::span<const Registry* const>(all), told));
      },
      py::arg("registries"), py::arg("progress") = py::none(),
      "Registries of their own put together: the rows of each after those before it (include/shanhai/merge.hpp).");
  m.def(
      "_merge_parts",
      [](const py::list& parts, py::object progress) {
        const Progress told = to_progress(progress);
        Reading inputs(parts.size());
        using Ids = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;
        std::vector<Ids> arrays;  // alive while the merge reads them
        std::vector<PartView> views;
        for (std::size_t k = 0; k < parts.size(); ++k) {
          const auto part = parts[k].cast<py::tuple>();  // (registry, {table: ids}, {table: placeholders})
          PartView v{inputs.add(part[0].cast<const PyRegistry&>())};
          const auto ids = part[1].cast<py::dict>(), placeholders = part[2].cast<py::dict>();
          for (std::size_t t = 0; t < part_table_count; ++t) {
            const py::str table{std::string(to_string(PartTable(t)))};
            Ids a;
            if (ids.contains(table)) a = Ids::ensure(ids[table]);
            if (!ids.contains(table) || !a || a.ndim() != 1)
              throw validation_error("merge: part " + std::to_string(k) + " gives no ids for " + std::string(table),
                                     Where{.table = std::string(table), .reason = std::string(reason::required)});
            arrays.push_back(std::move(a));
            v.ids[t] = std::span<const std::uint32_t>(arrays.back().data(), std::size_t(arrays.back().size()));
            v.placeholders[t] = placeholders.contains(table) ? placeholders[table].cast<std::size_t>() : 0;
          }
          views.push_back(v);
        }
        py::gil_scoped_release unlocked;
        return own(merge(std::span<const PartView>(views), told));
      },
      py::arg("parts"), py::arg("progress") = py::none(),
      "The parts of a partitioned registry put back together, each row at its id in the whole: parts as "
      "(registry, {table: ids in the whole}, {table: placeholders at the end of its ids}).");
}

}  // namespace shanhai::python
