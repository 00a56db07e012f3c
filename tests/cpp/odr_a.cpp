// ODR check, first translation unit: the same headers as odr_b.cpp, a similar use of them, and
// main(). Linking the two proves that every function defined in a header is inline; running
// them returns 0 when both units computed what they should.
#include <shanhai/analysis/check.hpp>
#include <shanhai/analysis/match_wishes.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/date.hpp>
#include <shanhai/detail/apportion.hpp>
#include <shanhai/detail/crc32c.hpp>
#include <shanhai/detail/io_failure.hpp>
#include <shanhai/detail/sha256.hpp>
#include <shanhai/detail/text.hpp>
#include <shanhai/enums.hpp>
#include <shanhai/erasure.hpp>
#include <shanhai/error.hpp>
#include <shanhai/identity.hpp>
#include <shanhai/ids.hpp>
#include <shanhai/money.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/partition.hpp>
#include <shanhai/personal.hpp>
#include <shanhai/progress.hpp>
#include <shanhai/pseudonym.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/shanhai.hpp>
#include <shanhai/shared_registry.hpp>
#include <shanhai/specs.hpp>
#include <shanhai/table.hpp>
#include <shanhai/tables.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

int odr_b();

namespace {

/// A 1000万 total with 600万 + 250万 fiscal and 80万 donation parts; returns the fiscal split in 万 (920).
int odr_a() {
  using namespace shanhai;
  Registry reg;
  const PartnerId east = reg.add_partner({.name = "厦门市", .kind = PartnerKind::city, .side = Side::east});
  const PartnerId west = reg.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId town = reg.add_partner({.name = "枹罕镇", .kind = PartnerKind::town, .parent = west});
  const FlowId root = reg.add_flow({.source = east, .target = west, .amount = Money::parse("1000万"),
                                    .date = Date::parse("2018"), .kind = FlowKind::fiscal});
  reg.add_flow({.source = east, .target = town, .amount = Money::parse("600万"), .kind = FlowKind::fiscal, .parent = root});
  reg.add_flow({.source = east, .target = town, .amount = Money::parse("250万"), .kind = FlowKind::fiscal, .parent = root});
  reg.add_flow({.source = east, .target = west, .amount = Money::parse("80万"), .kind = FlowKind::donation, .parent = root});
  reg.add_exchange({.sender = east, .host = west, .role = Role::teacher, .persons = 8, .date = Date::parse("2018")});
  const Totals t = totals(reg, Scope{}, {Field::kind});
  const Report rep = report(reg, ReportScope{});
  const bool ok = t.total() == Money::parse("1000万") && t.unexplained().wan() == "70" &&
                  rep.count("talent.dispatched") == 8 && detail::crc32c("") == 0 && detail::valid_utf8("王坪村") &&
                  enum_from_string<FlowKind>("donation") == FlowKind::donation &&
                  detail::apportion(1, {0, 2}) == std::vector<std::int64_t>{0, 1};
  return ok ? int(t[{std::int64_t(FlowKind::fiscal)}].fen() / 1'000'000) : -1;
}

}  // namespace

int main() {
  const int a = odr_a(), b = odr_b();
  if (a != 920 || b != 984) {
    std::fprintf(stderr, "odr: expected 920 and 984, got %d and %d\n", a, b);
    return 1;
  }
  return 0;
}
