// Merge: registries with disjoint rows put back together, table by table, into one registry that
// is validated like a loaded file.
//
// Two kinds of input, with one rule each for where a row goes:
//  - Registries of their own (`merge(registries)`): the rows of each are appended after those of
//    the registries before it, in input order. Partners are the frame every office's registry
//    repeats (the same provinces, counties and eastern districts), so a partner identical in name,
//    kind, side, parent and administrative code to a partner of an earlier registry is that
//    partner, and its note must agree; partners of one registry are never joined to each other.
//    Targets likewise: a target equal in every field to one of an earlier registry is that
//    target, and another value for the same indicator and year is a conflict. Every other row is
//    a row of its own: a household registered in two registries (the same registry number) means
//    they overlap, and is refused.
//  - The parts of a partitioned registry (`merge(parts)`, partition.hpp): every row goes back to
//    its id in the whole (`Partition::ids`); a placeholder of a project is dropped and what named
//    it names the project itself; partners and targets, which every part holds, must be the same
//    in every part. The parts must hold every id of the whole once, so merging all the parts of
//    `partition(reg, ...)` gives `reg` back, equal to the last byte of its file, save its
//    published figures (expectations), which partitions leave with the whole.
// Each column is renumbered in one pass, and the merged tables go through Registry::replay, so a
// merge holds nothing a file could not. A refused merge throws validation_error naming the table
// and row, and changes none of its inputs.
#pragma once

#include <shanhai/partition.hpp>
#include <shanhai/registry.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace shanhai {

/// A part of a partitioned registry as merge reads it: its registry, and per partition table the
/// id each row has in the whole, followed by the ids of the placeholders that end the table (as in
/// Partition, which `view` reads without a copy).
struct PartView {
  const Registry* registry = nullptr;
  std::array<std::span<const std::uint32_t>, part_table_count> ids{};
  std::array<std::size_t, part_table_count> placeholders{};
};

inline PartView view(const Partition& p) {
  PartView v{&p.registry, {}, p.placeholders};
  for (std::size_t t = 0; t < part_table_count; ++t) v.ids[t] = p.ids[t];
  return v;
}

namespace detail {

// How the rows of one table of one input go into the merged table: row i is named `(*this)(i)`
// there, and the rows below `placed` (those `keep` marks, when it is given) are written there;
// the others are rows another input writes (a partner every part holds, a placeholder).
struct RowMap {
  std::span<const std::uint32_t> to;  // empty: base + i
  std::uint32_t base = 0;
  std::size_t placed = 0;
  std::vector<std::uint8_t> keep;
  std::vector<std::uint32_t> owned;  // what `to` reads, when the merge made it

  std::uint32_t operator()(std::uint32_t i) const noexcept { return to.empty() ? base + i : to[i]; }
  bool writes(std::size_t i) const noexcept { return i < placed && (keep.empty() || keep[i]); }
  void own(std::vector<std::uint32_t>&& ids) {
    owned = std::move(ids);
    to = owned;
  }
};

struct MergeInput {
  const Tables* tables;
  std::array<RowMap, table_count> rows;  // in the order of each_table
};

// The position of a Tag's table in each_table's order.
template <class Tag>
std::size_t table_index() {
  static const std::size_t index = [] {
    static const Tables none{};
    std::size_t k = 0, found = 0;
    each_table(none, [&](const char*, const auto& t) {
      if (static_cast<const void*>(&t) == static_cast<const void*>(&table_of<Tag>(none))) found = k;
      ++k;
    });
    return found;
  }();
  return index;
}

// A reference of input `in` renumbered to the merged registry.
struct Renumber {
  const MergeInput* in;
  std::array<const RowMap*, 4> nodes;  // by NodeKind: partner, project, household, flow

  explicit Renumber(const MergeInput& i)
      : in(&i),
        nodes{&i.rows[table_index<PartnerTag>()], &i.rows[table_index<ProjectTag>()],
              &i.rows[table_index<HouseholdTag>()], &i.rows[table_index<FlowTag>()]} {
    static_assert(std::uint8_t(NodeKind::partner) == 1 && std::uint8_t(NodeKind::flow) == 4);
  }
  Node operator()(Node n) const noexcept {
    return n.valid() ? Node(n.kind, (*nodes[std::size_t(n.kind) - 1])(n.id)) : n;
  }
  template <class Tag>
  Id<Tag> operator()(Id<Tag> id) const {
    return id ? Id<Tag>(in->rows[table_index<Tag>()](id.value)) : id;
  }
};

// Values that name a row: nodes and ids.
template <class T>
inline constexpr bool is_reference = std::is_same_v<T, Node>;
template <class Tag>
inline constexpr bool is_reference<Id<Tag>> = true;

[[noreturn]] inline void refuse(const std::string& message, const char* table, std::int64_t row,
                                std::string_view reason, const char* field = "") {
  throw validation_error("merge: " + message,
                         Where{.table = table, .row = row, .field = field, .reason = std::string(reason)});
}

// One column of the merged table: the written rows of every input, at the rows the maps give,
// with their references renumbered. `from` and `row` say, for each merged row, which input writes
// it and which of its rows.
template <class C>
void merge_column(C& out, std::size_t t, const std::vector<MergeInput>& in, const std::vector<const C*>& columns,
                  const std::vector<std::uint16_t>& from, const std::vector<std::uint32_t>& row) {
  const std::size_t n = from.size();
  if constexpr (is_list_column<C>) {
    using E = typename C::element_type;
    std::size_t values = 0;
    for (std::size_t k = 0; k < in.size(); ++k)
      if (in[k].rows[t].placed > 0) values += columns[k]->values().size();
    if (values == 0) return out.resize(n);  // every row empty: no offsets, as in every input
    out.reserve(n, values);
    std::vector<Renumber> renumber;
    for (const MergeInput& i : in) renumber.emplace_back(i);
    std::vector<E> list;
    for (std::size_t w = 0; w < n; ++w) {
      const auto v = (*columns[from[w]])[row[w]];
      if constexpr (is_reference<E>) {
        list.clear();
        for (E e : v) list.push_back(renumber[from[w]](e));
        out.push_back(list);
      } else {
        out.push_back(v);
      }
    }
  } else {
    using V = typename C::value_type;
    out.resize(n);
    for (std::size_t k = 0; k < in.size(); ++k) {
      const RowMap& rows = in[k].rows[t];
      const C& c = *columns[k];
      const Renumber renumber(in[k]);
      for (std::uint32_t i = 0; i < rows.placed; ++i)
        if (rows.writes(i)) {
          if constexpr (is_reference<V>) out[rows(i)] = renumber(c[i]);
          else out[rows(i)] = c[i];
        }
    }
  }
}

// The merged tables: every table's rows placed by the inputs' maps, each merged row written by
// exactly one input (`input` names them in messages: "registry", "part").
inline Tables merge_tables(const std::vector<MergeInput>& in, const char* input) {
  Tables out;
  std::size_t t = 0;
  each_table(out, [&](const char* name, auto& table) {
    using T = std::remove_cvref_t<decltype(table)>;
    std::size_t n = 0;
    for (const MergeInput& i : in)
      for (std::size_t r = 0; r < i.rows[t].placed; ++r) n += i.rows[t].writes(r);
    constexpr std::uint16_t nobody = 0xFFFF;
    std::vector<std::uint16_t> from(n, nobody);
    std::vector<std::uint32_t> row(n);
    for (std::size_t k = 0; k < in.size(); ++k) {
      const RowMap& rows = in[k].rows[t];
      for (std::uint32_t r = 0; r < rows.placed; ++r) {
        if (!rows.writes(r)) continue;
        const std::uint32_t w = rows(r);
        if (w >= n)
          refuse(std::string(name) + " row " + std::to_string(w) + " of " + input + " " + std::to_string(k) +
                     ": the inputs hold only " + std::to_string(n) + " rows of " + name +
                     " together (an input is missing, or they come from different registries)",
                 name, w, reason::not_found);
        if (from[w] != nobody)
          refuse(std::string(name) + " row " + std::to_string(w) + " is held by " + input + " " +
                     std::to_string(from[w]) + " and by " + input + " " + std::to_string(k) + " (the inputs overlap)",
                 name, w, reason::duplicate);
        from[w] = std::uint16_t(k);
        row[w] = r;
      }
    }
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (
          [&] {
            auto& column = std::get<K>(T::columns(table));
            std::vector<const std::remove_cvref_t<decltype(column)>*> columns;
            for (const MergeInput& i : in) columns.push_back(&std::get<K>(T::columns(same_table(*i.tables, table))));
            merge_column(column, t, in, columns, from, row);
          }(),
          ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(T::columns(table))>>());
    ++t;
  });
  return out;
}

// Row i of `a` and row j of `b` hold the same values in every column.
template <class T>
bool same_row(const T& a, std::size_t i, const T& b, std::size_t j) {
  return std::apply(
      [&](const auto&... x) {
        return std::apply([&](const auto&... y) { return ((x[i] == y[j]) && ...); }, T::columns(b));
      },
      T::columns(a));
}

// A registry's partners and targets as rows of the merge: those of a later registry that an
// earlier one holds already (partners identical in name, kind, side, parent and code; targets in
// every field) are those rows, and the rest are appended in input order.
inline void join_shared_rows(std::vector<MergeInput>& in) {
  const std::size_t partners = table_index<PartnerTag>(), targets = table_index<TargetTag>();
  struct Seen {
    std::uint32_t id;
    bool twice;  // one registry holds two such partners: which one is meant is not known
  };
  std::unordered_map<std::string, Seen> seen;
  std::vector<std::pair<std::size_t, std::uint32_t>> partner_at;  // merged partner: (input, row)
  // a target by indicator, year and pair (the pair's partners as merged)
  using TargetAt = std::tuple<std::string, std::int32_t, std::uint32_t, std::uint32_t>;
  std::map<TargetAt, std::vector<std::pair<std::size_t, std::uint32_t>>> target_at;
  auto target_of = [&](std::size_t k, std::uint32_t i) {
    const TargetTable& g = in[k].tables->targets;
    const RowMap& to = in[k].rows[partners];
    auto merged = [&](PartnerId p) { return p ? to(p.value) : PartnerId::npos; };
    return TargetAt{std::string(g.key[i]), g.year[i], merged(g.east[i]), merged(g.west[i])};
  };
  // two targets of one indicator, year and pair that agree in value, baseline and note
  auto same_target = [&](std::size_t k, std::uint32_t i, std::size_t j, std::uint32_t r) {
    const TargetTable &a = in[k].tables->targets, &b = in[j].tables->targets;
    return a.value[i] == b.value[r] && a.baseline[i] == b.baseline[r] && a.baseline_year[i] == b.baseline_year[r] &&
           a.note[i] == b.note[r];
  };
  std::uint32_t next_partner = 0, next_target = 0;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const PartnerTable& p = in[k].tables->partners;
    std::vector<std::uint32_t> to(p.size());
    std::vector<std::uint8_t> keep(p.size(), 0);
    std::vector<std::pair<std::string, std::uint32_t>> added;
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      const std::uint32_t parent = p.parent[i] ? to[p.parent[i].value] : PartnerId::npos;
      std::string key(p.name[i]);
      key += '\0';  // text holds no control characters: the fields cannot run into each other
      key += p.code[i];
      key += '\0';
      key += char(p.kind[i]);
      key += char(p.side[i]);
      key.append(reinterpret_cast<const char*>(&parent), sizeof parent);
      if (const auto it = seen.find(key); it != seen.end()) {
        const auto [j, row] = partner_at[it->second.id];
        if (it->second.twice)
          refuse("partners row " + std::to_string(i) + " of registry " + std::to_string(k) +
                     " matches two partners of registry " + std::to_string(j) +
                     " (the same name, kind, side, parent and code): which one it is, is not known",
                 "partners", i, reason::duplicate);
        if (p.note[i] != in[j].tables->partners.note[row])
          refuse("partners row " + std::to_string(i) + " of registry " + std::to_string(k) + " is partners row " +
                     std::to_string(row) + " of registry " + std::to_string(j) + " with another note",
                 "partners", i, reason::duplicate, "note");
        to[i] = it->second.id;
      } else {
        to[i] = next_partner++;
        keep[i] = 1;
        partner_at.emplace_back(k, i);
        added.emplace_back(std::move(key), to[i]);
      }
    }
    for (auto& [key, id] : added)
      if (auto [it, fresh] = seen.try_emplace(std::move(key), Seen{id, false}); !fresh) it->second.twice = true;
    in[k].rows[partners].own(std::move(to));
    in[k].rows[partners].keep = std::move(keep);

    const TargetTable& g = in[k].tables->targets;
    std::vector<std::uint32_t> target_to(g.size());
    std::vector<std::uint8_t> target_keep(g.size(), 0);
    std::vector<std::uint32_t> kept;
    for (std::uint32_t i = 0; i < g.size(); ++i) {
      const auto it = target_at.find(target_of(k, i));
      if (it == target_at.end()) {
        target_to[i] = next_target++;
        target_keep[i] = 1;
        kept.push_back(i);
        continue;
      }
      std::size_t same = 0;
      while (same < it->second.size() &&
             !same_target(k, i, it->second[same].first, it->second[same].second))
        ++same;
      if (same == it->second.size())
        refuse("targets row " + std::to_string(i) + " of registry " + std::to_string(k) + " sets indicator " +
                   std::string(g.key[i]) + " in " + std::to_string(g.year[i]) + " otherwise than registry " +
                   std::to_string(it->second.front().first),
               "targets", i, reason::duplicate);
      target_to[i] = std::uint32_t(next_target);  // not written: targets are named by nothing
    }
    for (std::uint32_t i : kept) target_at[target_of(k, i)].emplace_back(k, i);
    in[k].rows[targets].own(std::move(target_to));
    in[k].rows[targets].keep = std::move(target_keep);
  }
}

// Rethrows an error of the validating insertion of merged rows as the merge's, saying so.
template <class Diagnose>
Registry replay_merged(Tables&& tables, const Progress& progress, Currency currency, const SharingTable& sharing,
                       Diagnose&& diagnose) {
  try {
    return Registry::replay(std::move(tables), progress, currency, sharing);
  } catch (const validation_error& e) {
    diagnose();  // throws a better account of the refusal, when it has one
    throw validation_error("merge: " + std::string(e.what()), e.where());
  }
}

// The one currency of the inputs (CNY for none): two currencies are never added.
template <class RegistryOf>
Currency common_currency(std::size_t count, RegistryOf&& registry_of, const char* what) {
  const Currency first = count ? registry_of(0)->currency() : Currency();
  for (std::size_t k = 1; k < count; ++k)
    if (const Currency c = registry_of(k)->currency(); c != first)
      refuse(std::string(what) + " " + std::to_string(k) + " counts in " + std::string(c.code()) + ", " + what +
                 " 0 in " + std::string(first.code()) + " (two currencies are never added)",
             "", -1, reason::mismatch, "registries");
  return first;
}

// The one sharing record of the inputs: all shared alike (cells of k persons each stay at least k
// when put together), or none shared; pseudonyms and ID numbers are never mixed.
template <class RegistryOf>
SharingTable common_sharing(std::size_t count, RegistryOf&& registry_of, const char* what) {
  const SharingTable first = count ? registry_of(0)->privacy().sharing : SharingTable();
  for (std::size_t k = 1; k < count; ++k) {
    const SharingTable& s = registry_of(k)->privacy().sharing;
    if (s.k != first.k || s.generalisation != first.generalisation)
      refuse(std::string(what) + " " + std::to_string(k) + " is shared otherwise than " + what +
                 " 0 (shared copies merge only with copies shared alike)",
             "", -1, reason::mismatch, "registries");
  }
  return first;
}

// The erasures of every input, in input order, and their restricted persons at their merged ids.
template <class RegistryOf>
Privacy merged_privacy(const std::vector<MergeInput>& in, RegistryOf&& registry_of) {
  Privacy out;
  if (!in.empty()) out.sharing = registry_of(0)->privacy().sharing;  // common_sharing checked it
  const std::size_t persons = table_index<PersonTag>();
  for (std::size_t k = 0; k < in.size(); ++k) {
    const Privacy& p = registry_of(k)->privacy();
    out.erasures.append_rows(p.erasures, 0);
    for (PersonId id : p.restricted.person) out.restricted.person.push_back(PersonId(in[k].rows[persons](id.value)));
  }
  return out;
}

inline void require_inputs(std::size_t count) {
  if (count >= 0xFFFF)
    throw validation_error("merge: " + std::to_string(count) + " inputs; at most 65534 at once",
                           Where{.field = "registries", .reason = std::string(reason::out_of_range)});
}

}  // namespace detail

/// Registries of their own, put together: the rows of each after those before it (partners and
/// targets that an earlier registry holds are its rows). See the top of this file.
inline Registry merge(std::span<const Registry* const> registries, const Progress& progress = {}) {
  detail::require_inputs(registries.size());
  std::vector<detail::MergeInput> in(registries.size());
  std::array<std::uint64_t, table_count> next{};
  for (std::size_t k = 0; k < registries.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j)
      if (registries[j] == registries[k])
        detail::refuse("registry " + std::to_string(j) + " and registry " + std::to_string(k) +
                           " are the same registry (its rows would be there twice)",
                       "", -1, reason::duplicate, "registries");
    in[k].tables = &registries[k]->tables();
    std::size_t t = 0;
    each_table(*in[k].tables, [&](const char* name, const auto& table) {
      detail::RowMap& rows = in[k].rows[t];
      rows.base = std::uint32_t(next[t]);
      rows.placed = table.size();
      if ((next[t] += table.size()) >= PartnerId::npos)
        detail::refuse(std::string("the ") + name + " of the registries hold too many rows together for 32-bit ids",
                       name, -1, reason::overflow);
      ++t;
    });
  }
  detail::join_shared_rows(in);
  const Currency currency = detail::common_currency(registries.size(), [&](std::size_t k) { return registries[k]; }, "registry");
  const SharingTable sharing =
      detail::common_sharing(registries.size(), [&](std::size_t k) { return registries[k]; }, "registry");
  Registry merged = detail::replay_merged(detail::merge_tables(in, "registry"), progress, currency, sharing, [&] {
    // the one rule between rows of different registries: a registry number is registered once
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> numbers;
    for (std::size_t k = 0; k < registries.size(); ++k) {
      const TextColumn& number = in[k].tables->households.number;
      for (std::size_t i = 0; i < number.size(); ++i)
        if (!number[i].empty())
          if (const auto [it, fresh] = numbers.try_emplace(number[i], k, i); !fresh && it->second.first != k)
            detail::refuse("households row " + std::to_string(i) + " of registry " + std::to_string(k) +
                               " has the registry number of households row " + std::to_string(it->second.second) +
                               " of registry " + std::to_string(it->second.first) +
                               " (one household registered in both: the inputs overlap)",
                           "households", std::int64_t(i), reason::duplicate, "number");
    }
  });
  merged.set_privacy(detail::merged_privacy(in, [&](std::size_t k) { return registries[k]; }));
  return merged;
}

inline Registry merge(std::span<const Registry> registries, const Progress& progress = {}) {
  std::vector<const Registry*> all;
  for (const Registry& r : registries) all.push_back(&r);
  return merge(std::span<const Registry* const>(all), progress);
}

/// The parts of a partitioned registry, put back together: every row at its id in the whole.
/// Every id of the whole must be in exactly one part. See the top of this file.
inline Registry merge(std::span<const PartView> parts, const Progress& progress = {}) {
  static_assert(part_table_count + 4 == table_count,
                "partners, targets, expectations and figures besides the parts' tables");
  detail::require_inputs(parts.size());
  std::vector<detail::MergeInput> in(parts.size());
  std::array<std::size_t, part_table_count> index{};  // a partition table's place in each_table
  {
    static const Tables none{};
    std::size_t t = 0;
    each_table(none, [&](const char* name, const auto&) {
      for (std::size_t p = 0; p < part_table_count; ++p)
        if (to_string(PartTable(p)) == name) index[p] = t;
      ++t;
    });
  }
  const std::size_t partners = detail::table_index<PartnerTag>(), targets = detail::table_index<TargetTag>(),
                    expectations = detail::table_index<ExpectationTag>(), figures = detail::table_index<FigureTag>();
  std::uint32_t next_expectation = 0, next_figure = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const Tables& tables = parts[k].registry->tables();
    in[k].tables = &tables;
    // every part holds the partners and targets of the whole; the first part writes them
    auto same_in_every_part = [&](const auto& mine, const auto& first, const char* name) {
      const std::size_t n = std::min(mine.size(), first.size());
      std::size_t i = 0;
      while (i < n && detail::same_row(mine, i, first, i)) ++i;
      if (i < n || mine.size() != first.size())
        detail::refuse(std::string(name) + " row " + std::to_string(i) + ": part " + std::to_string(k) +
                           " holds other " + name + " than part 0 (parts of different registries?)",
                       name, std::int64_t(i), reason::other_registry);
    };
    if (k > 0) {
      same_in_every_part(tables.partners, parts[0].registry->partners(), "partners");
      same_in_every_part(tables.targets, parts[0].registry->targets(), "targets");
    }
    in[k].rows[partners].placed = k == 0 ? tables.partners.size() : 0;
    in[k].rows[targets].placed = k == 0 ? tables.targets.size() : 0;
    in[k].rows[expectations].base = next_expectation;  // none in parts partition() made: appended
    in[k].rows[expectations].placed = tables.expectations.size();
    next_expectation += std::uint32_t(tables.expectations.size());
    in[k].rows[figures].base = next_figure;  // partition() refuses registries with figures: appended
    in[k].rows[figures].placed = tables.figures.size();
    next_figure += std::uint32_t(tables.figures.size());
    const auto rows = parts[k].registry->mark().rows;
    for (std::size_t p = 0; p < part_table_count; ++p) {
      detail::RowMap& map = in[k].rows[index[p]];
      const char* name = enum_names<PartTable>::names[p].data();
      if (parts[k].ids[p].size() != rows[index[p]] || parts[k].placeholders[p] > rows[index[p]])
        detail::refuse("part " + std::to_string(k) + " holds " + std::to_string(rows[index[p]]) + " rows of " + name +
                           " but gives ids for " + std::to_string(parts[k].ids[p].size()) + " (" +
                           std::to_string(parts[k].placeholders[p]) + " placeholders)",
                       name, -1, reason::not_found);
      map.to = parts[k].ids[p];
      map.placed = rows[index[p]] - parts[k].placeholders[p];
    }
  }
  Tables merged = detail::merge_tables(in, "part");
  // a placeholder names the project it stands for
  const std::size_t projects = detail::table_index<ProjectTag>();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const detail::RowMap& map = in[k].rows[projects];
    const ProjectTable& mine = in[k].tables->projects;
    for (std::uint32_t j = std::uint32_t(map.placed); j < mine.size(); ++j)
      if (map(j) >= merged.projects.size() || merged.projects.name[map(j)] != mine.name[j])
        detail::refuse("projects row " + std::to_string(j) + " of part " + std::to_string(k) +
                           ", a placeholder, names project " + std::to_string(map(j)) + " of the whole, which the " +
                           "parts do not hold under its name",
                       "projects", j, reason::not_found);
  }
  const Currency currency = detail::common_currency(parts.size(), [&](std::size_t k) { return parts[k].registry; }, "part");
  const SharingTable sharing = detail::common_sharing(parts.size(), [&](std::size_t k) { return parts[k].registry; }, "part");
  Registry whole = detail::replay_merged(std::move(merged), progress, currency, sharing, [] {});
  whole.set_privacy(detail::merged_privacy(in, [&](std::size_t k) { return parts[k].registry; }));
  return whole;
}

inline Registry merge(std::span<const Partition> parts, const Progress& progress = {}) {
  std::vector<PartView> views;
  for (const Partition& p : parts) views.push_back(view(p));
  return merge(std::span<const PartView>(views), progress);
}

}  // namespace shanhai
