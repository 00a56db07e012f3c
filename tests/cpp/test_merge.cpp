// Merge (merge.hpp): the parts of a partition back into the whole, equal to the byte; registries
// of their own appended in order with their shared partners joined; overlapping or conflicting
// inputs refused, naming table and row.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/synthetic.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace shanhai;

namespace {

Money m(const char* text) { return Money::parse(text); }
const Date y2018 = Date::parse("2018");

// One county's registry as its office keeps it: the shared frame (an eastern district, a western
// province and the county), its own villages, households, money and records.
struct County {
  Registry reg;
  PartnerId district, province, county, village;
  HouseholdId household;
  FlowId root;
  County(const std::string& county_name, const std::string& number) {
    district = reg.add_partner({"思明区", PartnerKind::district, Side::east, {}, "350203"});
    province = reg.add_partner({"甘肃省", PartnerKind::province, Side::west, {}, "62"});
    county = reg.add_partner({county_name, PartnerKind::county, Side::unspecified, province});
    village = reg.add_partner({county_name + "一村", PartnerKind::village, Side::unspecified, county});
    household = reg.add_household({number, village, 4, HouseholdStatus::poor});
    reg.add_person({household, Relation::head});
    reg.set_status({household, HouseholdStatus::exited, Date::parse("2019-06")});
    root = reg.add_flow({district, county, m("100万"), y2018, FlowKind::fiscal});
    reg.add_flow(
        {county, household, m("1万"), y2018, FlowKind::fiscal, Stage::disbursement, Sector::unspecified, root});
    const ProjectId workshop = reg.add_project({county_name + "车间", Sector::industry, village});
    reg.add_benefit({household, workshop, BenefitKind::employment, y2018, 1});
    reg.add_employment({workshop, household, PersonId(0), "", Date::parse("2018-09"), 1, -1, m("2000")});
    const WishId w = reg.add_wish({household, "书包", m("300"), y2018});
    reg.claim_wish(w, district, Date::parse("2018-12"));
    reg.add_event({EventKind::signing, y2018, {district, county}});
    reg.pair({district, county, PairingKind::east_west, Date::parse("2017")});
    reg.set_target({"funds.total", 2018, 100'000'000});
  }
};

std::string bytes(const Registry& r) { return io::to_bytes(r); }

}  // namespace

TEST_CASE("merge: the parts of a partition give the whole back, byte for byte") {
  Registry whole = synthetic({.households = 6000, .flows = 2000, .seed = 3});
  {  // a household reached by a project of another region: its part holds a placeholder of it
    const HouseholdId first(0), last(std::uint32_t(whole.households().size() - 1));
    const ProjectId p = whole.add_project({"流动课堂", Sector::education, whole.households().village[first.value]});
    whole.add_benefit({last, p, BenefitKind::training, y2018, 2});
  }
  const std::string expected = bytes(whole);
  for (std::size_t count : {1, 2, 3, 8}) {
    CAPTURE(count);
    const auto parts = partition(whole, PartitionSpec{count, PartnerKind::county});
    const Registry merged = merge(parts);
    CHECK(merged.flows().size() == whole.flows().size());
    CHECK(bytes(merged) == expected);
  }
  // by village: many more regions, households reached from another region's project (placeholders)
  const auto parts = partition(whole, PartitionSpec{5, PartnerKind::village});
  std::size_t placeholders = 0;
  for (const Partition& p : parts) placeholders += p.placeholders[std::size_t(PartTable::projects)];
  CHECK(placeholders > 0);
  CHECK(bytes(merge(parts)) == expected);
}

TEST_CASE("merge: registries of their own are appended in order, their shared partners joined") {
  const County a("临夏市", "622901000000000001"), b("和政县", "622925000000000001");
  const std::vector<const Registry*> both{&a.reg, &b.reg};
  const Registry merged = merge(both);
  // 思明区 and 甘肃省 once; each county and its village of its own
  REQUIRE(merged.partners().size() == 6);
  CHECK(merged.partners().name[4] == "和政县");
  CHECK(merged.partners().parent[4] == a.province);
  CHECK(merged.partners().parent[5] == PartnerId(4));
  // b's rows follow a's, every reference renumbered
  REQUIRE(merged.flows().size() == 4);
  CHECK(merged.flows().source[2] == Node(a.district));
  CHECK(merged.flows().target[2] == Node(PartnerId(4)));
  CHECK(merged.flows().target[3] == Node(HouseholdId(1)));
  CHECK(merged.flows().parent[3] == FlowId(2));
  CHECK(merged.households().village[1] == PartnerId(5));
  CHECK(merged.persons().household[1] == HouseholdId(1));
  CHECK(merged.status_changes().household[1] == HouseholdId(1));
  CHECK(merged.benefits().via[1] == Node(ProjectId(1)));
  CHECK(merged.employment().workshop[1] == ProjectId(1));
  CHECK(merged.employment().person[1] == PersonId(1));
  CHECK(merged.wishes().claimed_by[1] == a.district);
  CHECK(std::vector<PartnerId>(merged.events().partners[1].begin(), merged.events().partners[1].end()) ==
        std::vector<PartnerId>{a.district, PartnerId(4)});
  CHECK(merged.pairings().b[1] == Node(PartnerId(4)));
  CHECK(merged.targets().size() == 1);  // the same target in both: one target
  CHECK(merged.household_by_number("622925000000000001") == HouseholdId(1));
  CHECK(merged.status_of(HouseholdId(1)) == HouseholdStatus::exited);
  // what the two offices report, counted once in the merge
  const Money sum = totals(a.reg, Scope{}).total() + totals(b.reg, Scope{}).total();
  CHECK(totals(merged, Scope{}).total() == sum);
  CHECK(totals(merged, Scope{.boundary = a.province}).total() == m("200万"));
  CHECK(report(merged, {2018}).at("wishes.submitted").value == 2);
  // a single registry merges to itself
  const std::vector<const Registry*> one{&a.reg};
  CHECK(bytes(merge(one)) == bytes(a.reg));
  CHECK(merge(std::vector<const Registry*>{}).partners().empty());
}

TEST_CASE("merge: overlapping or conflicting inputs are refused, naming table and row") {
  auto refused = [](auto&& call) -> Where {
    try {
      call();
    } catch (const validation_error& e) {
      CHECK(std::string(e.what()).starts_with("merge: "));
      return e.where();
    }
    FAIL("not refused");
    return {};
  };
  SUBCASE("the same household registered in two registries") {
    const County a("临夏市", "622901000000000001"), b("和政县", "622901000000000001");
    const std::vector<const Registry*> both{&a.reg, &b.reg};
    const std::string before = bytes(b.reg);
    const Where w = refused([&] { merge(both); });
    CHECK(w.table == "households");
    CHECK(w.row == 0);
    CHECK(w.reason == reason::duplicate);
    CHECK(w.value.empty());  // a registry number is personal
    CHECK(bytes(b.reg) == before);
  }
  SUBCASE("one registry twice") {
    const County a("临夏市", "");
    const std::vector<const Registry*> twice{&a.reg, &a.reg};
    CHECK(refused([&] { merge(twice); }).reason == reason::duplicate);
  }
  SUBCASE("the same partner with another note, another target for the same indicator and year") {
    County a("临夏市", ""), b("和政县", "");
    b.reg.set_target({"funds.total", 2018, 5});
    const std::vector<const Registry*> both{&a.reg, &b.reg};
    const Where w = refused([&] { merge(both); });
    CHECK(w.table == "targets");
    CHECK(w.row == 1);
    Registry c;
    c.add_partner({"思明区", PartnerKind::district, Side::east, {}, "350203", "厦门"});
    const std::vector<const Registry*> noted{&a.reg, &c};
    const Where n = refused([&] { merge(noted); });
    CHECK(n.table == "partners");
    CHECK(n.row == 0);
  }
  SUBCASE("parts that overlap, miss one, or come from different registries") {
    const Registry whole = synthetic({.households = 3000, .flows = 1000, .seed = 5});
    const auto parts = partition(whole, PartitionSpec{3});
    const std::vector<PartView> overlap{view(parts[0]), view(parts[1]), view(parts[2]), view(parts[1])};
    Where w = refused([&] { merge(overlap); });
    CHECK(w.reason == reason::duplicate);
    CHECK(w.row >= 0);
    CHECK(!w.table.empty());
    const std::vector<PartView> missing{view(parts[0]), view(parts[2])};
    w = refused([&] { merge(missing); });
    CHECK(w.reason == reason::not_found);
    const Registry other = synthetic({.households = 6000, .flows = 1000, .seed = 6});  // more villages
    const auto others = partition(other, PartitionSpec{3});
    const std::vector<PartView> mixed{view(parts[0]), view(others[1]), view(parts[2])};
    w = refused([&] { merge(mixed); });
    CHECK(w.table == "partners");
    CHECK(bytes(parts[0].registry) == bytes(partition(whole, PartitionSpec{3})[0].registry));
  }
}
