// Registry insertion: every validation rule of registry.hpp, each refused with the right exception
// and a message that names the field, and the strong guarantee: a refused call leaves every
// table, every derived index and every lookup exactly as it was.
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace shanhai;

namespace {

Money m(const char* text) { return Money::parse(text); }
Date d(const char* text) { return Date::parse(text); }
bool mentions(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

template <class T>
bool same_table(const T& a, const T& b) {
  return T::columns(a) == T::columns(b);
}

// Registry numbers that refused calls try to register; none of them may appear afterwards.
const char* const probe_numbers[] = {"622901100201000001", "622901100201000002", "NEW-1", "NEW-2", ""};

/// Everything a caller can observe: a copy of every table, the flow and exchange indexes, and
/// the household-number lookups.
struct Snapshot {
  Tables tables;
  std::vector<Link> link;
  std::vector<FlowId> root;
  std::vector<Money> allocated, parts, remaining;
  std::vector<std::int64_t> exchange_allocated;
  std::vector<HouseholdId> by_number;

  explicit Snapshot(const Registry& r) : tables(r.tables()) {
    for (std::uint32_t i = 0; i < r.flows().size(); ++i) {
      const FlowId f(i);
      link.push_back(r.link(f));
      root.push_back(r.root(f));
      allocated.push_back(r.allocated(f));
      parts.push_back(r.parts(f));
      remaining.push_back(r.remaining(f));
    }
    for (std::uint32_t i = 0; i < r.exchanges().size(); ++i) exchange_allocated.push_back(r.exchange_allocated(ExchangeId(i)));
    for (std::string_view n : r.households().number) by_number.push_back(r.household_by_number(n));
    for (const char* n : probe_numbers) by_number.push_back(r.household_by_number(n));
  }

  bool operator==(const Snapshot& o) const {
    bool same = true;
    std::size_t k = 0;
    each_table(tables, [&](const char*, const auto& table) {
      std::size_t j = 0;
      each_table(o.tables, [&](const char*, const auto& other) {
        if constexpr (std::is_same_v<decltype(table), decltype(other)>)
          if (j == k) same = same && same_table(table, other);
        ++j;
      });
      ++k;
    });
    return same &&
           link == o.link && root == o.root && allocated == o.allocated && parts == o.parts &&
           remaining == o.remaining && exchange_allocated == o.exchange_allocated && by_number == o.by_number;
  }
};

/// The call must throw Ex, whose message names `field`, and leave the registry unchanged.
template <class Ex, class Call>
void refused(const Registry& reg, int line, const char* field, Call call) {
  const std::string named = field;
  INFO("refusal expected at line ", line, ", naming '", named, "'");
  const Snapshot before(reg);
  REQUIRE_THROWS_AS(call(), Ex);
  std::string what;
  try {
    call();  // refused again: a refusal is repeatable because nothing changed
  } catch (const Ex& e) {
    what = e.what();
  }
  CHECK_MESSAGE(mentions(what, field), "message: ", what);
  CHECK_MESSAGE(Snapshot(reg) == before, "the refused call changed the registry");
}

#define REFUSED(Ex, field, ...) refused<Ex>(reg, __LINE__, field, __VA_ARGS__)

/// The seed pair, with a little of everything:
///
///   福建省 (province, east)                甘肃省 (province, west)
///     思明区 (district, side from parent)    临夏市 (county)         康乐县 (county)
///                                              枹罕镇 (town)
///                                                王坪村 (village)  城北社区 (community)
///   宁德市 (city, east, no parent)
///
///   flow 0: 思明区 → 临夏市 984万, root
///   flow 1: 思明区 → 王坪村  34万, a part of flow 0
///   flow 2: 临夏市 → 王坪村 200万, a pass-through of flow 0     (flow 0 has 750万 left)
struct Seed {
  Registry reg;
  PartnerId fujian, siming, gansu, linxia, kangle, fuhan, wangping, chengbei, ningde;
  FlowId total, part, passed;
  ProjectId workshop;
  HouseholdId home;
  ExchangeId teachers;
  WishId open, claimed, fulfilled, cancelled;

  Seed() {
    fujian = reg.add_partner({.name = "福建省", .kind = PartnerKind::province, .side = Side::east, .code = "350000"});
    siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .parent = fujian, .code = "350203"});
    gansu = reg.add_partner({.name = "甘肃省", .kind = PartnerKind::province, .side = Side::west, .code = "620000"});
    linxia = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west, .parent = gansu,
                              .code = "622901"});
    kangle = reg.add_partner({.name = "康乐县", .kind = PartnerKind::county, .parent = gansu});
    fuhan = reg.add_partner({.name = "枹罕镇", .kind = PartnerKind::town, .parent = linxia});
    wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = fuhan});
    chengbei = reg.add_partner({.name = "城北社区", .kind = PartnerKind::community, .parent = fuhan});
    ningde = reg.add_partner({.name = "宁德市", .kind = PartnerKind::city, .side = Side::east});
    reg.pair({.a = siming, .b = linxia, .kind = PairingKind::east_west, .since = d("2017-08")});

    total = reg.add_flow({.source = siming, .target = linxia, .amount = m("984万"), .date = d("2018"),
                          .kind = FlowKind::fiscal, .purpose = Sector::industry});
    part = reg.add_flow({.source = siming, .target = wangping, .amount = m("34万"), .date = d("2018-05"),
                         .kind = FlowKind::fiscal, .purpose = Sector::industry, .parent = total});
    passed = reg.add_flow({.source = linxia, .target = wangping, .amount = m("200万"), .date = d("2018-06"),
                           .kind = FlowKind::fiscal, .parent = total});

    workshop = reg.add_project({.name = "扶贫车间", .sector = Sector::industry, .location = linxia,
                                .start = d("2018"), .outputs = {{"workshops", 20}}});
    home = reg.add_household({.number = "622901100201000001", .village = wangping, .members = 4});
    reg.add_benefit({.beneficiary = home, .via = workshop, .kind = BenefitKind::employment, .date = d("2018-09"),
                     .persons = 1});
    teachers = reg.add_exchange({.sender = siming, .host = linxia, .role = Role::teacher, .person_times = 8,
                                 .persons = 5, .batches = 2, .date = d("2018")});
    reg.add_training({.organiser = siming, .location = linxia, .role = Role::teacher, .trainees = 800,
                      .date = d("2018")});

    open = reg.add_wish({.household = home, .text = "书包和文具", .cost = m("300元"), .date = d("2018-12")});
    claimed = reg.add_wish({.household = home, .text = "冬衣", .cost = m("200元"), .date = d("2018-12")});
    reg.claim_wish(claimed, siming, d("2018-12-28"));
    fulfilled = reg.add_wish({.household = home, .text = "台灯", .date = d("2018-11")});
    reg.claim_wish(fulfilled, siming, d("2018-11-20"));
    reg.fulfil_wish(fulfilled, d("2019-01-10"));
    cancelled = reg.add_wish({.household = home, .text = "自行车", .date = d("2018-10")});
    reg.cancel_wish(cancelled, d("2018-10-30"));

    reg.add_event({.kind = EventKind::signing, .date = d("2017-08"), .partners = {siming, linxia}});
  }
};

}  // namespace

TEST_CASE_FIXTURE(Seed, "the seed registry is what the fixture says") {
  CHECK(reg.partners().size() == 9);
  CHECK(reg.flows().size() == 3);
  // a partner given no side takes its parent's
  CHECK(reg.partners().side[siming.value] == Side::east);
  CHECK(reg.partners().side[wangping.value] == Side::west);
  CHECK(reg.side_of(home) == Side::west);
  CHECK(reg.place_of(home) == wangping);
  CHECK(reg.place_of(workshop) == linxia);
  CHECK(reg.within(home, linxia));
  CHECK(reg.within(wangping, wangping));
  CHECK_FALSE(reg.within(linxia, wangping));
  CHECK_FALSE(reg.within(siming, gansu));
  CHECK(reg.household_by_number("622901100201000001") == home);
  CHECK_FALSE(reg.household_by_number("622901100201000002").valid());

  // flow index: 984万 = 34万 part + 200万 passed on + 750万 left
  CHECK(reg.link(total) == Link::none);
  CHECK(reg.link(part) == Link::part);
  CHECK(reg.link(passed) == Link::pass_through);
  CHECK(reg.root(passed) == total);
  CHECK(reg.origin(passed) == Node(siming));
  CHECK(reg.allocated(total) == m("234万"));
  CHECK(reg.parts(total) == m("34万"));
  CHECK(reg.remaining(total) == m("750万"));
  CHECK(reg.remaining(part) == m("34万"));

  CHECK(reg.exchanges().person_times[teachers.value] == 8);
  CHECK(reg.wishes().state[open.value] == WishState::open);
  CHECK(reg.wishes().state[claimed.value] == WishState::claimed);
  CHECK(reg.wishes().state[fulfilled.value] == WishState::fulfilled);
  CHECK(reg.wishes().state[cancelled.value] == WishState::cancelled);
}

TEST_CASE_FIXTURE(Seed, "the snapshot sees every kind of change (so that the refusal tests mean something)") {
  const Snapshot before(reg);
  CHECK(Snapshot(reg) == before);
  SUBCASE("a new row") {
    reg.add_event({.kind = EventKind::joint_meeting, .date = d("2018")});
    CHECK_FALSE(Snapshot(reg) == before);
  }
  SUBCASE("a wish state") {
    reg.claim_wish(open, ningde, d("2018-12-30"));
    CHECK_FALSE(Snapshot(reg) == before);
  }
  SUBCASE("a flow index") {
    reg.add_flow({.source = siming, .target = fuhan, .amount = m("1元"), .kind = FlowKind::fiscal, .parent = total});
    CHECK_FALSE(Snapshot(reg) == before);
  }
  SUBCASE("a registry number") {
    reg.add_household({.number = "NEW-1", .village = wangping});
    CHECK_FALSE(Snapshot(reg) == before);
  }
}

TEST_CASE_FIXTURE(Seed, "add_partner rules") {
  REFUSED(validation_error, "partner name", [&] { reg.add_partner({.name = ""}); });
  REFUSED(validation_error, "partner note", [&] { reg.add_partner({.name = "x", .note = "\xff"}); });
  REFUSED(not_found, "partner parent", [&] { reg.add_partner({.name = "x", .parent = PartnerId(99)}); });
  REFUSED(not_found, "partner parent", [&] { reg.add_partner({.name = "x", .parent = PartnerId(9)}); });  // one past
  // administrative codes: digits only, at most 12 of them
  for (const char* code : {"35020A", "3502030000001", "35 0203", "-350203", "３５０２０３"}) {
    CAPTURE(std::string(code));
    REFUSED(validation_error, "partner code", [&] { reg.add_partner({.name = "x", .code = code}); });
  }
  // side: a west partner under an east parent, and the other way round
  REFUSED(validation_error, "partner side",
          [&] { reg.add_partner({.name = "x", .kind = PartnerKind::street, .side = Side::west, .parent = siming}); });
  REFUSED(validation_error, "partner side",
          [&] { reg.add_partner({.name = "x", .side = Side::east, .parent = wangping}); });

  // accepted
  const PartnerId street = reg.add_partner({.name = "鹭江街道", .kind = PartnerKind::street, .side = Side::east,
                                            .parent = siming, .code = "350203001"});
  CHECK(reg.partners().side[street.value] == Side::east);
  const PartnerId group = reg.add_partner({.name = "王坪一组", .parent = wangping, .code = "622901100201"});
  CHECK(reg.partners().side[group.value] == Side::west);  // inherited through three levels
  const PartnerId loose = reg.add_partner({.name = "某基金会 🙂", .kind = PartnerKind::social_org});
  CHECK(reg.partners().side[loose.value] == Side::unspecified);
  // under a parent with no side, a child may take either side
  const PartnerId west_child = reg.add_partner({.name = "x", .side = Side::west, .parent = loose});
  CHECK(reg.partners().side[west_child.value] == Side::west);
}

TEST_CASE_FIXTURE(Seed, "text fields hold well-formed UTF-8 only") {
  const char* bad[] = {
      "\xff",                  // never a UTF-8 byte
      "\x80",                  // a continuation byte alone
      "\xc0\xaf",              // overlong '/'
      "\xe0\x80\xaf",          // overlong '/', three bytes
      "\xed\xa0\x80",          // a surrogate (U+D800)
      "\xf4\x90\x80\x80",      // beyond U+10FFFF
      "\xf8\x88\x80\x80\x80",  // five-byte form
      "王坪\xe6\x9d",          // cut off in the middle of 村
      "\xe6\x9d" "a",          // a continuation byte replaced by ASCII
  };
  for (const char* text : bad) {
    CAPTURE(std::string(text));
    REFUSED(validation_error, "partner name", [&] { reg.add_partner({.name = text}); });
    REFUSED(validation_error, "project name", [&] { reg.add_project({.name = text}); });
    REFUSED(validation_error, "wish text", [&] { reg.add_wish({.household = home, .text = text}); });
    REFUSED(validation_error, "household number", [&] { reg.add_household({.number = text, .village = wangping}); });
    REFUSED(validation_error, "exchange purpose",
            [&] { reg.add_exchange({.sender = siming, .host = linxia, .persons = 1, .purpose = text}); });
  }
  // every note is checked too
  const std::string bad_note = "\xff";
  REFUSED(validation_error, "pairing note", [&] { reg.pair({.a = ningde, .b = kangle, .note = bad_note}); });
  REFUSED(validation_error, "flow note",
          [&] { reg.add_flow({.source = ningde, .target = kangle, .amount = m("1"), .note = bad_note}); });
  REFUSED(validation_error, "project note", [&] { reg.add_project({.name = "x", .note = bad_note}); });
  REFUSED(validation_error, "household note", [&] { reg.add_household({.village = wangping, .note = bad_note}); });
  REFUSED(validation_error, "benefit note",
          [&] { reg.add_benefit({.beneficiary = home, .via = workshop, .note = bad_note}); });
  REFUSED(validation_error, "exchange note",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .persons = 1, .note = bad_note}); });
  REFUSED(validation_error, "training note",
          [&] { reg.add_training({.organiser = siming, .trainees = 1, .note = bad_note}); });
  REFUSED(validation_error, "wish note", [&] { reg.add_wish({.household = home, .text = "x", .note = bad_note}); });
  REFUSED(validation_error, "event note", [&] { reg.add_event({.note = bad_note}); });

  // control characters cannot be written to an XML file; tab and line breaks can
  for (const char* text : {"a\x01" "b", "\x1b[31m", "\x1f", "line\x0b"}) {
    CAPTURE(std::string(text));
    REFUSED(validation_error, "control character", [&] { reg.add_partner({.name = text}); });
    REFUSED(validation_error, "wish text", [&] { reg.add_wish({.household = home, .text = text}); });
  }
  REFUSED(validation_error, "partner name", [&] { reg.add_partner({.name = std::string("a\0b", 3)}); });
  const ProjectId lines = reg.add_project({.name = "扶贫车间", .note = "第一行\n第二行\r\n\t缩进"});
  CHECK(reg.projects().note[lines.value] == "第一行\n第二行\r\n\t缩进");

  // well-formed text of every length is accepted: 1, 2, 3 and 4 bytes
  const PartnerId p = reg.add_partner({.name = "a é 村 🙂 \xf4\x8f\xbf\xbf"});  // the last is U+10FFFF
  CHECK(reg.partners().name[p.value] == "a é 村 🙂 \xf4\x8f\xbf\xbf");
}

TEST_CASE_FIXTURE(Seed, "pair rules") {
  REFUSED(validation_error, "pairing a", [&] { reg.pair({.b = linxia}); });  // none
  REFUSED(validation_error, "pairing a", [&] { reg.pair({.a = workshop, .b = linxia}); });
  REFUSED(validation_error, "pairing a", [&] { reg.pair({.a = total, .b = linxia}); });
  REFUSED(not_found, "pairing a", [&] { reg.pair({.a = PartnerId(99), .b = linxia}); });
  REFUSED(validation_error, "pairing b", [&] { reg.pair({.a = siming}); });
  REFUSED(not_found, "pairing b", [&] { reg.pair({.a = siming, .b = HouseholdId(42)}); });
  REFUSED(validation_error, "a and b are the same", [&] { reg.pair({.a = siming, .b = siming}); });
  REFUSED(validation_error, "pairing until",
          [&] { reg.pair({.a = ningde, .b = kangle, .since = d("2018-05"), .until = d("2018-04-30")}); });
  REFUSED(validation_error, "pairing until",
          [&] { reg.pair({.a = ningde, .b = kangle, .since = d("2018"), .until = d("2017")}); });

  // accepted: a partner with a household; overlapping dates are not "before"
  const PairingId family = reg.pair({.a = siming, .b = home, .kind = PairingKind::family_household,
                                     .since = d("2018-05"), .until = d("2018")});
  CHECK(reg.pairings().b[family.value] == Node(home));
}

TEST_CASE_FIXTURE(Seed, "add_flow rules: ends and amount") {
  REFUSED(validation_error, "flow source", [&] { reg.add_flow({.target = linxia, .amount = m("1")}); });
  REFUSED(validation_error, "flow source", [&] { reg.add_flow({.source = total, .target = linxia, .amount = m("1")}); });
  REFUSED(not_found, "flow source", [&] { reg.add_flow({.source = PartnerId(99), .target = linxia, .amount = m("1")}); });
  REFUSED(validation_error, "flow target", [&] { reg.add_flow({.source = siming, .amount = m("1")}); });
  REFUSED(validation_error, "flow target", [&] { reg.add_flow({.source = siming, .target = part, .amount = m("1")}); });
  REFUSED(not_found, "flow target",
          [&] { reg.add_flow({.source = siming, .target = ProjectId(1), .amount = m("1")}); });  // one past
  REFUSED(not_found, "flow target",
          [&] { reg.add_flow({.source = siming, .target = HouseholdId(7), .amount = m("1")}); });
  REFUSED(validation_error, "flow target", [&] { reg.add_flow({.source = siming, .target = siming, .amount = m("1")}); });
  REFUSED(validation_error, "flow amount", [&] { reg.add_flow({.source = siming, .target = linxia}); });  // zero
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = siming, .target = linxia, .amount = m("-1元")}); });
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = siming, .target = linxia, .amount = Money::from_fen(-1)}); });

  // accepted: to a project and to a household
  const FlowId f = reg.add_flow({.source = siming, .target = workshop, .amount = m("0.01")});
  CHECK(reg.link(f) == Link::none);
  CHECK(reg.root(f) == f);
  reg.add_flow({.source = ningde, .target = home, .amount = m("500元"), .kind = FlowKind::donation});
}

TEST_CASE_FIXTURE(Seed, "add_flow rules: parent links") {
  REFUSED(not_found, "flow parent",
          [&] { reg.add_flow({.source = siming, .target = linxia, .amount = m("1"), .parent = FlowId(3)}); });
  // a chain keeps one stage
  REFUSED(validation_error, "flow stage", [&] {
    reg.add_flow({.source = siming, .target = wangping, .amount = m("1"), .stage = Stage::commitment, .parent = total});
  });
  REFUSED(validation_error, "flow stage", [&] {
    reg.add_flow({.source = linxia, .target = home, .amount = m("1"), .stage = Stage::expenditure, .parent = passed});
  });
  // neither part nor pass-through: the source is neither under 思明区 (the parent's source) nor
  // under 临夏市 (the parent's target)
  REFUSED(validation_error, "flow parent",
          [&] { reg.add_flow({.source = ningde, .target = wangping, .amount = m("1"), .parent = total}); });
  // the source is the parent's, but the target is outside 临夏市
  REFUSED(validation_error, "flow parent",
          [&] { reg.add_flow({.source = siming, .target = kangle, .amount = m("1"), .parent = total}); });
  // a part of flow 1 (思明区 → 王坪村) may not widen its target to the whole town
  REFUSED(validation_error, "flow parent",
          [&] { reg.add_flow({.source = siming, .target = fuhan, .amount = m("1"), .parent = part}); });
  // the province above the source is not "at or below" it
  REFUSED(validation_error, "flow parent",
          [&] { reg.add_flow({.source = fujian, .target = linxia, .amount = m("1"), .parent = total}); });
  // a project passes money on only as itself, not as its location
  const FlowId to_project = reg.add_flow({.source = siming, .target = workshop, .amount = m("10万")});
  REFUSED(validation_error, "flow parent",
          [&] { reg.add_flow({.source = linxia, .target = home, .amount = m("1"), .parent = to_project}); });
  const FlowId spent = reg.add_flow({.source = workshop, .target = home, .amount = m("1万"), .parent = to_project});
  CHECK(reg.link(spent) == Link::pass_through);

  // accepted parts and pass-throughs, with the right link
  const FlowId grand = reg.add_flow({.source = wangping, .target = home, .amount = m("1万"), .parent = part});
  CHECK(reg.link(grand) == Link::pass_through);  // 王坪村 passes on money it received
  CHECK(reg.root(grand) == total);
  const FlowId detail = reg.add_flow({.source = siming, .target = home, .amount = m("1万"), .parent = part});
  CHECK(reg.link(detail) == Link::part);  // the household sits in 王坪村
  const FlowId town = reg.add_flow({.source = fuhan, .target = home, .amount = m("1万"), .parent = total});
  CHECK(reg.link(town) == Link::pass_through);  // 枹罕镇 is below 临夏市
}

TEST_CASE_FIXTURE(Seed, "add_flow rules: children may not exceed their parent") {
  // flow 0: 984万 − 34万 (part) − 200万 (pass-through) = 750万 left
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = linxia, .target = wangping, .amount = m("750.000001万"), .parent = total}); });
  REFUSED(validation_error, "exceeds",
          [&] { reg.add_flow({.source = siming, .target = fuhan, .amount = m("984万"), .parent = total}); });
  const FlowId rest = reg.add_flow({.source = linxia, .target = fuhan, .amount = m("750万"), .parent = total});
  CHECK(reg.remaining(total) == Money());
  CHECK(reg.allocated(total) == m("984万"));
  CHECK(reg.parts(total) == m("34万"));
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = siming, .target = wangping, .amount = m("0.01"), .parent = total}); });

  // siblings under a part: 34万 = 20万 + 14万, then nothing more
  reg.add_flow({.source = wangping, .target = home, .amount = m("20万"), .parent = part});
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = siming, .target = home, .amount = m("14.01万"), .parent = part}); });
  reg.add_flow({.source = siming, .target = home, .amount = m("14万"), .parent = part});
  CHECK(reg.remaining(part) == Money());
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = wangping, .target = home, .amount = m("0.01"), .parent = part}); });

  // a grandchild is bounded by its own parent, not by the root
  CHECK(reg.remaining(rest) == m("750万"));
  REFUSED(validation_error, "flow amount",
          [&] { reg.add_flow({.source = fuhan, .target = wangping, .amount = m("750.01万"), .parent = rest}); });
}

TEST_CASE_FIXTURE(Seed, "add_project rules") {
  REFUSED(validation_error, "project name", [&] { reg.add_project({.name = ""}); });
  REFUSED(not_found, "project location", [&] { reg.add_project({.name = "x", .location = PartnerId(9)}); });
  REFUSED(not_found, "project implementer", [&] { reg.add_project({.name = "x", .implementer = PartnerId(50)}); });
  REFUSED(validation_error, "project end",
          [&] { reg.add_project({.name = "x", .start = d("2018-05"), .end = d("2018-04")}); });
  REFUSED(validation_error, "project output name", [&] { reg.add_project({.name = "x", .outputs = {{"", 1}}}); });
  REFUSED(validation_error, "project output name", [&] { reg.add_project({.name = "x", .outputs = {{"\xff", 1}}}); });
  REFUSED(validation_error, "project output 'workshops'",
          [&] { reg.add_project({.name = "x", .outputs = {{"workshops", -1}}}); });
  REFUSED(validation_error, "project outputs",
          [&] { reg.add_project({.name = "x", .outputs = {{"km_road", 3}, {"workshops", 1}, {"km_road", 4}}}); });

  const ProjectId p = reg.add_project({.name = "道路", .sector = Sector::infrastructure, .location = wangping,
                                       .implementer = linxia, .start = d("2018"), .end = d("2018-03"),
                                       .outputs = {{"km_road", 12}, {"bridges", 0}}});
  CHECK(reg.projects().outputs[p.value].size() == 2);
}

TEST_CASE_FIXTURE(Seed, "add_household rules") {
  REFUSED(validation_error, "already registered",
          [&] { reg.add_household({.number = "622901100201000001", .village = chengbei}); });
  REFUSED(validation_error, "household number",
          [&] { reg.add_household({.number = "622901100201000001", .village = chengbei}); });
  // refused for another reason: the new number must not stay registered (the probe checks it)
  REFUSED(validation_error, "household village", [&] { reg.add_household({.number = "NEW-1"}); });
  REFUSED(not_found, "household village", [&] { reg.add_household({.number = "NEW-1", .village = PartnerId(9)}); });
  REFUSED(validation_error, "household village", [&] { reg.add_household({.number = "NEW-1", .village = fuhan}); });
  REFUSED(validation_error, "not a village or community",
          [&] { reg.add_household({.number = "NEW-1", .village = linxia}); });
  REFUSED(validation_error, "household members",
          [&] { reg.add_household({.number = "NEW-1", .village = wangping, .members = -1}); });
  for (std::int16_t year : {std::int16_t(1948), std::int16_t(2201), std::int16_t(-1), std::int16_t(20)}) {
    CAPTURE(year);
    REFUSED(validation_error, "household exit_year",
            [&] { reg.add_household({.number = "NEW-2", .village = wangping, .exit_year = year}); });
  }

  // accepted: a community, a plausible exit year, and any number of households with no number
  const HouseholdId a = reg.add_household({.number = "NEW-1", .village = chengbei, .members = 3,
                                           .status = HouseholdStatus::exited, .exit_year = 2019});
  const HouseholdId b = reg.add_household({.village = wangping});
  const HouseholdId c = reg.add_household({.village = wangping});
  CHECK(reg.household_by_number("NEW-1") == a);
  CHECK(b != c);
  CHECK_FALSE(reg.household_by_number("").valid());  // no number is never a number
  REFUSED(validation_error, "already registered", [&] { reg.add_household({.number = "NEW-1", .village = wangping}); });
}

TEST_CASE_FIXTURE(Seed, "add_benefit rules") {
  REFUSED(not_found, "benefit beneficiary",
          [&] { reg.add_benefit({.beneficiary = HouseholdId(1), .via = workshop, .persons = 1}); });
  REFUSED(validation_error, "benefit via", [&] { reg.add_benefit({.beneficiary = home, .via = home}); });
  REFUSED(validation_error, "benefit via", [&] { reg.add_benefit({.beneficiary = home}); });  // none
  REFUSED(not_found, "benefit via", [&] { reg.add_benefit({.beneficiary = home, .via = ProjectId(5)}); });
  REFUSED(not_found, "benefit via", [&] { reg.add_benefit({.beneficiary = home, .via = FlowId(3)}); });
  REFUSED(validation_error, "benefit persons", [&] { reg.add_benefit({.beneficiary = home, .via = workshop, .persons = -1}); });
  REFUSED(validation_error, "benefit households",
          [&] { reg.add_benefit({.via = workshop, .persons = 5, .households = -1}); });
  REFUSED(validation_error, "benefit amount",
          [&] { reg.add_benefit({.beneficiary = home, .via = workshop, .amount = m("-0.01")}); });
  REFUSED(validation_error, "benefit households",
          [&] { reg.add_benefit({.beneficiary = home, .via = workshop, .households = 2}); });
  REFUSED(validation_error, "aggregate", [&] { reg.add_benefit({.via = workshop, .kind = BenefitKind::employment}); });

  // accepted: one household counts as one; via a flow or a partner; an aggregate of households only
  const BenefitId one = reg.add_benefit({.beneficiary = home, .via = part, .kind = BenefitKind::dividend});
  CHECK(reg.benefits().households[one.value] == 1);
  reg.add_benefit({.beneficiary = home, .via = linxia, .kind = BenefitKind::health, .households = 1});
  const BenefitId many = reg.add_benefit({.via = linxia, .households = 30});
  CHECK(reg.benefits().households[many.value] == 30);
  CHECK_FALSE(reg.benefits().beneficiary[many.value].valid());
}

TEST_CASE_FIXTURE(Seed, "add_exchange rules") {
  REFUSED(validation_error, "exchange sender", [&] { reg.add_exchange({.host = linxia, .persons = 1}); });
  REFUSED(not_found, "exchange sender", [&] { reg.add_exchange({.sender = PartnerId(9), .host = linxia, .persons = 1}); });
  REFUSED(validation_error, "exchange host", [&] { reg.add_exchange({.sender = siming, .persons = 1}); });
  REFUSED(not_found, "exchange host", [&] { reg.add_exchange({.sender = siming, .host = PartnerId(77), .persons = 1}); });
  REFUSED(validation_error, "exchange host", [&] { reg.add_exchange({.sender = siming, .host = siming, .persons = 1}); });
  REFUSED(validation_error, "exchange person_times",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .person_times = -1}); });
  REFUSED(validation_error, "exchange persons", [&] { reg.add_exchange({.sender = siming, .host = linxia, .persons = -1}); });
  REFUSED(validation_error, "exchange batches",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .persons = 1, .batches = -1}); });
  REFUSED(validation_error, "exchange days",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .persons = 1, .days = -3}); });
  // five persons cannot make three person-times
  REFUSED(validation_error, "exchange persons",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .person_times = 3, .persons = 5}); });
}

TEST_CASE_FIXTURE(Seed, "add_exchange rules: parts of an exchange") {
  REFUSED(not_found, "exchange part_of",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .persons = 1, .part_of = ExchangeId(1)}); });
  // the sender must sit at or below 思明区, the host at or below 临夏市
  REFUSED(validation_error, "exchange part_of",
          [&] { reg.add_exchange({.sender = ningde, .host = linxia, .persons = 1, .part_of = teachers}); });
  REFUSED(validation_error, "exchange part_of",
          [&] { reg.add_exchange({.sender = siming, .host = kangle, .persons = 1, .part_of = teachers}); });
  REFUSED(validation_error, "exchange part_of",
          [&] { reg.add_exchange({.sender = fujian, .host = linxia, .persons = 1, .part_of = teachers}); });
  // 8 person-times: 5 + 3, then none left
  REFUSED(validation_error, "exchange person_times",
          [&] { reg.add_exchange({.sender = siming, .host = fuhan, .person_times = 9, .part_of = teachers}); });
  const ExchangeId five = reg.add_exchange({.sender = siming, .host = fuhan, .role = Role::teacher, .person_times = 5,
                                            .persons = 2, .part_of = teachers});
  CHECK(reg.exchange_allocated(teachers) == 5);
  CHECK(reg.exchange_allocated(five) == 0);
  // person_times defaults to persons, and is checked as such: 4 persons are 4 person-times > 3 left
  REFUSED(validation_error, "exceeds",
          [&] { reg.add_exchange({.sender = siming, .host = wangping, .persons = 4, .part_of = teachers}); });
  const ExchangeId three = reg.add_exchange({.sender = siming, .host = wangping, .persons = 3, .part_of = teachers});
  CHECK(reg.exchanges().person_times[three.value] == 3);
  CHECK(reg.exchange_allocated(teachers) == 8);
  REFUSED(validation_error, "exchange person_times",
          [&] { reg.add_exchange({.sender = siming, .host = linxia, .person_times = 1, .part_of = teachers}); });
  // a part of a part is bounded by its own parent
  REFUSED(validation_error, "exchange person_times",
          [&] { reg.add_exchange({.sender = siming, .host = wangping, .person_times = 6, .part_of = five}); });
  reg.add_exchange({.sender = siming, .host = wangping, .person_times = 5, .part_of = five});
  CHECK(reg.exchange_allocated(five) == 5);
}

TEST_CASE_FIXTURE(Seed, "add_training rules") {
  REFUSED(validation_error, "training organiser", [&] { reg.add_training({.trainees = 1}); });
  REFUSED(not_found, "training organiser", [&] { reg.add_training({.organiser = PartnerId(9), .trainees = 1}); });
  REFUSED(not_found, "training location",
          [&] { reg.add_training({.organiser = siming, .location = PartnerId(10), .trainees = 1}); });
  REFUSED(validation_error, "training trainees", [&] { reg.add_training({.organiser = siming}); });
  REFUSED(validation_error, "training trainees", [&] { reg.add_training({.organiser = siming, .trainees = -5}); });
  REFUSED(validation_error, "training days", [&] { reg.add_training({.organiser = siming, .trainees = 5, .days = -1}); });
  reg.add_training({.organiser = linxia, .role = Role::worker, .trainees = 50, .days = 3});
}

TEST_CASE_FIXTURE(Seed, "add_wish rules") {
  REFUSED(validation_error, "wish household", [&] { reg.add_wish({.text = "x"}); });
  REFUSED(not_found, "wish household", [&] { reg.add_wish({.household = HouseholdId(1), .text = "x"}); });
  REFUSED(validation_error, "wish text", [&] { reg.add_wish({.household = home}); });
  REFUSED(validation_error, "wish cost", [&] { reg.add_wish({.household = home, .text = "x", .cost = m("-1元")}); });
  const WishId w = reg.add_wish({.household = home, .text = "x"});
  CHECK(reg.wishes().state[w.value] == WishState::open);
  CHECK(reg.wishes().cost[w.value] == Money());
  CHECK_FALSE(reg.wishes().claimed_by[w.value].valid());
}

TEST_CASE_FIXTURE(Seed, "wish transitions: open → claimed → fulfilled or → cancelled and nothing else") {
  // unknown wishes
  REFUSED(not_found, "claim_wish wish", [&] { reg.claim_wish(WishId(4), siming, d("2019")); });
  REFUSED(validation_error, "claim_wish wish", [&] { reg.claim_wish(WishId(), siming, d("2019")); });
  REFUSED(not_found, "fulfil_wish wish", [&] { reg.fulfil_wish(WishId(4), d("2019")); });
  REFUSED(not_found, "cancel_wish wish", [&] { reg.cancel_wish(WishId(40), d("2019")); });
  // claim: only an open wish, by a known partner, not before it was submitted (2018-12)
  REFUSED(validation_error, "is claimed, not open", [&] { reg.claim_wish(claimed, ningde, d("2019")); });
  REFUSED(validation_error, "is fulfilled, not open", [&] { reg.claim_wish(fulfilled, ningde, d("2019")); });
  REFUSED(validation_error, "is cancelled, not open", [&] { reg.claim_wish(cancelled, ningde, d("2019")); });
  REFUSED(not_found, "claim_wish by", [&] { reg.claim_wish(open, PartnerId(9), d("2019")); });
  REFUSED(validation_error, "claim_wish by", [&] { reg.claim_wish(open, PartnerId(), d("2019")); });
  REFUSED(validation_error, "claim_wish date", [&] { reg.claim_wish(open, siming, d("2018-11-30")); });
  REFUSED(validation_error, "claim_wish date", [&] { reg.claim_wish(open, siming, d("2017")); });
  // fulfil: only a claimed wish, not before it was claimed (2018-12-28)
  REFUSED(validation_error, "is open, not claimed", [&] { reg.fulfil_wish(open, d("2019")); });
  REFUSED(validation_error, "is fulfilled, not claimed", [&] { reg.fulfil_wish(fulfilled, d("2019")); });
  REFUSED(validation_error, "is cancelled, not claimed", [&] { reg.fulfil_wish(cancelled, d("2019")); });
  REFUSED(validation_error, "fulfil_wish date", [&] { reg.fulfil_wish(claimed, d("2018-12-27")); });
  // cancel: never a closed wish; not before the claim (claimed) or the submission (open)
  REFUSED(validation_error, "already fulfilled", [&] { reg.cancel_wish(fulfilled, d("2019")); });
  REFUSED(validation_error, "already cancelled", [&] { reg.cancel_wish(cancelled, d("2019")); });
  REFUSED(validation_error, "cancel_wish date", [&] { reg.cancel_wish(claimed, d("2018-12-01")); });
  REFUSED(validation_error, "cancel_wish date", [&] { reg.cancel_wish(open, d("2018-11")); });

  // the fixture's legal steps recorded who and when
  CHECK(reg.wishes().claimed_by[fulfilled.value] == siming);
  CHECK(reg.wishes().claimed[fulfilled.value] == d("2018-11-20"));
  CHECK(reg.wishes().closed[fulfilled.value] == d("2019-01-10"));
  CHECK(reg.wishes().closed[cancelled.value] == d("2018-10-30"));
  CHECK_FALSE(reg.wishes().claimed_by[cancelled.value].valid());

  SUBCASE("claim, then fulfil on a date that overlaps the claim's") {
    reg.claim_wish(open, ningde, d("2018-12"));  // same month as the submission: not before it
    CHECK(reg.wishes().state[open.value] == WishState::claimed);
    CHECK(reg.wishes().claimed_by[open.value] == ningde);
    REFUSED(validation_error, "is claimed, not open", [&] { reg.claim_wish(open, siming, d("2019")); });
    reg.fulfil_wish(open, d("2018-12-15"));
    CHECK(reg.wishes().state[open.value] == WishState::fulfilled);
    REFUSED(validation_error, "already fulfilled", [&] { reg.cancel_wish(open, d("2019")); });
  }
  SUBCASE("cancel a claimed wish") {
    reg.cancel_wish(claimed, d("2018-12-28"));
    CHECK(reg.wishes().state[claimed.value] == WishState::cancelled);
    CHECK(reg.wishes().claimed_by[claimed.value] == siming);  // who had claimed it stays on record
    REFUSED(validation_error, "is cancelled, not claimed", [&] { reg.fulfil_wish(claimed, d("2019")); });
  }
  SUBCASE("cancel an open wish") {
    reg.cancel_wish(open, Date());  // no date given: nothing to be out of order
    CHECK(reg.wishes().state[open.value] == WishState::cancelled);
  }
}

TEST_CASE_FIXTURE(Seed, "add_event rules") {
  REFUSED(not_found, "event partners", [&] { reg.add_event({.partners = {siming, PartnerId(9)}}); });
  REFUSED(validation_error, "event partners", [&] { reg.add_event({.partners = {siming, PartnerId()}}); });
  REFUSED(validation_error, "named twice", [&] { reg.add_event({.partners = {siming, linxia, siming}}); });
  REFUSED(validation_error, "event partners", [&] { reg.add_event({.partners = {linxia, linxia}}); });
  const EventId e = reg.add_event({.kind = EventKind::joint_meeting, .date = d("2018-04")});  // no partners: fine
  CHECK(reg.events().partners[e.value].empty());
}

TEST_CASE_FIXTURE(Seed, "expect_total rules") {
  REFUSED(validation_error, "expect_total amount", [&] { reg.expect_total({.amount = m("-1元")}); });
  REFUSED(not_found, "expect_total source",
          [&] { reg.expect_total({.amount = m("984万"), .scope = {.source = PartnerId(9)}}); });
  REFUSED(not_found, "expect_total target",
          [&] { reg.expect_total({.amount = m("984万"), .scope = {.target = HouseholdId(1)}}); });
  REFUSED(not_found, "expect_total boundary",
          [&] { reg.expect_total({.amount = m("984万"), .scope = {.boundary = PartnerId(9)}}); });
  REFUSED(not_found, "expect_total origin",
          [&] { reg.expect_total({.amount = m("984万"), .scope = {.origin = PartnerId(19)}}); });
  REFUSED(validation_error, "expect_total citation",
          [&] { reg.expect_total({.amount = m("984万"), .citation = "年鉴\xff"}); });
  REFUSED(validation_error, "expect_total citation",
          [&] { reg.expect_total({.amount = m("984万"), .citation = "年鉴\x02"}); });

  const ExpectationId e = reg.expect_total({.amount = m("2210.2万"),
                                            .scope = {.source = siming, .year = 2018,
                                                      .kinds = {FlowKind::fiscal, FlowKind::donation}},
                                            .citation = "厦门年鉴2019"});
  CHECK(reg.expectations().amount[e.value] == m("2210.2万"));
  CHECK(reg.expectations().kinds.value(e.value) == std::vector<FlowKind>{FlowKind::fiscal, FlowKind::donation});
  reg.expect_total({.amount = Money()});  // a published zero is a figure too
  CHECK(reg.expectations().size() == 2);
}

TEST_CASE_FIXTURE(Seed, "distribute rules: all households or none") {
  const HouseholdId h2 = reg.add_household({.village = wangping});
  const HouseholdId h3 = reg.add_household({.village = chengbei});
  REFUSED(validation_error, "distribute to", [&] { reg.distribute({.source = wangping, .amount = m("100元")}); });
  REFUSED(validation_error, "distribute weights",
          [&] { reg.distribute({.source = wangping, .amount = m("100元"), .to = {home, h2}, .weights = {1}}); });
  REFUSED(validation_error, "distribute amount", [&] { reg.distribute({.source = wangping, .to = {home, h2}}); });
  REFUSED(validation_error, "distribute amount",
          [&] { reg.distribute({.source = wangping, .amount = m("-1元"), .to = {home}}); });
  REFUSED(validation_error, "distribute weights",
          [&] { reg.distribute({.source = wangping, .amount = m("100元"), .to = {home, h2}, .weights = {1, 0}}); });
  REFUSED(validation_error, "distribute weights",
          [&] { reg.distribute({.source = wangping, .amount = m("100元"), .to = {home, h2}, .weights = {3, -1}}); });
  // 2 fen for three households: shares 1, 1, 0
  REFUSED(validation_error, "too little",
          [&] { reg.distribute({.source = wangping, .amount = m("0.02"), .to = {home, h2, h3}}); });
  REFUSED(not_found, "distribute to",
          [&] { reg.distribute({.source = wangping, .amount = m("100元"), .to = {home, HouseholdId(9)}}); });
  REFUSED(validation_error, "distribute to",
          [&] { reg.distribute({.source = wangping, .amount = m("100元"), .to = {home, HouseholdId()}}); });
  // each flow is checked as add_flow checks it
  REFUSED(not_found, "flow source", [&] { reg.distribute({.source = PartnerId(9), .amount = m("1元"), .to = {home}}); });
  REFUSED(validation_error, "flow note",
          [&] { reg.distribute({.source = wangping, .amount = m("1元"), .to = {home}, .note = "\xff"}); });
  // flow 1 (思明区 → 王坪村, 34万) as parent: h3 lives in 城北社区, outside 王坪村, so the second
  // flow would be neither a part nor a pass-through, and the first is not added either
  REFUSED(validation_error, "flow parent", [&] {
    reg.distribute({.source = siming, .amount = m("2万"), .to = {home, h3}, .parent = part});
  });
  // 34.01万 in two shares of 17.005万: the first fits in the 34万 left, the second does not
  REFUSED(validation_error, "flow amount", [&] {
    reg.distribute({.source = wangping, .amount = m("34.01万"), .to = {home, h2}, .parent = part});
  });

  // accepted: 100元 in three equal shares, the odd fen to the first (largest remainder, ties to the earlier)
  const std::vector<FlowId> ids = reg.distribute({.source = wangping, .amount = m("100元"), .to = {home, h2, h3},
                                                  .kind = FlowKind::dividend, .date = d("2018-12")});
  REQUIRE(ids.size() == 3);
  CHECK(reg.flows().amount[ids[0].value] == m("33.34元"));
  CHECK(reg.flows().amount[ids[1].value] == m("33.33元"));
  CHECK(reg.flows().amount[ids[2].value] == m("33.33元"));
  CHECK(reg.flows().target[ids[2].value] == Node(h3));
  // by weights 1 : 3, under the 34万 part: 王坪村 passes the money on
  const std::vector<FlowId> weighted = reg.distribute({.source = wangping, .amount = m("34万"), .to = {home, h2},
                                                       .weights = {1, 3}, .parent = part});
  CHECK(reg.flows().amount[weighted[0].value] == m("8.5万"));
  CHECK(reg.flows().amount[weighted[1].value] == m("25.5万"));
  CHECK(reg.link(weighted[0]) == Link::pass_through);
  CHECK(reg.remaining(part) == Money());
  CHECK(reg.allocated(part) == m("34万"));
}

TEST_CASE_FIXTURE(Seed, "lookups by an unknown id throw not_found") {
  CHECK_THROWS_AS(reg.require(Node(PartnerId(9)), "x"), not_found);
  CHECK_THROWS_AS(reg.require(Node(HouseholdId(1)), "x"), not_found);
  CHECK_THROWS_AS(reg.require(Node(), "x"), validation_error);
  CHECK_NOTHROW(reg.require(Node(passed), "x"));
  // an unknown id is not_found (sh.NotFoundError, a KeyError, in Python: docs/guide.md), the flow
  // index and exchange accessors included
  CHECK_THROWS_AS((void)reg.link(FlowId(3)), not_found);
  CHECK_THROWS_AS((void)reg.root(FlowId(3)), not_found);
  CHECK_THROWS_AS((void)reg.origin(FlowId(3)), not_found);
  CHECK_THROWS_AS((void)reg.allocated(FlowId(3)), not_found);
  CHECK_THROWS_AS((void)reg.parts(FlowId(3)), not_found);
  CHECK_THROWS_AS((void)reg.remaining(FlowId(3)), not_found);
  CHECK_THROWS_AS((void)reg.exchange_allocated(ExchangeId(1)), not_found);
  CHECK_THROWS_AS((void)reg.crossing(FlowId(3), linxia), not_found);
}

TEST_CASE_FIXTURE(Seed, "replay rebuilds the same registry from its tables or names the row it refuses") {
  // a few more rows of the kinds the fixture lacks
  reg.add_benefit({.via = workshop, .kind = BenefitKind::employment, .date = d("2018"), .persons = 900});
  reg.add_exchange({.sender = siming, .host = fuhan, .person_times = 3, .part_of = teachers});
  reg.add_household({.village = chengbei});
  const WishId claimed_then_cancelled = reg.add_wish({.household = home, .text = "鞋", .date = d("2018")});
  reg.claim_wish(claimed_then_cancelled, ningde, d("2018-06"));
  reg.cancel_wish(claimed_then_cancelled, d("2018-07"));
  reg.expect_total({.amount = m("984万"), .scope = {.source = siming, .year = 2018, .boundary = linxia},
                    .citation = "临夏市年鉴"});
  reg.distribute({.source = wangping, .amount = m("1万"), .to = {home}, .parent = part});

  const Registry copy = Registry::replay(reg.tables());
  CHECK(Snapshot(copy) == Snapshot(reg));  // tables, flow and exchange indexes, number lookups

  SUBCASE("a ragged table") {
    Tables t = reg.tables();
    t.partners.name.push_back("多余");
    CHECK_THROWS_AS((void)Registry::replay(t), validation_error);
  }
  SUBCASE("a row that breaks a rule") {
    Tables t = reg.tables();
    t.flows.amount[1] = Money();  // flow 1 with no money
    try {
      (void)Registry::replay(t);
      FAIL("replay accepted a flow of 0 yuan");
    } catch (const validation_error& e) {
      CHECK(mentions(e.what(), "flows row 1"));
      CHECK(mentions(e.what(), "flow amount"));
    }
  }
  SUBCASE("a reference to a later row (a cycle, say) is refused as a validation error") {
    Tables t = reg.tables();
    t.partners.parent[0] = PartnerId(1);  // 福建省 under 思明区, which is under 福建省
    try {
      (void)Registry::replay(t);
      FAIL("replay accepted a parent cycle");
    } catch (const validation_error& e) {
      CHECK(mentions(e.what(), "partners row 0"));
    }
  }
  SUBCASE("a wish state that does not fit its dates and donor") {
    Tables t = reg.tables();
    t.wishes.state[open.value] = WishState::fulfilled;  // never claimed
    CHECK_THROWS_AS((void)Registry::replay(t), validation_error);
    t = reg.tables();
    t.wishes.closed[open.value] = d("2019");  // open, yet closed
    CHECK_THROWS_AS((void)Registry::replay(t), validation_error);
  }
  SUBCASE("a duplicate registry number") {
    Tables t = reg.tables();
    TextColumn numbers;  // the first household's number twice
    for (std::size_t i = 0; i < t.households.size(); ++i) numbers.push_back(t.households.number[i == 1 ? 0 : i]);
    t.households.number = numbers;
    CHECK_THROWS_AS((void)Registry::replay(t), validation_error);
  }
}

TEST_CASE("an empty registry refuses every reference") {
  Registry reg;
  REFUSED(not_found, "partner parent", [&] { reg.add_partner({.name = "x", .parent = PartnerId(0)}); });
  REFUSED(not_found, "flow source", [&] { reg.add_flow({.source = PartnerId(0), .target = PartnerId(1), .amount = m("1")}); });
  REFUSED(not_found, "household village", [&] { reg.add_household({.village = PartnerId(0)}); });
  REFUSED(not_found, "wish household", [&] { reg.add_wish({.household = HouseholdId(0), .text = "x"}); });
  REFUSED(not_found, "claim_wish wish", [&] { reg.claim_wish(WishId(0), PartnerId(0), Date()); });
  CHECK(reg.partners().empty());
  CHECK(reg.flows().empty());
}
