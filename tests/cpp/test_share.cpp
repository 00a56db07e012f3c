// Sharing a registry with a researcher: identifiers become the export's pseudonyms, free text and
// sensitive detail go, quasi-identifiers are generalised until every cell holds k persons, every
// figure stays, and the sharing record survives the files. Synthetic people only: the ID numbers
// are made with their check character by the standard's table.
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/partition.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/share.hpp>

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

using namespace shanhai;

namespace {

constexpr std::string_view key = "a key of sixteen bytes or more";

char check_of(std::string_view first17) {
  static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[std::size_t(i)] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

// A synthetic ID number: region, birth date, a sequence whose last digit says the sex.
std::string id_number(int year, int serial, Sex sex) {
  std::string first17 = "622901" + std::to_string(year) + "0101";
  std::string seq = std::to_string(100 + serial % 400);
  seq[2] = char('0' + ((seq[2] - '0') / 2 * 2 + (sex == Sex::male ? 1 : 0)) % 10);
  first17 += seq;
  return first17 + check_of(first17);
}

bool holds(std::string_view bytes, std::string_view needle) { return bytes.find(needle) != std::string_view::npos; }

// Two towns of two villages each; in each village 3 households whose heads are men born in the
// same 5-year band but different years, each with a wife and a child, with notes, phones, causes.
struct Towns {
  Registry reg;
  std::vector<std::string> ids, names;
  PartnerId east = reg.add_partner({.name = "思明区", .kind = PartnerKind::county, .side = Side::east});
  PartnerId county = reg.add_partner({.name = "临夏县", .kind = PartnerKind::county, .side = Side::west});
  Towns() {
    int serial = 0;
    for (int t = 0; t < 2; ++t) {
      const PartnerId town =
          reg.add_partner({.name = "镇" + std::to_string(t), .kind = PartnerKind::town, .parent = county});
      for (int v = 0; v < 2; ++v) {
        const PartnerId village = reg.add_partner(
            {.name = "村" + std::to_string(t) + std::to_string(v), .kind = PartnerKind::village, .parent = town});
        for (int h = 0; h < 3; ++h) {
          const std::string head = "马" + std::to_string(serial) + "甲";
          const HouseholdId hh = reg.add_household({.number = "6229010000" + std::to_string(10 + serial),
                                                    .village = village,
                                                    .members = 3,
                                                    .note = head + "因病致贫",
                                                    .causes = {PovertyCause::illness},
                                                    .address = "村三社" + std::to_string(serial),
                                                    .head_name = head});
          const struct {
            Relation r;
            Sex s;
            std::int16_t year;
          } who[3] = {{Relation::head, Sex::male, std::int16_t(1980 + h + v)},
                      {Relation::spouse, Sex::female, std::int16_t(1981 + h)},
                      {Relation::child, Sex::female, std::int16_t(2010 + h)}};
          for (const auto& w : who) {
            const std::string name =
                w.r == Relation::head ? head : "马" + std::to_string(serial) + "乙" + std::to_string(int(w.r));
            ids.push_back(id_number(w.year, serial, w.s));
            names.push_back(name);
            reg.add_person({.household = hh, .relation = w.r, .sex = w.s, .birth_year = w.year,
                            .health = Health::chronic_illness, .note = name + "常住兰州", .name = name,
                            .id_number = ids.back(), .phone = "1390000" + std::to_string(1000 + int(ids.size()))});
            ++serial;
          }
          reg.add_flow({.source = east, .target = hh, .amount = Money::parse("1200.07"), .date = Date::ymd(2020, 3, 1),
                        .kind = FlowKind::fiscal, .note = "给" + head});
          reg.set_status({.household = hh, .status = HouseholdStatus::exited, .date = Date::ymd(2020, 12, 1),
                          .note = head + "家脱贫"});
          reg.add_wish({.household = hh, .text = head + "想要一个书包", .cost = Money::parse("150"),
                        .date = Date::ymd(2020, 5, 1)});
        }
      }
    }
  }
};

std::string figures(const Registry& reg, ReportScope scope) {
  std::string out;
  const Report rep = report(reg, scope);
  for (const Indicator& i : rep.indicators())
    out += i.key + "=" + std::to_string(i.value) + (i.reported ? "+" : "-") + ";";
  return out;
}

}  // namespace

TEST_CASE("A shared copy holds pseudonyms, no identifier, no free text, and every figure of the original") {
  Towns t;
  const Registry copy = share(t.reg, key, 4);
  REQUIRE(copy.shared());
  CHECK(copy.privacy().sharing.k[0] == 4);
  CHECK(copy.privacy().sharing.generalisation[0] == Generalisation::birth_band_town);  // 3 a village, 6 a town
  for (ReportScope s : {ReportScope{}, ReportScope{.year = 2020}, ReportScope{.year = 2020, .east = t.east, .west = t.county}})
    CHECK(figures(copy, s) == figures(t.reg, s));
  CHECK(totals(copy, {}).total() == totals(t.reg, {}).total());
  const Pseudonymiser p(key);
  for (std::size_t i = 0; i < t.ids.size(); ++i) {
    CHECK(copy.persons().id_number[i] == p("id", t.ids[i]));
    CHECK(copy.persons().name[i] == p("name", t.names[i]));
    CHECK(copy.persons().note[i].empty());
    CHECK(copy.persons().health[i] == Health::unspecified);
    CHECK(copy.persons().birth_year[i] % 5 == 0);
  }
  CHECK(copy.households().head_name[0] == copy.persons().name[0]);  // a head and the household join
  CHECK(copy.households().causes[0].empty());
  CHECK(copy.wishes().text[0] == withheld_text);
  CHECK(copy.partners().kind[copy.households().village[0].value] == PartnerKind::town);
  CHECK(share_cells(copy, Generalisation::none, 4).small == 0);
  CHECK(share_cells(copy, Generalisation::none, 7).small > 0);  // k holds in the copy itself
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const std::string bytes = io::to_bytes(copy, f), original = io::to_bytes(t.reg, f);
    for (std::size_t i = 0; i < t.ids.size(); ++i) {
      CHECK(holds(original, t.ids[i]));  // the search is real
      CHECK(!holds(bytes, t.ids[i]));
      CHECK(!holds(bytes, t.names[i]));
    }
    CHECK(!holds(bytes, "13900001001"));
    CHECK(!holds(bytes, "因病"));
    CHECK(!holds(bytes, "书包"));
    CHECK(!holds(bytes, "622901000010"));
    const Registry back = io::from_bytes(bytes);
    CHECK(back.privacy() == copy.privacy());
    CHECK(back.persons().id_number[0] == copy.persons().id_number[0]);
    CHECK(figures(back, {.year = 2020}) == figures(t.reg, {.year = 2020}));
    CHECK_THROWS_AS(back.person_by_id_number(t.ids[0]), validation_error);
  }
  CHECK(t.reg.person_by_id_number(t.ids[0]) == PersonId(0));
  CHECK_THROWS_AS(share(copy, key, 2), validation_error);  // a copy is not shared again
}

TEST_CASE("Share generalises no further than k needs") {
  Towns t;
  CHECK(share(t.reg, key, 1).privacy().sharing.generalisation[0] == Generalisation::none);
  CHECK(share(t.reg, key, 1).persons().birth_year[0] == 1980);
  CHECK(share(t.reg, key, 1).households().village[0] == t.reg.households().village[0]);
  const Registry banded = share(t.reg, key, 3);  // each year alone, three a band in each village
  CHECK(banded.privacy().sharing.generalisation[0] == Generalisation::birth_band);
  CHECK(banded.persons().birth_year[0] == 1980);
  CHECK(banded.persons().birth_year[3 * 3 * 1] == 1980);  // the second village's first head, born 1981
  CHECK(banded.households().village[0] == t.reg.households().village[0]);
}

TEST_CASE("Share refuses with counts only when k cannot be met, and the registry is unchanged") {
  Towns t;
  const std::string before = io::to_bytes(t.reg, io::Format::text);
  try {
    (void)share(t.reg, key, 7);
    FAIL("k of 7 was met with 6 persons a cell");
  } catch (const validation_error& e) {
    const std::string what = e.what();
    CHECK(holds(what, "fewer than 7"));
    CHECK(e.where().field == "k");
    for (const std::string& n : t.names) CHECK(!holds(what, n));
    CHECK(!holds(what, "村"));
  }
  CHECK_THROWS_AS(share(t.reg, "short", 2), validation_error);
  CHECK_THROWS_AS(share(t.reg, key, 0), validation_error);
  CHECK(io::to_bytes(t.reg, io::Format::text) == before);
}

TEST_CASE("A shared copy's parts and merges stay shared") {
  Towns t;
  const Registry copy = share(t.reg, key, 3);
  const auto parts = partition(copy, PartitionSpec{2, PartnerKind::town});
  REQUIRE(parts.size() == 2);
  for (const Partition& part : parts) CHECK(part.registry.privacy().sharing.k == copy.privacy().sharing.k);
  const Registry whole = merge(std::span<const Partition>(parts));
  CHECK(whole.shared());
  CHECK(figures(whole, {.year = 2020}) == figures(t.reg, {.year = 2020}));
  const Registry* both[] = {&copy, &t.reg};
  CHECK_THROWS_AS(merge(std::span<const Registry* const>(both)), validation_error);
  Registry plain = copy;
  CHECK_THROWS_AS(plain.set_privacy(Privacy{}), validation_error);  // a shared copy stays shared
}

TEST_CASE("A new registry file holding identifiers or a shared copy is its owner's alone") {
  Towns t;
  const auto dir = std::filesystem::temp_directory_path() / ("shanhai_share_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const mode_t old = ::umask(022);
  auto mode = [](const std::filesystem::path& p) {
    struct stat st;
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
  };
  io::save(t.reg, (dir / "original.shanhai").string());
  io::save(share(t.reg, key, 4), (dir / "shared.shanhai").string());
  Registry plain;
  plain.add_partner({.name = "思明区", .kind = PartnerKind::county, .side = Side::east});
  io::save(plain, (dir / "plain.shanhai").string());
  ::umask(old);
  CHECK(mode(dir / "original.shanhai") == 0600);
  CHECK(mode(dir / "shared.shanhai") == 0600);
  CHECK(mode(dir / "plain.shanhai") == 0644);
  std::filesystem::remove_all(dir);
}
