// Proposing donors for a registry's open micro-wishes: the exact optimum of analysis/match.hpp
// over the wishes still open, donors' budgets, and the families paired with each household.
#pragma once

#include <shanhai/analysis/match.hpp>
#include <shanhai/registry.hpp>

#include <string>
#include <vector>

namespace shanhai {

struct WishMatchSpec {
  std::vector<PartnerId> donors{};
  std::vector<std::int64_t> budgets{};  // per donor: wishes (count) or fen (money)
  match::Budget budget = match::Budget::count;
  std::int32_t batch = 0;  // only the open wishes of this batch; 0: every open wish
  Date on{};               // pairings active on this date count as preference; none: those not ended
};

struct WishProposal {
  WishId wish;
  PartnerId donor;
  bool paired = false;  // the donor is paired with the wish's household
};

/// Which donor should claim which open wish: as many wishes as the budgets allow, then as much
/// value, then as many as possible taken by the family paired with the household. Nothing is
/// claimed: the proposals are for claim_wish.
inline std::vector<WishProposal> match_wishes(const Registry& reg, const WishMatchSpec& s) {
  if (s.batch < 0)
    throw validation_error("match_wishes batch: must not be negative, got " + std::to_string(s.batch),
                           where("match_wishes batch", reason::negative, std::to_string(s.batch)));
  if (s.budgets.size() != s.donors.size())
    throw validation_error("match_wishes budgets: " + std::to_string(s.budgets.size()) + " budgets for " +
                               std::to_string(s.donors.size()) + " donors",
                           where("match_wishes budgets", reason::rule));
  const auto& partners = reg.partners();
  std::vector<match::Donor> donors(s.donors.size());
  for (std::size_t d = 0; d < s.donors.size(); ++d) {
    reg.require(s.donors[d], "match_wishes donors");
    for (std::size_t e = 0; e < d; ++e)
      if (s.donors[e] == s.donors[d])
        throw validation_error("match_wishes donors: '" + std::string(partners.name[s.donors[d].value]) + "' is named twice",
                               where("match_wishes donors", reason::duplicate, std::to_string(s.donors[d].value)));
    donors[d].budget = s.budgets[d];
  }
  // preference: family–household pairings active on the date (or not ended)
  const auto& p = reg.pairings();
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p.kind[i] != PairingKind::family_household) continue;
    const bool active = s.on.empty() ? p.until[i].empty()
                                     : !p.since[i].surely_after(s.on) && !s.on.surely_after(p.until[i]);
    if (!active) continue;
    for (auto [donor, household] : {std::pair{p.a[i], p.b[i]}, std::pair{p.b[i], p.a[i]}})
      if (donor.kind == NodeKind::partner && household.kind == NodeKind::household)
        for (std::size_t d = 0; d < s.donors.size(); ++d)
          if (s.donors[d].value == donor.id) donors[d].own.push_back(household.id);
  }
  const auto& w = reg.wishes();
  std::vector<WishId> open;
  std::vector<match::Wish> wishes;
  for (std::uint32_t i = 0; i < w.size(); ++i)
    if (w.state[i] == WishState::open && (s.batch == 0 || w.batch[i] == s.batch)) {
      open.push_back(WishId(i));
      wishes.push_back({w.cost[i].fen(), w.household[i].value});
    }
  match::Assignment a;
  try {
    a = match::assign(wishes, donors, s.budget);
  } catch (const validation_error& e) {
    // the kernel names wishes and donors by position: give their ids
    std::string what = e.what();
    throw validation_error("match_wishes: " + what + " (open wishes in id order: positions 0.." +
                               std::to_string(open.size() ? open.size() - 1 : 0) + ")",
                           e.where());
  }
  std::vector<WishProposal> out;
  for (std::size_t i = 0; i < open.size(); ++i)
    if (a.donor_of[i] >= 0) {
      const auto d = std::size_t(a.donor_of[i]);
      const auto& own = donors[d].own;
      out.push_back({open[i], s.donors[d], std::find(own.begin(), own.end(), wishes[i].household) != own.end()});
    }
  return out;
}

}  // namespace shanhai
