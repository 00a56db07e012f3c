"""Scopes: a partner standing for several organisations (count=), money credited to a pair from
outside its eastern tree (credited_to=), and sh.only(p), a partner's own records alone. Figures
are hand-computed."""

from __future__ import annotations

import pytest

import shanhai as sh


def pairs() -> tuple[sh.Registry, dict[str, sh.Partner], dict[str, sh.Pairing]]:
    """A city pair around a district pair: the city gives 300万 to the prefecture, the district 200万
    to the county; a firm of no one's tree."""
    reg = sh.Registry()
    p: dict[str, sh.Partner] = {}
    p["city"] = reg.add_partner("东市", kind="city", side="east")
    p["district"] = reg.add_partner("东区", kind="district", parent=p["city"])
    p["other"] = reg.add_partner("另区", kind="district", parent=p["city"])
    p["prefecture"] = reg.add_partner("西州", kind="city", side="west")
    p["county"] = reg.add_partner("西县", kind="county", parent=p["prefecture"])
    p["firm"] = reg.add_partner("引进企业", kind="enterprise", side="east")
    pr = {"city": reg.pair(p["city"], p["prefecture"], kind="east_west", since="2017"),
          "district": reg.pair(p["district"], p["county"], kind="east_west", since="2017")}
    reg.add_flow(p["city"], p["prefecture"], "300万", date="2023", kind="fiscal")
    reg.add_flow(p["district"], p["county"], "200万", date="2023", kind="fiscal")
    return reg, p, pr


def test_three_firms_invested_count_as_three():
    reg = sh.Registry()
    east = reg.add_partner("东区", kind="district", side="east")
    west = reg.add_partner("西县", kind="county", side="west")
    village = reg.add_partner("某村", kind="village", parent=west)
    firms = reg.add_partner("三家企业", kind="enterprise", parent=east, count=3)
    reg.add_flow(firms, west, "2670.9万", date="2023", kind="investment")
    rep = reg.report(year=2023, east=east, west=west)
    assert rep["industry.enterprises"] == 3  # not 1
    assert rep["industry.investment"] == sh.Money("2670.9万")
    assert rep["funds.total"] is None
    reg.pair(firms, village, kind="enterprise_village", since="2023")
    assert reg.report(year=2023)["pairing.enterprise_village"] == 3
    assert firms.count == 3 and east.count == 1
    back = sh.from_bytes(reg.to_bytes("xml"))
    assert back.partners[firms.id].count == 3
    before = reg.to_bytes("text")
    with pytest.raises(sh.ValidationError):
        reg.add_partner("负", kind="enterprise", count=-1)
    assert reg.to_bytes("text") == before


def test_money_credited_to_a_pair():
    reg, p, pr = pairs()
    reg.add_flow(p["firm"], p["county"], "100万", date="2023", kind="donation", credited_to=pr["district"])
    funds = lambda east, west: reg.report(year=2023, east=east, west=west)["funds.total"]  # noqa: E731
    assert funds(p["district"], p["county"]) == sh.Money("300万")  # 200 + the credited 100
    assert funds(p["city"], p["prefecture"]) == sh.Money("600万")  # the enclosing pair: 300 + 200 + 100
    assert funds(p["other"], p["county"]) is None
    assert reg.totals(origin=p["district"]).total == sh.Money("300万")
    assert reg.trace(p["district"], below=True).outflow == sh.Money("200万")  # the firm is not below it
    for fmt in ("binary", "text", "xml"):
        back = sh.from_bytes(reg.to_bytes(fmt))
        assert back.flows[2].credited_to == back.pairings[1]
        assert back.report(year=2023, east=back.partners[1], west=back.partners[4])["funds.total"] == sh.Money("300万")


def test_a_credit_is_refused_where_it_means_nothing_and_changes_nothing():
    reg, p, pr = pairs()
    root = reg.add_flow(p["firm"], p["county"], "50万", date="2023", kind="donation", credited_to=pr["district"])
    village = reg.add_partner("某村", kind="village", parent=p["county"])
    west_only = reg.pair(p["county"], village)
    before = reg.to_bytes("text")
    for kwargs in (dict(source=p["county"], target=village, parent=root, credited_to=pr["district"]),
                   dict(source=p["district"], target=p["county"], credited_to=pr["district"]),
                   dict(source=p["firm"], target=village, credited_to=west_only)):
        with pytest.raises(sh.ValidationError) as e:
            reg.add_flow(kwargs.pop("source"), kwargs.pop("target"), "1万", date="2023", **kwargs)
        assert e.value.table == "flows" and e.value.field == "credited_to"
        assert reg.to_bytes("text") == before
    with pytest.raises(sh.ValidationError, match="credited"):
        reg.partition(2)


def test_only_a_partners_own_records():
    reg, p, _ = pairs()
    funds = lambda east, west: reg.report(year=2023, east=east, west=west)["funds.total"]  # noqa: E731
    assert funds(p["city"], p["prefecture"]) == sh.Money("500万")
    assert funds(sh.only(p["city"]), p["prefecture"]) == sh.Money("300万")
    assert funds(p["city"], sh.only(p["prefecture"])) == sh.Money("300万")
    assert reg.totals(source=sh.only(p["city"])).total == sh.Money("300万")
    assert reg.totals(source=p["city"]).total == sh.Money("500万")
    assert reg.totals(origin=sh.only(p["city"])).total == sh.Money("300万")
    assert reg.trace(sh.only(p["city"])).outflow == sh.Money("300万")
    reg.add_event("joint_meeting", date="2023", partners=[p["city"], p["prefecture"]])
    reg.add_event("joint_meeting", date="2023", partners=[p["district"], p["county"]])
    own = reg.report(year=2023, east=sh.only(p["city"]), west=sh.only(p["prefecture"]))
    assert own["leadership.meetings"] == 1
    assert own.scope["east"] == "only(东市)"
    assert reg.report(year=2023, east=p["city"], west=p["prefecture"])["leadership.meetings"] == 2


def test_only_is_refused_where_it_cannot_hold_and_changes_nothing():
    reg, p, _ = pairs()
    before = reg.to_bytes("text")
    with pytest.raises(sh.ValidationError, match="only"):
        reg.expect_total("300万", source=sh.only(p["city"]), year=2023)
    with pytest.raises(sh.ValidationError, match="only"):
        reg.expect("funds.total", "300万", year=2023, east=sh.only(p["city"]))
    with pytest.raises(sh.ValidationError, match="only"):
        reg.trace(sh.only(p["city"]), below=True)
    with pytest.raises(sh.ValidationError, match="only"):
        reg.classify(sh.only(p["city"]))
    with pytest.raises(sh.WrongTypeError):
        sh.only("东市")
    assert reg.to_bytes("text") == before
