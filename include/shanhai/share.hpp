// A registry made for a researcher: identifiers pseudonymised (pseudonym.hpp, the same pseudonyms
// as a personal="pseudonymise" export under the same key), free text and sensitive detail dropped,
// and the quasi-identifiers generalised until every combination of village (or town), birth year
// (or 5-year band), sex and relation holds at least k persons. Every row, count and amount stays,
// so every report of the copy equals the original's. What each field is, is read from the one
// list (personal.hpp): a field marked there is shared as its class says.
//
// This is pseudonymisation under PIPL (去标识化, Art. 73), not anonymisation: whoever holds the key
// can re-identify, so the copy is still personal information.
#pragma once

#include <shanhai/personal.hpp>
#include <shanhai/pseudonym.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/sharing.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shanhai {

/// How the persons fall into cells of village (or town), birth year (or band), sex and relation.
struct ShareCells {
  std::size_t cells = 0;           // distinct combinations
  std::size_t small = 0;           // of them, holding fewer than k persons
  std::size_t in_small = 0;        // persons in those
  std::size_t smallest = 0;        // persons in the smallest cell (0: no persons)
};

namespace detail {

// Each household's place at a generalisation: its village, or the village's town (its parent,
// when it has one).
inline std::vector<PartnerId> share_places(const Tables& t, Generalisation g) {
  std::vector<PartnerId> place(t.households.village);
  if (g == Generalisation::birth_band_town)
    for (PartnerId& v : place)
      if (const PartnerId town = t.partners.parent[v.value]) v = town;
  return place;
}

inline ShareCells share_cells(const Tables& t, Generalisation g, std::uint32_t k) {
  const std::vector<PartnerId> place = share_places(t, g);
  const PersonTable& p = t.persons;
  std::unordered_map<std::uint64_t, std::size_t> count;
  count.reserve(p.size() / 4 + 1);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const int birth = g == Generalisation::none ? p.birth_year[i] : birth_band(p.birth_year[i]);
    const std::uint64_t cell = std::uint64_t(place[p.household[i].value].value) << 32 |
                               std::uint64_t(std::uint16_t(birth)) << 16 | std::uint64_t(p.sex[i]) << 8 |
                               std::uint64_t(p.relation[i]);
    ++count[cell];
  }
  ShareCells out{count.size(), 0, 0, 0};
  for (const auto& [cell, n] : count) {
    if (n < k) ++out.small, out.in_small += n;
    if (out.smallest == 0 || n < out.smallest) out.smallest = n;
  }
  return out;
}

// Every column of `table` as its class says: identifiers to pseudonyms (blank in `blank_rows`:
// restricted persons), free text and sensitive fields to nothing.
template <class T>
void share_columns(T& table, std::string_view name, const Pseudonymiser& pseudonym,
                   const std::vector<char>& blank_rows) {
  std::size_t k = 0;
  const std::size_t rows = table.size();
  std::apply(
      [&](auto&... column) {
        (
            [&](auto& c) {
              using C = std::remove_cvref_t<decltype(c)>;
              const std::string_view field = T::column_names[k++];
              const Personal cls = personal_class(name, field);
              if (cls != Personal::identifier && cls != Personal::free_text && cls != Personal::sensitive) return;
              if constexpr (std::is_same_v<C, TextColumn>) {
                const std::string_view domain = pseudonym_domain(name, field);
                const bool blank = name != "households" || field == "head_name";  // of a household, the head's name
                TextColumn out;
                out.reserve(rows, cls == Personal::identifier && !domain.empty() ? rows * 16 : 0);
                for (std::size_t i = 0; i < rows; ++i) {
                  const bool restricted = blank && i < blank_rows.size() && blank_rows[i];
                  if (cls == Personal::identifier && !domain.empty() && !restricted)
                    out.push_back(pseudonym(domain, c[i]));
                  else if (cls == Personal::free_text && name == "wishes" && field == "text")
                    out.push_back(withheld_text);  // a wish must have a text
                  else
                    out.push_back(std::string_view());
                }
                c = std::move(out);
              } else if constexpr (is_list_column<C>) {
                c.clear();
                c.resize(rows);
              } else {
                c.assign(rows, typename C::value_type{});
              }
            }(column),
            ...);
      },
      T::columns(table));
}

}  // namespace detail

/// The cells `reg`'s persons fall into at a generalisation, counted against `k`.
inline ShareCells share_cells(const Registry& reg, Generalisation g, std::uint32_t k) {
  return detail::share_cells(reg.tables(), g, k);
}

/// A copy of `reg` for a researcher (see the top of this file): the first generalisation (none,
/// birth years in 5-year bands, and villages as their towns) at which every cell holds at least
/// `k` persons, recorded in the copy's sharing record. validation_error, naming only counts, when
/// none does, when k is 0, when the key is shorter than 16 bytes, or when `reg` is shared already.
inline Registry share(const Registry& reg, std::string_view key, std::uint32_t k) {
  const Pseudonymiser pseudonym(key);  // the key checked first
  if (k < 1) throw validation_error("share k: must be at least 1", where("k", reason::out_of_range, "0"));
  if (reg.shared())
    throw validation_error("share: the registry is a shared copy already (share the original)",
                           where("share", reason::state));
  const Tables& original = reg.tables();
  Generalisation g = Generalisation::none;
  for (;; g = Generalisation(unsigned(g) + 1)) {
    const ShareCells cells = detail::share_cells(original, g, k);
    if (cells.small == 0) break;
    if (g == Generalisation::birth_band_town)
      throw validation_error(
          "share k: " + std::to_string(cells.small) + " of " + std::to_string(cells.cells) +
              " cells of village or town, birth band, sex and relation hold fewer than " + std::to_string(k) +
              " persons even with birth years in 5-year bands and villages as their towns (" +
              std::to_string(cells.in_small) + " persons in them, the smallest cell " +
              std::to_string(cells.smallest) + "); share with a smaller k",
          where("k", reason::rule, std::to_string(k)));
  }
  Tables t = original;
  // restricted persons: their identifiers blank, their household's head name when they head it,
  // their employment's worker keys
  std::vector<char> persons(t.persons.size()), households(t.households.size()), employment(t.employment.size());
  for (PersonId p : reg.privacy().restricted.person) {
    persons[p.value] = 1;
    if (t.persons.relation[p.value] == Relation::head) households[t.persons.household[p.value].value] = 1;
  }
  for (std::size_t i = 0; i < t.employment.size(); ++i)
    if (const PersonId p = t.employment.person[i]) employment[i] = persons[p.value];
  const std::vector<char> none;
  each_table(t, [&](const char* name, auto& table) {
    const std::string_view n = name;
    detail::share_columns(table, n, pseudonym,
                          n == "persons" ? persons : n == "households" ? households : n == "employment" ? employment
                                                                                                           : none);
  });
  if (g != Generalisation::none)
    for (std::int16_t& year : t.persons.birth_year) year = std::int16_t(birth_band(year));
  if (g == Generalisation::birth_band_town) t.households.village = detail::share_places(original, g);
  SharingTable sharing;
  sharing.append_row(k, g);
  Registry out = Registry::replay(std::move(t), {}, reg.currency(), sharing);
  Privacy privacy;
  privacy.erasures = reg.privacy().erasures;  // no personal data: when and why, not whom
  privacy.sharing = sharing;
  out.set_privacy(std::move(privacy));
  return out;
}

}  // namespace shanhai
