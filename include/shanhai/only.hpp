// only(p): a partner's own records alone, not those of the partners below it. A scope names a
// partner and everything below it unless it is given as only(p).
#pragma once

#include <shanhai/ids.hpp>

namespace shanhai {

struct Only {
  PartnerId partner;
};
/// The partner's own records alone, for a scope's source, target, east or west.
constexpr Only only(PartnerId p) noexcept { return {p}; }

/// A scope's node: at or below it, or (only) the partner's own records.
struct ScopeNode : Node {
  bool only = false;
  constexpr ScopeNode() noexcept = default;
  constexpr ScopeNode(Node n) noexcept : Node(n) {}
  constexpr ScopeNode(PartnerId p) noexcept : Node(p) {}
  constexpr ScopeNode(ProjectId p) noexcept : Node(p) {}
  constexpr ScopeNode(HouseholdId h) noexcept : Node(h) {}
  constexpr ScopeNode(Only o) noexcept : Node(o.partner), only(o.partner.valid()) {}
};

/// A scope's partner: it and everything below it, or (only) its own records.
struct ScopePartner : PartnerId {
  bool only = false;
  constexpr ScopePartner() noexcept = default;
  constexpr ScopePartner(PartnerId p) noexcept : PartnerId(p) {}
  constexpr ScopePartner(Only o) noexcept : PartnerId(o.partner), only(o.partner.valid()) {}
};

}  // namespace shanhai
