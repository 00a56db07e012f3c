// The index of unique text values (detail/text_index.hpp) against std::unordered_map on random
// inserts, duplicates and erasures (the backward shift of linear probing), and its size a value.
#include <shanhai/detail/text_index.hpp>

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <unordered_map>

using shanhai::TextColumn;
using shanhai::detail::TextIndex;

TEST_CASE("text index finds, refuses a repeated value and erases as a map of strings does") {
  std::mt19937 rng(7);
  TextColumn column;
  TextIndex index;
  std::unordered_map<std::string, std::uint32_t> model;
  // few distinct values, so that repeats, collisions and long probe runs are common
  auto value = [&] { return std::to_string(rng() % 3000) + "-" + std::string(rng() % 3, 'x'); };
  for (int step = 0; step < 40000; ++step) {
    const std::string v = value();
    if (rng() % 3 != 0) {  // insert a row holding v: refused while another row holds it
      column.push_back(v);
      const auto row = std::uint32_t(column.size() - 1);
      const bool fresh = !model.count(v);
      CHECK(index.insert(column, row) == fresh);
      if (fresh) model[v] = row;
    } else {
      index.erase(column, v);
      model.erase(v);
    }
    if (step % 97 == 0) {
      REQUIRE(index.size() == model.size());
      for (int k = 0; k < 50; ++k) {
        const std::string probe = value();
        const auto it = model.find(probe);
        CHECK(index.find(column, probe) == (it == model.end() ? TextIndex::none : it->second));
      }
    }
  }
  for (const auto& [v, row] : model) CHECK(index.find(column, v) == row);
}

TEST_CASE("text index holds 6 to 12 bytes a value") {
  TextColumn column;
  TextIndex index;
  for (std::uint32_t i = 0; i < 100000; ++i) {
    column.push_back("62290119800101" + std::to_string(1000 + i));
    REQUIRE(index.insert(column, i));
  }
  const double per_value = double(index.memory()) / double(index.size());
  CHECK(per_value >= 5.7);
  CHECK(per_value <= 11.5);
  TextIndex reserved;
  reserved.reserve(column, column.size());
  for (std::uint32_t i = 0; i < column.size(); ++i) REQUIRE(reserved.insert(column, i));
  CHECK(reserved.memory() == index.memory());  // reserved once: no growth on the way
  CHECK(reserved.find(column, "622901198001011000") == 0);
  CHECK(reserved.find(column, "622901198001010999") == TextIndex::none);
}
