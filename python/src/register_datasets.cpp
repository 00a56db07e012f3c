// Data sets generated in C++: the synthetic national programme.
#include "bindings.hpp"

namespace shanhai::python {

void register_datasets(py::module_& m) {
  m.def(
      "_synthetic",
      [](std::size_t households, std::size_t flows, std::uint64_t seed, int first_year, int last_year, bool persons,
         bool history, std::size_t workers, int months, int trained, py::object progress) {
        PyRegistry r;
        const Progress told = to_progress(progress);
        py::gil_scoped_release unlocked;
        r.reg = std::make_shared<SharedRegistry>(synthetic(
            {households, flows, seed, first_year, last_year, persons, history, workers, months, trained}, told));
        return r;
      },
      py::arg("households"), py::arg("flows"), py::arg("seed"), py::arg("first_year"), py::arg("last_year"),
      py::arg("persons"), py::arg("history"), py::arg("workers"), py::arg("months"), py::arg("trained"),
      py::arg("progress") = py::none());
}

}  // namespace shanhai::python
