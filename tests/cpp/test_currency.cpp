// A registry's currency: ISO 4217 codes only, kept by files (format 3; older files are CNY), by
// partitions, and by merges, which never put two currencies together.
#include <shanhai/currency.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/io/serialize.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/partition.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace shanhai;

namespace {

Registry usd_sample() {
  Registry reg(Currency("USD"));
  const PartnerId donor = reg.add_partner({"Donor"});
  const PartnerId jordan = reg.add_partner({"Jordan", PartnerKind::province, Side::west});
  reg.add_flow({donor, jordan, Money::parse("450638423"), Date::ymd(2020)});
  return reg;
}

}  // namespace

TEST_CASE("a currency is an ISO 4217 code, CNY unless given") {
  CHECK(Currency().code() == "CNY");
  CHECK(Currency().is_cny());
  CHECK(Currency("USD").code() == "USD");
  CHECK(Currency("JOD") != Currency("USD"));
  CHECK(Registry().currency() == Currency());
  for (const char* bad : {"usd", "US", "USDD", "ABC", "", "人民币"}) {
    CAPTURE(bad);
    try {
      (void)Currency(bad);
      FAIL("accepted");
    } catch (const validation_error& e) {
      CHECK(e.where().reason == reason::unknown_value);
      CHECK(e.where().field == "currency");
    }
  }
}

TEST_CASE("files keep the currency: a file of format 3 names it and every format reads it back") {
  const Registry reg = usd_sample();
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    CAPTURE(io::to_string(f));
    const Registry back = io::from_bytes(io::to_bytes(reg, f));
    CHECK(back.currency() == Currency("USD"));
    CHECK(back.flows().amount[0] == Money::parse("450638423"));
  }
  // the code's three bytes as one number: 'U' 'S' 'D' = 0x555344
  CHECK(io::to_bytes(reg, io::Format::xml).find("<currency>5591876</currency>") != std::string::npos);
  CHECK(io::from_bytes(io::to_bytes(Registry(), io::Format::text)).currency() == Currency());
}

TEST_CASE("a file's currency is an ISO 4217 code or the file is refused") {
  CHECK(detail::unpacked_currency(Currency("JOD").packed()) == Currency("JOD"));
  for (std::uint32_t forged : {0u, 0x58595Au /* XYZ */, 0x757364u /* usd */, 0x1555344u}) {
    CAPTURE(forged);
    CHECK_THROWS_AS((void)detail::unpacked_currency(forged), format_error);
  }
}

TEST_CASE("a merge keeps the one currency and refuses two") {
  const Registry a = usd_sample(), b = usd_sample(), c;
  const Registry* same[] = {&a, &b};
  CHECK(merge(same).currency() == Currency("USD"));
  const Registry* mixed[] = {&a, &c};
  try {
    (void)merge(mixed);
    FAIL("merged two currencies");
  } catch (const validation_error& e) {
    CHECK(std::string(e.what()).find("two currencies are never added") != std::string::npos);
    CHECK(e.where().reason == reason::mismatch);
  }
}

TEST_CASE("a partition's parts count in the registry's currency, and merge back to it") {
  const Registry reg = usd_sample();
  const std::vector<Partition> parts = partition(reg, PartitionSpec{.parts = 2, .region = PartnerKind::province});
  for (const Partition& p : parts) CHECK(p.registry.currency() == Currency("USD"));
  CHECK(merge(std::span<const Partition>(parts)).currency() == Currency("USD"));
}
