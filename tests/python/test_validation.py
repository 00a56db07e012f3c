"""Bad input: the documented exception, a message naming the field and the value, and no change."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import shanhai as sh
from conftest import build_pair

Money = sh.Money


class Unchanged:
    """Asserts that the registry's whole content is byte for byte what it was."""

    def __init__(self, reg):
        self.reg = reg

    def __enter__(self):
        self.before = self.reg.to_bytes("text")
        self.lengths = {t: len(getattr(self.reg, t)) for t in ("partners", "flows", "households", "wishes")}
        return self

    def __exit__(self, *exc):
        assert self.reg.to_bytes("text") == self.before, "a refused call changed the registry"
        assert {t: len(getattr(self.reg, t)) for t in self.lengths} == self.lengths
        return False


def refuse(reg, error, call, *words):
    """`call()` raises `error` naming every one of `words`, and leaves `reg` as it was."""
    with Unchanged(reg), pytest.raises(error) as e:
        call()
    message = str(e.value)
    for w in words:
        assert w in message, f"{w!r} not in {message!r}"
    return e.value


# ---------------------------------------------------------------------------------------------
# the exception classes


def test_exception_hierarchy():
    assert issubclass(sh.ValidationError, sh.Error) and issubclass(sh.ValidationError, ValueError)
    assert issubclass(sh.NotFoundError, sh.Error) and issubclass(sh.NotFoundError, KeyError)
    assert issubclass(sh.FormatError, sh.Error) and issubclass(sh.FormatError, ValueError)
    assert issubclass(sh.FileError, sh.Error) and issubclass(sh.FileError, OSError)
    assert issubclass(sh.Error, Exception)


def test_not_found_message_is_not_quoted(pair):
    e = refuse(pair.reg, sh.NotFoundError, lambda: pair.reg.household("123"), "registry number")
    assert not str(e).startswith("'") and "123" not in str(e)  # a registry number is never echoed


# ---------------------------------------------------------------------------------------------
# enumerations


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda p: p.reg.add_partner("新区", kind="distric"), ["partner kind", "'distric'", "district"]),
        (lambda p: p.reg.add_partner("新区", kind="district", side="north"), ["partner side", "'north'"]),
        (lambda p: p.reg.add_partner("新区", kind="District"), ["partner kind", "'District'"]),
        (lambda p: p.reg.add_partner("新区", kind=3), ["partner kind", "3"]),
        (lambda p: p.reg.add_partner("新区", kind=sh.FlowKind.fiscal), ["partner kind", "fiscal"]),
        (lambda p: p.reg.pair(p.siming, p.wangping, kind="village"), ["pairing kind", "'village'"]),
        (lambda p: p.reg.add_flow(p.siming, p.linxia, "1万", kind="grant"), ["flow kind", "'grant'"]),
        (lambda p: p.reg.add_flow(p.siming, p.linxia, "1万", stage="paid"), ["flow stage", "'paid'"]),
        (lambda p: p.reg.add_flow(p.siming, p.linxia, "1万", purpose="roads"), ["flow purpose", "'roads'"]),
        (lambda p: p.reg.add_project("路", sector="roads"), ["project sector", "'roads'"]),
        (lambda p: p.reg.add_household("9", village=p.wangping, status="rich"), ["household status", "'rich'"]),
        (lambda p: p.reg.add_benefit(p.h, via=p.ws, kind="joy"), ["benefit kind", "'joy'"]),
        (lambda p: p.reg.add_exchange(p.siming, p.linxia, role="nurse", persons=1), ["exchange role", "'nurse'"]),
        (lambda p: p.reg.add_training(p.siming, role="nurse", trainees=1), ["training role", "'nurse'"]),
        (lambda p: p.reg.add_event("party"), ["event kind", "'party'"]),
        (lambda p: p.reg.totals(kind="grant"), ["totals kind", "'grant'"]),
        (lambda p: p.reg.totals(kind=["fiscal", "grant"]), ["totals kind", "'grant'"]),
        (lambda p: p.reg.totals(stage="paid"), ["totals stage", "'paid'"]),
        (lambda p: p.reg.totals(by="colour"), ["totals by", "'colour'"]),
        (lambda p: p.reg.totals(by=["kind", "colour"]), ["totals by", "'colour'"]),
    ],
)
def test_unknown_enum_name(pair, call, words):
    e = refuse(pair.reg, sh.ValidationError, lambda: call(pair), *words)
    assert isinstance(e, ValueError)


# ---------------------------------------------------------------------------------------------
# handles: from another registry, or not a handle at all


@pytest.fixture
def other():
    return build_pair()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda p, o: p.reg.add_partner("新村", kind="village", parent=o.linxia), "partner parent"),
        (lambda p, o: p.reg.pair(p.siming, o.linxia), "pairing b"),
        (lambda p, o: p.reg.add_flow(o.siming, p.linxia, "1万"), "flow source"),
        (lambda p, o: p.reg.add_flow(p.siming, o.linxia, "1万"), "flow target"),
        (lambda p, o: p.reg.add_flow(p.siming, p.wangping, "1万", parent=o.total), "flow parent"),
        (lambda p, o: p.reg.add_project("车间", location=o.linxia), "project location"),
        (lambda p, o: p.reg.add_household("9", village=o.wangping), "household village"),
        (lambda p, o: p.reg.add_benefit(o.h, via=p.ws), "benefit beneficiary"),
        (lambda p, o: p.reg.add_benefit(p.h, via=o.ws), "benefit via"),
        (lambda p, o: p.reg.add_exchange(o.siming, p.linxia, persons=1), "exchange sender"),
        (lambda p, o: p.reg.add_training(o.siming, trainees=1), "training organiser"),
        (lambda p, o: p.reg.add_wish(o.h, "书包"), "wish household"),
        (lambda p, o: p.reg.claim_wish(p.reg.add_wish(p.h, "书包"), by=o.siming), "claim_wish by"),
        (lambda p, o: p.reg.fulfil_wish(o.wish), "fulfil_wish wish"),
        (lambda p, o: p.reg.add_event("signing", partners=[p.siming, o.linxia]), "event partners"),
        (lambda p, o: p.reg.totals(source=o.siming), "totals source"),
        (lambda p, o: p.reg.totals(boundary=o.linxia), "totals boundary"),
        (lambda p, o: p.reg.report(east=o.siming), "report east"),
    ],
)
def test_handle_from_another_registry(pair, other, call, field):
    if field == "claim_wish by":  # the wish is made first, then the refused claim must change nothing
        w = pair.reg.add_wish(pair.h, "书包")
        refuse(pair.reg, sh.ValidationError, lambda: pair.reg.claim_wish(w, by=other.siming), field,
               "another registry")
        assert w.state == "open"
        return
    refuse(pair.reg, sh.ValidationError, lambda: call(pair, other), field, "another registry")


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda p: p.reg.add_flow("思明区", p.linxia, "1万"), ["flow source", "'思明区'"]),
        (lambda p: p.reg.add_flow(p.siming, 622901, "1万"), ["flow target", "622901"]),
        (lambda p: p.reg.add_flow(p.siming, p.linxia, "1万", parent=0), ["flow parent", "0"]),
        (lambda p: p.reg.add_flow(p.siming, p.linxia, "1万", parent=p.siming), ["flow parent", "Partner"]),
        (lambda p: p.reg.add_partner("新村", parent="临夏市"), ["partner parent", "'临夏市'"]),
        (lambda p: p.reg.add_household("9", village="王坪村"), ["household village", "'王坪村'"]),
        (lambda p: p.reg.add_household("9", village=None), ["household village"]),
        (lambda p: p.reg.add_household("9", village=p.ws), ["household village", "Project"]),
        (lambda p: p.reg.add_wish("622901100201000001", "书包"), ["wish household", "'622901100201000001'"]),
        (lambda p: p.reg.claim_wish(p.wish, by="思明区"), ["claim_wish by", "'思明区'"]),
        (lambda p: p.reg.add_event("signing", partners=["思明区"]), ["event partners", "'思明区'"]),
        (lambda p: p.reg.add_benefit(p.h, via=p.h), ["benefit via"]),
        (lambda p: p.reg.totals(source="思明区"), ["totals source", "'思明区'"]),
        (lambda p: p.reg.report(east="思明区"), ["report east", "'思明区'"]),
        # text is not echoed (it may be personal): the message names the type
        (lambda p: p.reg.add_partner(42), ["partner name", "got int"]),
        (lambda p: p.reg.add_partner("新村", note=7), ["partner note", "got int"]),
        (lambda p: p.reg.add_household("9", village=p.wangping, members="4"), ["household members", "'4'"]),
        (lambda p: p.reg.add_household("9", village=p.wangping, members=True), ["household members", "True"]),
        (lambda p: p.reg.add_household("9", village=p.wangping, members=4.0), ["household members", "4.0"]),
        (lambda p: p.reg.add_exchange(p.siming, p.linxia, persons="8"), ["exchange persons", "'8'"]),
        (lambda p: p.reg.add_project("车间", outputs=[("workshops", 20)]), ["project outputs"]),
        (lambda p: p.reg.add_project("车间", outputs={"workshops": "20"}), ["project output count", "'20'"]),
        (lambda p: p.reg.totals(year="2018"), ["totals year", "'2018'"]),
        (lambda p: p.reg.report(year=2018.0), ["report year", "2018.0"]),
    ],
)
def test_wrong_types(pair, call, words):
    refuse(pair.reg, sh.ValidationError, lambda: call(pair), *words)


# ---------------------------------------------------------------------------------------------
# amounts


@pytest.mark.parametrize(("amount", "shown"), [("0", "0.00"), ("0万", "0.00"), ("-5万", "-50000.00"),
                                               (-1, "-1.00"), (Decimal("-0.01"), "-0.01")])
def test_amount_not_positive(pair, amount, shown):
    e = refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_flow(pair.siming, pair.linxia, amount),
               "flow amount", shown)
    assert isinstance(e, ValueError)


@pytest.mark.parametrize("amount", [5.0, 1e4, float("inf")])
def test_amount_float(pair, amount):
    refuse(pair.reg, TypeError, lambda: pair.reg.add_flow(pair.siming, pair.linxia, amount), "flow amount", "float")


@pytest.mark.parametrize(("amount", "words"), [("五万", ["flow amount", "'五万'"]), ("1.001", ["flow amount", "'1.001'"]),
                                               ("99999999999999999999万", ["flow amount", "too large"])])
def test_amount_unreadable(pair, amount, words):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_flow(pair.siming, pair.linxia, amount), *words)


def test_amount_none(pair):
    refuse(pair.reg, TypeError, lambda: pair.reg.add_flow(pair.siming, pair.linxia, None), "flow amount")


def test_wish_cost_negative(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_wish(pair.h, "书包", cost="-1元"), "wish cost", "-1.00")


def test_benefit_amount_negative(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_benefit(pair.h, via=pair.ws, amount="-3"),
           "benefit amount", "-3.00")


# ---------------------------------------------------------------------------------------------
# chains


def test_child_exceeding_the_parents_remainder(pair):
    # 984万 − 34万 = 950万 left: 950万 fits exactly, one fen more does not
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_flow(pair.siming, pair.wangping, "950.000001万", parent=pair.total),
           "flow amount", "9500000.01", "9500000.00")
    assert pair.total.remaining == Money("950万")
    pair.reg.add_flow(pair.siming, pair.wangping, "950万", parent=pair.total)
    assert pair.total.remaining == Money()
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_flow(pair.siming, pair.linxia, "0.01", parent=pair.total), "flow amount", "0.01")


def test_child_exceeding_the_parent_at_once(pair):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_flow(pair.siming, pair.linxia, "985万", parent=pair.total), "flow amount", "9850000.00")


def test_pass_through_exceeding_what_was_received(pair):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_flow(pair.wangping, pair.fuhan, "35万", parent=pair.part), "flow amount")


@pytest.mark.parametrize("stage", ["pledge", "commitment", "expenditure"])
def test_stage_mismatch_in_a_chain(pair, stage):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_flow(pair.siming, pair.wangping, "1万", stage=stage, parent=pair.total),
           "flow stage", stage, "disbursement")


def test_parent_neither_part_nor_pass_through(pair):
    reg = pair.reg
    xiamen = reg.add_partner("厦门市", kind="city", side="east")
    street = reg.add_partner("中华街道", kind="street", parent=pair.siming)
    # Xiamen is neither at or below Siming (a part) nor at or below Linxia (a pass-through)
    refuse(reg, sh.ValidationError, lambda: reg.add_flow(xiamen, pair.linxia, "1万", parent=pair.total),
           "flow parent", "neither")
    # the right source but a target outside Linxia: not a part either
    refuse(reg, sh.ValidationError, lambda: reg.add_flow(pair.siming, street, "1万", parent=pair.total),
           "flow parent", "neither")
    # money flowing back from the village to Siming through the 34万 part is a pass-through: it is allowed
    back = reg.add_flow(pair.wangping, pair.siming, "1万", parent=pair.part)
    assert back.link == "pass_through"


def test_flow_source_equals_target(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_flow(pair.siming, pair.siming, "1万"),
           "flow target", "same")


def test_flow_between_flows_is_refused(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_flow(pair.total, pair.linxia, "1万"), "flow source")


def test_exchange_part_exceeding_its_whole(pair):
    reg = pair.reg
    refuse(reg, sh.ValidationError,
           lambda: reg.add_exchange(pair.siming, pair.linxia, persons=9, part_of=pair.exchange),
           "exchange person_times", "9", "8")
    refuse(reg, sh.ValidationError,
           lambda: reg.add_exchange(pair.linxia, pair.siming, persons=1, part_of=pair.exchange),
           "exchange part_of")


def test_exchange_persons_beyond_person_times(pair):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_exchange(pair.siming, pair.linxia, persons=9, person_times=8),
           "exchange persons", "9", "8")


# ---------------------------------------------------------------------------------------------
# households and partners


def test_duplicate_household_number(pair):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_household("622901100201000001", village=pair.wangping),
           "household number", "already registered")
    with pytest.raises(sh.ValidationError) as e:
        pair.reg.add_household("622901100201000001", village=pair.wangping)
    assert "622901" not in str(e.value)  # a registry number is never echoed
    assert pair.reg.household("622901100201000001") == pair.h


def test_households_without_number_are_not_duplicates(pair):
    a = pair.reg.add_household(None, village=pair.wangping)
    b = pair.reg.add_household(None, village=pair.wangping)
    assert a != b and a.number == b.number == ""


def test_household_village_not_a_village(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_household("9", village=pair.fuhan),
           "household village", "'枹罕镇'", "town")
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_household("9", village=pair.linxia),
           "household village", "'临夏市'", "county")


def test_household_community_is_accepted(pair):
    community = pair.reg.add_partner("中山社区", kind="community", parent=pair.linxia)
    assert pair.reg.add_household("9", village=community).village == community


def test_failed_household_frees_nothing_and_takes_nothing(pair):
    # a refused household does not reserve its number
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_household("777", village=pair.fuhan), "village")
    with pytest.raises(sh.NotFoundError):
        pair.reg.household("777")
    assert pair.reg.add_household("777", village=pair.wangping).number == "777"


@pytest.mark.parametrize(("kwargs", "words"), [
    (dict(members=-1), ["household members", "-1"]),
    (dict(exit_year=1800), ["household exit_year", "1800"]),
    (dict(members=2**40), ["household members", str(2**40)]),
])
def test_household_counts(pair, kwargs, words):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_household("9", village=pair.wangping, **kwargs), *words)


@pytest.mark.parametrize(("kwargs", "words"), [
    (dict(name=""), ["partner name"]),
    (dict(name="甲", code="35020X"), ["partner code", "'35020X'"]),
    (dict(name="甲", code="1234567890123"), ["partner code", "'1234567890123'"]),
    (dict(name="甲\x01"), ["partner name", "control"]),
])
def test_partner_values(pair, kwargs, words):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_partner(**kwargs), *words)


def test_text_that_is_not_unicode(pair):
    # a lone surrogate cannot be written as UTF-8: a bad value like any other, naming the field
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_partner("\udcff"), "partner name")


def test_partner_side_conflicting_with_its_parent(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_partner("甲村", kind="village", side="east",
                                                                      parent=pair.fuhan),
           "partner side", "east", "west")


def test_pairing_with_itself(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.pair(pair.siming, pair.siming), "pairing")


def test_pairing_ending_before_it_starts(pair):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.pair(pair.siming, pair.wangping, since="2018-05", until="2017"), "pairing until", "2017")


def test_event_naming_a_partner_twice(pair):
    refuse(pair.reg, sh.ValidationError,
           lambda: pair.reg.add_event("signing", partners=[pair.siming, pair.linxia, pair.siming]), "event partners")


def test_training_without_trainees(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_training(pair.siming, trainees=0),
           "training trainees", "0")


def test_aggregate_benefit_without_counts(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_benefit(None, via=pair.ws), "benefit")


def test_project_output_negative_or_twice(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_project("车间", outputs={"workshops": -1}),
           "workshops", "-1")


# ---------------------------------------------------------------------------------------------
# wishes


def test_claim_twice(pair):
    reg = pair.reg
    w = reg.add_wish(pair.h, "冬衣", date="2018-11")
    reg.claim_wish(w, by=pair.siming, date="2018-12")
    refuse(reg, sh.ValidationError, lambda: reg.claim_wish(w, by=pair.linxia, date="2018-12"),
           "claim_wish", "claimed", "open")
    assert w.claimed_by == pair.siming


def test_claim_a_fulfilled_wish(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.claim_wish(pair.wish, by=pair.siming),
           "claim_wish", "fulfilled")


def test_fulfil_an_open_wish(pair):
    reg = pair.reg
    w = reg.add_wish(pair.h, "冬衣", date="2018-11")
    refuse(reg, sh.ValidationError, lambda: reg.fulfil_wish(w, date="2018-12"), "fulfil_wish", "open", "claimed")
    assert w.state == "open"


def test_fulfil_twice(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.fulfil_wish(pair.wish), "fulfil_wish", "fulfilled")


def test_cancel_a_fulfilled_wish(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.cancel_wish(pair.wish), "cancel_wish", "fulfilled")


def test_cancelled_wish_cannot_be_claimed(pair):
    reg = pair.reg
    w = reg.add_wish(pair.h, "冬衣")
    reg.cancel_wish(w)
    refuse(reg, sh.ValidationError, lambda: reg.claim_wish(w, by=pair.siming), "claim_wish", "cancelled")


def test_claim_before_the_wish(pair):
    reg = pair.reg
    w = reg.add_wish(pair.h, "冬衣", date="2018-11")
    refuse(reg, sh.ValidationError, lambda: reg.claim_wish(w, by=pair.siming, date="2018-10-31"),
           "claim_wish date", "2018-10-31")
    reg.claim_wish(w, by=pair.siming, date="2018-11-15")  # a day inside the month is not before it
    refuse(reg, sh.ValidationError, lambda: reg.fulfil_wish(w, date="2018-11-14"), "fulfil_wish date", "2018-11-14")


def test_wish_without_text(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_wish(pair.h, ""), "wish text")


# ---------------------------------------------------------------------------------------------
# dates


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("2018-13", "2018-13"),
        ("May 2018", "'May 2018'"),
        ("2018-02-30", "2018-2-30"),
        ("2019-02-29", "2019-2-29"),
        ("18", "'18'"),
        ("2018-5-3x", "'2018-5-3x'"),
        ("2018--05", "'2018--05'"),
        ("0000", "year"),
        ("2018年5月", "'2018年5月'"),
    ],
)
def test_bad_dates(pair, date, shown):
    e = refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_flow(pair.siming, pair.linxia, "1万", date=date),
               "flow date", shown)
    assert isinstance(e, ValueError)


@pytest.mark.parametrize("date", [2018.5, [2018], b"2018"])
def test_date_of_the_wrong_type(pair, date):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.add_flow(pair.siming, pair.linxia, "1万", date=date),
           "flow date")


@pytest.mark.parametrize(("call", "field"), [
    (lambda p: p.reg.pair(p.siming, p.wangping, since="2018-13"), "pairing since"),
    (lambda p: p.reg.add_project("车间", start="May 2018"), "project start"),
    (lambda p: p.reg.add_benefit(p.h, via=p.ws, date="2018-00-05"), "benefit date"),
    (lambda p: p.reg.add_exchange(p.siming, p.linxia, persons=1, date="2018/13"), "exchange date"),
    (lambda p: p.reg.add_training(p.siming, trainees=1, date="x"), "training date"),
    (lambda p: p.reg.add_wish(p.h, "书包", date="2018-12-32"), "wish date"),
    (lambda p: p.reg.add_event("signing", date="Aug 2017"), "event date"),
])
def test_bad_dates_everywhere(pair, call, field):
    refuse(pair.reg, sh.ValidationError, lambda: call(pair), field)


@pytest.mark.parametrize(("date", "stored"), [("2018", "2018"), ("2018-05", "2018-05"), ("2018-05-03", "2018-05-03"),
                                              ("2018/5/3", "2018-05-03"), ("2018.05", "2018-05"), (2018, "2018"),
                                              (datetime.date(2018, 5, 3), "2018-05-03"), (None, None), ("", None)])
def test_good_dates_keep_their_precision(pair, date, stored):
    assert pair.reg.add_flow(pair.siming, pair.linxia, "1万", date=date).date == stored


# ---------------------------------------------------------------------------------------------
# lookups


def test_table_index_types(pair):
    with pytest.raises(TypeError):
        pair.reg.partners["思明区"]
    with pytest.raises(sh.NotFoundError):
        pair.reg.partners[4]


def test_totals_year_out_of_range(pair):
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.totals(year=0), "totals year", "0")
    refuse(pair.reg, sh.ValidationError, lambda: pair.reg.report(year=10000), "report year", "10000")


def test_report_missing_indicator(pair):
    with pytest.raises(sh.NotFoundError) as e:
        pair.reg.report()["talent.sent"]
    assert "talent.sent" in str(e.value)
