// Data sets generated in C++: the synthetic national programme.
#include "bindings.hpp"

namespace shanhai::python {

void register_datasets(py::module_& m) {
  m.def(
      "_synthetic",
      [](py::handle households, py::handle flows, py::handle seed, py::handle first_year, py::handle last_year,
         py::handle persons, py::handle identities, py::handle history, py::handle workers, py::handle months, py::handle trained,
         py::object progress) {
        auto flag = [](py::handle v, const char* field) {
          if (!py::isinstance<py::bool_>(v)) wrong_type(field, "expected True or False, got " + shown(v));
          return v.cast<bool>();
        };
        SyntheticSpec spec{to_count<std::uint32_t>(households, "households"), to_count<std::uint32_t>(flows, "flows"),
                           to_count<std::uint64_t>(seed, "seed"),        to_year(first_year, "first_year"),
                           to_year(last_year, "last_year"),              flag(persons, "persons"),
                           flag(identities, "identities"),               flag(history, "history"),                     to_count<std::uint32_t>(workers, "workers"),
                           to_count<int>(months, "months"),              to_count<int>(trained, "trained")};
        PyRegistry r;
        const Progress told = to_progress(progress);
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(synthetic(spec, told));
        return r;
      },
      py::arg("households"), py::arg("flows"), py::arg("seed"), py::arg("first_year"), py::arg("last_year"),
      py::arg("persons"), py::arg("identities"), py::arg("history"), py::arg("workers"), py::arg("months"), py::arg("trained"),
      py::arg("progress") = py::none());
}

}  // namespace shanhai::python
