// The Registry's insertions with validation, structure and bulk append. Included by registry.hpp.
#pragma once

#include <shanhai/registry.hpp>

namespace shanhai {
// ---------------------------------------------------------------------------------------------
// structure

inline void Registry::require(Node n, std::string_view field) const {
  switch (n.kind) {
    case NodeKind::partner: return require(n.partner(), t_.partners.size(), field);
    case NodeKind::project: return require(n.project(), t_.projects.size(), field);
    case NodeKind::household: return require(n.household(), t_.households.size(), field);
    case NodeKind::flow: return require(n.flow(), t_.flows.size(), field);
    case NodeKind::none: break;
  }
  throw validation_error(std::string(field) + ": a partner, project or household is required",
                         where(field, reason::required));
}

inline PartnerId Registry::place_of(Node n) const {
  if (n.valid()) require(n, "node");
  switch (n.kind) {
    case NodeKind::partner: return n.partner();
    case NodeKind::project: return t_.projects.location[n.id];
    case NodeKind::household: return t_.households.village[n.id];
    case NodeKind::flow: return place_of(t_.flows.target[n.id]);
    case NodeKind::none: break;
  }
  return PartnerId();
}

inline bool Registry::within(Node n, PartnerId ancestor) const {
  // parents always have smaller ids than their children, so this walk ends
  for (PartnerId p = place_of(n); p; p = t_.partners.parent[p.value])
    if (p == ancestor) return true;
  return false;
}

inline Side Registry::side_of(Node n) const {
  const PartnerId p = place_of(n);
  return p ? t_.partners.side[p.value] : Side::unspecified;
}

inline HouseholdId Registry::household_by_number(std::string_view number) const {
  const std::uint32_t row = household_numbers_.find(t_.households.number, number);
  return row == detail::TextIndex::none ? HouseholdId() : HouseholdId(row);
}

inline PersonId Registry::person_by_id_number(std::string_view id_number) const {
  if (shared())
    throw validation_error("person_by_id_number: a shared registry holds pseudonyms, not ID numbers",
                           where("id_number", reason::rule));
  const std::uint32_t row = person_ids_.find(t_.persons.id_number, detail::ascii_digits(id_number));
  return row == detail::TextIndex::none ? PersonId() : PersonId(row);
}

// ---------------------------------------------------------------------------------------------
// insertion: check everything, then change

inline PartnerId Registry::add_partner(const PartnerSpec& s) {
  require_text(s.name, "partner name", true);
  require_text(s.note, "partner note", false);
  require_count(s.count, "partner count");
  if (s.parent) require(s.parent, t_.partners.size(), "partner parent");
  if (s.code.size() > 12 || !std::all_of(s.code.begin(), s.code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw validation_error("partner code: '" + s.code + "' is not an administrative code of up to 12 digits",
                           where("partner code", reason::bad_format));
  Side side = s.side;
  if (s.parent) {
    const Side above = t_.partners.side[s.parent.value];
    if (side == Side::unspecified) side = above;
    else if (above != Side::unspecified && above != side)
      throw validation_error("partner side: '" + s.name + "' is " + std::string(to_string(side)) +
                             " but its parent '" + std::string(t_.partners.name[s.parent.value]) + "' is " +
                                 std::string(to_string(above)),
                             where("partner side", reason::rule, std::string(to_string(side))));
  }
  return PartnerId(t_.partners.append([&](PartnerTable& t) {
    t.name.push_back(s.name);
    t.kind.push_back(s.kind);
    t.side.push_back(side);
    t.parent.push_back(s.parent);
    t.code.push_back(s.code);
    t.note.push_back(s.note);
    t.count.push_back(s.count);
  }));
}

inline PairingId Registry::pair(const PairingSpec& s) {
  for (auto [n, field] : {std::pair{s.a, "pairing a"}, std::pair{s.b, "pairing b"}}) {
    if (n.kind != NodeKind::partner && n.kind != NodeKind::household)
      throw validation_error(std::string(field) + ": a partner or household is required",
                             where(field, n.kind == NodeKind::none ? reason::required : reason::wrong_type));
    require(n, field);
  }
  if (s.a == s.b) throw validation_error("pairing: a and b are the same", where("pairing b", reason::duplicate));
  require_order(s.since, s.until, "pairing until");
  require_text(s.note, "pairing note", false);
  return PairingId(t_.pairings.append([&](PairingTable& t) {
    t.a.push_back(s.a);
    t.b.push_back(s.b);
    t.kind.push_back(s.kind);
    t.since.push_back(s.since);
    t.until.push_back(s.until);
    t.note.push_back(s.note);
  }));
}

inline Registry::FlowPlan Registry::plan_flow(const FlowSpec& s, Money taken) const {
  for (auto [n, field] : {std::pair{s.source, "flow source"}, std::pair{s.target, "flow target"}}) {
    if (n.kind == NodeKind::flow)
      throw validation_error(std::string(field) + ": a flow cannot send or receive money", where(field, reason::wrong_type));
    require(n, field);
  }
  if (s.source == s.target)
    throw validation_error("flow target: the same as the source", where("flow target", reason::duplicate));
  if (s.correction) {
    if (s.amount >= Money())
      throw validation_error("flow amount: a correction is negative, got " + s.amount.yuan(),
                             where("flow amount", reason::rule, s.amount.yuan()));
    if (s.parent || s.credited_to)
      throw validation_error(std::string("flow ") + (s.parent ? "parent" : "credited_to") +
                                 ": a correction stands alone (no parent, no credit): it reduces the total it "
                                 "counts in by its amount",
                             where(s.parent ? "flow parent" : "flow credited_to", reason::rule));
  } else if (s.amount <= Money()) {
    throw validation_error("flow amount: must be positive, got " + s.amount.yuan() +
                               " (a negative amount correcting earlier money is a correction)",
                           where("flow amount", reason::not_positive, s.amount.yuan()));
  }
  require_text(s.note, "flow note", false);
  if (s.credited_to) {
    require(s.credited_to, t_.pairings.size(), "flow credited_to");
    if (s.parent)
      throw validation_error("flow credited_to: a part or money passed on counts as its root does; credit the root",
                             where("flow credited_to", reason::rule, std::to_string(s.credited_to.value)));
    const PartnerId east = pairing_east(s.credited_to);
    if (!east)
      throw validation_error("flow credited_to: pairing " + std::to_string(s.credited_to.value) +
                                 " has no eastern partner to credit",
                             where("flow credited_to", reason::rule, std::to_string(s.credited_to.value)));
    if (within(s.source, east))
      throw validation_error("flow credited_to: the source is the pair's own eastern partner or below it, whose "
                                 "money its report counts already",
                             where("flow credited_to", reason::rule, std::to_string(s.credited_to.value)));
  }
  FlowPlan plan;
  plan.currency = s.currency.value_or(s.parent && s.parent.value < t_.flows.size() ? t_.flows.currency[s.parent.value] : currency_);
  if (s.parent) {
    require(s.parent, t_.flows.size(), "flow parent");
    if (t_.flows.amount[s.parent.value] < Money())
      throw validation_error("flow parent: flow " + std::to_string(s.parent.value) +
                                 " is a correction, which has no parts and passes nothing on",
                             where("flow parent", reason::rule, std::to_string(s.parent.value)));
    if (const Currency theirs = t_.flows.currency[s.parent.value]; theirs != plan.currency)
      throw validation_error("flow currency: " + std::string(plan.currency.code()) + " differs from its parent's (" +
                                 std::string(theirs.code()) + "); a chain keeps one currency",
                             where("flow currency", reason::rule, std::string(plan.currency.code())));
    const auto p = s.parent.value;
    if (t_.flows.stage[p] != s.stage)
      throw validation_error("flow stage: " + std::string(to_string(s.stage)) + " differs from its parent's (" +
                                 std::string(to_string(t_.flows.stage[p])) + "); a chain keeps one stage",
                             where("flow stage", reason::rule, std::string(to_string(s.stage))));
    if (at_or_below(s.source, t_.flows.target[p]))
      plan.link = Link::pass_through;
    else if (at_or_below(s.source, t_.flows.source[p]) && at_or_below(s.target, t_.flows.target[p]))
      plan.link = Link::part;
    else
      throw validation_error("flow parent: flow " + std::to_string(p) +
                             " is neither a whole this flow is part of (source and target at or below its own) "
                                 "nor money passed on (source at or below its target)",
                             where("flow parent", reason::rule, std::to_string(p)));
    const Money left = remaining(s.parent) - taken;
    if (s.amount > left)
      throw validation_error("flow amount: " + s.amount.yuan() + " yuan exceeds the " + left.yuan() +
                                 " yuan its parent flow " + std::to_string(p) + " has left",
                             where("flow amount", reason::rule, s.amount.yuan()));
    plan.root = flow_index_.root[p];
  }
  require_room(sums_.flows, taken + magnitude(s.amount), "flow amount", "all flows");
  return plan;
}

inline FlowId Registry::commit_flow(const FlowSpec& s, const FlowPlan& plan) {
  // room in the index first, so that nothing can throw once the table has grown
  make_room(flow_index_.link);
  make_room(flow_index_.root);
  make_room(flow_index_.allocated);
  make_room(flow_index_.parts);
  const FlowId id(t_.flows.append([&](FlowTable& t) {
    t.source.push_back(s.source);
    t.target.push_back(s.target);
    t.amount.push_back(s.amount);
    t.date.push_back(s.date);
    t.kind.push_back(s.kind);
    t.stage.push_back(s.stage);
    t.purpose.push_back(s.purpose);
    t.parent.push_back(s.parent);
    t.note.push_back(s.note);
    t.credited_to.push_back(s.credited_to);
    t.currency.push_back(plan.currency);
    t.correction.push_back(s.correction);
  }));
  flow_index_.link.push_back(plan.link);
  flow_index_.root.push_back(plan.root ? plan.root : id);
  flow_index_.allocated.push_back(Money());
  flow_index_.parts.push_back(Money());
  sums_.flows += magnitude(s.amount);  // room checked by plan_flow
  if (s.parent) {
    flow_index_.allocated[s.parent.value] += s.amount;
    if (plan.link == Link::part) flow_index_.parts[s.parent.value] += s.amount;
  }
  return id;
}

inline FlowId Registry::add_flow(const FlowSpec& s) {
  return commit_flow(s, plan_flow(s, Money()));
}

inline std::vector<FlowId> Registry::distribute(const DistributeSpec& d) {
  if (d.to.empty()) throw validation_error("distribute to: no households given", where("distribute to", reason::required));
  if (!d.weights.empty() && d.weights.size() != d.to.size())
    throw validation_error("distribute weights: " + std::to_string(d.weights.size()) + " weights for " +
                               std::to_string(d.to.size()) + " households",
                           where("distribute weights", reason::rule));
  if (d.amount <= Money())
    throw validation_error("distribute amount: must be positive, got " + d.amount.yuan(),
                           where("distribute amount", reason::not_positive, d.amount.yuan()));
  std::vector<std::int64_t> weights = d.weights.empty() ? std::vector<std::int64_t>(d.to.size(), 1) : d.weights;
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (weights[i] <= 0)
      throw validation_error("distribute weights: weight " + std::to_string(i) + " is " + std::to_string(weights[i]) +
                                 "; every household needs a positive weight",
                             where("distribute weights", reason::not_positive, std::to_string(weights[i])));
  const auto shares = detail::apportion(d.amount.fen(), weights);
  std::vector<FlowSpec> specs;
  std::vector<FlowPlan> plans;
  Money taken;
  for (std::size_t i = 0; i < d.to.size(); ++i) {
    if (std::find(d.to.begin(), d.to.begin() + std::ptrdiff_t(i), d.to[i]) != d.to.begin() + std::ptrdiff_t(i))
      throw validation_error("distribute to: household " + std::to_string(d.to[i].value) + " is named twice",
                             where("distribute to", reason::duplicate, std::to_string(d.to[i].value)));
    if (shares[i] == 0)
      throw validation_error("distribute amount: " + d.amount.yuan() + " yuan is too little to give household " +
                                 std::to_string(d.to[i].value) + " a fen",
                             where("distribute amount", reason::too_fine, d.amount.yuan()));
    require(d.to[i], t_.households.size(), "distribute to");
    specs.push_back({d.source, d.to[i], Money::from_fen(shares[i]), d.date, d.kind, Stage::disbursement, d.purpose,
                     d.parent, d.note});
    plans.push_back(plan_flow(specs.back(), taken));
    taken += specs.back().amount;
  }
  return batch([&](Registry& r) {
    std::vector<FlowId> ids;
    for (std::size_t i = 0; i < specs.size(); ++i) ids.push_back(r.commit_flow(specs[i], plans[i]));
    return ids;
  });
}

inline ProjectId Registry::add_project(const ProjectSpec& s) {
  require_text(s.name, "project name", true);
  require_text(s.note, "project note", false);
  if (s.location) require(s.location, t_.partners.size(), "project location");
  if (s.implementer) require(s.implementer, t_.partners.size(), "project implementer");
  require_order(s.start, s.end, "project end");
  for (std::size_t i = 0; i < s.outputs.size(); ++i) {
    const auto& o = s.outputs[i];
    try {
      require_text(o.name, "project output name", true);
      require_count(o.count, "project output '" + o.name + "'");
    } catch (const validation_error& e) {  // the field is the outputs, whatever the output's name
      throw validation_error(e.what(), where("project outputs", e.where().reason, e.where().value));
    }
    for (std::size_t j = 0; j < i; ++j)
      if (s.outputs[j].name == o.name)
        throw validation_error("project outputs: '" + o.name + "' is given twice", where("project outputs", reason::duplicate));
  }
  return ProjectId(t_.projects.append([&](ProjectTable& t) {
    t.name.push_back(s.name);
    t.sector.push_back(s.sector);
    t.location.push_back(s.location);
    t.implementer.push_back(s.implementer);
    t.start.push_back(s.start);
    t.end.push_back(s.end);
    t.outputs.push_back(s.outputs);
    t.note.push_back(s.note);
  }));
}

inline HouseholdId Registry::add_household(const HouseholdSpec& s) {
  require_text(s.number, "household number", false);
  require_text(s.note, "household note", false);
  if (const HouseholdId same = s.number.empty() ? HouseholdId() : household_by_number(s.number))
    throw validation_error("household number: is already registered (household " +  // never echoed: personal
                               std::to_string(same.value) + ")",
                           where("household number", reason::duplicate));
  require(s.village, t_.partners.size(), "household village");
  const PartnerKind vk = t_.partners.kind[s.village.value];
  if (vk != PartnerKind::village && vk != PartnerKind::community && !villages_as_towns())
    throw validation_error("household village: '" + std::string(t_.partners.name[s.village.value]) + "' is a " +
                               std::string(to_string(vk)) + ", not a village or community",
                           where("household village", reason::rule, std::string(to_string(vk))));
  require_count(s.members, "household members");
  if (s.exit_year != 0 && (s.exit_year < 1949 || s.exit_year > 2200))
    throw validation_error("household exit_year: " + std::to_string(s.exit_year) + " is not a plausible year",
                           where("household exit_year", reason::out_of_range, std::to_string(s.exit_year)));
  for (std::size_t i = 0; i < s.causes.size(); ++i)
    if (std::find(s.causes.begin(), s.causes.begin() + std::ptrdiff_t(i), s.causes[i]) !=
        s.causes.begin() + std::ptrdiff_t(i))
      throw validation_error("household causes: '" + std::string(to_string(s.causes[i])) + "' is given twice",
                             where("household causes", reason::duplicate, std::string(to_string(s.causes[i]))));
  require_text(s.address, "household address", false);
  require_text(s.head_name, "household head_name", false);
  make_room(latest_status_);
  const std::size_t row = t_.households.append([&](HouseholdTable& t) {
      t.number.push_back(s.number);
      t.village.push_back(s.village);
      t.members.push_back(s.members);
      t.status.push_back(s.status);
      t.exit_year.push_back(s.exit_year);
      t.note.push_back(s.note);
      t.causes.push_back(s.causes);
      t.address.push_back(s.address);
      t.head_name.push_back(s.head_name);
      latest_status_.push_back(StatusChangeId());  // room made above: cannot throw
  });
  if (!s.number.empty()) {
    try {
      household_numbers_.insert(t_.households.number, std::uint32_t(row));
    } catch (...) {  // bad_alloc: the row goes again
      t_.households.truncate(row);
      latest_status_.resize(row);
      throw;
    }
  }
  return HouseholdId(std::uint32_t(row));
}

inline BenefitId Registry::add_benefit(const BenefitSpec& s) {
  if (s.beneficiary) require(s.beneficiary, t_.households.size(), "benefit beneficiary");
  if (s.via.kind == NodeKind::household)
    throw validation_error("benefit via: a project, flow or partner is required", where("benefit via", reason::wrong_type));
  require(s.via, "benefit via");
  require_count(s.persons, "benefit persons");
  require_count(s.households, "benefit households");
  if (s.amount < Money())
    throw validation_error("benefit amount: must not be negative, got " + s.amount.yuan(),
                           where("benefit amount", reason::negative, s.amount.yuan()));
  if (s.beneficiary && s.households > 1)
    throw validation_error("benefit households: a benefit to one household counts 1, got " +
                               std::to_string(s.households),
                           where("benefit households", reason::rule, std::to_string(s.households)));
  if (!s.beneficiary && s.persons == 0 && s.households == 0)
    throw validation_error("benefit: an aggregate record (no beneficiary) needs persons or households",
                           where("benefit persons", reason::required));
  require_text(s.note, "benefit note", false);
  if (s.part_of) {  // a breakdown of a published aggregate, which is never added to it
    require(s.part_of, t_.benefits.size(), "benefit part_of");
    const auto p = s.part_of.value;
    if (s.beneficiary || t_.benefits.beneficiary[p] || s.kind != t_.benefits.kind[p])
      throw validation_error("benefit part_of: a breakdown and its whole are aggregate records (no beneficiary) of "
                             "one kind; benefit " + std::to_string(p) + " is not the whole of this one",
                             where("benefit part_of", reason::rule, std::to_string(p)));
  }
  require_room(sums_.benefits, s.amount, "benefit amount", "all benefits");
  const BenefitId id(t_.benefits.append([&](BenefitTable& t) {
    t.beneficiary.push_back(s.beneficiary);
    t.via.push_back(s.via);
    t.kind.push_back(s.kind);
    t.date.push_back(s.date);
    t.persons.push_back(s.persons);
    t.households.push_back(s.beneficiary ? 1 : s.households);
    t.amount.push_back(s.amount);
    t.note.push_back(s.note);
    t.part_of.push_back(s.part_of);
  }));
  sums_.benefits += s.amount;
  return id;
}

inline ExchangeId Registry::add_exchange(const ExchangeSpec& s) {
  require(s.sender, t_.partners.size(), "exchange sender");
  require(s.host, t_.partners.size(), "exchange host");
  if (s.sender == s.host)
    throw validation_error("exchange host: the same as the sender", where("exchange host", reason::duplicate));
  require_count(s.person_times, "exchange person_times");
  require_count(s.persons, "exchange persons");
  require_count(s.batches, "exchange batches");
  require_count(s.days, "exchange days");
  const std::int64_t person_times = s.person_times ? s.person_times : s.persons;
  if (s.persons > person_times)
    throw validation_error("exchange persons: " + std::to_string(s.persons) + " persons cannot make " +
                               std::to_string(person_times) + " person-times",
                           where("exchange persons", reason::rule, std::to_string(s.persons)));
  require_text(s.purpose, "exchange purpose", false);
  require_text(s.note, "exchange note", false);
  if (s.part_of) {
    require(s.part_of, t_.exchanges.size(), "exchange part_of");
    const auto p = s.part_of.value;
    if (!within(s.sender, t_.exchanges.sender[p]) || !within(s.host, t_.exchanges.host[p]))
      throw validation_error("exchange part_of: sender and host must sit at or below those of exchange " +
                                 std::to_string(p),
                             where("exchange part_of", reason::rule, std::to_string(p)));
    const std::int64_t left = t_.exchanges.person_times[p] - exchange_allocated_[p];
    if (person_times > left)
      throw validation_error("exchange person_times: " + std::to_string(person_times) + " exceeds the " +
                                 std::to_string(left) + " left in exchange " + std::to_string(p),
                             where("exchange person_times", reason::rule, std::to_string(person_times)));
  }
  make_room(exchange_allocated_);
  const ExchangeId id(t_.exchanges.append([&](ExchangeTable& t) {
    t.sender.push_back(s.sender);
    t.host.push_back(s.host);
    t.role.push_back(s.role);
    t.person_times.push_back(person_times);
    t.persons.push_back(s.persons);
    t.batches.push_back(s.batches);
    t.days.push_back(s.days);
    t.purpose.push_back(s.purpose);
    t.date.push_back(s.date);
    t.part_of.push_back(s.part_of);
    t.note.push_back(s.note);
  }));
  exchange_allocated_.push_back(0);
  if (s.part_of) exchange_allocated_[s.part_of.value] += person_times;
  return id;
}

inline LabourId Registry::add_labour(const LabourSpec& s) {
  require(s.east, t_.partners.size(), "labour east");
  require(s.west, t_.partners.size(), "labour west");
  if (side_of(s.east) == Side::west)
    throw validation_error("labour east: a western partner", where("labour east", reason::rule, std::to_string(s.east.value)));
  if (side_of(s.west) == Side::east)
    throw validation_error("labour west: an eastern partner", where("labour west", reason::rule, std::to_string(s.west.value)));
  if (s.persons <= 0)
    throw validation_error("labour persons: must be positive, got " + std::to_string(s.persons),
                           where("labour persons", reason::not_positive, std::to_string(s.persons)));
  if (s.date.empty())
    throw validation_error("labour date: a date is required", where("labour date", reason::required));
  require_text(s.citation, "labour citation", false);
  require_text(s.note, "labour note", false);
  if (s.part_of) {
    require(s.part_of, t_.labour.size(), "labour part_of");
    // a breakdown is of the same pair: its persons are among the whole's
    if (s.east != t_.labour.east[s.part_of.value] || s.west != t_.labour.west[s.part_of.value])
      throw validation_error("labour part_of: a breakdown is of the same east and west as its whole",
                             where("labour part_of", reason::rule, std::to_string(s.part_of.value)));
  }
  return LabourId(t_.labour.append([&](LabourTable& t) {
    t.east.push_back(s.east);
    t.west.push_back(s.west);
    t.persons.push_back(s.persons);
    t.destination.push_back(s.destination);
    t.status.push_back(s.status);
    t.date.push_back(s.date);
    t.part_of.push_back(s.part_of);
    t.citation.push_back(s.citation);
    t.note.push_back(s.note);
  }));
}

inline TrainingId Registry::add_training(const TrainingSpec& s) {
  require(s.organiser, t_.partners.size(), "training organiser");
  if (s.location) require(s.location, t_.partners.size(), "training location");
  if (s.trainees <= 0)
    throw validation_error("training trainees: must be positive, got " + std::to_string(s.trainees),
                           where("training trainees", reason::not_positive, std::to_string(s.trainees)));
  require_count(s.days, "training days");
  require_count(s.sessions, "training sessions");
  require_text(s.note, "training note", false);
  if (s.part_of) {
    require(s.part_of, t_.trainings.size(), "training part_of");
    if (s.role != t_.trainings.role[s.part_of.value])
      throw validation_error("training part_of: a breakdown trains the same role as its whole",
                             where("training part_of", reason::rule, std::to_string(s.part_of.value)));
  }
  return TrainingId(t_.trainings.append([&](TrainingTable& t) {
    t.organiser.push_back(s.organiser);
    t.location.push_back(s.location);
    t.role.push_back(s.role);
    t.trainees.push_back(s.trainees);
    t.days.push_back(s.days);
    t.date.push_back(s.date);
    t.note.push_back(s.note);
    t.sessions.push_back(s.sessions);
    t.part_of.push_back(s.part_of);
  }));
}

inline WishId Registry::add_wish(const WishSpec& s) {
  require(s.household, t_.households.size(), "wish household");
  require_text(s.text, "wish text", true);
  require_text(s.note, "wish note", false);
  if (s.cost < Money())
    throw validation_error("wish cost: must not be negative, got " + s.cost.yuan(),
                           where("wish cost", reason::negative, s.cost.yuan()));
  require_count(s.batch, "wish batch");
  require_room(sums_.wish_costs, s.cost, "wish cost", "all wishes' costs");
  const WishId id(t_.wishes.append([&](WishTable& t) {
    t.household.push_back(s.household);
    t.text.push_back(s.text);
    t.cost.push_back(s.cost);
    t.date.push_back(s.date);
    t.state.push_back(WishState::open);
    t.claimed_by.push_back(PartnerId());
    t.claimed.push_back(Date());
    t.closed.push_back(Date());
    t.note.push_back(s.note);
    t.batch.push_back(s.batch);
  }));
  sums_.wish_costs += s.cost;
  return id;
}

inline void Registry::require_wish_state(WishId w, WishState expected, std::string_view call) const {
  require(w, t_.wishes.size(), std::string(call) + " wish");
  const WishState now = t_.wishes.state[w.value];
  if (now != expected)
    throw validation_error(std::string(call) + ": wish " + std::to_string(w.value) + " is " +
                               std::string(to_string(now)) + ", not " + std::string(to_string(expected)),
                           where(std::string(call) + " wish", reason::state, std::string(to_string(now))));
}

inline void Registry::claim_wish(WishId w, PartnerId by, Date date) {
  require_wish_state(w, WishState::open, "claim_wish");
  require(by, t_.partners.size(), "claim_wish by");
  require_order(t_.wishes.date[w.value], date, "claim_wish date");
  t_.wishes.claimed_by[w.value] = by;
  t_.wishes.claimed[w.value] = date;
  t_.wishes.state[w.value] = WishState::claimed;
}

inline void Registry::fulfil_wish(WishId w, Date date) {
  require_wish_state(w, WishState::claimed, "fulfil_wish");
  require_order(t_.wishes.claimed[w.value], date, "fulfil_wish date");
  t_.wishes.closed[w.value] = date;
  t_.wishes.state[w.value] = WishState::fulfilled;
}

inline void Registry::cancel_wish(WishId w, Date date) {
  require(w, t_.wishes.size(), "cancel_wish wish");
  const WishState now = t_.wishes.state[w.value];
  if (now != WishState::open && now != WishState::claimed)
    throw validation_error("cancel_wish: wish " + std::to_string(w.value) + " is already " +
                               std::string(to_string(now)),
                           where("cancel_wish wish", reason::state, std::string(to_string(now))));
  require_order(now == WishState::claimed ? t_.wishes.claimed[w.value] : t_.wishes.date[w.value], date,
                "cancel_wish date");
  t_.wishes.closed[w.value] = date;
  t_.wishes.state[w.value] = WishState::cancelled;
}

inline EventId Registry::add_event(const EventSpec& s) {
  for (std::size_t i = 0; i < s.partners.size(); ++i) {
    require(s.partners[i], t_.partners.size(), "event partners");
    for (std::size_t j = 0; j < i; ++j)
      if (s.partners[j] == s.partners[i])
        throw validation_error("event partners: partner " + std::to_string(s.partners[i].value) + " is named twice",
                               where("event partners", reason::duplicate, std::to_string(s.partners[i].value)));
  }
  require_text(s.note, "event note", false);
  require_count(s.participants, "event participants");
  return EventId(t_.events.append([&](EventTable& t) {
    t.kind.push_back(s.kind);
    t.date.push_back(s.date);
    t.partners.push_back(s.partners);
    t.note.push_back(s.note);
    t.participants.push_back(s.participants);
  }));
}

inline Registry::Mark Registry::mark() const noexcept {
  Mark m;
  std::size_t k = 0;
  each_table(t_, [&](const char*, const auto& table) { m.rows[k++] = table.size(); });
  return m;
}

inline void Registry::rollback(const Mark& m) noexcept {
  derived_.clear();  // rows go: the same counts may later hold other rows
  // undo what the removed rows added to the index, newest first
  const std::size_t flows = m.rows[2], exchanges = m.rows[6], households = m.rows[4], changes = m.rows[12];
  for (std::size_t i = t_.status_changes.size(); i-- > changes;)
    latest_status_[t_.status_changes.household[i].value] = previous_status_[i];
  previous_status_.resize(changes);
  latest_status_.resize(households);
  for (std::size_t i = t_.flows.size(); i-- > flows;) {
    sums_.flows -= magnitude(t_.flows.amount[i]);
    if (const FlowId p = t_.flows.parent[i]) {
      flow_index_.allocated[p.value] -= t_.flows.amount[i];
      if (flow_index_.link[i] == Link::part) flow_index_.parts[p.value] -= t_.flows.amount[i];
    }
  }
  for (std::size_t i = m.rows[5]; i < t_.benefits.size(); ++i) sums_.benefits -= t_.benefits.amount[i];
  for (std::size_t i = m.rows[8]; i < t_.wishes.size(); ++i) sums_.wish_costs -= t_.wishes.cost[i];
  for (std::size_t i = m.rows[13]; i < t_.employment.size(); ++i) sums_.wages -= t_.employment.wage[i];
  for (std::size_t i = t_.exchanges.size(); i-- > exchanges;)
    if (const ExchangeId p = t_.exchanges.part_of[i]) exchange_allocated_[p.value] -= t_.exchanges.person_times[i];
  for (std::size_t i = households; i < t_.households.size(); ++i)
    if (!t_.households.number[i].empty()) household_numbers_.erase(t_.households.number, t_.households.number[i]);
  for (std::size_t i = m.rows[11]; i < t_.persons.size(); ++i)
    if (!t_.persons.id_number[i].empty()) person_ids_.erase(t_.persons.id_number, t_.persons.id_number[i]);
  for (auto* v : {&flow_index_.allocated, &flow_index_.parts}) v->resize(flows);
  flow_index_.link.resize(flows);
  flow_index_.root.resize(flows);
  exchange_allocated_.resize(exchanges);
  auto& restricted = privacy_.restricted.person;
  restricted.erase(std::lower_bound(restricted.begin(), restricted.end(), PersonId(std::uint32_t(m.rows[11]))),
                   restricted.end());
  std::size_t k = 0;
  each_table(t_, [&](const char*, auto& table) { table.truncate(m.rows[k++]); });
}

inline ExpectationId Registry::expect_total(const ExpectationSpec& e) {
  if (e.amount < Money())
    throw validation_error("expect_total amount: must not be negative, got " + e.amount.yuan(),
                           where("expect_total amount", reason::negative, e.amount.yuan()));
  require(e.scope, "expect_total");
  // a published figure is kept in the file, which holds partners, not only(): refused, never widened
  for (auto [only, field] : {std::pair{e.scope.source.only, "expect_total source"}, std::pair{e.scope.target.only, "expect_total target"},
                             std::pair{e.scope.boundary.only, "expect_total boundary"}, std::pair{e.scope.origin.only, "expect_total origin"}})
    if (only)
      throw validation_error(std::string(field) + ": only() is not kept with a published figure; give the partner",
                             where(field, reason::rule));
  require_text(e.citation, "expect_total citation", false);
  const Scope& s = e.scope;
  return ExpectationId(t_.expectations.append([&](ExpectationTable& t) {
    t.amount.push_back(e.amount);
    t.source.push_back(s.source);
    t.target.push_back(s.target);
    t.year.push_back(s.year);
    t.kinds.push_back(s.kinds);
    t.purposes.push_back(s.purposes);
    t.stage.push_back(s.stage);
    t.boundary.push_back(s.boundary);
    t.origin.push_back(s.origin);
    t.citation.push_back(e.citation);
    t.qualifier.push_back(e.qualifier);
    t.key.push_back("");
    t.value.push_back(0);
    t.east.push_back(PartnerId());
    t.west.push_back(PartnerId());
  }));
}

/// The scope an expectation claims.
inline Scope scope_of(const ExpectationTable& t, std::size_t i) {
  return {t.source[i], t.target[i], t.year[i], t.kinds.value(i), t.purposes.value(i),
          t.stage[i],  t.boundary[i], t.origin[i]};
}

inline Registry Registry::replay(Tables&& in, const Progress& progress, Currency currency,
                                 const SharingTable& sharing) {
  // the columns of each table must be of one length
  bool ragged = false;
  auto check = [&](const auto& tab) {
    std::apply([&](const auto&... c) { ((ragged |= c.size() != tab.size()), ...); },
               std::remove_cvref_t<decltype(tab)>::columns(tab));
  };
  each_table(in, [&](const char*, const auto& tab) { check(tab); });
  if (ragged)
    throw validation_error("tables: the columns of a table differ in length", {.reason = std::string(reason::bad_format)});
  // enumerations read from a file may hold any number: each must name an enumerator
  auto enums = [](const char* table, const auto& tab) {
    std::size_t k = 0;
    std::apply(
        [&](const auto&... column) {
          (
              [&] {
                using T = typename std::remove_cvref_t<decltype(column)>::value_type;
                auto bad = [&](unsigned v, std::size_t row) {
                  const std::string column(std::remove_cvref_t<decltype(tab)>::column_names[k]);
                  throw validation_error(std::string(table) + " row " + std::to_string(row) + ": " + column + " " +
                                             std::to_string(v) + " is not a known value",
                                         {.table = table, .row = std::int64_t(row), .field = column,
                                          .value = std::to_string(v), .reason = std::string(reason::out_of_range)});
                };
                if constexpr (std::is_enum_v<T>) {
                  for (std::size_t i = 0; i < column.size(); ++i)
                    if (unsigned(column[i]) >= enum_count<T>) bad(unsigned(column[i]), i);
                } else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>) {
                  if constexpr (std::is_enum_v<typename T::value_type>)
                    for (std::size_t i = 0; i < column.size(); ++i)
                      for (auto e : column[i])
                        if (unsigned(e) >= enum_count<typename T::value_type>) bad(unsigned(e), i);
                }
                ++k;
              }(),
              ...);
        },
        std::remove_cvref_t<decltype(tab)>::columns(tab));
  };
  each_table(in, enums);
  Registry r(currency);
  r.set_sharing(sharing);  // before the rows: a shared copy's identifiers are pseudonyms
  r.reserve(in);
  std::uint64_t rows = 0, done = 0;
  each_table(in, [&](const char*, const auto& tab) { rows += tab.size(); });
  ProgressTicker tick(progress, "validating rows", rows);
  auto add = [&](auto& tab) {
    const std::size_t rows_here = tab.size();
    r.append_rows(std::move(tab), [&](std::size_t row) { tick(done + row); });
    done += rows_here;
  };
  try {  // in the order of insertion: what a row refers to comes first
    add(in.partners), add(in.projects), add(in.households), add(in.persons), add(in.status_changes);
    add(in.pairings), add(in.flows), add(in.benefits), add(in.exchanges), add(in.trainings), add(in.wishes);
    add(in.events), add(in.expectations), add(in.employment), add(in.targets), add(in.figures), add(in.labour);
  } catch (const not_found& e) {
    throw validation_error(e.what(), e.where());  // a file that refers to nothing is malformed
  }
  tick.finish();
  return r;
}

template <class T, class Tick>
void Registry::append_rows(T&& rows, Tick&& tick) {
  using Table = std::remove_cvref_t<T>;
  if (!rows.rectangular())  // a row would be read past the end of a shorter column
    throw validation_error("rows of a table whose columns differ in length",
                           {.table = std::string(table_name<Table>()), .reason = std::string(reason::mismatch)});
  const std::size_t n = rows.size();
  const Table* source = &rows;  // where the row-by-row insertions read, from row `skip` on
  Table rest;
  std::size_t i = 0, skip = 0;
  if constexpr (requires { check_appended(rows, 0); }) {
    Table& mine = same_table(t_, rows);
    const std::size_t base = mine.size();
    reserve_index(mine, base + n);
    if (std::is_reference_v<T> || base != 0) {
      mine.append_rows(rows, 0);
    } else {  // rows of our own into an empty table: taken as they are, without a copy
      mine = std::move(rows);
      source = &mine;
    }
    i = check_appended(*source, base);
    if (i < n) {
      if (source == &mine) {
        rest.append_rows(mine, i);
        source = &rest;
        skip = i;
      }
      mine.truncate(base + i);
    }
  }
  tick(i);
  try {  // from the first row the column checks did not take (if any): row by row, for its error
    for (; i < n; ++i) {
      add_row(*source, i - skip);
      tick(i + 1);
    }
  } catch (const not_found& e) {
    throw not_found(table_name<Table>() + (" row " + std::to_string(i) + ": ") + e.what(), in_row<Table>(e, i));
  } catch (const error& e) {
    throw validation_error(table_name<Table>() + (" row " + std::to_string(i) + ": ") + e.what(), in_row<Table>(e, i));
  }
}

// add_household's checks, over the rows of `in` just appended at `base`: returns how many pass
// (the first of them), with their numbers registered. The table is cut back only on a throw.
inline std::size_t Registry::check_appended(const HouseholdTable& in, std::size_t base) {
  const auto& partners = t_.partners;
  const std::size_t clean = std::min(
      {first_unclean(in.number), first_unclean(in.note), first_unclean(in.address), first_unclean(in.head_name)});
  const bool no_causes = in.causes.values().empty(), no_numbers = in.number.values().empty();
  std::size_t i = 0;
  auto fits = [&] {
    const PartnerId v = in.village[i];
    if (v.value >= partners.size() || in.members[i] < 0) return false;
    if (partners.kind[v.value] != PartnerKind::village && partners.kind[v.value] != PartnerKind::community &&
        !villages_as_towns())
      return false;
    if (const auto y = in.exit_year[i]; y != 0 && (y < 1949 || y > 2200)) return false;
    if (!no_causes) {
      const auto causes = in.causes[i];
      for (std::size_t k = 1; k < causes.size(); ++k)
        if (std::find(causes.begin(), causes.begin() + std::ptrdiff_t(k), causes[k]) != causes.begin() + std::ptrdiff_t(k))
          return false;
    }
    if (no_numbers) return true;
    // last, as add_household registers the number only for a row it takes
    return in.number[i].empty() || household_numbers_.insert(t_.households.number, std::uint32_t(base + i));
  };
  try {
    while (i < clean && fits()) ++i;
  } catch (...) {  // bad_alloc in the number index: the rows before this one stay, as if added one by one
    t_.households.truncate(base + i);
    latest_status_.resize(base + i);
    throw;
  }
  latest_status_.resize(base + i);  // room reserved: cannot throw
  return i;
}

// plan_flow's checks, over the rows of `in` just appended at `base`; the index grows by the rows
// that pass, as commit_flow makes it. Cannot throw: the index has room.
inline std::size_t Registry::check_appended(const FlowTable& in, std::size_t base) {
  const FlowTable& f = t_.flows;
  const std::size_t clean = first_unclean(in.note);
  for (auto* v : {&flow_index_.allocated, &flow_index_.parts}) v->resize(base + clean);
  flow_index_.link.resize(base + clean);
  flow_index_.root.resize(base + clean);
  std::size_t i = 0;
  for (; i < clean; ++i) {
    const std::uint32_t g = std::uint32_t(base + i);
    const Node source = f.source[g], target = f.target[g];
    const Money amount = f.amount[g];
    const std::int64_t a = amount.fen();
    const bool corrects = f.correction[g] == 1;  // negative, alone (no parent, no credit)
    std::int64_t sum;
    if (!holds(source) || !holds(target) || source == target || f.credited_to[g] || f.correction[g] > 1 ||
        (corrects ? a >= 0 || a == std::numeric_limits<std::int64_t>::min() || f.parent[g] : a <= 0) ||
        __builtin_add_overflow(sums_.flows.fen(), corrects ? -a : a, &sum))
      break;
    Link link = Link::none;
    FlowId root(g);
    if (const FlowId p = f.parent[g]) {
      const std::uint32_t q = p.value;
      if (q >= g || f.stage[q] != f.stage[g] || f.currency[q] != f.currency[g] || f.correction[q]) break;
      if (at_or_below(source, f.target[q])) link = Link::pass_through;
      else if (at_or_below(source, f.source[q]) && at_or_below(target, f.target[q])) link = Link::part;
      else break;
      if (amount.fen() > f.amount[q].fen() - flow_index_.allocated[q].fen()) break;
      root = flow_index_.root[q];
      flow_index_.allocated[q] += amount;
      if (link == Link::part) flow_index_.parts[q] += amount;
    }
    flow_index_.link[g] = link;
    flow_index_.root[g] = root;
    sums_.flows = Money::from_fen(sum);
  }
  for (auto* v : {&flow_index_.allocated, &flow_index_.parts}) v->resize(base + i);
  flow_index_.link.resize(base + i);
  flow_index_.root.resize(base + i);
  return i;
}

inline void Registry::add_row(const PartnerTable& t, std::size_t i) {
  add_partner({t.name.value(i), t.kind[i], t.side[i], t.parent[i], t.code.value(i), t.note.value(i), t.count[i]});
}

inline void Registry::add_row(const ProjectTable& t, std::size_t i) {
  add_project({t.name.value(i), t.sector[i], t.location[i], t.implementer[i], t.start[i], t.end[i], t.outputs[i],
                 t.note.value(i)});
}

inline void Registry::add_row(const HouseholdTable& t, std::size_t i) {
  add_household({t.number.value(i), t.village[i], t.members[i], t.status[i], t.exit_year[i], t.note.value(i),
                   t.causes.value(i), t.address.value(i), t.head_name.value(i)});
}

inline void Registry::add_row(const PersonTable& t, std::size_t i) {
  add_person({t.household[i], t.relation[i], t.sex[i], t.birth_year[i], t.health[i], t.education[i],
                t.labour[i], t.note.value(i), t.name.value(i), t.id_number.value(i), t.phone.value(i)});
}

inline void Registry::add_row(const StatusChangeTable& t, std::size_t i) {
  set_status({t.household[i], t.status[i], t.date[i], t.note.value(i)});
}

namespace detail {
// A correction flag of a table (a batch, a file): 0 or 1.
inline bool correction_flag(std::uint8_t flag) {
  if (flag > 1)
    throw validation_error("flow correction: " + std::to_string(flag) + " is neither 0 nor 1",
                           where("flow correction", reason::out_of_range, std::to_string(flag)));
  return flag == 1;
}
}  // namespace detail

inline void Registry::add_row(const FlowTable& t, std::size_t i) {
  add_flow({t.source[i], t.target[i], t.amount[i], t.date[i], t.kind[i], t.stage[i], t.purpose[i],
              t.parent[i], t.note.value(i), t.credited_to[i], t.currency[i], detail::correction_flag(t.correction[i])});
}

inline void Registry::add_row(const PairingTable& t, std::size_t i) {
  pair({t.a[i], t.b[i], t.kind[i], t.since[i], t.until[i], t.note.value(i)});
}

inline void Registry::add_row(const BenefitTable& t, std::size_t i) {
  add_benefit({t.beneficiary[i], t.via[i], t.kind[i], t.date[i], t.persons[i], t.households[i], t.amount[i],
                 t.note.value(i), t.part_of[i]});
}

inline void Registry::add_row(const ExchangeTable& t, std::size_t i) {
  add_exchange({t.sender[i], t.host[i], t.role[i], t.person_times[i], t.persons[i], t.batches[i], t.days[i],
                  t.purpose.value(i), t.date[i], t.part_of[i], t.note.value(i)});
}

inline void Registry::add_row(const LabourTable& t, std::size_t i) {
  add_labour({t.east[i], t.west[i], t.persons[i], t.destination[i], t.status[i], t.date[i], t.part_of[i],
              t.citation.value(i), t.note.value(i)});
}

inline void Registry::add_row(const TrainingTable& t, std::size_t i) {
  add_training({t.organiser[i], t.location[i], t.role[i], t.trainees[i], t.days[i], t.date[i], t.note.value(i),
                  t.sessions[i], t.part_of[i]});
}

inline void Registry::add_row(const WishTable& t, std::size_t i) {
  const WishId w = add_wish({t.household[i], t.text.value(i), t.cost[i], t.date[i], t.note.value(i), t.batch[i]});
  const WishState s = t.state[i];
  if (t.claimed_by[i] || s == WishState::claimed || s == WishState::fulfilled)
    claim_wish(w, t.claimed_by[i], t.claimed[i]);
  if (s == WishState::fulfilled) fulfil_wish(w, t.closed[i]);
  if (s == WishState::cancelled) cancel_wish(w, t.closed[i]);
  if (t_.wishes.state[w.value] != s || (s == WishState::open && !t.closed[i].empty()))
    throw validation_error("wish state: " + std::string(to_string(s)) + " does not fit its dates and donor",
                           where("wish state", reason::state, std::string(to_string(s))));
}

inline void Registry::add_row(const EventTable& t, std::size_t i) {
  add_event({t.kind[i], t.date[i], t.partners.value(i), t.note.value(i), t.participants[i]});
}

inline void Registry::add_row(const ExpectationTable& t, std::size_t i) {
  if (t.key[i].empty())
    expect_total({t.amount[i], scope_of(t, i), t.citation.value(i), t.qualifier[i]});
  else
    expect({t.key.value(i), t.value[i], t.year[i], t.east[i], t.west[i], t.qualifier[i], t.citation.value(i)});
}

inline void Registry::add_row(const EmploymentTable& t, std::size_t i) {
  add_employment({t.workshop[i], t.household[i], t.person[i], t.worker.value(i), t.month[i], t.workers[i], t.poor[i],
                    t.wage[i], t.note.value(i)});
}

inline void Registry::add_row(const TargetTable& t, std::size_t i) {
  set_target({t.key.value(i), t.year[i], t.value[i], t.baseline[i], t.baseline_year[i], t.note.value(i), t.east[i],
              t.west[i]});
}

inline void Registry::add_row(const FigureTable& t, std::size_t i) {
  add_figure({t.key.value(i), t.year[i], t.value[i], t.east[i], t.west[i], t.qualifier[i], t.part_of[i],
              t.citation.value(i), t.note.value(i)});
}

// ---------------------------------------------------------------------------------------------
// published figures of report indicators, and targets (their keys: indicators.hpp)

inline ExpectationId Registry::expect(const IndicatorExpectationSpec& s) {
  require_indicator(s.key, "expect");
  require_report_year(s.year, "expect");
  if (s.east) require(s.east, t_.partners.size(), "expect east");
  if (s.west) require(s.west, t_.partners.size(), "expect west");
  require_count(s.value, "expect value");
  if (std::size_t(s.qualifier) >= enum_count<Qualifier>)
    throw validation_error("expect qualifier: out of range", where("expect qualifier", reason::out_of_range));
  require_text(s.citation, "expect citation", false);
  return ExpectationId(t_.expectations.append([&](ExpectationTable& t) {
    t.amount.push_back(Money());
    t.source.push_back(Node());
    t.target.push_back(Node());
    t.year.push_back(s.year);
    t.kinds.push_back({});
    t.purposes.push_back({});
    t.stage.push_back(Stage::disbursement);
    t.boundary.push_back(PartnerId());
    t.origin.push_back(PartnerId());
    t.citation.push_back(s.citation);
    t.qualifier.push_back(s.qualifier);
    t.key.push_back(s.key);
    t.value.push_back(s.value);
    t.east.push_back(s.east);
    t.west.push_back(s.west);
  }));
}

inline TargetId Registry::set_target(const TargetSpec& s) {
  require_indicator(s.key, "set_target");
  require_report_year(s.year, "set_target");
  require_count(s.value, "set_target value");
  require_count(s.baseline, "set_target baseline");
  if (s.baseline_year != 0 && (s.baseline_year < 1949 || s.baseline_year > s.year))
    throw validation_error("set_target baseline_year: " + std::to_string(s.baseline_year) +
                               " is not a year up to the target's " + std::to_string(s.year),
                           where("set_target baseline_year", reason::out_of_range, std::to_string(s.baseline_year)));
  if (s.baseline_year == 0 && s.baseline != 0)
    throw validation_error("set_target baseline: a baseline needs its year", where("set_target baseline_year", reason::required));
  require_text(s.note, "set_target note", false);
  if (s.east) require(s.east, t_.partners.size(), "set_target east");
  if (s.west) require(s.west, t_.partners.size(), "set_target west");
  return TargetId(t_.targets.append_row(s.key, s.year, s.value, s.baseline, s.baseline_year, s.note, s.east, s.west));
}

inline FigureId Registry::add_figure(const FigureSpec& s) {
  const IndicatorInfo& ind = require_indicator(s.key, "figure");
  if (ind.ratio())
    throw validation_error("figure key: '" + s.key + "' is a ratio of " + ind.numerator + " and " + ind.denominator +
                               ": give figures of those two",
                           where("figure key", reason::wrong_type, s.key));
  require_report_year(s.year, "figure");
  if (s.east) require(s.east, t_.partners.size(), "figure east");
  if (s.west) require(s.west, t_.partners.size(), "figure west");
  if (s.value < 0)
    throw validation_error("figure value: must not be negative, got " +
                               (ind.unit == Unit::yuan ? Money::from_fen(s.value).yuan() : std::to_string(s.value)),
                           where("figure value", reason::negative));
  if (std::size_t(s.qualifier) >= enum_count<Qualifier>)
    throw validation_error("figure qualifier: out of range", where("figure qualifier", reason::out_of_range));
  if (s.part_of) {
    require(s.part_of, t_.figures.size(), "figure part_of");
    const std::uint32_t w = s.part_of.value;
    const IndicatorInfo& whole = require_indicator(std::string(t_.figures.key[w]), "figure part_of");
    // a detail is of the same unit, year, and a pair at or inside its whole's
    auto inside = [&](PartnerId mine, PartnerId of) { return !of || (mine && within(mine, of)); };
    if (whole.unit != ind.unit || t_.figures.year[w] != s.year || !inside(s.east, t_.figures.east[w]) ||
        !inside(s.west, t_.figures.west[w]))
      throw validation_error("figure part_of: figure " + std::to_string(w) +
                                 " is not a whole this figure can be a detail of (the same unit and year, a pair at "
                                 "or inside its own)",
                             where("figure part_of", reason::mismatch, std::to_string(w)));
  }
  require_text(s.citation, "figure citation", false);
  require_text(s.note, "figure note", false);
  return FigureId(t_.figures.append_row(s.key, s.year, s.value, s.east, s.west, s.qualifier, s.part_of, s.citation,
                                        s.note));
}

}  // namespace shanhai
