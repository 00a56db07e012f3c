// The seed's own systems: the household registry (persons, causes, status history), workshop
// employment, wishes in batches with their time to claim, consumption purchases and targets, each
// with hand-computed figures; refused calls leave the saved bytes as they were.
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/check.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace shanhai;

namespace {

Money m(const char* text) { return Money::parse(text); }
Date d(const char* text) { return Date::parse(text); }
bool mentions(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

/// The call must throw Ex naming `field`, and leave the registry's file bytes as they were.
template <class Ex, class Call>
void refused(const Registry& reg, const char* field, Call call) {
  const std::string before = io::to_bytes(reg, io::Format::text);
  std::string what;
  try {
    call();
    FAIL("accepted; expected a refusal naming ", field);
  } catch (const Ex& e) {
    what = e.what();
  }
  CHECK_MESSAGE(mentions(what, field), "message: ", what);
  CHECK(io::to_bytes(reg, io::Format::text) == before);
}

//   思明区 (east)            临夏市 (west)
//                              王坪村 (village): households poor (2 members), marginal (3), exited later
struct People {
  Registry reg;
  PartnerId siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  PartnerId linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  PartnerId wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = linxia});
  HouseholdId poor = reg.add_household({.number = "A", .village = wangping, .members = 2,
                                        .causes = {PovertyCause::illness, PovertyCause::lack_of_skills},
                                        .address = "王坪村一社1号"});
  HouseholdId marginal = reg.add_household({.number = "B", .village = wangping, .members = 3,
                                            .status = HouseholdStatus::marginal});
  HouseholdId exits = reg.add_household({.number = "C", .village = wangping, .members = 4});
  ProjectId workshop = reg.add_project({.name = "扶贫车间", .sector = Sector::industry, .location = wangping});
  ProjectId workshops = reg.add_project({.name = "扶贫车间(20个)", .sector = Sector::industry, .location = linxia});
};

}  // namespace

TEST_CASE_FIXTURE(People, "the status history is kept and read at any date") {
  reg.set_status({.household = exits, .status = HouseholdStatus::exited, .date = d("2018-11-20")});
  reg.set_status({.household = exits, .status = HouseholdStatus::unstable, .date = d("2021-03")});
  CHECK(reg.status_of(exits, d("2018-06")) == HouseholdStatus::poor);  // as registered
  CHECK(reg.status_of(exits, d("2019")) == HouseholdStatus::exited);
  CHECK(reg.status_of(exits) == HouseholdStatus::unstable);
  CHECK(reg.exit_year_of(exits) == 2018);
  CHECK(reg.exit_year_of(poor) == 0);
  CHECK(reg.status_changes().size() == 2);

  refused<validation_error>(reg, "before the household's previous change", [&] {
    reg.set_status({.household = exits, .status = HouseholdStatus::exited, .date = d("2020")});
  });
  refused<validation_error>(reg, "set_status date", [&] { reg.set_status({.household = poor}); });
  refused<not_found>(reg, "set_status household", [&] { reg.set_status({.household = HouseholdId(9), .date = d("2018")}); });

  // a batch that fails takes its changes back, and the latest status with them
  CHECK_THROWS(reg.batch([&](Registry& r) {
    r.set_status({.household = poor, .status = HouseholdStatus::exited, .date = d("2022")});
    r.set_status({.household = poor, .date = d("2020")});  // earlier: refused
  }));
  CHECK(reg.status_of(poor) == HouseholdStatus::poor);
  CHECK(reg.status_changes().size() == 2);

  // the 2018 report: households and persons by status at the year's end, one exit
  const Report r2018 = report(reg, {.year = 2018});
  CHECK(r2018.count("registry.households") == 3);
  CHECK(r2018.count("registry.households.poor") == 1);
  CHECK(r2018.count("registry.households.exited") == 1);
  CHECK(r2018.count("registry.households.marginal") == 1);
  CHECK(r2018.count("registry.persons") == 9);  // members: 2 + 3 + 4
  CHECK(r2018.count("registry.persons.exited") == 4);
  CHECK(r2018.count("registry.exits") == 1);
  CHECK(report(reg, {.year = 2021}).count("registry.households.unstable") == 1);
  CHECK(report(reg, {.year = 2021}).count("registry.exits") == 0);
}

TEST_CASE_FIXTURE(People, "persons are counted where recorded and members where not") {
  reg.add_person({.household = poor, .relation = Relation::head, .sex = Sex::male, .birth_year = 1962,
                  .health = Health::chronic_illness, .labour = Labour::weak});
  // household A: its one recorded person, not its 2 members; household C (also poor): its 4 members
  CHECK(report(reg, {.year = 2018}).count("registry.persons.poor") == 1 + 4);
  CHECK(reg.households().causes[poor.value].front() == PovertyCause::illness);
  CHECK(reg.households().address[poor.value] == "王坪村一社1号");
  refused<validation_error>(reg, "person birth_year", [&] { reg.add_person({.household = poor, .birth_year = 1700}); });
  refused<not_found>(reg, "person household", [&] { reg.add_person({.household = HouseholdId(7)}); });
  refused<validation_error>(reg, "household causes", [&] {
    reg.add_household({.village = wangping, .causes = {PovertyCause::illness, PovertyCause::illness}});
  });
}

TEST_CASE_FIXTURE(People, "workshop employment: each worker once and poor by the household's status") {
  const PersonId head = reg.add_person({.household = poor, .relation = Relation::head});
  for (const char* month : {"2018-05", "2018-06"})
    reg.add_employment({.workshop = workshop, .person = head, .month = d(month), .wage = m("2000元")});
  reg.add_employment({.workshop = workshop, .household = marginal, .month = d("2018-05"), .wage = m("1800元")});
  reg.add_employment({.workshop = workshop, .worker = "张三", .month = d("2018-05"), .wage = m("1500元")});
  reg.add_employment({.workshop = workshops, .month = d("2018"), .workers = 900});
  // the same 900 also recorded as a benefit: counted once, from the employment records
  reg.add_benefit({.via = workshops, .kind = BenefitKind::employment, .date = d("2018"), .persons = 900});

  const auto rows = shanhai::workshops(reg, 2018);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].workers == 3);  // the head (two months), the marginal household's worker, 张三
  CHECK(rows[0].poor == 1);     // marginal is not poor, 张三 is not in the registry
  CHECK(rows[0].months == 4);
  CHECK(rows[0].wages == m("7300元"));
  CHECK(rows[1].workers == 900);
  CHECK(rows[1].unclassified == 900);

  const Report rep = report(reg, {.year = 2018});
  CHECK(rep.count("industry.jobs") == 903);
  CHECK(rep.count("industry.workers") == 903);
  CHECK(rep.count("industry.poor_workers") == 1);
  CHECK(rep.count("industry.workers_classified") == 3);
  CHECK(rep.at("industry.poor_share").value == 3333);  // 33.33 %
  CHECK(rep.money("industry.wages") == m("7300元"));
  CHECK(rep.count("industry.months_worked") == 4);
  CHECK(reg.employment().household[0] == poor);  // taken from the person
  CHECK(check(reg, {}).empty());                   // the benefit's 900 agrees with the records

  reg.add_benefit({.via = workshops, .kind = BenefitKind::employment, .date = d("2018"), .persons = 50});
  const auto found = check(reg, {});
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == "employment_mismatch");
  CHECK(mentions(found[0].message, "950"));
  CHECK(report(reg, {.year = 2018}).count("industry.jobs") == 903);  // the records still count

  refused<validation_error>(reg, "employment workers", [&] {
    reg.add_employment({.workshop = workshop, .household = poor, .month = d("2018-07"), .workers = 2});
  });
  refused<validation_error>(reg, "employment poor", [&] {
    reg.add_employment({.workshop = workshops, .month = d("2018"), .workers = 10, .poor = 11});
  });
  refused<validation_error>(reg, "employment household", [&] {
    reg.add_employment({.workshop = workshop, .household = marginal, .person = head, .month = d("2018-07")});
  });
  refused<validation_error>(reg, "employment month", [&] { reg.add_employment({.workshop = workshop, .household = poor}); });
  refused<validation_error>(reg, "employment wage", [&] {
    reg.add_employment({.workshop = workshop, .household = poor, .month = d("2018-07"), .wage = m("-1元")});
  });
}

TEST_CASE_FIXTURE(People, "wishes in batches: claim rate and days to claim") {
  const WishId w1 = reg.add_wish({.household = poor, .text = "书包", .cost = m("300元"), .date = d("2018-12-20"), .batch = 1});
  const WishId w2 = reg.add_wish({.household = exits, .text = "棉被", .date = d("2018-12-20"), .batch = 1});
  reg.add_wish({.household = marginal, .text = "台灯", .date = d("2018-12"), .batch = 2});
  reg.claim_wish(w1, siming, d("2018-12-28"));  // 8 days
  reg.claim_wish(w2, siming, d("2019-01"));     // a month only: not timed
  const Report rep = report(reg, {.year = 2018});
  CHECK(rep.count("wishes.submitted") == 3);
  CHECK(rep.count("wishes.claimed") == 2);
  CHECK(rep.count("wishes.batches") == 2);
  CHECK(rep.at("wishes.claim_rate").value == 6667);  // 66.67 %
  CHECK(rep.count("wishes.claims_timed") == 1);
  CHECK(rep.at("wishes.days_to_claim").value == 800);  // 8.00 days
  refused<validation_error>(reg, "wish batch", [&] { reg.add_wish({.household = poor, .text = "x", .batch = -1}); });
}

TEST_CASE_FIXTURE(People, "purchases are their own figure and never assistance funds") {
  reg.add_flow({.source = siming, .target = linxia, .amount = m("50万"), .date = d("2018"), .kind = FlowKind::purchase});
  reg.add_flow({.source = siming, .target = linxia, .amount = m("984万"), .date = d("2018"), .kind = FlowKind::fiscal});
  const Report rep = report(reg, {.year = 2018, .east = siming, .west = linxia});
  CHECK(rep.money("consumption.purchases") == m("50万"));
  CHECK(rep.money("funds.total") == m("984万"));
  CHECK_FALSE(rep.contains("funds.purchase"));
}

TEST_CASE_FIXTURE(People, "targets: baseline and target beside actual and achievement") {
  reg.add_flow({.source = siming, .target = linxia, .amount = m("2210.2万"), .date = d("2018"), .kind = FlowKind::fiscal});
  reg.set_target({.key = "funds.total", .year = 2018, .value = m("2000万").fen(), .baseline = m("1500万").fen(),
                  .baseline_year = 2017});
  reg.set_target({.key = "wishes.submitted", .year = 2018, .value = 10});
  reg.set_target({.key = "wishes.submitted", .year = 2018, .value = 20});  // revised: the later one holds
  const Report rep = report(reg, {.year = 2018});
  const Indicator& funds = rep.at("funds.total");
  CHECK(funds.has_target);
  CHECK(funds.target == m("2000万").fen());
  CHECK(funds.baseline == m("1500万").fen());
  CHECK(funds.baseline_year == 2017);
  CHECK(funds.achievement() == 11051);  // 2210.2 / 2000 = 110.51 %
  CHECK(rep.at("wishes.submitted").target == 20);
  CHECK(rep.at("wishes.submitted").achievement() == 0);  // none submitted
  CHECK_FALSE(report(reg, {.year = 2019}).at("funds.total").has_target);
  CHECK(reg.targets().size() == 3);

  refused<validation_error>(reg, "not a report indicator", [&] { reg.set_target({.key = "funds.totl", .year = 2018}); });
  refused<validation_error>(reg, "set_target year", [&] { reg.set_target({.key = "funds.total", .year = 18}); });
  refused<validation_error>(reg, "set_target baseline_year", [&] {
    reg.set_target({.key = "funds.total", .year = 2018, .baseline = 1, .baseline_year = 2019});
  });
  refused<validation_error>(reg, "set_target value", [&] { reg.set_target({.key = "funds.total", .year = 2018, .value = -1}); });
}

TEST_CASE_FIXTURE(People, "a family–household pairing ends and a new one keeps the history") {
  const PartnerId family = reg.add_partner({.name = "爱心家庭甲", .kind = PartnerKind::family, .parent = siming});
  const PartnerId other = reg.add_partner({.name = "爱心家庭乙", .kind = PartnerKind::family, .parent = siming});
  const PairingId first = reg.pair({.a = family, .b = poor, .kind = PairingKind::family_household, .since = d("2018-03")});
  reg.end_pairing(first, d("2019-06"));
  reg.pair({.a = other, .b = poor, .kind = PairingKind::family_household, .since = d("2019-07")});
  CHECK(report(reg, {.year = 2018}).count("pairing.family_household") == 1);
  CHECK(report(reg, {.year = 2019}).count("pairing.family_household") == 2);  // both active in part of 2019
  CHECK(report(reg, {.year = 2020}).count("pairing.family_household") == 1);
  refused<validation_error>(reg, "already ended", [&] { reg.end_pairing(first, d("2019-08")); });
  refused<not_found>(reg, "end_pairing pairing", [&] { reg.end_pairing(PairingId(5), d("2019")); });
}

TEST_CASE_FIXTURE(People, "format 2 keeps every new table and replays every row through validation") {
  const PersonId head = reg.add_person({.household = poor, .relation = Relation::head, .birth_year = 1962});
  reg.set_status({.household = exits, .status = HouseholdStatus::exited, .date = d("2018-11")});
  reg.add_employment({.workshop = workshop, .person = head, .month = d("2018-05"), .wage = m("2000元")});
  reg.add_employment({.workshop = workshops, .month = d("2018"), .workers = 900, .poor = 300});
  reg.set_target({.key = "industry.jobs", .year = 2018, .value = 1000, .baseline = 600, .baseline_year = 2017});
  reg.add_wish({.household = poor, .text = "书包", .date = d("2018-12-20"), .batch = 1});
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const std::string bytes = io::to_bytes(reg, f);
    const Registry back = io::from_bytes(bytes);
    CHECK(io::to_bytes(back, f) == bytes);
    CHECK(back.persons().size() == 1);
    CHECK(back.status_of(exits) == HouseholdStatus::exited);
    CHECK(back.employment().poor[1] == 300);
    CHECK(back.wishes().batch[0] == 1);
    CHECK(back.households().address[poor.value] == "王坪村一社1号");
    CHECK(report(back, {.year = 2018}).at("industry.jobs").target == 1000);
  }
  // a status change dated before the previous one cannot come back through a file either
  Tables t = reg.tables();
  t.status_changes.household.push_back(exits);
  t.status_changes.status.push_back(HouseholdStatus::poor);
  t.status_changes.date.push_back(d("2017"));
  t.status_changes.note.push_back("");
  try {
    (void)Registry::replay(t);
    FAIL("replay accepted a rewritten history");
  } catch (const validation_error& e) {
    CHECK(mentions(e.what(), "status_changes row 1"));
  }
}
