// libFuzzer target: Date::parse. A shanhai::error is the expected refusal; what parses must
// print (str()) and parse back to the same date, and survive its packed form.
#include <shanhai/date.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const shanhai::Date d = shanhai::Date::parse({reinterpret_cast<const char*>(data), size});
    if (shanhai::Date::parse(d.str()) != d) __builtin_trap();
    if (shanhai::Date::from_packed(d.packed()) != d) __builtin_trap();
  } catch (const shanhai::error&) {
  }
  return 0;
}
