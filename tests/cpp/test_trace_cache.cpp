// Trace's lists kept in the registry between calls (Registry::derived): the same figures as a
// registry that never traced, a row added or rolled back between two traces seen by the second,
// and readers on several threads sharing one registry.
#include <shanhai/analysis/trace.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/synthetic.hpp>

#include <doctest/doctest.h>

#include <thread>
#include <vector>

using namespace shanhai;

namespace {

bool same(const Trace& a, const Trace& b) {
  if (a.source() != b.source() || a.outflow() != b.outflow() || a.ended() != b.ended()) return false;
  if (a.edges().size() != b.edges().size()) return false;
  for (std::size_t k = 0; k < a.edges().size(); ++k)
    if (a.edges()[k].source != b.edges()[k].source || a.edges()[k].target != b.edges()[k].target ||
        a.edges()[k].amount != b.edges()[k].amount)
      return false;
  return true;
}

// a registry's copy starts with no kept lists: its trace makes them afresh
Trace fresh(const Registry& reg, Node source, const TraceOptions& options = {}) {
  const Registry copy = reg;
  return trace(copy, source, options);
}

}  // namespace

TEST_CASE("trace twice on an unchanged registry gives the figures of a registry that never traced") {
  const Registry reg = synthetic({.households = 2'000, .flows = 1'500, .seed = 3, .persons = false, .history = false});
  for (std::uint32_t p = 0; p < reg.partners().size(); p += 3) {
    CAPTURE(p);
    const Trace first = trace(reg, PartnerId(p));
    CHECK(same(first, trace(reg, PartnerId(p))));
    CHECK(same(first, fresh(reg, PartnerId(p))));
    // another stage, other kinds and a trace below the partner keep their own lists
    const TraceOptions committed{.stage = Stage::commitment}, all{.kinds = {FlowKind::fiscal, FlowKind::investment}},
        below{.below = true};
    for (const TraceOptions* o : {&committed, &all, &below}) CHECK(same(trace(reg, PartnerId(p), *o), fresh(reg, PartnerId(p), *o)));
    CHECK(same(first, trace(reg, PartnerId(p))));
  }
}

TEST_CASE("a flow added between two traces is seen by the second") {
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId west = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = west});
  reg.add_flow({.source = east, .target = west, .amount = Money::parse("100万"), .date = Date::parse("2018"),
                .kind = FlowKind::fiscal});
  const Trace before = trace(reg, east);
  CHECK(before.outflow() == Money::parse("100万"));
  CHECK(before[west] == Money::parse("100万"));
  // the county passes 40万 on: the kept lists were made without this flow
  reg.add_flow({.source = west, .target = village, .amount = Money::parse("40万"), .date = Date::parse("2018"),
                .kind = FlowKind::fiscal});
  const Trace after = trace(reg, east);
  CHECK(after.outflow() == Money::parse("100万"));
  CHECK(after[west] == Money::parse("60万"));
  CHECK(after[village] == Money::parse("40万"));
  CHECK(same(after, fresh(reg, east)));
  // a new node's flow too
  const HouseholdId h = reg.add_household({.number = "622901100201000001", .village = village});
  reg.add_flow({.source = village, .target = h, .amount = Money::parse("1万"), .date = Date::parse("2018"),
                .kind = FlowKind::fiscal});
  CHECK(trace(reg, east)[h] == Money::parse("1万"));
  CHECK(same(trace(reg, east), fresh(reg, east)));
}

TEST_CASE("rows rolled back and others added at the same counts are traced as they are now") {
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId a = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId b = reg.add_partner({.name = "和政县", .kind = PartnerKind::county, .side = Side::west});
  const Registry::Mark m = reg.mark();
  reg.add_flow({.source = east, .target = a, .amount = Money::parse("5万"), .date = Date::parse("2018"), .kind = FlowKind::fiscal});
  CHECK(trace(reg, east)[a] == Money::parse("5万"));
  reg.rollback(m);
  reg.add_flow({.source = east, .target = b, .amount = Money::parse("7万"), .date = Date::parse("2018"), .kind = FlowKind::fiscal});
  const Trace now = trace(reg, east);  // as many flows and nodes as the kept lists were made from
  CHECK(now[a] == Money());
  CHECK(now[b] == Money::parse("7万"));
  CHECK(same(now, fresh(reg, east)));
}

TEST_CASE("readers on several threads trace one registry with its kept lists") {
  const Registry reg = synthetic({.households = 2'000, .flows = 1'500, .seed = 5, .persons = false, .history = false});
  std::vector<Trace> expected;
  for (std::uint32_t p = 0; p < reg.partners().size(); ++p) expected.push_back(fresh(reg, PartnerId(p)));
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> readers;
  for (std::size_t t = 0; t < wrong.size(); ++t)
    readers.emplace_back([&, t] {
      for (std::uint32_t p = 0; p < reg.partners().size(); ++p) {
        // two stages in turn, so that the threads make and find lists at once
        const TraceOptions o{.stage = (p + t) % 2 ? Stage::disbursement : Stage::commitment};
        const Trace got = trace(reg, PartnerId(p), o);
        if (o.stage == Stage::disbursement && !same(got, expected[p])) ++wrong[t];
      }
    });
  for (auto& r : readers) r.join();
  CHECK(wrong == std::vector<int>(4, 0));
}
