// Data sets generated in C++: the synthetic national programme.
#include "bindings.hpp"

namespace shanhai::python {

void register_datasets(py::module_& m) {
  m.def(
      "_synthetic",
      [](py::handle households, py::handle flows, py::handle seed, py::handle first_year, py::handle last_year,
         py::object progress) {
        SyntheticSpec spec{to_count<std::uint32_t>(households, "households"), to_count<std::uint32_t>(flows, "flows"),
                           to_count<std::uint64_t>(seed, "seed"), to_year(first_year, "first_year"),
                           to_year(last_year, "last_year")};
        PyRegistry r;
        const Progress told = to_progress(progress);
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(synthetic(spec, told));
        return r;
      },
      py::arg("households"), py::arg("flows"), py::arg("seed"), py::arg("first_year"), py::arg("last_year"),
      py::arg("progress") = py::none());
}

}  // namespace shanhai::python
