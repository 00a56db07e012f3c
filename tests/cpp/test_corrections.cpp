// Corrections: a negative amount correcting money reported before, as sources publish them (an
// IATI negative transaction). Only a flow that says so may be negative; it stands alone and
// reduces the total it counts in by exactly its amount.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include "refused.hpp"

#include <string>
#include <vector>

using namespace shanhai;
using shanhai::testing::refused;

namespace {

// Plan International Netherlands' disbursements of 2017 to its Ethiopian partner, as published to
// IATI (activity NL-KVK-41198890-ETH102135, d-portal 2021): 60,000 EUR paid in September, booked
// again in December, reversed (-60,000) and booked once more on the same day.
struct Plan2017 {
  Registry reg{Currency("EUR")};
  PartnerId plan = reg.add_partner({"Plan International Netherlands"});
  PartnerId partner = reg.add_partner({"its Ethiopian partner"});
  FlowId reversal;
  Plan2017() {
    const std::pair<const char*, Date> paid[] = {
        {"106488", Date::ymd(2017, 2, 28)}, {"48495", Date::ymd(2017, 6, 30)}, {"60000", Date::ymd(2017, 9, 27)},
        {"81331", Date::ymd(2017, 12, 22)}, {"60000", Date::ymd(2017, 12, 31)}};
    for (const auto& [amount, date] : paid) reg.add_flow({plan, partner, Money::parse(amount), date, FlowKind::donation});
    reversal = reg.add_flow({.source = plan, .target = partner, .amount = Money::parse("-60000"),
                             .date = Date::ymd(2017, 12, 31), .kind = FlowKind::donation, .correction = true});
  }
};

Scope donations(int year = 0) {
  Scope s;
  s.kinds = {FlowKind::donation};
  s.year = year;
  return s;
}

}  // namespace

TEST_CASE("a correction reduces the total it counts in by exactly its amount, as published") {
  Plan2017 p;
  const Totals t = totals(p.reg, donations());
  CHECK(t.total() == Money::parse("296314"));  // 356,314 paid, 60,000 of it reversed
  CHECK(t.reported() == Money::parse("296314"));
  CHECK(totals(p.reg, donations(2017), {Field::target})[{std::int64_t(Node(p.partner).packed())}] ==
        Money::parse("296314"));
  // the one pass and the followed chains agree
  Scope followed = donations();
  for (std::size_t s = 0; s < enum_count<Sector>; ++s) followed.purposes.push_back(Sector(s));
  CHECK(totals(p.reg, followed, {Field::source}).groups() == totals(p.reg, donations(), {Field::source}).groups());
}

TEST_CASE("only a flow that says it is a correction may be negative, and it stands alone") {
  Plan2017 p;
  const std::size_t before = p.reg.flows().size();
  Where w = refused([&] { p.reg.add_flow({p.plan, p.partner, Money::parse("-1")}); });
  CHECK(w.reason == "not_positive");
  w = refused([&] { p.reg.add_flow({.source = p.plan, .target = p.partner, .amount = Money::parse("1"), .correction = true}); });
  CHECK(w.reason == "rule");
  CHECK(w.field == "amount");
  w = refused([&] {
    p.reg.add_flow({.source = p.plan, .target = p.partner, .amount = Money::parse("-1"), .parent = FlowId(0), .correction = true});
  });
  CHECK(w.field == "parent");
  w = refused([&] { p.reg.add_flow({.source = p.partner, .target = p.plan, .amount = Money::parse("1"), .parent = p.reversal}); });
  CHECK(w.field == "parent");
  CHECK(p.reg.flows().size() == before);
}

TEST_CASE("a batch and a file hold a correction as its negative amount") {
  Plan2017 p;
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const Registry back = io::from_bytes(io::to_bytes(p.reg, f));
    CHECK(totals(back, donations()).total() == Money::parse("296314"));
  }
  Registry batch(Currency("EUR"));
  batch.append(Tables(p.reg.tables()).partners);
  batch.append(Tables(p.reg.tables()).flows);
  CHECK(totals(batch, donations()).total() == Money::parse("296314"));
  CHECK(refused([&] { (void)trace(p.reg, Node(p.plan)); }).reason == "state");
}

TEST_CASE("the room all flows share counts a correction's size: no sum of any of them can overflow") {
  Registry reg;
  const PartnerId a = reg.add_partner({"a"}), b = reg.add_partner({"b"});
  const Money half = Money::from_fen(std::numeric_limits<std::int64_t>::max() / 2);
  reg.add_flow({a, b, half});
  reg.add_flow({.source = a, .target = b, .amount = -half, .correction = true});
  CHECK(refused([&] { reg.add_flow({a, b, Money::from_fen(10)}); }).reason == "overflow");
}
