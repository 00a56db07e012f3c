// Counting honestly: deduplicated totals (Registry::totals) and the year's report
// (Registry::report), on small registries whose every figure is computed by hand.
//
// 1万 = 1,000,000 fen; every expectation is written in 万 or 元 and converted by Money::parse.
#include <shanhai/analysis/check.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/synthetic.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <thread>

using namespace shanhai;

namespace {

Money m(const char* text) { return Money::parse(text); }
Date d(const char* text) { return Date::parse(text); }
std::int64_t key_of(Node n) { return std::int64_t(n.packed()); }
std::int64_t key_of(FlowKind k) { return std::int64_t(k); }
std::int64_t key_of(Sector s) { return std::int64_t(s); }

Money sum_of_groups(const Totals& t) {
  Money sum;
  for (const auto& [key, value] : t.groups()) sum += value;
  return sum;
}

/// The guide's example (docs/guide.md): a 1000万 fiscal total whose listed parts (600万 + 250万 fiscal, 80万
/// donation) explain 930万 of it.
///
///   厦门市 (east)  ── root 1000万 fiscal, industry ──────────────────▶ 临夏市 (west)
///   厦门市         ── part 600万 fiscal, industry ──▶ 枹罕镇 (in 临夏市)
///   厦门市         ── part 250万 fiscal, education ─▶ 城郊镇 (in 临夏市)
///   某企业 (in 厦门市) ── part 80万 donation ──────────────────────────▶ 临夏市
struct DesignExample {
  Registry reg;
  PartnerId xiamen, company, linxia, fuhan, chengjiao;
  FlowId root, p600, p250, p80;

  DesignExample() {
    xiamen = reg.add_partner({.name = "厦门市", .kind = PartnerKind::city, .side = Side::east});
    company = reg.add_partner({.name = "某企业", .kind = PartnerKind::enterprise, .parent = xiamen});
    linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
    fuhan = reg.add_partner({.name = "枹罕镇", .kind = PartnerKind::town, .parent = linxia});
    chengjiao = reg.add_partner({.name = "城郊镇", .kind = PartnerKind::town, .parent = linxia});
    root = reg.add_flow({.source = xiamen, .target = linxia, .amount = m("1000万"), .date = d("2018"),
                         .kind = FlowKind::fiscal, .purpose = Sector::industry});
    p600 = reg.add_flow({.source = xiamen, .target = fuhan, .amount = m("600万"), .date = d("2018-03"),
                         .kind = FlowKind::fiscal, .purpose = Sector::industry, .parent = root});
    p250 = reg.add_flow({.source = xiamen, .target = chengjiao, .amount = m("250万"), .date = d("2018-04"),
                         .kind = FlowKind::fiscal, .purpose = Sector::education, .parent = root});
    p80 = reg.add_flow({.source = company, .target = linxia, .amount = m("80万"), .date = d("2018-05"),
                        .kind = FlowKind::donation, .parent = root});
  }
};

/// The seed: 思明区 → 临夏市 984万, of which 34万 went to 王坪村 (a part).
struct SeedPair {
  Registry reg;
  PartnerId siming, linxia, fuhan, wangping;
  FlowId total, part;

  SeedPair() {
    siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
    linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
    fuhan = reg.add_partner({.name = "枹罕镇", .kind = PartnerKind::town, .parent = linxia});
    wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = fuhan});
    total = reg.add_flow({.source = siming, .target = linxia, .amount = m("984万"), .date = d("2018"),
                          .kind = FlowKind::fiscal, .purpose = Sector::industry});
    part = reg.add_flow({.source = siming, .target = wangping, .amount = m("34万"), .date = d("2018-05"),
                         .kind = FlowKind::fiscal, .purpose = Sector::industry, .parent = total});
  }
};

}  // namespace

TEST_CASE_FIXTURE(DesignExample, "(a) parts split a total and the unexplained remainder stays under the parent") {
  const Totals t = totals(reg, {}, {Field::kind});
  CHECK(t.total() == m("1000万"));                      // the root, counted once
  CHECK(t[{key_of(FlowKind::fiscal)}] == m("920万"));   // 600 + 250 (parts) + 70 (remainder, parent's kind)
  CHECK(t[{key_of(FlowKind::donation)}] == m("80万"));
  CHECK(t[{key_of(FlowKind::investment)}] == Money());  // absent groups read as zero
  CHECK(t.groups().size() == 2);
  CHECK(t.reported() == m("1930万"));                   // 1000 + 600 + 250 + 80, as printed
  CHECK(t.unexplained() == m("70万"));                  // 1000 − (600 + 250 + 80)
  CHECK(sum_of_groups(t) == t.total());

  // only fiscal money: the remainder (fiscal, the parent's kind) and the two fiscal parts
  const Totals fiscal = totals(reg, {.kinds = {FlowKind::fiscal}});
  CHECK(fiscal.total() == m("920万"));
  CHECK(fiscal.reported() == m("1850万"));  // 1000 + 600 + 250
  CHECK(fiscal.unexplained() == m("70万"));
  CHECK(totals(reg, {.kinds = {FlowKind::donation}}).total() == m("80万"));
  CHECK(totals(reg, {.kinds = {FlowKind::fiscal, FlowKind::donation}}).total() == m("1000万"));
  CHECK(totals(reg, {.kinds = {FlowKind::wage}}).total() == Money());

  // by purpose: industry = 70 (remainder) + 600; education = 250; unspecified = 80
  const Totals purpose = totals(reg, {}, {Field::purpose});
  CHECK(purpose[{key_of(Sector::industry)}] == m("670万"));
  CHECK(purpose[{key_of(Sector::education)}] == m("250万"));
  CHECK(purpose[{key_of(Sector::unspecified)}] == m("80万"));
  CHECK(totals(reg, {.purposes = {Sector::education}}).total() == m("250万"));

  // by target: 临夏市 gets the remainder and the donation (70 + 80), the towns their parts
  const Totals target = totals(reg, {}, {Field::target});
  CHECK(target[{key_of(linxia)}] == m("150万"));
  CHECK(target[{key_of(fuhan)}] == m("600万"));
  CHECK(target[{key_of(chengjiao)}] == m("250万"));

  // the report says the same
  const Report rep = report(reg, {.year = 2018, .east = xiamen, .west = linxia});
  CHECK(rep.money("funds.total") == m("1000万"));
  CHECK(rep.money("funds.fiscal") == m("920万"));
  CHECK(rep.money("funds.donation") == m("80万"));
  CHECK(rep.money("funds.reported_sum") == m("1930万"));
  CHECK(rep.money("funds.unexplained") == m("70万"));
  CHECK(rep.reported_flows() == std::vector<FlowId>{root, p600, p250, p80});
}

TEST_CASE_FIXTURE(DesignExample, "(a') a part that explains everything leaves no remainder") {
  // 70万 more, fiscal, to 临夏市 itself: the parts now add up to the parent
  reg.add_flow({.source = xiamen, .target = linxia, .amount = m("70万"), .date = d("2018"),
                .kind = FlowKind::fiscal, .parent = root});
  const Totals t = totals(reg, {}, {Field::kind});
  CHECK(t.total() == m("1000万"));
  CHECK(t.unexplained() == Money());
  CHECK(t.reported() == m("2000万"));
  CHECK(t[{key_of(FlowKind::fiscal)}] == m("920万"));
}

TEST_CASE_FIXTURE(SeedPair, "(b) the seed: a part is inside its total and a boundary counts what crosses it") {
  const Totals all = totals(reg, {});
  CHECK(all.total() == m("984万"));
  CHECK(all.reported() == m("1018万"));    // 984 + 34
  CHECK(all.unexplained() == m("950万"));  // 984 − 34
  CHECK(all.groups().size() == 1);         // by no field: one group with the empty key
  CHECK(all[{}] == m("984万"));

  // into 王坪村: only the 34万 crosses its boundary
  const Totals village = totals(reg, {.boundary = wangping});
  CHECK(village.total() == m("34万"));
  CHECK(village.reported() == m("34万"));
  CHECK(village.unexplained() == Money());
  // into 临夏市: both cross it, the part is inside the total
  CHECK(totals(reg, {.boundary = linxia}).total() == m("984万"));
  CHECK(totals(reg, {.boundary = linxia}).reported() == m("1018万"));
  CHECK(totals(reg, {.boundary = siming}).total() == Money());  // nothing goes into 思明区

  SUBCASE("a pass-through of the remainder is never added again") {
    // 临夏市 hands 200万 of the 984万 on to 王坪村
    const FlowId passed = reg.add_flow({.source = linxia, .target = wangping, .amount = m("200万"),
                                        .date = d("2018-06"), .kind = FlowKind::fiscal, .parent = total});
    REQUIRE(reg.link(passed) == Link::pass_through);
    const Totals t = totals(reg, {});
    CHECK(t.total() == m("984万"));
    CHECK(t.reported() == m("1218万"));  // 984 + 34 + 200
    CHECK(t.unexplained() == m("950万"));  // pass-throughs are not parts: 984 − 34
    // from 临夏市 alone, the 200万 is where the money enters: counted
    CHECK(totals(reg, {.source = linxia}).total() == m("200万"));
    CHECK(totals(reg, {.source = siming}).total() == m("984万"));
    // into 王坪村: the part and the pass-through both cross its boundary first
    CHECK(totals(reg, {.boundary = wangping}).total() == m("234万"));
    // into 临夏市: the pass-through is internal
    CHECK(totals(reg, {.boundary = linxia}).total() == m("984万"));
    CHECK(totals(reg, {.boundary = linxia}).reported() == m("1018万"));
    // to 王坪村 (target filter): 34 (part; its parent's target 临夏市 is not at or below 王坪村) + 200
    CHECK(totals(reg, {.target = wangping}).total() == m("234万"));
    CHECK(totals(reg, {.source = siming, .target = wangping}).total() == m("34万"));

    SUBCASE("and neither is a part of a pass-through") {
      // 王坪村's household gets 50万 of the 200万: a part of the pass-through
      const HouseholdId h = reg.add_household({.number = "622901100201000001", .village = wangping});
      const FlowId detail = reg.add_flow({.source = linxia, .target = h, .amount = m("50万"), .date = d("2018-07"),
                                          .kind = FlowKind::fiscal, .parent = passed});
      REQUIRE(reg.link(detail) == Link::part);
      CHECK(totals(reg, {}).total() == m("984万"));
      CHECK(totals(reg, {}).reported() == m("1268万"));
      // into 王坪村: 34 + 200 (its 150 remainder + the 50 part)
      const Totals into = totals(reg, {.boundary = wangping});
      CHECK(into.total() == m("234万"));
      CHECK(into.unexplained() == m("150万"));
      CHECK(totals(reg, {.target = h}).total() == m("50万"));
    }
  }
}

TEST_CASE("(c) a pass-through chain: province → 思明区 → 临夏市 → village") {
  Registry reg;
  const PartnerId fujian = reg.add_partner({.name = "福建省", .kind = PartnerKind::province, .side = Side::east});
  const PartnerId siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .parent = fujian});
  const PartnerId linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = linxia});
  const FlowId f0 = reg.add_flow({.source = fujian, .target = siming, .amount = m("1000万"), .date = d("2018"),
                                  .kind = FlowKind::fiscal});
  const FlowId f1 = reg.add_flow({.source = siming, .target = linxia, .amount = m("600万"), .date = d("2018"),
                                  .kind = FlowKind::fiscal, .parent = f0});
  const FlowId f2 = reg.add_flow({.source = linxia, .target = village, .amount = m("100万"), .date = d("2018"),
                                  .kind = FlowKind::fiscal, .parent = f1});
  REQUIRE(reg.link(f1) == Link::pass_through);
  REQUIRE(reg.link(f2) == Link::pass_through);
  CHECK(reg.root(f2) == f0);
  CHECK(reg.origin(f2) == Node(fujian));

  CHECK(totals(reg, {}).total() == m("1000万"));       // counted once, at the root
  CHECK(totals(reg, {}).reported() == m("1700万"));    // 1000 + 600 + 100
  CHECK(totals(reg, {}).unexplained() == Money());     // no parts, nothing unexplained
  CHECK(totals(reg, {.boundary = linxia}).total() == m("600万"));    // f1 crosses; f2 is internal
  CHECK(totals(reg, {.boundary = village}).total() == m("100万"));   // only f2 crosses
  CHECK(totals(reg, {.boundary = siming}).total() == m("1000万"));   // f0 crosses into 思明区
  CHECK(totals(reg, {.boundary = fujian}).total() == Money());       // f0 is internal; f1 leaves
  CHECK(totals(reg, {.boundary = linxia, .origin = fujian}).total() == m("600万"));
  // origin is where the chain started (the root's source), so 思明区 is not the origin of f1
  CHECK(totals(reg, {.boundary = linxia, .origin = siming}).total() == Money());
  CHECK(totals(reg, {.origin = fujian}).total() == m("1000万"));
  // from 思明区 on: f1 is where that money enters the scope
  CHECK(totals(reg, {.source = siming}).total() == m("600万"));
  CHECK(totals(reg, {.source = linxia}).total() == m("100万"));
  // from 福建省 and below: f0 and f1 (思明区 is in 福建省) match, but f1 passes on money counted at f0
  CHECK(totals(reg, {.source = fujian}).total() == m("1000万"));
  CHECK(totals(reg, {.source = fujian}).reported() == m("1600万"));

  const Totals by_origin = totals(reg, {}, {Field::origin});
  CHECK(by_origin.groups().size() == 1);
  CHECK(by_origin[{key_of(fujian)}] == m("1000万"));
}

TEST_CASE_FIXTURE(SeedPair, "(d) pledges and commitments are reported beside disbursements and never inside") {
  const FlowId promised = reg.add_flow({.source = siming, .target = linxia, .amount = m("500万"), .date = d("2018"),
                                        .kind = FlowKind::fiscal, .stage = Stage::commitment});
  reg.add_flow({.source = siming, .target = wangping, .amount = m("100万"), .date = d("2018"),
                .kind = FlowKind::fiscal, .stage = Stage::commitment, .parent = promised});  // a part of it
  reg.add_flow({.source = siming, .target = linxia, .amount = m("2000万"), .date = d("2018"),
                .kind = FlowKind::donation, .stage = Stage::pledge});
  reg.add_flow({.source = linxia, .target = wangping, .amount = m("30万"), .date = d("2018"),
                .kind = FlowKind::fiscal, .stage = Stage::expenditure});

  CHECK(totals(reg, {}).total() == m("984万"));  // the default stage is disbursement
  CHECK(totals(reg, {}).reported() == m("1018万"));
  CHECK(totals(reg, {.stage = Stage::disbursement}).total() == m("984万"));
  CHECK(totals(reg, {.stage = Stage::commitment}).total() == m("500万"));
  CHECK(totals(reg, {.stage = Stage::commitment}).reported() == m("600万"));
  CHECK(totals(reg, {.stage = Stage::pledge}).total() == m("2000万"));
  CHECK(totals(reg, {.stage = Stage::expenditure}).total() == m("30万"));

  const Report rep = report(reg, {.year = 2018, .east = siming, .west = linxia});
  CHECK(rep.money("funds.total") == m("984万"));
  CHECK(rep.money("funds.reported_sum") == m("1018万"));
  CHECK(rep.money("funds.committed") == m("500万"));
  CHECK(rep.money("funds.pledged") == m("2000万"));
  CHECK(rep.money("funds.donation") == Money());  // the pledged donation is not a disbursed one
  CHECK(rep.reported_flows() == std::vector<FlowId>{total, part});
}

TEST_CASE_FIXTURE(SeedPair, "(e) the year filter: a part dated in another year counts in its own year") {
  reg.add_flow({.source = siming, .target = linxia, .amount = m("100万"), .date = d("2017-12-31"),
                .kind = FlowKind::fiscal});
  reg.add_flow({.source = siming, .target = linxia, .amount = m("500万"), .date = d("2019-01"),
                .kind = FlowKind::donation});
  reg.add_flow({.source = siming, .target = linxia, .amount = m("7万"), .kind = FlowKind::other});  // no date
  CHECK(totals(reg, {.year = 2017}).total() == m("100万"));
  CHECK(totals(reg, {.year = 2018}).total() == m("984万"));
  CHECK(totals(reg, {.year = 2019}).total() == m("500万"));
  CHECK(totals(reg, {.year = 2020}).total() == Money());
  CHECK(totals(reg, {}).total() == m("1591万"));  // 100 + 984 + 500 + 7

  const Totals by_year = totals(reg, {}, {Field::year});
  CHECK(by_year[{2017}] == m("100万"));
  CHECK(by_year[{2018}] == m("984万"));
  CHECK(by_year[{2019}] == m("500万"));
  CHECK(by_year[{0}] == m("7万"));  // undated money keys as year 0
  CHECK(sum_of_groups(by_year) == m("1591万"));

  // a 2018 total with a 60万 part paid in January 2019: 2018 keeps the remainder
  const FlowId late_total = reg.add_flow({.source = siming, .target = linxia, .amount = m("100万"),
                                          .date = d("2018-12"), .kind = FlowKind::fiscal});
  reg.add_flow({.source = siming, .target = wangping, .amount = m("60万"), .date = d("2019-01-15"),
                .kind = FlowKind::fiscal, .parent = late_total});
  CHECK(totals(reg, {.year = 2018}).total() == m("1024万"));  // 984 + (100 − 60)
  CHECK(totals(reg, {.year = 2019}).total() == m("560万"));   // 500 + 60
  // the years still add up to the total: 7 (undated) + 100 + 1024 + 560
  CHECK(totals(reg, {}).total() == m("1691万"));
  const Totals years = totals(reg, {}, {Field::year});
  CHECK(years[{2018}] == m("1024万"));
  CHECK(years[{2019}] == m("560万"));
  CHECK(sum_of_groups(years) == m("1691万"));
}

TEST_CASE_FIXTURE(DesignExample, "(f) groups by several fields add up to the total") {
  const Totals t = totals(reg, {}, {Field::source, Field::kind});
  CHECK(t.by() == std::vector<Field>{Field::source, Field::kind});
  CHECK(t.groups().size() == 2);
  CHECK(t[{key_of(xiamen), key_of(FlowKind::fiscal)}] == m("920万"));  // 70 + 600 + 250
  CHECK(t[{key_of(company), key_of(FlowKind::donation)}] == m("80万"));
  CHECK(t[{key_of(company), key_of(FlowKind::fiscal)}] == Money());
  CHECK(sum_of_groups(t) == m("1000万"));

  // a second, unrelated pair and a pass-through inside it
  const PartnerId ningde = reg.add_partner({.name = "宁德市", .kind = PartnerKind::city, .side = Side::east});
  const PartnerId kangle = reg.add_partner({.name = "康乐县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId kv = reg.add_partner({.name = "某村", .kind = PartnerKind::village, .parent = kangle});
  const FlowId other = reg.add_flow({.source = ningde, .target = kangle, .amount = m("300万"), .date = d("2019"),
                                     .kind = FlowKind::fiscal, .purpose = Sector::agriculture});
  reg.add_flow({.source = kangle, .target = kv, .amount = m("100万"), .date = d("2019"),
                .kind = FlowKind::fiscal, .parent = other});
  reg.add_flow({.source = ningde, .target = kv, .amount = m("120万"), .date = d("2019"),
                .kind = FlowKind::donation, .parent = other});  // a part, beside the pass-through

  const std::vector<std::vector<Field>> groupings = {
      {},
      {Field::source},
      {Field::target},
      {Field::kind, Field::purpose},
      {Field::source, Field::kind},
      {Field::year, Field::origin, Field::stage},
      {Field::source, Field::target, Field::kind, Field::stage, Field::purpose, Field::year, Field::origin},
  };
  const std::vector<Scope> scopes = {
      {}, {.year = 2019}, {.boundary = kangle}, {.boundary = kv}, {.kinds = {FlowKind::donation}}, {.origin = ningde},
  };
  for (const Scope& scope : scopes)
    for (const auto& by : groupings) {
      const Totals g = totals(reg, scope, by);
      CHECK(sum_of_groups(g) == g.total());
      CHECK(g.total() == totals(reg, scope).total());
      CHECK(g.total() <= g.reported());
    }
  // hand-computed: 1000 + 300
  CHECK(totals(reg, {}).total() == m("1300万"));
  // 宁德市's 300万: 120 donation (part), 180 investment remainder
  const Totals kinds = totals(reg, {.origin = ningde}, {Field::kind});
  CHECK(kinds[{key_of(FlowKind::fiscal)}] == m("180万"));
  CHECK(kinds[{key_of(FlowKind::donation)}] == m("120万"));
  CHECK(kinds.unexplained() == m("180万"));
  // into the village: the pass-through 100 and the part 120 both cross
  CHECK(totals(reg, {.boundary = kv}).total() == m("220万"));

  // partial results merge exactly
  Totals merged = totals(reg, {.year = 2018}, {Field::kind});
  merged += totals(reg, {.year = 2019}, {Field::kind});
  const Totals whole = totals(reg, {}, {Field::kind});
  CHECK(merged.groups() == whole.groups());
  CHECK(merged.total() == whole.total());
  CHECK(merged.reported() == whole.reported());
  CHECK(merged.unexplained() == whole.unexplained());
  Totals wrong = totals(reg, {}, {Field::source});
  CHECK_THROWS_AS(wrong += whole, validation_error);
  CHECK(wrong.total() == m("1300万"));  // unchanged
}

TEST_CASE_FIXTURE(SeedPair, "totals and report refuse unknown ids") {
  CHECK_THROWS_AS((void)totals(reg, {.boundary = PartnerId(4)}), not_found);
  CHECK_THROWS_AS((void)totals(reg, {.origin = PartnerId(40)}), not_found);
  CHECK_THROWS_AS((void)totals(reg, {.source = PartnerId(4)}), not_found);
  CHECK_THROWS_AS((void)totals(reg, {.target = HouseholdId(0)}), not_found);
  CHECK_THROWS_AS((void)report(reg, {.east = PartnerId(4)}), not_found);
  CHECK_THROWS_AS((void)report(reg, {.west = PartnerId(99)}), not_found);
  try {
    (void)totals(reg, {.boundary = PartnerId(4)});
  } catch (const not_found& e) {
    CHECK(std::string(e.what()).find("totals boundary") != std::string::npos);
  }
}

namespace {

/// A small pair for the report, with records inside, outside and beside it.
///
///   福建省 (east)                         甘肃省 (west)
///     思明区                                临夏市                          永靖县
///       某企业 (enterprise)                   枹罕镇                           某村 (village)
///   宁德市 (east, no parent)                    王坪村, 罗家堡村 (villages)
struct ReportPair {
  Registry reg;
  PartnerId fujian, siming, company, ningde, gansu, linxia, fuhan, wangping, luojia, yongjing, yj_village;
  ProjectId workshop, farm, school, factory, old;
  HouseholdId h0, h1, h2, h3, h4;
  FlowId f0, f1, f3, f4, f12;

  ReportPair() {
    fujian = reg.add_partner({.name = "福建省", .kind = PartnerKind::province, .side = Side::east});
    siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .parent = fujian});
    company = reg.add_partner({.name = "某企业", .kind = PartnerKind::enterprise, .parent = siming});
    ningde = reg.add_partner({.name = "宁德市", .kind = PartnerKind::city, .side = Side::east});
    gansu = reg.add_partner({.name = "甘肃省", .kind = PartnerKind::province, .side = Side::west});
    linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .parent = gansu});
    fuhan = reg.add_partner({.name = "枹罕镇", .kind = PartnerKind::town, .parent = linxia});
    wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = fuhan});
    luojia = reg.add_partner({.name = "罗家堡村", .kind = PartnerKind::village, .parent = fuhan});
    yongjing = reg.add_partner({.name = "永靖县", .kind = PartnerKind::county, .parent = gansu});
    yj_village = reg.add_partner({.name = "某村", .kind = PartnerKind::village, .parent = yongjing});

    // leadership
    reg.add_event({.kind = EventKind::signing, .date = d("2017-08"), .partners = {siming, linxia}});
    reg.add_event({.kind = EventKind::joint_meeting, .date = d("2018-04"), .partners = {siming, linxia}});
    reg.add_event({.kind = EventKind::research_visit, .date = d("2018-06"), .partners = {siming}});
    reg.add_event({.kind = EventKind::inspection, .date = d("2018-09"), .partners = {linxia}});
    reg.add_event({.kind = EventKind::inspection, .date = d("2018"), .partners = {ningde, yongjing}});  // outside
    reg.add_event({.kind = EventKind::joint_meeting, .date = d("2019-03"), .partners = {siming, linxia}});

    // talent: person-times
    const ExchangeId x0 = reg.add_exchange({.sender = siming, .host = linxia, .role = Role::teacher,
                                            .person_times = 8, .persons = 5, .date = d("2018")});
    reg.add_exchange({.sender = siming, .host = linxia, .role = Role::cadre, .persons = 3, .date = d("2018")});
    reg.add_exchange({.sender = siming, .host = fuhan, .role = Role::teacher, .person_times = 5, .date = d("2018"),
                      .part_of = x0});  // inside x0, never beside it
    reg.add_exchange({.sender = linxia, .host = siming, .role = Role::doctor, .person_times = 4, .date = d("2018")});
    reg.add_exchange({.sender = siming, .host = linxia, .role = Role::cadre, .person_times = 10, .date = d("2019")});
    reg.add_exchange({.sender = ningde, .host = linxia, .role = Role::cadre, .person_times = 7, .date = d("2018")});
    reg.add_exchange({.sender = company, .host = wangping, .role = Role::technician, .person_times = 2,
                      .date = d("2018-07")});
    reg.add_training({.organiser = siming, .location = linxia, .role = Role::teacher, .trainees = 800,
                      .date = d("2018")});
    reg.add_training({.organiser = linxia, .role = Role::worker, .trainees = 50, .date = d("2018-10")});
    reg.add_training({.organiser = ningde, .location = yongjing, .role = Role::doctor, .trainees = 30,
                      .date = d("2018")});  // outside
    reg.add_training({.organiser = siming, .location = linxia, .role = Role::teacher, .trainees = 100,
                      .date = d("2019")});

    // pairings
    reg.pair({.a = siming, .b = linxia, .kind = PairingKind::east_west, .since = d("2017-08")});
    reg.pair({.a = company, .b = wangping, .kind = PairingKind::enterprise_village, .since = d("2018-03")});
    reg.pair({.a = siming, .b = luojia, .kind = PairingKind::street_village, .since = d("2016"), .until = d("2017")});
    reg.pair({.a = ningde, .b = yongjing, .kind = PairingKind::east_west, .since = d("2017")});  // outside
    reg.pair({.a = siming, .b = luojia, .kind = PairingKind::street_village, .since = d("2019")});

    // projects
    workshop = reg.add_project({.name = "扶贫车间", .sector = Sector::industry, .location = linxia, .start = d("2018"),
                                .outputs = {{"workshops", 20}}});
    farm = reg.add_project({.name = "养殖合作社", .sector = Sector::agriculture, .location = wangping,
                            .start = d("2017"), .outputs = {{"workshops", 2}, {"sheds", 40}}});  // funded in 2018
    school = reg.add_project({.name = "学校", .sector = Sector::education, .location = luojia, .start = d("2018")});
    factory = reg.add_project({.name = "工厂", .sector = Sector::industry, .location = yongjing, .start = d("2018"),
                               .outputs = {{"workshops", 5}}});  // outside
    old = reg.add_project({.name = "旧车间", .sector = Sector::industry, .location = linxia, .start = d("2016"),
                           .outputs = {{"workshops", 3}}});  // neither started nor funded in 2018

    // households and benefits
    h0 = reg.add_household({.number = "H0", .village = wangping, .members = 4});
    h1 = reg.add_household({.number = "H1", .village = luojia, .members = 3});
    h2 = reg.add_household({.number = "H2", .village = wangping});
    h3 = reg.add_household({.number = "H3", .village = yj_village});
    h4 = reg.add_household({.number = "H4", .village = wangping});
    reg.add_benefit({.beneficiary = h0, .via = workshop, .kind = BenefitKind::employment, .date = d("2018-09"),
                     .persons = 1});
    reg.add_benefit({.beneficiary = h0, .via = farm, .kind = BenefitKind::dividend, .date = d("2018-12"),
                     .amount = m("800元")});  // the same household again
    reg.add_benefit({.beneficiary = h1, .via = school, .kind = BenefitKind::education, .date = d("2018")});
    reg.add_benefit({.via = workshop, .kind = BenefitKind::employment, .date = d("2018"), .persons = 900});
    reg.add_benefit({.via = linxia, .kind = BenefitKind::employment, .date = d("2018"), .persons = 120});
    reg.add_benefit({.via = farm, .kind = BenefitKind::income, .date = d("2018"), .persons = 100, .households = 30});
    reg.add_benefit({.beneficiary = h2, .via = workshop, .kind = BenefitKind::employment, .date = d("2019"),
                     .persons = 1});
    reg.add_benefit({.beneficiary = h3, .via = factory, .kind = BenefitKind::employment, .date = d("2018"),
                     .persons = 5});  // outside

    // wishes
    const WishId w0 = reg.add_wish({.household = h0, .text = "书包和文具", .cost = m("300元"), .date = d("2018-11")});
    reg.claim_wish(w0, siming, d("2018-11-20"));
    reg.fulfil_wish(w0, d("2018-12-01"));
    const WishId w1 = reg.add_wish({.household = h1, .text = "冬衣", .cost = m("200元"), .date = d("2018-12")});
    reg.claim_wish(w1, company, d("2018-12-28"));
    reg.add_wish({.household = h0, .text = "台灯", .cost = m("100元"), .date = d("2018")});
    const WishId w3 = reg.add_wish({.household = h1, .text = "自行车", .cost = m("50元"), .date = d("2018")});
    reg.cancel_wish(w3, d("2018-12-31"));
    reg.add_wish({.household = h0, .text = "书桌", .cost = m("80元"), .date = d("2019-01")});
    reg.add_wish({.household = h3, .text = "电视", .cost = m("1000元"), .date = d("2018")});  // outside

    // money
    f0 = reg.add_flow({.source = siming, .target = linxia, .amount = m("984万"), .date = d("2018"),
                       .kind = FlowKind::fiscal, .purpose = Sector::industry});
    f1 = reg.add_flow({.source = siming, .target = wangping, .amount = m("34万"), .date = d("2018-05"),
                       .kind = FlowKind::fiscal, .purpose = Sector::industry, .parent = f0});
    reg.add_flow({.source = linxia, .target = farm, .amount = m("200万"), .date = d("2018-06"),
                  .kind = FlowKind::fiscal, .parent = f0});  // pass-through, internal to 临夏市
    f3 = reg.add_flow({.source = company, .target = h0, .amount = m("5000元"), .date = d("2018-08"),
                       .kind = FlowKind::donation});
    f4 = reg.add_flow({.source = siming, .target = h4, .amount = m("2000元"), .date = d("2018-08"),
                       .kind = FlowKind::donation});
    reg.add_flow({.source = siming, .target = linxia, .amount = m("500万"), .date = d("2018"),
                  .kind = FlowKind::fiscal, .stage = Stage::commitment});
    reg.add_flow({.source = siming, .target = linxia, .amount = m("2000万"), .date = d("2018"),
                  .kind = FlowKind::donation, .stage = Stage::pledge});
    reg.add_flow({.source = siming, .target = linxia, .amount = m("300万"), .date = d("2018"),
                  .kind = FlowKind::purchase});  // trade, not assistance
    reg.add_flow({.source = siming, .target = linxia, .amount = m("500万"), .date = d("2019"),
                  .kind = FlowKind::fiscal});
    reg.add_flow({.source = ningde, .target = linxia, .amount = m("10万"), .date = d("2018"),
                  .kind = FlowKind::donation});  // from another east partner
    reg.add_flow({.source = siming, .target = yongjing, .amount = m("50万"), .date = d("2018"),
                  .kind = FlowKind::fiscal});  // to another west county
    reg.add_flow({.source = fujian, .target = linxia, .amount = m("100万"), .date = d("2018"),
                  .kind = FlowKind::fiscal});  // from above 思明区
    f12 = reg.add_flow({.source = company, .target = workshop, .amount = m("20万"), .date = d("2018"),
                        .kind = FlowKind::investment});
  }
};

}  // namespace

TEST_CASE_FIXTURE(ReportPair, "(g) the year's report for one pair") {
  const Report rep = report(reg, {.year = 2018, .east = siming, .west = linxia});
  CHECK(rep.scope().year == 2018);

  // leadership: the 2018 joint meeting; the research visit and the inspection (the signing is
  // 2017, the other inspection names neither side, the second meeting is 2019)
  CHECK(rep.count("leadership.meetings") == 1);
  CHECK(rep.count("leadership.visits") == 2);

  // talent, in person-times: 8 teachers + 3 cadres (persons, as person-times) + 2 technicians from
  // the enterprise; the 5 teachers inside the 8 are not added; 宁德市's 7 are not from 思明区
  CHECK(rep.count("talent.dispatched") == 13);
  CHECK(rep.count("talent.dispatched.teacher") == 8);
  CHECK(rep.count("talent.dispatched.cadre") == 3);
  CHECK(rep.count("talent.dispatched.technician") == 2);
  CHECK(rep.count("talent.dispatched.doctor") == 0);
  CHECK(rep.count("talent.received") == 4);
  CHECK(rep.count("talent.received.doctor") == 4);
  CHECK(rep.count("talent.trained") == 850);  // 800 teachers + 50 workers
  CHECK(rep.count("talent.trained.teacher") == 800);
  CHECK(rep.count("talent.trained.worker") == 50);
  CHECK(rep.count("talent.trained.doctor") == 0);
  CHECK(rep.count("labour.trained") == 50);

  // funds: 984万 (950 remainder + 34 part) fiscal, 5000元 + 2000元 donations. Left out: the
  // internal pass-through, the commitment and the pledge (beside), the purchase (trade) and the
  // company's 20万 investment (both beside, never inside), 2019, 宁德市's and 福建省's money (not from
  // 思明区), the 50万 to 永靖县.
  CHECK(rep.money("funds.total") == m("984.7万"));
  CHECK(rep.money("funds.fiscal") == m("984万"));
  CHECK(rep.money("funds.donation") == m("7000元"));
  CHECK_FALSE(rep.contains("funds.investment"));
  CHECK(rep.money("funds.in_kind") == Money());
  CHECK_FALSE(rep.at("funds.in_kind").reported);  // no in-kind aid recorded: not a reported zero
  CHECK(rep.money("funds.reported_sum") == m("1018.7万"));  // 984 + 34 + 0.5 + 0.2
  CHECK(rep.money("consumption.purchases") == m("300万"));
  CHECK(rep.money("industry.investment") == m("20万"));  // the company (under 思明区) into the workshop
  CHECK(rep.money("funds.unexplained") == m("950万"));
  CHECK(rep.money("funds.committed") == m("500万"));
  CHECK(rep.money("funds.pledged") == m("2000万"));
  CHECK_FALSE(rep.contains("funds.purchase"));
  CHECK(rep.reported_flows() == std::vector<FlowId>{f0, f1, f3, f4});
  Money kinds;
  for (FlowKind k : kinds_of(FlowClass::aid)) kinds += rep.money("funds." + std::string(to_string(k)));
  CHECK(kinds == rep.money("funds.total"));

  // projects: the workshop (2018), the farm (started 2017, funded in 2018) and the school
  // (education: a project of another sector is a project); not the factory (永靖县) nor the old workshop
  CHECK(rep.count("industry.projects") == 3);
  CHECK(rep.count("industry.projects.industry") == 1);
  CHECK(rep.count("industry.projects.agriculture") == 1);
  CHECK(rep.count("industry.projects.education") == 1);
  CHECK_FALSE(rep.at("industry.projects.water").reported);
  CHECK(rep.count("industry.workshops") == 22);  // 20 + 2
  CHECK(rep.count("industry.jobs") == 901);      // 1 (h0) + 900 (aggregate), both via projects
  CHECK(rep.count("labour.employed") == 120);    // via 临夏市 itself, not a project

  // pairing: east_west 思明区–临夏市 and the enterprise–王坪村 pairing are active in 2018; the
  // street–village pairing ended in 2017 and the next starts in 2019; 宁德市–永靖县 is outside
  CHECK(rep.count("pairing.east_west") == 1);
  CHECK(rep.count("pairing.enterprise_village") == 1);
  CHECK(rep.count("pairing.street_village") == 0);
  CHECK(rep.count("pairing.villages") == 1);  // 王坪村

  // reach: h0 (three records: two benefits and a flow), h1 (a benefit), h4 (a flow); h2's benefit is
  // 2019, h3 is outside
  CHECK(rep.count("reach.households") == 3);
  CHECK(rep.count("reach.households_reported") == 30);
  CHECK(rep.count("reach.persons_reported") == 1120);  // 900 + 120 + 100

  // wishes submitted in 2018 in 临夏市: fulfilled, claimed, open, cancelled (not the 2019 one nor h3's)
  CHECK(rep.count("wishes.submitted") == 4);
  CHECK(rep.count("wishes.claimed") == 2);  // claimed, and claimed then fulfilled
  CHECK(rep.count("wishes.fulfilled") == 1);
  CHECK(rep.money("wishes.value") == m("600元"));  // 300 + 200 + 100: submitted and not cancelled (50 was)
}

TEST_CASE_FIXTURE(ReportPair, "(g) the report's years and the whole registry") {
  const Report r2017 = report(reg, {.year = 2017, .east = siming, .west = linxia});
  CHECK(r2017.count("pairing.east_west") == 1);       // since 2017-08
  CHECK(r2017.count("pairing.street_village") == 1);  // 2016–2017
  CHECK(r2017.count("pairing.enterprise_village") == 0);
  CHECK(r2017.count("pairing.villages") == 1);  // 罗家堡村
  CHECK(r2017.count("industry.projects") == 1);  // the farm started in 2017
  CHECK(r2017.money("funds.total") == Money());

  const Report r2019 = report(reg, {.year = 2019, .east = siming, .west = linxia});
  CHECK(r2019.count("pairing.east_west") == 1);
  CHECK(r2019.count("pairing.street_village") == 1);
  CHECK(r2019.count("pairing.villages") == 2);  // 王坪村 and 罗家堡村
  CHECK(r2019.count("talent.dispatched.cadre") == 10);
  CHECK(r2019.count("talent.trained") == 100);
  CHECK(r2019.count("leadership.meetings") == 1);
  CHECK(r2019.money("funds.total") == m("500万"));
  CHECK(r2019.count("reach.households") == 1);  // h2
  CHECK(r2019.count("wishes.submitted") == 1);
  CHECK(r2019.money("wishes.value") == m("80元"));

  // the whole registry, every year: sides decide east and west
  const Report all = report(reg, {});
  // dispatched: 8 + 3 + 10 (2019) + 7 (宁德市) + 2; received: 4
  CHECK(all.count("talent.dispatched") == 30);
  CHECK(all.count("talent.received") == 4);
  CHECK(all.count("leadership.meetings") == 2);
  CHECK(all.count("leadership.visits") == 3);
  CHECK(all.count("pairing.east_west") == 2);
  CHECK(all.count("pairing.street_village") == 2);
  // roots 984 + 0.5 + 0.2 + 500 (2019) + 10 + 50 + 100; the purchase and the investment are not assistance
  CHECK(all.money("funds.total") == m("1644.7万"));
  CHECK(all.money("funds.reported_sum") == m("1878.7万"));  // + 34 (part) + 200 (pass-through)
  CHECK(all.money("consumption.purchases") == m("300万"));
  CHECK(all.money("industry.investment") == m("20万"));
  CHECK(all.count("wishes.submitted") == 6);
  CHECK(all.money("wishes.value") == m("1680元"));  // 300 + 200 + 100 + 80 + 1000; the cancelled 50 is out
  CHECK(all.count("reach.households") == 5);  // h0, h1, h2 (2019), h3 (outside the pair), h4
}

TEST_CASE_FIXTURE(ReportPair, "(g) the report's indicators: keys and units and labels") {
  const Report rep = report(reg, {.year = 2018, .east = siming, .west = linxia});
  std::set<std::string> keys;
  for (const Indicator& i : rep.indicators()) {
    CAPTURE(i.key);
    CHECK(keys.insert(i.key).second);  // each key once
    CHECK_FALSE(i.label_zh.empty());
    CHECK_FALSE(i.label_en.empty());
    CHECK(i.key.rfind(i.area + ".", 0) == 0);
  }
  for (const char* key : {"leadership.meetings", "leadership.visits", "talent.dispatched", "talent.received",
                          "talent.trained", "funds.total", "funds.fiscal", "funds.donation", "industry.investment",
                          "funds.in_kind", "funds.reported_sum", "funds.committed", "funds.unexplained",
                          "industry.projects", "industry.workshops", "industry.jobs", "labour.employed",
                          "labour.trained", "pairing.east_west", "pairing.villages", "reach.households",
                          "reach.persons_reported", "wishes.submitted", "wishes.claimed", "wishes.fulfilled",
                          "wishes.value"}) {
    CAPTURE(std::string(key));
    CHECK(rep.contains(key));
  }
  for (std::size_t r = 0; r < enum_count<Role>; ++r) {
    const std::string role(to_string(Role(r)));
    CHECK(rep.contains("talent.dispatched." + role));
    CHECK(rep.contains("talent.received." + role));
    CHECK(rep.contains("talent.trained." + role));
  }
  for (std::size_t k = 0; k < enum_count<PairingKind>; ++k)
    CHECK(rep.contains("pairing." + std::string(to_string(PairingKind(k)))));
  CHECK(rep.at("funds.total").unit == Unit::yuan);
  CHECK(rep.at("talent.dispatched").unit == Unit::person_times);
  CHECK(rep.at("talent.trained").unit == Unit::trainees);
  CHECK(rep.at("reach.households").unit == Unit::households);
  CHECK(rep.at("industry.jobs").unit == Unit::persons);
  CHECK(rep.at("wishes.value").unit == Unit::yuan);
  CHECK(rep.at("funds.total").value == 984'700'000);  // fen

  CHECK_THROWS_AS((void)rep.at("funds.nothing"), not_found);
  CHECK_THROWS_AS((void)rep.money("talent.dispatched"), validation_error);  // a count, not money
  CHECK_THROWS_AS((void)rep.count("funds.total"), validation_error);        // money, not a count
  CHECK_FALSE(rep.contains("funds.nothing"));
}

TEST_CASE("the README C++ example") {
  Registry reg;
  auto siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  auto linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  reg.add_flow({.source = siming, .target = linxia, .amount = Money::parse("984万"), .date = Date::parse("2018"),
                .kind = FlowKind::fiscal});
  Report rep = report(reg, {.year = 2018});
  CHECK(rep.money("funds.total").fen() == 984'000'000);  // 984万 yuan in fen
  CHECK(rep.count("talent.dispatched") == 0);
}

// The counting rule of the guide, written as plainly as possible: a flow of the stage counts its
// own value (amount less its parts) when every link up to its root is a part link.
// Every kind: the plain rule does not know classes (aid alone is the default scope).
const Scope every_kind{.kinds = {FlowKind::fiscal, FlowKind::donation, FlowKind::investment, FlowKind::in_kind,
                                 FlowKind::purchase, FlowKind::dividend, FlowKind::wage, FlowKind::other}};

std::map<Totals::Key, Money> plain_totals(const Registry& reg, const std::vector<Field>& by) {
  const FlowTable& f = reg.flows();
  std::map<Totals::Key, Money> out;
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    if (f.stage[i] != Stage::disbursement) continue;
    bool counted = true;
    for (FlowId c(i); f.parent[c.value]; c = f.parent[c.value]) counted = counted && reg.link(c) == Link::part;
    const Money own = f.amount[i] - reg.parts(FlowId(i));
    if (!counted || own <= Money()) continue;
    Totals::Key key;
    for (Field field : by) switch (field) {
        case Field::source: key.push_back(std::int64_t(f.source[i].packed())); break;
        case Field::target: key.push_back(std::int64_t(f.target[i].packed())); break;
        case Field::origin: key.push_back(std::int64_t(reg.origin(FlowId(i)).packed())); break;
        case Field::kind: key.push_back(std::int64_t(f.kind[i])); break;
        case Field::stage: key.push_back(std::int64_t(f.stage[i])); break;
        case Field::purpose: key.push_back(std::int64_t(f.purpose[i])); break;
        case Field::year: key.push_back(f.date[i].year()); break;
        case Field::currency: key.push_back(std::int64_t(f.currency[i].packed())); break;
      }
    out[key] += own;
  }
  return out;
}

TEST_CASE("totals: groups in an array or a table give the plain rule's figures") {
  // a group is a number, a digit a field: an array holds the few codes of kinds and years, a
  // table the many of nodes, kinds, stages, purposes and a year since 1950
  Registry reg = synthetic({70'000, 3'000, 5});
  const auto& p = reg.partners();
  reg.add_flow({PartnerId(0), PartnerId(std::uint32_t(p.size() - 1)), m("1万"), d("1950"), FlowKind::fiscal});
  const std::vector<std::vector<Field>> groupings{
      {},                                  // one group: an array of one
      {Field::kind, Field::year},          // an array
      {Field::source, Field::kind, Field::year},
      {Field::target, Field::origin, Field::purpose},
      {Field::source, Field::target, Field::origin, Field::kind, Field::stage, Field::purpose, Field::year}};
  for (const auto& by : groupings) {
    CAPTURE(by.size());
    const Totals t = totals(reg, every_kind, by);
    const auto plain = plain_totals(reg, by);
    CHECK(t.groups() == plain);
    Money sum;
    for (const auto& [key, money] : plain) sum += money;
    CHECK(t.total() == sum);
  }
  CHECK(totals(reg, every_kind, groupings.back()).groups().size() > 500);
}

TEST_CASE("totals: groups beyond 64 bits (three node fields of tens of thousands, every kind, purpose and year)") {
  // 27,000 sources, targets and origins (each flow a root), 8 kinds, 13 purposes and years 1 to
  // 9999: 27,000^3 * 8 * 13 * 9999 codes, more than 2^64
  Registry reg;
  constexpr std::uint32_t n = 27'000;
  std::vector<PartnerId> east, west;
  for (std::uint32_t i = 0; i < n; ++i) {
    east.push_back(reg.add_partner({.name = "东" + std::to_string(i), .kind = PartnerKind::district, .side = Side::east}));
    west.push_back(reg.add_partner({.name = "西" + std::to_string(i), .kind = PartnerKind::county, .side = Side::west}));
  }
  for (std::uint32_t i = 0; i < n; ++i)
    reg.add_flow({.source = east[i], .target = west[(i * 7919) % n], .amount = Money::from_fen(100 + i),
                  .date = Date::ymd(i == 0 ? 1 : i == 1 ? 9999 : 2018 + int(i % 5), 1, 1),
                  .kind = FlowKind(i % enum_count<FlowKind>), .purpose = Sector(i % enum_count<Sector>)});
  const std::vector<Field> by{Field::source, Field::target, Field::origin, Field::kind, Field::purpose, Field::year};
  const Totals t = totals(reg, every_kind, by);
  CHECK(t.size() == n);
  CHECK(t.groups() == plain_totals(reg, by));
  CHECK(t[{key_of(east[1]), key_of(west[7919]), key_of(east[1]), 1, 1, 9999}] == Money::from_fen(101));
}

// Chains that mix kinds: trade passed on under aid and a donation under it; a purchase with an
// aid part, and a donation passed on from the part.
struct MixedChains {
  Registry reg;
  PartnerId a, b, c;
  FlowId aid, bought, trade, part;
  explicit MixedChains(Registry r) : reg(std::move(r)) {
    a = reg.add_partner({.name = "甲区", .kind = PartnerKind::district, .side = Side::east});
    b = reg.add_partner({.name = "乙县", .kind = PartnerKind::county, .side = Side::west});
    c = reg.add_partner({.name = "丙村", .kind = PartnerKind::village, .parent = b});
    aid = reg.add_flow({a, b, m("100万"), d("2018"), FlowKind::fiscal});
    bought = reg.add_flow({.source = b, .target = c, .amount = m("60万"), .date = d("2018"), .kind = FlowKind::purchase,
                           .parent = aid});
    reg.add_flow({.source = c, .target = a, .amount = m("10万"), .date = d("2019"), .kind = FlowKind::donation,
                  .parent = bought});
    trade = reg.add_flow({a, c, m("80万"), d("2019"), FlowKind::purchase});
    part = reg.add_flow({.source = a, .target = c, .amount = m("30万"), .date = d("2019"), .kind = FlowKind::fiscal,
                         .parent = trade});
    reg.add_flow({.source = c, .target = b, .amount = m("5万"), .date = d("2019"), .kind = FlowKind::donation,
                  .parent = part});
  }
};

TEST_CASE("totals: chains of several kinds count each yuan where a flow of the scope's kinds first holds it") {
  const MixedChains x{Registry()};
  REQUIRE(x.reg.link(x.bought) == Link::pass_through);
  REQUIRE(x.reg.link(x.part) == Link::part);
  // aid: the 100万 at its root and the 30万 aid part of a purchase; the donations were counted above
  const Totals aid = totals(x.reg, {});
  CHECK(aid.total() == m("130万"));
  CHECK(aid.reported() == m("145万"));
  // trade alone: the 60万 passed on (aid above it is not trade) and the purchase's 50万 beyond its part
  const Totals trade = totals(x.reg, {.kinds = {FlowKind::purchase}});
  CHECK(trade.total() == m("110万"));
  CHECK(trade.reported() == m("140万"));
  CHECK(trade.unexplained() == m("50万"));
  // donations alone: nothing above them is a donation
  CHECK(totals(x.reg, {.kinds = {FlowKind::donation}}).total() == m("15万"));
  // all three: each yuan once, where it first entered
  const Totals all = totals(x.reg, {.kinds = {FlowKind::fiscal, FlowKind::purchase, FlowKind::donation}}, {Field::kind});
  CHECK(all.total() == m("180万"));
  CHECK(all.reported() == m("285万"));
  CHECK(all[{key_of(FlowKind::fiscal)}] == m("130万"));
  CHECK(all[{key_of(FlowKind::purchase)}] == m("50万"));
  CHECK(all[{key_of(FlowKind::donation)}] == Money());
}

TEST_CASE("totals: a scope of a stage and kinds alone counts as a scope of any field does") {
  // such a scope reads which flows count from the chains' kinds, made once; any other field makes
  // the kernel follow every chain in the call
  std::vector<Sector> every_purpose;
  for (std::size_t s = 0; s < enum_count<Sector>; ++s) every_purpose.push_back(Sector(s));
  const std::vector<std::vector<FlowKind>> kind_sets{
      {}, {FlowKind::purchase}, {FlowKind::fiscal, FlowKind::donation}, {FlowKind::donation}, every_kind.kinds};
  const std::vector<std::vector<Field>> groupings{
      {}, {Field::kind}, {Field::target, Field::kind}, {Field::source, Field::year}, {Field::origin}};
  for (const MixedChains& x : {MixedChains(Registry()), MixedChains(synthetic({3'000, 4'000, 7}))})
    for (const auto& kinds : kind_sets)
      for (const auto& by : groupings)
        for (const bool every_stage : {false, true}) {
          CAPTURE(x.reg.flows().size());
          CAPTURE(kinds.size());
          CAPTURE(by.size());
          CAPTURE(every_stage);
          const Totals fast = totals(x.reg, {.kinds = kinds}, by, {.every_stage = every_stage});
          const Totals followed = totals(x.reg, {.kinds = kinds, .purposes = every_purpose}, by, {.every_stage = every_stage});
          CHECK(fast.groups() == followed.groups());
          CHECK(fast.counted() == followed.counted());
          CHECK(fast.reported() == followed.reported());
          CHECK(fast.unexplained() == followed.unexplained());
        }
}

TEST_CASE("Totals keeps its groups in key order: added in any order, merged, looked up") {
  Totals t({Field::kind, Field::year});
  t.add(std::vector<std::int64_t>{1, 2019}, m("3万"), false);
  t.add(std::vector<std::int64_t>{0, 2020}, m("2万"), true);
  t.add(std::vector<std::int64_t>{1, 2018}, m("1万"), false);
  t.add(std::vector<std::int64_t>{0, 2020}, m("1万"), false);
  REQUIRE(t.size() == 3);
  CHECK(std::vector<std::int64_t>(t.key(0).begin(), t.key(0).end()) == std::vector<std::int64_t>{0, 2020});
  CHECK(t.money(0) == m("3万"));
  CHECK(std::vector<std::int64_t>(t.key(2).begin(), t.key(2).end()) == std::vector<std::int64_t>{1, 2019});
  CHECK(t[{1, 2018}] == m("1万"));
  CHECK(t[{1, 2017}] == Money());
  CHECK(t.total() == m("7万"));
  CHECK(t.unexplained() == m("2万"));
  Totals other({Field::kind, Field::year});
  other.add(std::vector<std::int64_t>{0, 2019}, m("5万"), false);
  other.add(std::vector<std::int64_t>{1, 2019}, m("1万"), false);
  t += other;
  CHECK(t.groups() == std::map<Totals::Key, Money>{{{0, 2019}, m("5万")}, {{0, 2020}, m("3万")},
                                                    {{1, 2018}, m("1万")}, {{1, 2019}, m("4万")}});
  CHECK(t.total() == m("13万"));
  CHECK_THROWS_AS(t.add(std::vector<std::int64_t>{1}, m("1万"), false), validation_error);  // a key of one field for two
  Totals by_year({Field::year});
  CHECK_THROWS_AS(t += by_year, validation_error);
}

TEST_CASE("GroupSums: an array or a table of codes up to 128 bits, in order") {
  using Wide = detail::WideCode;
  const Wide big = Wide(1) << 100;
  detail::GroupSums<Wide> one(big, 1 << 16), two(big, 1 << 16);
  one.add(big - 1, m("1万"));
  one.add(Wide(7), m("2万"));
  two.add(big - 1, m("3万"));
  two.add(Wide(1) << 70, m("4万"));
  for (std::uint64_t i = 0; i < 1000; ++i) two.add(Wide(i) << 64 | 5, Money::from_fen(1));  // the table grows
  one.add(two);
  const auto sorted = one.sorted();
  REQUIRE(sorted.size() == 1003);
  CHECK(sorted.front().first == Wide(5));  // 0 << 64 | 5
  CHECK(sorted[1].first == Wide(7));
  CHECK(sorted[1].second == m("2万"));
  CHECK(sorted[2].first == (Wide(1) << 64 | 5));
  CHECK(sorted.back().first == big - 1);
  CHECK(sorted.back().second == m("4万"));
  CHECK(std::is_sorted(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; }));
  detail::GroupSums<std::uint64_t> dense(10, 1 << 16);
  dense.add(std::uint64_t(9), m("1万"));
  dense.add(std::uint64_t(2), m("1万"));
  dense.add(std::uint64_t(9), m("1万"));
  CHECK(dense.sorted() == std::vector<std::pair<std::uint64_t, Money>>{{2, m("1万")}, {9, m("2万")}});
}

TEST_CASE("totals: pieces counted on every core add up to the plain rule's figures") {
  // enough flows to be cut into pieces, one per core, whose groups and sums are merged
  const Registry reg = synthetic({2'000, 2 * detail::rows_per_thread + 1'000, 11});
  REQUIRE(detail::pieces_for(reg.flows().size()) == std::min<std::size_t>(2, std::max(1u, std::thread::hardware_concurrency())));
  for (const std::vector<Field>& by : {std::vector<Field>{}, {Field::source, Field::kind, Field::year}}) {
    const Totals t = totals(reg, every_kind, by);
    CHECK(t.groups() == plain_totals(reg, by));
  }
  const Totals scoped = totals(reg, Scope{.year = 2018}, {Field::kind});
  Money sum;
  for (const auto& [key, money] : scoped.groups()) sum += money;
  CHECK(scoped.total() == sum);
  CHECK(scoped.reported() >= scoped.total());
}

TEST_CASE("in_parallel: every row in exactly one piece and a piece's exception reaches the caller") {
  for (std::size_t n : {std::size_t(0), std::size_t(7), 3 * detail::rows_per_thread + 5}) {
    std::vector<int> seen(n, 0);
    detail::in_parallel(n, [&](std::size_t, std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) ++seen[i];
    });
    CHECK(std::count(seen.begin(), seen.end(), 1) == std::ptrdiff_t(n));
  }
  const std::size_t n = 4 * detail::rows_per_thread;
  CHECK_THROWS_WITH_AS(detail::in_parallel(n, [&](std::size_t, std::size_t, std::size_t end) {
                         if (end == n) throw validation_error("the last piece failed");
                       }),
                       "the last piece failed", validation_error);
  CHECK_THROWS_AS(detail::in_parallel(n, [&](std::size_t piece, std::size_t, std::size_t) {
                    if (piece == 0) throw validation_error("the first piece failed");
                  }),
                  validation_error);
}

TEST_CASE("the Lintao shape: village and social-organisation pairings, undated, symposia and leaders' visits") {
  // Cangshan → Lintao, 2020 (public report, our transcription): 10 village–village pairings and
  // 5 social organisations paired with 5 villages, start dates not published; a joint meeting,
  // two symposia and a visit of the leaders
  Registry reg;
  const PartnerId cangshan = reg.add_partner({.name = "仓山区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId lintao = reg.add_partner({.name = "临洮县", .kind = PartnerKind::county, .side = Side::west});
  for (int i = 0; i < 10; ++i) {
    const PartnerId e = reg.add_partner({.name = "东村" + std::to_string(i), .kind = PartnerKind::village, .parent = cangshan});
    const PartnerId w = reg.add_partner({.name = "西村" + std::to_string(i), .kind = PartnerKind::village, .parent = lintao});
    reg.pair({.a = e, .b = w, .kind = PairingKind::village_village});
    if (i < 5) {
      const PartnerId org = reg.add_partner({.name = "组织" + std::to_string(i), .kind = PartnerKind::social_org, .parent = cangshan});
      reg.pair({.a = org, .b = w, .kind = PairingKind::social_org_village});
    }
  }
  const Date y = Date::parse("2020");
  reg.add_event({.kind = EventKind::joint_meeting, .date = y, .partners = {cangshan, lintao}});
  reg.add_event({.kind = EventKind::symposium, .date = y, .partners = {cangshan, lintao}});
  reg.add_event({.kind = EventKind::symposium, .date = y, .partners = {lintao}});
  reg.add_event({.kind = EventKind::high_level_visit, .date = y, .partners = {cangshan, lintao}});
  const Report rep = report(reg, {.year = 2020, .east = cangshan, .west = lintao});
  CHECK(rep.count("pairing.village_village") == 10);
  CHECK(rep.count("pairing.social_org_village") == 5);
  CHECK(rep.count("pairing.villages") == 20);  // both ends of the village pairings, each once
  CHECK_FALSE(rep.at("pairing.town_town").reported);
  CHECK(rep.count("leadership.meetings") == 3);
  CHECK(rep.count("leadership.meetings.symposium") == 2);
  CHECK(rep.count("leadership.meetings.joint_meeting") == 1);
  CHECK(rep.count("leadership.visits") == 1);
  CHECK(rep.count("leadership.visits.high_level_visit") == 1);
  CHECK_FALSE(rep.at("leadership.visits.research_visit").reported);
  std::size_t undated = 0;
  for (const Finding& f : check(reg, {}))
    if (f.code == "undated_pairing") {
      ++undated;
      CHECK(f.severity == Severity::info);
    }
  CHECK(undated == 15);
}

TEST_CASE("a project known by its name only is not counted and check lists it") {
  Registry reg;
  reg.add_project({.name = "某项目"});                           // a name only: cannot be placed
  reg.add_project({.name = "水利项目", .sector = Sector::water});  // its sector is enough
  const Report rep = report(reg, {});
  CHECK(rep.count("industry.projects") == 1);
  CHECK(rep.count("industry.projects.water") == 1);
  CHECK_FALSE(rep.at("industry.projects.unspecified").reported);
  std::vector<std::string> codes;
  for (const Finding& f : check(reg, {})) codes.push_back(f.code);
  CHECK(codes == std::vector<std::string>{"unplaced_project"});
}

TEST_CASE("reach counts every household a record names, each once, and the persons employed") {
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "东区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId county = reg.add_partner({.name = "西县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village = reg.add_partner({.name = "一村", .kind = PartnerKind::village, .parent = county});
  const PartnerId elsewhere = reg.add_partner({.name = "他县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId far = reg.add_partner({.name = "他村", .kind = PartnerKind::village, .parent = elsewhere});
  std::vector<HouseholdId> h;
  for (int i = 0; i < 6; ++i) h.push_back(reg.add_household({.village = i < 5 ? village : far, .members = 3}));
  const PersonId worker = reg.add_person({.household = h[2], .relation = Relation::head});
  const ProjectId shop = reg.add_project({.name = "车间", .sector = Sector::industry, .location = village});
  // h0 by a benefit; h1 by a wish fulfilled (h3's wish is only claimed); h2 by two months of work
  // and a benefit (once); h4 by a family pairing; h5 (another county) by a wish fulfilled
  reg.add_benefit({.beneficiary = h[0], .via = shop, .kind = BenefitKind::employment, .date = d("2020-05")});
  reg.add_benefit({.beneficiary = h[2], .via = shop, .kind = BenefitKind::employment, .date = d("2020-05")});
  const WishId w1 = reg.add_wish({.household = h[1], .text = "书包", .date = d("2020-03-01")});
  reg.claim_wish(w1, east, d("2020-03-02"));
  reg.fulfil_wish(w1, d("2020-04-01"));
  const WishId w3 = reg.add_wish({.household = h[3], .text = "棉衣", .date = d("2020-03-01")});
  reg.claim_wish(w3, east, d("2020-03-02"));
  const WishId w5 = reg.add_wish({.household = h[5], .text = "台灯", .date = d("2020-03-01")});
  reg.claim_wish(w5, east, d("2020-03-02"));
  reg.fulfil_wish(w5, d("2020-04-01"));
  reg.add_employment({.workshop = shop, .person = worker, .month = d("2020-06")});
  reg.add_employment({.workshop = shop, .person = worker, .month = d("2020-07")});
  const PartnerId family = reg.add_partner({.name = "爱心家庭", .kind = PartnerKind::other, .side = Side::east});
  reg.pair({.a = family, .b = h[4], .kind = PairingKind::family_household, .since = d("2020-01")});

  const Report all = report(reg, {.year = 2020});
  CHECK(all.count("reach.households") == 5);  // h0, h1, h2, h4, h5
  CHECK(all.count("reach.persons") == 1);     // the worker, over two months
  const Report in_county = report(reg, {.year = 2020, .west = county});
  CHECK(in_county.count("reach.households") == 4);  // not h5
  CHECK(report(reg, {.year = 2019}).count("reach.households") == 0);
  CHECK_FALSE(report(reg, {.year = 2019}).at("reach.persons").reported);
}
