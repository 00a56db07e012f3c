// Identity fields: citizen ID numbers (GB 11643) and phones checked, normalised, unique, kept in
// files, and never echoed by a refusal. Every number here is synthetic, made with its check
// character computed from the standard's table (not the library's function).
#include <shanhai/io/archive.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace shanhai;

namespace {

// GB 11643: weights 2^(17-i) mod 11 of the first 17 digits; the check character from the sum mod 11
char check_of(std::string_view first17) {
  static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[std::size_t(i)] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

/// A synthetic ID number: an area code, a birth date yyyymmdd and a 3-digit sequence (odd: male).
std::string id(std::string_view area, std::string_view born, int sequence) {
  std::string first17 = std::string(area) + std::string(born);
  first17 += char('0' + sequence / 100 % 10), first17 += char('0' + sequence / 10 % 10);
  first17 += char('0' + sequence % 10);
  return first17 + check_of(first17);
}

/// The first synthetic number from `sequence` on whose check character is `check`.
std::string id_with_check(std::string_view area, std::string_view born, char check, int sequence = 0) {
  while (id(area, born, sequence).back() != check) ++sequence;
  return id(area, born, sequence);
}

bool mentions(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

struct Home {
  Registry reg;
  PartnerId county = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  PartnerId village = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = county});
  HouseholdId home = reg.add_household({.village = village, .members = 4, .head_name = "马某"});
};

/// add_person must refuse `number` naming `part`, echoing neither the number nor its first 17
/// digits, with no value, and leave the registry's bytes as they were.
void refused_id(Home& h, const std::string& number, std::string_view part, PersonSpec spec = {}) {
  spec.household = h.home;
  spec.id_number = number;
  const std::string before = io::to_bytes(h.reg, io::Format::text);
  try {
    h.reg.add_person(spec);
    FAIL("accepted a bad ID number; expected a refusal naming ", part);
  } catch (const validation_error& e) {
    const std::string what = e.what();
    CHECK_MESSAGE(mentions(what, "person id_number"), what);
    CHECK_MESSAGE(mentions(what, part), what);
    if (number.size() >= 17) CHECK_MESSAGE(!mentions(what, number.substr(0, 17)), what);
    for (std::size_t at = 0; at + 6 <= number.size(); ++at)  // not even a piece of it
      if (number.substr(at, 6).find_first_not_of("0123456789X") == std::string::npos)
        CHECK_MESSAGE(!mentions(what, number.substr(at, 6)), what);
    CHECK(e.where().value.empty());
    CHECK(e.where().table == "persons");
    CHECK(e.where().field == "id_number");
  }
  CHECK(io::to_bytes(h.reg, io::Format::text) == before);
}

}  // namespace

TEST_CASE("check characters follow ISO 7064 MOD 11-2 (worked by hand)") {
  // 6·7+2·9+2·10+9·5+0·8+1·4+1·2+9·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+4·2 = 210; 210 mod 11 = 1 → '0'
  CHECK(id_check_character("62290119800101004") == '0');
  CHECK(id_check_character("62290119800101001") == '6');
  CHECK(id_check_character("62290119800101018") == 'X');
  for (const char* first17 : {"62290119800101001", "44030420000229123", "65010220121130456"})
    CHECK(id_check_character(first17) == check_of(first17));
}

TEST_CASE("every valid ID number is taken, stored normalised and found") {
  Home h;
  const std::string leap = id("622901", "20000229", 123);           // 29 February of a leap year
  const std::string ends_x = id_with_check("622901", "19800101", 'X');
  const std::string ends_0 = id_with_check("440304", "19751015", '0');
  const std::string child = id("650102", "20180607", 34);             // under 14 (even: female)
  const std::string foreigner = id_with_check("931100", "19900505", '7');
  std::string lower = id_with_check("110105", "19491231", 'X', 3);
  lower.back() = 'x';
  std::string full_width;  // the digits as full-width characters (U+FF10..FF19)
  for (char c : ends_0) full_width += std::string("\xEF\xBC") + char(0x90 + (c - '0'));

  const PersonId a = h.reg.add_person({.household = h.home, .relation = Relation::head, .sex = Sex::male,
                                       .birth_year = 2000, .name = "马某", .id_number = leap});
  const PersonId b = h.reg.add_person({.household = h.home, .id_number = ends_x});
  const PersonId c = h.reg.add_person({.household = h.home, .id_number = full_width});
  const PersonId d = h.reg.add_person({.household = h.home, .sex = Sex::female, .birth_year = 2018, .id_number = child});
  const PersonId e = h.reg.add_person({.household = h.home, .id_number = foreigner});
  const PersonId f = h.reg.add_person({.household = h.home, .id_number = lower});
  const PersonId none = h.reg.add_person({.household = h.home});  // no number: not known

  const auto& ids = h.reg.persons().id_number;
  CHECK(ids[a.value] == leap);
  CHECK(ids[c.value] == ends_0);  // ASCII
  CHECK(ids[f.value].back() == 'X');
  CHECK(ids[none.value].empty());
  CHECK(h.reg.persons().name[a.value] == "马某");
  CHECK(h.reg.person_by_id_number(ends_x) == b);
  CHECK(h.reg.person_by_id_number(lower) == f);  // read as add_person reads it
  CHECK(h.reg.person_by_id_number(full_width) == c);
  CHECK(h.reg.person_by_id_number(child) == d);
  CHECK(h.reg.person_by_id_number(foreigner) == e);
  CHECK_FALSE(h.reg.person_by_id_number(id("622901", "19800101", 998)));
  CHECK_FALSE(h.reg.person_by_id_number(""));
}

TEST_CASE("each kind of bad ID number is refused, naming the part, never echoing the number") {
  Home h;
  const std::string good = id("622901", "19800101", 11);  // male (odd)
  refused_id(h, good.substr(0, 17), "18 characters");
  refused_id(h, good + "1", "18 characters");
  refused_id(h, good.substr(0, 10) + "A" + good.substr(11), "first 17 characters must be digits");
  refused_id(h, good.substr(0, 17) + "Y", "check character");
  for (const char* area : {"002901", "162901", "242901", "722901", "802901", "842901"})
    refused_id(h, id(area, "19800101", 11), "province code");
  refused_id(h, id("622901", "19810229", 11), "not a real date");  // 1981 is no leap year
  refused_id(h, id("622901", "19801301", 11), "not a real date");
  refused_id(h, id("622901", "19800100", 11), "not a real date");
  refused_id(h, id("622901", "18001231", 11), "not a real date");
  refused_id(h, id("622901", "20900101", 11), "after today");
  std::string wrong_check = good;
  wrong_check.back() = wrong_check.back() == '5' ? '6' : '5';
  refused_id(h, wrong_check, "does not match");
  refused_id(h, good, "birth_year", {.birth_year = 1981});
  refused_id(h, good, "sex", {.sex = Sex::female});

  h.reg.add_person({.household = h.home, .sex = Sex::male, .birth_year = 1980, .id_number = good});  // agrees
  refused_id(h, good, "already registered");
  std::string x = id_with_check("622901", "19800101", 'X');
  h.reg.add_person({.household = h.home, .id_number = x});
  x.back() = 'x';
  refused_id(h, x, "already registered");  // the same number once normalised
}

TEST_CASE("a birth date of today is taken, of tomorrow refused") {
  CHECK(normalise_id_number(id("622901", "20200315", 1), "id", Date::ymd(2020, 3, 15)).size() == 18);
  CHECK_THROWS_AS(normalise_id_number(id("622901", "20200316", 1), "id", Date::ymd(2020, 3, 15)), validation_error);
}

TEST_CASE("phones are stored as a mobile's 11 digits or a landline with its area code") {
  CHECK(normalise_phone("13812345678", "phone") == "13812345678");
  CHECK(normalise_phone("+86 138-1234-5678", "phone") == "13812345678");
  CHECK(normalise_phone("0086 138 1234 5678", "phone") == "13812345678");
  CHECK(normalise_phone("0931-8123456", "phone") == "0931-8123456");
  CHECK(normalise_phone("(0931) 8123456", "phone") == "0931-8123456");
  CHECK(normalise_phone("093181234567", "phone") == "0931-81234567");
  CHECK(normalise_phone("010 62345678", "phone") == "010-62345678");
  CHECK(normalise_phone("+86 10 6512 3456", "phone") == "010-65123456");
  CHECK(normalise_phone("+86 931 8123456", "phone") == "0931-8123456");
  CHECK(normalise_phone("\xEF\xBC\x91\xEF\xBC\x93" "812345678", "phone") == "13812345678");  // full-width 1, 3
  CHECK(normalise_phone("", "phone").empty());
  for (const char* bad : {"1381234567", "138123456789", "12812345678", "0931-812345", "0931-0812345", "8123456",
                          "138 1234 567a", "+1 212 555 0100", "931-8123456"}) {
    try {
      normalise_phone(bad, "person phone");
      FAIL("accepted ", bad);
    } catch (const validation_error& e) {
      std::string digits;
      for (const char* c = bad; *c; ++c)
        if (*c >= '0' && *c <= '9') digits += *c;
      CHECK(!mentions(e.what(), digits.substr(0, 6)));
      CHECK(e.where().value.empty());
      CHECK(e.where().field == "phone");
    }
  }
  Home h;
  const PersonId p = h.reg.add_person({.household = h.home, .phone = "+86 139-0000-1111"});
  CHECK(h.reg.persons().phone[p.value] == "13900001111");
}

TEST_CASE("a refused batch forgets its ID numbers, and the append path validates and normalises as add_person") {
  Home h;
  const std::string first = id_with_check("622901", "19800101", 'X'), second = id("622901", "19900101", 22);
  std::string lower = first;
  lower.back() = 'x';
  PersonTable rows;
  rows.append_row(h.home, Relation::head, Sex::unspecified, std::int16_t(0), Health::unspecified,
                  Education::unspecified, Labour::unspecified, std::string_view(), std::string_view("马某"),
                  std::string_view(lower), std::string_view("+86 13812345678"));
  rows.append_row(h.home, Relation::spouse, Sex::male, std::int16_t(0), Health::unspecified, Education::unspecified,
                  Labour::unspecified, std::string_view(), std::string_view(), std::string_view(second),
                  std::string_view());  // second's sequence 022 is even: female
  try {
    h.reg.append(rows);
    FAIL("accepted a person whose sex disagrees with the ID number");
  } catch (const validation_error& e) {
    CHECK(mentions(e.what(), "persons row 1: person id_number"));
    CHECK(!mentions(e.what(), second.substr(0, 17)));
    CHECK(e.where().row == 1);
  }
  CHECK(h.reg.persons().size() == 0);
  CHECK_FALSE(h.reg.person_by_id_number(first));  // rolled back with its row
  rows.truncate(1);
  h.reg.append(rows);
  CHECK(h.reg.persons().id_number[0] == first);  // 'x' read as 'X'
  CHECK(h.reg.persons().phone[0] == "13812345678");
  CHECK(h.reg.person_by_id_number(first) == PersonId(0));
}

TEST_CASE("files keep names, ID numbers, phones and head names, in every format") {
  Home h;
  const std::string number = id_with_check("622901", "19620304", 'X');
  h.reg.add_person({.household = h.home, .relation = Relation::head, .birth_year = 1962, .name = "马某",
                    .id_number = number, .phone = "0930-6123456"});
  for (auto format : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const Registry back = io::from_bytes(io::to_bytes(h.reg, format));
    CHECK(back.persons().name[0] == "马某");
    CHECK(back.persons().id_number[0] == number);
    CHECK(back.persons().phone[0] == "0930-6123456");
    CHECK(back.households().head_name[0] == "马某");
    CHECK(back.person_by_id_number(number) == PersonId(0));
    CHECK(io::to_bytes(back, format) == io::to_bytes(h.reg, format));
  }
}

TEST_CASE("a registry number already registered is refused without echo") {
  Home h;
  h.reg.add_household({.number = "622901100201000007", .village = h.village});
  try {
    h.reg.add_household({.number = "622901100201000007", .village = h.village});
    FAIL("accepted a registry number twice");
  } catch (const validation_error& e) {
    CHECK(mentions(e.what(), "already registered"));
    CHECK(!mentions(e.what(), "622901"));
    CHECK(e.where().value.empty());
  }
}
