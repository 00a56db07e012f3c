"""The bulk calls of status changes, pairings, projects, exchanges, trainings, wishes and events: the rows
the one-row calls would make, from a dict of columns, a pandas frame, an Arrow table or a polars
frame; and each refusal the one-row call makes (a value, a reference, a rule), with its type,
table, row and field, changing nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import shanhai as sh


def base():
    reg = sh.Registry()
    east = reg.add_partner("东部区", kind="district", side="east")
    west = reg.add_partner("西部县", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    reg.add_partner("镇", kind="town", parent=west)
    reg.add_household("1", village=village, members=3)
    reg.add_household(None, village=village)
    reg.add_project("车间", location=west)
    reg.add_flow(east, west, "100万", date="2018")
    return reg


# Each call: its one-row call of a row (keywords as the columns name them; ids as numbers), and
# good rows using every column.
def status(reg, r):
    return reg.set_status(reg.households[r["household"]], r["status"], date=r.get("date"), note=r.get("note"))


def pairing(reg, r):
    views = {"partner": reg.partners, "household": reg.households}
    return reg.pair(views[r.get("a_kind", "partner")][r["a"]], views[r.get("b_kind", "partner")][r["b"]],
                    **{k: r[k] for k in ("kind", "since", "until", "note") if k in r})


def project(reg, r):
    refs = {k: reg.partners[r[k]] for k in ("location", "implementer") if r.get(k) is not None}
    return reg.add_project(r["name"], **refs, **{k: r[k] for k in ("sector", "start", "end", "outputs", "note")
                                                 if k in r})


def exchange(reg, r):
    part_of = None if r.get("part_of") is None else reg.exchanges[r["part_of"]]
    return reg.add_exchange(reg.partners[r["sender"]], reg.partners[r["host"]], part_of=part_of,
                            **{k: r[k] for k in ("role", "person_times", "persons", "batches", "days", "purpose",
                                                 "date", "note") if k in r})


def training(reg, r):
    part_of = None if r.get("part_of") is None else reg.trainings[r["part_of"]]
    location = None if r.get("location") is None else reg.partners[r["location"]]
    return reg.add_training(reg.partners[r["organiser"]], location=location, part_of=part_of, trainees=r["trainees"],
                            **{k: r[k] for k in ("role", "days", "date", "note", "sessions") if k in r})


def wish(reg, r):
    return reg.add_wish(reg.households[r["household"]], r["text"],
                        **{k: r[k] for k in ("cost", "date", "note", "batch") if k in r})


def event(reg, r):
    partners = r.get("partners")
    if isinstance(partners, list):
        partners = [reg.partners[p] for p in partners]
    return reg.add_event(r["kind"], partners=partners, **{k: r[k] for k in ("date", "note") if k in r})


CALLS = {
    "status_changes": ("add_status_changes", status, [
        {"household": 0, "status": "exited", "date": "2019-06", "note": "脱贫"},
        {"household": 1, "status": "poor", "date": "2018"},
        {"household": 0, "status": "monitored", "date": "2021-01-05", "note": None}]),
    "pairings": ("add_pairings", pairing, [
        {"a": 0, "b": 1, "kind": "east_west", "since": "2016", "until": "2020-12", "note": "协作"},
        {"a": 0, "b_kind": "household", "b": 1, "kind": "family_household", "since": "2018-03"}]),
    "projects": ("add_projects", project, [
        {"name": "道路", "sector": "infrastructure", "implementer": 0, "location": 2, "start": "2018",
         "end": "2019-06", "outputs": {"bridges": 1, "km_road": 12}, "note": "硬化"},  # by name, as Arrow's map
        {"name": "饮水", "outputs": {}}]),
    "exchanges": ("add_exchanges", exchange, [
        {"sender": 0, "host": 1, "role": "teacher", "person_times": 12, "persons": 10, "batches": 2, "days": 30,
         "purpose": "支教", "date": "2019-03", "note": "第一批"},
        {"sender": 0, "host": 2, "role": "doctor", "person_times": 5, "part_of": 0}]),
    "trainings": ("add_trainings", training, [
        {"organiser": 0, "location": 2, "role": "technician", "trainees": 120, "days": 3, "date": "2019",
         "sessions": 2, "note": "培训"},
        {"organiser": 1, "role": "technician", "trainees": 20, "part_of": 0}]),
    "wishes": ("add_wishes", wish, [
        {"household": 0, "text": "书包", "cost": "80元", "date": "2020-05", "batch": 1, "note": "急"},
        {"household": 1, "text": "轮椅"}]),
    "events": ("add_events", event, [
        {"kind": "signing", "date": "2019-05", "partners": [0, 1], "note": "签约"},
        {"kind": "other", "partners": []},
        {"kind": "joint_meeting", "partners": [2]}]),
}


def columns(rows):
    """The rows as a dict of columns; a value a row does not give is None (the call's default)."""
    names = list(dict.fromkeys(k for r in rows for k in r))
    return {k: [r.get(k) for r in rows] for k in names}


def one_row_at_a_time(reg, call, rows):
    for i, r in enumerate(rows):
        try:
            call(reg, r)
        except sh.Error as e:
            return i, e
    return None


@pytest.mark.parametrize("table", list(CALLS))
@pytest.mark.parametrize("given", ["dict", "pandas", "arrow", "polars"])
def test_a_batch_makes_the_rows_the_one_row_calls_make(table, given):
    bulk_call, call, rows = CALLS[table]
    singly, bulk = base(), base()
    for r in rows:
        call(singly, r)
    data = columns(rows)
    if given == "pandas":
        data = pd.DataFrame(data)
    elif given in ("arrow", "polars"):  # outputs as Arrow's map (polars: a list of key-value records)
        pa = pytest.importorskip("pyarrow")
        data = pa.table({k: pa.array(v) if k != "outputs" else
                         pa.array([None if d is None else list(d.items()) for d in v], pa.map_(pa.string(), pa.int64()))
                         for k, v in data.items()})
        if given == "polars":
            data = pytest.importorskip("polars").from_arrow(data)
    assert getattr(bulk, bulk_call)(data) == range(len(getattr(bulk, table)) - len(rows), len(getattr(bulk, table)))
    assert bulk.to_bytes() == singly.to_bytes()


# (table, row to change, the change): each refused by the one-row call, and by bulk the same way.
# An id of nothing has no handle to give the one-row call: bulk names its column (not_found), as
# the other bulk calls do; None for an enumeration the one-row call requires is a TypeError there.
NOT_FOUND = ("not_found", sh.NotFoundError)
EXPECTED = {("status_changes", 1, "household"): NOT_FOUND, ("pairings", 0, "b"): NOT_FOUND,
            ("projects", 0, "location"): NOT_FOUND, ("exchanges", 1, "part_of"): NOT_FOUND,
            ("trainings", 1, "organiser"): NOT_FOUND, ("wishes", 1, "household"): NOT_FOUND,
            ("status_changes", 2, "status"): ("wrong_type", sh.WrongTypeError),
            ("events", 2, "partners"): NOT_FOUND}
REFUSED = [
    ("status_changes", 1, {"household": 7}),  # no such household
    ("status_changes", 2, {"date": "2018-12"}),  # before the household's previous change, in this batch
    ("status_changes", 1, {"date": None}),  # a date is required
    ("status_changes", 0, {"status": "poorer"}),
    ("status_changes", 2, {"status": None}),
    ("status_changes", 1, {"note": "a\x01"}),
    ("status_changes", 1, {"date": "2018-13"}),
    ("pairings", 1, {"b": 0, "b_kind": "partner"}),  # a pairing of a partner with itself
    ("pairings", 0, {"until": "2015"}),  # ends before it starts
    ("pairings", 1, {"kind": "friendly"}),
    ("pairings", 0, {"b": 9}),
    ("projects", 1, {"name": ""}),
    ("projects", 0, {"end": "2017"}),
    ("projects", 0, {"outputs": {"km_road": -1}}),
    ("projects", 1, {"outputs": {"km_road": True}}),
    ("projects", 1, {"outputs": "km_road"}),
    ("projects", 0, {"location": 9}),
    ("projects", 0, {"sector": "roads"}),
    ("exchanges", 1, {"host": 0}),  # sent to itself
    ("exchanges", 1, {"person_times": 13}),  # beyond what its whole has left
    ("exchanges", 0, {"persons": 13}),  # more persons than person-times
    ("exchanges", 0, {"days": -1}),
    ("exchanges", 1, {"part_of": 1}),  # itself
    ("exchanges", 0, {"batches": 2**31}),
    ("trainings", 0, {"trainees": 0}),
    ("trainings", 1, {"role": "doctor"}),  # a breakdown trains its whole's role
    ("trainings", 1, {"organiser": 9}),
    ("trainings", 0, {"sessions": -2}),
    ("trainings", 1, {"trainees": "2"}),
    ("wishes", 1, {"text": ""}),
    ("wishes", 0, {"cost": "-5"}),
    ("wishes", 1, {"household": 2}),
    ("wishes", 0, {"batch": -1}),
    ("wishes", 1, {"cost": 1.5}),
    ("wishes", 1, {"text": 5}),
    ("events", 0, {"partners": [1, 1]}),  # named twice
    ("events", 2, {"partners": [9]}),
    ("events", 1, {"kind": "party"}),
    ("events", 1, {"partners": "东部区"}),
    ("events", 0, {"date": "2019-02-30"}),
]


@pytest.mark.parametrize("table, row, change", REFUSED, ids=[f"{t}-{r}-{next(iter(c))}" for t, r, c in REFUSED])
def test_each_refusal_is_the_one_row_call_s(table, row, change):
    bulk_call, call, rows = CALLS[table]
    rows = [dict(r) for r in rows]
    rows[row].update(change)
    column = next(iter(change))
    if (table, row, column) in EXPECTED:
        reason, cls = EXPECTED[table, row, column]
        field = column
    else:
        refusal = one_row_at_a_time(base(), call, rows)
        assert refusal is not None and refusal[0] == row
        single = refusal[1]
        field, reason, cls = single.field, single.reason, type(single)
    bulk = base()
    before = bulk.to_bytes()
    for data in (columns(rows), pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns(rows).items()})):
        with pytest.raises(sh.Error) as caught:
            getattr(bulk, bulk_call)(data)
        e = caught.value
        assert (e.table, e.row, e.field, e.reason) == (table, row, field, reason), str(e)
        assert type(e) is cls, str(e)
        assert bulk.to_bytes() == before


def test_free_text_is_never_echoed():
    """Status-change notes and wish texts may name people: a refusal says what is wrong, never the text."""
    reg = base()
    secret = "张三家\x02"
    for call, rows in (("add_status_changes", {"household": [0], "status": ["exited"], "date": ["2019"],
                                               "note": [secret]}),
                       ("add_wishes", {"household": [0], "text": [secret]}),
                       ("add_wishes", {"household": [0], "text": ["书包"], "note": [secret]})):
        with pytest.raises(sh.ValidationError) as caught:
            getattr(reg, call)(rows)
        assert "张三" not in str(caught.value) and caught.value.value is None


def test_status_changes_keep_each_household_s_history_in_order():
    reg = base()
    reg.set_status(reg.households[1], "exited", date="2017")
    got = reg.add_status_changes({"household": np.array([0, 1, 0, 1], np.uint32),
                                  "status": np.array([2, 3, 3, 4], np.uint8),
                                  "date": np.array([20180600, 20180000, 20200101, 20210000], np.int32)})
    assert got == range(1, 5)
    assert reg.status_of(reg.households[0], date="2019") == "exited"
    assert reg.status_of(reg.households[0]) == "monitored"
    assert reg.status_of(reg.households[1], date="2020") == "monitored"
    assert reg.exit_year_of(reg.households[0]) == 2018
    with pytest.raises(sh.ValidationError, match="status_changes row 1: set_status date: 2016 is before"):
        reg.add_status_changes({"household": [0, 1], "status": ["poor", "poor"], "date": ["2022", "2016"]})
    assert len(reg.status_changes) == 5 and reg.status_of(reg.households[0]) == "monitored"
    # rows the rules took, then a value refused after them: the history's index goes back too
    with pytest.raises(sh.ValidationError, match="row 2, column 'status'"):
        reg.add_status_changes({"household": [0, 1, 0], "status": ["poor", "poor", "poorer"],
                                "date": ["2022", "2022", "2022"]})
    assert len(reg.status_changes) == 5 and reg.status_of(reg.households[0]) == "monitored"
    assert reg.status_of(reg.households[1]) == "unstable"
    reg.set_status(reg.households[0], "exited", date="2021-06")  # before 2022: the refused rows are gone
    assert reg.status_of(reg.households[0]) == "exited"


def test_wishes_go_back_in_with_their_claims():
    reg = base()
    w = reg.add_wish(reg.households[0], "书包", date="2020-05")
    reg.claim_wish(w, by=reg.partners[0], date="2020-06")
    reg.fulfil_wish(w, date="2020-07")
    reg.add_wish(reg.households[1], "轮椅")
    copy = base()
    assert copy.add_wishes(reg.wishes.to_pandas(personal="show")) == range(2)
    assert copy.to_bytes() == reg.to_bytes()
    frame = reg.wishes.to_pandas(personal="show")
    frame.loc[1, "state"] = "fulfilled"  # never claimed
    with pytest.raises(sh.ValidationError) as caught:
        base().add_wishes(frame)
    assert (caught.value.table, caught.value.row) == ("wishes", 1)


@pytest.mark.parametrize("given", ["pandas", "arrow", "polars"])
def test_categories_are_words_looked_up_once_each(given):
    """A pandas Categorical or an Arrow dictionary of names goes in by its codes, as the names would:
    a category no row uses is never looked up, an unknown one a row uses is refused at that row, a
    missing one takes the default (or, for a status, which set_status requires, is refused)."""
    def frame(kinds, statuses, dates=("2018", "2019", "2020")):
        data = pd.DataFrame({"a": [0, 0, 0], "b": [1, 2, 3], "since": ["2016", "2017", "2018"],
                             "kind": pd.Categorical(kinds, categories=["east_west", "school", "nonsense"])})
        changes = pd.DataFrame({"household": [0, 1, 0], "date": list(dates),
                                "status": pd.Categorical(statuses, categories=["exited", "poor", "nonsense"])})
        if given == "pandas":
            return data, changes
        pa = pytest.importorskip("pyarrow")
        data, changes = pa.Table.from_pandas(data), pa.Table.from_pandas(changes)
        return (data, changes) if given == "arrow" else (pytest.importorskip("polars").from_arrow(data),
                                                         pytest.importorskip("polars").from_arrow(changes))

    reg, singly = base(), base()
    data, changes = frame(["east_west", None, "school"], ["exited", "poor", "exited"])
    assert reg.add_pairings(data) == range(3) and reg.add_status_changes(changes) == range(3)
    for b, kind in ((1, "east_west"), (2, "other"), (3, "school")):
        singly.pair(singly.partners[0], singly.partners[b], kind=kind, since=str(2015 + b))
    for h, status, date in ((0, "exited", "2018"), (1, "poor", "2019"), (0, "exited", "2020")):
        singly.set_status(singly.households[h], status, date=date)
    assert reg.to_bytes() == singly.to_bytes()
    data, changes = frame(["east_west", "nonsense", "school"], ["exited", None, "exited"], ("2021",) * 3)
    before = reg.to_bytes()
    with pytest.raises(sh.ValidationError) as caught:
        reg.add_pairings(data)
    assert (caught.value.row, caught.value.field, caught.value.reason, caught.value.value) == \
        (1, "kind", "unknown_value", "nonsense")
    with pytest.raises(sh.WrongTypeError) as caught:
        reg.add_status_changes(changes)
    assert (caught.value.row, caught.value.field) == (1, "status")
    assert reg.to_bytes() == before
