// Every table through each archive kind, driven by each_table: rows are made from the column
// types alone, so a table added to the list is covered here without a line of its own. The
// tables are written and read as a file holds them (detail::serialize_tables), without the
// registry's validation, which the Python test of every table goes through.
#include <shanhai/io/archive.hpp>
#include <shanhai/io/serialize.hpp>
#include <shanhai/registry.hpp>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

using namespace shanhai;

namespace {

template <class V>
inline constexpr bool is_vector = false;
template <class T>
inline constexpr bool is_vector<std::vector<T>> = true;

template <class T>
inline constexpr bool is_id = false;
template <class Tag>
inline constexpr bool is_id<Id<Tag>> = true;

// A value of a column's type for row `k`, never the type's default (so a column that did not
// travel cannot pass for one that did).
template <class V>
V value(std::uint32_t k) {
  if constexpr (std::is_same_v<V, Money>) return Money::from_fen(std::int64_t(k) * 100 + 7);
  else if constexpr (std::is_same_v<V, Date>) return Date::from_packed(std::int32_t(20180101 + k));
  else if constexpr (std::is_same_v<V, Node>) return Node(NodeKind::project, k + 1);
  else if constexpr (std::is_same_v<V, Currency>) return Currency(k % 2 ? "USD" : "JOD");
  else if constexpr (is_id<V>) return V(k + 1);
  else if constexpr (std::is_enum_v<V>) return static_cast<V>((k + 1) % enum_count<V>);
  else if constexpr (std::is_integral_v<V>) return V(k + 2);
  else if constexpr (std::is_same_v<V, std::string>) return "行" + std::to_string(k);
  else if constexpr (std::is_same_v<V, Output>) return Output{"jobs" + std::to_string(k), std::int64_t(k) + 3};
  else {
    static_assert(is_vector<V>, "a column type this test can fill");
    return V{value<typename V::value_type>(k), value<typename V::value_type>(k + 1)};
  }
}

template <class Table>
void fill(Table& table, std::uint32_t rows) {
  for (std::uint32_t k = 0; k < rows; ++k)
    table.append([&](Table& t) {
      std::apply(
          [&](auto&... column) {
            (column.push_back(value<typename std::remove_cvref_t<decltype(column)>::value_type>(k)), ...);
          },
          Table::columns(t));
    });
}

Tables every_table_filled() {
  Tables t;
  each_table(t, [](const char*, auto& table) { fill(table, 3); });
  return t;
}

template <class Out, class In>
Tables through(const Tables& t, std::uint32_t version) {
  std::stringstream bytes;
  {
    Out out(bytes);
    detail::serialize_tables(out, t, version);
  }
  In in(bytes);
  Tables back;
  detail::serialize_tables(in, back, version);
  return back;
}

template <class T>
bool same(const T& a, const T& b) {
  return T::columns(a) == T::columns(b);
}

// Each column of `back` as in `whole` if the version holds it, else its default in every row.
template <class T>
void held_since(const T& back, const T& whole, std::uint32_t version) {
  REQUIRE(back.size() == whole.size());
  const auto mine = T::columns(back);
  const auto given = T::columns(whole);
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    (
        [&] {
          INFO("column ", T::column_names[K]);
          const auto& c = std::get<K>(mine);
          if (column_since<T>(K) <= version) {
            CHECK(c == std::get<K>(given));
          } else {
            std::remove_cvref_t<decltype(c)> defaults;
            defaults.resize(whole.size());
            CHECK(c == defaults);
          }
        }(),
        ...);
  }(std::make_index_sequence<T::column_names.size()>());
}

}  // namespace

TEST_CASE("every table travels whole through each archive kind") {
  const Tables t = every_table_filled();
  const Tables kinds[] = {
      through<boost::archive::binary_oarchive, boost::archive::binary_iarchive>(t, io::format_version),
      through<boost::archive::text_oarchive, boost::archive::text_iarchive>(t, io::format_version),
      through<boost::archive::xml_oarchive, boost::archive::xml_iarchive>(t, io::format_version)};
  std::set<std::string> seen;
  for (const Tables& back : kinds)
    each_table(back, [&](const char* name, const auto& table) {
      INFO(name);
      seen.insert(name);
      CHECK(table.size() == 3);
      CHECK(same(table, same_table(t, table)));
    });
  CHECK(seen.size() == table_count);
}

TEST_CASE("a file of an older version holds the tables and columns of its version only") {
  const Tables t = every_table_filled();
  for (std::uint32_t version = 1; version <= io::format_version; ++version) {
    const Tables back = through<boost::archive::binary_oarchive, boost::archive::binary_iarchive>(t, version);
    each_table(back, [&](const char* name, const auto& table) {
      INFO(name, " in version ", version);
      if (table_since<std::remove_cvref_t<decltype(table)>>() > version) {
        CHECK(table.empty());
      } else {
        held_since(table, same_table(t, table), version);
      }
    });
  }
}
