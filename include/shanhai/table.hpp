// Columnar table: one std::vector (or ListColumn, for text and lists) per field, rows named by
// dense 32-bit ids.
//
// A table lists its columns once, in `columns(self)`, with their names in `column_names`;
// size, rollback, reserve and serialisation are written once here, for every table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

namespace shanhai {

template <class Derived>
class Table {
 public:
  std::size_t size() const noexcept { return std::get<0>(Derived::columns(self())).size(); }
  bool empty() const noexcept { return size() == 0; }
  /// Every column holds size() rows (a table built column by column may not).
  bool rectangular() const noexcept {
    return std::apply([n = size()](const auto&... column) { return ((column.size() == n) && ...); },
                      Derived::columns(self()));
  }

  void reserve(std::size_t n) {
    std::apply([n](auto&... column) { (column.reserve(n), ...); }, Derived::columns(self()));
  }
  /// Room for `more`'s rows beyond these, and in text and list columns for its values too.
  void reserve_more(const Derived& more) {
    with_columns_of(more, [](auto& column, const auto& add) {
      if constexpr (requires { add.values(); })
        column.reserve(column.size() + add.size(), column.values().size() + add.values().size());
      else
        column.reserve(column.size() + add.size());
    });
  }
  /// The rows every column has room for.
  std::size_t capacity() const noexcept { return std::get<0>(Derived::columns(self())).capacity(); }

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

  /// Appends the rows of `more` from row `from` on, a column at a time; if anything throws, every
  /// column is cut back, so the table is as it was.
  void append_rows(const Derived& more, std::size_t from) {
    const std::size_t before = size();
    try {
      with_columns_of(more, [from](auto& column, const auto& add) {
        if constexpr (requires { column.append(add, from); })
          column.append(add, from);
        else
          column.insert(column.end(), add.begin() + std::ptrdiff_t(from), add.end());
      });
    } catch (...) {
      truncate(before);
      throw;
    }
  }

  void truncate(std::size_t n) {
    std::apply([n](auto&... column) { (column.resize(n), ...); }, Derived::columns(self()));
  }

 private:
  // f(column, the same column of `other`) for every column
  template <class F>
  void with_columns_of(const Derived& other, F&& f) {
    auto mine = Derived::columns(self());
    const auto theirs = Derived::columns(other);
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (f(std::get<K>(mine), std::get<K>(theirs)), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(mine)>>());
  }
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace shanhai
