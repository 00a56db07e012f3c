// Erasure and restriction: erased personal data leaves the registry and every file written after
// (binary, text, XML), while rows, counts, statuses and money stay, so every figure is unchanged;
// restriction keeps the data but marks the person; both survive save and load. Synthetic people
// only: the ID numbers are made with their check character by the standard's table.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/partition.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace shanhai;

namespace {

char check_of(std::string_view first17) {
  static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[std::size_t(i)] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

std::string id(std::string_view first17) { return std::string(first17) + check_of(first17); }

bool holds(std::string_view bytes, std::string_view needle) { return bytes.find(needle) != std::string_view::npos; }

// Two households of a village, with persons, notes, a wish, a benefit, a flow, a status change
// and employment: everything erasure reaches.
struct Village {
  Registry reg;
  PartnerId east = reg.add_partner({.name = "思明区", .kind = PartnerKind::county, .side = Side::east});
  PartnerId county = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  PartnerId village = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = county});
  ProjectId workshop = reg.add_project({.name = "扶贫车间", .location = village});
  HouseholdId erased = reg.add_household({.number = "622901000001",
                                          .village = village,
                                          .members = 2,
                                          .note = "户主马甲乙因病致贫",
                                          .causes = {PovertyCause::illness},
                                          .address = "王坪村三社17号",
                                          .head_name = "马甲乙"});
  HouseholdId kept = reg.add_household({.number = "622901000002", .village = village, .members = 1,
                                        .head_name = "丁戊己"});
  std::string head_id = id("62290119800101001"), child_id = id("62290120150505002"),
              kept_id = id("62290119700303003");
  PersonId head = reg.add_person({.household = erased, .relation = Relation::head, .sex = Sex::male,
                                  .birth_year = 1980, .health = Health::chronic_illness, .labour = Labour::weak,
                                  .note = "马甲乙常住兰州", .name = "马甲乙", .id_number = head_id,
                                  .phone = "13900001111"});
  PersonId child = reg.add_person({.household = erased, .relation = Relation::child, .sex = Sex::female,
                                   .birth_year = 2015, .name = "马丙丁", .id_number = child_id});
  PersonId other = reg.add_person({.household = kept, .relation = Relation::head, .sex = Sex::male, .birth_year = 1970,
                                   .name = "丁戊己", .id_number = kept_id, .phone = "13900002222"});
  Village() {
    reg.set_status({.household = erased, .status = HouseholdStatus::exited, .date = Date::ymd(2019, 12, 1),
                    .note = "马甲乙家脱贫"});
    reg.add_flow({.source = east, .target = erased, .amount = Money::parse("1200"), .date = Date::ymd(2019, 3, 1),
                  .kind = FlowKind::fiscal, .note = "给马甲乙"});
    reg.add_benefit({.beneficiary = erased, .via = workshop, .kind = BenefitKind::employment,
                     .date = Date::ymd(2019, 4, 1), .amount = Money::parse("800"), .note = "马甲乙务工"});
    reg.add_wish({.household = erased, .text = "马丙丁想要一个书包", .cost = Money::parse("150"), .date = Date::ymd(2019, 5, 1)});
    reg.add_employment({.workshop = workshop, .person = head, .worker = "W-马甲乙", .month = Date::ymd(2019, 6, 1),
                        .wage = Money::parse("2000")});
  }
};

// every indicator of the year's report, as text
std::string figures(const Registry& reg) {
  std::string out;
  const Report rep = report(reg, {.year = 2019});
  for (const Indicator& i : rep.indicators()) out += i.key + "=" + std::to_string(i.value) + ";";
  return out;
}

}  // namespace

TEST_CASE("Erasing a household blanks its persons and every note about it and keeps every figure") {
  Village v;
  const std::string before = figures(v.reg);
  const Money flows = totals(v.reg, {}).total();
  CHECK(v.reg.erase(v.erased, ErasureReason::request, Date::ymd(2024, 1, 2)));
  CHECK(figures(v.reg) == before);
  CHECK(totals(v.reg, {}).total() == flows);
  CHECK(v.reg.households().size() == 2);
  CHECK(v.reg.persons().size() == 3);
  CHECK(v.reg.status_of(v.erased) == HouseholdStatus::exited);
  CHECK(v.reg.persons().name[v.head.value].empty());
  CHECK(v.reg.persons().id_number[v.child.value].empty());
  CHECK(v.reg.persons().health[v.head.value] == Health::unspecified);
  CHECK(v.reg.persons().birth_year[v.head.value] == 1980);  // a quasi-identifier stays: counts by age
  CHECK(v.reg.households().causes[v.erased.value].empty());
  CHECK(v.reg.households().members[v.erased.value] == 2);
  CHECK(v.reg.wishes().text[0] == erased_text);
  CHECK(v.reg.wishes().cost[0] == Money::parse("150"));
  CHECK(v.reg.employment().wage[0] == Money::parse("2000"));
  CHECK(!v.reg.person_by_id_number(v.head_id));
  CHECK(!v.reg.household_by_number("622901000001"));
  CHECK(v.reg.person_by_id_number(v.kept_id) == v.other);
  // one record, with no personal data; erasing again changes nothing and records nothing
  REQUIRE(v.reg.privacy().erasures.size() == 1);
  CHECK(v.reg.privacy().erasures.kind[0] == Erased::household);
  CHECK(v.reg.privacy().erasures.reason[0] == ErasureReason::request);
  CHECK(v.reg.privacy().erasures.date[0] == Date::ymd(2024, 1, 2));
  CHECK(!v.reg.erase(v.erased, ErasureReason::request));
  CHECK(!v.reg.erase(v.head, ErasureReason::other));
  CHECK(v.reg.privacy().erasures.size() == 1);

  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const std::string bytes = io::to_bytes(v.reg, f);
    for (std::string_view gone : {std::string_view("马甲乙"), std::string_view("马丙丁"), std::string_view(v.child_id),
                                  std::string_view("13900001111"), std::string_view("622901000001"),
                                  std::string_view("王坪村三社"), std::string_view("因病"), std::string_view("书包")})
      CHECK_MESSAGE(!holds(bytes, gone), io::to_string(f), " holds an erased value");
    CHECK(holds(bytes, "丁戊己"));  // a kept person's name is there: the search is real
    CHECK(holds(bytes, v.kept_id));
    const Registry back = io::from_bytes(bytes);
    CHECK(back.privacy() == v.reg.privacy());
    CHECK(figures(back) == before);
  }
  // the registry number and ID number may be given again (to a new row)
  CHECK_NOTHROW(v.reg.add_person({.household = v.kept, .id_number = v.head_id}));
}

TEST_CASE("Erasing a head person blanks the household's head name and the person's employment key") {
  Village v;
  CHECK(v.reg.erase(v.head, ErasureReason::consent_withdrawn, Date::ymd(2024, 2, 3)));
  CHECK(v.reg.households().head_name[v.erased.value].empty());
  CHECK(v.reg.households().number[v.erased.value] == "622901000001");  // the household itself stays
  CHECK(v.reg.persons().name[v.child.value] == "马丙丁");
  CHECK(v.reg.employment().worker[0].empty());
  CHECK(v.reg.employment().person[0] == v.head);
  CHECK(v.reg.privacy().erasures.kind[0] == Erased::person);
  CHECK(!v.reg.erase(v.head, ErasureReason::consent_withdrawn));
  CHECK_THROWS_AS(v.reg.erase(PersonId(99), ErasureReason::other), not_found);
  CHECK_THROWS_AS(v.reg.erase(v.head, ErasureReason(6)), validation_error);
}

TEST_CASE("Restriction keeps the data, marks the person and survives save and load") {
  Village v;
  CHECK(!v.reg.is_restricted(v.other));
  CHECK(v.reg.restrict(v.other));
  CHECK(!v.reg.restrict(v.other));
  CHECK(v.reg.restrict(v.head));
  CHECK(v.reg.is_restricted(v.other));
  CHECK(v.reg.persons().name[v.other.value] == "丁戊己");  // kept stored
  CHECK(v.reg.privacy().restricted.person == std::vector<PersonId>{v.head, v.other});
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const Registry back = io::from_bytes(io::to_bytes(v.reg, f));
    CHECK(back.is_restricted(v.other));
    CHECK(back.is_restricted(v.head));
    CHECK(!back.is_restricted(v.child));
  }
  CHECK(v.reg.unrestrict(v.other));
  CHECK(!v.reg.unrestrict(v.other));
  CHECK(!v.reg.is_restricted(v.other));
  // a batch that fails takes back nothing of the restrictions made before it
  CHECK_THROWS(v.reg.batch([&](Registry& r) {
    r.add_person({.household = v.kept});
    throw validation_error("stop");
  }));
  CHECK(v.reg.is_restricted(v.head));
}

TEST_CASE("Privacy from a file is checked: a restricted person beyond the persons is refused") {
  Village v;
  Privacy p;
  p.restricted.person = {PersonId(7)};
  CHECK_THROWS_AS(v.reg.set_privacy(p), not_found);
  p.restricted.person = {v.other, v.head, v.other};
  v.reg.set_privacy(p);
  CHECK(v.reg.privacy().restricted.person == std::vector<PersonId>{v.head, v.other});
}

TEST_CASE("Partition and merge carry erasures and restricted persons") {
  Village v;
  // a second county, so that the village's households go to a part of their own
  const PartnerId far = v.reg.add_partner({.name = "东乡县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId far_village = v.reg.add_partner({.name = "那勒寺村", .kind = PartnerKind::village, .parent = far});
  const HouseholdId far_home = v.reg.add_household({.village = far_village, .members = 1});
  const PersonId far_person = v.reg.add_person({.household = far_home, .name = "那某"});
  CHECK(v.reg.erase(v.child, ErasureReason::retention_expired, Date::ymd(2024, 3, 4)));
  v.reg.restrict(v.other);
  v.reg.restrict(far_person);
  const auto parts = partition(v.reg, PartitionSpec{2, PartnerKind::county});
  REQUIRE(parts.size() == 2);
  std::size_t erasures = 0, restricted = 0;
  for (const Partition& p : parts) {
    erasures += p.registry.privacy().erasures.size();
    for (PersonId id : p.registry.privacy().restricted.person) {
      const std::uint32_t whole = p.ids[std::size_t(PartTable::persons)][id.value];
      CHECK((PersonId(whole) == v.other || PersonId(whole) == far_person));
      ++restricted;
    }
  }
  CHECK(erasures == 1);
  CHECK(restricted == 2);
  const Registry back = merge(std::span<const Partition>(parts));
  CHECK(back.privacy() == v.reg.privacy());
  // registries of their own: the second one's restricted person is renumbered after the first's
  Village w;  // the same households again: erased, so that their numbers and ID numbers do not clash
  w.reg.erase(w.erased, ErasureReason::other, Date::ymd(2024, 5, 6));
  w.reg.erase(w.kept, ErasureReason::other, Date::ymd(2024, 5, 6));
  w.reg.restrict(w.head);
  const Registry both = merge(std::vector<Registry>{v.reg, w.reg});
  CHECK(both.privacy().erasures.size() == 3);
  CHECK(both.privacy().erasures.reason[0] == ErasureReason::retention_expired);
  CHECK(both.privacy().restricted.person ==
        std::vector<PersonId>{v.other, far_person, PersonId(std::uint32_t(v.reg.persons().size()) + w.head.value)});
}

TEST_CASE("A text column's row is replaced in place, longer, shorter or in a column of empty rows") {
  TextColumn c;
  for (std::string_view s : {"ab", "", "cdef", "g"}) c.push_back(s);
  c.assign(2, "");
  c.assign(0, "xyz");
  c.assign(1, "q");
  CHECK(std::vector<std::string>(c.begin(), c.end()) == std::vector<std::string>{"xyz", "q", "", "g"});
  CHECK(c.values().size() == 5);  // nothing of the old values is left in the buffer
  TextColumn empty;
  empty.push_back(""), empty.push_back("");
  empty.assign(1, "");  // stays a column of no values
  CHECK(empty.values().empty());
  empty.assign(1, "r");
  CHECK(empty[0].empty());
  CHECK(empty[1] == "r");
}
