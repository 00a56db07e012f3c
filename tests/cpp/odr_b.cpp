// ODR check, second translation unit: includes every header under include/shanhai/ (io/ is
// checked on its own) and uses them, so that a non-inline function defined in a header is
// defined here and in odr_a.cpp, and the link fails.
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
#include <vector>

int odr_b();

/// The seed pair; returns funds.total in 万 (984) when every figure is as expected, else -1.
int odr_b() {
  using namespace shanhai;
  Registry reg;
  const PartnerId siming = reg.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId linxia = reg.add_partner({.name = "临夏市", .kind = enum_from_string<PartnerKind>("county"),
                                            .side = Side::west});
  const PartnerId wangping = reg.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = linxia});
  const FlowId total = reg.add_flow({.source = siming, .target = linxia, .amount = Money::parse("984万"),
                                     .date = Date::parse("2018"), .kind = FlowKind::fiscal});
  reg.add_flow({.source = siming, .target = wangping, .amount = Money::parse("34万"), .date = Date::parse("2018-05"),
                .kind = FlowKind::fiscal, .parent = total});
  const HouseholdId h = reg.add_household({.number = "622901100201000001", .village = wangping, .members = 4});
  const WishId w = reg.add_wish({.household = h, .text = "书包和文具", .cost = Money::parse("300元"),
                                .date = Date::parse("2018-12")});
  reg.claim_wish(w, siming, Date::parse("2018-12-28"));
  reg.fulfil_wish(w, Date::ymd(2019, 1, 10));

  const Report rep = report(reg, {.year = 2018, .east = siming, .west = linxia});
  bool ok = rep.money("funds.total") == Money::parse("984万") && rep.money("funds.unexplained").wan() == "950" &&
            totals(reg, Scope{}, {Field::kind}).total().yuan() == "9840000.00" && rep.count("wishes.fulfilled") == 1;
  ok = ok && detail::valid_utf8(reg.partners().name[0]) && detail::crc32c("123456789") == 0xE3069283u;
  ok = ok && detail::apportion(10, {1, 1, 1}) == std::vector<std::int64_t>{4, 3, 3};
  ok = ok && to_string(reg.wishes().state[0]) == "fulfilled" && enum_checked<Role>(1) == Role::teacher;
  try {
    (void)Money::parse("1.001元");
    ok = false;
  } catch (const validation_error&) {
  }
  return ok ? int(rep.money("funds.total").fen() / 1'000'000) : -1;
}
