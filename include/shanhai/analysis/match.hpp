// Matching micro-wishes (微心愿) of poor households to the eastern donors who claim them: an exact
// optimum on plain data, no registry.
//
// The objective is lexicographic: (1) as many wishes fulfilled as possible, then (2) as much value
// (sum of the assigned wishes' costs), then (3) as many wishes as possible taken by a donor paired
// with the wish's household. Pairing is a preference only: any donor may take any wish.
//
//   Budget::count  a donor takes at most `budget` wishes. Polynomial: the first two levels are
//                  settled by sorting, the third is a maximum flow (see assign_by_count).
//   Budget::money  the costs a donor takes add up to at most `budget` fen. A multiple knapsack,
//                  NP-hard: branch and bound (see MoneySearch), refused beyond a node limit.
//
// Same input, same output: every choice that the objective leaves open is made in a fixed order
// in which lower indices come first.
#pragma once

#include <shanhai/error.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace shanhai::match {

struct Wish {
  std::int64_t cost_fen = 0;    // 0 = unknown cost: allowed for count budgets only
  std::uint32_t household = 0;  // opaque id, compared with Donor::own
};

struct Donor {
  std::int64_t budget = 0;           // wishes (Budget::count) or fen (Budget::money)
  std::vector<std::uint32_t> own;  // households this donor is paired with: preferred, not required
};

enum class Budget : std::uint8_t { count, money };

struct Assignment {
  std::vector<std::int32_t> donor_of;  // per wish: index of its donor, or -1
  std::int64_t wishes = 0;             // wishes assigned
  std::int64_t value_fen = 0;          // sum of their costs
  std::int64_t preferred = 0;          // of them, taken by a donor paired with the wish's household
};

/// Branch-and-bound nodes a money-budget instance may use before assign() gives up (a few
/// seconds). A node counts once per 8 donors with a budget, as it weighs up each of them.
inline constexpr std::uint64_t default_node_limit = 20'000'000;

/// The best assignment; throws validation_error on a negative cost or budget, on an unknown cost
/// (0) under money budgets, and on a money instance that needs more than node_limit search nodes.
inline Assignment assign(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget,
                         std::uint64_t node_limit = default_node_limit);

namespace detail {

using index_t = std::int32_t;

/// household -> the donors paired with it (ascending, no repeats), for the donors that can take
/// anything at all (budget > 0).
inline std::unordered_map<std::uint32_t, std::vector<index_t>> donors_by_household(
    const std::vector<Donor>& donors) {
  std::unordered_map<std::uint32_t, std::vector<index_t>> by_household;
  for (std::size_t d = 0; d < donors.size(); ++d) {
    if (donors[d].budget <= 0) continue;
    for (std::uint32_t h : donors[d].own) {
      auto& list = by_household[h];
      // donors are visited in ascending order, so a repeat can only be the last entry
      if (list.empty() || list.back() != index_t(d)) list.push_back(index_t(d));
    }
  }
  return by_household;
}

inline bool paired(const std::unordered_map<std::uint32_t, std::vector<index_t>>& by_household,
                   std::uint32_t household, index_t donor) {
  auto it = by_household.find(household);
  return it != by_household.end() && std::binary_search(it->second.begin(), it->second.end(), donor);
}

/// Fills in the three totals from donor_of, so that they describe what is returned.
inline void tally(Assignment& a, const std::vector<Wish>& wishes, const std::vector<Donor>& donors) {
  const auto by_household = donors_by_household(donors);
  a.wishes = a.value_fen = a.preferred = 0;
  for (std::size_t w = 0; w < wishes.size(); ++w) {
    const index_t d = a.donor_of[w];
    if (d < 0) continue;
    ++a.wishes;
    a.value_fen += wishes[w].cost_fen;  // cannot overflow: the total of all costs was checked
    if (paired(by_household, wishes[w].household, d)) ++a.preferred;
  }
}

inline void validate(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget) {
  if (donors.size() > std::size_t(std::numeric_limits<index_t>::max()))
    throw validation_error("match donors: at most " + std::to_string(std::numeric_limits<index_t>::max()) +
                               " donors, got " + std::to_string(donors.size()),
                           {.field = "donors", .reason = std::string(reason::out_of_range)});
  std::int64_t total = 0;
  for (std::size_t w = 0; w < wishes.size(); ++w) {
    const std::int64_t cost = wishes[w].cost_fen;
    if (cost < 0)
      throw validation_error("match wish " + std::to_string(w) + " cost: must not be negative, got " +
                                 std::to_string(cost) + " fen",
                             {.row = std::int64_t(w), .field = "cost", .value = std::to_string(cost),
                              .reason = std::string(reason::negative)});
    if (cost == 0 && budget == Budget::money)
      throw validation_error("match wish " + std::to_string(w) +
                                 " cost: unknown (0), so it cannot be checked against a money budget; "
                                 "give its cost or use count budgets",
                             {.table = "wishes", .row = std::int64_t(w), .field = "cost", .value = "0",
                              .reason = std::string(reason::required)});
    if (__builtin_add_overflow(total, cost, &total))
      throw validation_error("match wishes: their total cost exceeds the int64 fen range",
                             {.field = "cost", .reason = std::string(reason::overflow)});
  }
  for (std::size_t d = 0; d < donors.size(); ++d)
    if (donors[d].budget < 0)
      throw validation_error("match donor " + std::to_string(d) + " budget: must not be negative, got " +
                                 std::to_string(donors[d].budget) + (budget == Budget::money ? " fen" : " wishes"),
                             {.row = std::int64_t(d), .field = "budgets", .value = std::to_string(donors[d].budget),
                              .reason = std::string(reason::negative)});
}

/// Dinic's maximum flow on small integer capacities.
class MaxFlow {
 public:
  explicit MaxFlow(std::size_t nodes) : first_(nodes, -1), level_(nodes), next_edge_(nodes) {}

  /// Returns the edge's index, for reading its flow afterwards.
  std::size_t add_edge(std::size_t from, std::size_t to, std::int64_t capacity) {
    const std::size_t e = to_.size();
    push(from, to, capacity);
    push(to, from, 0);
    return e;
  }
  std::int64_t flow_on(std::size_t edge) const { return capacity_[edge ^ 1]; }
  std::size_t head(std::size_t edge) const { return to_[edge]; }

  std::int64_t run(std::size_t source, std::size_t sink) {
    std::int64_t total = 0;
    while (levels_from(source, sink)) {
      for (std::size_t v = 0; v < first_.size(); ++v) next_edge_[v] = first_[v];
      while (std::int64_t pushed = push_path(source, sink)) total += pushed;
    }
    return total;
  }

 private:
  void push(std::size_t from, std::size_t to, std::int64_t capacity) {
    to_.push_back(to);
    capacity_.push_back(capacity);
    next_.push_back(first_[from]);
    first_[from] = std::int64_t(to_.size() - 1);
  }

  bool levels_from(std::size_t source, std::size_t sink) {
    std::fill(level_.begin(), level_.end(), -1);
    std::vector<std::size_t> queue{source};
    level_[source] = 0;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const std::size_t v = queue[q];
      for (std::int64_t e = first_[v]; e >= 0; e = next_[std::size_t(e)]) {
        const std::size_t u = to_[std::size_t(e)];
        if (capacity_[std::size_t(e)] > 0 && level_[u] < 0) {
          level_[u] = level_[v] + 1;
          queue.push_back(u);
        }
      }
    }
    return level_[sink] >= 0;
  }

  // One augmenting path in the level graph, found without recursion: residual paths can wind back
  // through households and wishes, so they may be as long as the network is large.
  std::int64_t push_path(std::size_t source, std::size_t sink) {
    path_.clear();
    std::size_t v = source;
    while (v != sink) {
      std::int64_t& e = next_edge_[v];
      while (e >= 0 && (capacity_[std::size_t(e)] <= 0 || level_[to_[std::size_t(e)]] != level_[v] + 1))
        e = next_[std::size_t(e)];
      if (e >= 0) {
        path_.push_back(std::size_t(e));
        v = to_[std::size_t(e)];
        continue;
      }
      // dead end: leave v out of this phase and step back past the edge that led here
      level_[v] = -1;
      if (path_.empty()) return 0;
      v = to_[path_.back() ^ 1];
      path_.pop_back();
      next_edge_[v] = next_[std::size_t(next_edge_[v])];
    }
    std::int64_t pushed = std::numeric_limits<std::int64_t>::max();
    for (std::size_t edge : path_) pushed = std::min(pushed, capacity_[edge]);
    for (std::size_t edge : path_) {
      capacity_[edge] -= pushed;
      capacity_[edge ^ 1] += pushed;
    }
    return pushed;
  }

  std::vector<std::int64_t> first_, next_, capacity_;
  std::vector<std::size_t> to_, path_;
  std::vector<std::int64_t> level_, next_edge_;
};

/// Count budgets, exact in polynomial time.
///
/// (1) Every donor can take any wish, so the most wishes is P = min(#wishes, sum of budgets)
///     (each budget capped at #wishes), and any P wishes can be placed.
/// (2) The most value among P wishes is the sum of the P largest costs, and the sets reaching it
///     are exactly: every wish costing more than t, plus any r of the wishes costing exactly t,
///     where t is the P-th largest cost and r the places left after the dearer ones.
/// (3) Over those sets, the preferred count is a maximum flow:
///        source -> dearer wish (1);  source -> gate (r) -> wish costing t (1);
///        wish -> its household (1);  household -> each paired donor (unbounded);  donor -> sink (budget).
///     A household node instead of wish -> donor edges keeps the network linear in the input
///     (wishes + pairings + donors) and is equivalent: a unit of flow through a household reaches
///     only donors paired with it, and flows out of it can be matched to flows in at will.
///     The gate lets at most r of the tied wishes be preferred. Any such flow extends to a full
///     assignment: the unmatched chosen wishes go to the capacity left over, which suffices since
///     total capacity >= P. And no full assignment has more preferred wishes than the maximum flow,
///     because its preferred wishes form such a flow.
inline Assignment assign_by_count(const std::vector<Wish>& wishes, const std::vector<Donor>& donors) {
  const std::size_t n_wishes = wishes.size(), n_donors = donors.size();
  Assignment result;
  result.donor_of.assign(n_wishes, -1);

  std::vector<std::int64_t> capacity(n_donors);
  std::int64_t total_capacity = 0;
  for (std::size_t d = 0; d < n_donors; ++d) {
    capacity[d] = std::min<std::int64_t>(donors[d].budget, std::int64_t(n_wishes));
    total_capacity = std::min<std::int64_t>(total_capacity + capacity[d], std::int64_t(n_wishes));
  }
  const std::size_t places = std::size_t(total_capacity);
  if (places == 0) return result;

  std::vector<std::size_t> by_value(n_wishes);
  for (std::size_t w = 0; w < n_wishes; ++w) by_value[w] = w;
  std::sort(by_value.begin(), by_value.end(), [&](std::size_t a, std::size_t b) {
    return wishes[a].cost_fen != wishes[b].cost_fen ? wishes[a].cost_fen > wishes[b].cost_fen : a < b;
  });
  const std::int64_t threshold = wishes[by_value[places - 1]].cost_fen;
  std::size_t dearer = 0;
  while (dearer < n_wishes && wishes[by_value[dearer]].cost_fen > threshold) ++dearer;
  const std::int64_t tied_places = std::int64_t(places - dearer);

  const auto by_household = donors_by_household(donors);

  // Nodes: source, sink, gate, then households with paired donors (first seen first), then donors.
  constexpr std::size_t source = 0, sink = 1, gate = 2;
  std::unordered_map<std::uint32_t, std::size_t> household_node;
  std::vector<std::uint32_t> households;  // node order
  std::vector<std::size_t> candidates;    // chosen or tied wishes whose household has paired donors
  for (std::size_t w = 0; w < n_wishes; ++w) {
    if (wishes[w].cost_fen < threshold || !by_household.count(wishes[w].household)) continue;
    candidates.push_back(w);
    if (household_node.emplace(wishes[w].household, 3 + households.size()).second)
      households.push_back(wishes[w].household);
  }
  const std::size_t first_donor = 3 + households.size(), first_wish = first_donor + n_donors;
  MaxFlow flow(first_wish + candidates.size());

  flow.add_edge(source, gate, tied_places);
  std::vector<std::size_t> wish_edge(candidates.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const Wish& wish = wishes[candidates[c]];
    flow.add_edge(wish.cost_fen > threshold ? source : gate, first_wish + c, 1);
    wish_edge[c] = flow.add_edge(first_wish + c, household_node.at(wish.household), 1);
  }
  std::vector<std::vector<std::size_t>> donor_edges(households.size());
  for (std::size_t h = 0; h < households.size(); ++h)
    for (index_t d : by_household.at(households[h]))
      donor_edges[h].push_back(flow.add_edge(3 + h, first_donor + std::size_t(d), std::int64_t(n_wishes)));
  for (std::size_t d = 0; d < n_donors; ++d)
    if (capacity[d] > 0) flow.add_edge(first_donor + d, sink, capacity[d]);
  flow.run(source, sink);

  // Preferred pairs: within each household, its matched wishes in index order meet the units of
  // flow leaving it in donor order.
  std::vector<std::int64_t> left = capacity;
  std::vector<std::vector<std::size_t>> matched(households.size());
  for (std::size_t c = 0; c < candidates.size(); ++c)
    if (flow.flow_on(wish_edge[c]) > 0) matched[household_node.at(wishes[candidates[c]].household) - 3].push_back(c);
  for (std::size_t h = 0; h < households.size(); ++h) {
    std::size_t next = 0;
    for (std::size_t e : donor_edges[h]) {
      const std::size_t d = flow.head(e) - first_donor;
      for (std::int64_t units = flow.flow_on(e); units > 0; --units, --left[d])
        result.donor_of[candidates[matched[h][next++]]] = index_t(d);
    }
  }

  // The rest of the chosen wishes: every dearer one, then the cheapest-level ones by index until
  // r of those are in; each to the first donor with room.
  std::int64_t tied_in = 0;
  for (std::size_t w = 0; w < n_wishes; ++w)
    if (result.donor_of[w] >= 0 && wishes[w].cost_fen == threshold) ++tied_in;
  std::size_t donor = 0;
  auto place = [&](std::size_t w) {
    while (left[donor] == 0) ++donor;  // total room >= places, so this stays in range
    result.donor_of[w] = index_t(donor);
    --left[donor];
  };
  for (std::size_t k = 0; k < dearer; ++k)
    if (result.donor_of[by_value[k]] < 0) place(by_value[k]);
  for (std::size_t w = 0; w < n_wishes && tied_in < tied_places; ++w)
    if (wishes[w].cost_fen == threshold && result.donor_of[w] < 0) {
      place(w);
      ++tied_in;
    }
  return result;
}

// Rows of bits, bit b meaning "the sum b is reachable". to = a | (b << shift), cut to `words`.
inline void or_shifted(const std::uint64_t* a, const std::uint64_t* b, std::uint64_t* to, std::size_t words,
                       std::size_t shift) {
  const std::size_t whole = shift / 64, part = shift % 64;
  for (std::size_t w = words; w-- > 0;) {  // downwards, so that `to` may be `a` or `b`
    std::uint64_t shifted = 0;
    if (w >= whole) {
      shifted = b[w - whole] << part;
      if (part != 0 && w > whole) shifted |= b[w - whole - 1] >> (64 - part);
    }
    to[w] = a[w] | shifted;
  }
}

// The highest set bit at or below `limit` (clamped to the row), or -1.
inline std::int64_t highest_at_most(const std::uint64_t* row, std::size_t limit, std::size_t words) {
  if (words == 0) return -1;
  if (limit >= words * 64) limit = words * 64 - 1;
  std::size_t w = limit / 64;
  std::uint64_t word = row[w] & (limit % 64 == 63 ? ~std::uint64_t(0) : (std::uint64_t(2) << (limit % 64)) - 1);
  while (word == 0) {
    if (w == 0) return -1;
    word = row[--w];
  }
  return std::int64_t(w * 64 + std::size_t(63 - __builtin_clzll(word)));
}

/// Money budgets, exact by depth-first branch and bound.
///
/// Wishes are decided one at a time, cheapest first (the best order for the first objective, the
/// count): give it to some donor with room, or to none. So the undecided wishes are always the
/// dearest ones, a suffix of the cost-sorted list, which makes the bounds cheap. A node is cut when
/// an upper bound on what any completion can reach is not better than the best found so far, so
/// the first best found is kept and the result is deterministic. For the undecided wishes that
/// still fit some donor, with k the most of them that can still be placed, the bound is:
///   count     k = min(the most of the cheapest that fit in the total room,
///                     sum over donors of the most of the cheapest that fit in that donor's room)
///   value     min(the best sum of exactly k of them within the total room  -- all donors pooled,
///                 sum over donors of the best sum of any of them within its room,
///                 the sum of the k dearest)
///             Only completions with k more matter here: fewer lose on the count already.
///   preferred min(k, how many have a paired donor,
///                 sum over donors of the most of its paired wishes that fit in its room)
/// The subset sums come from bit tables built once per suffix, in units of the costs' gcd; a table
/// too big for memory is left out, and its bound with it.
///
/// The value bound also names k wishes that reach it: the k dearest when they fit in the total room,
/// else a k-subset read back from the table. When those can be split among the donors' rooms (a
/// small, limited packing search), that is a solution meeting the node's count and value bounds, so
/// only the preferred count is left to search for below it (Pisinger's MULKNAP idea).
///
/// Symmetries cut without losing an optimum:
///   - donors with the same pairings (on the households present) and the same room left are
///     interchangeable from here on, so only the lowest-indexed of them is tried;
///   - wishes with the same cost and the same paired donors are interchangeable, so within a run of
///     them the assigned ones come first, with non-decreasing donor indices.
///   Both together remain sound: from an optimum, swap the labels of two interchangeable donors,
///   then sort each run of identical wishes; the current wish keeps the lowest donor of its run.
class MoneySearch {
 public:
  MoneySearch(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, std::uint64_t node_limit)
      : node_limit_(node_limit) {
    const auto by_household = donors_by_household(donors);
    std::int64_t largest_budget = 0;
    for (const Donor& d : donors) largest_budget = std::max(largest_budget, d.budget);
    // Wishes dearer than every budget can never be placed; they are left out from the start.
    for (std::size_t w = 0; w < wishes.size(); ++w)
      if (wishes[w].cost_fen <= largest_budget) wish_.push_back(w);

    // Each wish's paired donors, numbered so that equal sets get equal numbers.
    std::map<std::vector<index_t>, std::size_t> pairing_ids;
    std::vector<std::size_t> pairing_of_wish(wishes.size(), 0);
    std::int64_t total_cost = 0;
    for (std::size_t w : wish_) {
      auto it = by_household.find(wishes[w].household);
      const std::vector<index_t> none;
      pairing_of_wish[w] = pairing_ids.emplace(it == by_household.end() ? none : it->second, pairing_ids.size())
                               .first->second;
      total_cost += wishes[w].cost_fen;
    }
    // Ascending cost, identical wishes adjacent and in index order.
    std::sort(wish_.begin(), wish_.end(), [&](std::size_t a, std::size_t b) {
      if (wishes[a].cost_fen != wishes[b].cost_fen) return wishes[a].cost_fen < wishes[b].cost_fen;
      if (pairing_of_wish[a] != pairing_of_wish[b]) return pairing_of_wish[a] < pairing_of_wish[b];
      return a < b;
    });

    const std::size_t n = wish_.size();
    cost_.resize(n);
    household_.resize(n);
    same_as_previous_.assign(n, false);
    prefix_cost_.assign(n + 1, 0);
    prefix_has_pair_.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Wish& wish = wishes[wish_[i]];
      cost_[i] = wish.cost_fen;
      household_[i] = wish.household;
      same_as_previous_[i] = i > 0 && cost_[i] == cost_[i - 1] &&
                             pairing_of_wish[wish_[i]] == pairing_of_wish[wish_[i - 1]];
      prefix_cost_[i + 1] = prefix_cost_[i] + cost_[i];
      prefix_has_pair_[i + 1] = prefix_has_pair_[i] + (by_household.count(wish.household) ? 1 : 0);
    }

    // Donors that can take something ("slots"). Room beyond the total cost never matters, so it is
    // capped there; that stays a valid bound while wishes are placed, since room = min(budget,
    // total) - placed in this donor, and what is still placed anywhere costs at most total - placed.
    std::map<std::vector<std::uint32_t>, std::size_t> class_ids;
    const std::unordered_set<std::uint32_t> present(household_.begin(), household_.end());
    for (std::size_t d = 0; d < donors.size() && n > 0; ++d) {
      if (donors[d].budget <= 0) continue;
      std::vector<std::uint32_t> relevant;
      for (std::uint32_t h : donors[d].own)
        if (present.count(h)) relevant.push_back(h);
      std::sort(relevant.begin(), relevant.end());
      relevant.erase(std::unique(relevant.begin(), relevant.end()), relevant.end());
      donor_.push_back(index_t(d));
      class_.push_back(class_ids.emplace(relevant, class_ids.size()).first->second);
      room_.push_back(std::min(donors[d].budget, total_cost));
    }
    for (std::int64_t r : room_) total_room_ = r > total_cost - total_room_ ? total_cost : total_room_ + r;

    // Per wish, its paired slots (ascending); per slot, the positions of its paired wishes
    // (ascending cost) and their prefix sums.
    paired_slots_.resize(n);
    paired_at_.resize(donor_.size());
    paired_prefix_.assign(donor_.size(), {0});
    for (std::size_t i = 0; i < n; ++i) {
      auto it = by_household.find(household_[i]);
      if (it == by_household.end()) continue;
      for (index_t d : it->second) {
        const std::size_t slot = std::size_t(std::lower_bound(donor_.begin(), donor_.end(), d) - donor_.begin());
        paired_slots_[i].push_back(slot);
        paired_at_[slot].push_back(i);
        paired_prefix_[slot].push_back(paired_prefix_[slot].back() + cost_[i]);
      }
    }

    std::int64_t largest_room = 0;
    for (std::int64_t r : room_) largest_room = std::max(largest_room, r);
    for (std::int64_t c : cost_) unit_ = std::gcd(unit_, c);
    if (n == 0 || room_.empty()) return;
    // Row i: sums of any of the wishes i, i+1, ..., up to the largest room.
    std::size_t words = (std::size_t(largest_room / unit_) + 64) / 64;
    if (words <= max_sum_words / (n + 1)) {
      fill_words_ = words;
      fill_sums_.assign((n + 1) * words, 0);
      fill_sums_[n * words] = 1;  // the empty sum
      for (std::size_t i = n; i-- > 0;)
        or_shifted(&fill_sums_[(i + 1) * words], &fill_sums_[(i + 1) * words], &fill_sums_[i * words], words,
                   std::size_t(cost_[i] / unit_));
    }
    // Row (i, k): sums of exactly k of the wishes i, i+1, ..., up to the total room, for k up to
    // the most that can ever be placed.
    count_limit_ = cheapest_fitting(0, n, total_room_);
    words = (std::size_t(total_room_ / unit_) + 64) / 64;
    if (words <= max_sum_words / (n + 1) / (count_limit_ + 1)) {
      count_words_ = words;
      count_sums_.assign((n + 1) * (count_limit_ + 1) * words, 0);
      count_sums_[count_row(n, 0)] = 1;
      for (std::size_t i = n; i-- > 0;)
        for (std::size_t k = 0; k <= count_limit_; ++k) {
          const std::uint64_t* without = &count_sums_[count_row(i + 1, k)];
          std::uint64_t* row = &count_sums_[count_row(i, k)];
          if (k == 0)
            std::copy(without, without + words, row);
          else
            or_shifted(without, &count_sums_[count_row(i + 1, k - 1)], row, words, std::size_t(cost_[i] / unit_));
        }
    }
  }

  /// Returns donor_of over the original wish indices (donor indices are the caller's).
  std::vector<index_t> solve(std::size_t n_wishes) {
    const std::size_t n = wish_.size();
    choice_.assign(n, -1);
    best_choice_.assign(n, -1);
    options_.assign(n, {});
    next_option_.assign(n, 0);
    std::size_t depth = 0;
    bool entering = true;
    Score current;
    // Iterative depth-first search: the depth can reach the number of wishes.
    while (true) {
      if (entering) {
        count_node(n_wishes);
        entering = false;
        if (depth == n) {
          if (best_ < current) {
            best_ = current;
            best_choice_ = choice_;
          }
        } else if (!promising(depth, current, n_wishes)) {
          next_option_[depth] = options_[depth].size() + 1;  // nothing to try: go back up
        } else {
          list_options(depth);
        }
      }
      if (depth < n) {
        undo(depth, current);
        if (next_option_[depth] < options_[depth].size()) {
          apply(depth, options_[depth][next_option_[depth]++], current);
          ++depth;
          entering = true;
          continue;
        }
      }
      if (depth == 0) break;
      --depth;
    }

    std::vector<index_t> donor_of(n_wishes, -1);
    for (std::size_t i = 0; i < n; ++i)
      if (best_choice_[i] >= 0) donor_of[wish_[i]] = donor_[std::size_t(best_choice_[i])];
    return donor_of;
  }

 private:
  struct Score {
    std::int64_t wishes = 0, value = 0, preferred = 0;
    friend bool operator<(const Score& a, const Score& b) {
      if (a.wishes != b.wishes) return a.wishes < b.wishes;
      if (a.value != b.value) return a.value < b.value;
      return a.preferred < b.preferred;
    }
  };

  // A node weighs up every donor, so it counts once per 8 of them: the limit then means about the
  // same time whatever the number of donors.
  void count_node(std::size_t n_wishes) {
    nodes_ += 1 + donor_.size() / 8;
    if (nodes_ > node_limit_)
      throw validation_error("match: too large to solve exactly with money budgets (" + std::to_string(n_wishes) +
                             " wishes, " + std::to_string(donor_.size()) + " donors with a budget: the search " +
                             "went past its limit of " + std::to_string(node_limit_) +
                                 " nodes); use count budgets, or split the wishes into smaller groups",
                             {.field = "budgets", .reason = std::string(reason::overflow)});
  }

  std::size_t count_row(std::size_t i, std::size_t k) const { return (i * (count_limit_ + 1) + k) * count_words_; }

  // Most of the wishes i, i+1, ... (cheapest first) that fit in `room`, at most `up_to` of them.
  std::size_t cheapest_fitting(std::size_t i, std::size_t up_to, std::int64_t room) const {
    room = std::min(room, prefix_cost_.back() - prefix_cost_[i]);  // so that the sum below cannot overflow
    auto first = prefix_cost_.begin() + std::ptrdiff_t(i);
    return std::size_t(std::upper_bound(first, first + std::ptrdiff_t(up_to) + 1, prefix_cost_[i] + room) - first) - 1;
  }

  // The most of `room` that some of the wishes i, i+1, ... fill exactly (room itself without the table).
  std::int64_t fillable(std::size_t i, std::int64_t room) const {
    if (fill_words_ == 0) return room;
    // rooms only shrink, so room / unit_ stays within the table; the empty sum is always there
    return highest_at_most(&fill_sums_[i * fill_words_], std::size_t(room / unit_), fill_words_) * unit_;
  }

  // Whether some completion of the node at depth i could beat the best so far.
  bool promising(std::size_t i, const Score& current, std::size_t n_wishes) {
    std::int64_t largest_room = 0;
    for (std::int64_t r : room_) largest_room = std::max(largest_room, r);
    // wishes i..fit-1 fit some donor; the dearer ones fit none
    const std::size_t fit =
        std::size_t(std::upper_bound(cost_.begin() + std::ptrdiff_t(i), cost_.end(), largest_room) - cost_.begin());
    const std::size_t available = fit - i;
    std::size_t k = cheapest_fitting(i, available, total_room_);
    const std::int64_t remaining = prefix_cost_[fit] - prefix_cost_[i];
    std::size_t per_donor = 0;
    std::int64_t filled = 0;
    for (std::int64_t r : room_) {
      per_donor += cheapest_fitting(i, available, r);
      const std::int64_t f = fillable(i, r);
      filled = f > remaining - filled ? remaining : filled + f;  // saturating: rooms may add up past int64
    }
    k = std::min(k, per_donor);
    const std::int64_t wishes = current.wishes + std::int64_t(k);
    if (wishes < best_.wishes) return false;

    const std::int64_t dearest = prefix_cost_[fit] - prefix_cost_[fit - k];
    std::int64_t value = std::min({total_room_, filled, dearest});
    std::int64_t pooled = -1;  // in units
    if (dearest > total_room_ && count_words_ != 0 && k <= count_limit_) {
      // some k of the cheapest fit in the total room, so this finds a sum
      pooled = highest_at_most(&count_sums_[count_row(i, k)], std::size_t(total_room_ / unit_), count_words_);
      if (pooled >= 0) value = std::min(value, pooled * unit_);
    }
    if (wishes == best_.wishes && current.value + value < best_.value) return false;
    if (wishes > best_.wishes || current.value + value > best_.value) {
      // Better on count or value: try to reach both bounds at once with k wishes worth `value`.
      // When the k dearest fit in the total room they are those wishes; else the table names some.
      picked_.clear();
      if (dearest == value) {
        // all dearer than the k-th dearest cost, then the lowest positions (indices) at that cost
        const auto first = cost_.begin() + std::ptrdiff_t(i), last = cost_.begin() + std::ptrdiff_t(fit);
        const std::size_t tied = std::size_t(std::lower_bound(first, last, cost_[fit - k]) - cost_.begin());
        const std::size_t dearer = std::size_t(std::upper_bound(first, last, cost_[fit - k]) - cost_.begin());
        for (std::size_t p = tied; p < tied + k - (fit - dearer); ++p) picked_.push_back(p);
        for (std::size_t p = dearer; p < fit; ++p) picked_.push_back(p);
      } else if (pooled >= 0 && pooled * unit_ == value) {
        for (std::size_t p = i, left = k; left > 0; ++p) {
          const std::int64_t c = cost_[p] / unit_;
          if (c <= pooled && bit(&count_sums_[count_row(p + 1, left - 1)], std::size_t(pooled - c))) {
            picked_.push_back(p);
            pooled -= c;
            --left;
          }
        }
      }
      if (picked_.empty() || !split(i, current, n_wishes)) return true;
      // best_ now meets this node's count and value bounds: only the preferred count is open
    }

    std::int64_t preferred = std::min(std::int64_t(k), prefix_has_pair_[fit] - prefix_has_pair_[i]);
    std::int64_t per_donor_preferred = 0;
    for (std::size_t slot = 0; slot < donor_.size() && per_donor_preferred < preferred; ++slot) {
      const auto& at = paired_at_[slot];
      const std::size_t a = std::size_t(std::lower_bound(at.begin(), at.end(), i) - at.begin());
      const std::size_t b = std::size_t(std::lower_bound(at.begin(), at.end(), fit) - at.begin());
      const auto& sums = paired_prefix_[slot];
      const std::int64_t room = std::min(room_[slot], sums[b] - sums[a]);
      per_donor_preferred += std::int64_t(
          std::upper_bound(sums.begin() + std::ptrdiff_t(a), sums.begin() + std::ptrdiff_t(b) + 1, sums[a] + room) -
          (sums.begin() + std::ptrdiff_t(a)) - 1);
    }
    preferred = std::min(preferred, per_donor_preferred);
    return current.preferred + preferred > best_.preferred;
  }

  // Tries to pack the picked_ wishes into the rooms left, within a small node budget: first those
  // with a paired donor (for the preferred count), then, failing that, dearest first (it packs
  // best). On success the completed solution becomes the best if it is better.
  bool split(std::size_t i, const Score& current, std::size_t n_wishes) {
    bool packed = false;
    for (int attempt = 0; attempt < 2 && !packed; ++attempt) {
      std::sort(picked_.begin(), picked_.end(), [&](std::size_t a, std::size_t b) {
        if (attempt == 0) {
          const bool pa = prefix_has_pair_[a + 1] != prefix_has_pair_[a];
          const bool pb = prefix_has_pair_[b + 1] != prefix_has_pair_[b];
          if (pa != pb) return pa;
        }
        return a > b;  // dearer first: positions ascend with cost
      });
      split_room_ = room_;
      split_slot_.assign(picked_.size(), -1);
      split_budget_ = 2 * picked_.size() + 32;
      packed = pack(n_wishes);
    }
    if (!packed) return false;

    Score found = current;
    std::vector<index_t> choice = choice_;
    for (std::size_t p = i; p < choice.size(); ++p) choice[p] = -1;
    for (std::size_t j = 0; j < picked_.size(); ++j) {
      const std::size_t p = picked_[j], slot = std::size_t(split_slot_[j]);
      choice[p] = index_t(slot);
      found.wishes += 1;
      found.value += cost_[p];
      found.preferred += is_paired(p, slot) ? 1 : 0;
    }
    if (best_ < found) {
      best_ = found;
      best_choice_ = std::move(choice);
    }
    return true;
  }

  // Places every picked_ wish into split_room_ by depth-first search (iterative: there may be
  // thousands), trying paired donors first, then the tightest fit; gives up when the budget is spent.
  bool pack(std::size_t n_wishes) {
    const std::size_t n = picked_.size();
    split_options_.resize(n);
    split_next_.assign(n, 0);
    std::size_t j = 0;
    bool entering = true;
    while (j < n) {
      const std::size_t p = picked_[j];
      auto& slots = split_options_[j];
      if (entering) {
        if (split_budget_ == 0) return false;
        --split_budget_;
        count_node(n_wishes);
        slots.clear();
        for (std::size_t slot = 0; slot < split_room_.size(); ++slot)
          if (split_room_[slot] >= cost_[p]) slots.push_back(slot);
        std::sort(slots.begin(), slots.end(), [&](std::size_t a, std::size_t b) {
          const bool pa = is_paired(p, a), pb = is_paired(p, b);
          if (pa != pb) return pa;
          if (split_room_[a] != split_room_[b]) return split_room_[a] < split_room_[b];
          return a < b;
        });
        split_next_[j] = 0;
      } else {
        split_room_[std::size_t(split_slot_[j])] += cost_[p];  // back from a dead end: undo
      }
      if (split_next_[j] < slots.size()) {
        const std::size_t slot = slots[split_next_[j]++];
        split_room_[slot] -= cost_[p];
        split_slot_[j] = index_t(slot);
        ++j;
        entering = true;
      } else {
        if (j == 0) return false;
        --j;
        entering = false;
      }
    }
    return true;
  }

  static bool bit(const std::uint64_t* row, std::size_t b) { return (row[b / 64] >> (b % 64)) & 1; }

  bool is_paired(std::size_t i, std::size_t slot) const {
    return std::binary_search(paired_slots_[i].begin(), paired_slots_[i].end(), slot);
  }

  void list_options(std::size_t i) {
    auto& options = options_[i];
    options.clear();
    next_option_[i] = 0;
    std::size_t lowest = 0;
    if (same_as_previous_[i]) {
      if (choice_[i - 1] < 0) {  // an identical wish before was left out: so is this one
        options.push_back(-1);
        return;
      }
      lowest = std::size_t(choice_[i - 1]);
    }
    // One donor per (pairing class, room), the lowest-indexed, among those with room for it.
    scratch_.clear();
    for (std::size_t slot = lowest; slot < donor_.size(); ++slot)
      if (room_[slot] >= cost_[i]) scratch_.push_back(slot);
    std::sort(scratch_.begin(), scratch_.end(), [&](std::size_t a, std::size_t b) {
      if (class_[a] != class_[b]) return class_[a] < class_[b];
      if (room_[a] != room_[b]) return room_[a] < room_[b];
      return a < b;
    });
    std::size_t kept = 0;
    for (std::size_t k = 0; k < scratch_.size(); ++k)
      if (k == 0 || class_[scratch_[k]] != class_[scratch_[k - 1]] || room_[scratch_[k]] != room_[scratch_[k - 1]])
        scratch_[kept++] = scratch_[k];
    scratch_.resize(kept);
    // Try paired donors first, then the tightest fit (it wastes least room), then by index.
    std::sort(scratch_.begin(), scratch_.end(), [&](std::size_t a, std::size_t b) {
      const bool pa = is_paired(i, a), pb = is_paired(i, b);
      if (pa != pb) return pa;
      if (room_[a] != room_[b]) return room_[a] < room_[b];
      return a < b;
    });
    for (std::size_t slot : scratch_) options.push_back(index_t(slot));
    options.push_back(-1);
  }

  void apply(std::size_t i, index_t slot, Score& current) {
    choice_[i] = slot;
    if (slot < 0) return;
    room_[std::size_t(slot)] -= cost_[i];
    total_room_ -= cost_[i];
    current.wishes += 1;
    current.value += cost_[i];
    current.preferred += is_paired(i, std::size_t(slot)) ? 1 : 0;
  }

  void undo(std::size_t i, Score& current) {
    const index_t slot = choice_[i];
    choice_[i] = -1;
    if (slot < 0) return;
    room_[std::size_t(slot)] += cost_[i];
    total_room_ += cost_[i];
    current.wishes -= 1;
    current.value -= cost_[i];
    current.preferred -= is_paired(i, std::size_t(slot)) ? 1 : 0;
  }

  std::uint64_t node_limit_, nodes_ = 0;
  // Wishes that fit some budget, by ascending cost ("positions"): original index, cost, household.
  std::vector<std::size_t> wish_;
  std::vector<std::int64_t> cost_;
  std::vector<std::uint32_t> household_;
  std::vector<bool> same_as_previous_;
  std::vector<std::int64_t> prefix_cost_, prefix_has_pair_;
  // Donors with a budget ("slots"): original index, pairing class, room left, paired wishes.
  std::vector<index_t> donor_;
  std::vector<std::size_t> class_;
  std::vector<std::int64_t> room_;
  std::int64_t total_room_ = 0;
  std::vector<std::vector<std::size_t>> paired_slots_, paired_at_;
  std::vector<std::vector<std::int64_t>> paired_prefix_;
  // Subset-sum tables: bit b of a row says some of its wishes cost exactly b * unit_ together.
  static constexpr std::size_t max_sum_words = std::size_t(1) << 22;  // 32 MiB per table
  std::int64_t unit_ = 0;
  std::size_t fill_words_ = 0, count_words_ = 0, count_limit_ = 0;
  std::vector<std::uint64_t> fill_sums_, count_sums_;
  // Search state per depth.
  std::vector<index_t> choice_, best_choice_;
  std::vector<std::vector<index_t>> options_;
  std::vector<std::size_t> next_option_;
  std::vector<std::size_t> scratch_;
  Score best_{-1, 0, 0};  // below every real score, so the first leaf is taken
  // The split attempt's scratch.
  std::vector<std::size_t> picked_;
  std::vector<std::int64_t> split_room_;
  std::vector<index_t> split_slot_;
  std::vector<std::vector<std::size_t>> split_options_;
  std::vector<std::size_t> split_next_;
  std::size_t split_budget_ = 0;
};

}  // namespace detail

inline Assignment assign(const std::vector<Wish>& wishes, const std::vector<Donor>& donors, Budget budget,
                         std::uint64_t node_limit) {
  detail::validate(wishes, donors, budget);
  Assignment result;
  if (budget == Budget::count) {
    result = detail::assign_by_count(wishes, donors);
  } else {
    detail::MoneySearch search(wishes, donors, node_limit);
    result.donor_of = search.solve(wishes.size());
  }
  detail::tally(result, wishes, donors);
  return result;
}

}  // namespace shanhai::match
