// Published figures as real reports print them: bounds ("8100万以上", "近900"), breakdowns of
// people inside their whole ("494, of whom 24 in Shanghai"), and any indicator checked in its unit.
#include <doctest/doctest.h>
#include <shanhai/io/archive.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/shanhai.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace shanhai;

namespace {

std::vector<Finding> findings(const Registry& reg, std::string_view code) {
  std::vector<Finding> out;
  for (Finding& f : check(reg, {}))
    if (f.code == code) out.push_back(std::move(f));
  return out;
}

}  // namespace

TEST_CASE("the words of a published quantity: where they stand and what they say") {
  auto q = [](std::string_view text) { return split_qualifier(text, "figure"); };
  CHECK(q("8100万以上").text == "8100万");
  CHECK(q("8100万以上").qualifier == Qualifier::at_least);
  CHECK(q("8100余万").text == "8100万");
  CHECK(q("8100万余").qualifier == Qualifier::at_least);
  CHECK(q("180多万").text == "180万");
  CHECK(q("3150多户").text == "3150户");
  CHECK(q("超过3亿").qualifier == Qualifier::at_least);
  CHECK(q("近900").text == "900");
  CHECK(q("近900").qualifier == Qualifier::about);
  CHECK(q("约2.3亿元").text == "2.3亿元");
  CHECK(q("3150户左右").qualifier == Qualifier::about);
  CHECK(q("2405.4万").qualifier == Qualifier::exact);
  CHECK(q("共494人").text == "494人");
  CHECK_THROWS_AS(q("约8100万以上"), validation_error);
  // a bound holds as its words say; about: within 5% either side
  CHECK(figure_holds(Qualifier::at_least, 100, 100));
  CHECK(figure_holds(Qualifier::at_least, 100, 250));
  CHECK_FALSE(figure_holds(Qualifier::at_least, 100, 99));
  CHECK(figure_holds(Qualifier::about, 900, 855));
  CHECK(figure_holds(Qualifier::about, 900, 945));
  CHECK_FALSE(figure_holds(Qualifier::about, 900, 854));
  CHECK_FALSE(figure_holds(Qualifier::exact, 494, 988));
}

TEST_CASE("the Dayao shape: people broken down inside their whole, figures of any indicator checked") {
  // Jiading → Dayao, 2023 (public report, our transcription): 494 found work through labour
  // cooperation, of whom 210 on public-welfare posts, 260 near home, 24 in Shanghai; labour
  // training 164 persons in 4 sessions; three firms' investment "8100万以上"
  Registry reg;
  const PartnerId jiading = reg.add_partner({.name = "嘉定区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId dayao = reg.add_partner({.name = "大姚县", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId firms = reg.add_partner({.name = "三家引进企业", .kind = PartnerKind::enterprise, .side = Side::east});
  const Date y = Date::parse("2023");
  const BenefitId employed = reg.add_benefit({.via = Node(dayao), .kind = BenefitKind::employment, .date = y, .persons = 494});
  for (std::int64_t part : {210, 260, 24})
    reg.add_benefit({.via = Node(dayao), .kind = BenefitKind::employment, .date = y, .persons = part, .part_of = employed});
  const TrainingId labour = reg.add_training(
      {.organiser = jiading, .location = dayao, .role = Role::worker, .trainees = 164, .date = y, .sessions = 4});
  reg.add_training({.organiser = jiading, .location = dayao, .role = Role::worker, .trainees = 60, .date = y,
                    .sessions = 1, .part_of = labour});
  reg.add_training({.organiser = jiading, .location = dayao, .role = Role::cadre, .trainees = 40, .date = y, .sessions = 1});
  reg.add_flow({.source = Node(firms), .target = Node(dayao), .amount = Money::parse("8100万"), .date = y,
                .kind = FlowKind::investment});

  const Report rep = report(reg, {.year = 2023, .east = jiading, .west = dayao});
  CHECK(rep.count("labour.employed") == 494);  // not 988
  CHECK(rep.count("labour.trained") == 164);   // the breakdown of 60 is inside it
  CHECK(rep.count("talent.trained") == 204);
  CHECK(rep.count("talent.trained.sessions") == 5);
  CHECK(findings(reg, "figure_exceeded").empty());

  const Report whole = report(reg, {.year = 2023});
  CHECK(whole.money("industry.investment") == Money::parse("8100万"));

  // published figures of the year, each in its unit
  reg.expect({.key = "labour.employed", .value = 494, .year = 2023, .east = jiading, .west = dayao});
  reg.expect({.key = "labour.trained", .value = 164, .year = 2023, .east = jiading, .west = dayao});
  reg.expect({.key = "industry.investment", .value = Money::parse("8100万").fen(), .year = 2023,
              .qualifier = Qualifier::at_least});
  CHECK(findings(reg, "expectation_gap").empty());
  CHECK(findings(reg, "expectation_not_reported").empty());

  // what a wrong reading gives: the breakdown added to its whole, a bound read as a figure too high
  reg.expect({.key = "labour.employed", .value = 988, .year = 2023, .east = jiading, .west = dayao});
  reg.expect({.key = "industry.investment", .value = Money::parse("8200万").fen(), .year = 2023,
              .qualifier = Qualifier::at_least});
  reg.expect({.key = "leadership.meetings", .value = 3, .year = 2023, .east = jiading, .west = dayao});
  const auto gaps = findings(reg, "expectation_gap");
  REQUIRE(gaps.size() == 2);
  CHECK(gaps[0].expected_count == 988);
  CHECK(gaps[0].actual_count == 494);
  CHECK(gaps[1].expected == Money::parse("8200万"));
  CHECK(gaps[1].actual == Money::parse("8100万"));
  CHECK(gaps[1].message.find("or more") != std::string::npos);
  const auto silent = findings(reg, "expectation_not_reported");  // no meeting recorded: not 0 meetings
  REQUIRE(silent.size() == 1);
  CHECK(silent[0].severity == Severity::error);

  // parts beyond their whole: one of them is wrong, and check() says which whole
  reg.add_benefit({.via = Node(dayao), .kind = BenefitKind::employment, .date = y, .persons = 1, .part_of = employed});
  const auto over = findings(reg, "figure_exceeded");
  REQUIRE(over.size() == 1);
  CHECK(over[0].refs[0].table == "benefits");
  CHECK(over[0].refs[0].id == employed.value);
  CHECK(report(reg, {.year = 2023, .east = jiading, .west = dayao}).count("labour.employed") == 494);
}

TEST_CASE("a breakdown is refused unless it and its whole are aggregates of one kind, and the refusal changes nothing") {
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "东", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId west = reg.add_partner({.name = "西", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village = reg.add_partner({.name = "村", .kind = PartnerKind::village, .parent = west});
  const HouseholdId h = reg.add_household({.number = "", .village = village});
  const BenefitId whole = reg.add_benefit({.via = Node(west), .kind = BenefitKind::employment, .persons = 10});
  const auto rows = reg.benefits().size();
  CHECK_THROWS_AS(reg.add_benefit({.via = Node(west), .kind = BenefitKind::income, .persons = 2, .part_of = whole}),
                  validation_error);
  CHECK_THROWS_AS(reg.add_benefit({.beneficiary = h, .via = Node(west), .kind = BenefitKind::employment, .persons = 1,
                                   .part_of = whole}),
                  validation_error);
  CHECK_THROWS_AS(reg.add_benefit({.via = Node(west), .kind = BenefitKind::employment, .persons = 1,
                                   .part_of = BenefitId(7)}),
                  not_found);
  const TrainingId t = reg.add_training({.organiser = east, .role = Role::worker, .trainees = 5});
  CHECK_THROWS_AS(reg.add_training({.organiser = east, .role = Role::cadre, .trainees = 2, .part_of = t}),
                  validation_error);
  CHECK_THROWS_AS(reg.expect({.key = "labour.employed", .value = 1, .year = 0}), validation_error);
  CHECK_THROWS_AS(reg.expect({.key = "labour.hired", .value = 1, .year = 2023}), validation_error);
  CHECK_THROWS_AS(reg.expect({.key = "labour.employed", .value = -1, .year = 2023}), validation_error);
  CHECK(reg.benefits().size() == rows);
  CHECK(reg.trainings().size() == 1);
  CHECK(reg.expectations().size() == 0);
}

TEST_CASE("figures, bounds and breakdowns survive a file, a partition and a merge") {
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "东", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId west = reg.add_partner({.name = "西", .kind = PartnerKind::county, .side = Side::west});
  const BenefitId whole = reg.add_benefit({.via = Node(west), .kind = BenefitKind::employment, .date = Date::parse("2023"), .persons = 10});
  reg.add_benefit({.via = Node(west), .kind = BenefitKind::employment, .date = Date::parse("2023"), .persons = 4, .part_of = whole});
  const TrainingId t = reg.add_training({.organiser = east, .location = west, .role = Role::worker, .trainees = 5, .sessions = 2});
  reg.add_training({.organiser = east, .location = west, .role = Role::worker, .trainees = 3, .sessions = 1, .part_of = t});
  reg.expect({.key = "labour.employed", .value = 10, .year = 2023, .east = east, .west = west,
              .qualifier = Qualifier::about, .citation = "a report"});
  reg.expect_total({.amount = Money::parse("1万"), .scope = {}, .qualifier = Qualifier::at_least});
  for (auto format : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const Registry back = io::from_bytes(io::to_bytes(reg, format));
    CHECK(io::to_bytes(back) == io::to_bytes(reg));
    CHECK(back.expectations().qualifier[0] == Qualifier::about);
    CHECK(back.expectations().key[0] == "labour.employed");
    CHECK(back.expectations().qualifier[1] == Qualifier::at_least);
    CHECK(back.benefits().part_of[1] == whole);
    CHECK(back.trainings().sessions[0] == 2);
  }
  reg.add_partner({.name = "西2", .kind = PartnerKind::county, .side = Side::west});
  const auto parts = partition(reg, {.parts = 2, .region = PartnerKind::county});
  for (const Partition& p : parts)
    for (std::size_t i = 0; i < p.registry.benefits().size(); ++i)
      if (const BenefitId w = p.registry.benefits().part_of[i]) CHECK(p.registry.benefits().persons[w.value] == 10);
  const Registry back = merge(std::span<const Partition>(parts));
  CHECK(back.benefits().part_of[1] == whole);
  CHECK(back.trainings().part_of[1] == t);
  CHECK(report(back, {.year = 2023}).count("labour.employed") == 10);
}
