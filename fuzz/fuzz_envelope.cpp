// libFuzzer target: shanhai::io::from_bytes on raw bytes (envelope checks, then the archive).
// A shanhai::error is the expected refusal; anything else escaping, a crash, a leak, undefined
// behaviour or an allocation over -malloc_limit_mb is a finding.
#include <shanhai/io/archive.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const shanhai::Registry reg = shanhai::io::from_bytes({reinterpret_cast<const char*>(data), size});
    // whatever loads must save and load again to the same bytes
    const std::string again = shanhai::io::to_bytes(reg, shanhai::io::Format::text);
    if (shanhai::io::to_bytes(shanhai::io::from_bytes(again), shanhai::io::Format::text) != again)
      __builtin_trap();
  } catch (const shanhai::error&) {
  }
  return 0;
}
