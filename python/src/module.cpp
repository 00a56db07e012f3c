// The compiled module shanhai._core; the package shanhai re-exports it.
#include "bindings.hpp"

namespace shanhai::python {
void register_scale(py::module_& m);    // register_scale.cpp: partitions, Arrow buffers
void register_records(py::module_& m);  // register_records.cpp: persons, status history, employment, targets
void register_merge(py::module_& m);    // register_merge.cpp: registries and partitions put together
void register_privacy(py::module_& m);  // register_privacy.cpp: pseudonyms, erasure, restriction
}  // namespace shanhai::python

PYBIND11_MODULE(_core, m) {
  using namespace shanhai::python;
  m.doc() = "shanhai: paired East-West assistance programmes, counted honestly";
  register_errors(m);
  register_values(m);
  register_handles(m);
  register_registry(m);
  register_records(m);
  register_analysis(m);
  register_columns(m);
  register_datasets(m);
  register_io(m);
  register_scale(m);
  register_merge(m);
  register_privacy(m);
}
