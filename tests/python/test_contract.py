"""The README's Python example, call by call, and the handles, tables and results it gives."""

from __future__ import annotations

import pandas as pd
import pytest

import shanhai as sh
from conftest import build_pair

Money = sh.Money

TABLES = ("partners", "pairings", "flows", "projects", "households", "benefits", "exchanges", "trainings",
          "wishes", "events")


# ---------------------------------------------------------------------------------------------
# the example as written


def test_example_builds(pair):
    reg = pair.reg
    assert isinstance(reg, sh.Registry)
    # 4 partners, 1 pairing, 2 flows, 1 project, 1 household, 2 benefits, 1 of each of the rest
    assert [len(getattr(reg, t)) for t in TABLES] == [4, 1, 2, 1, 1, 2, 1, 1, 1, 1]
    assert repr(reg) == ("Registry(partners=4, pairings=1, flows=2, projects=1, households=1, benefits=2, "
                         "exchanges=1, trainings=1, wishes=1, events=1)")


def test_example_money_assertion():
    assert sh.Money("2210.2万").fen == 2_210_200_000  # exact: 22,102,000 yuan


def test_example_totals(pair):
    reg, siming = pair.reg, pair.siming
    t = reg.totals(by=["source", "kind"], year=2018)
    # the 34万 is a part of the 984万: the year's money is 984万, all fiscal from Siming
    assert t[(siming, "fiscal")] == Money("984万")
    assert dict(t) == {(siming, "fiscal"): Money("984万")}
    assert reg.totals(by="kind")["fiscal"] == Money("984万")


def test_example_report(pair):
    rep = pair.reg.report(year=2018, east=pair.siming, west=pair.linxia)
    assert rep["funds.total"] == Money("984万")  # 34万 inside 984万
    assert rep["funds.fiscal"] == Money("984万")
    assert rep["funds.reported_sum"] == Money("1018万")  # 984 + 34 as reported
    assert rep["funds.unexplained"] == Money("950万")  # 984 − 34 without a stated destination
    assert rep["talent.dispatched"] == 8
    assert rep["talent.dispatched.teacher"] == 8
    assert rep["talent.trained"] == 800
    assert rep["talent.trained.teacher"] == 800
    assert rep["industry.jobs"] == 901  # the one recorded household member + the 900 aggregate
    assert rep["reach.households"] == 1
    assert rep["reach.persons_reported"] == 900
    assert rep["pairing.east_west"] == 1
    assert rep["wishes.submitted"] == 1 and rep["wishes.claimed"] == 1 and rep["wishes.fulfilled"] == 1
    assert rep["wishes.value"] == Money("300元")
    frame = rep.to_pandas()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(rep)
    assert "984" in rep.to_text(lang="zh")
    assert '"fen": 984000000' in rep.to_json()


def test_example_leadership_of_2017(pair):
    rep = pair.reg.report(year=2017, east=pair.siming, west=pair.linxia)
    assert rep["funds.total"] is None  # no money recorded in 2017: not reported, not 0
    assert rep["pairing.east_west"] == 1  # the pairing since 2017-08 is active


def test_example_trace(pair):
    reg, siming = pair.reg, pair.siming
    a = reg.trace(siming)
    # 984万 left Siming; 34万 of it reached Wangping, the other 950万 stayed with Linxia
    assert sum(a.values(), Money()) == Money("984万")
    assert a[pair.wangping] == Money("34万")
    assert a[pair.linxia] == Money("950万")
    frame = a.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(a)


def test_example_expect_total_and_check(pair):
    reg = pair.reg
    # the example breaks no rule; the 950万 that no part explains is reported, not hidden
    assert [f for f in reg.check() if f.severity == "error"] == []
    assert any("950" in f.message for f in reg.check())
    reg.expect_total("2210.2万", source=pair.siming, year=2018, kind=["fiscal", "donation"])
    findings = reg.check()
    # the registry holds 984万 of Siming's 2018 fiscal and donated money, not 2210.2万
    (gap,) = [f for f in findings if f.expected is not None]
    assert gap.expected == Money("2210.2万")
    assert gap.actual == Money("984万")
    assert gap.difference == Money("-1226.2万")  # 984 − 2210.2
    assert gap.severity == "error"
    assert "2210.2" in gap.message
    for f in findings:
        assert isinstance(f.message, str) and f.message


def test_example_save_load_and_pickle(pair, tmp_path):
    import pickle

    path = tmp_path / "pair.shanhai"
    pair.reg.save(str(path))
    loaded = sh.load(str(path))
    assert loaded.to_bytes() == pair.reg.to_bytes()
    assert pickle.loads(pickle.dumps(pair.reg)).to_bytes() == pair.reg.to_bytes()


def test_example_table_calls(pair):
    reg = pair.reg
    assert isinstance(reg.flows.to_pandas(), pd.DataFrame)
    assert len(reg.households) == 1
    assert reg.partners[0] == pair.siming


# ---------------------------------------------------------------------------------------------
# handles and their fields


def test_partner_fields(pair):
    s, lx, fh, wp = pair.siming, pair.linxia, pair.fuhan, pair.wangping
    assert (s.name, s.kind, s.side, s.parent, s.code) == ("思明区", "district", "east", None, "350203")
    assert (lx.name, lx.kind, lx.side, lx.parent, lx.code) == ("临夏市", "county", "west", None, "622901")
    # a partner given no side takes its parent's
    assert (fh.name, fh.kind, fh.side, fh.parent, fh.code) == ("枹罕镇", "town", "west", lx, "")
    assert (wp.name, wp.kind, wp.side, wp.parent) == ("王坪村", "village", "west", fh)
    assert wp.note == ""
    assert [p.id for p in (s, lx, fh, wp)] == [0, 1, 2, 3]


def test_pairing_fields(pair):
    p = pair.pairing
    assert (p.a, p.b, p.kind, p.since, p.until) == (pair.siming, pair.linxia, "east_west", "2017-08", None)


def test_flow_fields(pair):
    total, part = pair.total, pair.part
    assert (total.source, total.target, total.amount, total.date) == (pair.siming, pair.linxia, Money("984万"), "2018")
    assert (total.kind, total.stage, total.purpose, total.parent) == ("fiscal", "disbursement", "industry", None)
    assert total.link == "none"
    assert total.root == total
    assert total.origin == pair.siming
    assert total.allocated == Money("34万")
    assert total.remaining == Money("950万")  # 984 − 34
    assert (part.source, part.target, part.amount, part.date) == (pair.siming, pair.wangping, Money("34万"), "2018-05")
    assert part.stage == "disbursement"  # the default
    assert part.parent == total
    assert part.link == "part"  # same source, target below Linxia: the same money in more detail
    assert part.root == total
    assert part.origin == pair.siming
    assert part.remaining == Money("34万")
    assert isinstance(part.amount, sh.Money)


def test_pass_through_link():
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    root = reg.add_flow(east, west, "984万", date="2018", kind="fiscal")
    on = reg.add_flow(west, village, "34万", date="2018", kind="fiscal", parent=root)
    assert on.link == "pass_through"  # Linxia hands the money on
    assert on.root == root
    assert on.origin == east  # the money started in Siming
    assert root.remaining == Money("950万")


def test_project_fields(pair):
    ws = pair.ws
    assert (ws.name, ws.sector, ws.location, ws.implementer) == ("扶贫车间", "industry", pair.linxia, None)
    assert ws.outputs == {"workshops": 20}
    assert ws.start is None and ws.end is None


def test_household_fields(pair):
    h = pair.h
    assert h.number == "622901100201000001"
    assert h.village == pair.wangping
    assert h.members == 4
    assert h.status == "poor"
    assert h.exit_year in (0, None)  # not exited


def test_household_by_number(pair):
    assert pair.reg.household("622901100201000001") == pair.h
    with pytest.raises(sh.NotFoundError) as e:
        pair.reg.household("000")
    assert isinstance(e.value, KeyError)
    assert "000" not in str(e.value) and e.value.value is None  # a registry number is personal: never echoed


def test_benefit_fields(pair):
    one, agg = pair.benefit, pair.aggregate
    assert (one.beneficiary, one.via, one.kind, one.persons, one.households, one.date) == (
        pair.h, pair.ws, "employment", 1, 1, "2018-09")  # a benefit to one household counts 1 household
    assert (agg.beneficiary, agg.via, agg.persons, agg.households, agg.date) == (None, pair.ws, 900, 0, "2018")
    assert one.amount == Money()


def test_exchange_fields(pair):
    x = pair.exchange
    assert (x.sender, x.host, x.role, x.person_times, x.batches, x.date) == (
        pair.siming, pair.linxia, "teacher", 8, 2, "2018")
    assert x.persons == 0  # persons not given: person-times are not persons
    assert x.part_of is None


def test_exchange_person_times_default_to_persons(pair):
    x = pair.reg.add_exchange(pair.linxia, pair.siming, role="doctor", persons=6, date="2018")
    assert (x.persons, x.person_times) == (6, 6)


def test_training_fields(pair):
    t = pair.training
    assert (t.organiser, t.location, t.role, t.trainees, t.date) == (pair.siming, pair.linxia, "teacher", 800, "2018")


def test_wish_lifecycle(pair):
    reg, h = pair.reg, pair.h
    w = reg.add_wish(h, "冬衣", cost="200元", date="2018-11")
    assert (w.state, w.claimed_by, w.claimed, w.closed) == ("open", None, None, None)
    assert (w.household, w.text, w.cost, w.date) == (h, "冬衣", Money("200元"), "2018-11")
    reg.claim_wish(w, by=pair.siming, date="2018-12-01")
    assert (w.state, w.claimed_by, w.claimed, w.closed) == ("claimed", pair.siming, "2018-12-01", None)
    reg.fulfil_wish(w, date="2018-12-20")
    assert (w.state, w.closed) == ("fulfilled", "2018-12-20")


def test_example_wish_state(pair):
    w = pair.wish
    assert (w.state, w.claimed_by, w.claimed, w.closed) == ("fulfilled", pair.siming, "2018-12-28", "2019-01-10")
    assert w.cost == Money("300元")
    assert w.text == "书包和文具"


def test_cancel_wish(pair):
    w = pair.reg.add_wish(pair.h, "x", date="2018")
    pair.reg.cancel_wish(w, date="2018-06")
    assert (w.state, w.closed) == ("cancelled", "2018-06")


def test_event_fields(pair):
    e = pair.event
    assert (e.kind, e.date, e.partners) == ("signing", "2017-08", [pair.siming, pair.linxia])


def test_handles_compare_and_hash(pair):
    reg = pair.reg
    assert reg.partners[0] == pair.siming
    assert reg.partners[0] != reg.partners[1]
    assert reg.partners[0] != reg.flows[0]  # a partner and a flow of the same id differ
    assert len({reg.partners[0], pair.siming, reg.partners[1]}) == 2
    other = build_pair()
    assert other.siming != pair.siming  # the same id in another registry is another partner


def test_handle_repr(pair):
    assert repr(pair.siming) == "Partner(0, '思明区')"
    assert repr(pair.total) == "Flow(0, Money('984万'))"


# ---------------------------------------------------------------------------------------------
# enumerations


@pytest.mark.parametrize(
    ("enum", "name"),
    [
        (sh.PartnerKind, "district"), (sh.Side, "east"), (sh.PairingKind, "east_west"), (sh.FlowKind, "fiscal"),
        (sh.Stage, "disbursement"), (sh.Sector, "industry"), (sh.HouseholdStatus, "extremely_poor"),
        (sh.BenefitKind, "employment"), (sh.Role, "teacher"), (sh.WishState, "claimed"),
        (sh.EventKind, "signing"),
    ],
)
def test_enum_names(enum, name):
    assert str(getattr(enum, name)) == name


def test_enum_values_are_accepted_like_names():
    reg = sh.Registry()
    by_name = reg.add_partner("思明区", kind="district", side="east")
    by_value = reg.add_partner("湖里区", kind=sh.PartnerKind.district, side=sh.Side.east)
    assert by_value.kind == by_name.kind == "district"
    assert by_value.side == "east"
    west = reg.add_partner("临夏市", kind=sh.PartnerKind.county, side=sh.Side.west)
    f = reg.add_flow(by_value, west, "1万", date="2018", kind=sh.FlowKind.donation, stage=sh.Stage.commitment,
                     purpose=sh.Sector.water)
    assert (f.kind, f.stage, f.purpose) == ("donation", "commitment", "water")
    assert reg.totals(kind=sh.FlowKind.donation, stage=sh.Stage.commitment).total == Money("1万")
    p = reg.pair(by_name, west, kind=sh.PairingKind.east_west)
    assert p.kind == "east_west"


# ---------------------------------------------------------------------------------------------
# tables


@pytest.mark.parametrize("name", TABLES)
def test_tables_len_index_iter(seed, name):
    table = getattr(seed, name)
    n = len(table)
    assert n > 0
    handles = list(table)
    assert len(handles) == n
    assert [h.id for h in handles] == list(range(n))
    assert table[0] == handles[0]
    assert table[n - 1] == handles[-1]
    assert table[-1] == handles[-1]  # negative index counts from the end
    assert table[-n] == handles[0]
    for bad in (n, -n - 1, 10**6):
        with pytest.raises(sh.NotFoundError) as e:
            table[bad]
        assert isinstance(e.value, KeyError)
    with pytest.raises(sh.NotFoundError, match=f"{n}"):
        table[n]


@pytest.mark.parametrize("name", ["partners", "flows"])
def test_negative_index_out_of_range_names_the_index_given(seed, name):
    table = getattr(seed, name)
    bad = -len(table) - 1
    with pytest.raises(sh.NotFoundError) as e:
        table[bad]
    assert str(bad) in str(e.value)  # the index the caller wrote, not the one computed from it


def test_table_is_a_live_view(pair):
    flows = pair.reg.flows
    assert len(flows) == 2
    f = pair.reg.add_flow(pair.siming, pair.linxia, "1万", date="2019")
    assert len(flows) == 3
    assert flows[-1] == f


@pytest.mark.parametrize("name", TABLES)
def test_tables_to_pandas(seed, name):
    table = getattr(seed, name)
    frame = table.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(table)
    assert list(frame.index) == list(range(len(table)))
    assert "note" in frame.columns


def test_flows_to_pandas_money_exact(pair):
    frame = pair.reg.flows.to_pandas()
    for column in ("source", "target", "amount", "amount_fen", "date", "kind", "stage", "purpose", "parent", "note"):
        assert column in frame.columns
    assert frame["amount_fen"].dtype == "int64"
    assert list(frame["amount_fen"]) == [984_000_000, 34_000_000]  # 984万 and 34万 in fen
    assert all(isinstance(v, sh.Money) for v in frame["amount"])
    assert list(frame["amount"]) == [Money("984万"), Money("34万")]
    assert list(frame["kind"]) == ["fiscal", "fiscal"]
    assert frame["parent"].isna().tolist() == [True, False]
    assert int(frame["parent"][1]) == 0
    assert list(frame["source"]) == [0, 0]
    assert list(frame["target"]) == [1, 3]  # Linxia, Wangping


def test_partners_to_pandas(pair):
    frame = pair.reg.partners.to_pandas()
    assert list(frame["name"]) == ["思明区", "临夏市", "枹罕镇", "王坪村"]
    assert list(frame["kind"]) == ["district", "county", "town", "village"]
    assert list(frame["side"]) == ["east", "west", "west", "west"]
    assert frame["parent"].isna().tolist() == [True, True, False, False]
    assert [int(x) for x in frame["parent"][2:]] == [1, 2]


def test_wishes_to_pandas_money(pair):
    frame = pair.reg.wishes.to_pandas()
    assert list(frame["cost_fen"]) == [30_000]  # 300 yuan
    assert frame["cost"][0] == Money("300元")
    assert list(frame["state"]) == ["fulfilled"]


def test_empty_table_to_pandas_has_the_same_columns(pair):
    # a table's columns do not depend on whether it has rows
    empty = sh.Registry()
    for name in TABLES:
        assert list(getattr(empty, name).to_pandas().columns) == list(getattr(pair.reg, name).to_pandas().columns), name


# ---------------------------------------------------------------------------------------------
# totals as a Mapping


def test_totals_single_field_keys(pair):
    t = pair.reg.totals(by="kind")
    assert list(t) == ["fiscal"]
    assert t["fiscal"] == Money("984万")
    assert len(t) == 1
    assert "donation" not in t
    with pytest.raises(KeyError):
        t["donation"]
    assert t.get("donation") is None


def test_totals_total_reported_unexplained(pair):
    t = pair.reg.totals(year=2018)
    assert t.total == Money("984万")
    assert t.reported == Money("1018万")  # 984 + 34 as reported
    assert t.unexplained == Money("950万")  # the part of 984 no part explains
    assert len(t) == 1  # no field: one group under the empty key


def test_totals_by_two_fields_and_year(pair):
    t = pair.reg.totals(by=["source", "kind"], year=2018)
    assert t[(pair.siming, "fiscal")] == Money("984万")
    assert pair.reg.totals(by=["source", "kind"], year=2019).total == Money()


def test_totals_by_target_uses_the_parts(pair):
    t = pair.reg.totals(by="target")
    # the most detailed level: 34万 at Wangping, the 950万 remainder at Linxia
    assert dict(t) == {pair.linxia: Money("950万"), pair.wangping: Money("34万")}


def test_totals_by_year(pair):
    assert dict(pair.reg.totals(by="year")) == {2018: Money("984万")}


def test_totals_to_pandas(pair):
    frame = pair.reg.totals(by=["source", "kind"], year=2018).to_pandas()
    assert list(frame.columns) == ["source", "kind", "amount", "fen"]
    assert len(frame) == 1
    assert frame["source"][0] == pair.siming
    assert frame["kind"][0] == "fiscal"
    assert frame["amount"][0] == Money("984万")
    assert frame["fen"].dtype == "int64"
    assert frame["fen"][0] == 984_000_000


def test_totals_merge_with_plus(pair):
    reg = pair.reg
    a = reg.totals(by="kind", year=2018)
    reg.add_flow(pair.siming, pair.linxia, "16万", date="2019", kind="donation")
    b = reg.totals(by="kind", year=2019)
    merged = a + b
    assert merged.total == Money("1000万")  # 984 (2018) + 16 (2019)
    assert merged.reported == Money("1034万")  # 984 + 34 + 16
    assert merged.unexplained == Money("950万")
    assert dict(merged) == {"fiscal": Money("984万"), "donation": Money("16万")}
    assert merged.total == reg.totals(by="kind").total  # disjoint years merge to the whole
    assert dict(merged) == dict(reg.totals(by="kind"))
    assert dict(a + b) == dict(b + a)


def test_totals_merge_needs_the_same_fields(pair):
    with pytest.raises(ValueError):
        pair.reg.totals(by="kind") + pair.reg.totals(by="source")  # noqa: B018


# ---------------------------------------------------------------------------------------------
# the report as a Mapping


def test_report_mapping(pair):
    rep = pair.reg.report(year=2018)
    assert "funds.total" in rep
    assert len(rep) == len(list(rep))
    with pytest.raises(sh.NotFoundError) as e:
        rep["funds.nothing"]
    assert isinstance(e.value, KeyError)
    assert "funds.nothing" in str(e.value)
    money_keys = {k for k, v in rep.items() if isinstance(v, Money)}
    assert {"funds.total", "funds.fiscal", "funds.reported_sum", "funds.unexplained", "wishes.value"} <= money_keys
    assert rep["funds.committed"] is None  # nothing committed is recorded
    # counts are ints; a share or a mean (a ratio of two other indicators) has two decimals
    assert set(rep.ratios) == {"industry.poor_share", "wishes.claim_rate", "wishes.days_to_claim"}
    assert all(isinstance(v, int) for k, v in rep.items() if k not in money_keys | set(rep.ratios) and v is not None)
    assert all(isinstance(rep[k], float) for k in rep.ratios if rep[k] is not None)
    # not reported is None, never a zero in disguise, and reported_keys lists the others
    assert set(rep.reported_keys) == {k for k, v in rep.items() if v is not None} != set(rep)


def test_report_indicators_have_labels_and_units(pair):
    rep = pair.reg.report(year=2018)
    for i in rep.indicators:
        assert i["label_zh"] and i["label_en"] and i["unit"] and i["area"]
        assert i["key"].startswith(i["area"] + ".")
