// Dense 32-bit ids, one type per table, and Node: a reference to a partner, project, household
// or flow.
#pragma once

#include <shanhai/enums.hpp>

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace shanhai {

template <class Tag>
struct Id {
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t value = npos;

  constexpr Id() noexcept = default;
  constexpr explicit Id(std::uint32_t v) noexcept : value(v) {}
  constexpr bool valid() const noexcept { return value != npos; }
  constexpr explicit operator bool() const noexcept { return valid(); }
  friend constexpr auto operator<=>(Id, Id) noexcept = default;
};

#define SHANHAI_ID(Name, label)                            \
  struct Name##Tag {                                       \
    static constexpr const char* name = label;             \
  };                                                       \
  using Name##Id = Id<Name##Tag>

SHANHAI_ID(Partner, "partner");
SHANHAI_ID(Pairing, "pairing");
SHANHAI_ID(Flow, "flow");
SHANHAI_ID(Project, "project");
SHANHAI_ID(Household, "household");
SHANHAI_ID(Benefit, "benefit");
SHANHAI_ID(Exchange, "exchange");
SHANHAI_ID(Training, "training");
SHANHAI_ID(Wish, "wish");
SHANHAI_ID(Event, "event");
SHANHAI_ID(Expectation, "expectation");
SHANHAI_ID(Person, "person");
SHANHAI_ID(StatusChange, "status change");
SHANHAI_ID(Employment, "employment record");
SHANHAI_ID(Target, "target");
SHANHAI_ID(Figure, "figure");
SHANHAI_ID(Labour, "labour record");
#undef SHANHAI_ID

/// A reference to one row of the partner, project, household or flow table.
struct Node {
  NodeKind kind = NodeKind::none;
  std::uint32_t id = 0;

  constexpr Node() noexcept = default;
  constexpr Node(NodeKind k, std::uint32_t i) noexcept : kind(k), id(i) {}
  constexpr Node(PartnerId p) noexcept : Node(p ? NodeKind::partner : NodeKind::none, p ? p.value : 0) {}
  constexpr Node(ProjectId p) noexcept : Node(p ? NodeKind::project : NodeKind::none, p ? p.value : 0) {}
  constexpr Node(HouseholdId h) noexcept : Node(h ? NodeKind::household : NodeKind::none, h ? h.value : 0) {}
  constexpr Node(FlowId f) noexcept : Node(f ? NodeKind::flow : NodeKind::none, f ? f.value : 0) {}

  constexpr bool valid() const noexcept { return kind != NodeKind::none; }
  constexpr explicit operator bool() const noexcept { return valid(); }
  constexpr PartnerId partner() const noexcept { return kind == NodeKind::partner ? PartnerId(id) : PartnerId(); }
  constexpr ProjectId project() const noexcept { return kind == NodeKind::project ? ProjectId(id) : ProjectId(); }
  constexpr HouseholdId household() const noexcept {
    return kind == NodeKind::household ? HouseholdId(id) : HouseholdId();
  }
  constexpr FlowId flow() const noexcept { return kind == NodeKind::flow ? FlowId(id) : FlowId(); }
  /// One integer per node, for keys and columns: kind in the top byte.
  constexpr std::uint64_t packed() const noexcept { return std::uint64_t(kind) << 32 | id; }
  static constexpr Node from_packed(std::uint64_t v) noexcept {
    return Node(static_cast<NodeKind>(v >> 32), std::uint32_t(v));
  }

  friend constexpr auto operator<=>(Node, Node) noexcept = default;
};

}  // namespace shanhai

template <class Tag>
struct std::hash<shanhai::Id<Tag>> {
  std::size_t operator()(shanhai::Id<Tag> id) const noexcept { return std::hash<std::uint32_t>()(id.value); }
};
template <>
struct std::hash<shanhai::Node> {
  std::size_t operator()(shanhai::Node n) const noexcept { return std::hash<std::uint64_t>()(n.packed()); }
};
