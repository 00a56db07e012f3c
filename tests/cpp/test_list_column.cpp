// Text and list columns in Arrow's layout (list_column.hpp), the bytes they and the block-written
// columns of model values leave in every archive kind (the same as Boost's own std::vector), and
// the CRC-32C by instruction against the portable one.
#include <shanhai/detail/crc32c.hpp>
#include <shanhai/io/serialize.hpp>
#include <shanhai/registry.hpp>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/vector.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace shanhai;

TEST_CASE("a text column keeps every row in one buffer with offsets") {
  TextColumn c;
  CHECK(c.empty());
  CHECK(c.offset(0) == 0);
  for (const char* s : {"王坪村", "", "note", ""}) c.push_back(s);
  REQUIRE(c.size() == 4);
  CHECK(c[0] == "王坪村");
  CHECK(c[1].empty());
  CHECK(c[2] == "note");
  CHECK(c.value(2) == std::string("note"));
  for (std::size_t i = 0; i <= 4; ++i) CHECK(c.offset(i) == std::vector<std::int64_t>{0, 9, 9, 13, 13}[i]);
  CHECK(std::string(c.values().begin(), c.values().end()) == "王坪村note");
  CHECK(std::count_if(c.begin(), c.end(), [](std::string_view s) { return !s.empty(); }) == 2);
  CHECK(c.end() - c.begin() == 4);
  CHECK(*(c.begin() + 2) == "note");

  c.resize(6);  // grows by empty rows
  CHECK(c.size() == 6);
  CHECK(c[5].empty());
  CHECK(c.values().size() == 13);
  c.resize(1);  // cuts rows and their bytes
  CHECK(c.size() == 1);
  CHECK(c.values().size() == 9);
  CHECK(c[0] == "王坪村");
  c.clear();
  CHECK((c.empty() && c.values().empty()));
}

TEST_CASE("a column of empty rows is a count until a row holds values") {
  TextColumn lazy, made;
  made.push_back("x");
  made.resize(0);  // offsets made, then every row cut
  for (int i = 0; i < 5; ++i) lazy.push_back(""), made.push_back("");
  CHECK(lazy.size() == 5);
  CHECK(lazy == made);
  CHECK(lazy[4].empty());
  CHECK(lazy.offset(5) == 0);
  lazy.resize(7);
  CHECK(lazy.size() == 7);
  lazy.push_back("王");  // the first row with values: the seven before it get offsets
  CHECK(lazy.size() == 8);
  CHECK(lazy[7] == "王");
  CHECK(lazy[6].empty());
  CHECK(lazy.offset(7) == 0);
  CHECK(lazy.offset(8) == 3);
  lazy.resize(3);
  CHECK(lazy.values().empty());
  made.resize(3);
  CHECK(lazy == made);
}

TEST_CASE("a row of the column itself can be appended while the buffer moves") {
  TextColumn c;
  c.push_back("abcdefgh");
  for (int i = 0; i < 12; ++i) c.push_back(c[std::size_t(i)]);  // the buffer grows, and so moves, meanwhile
  CHECK(c.size() == 13);
  for (std::string_view s : c) CHECK(s == "abcdefgh");
  ListColumn<PovertyCause> l;
  l.push_back(std::vector{PovertyCause::illness, PovertyCause::disability});
  for (int i = 0; i < 10; ++i) l.push_back(l.back());
  CHECK(l.value(10) == std::vector{PovertyCause::illness, PovertyCause::disability});
  CHECK(l.values().size() == 22);
}

TEST_CASE("reserving rows and values makes appending allocate nothing") {
  TextColumn c;
  c.reserve(100, 1000);
  const auto* data = c.values().data();
  for (int i = 0; i < 100; ++i) c.push_back("0123456789");
  CHECK(c.values().data() == data);
  CHECK(c.capacity() == 100);
}

TEST_CASE("a registry reserved for a batch adds it without moving a column") {
  Registry reg;
  const PartnerId village = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village});
  reg.reserve<HouseholdTag>(1000);
  const auto* villages = reg.households().village.data();
  for (int i = 0; i < 1000; ++i) reg.add_household({.village = village, .members = 3, .note = "n"});
  CHECK(reg.households().village.data() == villages);
  CHECK(reg.households().note.values().size() == 1000);

  Registry copy;  // and one reserved for a whole registry's tables, values included
  copy.reserve(reg.tables());
  const auto* notes = copy.households().note.values().data();
  const Registry again = Registry::replay(reg.tables());
  CHECK(again.tables().households.note == reg.households().note);
  copy.add_partner({.name = "王坪村", .kind = PartnerKind::village});
  for (int i = 0; i < 1000; ++i) copy.add_household({.village = village, .members = 3, .note = "n"});
  CHECK(copy.households().note.values().data() == notes);
}

TEST_CASE("a table cut back after a failed append holds its text as before") {
  HouseholdTable t;
  t.append_row(std::string("A1"), PartnerId(0), 3, HouseholdStatus::poor, std::int16_t(0), std::string("n"),
               std::vector<PovertyCause>{PovertyCause::illness}, std::string("addr"), std::string("马某"));
  const HouseholdTable before = t;
  CHECK_THROWS_AS(t.append([](HouseholdTable& h) {
    h.number.push_back("B2");
    h.note.push_back("half a row");
    h.causes.push_back(std::vector{PovertyCause::disability});
    throw std::runtime_error("out of memory, say");
  }),
                  std::runtime_error);
  CHECK(t.size() == 1);
  CHECK(t.number == before.number);
  CHECK(t.note == before.note);
  CHECK(t.causes == before.causes);
  CHECK(t.number.values().size() == 2);
}

namespace {

template <class Archive, class T>
std::string archived(const T& value) {
  std::ostringstream os;
  {
    Archive ar(os);
    ar << boost::serialization::make_nvp("c", value);
  }
  return os.str();
}

// The bytes of a column through the library's wrapper and of the same rows as Boost's vector.
template <class Archive, class Wrapped, class Plain>
void same_bytes(Wrapped wrapped, const Plain& plain) {
  const std::string ours = archived<Archive>(wrapped), boosts = archived<Archive>(plain);
  CHECK(ours.size() == boosts.size());
  CHECK(ours == boosts);
}

template <class Archive>
void every_column_kind() {
  std::mt19937 rng(7);
  constexpr std::size_t rows = 40'000;  // more than two blocks of the block-written columns
  TextColumn text;
  std::vector<std::string> strings;
  ListColumn<PovertyCause> causes;
  std::vector<std::vector<PovertyCause>> cause_lists;
  std::vector<Money> money;
  std::vector<Date> dates;
  std::vector<Node> nodes;
  std::vector<FlowKind> kinds;
  std::vector<PartnerId> ids;
  for (std::size_t i = 0; i < rows; ++i) {
    std::string s(rng() % 4 == 0 ? rng() % 20 : 0, char('a' + rng() % 26));
    text.push_back(s);
    strings.push_back(s);
    std::vector<PovertyCause> l(rng() % 3, PovertyCause(rng() % enum_count<PovertyCause>));
    causes.push_back(l);
    cause_lists.push_back(l);
    money.push_back(Money::from_fen(std::int64_t(rng()) - (1LL << 31)));
    dates.push_back(Date::from_packed(20180000 + std::int32_t(rng() % 12 + 1) * 100 + std::int32_t(rng() % 28 + 1)));
    nodes.push_back(Node(NodeKind(rng() % enum_count<NodeKind>), std::uint32_t(rng())));
    kinds.push_back(FlowKind(rng() % enum_count<FlowKind>));
    ids.push_back(rng() % 5 == 0 ? PartnerId() : PartnerId(std::uint32_t(rng() % 1000)));
  }
  same_bytes<Archive>(detail::Rows<TextColumn>{&text, "text"}, strings);
  same_bytes<Archive>(detail::Rows<ListColumn<PovertyCause>>{&causes, "causes"}, cause_lists);
  same_bytes<Archive>(detail::Column<Money>{&money, "money"}, money);
  same_bytes<Archive>(detail::Column<Date>{&dates, "dates"}, dates);
  same_bytes<Archive>(detail::Column<Node>{&nodes, "nodes"}, nodes);
  same_bytes<Archive>(detail::Column<FlowKind>{&kinds, "kinds"}, kinds);
  same_bytes<Archive>(detail::Column<PartnerId>{&ids, "ids"}, ids);
}

}  // namespace

TEST_CASE("columns leave the bytes of Boost's own vectors in every archive kind") {
  SUBCASE("binary") { every_column_kind<boost::archive::binary_oarchive>(); }
  SUBCASE("text") { every_column_kind<boost::archive::text_oarchive>(); }
  SUBCASE("xml") { every_column_kind<boost::archive::xml_oarchive>(); }
}

TEST_CASE("a block-written column refuses an unknown enumerator and names its row") {
  std::vector<FlowKind> written(20'000, FlowKind::donation);
  written[17'000] = static_cast<FlowKind>(99);  // in the second block
  std::vector<FlowKind> kinds;
  std::istringstream in(archived<boost::archive::binary_oarchive>(written));
  boost::archive::binary_iarchive ar(in);
  detail::Column<FlowKind> column{&kinds, "kind"};
  try {
    ar >> boost::serialization::make_nvp("c", column);
    FAIL("an unknown enumerator was loaded");
  } catch (const validation_error& e) {
    CHECK(std::string(e.what()) == "kind row 17000: flow kind 99 is not a known value");
  }
}

TEST_CASE("the CRC-32C by instruction equals the portable one") {
  std::mt19937 rng(3);
  std::string data(300, '\0');
  for (char& c : data) c = char(rng());
  CHECK(detail::crc32c("123456789") == 0xE3069283u);
  CHECK(detail::crc32c_portable("123456789") == 0xE3069283u);
  for (std::size_t start = 0; start < 9; ++start)
    for (std::size_t n = 0; start + n <= data.size(); n += 1 + n / 7) {
      const std::string_view piece = std::string_view(data).substr(start, n);
      CHECK(detail::crc32c(piece) == detail::crc32c_portable(piece));
      CHECK(detail::crc32c(piece.substr(n / 2), detail::crc32c(piece.substr(0, n / 2))) ==
            detail::crc32c_portable(piece));
    }
}

TEST_CASE("CRC-32Cs of pieces combine into the CRC of the whole") {
  std::mt19937 rng(5);
  std::string data(5000, '\0');
  for (char& c : data) c = char(rng());
  const std::string_view all(data);
  static_assert(detail::crc32c_combine(0xE3069283u, 0, 0) == 0xE3069283u);  // nothing after: unchanged
  for (std::size_t cut = 0; cut <= all.size(); cut += 1 + cut / 3) {
    const std::string_view a = all.substr(0, cut), b = all.substr(cut);
    CHECK(detail::crc32c_combine(detail::crc32c(a), detail::crc32c(b), b.size()) == detail::crc32c(all));
  }
  CHECK(detail::crc32c_combine(detail::crc32c("12345"), detail::crc32c("6789"), 4) == 0xE3069283u);
}
