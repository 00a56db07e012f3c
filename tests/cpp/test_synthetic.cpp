// The synthetic registry made on every core: the rows do not depend on where the range was cut,
// and the household registry holds together across the cut.
#include <shanhai/synthetic.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>

using namespace shanhai;

TEST_CASE("synthetic: a registry made in pieces on every core holds the rows of each household's own stream") {
  // enough households to be cut into a piece for each core
  const SyntheticSpec spec{.households = 2 * detail::rows_per_thread + 1'000, .flows = 2'000, .seed = 9, .workers = 3};
  REQUIRE(detail::pieces_for(spec.households) == std::min<std::size_t>(2, std::max(1u, std::thread::hardware_concurrency())));
  const Registry reg = synthetic(spec);
  const HouseholdTable& h = reg.households();
  const PersonTable& p = reg.persons();
  const StatusChangeTable& s = reg.status_changes();
  REQUIRE(h.size() == spec.households);

  // each household, its members and its history as its own stream makes them, wherever it fell
  std::size_t person = 0, change = 0, wrong = 0;
  for (std::uint32_t i = 0; i < h.size(); ++i) {
    const detail::Life life = detail::life_of(spec.seed, i);
    wrong += h.members[i] != life.members || h.status[i] != life.registered_as() || h.exit_year[i] != life.exit_year();
    PersonTable alone;
    detail::Random identity = detail::stream(spec.seed, detail::Stream::identity, i);
    detail::make_members(detail::stream(spec.seed, detail::Stream::persons, i), &identity, HouseholdId(i), life, alone);
    for (std::size_t k = 0; k < alone.size(); ++k, ++person)
      wrong += p.household[person] != HouseholdId(i) || p.relation[person] != alone.relation[k] ||
               p.birth_year[person] != alone.birth_year[k] || p.labour[person] != alone.labour[k] ||
               p.id_number[person] != alone.id_number[k] || p.name[person] != alone.name[k];
    for (const detail::Life::Change& c : life.history()) {
      wrong += s.household[change] != HouseholdId(i) || s.status[change] != c.status || s.date[change] != c.date;
      ++change;
    }
  }
  CHECK(wrong == 0);
  CHECK(person == p.size());
  CHECK(change == s.size());

  // workers are members of households of their workshop's county, in months after its start
  const EmploymentTable& e = reg.employment();
  REQUIRE(e.size() > 0);
  const auto& parent = reg.partners().parent;
  auto county = [&](PartnerId village) { return parent[parent[village.value].value]; };
  for (std::size_t i = 0; i < e.size(); ++i) {
    wrong += p.household[e.person[i].value] != e.household[i];
    wrong += county(h.village[e.household[i].value]) != county(reg.projects().location[e.workshop[i].value]);
    wrong += e.month[i] < reg.projects().start[e.workshop[i].value] || e.month[i].year() > spec.last_year;
  }
  CHECK(wrong == 0);
}

TEST_CASE("synthetic: every person has a valid ID number of their own that agrees with birth year and sex") {
  const Registry reg = synthetic({.households = 20'000, .flows = 100, .seed = 3, .workers = 0});
  const PersonTable& p = reg.persons();
  REQUIRE(p.size() > 50'000);
  std::set<std::string> seen;
  std::size_t wrong = 0, phones = 0, adults = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::string id(p.id_number[i]);
    try {  // the registry checked it as it went in: check again
      wrong += normalise_id_number(id, "person id_number") != id;
    } catch (const validation_error&) {
      ++wrong;
    }
    wrong += !seen.insert(id).second || p.name[i].empty();
    const IdNumberParts parts = id_number_parts(id);
    wrong += parts.birth.year() != p.birth_year[i] || parts.sex != p.sex[i];
    adults += 2020 - p.birth_year[i] >= 18;
    phones += !p.phone[i].empty();
    wrong += !p.phone[i].empty() && (p.phone[i].size() != 11 || p.phone[i][0] != '1');
  }
  CHECK(wrong == 0);
  CHECK(phones > adults / 2);  // most adults, no child
  CHECK(phones <= adults);
  // without identities, the other columns are the same
  const Registry bare = synthetic({.households = 20'000, .flows = 100, .seed = 3, .identities = false, .workers = 0});
  CHECK(bare.persons().birth_year == p.birth_year);
  CHECK(bare.persons().name[0].empty());
}

TEST_CASE("synthetic: a spec out of range is refused") {
  CHECK_THROWS_AS(synthetic({.households = 10, .flows = 1, .first_year = 2020, .last_year = 2019}), validation_error);
  try {
    synthetic({.households = 10, .flows = 1, .trained = 101});
    FAIL("a share above 100% was taken");
  } catch (const validation_error& e) {
    CHECK(e.where().field == "trained");
    CHECK(e.where().reason == reason::out_of_range);
  }
}
