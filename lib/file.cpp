// Files and folders replaced whole (io/file.hpp): a temporary beside the target, kept to its
// owner and locked while it is written, given the mode and owner of what it replaces, swapped in.
#include <shanhai/detail/io_failure.hpp>
#include <shanhai/io/file.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>  // renameat2
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <utility>

namespace shanhai::io {
namespace {

namespace fs = std::filesystem;
using detail::fail_io;

/// A descriptor closed when it goes out of scope (unless released first).
class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw io_error("cannot write '" + path + "': " + why, Where{.reason = std::string(reason::io)});
}

/// `path` with the symbolic links at its end followed: what a write to it replaces.
std::string follow_links(const std::string& path) {
  std::string at = path;
  for (int hops = 0;; ++hops) {
    struct stat st;
    if (::lstat(at.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return at;
    if (hops == 40) fail_io("cannot follow the links of", path, ELOOP);
    char link[PATH_MAX];
    const ssize_t n = ::readlink(at.c_str(), link, sizeof link);
    if (n < 0 || std::size_t(n) == sizeof link) fail_io("cannot follow the link", path, n < 0 ? errno : ENAMETOOLONG);
    const fs::path next(std::string(link, std::size_t(n)));
    at = next.is_absolute() ? next.string() : (fs::path(at).parent_path() / next).string();
  }
}

/// What a writer replaces.
struct Target {
  std::string path{};                // as given: errors name it
  std::string resolved{};            // links followed: the file or folder replaced
  fs::path folder{};                 // where it and the temporaries are
  std::string prefix{};              // of the temporaries' names: ".<name>.tmp-"
  std::optional<struct stat> old{};  // what is there now
};

Target target_of(const std::string& path, bool folder) {
  Target t{.path = path};
  std::string p = path;
  while (folder && p.size() > 1 && p.back() == '/') p.pop_back();  // "pair/" is the folder pair
  const std::string name = fs::path(p).filename().string();
  if (name.empty() || name == "." || name == "..") {
    if (!folder) refuse(path, "it names a folder, not a file");
    std::error_code ec;
    p = fs::canonical(p, ec).string();
    if (ec) fail_io("cannot find the folder", path, ec.value());
    if (p == "/") refuse(path, "the root folder cannot be replaced");
  }
  t.resolved = follow_links(p);
  const fs::path r(t.resolved);
  t.folder = r.has_parent_path() ? r.parent_path() : fs::path(".");
  t.prefix = "." + r.filename().string() + ".tmp-";
  struct stat st;
  if (::stat(t.resolved.c_str(), &st) == 0)
    t.old = st;
  else if (errno != ENOENT)
    fail_io("cannot write", path, errno);
  return t;
}

/// Refuses what a writer must not replace: anything but a regular file (a folder, for a folder
/// writer), and what has no write permission, for the writer or for anyone (a file made
/// read-only is kept so even from root).
void check_replaceable(const std::string& path, const std::string& resolved, const struct stat& st, bool folder) {
  if (folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
    refuse(path, std::string("it is ") + detail::file_kind(st.st_mode) + ", not " +
                     (folder ? "a folder" : "a regular file"));
  if ((st.st_mode & 0222) == 0 || ::faccessat(AT_FDCWD, resolved.c_str(), W_OK, AT_EACCESS) != 0)
    refuse(path, std::string(folder ? "the folder" : "it") + " is read-only (no write permission)");
}

/// The mode a new file (0666) or folder (0777) gets: less the umask, read from the kernel
/// without setting it (umask() would set it for every thread at once).
mode_t new_mode(mode_t full) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("Umask:")) return full & ~mode_t(std::stoul(line.substr(6), nullptr, 8));
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return full & ~mask;
}

/// Gives a finished temporary the owner, group and mode of what it replaces (owner and group
/// where permitted: only root gives a file away, a user gives it to a group of their own), or
/// the mode of a new file. Until then it is its writer's alone.
void take_place(int fd, const std::optional<struct stat>& old, mode_t fresh, const std::string& path) {
  if (old && ::fchown(fd, old->st_uid, old->st_gid) != 0 && ::fchown(fd, uid_t(-1), old->st_gid) != 0 &&
      errno != EPERM)
    fail_io("cannot keep the owner of", path, errno);
  if (::fchmod(fd, old ? old->st_mode & 07777 : fresh) != 0) fail_io("cannot keep the mode of", path, errno);
}

Fd open_folder(const fs::path& folder, const std::string& path) {
  Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) fail_io("cannot open the folder of", path, errno);
  return fd;
}

/// Is `name` a temporary of the target: the prefix, a process id, '-', a count?
bool is_temporary(const std::string& name, const std::string& prefix) {
  if (!name.starts_with(prefix)) return false;
  const std::string rest = name.substr(prefix.size());
  const auto dash = rest.find('-');
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return dash != std::string::npos && digits(std::string_view(rest).substr(0, dash)) &&
         digits(std::string_view(rest).substr(dash + 1));
}

/// Removes the temporaries of the target that writers killed before they finished left in the
/// folder: those no writer holds locked (a writer's lock ends with its process).
void remove_leftovers(int folder, const fs::path& folder_path, const std::string& prefix) {
  const int scan = ::fcntl(folder, F_DUPFD_CLOEXEC, 0);
  DIR* dir = scan < 0 ? nullptr : ::fdopendir(scan);
  if (dir == nullptr) {
    if (scan >= 0) ::close(scan);
    return;
  }
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (!is_temporary(name, prefix)) continue;
    const Fd fd(::openat(folder, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
    struct stat held, now;
    if (fd.get() >= 0 && ::fstat(fd.get(), &held) == 0 && (S_ISREG(held.st_mode) || S_ISDIR(held.st_mode)) &&
        ::flock(fd.get(), LOCK_EX | LOCK_NB) == 0 && ::fstatat(folder, name.c_str(), &now, AT_SYMLINK_NOFOLLOW) == 0 &&
        now.st_dev == held.st_dev && now.st_ino == held.st_ino) {
      std::error_code ignored;
      fs::remove_all(folder_path / name, ignored);
    }
  }
  ::closedir(dir);
}

/// A fresh temporary file or folder beside the target, its writer's alone and locked; its name
/// goes to `temp`. A leftover of a killed writer is stepped over, never reused.
Fd create_temporary(const Target& t, bool folder, std::string& temp) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0;; ++attempt) {
    temp = (t.folder / (t.prefix + std::to_string(::getpid()) + "-" + std::to_string(counter++))).string();
    Fd fd(folder ? (::mkdir(temp.c_str(), 0700) == 0
                        ? ::open(temp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
                        : -1)
                 : ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
      // EEXIST: a leftover; ENOENT: another writer's cleaning took the new folder before it opened
      if ((errno == EEXIST || (folder && errno == ENOENT)) && attempt < 1000) continue;
      fail_io("cannot create a temporary " + std::string(folder ? "folder" : "file") + " beside", t.path, errno);
    }
    // another writer's cleaning may have taken it between its creation and this lock: then it
    // is gone (no links left), and another name is taken
    struct stat st;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0 && ::fstat(fd.get(), &st) == 0 && st.st_nlink > 0) return fd;
  }
}

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_io("cannot write", path, errno);
    data.remove_prefix(std::size_t(n));
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// one file

struct FileWriter::State {
  Target target;
  Fd folder, fd;
  std::string temp;
  std::uint64_t length = 0;
  bool committed = false;
  bool owner_only = false;
};

FileWriter::FileWriter(const std::string& path, bool owner_only) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.owner_only = owner_only;
  s.target = target_of(path, false);
  if (s.target.old) check_replaceable(path, s.target.resolved, *s.target.old, false);
  s.folder = open_folder(s.target.folder, path);
  remove_leftovers(s.folder.get(), s.target.folder, s.target.prefix);
  s.fd = create_temporary(s.target, false, s.temp);
}

FileWriter::~FileWriter() {
  if (!s_->committed) ::unlink(s_->temp.c_str());
}

void FileWriter::write(std::string_view data) {
  State& s = *s_;
  write_all(s.fd.get(), data, s.target.path);
  (void)::sync_file_range(s.fd.get(), off_t(s.length), off_t(data.size()), SYNC_FILE_RANGE_WRITE);
  s.length += data.size();
}

void FileWriter::write_at(std::uint64_t offset, std::string_view data) {
  for (ssize_t n; !data.empty(); data.remove_prefix(std::size_t(n)), offset += std::uint64_t(n))
    if ((n = ::pwrite(s_->fd.get(), data.data(), data.size(), off_t(offset))) < 0) {
      if (errno != EINTR) fail_io("cannot write", s_->target.path, errno);
      n = 0;
    }
}

void FileWriter::commit() {
  State& s = *s_;
  const std::string& path = s.target.path;
  if (::fsync(s.fd.get()) != 0) fail_io("cannot flush", path, errno);
  // the final owner and mode as late as can be, so that only a writer killed in the next few
  // system calls leaves a temporary anyone but its owner may read (as they may the file); the
  // folder's flush after the rename makes them durable with it
  take_place(s.fd.get(), s.target.old, new_mode(s.owner_only ? 0600 : 0666), path);
  const Fd lock(::fcntl(s.fd.get(), F_DUPFD_CLOEXEC, 0));  // the lock lasts until the rename
  if (::close(s.fd.release()) != 0) fail_io("cannot close", path, errno);  // released even so
  if (::rename(s.temp.c_str(), s.target.resolved.c_str()) != 0) fail_io("cannot replace", path, errno);
  s.committed = true;
  if (::fsync(s.folder.get()) != 0) fail_io("cannot flush the folder of", path, errno);
}

void write_file(const std::string& path, std::string_view data, bool owner_only) {
  FileWriter file(path, owner_only);
  file.write(data);
  file.commit();
}

// ---------------------------------------------------------------------------------------------
// a folder of files

struct FolderWriter::State {
  Target target;
  std::vector<std::string> names;
  std::map<std::string, struct stat> old_files;
  Fd parent, dir;
  std::string temp;
  bool committed = false;
  bool owner_only = false;
};

FolderWriter::FolderWriter(const std::string& path, std::vector<std::string> names, bool owner_only)
    : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.owner_only = owner_only;
  s.target = target_of(path, true);
  s.names = std::move(names);
  if (s.target.old) {
    check_replaceable(path, s.target.resolved, *s.target.old, true);
    std::error_code ec;
    for (fs::directory_iterator it(s.target.resolved, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const std::string shown = (fs::path(path) / name).string();
      if (std::find(s.names.begin(), s.names.end(), name) == s.names.end())
        refuse(path, "it holds '" + name + "', which is not part of what is written here, and the whole folder is "
                     "replaced: move it away, or write to another folder");
      struct stat st;
      if (::lstat(it->path().c_str(), &st) != 0) fail_io("cannot write", shown, errno);
      check_replaceable(shown, it->path().string(), st, false);
      s.old_files[name] = st;
    }
    if (ec) fail_io("cannot read the folder", path, ec.value());
  }
  s.parent = open_folder(s.target.folder, path);
  remove_leftovers(s.parent.get(), s.target.folder, s.target.prefix);
  s.dir = create_temporary(s.target, true, s.temp);
}

FolderWriter::~FolderWriter() {
  if (!s_->committed) {
    std::error_code ignored;
    fs::remove_all(s_->temp, ignored);
  }
}

void FolderWriter::add(const std::string& name, std::string_view data) {
  State& s = *s_;
  const std::string shown = (fs::path(s.target.path) / name).string();
  if (std::find(s.names.begin(), s.names.end(), name) == s.names.end() || name.find('/') != std::string::npos)
    refuse(shown, "it is not one of the files this folder was opened for");
  Fd fd(::openat(s.dir.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) fail_io("cannot create", shown, errno);
  write_all(fd.get(), data, shown);
  const auto old = s.old_files.find(name);
  take_place(fd.get(), old == s.old_files.end() ? std::nullopt : std::optional(old->second),
             new_mode(s.owner_only ? 0600 : 0666), shown);
  if (::fsync(fd.get()) != 0) fail_io("cannot flush", shown, errno);
  if (::close(fd.release()) != 0) fail_io("cannot close", shown, errno);
}

void FolderWriter::commit() {
  State& s = *s_;
  const std::string& path = s.target.path;
  if (::fsync(s.dir.get()) != 0) fail_io("cannot flush", path, errno);
  take_place(s.dir.get(), s.target.old, new_mode(s.owner_only ? 0700 : 0777), path);  // as late as can be (FileWriter::commit)
  const char* to = s.target.resolved.c_str();
  std::string previous;  // where the folder it replaces went
  if (!s.target.old) {
    if (::rename(s.temp.c_str(), to) != 0) fail_io("cannot replace", path, errno);
  } else if (::renameat2(AT_FDCWD, s.temp.c_str(), AT_FDCWD, to, RENAME_EXCHANGE) == 0) {
    previous = s.temp;
  } else {
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) fail_io("cannot replace", path, errno);
    // a file system without the exchange: the old folder steps aside, the new one takes its place
    std::string aside;
    const Fd placeholder = create_temporary(s.target, true, aside);
    if (::rename(to, aside.c_str()) != 0) {
      const int err = errno;
      ::rmdir(aside.c_str());
      fail_io("cannot replace", path, err);
    }
    if (::rename(s.temp.c_str(), to) != 0) {
      const int err = errno;
      (void)::rename(aside.c_str(), to);
      fail_io("cannot replace", path, err);
    }
    previous = aside;
  }
  s.committed = true;
  std::error_code ec;
  if (!previous.empty()) fs::remove_all(previous, ec);
  if (::fsync(s.parent.get()) != 0) fail_io("cannot flush the folder of", path, errno);
  if (ec) fail_io("wrote '" + path + "', but cannot remove the folder it replaced, now", previous, ec.value());
}

}  // namespace shanhai::io
