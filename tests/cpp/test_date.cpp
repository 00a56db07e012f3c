// Date: parsing keeps the precision the text gave; impossible dates are refused, never adjusted.
#include <shanhai/date.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using shanhai::Date;
using shanhai::format_error;
using shanhai::Precision;
using shanhai::validation_error;

namespace {

Date d(const char* text) { return Date::parse(text); }

}  // namespace

static_assert(Date().empty() && Date().precision() == Precision::none);

TEST_CASE("Date::parse keeps the precision it was given") {
  struct Case {
    const char* text;
    std::int32_t packed;  // yyyymmdd with 00 for what was not given
    Precision precision;
    const char* str;
  };
  const Case cases[] = {
      {"2018", 20180000, Precision::year, "2018"},
      {"2018-05", 20180500, Precision::month, "2018-05"},
      {"2018-5", 20180500, Precision::month, "2018-05"},
      {"2018-05-03", 20180503, Precision::day, "2018-05-03"},
      {"2018/5/3", 20180503, Precision::day, "2018-05-03"},
      {"2018/05/03", 20180503, Precision::day, "2018-05-03"},
      {"2018.5.3", 20180503, Precision::day, "2018-05-03"},
      {"2018-12-31", 20181231, Precision::day, "2018-12-31"},
      {" 2018-05-03 ", 20180503, Precision::day, "2018-05-03"},
      {"2020-02-29", 20200229, Precision::day, "2020-02-29"},  // leap year: divisible by 4
      {"2000-02-29", 20000229, Precision::day, "2000-02-29"},  // leap year: divisible by 400
      {"0001", 10000, Precision::year, "0001"},  // str() pads the year to four digits so that it reads back
      {"9999-12-31", 99991231, Precision::day, "9999-12-31"},
      {"", 0, Precision::none, ""},  // empty text is no date
      {"   ", 0, Precision::none, ""},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const Date date = Date::parse(c.text);
    CHECK(date.packed() == c.packed);
    CHECK(date.precision() == c.precision);
    CHECK(date.str() == c.str);
    CHECK(Date::parse(date.str()) == date);  // str() reads back
  }
  const Date x = d("2018-05-03");
  CHECK(x.year() == 2018);
  CHECK(x.month() == 5);
  CHECK(x.day() == 3);
  CHECK(d("2018").month() == 0);
  CHECK(d("2018").day() == 0);
  CHECK(d("2018-05").day() == 0);
  CHECK(d("").empty());
  CHECK_FALSE(d("2018").empty());
}

TEST_CASE("Date::parse refuses unreadable text with format_error") {
  const char* junk[] = {
      "18",         "201",        "20180",      "2018-",     "2018-05-",   "May 2018",  "2018-05-03-01",
      "2018-005",   "2018-05-003", "-2018",     "/2018",     "2018--05",   "2018 05",   "2018年5月",
      "2018-05-03T00", "２０１８",  "2018-May",  "twenty",    "2018-05-03 12:00",
  };
  for (const char* text : junk) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK_THROWS_AS((void)Date::parse(text), format_error);
  }
  try {
    (void)d("May 2018");
    FAIL("no exception");
  } catch (const format_error& e) {
    CHECK(std::string(e.what()).find("'May 2018'") != std::string::npos);
  }
}

TEST_CASE("Date::parse refuses impossible dates with validation_error") {
  const char* impossible[] = {
      "2018-13",     // month 13
      "2018-13-01",
      "2019-02-29",  // 2019 is not a leap year
      "1900-02-29",  // divisible by 100 but not by 400: not a leap year
      "2018-04-31",  // April has 30 days
      "2018-05-32",
      "0000",        // there is no year 0
      "2018-00",     // an explicit month 00 names no month: refused, not read as "2018"
      "2018-05-00",  // likewise an explicit day 00
      "2018-00-03",
  };
  for (const char* text : impossible) {
    const std::string shown = text;
    CAPTURE(shown);
    CHECK_THROWS_AS((void)Date::parse(text), validation_error);
  }
  try {
    (void)d("2018-13");
    FAIL("no exception");
  } catch (const validation_error& e) {
    CHECK(std::string(e.what()).find("month") != std::string::npos);
  }
}

TEST_CASE("Date::ymd and Date::from_packed") {
  CHECK(Date::ymd(2018) == d("2018"));
  CHECK(Date::ymd(2018, 5) == d("2018-05"));
  CHECK(Date::ymd(2018, 5, 3) == d("2018-05-03"));
  CHECK_THROWS_AS((void)Date::ymd(2018, 0, 3), validation_error);  // a day needs a month
  CHECK_THROWS_AS((void)Date::ymd(0), validation_error);
  CHECK_THROWS_AS((void)Date::ymd(10000), validation_error);
  CHECK_THROWS_AS((void)Date::ymd(2018, -1), validation_error);
  CHECK_THROWS_AS((void)Date::ymd(2018, 5, -1), validation_error);
  CHECK_THROWS_AS((void)Date::ymd(2018, 2, 29), validation_error);
  CHECK(Date::ymd(2016, 2, 29).str() == "2016-02-29");

  CHECK(Date::from_packed(0).empty());
  CHECK(Date::from_packed(20180503) == d("2018-05-03"));
  CHECK(Date::from_packed(20180500) == d("2018-05"));
  CHECK(Date::from_packed(20180000) == d("2018"));
  CHECK_THROWS_AS((void)Date::from_packed(-20180503), validation_error);
  CHECK_THROWS_AS((void)Date::from_packed(20181301), validation_error);
  CHECK_THROWS_AS((void)Date::from_packed(20180230), validation_error);
}

TEST_CASE("Date comparisons order by year then month then day with a coarser date first") {
  // packed order: 20180000 < 20180100 < 20180101 < 20180102 < 20180200 < 20190000
  CHECK(d("2018") < d("2018-01"));
  CHECK(d("2018-01") < d("2018-01-01"));
  CHECK(d("2018-01-01") < d("2018-01-02"));
  CHECK(d("2018-01-31") < d("2018-02"));
  CHECK(d("2018-12-31") < d("2019"));
  CHECK(d("2018/5/3") == d("2018-05-03"));
  CHECK(d("2018-05") != d("2018-05-01"));
  CHECK(Date() < d("0001"));
  CHECK(d("2019") > d("2018-12-31"));
  CHECK(d("2019") >= d("2019"));
}

TEST_CASE("Date spans and surely_after") {
  CHECK(d("2018").first_day() == 20180101);
  CHECK(d("2018").last_day() == 20181231);
  CHECK(d("2018-02").first_day() == 20180201);
  CHECK(d("2018-02").last_day() == 20180228);
  CHECK(d("2020-02").last_day() == 20200229);
  CHECK(d("2018-04").last_day() == 20180430);
  CHECK(d("2018-05-03").first_day() == 20180503);
  CHECK(d("2018-05-03").last_day() == 20180503);

  // surely_after: the other date's whole span ends before this one's starts
  CHECK(d("2018").surely_after(d("2017-12-31")));
  CHECK(d("2018").surely_after(d("2017")));
  CHECK(d("2018-05-03").surely_after(d("2018-05-02")));
  CHECK(d("2018-05-01").surely_after(d("2018-04")));
  CHECK(d("2018-05").surely_after(d("2018-04-30")));
  // overlapping spans: neither is surely after the other
  CHECK_FALSE(d("2018-05").surely_after(d("2018")));
  CHECK_FALSE(d("2018").surely_after(d("2018-05")));
  CHECK_FALSE(d("2018-05-01").surely_after(d("2018-05")));
  CHECK_FALSE(d("2018-05-03").surely_after(d("2018-05-03")));
  // later, not earlier
  CHECK_FALSE(d("2017").surely_after(d("2018")));
  CHECK_FALSE(d("2018-05-02").surely_after(d("2018-05-03")));
  // no date: never surely after anything, nothing is surely after it
  CHECK_FALSE(Date().surely_after(d("2018")));
  CHECK_FALSE(d("2018").surely_after(Date()));
}
