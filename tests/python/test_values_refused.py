"""No silent damage from values: what the registry takes, every format holds, and what it cannot
hold is refused at insertion naming its field.

- Text: every character of every Unicode plane that the registry accepts goes through the three
  archives, CSV, Excel and IATI unchanged; what XML 1.0 forbids (control characters other than
  tab and line breaks, U+FFFE, U+FFFF) and lone surrogates are refused, naming the field.
- Money: an absurd Decimal is refused at once, in little memory; an insertion that would take
  the sum of a money column beyond Money's range is refused, so that totals, the report, the
  trace, check and workshops always work.
- Enumerations refuse codes beyond their range.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest
from lxml import etree

import shanhai as sh

MAX = sh.Money.from_fen(2**63 - 1)  # the most money can hold
FEN = sh.Money.from_fen(1)


def xml_char(cp: int) -> bool:
    """A character XML 1.0 allows (surrogates are no characters at all)."""
    return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF


def base():
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east", code="350203")
    west = reg.add_partner("临夏市", kind="county", side="west", code="622901")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    reg.pair(east, west, kind="east_west", since="2017-08")
    return reg, east, west, village


# ---- text ------------------------------------------------------------------------------------

def add_accepted(add, text: str) -> list[str]:
    """Adds ``text`` with ``add``; what is refused is split until the refused characters are
    alone. The pieces added, in order. Every refusal names the field and says bad_text."""
    try:
        add(text)
        return [text]
    except sh.ValidationError as e:
        assert (e.table, e.field, e.reason) == ("projects", "name", "bad_text"), str(e)
    if len(text) == 1:
        return []
    half = len(text) // 2
    return add_accepted(add, text[:half]) + add_accepted(add, text[half:])


def test_every_unicode_plane_goes_through_every_format_unchanged(tmp_path):
    reg, east, west, _ = base()
    every = "".join(chr(cp) for cp in range(0x110000))
    pieces: list[str] = []
    for start in range(0, len(every), 4000):  # an Excel cell holds 32,767 characters
        pieces += add_accepted(lambda t: reg.add_project(t, location=west, start="2018", note=t),
                               every[start:start + 4000])
    # exactly the characters XML allows are taken, in every plane
    taken = {ord(c) for p in pieces for c in p}
    assert taken == {cp for cp in range(0x110000) if xml_char(cp)}
    assert {cp >> 16 for cp in taken} == set(range(17))

    def names(r):
        return [(p.name, p.note) for p in r.projects]

    expected = [(p, p) for p in pieces]
    for fmt in ("binary", "text", "xml"):
        reg.save(tmp_path / f"all.{fmt}", format=fmt)
        assert names(sh.load(tmp_path / f"all.{fmt}")) == expected, fmt
        etree.fromstring(reg.to_bytes("xml")[reg.to_bytes("xml").index(b"<?xml"):])  # well-formed XML
    assert names(sh.read_csv(reg.to_csv(tmp_path / "csv", personal="show"))) == expected
    assert names(sh.read_excel(reg.to_excel(tmp_path / "all.xlsx", personal="show"))) == expected
    doc = etree.parse(str(reg.to_iati(tmp_path / "iati.xml", reporting_org=east, generated=dt.datetime(2019, 1, 20))))
    narratives = {n.text for n in doc.iter("narrative")}
    assert all(p in narratives for p in pieces)


TEXT_FIELDS = [  # (table, field, call adding a row with `text` in that field)
    ("partners", "name", lambda r, t: r.add_partner(t)),
    ("partners", "note", lambda r, t: r.add_partner("甲", note=t)),
    ("pairings", "note", lambda r, t: r.pair(r.partners[0], r.partners[2], note=t)),
    ("flows", "note", lambda r, t: r.add_flow(r.partners[0], r.partners[1], "1万", note=t)),
    ("projects", "name", lambda r, t: r.add_project(t)),
    ("projects", "outputs", lambda r, t: r.add_project("车间", outputs={t: 1})),
    ("households", "number", lambda r, t: r.add_household(t, village=r.partners[2])),
    ("households", "note", lambda r, t: r.add_household(None, village=r.partners[2], note=t)),
    ("households", "address", lambda r, t: r.add_household(None, village=r.partners[2], address=t)),
    ("benefits", "note", lambda r, t: r.add_benefit(None, via=r.partners[0], persons=1, note=t)),
    ("exchanges", "purpose", lambda r, t: r.add_exchange(r.partners[0], r.partners[1], purpose=t)),
    ("trainings", "note", lambda r, t: r.add_training(r.partners[0], trainees=1, note=t)),
    ("wishes", "text", lambda r, t: r.add_wish(r.households[0], t)),
    ("events", "note", lambda r, t: r.add_event("signing", note=t)),
    ("expectations", "citation", lambda r, t: r.expect_total("1万", citation=t)),
    ("persons", "note", lambda r, t: r.add_person(r.households[0], note=t)),
    ("status_changes", "note", lambda r, t: r.set_status(r.households[0], "exited", date="2019", note=t)),
    ("employment", "worker", lambda r, t: r.add_employment(r.projects[0], month="2018-05", worker=t)),
    ("targets", "note", lambda r, t: r.set_target("funds.total", 2019, "1万", note=t)),
]


@pytest.mark.parametrize("table, field, add", TEXT_FIELDS, ids=[f"{t}.{f}" for t, f, _ in TEXT_FIELDS])
@pytest.mark.parametrize("text", ["书包\ufffe", "\uffff", "a\x01b", "\x1f", "\ud800"])
def test_text_no_file_could_hold_is_refused_naming_its_field(table, field, add, text):
    reg, *_ = base()
    reg.add_household("H1", village=reg.partners[2])
    reg.add_project("车间")
    before = reg.to_bytes()
    with pytest.raises(sh.ValidationError) as e:
        add(reg, text)
    assert (e.value.table, e.value.field, e.value.reason) == (table, field, "bad_text")
    assert e.value.value is None  # text is never echoed
    assert reg.to_bytes() == before


def test_bulk_text_no_file_could_hold_is_refused_naming_table_row_and_field():
    reg, *_ = base()
    with pytest.raises(sh.ValidationError) as e:
        reg.add_partners({"name": ["甲", "乙\ufffe"], "kind": ["village", "village"]})
    assert (e.value.table, e.value.row, e.value.field, e.value.reason) == ("partners", 1, "name", "bad_text")
    assert len(reg.partners) == 3


# ---- money -----------------------------------------------------------------------------------

ABSURD = textwrap.dedent("""
    import resource, sys, time
    from decimal import Decimal
    import shanhai as sh
    reg = sh.Registry()
    a, b = reg.add_partner("甲"), reg.add_partner("乙")
    h = reg.add_household(None, village=reg.add_partner("村", kind="village"))
    calls = {
        "Money": lambda d: sh.Money(d),
        "add_flow": lambda d: reg.add_flow(a, b, d),
        "add_wish": lambda d: reg.add_wish(h, "书包", cost=d),
        "expect_total": lambda d: reg.expect_total(d),
        "distribute": lambda d: reg.distribute(a, d, to=[h]),
    }
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    # a runaway conversion fails here instead of taking the machine's memory
    limit = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (1 << 31, limit))
    for text in ("1E+999999999", "-1E+999999999", "1E-999999999", "9" * 50 + "E+999999"):
        for name, call in calls.items():
            start = time.perf_counter()
            try:
                call(Decimal(text))
                print(name, text, "accepted")
            except sh.ValidationError as e:
                seconds = time.perf_counter() - start
                grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
                print(name, text[:20], e.reason, f"{seconds:.6f}", grown)
            except BaseException as e:
                print(name, text[:20], "bare", type(e).__name__)
""")


def test_absurd_amounts_are_refused_at_once_in_little_memory():
    out = subprocess.run([sys.executable, "-c", ABSURD], capture_output=True, text=True, timeout=120)
    lines = [line.split() for line in out.stdout.splitlines()]
    assert len(lines) == 20, out.stdout + out.stderr
    for name, text, reason, *measured in lines:
        assert reason in ("overflow", "too_fine"), (name, text, reason)
        seconds, grown_kib = float(measured[0]), int(measured[1])
        assert seconds < 0.1, (name, text, seconds)
        assert grown_kib < 64 * 1024, (name, text, grown_kib)


def test_a_zero_decimal_of_any_exponent_is_zero():
    assert sh.Money(Decimal("0E+999999999")) == sh.Money() == sh.Money(Decimal("-0E-999999999"))
    assert sh.Money(Decimal("12.50000000000000000000")) == sh.Money("12.5")


def every_analysis(reg, source):
    """Totals, the report, the trace, check and workshops: each must work."""
    return (reg.totals(by="kind"), reg.report(), reg.trace(source), reg.check(), reg.workshops())


def test_flows_that_would_overflow_a_sum_are_refused_and_every_analysis_still_works():
    reg, east, west, village = base()
    reg.add_flow(east, west, MAX, date="2018", kind="fiscal")
    before = reg.to_bytes()
    for add in (lambda: reg.add_flow(east, village, FEN, date="2018"),
                lambda: reg.add_flow(west, village, "0.01", date="2019", kind="donation"),
                lambda: reg.distribute(west, "1", to=[reg.add_household(None, village=village)])):
        with pytest.raises(sh.ValidationError) as e:
            add()
        assert (e.value.table, e.value.field, e.value.reason) == ("flows", "amount", "overflow")
        reg = sh.from_bytes(before)  # distribute's household is gone again
        east, west, village = reg.partners[0], reg.partners[1], reg.partners[2]
    with pytest.raises(sh.ValidationError) as e:  # bulk: the row is named
        reg.add_flows({"source": [0, 1], "target": [1, 2], "amount_fen": [1, 1]})
    assert (e.value.table, e.value.row, e.value.field, e.value.reason) == ("flows", 0, "amount", "overflow")
    assert reg.to_bytes() == before
    totals, report, trace, _, _ = every_analysis(reg, east)
    assert totals.total == report["funds.total"] == trace.outflow == MAX


def test_a_refused_batch_gives_its_room_back():
    reg, east, west, village = base()
    reg.add_flow(east, west, MAX - FEN)
    with pytest.raises(sh.Error):  # row 0 fits, row 1 names no partner: refused whole
        reg.add_flows({"source": [0, 0], "target": [2, 99], "amount_fen": [1, 1]})
    reg.add_flow(east, village, FEN)  # the fen row 0 took is free again
    assert reg.totals().total == MAX


def test_wish_costs_wages_and_benefits_that_would_overflow_a_sum_are_refused():
    reg, east, west, village = base()
    h = reg.add_household("H1", village=village)
    workshop = reg.add_project("车间", location=west, start="2018")
    reg.add_wish(h, "书包", cost=MAX, date="2018")
    reg.add_employment(workshop, month="2018-05", household=h, wage=MAX)
    reg.add_benefit(h, via=workshop, persons=1, amount=MAX, date="2018")
    before = reg.to_bytes()
    for table, field, add in (
            ("wishes", "cost", lambda: reg.add_wish(h, "文具", cost="0.01", date="2018")),
            ("employment", "wage", lambda: reg.add_employment(workshop, month="2018-06", workers=3, wage=FEN)),
            ("benefits", "amount", lambda: reg.add_benefit(None, via=workshop, persons=1, amount=FEN))):
        with pytest.raises(sh.ValidationError) as e:
            add()
        assert (e.value.table, e.value.field, e.value.reason) == (table, field, "overflow")
    assert reg.to_bytes() == before
    _, report, _, _, workshops = every_analysis(reg, east)
    assert report["wishes.value"] == MAX
    assert workshops["wages"].tolist() == [MAX]


# ---- enumerations ----------------------------------------------------------------------------

@pytest.mark.parametrize("enum, code", [(sh.FlowKind, 99), (sh.PartnerKind, 200), (sh.HouseholdStatus, 99),
                                        (sh.FlowKind, 8), (sh.Side, -1), (sh.Stage, 2**70)])
def test_enumerations_refuse_codes_beyond_their_range(enum, code):
    with pytest.raises(sh.ValidationError) as e:
        enum(code)
    assert (e.value.field, e.value.reason) == ("value", "out_of_range")


def test_enumerations_take_their_codes_and_names():
    assert sh.FlowKind(3) == sh.FlowKind.in_kind == sh.FlowKind("in_kind")
    assert len(sh.PartnerKind.__members__) == 19 and sh.PartnerKind(18) == sh.PartnerKind.other
    reg, east, west, _ = base()
    assert reg.add_flow(east, west, "1万", kind=sh.FlowKind(3)).kind == "in_kind"
