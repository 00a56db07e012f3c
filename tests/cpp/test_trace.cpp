// Tracing over the reached part of the graph only (analysis/trace.hpp) against the first
// implementation, which walked every flow and node of the registry: the same figures, edges and
// outflow on random registries whose unlinked flows form no cycle (where both are exact and the
// order of processing cannot matter), and conservation to the fen where they do form cycles.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/synthetic.hpp>

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <vector>

using namespace shanhai;

namespace {

// The first implementation, kept as the oracle: every flow and node of the stage, in dependency
// order, with arrays sized by the whole registry.
Trace reference_trace(const Registry& reg, Node source, Stage stage = Stage::disbursement) {
  const FlowTable& f = reg.flows();
  const std::size_t n = f.size();
  const std::size_t partners = reg.partners().size(), projects = reg.projects().size();
  const std::size_t nodes = partners + projects + reg.households().size();
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
    pool[index(f.target[i])] += (f.amount[i] - reg.allocated(FlowId(i))).fen();
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
    return index(f.source[i]) == origin && reg.link(FlowId(i)) != Link::part;
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
    weights.push_back((f.amount[i] - reg.allocated(FlowId(i))).fen());
    const auto shares = detail::apportion(x[i], weights);
    for (std::size_t k = 0; k < cs.size(); ++k) {
      // a child that left the source again carries the source's own money; this share stays here
      if (leaves_source(cs[k])) hold[target] += shares[k];
      else x[cs[k]] = shares[k];
      if (reg.link(FlowId(cs[k])) == Link::part) along -= shares[k];
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


// A random registry: two sides with districts, companies, counties and villages, households,
// projects, and flows with parents in both stages. With `acyclic`, every flow goes to a node
// ranked above its own source and its chain's origin, so no node waits on money that comes back.
Registry random_registry(std::uint64_t seed, bool acyclic) {
  detail::Random rng{seed};
  Registry reg;
  std::vector<Node> nodes;
  const PartnerId east = reg.add_partner({"东", PartnerKind::province, Side::east});
  const PartnerId west = reg.add_partner({"西", PartnerKind::province, Side::west});
  nodes.push_back(east);
  nodes.push_back(west);
  std::vector<PartnerId> villages;
  for (int i = 0; i < 3; ++i) {
    const auto n = std::to_string(i);
    const PartnerId d = reg.add_partner({"区" + n, PartnerKind::district, Side::unspecified, east});
    const PartnerId c = reg.add_partner({"县" + n, PartnerKind::county, Side::unspecified, west});
    nodes.push_back(d);
    nodes.push_back(reg.add_partner({"企" + n, PartnerKind::enterprise, Side::unspecified, d}));
    nodes.push_back(c);
    for (int v = 0; v < 2; ++v) {
      villages.push_back(reg.add_partner({"村" + n + std::to_string(v), PartnerKind::village, Side::unspecified, c}));
      nodes.push_back(villages.back());
    }
  }
  for (int h = 0; h < 8; ++h) nodes.push_back(reg.add_household({"", villages[rng.below(villages.size())], 3}));
  for (int p = 0; p < 3; ++p) nodes.push_back(reg.add_project({"项目" + std::to_string(p)}));
  std::vector<std::uint32_t> rank(nodes.size());
  for (std::uint32_t i = 0; i < rank.size(); ++i) rank[i] = i;
  for (std::size_t i = rank.size(); i > 1; --i) std::swap(rank[i - 1], rank[rng.below(i)]);
  auto rank_of = [&](Node v) { return rank[std::size_t(std::find(nodes.begin(), nodes.end(), v) - nodes.begin())]; };

  const std::size_t flows = 10 + rng.below(50);
  for (std::size_t tries = 0; reg.flows().size() < flows && tries < 20 * flows; ++tries) {
    FlowSpec s{nodes[rng.below(nodes.size())], nodes[rng.below(nodes.size())],
               Money::from_fen(1 + std::int64_t(rng.below(100'000))), Date::ymd(2018, 1)};
    s.stage = rng.chance(90) ? Stage::disbursement : Stage::commitment;
    if (reg.flows().size() && rng.chance(50)) {
      const FlowId p(rng.below(reg.flows().size()));
      s.parent = p;
      s.stage = reg.flows().stage[p.value];
      if (rng.chance(60)) s.source = reg.flows().target[p.value];  // money passed on
      s.amount = Money::from_fen(1 + std::int64_t(rng.below(std::size_t(reg.flows().amount[p.value].fen()))));
    }
    const Node origin = s.parent ? reg.origin(s.parent) : s.source;
    if (acyclic && (rank_of(s.target) <= rank_of(s.source) || rank_of(s.target) <= rank_of(origin))) continue;
    try {
      reg.add_flow(s);
    } catch (const validation_error&) {  // not a valid part or pass-on of its parent: draw again
    }
  }
  return reg;
}

void check_same(const Trace& ours, const Trace& theirs) {
  CHECK(ours.outflow() == theirs.outflow());
  REQUIRE(ours.ended().size() == theirs.ended().size());
  for (std::size_t k = 0; k < ours.ended().size(); ++k) {
    CHECK(ours.ended()[k].first == theirs.ended()[k].first);
    CHECK(ours.ended()[k].second == theirs.ended()[k].second);
  }
  REQUIRE(ours.edges().size() == theirs.edges().size());
  for (std::size_t k = 0; k < ours.edges().size(); ++k) {
    CHECK(ours.edges()[k].source == theirs.edges()[k].source);
    CHECK(ours.edges()[k].target == theirs.edges()[k].target);
    CHECK(ours.edges()[k].amount == theirs.edges()[k].amount);
  }
}

Money sum_ended(const Trace& t) {
  Money sum;
  for (const auto& [node, money] : t.ended()) sum += money;
  return sum;
}

std::vector<Node> every_node(const Registry& reg) {
  std::vector<Node> out;
  for (std::uint32_t i = 0; i < reg.partners().size(); ++i) out.push_back(PartnerId(i));
  for (std::uint32_t i = 0; i < reg.projects().size(); ++i) out.push_back(ProjectId(i));
  for (std::uint32_t i = 0; i < reg.households().size(); ++i) out.push_back(HouseholdId(i));
  return out;
}

}  // namespace

TEST_CASE("trace: the reached part alone gives the figures of the walk over every flow") {
  std::size_t traces = 0, with_money = 0, pooled = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const Registry reg = random_registry(seed, true);
    for (Node source : every_node(reg))
      for (Stage stage : {Stage::disbursement, Stage::commitment}) {
        CAPTURE(seed);
        const Trace ours = trace(reg, source, {stage});
        check_same(ours, reference_trace(reg, source, stage));
        ++traces;
        with_money += ours.outflow() > Money();
        pooled += ours.edges().size() > 2;
      }
  }
  CHECK(with_money > traces / 4);  // the registries move money, not only empty traces
  CHECK(pooled > traces / 10);     // and money goes on beyond the first hop
}

TEST_CASE("trace: money that comes back around a cycle still adds up to the outflow") {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const Registry reg = random_registry(seed, false);
    for (Node source : every_node(reg)) {
      CAPTURE(seed);
      const Trace t = trace(reg, source);
      CHECK(sum_ended(t) == t.outflow());
    }
  }
}

TEST_CASE("trace: a synthetic programme gives the figures of the walk over every flow") {
  const Registry reg = synthetic({3'000, 2'000, 7});
  std::vector<FlowKind> every;  // the walk knows no classes; the synthetic flows include investment
  for (std::size_t k = 0; k < enum_count<FlowKind>; ++k) every.push_back(FlowKind(k));
  for (std::uint32_t p = 0; p < reg.partners().size(); ++p) {
    CAPTURE(p);
    const Trace ours = trace(reg, PartnerId(p), {Stage::disbursement, every});
    check_same(ours, reference_trace(reg, PartnerId(p)));
    CHECK(sum_ended(ours) == ours.outflow());
  }
}

TEST_CASE("trace and totals: aid alone by default, purchases and investment only when asked for") {
  Registry reg;
  const PartnerId jiading = reg.add_partner({.name = "嘉定区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId dayao = reg.add_partner({.name = "大姚县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId firm = reg.add_partner({.name = "某企业", .kind = PartnerKind::enterprise, .parent = jiading});
  const ProjectId plant = reg.add_project({.name = "加工厂", .location = dayao});
  const Date y = Date::parse("2023");
  reg.add_flow({.source = jiading, .target = dayao, .amount = Money::parse("2405.4万"), .date = y, .kind = FlowKind::fiscal});
  reg.add_flow({.source = jiading, .target = dayao, .amount = Money::parse("7845.8万"), .date = y, .kind = FlowKind::purchase});
  reg.add_flow({.source = firm, .target = plant, .amount = Money::parse("8100万"), .date = y, .kind = FlowKind::investment});
  // the district's aid, not 10,251.2万 with its purchases of western products
  CHECK(trace(reg, jiading).outflow() == Money::parse("2405.4万"));
  CHECK(trace(reg, jiading, {Stage::disbursement, {FlowKind::purchase}}).outflow() == Money::parse("7845.8万"));
  CHECK(trace(reg, firm).outflow() == Money());
  CHECK(trace(reg, firm, {Stage::disbursement, kinds_of(FlowClass::investment)}).outflow() == Money::parse("8100万"));
  // totals: aid by default, each class when named
  CHECK(totals(reg, {.year = 2023}).total() == Money::parse("2405.4万"));
  CHECK(totals(reg, {.year = 2023, .kinds = {FlowKind::purchase}}).total() == Money::parse("7845.8万"));
  CHECK(totals(reg, {.year = 2023, .kinds = kinds_of(FlowClass::investment)}).total() == Money::parse("8100万"));
  const Report rep = report(reg, {.year = 2023, .east = jiading, .west = dayao});
  CHECK(rep.money("funds.total") == Money::parse("2405.4万"));
  CHECK(rep.money("consumption.purchases") == Money::parse("7845.8万"));
  CHECK(rep.money("industry.investment") == Money::parse("8100万"));
  // nothing recorded is not zero: no meeting, no exchange, no wish in this registry
  CHECK_FALSE(rep.at("leadership.meetings").reported);
  CHECK_FALSE(rep.at("talent.dispatched").reported);
  CHECK_FALSE(rep.at("wishes.claim_rate").reported);  // no share of nothing
  CHECK(rep.at("funds.fiscal").reported);
  CHECK(flow_class(FlowKind::purchase) == FlowClass::trade);
  CHECK(kinds_of(FlowClass::aid).size() == 6);
}

TEST_CASE("trace below follows what left the source or any partner under it, each yuan once") {
  for (const bool linked : {false, true}) {
    CAPTURE(linked);
    Registry reg;
    const PartnerId city = reg.add_partner({.name = "东市", .kind = PartnerKind::city, .side = Side::east});
    const PartnerId district = reg.add_partner({.name = "东区", .kind = PartnerKind::district, .parent = city});
    const PartnerId town = reg.add_partner({.name = "东镇", .kind = PartnerKind::town, .parent = district});
    const PartnerId county = reg.add_partner({.name = "西县", .kind = PartnerKind::county, .side = Side::west});
    const PartnerId village = reg.add_partner({.name = "西村", .kind = PartnerKind::village, .parent = county});
    const HouseholdId home = reg.add_household({.village = village, .members = 4});
    const Date y = Date::parse("2021");
    auto flow = [&](Node a, Node b, const char* amount, FlowId parent = FlowId()) {
      return reg.add_flow({.source = a, .target = b, .amount = Money::parse(amount), .date = y,
                           .kind = FlowKind::fiscal, .parent = parent});
    };
    const FlowId to_town = flow(district, town, "100万");  // inside the district: not left it
    flow(town, village, "60万", linked ? to_town : FlowId());
    flow(district, county, "50万");
    flow(village, home, "10万");
    flow(city, county, "7万");  // the city is above the district: not followed

    const Trace own = trace(reg, district);
    CHECK(own.outflow() == Money::parse("150万"));
    CHECK(own[town] == Money::parse("40万"));  // the town kept 40万 of the district's 100万

    const Trace below = trace(reg, district, {Stage::disbursement, {}, true});
    CHECK(below.outflow() == Money::parse("110万"));  // 60万 from the town, 50万 from the district
    CHECK(below[town] == Money());
    CHECK(below[village] == Money::parse("50万"));
    CHECK(below[home] == Money::parse("10万"));
    CHECK(below[county] == Money::parse("50万"));
    Money ended;
    for (const auto& [node, money] : below.ended()) ended += money;
    CHECK(ended == below.outflow());
    // a town alone, below or not: the same (nothing is under it)
    CHECK(trace(reg, town, {Stage::disbursement, {}, true}).outflow() == trace(reg, town).outflow());
  }
}
