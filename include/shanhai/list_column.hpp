// A column of variable-length rows in Arrow's layout: every row's values end to end in one
// buffer, and offsets (int64, Arrow's "large" layout) where each row starts. A text column holds
// one string per row this way; a list column (a household's causes) one list.
//
// One std::string or std::vector per row costs 24–32 bytes and an allocation even when empty; a
// row here costs its 8-byte offset and its bytes (nothing while every row is empty), and appends
// without allocating.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace shanhai {

/// Rows of T, each read as a `View` (a span of T, or a string_view for text).
///
/// While every row is empty (a note column nobody filled in), the column is only a count of rows:
/// the offsets are made at the first row with values.
template <class T, class View = std::span<const T>, class Value = std::vector<T>>
class ListColumn {
  static_assert(std::is_trivially_copyable_v<T>, "a list column holds plain values");

 public:
  /// A row as a value of its own (what a spec holds): std::string for text, std::vector<T> else.
  using value_type = Value;
  using element_type = T;

  std::size_t size() const noexcept { return rows_; }
  bool empty() const noexcept { return rows_ == 0; }
  std::size_t capacity() const noexcept { return offsets_.empty() ? std::max(room_, rows_) : offsets_.capacity() - 1; }

  /// Where row `row` starts among the values (`offset(size())`: where the last row ends).
  std::int64_t offset(std::size_t row) const noexcept { return offsets_.empty() ? 0 : offsets_[row]; }
  /// Row `row` (const, so that `column[i] = x`, which could not change the column, does not compile).
  const View operator[](std::size_t row) const noexcept {
    if (offsets_.empty()) return View();
    const auto begin = std::size_t(offsets_[row]);
    return View(values_.data() + begin, std::size_t(offsets_[row + 1]) - begin);
  }
  /// A row as a value of its own (a copy).
  Value value(std::size_t row) const {
    const View v = (*this)[row];
    return Value(v.begin(), v.end());
  }
  View front() const noexcept { return (*this)[0]; }
  View back() const noexcept { return (*this)[size() - 1]; }

  /// Room for `rows` rows and, when given, `values` values in all: what an exact load reserves.
  void reserve(std::size_t rows, std::size_t values = 0) {
    if (offsets_.empty()) room_ = std::max(room_, rows);  // offsets are made only if ever needed
    else offsets_.reserve(rows + 1);
    if (values > values_.capacity()) values_.reserve(values);
  }
  /// Appends a row; if it throws (bad_alloc), the column is as it was.
  void push_back(View row) {
    const std::size_t n = row.size();
    if (offsets_.empty()) {
      if (n == 0) return void(++rows_);
      std::vector<std::int64_t> zeros;  // the first row with values: the empty rows before it get offsets
      zeros.reserve(std::max({room_, 2 * rows_, std::size_t(16)}) + 1);
      zeros.resize(rows_ + 1);
      offsets_.swap(zeros);
    }
    if (offsets_.size() == offsets_.capacity()) offsets_.reserve(2 * offsets_.size());
    const std::size_t at = values_.size();
    const T* from = row.data();
    if (n > 0 && std::less_equal<>()(values_.data(), from) && std::less<>()(from, values_.data() + at)) {
      const std::size_t start = std::size_t(from - values_.data());  // a row of this column itself
      values_.resize(at + n);
      std::copy_n(values_.data() + start, n, values_.data() + at);
    } else {
      values_.insert(values_.end(), row.begin(), row.end());
    }
    offsets_.push_back(std::int64_t(values_.size()));  // room made above: cannot throw
    ++rows_;
  }
  /// Appends the rows of `more` from row `from` on; if it throws (bad_alloc), the column is as it was.
  void append(const ListColumn& more, std::size_t from) {
    const std::size_t rows = more.size() - from;
    if (more.offsets_.empty() || more.offset(from) == more.offset(more.size())) {  // empty rows only
      if (offsets_.empty()) rows_ += rows;
      else resize(rows_ + rows);
      return;
    }
    if (offsets_.empty()) {
      offsets_.reserve(std::max(room_, rows_ + rows) + 1);
      offsets_.resize(rows_ + 1);
    }
    const auto first = std::size_t(more.offsets_[from]), last = std::size_t(more.offsets_.back());
    const auto shift = std::int64_t(values_.size()) - std::int64_t(first);
    const std::size_t had = offsets_.size();
    try {
      values_.insert(values_.end(), more.values_.begin() + std::ptrdiff_t(first),
                     more.values_.begin() + std::ptrdiff_t(last));
      offsets_.reserve(had + rows);
    } catch (...) {
      resize(rows_);
      throw;
    }
    for (std::size_t i = from + 1; i <= more.size(); ++i) offsets_.push_back(more.offsets_[i] + shift);
    rows_ += rows;
  }
  /// Puts `value` in place of row `row`, moving the values after it (a rare change: erasure).
  /// `value` must not be a row of this column; if it throws (bad_alloc), the column is as it was.
  void assign(std::size_t row, View value) {
    if (offsets_.empty()) {
      if (value.empty()) return;
      std::vector<std::int64_t> zeros(rows_ + 1);
      offsets_.swap(zeros);
    }
    const auto begin = std::size_t(offsets_[row]), end = std::size_t(offsets_[row + 1]);
    const std::size_t had = end - begin, n = value.size();
    if (n > had) values_.insert(values_.begin() + std::ptrdiff_t(end), n - had, T());
    else values_.erase(values_.begin() + std::ptrdiff_t(begin + n), values_.begin() + std::ptrdiff_t(end));
    std::copy(value.begin(), value.end(), values_.begin() + std::ptrdiff_t(begin));
    const auto shift = std::int64_t(n) - std::int64_t(had);
    for (std::size_t i = row + 1; i < offsets_.size(); ++i) offsets_[i] += shift;
  }
  /// Cuts the column to `rows` rows, or adds empty rows up to it.
  void resize(std::size_t rows) {
    if (!offsets_.empty()) {
      offsets_.resize(rows + 1, offsets_.back());
      values_.resize(std::size_t(offsets_.back()));
    }
    rows_ = rows;
  }
  void clear() noexcept {
    offsets_.clear();
    values_.clear();
    rows_ = 0;
  }

  /// Every value, end to end.
  const std::vector<T>& values() const noexcept { return values_; }

  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using iterator_concept = std::random_access_iterator_tag;
    using value_type = View;
    using difference_type = std::ptrdiff_t;
    using reference = View;
    iterator() = default;
    iterator(const ListColumn* c, std::size_t i) : c_(c), i_(i) {}
    View operator*() const { return (*c_)[i_]; }
    View operator[](difference_type n) const { return (*c_)[std::size_t(difference_type(i_) + n)]; }
    iterator& operator++() { return ++i_, *this; }
    iterator operator++(int) { return {c_, i_++}; }
    iterator& operator--() { return --i_, *this; }
    iterator operator--(int) { return {c_, i_--}; }
    iterator& operator+=(difference_type n) { return i_ = std::size_t(difference_type(i_) + n), *this; }
    iterator& operator-=(difference_type n) { return *this += -n; }
    friend iterator operator+(iterator it, difference_type n) { return it += n; }
    friend iterator operator+(difference_type n, iterator it) { return it += n; }
    friend iterator operator-(iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(iterator a, iterator b) { return difference_type(a.i_) - difference_type(b.i_); }
    friend bool operator==(iterator a, iterator b) { return a.i_ == b.i_; }
    friend auto operator<=>(iterator a, iterator b) { return a.i_ <=> b.i_; }

   private:
    const ListColumn* c_ = nullptr;
    std::size_t i_ = 0;
  };
  iterator begin() const noexcept { return {this, 0}; }
  iterator end() const noexcept { return {this, size()}; }

  friend bool operator==(const ListColumn& a, const ListColumn& b) {
    if (a.rows_ != b.rows_ || a.values_ != b.values_) return false;
    for (std::size_t i = 0; i <= a.rows_; ++i)
      if (a.offset(i) != b.offset(i)) return false;
    return true;
  }

 private:
  std::vector<std::int64_t> offsets_;  // size() + 1 of them, the first 0; none while every row is empty
  std::vector<T> values_;
  std::size_t rows_ = 0;
  std::size_t room_ = 0;  // rows reserved while there are no offsets
};

/// One UTF-8 string per row.
using TextColumn = ListColumn<char, std::string_view, std::string>;

template <class C>
inline constexpr bool is_list_column = false;
template <class T, class View, class Value>
inline constexpr bool is_list_column<ListColumn<T, View, Value>> = true;

}  // namespace shanhai
