// Columnar table: one std::vector per field, rows named by dense 32-bit ids.
//
// A table lists its columns once, in `columns(self)`, with their names in `column_names`;
// size, rollback, reserve and serialisation are written once here, for every table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>

namespace shanhai {

template <class Derived>
class Table {
 public:
  std::size_t size() const noexcept { return std::get<0>(Derived::columns(self())).size(); }
  bool empty() const noexcept { return size() == 0; }

  void reserve(std::size_t n) {
    std::apply([n](auto&... column) { (column.reserve(n), ...); }, Derived::columns(self()));
  }

  /// Appends one row through `push`, which push_backs every column; if anything throws
  /// (say bad_alloc half-way), every column is cut back, so the table is as it was.
  template <class Push>
  std::uint32_t append(Push&& push) {
    const std::size_t before = size();
    try {
      push(self());
    } catch (...) {
      truncate(before);
      throw;
    }
    return static_cast<std::uint32_t>(before);
  }

  /// Appends one row given as every column's value, in column order.
  template <class... Values>
  std::uint32_t append_row(const Values&... values) {
    return append([&](Derived& t) {
      std::apply([&](auto&... column) { (column.push_back(values), ...); }, Derived::columns(t));
    });
  }

  void truncate(std::size_t n) {
    std::apply([n](auto&... column) { (column.resize(n), ...); }, Derived::columns(self()));
  }

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace shanhai
