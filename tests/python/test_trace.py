"""Tracing, boundaries, published figures, diagnostics and dividends: hand-computed cases."""

import pytest

import shanhai as sh

M = sh.Money


def places():
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    fund = reg.add_partner("基金会", kind="social_org", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    town = reg.add_partner("枹罕镇", kind="town", parent=west)
    village = reg.add_partner("王坪村", kind="village", parent=town)
    other = reg.add_partner("单子庄村", kind="village", parent=west)
    return reg, east, fund, west, town, village, other


def test_pass_through_chain_to_households():
    reg, east, _, west, town, village, _ = places()
    h1 = reg.add_household("h1", village=village, members=3)
    h2 = reg.add_household("h2", village=village, members=5)
    root = reg.add_flow(east, west, "100万", date="2018", kind="fiscal")
    down = reg.add_flow(west, town, "60万", date="2018", parent=root)          # pass-through
    into = reg.add_flow(town, village, "50万", date="2018", parent=down)       # pass-through
    reg.add_flow(village, h1, "20万", date="2018", kind="dividend", parent=into)
    reg.add_flow(village, h2, "10万", date="2018", kind="dividend", parent=into)
    assert [f.link for f in reg.flows] == ["none", "pass_through", "pass_through", "pass_through", "pass_through"]
    t = reg.trace(east)
    # 100 left; 40 stayed in Linxia, 10 in the town, 20 in the village, 20 + 10 reached households
    assert t.outflow == M("100万")
    assert {k.id if isinstance(k, sh.Household) else k.name: v for k, v in t.items()} == {
        "临夏市": M("40万"), "枹罕镇": M("10万"), "王坪村": M("20万"), 0: M("20万"), 1: M("10万")}
    assert sum(t.values(), M()) == t.outflow
    # pass-throughs are never added again; each boundary counts the money once, as it crosses in
    assert reg.totals().total == M("100万")
    assert reg.totals(boundary=west).total == M("100万")
    assert reg.totals(boundary=town).total == M("60万")
    assert reg.totals(boundary=village).total == M("50万")
    assert reg.totals(source=village).total == M("30万")
    assert reg.report(year=2018)["reach.households"] == 2
    edges = {(a.name if hasattr(a, "name") else a.id, b.name if isinstance(b, sh.Partner) else b.id): v
             for a, b, v in t.edges}
    assert edges[("思明区", "临夏市")] == M("100万") and edges[("枹罕镇", "王坪村")] == M("50万")


def test_a_node_pooling_two_sources_shares_pro_rata():
    reg, east, fund, west, _, village, other = places()
    reg.add_flow(east, west, "300万", date="2018", kind="fiscal")
    reg.add_flow(fund, west, "100万", date="2018", kind="donation")
    # Linxia passes money on without a parent link: pooled 400万, 3/4 from Siming, 1/4 from the fund
    reg.add_flow(west, village, "200万", date="2018")
    reg.add_flow(west, other, "40万", date="2018")
    t = reg.trace(east)
    assert t[village] == M("150万") and t[other] == M("30万") and t[west] == M("120万")
    t2 = reg.trace(fund)
    assert t2[village] == M("50万") and t2[other] == M("10万") and t2[west] == M("40万")
    assert sum(t.values(), M()) == M("300万") and sum(t2.values(), M()) == M("100万")


def test_explicit_links_come_before_the_pool():
    reg, east, fund, west, _, village, other = places()
    a = reg.add_flow(east, west, "300万", date="2018")
    reg.add_flow(fund, west, "100万", date="2018")
    reg.add_flow(west, village, "100万", date="2018", parent=a)   # all Siming's, exactly
    reg.add_flow(west, other, "150万", date="2018")                # pooled: 200 Siming + 100 fund held
    t = reg.trace(east)
    assert t[village] == M("100万")
    assert t[other] == M("100万") and t[west] == M("100万")         # 150 × 200/300; 200 - 100 kept
    assert reg.trace(fund)[other] == M("50万")


def test_pooled_flows_beyond_what_a_node_holds_are_its_own_money():
    reg, east, _, west, _, village, _ = places()
    reg.add_flow(east, west, "10万", date="2018")
    reg.add_flow(west, village, "30万", date="2018")   # Linxia adds 20万 of its own
    t = reg.trace(east)
    assert t[village] == M("10万") and west not in t
    assert reg.trace(west)[village] == M("30万")      # all that left Linxia


def test_rounding_of_thirds_is_exact_by_largest_remainder():
    reg, east, _, west, _, village, other = places()
    third = reg.add_partner("第三村", kind="village", parent=west)
    reg.add_flow(east, west, "1.00", date="2018")
    for v in (village, other, third):
        reg.add_flow(west, v, "1.00", date="2018")   # each takes a third of one yuan
    t = reg.trace(east)
    assert sorted(m.fen for m in t.values()) == [33, 33, 34]
    assert t[village].fen == 34  # the tie goes to the earlier flow
    assert sum(t.values(), M()) == M("1.00")


def test_distribute_dividends_add_up_to_the_fen():
    reg, east, _, west, _, village, _ = places()
    hs = [reg.add_household(f"n{i}", village=village, members=m) for i, m in enumerate([1, 2, 4])]
    pot = reg.add_flow(east, village, "1000.00", date="2018", kind="investment")
    flows = reg.distribute(village, "100.00", to=hs, weights="members", date="2018-12", parent=pot)
    assert [f.amount.fen for f in flows] == [1429, 2857, 5714]   # 10000 fen × 1/7, 2/7, 4/7
    assert sum((f.amount for f in flows), M()) == M("100.00")
    assert all(f.kind == "dividend" and f.link == "pass_through" for f in flows)
    equal = reg.distribute(village, "1.00", to=hs, date="2018-12")
    assert [f.amount.fen for f in equal] == [34, 33, 33]
    assert pot.remaining == M("900.00")


def test_distribute_is_all_or_nothing():
    reg, east, _, west, _, village, _ = places()
    hs = [reg.add_household(f"n{i}", village=village) for i in range(3)]
    pot = reg.add_flow(east, village, "10.00", date="2018")
    before = reg.to_bytes("text")
    with pytest.raises(sh.ValidationError, match="exceeds"):
        reg.distribute(village, "11.00", to=hs, parent=pot)
    with pytest.raises(sh.ValidationError, match="weight"):
        reg.distribute(village, "1.00", to=hs, weights=[1, 0, 1])
    with pytest.raises(sh.ValidationError, match="weights"):
        reg.distribute(village, "1.00", to=hs, weights="members")   # members not known: 0
    with pytest.raises(sh.ValidationError, match="a fen"):
        reg.distribute(village, "0.02", to=hs)
    assert reg.to_bytes("text") == before


def test_yearbook_total_with_an_unexplained_remainder():
    reg, east, fund, west, _, village, _ = places()
    total = reg.add_flow(east, west, "1000万", date="2018", kind="fiscal", purpose="mixed")
    reg.add_flow(east, west, "600万", date="2018", kind="fiscal", purpose="industry", parent=total)
    reg.add_flow(east, village, "250万", date="2018", kind="fiscal", purpose="water", parent=total)
    reg.add_flow(east, west, "80万", date="2018", kind="donation", purpose="education", parent=total)
    t = reg.totals(by="purpose")
    assert t.total == M("1000万") and t.reported == M("1930万") and t.unexplained == M("70万")
    assert dict(t) == {"mixed": M("70万"), "industry": M("600万"), "water": M("250万"), "education": M("80万")}
    assert reg.totals(by="kind")["fiscal"] == M("920万")
    assert reg.totals(kind="fiscal").total == M("920万")
    found = [f for f in reg.check() if f.code == "unexplained_remainder"]
    assert len(found) == 1 and "70万" in found[0].message and found[0].handles == [total]


def test_published_figures_are_checked():
    reg = sh.datasets.siming_linxia_2018()
    siming = next(p for p in reg.partners if p.name == "思明区")
    linxia = next(p for p in reg.partners if p.name == "临夏市")
    reg.expect_total("2210.2万", source=siming, year=2018, citation="民族日报 2019-01-20")
    reg.expect_total("984万", source=siming, year=2018, kind="fiscal")
    reg.expect_total("3552.2万", boundary=linxia, year=2018, citation="naive sum")
    gaps = [f for f in reg.check() if f.code == "expectation_gap"]
    assert len(gaps) == 1
    gap = gaps[0]
    assert gap.severity == "error" and gap.expected == M("3552.2万") and gap.actual == M("2210.2万")
    assert gap.difference == M("-1342万") and "naive sum" in gap.message
    # an expectation is part of the file
    assert len(sh.from_bytes(reg.to_bytes("xml")).check().errors) == 1


def test_check_findings():
    reg, east, fund, west, _, village, other = places()
    parent = reg.add_flow(east, west, "10万", date="2018-06")
    reg.add_flow(west, village, "5万", date="2018-01", parent=parent)
    reg.pair(east, fund, kind="east_west")
    h = reg.add_household("x", village=village)
    project = reg.add_project("路", location=other)
    reg.add_benefit(h, via=project, kind="infrastructure")
    w = reg.add_wish(h, "书包", date="2018-12")
    codes = {f.code for f in reg.check(open_wishes_before="2019-06")}
    # the pairing without a start date is listed too (info)
    assert codes == {"child_before_parent", "pairing_within_side", "outside_boundary", "wish_open", "undated_pairing"}
    reg.claim_wish(w, by=east)
    assert "wish_open" not in {f.code for f in reg.check(open_wishes_before="2019-06")}


def test_boundary_classification_is_a_partition():
    reg, east, fund, west, town, village, other = places()
    a = reg.add_flow(east, west, "10万")
    b = reg.add_flow(west, village, "5万", parent=a)
    c = reg.add_flow(village, east, "1万")
    d = reg.add_flow(fund, east, "2万")
    parts = reg.classify(town)
    assert parts == {"incoming": [b], "internal": [], "outgoing": [c]}
    assert reg.classify(west) == {"incoming": [a], "internal": [b], "outgoing": [c]}
    assert d not in sum(reg.classify(west).values(), [])


def test_a_report_for_one_side_counts_its_pairings():
    reg, east, fund, west, _, village, other = places()
    reg.pair(east, west, kind="east_west", since="2017")
    reg.pair(fund, other, kind="other", since="2017")
    assert reg.report(year=2018, east=east)["pairing.east_west"] == 1
    assert reg.report(year=2018, west=west)["pairing.other"] == 1
    assert reg.report(year=2018, east=east, west=west)["pairing.other"] is None   # fund is outside the pair


def test_distribute_refuses_a_household_named_twice():
    reg, east, _, west, _, village, _ = places()
    h = reg.add_household("a", village=village)
    with pytest.raises(sh.ValidationError, match="named twice"):
        reg.distribute(east, "10.00", to=[h, h])
    assert len(reg.flows) == 0


def test_trace_below_follows_the_county_and_its_towns_each_yuan_once():
    reg, east, _, west, town, village, other = places()
    h = reg.add_household("h", village=village, members=3)
    root = reg.add_flow(east, west, "100万", date="2018", kind="fiscal")
    down = reg.add_flow(west, town, "60万", date="2018", parent=root)  # inside the county: has not left it
    reg.add_flow(town, h, "20万", date="2018", kind="dividend", parent=down)
    reg.add_flow(west, other, "30万", date="2018", kind="fiscal")
    alone = reg.trace(west)
    assert alone.outflow == M("90万")  # 60万 to the town and 30万 to the village beside it
    below = reg.trace(west, below=True)
    # the town and both villages are under the county: money among them has not left it; what
    # left is the town's 20万 to the household (a household is where money ends, not a partner)
    assert below.outflow == M("20万")
    assert {k.id: v for k, v in below.items()} == {0: M("20万")}
    assert sum(below.values(), M()) == below.outflow
    assert reg.trace(east, below=True).outflow == reg.trace(east).outflow == M("100万")
