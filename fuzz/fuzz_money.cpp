// libFuzzer target: Money::parse. A shanhai::error is the expected refusal; what parses must
// print (yuan()) and parse back to the same amount.
#include <shanhai/money.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const shanhai::Money m = shanhai::Money::parse({reinterpret_cast<const char*>(data), size});
    if (shanhai::Money::parse(m.yuan()) != m) __builtin_trap();
    if (shanhai::Money::parse(m.wan() + "万") != m) __builtin_trap();
  } catch (const shanhai::error&) {
  }
  return 0;
}
