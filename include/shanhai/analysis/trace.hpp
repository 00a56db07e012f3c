// Tracing: where the money that left a source ended, to the fen.
//
// What left the source: every flow from it that is not a part of another (its parts describe the
// same money). A flow's money is split exactly among its children (parts and pass-throughs, by
// their amounts) and the rest, which arrives at its target. A node that passes money on without
// a parent link pools what it holds: its unlinked flows carry each source's money pro rata to
// what the node holds from each (received minus passed on by explicit links); beyond what it
// holds, they are the node's own money. Every split is by largest remainder, so what ended
// somewhere adds up to exactly what left the source.
//
// The lists a trace walks (each flow's children, each node's flows out, what each node holds)
// are sized by the registry and the same for every source: they are made once per stage and
// kinds and kept in the registry (Registry::derived) until a flow or node is added or rolled
// back, so a second trace walks only what the source's money reaches. A trace `below` a partner
// joins the partners under it into one node and makes its own lists.
//
// A published money figure beyond its records (figure_flows) is one more unlinked flow from its
// east partner to its west partner (none: it ended where no one said), as totals count it.
#pragma once

#include <shanhai/analysis/totals.hpp>
#include <shanhai/detail/apportion.hpp>
#include <shanhai/detail/node_places.hpp>
#include <shanhai/registry.hpp>

#include <algorithm>
#include <limits>
#include <numeric>
#include <span>
#include <unordered_map>
#include <vector>

namespace shanhai {

namespace detail {

/// Lists of flows filed under keys 0..keys-1, in one array: count every entry, allocate, file
/// every entry in the same order, finish; then `lists[key]` is the key's flows in filing order.
class FlatLists {
 public:
  explicit FlatLists(std::size_t keys) : at_(keys + 1, 0) {}
  void count(std::size_t key) { ++at_[key + 1]; }
  void allocate() {
    std::partial_sum(at_.begin(), at_.end(), at_.begin());
    items_.resize(at_.back());
  }
  void file(std::size_t key, std::uint32_t item) { items_[at_[key]++] = item; }
  void finish() {  // filing moved each start to the next key's: move them back
    std::copy_backward(at_.begin(), at_.end() - 1, at_.end());
    at_[0] = 0;
  }
  std::span<const std::uint32_t> operator[](std::size_t key) const {
    return {items_.data() + at_[key], at_[key + 1] - at_[key]};
  }

 private:
  std::vector<std::uint32_t> at_, items_;
};

/// The flows a trace walks: the registry's flows 0..records-1, then (from `records` on) the money
/// figures beyond their records, unlinked flows of what is left of each.
class TraceFlows {
 public:
  explicit TraceFlows(const Registry& reg)
      : f_(reg.tables().flows), chains_(reg.flow_index()), records_(std::uint32_t(f_.size())) {
    if (reg.figures().empty()) return;
    figures_ = standing_figure_flows(reg);
    for (const FigureFlow& ff : *figures_)  // parts above their figure leave nothing to trace (check finds it)
      if (ff.amount > Money()) beyond_.push_back(&ff);
  }
  std::uint32_t size() const noexcept { return records_ + std::uint32_t(beyond_.size()); }
  Stage stage(std::uint32_t i) const { return i < records_ ? f_.stage[i] : beyond_[i - records_]->stage; }
  FlowKind kind(std::uint32_t i) const { return i < records_ ? f_.kind[i] : beyond_[i - records_]->kind; }
  Node source(std::uint32_t i) const { return i < records_ ? f_.source[i] : beyond_[i - records_]->source(); }
  Node target(std::uint32_t i) const { return i < records_ ? f_.target[i] : beyond_[i - records_]->target(); }
  std::int64_t fen(std::uint32_t i) const { return i < records_ ? f_.amount[i].fen() : beyond_[i - records_]->amount.fen(); }
  /// What arrives at the target: the amount less what its children carry on.
  std::int64_t arrives(std::uint32_t i) const { return i < records_ ? (f_.amount[i] - chains_.allocated[i]).fen() : fen(i); }
  Link link(std::uint32_t i) const { return i < records_ ? chains_.link[i] : Link::none; }
  FlowId parent(std::uint32_t i) const { return i < records_ ? f_.parent[i] : FlowId(); }

 private:
  const FlowTable& f_;
  const Registry::FlowIndex& chains_;
  std::uint32_t records_;
  std::shared_ptr<const std::vector<FigureFlow>> figures_;
  std::vector<const FigureFlow*> beyond_;
};

/// What a trace of one stage and kinds walks: each flow's children, each node's unlinked flows
/// out, each node's linked flows out that are no part (money it passes on again), and what each
/// node with unlinked flows holds from every source together (its inflows at the stage, of any
/// kind, less what they pass on by explicit links). Nodes are NodePlaces or, below a partner,
/// the places with that partner's subtree as one.
struct TraceIndex {
  FlatLists children, unlinked, again;
  std::unordered_map<std::uint32_t, std::int64_t> pool;
};

template <class Place, class Internal>
TraceIndex make_trace_index(const TraceFlows& flows, Stage stage, std::uint32_t mask, std::size_t nodes,
                            const Place& place, const Internal& internal) {
  const auto n = flows.size();
  TraceIndex ix{FlatLists(n), FlatLists(nodes), FlatLists(nodes), {}};
  auto each_flow = [&](auto&& file) {
    for (std::uint32_t i = 0; i < n; ++i) {
      if (flows.stage(i) != stage || !(mask >> unsigned(flows.kind(i)) & 1) || internal(i)) continue;
      if (!flows.source(i).valid()) continue;  // a figure from no one named: no trace reaches it
      if (!flows.parent(i)) {
        file(ix.unlinked, place(flows.source(i)), i);
        continue;
      }
      file(ix.children, flows.parent(i).value, i);
      if (flows.link(i) != Link::part) file(ix.again, place(flows.source(i)), i);
    }
  };
  each_flow([](FlatLists& lists, std::size_t key, std::uint32_t) { lists.count(key); });
  for (FlatLists* lists : {&ix.children, &ix.unlinked, &ix.again}) lists->allocate();
  each_flow([](FlatLists& lists, std::size_t key, std::uint32_t i) { lists.file(key, i); });
  for (FlatLists* lists : {&ix.children, &ix.unlinked, &ix.again}) lists->finish();
  for (std::uint32_t i = 0; i < n; ++i)
    if (flows.stage(i) == stage)
      if (const std::size_t t = place(flows.target(i)); !ix.unlinked[t].empty()) ix.pool[std::uint32_t(t)] += flows.arrives(i);
  return ix;
}

}  // namespace detail

/// What a trace follows: money of `kinds` (none: aid) at `stage`; with `below`, what left the
/// source or any partner under it, each yuan once (money among them has not left).
struct TraceOptions {
  Stage stage = Stage::disbursement;
  std::vector<FlowKind> kinds{};
  bool below = false;
};

struct TraceEdge {
  Node source, target;
  Money amount;  // the source's money that moved along flows between these two nodes
};

class Trace {
 public:
  Trace() = default;
  Trace(Node source, Money outflow, std::vector<std::pair<Node, Money>> ended, std::vector<TraceEdge> edges)
      : source_(source), outflow_(outflow), ended_(std::move(ended)), edges_(std::move(edges)) {}

  Node source() const noexcept { return source_; }
  /// Everything that left the source: the sum of ended(), to the fen.
  Money outflow() const noexcept { return outflow_; }
  /// Each node where some of the money ended (a household, a project, or a partner that kept it).
  const std::vector<std::pair<Node, Money>>& ended() const noexcept { return ended_; }
  /// The source's money along the way, node to node: what a Sankey diagram draws.
  const std::vector<TraceEdge>& edges() const noexcept { return edges_; }
  Money operator[](Node n) const {
    for (const auto& [node, money] : ended_)
      if (node == n) return money;
    return Money();
  }

 private:
  Node source_;
  Money outflow_;
  std::vector<std::pair<Node, Money>> ended_;
  std::vector<TraceEdge> edges_;
};

inline Trace trace(const Registry& reg, Node source, const TraceOptions& options = {}) {
  const Stage stage = options.stage;
  const std::vector<FlowKind>& kinds = options.kinds;
  const bool below = options.below;
  const Tables& tables = reg.tables();
  reg.require(source, "trace source");
  detail::require_registry_currency(reg, "trace");
  if (const std::size_t n = detail::chain_facts(reg)->corrections)
    throw validation_error("trace: follows money to where it ended, and " + std::to_string(n) +
                               " flows are corrections (negative), which end nowhere; count them with totals",
                           where("trace source", reason::state));
  if (source.kind == NodeKind::flow)
    throw validation_error("trace source: a partner, project or household is required",
                           where("trace source", reason::wrong_type));
  const detail::TraceFlows f(reg);
  const std::uint32_t n = f.size();
  const detail::NodePlaces places(tables.partners.size(), tables.projects.size(), tables.households.size());
  const std::size_t nodes = places.size();
  const std::size_t origin = places(source);
  // below: the source and every partner under it are one node, and what moves among them has not
  // left it (households and projects under it are where money ends, as they are for any source)
  std::vector<char> inside;
  if (below && source.kind == NodeKind::partner) {
    inside.assign(tables.partners.size(), 0);
    for (std::uint32_t p = 0; p < tables.partners.size(); ++p) inside[p] = reg.within(PartnerId(p), PartnerId(source.id));
  }
  auto place = [&](Node v) {
    return v.kind == NodeKind::partner && !inside.empty() && inside[v.id] ? origin : places(v);
  };
  auto internal = [&](std::uint32_t i) {
    return !inside.empty() && place(f.source(i)) == origin && place(f.target(i)) == origin;
  };
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  auto leaves_source = [&](std::uint32_t i) {  // a non-part flow from the source: what left it
    return place(f.source(i)) == origin && f.link(i) != Link::part;
  };

  // Structure of the stage: the children of each flow, the unlinked flows out of each node, and
  // the flows from the source that pass on money it received. Only this is sized by the registry:
  // kept in the registry between calls, but for a trace below a partner.
  const std::uint32_t mask = detail::kind_mask(kinds);  // trade and investment are not the source's aid
  std::shared_ptr<const detail::TraceIndex> index;
  if (inside.empty())
    index = reg.derived<detail::TraceIndex>(std::uint64_t(stage) << 32 | mask, [&] {
      return detail::make_trace_index(f, stage, mask, nodes, places, [](std::uint32_t) { return false; });
    });
  else
    index = std::make_shared<const detail::TraceIndex>(detail::make_trace_index(f, stage, mask, nodes, place, internal));
  const detail::FlatLists &children = index->children, &unlinked = index->unlinked;
  const auto leave_again = index->again[origin];

  // What the source's money can reach: the flows that leave it, their children, and the unlinked
  // flows out of every node they reach. Nodes and flows are numbered in the order found; the
  // split below runs over these alone, so a district's trace does not walk the whole country.
  std::vector<std::uint32_t> node_slot(nodes, none), flow_slot(n, none);
  std::vector<std::uint32_t> reached_nodes, reached_flows;
  auto reach_node = [&](std::size_t v) {
    if (node_slot[v] != none) return;
    node_slot[v] = std::uint32_t(reached_nodes.size());
    reached_nodes.push_back(std::uint32_t(v));
  };
  auto reach_flow = [&](std::uint32_t i) {
    if (flow_slot[i] != none) return;
    flow_slot[i] = std::uint32_t(reached_flows.size());
    reached_flows.push_back(i);
  };
  reach_node(origin);
  for (auto i : leave_again) reach_flow(i);
  for (auto i : unlinked[origin]) reach_flow(i);
  for (std::size_t k = 0; k < reached_flows.size(); ++k) {
    const std::uint32_t i = reached_flows[k];
    for (auto c : children[i]) reach_flow(c);
    const std::size_t t = place(f.target(i));
    if (node_slot[t] != none) continue;
    reach_node(t);
    for (auto u : unlinked[t]) reach_flow(u);
  }
  // Nodes in registry order: nodes stuck on a cycle finish in that order, and `ended` lists it.
  std::sort(reached_nodes.begin(), reached_nodes.end());
  for (std::uint32_t s = 0; s < reached_nodes.size(); ++s) node_slot[reached_nodes[s]] = s;
  const std::size_t m = reached_nodes.size();
  auto slot = [&](Node v) { return node_slot[place(v)]; };

  // Each reached node's inflows still to come (reached flows only: others carry none of the
  // source's money), and what it holds from every source together (all its inflows).
  std::vector<std::uint32_t> pending(m, 0);
  std::vector<std::int64_t> pool(m, 0);
  for (auto i : reached_flows) ++pending[slot(f.target(i))];
  for (std::uint32_t s = 0; s < m; ++s)
    if (const auto held = index->pool.find(reached_nodes[s]); held != index->pool.end()) pool[s] = held->second;

  std::vector<std::int64_t> x(reached_flows.size(), 0), hold(m, 0), out(m, 0);
  std::vector<char> finished(m, 0);
  std::vector<std::uint32_t> ready;
  std::int64_t outflow = 0;
  auto finish = [&](std::uint32_t s) {  // s holds all it will receive: its unlinked flows take their shares
    finished[s] = 1;
    const auto us = unlinked[reached_nodes[s]];
    if (us.empty()) return;
    std::vector<std::int64_t> amounts;
    std::int64_t total = 0;
    for (auto u : us) amounts.push_back(f.fen(u)), total += f.fen(u);
    if (reached_nodes[s] != origin && pool[s] > 0 && hold[s] > 0) {
      const std::int64_t pooled = std::min(total, pool[s]);
      out[s] = detail::apportion(hold[s], {pooled, pool[s] - pooled})[0];
      const auto shares = detail::apportion(out[s], amounts);
      for (std::size_t k = 0; k < us.size(); ++k) x[flow_slot[us[k]]] = shares[k];
    }
    ready.insert(ready.end(), us.begin(), us.end());
  };
  finish(slot(source));
  // a flow that leaves the source again with no reached parent starts here
  for (auto i : leave_again)
    if (flow_slot[f.parent(i).value] == none) ready.push_back(i);

  std::vector<std::pair<std::pair<Node, Node>, std::int64_t>> moved;  // (source, target) → fen
  auto process = [&](std::uint32_t i) {
    std::int64_t& xi = x[flow_slot[i]];
    if (leaves_source(i)) {
      xi = f.fen(i);
      outflow += xi;
    }
    const auto cs = children[i];
    const std::uint32_t target = slot(f.target(i));
    std::int64_t along = xi;
    if (xi == 0 || cs.empty()) {  // nothing to split: the common case, without allocating
      hold[target] += xi;
      ready.insert(ready.end(), cs.begin(), cs.end());
    } else {
      std::vector<std::int64_t> weights;
      for (auto c : cs) weights.push_back(f.fen(c));
      weights.push_back(f.arrives(i));
      const auto shares = detail::apportion(xi, weights);
      for (std::size_t k = 0; k < cs.size(); ++k) {
        // a child that left the source again carries the source's own money; this share stays here
        if (leaves_source(cs[k])) hold[target] += shares[k];
        else x[flow_slot[cs[k]]] = shares[k];
        if (f.link(cs[k]) == Link::part) along -= shares[k];
        ready.push_back(cs[k]);
      }
      hold[target] += shares.back();
    }
    if (along > 0) moved.push_back({{f.source(i), f.target(i)}, along});
    if (--pending[target] == 0 && !finished[target]) finish(target);
  };
  std::uint32_t next_stuck = 0;  // nodes on a cycle of unlinked flows are finished in node order
  while (true) {
    while (!ready.empty()) {
      const auto i = ready.back();
      ready.pop_back();
      process(i);
    }
    while (next_stuck < m && finished[next_stuck]) ++next_stuck;
    if (next_stuck == m) break;
    finish(next_stuck);
  }

  std::vector<std::pair<Node, Money>> ended;
  for (std::uint32_t s = 0; s < m; ++s)
    if (hold[s] - out[s] != 0) ended.push_back({reached_nodes[s] == origin ? source : places.at(reached_nodes[s]), Money::from_fen(hold[s] - out[s])});
  std::sort(moved.begin(), moved.end());
  std::vector<TraceEdge> edges;
  for (const auto& [ends, fen] : moved) {
    if (!edges.empty() && edges.back().source == ends.first && edges.back().target == ends.second)
      edges.back().amount += Money::from_fen(fen);
    else edges.push_back({ends.first, ends.second, Money::from_fen(fen)});
  }
  return Trace(source, Money::from_fen(outflow), std::move(ended), std::move(edges));
}

}  // namespace shanhai
