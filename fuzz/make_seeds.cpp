// Writes seed inputs for the fuzz targets into <dir>/<target>/: small registries (one row of
// every table, nested vectors, one table at a time) in every archive kind, so that the fuzzer
// starts from inputs that load and are small enough to run fast; the files given (the golden
// files), and a few money and date strings.
//
//   make_seeds <dir> [file.shanhai...]
//
// fuzz_envelope takes whole files; fuzz_archive takes the archive kind byte and the payload.
#include <shanhai/io/archive.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace shanhai;

namespace {

Registry every_table() {
  Registry r;
  const PartnerId east = r.add_partner({.name = "思明区", .kind = PartnerKind::district, .side = Side::east});
  const PartnerId west = r.add_partner({.name = "临夏市", .kind = PartnerKind::county, .side = Side::west});
  const PartnerId village =
      r.add_partner({.name = "王坪村", .kind = PartnerKind::village, .parent = west, .code = "622901", .note = "a<&>\"'"});
  r.pair({.a = east, .b = west, .kind = PairingKind::east_west, .since = Date::parse("2017")});
  const FlowId root = r.add_flow({.source = east, .target = west, .amount = Money::parse("100万"),
                                  .date = Date::parse("2018-05-03"), .kind = FlowKind::fiscal});
  r.add_flow({.source = west, .target = village, .amount = Money::parse("30万"), .date = Date::parse("2018-06"),
              .kind = FlowKind::fiscal, .parent = root});
  const ProjectId project = r.add_project({.name = "牡丹", .sector = Sector::agriculture, .location = village,
                                           .outputs = {{"workshops", 2}, {"km_road", 12}}});
  const HouseholdId home = r.add_household({.number = "622901000000000001", .village = village, .members = 4});
  r.add_benefit({.beneficiary = home, .via = project, .kind = BenefitKind::income, .amount = Money::parse("500")});
  r.add_exchange({.sender = east, .host = west, .role = Role::teacher, .persons = 3, .batches = 1, .days = 5});
  r.add_training({.organiser = east, .location = west, .role = Role::doctor, .trainees = 40, .days = 2});
  const WishId wish = r.add_wish({.household = home, .text = "书包", .cost = Money::parse("80")});
  r.claim_wish(wish, east, Date::parse("2018-09-01"));
  r.add_event({.kind = EventKind::joint_meeting, .date = Date::parse("2018-03"), .partners = {east, west}});
  r.expect_total({.amount = Money::parse("100万"),
                  .scope = {.source = east, .year = 2018, .kinds = {FlowKind::fiscal}, .purposes = {Sector::mixed}},
                  .citation = "report"});
  return r;
}

Registry one_partner() {
  Registry r;
  r.add_partner({.name = "x"});
  return r;
}

Registry a_project() {
  Registry r;
  const PartnerId p = r.add_partner({.name = "p"});
  r.add_project({.name = "q", .location = p, .outputs = {{"o", 1}}});
  return r;
}

Registry an_event() {
  Registry r;
  const PartnerId p = r.add_partner({.name = "p"});
  const PartnerId q = r.add_partner({.name = "q"});
  r.add_event({.partners = {p, q}});
  return r;
}

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const char* const money[] = {"0", "100万", "1.5亿", "1,234.56元", "-0.01", " 12.30 元", "+7", "92233720368547758.07",
                             "-92233720368547758.08", "0.000万", "1,000,000"};
const char* const dates[] = {"2018", "2018-05", "2018-05-03", "2018/5/3", "2018.12.31", " 2020-02-29 ", "0001-01-01",
                             "9999-12-31", ""};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_seeds <dir> [file.shanhai...]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  for (const char* target : {"fuzz_envelope", "fuzz_archive", "fuzz_money", "fuzz_date"})
    std::filesystem::create_directories(dir / target);
  const std::vector<std::pair<std::string, Registry>> regs = {
      {"empty", Registry()}, {"one_partner", one_partner()}, {"project", a_project()},
      {"event", an_event()}, {"every_table", every_table()}};
  for (const auto& [name, reg] : regs)
    for (io::Format kind : {io::Format::binary, io::Format::text, io::Format::xml}) {
      const std::string file = io::to_bytes(reg, kind);
      const std::string stem = name + "." + std::string(io::to_string(kind));
      write(dir / "fuzz_envelope" / stem, file);
      write(dir / "fuzz_archive" / stem, std::string(1, char(kind)) + file.substr(40));
    }
  for (int i = 2; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    const std::string file = read(path);
    if (file.size() < 40) continue;
    const std::string stem = path.parent_path().filename().string() + "_" + path.filename().string();
    write(dir / "fuzz_envelope" / stem, file);
    write(dir / "fuzz_archive" / stem, file.substr(12, 1) + file.substr(40));  // byte 12: the kind
  }
  int n = 0;
  for (const char* m : money) write(dir / "fuzz_money" / std::to_string(n++), m);
  for (const char* d : dates) write(dir / "fuzz_date" / std::to_string(n++), d);
  return 0;
}
