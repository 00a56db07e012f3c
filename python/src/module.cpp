// The compiled module shanhai._core; the package shanhai re-exports it.
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  using namespace shanhai::python;
  m.doc() = "shanhai: paired East-West assistance programmes, counted honestly";
  register_errors(m);
  register_values(m);
  register_handles(m);
  register_registry(m);
  register_analysis(m);
  register_columns(m);
  register_datasets(m);
  register_io(m);
}
