// Tracing: where the money that left a source ended, to the fen.
//
// What left the source: every flow from it that is not a part of another (its parts describe the
// same money). A flow's money is split exactly among its children (parts and pass-throughs, by
// their amounts) and the rest, which arrives at its target. A node that passes money on without
// a parent link pools what it holds: its unlinked flows carry each source's money pro rata to
// what the node holds from each (received minus passed on by explicit links); beyond what it
// holds, they are the node's own money. Every split is by largest remainder, so what ended
// somewhere adds up to exactly what left the source.
#pragma once

#include <shanhai/detail/apportion.hpp>
#include <shanhai/detail/registry_class.hpp>

#include <span>
#include <vector>

namespace shanhai {

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

inline Trace Registry::trace(Node source, Stage stage) const {
  require(source, "trace source");
  if (source.kind == NodeKind::flow) throw validation_error("trace source: a partner, project or household is required");
  const FlowTable& f = t_.flows;
  const std::size_t n = f.size();
  const std::size_t partners = t_.partners.size(), projects = t_.projects.size();
  const std::size_t nodes = partners + projects + t_.households.size();
  auto index = [&](Node v) -> std::size_t {
    return v.kind == NodeKind::partner ? v.id : v.kind == NodeKind::project ? partners + v.id : partners + projects + v.id;
  };
  auto node_at = [&](std::size_t i) {
    return i < partners ? Node(PartnerId(std::uint32_t(i)))
           : i < partners + projects ? Node(ProjectId(std::uint32_t(i - partners)))
                                     : Node(HouseholdId(std::uint32_t(i - partners - projects)));
  };
  const std::size_t origin = index(source);

  // Structure, as flat lists (offsets into one array each): the children of each flow, the
  // unlinked flows out of each node; and each node's inflows still to come.
  std::vector<std::uint32_t> child_at(n + 1, 0), unlinked_at(nodes + 1, 0);
  std::vector<std::uint32_t> pending(nodes, 0);
  std::vector<std::int64_t> pool(nodes, 0);  // what a node holds from every source together
  for (std::uint32_t i = 0; i < n; ++i) {
    if (f.stage[i] != stage) continue;
    if (f.parent[i]) ++child_at[f.parent[i].value + 1];
    else ++unlinked_at[index(f.source[i]) + 1];
    ++pending[index(f.target[i])];
    pool[index(f.target[i])] += (f.amount[i] - flow_index_.allocated[i]).fen();
  }
  for (std::size_t i = 0; i < n; ++i) child_at[i + 1] += child_at[i];
  for (std::size_t v = 0; v < nodes; ++v) unlinked_at[v + 1] += unlinked_at[v];
  std::vector<std::uint32_t> child_list(child_at[n]), unlinked_list(unlinked_at[nodes]);
  {
    std::vector<std::uint32_t> c_fill(child_at.begin(), child_at.end() - 1), u_fill(unlinked_at.begin(), unlinked_at.end() - 1);
    for (std::uint32_t i = 0; i < n; ++i) {
      if (f.stage[i] != stage) continue;
      if (f.parent[i]) child_list[c_fill[f.parent[i].value]++] = i;
      else unlinked_list[u_fill[index(f.source[i])]++] = i;
    }
  }
  auto children = [&](std::size_t i) {
    return std::span<const std::uint32_t>(child_list.data() + child_at[i], child_at[i + 1] - child_at[i]);
  };
  auto unlinked = [&](std::size_t v) {
    return std::span<const std::uint32_t>(unlinked_list.data() + unlinked_at[v], unlinked_at[v + 1] - unlinked_at[v]);
  };
  // A non-part flow from the source carries only the source's money: it is what left it.
  auto leaves_source = [&](std::uint32_t i) {
    return index(f.source[i]) == origin && flow_index_.link[i] != Link::part;
  };

  std::vector<std::int64_t> x(n, 0), hold(nodes, 0), out(nodes, 0);
  std::vector<char> finished(nodes, 0);
  std::vector<std::uint32_t> ready;
  std::int64_t outflow = 0;
  auto finish = [&](std::size_t v) {  // v holds all it will receive: its unlinked flows take their shares
    finished[v] = 1;
    const auto us = unlinked(v);
    if (us.empty()) return;
    std::vector<std::int64_t> amounts;
    std::int64_t total = 0;
    for (auto u : us) amounts.push_back(f.amount[u].fen()), total += f.amount[u].fen();
    if (v != origin && pool[v] > 0 && hold[v] > 0) {
      const std::int64_t pooled = std::min(total, pool[v]);
      out[v] = detail::apportion(hold[v], {pooled, pool[v] - pooled})[0];
      const auto shares = detail::apportion(out[v], amounts);
      for (std::size_t k = 0; k < us.size(); ++k) x[us[k]] = shares[k];
    }
    ready.insert(ready.end(), us.begin(), us.end());
  };
  for (std::size_t v = 0; v < nodes; ++v)
    if (pending[v] == 0 || v == origin) finish(v);

  std::vector<std::pair<std::pair<Node, Node>, std::int64_t>> moved;  // (source, target) → fen
  auto process = [&](std::uint32_t i) {
    if (leaves_source(i)) {
      x[i] = f.amount[i].fen();
      outflow += x[i];
    }
    const auto cs = children(i);
    const std::size_t target = index(f.target[i]);
    std::int64_t along = x[i];
    if (x[i] == 0 || cs.empty()) {  // nothing to split: the common case, without allocating
      hold[target] += x[i];
      ready.insert(ready.end(), cs.begin(), cs.end());
      if (along > 0) moved.push_back({{f.source[i], f.target[i]}, along});
      if (--pending[target] == 0 && !finished[target]) finish(target);
      return;
    }
    std::vector<std::int64_t> weights;
    for (auto c : cs) weights.push_back(f.amount[c].fen());
    weights.push_back((f.amount[i] - flow_index_.allocated[i]).fen());
    const auto shares = detail::apportion(x[i], weights);
    for (std::size_t k = 0; k < cs.size(); ++k) {
      // a child that left the source again carries the source's own money; this share stays here
      if (leaves_source(cs[k])) hold[target] += shares[k];
      else x[cs[k]] = shares[k];
      if (flow_index_.link[cs[k]] == Link::part) along -= shares[k];
      ready.push_back(cs[k]);
    }
    hold[target] += shares.back();
    if (along > 0) moved.push_back({{f.source[i], f.target[i]}, along});
    if (--pending[target] == 0 && !finished[target]) finish(target);
  };
  std::size_t next_stuck = 0;  // nodes on a cycle of unlinked flows are finished in node order
  while (true) {
    while (!ready.empty()) {
      const auto i = ready.back();
      ready.pop_back();
      process(i);
    }
    while (next_stuck < nodes && finished[next_stuck]) ++next_stuck;
    if (next_stuck == nodes) break;
    finish(next_stuck);
  }

  std::vector<std::pair<Node, Money>> ended;
  for (std::size_t v = 0; v < nodes; ++v)
    if (hold[v] - out[v] != 0) ended.push_back({node_at(v), Money::from_fen(hold[v] - out[v])});
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
