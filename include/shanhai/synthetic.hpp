// A synthetic national programme, shaped like the real one and deterministic per seed: eastern
// provinces down to streets, western provinces down to villages, pairings, chains of parent flows
// (parts and pass-throughs), pooled county funds, dividends to households, projects with
// workshops, benefits, exchanges, trainings and micro-wishes. Invented detail lives only here.
#pragma once

#include <shanhai/registry.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace shanhai {

struct SyntheticSpec {
  std::size_t households = 100'000;
  std::size_t flows = 50'000;
  std::uint64_t seed = 1;
  int first_year = 2016, last_year = 2020;
};

namespace detail {

// splitmix64: small, fast and the same on every platform
struct Random {
  std::uint64_t state;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::size_t n) noexcept { return std::uint32_t(next() % (n ? n : 1)); }
  bool chance(int percent) noexcept { return next() % 100 < std::uint64_t(percent); }
};

}  // namespace detail

/// `progress` hears of the households and flows as they are made.
inline Registry synthetic(const SyntheticSpec& spec, const Progress& progress = {}) {
  if (spec.first_year > spec.last_year || spec.first_year < 1949)
    throw validation_error("synthetic years: " + std::to_string(spec.first_year) + ".." + std::to_string(spec.last_year),
                           {.field = spec.first_year < 1949 ? "first_year" : "last_year",
                            .value = std::to_string(spec.first_year < 1949 ? spec.first_year : spec.last_year),
                            .reason = std::string(reason::out_of_range)});
  detail::Random rng{spec.seed};
  Registry reg;
  const std::size_t villages_wanted = std::max<std::size_t>(4, spec.households / 300);
  const std::size_t counties_wanted = std::max<std::size_t>(2, villages_wanted / 100);
  const std::size_t west_provinces = std::min<std::size_t>(12, counties_wanted);
  const std::size_t east_provinces = std::min<std::size_t>(9, west_provinces);
  const int years = spec.last_year - spec.first_year + 1;
  auto year = [&] { return Date::ymd(spec.first_year + int(rng.below(std::size_t(years))), 1 + int(rng.below(12))); };
  auto name = [](const char* what, std::size_t i) { return std::string(what) + std::to_string(i); };

  // east: provinces → cities → districts (one per western county) → streets
  std::vector<PartnerId> cities, districts, streets;
  for (std::size_t p = 0; p < east_provinces; ++p) {
    const PartnerId province = reg.add_partner({name("东部省", p), PartnerKind::province, Side::east});
    for (std::size_t c = 0; c < 3; ++c)
      cities.push_back(reg.add_partner({name("东部市", p * 3 + c), PartnerKind::city, Side::unspecified, province}));
  }
  for (std::size_t d = 0; d < counties_wanted; ++d) {
    const PartnerId city = cities[d % cities.size()];
    districts.push_back(reg.add_partner({name("东部区", d), PartnerKind::district, Side::unspecified, city}));
    for (std::size_t s = 0; s < 3; ++s)
      streets.push_back(reg.add_partner({name("街道", d * 3 + s), PartnerKind::street, Side::unspecified, districts.back()}));
  }
  // west: provinces → counties → towns → villages
  std::vector<PartnerId> counties, towns, villages;
  std::vector<PartnerId> west_top;
  for (std::size_t p = 0; p < west_provinces; ++p)
    west_top.push_back(reg.add_partner({name("西部省", p), PartnerKind::province, Side::west}));
  for (std::size_t c = 0; c < counties_wanted; ++c) {
    counties.push_back(reg.add_partner({name("西部县", c), PartnerKind::county, Side::unspecified, west_top[c % west_provinces]}));
    const std::size_t town_count = 1 + villages_wanted / counties_wanted / 15;
    for (std::size_t t = 0; t < town_count; ++t) {
      towns.push_back(reg.add_partner({name("镇", towns.size()), PartnerKind::town, Side::unspecified, counties.back()}));
    }
  }
  for (std::size_t v = 0; v < villages_wanted; ++v) {
    const std::size_t county = v % counties.size();
    const std::size_t towns_per_county = towns.size() / counties.size();
    const PartnerId town = towns[county * towns_per_county + (v / counties.size()) % towns_per_county];
    villages.push_back(reg.add_partner({name("村", v), PartnerKind::village, Side::unspecified, town}));
  }

  // pairings: district ↔ county (east-west), streets ↔ villages
  for (std::size_t c = 0; c < counties.size(); ++c)
    reg.pair({districts[c], counties[c], PairingKind::east_west, Date::ymd(spec.first_year)});
  for (std::size_t s = 0; s < streets.size() && s < villages.size(); ++s)
    reg.pair({streets[s], villages[s % villages.size()], PairingKind::street_village, Date::ymd(spec.first_year)});

  // households: about 300 a village, 1 to 6 members
  ProgressTicker households_made(progress, "making households", spec.households);
  for (std::size_t h = 0; h < spec.households; ++h) {
    households_made(h);
    const auto status = rng.chance(10) ? HouseholdStatus::extremely_poor : rng.chance(30) ? HouseholdStatus::exited
                                                                                          : HouseholdStatus::poor;
    reg.add_household({"", villages[h % villages.size()], std::int32_t(1 + rng.below(6)), status,
                       std::int16_t(status == HouseholdStatus::exited ? spec.first_year + int(rng.below(std::size_t(years))) : 0)});
  }
  households_made.finish();
  // projects: a workshop project in a quarter of the villages
  std::vector<ProjectId> projects;
  for (std::size_t v = 0; v < villages.size(); v += 4)
    projects.push_back(reg.add_project({name("扶贫车间", v), Sector::industry, villages[v], villages[v], year(), Date(),
                                        {{"workshops", 1 + std::int64_t(rng.below(3))}}}));

  // flows: roots east → county; parts to villages; pass-throughs county → town → village;
  // pooled county money to villages; dividends to households
  const FlowKind kinds[] = {FlowKind::fiscal, FlowKind::fiscal, FlowKind::fiscal, FlowKind::donation, FlowKind::investment};
  const Sector sectors[] = {Sector::industry, Sector::infrastructure, Sector::education, Sector::health, Sector::water};
  std::vector<FlowId> open;  // flows that may get children
  ProgressTicker flows_made(progress, "making flows", spec.flows);
  for (std::size_t made = 0; made < spec.flows;) {
    flows_made(made);
    const int pick = int(rng.below(100));
    const Money amount = Money::from_fen(std::int64_t(1'000'00 + rng.below(10'000'000'00ull / 100) * 100));
    FlowSpec f;
    f.kind = kinds[rng.below(5)];
    f.purpose = sectors[rng.below(5)];
    f.date = year();
    if (open.empty() || pick < 30) {  // a root: a district gives to its paired county
      const std::size_t c = rng.below(counties.size());
      f.source = rng.chance(80) ? Node(districts[c]) : Node(streets[c * 3 + rng.below(3)]);
      f.target = counties[c];
      f.amount = amount + amount + amount;
    } else if (pick < 90) {  // a child of an open flow: a part or money passed on
      const FlowId parent = open[rng.below(open.size())];
      const Money left = reg.remaining(parent);
      if (left < Money::from_fen(100)) continue;
      f.parent = parent;
      f.amount = Money::from_fen(std::int64_t(1 + rng.next() % std::uint64_t(left.fen() / 2 + 1)));
      f.kind = reg.flows().kind[parent.value];
      f.date = reg.flows().date[parent.value];
      const Node to = reg.flows().target[parent.value];
      const PartnerId place = to.partner();
      if (!place) continue;
      const PartnerKind k = reg.partners().kind[place.value];
      if (k == PartnerKind::village) {  // dividends or wages to its households
        f.source = place;
        f.target = HouseholdId(std::uint32_t(rng.below(spec.households / villages.size()) * villages.size() +
                                             (place.value - villages.front().value)));
        if (f.target.id >= spec.households) continue;
        f.kind = FlowKind::dividend;
      } else if (k == PartnerKind::county || k == PartnerKind::town) {
        std::size_t v = rng.below(villages.size());
        // a village below the place: villages are spread over counties round-robin
        if (k == PartnerKind::county) {
          const std::size_t c = std::size_t(std::find(counties.begin(), counties.end(), place) - counties.begin());
          v = c + counties.size() * rng.below(std::max<std::size_t>(1, villages.size() / counties.size()));
          if (v >= villages.size()) v = c;
        } else {
          continue;
        }
        if (rng.chance(30)) {  // a part: the same money, described down to the village
          f.source = reg.flows().source[parent.value];
          f.target = villages[v];
        } else {  // the county passes it on
          f.source = place;
          f.target = villages[v];
        }
      } else {
        continue;
      }
    } else {  // pooled: a county passes money on without a parent link
      const std::size_t c = rng.below(counties.size());
      f.source = counties[c];
      f.target = villages[std::min(villages.size() - 1, c + counties.size() * rng.below(std::max<std::size_t>(1, villages.size() / counties.size())))];
      f.amount = Money::from_fen(amount.fen() / 4 + 100);
    }
    const FlowId id = reg.add_flow(f);
    ++made;
    if (f.target.kind == NodeKind::partner) open.push_back(id);
    if (open.size() > 4096) open.erase(open.begin(), open.begin() + 2048);  // work on recent money
  }

  // benefits, exchanges, trainings, wishes: a little of each, in proportion
  for (std::size_t i = 0; i < projects.size(); ++i)
    reg.add_benefit({HouseholdId(), projects[i], BenefitKind::employment, year(), 10 + std::int64_t(rng.below(60))});
  for (std::size_t h = 0; h < spec.households; h += 50)
    reg.add_benefit({HouseholdId(std::uint32_t(h)), projects[rng.below(projects.size())], BenefitKind::employment, year(), 1});
  for (std::size_t c = 0; c < counties.size(); ++c) {
    reg.add_exchange({districts[c], counties[c], Role::teacher, 0, 1 + std::int64_t(rng.below(10)), 1, 30, "", year()});
    reg.add_exchange({counties[c], districts[c], Role::doctor, 0, 1 + std::int64_t(rng.below(10)), 1, 14, "", year()});
    reg.add_training({districts[c], counties[c], Role::teacher, 50 + std::int64_t(rng.below(500)), 3, year()});
  }
  for (std::size_t h = 0; h < spec.households; h += 100) {
    const Date when = year();
    const WishId w = reg.add_wish({HouseholdId(std::uint32_t(h)), "微心愿", Money::from_fen(100'00 + rng.below(900) * 100), when});
    if (rng.chance(85)) reg.claim_wish(w, streets[rng.below(streets.size())], Date());
  }
  flows_made.finish();
  return reg;
}

}  // namespace shanhai
