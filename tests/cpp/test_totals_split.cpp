// Totals split by stage (every stage at once) and totals by a level of the partner tree
// (target.province): each figure computed by hand, in exact fen.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

using namespace shanhai;

namespace {

Money m(const char* text) { return Money::parse(text); }
Date d(const char* text) { return Date::parse(text); }
std::int64_t key_of(Node n) { return std::int64_t(n.packed()); }
std::int64_t key_of(Stage s) { return std::int64_t(s); }

Money sum_of_groups(const Totals& t) {
  Money sum;
  for (const auto& [key, value] : t.groups()) sum += value;
  return sum;
}

/// 思明区 → 临夏市 at four stages; a commitment with a part, a disbursement with a part.
struct Staged {
  Registry reg;
  PartnerId siming, linxia, wangping;

  Staged() {
    siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
    linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
    wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = linxia});
    const FlowId paid = reg.add_flow({.source = siming, .target = linxia, .amount = m("984万"), .date = d("2018"),
                                      .kind = FlowKind::fiscal});
    reg.add_flow({.source = siming, .target = wangping, .amount = m("34万"), .date = d("2018-05"),
                  .kind = FlowKind::fiscal, .parent = paid});
    const FlowId promised = reg.add_flow({.source = siming, .target = linxia, .amount = m("500万"), .date = d("2018"),
                                          .kind = FlowKind::fiscal, .stage = Stage::commitment});
    reg.add_flow({.source = siming, .target = wangping, .amount = m("100万"), .date = d("2018"),
                  .kind = FlowKind::fiscal, .stage = Stage::commitment, .parent = promised});
    reg.add_flow({.source = siming, .target = linxia, .amount = m("2000万"), .date = d("2018"),
                  .kind = FlowKind::donation, .stage = Stage::pledge});
    reg.add_flow({.source = linxia, .target = wangping, .amount = m("30万"), .date = d("2018"),
                  .kind = FlowKind::fiscal, .stage = Stage::expenditure});
  }
};

/// 甘肃省 > 临夏州 > {临夏市 > 王坪村, 和政县}, 甘肃省 > 兰州市 > 城关区; 思明区 (no province above it).
///   思明区 → 临夏市 900万 (a part of 100万 to 王坪村), → 和政县 300万, → 城关区 200万,
///   → a household of 王坪村 5万, → a project in 和政县 7万; 城关区 → 思明区 1万 (nothing above 思明区).
struct Tree {
  Registry reg;
  PartnerId gansu, linxiazhou, linxia, wangping, hezheng, lanzhou, chengguan, siming;
  HouseholdId house;
  ProjectId workshop;

  Tree() {
    gansu = reg.add_partner({.name = "甘肃省", .kind = PartnerKind::province, .side = Side::west});
    linxiazhou = reg.add_partner({.name = "临夏州", .kind = PartnerKind::city, .parent = gansu});
    linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .parent = linxiazhou});
    wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = linxia});
    hezheng = reg.add_partner({.name = "和政县", .kind = PartnerKind::county, .parent = linxiazhou});
    lanzhou = reg.add_partner({.name = "兰州市", .kind = PartnerKind::city, .parent = gansu});
    chengguan = reg.add_partner({.name = "城关区", .kind = PartnerKind::district, .parent = lanzhou});
    siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
    house = reg.add_household({.number = "622901100201000001", .village = wangping});
    workshop = reg.add_project({.name = "扶贫车间", .sector = Sector::industry, .location = hezheng, .start = d("2018")});
    const FlowId big = reg.add_flow({.source = siming, .target = linxia, .amount = m("900万"), .date = d("2018"),
                                     .kind = FlowKind::fiscal});
    reg.add_flow({.source = siming, .target = wangping, .amount = m("100万"), .date = d("2018"),
                  .kind = FlowKind::fiscal, .parent = big});
    reg.add_flow({.source = siming, .target = hezheng, .amount = m("300万"), .date = d("2018"), .kind = FlowKind::fiscal});
    reg.add_flow({.source = siming, .target = chengguan, .amount = m("200万"), .date = d("2018"), .kind = FlowKind::fiscal});
    reg.add_flow({.source = siming, .target = house, .amount = m("5万"), .date = d("2018"), .kind = FlowKind::fiscal});
    reg.add_flow({.source = siming, .target = workshop, .amount = m("7万"), .date = d("2018"), .kind = FlowKind::fiscal});
    reg.add_flow({.source = chengguan, .target = siming, .amount = m("1万"), .date = d("2018"), .kind = FlowKind::donation});
  }
};

}  // namespace

TEST_CASE_FIXTURE(Staged, "totals at every stage: each stage's groups are that stage's totals") {
  const Totals all = totals(reg, {}, {}, {.every_stage = true});
  CHECK(all.by() == std::vector<Field>{Field::stage});
  CHECK(all.every_stage());
  CHECK(all.stages() == 4);
  for (Stage s : {Stage::pledge, Stage::commitment, Stage::disbursement, Stage::expenditure}) {
    CAPTURE(to_string(s));
    CHECK(all[{key_of(s)}] == totals(reg, {.stage = s}).total());
  }
  CHECK(all[{key_of(Stage::pledge)}] == m("2000万"));
  CHECK(all[{key_of(Stage::commitment)}] == m("500万"));
  CHECK(all[{key_of(Stage::disbursement)}] == m("984万"));
  CHECK(all[{key_of(Stage::expenditure)}] == m("30万"));
  CHECK(all.counted() == m("3514万"));  // each stage's total summed: not a total of anything
  CHECK(all.reported() == m("3648万"));

  // with other fields, stage goes first and each stage splits as its own totals do
  const Totals by_target = totals(reg, {}, {Field::target}, {.every_stage = true});
  CHECK(by_target.by() == std::vector<Field>{Field::stage, Field::target});
  for (Stage s : {Stage::pledge, Stage::commitment, Stage::disbursement, Stage::expenditure}) {
    const Totals one = totals(reg, {.stage = s}, {Field::target});
    for (const auto& [key, money] : one.groups()) CHECK(by_target[{key_of(s), key[0]}] == money);
  }
  CHECK(by_target[{key_of(Stage::commitment), key_of(wangping)}] == m("100万"));
  CHECK(by_target[{key_of(Stage::commitment), key_of(linxia)}] == m("400万"));
  CHECK(sum_of_groups(by_target) == all.counted());

  // a field named already is not added twice
  CHECK(totals(reg, {}, {Field::kind, Field::stage}, {.every_stage = true}).by() ==
        std::vector<Field>{Field::kind, Field::stage});
}

TEST_CASE_FIXTURE(Staged, "the total of several stages is refused and of one stage given") {
  const Totals all = totals(reg, {}, {}, {.every_stage = true});
  try {
    (void)all.total();
    FAIL("a total across stages was given");
  } catch (const validation_error& e) {
    CHECK(e.where().field == "stage");
    CHECK(e.where().reason == reason::rule);
  }
  // one stage alone (a scope that only one stage has money in): its total is that stage's
  const Totals one = totals(reg, {.kinds = {FlowKind::donation}}, {}, {.every_stage = true});
  CHECK(one.stages() == 1);
  CHECK(one.total() == m("2000万"));
  // the stage as a field of a single stage's totals is not refused
  CHECK(totals(reg, {}, {Field::stage}).total() == m("984万"));
}

TEST_CASE_FIXTURE(Tree, "totals by target.province equal the sum of its cities' totals") {
  const Totals by_city = totals(reg, {}, {Field::target}, {.levels = {PartnerKind::city}});
  CHECK(by_city.levels() == Totals::Levels{PartnerKind::city});
  CHECK(by_city[{key_of(linxiazhou)}] == m("1212万"));  // 900 + 300 + 5 (household) + 7 (project)
  CHECK(by_city[{key_of(lanzhou)}] == m("200万"));
  const Totals by_province = totals(reg, {}, {Field::target}, {.levels = {PartnerKind::province}});
  CHECK(by_province[{key_of(gansu)}] == by_city[{key_of(linxiazhou)}] + by_city[{key_of(lanzhou)}]);
  CHECK(by_province[{key_of(gansu)}] == m("1412万"));
  // a node with no province above it falls in the group of no node, not under itself
  CHECK(by_province[{key_of(Node())}] == m("1万"));
  CHECK(by_province[{key_of(siming)}] == Money());
  CHECK(by_province.groups().size() == 2);
  CHECK(sum_of_groups(by_province) == by_province.total());
  CHECK(by_province.total() == totals(reg, {}).total());
  // a county-level district is its own kind: 城关区 has no county above it
  const Totals by_county = totals(reg, {}, {Field::target}, {.levels = {PartnerKind::county}});
  CHECK(by_county[{key_of(linxia)}] == m("905万"));  // 900 (with its part to 王坪村) + 5 (household)
  CHECK(by_county[{key_of(hezheng)}] == m("307万"));
  CHECK(by_county[{key_of(Node())}] == m("201万"));
}

TEST_CASE_FIXTURE(Tree, "rolling source and target up differently counts each yuan once") {
  const Totals both = totals(reg, {}, {Field::source, Field::target},
                             {.levels = {PartnerKind::province, PartnerKind::province}});
  CHECK(both[{key_of(Node()), key_of(gansu)}] == m("1412万"));  // 思明区 has no province
  CHECK(both[{key_of(gansu), key_of(Node())}] == m("1万"));
  CHECK(both.groups().size() == 2);
  CHECK(sum_of_groups(both) == totals(reg, {}).total());
  // a level only on some fields, with the stage split beside it
  const Totals mixed = totals(reg, {}, {Field::source, Field::target}, {.every_stage = true, .levels = {std::nullopt, PartnerKind::city}});
  CHECK(mixed.by() == std::vector<Field>{Field::stage, Field::source, Field::target});
  CHECK(mixed[{key_of(Stage::disbursement), key_of(siming), key_of(linxiazhou)}] == m("1212万"));
  CHECK(mixed[{key_of(Stage::disbursement), key_of(chengguan), key_of(Node())}] == m("1万"));
}

TEST_CASE_FIXTURE(Tree, "a level is refused on a field that is not a node or of a kind that is no level") {
  CHECK_THROWS_AS(totals(reg, {}, {Field::kind}, {.levels = {PartnerKind::province}}), validation_error);
  CHECK_THROWS_AS(totals(reg, {}, {Field::target}, {.levels = {PartnerKind::enterprise}}), validation_error);
  CHECK_THROWS_AS(totals(reg, {}, {Field::target}, {.levels = {PartnerKind::city, PartnerKind::city}}), validation_error);
  // merging results rolled up to different levels is refused
  Totals a = totals(reg, {}, {Field::target}, {.levels = {PartnerKind::city}});
  CHECK_THROWS_AS(a += totals(reg, {}, {Field::target}), validation_error);
}
