"""Bulk input is exactly as strict as one row: for random rows mixing valid and invalid values of
every kind of column, each bulk call refuses exactly when the one-row calls on the same rows (in
order, into a copy) refuse one, naming the same table, row and field, and otherwise leaves a
registry byte for byte the one the one-row calls made."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import shanhai as sh
from conftest import synthetic_id, synthetic_id_ending

# ---- the values drawn for each kind of column: valid ones and refused ones, never a value whose
# meaning bulk input defines beyond the one-row call (a whole float, NaN, an int for a name, a
# packed date or 0 for no date)

def mix(valid: list, invalid: list):
    """Mostly valid values (29 in 30), so that whole batches pass too, and now and then a refused one."""
    return st.integers(0, 29).flatmap(lambda k: st.sampled_from(invalid if k == 0 else valid))


TEXT = mix(["文本", "", None, "a\tb"], [6.2e17, 5, b"x", "\ud800", True])
COUNT = mix([0, 1, 3, 12, 1960, 2019, None], [-3, 2**15, -(2**15) - 1, 2**31, 2**63, 67554, 2.7, -0.5,
                                              float("inf"), True, "3"])
MONEY = mix(["1万", "12.34", "0.01元", Decimal("5.5"), sh.Money("3"), 7],
            [None, "0", -5, "12.345元", "abc", 1.5, True, Decimal("1E+25"), Decimal("1.001")])
DATE = mix(["2018", "2018-05", "2018-05-03", 2018, datetime.date(2018, 5, 3), None],
           ["2018-13", "18", "x", "2018-02-30", 2.5, True, -5])
REGISTERED = synthetic_id("622901", "19620304", 11)  # base()'s head: a duplicate in any batch
FULL_WIDTH = "".join(chr(0xFF10 + int(c)) for c in synthetic_id("440304", "20000229", 120))
ID_NUMBER = mix([synthetic_id("622901", "19800101", 1), synthetic_id_ending("622901", "20150601", "X"),
                 synthetic_id_ending("650102", "19900505", "X").lower(), FULL_WIDTH, "", None],
                [REGISTERED, synthetic_id("622901", "19800101", 1)[:17] + "Y", synthetic_id("242901", "19800101", 1),
                 synthetic_id("622901", "19810229", 1), "62290119800101", 622901198001010016, True])
PHONE = mix(["13812345678", "+86 139-0000-1111", "(0931) 8123456", "", None], ["12345", "电话", 13812345678])
CAUSES = mix([["illness"], [], None, ["disability", "illness"]], ["illness", ["illnes"], ["illness", "illness"], [5]])


def enum(e):
    """Names, a member, None (the default); a misspelt name, another enumeration's member, a bool."""
    return mix(list(e.__members__)[:4] + [list(e.__members__.values())[1], None], ["misspelt", sh.Role.other, True])


def ids(valid, beyond=99, *, required=False):
    """Ids: those that exist and none (-1, None; refused when `required`); one that does not, and
    values that are no id."""
    nones = [None, -1]
    return mix(list(valid) + ([] if required else nones), [beyond, 2**32, True, 2.5, "1"] + (nones if required else []))


def base():
    reg = sh.Registry()
    east = reg.add_partner("东", kind="district", side="east")
    west = reg.add_partner("西", kind="county", side="west")
    village = reg.add_partner("村", kind="village", parent=west)
    reg.add_partner("镇", kind="town", parent=west)
    h = reg.add_household("1", village=village, members=3)
    reg.add_household(None, village=village)
    reg.add_person(h, relation="head", name="马某", id_number=REGISTERED, phone="13800000000")
    reg.add_project("车间", location=west)
    reg.add_flow(east, west, "100万", date="2018")
    return reg


# ---- each table with a bulk call: its columns, and the one-row call of a row

def handle(view, value):
    """The one-row call's value for an id: a handle, None for none, or the value itself (refused)."""
    if value is None or type(value) is int and value == -1:
        return None
    if type(value) is int and 0 <= value < len(view):
        return view[value]
    return value


def node(reg, kind, value, default):
    views = {"partner": reg.partners, "project": reg.projects, "household": reg.households, "flow": reg.flows}
    kind = default if kind is None else kind
    if isinstance(kind, str) and kind in views:
        return handle(views[kind], value)
    return (kind, value)  # a node of no kind: refused


def keywords(row, names):
    """The keywords of a one-row call: an enumeration not given (None) takes its default."""
    return {k: row[k] for k in names if k in row and not (row[k] is None and k in ENUMS)}


ENUMS = {"kind", "side", "status", "relation", "sex", "health", "education", "labour", "stage", "purpose", "sector",
         "role", "correction"}  # and a flag: None in a column is False

TABLES = {
    "partners": ("add_partners", {
        "name": TEXT, "kind": enum(sh.PartnerKind), "side": enum(sh.Side), "parent": ids(range(4), 7),
        "code": mix(["350203", "", None], ["abc", 350203]), "note": TEXT},
        lambda reg, r: reg.add_partner(r.get("name"), parent=handle(reg.partners, r.get("parent")),
                                       **keywords(r, ["kind", "side", "code", "note"]))),
    "households": ("add_households", {
        "number": mix(["6229011", "6229012", "", None], ["1", 6.2e17]), "village": ids([2], 3, required=True),
        "members": COUNT, "status": enum(sh.HouseholdStatus), "exit_year": COUNT, "note": TEXT, "causes": CAUSES,
        "address": TEXT, "head_name": TEXT},
        lambda reg, r: reg.add_household(r.get("number"), village=handle(reg.partners, r.get("village")),
                                         **keywords(r, ["members", "status", "exit_year", "note", "causes",
                                                        "address", "head_name"]))),
    "persons": ("add_persons", {
        "household": ids([0, 1], required=True), "relation": enum(sh.Relation), "sex": enum(sh.Sex),
        "birth_year": COUNT,
        "health": enum(sh.Health), "education": enum(sh.Education), "labour": enum(sh.Labour), "note": TEXT,
        "name": TEXT, "id_number": ID_NUMBER, "phone": PHONE},
        lambda reg, r: reg.add_person(handle(reg.households, r.get("household")),
                                      **keywords(r, ["relation", "sex", "birth_year", "health", "education",
                                                     "labour", "note", "name", "id_number", "phone"]))),
    "flows": ("add_flows", {
        "source_kind": mix(["partner", None], ["household", "flo"]), "source": ids([0], 1, required=True),
        "target_kind": mix(["partner", None], ["project"]), "target": ids([1, 2], 0, required=True),
        "amount": MONEY, "date": DATE, "kind": enum(sh.FlowKind), "stage": enum(sh.Stage),
        "purpose": enum(sh.Sector), "parent": mix([None, -1, 0], [1, 2, 9, True, 2.5]), "note": TEXT,
        # base()'s flow 0 is in CNY: a USD child of it is refused; a correction needs a negative amount
        "currency": mix(["CNY", None, "USD"], ["usd", "XYZ", 5]), "correction": mix([False, None], [True, 2, "yes"])},
        lambda reg, r: reg.add_flow(node(reg, r.get("source_kind"), r.get("source"), "partner"),
                                    node(reg, r.get("target_kind"), r.get("target"), "partner"), r.get("amount"),
                                    parent=handle(reg.flows, r.get("parent")),
                                    **keywords(r, ["date", "kind", "stage", "purpose", "note", "currency",
                                                   "correction"]))),
    "benefits": ("add_benefits", {
        "beneficiary": ids([0, 1]), "via_kind": mix(["project", "flow", "partner", None], ["household"]),
        "via": ids([0, 1], required=True), "kind": enum(sh.BenefitKind), "persons": COUNT, "households": COUNT,
        "date": DATE,
        "amount": MONEY, "note": TEXT},
        lambda reg, r: reg.add_benefit(handle(reg.households, r.get("beneficiary")),
                                       via=node(reg, r.get("via_kind"), r.get("via"), "project"),
                                       **keywords(r, ["kind", "persons", "households", "date", "amount", "note"]))),
    "employment": ("add_employment_records", {
        "workshop": ids([0], required=True), "household": ids([0, 1]), "person": ids([0]),
        "worker": mix(["W-1", "", None], [17]), "month": DATE, "workers": COUNT, "poor": COUNT,
        "wage": MONEY, "note": TEXT},
        lambda reg, r: reg.add_employment(handle(reg.projects, r.get("workshop")),
                                          household=handle(reg.households, r.get("household")),
                                          person=handle(reg.persons, r.get("person")),
                                          **keywords(r, ["worker", "month", "workers", "poor", "wage", "note"]))),
    "status_changes": ("add_status_changes", {
        "household": ids([0, 1], required=True),
        "status": mix(list(sh.HouseholdStatus.__members__)[:4] + [sh.HouseholdStatus.monitored],
                      ["misspelt", sh.Role.other, True]),  # None: pybind's TypeError from set_status
        "date": mix(["2018", "2018-05", "2019-02-03", "2017", 2020, datetime.date(2019, 5, 3)],
                    [None, "2018-13", "x", 2.5, True]),
        "note": TEXT},
        lambda reg, r: reg.set_status(handle(reg.households, r.get("household")), r.get("status"),
                                      date=r.get("date"), note=r.get("note"))),
    "pairings": ("add_pairings", {
        "a_kind": mix(["partner", None], ["household", "project", "flo"]), "a": ids([0, 1, 2], 9, required=True),
        "b_kind": mix(["partner", "household", None], ["project"]), "b": ids([0, 1, 3], 9, required=True),
        "kind": enum(sh.PairingKind), "since": DATE, "until": DATE, "note": TEXT},
        lambda reg, r: reg.pair(node(reg, r.get("a_kind"), r.get("a"), "partner"),
                                node(reg, r.get("b_kind"), r.get("b"), "partner"),
                                **keywords(r, ["kind", "since", "until", "note"]))),
    "projects": ("add_projects", {
        "name": mix(["车间", "道路"], ["", None, 5, "\ud800", "a\x01"]), "sector": enum(sh.Sector),
        "location": ids(range(4), 7), "implementer": ids(range(4), 7), "start": DATE, "end": DATE,
        "outputs": mix([{"workshops": 2}, {}, None, {"km_road": 0, "wells": 3}],
                       ["x", {"a": -1}, {"a": True}, {5: 1}, {"a": 2.5}, {"a": 2**63}, {"": 1}]),
        "note": TEXT},
        lambda reg, r: reg.add_project(r.get("name"), location=handle(reg.partners, r.get("location")),
                                       implementer=handle(reg.partners, r.get("implementer")),
                                       **keywords(r, ["sector", "start", "end", "outputs", "note"]))),
    "exchanges": ("add_exchanges", {
        "sender": ids([0, 1, 2], 7, required=True), "host": ids([1, 2, 3], 7, required=True), "role": enum(sh.Role),
        "person_times": COUNT, "persons": COUNT, "batches": COUNT, "days": COUNT, "purpose": TEXT, "date": DATE,
        "part_of": mix([None, -1, 0], [1, 9, True, 2.5]), "note": TEXT},
        lambda reg, r: reg.add_exchange(handle(reg.partners, r.get("sender")), handle(reg.partners, r.get("host")),
                                        part_of=handle(reg.exchanges, r.get("part_of")),
                                        **keywords(r, ["role", "person_times", "persons", "batches", "days",
                                                       "purpose", "date", "note"]))),
    "trainings": ("add_trainings", {
        "organiser": ids([0, 1], 7, required=True), "location": ids([2, 3], 7), "role": enum(sh.Role),
        "trainees": mix([1, 30, 500], [0, -3, None, 2**63, 2.7, True]), "days": COUNT, "date": DATE, "note": TEXT,
        "sessions": COUNT, "part_of": mix([None, -1, 0], [1, 9, True, 2.5])},
        lambda reg, r: reg.add_training(handle(reg.partners, r.get("organiser")),
                                        location=handle(reg.partners, r.get("location")), trainees=r.get("trainees"),
                                        part_of=handle(reg.trainings, r.get("part_of")),
                                        **keywords(r, ["role", "days", "date", "note", "sessions"]))),
    "wishes": ("add_wishes", {
        "household": ids([0, 1], required=True), "text": mix(["书包", "轮椅"], ["", None, 5, "\ud800", "a\x01"]),
        "cost": mix(["100元", "12.34", None, 7, sh.Money("3")], ["-5", "12.345元", 1.5, True]), "date": DATE,
        "note": TEXT, "batch": COUNT},
        lambda reg, r: reg.add_wish(handle(reg.households, r.get("household")), r.get("text"),
                                    **keywords(r, ["cost", "date", "note", "batch"]))),
    "events": ("add_events", {
        "kind": mix(list(sh.EventKind.__members__)[:4] + [sh.EventKind.other], ["misspelt", sh.Role.other, True]),
        "date": DATE, "partners": mix([[0, 1], [], None, [2]], [[0, 0], [9], [True], "x", [None], [2.5]]),
        "note": TEXT},
        lambda reg, r: reg.add_event(r.get("kind"), partners=[handle(reg.partners, p) for p in r["partners"]]
                                     if isinstance(r.get("partners"), list) else r.get("partners"),
                                     **keywords(r, ["date", "note"]))),
}
REQUIRED = {"partners": ["name"], "households": ["village"], "persons": ["household"],
            "flows": ["source", "target", "amount"],
            "benefits": ["via"], "employment": ["workshop", "month"],
            "status_changes": ["household", "status", "date"], "pairings": ["a", "b"], "projects": ["name"],
            "exchanges": ["sender", "host"], "trainings": ["organiser", "trainees"], "wishes": ["household", "text"],
            "events": ["kind"]}


@st.composite
def batches(draw, table):
    """Rows of a table: some of its columns (the required ones always), 1 to 5 rows."""
    _, columns, _ = TABLES[table]
    chosen = [c for c in columns if c in REQUIRED[table] or draw(st.booleans())]
    rows = draw(st.lists(st.fixed_dictionaries({c: columns[c] for c in chosen}), min_size=1, max_size=5))
    return chosen, rows


def field_of(e: Exception) -> str | None:
    """The field an error names. Until every one-row refusal sets `field`, its message says it:
    "household members: ..." (a bridge: the attribute is what counts)."""
    field = getattr(e, "field", None)
    if field:
        return field
    found = re.search(r"\b(?:partner|household|person|flow|benefit|employment|set_status|pairing|project|exchange|"
                      r"training|wish|event) (\w+):", str(e))
    return found.group(1) if found else None


def one_row_at_a_time(reg, table, rows):
    """The registry after the one-row calls, and the first refusal (its row and error) or None."""
    call = TABLES[table][2]
    for i, row in enumerate(rows):
        try:
            call(reg, row)
        except (sh.Error, TypeError) as e:
            return i, e
    return None


@pytest.mark.parametrize("table", list(TABLES))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bulk_refuses_exactly_what_one_row_refuses(table, data):
    chosen, rows = data.draw(batches(table))
    as_frame = data.draw(st.booleans())
    columns = {c: [r[c] for r in rows] for c in chosen}
    if as_frame:  # a DataFrame of objects: each value as it is
        columns = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in columns.items()})
    start = base().to_bytes()
    singly, bulk = sh.from_bytes(start), sh.from_bytes(start)
    refusal = one_row_at_a_time(singly, table, rows)
    call = getattr(bulk, TABLES[table][0])
    event("accepted" if refusal is None else f"refused at {field_of(refusal[1])}")
    if refusal is None:
        assert call(columns) == range(len(getattr(singly, table)) - len(rows), len(getattr(singly, table)))
        assert bulk.to_bytes() == singly.to_bytes()
        return
    row, single = refusal
    with pytest.raises(sh.Error) as caught:
        call(columns)
    e = caught.value
    assert (e.table, e.row, field_of(e)) == (table, row, field_of(single)), f"bulk: {e}\none row: {single}"
    assert bulk.to_bytes() == start
