// A Registry shared between threads.
//
// A Registry itself is not synchronised: its const calls (totals, trace, report, check, lookups,
// column access, io::save and io::to_bytes) may run together on several threads, but a write
// (any insertion, append, batch or wish step) must run alone, with no other call beside it.
// SharedRegistry enforces that: readers share a lock, a writer holds it alone, so every reader
// sees the registry as it was between two writes (a save writes a prefix of the rows added, in
// order; a total is the total of such a prefix).
//
// A thread that already holds the registry and calls it again (a progress callback of a bulk
// call that tries to read or add rows of the registry being filled) is refused with reason
// "busy" instead of deadlocking; a read inside a read is allowed. A waiting writer goes before
// readers that come after it, so that a stream of saves and totals never starves the writes.
#pragma once

#include <shanhai/error.hpp>
#include <shanhai/registry.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace shanhai {

class SharedRegistry {
 public:
  SharedRegistry() = default;
  explicit SharedRegistry(Registry reg) : reg_(std::move(reg)) {}
  SharedRegistry(const SharedRegistry&) = delete;
  SharedRegistry& operator=(const SharedRegistry&) = delete;

  /// The registry, readable while this lives; other readers may read beside it.
  class Reader {
   public:
    const Registry& operator*() const noexcept { return owner_->reg_; }
    const Registry* operator->() const noexcept { return &owner_->reg_; }
    Reader(Reader&& o) noexcept : owner_(std::exchange(o.owner_, nullptr)), locked_(o.locked_) {}
    Reader& operator=(Reader&&) = delete;
    ~Reader() {
      if (owner_ && locked_) owner_->release(false);
    }

   private:
    friend class SharedRegistry;
    Reader(const SharedRegistry* owner, bool locked) noexcept : owner_(owner), locked_(locked) {}
    const SharedRegistry* owner_;
    bool locked_;  // false: a read inside a read of this thread, which holds the lock already
  };

  /// The registry, writable while this lives; nobody else reads or writes beside it.
  class Writer {
   public:
    Registry& operator*() const noexcept { return owner_->reg_; }
    Registry* operator->() const noexcept { return &owner_->reg_; }
    Writer(Writer&& o) noexcept : owner_(std::exchange(o.owner_, nullptr)) {}
    Writer& operator=(Writer&&) = delete;
    ~Writer() {
      if (owner_) owner_->release(true);
    }

   private:
    friend class SharedRegistry;
    explicit Writer(SharedRegistry* owner) noexcept : owner_(owner) {}
    SharedRegistry* owner_;
  };

  /// Waits until no writer holds the registry.
  Reader read() const { return acquire_read(true).value(); }
  /// Waits until nobody holds the registry.
  Writer write() { return acquire_write(true).value(); }
  /// Without waiting: empty when another thread holds it in the way.
  std::optional<Reader> try_read() const { return acquire_read(false); }
  std::optional<Writer> try_write() { return acquire_write(false); }

 private:
  // What this thread holds, so that a call back into a registry it holds is told, not deadlocked.
  struct Held {
    const SharedRegistry* reg;
    bool writing;
  };
  static std::vector<Held>& held() {
    thread_local std::vector<Held> h;
    return h;
  }
  const Held* held_here() const {
    for (const Held& h : held())
      if (h.reg == this) return &h;
    return nullptr;
  }
  [[noreturn]] static void busy(bool writing) {
    throw validation_error(std::string("registry busy: this thread is ") + (writing ? "writing" : "reading") +
                               " it (a progress callback may not use the registry its call is filling)",
                           {.reason = std::string(reason::busy)});
  }

  std::optional<Reader> acquire_read(bool wait) const {
    if (const Held* h = held_here()) {
      if (h->writing) busy(true);
      return Reader(this, false);
    }
    held().reserve(held().size() + 1);  // so that the push_back after the lock cannot throw
    {
      std::unique_lock lock(mutex_);
      auto free = [this] { return !writing_ && writers_waiting_ == 0; };
      if (!wait && !free()) return std::nullopt;
      changed_.wait(lock, free);
      ++readers_;
    }
    held().push_back({this, false});
    return Reader(this, true);
  }
  std::optional<Writer> acquire_write(bool wait) {
    if (const Held* h = held_here()) busy(h->writing);
    held().reserve(held().size() + 1);
    {
      std::unique_lock lock(mutex_);
      auto free = [this] { return !writing_ && readers_ == 0; };
      if (!wait && !free()) return std::nullopt;
      ++writers_waiting_;
      changed_.wait(lock, free);
      --writers_waiting_;
      writing_ = true;
    }
    held().push_back({this, true});
    return Writer(this);
  }
  void release(bool writing) const noexcept {
    auto& h = held();
    h.erase(std::find_if(h.begin(), h.end(), [this](const Held& x) { return x.reg == this; }));
    std::lock_guard lock(mutex_);
    if (writing) writing_ = false;
    else --readers_;
    if (!writing_ && readers_ == 0) changed_.notify_all();
  }

  Registry reg_;
  // a readers-writer lock that prefers writers (std::shared_mutex on glibc prefers readers)
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int readers_ = 0, writers_waiting_ = 0;
  mutable bool writing_ = false;
};

}  // namespace shanhai
