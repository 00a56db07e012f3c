// The 40-byte envelope around an archive payload, with both checksums right, so that a fuzz
// input reaches the archive reader instead of stopping at the checksum (docs/files.md).
#pragma once

#include <shanhai/detail/crc32c.hpp>
#include <shanhai/io/archive.hpp>

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace shanhai::fuzz {

inline std::string seal(io::Format kind, std::string_view payload) {
  std::string out("SHANHAI\x1a", 8);
  auto put = [&out](std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(char(v >> (8 * i) & 0xFF));
  };
  put(io::format_version, 4);
  out.push_back(char(kind));
  out.push_back(char(std::endian::native == std::endian::little));
  out.push_back(char(sizeof(int)));
  out.push_back(char(sizeof(long)));
  out.push_back(char(sizeof(std::size_t)));
  out.append(7, '\0');
  put(payload.size(), 8);
  put(detail::crc32c(payload), 4);
  put(detail::crc32c(out), 4);
  out.append(payload);
  return out;
}

}  // namespace shanhai::fuzz
