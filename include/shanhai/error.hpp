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
inline constexpr std::string_view no_unit = "no_unit";              // a bare number where an amount goes (494: persons or yuan?)
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

/// The table a label's first word names, as messages begin: the row ("flow amount") or the call
/// that writes it ("claim_wish by"); empty for calls that write no table ("totals year").
inline std::string_view table_of_label(std::string_view label) noexcept {
  const std::string_view noun = label.substr(0, label.find(' '));
  static constexpr std::pair<std::string_view, std::string_view> tables[] = {
      {"partner", "partners"},         {"pairing", "pairings"},        {"end_pairing", "pairings"},
      {"flow", "flows"},               {"distribute", "flows"},        {"project", "projects"},
      {"household", "households"},     {"status_of", "households"},    {"exit_year_of", "households"},
      {"benefit", "benefits"},         {"exchange", "exchanges"},      {"training", "trainings"},
      {"wish", "wishes"},              {"claim_wish", "wishes"},       {"fulfil_wish", "wishes"},
      {"cancel_wish", "wishes"},       {"event", "events"},            {"expect_total", "expectations"},
      {"person", "persons"},           {"set_status", "status_changes"}, {"employment", "employment"},
      {"set_target", "targets"},       {"expect", "expectations"},     {"figure", "figures"},
      {"labour", "labour"},
  };
  for (const auto& [n, table] : tables)
    if (n == noun) return table;
  return {};
}

/// What failed at a field named as messages name it, "<row or call> <field>": where("flow amount",
/// reason::not_positive) is the field amount of table flows; a label of one word is a field of no
/// table ("progress"). `value` only for values that are not personal.
inline Where where(std::string_view label, std::string_view why, std::string value = {}) {
  const auto space = label.find(' ');
  const std::string_view field = space == std::string_view::npos ? label : label.substr(space + 1);
  return {.table = std::string(table_of_label(label)), .field = std::string(field), .value = std::move(value),
          .reason = std::string(why)};
}

/// `text` in quotes as a message shows a refused value: cut short when long, since it may be huge
/// ('abc', or 'abcd…' (100000 bytes)), and never inside a character.
inline std::string quoted(std::string_view text, std::size_t shown = 40) {
  if (text.size() <= shown) return "'" + std::string(text) + "'";
  while (shown > 0 && (static_cast<unsigned char>(text[shown]) & 0xC0) == 0x80) --shown;
  return "'" + std::string(text.substr(0, shown)) + "…' (" + std::to_string(text.size()) + " bytes)";
}

/// Base of every error the library throws on bad input.
struct error : std::runtime_error {
  explicit error(const std::string& message, Where where = {})
      : std::runtime_error(message), where_(std::move(where)) {}
  const Where& where() const noexcept { return where_; }

 protected:
  // the error's own reason when the thrower gave none
  error(const std::string& message, Where where, std::string_view usual) : error(message, std::move(where)) {
    if (where_.reason.empty()) where_.reason = usual;
  }

 private:
  Where where_;
};

/// A value or a rule is broken: which field, which value, why.
struct validation_error : error {
  using error::error;
};

/// An id or a name that the registry does not hold (reason not_found unless given).
struct not_found : error {
  explicit not_found(const std::string& message, Where where = {})
      : error(message, std::move(where), reason::not_found) {}
};

/// Unreadable text or file (reason bad_format unless given).
struct format_error : error {
  explicit format_error(const std::string& message, Where where = {})
      : error(message, std::move(where), reason::bad_format) {}
};

/// A file could not be read or written: the message names the path and the cause (reason io).
struct io_error : error {
  explicit io_error(const std::string& message, Where where = {}) : error(message, std::move(where), reason::io) {}
};

}  // namespace shanhai
