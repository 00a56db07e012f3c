// Registry::append of status changes (checked in one pass over the columns) against set_status
// row by row on random batches, good and bad: the same rows, the same history index (the status
// at each date), and the same error for the same first bad row.
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

using namespace shanhai;

namespace {

Registry with_households(std::size_t n) {
  Registry reg;
  const auto county = reg.add_partner({"西部县", PartnerKind::county, Side::west});
  const auto village = reg.add_partner({"村", PartnerKind::village, Side::unspecified, county});
  for (std::size_t i = 0; i < n; ++i) reg.add_household({"", village, 3});
  return reg;
}

const char* const notes[] = {"", "", "", "复核", "tab\tok", "bad\x01", "\xe7\x8e", "cut \xe7"};

StatusChangeTable random_changes(std::mt19937& rng, std::size_t households, std::size_t n, bool bad) {
  auto pick = [&](std::size_t k) { return std::size_t(rng() % k); };
  StatusChangeTable t;
  for (std::size_t i = 0; i < n; ++i) {
    const bool wrong = bad && pick(n) == 0;  // about one bad row a batch, somewhere
    HouseholdId h(std::uint32_t(pick(households)));
    // mostly later than anything before (years rise with the row), some to the year or month only
    const int year = 2014 + int(i / 4) + int(pick(2));
    Date date = pick(5) == 0 ? Date::ymd(year) : pick(3) == 0 ? Date::ymd(year, int(1 + pick(12)))
                                                              : Date::ymd(year, int(1 + pick(12)), int(1 + pick(28)));
    std::string note = notes[pick(4)];
    if (wrong) switch (pick(4)) {
        case 0: h = HouseholdId(std::uint32_t(households + pick(2))); break;
        case 1: date = Date(); break;
        case 2: date = Date::ymd(2000); break;  // before the household's previous change, if it has one
        default: note = notes[5 + pick(3)]; break;
      }
    t.append_row(h, HouseholdStatus(pick(enum_count<HouseholdStatus>)), date, note);
  }
  return t;
}

std::string error_of(auto&& call) {
  try {
    call();
  } catch (const error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("append of status changes keeps what set_status keeps and refuses with its error") {
  int refused = 0, kept = 0;
  for (unsigned seed = 0; seed < 300; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const std::size_t households = 1 + rng() % 8;
    Registry a = with_households(households), b = a;
    for (int round = 0; round < 3; ++round) {  // onto an empty history, then onto rows already there
      const auto rows = random_changes(rng, households, 1 + rng() % 40, seed % 2 == 1);
      const std::string expected = error_of([&] {
        b.batch([&](Registry& r) {
          for (std::size_t i = 0; i < rows.size(); ++i) try {
              r.set_status({rows.household[i], rows.status[i], rows.date[i], rows.note.value(i)});
            } catch (const error& e) {
              throw validation_error("status_changes row " + std::to_string(i) + ": " + e.what());
            }
        });
      });
      if (round == 1) {
        CHECK(error_of([&] { a.append(rows); }) == expected);  // copied in
      } else {
        StatusChangeTable copy = rows;
        CHECK(error_of([&] { a.append(std::move(copy)); }) == expected);
      }
      (expected.empty() ? kept : refused) += 1;
      REQUIRE(a.status_changes().size() == b.status_changes().size());
      for (std::size_t i = 0; i < a.status_changes().size(); ++i) {
        CHECK(a.status_changes().household[i] == b.status_changes().household[i]);
        CHECK(a.status_changes().date[i] == b.status_changes().date[i]);
        CHECK(a.status_changes().note[i] == b.status_changes().note[i]);
      }
      for (std::uint32_t h = 0; h < households; ++h)
        for (int year : {0, 2013, 2015, 2020, 2030}) {
          const Date at = year ? Date::ymd(year, 6) : Date();
          CHECK(a.status_of(HouseholdId(h), at) == b.status_of(HouseholdId(h), at));
        }
    }
  }
  CHECK(refused > 100);
  CHECK(kept > 60);  // a good batch too may date a change before its household's previous one
}

TEST_CASE("append of status changes names the first bad row with set_status's error") {
  Registry reg = with_households(2);
  reg.set_status({HouseholdId(1), HouseholdStatus::exited, Date::ymd(2019, 5)});
  StatusChangeTable t;
  t.append_row(HouseholdId(0), HouseholdStatus::exited, Date::ymd(2018), std::string_view());
  t.append_row(HouseholdId(1), HouseholdStatus::monitored, Date::ymd(2020), std::string_view());
  t.append_row(HouseholdId(1), HouseholdStatus::exited, Date::ymd(2019, 4), std::string_view());
  CHECK_THROWS_WITH_AS(reg.append(t),
                       "status_changes row 2: set_status date: 2019-04 is before the household's previous change "
                       "(2020); the history is never rewritten",
                       validation_error);
  CHECK(reg.status_changes().size() == 1);
  CHECK(reg.status_of(HouseholdId(1)) == HouseholdStatus::exited);
  CHECK(reg.status_of(HouseholdId(0)) == HouseholdStatus::poor);
  t.date[2] = Date::ymd(2021);
  reg.append(t);
  CHECK(reg.status_changes().size() == 4);
  CHECK(reg.status_of(HouseholdId(1), Date::ymd(2019, 12)) == HouseholdStatus::exited);
  CHECK(reg.status_of(HouseholdId(1), Date::ymd(2020, 12)) == HouseholdStatus::monitored);
}
