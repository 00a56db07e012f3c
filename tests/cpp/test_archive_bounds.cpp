// Bounded loading: a forged file (envelope and checksums recomputed) whose archive claims a huge
// count or string length is refused with format_error before anything of that size is reserved,
// in every archive kind, and loading an N-byte file never asks for more than max(64 MiB, 4 N)
// bytes at once. The peak is measured by counting every operator new of this test program
// (Boost's library included) from the start of the load; an allocation that fails still counts.
#include <shanhai/detail/crc32c.hpp>
#include <shanhai/io/archive.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <string>
#include <string_view>
#include <unistd.h>

// ----------------------------------------------------------------------------- counting new
namespace {

std::atomic<std::size_t> live_bytes{0}, peak_bytes{0};
constexpr std::size_t header = alignof(std::max_align_t);  // the block's size sits in front of it

void* counted_new(std::size_t n) {
  const std::size_t wanted = live_bytes.load() + n;  // counted even if the allocation fails
  for (std::size_t old = peak_bytes.load(); wanted > old && !peak_bytes.compare_exchange_weak(old, wanted);) {
  }
  void* block = n <= std::size_t(-1) - header ? std::malloc(n + header) : nullptr;
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = n;
  live_bytes += n;
  return static_cast<char*>(block) + header;
}

void counted_delete(void* p) noexcept {
  if (p == nullptr) return;
  char* block = static_cast<char*>(p) - header;
  live_bytes -= *reinterpret_cast<std::size_t*>(block);
  std::free(block);
}

}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_new(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_delete(p); }

// ----------------------------------------------------------------------------- forging files
using namespace shanhai;

namespace {

constexpr std::size_t envelope = 40;
constexpr std::uint64_t huge = std::uint64_t(1) << 62;
const std::string kinds[] = {"binary", "text", "xml"};
// A text archive's start: Boost's header, the currency (CNY: its bytes 0x434E59), then the first
// column's tracking level and class version, before its count.
const std::string text_start = "serialization::archive 18 4410969 0 0 ";

std::size_t bound(std::size_t file_size) { return std::max<std::size_t>(std::size_t(64) << 20, 4 * file_size); }

template <class T>
void put(std::string& s, std::size_t at, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i) s[at + i] = char(std::uint64_t(v) >> (8 * i) & 0xFF);
}

/// The envelope recomputed for a changed payload (docs/files.md): length, both checksums.
std::string reseal(std::string file) {
  const std::string_view payload = std::string_view(file).substr(envelope);
  put<std::uint64_t>(file, 24, payload.size());
  put<std::uint32_t>(file, 32, detail::crc32c(payload));
  put<std::uint32_t>(file, 36, detail::crc32c(std::string_view(file).substr(0, 36)));
  return file;
}

std::size_t find(const std::string& s, std::string_view what, std::size_t from = 0) {
  const std::size_t at = s.find(what, from);
  REQUIRE_MESSAGE(at != std::string::npos, "not found: ", what);
  return at;
}

/// Replaces the decimal number that ends just before `at` (text archives).
std::string with_number_before(std::string s, std::size_t at, std::uint64_t value) {
  std::size_t begin = at;
  while (begin > 0 && s[begin - 1] >= '0' && s[begin - 1] <= '9') --begin;
  REQUIRE(begin < at);
  return s.replace(begin, at - begin, std::to_string(value));
}

/// Replaces the number of the last <count> element before `at` (xml archives).
std::string with_xml_count_before(std::string s, std::size_t at, std::uint64_t value) {
  const std::size_t open = s.rfind("<count>", at);
  REQUIRE(open != std::string::npos);
  return with_number_before(std::move(s), find(s, "</count>", open), value);
}

// A registry whose values can be found in its archives.
Registry sample() {
  Registry r;
  const PartnerId east = r.add_partner({.name = "PARTNERNAME", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId west = r.add_partner({.name = "WEST", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village = r.add_partner({.name = "VILLAGE", .kind = PartnerKind::village, .parent = west});
  r.add_project({.name = "PROJECT", .location = village, .outputs = {{"OUTPUTNAME", 7}, {"ROADS", 3}}});
  r.add_household({.village = village, .members = 1234567});
  r.add_event({.kind = EventKind::signing, .partners = {east, west, village}});
  return r;
}

// What a forged field claims, and where it is.
enum class Claim { first_count, first_string, nested_count, nested_string, number_column_count };

/// The file of `sample()` in `kind` with `field` set to `value` and the envelope resealed.
std::string forge(io::Format kind, Claim field, std::uint64_t value) {
  std::string file = io::to_bytes(sample(), kind);
  switch (kind) {
    case io::Format::binary: {
      std::size_t at = 0;
      switch (field) {
        // after Boost's header (signature length and signature, library version, type sizes)
        // come the currency (4 bytes), the name column's tracking level (1), class version (4)
        // and count (8)
        case Claim::first_count: at = envelope + 40 + 4 + 1 + 4; break;
        case Claim::first_string: at = find(file, "PARTNERNAME") - 8; break;
        // an output: its name's length (8) before the name; before that the item version (4)
        // and the count (8) of the outputs of the project
        case Claim::nested_count: at = find(file, "OUTPUTNAME") - 8 - 4 - 8; break;
        case Claim::nested_string: at = find(file, "OUTPUTNAME") - 8; break;
        case Claim::number_column_count: {
          std::string members(4, '\0');
          put<std::int32_t>(members, 0, 1234567);
          at = find(file, members) - 8;  // a column of numbers: the count, then the raw values
          break;
        }
      }
      put<std::uint64_t>(file, at, value);
      break;
    }
    case io::Format::text:
      switch (field) {
        case Claim::first_count: {
          const std::size_t at = find(file, text_start) + text_start.size();
          file = with_number_before(file, find(file, " ", at), value);
          break;
        }
        case Claim::first_string: file = with_number_before(file, find(file, " PARTNERNAME"), value); break;
        case Claim::nested_count: file = with_number_before(file, find(file, " 0 10 OUTPUTNAME"), value); break;
        case Claim::nested_string: file = with_number_before(file, find(file, " OUTPUTNAME"), value); break;
        case Claim::number_column_count: file = with_number_before(file, find(file, " 0 1234567 "), value); break;
      }
      break;
    case io::Format::xml:
      switch (field) {
        case Claim::first_count: file = with_xml_count_before(file, find(file, "PARTNERNAME"), value); break;
        case Claim::nested_count: file = with_xml_count_before(file, find(file, "OUTPUTNAME"), value); break;
        case Claim::number_column_count: file = with_xml_count_before(file, find(file, "1234567"), value); break;
        case Claim::first_string:
        case Claim::nested_string: FAIL("xml strings have no length"); break;
      }
      break;
  }
  return reseal(file);
}

struct Outcome {
  std::string message;  // empty: loaded
  std::size_t peak = 0;  // the most bytes allocated at once during the load, beyond what was before
};

Outcome load_measured(const std::string& file) {
  Outcome out;
  const std::size_t before = live_bytes.load();
  peak_bytes = before;
  try {
    (void)io::from_bytes(file);
  } catch (const format_error& e) {
    out.message = e.what();
  }
  out.peak = peak_bytes.load() - before;
  return out;
}

bool mentions(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

/// Loaded or refused with format_error, within the bound; what loads is valid (loads again to
/// the same bytes). Returns the peak.
std::size_t within_bound(const std::string& file) {
  const Outcome out = load_measured(file);
  if (out.message.empty()) {
    const std::string again = io::to_bytes(io::from_bytes(file), io::Format::text);
    CHECK(io::to_bytes(io::from_bytes(again), io::Format::text) == again);
  }
  CHECK_MESSAGE(out.peak <= bound(file.size()), "peak ", out.peak, " bytes for a file of ", file.size());
  return out.peak;
}

/// Refused with format_error, within the bound; returns the peak.
std::size_t refused(const std::string& file, const char* expected = nullptr) {
  const Outcome out = load_measured(file);
  CHECK_MESSAGE(!out.message.empty(), "a forged file loaded");
  if (expected) CHECK_MESSAGE(mentions(out.message, expected), out.message);
  CHECK_MESSAGE(out.peak <= bound(file.size()), "peak ", out.peak, " bytes for a file of ", file.size());
  return out.peak;
}

}  // namespace

// ----------------------------------------------------------------------------- tests

TEST_CASE("the sample loads in every kind and the forgeries below change only what they say") {
  for (io::Format kind : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const std::string file = io::to_bytes(sample(), kind);
    CHECK(io::to_bytes(io::from_bytes(file), kind) == file);
    // setting a field to the value it has gives back the same file
    CHECK(forge(kind, Claim::first_count, 3) == file);
    CHECK(forge(kind, Claim::nested_count, 2) == file);
    CHECK(forge(kind, Claim::number_column_count, 1) == file);
    if (kind != io::Format::xml) {
      CHECK(forge(kind, Claim::first_string, 11) == file);
      CHECK(forge(kind, Claim::nested_string, 10) == file);
    }
  }
}

TEST_CASE("a huge count or string length is refused before anything is reserved in every kind") {
  const struct {
    Claim field;
    const char* name;
  } fields[] = {{Claim::first_count, "a column's count"},
                {Claim::first_string, "a string's length"},
                {Claim::nested_count, "a nested vector's count"},
                {Claim::nested_string, "a nested string's length"},
                {Claim::number_column_count, "a column of numbers' count"}};
  std::size_t worst = 0;
  for (io::Format kind : {io::Format::binary, io::Format::text, io::Format::xml})
    for (const auto& f : fields) {
      if (kind == io::Format::xml && (f.field == Claim::first_string || f.field == Claim::nested_string)) continue;
      CAPTURE(kinds[int(kind)]);
      CAPTURE(std::string(f.name));
      for (std::uint64_t value : {huge, std::uint64_t(1) << 32, std::uint64_t(-1)}) {
        CAPTURE(value);
        const std::string file = forge(kind, f.field, value);
        worst = std::max(worst, refused(file, "remain"));
      }
    }
  MESSAGE("huge claims: the most allocated at once while refusing a forged file of about 1-3 KB: ", worst, " bytes");
  CHECK(worst < (std::size_t(1) << 20));
}

TEST_CASE("a believable count or length stays within the bound") {
  // a claim that passes the check against the remaining bytes: the reader reserves what those
  // bytes allow and then runs out of archive or reads what follows as items; it refuses the file
  // or, now and then, reads a different valid registry (a name one character longer)
  std::size_t worst = 0;
  for (io::Format kind : {io::Format::binary, io::Format::text, io::Format::xml})
    for (Claim field : {Claim::first_count, Claim::first_string, Claim::nested_count, Claim::nested_string,
                        Claim::number_column_count}) {
      if (kind == io::Format::xml && (field == Claim::first_string || field == Claim::nested_string)) continue;
      const std::size_t size = io::to_bytes(sample(), kind).size();
      for (std::uint64_t value : {std::uint64_t(12), std::uint64_t(size / 16), std::uint64_t(size / 4)}) {
        CAPTURE(kinds[int(kind)]);
        CAPTURE(int(field));
        CAPTURE(value);
        worst = std::max(worst, within_bound(forge(kind, field, value)));
      }
    }
  MESSAGE("believable claims: the most allocated at once: ", worst, " bytes");
}

TEST_CASE("a large forged file stays within 4 times its size") {
  // one partner with a 24 MiB note: the bound is 4 N, not the 64 MiB floor
  Registry reg;
  reg.add_partner({.name = "PARTNERNAME", .note = std::string(std::size_t(24) << 20, 'x')});
  for (io::Format kind : {io::Format::binary, io::Format::text, io::Format::xml}) {
    CAPTURE(kinds[int(kind)]);
    std::string file = io::to_bytes(reg, kind);
    const std::size_t n = file.size();
    {
      const Outcome ok = load_measured(file);
      CHECK(ok.message.empty());
      MESSAGE(kinds[int(kind)], ": loading the valid ", n, "-byte file allocates at most ", ok.peak, " bytes at once (",
              double(ok.peak) / double(n), " N)");
    }
    // the name column claims as many names as the bytes could hold: the note's 24 MiB are read as
    // names, and the reader refuses what follows
    const std::uint64_t claims[] = {(n - envelope) / 8, (n - envelope) / 2, huge};
    for (std::uint64_t claim : claims) {
      std::string forged = file;
      switch (kind) {
        case io::Format::binary: put<std::uint64_t>(forged, envelope + 45, claim); break;
        case io::Format::text:
          forged = with_number_before(forged, find(forged, " 0 11 PARTNERNAME"), claim);
          break;
        case io::Format::xml: forged = with_xml_count_before(forged, find(forged, "PARTNERNAME"), claim); break;
      }
      forged = reseal(forged);
      const std::size_t peak = refused(forged);
      CHECK(peak <= 4 * forged.size());
      MESSAGE(kinds[int(kind)], ": a name column claiming ", claim, " items in a ", forged.size(),
              "-byte file: at most ", peak, " bytes at once (", double(peak) / double(forged.size()), " N)");
    }
    if (kind != io::Format::xml) {
      // the note's length claims everything that remains, and then one byte more
      const std::size_t at = find(file, "xxxx");
      for (std::uint64_t claim : {std::uint64_t(n - at), std::uint64_t(n - at + 1)}) {
        std::string forged = file;
        if (kind == io::Format::binary) put<std::uint64_t>(forged, at - 8, claim);
        else forged = with_number_before(forged, at - 1, claim);
        forged = reseal(forged);
        const std::size_t peak = refused(forged);
        CHECK(peak <= 4 * forged.size());
      }
    }
  }
}

TEST_CASE("io::load reads a file without doubling it") {
  Registry reg;
  reg.add_partner({.name = "PARTNERNAME", .note = std::string(std::size_t(20) << 20, 'x')});
  const std::string file = reseal(with_number_before(io::to_bytes(reg, io::Format::text),
                                                     find(io::to_bytes(reg, io::Format::text), " 0 11 PARTNERNAME"),
                                                     huge));
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("shanhai-bounds-" + std::to_string(::getpid()) + ".shanhai");
  std::ofstream(path, std::ios::binary) << file;
  const std::size_t before = live_bytes.load();
  peak_bytes = before;
  CHECK_THROWS_WITH_AS(io::load(path.string()), doctest::Contains("remain"), format_error);
  const std::size_t peak = peak_bytes.load() - before;
  MESSAGE("io::load of a forged ", file.size(), "-byte file: at most ", peak, " bytes at once");
  CHECK(peak <= 2 * file.size());
  std::filesystem::remove(path);
}

TEST_CASE("what Boost would trust before the tables is checked first") {
  const std::string text = io::to_bytes(sample(), io::Format::text);
  const std::string binary = io::to_bytes(sample(), io::Format::binary);
  const std::string xml = io::to_bytes(sample(), io::Format::xml);

  SUBCASE("the length of Boost's signature (read and allocated before it is compared)") {
    std::string t = text;
    t.replace(envelope, 2, "9223372036854775807");
    refused(reseal(t), "signature");
    std::string b = binary;
    put<std::uint64_t>(b, envelope, huge);
    refused(reseal(b), "signature");
  }
  SUBCASE("archive library versions older than Boost 1.74's or newer than this Boost's") {
    for (const char* v : {"3", "17", "9999"}) {
      std::string t = text;
      t.replace(find(t, " 18 "), 4, std::string(" ") + v + " ");
      refused(reseal(t), std::string(v) == "9999" ? "unsupported version" : "library version");  // Boost's words
      std::string x = xml;
      x.replace(find(x, "version=\"18\""), 12, std::string("version=\"") + v + "\"");
      refused(reseal(x), "library version");
    }
    std::string b = binary;
    b[envelope + 30] = 17;  // then a zero byte, as Boost writes versions from 8 on
    refused(reseal(b), "library version 17");
  }
  SUBCASE("an xml end tag longer than the names it is compared with") {
    std::string x = xml;
    x.replace(find(x, "</item>"), 7, "</item" + std::string(200, 'm') + ">");
    refused(reseal(x), "end tag");
    std::string unclosed = xml;
    unclosed.replace(find(unclosed, "</item>"), 7, "</item");
    refused(reseal(unclosed));
  }
  SUBCASE("anything after the archive's end, or xml without its closing tag") {
    refused(reseal(binary + "x"), "follow");
    refused(reseal(text + "0"), "follow");
    refused(reseal(xml + "<x>"), "</boost_serialization>");
    std::string cut = xml;
    cut.erase(find(cut, "</boost_serialization>"));
    refused(reseal(cut), "</boost_serialization>");
  }
  SUBCASE("a column of a class version this library never writes (Boost does not compare it)") {
    std::string t = text;
    t.replace(find(t, text_start), text_start.size(), "serialization::archive 18 4410969 0 7 ");  // the name column: version 7
    refused(reseal(t), "class version 7");
  }
  SUBCASE("an enumerator beyond its enumeration, even one that would fold onto a known value") {
    // partner kind district (3) as 259 = 256 + 3
    std::string t = text;
    const std::size_t at = find(t, " 0 0 3 0 3 ");  // the kind column: class info, 3 items, item version
    t.replace(at, 11, " 0 0 3 0 259 ");
    refused(reseal(t), "not a known value");
  }
}

TEST_CASE("the inputs the fuzzer found are refused within the bound") {
  // fuzz/regressions/fuzz_archive: an archive kind byte and a payload each (fuzz/fuzz_archive.cpp);
  // before bounded loading, each of them crashed the loader or asked for gigabytes
  const std::filesystem::path dir = std::filesystem::path(SHANHAI_TEST_DATA_DIR) / ".." / ".." / "fuzz" /
                                    "regressions" / "fuzz_archive";
  REQUIRE(std::filesystem::is_directory(dir));
  std::size_t files = 0, worst = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    REQUIRE(!input.empty());
    const auto kind = io::Format(static_cast<unsigned char>(input[0]) % 3);
    CAPTURE(entry.path().filename().string());
    std::string head = io::to_bytes(Registry(), kind).substr(0, envelope);
    put<std::uint32_t>(head, 8, 2);  // the format version the fuzzer ran against (no currency before the tables)
    const std::string file = reseal(head + input.substr(1));
    worst = std::max(worst, refused(file));
    ++files;
  }
  CHECK(files > 0);
  MESSAGE(files, " inputs found by the fuzzer: the most allocated at once while refusing one: ", worst, " bytes");
}
