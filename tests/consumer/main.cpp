#include <shanhai/shanhai.hpp>
#include <iostream>
int main() {
  shanhai::Registry reg;
  auto siming = reg.add_partner({.name = "思明区", .kind = shanhai::PartnerKind::district, .side = shanhai::Side::east});
  auto linxia = reg.add_partner({.name = "临夏市", .kind = shanhai::PartnerKind::county, .side = shanhai::Side::west});
  reg.add_flow({.source = siming, .target = linxia, .amount = shanhai::Money::parse("984万"), .date = shanhai::Date::parse("2018"), .kind = shanhai::FlowKind::fiscal});
  shanhai::Report rep = report(reg, {.year = 2018});
  std::cout << rep.money("funds.total").fen() << "\n";
  return rep.money("funds.total").fen() == 984'000'000 ? 0 : 1;
}
