// Exceptions: every refused call throws one of these and changes nothing.
//
// Beside its message an error says what failed, where it is known (`where()`): the table, the
// row, the field, the offending value (never a personal one) and a reason code from a fixed
// vocabulary, so that programs (the spreadsheet readers, a notebook) never parse messages.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace shanhai {

/// Reason codes: one word for each way a call is refused. Part of the API: never renamed.
namespace reason {
inline constexpr std::string_view required = "required";            // a value that must be given is missing
inline constexpr std::string_view not_found = "not_found";          // an id, key or name the registry lacks
inline constexpr std::string_view wrong_type = "wrong_type";        // a value of the wrong type (a bool for money)
inline constexpr std::string_view out_of_range = "out_of_range";    // a number or code beyond its column's range
inline constexpr std::string_view not_positive = "not_positive";    // zero or negative where a positive one goes
inline constexpr std::string_view negative = "negative";            // negative where a count or amount goes
inline constexpr std::string_view unknown_value = "unknown_value";  // a name that is no enumerator
inline constexpr std::string_view duplicate = "duplicate";          // given twice, or already registered
inline constexpr std::string_view bad_text = "bad_text";            // not UTF-8, or a character no file can hold
inline constexpr std::string_view bad_format = "bad_format";        // unreadable text: money, a date, a file
inline constexpr std::string_view too_fine = "too_fine";            // finer than the unit (a fraction of a fen)
inline constexpr std::string_view overflow = "overflow";            // a value or a sum beyond what can be held
inline constexpr std::string_view order = "order";                  // dated before what it follows
inline constexpr std::string_view rule = "rule";                    // a counting rule (a part beyond its whole)
inline constexpr std::string_view state = "state";                  // not allowed in the current state
inline constexpr std::string_view unknown_column = "unknown_column";  // a column the call does not take
inline constexpr std::string_view mismatch = "mismatch";            // two values that must agree do not (an amount and its fen)
inline constexpr std::string_view io = "io";                        // a file could not be read or written
inline constexpr std::string_view busy = "busy";                    // the registry is in use by this very call
inline constexpr std::string_view other_registry = "other_registry";  // a handle of another registry
}  // namespace reason

/// What failed, as far as it is known; empty members (row -1) are not known.
struct Where {
  std::string table{};   // "flows"
  std::int64_t row = -1;  // the row of a batch or file
  std::string field{};   // "amount"
  std::string value{};   // the refused value as text; empty for personal fields
  std::string reason{};  // a code of namespace reason
};

/// Base of every error the library throws on bad input.
struct error : std::runtime_error {
  explicit error(const std::string& message, Where where = {})
      : std::runtime_error(message), where_(std::move(where)) {}
  const Where& where() const noexcept { return where_; }

 private:
  Where where_;
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
