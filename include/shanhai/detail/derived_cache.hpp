// Indexes derived from a registry's tables, kept between const calls (trace's per-source lists).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <typeindex>
#include <typeinfo>
#include <vector>

namespace shanhai::detail {

/// Each index is kept under its type and a key (the parameters it was made for) with the stamp
/// of the tables it was made from (their row counts): a different stamp makes it again. Tables
/// only grow, so a stamp changes with every row added; what removes rows (a rollback) or
/// replaces the tables clears the cache. Readers on several threads may ask at once: a mutex
/// guards the entries and an index is made once, under it (a recursive one: an index may be made
/// from another, as figures' flows are made with totals, which keep their own); an index is
/// immutable and shared, so a reader keeps the one it got while the entries change. A copy or
/// move starts empty.
class DerivedCache {
 public:
  using Stamp = std::array<std::size_t, 5>;

  DerivedCache() = default;
  DerivedCache(const DerivedCache&) noexcept {}
  DerivedCache(DerivedCache&&) noexcept {}
  DerivedCache& operator=(const DerivedCache& other) noexcept {
    if (this != &other) clear();
    return *this;
  }
  DerivedCache& operator=(DerivedCache&& other) noexcept {
    if (this != &other) clear();
    return *this;
  }
  ~DerivedCache() = default;

  /// The index of type T for `key` made from tables at `stamp`: the one kept, or make()'s.
  template <class T, class Make>
  std::shared_ptr<const T> get(std::uint64_t key, const Stamp& stamp, Make&& make) const {
    const std::type_index type(typeid(T));
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      Entry& e = entries_[i];
      if (e.type != type || e.key != key) continue;
      if (e.stamp == stamp) return std::static_pointer_cast<const T>(e.index);
      entries_.erase(entries_.begin() + std::ptrdiff_t(i));  // made from other rows
      break;
    }
    auto made = std::make_shared<const T>(make());
    const auto of_type = [&](const Entry& e) { return e.type == type; };
    if (std::count_if(entries_.begin(), entries_.end(), of_type) == max_entries)  // the oldest of its type goes
      entries_.erase(std::find_if(entries_.begin(), entries_.end(), of_type));
    entries_.push_back({type, key, stamp, made});
    return made;
  }
  /// Forgets every index (the tables lost rows or were replaced).
  void clear() noexcept {
    std::lock_guard lock(mutex_);
    entries_.clear();
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  // two of a type: each may be sized by the registry (trace's lists of a national registry are a
  // few hundred MB), and a session mostly asks for one stage and kinds, at times a second
  static constexpr std::ptrdiff_t max_entries = 2;
  struct Entry {
    std::type_index type;
    std::uint64_t key;
    Stamp stamp;
    std::shared_ptr<const void> index;
  };
  mutable std::recursive_mutex mutex_;
  mutable std::vector<Entry> entries_;
};

}  // namespace shanhai::detail
