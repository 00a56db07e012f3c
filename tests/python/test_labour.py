"""Labour records (劳务协作), counted once: a whole with its breakdowns by destination and status,
the bulk call as strict as one row, and events' participants. Figures are hand-computed."""

from __future__ import annotations

import pandas as pd
import pytest

import shanhai as sh


def pair() -> tuple[sh.Registry, sh.Partner, sh.Partner, sh.Partner]:
    reg = sh.Registry()
    east = reg.add_partner("东区", kind="district", side="east")
    west = reg.add_partner("西县", kind="county", side="west")
    other = reg.add_partner("另一县", kind="county", side="west")
    return reg, east, west, other


def test_494_found_work_of_whom_210_locally_260_in_the_east_24_elsewhere():
    reg, east, west, _ = pair()
    whole = reg.add_labour(east, west, persons=494, date="2023", citation="年报")
    reg.add_labour(east, west, persons=210, destination="local", date="2023", part_of=whole)
    reg.add_labour(east, west, persons=260, destination="east", date="2023", part_of=whole)
    reg.add_labour(east, west, persons=24, destination="other", date="2023", part_of=whole)
    rep = reg.report(year=2023, east=east, west=west)
    assert rep["labour.employed"] == 494  # not 988
    assert rep["labour.employed_local"] == 210
    assert rep["labour.transferred_east"] == 260
    assert rep["labour.employed_other"] == 24
    assert rep["labour.transferred_partner"] is None  # the text does not say
    assert not reg.check().errors
    reg.expect("labour.employed", 494, year=2023, east=east, west=west)
    reg.expect("labour.employed_local", 210, year=2023, east=east, west=west)
    assert not [f for f in reg.check() if f.code == "expectation_gap"]


def test_145_workers_of_whom_82_poor():
    reg, east, west, _ = pair()
    whole = reg.add_labour(east, west, persons=145, date="2023")
    reg.add_labour(east, west, persons=82, status="poor", date="2023", part_of=whole)
    rep = reg.report(year=2023)
    assert rep["labour.employed"] == 145  # not 227
    assert rep["labour.employed.poor"] == 82
    assert rep["labour.employed.exited"] is None
    assert rep["labour.employed_local"] is None  # a breakdown by status says nothing of where they went
    assert reg.labour[1].status == "poor" and reg.labour[0].status == "unspecified"
    assert reg.labour[1].part_of == whole


def test_a_breakdown_with_a_destination_and_a_status_gives_lower_bounds():
    reg, east, west, _ = pair()
    whole = reg.add_labour(east, west, persons=494, date="2023")
    reg.add_labour(east, west, persons=260, destination="east", status="poor", date="2023", part_of=whole)
    rep = reg.report(year=2023, east=east, west=west)
    # 260 poor workers went east: at least 260 went east, at least 260 are poor; never "not reported"
    assert (rep["labour.transferred_east"], rep.qualifier("labour.transferred_east")) == (260, "at_least")
    assert (rep["labour.employed.poor"], rep.qualifier("labour.employed.poor")) == (260, "at_least")
    assert rep.qualifier("labour.employed") == "exact"
    text = rep.to_text(lang="zh")
    assert any("260" in line and "以上" in line for line in text.splitlines() if "东部" in line or "转移" in line)
    # an at-least expectation holds; an exact one of more is not contradicted by a bound
    reg.expect("labour.transferred_east", "260人以上", year=2023, east=east, west=west)
    assert not reg.check().errors


def test_the_partner_is_inside_the_east():
    reg, east, west, other = pair()
    reg.add_labour(east, west, persons=30, destination="partner", date="2023")
    reg.add_labour(east, west, persons=12, destination="east", date="2023")
    reg.add_labour(east, other, persons=5, destination="partner", date="2023")
    rep = reg.report(year=2023, east=east, west=west)
    assert (rep["labour.employed"], rep["labour.transferred_partner"], rep["labour.transferred_east"]) == (42, 30, 42)
    assert reg.report(year=2023)["labour.transferred_partner"] == 35
    assert reg.report(year=2022)["labour.employed"] is None


def test_parts_beyond_their_whole_are_an_error():
    reg, east, west, _ = pair()
    whole = reg.add_labour(east, west, persons=100, date="2023")
    reg.add_labour(east, west, persons=60, destination="local", date="2023", part_of=whole)
    reg.add_labour(east, west, persons=70, status="poor", date="2023", part_of=whole)  # another breakdown
    assert not [f for f in reg.check() if f.code == "figure_exceeded"]
    reg.add_labour(east, west, persons=50, destination="east", date="2023", part_of=whole)
    over = [f for f in reg.check() if f.code == "figure_exceeded"]
    assert len(over) == 1 and over[0].severity == "error"
    assert reg.report(year=2023)["labour.employed"] == 100


@pytest.mark.parametrize("kwargs, field", [
    (dict(persons=0), "persons"),
    (dict(persons=3, date=None), "date"),
    (dict(persons=3, destination="abroad"), "destination"),
    (dict(persons=3, status="rich"), "status"),
])
def test_refused_records_change_nothing(kwargs, field):
    reg, east, west, _ = pair()
    reg.add_labour(east, west, persons=10, date="2023")
    before = reg.to_bytes("text")
    with pytest.raises(sh.ValidationError) as e:
        reg.add_labour(east, west, **{"date": "2023", **kwargs})
    assert e.value.table == "labour" and e.value.field == field
    assert reg.to_bytes("text") == before


def test_a_breakdown_of_another_pair_and_a_western_east_are_refused():
    reg, east, west, other = pair()
    whole = reg.add_labour(east, west, persons=10, date="2023")
    before = reg.to_bytes("text")
    with pytest.raises(sh.ValidationError, match="part_of"):
        reg.add_labour(east, other, persons=3, date="2023", part_of=whole)
    with pytest.raises(sh.ValidationError, match="labour east"):
        reg.add_labour(west, other, persons=3, date="2023")
    assert reg.to_bytes("text") == before


@pytest.mark.parametrize("fmt", ["binary", "text", "xml"])
def test_labour_and_participants_survive_every_file_kind(fmt):
    reg, east, west, _ = pair()
    whole = reg.add_labour(east, west, persons=145, date="2023", citation="某报告", note="合计")
    reg.add_labour(east, west, persons=82, status="poor", destination="partner", date="2023-06", part_of=whole)
    reg.add_event("joint_meeting", date="2023-04", partners=[east, west], participants=40)
    back = sh.from_bytes(reg.to_bytes(fmt))
    assert back.to_bytes(fmt) == reg.to_bytes(fmt)
    assert [(r.persons, r.destination, r.status, r.citation) for r in back.labour] == [
        (145, "unknown", "unspecified", "某报告"), (82, "partner", "poor", "")]
    assert back.events[0].participants == 40
    assert back.report(year=2023)["labour.employed.poor"] == 82


def test_the_bulk_call_is_as_strict_as_one_row():
    reg, east, west, _ = pair()
    ids = reg.add_labour_records(pd.DataFrame({
        "east": [east.id, east.id], "west": [west.id, west.id], "persons": [494, 210],
        "destination": [None, "local"], "status": [None, None], "date": ["2023", "2023"], "part_of": [None, 0]}))
    assert list(ids) == [0, 1]
    assert reg.report(year=2023)["labour.employed"] == 494
    assert reg.report(year=2023)["labour.employed_local"] == 210
    before = reg.to_bytes("text")
    with pytest.raises(sh.ValidationError):
        reg.add_labour_records({"east": [east.id], "west": [west.id], "persons": [0], "date": ["2023"]})
    with pytest.raises(sh.ValidationError):
        reg.add_labour_records({"east": [west.id], "west": [west.id], "persons": [3], "date": ["2023"]})
    assert reg.to_bytes("text") == before


def test_participants_of_meetings_and_visits():
    reg, east, west, other = pair()
    reg.add_event("joint_meeting", date="2023", partners=[east, west], participants=40)
    reg.add_event("high_level_visit", date="2023", partners=[east, west], participants=12)
    reg.add_event("signing", date="2023", partners=[east, west], participants=300)
    reg.add_event("symposium", date="2023", partners=[east, other])
    assert reg.report(year=2023, east=east, west=west)["leadership.participants"] == 52
    assert reg.report(year=2023, west=other)["leadership.participants"] is None  # not given
    assert reg.report(year=2023, west=other)["leadership.meetings"] == 1
    with pytest.raises(sh.ValidationError):
        reg.add_event("joint_meeting", date="2023", participants=-1)
    assert len(reg.events) == 4


def test_education_indicators_wait_for_their_figures():
    rep = sh.Registry().report(year=2023)
    assert rep["education.vocational_students"] is None
    assert rep["education.graduates_employed"] is None
