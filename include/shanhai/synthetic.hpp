// A synthetic national programme, shaped like the real one and deterministic per seed: eastern
// provinces down to streets, western provinces down to villages, pairings, chains of parent flows
// (parts and pass-throughs), pooled county funds, dividends to households, projects with
// workshops, benefits, exchanges, trainings and micro-wishes; and the household registry: every
// household's members, its status history, and the workers its county's workshops employed,
// month by month. Invented detail lives only here.
//
// The partners, projects and flows are made one after another from one stream of the seed. Every
// row of the household registry draws from a stream of its own (the seed, its part, its row), so
// that those rows are made on every core, in any order, and a part added later (the identity
// fields) changes none of the others. Every table goes in through Registry::append, each row
// checked by the library's own rules.
#pragma once

#include <shanhai/detail/parallel.hpp>
#include <shanhai/identity.hpp>
#include <shanhai/registry.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shanhai {

struct SyntheticSpec {
  std::size_t households = 100'000;
  std::size_t flows = 50'000;
  std::uint64_t seed = 1;
  int first_year = 2016, last_year = 2020;  // of the flows, projects and records; the history runs 2014–2025
  bool persons = true;                      // every household's members, exactly `members` of them
  bool identities = true;                   // their names, ID numbers and phones (synthetic ones)
  bool history = true;                      // every household's status history
  std::size_t workers = 30;                 // workers of each workshop, month by month (0: no employment)
  int months = 12;                          // the longest run of months a worker stays
  int trained = 5;                          // percent of households with a member trained (a benefit each)
};

namespace detail {

// splitmix64's finaliser: every bit of the result depends on every bit of z
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// splitmix64: small, fast and the same on every platform
struct Random {
  std::uint64_t state;
  std::uint64_t next() noexcept { return mix64(state += 0x9E3779B97F4A7C15ull); }
  /// 0 ≤ x < n (n < 2³²), by multiplying rather than dividing: a division costs as much as the rest
  std::uint32_t below(std::size_t n) noexcept { return std::uint32_t(((next() >> 32) * std::uint64_t(n)) >> 32); }
  bool chance(int percent) noexcept { return below(100) < std::uint32_t(percent); }
  int between(int low, int high) noexcept { return low + int(below(std::size_t(high - low + 1))); }
  /// An index drawn by weights that add up to 100.
  template <std::size_t N>
  std::size_t pick(const std::array<int, N>& weights) noexcept {
    std::size_t k = 0;
    for (int r = int(below(100)); k + 1 < N && r >= weights[k]; ++k) r -= weights[k];
    return k;
  }
};

/// The parts of the household registry whose rows draw from streams of their own.
enum class Stream : std::uint64_t { household, persons, identity, training, workshop, employment, village };

/// The stream of one row of one part.
inline Random stream(std::uint64_t seed, Stream part, std::uint64_t row) noexcept {
  return Random{mix64(seed ^ mix64(std::uint64_t(part) << 48 ^ row))};
}

/// A household's life in the registry: its size, the causes of its poverty and its status
/// history. Registered 2014–2017 (one in ten extremely poor), exited 2014–2020 at a year's end (as
/// the yearly assessments had it, most in 2015 and 2018, few in 2020), and one in twelve monitored
/// after 2020 (unstable, marginal or in sudden hardship), half of them out of danger, exited
/// again, a year or two later. Dates are days, each after the one before.
struct Life {
  struct Change {
    HouseholdStatus status;
    Date date;
  };
  std::int32_t members = 0;
  std::array<PovertyCause, 2> causes{};
  std::size_t cause_count = 0;
  std::array<Change, 4> changes{};
  std::size_t change_count = 0;

  HouseholdStatus registered_as() const noexcept { return changes[0].status; }
  std::int16_t exit_year() const noexcept { return std::int16_t(changes[1].date.year()); }
  std::span<const Change> history() const noexcept { return {changes.data(), change_count}; }
};

inline Life life_of(std::uint64_t seed, std::size_t household) {
  Random rng = stream(seed, Stream::household, household);
  Life life;
  life.members = 1 + std::int32_t(rng.pick(std::array{15, 25, 25, 20, 10, 5}));  // 3.0 on average
  // the main cause first (illness, disability, schooling, disaster, land, water, skills, labour,
  // funds, transport, drive), and for a third of them a second one
  const std::array causes{40, 14, 4, 2, 3, 2, 14, 12, 6, 1, 2};
  life.causes[life.cause_count++] = PovertyCause(rng.pick(causes));
  if (const auto second = PovertyCause(rng.pick(causes)); rng.chance(35) && second != life.causes[0])
    life.causes[life.cause_count++] = second;
  auto change = [&](HouseholdStatus status, int year, int first_month, int last_month) {
    life.changes[life.change_count++] = {status, Date::ymd(year, rng.between(first_month, last_month), rng.between(1, 28))};
  };
  const int registered = 2014 + int(rng.pick(std::array{85, 7, 5, 3}));
  change(rng.chance(10) ? HouseholdStatus::extremely_poor : HouseholdStatus::poor, registered, 3, 9);
  const int exited = std::max(registered, 2014 + int(rng.pick(std::array{15, 17, 15, 16, 17, 13, 7})));
  change(HouseholdStatus::exited, exited, 10, 12);
  if (rng.chance(8)) {
    const int watched = 2021 + int(rng.pick(std::array{50, 30, 20}));
    const std::array kinds{HouseholdStatus::unstable, HouseholdStatus::marginal, HouseholdStatus::hardship};
    change(kinds[rng.pick(std::array{60, 25, 15})], watched, 1, 12);
    if (rng.chance(50)) change(HouseholdStatus::exited, watched + rng.between(1, 2), 1, 12);
  }
  return life;
}

/// Labour ability from age (in 2020), health and schooling.
inline Labour labour_of(int age, Health health, Random& rng) {
  if (age < 16 || age > 65) return Labour::none;
  if (health == Health::disabled || health == Health::serious_illness) return Labour::lost;
  if (age < 18) return rng.chance(70) ? Labour::none : Labour::able;  // most still at school
  if (age > 60 || health == Health::chronic_illness) return Labour::weak;
  return rng.chance(18) ? Labour::skilled : Labour::able;
}

/// Schooling from the year of birth: at school by age, else by generation.
inline Education education_of(int born, Random& rng) {
  using E = Education;
  const int age = 2020 - born;
  if (age < 6) return E::preschool;
  if (age < 12) return E::primary;
  if (age < 15) return E::junior_secondary;
  if (age < 18) return rng.chance(30) ? E::vocational : E::senior_secondary;
  constexpr std::array by_order{E::illiterate, E::primary, E::junior_secondary, E::senior_secondary, E::vocational,
                                E::tertiary};
  if (born < 1960) return by_order[rng.pick(std::array{35, 45, 17, 3, 0, 0})];
  if (born < 1980) return by_order[rng.pick(std::array{8, 37, 42, 8, 5, 0})];
  return by_order[rng.pick(std::array{0, 12, 48, 16, 14, 10})];
}

/// Health by age; the member the household's main cause names is ill or disabled.
inline Health health_of(int age, bool named_by_cause, PovertyCause cause, Random& rng) {
  if (named_by_cause && cause == PovertyCause::disability) return Health::disabled;
  if (named_by_cause && cause == PovertyCause::illness)
    return rng.chance(40) ? Health::serious_illness : Health::chronic_illness;
  const int old = age > 60 ? 2 : 1;
  const int r = int(rng.below(100));
  return r < 2 * old ? Health::disabled : r < 4 * old ? Health::serious_illness : r < 12 * old ? Health::chronic_illness
                                                                                                : Health::healthy;
}

/// The members of a household, `members` of them, head first: a spouse of about the head's age,
/// the head's parents (a generation before) beside a younger head, a sibling now and then, and
/// children (a generation after), the eldest with a spouse and children of their own in a large
/// household of an older head. Health, schooling and labour fit the age (in 2020).
/// A synthetic identity, never a real person's: a common surname and given name, an ID number
/// (GB 11643) whose digits after a western province's prefix encode the person's place in the set
/// (so no two persons share one), and for most adults a mobile number.
struct Identity {
  char id[19]{}, phone[12]{};
  std::string name;
};
inline Identity make_identity(Random& rng, std::uint64_t person, int born, Sex sex, bool adult) {
  static constexpr std::array<std::string_view, 24> surnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                                             "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
                                                             "何", "高", "林", "罗", "郑", "梁", "谢", "韩"};
  static constexpr std::array<std::string_view, 24> given{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊",
                                                          "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
                                                          "超", "秀", "霞", "平", "刚", "桂", "英", "华"};
  static constexpr std::array<std::string_view, 11> provinces{"45", "50", "51", "52", "53", "54",
                                                              "61", "62", "63", "64", "65"};
  static constexpr std::array<int, 12> month_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  Identity out;
  out.name = std::string(surnames[rng.below(surnames.size())]) + std::string(given[rng.below(given.size())]);
  if (rng.chance(60)) out.name += given[rng.below(given.size())];
  // person → (day of a common year, four region digits, two sequence digits, one of five last digits)
  int day = int(person % 365), month = 0;
  std::uint64_t rest = person / 365;
  while (day >= month_days[std::size_t(month)]) day -= month_days[std::size_t(month++)];
  const unsigned region = unsigned(rest % 10'000), sequence = unsigned(rest / 10'000 % 100);
  const unsigned last = unsigned(rest / 1'000'000 % 5) * 2 + (sex == Sex::male ? 1 : 0);  // odd: male
  char* at = out.id;
  auto digits = [&at](std::uint64_t v, int width) {  // v in `width` decimal digits, leading zeros kept
    for (int k = width - 1; k >= 0; --k, v /= 10) at[k] = char('0' + v % 10);
    at += width;
  };
  const std::string_view province = provinces[rng.below(provinces.size())];
  *at++ = province[0], *at++ = province[1];
  digits(region, 4), digits(std::uint64_t(born), 4), digits(std::uint64_t(month + 1), 2);
  digits(std::uint64_t(day + 1), 2), digits(sequence, 2), digits(last, 1);
  out.id[17] = id_check_character(std::string_view(out.id, 17));
  if (adult && rng.chance(80)) {
    at = out.phone;
    *at++ = '1', digits(3 + rng.below(7), 1), digits(rng.below(1'000'000'000), 9);
  }
  return out;
}

/// Makes a household's members; with an identity stream, each with a name, an ID number and (most
/// adults) a phone, drawn from that stream alone so that the other columns stay as without it.
inline void make_members(Random rng, Random* identity, HouseholdId household, const Life& life, PersonTable& out) {
  const int head_born = rng.between(1940, 1985);
  const std::size_t ill = rng.below(std::size_t(life.members));  // the member the main cause names
  std::size_t made = 0;
  auto add = [&](Relation relation, Sex sex, int born) {
    born = std::clamp(born, 1900, 2020);
    const int age = 2020 - born;
    const Health health = health_of(age, made++ == ill, life.causes[0], rng);
    const Education education = education_of(born, rng);
    const Labour labour = labour_of(age, health, rng);
    const std::string_view none;
    if (!identity) return void(out.append_row(household, relation, sex, std::int16_t(born), health, education, labour,
                                              none, none, none, none));
    // 16 places a household: the members a household says are never more
    const Identity who = make_identity(*identity, std::uint64_t(household.value) * 16 + made - 1, born, sex, age >= 18);
    out.append_row(household, relation, sex, std::int16_t(born), health, education, labour, none,
                   std::string_view(who.name), std::string_view(who.id), std::string_view(who.phone));
  };
  auto other = [](Sex s) { return s == Sex::male ? Sex::female : Sex::male; };
  auto any_sex = [&] { return rng.chance(52) ? Sex::male : Sex::female; };
  const Sex head_sex = rng.chance(82) ? Sex::male : Sex::female;
  add(Relation::head, head_sex, head_born);
  int left = life.members - 1;
  if (left > 0 && rng.chance(85)) add(Relation::spouse, other(head_sex), head_born + rng.between(-3, 3)), --left;
  if (left > 0 && head_born >= 1958 && rng.chance(30)) {
    const bool both = left >= 2 && rng.chance(40);
    add(Relation::parent, both || rng.chance(60) ? Sex::female : Sex::male, head_born - rng.between(22, 34));
    if (both) add(Relation::parent, Sex::male, head_born - rng.between(24, 36));
    left -= both ? 2 : 1;
  }
  if (left > 0 && rng.chance(4)) add(Relation::sibling, any_sex(), head_born + rng.between(-8, 8)), --left;
  if (left >= 3 && head_born <= 1968 && rng.chance(40)) {
    const int born = head_born + rng.between(20, 28);
    const Sex sex = rng.chance(70) ? Sex::male : Sex::female;  // a son's family stays more often
    add(Relation::child, sex, born);
    add(Relation::child_in_law, other(sex), born + rng.between(-3, 3));
    left -= 2;
    for (int g = std::min(left, rng.between(1, 3)); g > 0; --g, --left)
      add(Relation::grandchild, any_sex(), born + rng.between(20, 32));
  }
  for (; left > 0; --left) add(Relation::child, any_sex(), head_born + rng.between(20, 38));
}

/// Rows made on every core: make(rows, begin, end) fills a `Rows` of its own for its piece of
/// [0, n). The pieces, in order, hold the rows one thread would make, as each row draws from a
/// stream of its own.
template <class Rows, class Make>
std::vector<Rows> made_on_every_core(std::size_t n, Make&& make) {
  std::vector<Rows> pieces(pieces_for(n));
  in_parallel(n, [&](std::size_t piece, std::size_t begin, std::size_t end) { make(pieces[piece], begin, end); });
  return pieces;
}

/// Appends the table `of(piece)` of every piece, in order, through Registry::append (every row
/// checked by the library's rules), and frees each once it is in.
template <class Tag, class Rows, class Of>
void append_pieces(Registry& reg, std::vector<Rows>& pieces, Of&& of, std::string_view what, const Progress& progress) {
  std::size_t rows = 0, done = 0;
  for (Rows& p : pieces) rows += of(p).size();
  ProgressTicker tick(progress, what, rows);
  reg.reserve<Tag>(rows);
  for (Rows& p : pieces) {
    auto& table = of(p);
    const std::size_t here = table.size();
    reg.append(std::move(table), [&](std::string_view, std::uint64_t row, std::uint64_t) { tick(done + row); });
    table = std::remove_cvref_t<decltype(table)>();
    done += here;
  }
  tick.finish();
}

}  // namespace detail

/// `progress` hears of the households, persons, history, flows and employment as they are made.
inline Registry synthetic(const SyntheticSpec& spec, const Progress& progress = {}) {
  if (spec.first_year > spec.last_year || spec.first_year < 1949)
    throw validation_error("synthetic years: " + std::to_string(spec.first_year) + ".." + std::to_string(spec.last_year),
                           {.field = spec.first_year < 1949 ? "first_year" : "last_year",
                            .value = std::to_string(spec.first_year < 1949 ? spec.first_year : spec.last_year),
                            .reason = std::string(reason::out_of_range)});
  if (spec.months < 1 || spec.trained < 0 || spec.trained > 100)
    throw validation_error("synthetic: months must be at least 1 and trained a percentage, got " +
                               std::to_string(spec.months) + " and " + std::to_string(spec.trained),
                           Where{.field = spec.months < 1 ? "months" : "trained",
                                 .value = std::to_string(spec.months < 1 ? spec.months : spec.trained),
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

  // the household registry, made on every core: households (about 300 a village), their members
  // and status history, and the trainings their members took (from the county's eastern partner)
  const std::size_t households = spec.households, V = villages.size(), C = counties.size();
  struct Homes {
    HouseholdTable households;
    PersonTable persons;
    StatusChangeTable history;
    BenefitTable benefits;
  };
  auto homes = detail::made_on_every_core<Homes>(households, [&](Homes& out, std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    out.households.reserve(n);
    if (spec.persons) out.persons.reserve(n * 3 + n / 8);
    if (spec.history) out.history.reserve(n * 2 + n / 8);
    for (std::size_t h = begin; h < end; ++h) {
      const detail::Life life = detail::life_of(spec.seed, h);
      const HouseholdId id{std::uint32_t(h)};
      out.households.append_row(std::string_view(), villages[h % V], life.members, life.registered_as(),
                                life.exit_year(), std::string_view(),
                                std::span<const PovertyCause>(life.causes.data(), life.cause_count), std::string_view(),
                                std::string_view());
      if (spec.history)
        for (const detail::Life::Change& c : life.history())
          out.history.append_row(id, c.status, c.date, std::string_view());
      if (spec.persons) {
        detail::Random identity = detail::stream(spec.seed, detail::Stream::identity, h);
        detail::make_members(detail::stream(spec.seed, detail::Stream::persons, h), spec.identities ? &identity : nullptr,
                             id, life, out.persons);
      }
      if (detail::Random r = detail::stream(spec.seed, detail::Stream::training, h); r.chance(spec.trained))
        out.benefits.append_row(id, Node(districts[h % V % C]), BenefitKind::training,
                               Date::ymd(spec.first_year + r.between(0, years - 1), r.between(1, 12)),
                               std::int64_t(1 + r.chance(20)), std::int64_t(1), Money(), std::string_view(),
                               BenefitId());
    }
  });
  auto of = [](auto member) { return [member](auto& piece) -> auto& { return piece.*member; }; };
  detail::append_pieces<HouseholdTag>(reg, homes, of(&Homes::households), "making households", progress);
  detail::append_pieces<PersonTag>(reg, homes, of(&Homes::persons), "making persons", progress);
  detail::append_pieces<StatusChangeTag>(reg, homes, of(&Homes::history), "making status history", progress);

  // projects: a workshop project in every fourth village of each county (whose villages are c,
  // c + C, c + 2C, ...), so that every county has some, each the workshop of its own village and
  // the three after it
  std::vector<ProjectId> projects, workshop_of(V);
  for (std::size_t v = 0; v < V; ++v) {
    if (v / C % 4 == 0)
      projects.push_back(reg.add_project({name("扶贫车间", v), Sector::industry, villages[v], villages[v], year(),
                                          Date(), {{"workshops", 1 + std::int64_t(rng.below(3))}}}));
    workshop_of[v] = v / C % 4 == 0 ? projects.back() : workshop_of[v - C * (v / C % 4)];
  }

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
    reg.add_benefit({HouseholdId(std::uint32_t(h)), workshop_of[h % V], BenefitKind::employment, year(), 1});
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

  // employment: each workshop takes on `workers` a workshop it runs, each a member able to work of
  // a household of the project's county (one worker a household, so never a person twice), for a
  // run of months from the project's start on
  const PersonTable& people = reg.persons();
  const auto& members = reg.households().members;
  // where each household's members start among the persons (they are in household order), and end
  std::vector<std::uint32_t> first_person;
  if (!people.empty()) {
    first_person.assign(households + 1, 0);
    for (const HouseholdId h : people.household) ++first_person[h.value + 1];
    std::partial_sum(first_person.begin(), first_person.end(), first_person.begin());
  }
  const std::size_t slots = 3 * spec.workers;  // a project runs up to 3 workshops
  auto work = detail::made_on_every_core<EmploymentTable>(projects.size() * slots, [&](EmploymentTable& out,
                                                                                        std::size_t begin,
                                                                                        std::size_t end) {
    const ProjectTable& p = reg.projects();
    for (std::size_t k = begin; k < end; ++k) {
      const std::uint32_t project = projects[k / slots].value;
      const std::size_t slot = k % slots, taken = spec.workers * std::size_t(p.outputs[project].front().count);
      if (slot >= taken) continue;
      // the county's households as a grid of (village, row), walked in a stride of the project's
      // own that meets every cell once: slot j tries cells j, j + taken, ..., each its own
      const std::size_t county = (p.location[project].value - villages.front().value) % C;
      const std::size_t in_county = (V - county + C - 1) / C, grid = in_county * ((households + V - 1) / V);
      detail::Random w = detail::stream(spec.seed, detail::Stream::workshop, k / slots);
      const std::size_t origin = w.below(grid);
      std::size_t stride = 1 + w.below(grid);
      while (std::gcd(stride, grid) != 1) ++stride;
      detail::Random r = detail::stream(spec.seed, detail::Stream::employment, k);
      const int opened = p.start[project].year() * 12 + p.start[project].month() - 1, closed = spec.last_year * 12 + 11;
      const int from = opened + r.between(0, closed - opened), to = std::min(closed, from + r.between(1, spec.months) - 1);
      HouseholdId household;
      PersonId person;
      for (std::size_t cell = slot; cell < grid && cell < slot + 4 * taken && !household; cell += taken) {
        const std::size_t at = (origin + cell * stride) % grid;
        const std::size_t h = county + C * (at % in_county) + V * (at / in_county);
        if (h >= households) continue;
        if (first_person.empty()) {
          household = HouseholdId(std::uint32_t(h));
          break;
        }
        const std::uint32_t n = first_person[h + 1] - first_person[h], start = r.below(n);
        for (std::uint32_t m = 0; m < n && !household; ++m) {
          const std::uint32_t q = first_person[h] + (start + m) % n;
          const Labour l = people.labour[q];
          if ((l == Labour::able || l == Labour::skilled || l == Labour::weak) && people.birth_year[q] + 16 <= from / 12)
            person = PersonId(q), household = HouseholdId(std::uint32_t(h));
        }
      }
      if (!household) continue;
      const Money wage = Money::from_fen(std::int64_t(r.between(1800, 3800)) * 100);
      for (int m = from; m <= to; ++m)
        out.append_row(ProjectId(project), household, person, std::string_view(), Date::ymd(m / 12, m % 12 + 1),
                       std::int64_t(1), std::int64_t(-1), wage, std::string_view());
    }
  });
  detail::append_pieces<EmploymentTag>(reg, work, [](EmploymentTable& t) -> EmploymentTable& { return t; },
                                       "making employment", progress);

  // benefits of the household registry: the trainings, the dividends each household received, and
  // each street-paired village's report of the households and persons its projects reached
  BenefitTable reached;
  const FlowTable& f = reg.flows();
  for (std::uint32_t i = 0; i < f.size(); ++i)
    if (f.kind[i] == FlowKind::dividend && f.target[i].kind == NodeKind::household)
      reached.append_row(f.target[i].household(), Node(FlowId(i)), BenefitKind::dividend, f.date[i],
                         std::int64_t(members[f.target[i].id]), std::int64_t(1), f.amount[i], std::string_view(),
                         BenefitId());
  for (std::size_t v = 0; v < streets.size() && v < V && v < households; ++v) {
    std::int64_t homes_here = 0, persons_here = 0;
    for (std::size_t h = v; h < households; h += V) ++homes_here, persons_here += members[h];
    detail::Random r = detail::stream(spec.seed, detail::Stream::village, v);
    reached.append_row(HouseholdId(), Node(villages[v]), BenefitKind::infrastructure,
                       Date::ymd(spec.first_year + r.between(0, years - 1)), persons_here, homes_here, Money(),
                       std::string_view(), BenefitId());
  }
  homes.emplace_back().benefits = std::move(reached);
  detail::append_pieces<BenefitTag>(reg, homes, of(&Homes::benefits), "making benefits", progress);
  return reg;
}

}  // namespace shanhai
