"""The embedded 2018 Siming-Linxia data set and its report, figure by figure (facts F1-F19: docs/guide.md,
python/shanhai/datasets/siming_linxia.py)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import shanhai as sh

Money = sh.Money

TABLES = ("partners", "pairings", "flows", "projects", "households", "benefits", "exchanges", "trainings",
          "wishes", "events")
FACT = re.compile(r"F(\d+)")
# a note opens with its fact number, or a list of them ("F3, F7 ..."), and a blank
NOTE_OPENING = re.compile(r"F\d+(, F\d+)* ")


@pytest.fixture
def rep(seed):
    return seed.report(year=2018)


def partner(reg, name):
    (found,) = [p for p in reg.partners if p.name == name]
    return found


# ---------------------------------------------------------------------------------------------
# talent (F3-F8, F16, F19)


def test_talent_dispatched(rep):
    assert rep["talent.dispatched"] == 15  # F6 8 teacher person-times + F7 7 doctor person-times
    assert rep["talent.dispatched.teacher"] == 8  # F6
    assert rep["talent.dispatched.doctor"] == 7  # F7, with Qiu Feng's team (F3) inside it


def test_talent_received(rep):
    assert rep["talent.received"] == 185  # F8 179 teachers + 6 doctors
    assert rep["talent.received.teacher"] == 179  # F8, with F4, F5 and F16 inside it
    assert rep["talent.received.doctor"] == 6
    # the 3 vice-principals of F4 are among the 179: no principal is recorded apart, which is not 0
    assert rep["talent.received.principal"] is None


def test_talent_trained(rep):
    assert rep["talent.trained.teacher"] == 800  # F6 800多, recorded as 800
    assert rep["talent.trained.entrepreneur"] == 135  # F19
    assert rep["talent.trained"] == 935  # 800 + 135


# ---------------------------------------------------------------------------------------------
# industry, pairing, wishes, leadership


def test_industry(rep):
    assert rep["industry.workshops"] == 20  # F11
    assert rep["industry.jobs"] == 900  # F11 近900, recorded as 900


def test_pairing(rep):
    assert rep["pairing.east_west"] == 1  # F1
    assert rep["pairing.street_village"] + rep["pairing.enterprise_village"] == 6  # F12 5 streets + 1 SOE
    assert rep["pairing.street_village"] == 5
    assert rep["pairing.enterprise_village"] == 1
    assert rep["pairing.villages"] == 6  # F12 6 paired villages
    assert rep["pairing.family_household"] == 8  # F13 一家一
    assert rep["pairing.school"] == 1  # F16 sister kindergartens


def test_wishes(rep):
    assert rep["wishes.submitted"] == 16  # F15
    assert rep["wishes.claimed"] == 16  # F15 claimed quickly
    assert rep["wishes.fulfilled"] == 0  # the report does not say they were fulfilled by its date


def test_leadership(rep):
    assert rep["leadership.meetings"] == 1  # F2 "several", recorded once
    assert rep["leadership.visits"] == 2  # F9 inspection in May, F14 visit in August (F1's five were in 2017)


def test_reach(rep):
    assert rep["reach.households"] == 8  # F13 一家一: the 8 households the families paired with
    assert rep["reach.persons"] is None  # no person is named by a record that reached them
    assert rep["reach.households_reported"] == 200  # F10 200多户
    assert rep["reach.persons_reported"] == 943  # F11 900 + F10 43 members


# ---------------------------------------------------------------------------------------------
# funds (F9, F11, F12, F17)


def test_funds_total(rep):
    assert rep["funds.total"] == Money("2210.2万")  # F17: F11 and F12 read as parts of it, F9 of F11
    assert rep["funds.total"].fen == 2_210_200_000


def test_funds_reported_sum(rep):
    assert rep["funds.reported_sum"] == Money("3552.2万")  # 2210.2 + 984 + 34 + 324


def test_funds_unexplained(rep):
    # 902.2 left of 2210.2 after 984 + 324, plus 950 left of 984 after 34
    assert rep["funds.unexplained"] == Money("1852.2万")


def test_funds_by_kind(rep):
    assert rep["funds.fiscal"] == Money("984万")  # F11, with F9 inside it
    assert rep["funds.other"] == Money("1226.2万")  # 2210.2 − 984: fiscal and donations not split by the report
    assert rep["funds.donation"] is None  # the report names no donation apart: not reported, not 0
    assert rep["funds.committed"] is None
    assert "funds.donation" not in rep.reported_keys and "funds.fiscal" in rep.reported_keys
    assert rep["funds.fiscal"] + rep["funds.other"] == rep["funds.total"]


def test_funds_as_reported(rep):
    amounts = sorted(f.amount for f in rep.reported)
    assert amounts == sorted([Money("2210.2万"), Money("984万"), Money("34万"), Money("324万")])
    assert sum(amounts) == Money("3552.2万")


def test_totals_agree_with_the_report(seed, rep):
    t = seed.totals(year=2018)
    assert t.total == rep["funds.total"]
    assert t.reported == rep["funds.reported_sum"]
    assert t.unexplained == rep["funds.unexplained"]
    siming = partner(seed, "思明区")
    assert seed.totals(by="source", year=2018)[siming] == Money("2210.2万")
    # every yuan starts in Siming and ends inside Linxia City
    assert dict(seed.totals(by="origin", year=2018)) == {siming: Money("2210.2万")}


def test_seed_flow_structure(seed):
    f = {n: fl for n, fl in zip(("year", "industry", "wangping", "streets"), seed.flows)}
    assert f["industry"].parent == f["year"] and f["industry"].link == "part"
    assert f["wangping"].parent == f["industry"] and f["wangping"].link == "part"
    assert f["streets"].parent == f["year"] and f["streets"].link == "part"
    assert f["year"].remaining == Money("902.2万")  # 2210.2 − 984 − 324
    assert f["industry"].remaining == Money("950万")  # 984 − 34
    assert f["wangping"].target == partner(seed, "王坪村")


# ---------------------------------------------------------------------------------------------
# the pair's view: Siming → Linxia City


def test_east_west_pair(seed, rep):
    siming, linxia = partner(seed, "思明区"), partner(seed, "临夏市")
    pair = seed.report(year=2018, east=siming, west=linxia)
    for key in ("funds.total", "funds.fiscal", "funds.other", "funds.reported_sum", "funds.unexplained"):
        assert pair[key] == rep[key], key
    # Xiamen City, not Siming, sent the 7 doctors of F7: from Siming went the 8 teacher person-times
    assert pair["talent.dispatched"] == 8
    assert pair["talent.dispatched.doctor"] is None
    assert pair["talent.received"] == 185  # Linxia City's teachers and doctors went to Siming
    assert pair.scope == {"year": 2018, "east": "思明区", "west": "临夏市"}


def test_xiamen_pair_has_the_doctors(seed):
    xiamen, linxia = partner(seed, "厦门市"), partner(seed, "临夏市")
    assert seed.report(year=2018, east=xiamen, west=linxia)["talent.dispatched"] == 15  # 8 + 7


def test_other_years(seed):
    rep2017 = seed.report(year=2017)
    assert rep2017["funds.total"] is None  # no money recorded in 2017: not reported, which is not 0
    assert rep2017["leadership.visits"] == 5  # F1 five research visits before the agreement
    assert rep2017["pairing.east_west"] == 1  # signed Aug 2017
    assert seed.report(year=2019)["funds.total"] is None


# ---------------------------------------------------------------------------------------------
# every record says which fact it holds


def all_notes(reg):
    return [(name, h.id, h.note) for name in TABLES for h in getattr(reg, name)]


def test_every_fact_note_opens_with_its_number(seed):
    notes = [(t, i, n) for t, i, n in all_notes(seed) if n]
    assert len(notes) > 100
    bad = [(t, i, n) for t, i, n in notes if not NOTE_OPENING.match(n)]
    assert bad == []


def test_every_record_but_the_top_places_has_a_note(seed):
    missing = [(t, i) for t, i, n in all_notes(seed) if not n]
    # the four places the report is about need no fact: 厦门市, 思明区, 临夏回族自治州, 临夏市
    assert {seed.partners[i].name for t, i in missing if t == "partners"} <= {"厦门市", "思明区", "临夏回族自治州", "临夏市"}
    assert [t for t, i in missing if t != "partners"] == []


def test_every_fact_appears(seed):
    found = {int(m) for _, _, note in all_notes(seed) for m in FACT.findall(note)}
    assert set(range(1, 20)) <= found


def test_notes_in_frames_match_iteration(seed):
    for name in TABLES:
        frame = getattr(seed, name).to_pandas(personal="show")
        assert list(frame["note"]) == [h.note for h in getattr(seed, name)], name


def test_seed_is_fresh_each_time():
    a, b = sh.datasets.siming_linxia_2018(), sh.datasets.siming_linxia_2018()
    assert a.to_bytes("text") == b.to_bytes("text")
    a.add_partner("x")
    assert len(a.partners) == len(b.partners) + 1


# ---------------------------------------------------------------------------------------------
# the report's views


def test_text_zh(rep):
    text = rep.to_text(lang="zh")
    for figure in ("2210.2", "15", "185", "3552.2", "1852.2", "984", "800", "900"):
        assert figure in text
    assert "万元" in text and "人次" in text
    assert "2018" in text


def test_text_en(rep):
    text = rep.to_text(lang="en")
    for figure in ("2210.2", "15", "185", "3552.2"):
        assert figure in text
    assert "person-times" in text
    assert re.search(r"Talent dispatched.*\b15\b", text)
    assert re.search(r"Talent received.*\b185\b", text)


def test_text_all_has_more_rows(rep):
    assert len(rep.to_text(all=True).splitlines()) > len(rep.to_text().splitlines())


def test_text_refuses_other_languages(rep):
    with pytest.raises(ValueError):
        rep.to_text(lang="fr")


def test_json(rep):
    doc = json.loads(rep.to_json())
    values = {i["key"]: i["value"] for i in doc["indicators"]}
    assert values["funds.total"]["fen"] == 2_210_200_000  # 2210.2万 in fen
    assert values["funds.total"]["wan"] == "2210.2"
    assert values["funds.reported_sum"]["fen"] == 3_552_200_000
    assert values["talent.dispatched"] == 15
    assert values["talent.received"] == 185
    assert len(doc["indicators"]) == len(rep)
    assert sorted(r["amount"]["fen"] for r in doc["reported"]) == [34_000_000, 324_000_000, 984_000_000,
                                                                   2_210_200_000]
    assert doc["scope"]["year"] == "2018"


def test_to_pandas_one_row_per_indicator(rep):
    frame = rep.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(rep)
    assert frame["key"].is_unique
    assert list(frame["key"]) == list(rep)
    assert {"key", "area", "unit", "label_zh", "label_en", "value"} <= set(frame.columns)
    total = frame.loc[frame["key"] == "funds.total", "value"].item()
    assert total == Money("2210.2万")
    assert frame.loc[frame["key"] == "talent.dispatched", "value"].item() == 15


def test_areas(rep):
    areas = {i["area"] for i in rep.indicators}
    assert {"leadership", "talent", "funds", "industry", "labour", "pairing"} <= areas
