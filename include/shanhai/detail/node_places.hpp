// Every partner, project and household numbered in one range, for arrays indexed by node.
#pragma once

#include <shanhai/ids.hpp>

#include <cstddef>
#include <cstdint>

namespace shanhai::detail {

/// Place 0 is no node; then the partners, the projects and the households, each in id order.
class NodePlaces {
 public:
  NodePlaces(std::size_t partners, std::size_t projects, std::size_t households) noexcept
      : projects_at_(1 + partners), households_at_(1 + partners + projects), size_(1 + partners + projects + households) {}

  /// How many places: one past the last household's.
  std::size_t size() const noexcept { return size_; }
  std::size_t operator()(Node v) const noexcept {
    switch (v.kind) {
      case NodeKind::partner: return 1 + v.id;
      case NodeKind::project: return projects_at_ + v.id;
      case NodeKind::household: return households_at_ + v.id;
      default: return 0;
    }
  }
  Node at(std::size_t place) const noexcept {
    return place == 0                ? Node()
           : place < projects_at_    ? Node(PartnerId(std::uint32_t(place - 1)))
           : place < households_at_  ? Node(ProjectId(std::uint32_t(place - projects_at_)))
                                     : Node(HouseholdId(std::uint32_t(place - households_at_)));
  }

 private:
  std::size_t projects_at_, households_at_, size_;
};

}  // namespace shanhai::detail
