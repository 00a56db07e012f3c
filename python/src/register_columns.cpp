// Columns without copies (numpy views of a table's columns) and bulk ingest of whole tables.
//
// A view points into the registry's own storage: while any view is alive, calls that would add
// rows (and so could move that storage) are refused. The view keeps the registry alive.
#include "bindings.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <concepts>
#include <iterator>
#include <optional>
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
  else if constexpr (std::is_same_v<T, Currency>) return py::dtype("S3");  // its three letters
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

// The bulk calls' columns come from shanhai._bulk, which has checked every value as the one-row
// calls would and converted it to exactly the type the table holds: nothing is cast here, and a
// value refused here (a column of another type, a code out of range, a bad packed date) is a last
// guard that refuses the batch whole.
[[noreturn]] void refuse_column(const char* table, const char* column, std::string why) {
  throw validation_error(std::string(table) + ", column '" + column + "': " + why,
                         {.table = table, .field = column, .reason = std::string(reason::wrong_type)});
}

// One input column of numbers: its type and length are checked once, then rows are read without checks.
template <class T>
struct Numbers {
  py::array_t<T, py::array::c_style> values;
  const T* data() const { return values.data(); }
  T operator[](std::size_t i) const { return data()[i]; }
};

template <class Table, class T>
Numbers<T> array(const py::dict& cols, const char* name, std::size_t n) {
  py::object given = cols.contains(name) ? py::object(cols[name]) : py::object(py::none());
  if (!py::isinstance<py::array_t<T>>(given) || given.cast<py::array>().ndim() != 1 || std::size_t(py::len(given)) != n)
    refuse_column(table_name<Table>(), name, "expected " + std::to_string(n) + " values of " +
                                                 std::string(py::str(py::dtype::of<T>())));
  return {py::array_t<T, py::array::c_style>::ensure(given)};  // a strided view: copied, the values as they are
}
using Codes = Numbers<std::uint8_t>;

// One input column of text: empty for every row when the column is not given.
class Texts {
 public:
  Texts(const py::dict& cols, const char* table, const char* name, std::size_t n) {
    if (!cols.contains(name) || cols[name].is_none()) return;
    py::sequence seq = cols[name];
    if (std::size_t(py::len(seq)) != n) refuse_column(table, name, "expected " + std::to_string(n) + " values");
    values_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      if (!seq[i].is_none())
        values_[i] = to_text(seq[i], std::string(table) + " row " + std::to_string(i) + " " + name);
  }
  bool given() const noexcept { return !values_.empty(); }
  const std::string& operator[](std::size_t i) const { return values_[i]; }

 private:
  std::vector<std::string> values_;
};

// One input column of lists of codes (a household's causes) or of ids (an event's partners, V
// uint32): every row's values end to end, and where each row starts (n + 1 offsets); every list
// empty when the column is not given.
template <class Table, class V = std::uint8_t>
struct CodeLists {
  std::optional<Numbers<std::int64_t>> offsets;
  std::optional<Numbers<V>> codes;
  CodeLists(const py::dict& cols, const char* name, std::size_t n) {
    if (!cols.contains(name) || cols[name].is_none()) return;
    offsets = array<Table, std::int64_t>(cols, (std::string(name) + "_offsets").c_str(), n + 1);
    const std::int64_t* o = offsets->data();
    for (std::size_t i = 0; i < n; ++i)
      if (o[i] > o[i + 1]) refuse_column(table_name<Table>(), name, "offsets must not decrease");
    if (o[0] != 0) refuse_column(table_name<Table>(), name, "offsets must start at 0");
    codes = array<Table, V>(cols, name, std::size_t(o[n]));
  }
};

// One input column of a project's outputs: a dict of name → count per row (None: no outputs),
// each name text and each count an int, as shanhai._bulk has checked; converted here, with the GIL.
template <class Table>
std::vector<std::vector<Output>> outputs_of(const py::dict& cols, const char* name, std::size_t n) {
  std::vector<std::vector<Output>> out(n);
  if (!cols.contains(name) || cols[name].is_none()) return out;
  py::sequence seq = cols[name];
  if (std::size_t(py::len(seq)) != n)
    refuse_column(table_name<Table>(), name, "expected " + std::to_string(n) + " values");
  for (std::size_t i = 0; i < n; ++i) {
    py::object row = seq[i];
    if (row.is_none()) continue;
    if (!py::isinstance<py::dict>(row)) refuse_column(table_name<Table>(), name, "expected a dict of name → count");
    for (auto [k, v] : row.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k) || !py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
        refuse_column(table_name<Table>(), name, "expected a dict of name → count");
      out[i].push_back({py::cast<std::string>(k), py::cast<std::int64_t>(v)});
    }
  }
  return out;
}

// A table of new rows filled a column at a time.
template <class Table>
struct Fill {
  Table rows;
  std::size_t n;

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
    static_assert(sizeof(T) == sizeof(U), "numbers of the column's own width");
    column.reserve(n);
    std::transform(values.data(), values.data() + n, std::back_inserter(column), [](U v) { return T(v); });
  }
  /// Enumerations by their codes.
  template <class E>
    requires std::is_enum_v<E>
  void operator()(std::vector<E>& column, const Codes& codes) {
    const std::uint8_t* c = codes.data();
    if (const auto* bad = std::find_if(c, c + n, [](auto v) { return v >= enum_count<E>; }); bad != c + n)
      refuse(std::size_t(bad - c), &column, "code " + std::to_string(*bad) + " is out of range");
    column.reserve(n);
    std::transform(c, c + n, std::back_inserter(column), [](std::uint8_t v) { return static_cast<E>(v); });
  }
  void operator()(TextColumn& column, const Texts& texts) {
    if (!texts.given()) return column.resize(n);
    for (std::size_t i = 0; i < n; ++i) column.push_back(texts[i]);
  }
  /// A column converted before (a project's outputs), taken over.
  template <class T>
  void operator()(std::vector<T>& column, std::vector<T>&& given) {
    column = std::move(given);
  }
  /// Lists of ids as they are.
  template <class Tag>
  void operator()(ListColumn<Id<Tag>>& column, const CodeLists<Table, std::uint32_t>& lists) {
    if (!lists.offsets) return column.resize(n);
    const std::int64_t* o = lists.offsets->data();
    const std::uint32_t* c = lists.codes->data();
    column.reserve(n, std::size_t(o[n]));
    std::vector<Id<Tag>> row;
    for (std::size_t i = 0; i < n; ++i) {
      row.clear();
      std::transform(c + o[i], c + o[i + 1], std::back_inserter(row), [](std::uint32_t v) { return Id<Tag>(v); });
      column.push_back(row);
    }
  }
  /// Lists of enumerations by their codes.
  template <class E>
  void operator()(ListColumn<E>& column, const CodeLists<Table>& lists) {
    if (!lists.offsets) return column.resize(n);
    const std::int64_t* o = lists.offsets->data();
    const std::uint8_t* c = lists.codes->data();
    if (const auto* bad = std::find_if(c, c + o[n], [](auto v) { return v >= enum_count<E>; }); bad != c + o[n])
      refuse(std::size_t(std::upper_bound(o, o + n + 1, bad - c) - o - 1), &column,
             "code " + std::to_string(*bad) + " is out of range");
    column.reserve(n, std::size_t(o[n]));
    std::vector<E> row;
    for (std::size_t i = 0; i < n; ++i) {
      row.clear();
      std::transform(c + o[i], c + o[i + 1], std::back_inserter(row), [](std::uint8_t v) { return static_cast<E>(v); });
      column.push_back(row);
    }
  }

 private:
  [[noreturn]] void refuse(std::size_t row, const void* column, const std::string& what) {
    std::size_t k = 0, found = 0;
    std::apply([&](const auto&... c) { ((found = &c == column ? k : found, ++k), ...); }, Table::columns(rows));
    const std::string name(Table::column_names[found]);
    throw validation_error(std::string(table_name<Table>()) + " row " + std::to_string(row) + ", column '" + name +
                               "': " + what,
                           {.table = table_name<Table>(), .row = std::int64_t(row), .field = name,
                            .reason = std::string(reason::out_of_range)});
  }
};

// Fills a table of new rows through `columns(Fill&, Table&)` and appends them all or nothing.
// `refusal` is None, or the error shanhai._bulk found at the row after the last one given: the
// rows before it go through the registry's rules (an earlier broken rule is the error, as one
// row at a time), then the refusal is raised and nothing is kept. `first_id` (None when not
// given) is the id the batch's first row was checked to get: if the table has grown since, the
// batch is refused. Returns the ids of the new rows as a range.
template <class Tag, class Columns>
py::object ingest(PyRegistry& self, std::size_t n, py::object progress, py::object refusal, py::object first_id,
                  Columns&& columns) {
  using Table = std::remove_cvref_t<decltype(std::declval<const Registry&>().table<Tag>())>;
  const Progress told = to_progress(progress);
  const auto w = writing(self.reg);
  const std::size_t first = w->table<Tag>().size();
  if (!first_id.is_none() && first_id.cast<std::size_t>() != first)
    throw validation_error(std::string(table_name<Table>()) + ", column 'id': the table grew while the batch was "
                               "checked; try again",
                           {.table = table_name<Table>(), .field = "id", .reason = std::string(reason::state)});
  struct Refused {};
  try {
    const bool refused = !refusal.is_none();
    py::gil_scoped_release unlocked;
    Fill<Table> fill{{}, n};
    columns(fill, fill.rows);
    w->batch([&](Registry& r) {
      r.append(std::move(fill.rows), told);
      if (refused) throw Refused{};  // rolls the rows back
    });
  } catch (const Refused&) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(refusal.ptr())), refusal.ptr());
    throw py::error_already_set();
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
// Row i's currency, from its packed code (Currency::packed): each run of one code checked once.
auto currencies(const Numbers<std::uint32_t>& packed) {
  return [&, last = Currency()](std::size_t i) mutable {
    if (packed[i] != last.packed()) last = Currency::from_packed(packed[i]);
    return last;
  };
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

  // Bulk ingest: columns already checked and converted by shanhai._bulk (codes, fen, packed
  // dates, ids), with the refusal it found, if any, and the first id it checked (see ingest).
  using U8 = std::uint8_t;
  using U32 = std::uint32_t;
  using I64 = std::int64_t;
  using py::object;
  auto c = py::class_<PyRegistry>(m.attr("Registry"));
  c.def("_bulk_partners", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                             object first_id) {
    using T = PartnerTable;
    const char* t = table_name<T>();
    const Texts name(cols, t, "name", n), code(cols, t, "code", n), note(cols, t, "note", n);
    const auto kind = array<T, U8>(cols, "kind", n), side = array<T, U8>(cols, "side", n);
    const auto parent = array<T, U32>(cols, "parent", n);
    const auto count = array<T, std::int32_t>(cols, "count", n);
    return ingest<PartnerTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.name, name), fill(r.kind, kind), fill(r.side, side), fill(r.parent, parent), fill(r.code, code);
      fill(r.note, note), fill(r.count, count);
    });
  });
  c.def("_bulk_households", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                               object first_id) {
    using T = HouseholdTable;
    const char* t = table_name<T>();
    const Texts number(cols, t, "number", n), note(cols, t, "note", n), address(cols, t, "address", n);
    const Texts head_name(cols, t, "head_name", n);
    const auto village = array<T, U32>(cols, "village", n);
    const auto members = array<T, std::int32_t>(cols, "members", n);
    const auto status = array<T, U8>(cols, "status", n);
    const auto exit_year = array<T, std::int16_t>(cols, "exit_year", n);
    const CodeLists<T> causes(cols, "causes", n);
    return ingest<HouseholdTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.number, number), fill(r.village, village), fill(r.members, members), fill(r.status, status);
      fill(r.exit_year, exit_year), fill(r.note, note), fill(r.causes, causes), fill(r.address, address);
      fill(r.head_name, head_name);
    });
  });
  c.def("_bulk_flows", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                          object first_id) {
    using T = FlowTable;
    const Texts note(cols, table_name<T>(), "note", n);
    const auto source_kind = array<T, U8>(cols, "source_kind", n), target_kind = array<T, U8>(cols, "target_kind", n);
    const auto source = array<T, U32>(cols, "source", n), target = array<T, U32>(cols, "target", n);
    const auto amount = array<T, I64>(cols, "amount", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const auto kind = array<T, U8>(cols, "kind", n), stage = array<T, U8>(cols, "stage", n);
    const auto purpose = array<T, U8>(cols, "purpose", n);
    const auto parent = array<T, U32>(cols, "parent", n), credited_to = array<T, U32>(cols, "credited_to", n);
    const auto currency = array<T, U32>(cols, "currency", n);
    const auto correction = array<T, U8>(cols, "correction", n);
    return ingest<FlowTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.source, nodes(source_kind, source)), fill(r.target, nodes(target_kind, target));
      fill(r.amount, fen(amount)), fill(r.date, dates(date)), fill(r.kind, kind), fill(r.stage, stage);
      fill(r.purpose, purpose), fill(r.parent, parent), fill(r.note, note), fill(r.credited_to, credited_to);
      fill(r.currency, currencies(currency)), fill(r.correction, correction);
    });
  });
  c.def("_bulk_benefits", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                             object first_id) {
    using T = BenefitTable;
    const Texts note(cols, table_name<T>(), "note", n);
    const auto beneficiary = array<T, U32>(cols, "beneficiary", n);
    const auto via_kind = array<T, U8>(cols, "via_kind", n);
    const auto via = array<T, U32>(cols, "via", n);
    const auto kind = array<T, U8>(cols, "kind", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const auto persons = array<T, I64>(cols, "persons", n), households = array<T, I64>(cols, "households", n);
    const auto amount = array<T, I64>(cols, "amount", n);
    const auto part_of = array<T, U32>(cols, "part_of", n);
    return ingest<BenefitTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.beneficiary, beneficiary), fill(r.via, nodes(via_kind, via)), fill(r.kind, kind);
      fill(r.date, dates(date)), fill(r.persons, persons), fill(r.households, households), fill(r.amount, fen(amount));
      fill(r.note, note), fill(r.part_of, part_of);
    });
  });
  c.def("_bulk_persons", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                            object first_id) {
    using T = PersonTable;
    const char* t = table_name<T>();
    const Texts note(cols, t, "note", n), name(cols, t, "name", n), id_number(cols, t, "id_number", n);
    const Texts phone(cols, t, "phone", n);
    const auto household = array<T, U32>(cols, "household", n);
    const auto relation = array<T, U8>(cols, "relation", n), sex = array<T, U8>(cols, "sex", n);
    const auto birth_year = array<T, std::int16_t>(cols, "birth_year", n);
    const auto health = array<T, U8>(cols, "health", n), education = array<T, U8>(cols, "education", n);
    const auto labour = array<T, U8>(cols, "labour", n);
    return ingest<PersonTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.household, household), fill(r.relation, relation), fill(r.sex, sex), fill(r.birth_year, birth_year);
      fill(r.health, health), fill(r.education, education), fill(r.labour, labour), fill(r.note, note);
      fill(r.name, name), fill(r.id_number, id_number), fill(r.phone, phone);
    });
  });
  c.def("_bulk_employment", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                               object first_id) {
    using T = EmploymentTable;
    const char* t = table_name<T>();
    const Texts worker(cols, t, "worker", n), note(cols, t, "note", n);
    const auto workshop = array<T, U32>(cols, "workshop", n), household = array<T, U32>(cols, "household", n);
    const auto person = array<T, U32>(cols, "person", n);
    const auto month = array<T, std::int32_t>(cols, "month", n);
    const auto workers = array<T, I64>(cols, "workers", n), poor = array<T, I64>(cols, "poor", n);
    const auto wage = array<T, I64>(cols, "wage", n);
    return ingest<EmploymentTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.workshop, workshop), fill(r.household, household), fill(r.person, person), fill(r.worker, worker);
      fill(r.month, dates(month)), fill(r.workers, workers), fill(r.poor, poor), fill(r.wage, fen(wage));
      fill(r.note, note);
    });
  });
  c.def("_bulk_status_changes", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                                   object first_id) {
    using T = StatusChangeTable;
    const Texts note(cols, table_name<T>(), "note", n);
    const auto household = array<T, U32>(cols, "household", n);
    const auto status = array<T, U8>(cols, "status", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    return ingest<StatusChangeTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.household, household), fill(r.status, status), fill(r.date, dates(date)), fill(r.note, note);
    });
  });
  c.def("_bulk_pairings", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                             object first_id) {
    using T = PairingTable;
    const Texts note(cols, table_name<T>(), "note", n);
    const auto a_kind = array<T, U8>(cols, "a_kind", n), b_kind = array<T, U8>(cols, "b_kind", n);
    const auto a = array<T, U32>(cols, "a", n), b = array<T, U32>(cols, "b", n);
    const auto kind = array<T, U8>(cols, "kind", n);
    const auto since = array<T, std::int32_t>(cols, "since", n), until = array<T, std::int32_t>(cols, "until", n);
    return ingest<PairingTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.a, nodes(a_kind, a)), fill(r.b, nodes(b_kind, b)), fill(r.kind, kind), fill(r.since, dates(since));
      fill(r.until, dates(until)), fill(r.note, note);
    });
  });
  c.def("_bulk_projects", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                             object first_id) {
    using T = ProjectTable;
    const char* t = table_name<T>();
    const Texts name(cols, t, "name", n), note(cols, t, "note", n);
    const auto sector = array<T, U8>(cols, "sector", n);
    const auto location = array<T, U32>(cols, "location", n), implementer = array<T, U32>(cols, "implementer", n);
    const auto start = array<T, std::int32_t>(cols, "start", n), end = array<T, std::int32_t>(cols, "end", n);
    auto outputs = outputs_of<T>(cols, "outputs", n);
    return ingest<ProjectTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.name, name), fill(r.sector, sector), fill(r.location, location), fill(r.implementer, implementer);
      fill(r.start, dates(start)), fill(r.end, dates(end)), fill(r.outputs, std::move(outputs)), fill(r.note, note);
    });
  });
  c.def("_bulk_exchanges", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                              object first_id) {
    using T = ExchangeTable;
    const char* t = table_name<T>();
    const Texts purpose(cols, t, "purpose", n), note(cols, t, "note", n);
    const auto sender = array<T, U32>(cols, "sender", n), host = array<T, U32>(cols, "host", n);
    const auto role = array<T, U8>(cols, "role", n);
    const auto person_times = array<T, I64>(cols, "person_times", n), persons = array<T, I64>(cols, "persons", n);
    const auto batches = array<T, std::int32_t>(cols, "batches", n), days = array<T, std::int32_t>(cols, "days", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const auto part_of = array<T, U32>(cols, "part_of", n);
    return ingest<ExchangeTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.sender, sender), fill(r.host, host), fill(r.role, role), fill(r.person_times, person_times);
      fill(r.persons, persons), fill(r.batches, batches), fill(r.days, days), fill(r.purpose, purpose);
      fill(r.date, dates(date)), fill(r.part_of, part_of), fill(r.note, note);
    });
  });
  c.def("_bulk_trainings", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                              object first_id) {
    using T = TrainingTable;
    const Texts note(cols, table_name<T>(), "note", n);
    const auto organiser = array<T, U32>(cols, "organiser", n), location = array<T, U32>(cols, "location", n);
    const auto role = array<T, U8>(cols, "role", n);
    const auto trainees = array<T, I64>(cols, "trainees", n);
    const auto days = array<T, std::int32_t>(cols, "days", n), sessions = array<T, std::int32_t>(cols, "sessions", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const auto part_of = array<T, U32>(cols, "part_of", n);
    return ingest<TrainingTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.organiser, organiser), fill(r.location, location), fill(r.role, role), fill(r.trainees, trainees);
      fill(r.days, days), fill(r.date, dates(date)), fill(r.note, note), fill(r.sessions, sessions);
      fill(r.part_of, part_of);
    });
  });
  c.def("_bulk_labour", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                           object first_id) {
    using T = LabourTable;
    const char* t = table_name<T>();
    const Texts citation(cols, t, "citation", n), note(cols, t, "note", n);
    const auto east = array<T, U32>(cols, "east", n), west = array<T, U32>(cols, "west", n);
    const auto persons = array<T, I64>(cols, "persons", n);
    const auto destination = array<T, U8>(cols, "destination", n), status = array<T, U8>(cols, "status", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const auto part_of = array<T, U32>(cols, "part_of", n);
    return ingest<LabourTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.east, east), fill(r.west, west), fill(r.persons, persons), fill(r.destination, destination);
      fill(r.status, status), fill(r.date, dates(date)), fill(r.part_of, part_of), fill(r.citation, citation);
      fill(r.note, note);
    });
  });
  c.def("_bulk_wishes", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                           object first_id) {
    using T = WishTable;
    const char* t = table_name<T>();
    const Texts text(cols, t, "text", n), note(cols, t, "note", n);
    const auto household = array<T, U32>(cols, "household", n);
    const auto cost = array<T, I64>(cols, "cost", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const auto batch = array<T, std::int32_t>(cols, "batch", n);
    // open and unclaimed unless given: the row path moves a wish on as claim, fulfil and cancel do
    const auto state = array<T, U8>(cols, "state", n);
    const auto claimed_by = array<T, U32>(cols, "claimed_by", n);
    const auto claimed = array<T, std::int32_t>(cols, "claimed", n), closed = array<T, std::int32_t>(cols, "closed", n);
    return ingest<WishTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.household, household), fill(r.text, text), fill(r.cost, fen(cost)), fill(r.date, dates(date));
      fill(r.state, state), fill(r.claimed_by, claimed_by), fill(r.claimed, dates(claimed));
      fill(r.closed, dates(closed)), fill(r.note, note), fill(r.batch, batch);
    });
  });
  c.def("_bulk_events", [](PyRegistry& self, py::dict cols, std::size_t n, object progress, object refusal,
                           object first_id) {
    using T = EventTable;
    const Texts note(cols, table_name<T>(), "note", n);
    const auto kind = array<T, U8>(cols, "kind", n);
    const auto date = array<T, std::int32_t>(cols, "date", n);
    const CodeLists<T, U32> partners(cols, "partners", n);
    const auto participants = array<T, I64>(cols, "participants", n);
    return ingest<EventTag>(self, n, progress, refusal, first_id, [&](auto& fill, T& r) {
      fill(r.kind, kind), fill(r.date, dates(date)), fill(r.partners, partners), fill(r.note, note);
      fill(r.participants, participants);
    });
  });
  // One date as the one-row calls read it (text, a year, a date), packed yyyymmdd: for the bulk
  // calls' columns of dates given as Python values.
  m.def(
      "_packed_date", [](py::handle value) { return to_date(value, "date").packed(); }, py::arg("value"));
}

}  // namespace shanhai::python
