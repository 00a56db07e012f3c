// Registry::append (a table of rows at once, checked over its columns) against the row-by-row
// insertions on random batches, good and bad: the same rows kept, the same index beside them, and
// the same error for the same first bad row.
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace shanhai;

namespace {

template <class T>
bool same_rows(const T& a, const T& b) {
  return std::apply([&](const auto&... x) { return std::apply([&](const auto&... y) { return ((x == y) && ...); }, T::columns(b)); },
                    T::columns(a));
}

// An east district with two streets; a western county with two towns of three villages each.
struct Places {
  Registry reg;
  std::vector<PartnerId> all;
  Places() {
    const auto east = reg.add_partner({"东部区", PartnerKind::district, Side::east});
    all = {east, reg.add_partner({"街道一", PartnerKind::street, Side::unspecified, east}),
           reg.add_partner({"街道二", PartnerKind::street, Side::unspecified, east})};
    const auto county = reg.add_partner({"西部县", PartnerKind::county, Side::west});
    all.push_back(county);
    for (int t = 0; t < 2; ++t) {
      const auto town = reg.add_partner({"镇" + std::to_string(t), PartnerKind::town, Side::unspecified, county});
      all.push_back(town);
      for (int v = 0; v < 3; ++v)
        all.push_back(reg.add_partner({"村" + std::to_string(t * 3 + v), PartnerKind::village, Side::unspecified, town}));
    }
  }
};

const char* const texts[] = {"", "", "", "", "王坪村 3 组", "tab\tok", "bad\x01", "\xe7\x8e", "cut \xe7", "ok"};

// The reference: every row through its insertion, as append promises to behave.
template <class T, class Insert>
std::string row_by_row(Registry& reg, const T& rows, Insert&& insert) {
  try {
    reg.batch([&](Registry& r) {
      for (std::size_t i = 0; i < rows.size(); ++i) try {
          insert(r, i);
        } catch (const error& e) {
          throw validation_error(table_name<T>() + (" row " + std::to_string(i) + ": ") + e.what());
        }
    });
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

template <class T>
std::string appended(Registry& reg, T&& rows) {
  try {
    reg.append(std::forward<T>(rows));
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

HouseholdTable random_households(std::mt19937& rng, const Places& p, std::size_t n, bool bad) {
  auto pick = [&](std::size_t k) { return std::size_t(rng() % k); };
  HouseholdTable t;
  for (std::size_t i = 0; i < n; ++i) {
    const bool wrong = bad && pick(n) == 0;  // about one bad row a batch, somewhere
    PartnerId village = p.all[4 + 1 + pick(3) + 4 * pick(2)];
    std::int32_t members = std::int32_t(1 + pick(6));
    std::int16_t exit_year = pick(3) == 0 ? std::int16_t(2016 + pick(5)) : 0;
    std::vector<PovertyCause> causes;
    for (std::size_t k = pick(3), first = pick(6); k-- > 0;) causes.push_back(PovertyCause(first + k));
    std::string number = pick(4) == 0 ? "52" + std::to_string(pick(40)) : "";
    std::string note = texts[pick(4)], address = texts[pick(6)], head_name = texts[pick(6)];
    if (wrong) switch (pick(8)) {
        case 0: village = p.all[pick(p.all.size())]; break;  // a district, street, county or town
        case 1: village = PartnerId(std::uint32_t(p.all.size() + pick(3))); break;
        case 2: members = -1; break;
        case 3: exit_year = std::int16_t(pick(2) ? 1900 : 2300); break;
        case 4: causes = {PovertyCause::illness, PovertyCause::illness}; break;
        case 5: note = texts[6 + pick(3)]; break;
        case 6: address = texts[6 + pick(3)]; break;
        default: head_name = texts[6 + pick(3)]; break;
      }
    t.append_row(number, village, members, HouseholdStatus::poor, exit_year, note,
                 std::span<const PovertyCause>(causes), address, head_name);
  }
  return t;
}

FlowTable random_flows(std::mt19937& rng, const Registry& reg, const Places& p, std::size_t n, bool bad) {
  auto pick = [&](std::size_t k) { return std::size_t(rng() % k); };
  const std::size_t before = reg.flows().size(), households = reg.households().size();
  auto node = [&] {
    return pick(4) == 0 && households ? Node(HouseholdId(std::uint32_t(pick(households)))) : Node(p.all[pick(p.all.size())]);
  };
  FlowTable t;
  for (std::size_t i = 0; i < n; ++i) {
    const bool wrong = bad && pick(n) == 0;
    Node source = node(), target = node();
    std::int64_t fen = std::int64_t(1 + pick(100'000));
    FlowId parent;
    Stage stage = pick(5) == 0 ? Stage::commitment : Stage::disbursement;
    // earlier flows, in the registry or this batch: many children do not fit and are refused
    if (before + i > 0 && pick(3) != 0) {
      parent = FlowId(std::uint32_t(pick(before + i)));
      const bool in_batch = parent.value >= before;
      const std::size_t q = parent.value - (in_batch ? before : 0);
      stage = in_batch ? t.stage[q] : reg.flows().stage[q];
      const Node above = in_batch ? t.target[q] : reg.flows().target[q];
      if (pick(2)) source = above;  // passed on
      else if (above.kind == NodeKind::partner) target = above, source = in_batch ? t.source[q] : reg.flows().source[q];
      else source = above;
      fen = std::int64_t(1 + pick(500));
    }
    std::string note = texts[pick(4)];
    if (wrong) switch (pick(8)) {
        case 0: fen = -std::int64_t(pick(2)); break;
        case 7: stage = stage == Stage::commitment ? Stage::disbursement : Stage::commitment; break;  // not its parent's
        case 1: target = source; break;
        case 2: source = Node(NodeKind::flow, 0); break;
        case 3: target = Node(NodeKind::household, std::uint32_t(households + 2)); break;
        case 4: parent = FlowId(std::uint32_t(before + i + pick(2))); break;  // itself or later
        case 5: note = texts[6 + pick(3)]; break;
        default: fen = 1'000'000'000; break;  // more than any parent has left
      }
    if (source == target && !wrong) target = Node(p.all[3]), source = Node(p.all[0]), parent = FlowId();
    t.append_row(source, target, Money::from_fen(fen), Date::ymd(2020, 5), FlowKind::fiscal, stage, Sector::industry,
                 parent, note, PairingId(), Currency(), std::uint8_t(0));
  }
  return t;
}

void same_index(const Registry& a, const Registry& b) {
  REQUIRE(a.flows().size() == b.flows().size());
  for (std::uint32_t f = 0; f < a.flows().size(); ++f) {
    CHECK(a.link(FlowId(f)) == b.link(FlowId(f)));
    CHECK(a.root(FlowId(f)) == b.root(FlowId(f)));
    CHECK(a.allocated(FlowId(f)) == b.allocated(FlowId(f)));
    CHECK(a.parts(FlowId(f)) == b.parts(FlowId(f)));
  }
  for (std::uint32_t h = 0; h < a.households().size(); ++h) {
    const auto number = a.households().number[h];
    if (!number.empty()) CHECK(a.household_by_number(number) == b.household_by_number(number));
    CHECK(a.status_of(HouseholdId(h)) == b.status_of(HouseholdId(h)));
  }
}

}  // namespace

TEST_CASE("append keeps what the row-by-row insertions keep and refuses with their error") {
  int refused = 0, kept = 0, moved = 0;
  for (unsigned seed = 0; seed < 400; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const Places p;
    Registry a = p.reg, b = p.reg;
    const bool bad = seed % 2 == 1;
    // households, then flows, then more of each (so that both append to rows already there)
    for (int round = 0; round < 2; ++round) {
      const auto households = random_households(rng, p, 1 + rng() % 60, bad);
      const std::string expected = row_by_row(b, households, [&](Registry& r, std::size_t i) {
        const auto& h = households;
        r.add_household({h.number.value(i), h.village[i], h.members[i], h.status[i], h.exit_year[i], h.note.value(i),
                         h.causes.value(i), h.address.value(i), h.head_name.value(i)});
      });
      HouseholdTable copy = households;
      moved += a.households().empty();
      CHECK(appended(a, std::move(copy)) == expected);
      const auto flows = random_flows(rng, b, p, 1 + rng() % 60, bad);
      const std::string flows_expected = row_by_row(b, flows, [&](Registry& r, std::size_t i) {
        const auto& f = flows;
        r.add_flow({f.source[i], f.target[i], f.amount[i], f.date[i], f.kind[i], f.stage[i], f.purpose[i],
                    f.parent[i], f.note.value(i)});
      });
      if (round == 0) CHECK(appended(a, flows) == flows_expected);  // copied in
      else {
        FlowTable flows_copy = flows;
        CHECK(appended(a, std::move(flows_copy)) == flows_expected);
      }
      for (const auto& e : {expected, flows_expected}) (e.empty() ? kept : refused) += 1;
      CHECK(same_rows(a.households(), b.households()));
      CHECK(same_rows(a.flows(), b.flows()));
      same_index(a, b);
    }
  }
  // the random batches reach both outcomes many times, and the moved path
  CHECK(refused > 300);
  CHECK(kept > 300);
  CHECK(moved > 300);
}

TEST_CASE("append names the first bad row of a batch with the error its insertion gives") {
  Places p;
  HouseholdTable h;
  for (int i = 0; i < 5; ++i)
    h.append_row(std::string(i == 3 ? "52-7" : ""), p.all[5], 3, HouseholdStatus::poor, std::int16_t(0),
                 std::string(i == 4 ? "\x02" : ""), std::span<const PovertyCause>(), std::string_view(),
                 std::string_view());
  h.village[2] = p.all[4];  // a town
  CHECK_THROWS_WITH_AS(p.reg.append(h), "households row 2: household village: '镇0' is a town, not a village or community",
                       validation_error);
  CHECK(p.reg.households().empty());
  CHECK(!p.reg.household_by_number("52-7"));  // nothing of the batch is kept, not even an index entry
  h.village[2] = p.all[5];
  CHECK_THROWS_WITH_AS(p.reg.append(h), "households row 4: household note: holds control character 2",
                       validation_error);
  CHECK(!p.reg.household_by_number("52-7"));
  h.village[1] = PartnerId(99);
  CHECK_THROWS_WITH_AS(p.reg.append(h), "households row 1: household village: no partner with id 99 (the registry holds 12)",
                       not_found);
  try {  // what failed, beside the message: the insertion's own, in the batch's table and row
    p.reg.append(h);
  } catch (const not_found& e) {
    CHECK(e.where().table == "households");
    CHECK(e.where().row == 1);
  }
}
