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
#include <limits>
#include <map>
#include <memory>
#include <optional>
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
  const std::map<Key, Money>& groups() const noexcept { return groups_; }
  /// How many stages the groups hold (0 without Field::stage in `by`).
  std::size_t stages() const {
    const auto at = std::find(by_.begin(), by_.end(), Field::stage);
    if (at == by_.end()) return 0;
    std::uint32_t seen = 0;
    for (const auto& [key, money] : groups_) seen |= std::uint32_t(1) << key[std::size_t(at - by_.begin())];
    return std::size_t(__builtin_popcount(seen));
  }
  /// Deduplicated total, the sum of the matching flows as reported, and the part of the total
  /// that is parents' unexplained remainders. Counted at every stage, the total of more than one
  /// stage has no single meaning (a yuan pledged, committed and disbursed is one yuan): refused.
  Money total() const {
    if (every_stage_ && stages() > 1)
      throw validation_error("totals: the total of several stages has no single meaning (each yuan is counted once "
                             "per stage); read a stage's group, or ask for one stage",
                             where("totals stage", reason::rule));
    return total_;
  }
  /// What the groups add up to: the total, or counted at every stage, the stages' totals summed.
  Money counted() const noexcept { return total_; }
  Money reported() const noexcept { return reported_; }
  Money unexplained() const noexcept { return unexplained_; }
  /// How exact the total is: at least, or about, when a published figure in it is.
  Qualifier qualifier() const noexcept { return qualifier_; }
  Money operator[](const Key& key) const {
    auto it = groups_.find(key);
    return it == groups_.end() ? Money() : it->second;
  }

  /// Adds another partial result over the same fields: associative, commutative, exact.
  Totals& operator+=(const Totals& other) {
    if (other.by_ != by_ || other.levels_ != levels_)
      throw validation_error("totals: cannot merge results grouped by different fields", where("totals by", reason::rule));
    every_stage_ = every_stage_ || other.every_stage_;
    for (const auto& [key, value] : other.groups_) groups_[key] += value;
    total_ += other.total_;
    reported_ += other.reported_;
    unexplained_ += other.unexplained_;
    qualifier_ = sum_qualifier(qualifier_, other.qualifier_);
    return *this;
  }

  void add(Key key, Money own, bool unexplained) {
    if (groups_.empty() || groups_.rbegin()->first < key) groups_.emplace_hint(groups_.end(), std::move(key), own);
    else groups_[std::move(key)] += own;
    total_ += own;
    if (unexplained) unexplained_ += own;
  }
  void add_reported(Money amount) { reported_ += amount; }
  void add_unexplained(Money amount) { unexplained_ += amount; }
  /// Adds a published figure's money beyond its records to a group: reported and unexplained too.
  void add_figure(Key key, Money amount, Qualifier q) {
    if (amount != Money()) groups_[std::move(key)] += amount;
    total_ += amount, reported_ += amount, unexplained_ += amount;
    qualifier_ = sum_qualifier(qualifier_, q);
  }

 private:
  std::vector<Field> by_;
  Levels levels_;
  bool every_stage_ = false;
  std::map<Key, Money> groups_;
  Money total_, reported_, unexplained_;
  Qualifier qualifier_ = Qualifier::exact;
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

constexpr unsigned bits_for(std::uint64_t values) {  // bits that hold 0..values-1
  unsigned b = 0;
  while (b < 64 && (std::uint64_t(1) << b) < values) ++b;
  return b;
}

/// Money per group, for groups numbered by small integers: an array when the numbers are few,
/// else a table with open addressing. Every group's money is positive, so zero means empty.
class GroupSums {
 public:
  explicit GroupSums(unsigned bits) : dense_(bits <= 16) {
    if (dense_) slots_.assign(std::size_t(1) << bits, Slot{});
    else grow(256);
  }
  void add(std::uint64_t code, Money money) {
    if (dense_) {
      slots_[code].sum += money;
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
  template <class F>
  void each(F&& f) const {
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].sum != Money()) f(dense_ ? std::uint64_t(i) : slots_[i].code, slots_[i].sum);
  }

 private:
  struct Slot {  // a code beside its sum: one cache line holds both
    std::uint64_t code = 0;
    Money sum;  // checked: a group beyond int64 fen throws, as Money does
  };
  std::size_t slot(std::uint64_t code) const {  // the code's slot, or the empty one where it goes
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = std::size_t((code * 0x9E3779B97F4A7C15ull) >> hash_shift_);
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
  unsigned hash_shift_ = 64;  // the top bits of a code times the golden ratio pick its slot
  std::size_t used_ = 0;
  std::vector<Slot> slots_;
};

template <class E>
bool allowed(const std::vector<E>& set, E value) {
  return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
}

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
    throw validation_error("totals by: at most 7 fields", where("totals by", reason::out_of_range, std::to_string(by_given.size())));
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
      throw validation_error("totals by: at most 7 fields", where("totals by", reason::out_of_range, "8"));
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
  auto matches = [&](std::uint32_t i) {
    return (every_stage || f.stage[i] == sc.stage) && (sc.year == 0 || f.date[i].year() == sc.year) &&
           (kinds >> unsigned(f.kind[i]) & 1) && detail::allowed(sc.purposes, f.purpose[i]) &&
           (!sc.source || reg.in_scope(f.source[i], sc.source)) &&
           (!sc.target || reg.in_scope(f.target[i], sc.target)) &&
           (!sc.boundary || (reg.in_scope(f.target[i], sc.boundary) && !reg.in_scope(f.source[i], sc.boundary))) &&
           (!sc.origin || reg.counts_for(FlowId(i), sc.origin));
  };
  // Which flows count: whether each matches the scope (on every core), then its chain's state in
  // id order (parents come before their children). seen: the flow or one above it matched.
  enum : std::uint8_t { match = 1, seen = 2, blocked = 4 };
  const bool stage_only = sc.year == 0 && sc.purposes.empty() && !sc.source && !sc.target && !sc.boundary &&
                          !sc.origin;
  const bool by_year = std::find(by.begin(), by.end(), Field::year) != by.end();
  std::vector<std::uint8_t> state(std::size_t(n) + 1);  // state[n]: "no parent", never anything
  struct DateRange {
    std::int32_t first = std::numeric_limits<std::int32_t>::max(), last = std::numeric_limits<std::int32_t>::min();
  };
  const std::size_t pieces = detail::pieces_for(n);  // as in_parallel cuts the flows
  std::vector<detail::Padded<DateRange>> dates(pieces);
  detail::in_parallel(n, [&](std::size_t piece, std::size_t begin, std::size_t end) {
    std::uint8_t* out = state.data();
    if (stage_only) {  // the usual question (a stage and a class), in a loop the compiler can widen
      const Stage* stage = f.stage.data();
      const FlowKind* kind = f.kind.data();
      const Stage wanted = sc.stage;
      if (every_stage)
        for (std::size_t i = begin; i < end; ++i) out[i] = (kinds >> unsigned(kind[i]) & 1) ? match | seen : 0;
      else
        for (std::size_t i = begin; i < end; ++i)
          out[i] = stage[i] == wanted && (kinds >> unsigned(kind[i]) & 1) ? match | seen : 0;
    } else {
      for (std::size_t i = begin; i < end; ++i) out[i] = matches(std::uint32_t(i)) ? match | seen : 0;
    }
    if (by_year) {  // the range of the flows' dates, for the width of a year in a group's code
      DateRange r;
      const Date* date = f.date.data();
      for (std::size_t i = begin; i < end; ++i) r.first = std::min(r.first, date[i].packed()), r.last = std::max(r.last, date[i].packed());
      dates[piece].value = r;
    }
  });
  {
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
  std::vector<detail::Padded<Money>> reported(pieces), unexplained(pieces);
  auto each_counted = [&](auto&& counted) {
    detail::in_parallel(n, [&](std::size_t piece, std::size_t begin, std::size_t end) {
      for (auto i = std::uint32_t(begin); i < end; ++i) {
        if (!(state[i] & match)) continue;
        reported[piece].value += f.amount[i];
        if (state[i] & blocked) continue;
        const Money own = f.amount[i] - chains.parts[i];
        if (own <= Money()) continue;
        counted(piece, i, own);
        if (chains.parts[i] > Money()) unexplained[piece].value += own;
      }
    });
  };
  auto value_of = [&](std::size_t k, std::uint32_t i) -> std::int64_t {
    switch (by[k]) {
      case Field::source: return std::int64_t(rolled(k, f.source[i]).packed());
      case Field::target: return std::int64_t(rolled(k, f.target[i]).packed());
      case Field::kind: return std::int64_t(f.kind[i]);
      case Field::stage: return std::int64_t(f.stage[i]);
      case Field::purpose: return std::int64_t(f.purpose[i]);
      case Field::year: return f.date[i].year();
      case Field::origin: return std::int64_t(rolled(k, f.source[chains.root[i].value]).packed());
    }
    return 0;
  };
  Totals result(by, levels, every_stage);

  // A group as one integer when its fields fit 64 bits: a node by its place among all nodes, an
  // enum by its index, a year by its distance from the earliest. Else a key of every field.
  const detail::NodePlaces place(tables.partners.size(), tables.projects.size(), tables.households.size());
  int first_year = 0, last_year = 0;
  if (by_year && n > 0) {
    DateRange all;
    for (const auto& d : dates) all.first = std::min(all.first, d.value.first), all.last = std::max(all.last, d.value.last);
    first_year = Date::from_packed(all.first).year(), last_year = Date::from_packed(all.last).year();
  }
  std::array<unsigned, detail::max_fields> shift{}, width{};
  unsigned bits = 0;
  for (std::size_t k = 0; k < by.size(); ++k) {
    switch (by[k]) {
      case Field::source: case Field::target: case Field::origin: width[k] = detail::bits_for(place.size()); break;
      case Field::kind: width[k] = detail::bits_for(enum_count<FlowKind>); break;
      case Field::stage: width[k] = detail::bits_for(enum_count<Stage>); break;
      case Field::purpose: width[k] = detail::bits_for(enum_count<Sector>); break;
      case Field::year: width[k] = detail::bits_for(std::uint64_t(last_year - first_year) + 1); break;
    }
    bits += width[k];
  }
  // The first field in the highest bits: codes sort as their keys do (places and packed nodes
  // are in the same order), so the groups go into the result in order.
  for (std::size_t k = 0, below = bits; k < by.size(); ++k) below -= width[k], shift[k] = unsigned(below);
  if (bits > 64) {
    std::vector<detail::Padded<std::unordered_map<detail::GroupKey, Money, detail::GroupKeyHash>>> groups(pieces);
    each_counted([&](std::size_t piece, std::uint32_t i, Money own) {
      detail::GroupKey key{};
      for (std::size_t k = 0; k < by.size(); ++k) key[k] = value_of(k, i);
      groups[piece].value[key] += own;
    });
    for (std::size_t piece = 1; piece < pieces; ++piece)
      for (const auto& [key, money] : groups[piece].value) groups[0].value[key] += money;
    for (const auto& [key, money] : groups[0].value)
      result.add(Totals::Key(key.begin(), key.begin() + std::ptrdiff_t(by.size())), money, false);
  } else {
    auto code_of = [&](std::size_t k, std::uint32_t i) -> std::uint64_t {
      switch (by[k]) {
        case Field::source: return place(rolled(k, f.source[i]));
        case Field::target: return place(rolled(k, f.target[i]));
        case Field::origin: return place(rolled(k, f.source[chains.root[i].value]));
        case Field::year: return std::uint64_t(f.date[i].year() - first_year);
        default: return std::uint64_t(value_of(k, i));
      }
    };
    std::vector<detail::Padded<detail::GroupSums>> groups(pieces, {detail::GroupSums(bits)});
    each_counted([&](std::size_t piece, std::uint32_t i, Money own) {
      std::uint64_t code = 0;
      for (std::size_t k = 0; k < by.size(); ++k)
        if (width[k]) code |= code_of(k, i) << shift[k];
      groups[piece].value.add(code, own);
    });
    for (std::size_t piece = 1; piece < pieces; ++piece)
      groups[piece].value.each([&](std::uint64_t code, Money money) { groups[0].value.add(code, money); });
    std::vector<std::pair<std::uint64_t, Money>> sorted;
    groups[0].value.each([&](std::uint64_t code, Money money) { sorted.emplace_back(code, money); });
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [code, money] : sorted) {
      Totals::Key key(by.size());
      for (std::size_t k = 0; k < by.size(); ++k) {
        const std::uint64_t c = width[k] == 0 ? 0 : (code >> shift[k]) & (~std::uint64_t(0) >> (64 - width[k]));
        const bool node = detail::is_node_field(by[k]);
        key[k] = node ? std::int64_t(place.at(c).packed()) : by[k] == Field::year ? first_year + std::int64_t(c) : std::int64_t(c);
      }
      result.add(std::move(key), money, false);
    }
  }
  for (std::size_t piece = 0; piece < pieces; ++piece) {
    result.add_reported(reported[piece].value);
    result.add_unexplained(unexplained[piece].value);
  }
  return result;
}

/// The registry's money figures as flows beyond their records, counted as the report counts them.
inline std::vector<FigureFlow> money_figure_flows(const Registry& reg) {
  Figures figures(reg, [&](const std::string& key, const FigureScope& s) -> Counted {
    const std::optional<MoneyIndicator> m = money_indicator(key);
    if (!m) return {};  // never asked: the parts of a money key are money keys
    Scope sc;
    sc.year = s.year, sc.kinds = m->kinds, sc.stage = m->stage, sc.origin = s.east, sc.boundary = s.west;
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
        (sc.boundary && (!in(target, sc.boundary) || in(source, sc.boundary))) || (sc.origin && !in(source, sc.origin)))
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
      }
      if (const std::optional<PartnerKind> level = result.levels()[k])  // a partner's ancestor at the level
        while (n.valid() && partners.kind[n.id] != *level) n = partners.parent[n.id] ? Node(partners.parent[n.id]) : Node();
      key.push_back(std::int64_t(n.packed()));
    }
    result.add_figure(std::move(key), ff.amount, absorbed(ff) ? Qualifier::exact : ff.qualifier);
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
