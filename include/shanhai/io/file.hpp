// Files replaced whole: what save and the exports write goes to a temporary file (or folder)
// beside its target and is swapped in once complete, so that a reader finds the old file or the
// new one, never a part, and nobody who could not read the finished file can read it on the way.
//
//   - The temporary is readable by its owner only from the moment it exists. Once written and
//     flushed, just before the swap, it takes the mode, owner and group of what it replaces (the
//     owner where permitted), or, when it replaces nothing, the mode a new file gets (0666, less
//     the umask; 0600 for a file `owner_only`, one holding personal data): never more than the
//     finished file allows.
//   - A symbolic link is followed: the file it names is replaced and the link stays.
//   - A target that is not a regular file (a folder, a pipe, a device), or has no write
//     permission (for the writer, or for anyone), is refused before anything is written.
//   - What a writer killed before it finished leaves behind is readable by its owner only (but
//     for a kill in the three system calls between taking the final mode and the swap), and is
//     removed by the next writer of the same target (a writer keeps its temporary locked).
//
// Every failure throws io_error naming the path and the cause (reason code "io").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace shanhai::io {

/// A file written beside `path` and renamed over it by commit(): fsync, rename, fsync of the
/// folder. Destroyed without commit(), it leaves the target as it was and nothing beside it.
class FileWriter {
 public:
  /// `owner_only`: a new file is its owner's alone (0600), as one holding personal data should
  /// be; a file it replaces keeps its mode either way.
  explicit FileWriter(const std::string& path, bool owner_only = false);
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;
  ~FileWriter();

  /// Appends `data`, and has the kernel start putting it on disk at once.
  void write(std::string_view data);
  /// Writes `data` at `offset` (a header left room for and filled in last).
  void write_at(std::uint64_t offset, std::string_view data);
  void commit();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

/// The whole of `path` replaced by `data`, as FileWriter does.
void write_file(const std::string& path, std::string_view data, bool owner_only = false);

/// A folder of files written beside `path` and swapped with it by commit() (one atomic rename
/// exchange where the file system has it), after which the previous folder is removed. `names`
/// are the files it will hold: an existing folder at `path` that holds anything else (which the
/// swap would lose) is refused, as is one of its files that could not be replaced itself.
class FolderWriter {
 public:
  /// `owner_only`: a new folder and its new files are its owner's alone (0700, 0600).
  FolderWriter(const std::string& path, std::vector<std::string> names, bool owner_only = false);
  FolderWriter(const FolderWriter&) = delete;
  FolderWriter& operator=(const FolderWriter&) = delete;
  ~FolderWriter();

  /// Writes the file `name` (one of the names) into the new folder, and flushes it.
  void add(const std::string& name, std::string_view data);
  void commit();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace shanhai::io
