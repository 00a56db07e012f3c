// Money: exact parsing of the figures printed in yearbooks and reports, formatting, and
// arithmetic that refuses to overflow.
//
// Units: 1 yuan = 100 fen; 1万 (wan) = 10,000 yuan = 1,000,000 fen;
//        1亿 (yi) = 100,000,000 yuan = 10,000,000,000 fen.
#include <shanhai/money.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

using shanhai::format_error;
using shanhai::Money;
using shanhai::validation_error;

namespace {

constexpr std::int64_t max_fen = std::numeric_limits<std::int64_t>::max();  // 9223372036854775807
constexpr std::int64_t min_fen = std::numeric_limits<std::int64_t>::min();  // -9223372036854775808

bool mentions(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

template <class Ex>
std::string message_of(const char* text) {
  try {
    (void)Money::parse(text);
  } catch (const Ex& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Money::parse reads good figures to the exact fen") {
  struct Case {
    const char* text;
    std::int64_t fen;
  };
  const Case cases[] = {
      // plain yuan
      {"1234.56", 123'456},        // 1234.56 yuan * 100
      {"0.01", 1},                 // one fen
      {"0.1", 10},                 // one jiao
      {"0", 0},
      {"-0", 0},
      {"007", 700},                // leading zeros are digits like any other
      {"0000000000000000000000001", 100},     // more digits than an int64 holds, but a small value
      {"1.0000000000000000000000000元", 100},  // likewise trailing zeros
      {"+5", 500},
      {"-5元", -500},
      {"5元", 500},
      {"1.10元", 110},
      {"1.100元", 110},            // zeros beyond the fen are not finer than a fen
      {"1.1000000元", 110},
      {"1,234.56元", 123'456},     // thousands separators
      {"1,234,567", 123'456'700},
      {"999,999", 99'999'900},
      // 万: 1,000,000 fen each
      {"34万", 34'000'000},         // 340,000 yuan
      {"34万元", 34'000'000},
      {"-34万", -34'000'000},
      {"2210.2万", 2'210'200'000},  // 22,102,000 yuan
      {"2210.2万元", 2'210'200'000},
      {"984万", 984'000'000},
      {"1,234万", 1'234'000'000},
      {"0.000001万", 1},            // the finest a 万 figure can be: one fen
      {"0.0000010万", 1},
      // 亿: 10,000,000,000 fen each
      {"9.65亿", 96'500'000'000},   // 965,000,000 yuan
      {"9.65亿元", 96'500'000'000},
      {"1亿", 10'000'000'000},
      {"0.00000001亿", 100},        // 1e-8 亿 = 1 yuan
      {"0.0000000001亿", 1},        // 1e-10 亿 = 1 fen
      // blanks and tabs around the number and between the number and its unit are ignored
      {"  34 万元 ", 34'000'000},
      {"\t5元\t", 500},
      {" 1234.56 ", 123'456},
      // the int64 limits: 9223372036854775807 fen = 92233720368547758.07 yuan
      {"92233720368547758.07", max_fen},
      {"-92233720368547758.07", -max_fen},
      {"-92233720368547758.08", min_fen},    // int64 min fits in an int64: it is not too large
      {"-9223372036854.775808万", min_fen},
      {"9223372036854.775807万", max_fen},   // max_fen / 1,000,000
      {"922337203.6854775807亿", max_fen},   // max_fen / 10,000,000,000
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    CHECK(Money::parse(c.text).fen() == c.fen);
  }
}

TEST_CASE("Money::parse refuses unreadable text with format_error") {
  const char* junk[] = {
      "",      "   ",    "abc",      "1,23",      "12,3456",  "1234,567", ",123",    "1,,234", "1,234,",
      ".5",    "5.",     "1.2.3",    "万",        "元",       "万元",     "亿",      "亿元",   "1e5",
      "١٢",    // Arabic-Indic digits are not ASCII digits
      "５",    // nor is a full-width digit
      "-",     "--5",    "+-5",      "5-",        "1 234",    "12元万",   "12万万",  "34万亿", "1,234.5,6",
      "0x10",  "12块",   "十万",     "nan",       "inf",      "1.5%",     "1，234",  "\n5",    "- 5",
  };
  for (const char* text : junk) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK_THROWS_AS((void)Money::parse(text), format_error);
  }
  // the message quotes the text
  CHECK(mentions(message_of<format_error>("1e5"), "'1e5'"));
  CHECK(mentions(message_of<format_error>("12,3456"), "thousands separator"));
}

TEST_CASE("Money::parse refuses values finer than a fen or beyond int64 with validation_error") {
  const char* finer[] = {
      "1.001元",        // a tenth of a fen
      "0.001",
      "1.0010元",       // trailing zeros do not rescue a non-zero third decimal
      "0.0000001万",    // 1e-7 万 = 0.1 fen
      "1.2345678万",
      "0.00000000001亿",  // 1e-11 亿 = 0.1 fen
  };
  for (const char* text : finer) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK_THROWS_AS((void)Money::parse(text), validation_error);
    CHECK(mentions(message_of<validation_error>(text), "finer than a fen"));
  }
  const char* too_large[] = {
      "99999999999999999999",
      "9223372036854775808",       // yuan, so 100 times too many fen
      "92233720368547758.08",      // one fen past int64 max
      "-92233720368547758.09",     // one fen below int64 min
      "92233720368547758.08000",   // trailing zeros do not bring it back into range
      "9223372036854.775808万",
      "922337203.6854775808亿",
      "922337204亿",             // 9,223,372,040,000,000,000 fen
      "9,223,372,036,854,775,808",
  };
  for (const char* text : too_large) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK_THROWS_AS((void)Money::parse(text), validation_error);
    CHECK(mentions(message_of<validation_error>(text), "too large"));
  }
}

TEST_CASE("Money formats exactly as yuan and as 万元") {
  struct Case {
    std::int64_t fen;
    const char* yuan;
    const char* wan;
  };
  const Case cases[] = {
      {984'000'000, "9840000.00", "984"},
      {2'210'200'000, "22102000.00", "2210.2"},
      {96'500'000'000, "965000000.00", "96500"},
      {10'000'000, "100000.00", "10"},  // zeros of the integer part stay
      {123'456, "1234.56", "0.123456"},
      {1, "0.01", "0.000001"},
      {10, "0.10", "0.00001"},
      {0, "0.00", "0"},
      {-1, "-0.01", "-0.000001"},
      {-500, "-5.00", "-0.0005"},
      {-34'000'000, "-340000.00", "-34"},
      {max_fen, "92233720368547758.07", "9223372036854.775807"},
      {min_fen, "-92233720368547758.08", "-9223372036854.775808"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.fen);
    const Money m = Money::from_fen(c.fen);
    CHECK(m.yuan() == c.yuan);
    CHECK(m.wan() == c.wan);
    CHECK(Money::parse(m.yuan()) == m);  // both forms read back
    CHECK(Money::parse(m.wan() + "万") == m);
  }
}

TEST_CASE("Money arithmetic is exact and refuses to overflow") {
  const Money a = Money::parse("984万"), b = Money::parse("34万");
  CHECK((a - b).fen() == 950'000'000);
  CHECK((a + b).fen() == 1'018'000'000);
  CHECK((-b).fen() == -34'000'000);
  CHECK(b < a);
  CHECK(Money() == Money::from_fen(0));
  Money c = a;
  c -= b;
  c += Money::from_fen(1);
  CHECK(c.fen() == 950'000'001);

  const Money max = Money::from_fen(max_fen), min = Money::from_fen(min_fen), one = Money::from_fen(1);
  CHECK((max - one + one) == max);
  CHECK((min + one - one) == min);
  CHECK_THROWS_AS((void)(max + one), validation_error);
  CHECK_THROWS_AS((void)(min - one), validation_error);
  CHECK_THROWS_AS((void)(max - (-one)), validation_error);
  CHECK_THROWS_AS((void)(-min), validation_error);  // |int64 min| is not an int64
  CHECK((-max).fen() == -max_fen);

  // a compound assignment that overflows leaves its left side as it was
  Money d = max;
  CHECK_THROWS_AS(d += one, validation_error);
  CHECK(d == max);
  Money e = min;
  CHECK_THROWS_AS(e -= one, validation_error);
  CHECK(e == min);
}
