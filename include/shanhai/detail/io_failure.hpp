// Failed system calls on files as io_error: what failed, the path, the cause (reason "io").
#pragma once

#include <shanhai/error.hpp>

#include <sys/stat.h>

#include <cstring>
#include <string>

namespace shanhai::detail {

[[noreturn]] inline void fail_io(const std::string& what, const std::string& path, int err) {
  throw io_error(what + " '" + path + "': " + std::strerror(err), Where{.reason = std::string(reason::io)});
}

/// What a file of this mode is, for a message: "a folder", "a pipe (FIFO)", ...
inline const char* file_kind(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace shanhai::detail
