// libFuzzer target: the archive reader and the replay behind it. The first input byte picks the
// archive kind (binary, text, xml); the rest is the payload, sealed in an envelope with the right
// checksums so that every input reaches Boost.Serialization and Registry::replay.
// A shanhai::error is the expected refusal; anything else is a finding.
#include "envelope.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto kind = shanhai::io::Format(data[0] % 3);
  const std::string file =
      shanhai::fuzz::seal(kind, {reinterpret_cast<const char*>(data) + 1, size - 1});
  try {
    const shanhai::Registry reg = shanhai::io::from_bytes(file);
    // whatever loads passes validation again, and saves to the same bytes as its reload
    const std::string again = shanhai::io::to_bytes(reg, kind);
    if (shanhai::io::to_bytes(shanhai::io::from_bytes(again), kind) != again) __builtin_trap();
  } catch (const shanhai::error&) {
  }
  return 0;
}
