// Files replaced whole (io/file.hpp) and loading only what is a file: modes, links, refused
// targets, killed writers' leftovers, a folder swapped in whole, streams.
#include <shanhai/io/archive.hpp>
#include <shanhai/io/file.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

using namespace shanhai;
namespace fs = std::filesystem;

namespace {

/// A fresh folder of its own, removed at the end.
struct Scratch {
  fs::path dir;
  Scratch() {
    static int n = 0;
    dir = fs::temp_directory_path() / ("shanhai-files-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(dir);
    fs::create_directory(dir);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir, ignored);
  }
  std::string operator/(const std::string& name) const { return (dir / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void put(const std::string& path, const std::string& data) { std::ofstream(path, std::ios::binary) << data; }

unsigned mode_of(const std::string& path) {
  struct stat st;
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

/// The call must throw io_error with reason "io" whose message holds `words`.
template <class Call>
void refused(Call call, const std::string& words) {
  try {
    call();
    FAIL("accepted; expected io_error: ", words);
  } catch (const io_error& e) {
    CHECK(e.where().reason == reason::io);
    CHECK_MESSAGE(std::string(e.what()).find(words) != std::string::npos, e.what());
  }
}

Registry small() {
  Registry reg;
  reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  return reg;
}

/// A umask for the scope.
struct Umask {
  mode_t old;
  explicit Umask(mode_t mask) : old(::umask(mask)) {}
  ~Umask() { ::umask(old); }
};

}  // namespace

TEST_CASE("a new file gets 0666 less the umask, a replaced one keeps its mode") {
  Scratch s;
  for (mode_t mask : {mode_t(022), mode_t(077), mode_t(002)}) {
    const Umask u(mask);
    const std::string path = s / ("new-" + std::to_string(mask));
    io::write_file(path, "data");
    CHECK(mode_of(path) == (0666 & ~mask));
    ::chmod(path.c_str(), 0640);
    io::write_file(path, "more");
    CHECK(mode_of(path) == 0640);
    CHECK(read(path) == "more");
  }
  CHECK(s.names().size() == 3);
}

TEST_CASE("a symbolic link is followed and stays a link") {
  Scratch s;
  fs::create_directory(s.dir / "data");
  put(s / "data/real", "old");
  fs::create_symlink("data/real", s.dir / "link");
  const Registry reg = small();
  io::save(reg, s / "link");
  CHECK(fs::is_symlink(s.dir / "link"));
  CHECK(read(s / "data/real") == io::to_bytes(reg));
  CHECK(s.names() == std::vector<std::string>{"data", "link"});
}

TEST_CASE("a pipe, a folder and a read-only file are refused untouched") {
  Scratch s;
  REQUIRE(::mkfifo((s / "pipe").c_str(), 0600) == 0);
  refused([&] { io::write_file(s / "pipe", "x"); }, "a pipe (FIFO), not a regular file");
  CHECK(fs::is_fifo(s.dir / "pipe"));
  fs::create_directory(s.dir / "folder");
  refused([&] { io::save(small(), s / "folder"); }, "a folder, not a regular file");
  put(s / "read-only", "keep");
  ::chmod((s / "read-only").c_str(), 0444);
  refused([&] { io::write_file(s / "read-only", "x"); }, "read-only");
  CHECK(read(s / "read-only") == "keep");
  CHECK(mode_of(s / "read-only") == 0444);
  CHECK(s.names() == std::vector<std::string>{"folder", "pipe", "read-only"});
}

TEST_CASE("a writer's temporary is its owner's alone, and a dead writer's is removed by the next") {
  Scratch s;
  const Umask u(022);
  {
    io::FileWriter file(s / "target");
    file.write("half");
    const std::vector<std::string> names = s.names();
    REQUIRE(names.size() == 1);
    CHECK(names[0].starts_with(".target.tmp-"));
    CHECK(mode_of(s / names[0]) == 0600);
    // another writer of the target, meanwhile, leaves the live one alone
    io::write_file(s / "target", "other");
    CHECK(s.names().size() == 2);
  }  // dropped without commit: gone
  CHECK(s.names() == std::vector<std::string>{"target"});
  // what a killed writer leaves: a temporary nobody holds locked
  put(s / ".target.tmp-99999-7", "killed");
  put(s / ".target.tmp-notes", "not a temporary");
  io::write_file(s / "target", "again");
  CHECK(s.names() == std::vector<std::string>{".target.tmp-notes", "target"});
  CHECK(mode_of(s / "target") == 0644);
}

TEST_CASE("a folder is swapped in whole, keeping modes, and refused when it holds something else") {
  Scratch s;
  const Umask u(022);
  const std::string out = s / "export";
  {
    io::FolderWriter w(out, {"a.csv", "b.csv"});
    w.add("a.csv", "1");
    w.add("b.csv", "2");
    w.commit();
  }
  CHECK(mode_of(out) == 0755);
  CHECK(mode_of(out + "/a.csv") == 0644);
  ::chmod(out.c_str(), 0700);
  ::chmod((out + "/b.csv").c_str(), 0600);
  {
    io::FolderWriter w(out + "/", {"a.csv", "b.csv"});
    w.add("a.csv", "10");
    w.add("b.csv", "20");
    // not committed yet: the old folder is all there is
    CHECK(read(out + "/a.csv") == "1");
    w.commit();
  }
  CHECK(read(out + "/a.csv") == "10");
  CHECK(read(out + "/b.csv") == "20");
  CHECK(mode_of(out) == 0700);
  CHECK(mode_of(out + "/b.csv") == 0600);
  CHECK(s.names() == std::vector<std::string>{"export"});
  {
    io::FolderWriter w(out, {"a.csv", "b.csv"});
    w.add("a.csv", "lost");
  }  // dropped part-way: the export stays as it was
  CHECK(read(out + "/a.csv") == "10");
  CHECK(s.names() == std::vector<std::string>{"export"});
  // what a killed writer leaves beside it goes with the next export
  fs::create_directory(s.dir / ".export.tmp-99999-3");
  put(s / ".export.tmp-99999-3/a.csv", "killed");
  {
    io::FolderWriter w(out, {"a.csv", "b.csv"});
    w.add("a.csv", "100");
    w.commit();
  }
  CHECK(s.names() == std::vector<std::string>{"export"});
  CHECK(read(out + "/a.csv") == "100");
  CHECK(!fs::exists(out + "/b.csv"));  // the export is what was written, whole
  put(out + "/mine.txt", "keep");
  refused([&] { io::FolderWriter w(out, {"a.csv", "b.csv"}); }, "mine.txt");
  CHECK(read(out + "/mine.txt") == "keep");
}

TEST_CASE("loading takes a regular file or a stream, and reads the envelope first") {
  Scratch s;
  REQUIRE(::mkfifo((s / "pipe").c_str(), 0600) == 0);
  refused([&] { (void)io::load(s / "pipe"); }, "not a regular file");
  refused([&] { (void)io::load("/dev/zero"); }, "a device, not a regular file");
  refused([&] { (void)io::load(s.dir.string()); }, "a folder");
  // a big file that is not ours: refused by its first bytes, never read whole
  {
    std::ofstream big(s / "big", std::ios::binary);
    big.seekp((std::streamoff(1) << 32) - 1);
    big.put('\0');
  }
  CHECK_THROWS_WITH_AS((void)io::load(s / "big"), doctest::Contains("wrong magic"), format_error);

  const Registry reg = small();
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    const std::string bytes = io::to_bytes(reg, f);
    std::istringstream in(bytes);
    CHECK(io::to_bytes(io::load(in), f) == bytes);
    std::istringstream cut(bytes.substr(0, bytes.size() - 1));
    CHECK_THROWS_WITH_AS((void)io::load(cut), doctest::Contains("the stream is not a loadable"), format_error);
    std::istringstream longer(bytes + "x");
    CHECK_THROWS_WITH_AS((void)io::load(longer), doctest::Contains("trailing"), format_error);
  }
}
