// Errors say what failed (table, row, field, value, reason beside the message), and the values no
// file could hold or no sum could hold are refused at insertion: text XML forbids, money that
// would take a column's sum beyond Money's range, enumeration codes beyond their range.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include "refused.hpp"

#include <limits>
#include <string>

using namespace shanhai;
using shanhai::testing::refused;

namespace {

constexpr Money most = Money::from_fen(std::numeric_limits<std::int64_t>::max());

struct Pair {
  Registry reg;
  PartnerId east = reg.add_partner({"东部区", PartnerKind::district, Side::east});
  PartnerId west = reg.add_partner({"西部县", PartnerKind::county, Side::west});
  PartnerId village = reg.add_partner({"村", PartnerKind::village, Side::unspecified, west});
  HouseholdId household = reg.add_household({"H1", village});
  ProjectId workshop = reg.add_project({"车间"});
};

}  // namespace

TEST_CASE("where() reads a message's label: the row or call names the table, the rest the field") {
  const Where w = where("flow amount", reason::not_positive, "0.00");
  CHECK(w.table == "flows");
  CHECK(w.field == "amount");
  CHECK(w.value == "0.00");
  CHECK(w.reason == "not_positive");
  CHECK(where("claim_wish by", reason::required).table == "wishes");
  CHECK(where("totals year", reason::wrong_type).table.empty());
  CHECK(where("progress", reason::wrong_type).field == "progress");
  // errors without a reason of their own get their class's
  CHECK(format_error("x").where().reason == "bad_format");
  CHECK(not_found("x").where().reason == "not_found");
  CHECK(io_error("x").where().reason == "io");
  CHECK(format_error("x", {.reason = "overflow"}).where().reason == "overflow");
}

TEST_CASE("text XML forbids is refused at insertion, naming table and field") {
  Pair p;
  for (const std::string bad : {"a\xef\xbf\xbe", "\xef\xbf\xbf", "a\x01", "\x1f"}) {
    const Where w = refused([&] { p.reg.add_project({"车间", Sector::industry, PartnerId(), PartnerId(), {}, {}, {}, bad}); });
    CHECK(w.table == "projects");
    CHECK(w.field == "note");
    CHECK(w.reason == "bad_text");
    CHECK(w.value.empty());  // text is never echoed
  }
  CHECK(p.reg.projects().size() == 1);
  // U+FFFD and U+10FFFF are characters XML allows; a lone EF BF is not UTF-8
  p.reg.add_partner({"\xef\xbf\xbd\xf4\x8f\xbf\xbf"});
  CHECK(refused([&] { p.reg.add_partner({"\xef\xbf"}); }).reason == "bad_text");
}

TEST_CASE("a batch names the row of its first bad row, keeping what the row's insertion said") {
  Pair p;
  FlowTable rows;
  for (int i = 0; i < 4; ++i)
    rows.append_row(Node(p.east), Node(p.village), Money::from_fen(i == 2 ? 0 : 100), Date(), FlowKind::fiscal,
                    Stage::disbursement, Sector::unspecified, FlowId(), std::string_view(), PairingId(), Currency(), std::uint8_t(0));
  const Where w = refused([&] { p.reg.append(rows); });
  CHECK(w.table == "flows");
  CHECK(w.row == 2);
  CHECK(w.field == "amount");
  CHECK(w.value == "0.00");
  CHECK(w.reason == "not_positive");
  CHECK(p.reg.flows().empty());
}

TEST_CASE("a file's enumeration code beyond its range is refused, naming table, row and column") {
  Tables t;
  t.partners.append_row(std::string_view("甲"), PartnerKind(19), Side::east, PartnerId(), std::string_view(),
                        std::string_view(), std::int32_t(1));
  const Where w = refused([&] { Registry::replay(t); });
  CHECK(w.table == "partners");
  CHECK(w.row == 0);
  CHECK(w.field == "kind");
  CHECK(w.value == "19");
  CHECK(w.reason == "out_of_range");
  CHECK(refused([] { enum_checked<FlowKind>(8); }).reason == "out_of_range");
}

TEST_CASE("money that would take a column's sum beyond Money's range is refused") {
  Pair p;
  p.reg.add_flow({p.east, p.west, most});
  const Where w = refused([&] { p.reg.add_flow({p.west, p.village, Money::from_fen(1)}); });
  CHECK(w.table == "flows");
  CHECK(w.field == "amount");
  CHECK(w.reason == "overflow");
  CHECK(refused([&] { p.reg.distribute({.source = p.west, .amount = Money::from_fen(1), .to = {p.household}}); })
            .reason == "overflow");
  CHECK(p.reg.flows().size() == 1);
  CHECK(totals(p.reg, {}).total() == most);  // and every sum still fits

  p.reg.add_wish({p.household, "书包", most});
  CHECK(refused([&] { p.reg.add_wish({p.household, "文具", Money::from_fen(1)}); }).field == "cost");
  p.reg.add_employment({p.workshop, p.household, PersonId(), "", Date::parse("2018-05"), 1, -1, most});
  CHECK(refused([&] {
          p.reg.add_employment({p.workshop, HouseholdId(), PersonId(), "", Date::parse("2018-05"), 2, -1, Money::from_fen(1)});
        }).field == "wage");
  p.reg.add_benefit({p.household, p.workshop, BenefitKind::employment, Date(), 1, 1, most});
  CHECK(refused([&] { p.reg.add_benefit({HouseholdId(), p.workshop, BenefitKind::employment, Date(), 1, 0, Money::from_fen(1)}); })
            .field == "amount");
  CHECK(report(p.reg, {}).money("wishes.value") == most);
}

TEST_CASE("rows rolled back give their room in the sums back, and a file cannot overflow a sum") {
  Pair p;
  p.reg.add_flow({p.east, p.west, most - Money::from_fen(2)});
  FlowTable rows;
  for (PartnerId target : {p.village, PartnerId(99)})  // the second row refers to nothing
    rows.append_row(Node(p.east), Node(target), Money::from_fen(1), Date(), FlowKind::fiscal, Stage::disbursement,
                    Sector::unspecified, FlowId(), std::string_view(), PairingId(), Currency(), std::uint8_t(0));
  CHECK(refused([&] { p.reg.append(rows); }).reason == "not_found");
  CHECK_THROWS_AS(p.reg.batch([&](Registry& r) {  // a batch that fails after taking room
    r.add_flow({p.east, p.village, Money::from_fen(2)});
    throw validation_error("stop");
  }), validation_error);
  p.reg.add_flow({p.east, p.village, Money::from_fen(2)});  // the room both took is free again
  CHECK(totals(p.reg, {}).total() == most);

  Tables t = p.reg.tables();  // the sums of a file are checked as the rows go in, in bulk too
  t.flows.amount[1] = Money::from_fen(3);
  const Where w = refused([&] { Registry::replay(t); });
  CHECK(w.table == "flows");
  CHECK(w.row == 1);
  CHECK(w.reason == "overflow");
}
