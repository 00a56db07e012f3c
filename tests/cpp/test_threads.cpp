// SharedRegistry under real threads: writers add rows while readers save bytes and take totals.
// Every snapshot loads and is a prefix of the final registry; every total is a prefix's total.
// `make tsan` runs this file under ThreadSanitizer.
#include <shanhai/analysis/totals.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/shared_registry.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace shanhai;

namespace {

// true when every table of `part` is a prefix of the same table of `whole` (the bytes of a
// registry of its rows equal)
bool prefix_of(const Registry& part, const Registry& whole) {
  bool same = part.flows().size() <= whole.flows().size() && part.partners().size() <= whole.partners().size() &&
              part.households().size() <= whole.households().size();
  for (std::size_t i = 0; same && i < part.flows().size(); ++i)
    same = part.flows().amount[i] == whole.flows().amount[i] && part.flows().target[i] == whole.flows().target[i];
  for (std::size_t i = 0; same && i < part.partners().size(); ++i)
    same = part.partners().name[i] == whole.partners().name[i];
  for (std::size_t i = 0; same && i < part.households().size(); ++i)
    same = part.households().number[i] == whole.households().number[i];
  return same;
}

}  // namespace

TEST_CASE("writers and readers of one SharedRegistry see whole writes in order") {
  SharedRegistry shared;
  PartnerId east, west;
  {
    auto w = shared.write();
    east = w->add_partner({.name = "东区", .kind = PartnerKind::district, .side = Side::east});
    west = w->add_partner({.name = "西县", .kind = PartnerKind::county, .side = Side::west});
  }
  constexpr int writers = 4, rounds = 60;
  std::atomic<bool> done{false};
  std::mutex seen_lock;
  std::vector<std::string> snapshots;
  std::vector<std::int64_t> totals;
  std::vector<std::pair<FlowId, std::int64_t>> returned;  // each flow's id and the fen it was given

  std::vector<std::thread> threads;
  for (int k = 0; k < writers; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < rounds; ++i) {
        const std::int64_t fen = 100 * (k * 1000 + i + 1);
        auto w = shared.write();
        const PartnerId v = w->add_partner({.name = "村" + std::to_string(k) + "-" + std::to_string(i),
                                            .kind = PartnerKind::village, .parent = west});
        const FlowId f = w->add_flow({.source = east, .target = v, .amount = Money::from_fen(fen),
                                      .kind = FlowKind::fiscal});
        w->add_household({.number = std::to_string(k) + "-" + std::to_string(i), .village = v, .members = 3});
        std::lock_guard l(seen_lock);
        returned.emplace_back(f, fen);
        std::this_thread::sleep_for(std::chrono::microseconds(50));  // let readers in between writes
      }
    });
  for (int k = 0; k < 2; ++k)
    threads.emplace_back([&] {
      do {
        std::string bytes = io::to_bytes(*shared.read());
        std::lock_guard l(seen_lock);
        snapshots.push_back(std::move(bytes));
      } while (!done);
    });
  threads.emplace_back([&] {
    do {
      const std::int64_t t = shanhai::totals(*shared.read(), {}).total().fen();
      std::lock_guard l(seen_lock);
      totals.push_back(t);
    } while (!done);
  });
  for (int k = 0; k < writers; ++k) threads[std::size_t(k)].join();
  done = true;
  for (std::size_t k = writers; k < threads.size(); ++k) threads[k].join();

  auto whole = shared.read();
  CHECK(whole->flows().size() == std::size_t(writers * rounds));
  for (auto [f, fen] : returned) CHECK(whole->flows().amount[f.value].fen() == fen);
  REQUIRE_FALSE(snapshots.empty());
  for (const std::string& s : snapshots) CHECK(prefix_of(io::from_bytes(s), *whole));
  std::set<std::int64_t> prefix_totals{0};
  std::int64_t sum = 0;
  for (Money m : whole->flows().amount) prefix_totals.insert(sum += m.fen());
  for (std::int64_t t : totals) CHECK(prefix_totals.count(t) == 1);
}

TEST_CASE("a thread that holds a SharedRegistry and calls it again is told it is busy") {
  SharedRegistry shared;
  {
    auto w = shared.write();
    CHECK_THROWS_AS(shared.read(), validation_error);
    CHECK_THROWS_AS(shared.write(), validation_error);
    try {
      (void)shared.try_read();
    } catch (const error& e) {
      CHECK(e.where().reason == "busy");
    }
  }
  auto r = shared.read();
  auto again = shared.read();  // a read inside a read
  CHECK(again->partners().size() == 0);
  CHECK_THROWS_AS(shared.write(), validation_error);
  // another thread cannot write now, and says so without waiting
  bool wrote = true;
  std::thread([&] { wrote = shared.try_write().has_value(); }).join();
  CHECK_FALSE(wrote);
}
