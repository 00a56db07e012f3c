// What a registry file made for a researcher (share.hpp) records about itself: that it is shared,
// the k every combination of its quasi-identifiers reaches, and how far they were generalised.
// A shared registry holds pseudonyms where the original held identifiers, so it never checks them
// as ID numbers or phones (registry_records.hpp) and refuses to look a person up by ID number.
#pragma once

#include <shanhai/enums.hpp>
#include <shanhai/table.hpp>

#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

namespace shanhai {

/// How far a shared registry's quasi-identifiers were generalised, in the order share tries.
enum class Generalisation : std::uint8_t {
  none,             // as recorded
  birth_band,       // birth years to 5-year bands (the band's first year: 1985 for 1985-1989)
  birth_band_town,  // and each household's village to its town (the village's parent)
};
template <>
struct enum_names<Generalisation> {
  static constexpr std::string_view type = "generalisation";
  static constexpr std::array<std::string_view, 3> names{"none", "birth_band", "birth_band_town"};
};

/// The sharing record: no row for a registry that is not shared, one for a shared one.
struct SharingTable : Table<SharingTable> {
  std::vector<std::uint32_t> k;
  std::vector<Generalisation> generalisation;
  static constexpr std::array<std::string_view, 2> column_names{"k", "generalisation"};
  static constexpr std::uint32_t table_since = 7;
  template <class S>
  static auto columns(S& s) { return std::tie(s.k, s.generalisation); }
};

/// The first year of the 5-year band a birth year falls in (0, unknown, stays 0).
constexpr int birth_band(int year) noexcept { return year <= 0 ? year : year - year % 5; }

}  // namespace shanhai
