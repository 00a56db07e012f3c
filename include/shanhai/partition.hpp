// Partitions by region: a registry cut into parts whose totals, reports and traces add up,
// exactly, to those of the whole.
//
// A region is a western partner of one kind (a county, say) with everything below it. Every part
// holds every partner, under the same ids, so partner ids agree everywhere; every other row lives
// in exactly one part, and rows that must be counted together stay together:
//   - a flow's whole chain (parents and children: deduplication and tracing follow chains);
//   - a flow and the household or project it names, a household and its village's region, a
//     project and its location's region (reach and project activity are counted per row);
//   - a household's persons and status history; a workshop's employment records and the
//     households they name (workers are counted once per workshop, by the household's status);
//   - a benefit and its household (or, for an aggregate record, what it came through) and the
//     flow or household it came through; a wish and its household;
//   - every pairing that names the same village (villages paired are counted once);
//   - an exchange and the larger exchange it is part of;
//   - every flow into and every unlinked flow out of a partner that pools money (a trace shares
//     such a partner's onward flows among all it holds);
//   - every investment of one partner (the firms that invested are counted once).
// A household reached by another region's project does not tie the regions, unless the project
// keeps employment records (which decide how its benefits count): the project's part counts the
// project, and the household's part holds, for the benefit to name, a placeholder of it (no
// sector, place, dates, outputs or records: nothing counts it; ids lists it after the part's own
// rows). Targets for report indicators are in every part.
// Rows tied to two regions tie those regions into one group; groups are spread over the parts by
// their size, largest first. Rows tied to no region follow the region their money or partners
// point to, or else go with the rows of no region. Expectations stay with the whole registry.
// Figures (add_figure) are not split yet: a registry holding any is refused, not miscounted.
#pragma once

#include <shanhai/registry.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace shanhai {

struct PartitionSpec {
  std::size_t parts = 1;
  PartnerKind region = PartnerKind::county;  // regions: western partners of this kind
};

/// The tables whose rows are split among the parts, in the order of Tables (partners and targets
/// are in every part, expectations in none).
enum class PartTable : std::uint8_t {
  pairings, flows, projects, households, benefits, exchanges, trainings, wishes, events, persons, status_changes,
  employment, labour
};
inline constexpr std::size_t part_table_count = 13;
template <>
struct enum_names<PartTable> {
  static constexpr std::string_view type = "partition table";
  static constexpr std::array<std::string_view, part_table_count> names{
      "pairings", "flows",   "projects", "households", "benefits",       "exchanges",
      "trainings", "wishes", "events",   "persons",    "status_changes", "employment", "labour"};
};

/// Which part each row goes to, and the region partners of each part.
struct PartitionPlan {
  std::size_t parts = 0;
  std::array<std::vector<std::uint32_t>, part_table_count> part_of;  // per table, per row
  std::vector<std::vector<PartnerId>> regions;                      // per part
};

/// One part: a registry of every partner and its own rows, and for each table the id each of its
/// rows has in the whole registry (increasing: the rows keep their order), followed by the ids of
/// the placeholders it holds (`placeholders` of them: projects only).
struct Partition {
  Registry registry;
  std::vector<PartnerId> regions;
  std::array<std::vector<std::uint32_t>, part_table_count> ids;
  std::array<std::size_t, part_table_count> placeholders{};
};

namespace detail {

// Union-find with path halving; a union keeps the smaller root, so partners (the first items)
// stay roots of what they are tied to.
struct UnionFind {
  std::vector<std::uint32_t> up;
  explicit UnionFind(std::size_t n) : up(n) { std::iota(up.begin(), up.end(), std::uint32_t(0)); }
  std::uint32_t find(std::uint32_t x) noexcept {
    while (up[x] != x) x = up[x] = up[up[x]];
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) noexcept {
    a = find(a), b = find(b);
    if (a < b) up[b] = a;
    else if (b < a) up[a] = b;
  }
};

inline constexpr std::uint32_t no_item = std::numeric_limits<std::uint32_t>::max();

}  // namespace detail

inline PartitionPlan plan_partitions(const Registry& reg, const PartitionSpec& spec) {
  constexpr std::size_t max_parts = 4096;
  if (spec.parts == 0 || spec.parts > max_parts)
    throw validation_error("partition parts: must be 1.." + std::to_string(max_parts) + ", got " +
                               std::to_string(spec.parts),
                           where("partition parts", reason::out_of_range, std::to_string(spec.parts)));
  const auto& pt = reg.partners();
  const auto& fl = reg.flows();
  const std::size_t np = pt.size(), nh = reg.households().size(), nj = reg.projects().size(), nf = fl.size(),
                    ne = reg.exchanges().size();
  {  // a table this file does not know would be lost from every part: refuse rather than miscount
    const auto rows = reg.mark().rows;
    const std::size_t known = np + reg.pairings().size() + nf + nj + nh + reg.benefits().size() + ne +
                              reg.trainings().size() + reg.wishes().size() + reg.events().size() +
                              reg.expectations().size() + reg.persons().size() + reg.status_changes().size() +
                              reg.employment().size() + reg.targets().size() + reg.labour().size();
    if (std::accumulate(rows.begin(), rows.end(), std::size_t(0)) != known)
      throw validation_error("partition: the registry holds rows of a table that partitions do not split yet",
                             {.reason = std::string(reason::state)});
    const auto& credited = reg.flows().credited_to;
    if (std::any_of(credited.begin(), credited.end(), [](PairingId p) { return p.valid(); }))
      throw validation_error("partition: flows credited to a pairing (credited_to) are not split yet",
                             {.table = "flows", .field = "credited_to", .reason = std::string(reason::state)});
  }
  const std::size_t items = np + nh + nj + nf + ne;
  if (items >= detail::no_item)
    throw validation_error("partition: the registry is too large to partition", {.reason = std::string(reason::overflow)});
  using detail::no_item;
  const auto H = [&](std::uint32_t i) { return std::uint32_t(np + i); };
  const auto J = [&](std::uint32_t i) { return std::uint32_t(np + nh + i); };
  const auto F = [&](std::uint32_t i) { return std::uint32_t(np + nh + nj + i); };
  const auto E = [&](std::uint32_t i) { return std::uint32_t(np + nh + nj + nf + i); };

  // each partner's region: itself or its nearest ancestor that is a western partner of the kind
  // (parents have smaller ids, so one pass in id order sees a parent first)
  std::vector<std::uint32_t> region(np, no_item);
  for (std::uint32_t p = 0; p < np; ++p) {
    if (pt.kind[p] == spec.region && pt.side[p] == Side::west) region[p] = p;
    else if (pt.parent[p]) region[p] = region[pt.parent[p].value];
  }
  auto region_of = [&](Node n) -> std::uint32_t {
    const PartnerId p = n.valid() ? reg.place_of(n) : PartnerId();
    return p ? region[p.value] : no_item;
  };
  // the item a node ties a row to: households and projects are rows; partners are shared
  auto item_of = [&](Node n) -> std::uint32_t {
    switch (n.kind) {
      case NodeKind::household: return H(n.id);
      case NodeKind::project: return J(n.id);
      case NodeKind::flow: return F(n.id);
      default: return no_item;
    }
  };

  detail::UnionFind uf(items);
  auto tie = [&](std::uint32_t a, std::uint32_t b) {
    if (a != no_item && b != no_item) uf.unite(a, b);
  };
  for (std::uint32_t h = 0; h < nh; ++h) tie(H(h), region[reg.households().village[h].value]);
  for (std::uint32_t j = 0; j < nj; ++j)
    if (const PartnerId at = reg.projects().location[j]) tie(J(j), region[at.value]);
  // partners that pool: they receive money and pass money on without a parent link, so a trace
  // shares each such flow among all they hold (a partner that only gives ties nothing together)
  std::vector<std::uint8_t> pools(np, 0);
  auto unlinked_from_partner = [&](std::uint32_t f) { return !fl.parent[f] && fl.source[f].kind == NodeKind::partner; };
  for (std::uint32_t f = 0; f < nf; ++f) {
    if (unlinked_from_partner(f)) pools[fl.source[f].id] |= 1;
    if (fl.target[f].kind == NodeKind::partner) pools[fl.target[f].id] |= 2;
  }
  for (std::uint32_t f = 0; f < nf; ++f) {
    if (fl.parent[f]) tie(F(f), F(fl.parent[f].value));
    tie(F(f), item_of(fl.source[f]));
    tie(F(f), item_of(fl.target[f]));
    if (fl.target[f].kind == NodeKind::partner && pools[fl.target[f].id] == 3) tie(F(f), fl.target[f].id);
    if (unlinked_from_partner(f) && pools[fl.source[f].id] == 3) tie(F(f), fl.source[f].id);
    // a firm's investments stay together: industry.enterprises counts each firm once
    if (fl.kind[f] == FlowKind::investment && !fl.parent[f] && fl.source[f].kind == NodeKind::partner)
      tie(F(f), fl.source[f].id);
  }
  for (std::uint32_t e = 0; e < ne; ++e)
    if (const ExchangeId p = reg.exchanges().part_of[e]) tie(E(e), E(p.value));
  // a workshop's employment records and the households they name
  const auto& em = reg.employment();
  std::vector<std::uint8_t> employs(nj, 0);
  for (std::size_t e = 0; e < em.size(); ++e) {
    employs[em.workshop[e].value] = 1;
    if (em.household[e]) tie(J(em.workshop[e].value), H(em.household[e].value));
  }
  const auto& bt = reg.benefits();
  for (std::size_t b = 0; b < bt.size(); ++b) {
    const Node via = bt.via[b];
    // another region's project reached a household: a placeholder of the project will do, unless
    // the project's employment records decide how the benefit counts
    if (bt.beneficiary[b] && (via.kind != NodeKind::project || employs[via.id]))
      tie(H(bt.beneficiary[b].value), item_of(via));
  }
  // a village's pairings stay together: under its region, or under the village itself
  const auto& pr = reg.pairings();
  auto pairing_item = [&](Node n) -> std::uint32_t {
    if (n.kind == NodeKind::household) return H(n.id);
    if (n.kind == NodeKind::partner && pt.kind[n.id] == PartnerKind::village)
      return region[n.id] != no_item ? region[n.id] : n.id;
    return no_item;
  };
  for (std::size_t i = 0; i < pr.size(); ++i) tie(pairing_item(pr.a[i]), pairing_item(pr.b[i]));

  // groups: the regions tied together, named by their first region; a part of the plan is a
  // list of groups. A tie that reaches no region takes the region its rows point to (hint).
  std::vector<std::uint32_t> group_at(items, no_item);  // by root
  for (std::uint32_t p = 0; p < np; ++p)
    if (region[p] == p) {
      const auto root = uf.find(p);
      if (group_at[root] == no_item) group_at[root] = p;
    }
  auto group_of_region = [&](std::uint32_t r) { return r == no_item ? no_item : group_at[uf.find(r)]; };
  auto hint = [&](std::uint32_t item, std::uint32_t r) {
    const auto root = uf.find(item);
    if (group_at[root] == no_item) group_at[root] = group_of_region(r);
  };
  // hints, in id order, so a tie follows its first row: a chain its root's target, a household
  // or project its place, an exchange its host
  for (std::uint32_t f = 0; f < nf; ++f) {
    const std::uint32_t r = region_of(fl.target[f]);
    hint(F(f), r != no_item ? r : region_of(fl.source[f]));
  }
  for (std::uint32_t j = 0; j < nj; ++j) hint(J(j), region_of(reg.projects().implementer[j]));
  for (std::uint32_t e = 0; e < ne; ++e) {
    const std::uint32_t r = region[reg.exchanges().host[e].value];
    hint(E(e), r != no_item ? r : region[reg.exchanges().sender[e].value]);
  }
  auto group_of_item = [&](std::uint32_t item) { return item == no_item ? no_item : group_at[uf.find(item)]; };
  auto first_region = [&](std::initializer_list<Node> nodes) {
    for (Node n : nodes)
      if (n.valid() && n.kind != NodeKind::flow)
        if (const auto r = region_of(n); r != no_item) return r;
    return no_item;
  };

  // every row's group (no_item: no region at all)
  PartitionPlan plan;
  plan.parts = spec.parts;
  auto& g_pairings = plan.part_of[0];
  auto& g_flows = plan.part_of[1];
  auto& g_projects = plan.part_of[2];
  auto& g_households = plan.part_of[3];
  auto& g_benefits = plan.part_of[4];
  auto& g_exchanges = plan.part_of[5];
  auto& g_trainings = plan.part_of[6];
  auto& g_wishes = plan.part_of[7];
  auto& g_events = plan.part_of[8];
  for (HouseholdId h : reg.persons().household) plan.part_of[9].push_back(group_of_item(H(h.value)));
  for (HouseholdId h : reg.status_changes().household) plan.part_of[10].push_back(group_of_item(H(h.value)));
  for (ProjectId j : em.workshop) plan.part_of[11].push_back(group_of_item(J(j.value)));
  for (std::size_t i = 0; i < pr.size(); ++i) {
    std::uint32_t item = pairing_item(pr.a[i]);
    if (item == no_item) item = pairing_item(pr.b[i]);
    g_pairings.push_back(item != no_item ? group_of_item(item) : group_of_region(first_region({pr.b[i], pr.a[i]})));
  }
  for (std::uint32_t f = 0; f < nf; ++f) g_flows.push_back(group_of_item(F(f)));
  for (std::uint32_t j = 0; j < nj; ++j) g_projects.push_back(group_of_item(J(j)));
  for (std::uint32_t h = 0; h < nh; ++h) g_households.push_back(group_of_item(H(h)));
  for (std::size_t b = 0; b < bt.size(); ++b) {
    if (const BenefitId whole = bt.part_of[b]) {  // a breakdown goes where its whole goes
      g_benefits.push_back(g_benefits[whole.value]);
      continue;
    }
    std::uint32_t item = bt.beneficiary[b] ? H(bt.beneficiary[b].value) : item_of(bt.via[b]);
    g_benefits.push_back(item != no_item ? group_of_item(item) : group_of_region(first_region({bt.via[b]})));
  }
  for (std::uint32_t e = 0; e < ne; ++e) g_exchanges.push_back(group_of_item(E(e)));
  const auto& tr = reg.trainings();
  for (std::size_t i = 0; i < tr.size(); ++i)
    g_trainings.push_back(tr.part_of[i] ? g_trainings[tr.part_of[i].value]
                                        : group_of_region(first_region({tr.location[i], tr.organiser[i]})));
  const auto& lb = reg.labour();
  auto& g_labour = plan.part_of[12];
  for (std::size_t i = 0; i < lb.size(); ++i)  // a breakdown goes where its whole goes
    g_labour.push_back(lb.part_of[i] ? g_labour[lb.part_of[i].value]
                                     : group_of_region(first_region({lb.west[i], lb.east[i]})));
  for (HouseholdId h : reg.wishes().household) g_wishes.push_back(group_of_item(H(h.value)));
  const auto& ev = reg.events();
  for (std::size_t i = 0; i < ev.size(); ++i) {
    std::uint32_t r = no_item;
    for (PartnerId p : ev.partners[i])
      if ((r = region[p.value]) != no_item) break;
    g_events.push_back(group_of_region(r));
  }

  // spread the groups over the parts, largest first, each to the part with the fewest rows
  // (ties: the smaller group id, the smaller part); the rows of no region are one more group
  const std::uint32_t rest = std::uint32_t(np);  // no partner has this id
  std::vector<std::uint64_t> weight(np + 1, 0);
  for (auto& rows : plan.part_of)
    for (auto& g : rows) {
      if (g == no_item) g = rest;
      ++weight[g];
    }
  std::vector<std::uint32_t> groups;
  for (std::uint32_t g = 0; g <= np; ++g)
    if (weight[g] > 0 || (g < np && region[g] == g && group_of_region(g) == g)) groups.push_back(g);
  std::stable_sort(groups.begin(), groups.end(), [&](auto a, auto b) { return weight[a] > weight[b]; });
  std::vector<std::uint64_t> load(spec.parts, 0);
  std::vector<std::uint32_t> part_of_group(np + 1, 0);
  for (auto g : groups) {
    const auto least = std::size_t(std::min_element(load.begin(), load.end()) - load.begin());
    part_of_group[g] = std::uint32_t(least);
    load[least] += weight[g];
  }
  for (auto& rows : plan.part_of)
    for (auto& g : rows) g = part_of_group[g];
  plan.regions.resize(spec.parts);
  for (std::uint32_t p = 0; p < np; ++p)
    if (region[p] == p) plan.regions[part_of_group[group_of_region(p)]].push_back(PartnerId(p));
  return plan;
}

namespace detail {

// The rows of one part, with every reference renumbered to the part's own ids.
inline Partition build_partition(const Registry& reg, const PartitionPlan& plan, std::size_t part,
                                 const std::array<std::vector<std::uint32_t>, part_table_count>& local) {
  Partition out;
  out.regions = plan.regions[part];
  for (std::size_t t = 0; t < part_table_count; ++t)
    for (std::uint32_t i = 0; i < plan.part_of[t].size(); ++i)
      if (plan.part_of[t][i] == part) out.ids[t].push_back(i);
  auto here = [&](PartTable t, std::uint32_t global) {
    if (plan.part_of[std::size_t(t)][global] != part)  // the plan keeps what refers together
      throw std::logic_error("partition: " + std::string(to_string(t)) + " row " + std::to_string(global) +
                             " is referred to from another part");
    return local[std::size_t(t)][global];
  };
  auto node = [&](Node n) -> Node {
    switch (n.kind) {
      case NodeKind::project: return Node(NodeKind::project, here(PartTable::projects, n.id));
      case NodeKind::household: return Node(NodeKind::household, here(PartTable::households, n.id));
      case NodeKind::flow: return Node(NodeKind::flow, here(PartTable::flows, n.id));
      default: return n;
    }
  };
  auto id = [&]<class Tag>(PartTable t, Id<Tag> v) { return v ? Id<Tag>(here(t, v.value)) : v; };

  Tables in;
  in.partners = reg.partners();
  const auto& ids = out.ids;
  // copies the rows of one table column by column, then renumbers the references it holds
  auto rows = [&]<class T>(T& dst, const T& src, PartTable t, auto&& renumber) {
    const auto& mine = ids[std::size_t(t)];
    auto gather = [&](auto& to, const auto& from) {
      to.reserve(mine.size());
      for (std::uint32_t g : mine) to.push_back(from[g]);
    };
    std::apply([&](auto&... dc) { std::apply([&](const auto&... sc) { (gather(dc, sc), ...); }, T::columns(src)); },
               T::columns(dst));
    for (std::size_t i = 0; i < mine.size(); ++i) renumber(dst, i);
  };
  rows(in.pairings, reg.pairings(), PartTable::pairings, [&](PairingTable& d, std::size_t i) {
    d.a[i] = node(d.a[i]);
    d.b[i] = node(d.b[i]);
  });
  rows(in.flows, reg.flows(), PartTable::flows, [&](FlowTable& d, std::size_t i) {
    d.source[i] = node(d.source[i]);
    d.target[i] = node(d.target[i]);
    d.parent[i] = id(PartTable::flows, d.parent[i]);
  });
  rows(in.projects, reg.projects(), PartTable::projects, [](ProjectTable&, std::size_t) {});
  // placeholders of other parts' projects that this part's benefits name
  std::vector<std::uint32_t> placeholder(reg.projects().size(), detail::no_item);
  for (std::uint32_t b : ids[std::size_t(PartTable::benefits)])
    if (const Node via = reg.benefits().via[b]; via.kind == NodeKind::project &&
        plan.part_of[std::size_t(PartTable::projects)][via.id] != part && placeholder[via.id] == detail::no_item) {
      placeholder[via.id] = std::uint32_t(in.projects.size());
      in.projects.name.push_back(reg.projects().name[via.id]);
      in.projects.sector.push_back(Sector::unspecified);
      in.projects.location.push_back(PartnerId());
      in.projects.implementer.push_back(PartnerId());
      in.projects.start.push_back(Date());
      in.projects.end.push_back(Date());
      in.projects.outputs.emplace_back();
      in.projects.note.push_back("placeholder of project " + std::to_string(via.id) + " of the whole registry");
      out.ids[std::size_t(PartTable::projects)].push_back(via.id);
      ++out.placeholders[std::size_t(PartTable::projects)];
    }
  rows(in.households, reg.households(), PartTable::households, [](HouseholdTable&, std::size_t) {});
  rows(in.benefits, reg.benefits(), PartTable::benefits, [&](BenefitTable& d, std::size_t i) {
    d.beneficiary[i] = id(PartTable::households, d.beneficiary[i]);
    const Node via = d.via[i];
    d.via[i] = via.kind == NodeKind::project && placeholder[via.id] != detail::no_item
                   ? Node(NodeKind::project, placeholder[via.id])
                   : node(via);
    d.part_of[i] = id(PartTable::benefits, d.part_of[i]);
  });
  rows(in.exchanges, reg.exchanges(), PartTable::exchanges, [&](ExchangeTable& d, std::size_t i) {
    d.part_of[i] = id(PartTable::exchanges, d.part_of[i]);
  });
  rows(in.trainings, reg.trainings(), PartTable::trainings, [&](TrainingTable& d, std::size_t i) {
    d.part_of[i] = id(PartTable::trainings, d.part_of[i]);
  });
  rows(in.wishes, reg.wishes(), PartTable::wishes, [&](WishTable& d, std::size_t i) {
    d.household[i] = id(PartTable::households, d.household[i]);
  });
  rows(in.events, reg.events(), PartTable::events, [](EventTable&, std::size_t) {});
  rows(in.persons, reg.persons(), PartTable::persons, [&](PersonTable& d, std::size_t i) {
    d.household[i] = id(PartTable::households, d.household[i]);
  });
  rows(in.status_changes, reg.status_changes(), PartTable::status_changes, [&](StatusChangeTable& d, std::size_t i) {
    d.household[i] = id(PartTable::households, d.household[i]);
  });
  rows(in.employment, reg.employment(), PartTable::employment, [&](EmploymentTable& d, std::size_t i) {
    d.workshop[i] = id(PartTable::projects, d.workshop[i]);
    d.household[i] = id(PartTable::households, d.household[i]);
    d.person[i] = id(PartTable::persons, d.person[i]);
  });
  rows(in.labour, reg.labour(), PartTable::labour, [&](LabourTable& d, std::size_t i) {
    d.part_of[i] = id(PartTable::labour, d.part_of[i]);
  });
  in.targets = reg.targets();  // every part reports against the same targets
  // the part is validated like any file (a shared registry's parts are shared: pseudonyms stay text)
  out.registry = Registry::replay(std::move(in), {}, reg.currency(), reg.privacy().sharing);
  // restricted persons stay restricted in their part; the erasures (of no row) go to the first
  Privacy privacy;
  privacy.sharing = reg.privacy().sharing;
  if (part == 0) privacy.erasures = reg.privacy().erasures;
  for (PersonId p : reg.privacy().restricted.person)
    if (plan.part_of[std::size_t(PartTable::persons)][p.value] == part)
      privacy.restricted.person.push_back(PersonId(local[std::size_t(PartTable::persons)][p.value]));
  out.registry.set_privacy(std::move(privacy));
  return out;
}

}  // namespace detail

/// Builds every part of a plan. Together the parts hold about as much as the whole again (each
/// also holds every partner).
inline std::vector<Partition> partition(const Registry& reg, const PartitionPlan& plan) {
  std::array<std::vector<std::uint32_t>, part_table_count> local;  // a row's id within its part
  for (std::size_t t = 0; t < part_table_count; ++t) {
    std::vector<std::uint32_t> next(plan.parts, 0);
    local[t].resize(plan.part_of[t].size());
    for (std::size_t i = 0; i < plan.part_of[t].size(); ++i) local[t][i] = next[plan.part_of[t][i]]++;
  }
  std::vector<Partition> parts;
  parts.reserve(plan.parts);
  for (std::size_t p = 0; p < plan.parts; ++p) parts.push_back(detail::build_partition(reg, plan, p, local));
  return parts;
}

inline std::vector<Partition> partition(const Registry& reg, const PartitionSpec& spec) {
  return partition(reg, plan_partitions(reg, spec));
}

}  // namespace shanhai
