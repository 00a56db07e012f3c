// Labour records (劳务协作): a whole counted once, where its workers went and their status from it
// or its breakdowns, parts beyond the whole an error, and the records kept by every archive kind.
#include <doctest/doctest.h>
#include <shanhai/io/archive.hpp>
#include <shanhai/shanhai.hpp>

#include <string>
#include <vector>

using namespace shanhai;

namespace {

std::vector<Finding> findings_of(const Registry& reg, std::string_view code) {
  std::vector<Finding> out;
  for (Finding& f : check(reg, {}))
    if (f.code == code) out.push_back(std::move(f));
  return out;
}

struct Pair {
  Registry reg;
  PartnerId east, west, other_west;
  Date y = Date::parse("2023");
  Pair() {
    east = reg.add_partner({.name = "东区", .kind = PartnerKind::district, .side = Side::east});
    west = reg.add_partner({.name = "西县", .kind = PartnerKind::county, .side = Side::west});
    other_west = reg.add_partner({.name = "另一县", .kind = PartnerKind::county, .side = Side::west});
  }
};

}  // namespace

TEST_CASE("494 found work, of whom 210 locally, 260 in the east, 24 elsewhere: 494 employed, not 988") {
  Pair p;
  using D = LabourDestination;
  const LabourId all = p.reg.add_labour({.east = p.east, .west = p.west, .persons = 494, .date = p.y});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 210, .destination = D::local, .date = p.y, .part_of = all});
  const LabourId to_east = p.reg.add_labour(
      {.east = p.east, .west = p.west, .persons = 260, .destination = D::east, .date = p.y, .part_of = all});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 24, .destination = D::other, .date = p.y, .part_of = all});
  // of the 260 in the east, 100 in the partner district itself (a breakdown of a breakdown)
  p.reg.add_labour(
      {.east = p.east, .west = p.west, .persons = 100, .destination = D::partner, .date = p.y, .part_of = to_east});
  const Report r = report(p.reg, {.year = 2023, .east = p.east, .west = p.west});
  CHECK(r.count("labour.employed") == 494);
  CHECK(r.count("labour.employed_local") == 210);
  CHECK(r.count("labour.transferred_east") == 260);  // the partner's 100 are inside it
  CHECK(r.count("labour.transferred_partner") == 100);
  CHECK(r.count("labour.employed_other") == 24);
  CHECK_FALSE(r.at("labour.employed.poor").reported);
  CHECK(findings_of(p.reg, "figure_exceeded").empty());
  // another pair, another year: nothing of it
  const Report other = report(p.reg, {.year = 2023, .east = p.east, .west = p.other_west});
  CHECK_FALSE(other.at("labour.employed").reported);
  CHECK_FALSE(report(p.reg, {.year = 2022}).at("labour.employed").reported);
  CHECK(report(p.reg, {.year = 2023}).count("labour.employed") == 494);
}

TEST_CASE("145 workers, of whom 82 poor: 145 employed, 82 of them poor, not 227") {
  Pair p;
  const LabourId all = p.reg.add_labour({.east = p.east, .west = p.west, .persons = 145, .date = p.y});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 82, .status = LabourStatus::poor, .date = p.y, .part_of = all});
  const Report r = report(p.reg, {.year = 2023, .east = p.east, .west = p.west});
  CHECK(r.count("labour.employed") == 145);
  CHECK(r.count("labour.employed.poor") == 82);
  CHECK(r.at("labour.employed.poor").reported);
  CHECK_FALSE(r.at("labour.employed.exited").reported);
  // a status breakdown is not one by destination: the 82 poor say nothing of where they went
  CHECK_FALSE(r.at("labour.employed_local").reported);
  // a record of its own (no part_of) adds to the whole
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 5, .destination = LabourDestination::local, .date = p.y});
  const Report more = report(p.reg, {.year = 2023, .east = p.east, .west = p.west});
  CHECK(more.count("labour.employed") == 150);
  CHECK(more.count("labour.employed_local") == 5);
  // the aggregate benefits of employment still count beside the records
  p.reg.add_benefit({.via = Node(p.west), .kind = BenefitKind::employment, .date = p.y, .persons = 7});
  CHECK(report(p.reg, {.year = 2023, .east = p.east, .west = p.west}).count("labour.employed") == 157);
}

TEST_CASE("a breakdown with both a destination and a status: each a lower bound of the whole's") {
  Pair p;
  using D = LabourDestination;
  // 494 found work, of whom 260 poor workers went east and 210 went to local jobs (any status)
  const LabourId all = p.reg.add_labour({.east = p.east, .west = p.west, .persons = 494, .date = p.y});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 260, .destination = D::east,
                    .status = LabourStatus::poor, .date = p.y, .part_of = all});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 210, .destination = D::local, .date = p.y, .part_of = all});
  const Report r = report(p.reg, {.year = 2023, .east = p.east, .west = p.west});
  CHECK(r.count("labour.employed") == 494);
  CHECK(r.at("labour.employed").qualifier == Qualifier::exact);
  // at least 260 went east (workers of other statuses may have too) ...
  CHECK(r.count("labour.transferred_east") == 260);
  CHECK(r.at("labour.transferred_east").qualifier == Qualifier::at_least);
  // ... and at least 260 are poor (poor workers may have stayed)
  CHECK(r.count("labour.employed.poor") == 260);
  CHECK(r.at("labour.employed.poor").qualifier == Qualifier::at_least);
  // a breakdown of the whole's own status and destination is exact
  CHECK(r.count("labour.employed_local") == 210);
  CHECK(r.at("labour.employed_local").qualifier == Qualifier::exact);
  CHECK(findings_of(p.reg, "figure_exceeded").empty());
}

TEST_CASE("labour parts beyond their whole are an error finding") {
  Pair p;
  const LabourId all = p.reg.add_labour({.east = p.east, .west = p.west, .persons = 100, .date = p.y});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 60, .destination = LabourDestination::local, .date = p.y, .part_of = all});
  // a breakdown by status and one by destination each within the whole: no finding
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 70, .status = LabourStatus::poor, .date = p.y, .part_of = all});
  CHECK(findings_of(p.reg, "figure_exceeded").empty());
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 50, .destination = LabourDestination::east, .date = p.y, .part_of = all});
  const auto over = findings_of(p.reg, "figure_exceeded");
  REQUIRE(over.size() == 1);
  CHECK(over[0].severity == Severity::error);
  CHECK(over[0].refs[0].table == "labour");
  CHECK(over[0].refs[0].id == all.value);
  CHECK(report(p.reg, {.year = 2023}).count("labour.employed") == 100);
}

TEST_CASE("refused labour records change nothing") {
  Pair p;
  const LabourId all = p.reg.add_labour({.east = p.east, .west = p.west, .persons = 10, .date = p.y});
  const std::string before = io::to_bytes(p.reg, io::Format::text);
  auto refused = [&](const LabourSpec& s, std::string_view field) {
    try {
      p.reg.add_labour(s);
      FAIL("accepted");
    } catch (const error& e) {
      CHECK(e.where().table == "labour");
      CHECK(e.where().field == field);
    }
    CHECK(io::to_bytes(p.reg, io::Format::text) == before);
  };
  refused({.east = p.east, .west = p.west, .persons = 0, .date = p.y}, "persons");
  refused({.east = p.east, .west = p.west, .persons = 3}, "date");
  refused({.east = p.west, .west = p.west, .persons = 3, .date = p.y}, "east");
  refused({.east = p.east, .west = p.east, .persons = 3, .date = p.y}, "west");
  refused({.east = p.east, .west = PartnerId(99), .persons = 3, .date = p.y}, "west");
  refused({.east = p.east, .west = p.other_west, .persons = 3, .date = p.y, .part_of = all}, "part_of");
  refused({.east = p.east, .west = p.west, .persons = 3, .date = p.y, .part_of = LabourId(7)}, "part_of");
  CHECK(p.reg.labour().size() == 1);
}

TEST_CASE("labour records travel through every archive kind") {
  Pair p;
  const LabourId all = p.reg.add_labour({.east = p.east, .west = p.west, .persons = 145, .date = p.y,
                                         .citation = "某报告第3页", .note = "合计"});
  p.reg.add_labour({.east = p.east, .west = p.west, .persons = 82, .destination = LabourDestination::partner,
                    .status = LabourStatus::poor, .date = p.y, .part_of = all});
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const Registry back = io::from_bytes(io::to_bytes(p.reg, f));
    CHECK(LabourTable::columns(back.labour()) == LabourTable::columns(p.reg.labour()));
    CHECK(report(back, {.year = 2023}).count("labour.employed.poor") == 82);
  }
}

TEST_CASE("education indicators are in the vocabulary and not reported until fed") {
  Pair p;
  const Report r = report(p.reg, {.year = 2023});
  CHECK_FALSE(r.at("education.vocational_students").reported);
  CHECK_FALSE(r.at("education.graduates_employed").reported);
  CHECK(r.at("education.vocational_students").area == "education");
}

TEST_CASE("events carry their participants: leadership.participants adds those of meetings and visits") {
  Pair p;
  p.reg.add_event({.kind = EventKind::joint_meeting, .date = p.y, .partners = {p.east, p.west}, .participants = 40});
  p.reg.add_event({.kind = EventKind::high_level_visit, .date = p.y, .partners = {p.east, p.west}, .participants = 12});
  p.reg.add_event({.kind = EventKind::signing, .date = p.y, .partners = {p.east, p.west}, .participants = 300});
  p.reg.add_event({.kind = EventKind::symposium, .date = p.y, .partners = {p.east, p.other_west}, .participants = 9});
  const Report r = report(p.reg, {.year = 2023, .east = p.east, .west = p.west});
  CHECK(r.count("leadership.participants") == 61);  // meetings and visits of the pair; not the signing
  CHECK(report(p.reg, {.year = 2023}).count("leadership.participants") == 61);
  CHECK(report(p.reg, {.year = 2023, .west = p.other_west}).count("leadership.participants") == 9);
  // none given: not reported, although there were meetings
  Pair q;
  q.reg.add_event({.kind = EventKind::joint_meeting, .date = q.y, .partners = {q.east, q.west}});
  CHECK_FALSE(report(q.reg, {.year = 2023}).at("leadership.participants").reported);
  CHECK(report(q.reg, {.year = 2023}).count("leadership.meetings") == 1);
  // a negative count is refused and changes nothing
  CHECK_THROWS_AS(q.reg.add_event({.kind = EventKind::joint_meeting, .date = q.y, .participants = -1}), validation_error);
  CHECK(q.reg.events().size() == 1);
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml})
    CHECK(io::from_bytes(io::to_bytes(p.reg, f)).events().participants == p.reg.events().participants);
}
