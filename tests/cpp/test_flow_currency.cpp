// A flow's currency: each flow has one (the registry's unless given), a chain keeps one, files
// keep them (format 8), and no total, trace or report ever adds two currencies.
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/registry.hpp>

#include <doctest/doctest.h>

#include "refused.hpp"

#include <string>
#include <vector>

using namespace shanhai;
using shanhai::testing::refused;

namespace {

// Cordaid's COVID-19 activities as published to IATI (d-portal, 2021): one publisher disbursing
// in EUR and in USD, its activities without a default currency. Amounts are illustrative, in the
// shape of the published ones; the pool of the Dutch Relief Alliance passes EUR money on.
struct TwoCurrencies {
  Registry reg;
  PartnerId dra = reg.add_partner({"Dutch Relief Alliance"});
  PartnerId cordaid = reg.add_partner({"Cordaid"});
  PartnerId partner = reg.add_partner({"a local partner"});
  FlowId grant, passed, usd;
  TwoCurrencies() : reg(Currency("EUR")) {
    grant = reg.add_flow({dra, cordaid, Money::parse("1200000"), Date::ymd(2020, 5), FlowKind::donation});
    passed = reg.add_flow({.source = cordaid, .target = partner, .amount = Money::parse("450000"),
                           .date = Date::ymd(2020, 6), .kind = FlowKind::donation, .parent = grant});
    usd = reg.add_flow({.source = cordaid, .target = partner, .amount = Money::parse("300000.50"),
                        .date = Date::ymd(2020, 7), .kind = FlowKind::donation, .currency = Currency("USD")});
  }
};

Scope in(const char* code) {
  Scope s;
  s.kinds = {FlowKind::donation};
  if (code) s.currency = Currency(code);
  return s;
}

}  // namespace

TEST_CASE("a flow is in the registry's currency unless given, and a part or money passed on in its parent's") {
  TwoCurrencies t;
  CHECK(t.reg.flows().currency[t.grant.value] == Currency("EUR"));
  CHECK(t.reg.flows().currency[t.passed.value] == Currency("EUR"));
  CHECK(t.reg.flows().currency[t.usd.value] == Currency("USD"));
  const std::size_t before = t.reg.flows().size();
  const Where w = refused([&] {
    t.reg.add_flow({.source = t.cordaid, .target = t.partner, .amount = Money::parse("10"), .parent = t.grant,
                    .currency = Currency("USD")});
  });
  CHECK(w.table == "flows");
  CHECK(w.field == "currency");
  CHECK(w.reason == "rule");
  CHECK(t.reg.flows().size() == before);
}

TEST_CASE("totals never add two currencies: one is asked, or the result is split by currency") {
  TwoCurrencies t;
  const Where w = refused([&] { (void)totals(t.reg, in(nullptr)); });
  CHECK(w.field == "currency");
  CHECK(w.reason == "mismatch");

  // the EUR grant once (its 45万 passed on is inside it); the USD flow alone
  const Totals eur = totals(t.reg, in("EUR"));
  CHECK(eur.total() == Money::parse("1200000"));
  CHECK(eur.reported() == Money::parse("1650000"));
  CHECK(eur.currency() == Currency("EUR"));
  const Totals usd = totals(t.reg, in("USD"));
  CHECK(usd.total() == Money::parse("300000.50"));
  CHECK(totals(t.reg, in("GBP")).total() == Money());

  const Totals split = totals(t.reg, in(nullptr), {Field::currency});
  REQUIRE(split.size() == 2);
  CHECK(split[{Currency("EUR").packed()}] == Money::parse("1200000"));
  CHECK(split[{Currency("USD").packed()}] == Money::parse("300000.50"));
  CHECK(!split.currency());
  for (auto figure : {&Totals::total, &Totals::reported, &Totals::unexplained}) {
    const Where m = refused([&] { (void)(split.*figure)(); });
    CHECK(m.reason == "mismatch");
  }
  // a split of one currency has its figures
  const Totals one = totals(t.reg, in("USD"), {Field::currency, Field::target});
  CHECK(one.total() == Money::parse("300000.50"));
  CHECK(one.currency() == Currency("USD"));
}

TEST_CASE("a currency asked reads the chains as any other scope does: the one pass and the followed one agree") {
  TwoCurrencies t;
  for (const char* code : {"EUR", "USD"}) {
    CAPTURE(code);
    Scope fast = in(code), followed = in(code);
    for (std::size_t s = 0; s < enum_count<Sector>; ++s) followed.purposes.push_back(Sector(s));
    for (const std::vector<Field>& by : {std::vector<Field>{}, {Field::target}, {Field::currency, Field::source}}) {
      const Totals a = totals(t.reg, fast, by), b = totals(t.reg, followed, by);
      CHECK(a.groups() == b.groups());
      CHECK(a.total() == b.total());
      CHECK(a.reported() == b.reported());
    }
  }
  // a registry of one currency, asked for it, takes the one pass and gives the same
  Registry one(Currency("USD"));
  const PartnerId a = one.add_partner({"a"}), b = one.add_partner({"b"});
  one.add_flow({a, b, Money::parse("5"), Date::ymd(2021), FlowKind::donation});
  CHECK(totals(one, in("USD")).total() == Money::parse("5"));
  CHECK(totals(one, in(nullptr)).total() == Money::parse("5"));
}

TEST_CASE("a batch is as strict as one flow: a child in another currency than its parent is refused at its row") {
  TwoCurrencies t;
  FlowTable rows;
  rows.append_row(Node(t.cordaid), Node(t.partner), Money::parse("10"), Date(), FlowKind::donation, Stage::disbursement,
                  Sector::unspecified, t.grant, std::string_view(), PairingId(), Currency("EUR"),
                  std::uint8_t(0));
  rows.append_row(Node(t.cordaid), Node(t.partner), Money::parse("10"), Date(), FlowKind::donation, Stage::disbursement,
                  Sector::unspecified, t.usd, std::string_view(), PairingId(), Currency("EUR"),
                  std::uint8_t(0));
  const std::size_t before = t.reg.flows().size();
  const Where w = refused([&] { t.reg.append(rows); });
  CHECK(w.table == "flows");
  CHECK(w.row == 1);
  CHECK(w.field == "currency");
  CHECK(t.reg.flows().size() == before);
}

TEST_CASE("files keep each flow's currency in every format") {
  TwoCurrencies t;
  for (io::Format f : {io::Format::binary, io::Format::text, io::Format::xml}) {
    CAPTURE(io::to_string(f));
    const Registry back = io::from_bytes(io::to_bytes(t.reg, f));
    CHECK(back.flows().currency == t.reg.flows().currency);
    CHECK(totals(back, in("USD")).total() == Money::parse("300000.50"));
  }
}

TEST_CASE("trace and the report count the registry's currency, and refuse a registry with flows in others") {
  TwoCurrencies t;
  CHECK(refused([&] { (void)trace(t.reg, Node(t.dra)); }).reason == "mismatch");
  CHECK(refused([&] { (void)report(t.reg, ReportScope{}); }).reason == "mismatch");
}
