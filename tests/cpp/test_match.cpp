// Matching micro-wishes to donors: hand-computed cases for each level of the objective, the
// refusals, and a comparison with plain enumeration of every assignment on small random cases.
#include <shanhai/analysis/match.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace shanhai;
using match::Assignment;
using match::Budget;
using match::Donor;
using match::Wish;

namespace {

using Score = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // wishes, value, preferred

bool is_paired(const Donor& d, std::uint32_t household) {
  for (std::uint32_t h : d.own)
    if (h == household) return true;
  return false;
}

/// Whether donor_of keeps every budget and names only real donors; if so, its score goes to `score`.
bool score_of(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget,
              const std::vector<std::int32_t>& donor_of, Score& score) {
  if (donor_of.size() != wishes.size()) return false;
  std::vector<std::int64_t> used(donors.size(), 0);
  score = {0, 0, 0};
  for (std::size_t w = 0; w < wishes.size(); ++w) {
    const std::int32_t d = donor_of[w];
    if (d < 0) continue;
    if (std::size_t(d) >= donors.size()) return false;
    used[std::size_t(d)] += budget == Budget::count ? 1 : wishes[w].cost_fen;
    ++std::get<0>(score);
    std::get<1>(score) += wishes[w].cost_fen;
    if (is_paired(donors[std::size_t(d)], wishes[w].household)) ++std::get<2>(score);
  }
  for (std::size_t d = 0; d < donors.size(); ++d)
    if (used[d] > donors[d].budget) return false;
  return true;
}

Score best_by_enumeration(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget) {
  // every wish gets a donor or -1: a counter in base (donors + 1)
  std::vector<std::int32_t> donor_of(wishes.size(), -1);
  Score best{0, 0, 0};
  while (true) {
    Score s;
    if (score_of(wishes, donors, budget, donor_of, s) && best < s) best = s;
    std::size_t w = 0;
    while (w < wishes.size() && donor_of[w] == std::int32_t(donors.size()) - 1) donor_of[w++] = -1;
    if (w == wishes.size()) return best;
    ++donor_of[w];
  }
}

/// Checks that the result is feasible, that its totals describe it, and returns them.
Score checked(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget,
              const Assignment& a) {
  Score s;
  REQUIRE(score_of(wishes, donors, budget, a.donor_of, s));
  CHECK(s == Score{a.wishes, a.value_fen, a.preferred});
  return s;
}

Score solve(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget) {
  return checked(wishes, donors, budget, match::assign(wishes, donors, budget));
}

// Small and deterministic on every standard library (std::uniform_int_distribution is not).
struct Rng {
  std::mt19937 engine{20240611};
  std::int64_t below(std::int64_t n) { return std::int64_t(engine() % std::uint32_t(n)); }
};

}  // namespace

TEST_CASE("match: more wishes beat more value") {
  // one donor with 100 fen: the two 50s (2 wishes, 100) beat the 60 (1 wish, 60 + nothing that fits)
  const std::vector<Wish> wishes{{60, 1}, {50, 2}, {50, 3}};
  const std::vector<Donor> donors{{100, {1}}};
  const Assignment a = match::assign(wishes, donors, Budget::money);
  CHECK(a.donor_of == std::vector<std::int32_t>{-1, 0, 0});
  CHECK(checked(wishes, donors, Budget::money, a) == Score{2, 100, 0});
}

TEST_CASE("match: more value beats preference") {
  // the donor is paired with household 1, but the dearer wish of household 2 wins
  const std::vector<Wish> wishes{{90, 1}, {100, 2}};
  const std::vector<Donor> money_donors{{100, {1}}};
  const Assignment by_money = match::assign(wishes, money_donors, Budget::money);
  CHECK(by_money.donor_of == std::vector<std::int32_t>{-1, 0});
  CHECK(checked(wishes, money_donors, Budget::money, by_money) == Score{1, 100, 0});

  const std::vector<Donor> count_donors{{1, {1}}};
  const Assignment by_count = match::assign(wishes, count_donors, Budget::count);
  CHECK(by_count.donor_of == std::vector<std::int32_t>{-1, 0});
  CHECK(checked(wishes, count_donors, Budget::count, by_count) == Score{1, 100, 0});
}

TEST_CASE("match: preference breaks ties") {
  const std::vector<Wish> wishes{{50, 1}, {50, 2}};
  SUBCASE("each wish goes to its own household's donor") {
    const std::vector<Donor> donors{{1, {2}}, {1, {1}}};
    for (Budget b : {Budget::count, Budget::money}) {
      std::vector<Donor> ds = donors;
      if (b == Budget::money) ds[0].budget = ds[1].budget = 50;
      const Assignment a = match::assign(wishes, ds, b);
      CHECK(a.donor_of == std::vector<std::int32_t>{1, 0});
      CHECK(checked(wishes, ds, b, a) == Score{2, 100, 2});
    }
  }
  SUBCASE("between equal wishes, the paired one is chosen even with a higher index") {
    const Assignment by_count = match::assign(wishes, {{1, {2}}}, Budget::count);
    CHECK(by_count.donor_of == std::vector<std::int32_t>{-1, 0});
    CHECK(by_count.preferred == 1);
    const Assignment by_money = match::assign(wishes, {{50, {2}}}, Budget::money);
    CHECK(by_money.donor_of == std::vector<std::int32_t>{-1, 0});
    CHECK(by_money.preferred == 1);
  }
  SUBCASE("with nothing to prefer, lower indices win") {
    const Assignment a = match::assign(wishes, {{1, {}}}, Budget::count);
    CHECK(a.donor_of == std::vector<std::int32_t>{0, -1});
    const Assignment b = match::assign(wishes, {{50, {}}}, Budget::money);
    CHECK(b.donor_of == std::vector<std::int32_t>{0, -1});
  }
}

TEST_CASE("match: a donor with no budget takes nothing even of its own household") {
  const std::vector<Wish> wishes{{30, 7}, {20, 7}};
  for (Budget b : {Budget::count, Budget::money}) {
    const std::vector<Donor> donors{{0, {7}}, {b == Budget::count ? 1 : 30, {}}};
    const Assignment a = match::assign(wishes, donors, b);
    CHECK(a.donor_of == std::vector<std::int32_t>{1, -1});
    CHECK(checked(wishes, donors, b, a) == Score{1, 30, 0});
  }
}

TEST_CASE("match: no donors or no wishes") {
  for (Budget b : {Budget::count, Budget::money}) {
    const Assignment none = match::assign({{10, 1}, {20, 2}}, {}, b);
    CHECK(none.donor_of == std::vector<std::int32_t>{-1, -1});
    CHECK(none.wishes == 0);
    CHECK(none.value_fen == 0);
    const Assignment empty = match::assign({}, {{5, {1}}}, b);
    CHECK(empty.donor_of.empty());
    CHECK(empty.wishes == 0);
    CHECK(match::assign({}, {}, b).donor_of.empty());
  }
}

TEST_CASE("match: unknown costs count under count budgets") {
  const std::vector<Wish> wishes{{0, 1}, {0, 2}, {5, 3}};
  const std::vector<Donor> donors{{2, {2}}};
  const Assignment a = match::assign(wishes, donors, Budget::count);
  CHECK(a.donor_of == std::vector<std::int32_t>{-1, 0, 0});
  CHECK(checked(wishes, donors, Budget::count, a) == Score{2, 5, 1});
}

TEST_CASE("match: refusals name the index and the value") {
  CHECK_THROWS_WITH_AS(match::assign({{10, 1}, {-5, 2}}, {{1, {}}}, Budget::count),
                       "match wish 1 cost: must not be negative, got -5 fen", validation_error);
  CHECK_THROWS_WITH_AS(match::assign({{10, 1}}, {{1, {}}, {-3, {}}}, Budget::count),
                       "match donor 1 budget: must not be negative, got -3 wishes", validation_error);
  CHECK_THROWS_WITH_AS(match::assign({{10, 1}}, {{-3, {}}}, Budget::money),
                       "match donor 0 budget: must not be negative, got -3 fen", validation_error);
  CHECK_THROWS_WITH_AS(match::assign({{10, 1}, {20, 1}, {0, 2}}, {{100, {}}}, Budget::money),
                       "match wish 2 cost: unknown (0), so it cannot be checked against a money budget; "
                       "give its cost or use count budgets",
                       validation_error);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2 + 1;
  CHECK_THROWS_AS(match::assign({{big, 1}, {big, 2}}, {{1, {}}}, Budget::count), validation_error);
}

TEST_CASE("match: money budgets give up beyond the node limit") {
  // found by searching random cases for a long proof: thousands of nodes, yet quick to enumerate
  const std::vector<Wish> wishes{{25, 2}, {30, 2}, {22, 0}, {51, 0}, {50, 2}, {24, 3}, {34, 0}, {23, 0}, {25, 4}, {22, 0}};
  const std::vector<Donor> donors{{112, {3}}, {63, {2}}, {115, {0}}};
  try {
    match::assign(wishes, donors, Budget::money, 1000);
    FAIL("expected a refusal");
  } catch (const validation_error& e) {
    const std::string message = e.what();
    CHECK(message.find("too large to solve exactly with money budgets") != std::string::npos);
    CHECK(message.find("use count budgets") != std::string::npos);
  }
  CHECK(solve(wishes, donors, Budget::money) == best_by_enumeration(wishes, donors, Budget::money));
}

TEST_CASE("match: medium money cases agree with enumeration") {
  // more wishes per donor than the small cases, so the pooled split and the bounds all take part
  Rng rng;
  for (int round = 0; round < 12; ++round) {
    std::vector<Wish> wishes(9);
    for (Wish& w : wishes) w = {20 + rng.below(40), std::uint32_t(rng.below(5))};
    std::vector<Donor> donors(3);
    for (Donor& d : donors) d = {60 + rng.below(60), {std::uint32_t(rng.below(5))}};
    CAPTURE(round);
    CHECK(solve(wishes, donors, Budget::money) == best_by_enumeration(wishes, donors, Budget::money));
  }
}

TEST_CASE("match: huge budgets and costs do not overflow") {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::vector<Wish> wishes{{max / 4, 1}, {max / 4, 2}, {max / 4, 3}, {1, 4}};
  const std::vector<Donor> donors{{max, {}}, {max, {3}}, {max / 4, {}}};
  CHECK(solve(wishes, donors, Budget::money) == Score{4, 3 * (max / 4) + 1, 1});
  CHECK(solve(wishes, {{max, {4}}}, Budget::count) == Score{4, 3 * (max / 4) + 1, 1});
}

TEST_CASE("match: the optimum of every small random case by enumeration") {
  Rng rng;
  int cases = 0;
  for (Budget budget : {Budget::count, Budget::money}) {
    for (int round = 0; round < 2500; ++round) {
      const std::size_t n_wishes = std::size_t(rng.below(8)), n_donors = std::size_t(rng.below(4));
      const std::int64_t households = 1 + rng.below(4);
      std::vector<Wish> wishes(n_wishes);
      for (Wish& w : wishes) {
        // few distinct costs, so ties (and the symmetry cuts for them) are common
        w.cost_fen = budget == Budget::count ? rng.below(6) : 1 + rng.below(6);
        w.household = std::uint32_t(rng.below(households));
      }
      std::vector<Donor> donors(n_donors);
      for (Donor& d : donors) {
        d.budget = budget == Budget::count ? rng.below(4) : rng.below(13);
        for (std::int64_t h = 0; h < households; ++h)
          if (rng.below(3) == 0) d.own.push_back(std::uint32_t(h));
        if (rng.below(5) == 0 && !d.own.empty()) d.own.push_back(d.own.front());  // repeats are harmless
      }
      CAPTURE(round);
      CAPTURE(n_wishes);
      CAPTURE(n_donors);
      const Score expected = best_by_enumeration(wishes, donors, budget);
      const Assignment first = match::assign(wishes, donors, budget);
      CHECK(checked(wishes, donors, budget, first) == expected);
      CHECK(match::assign(wishes, donors, budget).donor_of == first.donor_of);
      ++cases;
    }
  }
  CHECK(cases == 5000);
}

TEST_CASE("match: a large count case places the dearest wishes up to the capacity") {
  Rng rng;
  const std::size_t n_wishes = 5000, n_donors = 1000;
  std::vector<Wish> wishes(n_wishes);
  for (Wish& w : wishes) w = {1 + rng.below(100'000), std::uint32_t(rng.below(2000))};
  std::vector<Donor> donors(n_donors);
  std::int64_t capacity = 0;
  for (Donor& d : donors) {
    d.budget = rng.below(6);
    capacity += d.budget;
    for (int k = 0; k < 3; ++k) d.own.push_back(std::uint32_t(rng.below(2000)));
  }
  REQUIRE(capacity < std::int64_t(n_wishes));  // so the value level matters too
  const Assignment a = match::assign(wishes, donors, Budget::count);
  const Score s = checked(wishes, donors, Budget::count, a);
  CHECK(std::get<0>(s) == capacity);

  std::vector<std::int64_t> costs;
  for (const Wish& w : wishes) costs.push_back(w.cost_fen);
  std::sort(costs.begin(), costs.end(), std::greater<>());
  std::int64_t dearest = 0;
  for (std::int64_t k = 0; k < capacity; ++k) dearest += costs[std::size_t(k)];
  CHECK(std::get<1>(s) == dearest);
  CHECK(std::get<2>(s) > 0);

  // with room for all, every wish is placed
  for (Donor& d : donors) d.budget = 10;
  const Assignment all = match::assign(wishes, donors, Budget::count);
  CHECK(checked(wishes, donors, Budget::count, all) ==
        Score{std::int64_t(n_wishes), std::accumulate(costs.begin(), costs.end(), std::int64_t(0)), all.preferred});
}
