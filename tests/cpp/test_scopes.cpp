// Scopes: a partner standing for several organisations (count), money credited to a pair from
// outside its eastern tree (credited_to), and only(p), a partner's own records alone.
#include <doctest/doctest.h>
#include <shanhai/io/archive.hpp>
#include <shanhai/shanhai.hpp>

#include <string>

using namespace shanhai;

namespace {

// A city pair around a district pair, a firm of no one's tree, and a firm of the district's.
struct Pairs {
  Registry reg;
  PartnerId city, district, other_district, prefecture, county, firm;
  PairingId city_pair, district_pair;
  Date y = Date::parse("2023");
  Pairs() {
    city = reg.add_partner({.name = "东市", .kind = PartnerKind::city, .side = Side::east});
    district = reg.add_partner({.name = "东区", .kind = PartnerKind::district, .parent = city});
    other_district = reg.add_partner({.name = "另区", .kind = PartnerKind::district, .parent = city});
    prefecture = reg.add_partner({.name = "西州", .kind = PartnerKind::city, .side = Side::west});
    county = reg.add_partner({.name = "西县", .kind = PartnerKind::county, .parent = prefecture});
    firm = reg.add_partner({.name = "引进企业", .kind = PartnerKind::enterprise, .side = Side::east});
    city_pair = reg.pair({.a = city, .b = prefecture, .kind = PairingKind::east_west, .since = Date::parse("2017")});
    district_pair = reg.pair({.a = district, .b = county, .kind = PairingKind::east_west, .since = Date::parse("2017")});
    reg.add_flow({.source = city, .target = prefecture, .amount = Money::parse("300万"), .date = y, .kind = FlowKind::fiscal});
    reg.add_flow({.source = district, .target = county, .amount = Money::parse("200万"), .date = y, .kind = FlowKind::fiscal});
  }
  Money funds(ReportScope sc) const {
    sc.year = 2023;
    return report(reg, sc).money("funds.total");
  }
};

}  // namespace

TEST_CASE("3 firms invested 2670.9万: industry.enterprises 3, and a pairing of 3 firms counts 3") {
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "东区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId west = reg.add_partner({.name = "西县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village = reg.add_partner({.name = "某村", .kind = PartnerKind::village, .parent = west});
  const PartnerId firms = reg.add_partner(
      {.name = "三家企业", .kind = PartnerKind::enterprise, .side = Side::east, .parent = east, .count = 3});
  const Date y = Date::parse("2023");
  reg.add_flow({.source = firms, .target = west, .amount = Money::parse("2670.9万"), .date = y, .kind = FlowKind::investment});
  const Report r = report(reg, {.year = 2023, .east = east, .west = west});
  CHECK(r.count("industry.enterprises") == 3);
  CHECK(r.money("industry.investment") == Money::parse("2670.9万"));
  CHECK_FALSE(r.at("funds.total").reported);  // investment is not aid
  reg.pair({.a = firms, .b = village, .kind = PairingKind::enterprise_village, .since = Date::parse("2023")});
  CHECK(report(reg, {.year = 2023}).count("pairing.enterprise_village") == 3);
  CHECK(report(reg, {.year = 2023}).count("pairing.villages") == 1);
  // a count is kept by every file kind; a negative one is refused and changes nothing
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml})
    CHECK(io::from_bytes(io::to_bytes(reg, f)).partners().count == reg.partners().count);
  const std::string before = io::to_bytes(reg, io::Format::text);
  CHECK_THROWS_AS(reg.add_partner({.name = "负", .kind = PartnerKind::enterprise, .count = -1}), validation_error);
  CHECK(io::to_bytes(reg, io::Format::text) == before);
}

TEST_CASE("money credited to a pair counts in its report and every enclosing pair's, not in the district's trace") {
  Pairs p;
  p.reg.add_flow({.source = p.firm, .target = p.county, .amount = Money::parse("100万"), .date = p.y,
                  .kind = FlowKind::donation, .credited_to = p.district_pair});
  CHECK(p.funds({.east = p.district, .west = p.county}) == Money::parse("300万"));   // 200 + the credited 100
  CHECK(p.funds({.east = p.city, .west = p.prefecture}) == Money::parse("600万"));   // 300 + 200 + 100
  CHECK(p.funds({.east = p.other_district, .west = p.county}) == Money());         // not its pair's
  CHECK(totals(p.reg, {.origin = p.district}).total() == Money::parse("300万"));
  // the firm is not below the district: a trace of all that left it does not follow the credit
  CHECK(trace(p.reg, p.district, {.below = true}).outflow() == Money::parse("200万"));
  CHECK(trace(p.reg, p.city, {.below = true}).outflow() == Money::parse("500万"));
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const Registry back = io::from_bytes(io::to_bytes(p.reg, f));
    CHECK(back.flows().credited_to == p.reg.flows().credited_to);
    CHECK(report(back, {.year = 2023, .east = p.district, .west = p.county}).money("funds.total") == Money::parse("300万"));
  }
}

TEST_CASE("a credit is refused on a part, on the pair's own money and on a pairing with no east, and changes nothing") {
  Pairs p;
  const FlowId root = p.reg.add_flow({.source = p.firm, .target = p.county, .amount = Money::parse("50万"), .date = p.y,
                                      .kind = FlowKind::donation, .credited_to = p.district_pair});
  const PartnerId village = p.reg.add_partner({.name = "某村", .kind = PartnerKind::village, .parent = p.county});
  const PairingId west_only = p.reg.pair({.a = p.county, .b = village, .kind = PairingKind::other});
  const std::string before = io::to_bytes(p.reg, io::Format::text);
  auto refused = [&](const FlowSpec& s) {
    try {
      p.reg.add_flow(s);
      FAIL("accepted");
    } catch (const validation_error& e) {
      CHECK(e.where().table == "flows");
      CHECK(e.where().field == "credited_to");
    }
    CHECK(io::to_bytes(p.reg, io::Format::text) == before);
  };
  refused({.source = p.county, .target = village, .amount = Money::parse("1万"), .date = p.y, .parent = root,
           .credited_to = p.district_pair});
  refused({.source = p.district, .target = p.county, .amount = Money::parse("1万"), .date = p.y,
           .credited_to = p.district_pair});
  refused({.source = p.firm, .target = village, .amount = Money::parse("1万"), .date = p.y, .credited_to = west_only});
  CHECK_THROWS_AS(p.reg.add_flow({.source = p.firm, .target = p.county, .amount = Money::parse("1万"),
                                  .credited_to = PairingId(99)}),
                  not_found);
  CHECK(io::to_bytes(p.reg, io::Format::text) == before);
  // a partition cannot split a credited flow from its pairing yet: refused, not miscounted
  CHECK_THROWS_AS(partition(p.reg, PartitionSpec{.parts = 2}), validation_error);
}

TEST_CASE("only(p): the partner's own records, not its subtree") {
  Pairs p;
  CHECK(p.funds({.east = p.city, .west = p.prefecture}) == Money::parse("500万"));
  CHECK(p.funds({.east = only(p.city), .west = p.prefecture}) == Money::parse("300万"));
  CHECK(p.funds({.east = p.city, .west = only(p.prefecture)}) == Money::parse("300万"));
  CHECK(totals(p.reg, {.source = only(p.city)}).total() == Money::parse("300万"));
  CHECK(totals(p.reg, {.source = p.city}).total() == Money::parse("500万"));
  CHECK(totals(p.reg, {.target = only(p.prefecture)}).total() == Money::parse("300万"));
  CHECK(totals(p.reg, {.origin = only(p.city)}).total() == Money::parse("300万"));
  // the city's own events and labour, not its districts'
  p.reg.add_event({.kind = EventKind::joint_meeting, .date = p.y, .partners = {p.city, p.prefecture}});
  p.reg.add_event({.kind = EventKind::joint_meeting, .date = p.y, .partners = {p.district, p.county}});
  p.reg.add_labour({.east = p.district, .west = p.county, .persons = 40, .date = p.y});
  const Report own = report(p.reg, {.year = 2023, .east = only(p.city), .west = only(p.prefecture)});
  CHECK(own.count("leadership.meetings") == 1);
  CHECK_FALSE(own.at("labour.employed").reported);
  const Report all = report(p.reg, {.year = 2023, .east = p.city, .west = p.prefecture});
  CHECK(all.count("leadership.meetings") == 2);
  CHECK(all.count("labour.employed") == 40);
  // a published figure keeps partners, not only(): refused, and nothing changes
  const std::string before = io::to_bytes(p.reg, io::Format::text);
  CHECK_THROWS_AS(p.reg.expect_total({.amount = Money::parse("300万"), .scope = {.source = only(p.city)}}),
                  validation_error);
  CHECK(io::to_bytes(p.reg, io::Format::text) == before);
}
