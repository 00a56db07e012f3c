// Deduplicated totals: every yuan counted once, where it first enters the scope.
//
// A flow's own value is its amount less its parts (its unexplained remainder when it has parts).
// A flow counts its own value when it matches the scope and no flow it passed money on from did
// (a pass-through link above it, or above a part it belongs to); its parts count their own values
// under their own fields. So a split by any field uses the most detailed level and adds up to
// the total, and the total never exceeds the sum of the matching flows as reported.
#pragma once

#include <shanhai/detail/registry_class.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>
#include <vector>

namespace shanhai {

enum class Field : std::uint8_t { source, target, kind, stage, purpose, year, origin };
template <>
struct enum_names<Field> {
  static constexpr std::string_view type = "totals field";
  static constexpr std::array<std::string_view, 7> names{"source", "target", "kind", "stage",
                                                         "purpose", "year", "origin"};
};

class Totals {
 public:
  /// One value per field of `by`: a node's packed() form, an enum's index, or a year.
  using Key = std::vector<std::int64_t>;

  Totals() = default;
  explicit Totals(std::vector<Field> by) : by_(std::move(by)) {}

  const std::vector<Field>& by() const noexcept { return by_; }
  const std::map<Key, Money>& groups() const noexcept { return groups_; }
  /// Deduplicated total, the sum of the matching flows as reported, and the part of the total
  /// that is parents' unexplained remainders.
  Money total() const noexcept { return total_; }
  Money reported() const noexcept { return reported_; }
  Money unexplained() const noexcept { return unexplained_; }
  Money operator[](const Key& key) const {
    auto it = groups_.find(key);
    return it == groups_.end() ? Money() : it->second;
  }

  /// Adds another partial result over the same fields: associative, commutative, exact.
  Totals& operator+=(const Totals& other) {
    if (other.by_ != by_) throw validation_error("totals: cannot merge results grouped by different fields");
    for (const auto& [key, value] : other.groups_) groups_[key] += value;
    total_ += other.total_;
    reported_ += other.reported_;
    unexplained_ += other.unexplained_;
    return *this;
  }

  void add(Key key, Money own, bool unexplained) {
    groups_[std::move(key)] += own;
    total_ += own;
    if (unexplained) unexplained_ += own;
  }
  void add_reported(Money amount) { reported_ += amount; }
  void add_unexplained(Money amount) { unexplained_ += amount; }

 private:
  std::vector<Field> by_;
  std::map<Key, Money> groups_;
  Money total_, reported_, unexplained_;
};

namespace detail {

constexpr std::size_t max_fields = enum_count<Field>;
using GroupKey = std::array<std::int64_t, max_fields>;
struct GroupKeyHash {
  std::size_t operator()(const GroupKey& k) const noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;
    for (auto v : k) h = (h ^ std::uint64_t(v)) * 0xBF58476D1CE4E5B9ull, h ^= h >> 31;
    return std::size_t(h);
  }
};

template <class E>
bool allowed(const std::vector<E>& set, E value) {
  return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
}

}  // namespace detail

inline Totals Registry::totals(const Scope& sc, const std::vector<Field>& by) const {
  require_scope(sc, "totals");
  const FlowTable& f = t_.flows;
  auto matches = [&](std::uint32_t i) {
    return f.stage[i] == sc.stage && (sc.year == 0 || f.date[i].year() == sc.year) &&
           detail::allowed(sc.kinds, f.kind[i]) && detail::allowed(sc.purposes, f.purpose[i]) &&
           (!sc.source || at_or_below(f.source[i], sc.source)) &&
           (!sc.target || at_or_below(f.target[i], sc.target)) &&
           (!sc.boundary || (within(f.target[i], sc.boundary) && !within(f.source[i], sc.boundary))) &&
           (!sc.origin || within(origin(FlowId(i)), sc.origin));
  };
  // Groups are found by a fixed-size key in a hash map: no allocation per flow.
  if (by.size() > detail::max_fields) throw validation_error("totals by: at most 7 fields");
  auto key_of = [&](std::uint32_t i) {
    detail::GroupKey key{};
    for (std::size_t k = 0; k < by.size(); ++k) switch (by[k]) {
        case Field::source: key[k] = std::int64_t(f.source[i].packed()); break;
        case Field::target: key[k] = std::int64_t(f.target[i].packed()); break;
        case Field::kind: key[k] = std::int64_t(f.kind[i]); break;
        case Field::stage: key[k] = std::int64_t(f.stage[i]); break;
        case Field::purpose: key[k] = std::int64_t(f.purpose[i]); break;
        case Field::year: key[k] = f.date[i].year(); break;
        case Field::origin: key[k] = std::int64_t(f.source[flow_index_.root[i].value].packed()); break;
      }
    return key;
  };

  // Parents come before their children, so one pass in id order sees every parent first.
  enum : std::uint8_t { seen = 1, blocked = 2 };  // seen: the flow or one above it matched
  std::vector<std::uint8_t> state(f.size());
  std::unordered_map<detail::GroupKey, Money, detail::GroupKeyHash> groups;
  Money reported, unexplained;
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    const bool match = matches(i);
    std::uint8_t s = match ? seen : 0;
    if (const FlowId p = f.parent[i]) {
      s = std::uint8_t(s | (state[p.value] & seen));
      const bool upstream = flow_index_.link[i] == Link::part ? (state[p.value] & blocked) : (state[p.value] & seen);
      if (upstream) s = std::uint8_t(s | blocked);
    }
    state[i] = s;
    if (!match) continue;
    reported += f.amount[i];
    if (s & blocked) continue;
    const Money own = f.amount[i] - flow_index_.parts[i];
    if (own <= Money()) continue;
    groups[key_of(i)] += own;
    if (flow_index_.parts[i] > Money()) unexplained += own;
  }
  Totals result(by);
  for (const auto& [key, money] : groups)
    result.add(Totals::Key(key.begin(), key.begin() + std::ptrdiff_t(by.size())), money, false);
  result.add_reported(reported);
  result.add_unexplained(unexplained);
  return result;
}

}  // namespace shanhai
