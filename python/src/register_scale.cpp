// National scale beyond the column views: partitions by region (include/shanhai/partition.hpp)
// and the buffers of text columns in Arrow's layout (offsets and bytes), built in one pass.
#include "bindings.hpp"

#include <shanhai/partition.hpp>

#include <pybind11/numpy.h>

#include <cstring>

namespace shanhai::python {

namespace {

template <class I>
py::array_t<I> to_numpy(std::vector<I>&& v) {
  auto* owned = new std::vector<I>(std::move(v));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<I>*>(p); });
  return py::array_t<I>({py::ssize_t(owned->size())}, {py::ssize_t(sizeof(I))}, owned->data(), owner);
}

// The number a list element is stored as: an enum's code, an id's value, or itself.
template <class U>
auto stored() {
  if constexpr (std::is_enum_v<U>) return std::underlying_type_t<U>{};
  else if constexpr (requires { U::npos; }) return std::uint32_t{};
  else return U{};
}

// A list or text column in Arrow's layout, copied: offsets (int32, or int64 past 2 GiB of values,
// as Arrow's utf8 and large_utf8) and the values end to end, as the numbers they are stored as.
template <class O, class C>
py::tuple buffers(const C& column) {
  using T = typename C::element_type;
  using V = std::conditional_t<std::is_same_v<T, char>, std::uint8_t, decltype(stored<T>())>;
  static_assert(sizeof(V) == sizeof(T));
  py::array_t<O> offsets{py::ssize_t(column.size() + 1)};
  py::array_t<V> values{py::ssize_t(column.values().size())};
  O* out = offsets.mutable_data();
  for (std::size_t i = 0; i <= column.size(); ++i) out[i] = O(column.offset(i));
  if (!column.values().empty()) std::memcpy(values.mutable_data(), column.values().data(), column.values().size() * sizeof(T));
  return py::make_tuple(offsets, values);
}

// The buffers of the text (`text`) or list column `name`.
template <class Table>
py::tuple list_buffers(const Table& table, const std::string& name, bool text) {
  py::object out;
  std::size_t k = 0;
  std::apply(
      [&](const auto&... column) {
        (
            [&] {
              using C = std::remove_cvref_t<decltype(column)>;
              if constexpr (is_list_column<C>)
                if (Table::column_names[k] == name && text == std::is_same_v<C, TextColumn>)
                  out = column.values().size() <= std::size_t(std::numeric_limits<std::int32_t>::max())
                            ? buffers<std::int32_t>(column)
                            : buffers<std::int64_t>(column);
              ++k;
            }(),
            ...);
      },
      Table::columns(table));
  if (!out) throw not_found(text ? "no text column '" + name + "'" : "no list column of codes or ids named '" + name + "'");
  return out;
}

template <class T>
py::str names_of() {
  std::string out;
  for (auto n : enum_names<T>::names) out += (out.empty() ? "" : ",") + std::string(n);
  return py::str(out);
}

template <class T>
struct IdTag {};
template <class Tag>
struct IdTag<Id<Tag>> {
  using type = Tag;
};
template <class T>
struct ListOf : std::false_type {};
template <class U>
struct ListOf<std::vector<U>> : std::true_type {
  using element = U;
};

// What a column holds, for a reader that builds typed columns (Arrow): (kind, detail); a list's
// detail is its element's (kind, detail), or None for records.
template <class T>
py::object type_of() {
  if constexpr (std::is_same_v<T, Money>) return py::make_tuple("money", "");
  else if constexpr (std::is_same_v<T, Date>) return py::make_tuple("date", "");
  else if constexpr (std::is_same_v<T, Currency>) return py::make_tuple("currency", "");
  else if constexpr (std::is_same_v<T, Node>) return py::make_tuple("node", names_of<NodeKind>());
  else if constexpr (std::is_same_v<T, std::string>) return py::make_tuple("text", "");
  else if constexpr (std::is_enum_v<T>) return py::make_tuple("enum", names_of<T>());
  else if constexpr (requires { typename IdTag<T>::type; }) return py::make_tuple("id", IdTag<T>::type::name);
  else if constexpr (std::is_integral_v<T>) return py::make_tuple("int", "");
  else if constexpr (ListOf<T>::value) {
    using U = typename ListOf<T>::element;
    if constexpr (std::is_enum_v<U> || std::is_integral_v<U> || requires { typename IdTag<U>::type; })
      return py::make_tuple("list", type_of<U>());
    else return py::make_tuple("list", py::none());
  } else return py::make_tuple("record", py::none());
}

template <class Table>
py::list schema_of() {
  static const Table empty{};
  py::list out;
  std::size_t k = 0;
  std::apply(
      [&](const auto&... column) {
        ((out.append(py::make_tuple(std::string(Table::column_names[k++]),
                                    type_of<typename std::remove_cvref_t<decltype(column)>::value_type>()))),
         ...);
      },
      Table::columns(empty));
  return out;
}

template <class Tag>
void bind_text(py::module_& m, const char* name) {
  constexpr auto table = [](const Registry& r) -> const auto& { return r.table<Tag>(); };
  using T = std::remove_cvref_t<decltype(table(std::declval<const Registry&>()))>;
  py::class_<View<Tag>>(m.attr(name))
      .def(
          "_text_buffers",
          [table](const View<Tag>& v, const std::string& col) { return list_buffers(table(*reading(v.reg)), col, true); },
          py::arg("name"), "A text column as Arrow utf8 buffers: (offsets, bytes), new arrays.")
      .def(
          "_list_buffers",
          [table](const View<Tag>& v, const std::string& col) { return list_buffers(table(*reading(v.reg)), col, false); },
          py::arg("name"), "A list column of codes or ids as Arrow list buffers: (offsets, values), new arrays.")
      .def_static("_schema", [] { return schema_of<T>(); },
                  "Each column's name and what it holds: [(name, (kind, detail))].");
}

}  // namespace

void register_scale(py::module_& m) {
  each_view([&]<class Tag>(const char* name) { bind_text<Tag>(m, name); });

  m.def(
      "_partition",
      [](const PyRegistry& whole, std::size_t parts, py::object region) {
        PartitionSpec spec;
        spec.parts = parts;
        spec.region = to_enum<PartnerKind>(region, "partition by");
        std::vector<Partition> built;
        {
          const auto r = reading(whole.reg);
          py::gil_scoped_release unlocked;
          built = partition(*r, spec);
        }
        py::list out;
        for (Partition& p : built) {
          PyRegistry r;
          r.reg = std::make_shared<SharedRegistry>(std::move(p.registry));
          py::dict ids, placeholders;
          for (std::size_t t = 0; t < part_table_count; ++t) {
            const py::str table{std::string(to_string(PartTable(t)))};
            ids[table] = to_numpy(std::move(p.ids[t]));
            placeholders[table] = p.placeholders[t];
          }
          py::list regions;
          for (PartnerId id : p.regions) regions.append(id.value);
          out.append(py::make_tuple(r, ids, regions, placeholders));
        }
        return out;
      },
      py::arg("whole"), py::arg("parts"), py::arg("by"),
      "Cuts a registry into parts by region: (registry, {table: ids in the whole}, [region partner ids], "
      "{table: placeholders at the end of its ids}) each.");
}

}  // namespace shanhai::python
