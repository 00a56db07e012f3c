// Partitions by region (partition.hpp): every row in one part, partners in all, and the parts'
// totals, traces and report figures adding up to the whole's, on a registry counted by hand.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/partition.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace shanhai;

namespace {

Money m(const char* text) { return Money::parse(text); }

// 东部区一 gives 100万 to 西部县一 (30万 of it described down to 村一, 10万 passed on to a
// household) and 东部区二 50万 to 西部县二, which passes 20万 on to 村二 without a link (so the
// totals count it as money of its own: 170万 in all, 140万 of it fiscal).
struct TwoCounties {
  Registry reg;
  PartnerId d1, d2, province, c1, c2, v1, v2;
  HouseholdId h1, h2;
  TwoCounties() {
    const PartnerId east = reg.add_partner({"东部省", PartnerKind::province, Side::east});
    d1 = reg.add_partner({"东部区一", PartnerKind::district, Side::unspecified, east});
    d2 = reg.add_partner({"东部区二", PartnerKind::district, Side::unspecified, east});
    province = reg.add_partner({"西部省", PartnerKind::province, Side::west});
    c1 = reg.add_partner({"西部县一", PartnerKind::county, Side::unspecified, province});
    c2 = reg.add_partner({"西部县二", PartnerKind::county, Side::unspecified, province});
    v1 = reg.add_partner({"村一", PartnerKind::village, Side::unspecified, c1});
    v2 = reg.add_partner({"村二", PartnerKind::village, Side::unspecified, c2});
    h1 = reg.add_household({"", v1, 4});
    h2 = reg.add_household({"", v2, 3});
    const Date y = Date::parse("2018");
    const FlowId a = reg.add_flow({d1, c1, m("100万"), y, FlowKind::fiscal});
    reg.add_flow({d1, v1, m("30万"), y, FlowKind::donation, Stage::disbursement, Sector::unspecified, a});
    reg.add_flow({c1, h1, m("10万"), y, FlowKind::fiscal, Stage::disbursement, Sector::unspecified, a});
    reg.add_flow({d2, c2, m("50万"), y, FlowKind::fiscal});
    reg.add_flow({c2, v2, m("20万"), y, FlowKind::fiscal});
  }
};

Money total_of(const std::vector<Partition>& parts, const std::vector<Field>& by, std::map<Totals::Key, Money>& groups) {
  Money total;
  for (const Partition& p : parts) {
    const Totals t = totals(p.registry, Scope{}, by);
    total += t.total();
    for (const auto& [key, value] : t.groups()) groups[key] += value;
  }
  return total;
}

}  // namespace

TEST_CASE("partition: two counties go to two parts and their totals add up to the whole") {
  TwoCounties w;
  const auto parts = partition(w.reg, PartitionSpec{2, PartnerKind::county});
  REQUIRE(parts.size() == 2);
  std::size_t flows = 0, households = 0;
  for (const Partition& p : parts) {
    CHECK(p.registry.partners().size() == w.reg.partners().size());  // every partner, same ids
    CHECK(p.registry.partners().name == w.reg.partners().name);
    CHECK(p.regions.size() == 1);
    flows += p.registry.flows().size();
    households += p.registry.households().size();
  }
  CHECK(flows == 5);
  CHECK(households == 2);
  // 西部县一's chain (3 flows) and its household are in one part, 西部县二's in the other
  const Partition& first = parts[0].regions[0] == w.c1 ? parts[0] : parts[1];
  CHECK(first.ids[std::size_t(PartTable::flows)] == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(first.ids[std::size_t(PartTable::households)] == std::vector<std::uint32_t>{0});

  std::map<Totals::Key, Money> merged;
  CHECK(total_of(parts, {Field::kind}, merged) == m("170万"));
  const Totals whole = totals(w.reg, Scope{}, {Field::kind});
  CHECK(whole.total() == m("170万"));
  CHECK(merged == whole.groups());  // fiscal: 70万 of the first root's own, 50万 and 20万
  CHECK(merged[{std::int64_t(FlowKind::fiscal)}] == m("140万"));

  Money outflow, at_household;
  for (const Partition& p : parts) {
    const Trace t = trace(p.registry, w.d1);
    outflow += t.outflow();
    for (const auto& [node, money] : t.ended())
      if (node.kind == NodeKind::household) at_household += money;
  }
  CHECK(outflow == trace(w.reg, w.d1).outflow());
  CHECK(outflow == m("100万"));
  CHECK(at_household == m("10万"));
}

TEST_CASE("partition: a province that pools money for two pooling counties keeps them in one part") {
  TwoCounties w;
  const Date y = Date::parse("2018");
  w.reg.add_flow({w.d1, w.province, m("40万"), y, FlowKind::fiscal});
  w.reg.add_flow({w.province, w.c1, m("15万"), y, FlowKind::fiscal});
  w.reg.add_flow({w.province, w.c2, m("10万"), y, FlowKind::fiscal});
  // 西部县二 already pools; once 西部县一 does too, what each holds is shared among all it passes on
  w.reg.add_flow({w.c1, w.v1, m("5万"), y, FlowKind::fiscal});
  const auto parts = partition(w.reg, PartitionSpec{2, PartnerKind::county});
  const bool first_has_all = parts[0].registry.flows().size() == 9;
  CHECK((first_has_all ? parts[1] : parts[0]).registry.flows().empty());
  CHECK((first_has_all ? parts[0] : parts[1]).regions.size() == 2);
  std::map<Totals::Key, Money> merged;
  CHECK(total_of(parts, {Field::source}, merged) == totals(w.reg, Scope{}, {Field::source}).total());
  CHECK(merged == totals(w.reg, Scope{}, {Field::source}).groups());
  const Trace whole = trace(w.reg, w.d1);
  const Trace mine = trace((first_has_all ? parts[0] : parts[1]).registry, w.d1);
  CHECK(mine.outflow() == whole.outflow());
  CHECK(mine.ended() == whole.ended());
}

TEST_CASE("partition: reach and registry figures of the report add up") {
  TwoCounties w;
  const auto parts = partition(w.reg, PartitionSpec{3, PartnerKind::village});
  const Report whole = report(w.reg, {2018});
  for (const char* key : {"reach.households", "registry.households", "funds.total"}) {
    std::int64_t sum = 0;
    for (const Partition& p : parts) sum += report(p.registry, {2018}).at(key).value;
    CHECK_MESSAGE(sum == whole.at(key).value, key);
  }
  CHECK(whole.at("reach.households").value == 1);
}

TEST_CASE("partition: refusals name what and why") {
  TwoCounties w;
  CHECK_THROWS_WITH_AS(partition(w.reg, PartitionSpec{0}), "partition parts: must be 1..4096, got 0", validation_error);
  const auto parts = partition(Registry(), PartitionSpec{2});
  CHECK(parts.size() == 2);
  CHECK(parts[1].registry.partners().empty());
}
