// Deduplicated totals: every yuan counted once, where it first enters the scope.
//
// A flow's own value is its amount less its parts (its unexplained remainder when it has parts).
// A flow counts its own value when it matches the scope and no flow it passed money on from did
// (a pass-through link above it, or above a part it belongs to); its parts count their own values
// under their own fields. So a split by any field uses the most detailed level and adds up to
// the total, and the total never exceeds the sum of the matching flows as reported.
//
// TotalsOptions: every stage at once (split by stage: a chain keeps one stage, so each stage's
// groups are that stage's totals, and a yuan is counted once per stage, never added across them),
// and node fields rolled up the partner tree to a level (by target.province: a flow's one group
// is its target's province; a node with no ancestor of that kind falls in the group of no node).
#pragma once

#include <shanhai/analysis/figures.hpp>
#include <shanhai/detail/node_places.hpp>
#include <shanhai/detail/parallel.hpp>
#include <shanhai/registry.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace shanhai {

enum class Field : std::uint8_t { source, target, kind, stage, purpose, year, origin, currency };
template <>
struct enum_names<Field> {
  static constexpr std::string_view type = "totals field";
  static constexpr std::array<std::string_view, 8> names{"source", "target", "kind", "stage",
                                                         "purpose", "year", "origin", "currency"};
};

/// The groups of a totals result are kept as columns in key order: a national result has a
/// million groups, and a node of a tree per group would cost more than counting them.
class Totals {
 public:
  /// One value per field of `by`: a node's packed() form, an enum's index, a year, or a
  /// currency's packed() form.
  using Key = std::vector<std::int64_t>;

  /// Per field of `by`: the partner level a node field is rolled up to, or none (the node itself).
  using Levels = std::vector<std::optional<PartnerKind>>;

  Totals() = default;
  explicit Totals(std::vector<Field> by, Levels levels = {}, bool every_stage = false)
      : by_(std::move(by)), levels_(std::move(levels)), every_stage_(every_stage) {
    levels_.resize(by_.size());
  }

  const std::vector<Field>& by() const noexcept { return by_; }
  const Levels& levels() const noexcept { return levels_; }
  /// Counted at every stage, split by stage (`by` holds Field::stage).
  bool every_stage() const noexcept { return every_stage_; }

  /// How many groups, and each one's key (a value per field of `by`) and money, in key order.
  std::size_t size() const noexcept { return sums_.size(); }
  std::span<const std::int64_t> key(std::size_t group) const noexcept {
    return {keys_.data() + group * by_.size(), by_.size()};
  }
  Money money(std::size_t group) const noexcept { return sums_[group]; }
  /// The groups as a map (a copy: for a few groups; iterate key() and money() for many).
  std::map<Key, Money> groups() const {
    std::map<Key, Money> out;
    for (std::size_t g = 0; g < size(); ++g) out.emplace_hint(out.end(), Key(key(g).begin(), key(g).end()), sums_[g]);
    return out;
  }
  /// How many stages the groups hold (0 without Field::stage in `by`).
  std::size_t stages() const {
    const auto at = std::find(by_.begin(), by_.end(), Field::stage);
    if (at == by_.end()) return 0;
    std::uint32_t seen = 0;
    for (std::size_t g = 0; g < size(); ++g) seen |= std::uint32_t(1) << key(g)[std::size_t(at - by_.begin())];
    return std::size_t(__builtin_popcount(seen));
  }
  /// The currency of every group's money; none when split by currency into several (then each
  /// group's is its key's).
  std::optional<Currency> currency() const noexcept { return currency_; }
  void set_currency(std::optional<Currency> c) noexcept { currency_ = c; }

  /// Deduplicated total, the sum of the matching flows as reported, and the part of the total
  /// that is parents' unexplained remainders. Counted at every stage, the total of more than one
  /// stage has no single meaning (a yuan pledged, committed and disbursed is one yuan): refused.
  /// Nor is money of several currencies ever added: refused too.
  Money total() const {
    if (every_stage_ && stages() > 1)
      throw validation_error("totals: the total of several stages has no single meaning (each yuan is counted once "
                             "per stage); read a stage's group, or ask for one stage",
                             where("totals stage", reason::rule));
    return one_currency(total_, "total");
  }
  /// What the groups add up to: the total, or counted at every stage, the stages' totals summed.
  Money counted() const { return one_currency(total_, "total"); }
  Money reported() const { return one_currency(reported_, "reported sum"); }
  Money unexplained() const { return one_currency(unexplained_, "unexplained part"); }
  /// How exact the total is: at least, or about, when a published figure in it is.
  Qualifier qualifier() const noexcept { return qualifier_; }
  Money operator[](const Key& key) const {
    const std::size_t g = find(key);
    return g < size() && equal(g, key) ? sums_[g] : Money();
  }

  /// Adds another partial result over the same fields: associative, commutative, exact. On an
  /// error (a sum beyond int64 fen) this result is as it was.
  Totals& operator+=(const Totals& other) {
    if (other.by_ != by_ || other.levels_ != levels_)
      throw validation_error("totals: cannot merge results grouped by different fields", where("totals by", reason::rule));
    Totals merged(by_, levels_, every_stage_ || other.every_stage_);
    merged.currency_ = currency_ == other.currency_ || other.size() == 0 ? currency_ : size() == 0 ? other.currency_ : std::nullopt;
    if (!merged.currency_ && std::find(by_.begin(), by_.end(), Field::currency) == by_.end())
      throw validation_error("totals: cannot merge results in different currencies", where("totals currency", reason::mismatch));
    merged.total_ = total_ + other.total_;
    merged.reported_ = reported_ + other.reported_;
    merged.unexplained_ = unexplained_ + other.unexplained_;
    merged.qualifier_ = sum_qualifier(qualifier_, other.qualifier_);
    // both in key order: one merge
    std::size_t i = 0, j = 0;
    while (i < size() || j < other.size()) {
      if (j == other.size() || (i < size() && std::ranges::lexicographical_compare(key(i), other.key(j))))
        merged.append(key(i), sums_[i]), ++i;
      else if (i == size() || std::ranges::lexicographical_compare(other.key(j), key(i)))
        merged.append(other.key(j), other.sums_[j]), ++j;
      else
        merged.append(key(i), sums_[i] + other.sums_[j]), ++i, ++j;
    }
    return *this = std::move(merged);
  }

  /// Adds `own` to a group: at the end when its key is past every other (as the kernels add them).
  void add(std::span<const std::int64_t> key, Money own, bool unexplained) {
    add_to(key, own);
    total_ += own;
    if (unexplained) unexplained_ += own;
  }
  void add_reported(Money amount) { reported_ += amount; }
  void add_unexplained(Money amount) { unexplained_ += amount; }
  /// Adds a published figure's money beyond its records to a group: reported and unexplained too.
  void add_figure(std::span<const std::int64_t> key, Money amount, Qualifier q) {
    if (amount != Money()) add_to(key, amount);
    total_ += amount, reported_ += amount, unexplained_ += amount;
    qualifier_ = sum_qualifier(qualifier_, q);
  }

 private:
  Money one_currency(Money m, const char* what) const {
    if (currency_) return m;
    std::string codes;
    const auto at = std::size_t(std::find(by_.begin(), by_.end(), Field::currency) - by_.begin());
    for (std::size_t g = 0; g < size(); ++g) {
      const std::string code(Currency::from_packed(std::uint64_t(key(g)[at])).code());
      if (codes.find(code) == std::string::npos) codes += (codes.empty() ? "" : ", ") + code;
    }
    throw validation_error(std::string("totals: the ") + what + " would add money of several currencies (" + codes +
                               "), which is never done; read each currency's group, or ask for one currency",
                           where("totals currency", reason::mismatch));
  }
  // the first group whose key is not less than `key`
  std::size_t find(std::span<const std::int64_t> key) const {
    std::size_t lo = 0, hi = size();
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (std::ranges::lexicographical_compare(this->key(mid), key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  bool equal(std::size_t g, std::span<const std::int64_t> key) const { return std::ranges::equal(this->key(g), key); }
  void append(std::span<const std::int64_t> key, Money money) {
    keys_.insert(keys_.end(), key.begin(), key.end());
    sums_.push_back(money);
  }
  void add_to(std::span<const std::int64_t> key, Money money) {
    if (key.size() != by_.size())
      throw validation_error("totals: a key of " + std::to_string(key.size()) + " values for " + std::to_string(by_.size()) +
                                 " fields",
                             where("totals by", reason::rule));
    if (size() == 0 || std::ranges::lexicographical_compare(this->key(size() - 1), key)) return append(key, money);
    const std::size_t g = find(key);
    if (equal(g, key)) {
      sums_[g] += money;
      return;
    }
    keys_.insert(keys_.begin() + std::ptrdiff_t(g * by_.size()), key.begin(), key.end());
    sums_.insert(sums_.begin() + std::ptrdiff_t(g), money);
  }

  std::vector<Field> by_;
  Levels levels_;
  bool every_stage_ = false;
  std::vector<std::int64_t> keys_;  // size() keys of by_.size() values, one after another
  std::vector<Money> sums_;
  Money total_, reported_, unexplained_;
  Qualifier qualifier_ = Qualifier::exact;
  std::optional<Currency> currency_ = Currency();
};

namespace detail {

constexpr std::size_t max_fields = enum_count<Field>;
/// A group's code when its fields take more than 64 bits (three node fields of millions of nodes):
/// every field's digits fit 128 (at most 32 bits a node field, 16 a year, 4 an enumeration).
__extension__ using WideCode = unsigned __int128;

constexpr unsigned bits_for(std::uint64_t values) {  // bits that hold 0..values-1
  unsigned b = 0;
  while (b < 64 && (std::uint64_t(1) << b) < values) ++b;
  return b;
}

/// Money per group, for groups numbered by integers (Code) below `codes`: an array when they are
/// few enough, else a table with open addressing. Zero money means empty: a group whose
/// corrections take it back to zero is no group, and its slot may be taken again (a code met
/// twice so is two groups of one key, which Totals adds into one).
template <class Code>
class GroupSums {
 public:
  GroupSums(Code codes, std::uint64_t dense_limit) : dense_(codes <= dense_limit) {
    if (dense_) sums_.assign(std::size_t(codes), Money());
    else grow(256);
  }
  void add(Code code, Money money) {
    if (dense_) {
      sums_[std::size_t(code)] += money;
      return;
    }
    Slot& s = slots_[slot(code)];
    if (s.sum == Money()) {
      s = {code, money};
      if (++used_ * 4 > slots_.size() * 3) grow(slots_.size() * 2);  // keep the table at most 3/4 full
      return;
    }
    s.sum += money;
  }
  /// Adds another piece's sums (made with the same `codes`).
  void add(const GroupSums& other) {
    if (dense_)
      for (std::size_t i = 0; i < sums_.size(); ++i) sums_[i] += other.sums_[i];
    else
      for (const Slot& s : other.slots_)
        if (s.sum != Money()) add(s.code, s.sum);
  }
  /// The groups in the order of their codes.
  std::vector<std::pair<Code, Money>> sorted() const {
    std::vector<std::pair<Code, Money>> out;
    if (dense_) {
      for (std::size_t i = 0; i < sums_.size(); ++i)
        if (sums_[i] != Money()) out.emplace_back(Code(i), sums_[i]);
      return out;
    }
    out.reserve(used_);
    for (const Slot& s : slots_)
      if (s.sum != Money()) out.emplace_back(s.code, s.sum);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

 private:
  struct Slot {  // a code beside its sum: one cache line holds both
    Code code = 0;
    Money sum;  // checked: a group beyond int64 fen throws, as Money does
  };
  std::size_t slot(Code code) const {  // the code's slot, or the empty one where it goes
    const std::size_t mask = slots_.size() - 1;
    const auto folded = std::uint64_t(code) ^ std::uint64_t(code >> 32 >> 32);  // a 64-bit code's high half is 0
    std::size_t i = std::size_t((folded * 0x9E3779B97F4A7C15ull) >> hash_shift_);
    while (slots_[i].sum != Money() && slots_[i].code != code) i = (i + 1) & mask;
    return i;
  }
  void grow(std::size_t size) {
    std::vector<Slot> old(std::move(slots_));
    slots_.assign(size, Slot{});
    hash_shift_ = 64 - bits_for(size);
    for (const Slot& s : old)
      if (s.sum != Money()) slots_[slot(s.code)] = s;
  }

  bool dense_;
  std::vector<Money> sums_;  // dense: by code
  unsigned hash_shift_ = 64;  // the top bits of a code times the golden ratio pick its slot
  std::size_t used_ = 0;
  std::vector<Slot> slots_;
};

/// What the chains of flows say for every scope of a stage and kinds alone, made once for the
/// registry's rows. A chain keeps one stage, so in such a scope a flow is blocked exactly when a
/// flow of a matching kind is at or above the parent of its nearest link that is not a part:
/// `above` holds the kinds there (a bit per kind; none for a flow with no pass-through above it).
struct ChainKinds {
  std::vector<std::uint8_t> above;
  std::int32_t first = 0, last = 0;  // the flows' earliest and latest dates, packed
  // the kinds, stages and purposes the flows have, a bit each: a group's digit counts only those
  std::uint32_t kinds = 0, stages = 0, purposes = 0;
  std::vector<Currency> currencies;  // the flows' currencies, in order
  std::size_t corrections = 0;       // flows of a negative amount
};
static_assert(enum_count<FlowKind> <= 8 && enum_count<Sector> <= 32, "a value per bit of ChainKinds");

/// The digit of value v among the values of `present` (a bit each), and back.
inline std::uint64_t digit_among(std::uint32_t present, std::uint64_t v) noexcept {
  return std::uint64_t(std::popcount(present & ((std::uint32_t(1) << v) - 1)));
}
inline std::int64_t value_among(std::uint32_t present, std::uint64_t digit) noexcept {
  for (; digit > 0; --digit) present &= present - 1;
  return std::countr_zero(present);
}

inline ChainKinds chain_kinds(const FlowTable& f, const std::vector<Link>& link) {
  const std::size_t n = f.size();
  ChainKinds c;
  c.above.resize(n);
  std::vector<std::uint8_t> seen(n);  // the kinds of a flow and every flow above it
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t own = std::uint8_t(1u << unsigned(f.kind[i]));
    c.kinds |= own, c.stages |= 1u << unsigned(f.stage[i]), c.purposes |= 1u << unsigned(f.purpose[i]);
    c.corrections += f.amount[i] < Money();
    if (i == 0 || f.currency[i] != f.currency[i - 1]) {  // runs of one currency: a search a run
      const auto at = std::ranges::lower_bound(c.currencies, f.currency[i]);
      if (at == c.currencies.end() || *at != f.currency[i]) c.currencies.insert(at, f.currency[i]);
    }
    if (!f.parent[i]) {
      seen[i] = own;
      continue;
    }
    const std::uint32_t p = f.parent[i].value;
    seen[i] = std::uint8_t(seen[p] | own);
    c.above[i] = link[i] == Link::part ? c.above[p] : seen[p];
  }
  if (n > 0) {
    const auto [lo, hi] = std::minmax_element(f.date.begin(), f.date.end(), [](Date a, Date b) { return a.packed() < b.packed(); });
    c.first = lo->packed(), c.last = hi->packed();
  }
  return c;
}

/// The distinct nodes of one node field of the flows, in order, and each flow's place among them:
/// a group is then a small integer whatever the number of partners, projects and households.
struct NodeRanks {
  std::vector<std::uint32_t> of_flow;
  std::vector<Node> nodes;
};

/// node_of(i): the field's node of flow i; `places`: every node's place (NodePlaces); only the
/// flows that may count (`may_count(i)`) have a rank, the others 0.
template <class NodeOf, class MayCount>
NodeRanks node_ranks(std::size_t flows, const NodePlaces& places, NodeOf&& node_of, MayCount&& may_count) {
  std::vector<std::uint64_t> used((places.size() + 63) / 64);
  for (std::size_t i = 0; i < flows; ++i) {
    if (!may_count(i)) continue;
    const std::size_t p = places(node_of(i));
    used[p / 64] |= std::uint64_t(1) << (p % 64);
  }
  NodeRanks r;
  std::vector<std::uint32_t> before(used.size());  // the nodes used in the words before
  std::uint32_t count = 0;
  for (std::size_t w = 0; w < used.size(); ++w) {
    before[w] = count;
    for (std::uint64_t bits = used[w]; bits; bits &= bits - 1)
      r.nodes.push_back(places.at(w * 64 + std::size_t(std::countr_zero(bits))));
    count += std::uint32_t(std::popcount(used[w]));
  }
  r.of_flow.resize(flows);
  for (std::size_t i = 0; i < flows; ++i) {
    if (!may_count(i)) continue;
    const std::size_t p = places(node_of(i));
    r.of_flow[i] = before[p / 64] + std::uint32_t(std::popcount(used[p / 64] & ((std::uint64_t(1) << (p % 64)) - 1)));
  }
  return r;
}

template <class E>
bool allowed(const std::vector<E>& set, E value) {
  return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
}

/// What the chains say (ChainKinds), made once for the registry's rows; the flows' currencies, in order.
inline std::shared_ptr<const ChainKinds> chain_facts(const Registry& reg);
inline std::vector<Currency> flow_currencies(const Registry& reg);

constexpr bool is_node_field(Field f) noexcept { return f == Field::source || f == Field::target || f == Field::origin; }

/// The levels a node field rolls up to: the administrative kinds of partner.
constexpr bool is_level(PartnerKind k) noexcept { return k <= PartnerKind::community; }

/// Each partner's ancestor of kind `level` (itself when it is one); none when it has none.
/// One pass: a partner's parent has a smaller id.
inline std::vector<PartnerId> ancestors_at(const PartnerTable& p, PartnerKind level) {
  std::vector<PartnerId> up(p.size());
  for (std::uint32_t i = 0; i < p.size(); ++i)
    up[i] = p.kind[i] == level ? PartnerId(i) : p.parent[i] ? up[p.parent[i].value] : PartnerId();
  return up;
}

}  // namespace detail

/// How totals are split beyond their fields.
struct TotalsOptions {
  /// Every stage at once, split by stage (the scope's stage is not asked): Field::stage goes
  /// first in `by` unless `by` holds it already.
  bool every_stage = false;
  /// Per field of `by` (missing ones: none): a node field's level, the kind of partner each node
  /// rolls up to (a partner, a project's location, a household's village, or one above them).
  Totals::Levels levels{};
  /// Published money figures (Registry::add_figure) count beyond their records, as the report
  /// counts them (figure_flows); false: the records alone.
  bool figures = true;
};

namespace detail {

/// Totals of the flows alone.
inline Totals records_totals(const Registry& reg, const Scope& sc, const std::vector<Field>& by_given,
                             const TotalsOptions& options) {
  const Tables& tables = reg.tables();
  const Registry::FlowIndex& chains = reg.flow_index();
  reg.require(sc, "totals");
  if (by_given.size() > detail::max_fields)
    throw validation_error("totals by: at most " + std::to_string(detail::max_fields) + " fields",
                           where("totals by", reason::out_of_range, std::to_string(by_given.size())));
  if (options.levels.size() > by_given.size())
    throw validation_error("totals by: more levels than fields", where("totals by", reason::out_of_range,
                                                                       std::to_string(options.levels.size())));
  std::vector<Field> by = by_given;
  Totals::Levels levels = options.levels;
  levels.resize(by.size());
  for (std::size_t k = 0; k < by.size(); ++k)
    if (levels[k] && (!detail::is_node_field(by[k]) || !detail::is_level(*levels[k])))
      throw validation_error(std::string("totals by: ") + std::string(to_string(by[k])) + "." +
                                 std::string(to_string(*levels[k])) +
                                 ": a level is a node field's (source, target, origin) and an administrative kind "
                                 "(province, city, county, district, town, street, village, community)",
                             where("totals by", reason::rule, std::string(to_string(*levels[k]))));
  const bool every_stage = options.every_stage;
  if (every_stage && std::find(by.begin(), by.end(), Field::stage) == by.end()) {
    if (by.size() == detail::max_fields)
      throw validation_error("totals by: at most " + std::to_string(detail::max_fields) + " fields",
                             where("totals by", reason::out_of_range, std::to_string(detail::max_fields + 1)));
    by.insert(by.begin(), Field::stage);
    levels.insert(levels.begin(), std::nullopt);
  }
  // a rolled-up field's node: each partner's ancestor at the level, made once per level
  std::array<std::vector<PartnerId>, detail::max_fields> up;
  for (std::size_t k = 0; k < by.size(); ++k)
    if (levels[k]) {
      for (std::size_t j = 0; j < k; ++j)
        if (levels[j] == levels[k]) up[k] = up[j];
      if (up[k].empty()) up[k] = detail::ancestors_at(tables.partners, *levels[k]);
    }
  auto rolled = [&](std::size_t k, Node v) -> Node {
    if (!levels[k]) return v;
    PartnerId p;
    switch (v.kind) {
      case NodeKind::partner: p = v.partner(); break;
      case NodeKind::project: p = tables.projects.location[v.id]; break;
      case NodeKind::household: p = tables.households.village[v.id]; break;
      default: return Node();
    }
    return p ? Node(up[k][p.value]) : Node();
  };
  const FlowTable& f = tables.flows;
  const std::uint32_t n = std::uint32_t(f.size());
  const std::uint32_t kinds = detail::kind_mask(sc.kinds);
  const auto facts = detail::chain_facts(reg);
  // Money of two currencies is never added: a registry with several needs one asked, or a split.
  const std::vector<Currency>& present = facts->currencies;
  const bool by_currency = std::find(by.begin(), by.end(), Field::currency) != by.end();
  std::vector<Currency> counted_in = present;  // and the published figures', in the registry's
  if (options.figures && !reg.figures().empty() && !std::ranges::binary_search(counted_in, reg.currency()))
    counted_in.insert(std::ranges::lower_bound(counted_in, reg.currency()), reg.currency());
  if (!sc.currency && !by_currency && counted_in.size() > 1) {
    std::string codes;
    for (const Currency c : counted_in) codes += (codes.empty() ? "" : ", ") + std::string(c.code());
    throw validation_error("totals: the flows are in " + std::to_string(counted_in.size()) + " currencies (" + codes +
                               "), never added together: ask for one currency, or split by currency",
                           where("totals currency", reason::mismatch));
  }
  // A scope of a stage and kinds alone (the usual question) reads which flows count from the
  // chains' kinds, made once; any other scope finds out below, in a pass per call.
  const bool stage_only = sc.year == 0 && sc.purposes.empty() && !sc.source && !sc.target && !sc.boundary &&
                          !sc.origin && (!sc.currency || (present.size() == 1 && present[0] == *sc.currency));
  // in such a scope: whether flow i matches, and whether it counts (not passed on, something left)
  auto matches_alone = [stage = f.stage.data(), kind = f.kind.data(), wanted = sc.stage, every_stage, kinds](std::uint32_t i) {
    return (every_stage || stage[i] == wanted) & bool(kinds >> unsigned(kind[i]) & 1);  // no branch
  };
  auto counts_alone = [&](std::uint32_t i) {  // own value: positive, or a correction's negative
    return matches_alone(i) && !(facts->above[i] & kinds) && f.amount[i] != chains.parts[i];
  };
  enum : std::uint8_t { match = 1, seen = 2, blocked = 4 };
  std::vector<std::uint8_t> state;  // state[n]: "no parent", never anything
  if (!stage_only) {
    auto matches = [&](std::uint32_t i) {
      return (every_stage || f.stage[i] == sc.stage) && (sc.year == 0 || f.date[i].year() == sc.year) &&
             (kinds >> unsigned(f.kind[i]) & 1) && detail::allowed(sc.purposes, f.purpose[i]) &&
             (!sc.source || reg.in_scope(f.source[i], sc.source)) &&
             (!sc.target || reg.in_scope(f.target[i], sc.target)) &&
             (!sc.boundary || (reg.in_scope(f.target[i], sc.boundary) && !reg.in_scope(f.source[i], sc.boundary))) &&
             (!sc.origin || reg.counts_for(FlowId(i), sc.origin)) && (!sc.currency || f.currency[i] == *sc.currency);
    };
    // Whether each flow matches the scope (on every core), then its chain's state in id order
    // (parents come before their children). seen: the flow or one above it matched.
    state.resize(std::size_t(n) + 1);
    detail::in_parallel(n, [&](std::size_t, std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) state[i] = matches(std::uint32_t(i)) ? match | seen : 0;
    });
    // Without branches: a parentless flow reads state[n], which is empty; a part's chain is blocked
    // when its parent's is, any other child's when its parent was seen.
    const FlowId* parent = f.parent.data();
    const Link* link = chains.link.data();
    std::uint8_t* st = state.data();
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint8_t up = st[parent[i] ? parent[i].value : n];
      const std::uint8_t upstream = up & (link[i] == Link::part ? blocked : seen);
      st[i] = std::uint8_t(st[i] | (up & seen) | (upstream ? blocked : 0));
    }
  }
  // Calls counted(piece, i, own) for each flow whose own value counts, pieces on every core.
  const std::size_t pieces = detail::pieces_for(n);  // as in_parallel cuts the flows
  std::vector<detail::Padded<Money>> reported(pieces), unexplained(pieces);
  auto each_counted = [&](auto&& counted) {
    auto scan = [&](auto by_kinds) {
      detail::in_parallel(n, [&](std::size_t piece, std::size_t begin, std::size_t end) {
        const std::uint8_t* above = facts->above.data();
        const Money* amount = f.amount.data();
        const Money* parts = chains.parts.data();
        // the registry keeps the sum of all flows' amounts within int64 (require_room): sums of
        // some of them cannot overflow, and need no check (nor a branch) per flow
        std::int64_t as_reported = 0, remainders = 0;
        const auto matches = matches_alone;  // this core's own copy, kept in registers
        for (auto i = std::uint32_t(begin); i < end; ++i) {
          bool matched, stopped;  // stopped: passed on from a flow counted above it
          if constexpr (decltype(by_kinds)::value) {
            matched = matches(i);
            stopped = above[i] & kinds;
          } else {
            matched = state[i] & match;
            stopped = state[i] & blocked;
          }
          const std::int64_t a = amount[i].fen(), p = parts[i].fen(), own = a - p;
          as_reported += matched ? a : 0;
          const bool counts = matched & !stopped & (own != 0);  // a correction's own is negative
          remainders += (counts && p > 0) ? own : 0;
          if (counts) counted(piece, i, Money::from_fen(own));
        }
        reported[piece].value = Money::from_fen(as_reported), unexplained[piece].value = Money::from_fen(remainders);
      });
    };
    if (stage_only) scan(std::true_type{});
    else scan(std::false_type{});
  };
  auto node_of = [&](std::size_t k, std::uint32_t i) -> Node {
    switch (by[k]) {
      case Field::source: return rolled(k, f.source[i]);
      case Field::target: return rolled(k, f.target[i]);
      case Field::origin: return rolled(k, f.source[chains.root[i].value]);
      default: return Node();
    }
  };
  Totals result(by, levels, every_stage);
  result.set_currency(sc.currency                ? sc.currency
                      : counted_in.size() == 1 ? std::optional(counted_in[0])
                      : counted_in.empty()     ? std::optional(reg.currency())
                                               : std::nullopt);

  // A group as one integer, each field a digit, the first the most significant: a node by its
  // rank among the field's nodes (in their order), an enum by its place among the values the
  // flows have, a year by its distance from the earliest. So codes sort as their keys do and the
  // groups go into the result in order. 64 bits, or 128 beyond (three node fields of millions).
  const detail::NodePlaces place(tables.partners.size(), tables.projects.size(), tables.households.size());
  const int first_year = Date::from_packed(facts->first).year();
  std::array<std::shared_ptr<const detail::NodeRanks>, detail::max_fields> ranks;
  std::array<const std::uint32_t*, detail::max_fields> rank_of{};
  std::array<std::uint64_t, detail::max_fields> radix{};
  detail::WideCode codes = 1;
  for (std::size_t k = 0; k < by.size(); ++k) {
    switch (by[k]) {
      case Field::source: case Field::target: case Field::origin: {
        // ranks among the nodes of the flows that count, for a scope of a stage and kinds (a
        // quarter of every target, nationally: a smaller array), else among all flows' nodes
        const std::uint64_t key = std::uint64_t(by[k]) << 8 | (levels[k] ? 1 + unsigned(*levels[k]) : 0) |
                                  (stage_only ? (every_stage ? 0xFull : std::uint64_t(sc.stage)) << 16 | std::uint64_t(kinds) << 20 | 1ull << 63 : 0);
        ranks[k] = reg.derived<detail::NodeRanks>(key, [&] {
          return detail::node_ranks(n, place, [&](std::size_t i) { return node_of(k, std::uint32_t(i)); }, [&](std::size_t i) {
            return !stage_only || counts_alone(std::uint32_t(i));
          });
        });
        rank_of[k] = ranks[k]->of_flow.data();
        radix[k] = ranks[k]->nodes.size();
        break;
      }
      case Field::kind: radix[k] = std::uint64_t(std::popcount(facts->kinds)); break;
      case Field::stage: radix[k] = std::uint64_t(std::popcount(facts->stages)); break;
      case Field::purpose: radix[k] = std::uint64_t(std::popcount(facts->purposes)); break;
      case Field::year: radix[k] = std::uint64_t(Date::from_packed(facts->last).year() - first_year) + 1; break;
      case Field::currency: radix[k] = present.size(); break;
    }
    radix[k] = std::max<std::uint64_t>(1, radix[k]);
    if (codes > ~detail::WideCode(0) / radix[k])
      throw validation_error("totals by: too many groups to number (split by fewer node fields)",
                             where("totals by", reason::out_of_range));
    codes *= radix[k];
  }
  auto digit = [&](std::size_t k, std::uint32_t i) -> std::uint64_t {
    switch (by[k]) {
      case Field::source: case Field::target: case Field::origin: return rank_of[k][i];
      case Field::year: return std::uint64_t(f.date[i].year() - first_year);
      case Field::kind: return detail::digit_among(facts->kinds, std::uint64_t(f.kind[i]));
      case Field::stage: return detail::digit_among(facts->stages, std::uint64_t(f.stage[i]));
      case Field::purpose: return detail::digit_among(facts->purposes, std::uint64_t(f.purpose[i]));
      case Field::currency: return present.size() < 2 ? 0 : std::uint64_t(std::ranges::lower_bound(present, f.currency[i]) - present.begin());
    }
    return 0;
  };
  auto count = [&]<class Code>(Code) {
    std::array<Code, detail::max_fields> stride{};
    Code below = 1;
    for (std::size_t k = by.size(); k-- > 0;) stride[k] = below, below *= radix[k];
    // an array of every code while it is no larger than the flows' own columns
    const std::uint64_t dense_limit = std::max<std::uint64_t>(std::uint64_t(1) << 16, n / 2);
    std::vector<detail::Padded<detail::GroupSums<Code>>> groups(pieces, {detail::GroupSums<Code>(Code(codes), dense_limit)});
    // inlined: a call a flow would take a quarter of the time
    each_counted([&](std::size_t piece, std::uint32_t i, Money own) __attribute__((always_inline)) {
      Code code = 0;
      for (std::size_t k = 0; k < by.size(); ++k) code += digit(k, i) * stride[k];
      groups[piece].value.add(code, own);
    });
    for (std::size_t piece = 1; piece < pieces; ++piece) groups[0].value.add(groups[piece].value);
    for (const auto& [code, money] : groups[0].value.sorted()) {
      std::array<std::int64_t, detail::max_fields> key{};
      for (std::size_t k = 0; k < by.size(); ++k) {
        const auto d = std::uint64_t(code / stride[k] % radix[k]);
        switch (by[k]) {
          case Field::source: case Field::target: case Field::origin: key[k] = std::int64_t(ranks[k]->nodes[d].packed()); break;
          case Field::year: key[k] = first_year + std::int64_t(d); break;
          case Field::kind: key[k] = detail::value_among(facts->kinds, d); break;
          case Field::stage: key[k] = detail::value_among(facts->stages, d); break;
          case Field::purpose: key[k] = detail::value_among(facts->purposes, d); break;
          case Field::currency: key[k] = present.empty() ? reg.currency().packed() : present[d].packed(); break;
        }
      }
      result.add(std::span(key.data(), by.size()), money, false);
    }
  };
  if (codes <= std::numeric_limits<std::uint64_t>::max()) count(std::uint64_t());
  else count(detail::WideCode());
  for (std::size_t piece = 0; piece < pieces; ++piece) {
    result.add_reported(reported[piece].value);
    result.add_unexplained(unexplained[piece].value);
  }
  return result;
}

inline std::shared_ptr<const ChainKinds> chain_facts(const Registry& reg) {
  return reg.derived<ChainKinds>(0, [&] { return chain_kinds(reg.flows(), reg.flow_index().link); });
}
inline std::vector<Currency> flow_currencies(const Registry& reg) { return chain_facts(reg)->currencies; }

/// Refuses `call` (trace, the report) on a registry with flows in a currency other than its own:
/// they count one currency, the registry's, and would otherwise add or mislabel the others.
inline void require_registry_currency(const Registry& reg, const char* call) {
  std::string others;
  for (const Currency c : flow_currencies(reg))
    if (c != reg.currency()) others += (others.empty() ? "" : ", ") + std::string(c.code());
  if (!others.empty())
    throw validation_error(std::string(call) + ": counts money in the registry's currency (" +
                               std::string(reg.currency().code()) + ") and some flows are in " + others +
                               "; count those with totals (currency=, or split by currency)",
                           where(std::string(call) + " currency", reason::mismatch, others));
}

/// The registry's money figures as flows beyond their records, counted as the report counts them.
inline std::vector<FigureFlow> money_figure_flows(const Registry& reg) {
  Figures figures(reg, [&](const std::string& key, const FigureScope& s) -> Counted {
    const std::optional<MoneyIndicator> m = money_indicator(key);
    if (!m) return {};  // never asked: the parts of a money key are money keys
    Scope sc;
    sc.year = s.year, sc.kinds = m->kinds, sc.stage = m->stage, sc.origin = s.east, sc.boundary = s.west;
    sc.currency = reg.currency();  // a figure is in the registry's currency
    const Totals t = records_totals(reg, sc, m->split ? std::vector{Field::kind} : std::vector<Field>{}, {});
    return {(m->split ? t[{std::int64_t(m->as)}] : t.total()).fen(), Qualifier::exact, t.reported() > Money()};
  });
  return figure_flows(figures);
}

/// money_figure_flows made once for the registry's rows (a kernel pass a figure), kept until a row is added.
inline std::shared_ptr<const std::vector<FigureFlow>> standing_figure_flows(const Registry& reg) {
  return reg.derived<std::vector<FigureFlow>>(0, [&] { return money_figure_flows(reg); });
}

/// Adds to `result` the figure flows in the scope, each to its group of result.by().
inline void add_figure_flows(const Registry& reg, const Scope& sc, const std::vector<FigureFlow>& flows,
                             Totals& result) {
  const PartnerTable& partners = reg.tables().partners;
  const std::uint32_t kinds = kind_mask(sc.kinds);
  auto in = [&](Node n, const auto& scope) { return n.valid() && reg.in_scope(n, scope); };
  std::vector<const FigureFlow*> counted;
  for (const FigureFlow& ff : flows) {
    const Node source = ff.source(), target = ff.target();
    if (!(result.every_stage() || ff.stage == sc.stage) || (sc.year && ff.scope.year != sc.year) ||
        !(kinds >> unsigned(ff.kind) & 1) || !allowed(sc.purposes, Sector::unspecified) ||
        (sc.source && !in(source, sc.source)) || (sc.target && !in(target, sc.target)) ||
        (sc.boundary && (!in(target, sc.boundary) || in(source, sc.boundary))) || (sc.origin && !in(source, sc.origin)) ||
        (sc.currency && *sc.currency != reg.currency()))
      continue;
    counted.push_back(&ff);
  }
  // a bounded figure inside an exact whole counted with it leaves the total exact ("9000万, of
  // which donations 8100万以上": exactly 9000万)
  auto inside = [&](PartnerId mine, PartnerId of) { return !of || (mine && reg.within(mine, of)); };
  auto absorbed = [&](const FigureFlow& part) {
    return std::any_of(counted.begin(), counted.end(), [&](const FigureFlow* whole) {
      return whole != &part && whole->qualifier == Qualifier::exact &&
             (whole->key == part.key || whole->key == whole_key(part.key)) && whole->scope.year == part.scope.year &&
             inside(part.scope.east, whole->scope.east) && inside(part.scope.west, whole->scope.west);
    });
  };
  for (const FigureFlow* counted_flow : counted) {
    const FigureFlow& ff = *counted_flow;
    Totals::Key key;
    for (std::size_t k = 0; k < result.by().size(); ++k) {
      Node n;
      switch (result.by()[k]) {
        case Field::source: case Field::origin: n = ff.source(); break;
        case Field::target: n = ff.target(); break;
        case Field::kind: key.push_back(std::int64_t(ff.kind)); continue;
        case Field::stage: key.push_back(std::int64_t(ff.stage)); continue;
        case Field::purpose: key.push_back(std::int64_t(Sector::unspecified)); continue;
        case Field::year: key.push_back(ff.scope.year); continue;
        case Field::currency: key.push_back(reg.currency().packed()); continue;
      }
      if (const std::optional<PartnerKind> level = result.levels()[k])  // a partner's ancestor at the level
        while (n.valid() && partners.kind[n.id] != *level) n = partners.parent[n.id] ? Node(partners.parent[n.id]) : Node();
      key.push_back(std::int64_t(n.packed()));
    }
    result.add_figure(key, ff.amount, absorbed(ff) ? Qualifier::exact : ff.qualifier);
  }
}

}  // namespace detail

/// Deduplicated totals by the fields of `by`: the flows, each yuan once where it first enters the
/// scope, and the published money figures beyond their records (unless options.figures is false).
inline Totals totals(const Registry& reg, const Scope& sc, const std::vector<Field>& by, const TotalsOptions& options) {
  Totals result = detail::records_totals(reg, sc, by, options);
  if (options.figures && !reg.figures().empty()) detail::add_figure_flows(reg, sc, *detail::standing_figure_flows(reg), result);
  return result;
}

/// Totals by the fields of `by`, at the scope's stage, each node its own group.
inline Totals totals(const Registry& reg, const Scope& sc, const std::vector<Field>& by = {}) {
  return totals(reg, sc, by, TotalsOptions{});
}

}  // namespace shanhai
