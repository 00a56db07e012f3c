// The Registry: every table of a programme, insertion with validation, lookup and structure.
// The analyses (analysis/*.hpp) are free functions over a const Registry& and its public
// accessors; the members' definitions are in detail/registry_*.hpp, included at the end.
//
// Tables are append-only (a wish's state moves on, by legal steps only). Every insertion checks
// its input completely before it changes anything, so a call that throws leaves the registry
// exactly as it was.
#pragma once

#include <shanhai/detail/apportion.hpp>
#include <shanhai/currency.hpp>
#include <shanhai/detail/derived_cache.hpp>
#include <shanhai/erasure.hpp>
#include <shanhai/detail/text.hpp>
#include <shanhai/detail/text_index.hpp>
#include <shanhai/error.hpp>
#include <shanhai/identity.hpp>
#include <shanhai/indicators.hpp>
#include <shanhai/progress.hpp>
#include <shanhai/specs.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

namespace shanhai {

/// How a flow's money relates to its parent's.
enum class Link : std::uint8_t {
  none,          // a root: no parent
  part,          // the same money described in more detail
  pass_through,  // the parent's target passes the money on
};
template <>
struct enum_names<Link> {
  static constexpr std::string_view type = "link";
  static constexpr std::array<std::string_view, 3> names{"none", "part", "pass_through"};
};

/// Where a flow stands to a boundary (a partner and everything below it).
enum class Crossing : std::uint8_t { outside, incoming, internal, outgoing };
template <>
struct enum_names<Crossing> {
  static constexpr std::string_view type = "crossing";
  static constexpr std::array<std::string_view, 4> names{"outside", "incoming", "internal", "outgoing"};
};


class Registry {
 public:
  /// A registry counting in CNY.
  Registry() = default;
  /// A registry counting in `currency`: every amount in it is hundredths of that currency.
  explicit Registry(Currency currency) : currency_(currency) {}

  Currency currency() const noexcept { return currency_; }

  PartnerId add_partner(const PartnerSpec& spec);
  PairingId pair(const PairingSpec& spec);
  FlowId add_flow(const FlowSpec& spec);
  ProjectId add_project(const ProjectSpec& spec);
  HouseholdId add_household(const HouseholdSpec& spec);
  BenefitId add_benefit(const BenefitSpec& spec);
  ExchangeId add_exchange(const ExchangeSpec& spec);
  TrainingId add_training(const TrainingSpec& spec);
  /// Workers who found work through labour cooperation (a breakdown with part_of is never added).
  LabourId add_labour(const LabourSpec& spec);
  WishId add_wish(const WishSpec& spec);
  EventId add_event(const EventSpec& spec);
  /// Records a published figure; check() reports whether the registry's total for its scope holds.
  ExpectationId expect_total(const ExpectationSpec& spec);
  /// A published figure of any report indicator, checked by check().
  ExpectationId expect(const IndicatorExpectationSpec& spec);
  /// One flow per household, adding up to exactly `amount` (the collective-economy dividend).
  /// All or nothing: if any flow would be refused, none is added.
  std::vector<FlowId> distribute(const DistributeSpec& spec);

  /// A wish moves open → claimed → fulfilled, or open/claimed → cancelled; nothing else.
  void claim_wish(WishId wish, PartnerId by, Date date);
  void fulfil_wish(WishId wish, Date date);
  void cancel_wish(WishId wish, Date date);
  /// Ends a pairing that has no end yet (a family–household pairing handed to another family is
  /// ended, and the new one added beside it: the history stays).
  void end_pairing(PairingId pairing, Date until);

  // the household registry (detail/registry_records.hpp)
  PersonId add_person(const PersonSpec& spec);
  /// Appends to a household's status history; a change is never dated before the previous one.
  StatusChangeId set_status(const StatusChangeSpec& spec);
  /// The household's status at `date` (no date: its latest), from its history.
  HouseholdStatus status_of(HouseholdId household, Date date = {}) const;
  /// The year the household first exited poverty (its history, else its exit_year); 0: never.
  int exit_year_of(HouseholdId household) const;
  /// A month of a workshop's employment: one worker, or an aggregate headcount.
  EmploymentId add_employment(const EmploymentSpec& spec);
  /// A target for a report indicator in a year; a later one for the same
  /// indicator and year replaces it in reports, and both stay in the table.
  TargetId set_target(const TargetSpec& spec);
  /// A published aggregate of a report indicator for a year and pair: the whole of it there, with
  /// the records and narrower figures inside as its parts (analysis/report.hpp).
  FigureId add_figure(const FigureSpec& spec);

  const PartnerTable& partners() const noexcept { return t_.partners; }
  const PairingTable& pairings() const noexcept { return t_.pairings; }
  const FlowTable& flows() const noexcept { return t_.flows; }
  const ProjectTable& projects() const noexcept { return t_.projects; }
  const HouseholdTable& households() const noexcept { return t_.households; }
  const BenefitTable& benefits() const noexcept { return t_.benefits; }
  const ExchangeTable& exchanges() const noexcept { return t_.exchanges; }
  const TrainingTable& trainings() const noexcept { return t_.trainings; }
  const WishTable& wishes() const noexcept { return t_.wishes; }
  const EventTable& events() const noexcept { return t_.events; }
  const ExpectationTable& expectations() const noexcept { return t_.expectations; }
  const PersonTable& persons() const noexcept { return t_.persons; }
  const StatusChangeTable& status_changes() const noexcept { return t_.status_changes; }
  const EmploymentTable& employment() const noexcept { return t_.employment; }
  const TargetTable& targets() const noexcept { return t_.targets; }
  const FigureTable& figures() const noexcept { return t_.figures; }
  const LabourTable& labour() const noexcept { return t_.labour; }
  /// The table of a row type: table<FlowTag>() is flows().
  template <class Tag>
  const auto& table() const noexcept { return table_of<Tag>(t_); }

  /// The partner a node sits in: a partner itself, a project's location, a household's village.
  PartnerId place_of(Node n) const;
  /// True when `n` is `ancestor` or sits (through parents, locations, villages) below it.
  bool within(Node n, PartnerId ancestor) const;
  /// `n` is `ancestor`, or `ancestor` is a partner and `n` sits within it.
  bool at_or_below(Node n, Node ancestor) const {
    return ancestor.kind == NodeKind::partner ? within(n, ancestor.partner()) : n == ancestor;
  }
  /// The side of a node's place; unspecified when nothing above it has one.
  Side side_of(Node n) const;
  /// Throws not_found unless the node names an existing row.
  void require(Node n, std::string_view field) const;

  Crossing crossing(FlowId f, PartnerId boundary) const {
    require(boundary, t_.partners.size(), "crossing boundary");
    const auto i = flow_row(f, "crossing");
    const bool from = within(t_.flows.source[i], boundary), to = within(t_.flows.target[i], boundary);
    return to ? (from ? Crossing::internal : Crossing::incoming) : (from ? Crossing::outgoing : Crossing::outside);
  }
  Link link(FlowId f) const { return flow_index_.link[flow_row(f, "link")]; }
  FlowId root(FlowId f) const { return flow_index_.root[flow_row(f, "root")]; }
  /// Where a flow's money started: the source of its root.
  Node origin(FlowId f) const { return t_.flows.source[root(f).value]; }
  /// `n` is in a scope's partner: within it, or for only(p) at p itself (a partner, or a project
  /// or household placed there).
  bool in_scope(Node n, ScopePartner p) const { return p.only ? place_of(n) == PartnerId(p) : within(n, p); }
  /// `n` is in a scope's node: at or below it, or for only(p) at p itself.
  bool in_scope(Node n, ScopeNode s) const {
    return s.only ? s.kind == NodeKind::partner && place_of(n) == s.partner() : at_or_below(n, s);
  }
  /// The eastern partner of a pairing (the one of side east); none when neither is.
  PartnerId pairing_east(PairingId p) const {
    for (Node n : {t_.pairings.a[p.value], t_.pairings.b[p.value]})
      if (n.kind == NodeKind::partner && t_.partners.side[n.id] == Side::east) return n.partner();
    return PartnerId();
  }
  /// The flow's money counts as `east`'s: its root's source is at or below it, or the root is
  /// credited to a pairing whose eastern partner is (a firm the pair brought in).
  bool counts_for(FlowId f, ScopePartner east) const {
    const FlowId r = root(f);
    if (in_scope(t_.flows.source[r.value], east)) return true;
    const PairingId p = t_.flows.credited_to[r.value];
    return p && in_scope(pairing_east(p), east);
  }
  /// Sum of the children's amounts, and of the parts alone.
  Money allocated(FlowId f) const { return flow_index_.allocated[flow_row(f, "allocated")]; }
  Money parts(FlowId f) const { return flow_index_.parts[flow_row(f, "parts")]; }
  Money remaining(FlowId f) const { return t_.flows.amount[flow_row(f, "remaining")] - allocated(f); }
  /// Person-times of an exchange's parts.
  std::int64_t exchange_allocated(ExchangeId e) const {
    require(e, t_.exchanges.size(), "exchange_allocated");
    return exchange_allocated_[e.value];
  }
  /// The household with this registry number, if any.
  HouseholdId household_by_number(std::string_view number) const;
  /// The person with this ID number (read as add_person reads it: full-width digits, 'x'), if any.
  /// A shared registry holds pseudonyms, not ID numbers: it refuses (validation_error).
  PersonId person_by_id_number(std::string_view id_number) const;

  /// Erases a person's identifiers (name, ID number, phone), note and sensitive detail (health,
  /// labour), and a head person's name in the household; a household's (with every person in it)
  /// registry number, head name, note, address and causes, and the notes and wish texts about it
  /// in its status history, benefits, flows, wishes and employment. Rows, counts, statuses and
  /// money stay: every report and total is unchanged. Records one erasure (date, reason, kind);
  /// false, and nothing recorded, when there was nothing left to erase (erased already).
  /// Definitions in detail/registry_erasure.hpp.
  bool erase(PersonId person, ErasureReason reason, Date date = today());
  bool erase(HouseholdId household, ErasureReason reason, Date date = today());
  /// Restriction: the person's data is kept but shown in no output until unrestricted. False
  /// when it already was (or was not).
  bool restrict(PersonId person);
  bool unrestrict(PersonId person);
  bool is_restricted(PersonId person) const {
    require(person, t_.persons.size(), "is_restricted person");
    return privacy_.is_restricted(person);
  }
  /// The erasures and the restricted persons.
  const Privacy& privacy() const noexcept { return privacy_; }
  /// A copy made for a researcher (share.hpp): identifiers hold pseudonyms, which are never
  /// checked as ID numbers or phones.
  bool shared() const noexcept { return privacy_.shared(); }
  /// Takes the erasures, restricted persons and sharing record a file, a merge or a partition
  /// gives (each restricted person must be a row here; a shared registry stays shared;
  /// validation_error otherwise).
  void set_privacy(Privacy privacy);

  /// Room for `rows` more rows in the table of `Tag`, and in what the registry keeps beside it, so
  /// that adding them grows nothing by doubling (bulk ingest reserves its batch this way).
  template <class Tag>
  void reserve(std::size_t rows) {
    auto& table = table_of<Tag>(t_);
    table.reserve(table.size() + rows);
    reserve_index();
  }
  /// Room for every row of `more` (and its text and lists) beyond what the tables hold.
  void reserve(const Tables& more) {
    each_table(t_, [&](const char*, auto& table) { table.reserve_more(same_table(more, table)); });
    reserve_index();
    auto given = [](const TextColumn& c) {
      return std::size_t(std::count_if(c.begin(), c.end(), [](std::string_view v) { return !v.empty(); }));
    };
    household_numbers_.reserve(t_.households.number, household_numbers_.size() + given(more.households.number));
    person_ids_.reserve(t_.persons.id_number, person_ids_.size() + given(more.persons.id_number));
  }

  /// What insertion derives from the flows, a column each: every flow's link to its parent, its
  /// root, and the sums of its children's and of its parts' amounts.
  struct FlowIndex {
    std::vector<Link> link;
    std::vector<FlowId> root;
    std::vector<Money> allocated, parts;
  };
  const FlowIndex& flow_index() const noexcept { return flow_index_; }
  /// An index an analysis derives from the flows, the nodes (partners, projects, households) and
  /// the published figures, made by `make` on first use and kept for later const calls until a
  /// row of those tables is added or rolled back. T and `key` (the parameters it was made for)
  /// name it. Safe when several threads read the registry at once.
  template <class T, class Make>
  std::shared_ptr<const T> derived(std::uint64_t key, Make&& make) const {
    return derived_.get<T>(key, {t_.flows.size(), t_.partners.size(), t_.projects.size(), t_.households.size(),
                                 t_.figures.size()},
                           std::forward<Make>(make));
  }
  /// Throws not_found unless every node and partner a scope names exists (`call` names the caller).
  void require(const Scope& s, std::string_view call) const {
    if (s.source) require(s.source, std::string(call) + " source");
    if (s.target) require(s.target, std::string(call) + " target");
    if (s.boundary) require(s.boundary, t_.partners.size(), std::string(call) + " boundary");
    if (s.origin) require(s.origin, t_.partners.size(), std::string(call) + " origin");
  }

  /// Every table at once, as a file holds them.
  const Tables& tables() const noexcept { return t_; }
  /// Builds a registry from raw tables by passing every row through the validating insertions,
  /// in id order; a row the API would refuse throws, naming its table and row. The amounts are
  /// in `currency`. `sharing`: the record of a shared copy (its identifiers are pseudonyms).
  static Registry replay(const Tables& in, const Progress& progress = {}, Currency currency = {},
                         const SharingTable& sharing = {}) {
    return replay(Tables(in), progress, currency, sharing);
  }
  /// The same, taking the tables' columns over instead of copying them.
  static Registry replay(Tables&& in, const Progress& progress = {}, Currency currency = {},
                         const SharingTable& sharing = {});
  /// Adds every row of `rows`, a table of new rows (ids as they are, or will be, here: a flow's
  /// parent may be an earlier row of the same batch), all or nothing. The rows are appended a
  /// column at a time and checked in one pass over the columns; from the first row that pass does
  /// not take on, the rows go through the row-by-row insertions, so a bad batch is refused with
  /// exactly their error, naming the row: "flows row 17: flow amount: must be positive, got 0.00".
  /// A table given as an rvalue to a registry whose table is empty is taken without a copy.
  template <class T>
  void append(T&& rows, const Progress& progress = {}) {
    const std::string what = "adding " + std::string(table_name<std::remove_cvref_t<T>>());
    ProgressTicker tick(progress, what, rows.size());
    batch([&](Registry& r) { r.append_rows(std::forward<T>(rows), [&](std::size_t done) { tick(done); }); });
    tick.finish();
  }

  /// The row counts of every table: a point to roll back to.
  struct Mark {
    std::array<std::size_t, table_count> rows{};
  };
  Mark mark() const noexcept;
  /// Removes every row added since `mark` (a wish's state changes are not undone).
  void rollback(const Mark& mark) noexcept;
  /// Runs `insert` (any number of insertions) all or nothing: if it throws, every row it added
  /// is removed again and the exception goes on. Bulk ingest is built on this.
  template <class Insert>
  decltype(auto) batch(Insert&& insert) {
    const Mark m = mark();
    try {
      return insert(*this);
    } catch (...) {
      rollback(m);
      throw;
    }
  }

  /// Boost.Serialization, defined in io/serialize.hpp so that core users never include Boost.
  template <class Archive>
  void serialize(Archive& ar, unsigned version) {
    if constexpr (Archive::is_saving::value) save(ar, version);
    else load(ar, version);
  }
  template <class Archive>
  void save(Archive& ar, unsigned version) const;
  template <class Archive>
  void load(Archive& ar, unsigned version);

 private:
  template <class Tag>
  void require(Id<Tag> id, std::size_t rows, std::string_view field) const {
    if (!id.valid())
      throw validation_error(std::string(field) + ": a " + Tag::name + " is required", where(field, reason::required));
    if (id.value >= rows)
      throw not_found(std::string(field) + ": no " + Tag::name + " with id " + std::to_string(id.value) +
                          " (the registry holds " + std::to_string(rows) + ")",
                      where(field, reason::not_found, std::to_string(id.value)));
  }
  // well-formed UTF-8 of characters XML 1.0 allows (no control characters but tab and line breaks)
  static bool clean_text(std::string_view s) noexcept {
    return detail::valid_utf8(s) && detail::xml_forbidden(s) < 0;
  }
  // The first row of a text column that is not clean text; its size when every row is. One pass
  // over all the bytes suffices when every row starts on a character (concatenated clean text is
  // clean, and a row cut inside a character is not).
  static std::size_t first_unclean(const TextColumn& c) {
    const std::vector<char>& bytes = c.values();
    bool clean = clean_text(std::string_view(bytes.data(), bytes.size()));
    for (std::size_t i = 0; clean && !bytes.empty() && i < c.size(); ++i)
      if (const auto at = std::size_t(c.offset(i)); at < bytes.size() && (bytes[at] & 0xC0) == 0x80) clean = false;
    if (clean) return c.size();
    std::size_t i = 0;
    while (i < c.size() && clean_text(c[i])) ++i;
    return i;
  }
  static void require_text(const std::string& s, std::string_view field, bool non_empty) {
    if (non_empty && s.empty())
      throw validation_error(std::string(field) + ": must not be empty", where(field, reason::required));
    if (!detail::valid_utf8(s))
      throw validation_error(std::string(field) + ": is not valid UTF-8", where(field, reason::bad_text));
    // what an XML file cannot hold, no file may: the archive, the spreadsheets and IATI are XML
    if (const std::int32_t c = detail::xml_forbidden(s); c >= 0x20)
      throw validation_error(std::string(field) + ": holds U+" + (c == 0xFFFE ? "FFFE" : "FFFF") +
                                 ", a character XML 1.0 forbids (no file could hold it)",
                             where(field, reason::bad_text));
    else if (c >= 0)
      throw validation_error(std::string(field) + ": holds control character " + std::to_string(c),
                             where(field, reason::bad_text));
  }
  static void require_count(std::int64_t v, std::string_view field) {
    if (v < 0)
      throw validation_error(std::string(field) + ": must not be negative, got " + std::to_string(v),
                             where(field, reason::negative, std::to_string(v)));
  }
  // Refuses money that would take the sum of its column beyond Money's range: the sum counts
  // every amount's magnitude (a flow's correction is negative), so then no sum of any of them, at
  // any scope, can overflow.
  static Money magnitude(Money m) { return m < Money() ? -m : m; }
  static void require_room(Money sum, Money more, std::string_view field, std::string_view what) {
    std::int64_t total;
    if (__builtin_add_overflow(sum.fen(), more.fen(), &total))
      throw validation_error(std::string(field) + ": " + more.yuan() + " yuan would take the sum of " +
                                 std::string(what) + " beyond the ±92,233,720,368,547,758.07 yuan money can hold",
                             where(field, reason::overflow, more.yuan()));
  }
  // what failed in row `row` of a batch of `Table`
  template <class Table>
  static Where in_row(const error& e, std::size_t row) {
    Where w = e.where();
    w.table = table_name<Table>();
    w.row = std::int64_t(row);
    return w;
  }
  static void require_order(Date first, Date then, std::string_view field) {
    if (first.surely_after(then))
      throw validation_error(std::string(field) + ": " + then.str() + " is before " + first.str(),
                             where(field, reason::order, then.str()));
  }
  // append without its batch: on a throw, the rows added before it stay (the caller rolls back).
  // Rows given as an rvalue, into an empty table, are moved in.
  template <class T, class Tick>
  void append_rows(T&& rows, Tick&& tick);
  // The checks of the row-by-row insertion over rows just appended to a table (households, flows
  // and status changes, the large tables); returns how many pass, the first of them, with their index made.
  std::size_t check_appended(const HouseholdTable& in, std::size_t base);
  std::size_t check_appended(const FlowTable& in, std::size_t base);
  std::size_t check_appended(const StatusChangeTable& in, std::size_t base);  // detail/registry_bulk.hpp
  // room in the index beside households or flows for `rows` rows in all
  void reserve_index(const HouseholdTable&, std::size_t rows) { latest_status_.reserve(rows); }
  void reserve_index(const StatusChangeTable&, std::size_t rows) { previous_status_.reserve(rows); }
  void reserve_index(const FlowTable&, std::size_t rows) {
    for (auto* v : {&flow_index_.allocated, &flow_index_.parts}) v->reserve(rows);
    flow_index_.link.reserve(rows);
    flow_index_.root.reserve(rows);
  }
  // true when the node names an existing partner, project or household
  bool holds(Node n) const noexcept {
    switch (n.kind) {
      case NodeKind::partner: return n.id < t_.partners.size();
      case NodeKind::project: return n.id < t_.projects.size();
      case NodeKind::household: return n.id < t_.households.size();
      default: return false;
    }
  }
  // row i of a table through its validating insertion
  void add_row(const PartnerTable& t, std::size_t i);
  void add_row(const ProjectTable& t, std::size_t i);
  void add_row(const HouseholdTable& t, std::size_t i);
  void add_row(const PersonTable& t, std::size_t i);
  void add_row(const StatusChangeTable& t, std::size_t i);
  void add_row(const FlowTable& t, std::size_t i);
  void add_row(const PairingTable& t, std::size_t i);
  void add_row(const BenefitTable& t, std::size_t i);
  void add_row(const ExchangeTable& t, std::size_t i);
  void add_row(const TrainingTable& t, std::size_t i);
  void add_row(const WishTable& t, std::size_t i);
  void add_row(const EventTable& t, std::size_t i);
  void add_row(const ExpectationTable& t, std::size_t i);
  void add_row(const EmploymentTable& t, std::size_t i);
  void add_row(const TargetTable& t, std::size_t i);
  void add_row(const FigureTable& t, std::size_t i);
  void add_row(const LabourTable& t, std::size_t i);
  // The index beside a table as roomy as the table.
  void reserve_index() {
    reserve_index(t_.flows, t_.flows.capacity());
    reserve_index(t_.households, t_.households.capacity());
    exchange_allocated_.reserve(t_.exchanges.capacity());
    previous_status_.reserve(t_.status_changes.capacity());
  }
  // Grows a vector geometrically ahead of a push_back, so that the push_back cannot throw.
  template <class V>
  static void make_room(V& v) {
    if (v.size() == v.capacity()) v.reserve(std::max<std::size_t>(16, v.capacity() * 2));
  }
  void require_wish_state(WishId w, WishState expected, std::string_view call) const;
  std::uint32_t flow_row(FlowId f, std::string_view call) const {
    if (f.value >= t_.flows.size()) require(f, t_.flows.size(), std::string(call) + " flow");  // throws
    return f.value;
  }
  // add_flow in two steps, so that distribute can check many flows before adding any
  struct FlowPlan {
    Link link = Link::none;
    FlowId root{};
    Currency currency{};
  };
  FlowPlan plan_flow(const FlowSpec& s, Money already_taken_from_parent) const;
  FlowId commit_flow(const FlowSpec& s, const FlowPlan& plan);

  // erasure's steps (detail/registry_erasure.hpp): each blanks what it names, true if it changed anything
  template <class Column>
  static bool blank(Column& column, std::size_t row);
  bool erase_person_data(std::uint32_t person);
  // a shared copy's record, checked (at most one row, k at least 1); never taken back
  void set_sharing(const SharingTable& sharing);
  // a shared copy whose households' villages were generalised to their towns
  bool villages_as_towns() const noexcept {
    return shared() && privacy_.sharing.generalisation[0] == Generalisation::birth_band_town;
  }
  void record_erasure(ErasureReason reason, Erased kind, Date date);

  Tables t_;
  Currency currency_;
  Privacy privacy_;  // erasures and restricted persons (since file format 6), sharing (since 7)

  FlowIndex flow_index_;  // derived from the tables; rebuilt by insertion, so never saved
  detail::DerivedCache derived_;  // analyses' indexes between calls; never saved, copied or moved
  std::vector<std::int64_t> exchange_allocated_;
  // the sum of each money column (require_room)
  struct MoneySums {
    Money flows, benefits, wish_costs, wages;
  } sums_;
  detail::TextIndex household_numbers_;  // the households by registry number
  detail::TextIndex person_ids_;         // the persons by ID number
  // each household's latest status change, and each change's previous one of the same household
  std::vector<StatusChangeId> latest_status_, previous_status_;
};

}  // namespace shanhai

#include <shanhai/detail/registry_insert.hpp>
#include <shanhai/detail/registry_records.hpp>
#include <shanhai/detail/registry_erasure.hpp>
#include <shanhai/detail/registry_bulk.hpp>
