// The one list of what is personal: every field of every table is in it exactly once, and it names
// no field that is not there, so a new column cannot be added without being classified.
#include <shanhai/personal.hpp>
#include <shanhai/tables.hpp>

#include <doctest/doctest.h>

#include <iterator>
#include <string>

using namespace shanhai;

TEST_CASE("every field of every table has exactly one personal class, and no other field has one") {
  std::size_t fields = 0;
  const Tables none{};
  each_table(none, [&](const char* table, const auto& t) {
    for (std::string_view name : std::remove_cvref_t<decltype(t)>::column_names) {
      ++fields;
      std::size_t listed = 0;
      for (const PersonalField& f : personal_fields) listed += f.table == table && f.field == name;
      CHECK_MESSAGE(listed == 1, table, ".", std::string(name), " is listed ", listed, " times");
    }
  });
  CHECK(std::size(personal_fields) == fields);
}

TEST_CASE("identity fields are identifiers, health and causes sensitive, notes free text") {
  CHECK(personal_class("persons", "id_number") == Personal::identifier);
  CHECK(personal_class("persons", "name") == Personal::identifier);
  CHECK(personal_class("households", "head_name") == Personal::identifier);
  CHECK(personal_class("households", "number") == Personal::identifier);
  CHECK(personal_class("employment", "worker") == Personal::identifier);
  CHECK(personal_class("persons", "health") == Personal::sensitive);
  CHECK(personal_class("households", "causes") == Personal::sensitive);
  CHECK(personal_class("wishes", "text") == Personal::free_text);
  CHECK(personal_class("persons", "birth_year") == Personal::quasi_identifier);
  CHECK(personal_class("flows", "amount") == Personal::not_personal);
  CHECK(personal_class("persons", "no such field") == Personal::identifier);  // unlisted: the safe side
  static_assert(personal_class("households", "village") == Personal::quasi_identifier);
}
