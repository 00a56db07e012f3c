// What a call refused with: the error's where(), or reason "none" when it was not refused.
#pragma once

#include <shanhai/error.hpp>

namespace shanhai::testing {

inline Where refused(auto&& call) {
  try {
    call();
  } catch (const error& e) {
    return e.where();
  }
  return {.reason = "none"};
}

}  // namespace shanhai::testing
