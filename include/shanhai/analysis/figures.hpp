// Published figures (Registry::add_figure) as wholes with their parts. A figure is the whole of
// its indicator in its year and pair, as a parent flow is the whole of its children: the records
// and the figures of narrower pairs inside it are its parts, never added to it. A scope's value is
// the figure of exactly that scope where there is one; otherwise its records, with each
// outermost narrower figure in place of the records inside it. A figure of a part key
// (funds.fiscal) counts inside its whole key (funds.total) the same way.
//
// A money figure beyond its parts counts in totals as one flow of its key's kind from its east
// partner to its west partner in its year (figure_flows): so totals, check and the report agree.
#pragma once

#include <shanhai/indicators.hpp>
#include <shanhai/qualifier.hpp>
#include <shanhai/registry.hpp>

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shanhai {

/// The year and pair a figure or a report is of: year 0 every year, a partner none any partner of
/// that side.
struct FigureScope {
  int year = 0;
  PartnerId east{}, west{};
  friend auto operator<=>(const FigureScope&, const FigureScope&) = default;
};

/// A quantity as counted: its value, how exact it is, and whether anything fed it.
struct Counted {
  std::int64_t value = 0;
  Qualifier qualifier = Qualifier::exact;
  bool reported = false;
};

/// The indicator a key's value is an additive part of, or "": funds.fiscal of funds.total,
/// leadership.meetings.symposium of leadership.meetings, registry.households.poor of
/// registry.households, labour.employed_local of labour.employed. Sessions are not trainees, and "of
/// whom" keys (labour.employed.poor, labour.transferred_partner inside transferred_east) are no parts.
inline std::string whole_key(std::string_view key) {
  if (key.starts_with("funds."))
    for (FlowKind k : kinds_of(FlowClass::aid))
      if (key.substr(6) == to_string(k)) return "funds.total";
  static constexpr std::string_view families[] = {"leadership.meetings", "leadership.visits", "talent.dispatched",
                                                  "talent.received",     "talent.trained",    "industry.projects",
                                                  "registry.households", "registry.persons"};
  if (key == "talent.trained.sessions") return {};
  // where workers went: locally, to the east (the partner included) or elsewhere, together all of them
  if (key == "labour.employed_local" || key == "labour.transferred_east" || key == "labour.employed_other")
    return "labour.employed";
  for (std::string_view f : families)
    if (key.size() > f.size() + 1 && key.starts_with(f) && key[f.size()] == '.' &&
        key.find('.', f.size() + 1) == std::string_view::npos)
      return std::string(f);
  return {};
}

/// The figures of a registry resolved against its records, which `records` gives for a key and a
/// scope (a report of that scope without figures).
class Figures {
 public:
  using Records = std::function<Counted(const std::string& key, const FigureScope& scope)>;
  using At = std::pair<std::string, FigureScope>;

  Figures(const Registry& reg, Records records) : reg_(&reg), records_(std::move(records)) {
    const FigureTable& f = reg.figures();
    for (std::uint32_t i = 0; i < f.size(); ++i) {
      const FigureScope scope{f.year[i], f.east[i], f.west[i]};
      // a detail of a figure of the same key and scope is inside it only ("494, of whom 210")
      if (const FigureId w = f.part_of[i];
          w && f.key[w.value] == f.key[i] && FigureScope{f.year[w.value], f.east[w.value], f.west[w.value]} == scope)
        continue;
      std::string key(f.key[i]);
      standing_[{key, scope}].push_back(i);
      scopes_[key].insert(scope);
      if (std::string whole = whole_key(key); !whole.empty()) parts_of_[std::move(whole)].insert(key);
    }
    std::set<std::string> wholes;
    for (const auto& [whole, parts] : parts_of_) wholes.insert(whole);
    for (const auto& [key, scopes] : scopes_)
      if (!whole_key(key).empty()) keys_.push_back(key);  // parts first: a whole reads them
    for (const auto& key : wholes)
      if (!scopes_.contains(key)) keys_.push_back(key);
    for (const auto& [key, scopes] : scopes_)
      if (whole_key(key).empty()) keys_.push_back(key);
  }

  bool empty() const noexcept { return standing_.empty(); }
  /// The keys figures change, directly or through a part key, parts before their wholes.
  const std::vector<std::string>& keys() const noexcept { return keys_; }
  /// Each key and scope with figures, and their rows in the order added: the last one counts.
  const std::map<At, std::vector<std::uint32_t>>& standing() const noexcept { return standing_; }

  /// What a report of `scope` counts for `key`.
  Counted value(const std::string& key, const FigureScope& scope) {
    const At at{key, scope};
    if (const auto it = values_.find(at); it != values_.end()) return it->second;
    Counted out;
    if (const auto it = standing_.find(at); it != standing_.end()) {
      const std::uint32_t f = it->second.back();
      out = {reg_->figures().value[f], reg_->figures().qualifier[f], true};
    } else {
      out = parts(key, scope);
    }
    return values_[at] = out;
  }

  /// What `key` counts in `scope` leaving out a figure of exactly that scope: the records, with
  /// each outermost narrower figure in place of the records inside it.
  Counted parts(const std::string& key, const FigureScope& scope) {
    Counted out = base(key, scope);
    for (const FigureScope& inner : outermost(key, scope)) {
      const Counted v = value(key, inner), b = base(key, inner);
      out.value += v.value - b.value;
      out.qualifier = sum_qualifier(out.qualifier, v.qualifier);
      out.reported = true;
    }
    return out;
  }

  /// True when `a` lies within `b`: the same year (or b of every year), and each of b's partners
  /// at or above a's.
  bool within(const FigureScope& a, const FigureScope& b) const {
    auto side = [&](PartnerId mine, PartnerId of) { return !of || (mine && reg_->within(mine, of)); };
    return (b.year == 0 || a.year == b.year) && side(a.east, b.east) && side(a.west, b.west);
  }

 private:
  // the records of a scope, with the figures of its part keys in place of their records
  Counted base(const std::string& key, const FigureScope& scope) {
    Counted out = records_(key, scope);
    if (const auto it = parts_of_.find(key); it != parts_of_.end())
      for (const std::string& part : it->second) {
        const Counted v = value(part, scope), r = records_(part, scope);
        out.value += v.value - r.value;
        out.qualifier = sum_qualifier(out.qualifier, v.qualifier);
        out.reported |= v.reported;
      }
    return out;
  }
  // the scopes of figures of `key` strictly inside `scope` and inside no other such scope
  std::vector<FigureScope> outermost(const std::string& key, const FigureScope& scope) const {
    std::vector<FigureScope> inside, out;
    if (const auto it = scopes_.find(key); it != scopes_.end())
      for (const FigureScope& s : it->second)
        if (s != scope && within(s, scope)) inside.push_back(s);
    for (const FigureScope& s : inside) {
      bool nested = false;
      for (const FigureScope& t : inside) nested |= t != s && within(s, t);
      if (!nested) out.push_back(s);
    }
    return out;
  }

  const Registry* reg_;
  Records records_;
  std::map<At, std::vector<std::uint32_t>> standing_;
  std::map<std::string, std::set<FigureScope>> scopes_;
  std::map<std::string, std::set<std::string>> parts_of_;  // whole key -> part keys with figures
  std::vector<std::string> keys_;
  std::map<At, Counted> values_;
};

/// The flows a money indicator counts: a stage and flow kinds, and the kind its figure's money
/// beyond its records counts as (funds.total's: other aid, its kind not being known).
struct MoneyIndicator {
  Stage stage = Stage::disbursement;
  std::vector<FlowKind> kinds;  // the report counts funds.<kind> as a split of the aid kinds
  FlowKind as = FlowKind::other;
  bool split = false;  // one kind of the aid kinds' split (funds.fiscal), not a filter of them
};

/// What a money indicator counts as flows; none for a key that is no money moved (funds.unexplained).
inline std::optional<MoneyIndicator> money_indicator(std::string_view key) {
  const std::vector<FlowKind> aid = kinds_of(FlowClass::aid);
  if (key == "funds.total") return MoneyIndicator{Stage::disbursement, aid, FlowKind::other};
  if (key == "funds.committed") return MoneyIndicator{Stage::commitment, aid, FlowKind::other};
  if (key == "funds.pledged") return MoneyIndicator{Stage::pledge, aid, FlowKind::other};
  if (key == "consumption.purchases") return MoneyIndicator{Stage::disbursement, {FlowKind::purchase}, FlowKind::purchase};
  if (key == "industry.investment")
    return MoneyIndicator{Stage::disbursement, {FlowKind::investment}, FlowKind::investment};
  for (FlowKind k : aid)
    if (key.starts_with("funds.") && key.substr(6) == to_string(k)) return MoneyIndicator{Stage::disbursement, aid, k, true};
  return std::nullopt;
}

/// A money figure's amount beyond its parts (its records and the figures inside it): one flow of
/// `kind` from the scope's east partner to its west partner (none: unknown) in its year. Negative
/// when the parts exceed the figure (check() finds figure_exceeded): the figure still counts.
struct FigureFlow {
  FigureId figure;
  std::string key;
  FigureScope scope;
  FlowKind kind = FlowKind::other;
  Stage stage = Stage::disbursement;
  Money amount;
  Qualifier qualifier = Qualifier::exact;
  Node source() const { return scope.east ? Node(scope.east) : Node(); }
  Node target() const { return scope.west ? Node(scope.west) : Node(); }
};

/// The money figures of `figures` as flows beyond their parts: the records of a figure's scope
/// and these flows of the scopes inside it add up to the figure.
inline std::vector<FigureFlow> figure_flows(Figures& figures) {
  std::vector<FigureFlow> out;
  for (const auto& [at, rows] : figures.standing()) {
    const auto& [key, scope] = at;
    const std::optional<MoneyIndicator> m = money_indicator(key);
    if (!m) continue;
    const Counted whole = figures.value(key, scope), parts = figures.parts(key, scope);
    // none beyond the parts is a flow of nothing, kept for its figure's qualifier
    out.push_back({FigureId(rows.back()), key, scope, m->as, m->stage, Money::from_fen(whole.value - parts.value),
                   whole.qualifier});
  }
  return out;
}

}  // namespace shanhai
