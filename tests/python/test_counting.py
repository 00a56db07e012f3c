"""Counting honestly: every yuan once, parts inside their parent, pass-throughs never added again."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import shanhai as sh

Money = sh.Money
W = lambda text: Money(text + "万")  # noqa: E731  amounts in 万元, as every report writes them

FIELDS = ("source", "target", "kind", "stage", "purpose", "year", "origin")


def design_example() -> SimpleNamespace:
    """docs/guide.md: a 1000万 fiscal total with parts 600万 + 250万 fiscal and 80万 donation."""
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    root = reg.add_flow(east, west, "1000万", date="2018", kind="fiscal", purpose="mixed")
    a = reg.add_flow(east, west, "600万", date="2018", kind="fiscal", purpose="water", parent=root)
    b = reg.add_flow(east, village, "250万", date="2018", kind="fiscal", purpose="industry", parent=root)
    c = reg.add_flow(east, west, "80万", date="2018", kind="donation", purpose="education", parent=root)
    return SimpleNamespace(reg=reg, east=east, west=west, village=village, root=root, a=a, b=b, c=c)


def chain() -> SimpleNamespace:
    """Province → 思明区 1000万 (root); 思明区 → 临夏市 600万 passed on; 临夏市 → 王坪村 100万 passed on."""
    reg = sh.Registry()
    province = reg.add_partner("福建省", kind="province", side="east")
    siming = reg.add_partner("思明区", kind="district", parent=province)
    linxia = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=linxia)
    root = reg.add_flow(province, siming, "1000万", date="2018", kind="fiscal")
    on = reg.add_flow(siming, linxia, "600万", date="2018", kind="fiscal", parent=root)
    down = reg.add_flow(linxia, village, "100万", date="2018", kind="fiscal", parent=on)
    return SimpleNamespace(reg=reg, province=province, siming=siming, linxia=linxia, village=village,
                           root=root, on=on, down=down)


# ---------------------------------------------------------------------------------------------
# parts: the same money in more detail


def test_design_example_total():
    ex = design_example()
    t = ex.reg.totals()
    assert t.total == W("1000")  # the parts sit inside the 1000万
    assert t.reported == W("1930")  # 1000 + 600 + 250 + 80 as reported
    assert t.unexplained == W("70")  # 1000 − (600 + 250 + 80)


def test_design_example_by_kind():
    t = design_example().reg.totals(by="kind")
    # fiscal: 600 + 250 (parts) + 70 (the fiscal parent's unexplained remainder)
    assert dict(t) == {"fiscal": W("920"), "donation": W("80")}
    assert t.total == W("1000")


def test_groups_made_on_first_use_are_those_of_the_call():
    ex = design_example()
    t = ex.reg.totals(by=["target", "kind"])
    assert len(t) == 3  # known before any group is made
    ex.reg.add_flow(ex.east, ex.village, "5万", date="2018", kind="in_kind")  # after the call: not in it
    assert dict(t) == {(ex.west, "fiscal"): W("670"), (ex.village, "fiscal"): W("250"),
                       (ex.west, "donation"): W("80")}
    assert len(t) == 3 and t.total == W("1000")


def test_design_example_kind_filter():
    reg = design_example().reg
    assert reg.totals(kind="fiscal").total == W("920")  # 600 + 250 + 70
    assert reg.totals(kind="donation").total == W("80")  # the part alone, its parent filtered out
    assert reg.totals(kind=["fiscal", "donation"]).total == W("1000")
    assert reg.totals(kind="investment").total == Money()
    t = reg.totals(kind="fiscal")
    assert t.reported == W("1850")  # 1000 + 600 + 250: the fiscal flows as reported
    assert t.unexplained == W("70")


def test_design_example_by_purpose_and_target():
    ex = design_example()
    # each part under its own purpose; the 70万 remainder under the parent's (mixed)
    assert dict(ex.reg.totals(by="purpose")) == {"mixed": W("70"), "water": W("600"), "industry": W("250"),
                                                 "education": W("80")}
    # 600 + 80 + 70 stayed with Linxia; 250 reached the village
    assert dict(ex.reg.totals(by="target")) == {ex.west: W("750"), ex.village: W("250")}


def test_design_example_target_filter():
    ex = design_example()
    # only the village part has its target at or below the village
    assert ex.reg.totals(target=ex.village).total == W("250")
    assert ex.reg.totals(target=ex.west).total == W("1000")


def test_design_example_report():
    rep = design_example().reg.report(year=2018)
    assert rep["funds.total"] == W("1000")
    assert rep["funds.fiscal"] == W("920")
    assert rep["funds.donation"] == W("80")
    assert rep["funds.reported_sum"] == W("1930")
    assert rep["funds.unexplained"] == W("70")


def test_nested_parts():
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    street = reg.add_partner("中华街道", kind="street", parent=east)
    west = reg.add_partner("临夏市", kind="county", side="west")
    town = reg.add_partner("枹罕镇", kind="town", parent=west)
    village = reg.add_partner("王坪村", kind="village", parent=town)
    root = reg.add_flow(east, west, "2210.2万", date="2018", kind="other")
    mid = reg.add_flow(east, west, "984万", date="2018", kind="fiscal", parent=root)
    reg.add_flow(street, village, "34万", date="2018", kind="fiscal", parent=mid)  # a part can narrow both ends
    t = reg.totals(by="kind")
    assert t.total == W("2210.2")
    assert t.reported == W("3228.2")  # 2210.2 + 984 + 34
    assert t.unexplained == W("2176.2")  # (2210.2 − 984) + (984 − 34)
    assert dict(t) == {"other": W("1226.2"), "fiscal": W("984")}  # 2210.2 − 984; 950 + 34
    assert dict(reg.totals(by="source")) == {east: W("2176.2"), street: W("34")}


def test_fully_explained_parent_adds_nothing_of_its_own():
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    root = reg.add_flow(east, west, "100万", date="2018", kind="fiscal")
    reg.add_flow(east, west, "60万", date="2018", kind="fiscal", parent=root)
    reg.add_flow(east, west, "40万", date="2018", kind="donation", parent=root)
    t = reg.totals(by="kind")
    assert t.total == W("100")
    assert t.unexplained == Money()  # 100 − 60 − 40
    assert dict(t) == {"fiscal": W("60"), "donation": W("40")}
    assert root.remaining == Money()


# ---------------------------------------------------------------------------------------------
# pass-throughs: money moving on is never added again


def test_chain_links():
    ch = chain()
    assert (ch.root.link, ch.on.link, ch.down.link) == ("none", "pass_through", "pass_through")
    assert ch.down.root == ch.root
    assert ch.down.origin == ch.province
    assert ch.root.remaining == W("400")  # 1000 − 600
    assert ch.on.remaining == W("500")  # 600 − 100


def test_chain_whole_registry():
    t = chain().reg.totals()
    assert t.total == W("1000")  # counted once, at the root
    assert t.reported == W("1700")  # 1000 + 600 + 100 as reported
    assert t.unexplained == Money()  # a pass-through is no part: nothing unexplained


@pytest.mark.parametrize(
    ("boundary", "total", "source"),
    [
        ("linxia", "600", "siming"),  # the 600 first crosses into Linxia; the 100 is internal to it
        ("village", "100", "linxia"),  # only the 100 reaches the village
        ("siming", "1000", "province"),  # the root crosses into Siming
    ],
)
def test_chain_boundary(boundary, total, source):
    ch = chain()
    t = ch.reg.totals(by="source", boundary=getattr(ch, boundary))
    assert t.total == W(total)
    assert dict(t) == {getattr(ch, source): W(total)}


def test_chain_boundary_of_the_province_has_no_incoming_money():
    ch = chain()
    # the root is internal to Fujian, the 600 goes out of it: nothing comes in
    assert ch.reg.totals(boundary=ch.province).total == Money()


def test_chain_source_filter():
    ch = chain()
    assert ch.reg.totals(source=ch.siming).total == W("600")  # what Siming sent on
    assert ch.reg.totals(source=ch.linxia).total == W("100")
    t = ch.reg.totals(source=ch.province)  # Fujian and Siming below it: the 600 is the 1000 moving on
    assert t.total == W("1000")
    assert t.reported == W("1600")  # 1000 + 600


def test_chain_target_filter():
    ch = chain()
    t = ch.reg.totals(target=ch.linxia)
    assert t.total == W("600")  # into Linxia, and the 100 inside Linxia is the same money
    assert t.reported == W("700")  # 600 + 100


def test_chain_origin_filter():
    ch = chain()
    assert ch.reg.totals(origin=ch.province).total == W("1000")
    assert ch.reg.totals(origin=ch.siming).total == Money()  # the money started in Fujian, above Siming


def test_part_of_a_pass_through_with_a_boundary():
    ch = chain()
    # a detail of the 600: 50万 of it went to the village directly
    ch.reg.add_flow(ch.siming, ch.village, "50万", date="2018", kind="fiscal", parent=ch.on)
    t = ch.reg.totals(boundary=ch.linxia)
    assert t.total == W("600")  # still 600 crossing into Linxia
    assert t.unexplained == W("550")  # 600 − 50 under the 600's own values
    assert ch.reg.totals().total == W("1000")  # and still 1000 in all


# ---------------------------------------------------------------------------------------------
# stages and years


def with_pledges():
    ex = design_example()
    reg = ex.reg
    reg.add_flow(ex.east, ex.west, "500万", date="2018", kind="fiscal", stage="commitment")
    reg.add_flow(ex.east, ex.west, "300万", date="2018", kind="donation", stage="pledge")
    reg.add_flow(ex.east, ex.west, "40万", date="2018", kind="fiscal", stage="expenditure")
    return ex


def test_pledges_and_commitments_stay_outside_the_total():
    reg = with_pledges().reg
    t = reg.totals()
    assert t.total == W("1000")  # disbursements only
    assert t.reported == W("1930")
    assert reg.totals(stage="commitment").total == W("500")
    assert reg.totals(stage="pledge").total == W("300")
    assert reg.totals(stage="expenditure").total == W("40")
    assert dict(reg.totals(by="stage")) == {"disbursement": W("1000")}


def test_report_shows_commitments_beside_the_total():
    rep = with_pledges().reg.report(year=2018)
    assert rep["funds.total"] == W("1000")
    assert rep["funds.reported_sum"] == W("1930")
    assert rep["funds.committed"] == W("500")
    assert rep["funds.fiscal"] == W("920")  # the 500 committed and 40 spent are not disbursed funds


def test_commitment_chain():
    ex = design_example()
    reg = ex.reg
    c = reg.add_flow(ex.east, ex.west, "500万", date="2018", kind="fiscal", stage="commitment")
    reg.add_flow(ex.east, ex.village, "200万", date="2018", kind="fiscal", stage="commitment", parent=c)
    t = reg.totals(stage="commitment")
    assert t.total == W("500")
    assert t.unexplained == W("300")
    assert reg.totals().total == W("1000")


def test_year_filter():
    ex = design_example()
    reg = ex.reg
    reg.add_flow(ex.east, ex.west, "16万", date="2019-03", kind="donation")
    reg.add_flow(ex.east, ex.west, "7万", date="2017-12-31", kind="fiscal")
    assert reg.totals(year=2018).total == W("1000")
    assert reg.totals(year=2019).total == W("16")
    assert reg.totals(year=2017).total == W("7")
    assert reg.totals(year=2020).total == Money()
    assert reg.totals().total == W("1023")  # 1000 + 16 + 7
    assert dict(reg.totals(by="year")) == {2017: W("7"), 2018: W("1000"), 2019: W("16")}
    assert reg.report(year=2019)["funds.total"] == W("16")


def test_year_filter_counts_money_where_it_first_enters_the_year():
    ch = chain()
    reg = ch.reg
    # the 2018 root's money is passed on again in 2019: in 2019 that is the year's first sight of it
    reg.add_flow(ch.linxia, ch.village, "200万", date="2019", kind="fiscal", parent=ch.on)
    assert reg.totals(year=2019).total == W("200")
    assert reg.totals(year=2018).total == W("1000")
    assert reg.totals().total == W("1000")  # over all years, once


def test_purchases_are_not_assistance_funds():
    ex = design_example()
    ex.reg.add_flow(ex.east, ex.west, "12万", date="2018", kind="purchase")
    rep = ex.reg.report(year=2018)
    assert rep["funds.total"] == W("1000")
    assert ex.reg.totals(kind="purchase").total == W("12")


# ---------------------------------------------------------------------------------------------
# a split by any field adds up to the total


def registries():
    ch = chain()
    ch.reg.add_flow(ch.siming, ch.village, "50万", date="2018", kind="donation", parent=ch.on)
    ex = with_pledges()
    ex.reg.add_flow(ex.east, ex.west, "16万", date="2019", kind="investment", purpose="industry")
    return {"design": ex.reg, "chain": ch.reg, "seed": sh.datasets.siming_linxia_2018()}


@pytest.mark.parametrize("name", ["design", "chain", "seed"])
@pytest.mark.parametrize("by", [*FIELDS, ["source", "kind"], ["kind", "purpose", "year"], ["target", "origin"]])
@pytest.mark.parametrize("year", [None, 2018])
def test_split_adds_up_to_the_total(name, by, year):
    reg = registries()[name]
    t = reg.totals(by=by, year=year)
    assert sum(t.values(), Money()) == t.total
    assert t.total == reg.totals(year=year).total
    assert t.unexplained <= t.total <= t.reported
    assert all(v > Money() for v in t.values())


@pytest.mark.parametrize("name", ["design", "chain", "seed"])
@pytest.mark.parametrize("stage", ["pledge", "commitment", "disbursement", "expenditure"])
def test_split_adds_up_in_every_stage(name, stage):
    reg = registries()[name]
    t = reg.totals(by=["kind", "target"], stage=stage)
    assert sum(t.values(), Money()) == t.total


def test_boundary_split_adds_up():
    ch = chain()
    ch.reg.add_flow(ch.siming, ch.village, "50万", date="2018", kind="donation", parent=ch.on)
    for by in FIELDS:
        t = ch.reg.totals(by=by, boundary=ch.linxia)
        assert sum(t.values(), Money()) == t.total == W("600")


# ---------------------------------------------------------------------------------------------
# exchanges: a part is inside its whole, never beside it


def test_exchange_parts_are_not_added():
    reg = sh.Registry()
    xiamen = reg.add_partner("厦门市", kind="city", side="east")
    hospital = reg.add_partner("厦门大学附属心血管病医院", kind="hospital", parent=xiamen)
    linxia = reg.add_partner("临夏市", kind="county", side="west")
    city_hospital = reg.add_partner("临夏市医院", kind="hospital", parent=linxia)
    doctors = reg.add_exchange(xiamen, linxia, role="doctor", person_times=7, date="2018")
    reg.add_exchange(hospital, city_hospital, role="doctor", persons=1, date="2018-07", part_of=doctors)
    rep = reg.report(year=2018)
    assert rep["talent.dispatched"] == 7  # the one of the first team is among the 7
    assert rep["talent.dispatched.doctor"] == 7
    with pytest.raises(sh.ValidationError, match="exchange person_times"):
        reg.add_exchange(hospital, city_hospital, role="doctor", persons=7, date="2018", part_of=doctors)  # 1 + 7 > 7


def test_household_reached_twice_is_one_household():
    reg = sh.Registry()
    west = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    h = reg.add_household("1", village=village)
    for name in ("甲", "乙", "丙"):
        p = reg.add_project(name, location=west, start="2018")
        reg.add_benefit(h, via=p, kind="dividend", date="2018")
    assert reg.report(year=2018)["reach.households"] == 1  # three projects, one household
