// TextIndex: the rows of a text column by their value, for a column whose non-empty values are
// unique (household registry numbers, ID numbers). It holds row numbers alone, 4 bytes a slot with
// at most 70% of the slots used (6 to 12 bytes a value), and reads the values from the column
// itself: a map of strings held each value again in a node of its own, about 100 bytes a person.
#pragma once

#include <shanhai/list_column.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace shanhai::detail {

class TextIndex {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFF;

  std::size_t size() const noexcept { return size_; }

  /// The row whose value is `key`, or `none`.
  std::uint32_t find(const TextColumn& column, std::string_view key) const noexcept {
    if (slots_.empty()) return none;
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      const std::uint32_t row = slots_[i];
      if (row == none || column[row] == key) return row;
    }
  }

  /// Adds `row`, whose value is in `column` and not empty. False, leaving the index as it was,
  /// when another row holds that value. May throw bad_alloc, leaving the index as it was.
  bool insert(const TextColumn& column, std::uint32_t row) {
    const std::string_view key = column[row];
    if (find(column, key) != none) return false;
    if ((size_ + 1) * 10 > slots_.size() * 7) rehash(column, std::max<std::size_t>(16, slots_.size() * 2));
    place(key, row);
    ++size_;
    return true;
  }

  /// Removes the row whose value is `key`, if any (before the column forgets the value).
  void erase(const TextColumn& column, std::string_view key) noexcept {
    if (slots_.empty()) return;
    std::size_t i = home(key);
    while (slots_[i] != none && column[slots_[i]] != key) i = (i + 1) & mask();
    if (slots_[i] == none) return;
    // linear probing without tombstones: move back each later value whose home is not after the hole
    for (std::size_t j = (i + 1) & mask(); slots_[j] != none; j = (j + 1) & mask()) {
      const std::size_t k = home(column[slots_[j]]);
      if (((j - k) & mask()) >= ((j - i) & mask())) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = none;
    --size_;
  }

  /// Room for `values` values in all without growing.
  void reserve(const TextColumn& column, std::size_t values) {
    std::size_t capacity = 16;
    while (values * 10 > capacity * 7) capacity *= 2;
    if (capacity > slots_.size()) rehash(column, capacity);
  }

  std::size_t memory() const noexcept { return slots_.capacity() * sizeof(std::uint32_t); }

 private:
  std::size_t mask() const noexcept { return slots_.size() - 1; }

  // FNV-1a, then a Fibonacci multiply so that the top bits, which pick the slot, mix every byte
  std::size_t home(std::string_view key) const noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : key) h = (h ^ std::uint8_t(c)) * 0x100000001b3ULL;
    return std::size_t((h * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  void place(std::string_view key, std::uint32_t row) noexcept {
    std::size_t i = home(key);
    while (slots_[i] != none) i = (i + 1) & mask();
    slots_[i] = row;
  }

  void rehash(const TextColumn& column, std::size_t capacity) {
    std::vector<std::uint32_t> previous(capacity, none);
    previous.swap(slots_);  // a bad_alloc above leaves everything as it was
    int shift = 64;
    for (std::size_t c = capacity; c > 1; c /= 2) --shift;
    shift_ = shift;
    for (const std::uint32_t row : previous)
      if (row != none) place(column[row], row);
  }

  std::vector<std::uint32_t> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace shanhai::detail
