// Exceptions: every refused call throws one of these and changes nothing.
#pragma once

#include <stdexcept>
#include <string>

namespace shanhai {

/// Base of every error the library throws on bad input.
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A value or a rule is broken: which field, which value, why.
struct validation_error : error {
  using error::error;
};

/// An id or a name that the registry does not hold.
struct not_found : error {
  using error::error;
};

/// Unreadable text or file.
struct format_error : error {
  using error::error;
};

/// A file could not be read or written: the message names the path and the cause.
struct io_error : error {
  using error::error;
};

}  // namespace shanhai
