// Columns without copies (numpy views of a table's columns) and bulk ingest of whole tables.
//
// A view points into the registry's own storage: while any view is alive, calls that would add
// rows (and so could move that storage) are refused. The view keeps the registry alive.
#include "bindings.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <concepts>
#include <iterator>
#include <unordered_map>

namespace shanhai::python {

namespace {

std::unordered_map<const SharedRegistry*, long>& lent_views() {
  static auto* lent = new std::unordered_map<const SharedRegistry*, long>();  // lives as long as the module
  return *lent;
}

// What a view's numpy array holds on to: the registry, and its place in the count of lent views.
struct Lease {
  RegistryPtr reg;
  explicit Lease(RegistryPtr r) : reg(std::move(r)) { ++lent_views()[reg.get()]; }
  ~Lease() {
    auto it = lent_views().find(reg.get());
    if (--it->second == 0) lent_views().erase(it);
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
};

static_assert(sizeof(Money) == 8 && sizeof(Date) == 4 && sizeof(PartnerId) == 4 && sizeof(Node) == 8);
static_assert(offsetof(Node, kind) == 0 && offsetof(Node, id) == 4);

template <class T>
py::dtype dtype_of() {
  if constexpr (std::is_same_v<T, Money>) return py::dtype::of<std::int64_t>();
  else if constexpr (std::is_same_v<T, Date>) return py::dtype::of<std::int32_t>();
  else if constexpr (std::is_same_v<T, Node>)
    return py::dtype::from_args(py::list(py::make_tuple(py::make_tuple("kind", "u1"), py::make_tuple("pad", "V3"),
                                             py::make_tuple("id", "<u4"))));
  else if constexpr (std::is_enum_v<T>) return py::dtype::of<std::underlying_type_t<T>>();
  else if constexpr (requires { T::npos; }) return py::dtype::of<std::uint32_t>();
  else return py::dtype::of<T>();
}

template <class Column>
py::object view_of(const RegistryPtr& reg, const Column& column, std::string_view name) {
  using T = typename Column::value_type;
  if constexpr (std::is_same_v<T, std::string> || requires { typename T::value_type; }) {
    throw validation_error("column '" + std::string(name) + "' holds text or lists, which have no numpy view; use to_pandas()");
  } else {
    auto* lease = new Lease(reg);
    py::capsule owner(lease, [](void* p) { delete static_cast<Lease*>(p); });
    py::array a(dtype_of<T>(), {py::ssize_t(column.size())}, {py::ssize_t(sizeof(T))}, column.data(), owner);
    py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return a;
  }
}

template <class Table>
py::object column_of(const RegistryPtr& reg, const Table& table, const std::string& name) {
  py::object out;
  std::size_t k = 0;
  std::apply([&](const auto&... column) { ((Table::column_names[k++] == name ? void(out = view_of(reg, column, name)) : void()), ...); },
             Table::columns(table));
  if (!out) {
    std::string known;
    for (auto n : Table::column_names) known += (known.empty() ? "" : ", ") + std::string(n);
    throw not_found("no column '" + name + "' (columns: " + known + ")");
  }
  return out;
}

// One input column of numbers: its length is checked once, then rows are read without checks.
template <class T>
struct Numbers {
  py::array_t<T, py::array::c_style | py::array::forcecast> values;
  const T* data() const { return values.data(); }
  T operator[](std::size_t i) const { return data()[i]; }
};

template <class T>
Numbers<T> array(const py::dict& cols, const char* name, std::size_t n) {
  auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(cols[name]);
  if (!a || a.ndim() != 1 || std::size_t(a.shape(0)) != n)
    throw validation_error(std::string("column '") + name + "': expected " + std::to_string(n) + " values");
  return {std::move(a)};
}
using Codes = Numbers<std::uint8_t>;

// One input column of text: empty for every row when the column is not given.
class Texts {
 public:
  Texts(const py::dict& cols, const char* name, std::size_t n) {
    if (!cols.contains(name) || cols[name].is_none()) return;
    py::sequence seq = cols[name];
    if (std::size_t(py::len(seq)) != n) throw validation_error(std::string("column '") + name + "': wrong length");
    values_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      if (!seq[i].is_none()) values_[i] = to_text(seq[i], std::string(name) + " row " + std::to_string(i));
  }
  bool given() const noexcept { return !values_.empty(); }
  const std::string& operator[](std::size_t i) const { return values_[i]; }

 private:
  std::vector<std::string> values_;
};

// A table of new rows filled a column at a time, every column in the table's order. A column stops
// before the first value it refuses (an unknown code, a bad packed date); the table keeps the rows
// before the earliest refusal, and that refusal is the error: on a tie the earlier column's, as
// the rows' own insertion would check them.
template <class Table>
struct Fill {
  Table rows;
  std::size_t n;         // the rows each column fills: cut by a refusal
  std::string refused;  // the refusal, naming its row

  /// A column of value(i), which may refuse a row by throwing.
  template <class T, class Value>
    requires std::invocable<Value&, std::size_t>
  void operator()(std::vector<T>& column, Value&& value) {
    column.reserve(n);
    std::size_t i = 0;
    try {
      for (; i < n; ++i) column.push_back(value(i));
    } catch (const error& e) {
      refuse(i, &column, e.what());
    }
  }
  /// Numbers, ids and fen as they are.
  template <class T, class U>
    requires(!std::is_enum_v<T>)
  void operator()(std::vector<T>& column, const Numbers<U>& values) {
    column.reserve(n);
    std::transform(values.data(), values.data() + n, std::back_inserter(column), [](U v) { return T(v); });
  }
  /// Enumerations by their codes.
  template <class E>
    requires std::is_enum_v<E>
  void operator()(std::vector<E>& column, const Codes& codes) {
    const std::uint8_t* c = codes.data();
    const std::size_t good = std::size_t(std::find_if(c, c + n, [](auto v) { return v >= enum_count<E>; }) - c);
    column.reserve(good);
    std::transform(c, c + good, std::back_inserter(column), [](std::uint8_t v) { return static_cast<E>(v); });
    if (good < n) try {
        enum_checked<E>(c[good]);
      } catch (const error& e) {
        refuse(good, &column, e.what());
      }
  }
  void operator()(TextColumn& column, const Texts& texts) {
    if (!texts.given()) return column.resize(n);
    for (std::size_t i = 0; i < n; ++i) column.push_back(texts[i]);
  }

 private:
  void refuse(std::size_t row, const void* column, const char* what) {
    std::size_t k = 0, found = 0;
    std::apply([&](const auto&... c) { ((found = &c == column ? k : found, ++k), ...); }, Table::columns(rows));
    n = row;
    refused = std::string(table_name<Table>()) + " row " + std::to_string(row) + ", column '" +
              std::string(Table::column_names[found]) + "': " + what;
  }
};

// Fills a table of new rows through `fill(Fill&)`, one call per column in the table's order, and
// appends the rows before the first refused one all or nothing; the refused row, if no earlier
// row is refused too, is the error. Returns the ids of the new rows as a range.
template <class Tag, class Columns>
py::object ingest(PyRegistry& self, std::size_t n, py::object progress, Columns&& columns) {
  const Progress told = to_progress(progress);
  const auto w = writing(self.reg);
  const std::size_t first = w->table<Tag>().size();
  {
    py::gil_scoped_release unlocked;
    Fill<std::remove_cvref_t<decltype(w->table<Tag>())>> fill{{}, n, {}};
    columns(fill, fill.rows);
    fill.rows.truncate(fill.n);  // columns before the refusal filled more
    w->batch([&](Registry& r) {
      r.append(std::move(fill.rows), told);
      if (!fill.refused.empty()) throw validation_error(fill.refused);
    });
  }
  return py::module_::import("builtins").attr("range")(first, first + n);
}

// Row i's node, from a column of kind codes and one of ids.
auto nodes(const Codes& kinds, const Numbers<std::uint32_t>& ids) {
  return [&](std::size_t i) { return Node(enum_checked<NodeKind>(kinds[i]), ids[i]); };
}
// Row i's money, from fen.
auto fen(const Numbers<std::int64_t>& values) {
  return [&](std::size_t i) { return Money::from_fen(values[i]); };
}
// Row i's date, from packed yyyymmdd.
auto dates(const Numbers<std::int32_t>& packed) {
  return [&](std::size_t i) { return Date::from_packed(packed[i]); };
}

template <class Tag>
void bind_column(py::module_& m, const char* name) {
  constexpr auto table = [](const Registry& r) -> const auto& { return r.table<Tag>(); };
  py::class_<View<Tag>>(m.attr(name))
      .def(
          "column", [table](const View<Tag>& v, const std::string& col) { return column_of(v.reg, table(*reading(v.reg)), col); },
          py::arg("name"),
          "A read-only numpy view of one column, without a copy: money as int64 fen, dates as int32 "
          "yyyymmdd (00 for a part not given), enumerations as their codes, ids as uint32 "
          "(4294967295 for none), nodes as (kind, id) records. While a view is alive, adding rows "
          "is refused.");
}

}  // namespace

SharedRegistry::Writer writing(const RegistryPtr& reg) {
  auto w = [&] {
    if (auto w = reg->try_write()) return std::move(*w);
    py::gil_scoped_release unlocked;
    return reg->write();
  }();
  // checked while no other thread can lend a view: views are made under a read lock
  auto it = lent_views().find(reg.get());
  if (it != lent_views().end())
    throw validation_error("the registry's columns are lent to " + std::to_string(it->second) +
                               " numpy view(s); delete them (or take a .copy()) before adding rows",
                           {.reason = std::string(reason::state)});
  return w;
}

void register_columns(py::module_& m) {
  each_view([&]<class Tag>(const char* name) { bind_column<Tag>(m, name); });

  m.attr("FlowTable").attr("links") = py::cpp_function(
      [](const View<FlowTag>& v) {
        const auto r = reading(v.reg);
        py::array_t<std::uint8_t> out(py::ssize_t(r->flows().size()));
        auto w = out.mutable_unchecked<1>();
        for (std::uint32_t i = 0; i < r->flows().size(); ++i) w(i) = std::uint8_t(r->link(FlowId(i)));
        return out;
      },
      py::is_method(m.attr("FlowTable")),
      "Each flow's link to its parent as codes (0 none, 1 part, 2 pass_through), a new array.");

  // Bulk ingest: columns already normalised by shanhai._bulk (codes, fen, packed dates, ids).
  using U8 = std::uint8_t;
  auto c = py::class_<PyRegistry>(m.attr("Registry"));
  c.def("_bulk_partners", [](PyRegistry& self, py::dict cols, std::size_t n, py::object progress) {
    const Texts name(cols, "name", n), code(cols, "code", n), note(cols, "note", n);
    const auto kind = array<U8>(cols, "kind", n), side = array<U8>(cols, "side", n);
    const auto parent = array<std::uint32_t>(cols, "parent", n);
    return ingest<PartnerTag>(self, n, progress, [&](auto& fill, PartnerTable& t) {
      fill(t.name, name), fill(t.kind, kind), fill(t.side, side), fill(t.parent, parent), fill(t.code, code);
      fill(t.note, note);
    });
  });
  c.def("_bulk_households", [](PyRegistry& self, py::dict cols, std::size_t n, py::object progress) {
    const Texts number(cols, "number", n), note(cols, "note", n);
    const auto village = array<std::uint32_t>(cols, "village", n);
    const auto members = array<std::int32_t>(cols, "members", n);
    const auto status = array<U8>(cols, "status", n);
    const auto exit_year = array<std::int16_t>(cols, "exit_year", n);
    return ingest<HouseholdTag>(self, n, progress, [&](auto& fill, HouseholdTable& t) {
      fill(t.number, number), fill(t.village, village), fill(t.members, members), fill(t.status, status);
      fill(t.exit_year, exit_year), fill(t.note, note);
      t.causes.resize(fill.n), t.address.resize(fill.n);  // not taken in bulk
    });
  });
  c.def("_bulk_flows", [](PyRegistry& self, py::dict cols, std::size_t n, py::object progress) {
    const Texts note(cols, "note", n);
    const auto source_kind = array<U8>(cols, "source_kind", n), target_kind = array<U8>(cols, "target_kind", n);
    const auto source = array<std::uint32_t>(cols, "source", n), target = array<std::uint32_t>(cols, "target", n);
    const auto amount = array<std::int64_t>(cols, "amount", n);
    const auto date = array<std::int32_t>(cols, "date", n);
    const auto kind = array<U8>(cols, "kind", n), stage = array<U8>(cols, "stage", n), purpose = array<U8>(cols, "purpose", n);
    const auto parent = array<std::uint32_t>(cols, "parent", n);
    return ingest<FlowTag>(self, n, progress, [&](auto& fill, FlowTable& t) {
      fill(t.source, nodes(source_kind, source)), fill(t.target, nodes(target_kind, target));
      fill(t.amount, fen(amount)), fill(t.date, dates(date)), fill(t.kind, kind), fill(t.stage, stage);
      fill(t.purpose, purpose), fill(t.parent, parent), fill(t.note, note);
    });
  });
  c.def("_bulk_benefits", [](PyRegistry& self, py::dict cols, std::size_t n, py::object progress) {
    const Texts note(cols, "note", n);
    const auto beneficiary = array<std::uint32_t>(cols, "beneficiary", n);
    const auto via_kind = array<U8>(cols, "via_kind", n);
    const auto via = array<std::uint32_t>(cols, "via", n);
    const auto kind = array<U8>(cols, "kind", n);
    const auto date = array<std::int32_t>(cols, "date", n);
    const auto persons = array<std::int64_t>(cols, "persons", n), households = array<std::int64_t>(cols, "households", n);
    const auto amount = array<std::int64_t>(cols, "amount", n);
    return ingest<BenefitTag>(self, n, progress, [&](auto& fill, BenefitTable& t) {
      fill(t.beneficiary, beneficiary), fill(t.via, nodes(via_kind, via)), fill(t.kind, kind);
      fill(t.date, dates(date)), fill(t.persons, persons), fill(t.households, households), fill(t.amount, fen(amount));
      fill(t.note, note);
    });
  });
  c.def("_bulk_persons", [](PyRegistry& self, py::dict cols, std::size_t n, py::object progress) {
    const Texts note(cols, "note", n);
    const auto household = array<std::uint32_t>(cols, "household", n);
    const auto relation = array<U8>(cols, "relation", n), sex = array<U8>(cols, "sex", n);
    const auto birth_year = array<std::int16_t>(cols, "birth_year", n);
    const auto health = array<U8>(cols, "health", n), education = array<U8>(cols, "education", n);
    const auto labour = array<U8>(cols, "labour", n);
    return ingest<PersonTag>(self, n, progress, [&](auto& fill, PersonTable& t) {
      fill(t.household, household), fill(t.relation, relation), fill(t.sex, sex), fill(t.birth_year, birth_year);
      fill(t.health, health), fill(t.education, education), fill(t.labour, labour), fill(t.note, note);
    });
  });
  c.def("_bulk_employment", [](PyRegistry& self, py::dict cols, std::size_t n, py::object progress) {
    const Texts worker(cols, "worker", n), note(cols, "note", n);
    const auto workshop = array<std::uint32_t>(cols, "workshop", n), household = array<std::uint32_t>(cols, "household", n);
    const auto person = array<std::uint32_t>(cols, "person", n);
    const auto month = array<std::int32_t>(cols, "month", n);
    const auto workers = array<std::int64_t>(cols, "workers", n), poor = array<std::int64_t>(cols, "poor", n);
    const auto wage = array<std::int64_t>(cols, "wage", n);
    return ingest<EmploymentTag>(self, n, progress, [&](auto& fill, EmploymentTable& t) {
      fill(t.workshop, workshop), fill(t.household, household), fill(t.person, person), fill(t.worker, worker);
      fill(t.month, dates(month)), fill(t.workers, workers), fill(t.poor, poor), fill(t.wage, fen(wage));
      fill(t.note, note);
    });
  });
}

}  // namespace shanhai::python
