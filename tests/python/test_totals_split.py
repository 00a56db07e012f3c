"""Totals split by stage (stage=None), totals by a level of the partner tree ("target.province"),
and trace's lists kept between calls: figures by hand in exact fen."""

from __future__ import annotations

import pickle
from types import SimpleNamespace

import pytest

import shanhai as sh

STAGES = ("pledge", "commitment", "disbursement", "expenditure")


def fen(m: sh.Money) -> int:
    return m.minor


@pytest.fixture
def tree() -> SimpleNamespace:
    """甘肃省 > 临夏州 > {临夏市 > 王坪村, 和政县}, 甘肃省 > 兰州市 > 城关区; 思明区 (no province above).
    Disbursed: 思明区 → 临夏市 900万 (a part of 100万 to 王坪村), → 和政县 300万, → 城关区 200万,
    → a household of 王坪村 5万, → a project in 和政县 7万; 城关区 → 思明区 1万. Committed: 思明区
    → 临夏市 500万 (a part of 100万 to 王坪村); pledged: 2000万 to 临夏市 (a donation)."""
    reg = sh.Registry()
    gansu = reg.add_partner("甘肃省", kind="province", side="west")
    zhou = reg.add_partner("临夏州", kind="city", parent=gansu)
    linxia = reg.add_partner("临夏市", kind="county", parent=zhou)
    wangping = reg.add_partner("王坪村", kind="village", parent=linxia)
    hezheng = reg.add_partner("和政县", kind="county", parent=zhou)
    lanzhou = reg.add_partner("兰州市", kind="city", parent=gansu)
    chengguan = reg.add_partner("城关区", kind="district", parent=lanzhou)
    siming = reg.add_partner("思明区", kind="district", side="east")
    h = reg.add_household("622901100201000001", village=wangping, members=3)
    ws = reg.add_project("扶贫车间", sector="industry", location=hezheng, start="2018")
    big = reg.add_flow(siming, linxia, "900万", date="2018", kind="fiscal")
    reg.add_flow(siming, wangping, "100万", date="2018", kind="fiscal", parent=big)
    reg.add_flow(siming, hezheng, "300万", date="2018", kind="fiscal")
    reg.add_flow(siming, chengguan, "200万", date="2018", kind="fiscal")
    reg.add_flow(siming, h, "5万", date="2018", kind="fiscal")
    reg.add_flow(siming, ws, "7万", date="2018", kind="fiscal")
    reg.add_flow(chengguan, siming, "1万", date="2018", kind="donation")
    promised = reg.add_flow(siming, linxia, "500万", date="2018", kind="fiscal", stage="commitment")
    reg.add_flow(siming, wangping, "100万", date="2018", kind="fiscal", stage="commitment", parent=promised)
    reg.add_flow(siming, linxia, "2000万", date="2018", kind="donation", stage="pledge")
    return SimpleNamespace(reg=reg, gansu=gansu, zhou=zhou, linxia=linxia, wangping=wangping, hezheng=hezheng,
                           lanzhou=lanzhou, chengguan=chengguan, siming=siming, h=h, ws=ws)


# ---------------------------------------------------------------------------------- stage=None

def test_stage_none_groups_are_each_stages_totals(tree):
    reg = tree.reg
    t = reg.totals(stage=None)
    assert t.by == ["stage"]
    assert {s: fen(t[s]) for s in t} == {"pledge": 2_000_000_000, "commitment": 500_000_000,
                                         "disbursement": 1_413_000_000}
    for s in STAGES:
        assert t.get(s, sh.Money(0)) == reg.totals(stage=s).total
    assert fen(t.reported) == 1_413_000_000 + 600_000_000 + 2_000_000_000 + 100_000_000  # every flow as reported


def test_stage_none_with_other_fields_keys_by_stage_first(tree):
    reg = tree.reg
    t = reg.totals("target", stage=None)
    assert t.by == ["stage", "target"]
    assert fen(t["commitment", tree.linxia]) == 400_000_000
    assert fen(t["commitment", tree.wangping]) == 100_000_000
    for s in STAGES:
        for node, money in reg.totals("target", stage=s).items():
            assert t[s, node] == money
    assert len(t) == sum(len(reg.totals("target", stage=s)) for s in STAGES)
    # "stage" named already is not added twice
    assert reg.totals(["kind", "stage"], stage=None).by == ["kind", "stage"]


def test_the_total_of_several_stages_is_refused(tree):
    t = tree.reg.totals(stage=None)
    with pytest.raises(sh.ValidationError) as e:
        _ = t.total
    assert e.value.field == "stage" and e.value.reason == "rule"
    # repr and HTML show it without a total; other figures are there
    assert "per stage" in repr(t) and "per stage" in t._repr_html_()
    # the parents' remainders of each stage, summed: 800万 (disbursed) + 400万 (committed)
    assert fen(t.unexplained) == 1_200_000_000
    assert fen(t.unexplained) == sum(fen(tree.reg.totals(stage=s).unexplained) for s in STAGES)
    # one stage alone: its total is that stage's
    one = tree.reg.totals(stage=None, kind="donation", year=2018, target=tree.linxia)
    assert list(one) == ["pledge"]
    assert fen(one.total) == 2_000_000_000
    # the refusal survives pickling and merging
    again = pickle.loads(pickle.dumps(t))
    with pytest.raises(sh.ValidationError):
        _ = again.total
    with pytest.raises(sh.ValidationError):
        _ = (one + tree.reg.totals(stage=None, kind="fiscal")).total


def test_stage_none_to_arrow_and_pandas_carry_the_stage(tree):
    t = tree.reg.totals("target", stage=None)
    table = t.to_arrow()
    assert table.column_names == ["stage", "target_kind", "target", "amount_fen"]
    assert table.schema.metadata[b"total_fen"] == b""  # no total across stages
    rows = {(r["stage"], r["target_kind"], r["target"]): r["amount_fen"] for r in table.to_pylist()}
    assert rows["commitment", "partner", tree.linxia.id] == 400_000_000
    assert rows["disbursement", "project", tree.ws.id] == 7_000_000
    assert sum(rows.values()) == sum(fen(m) for m in t.values())
    frame = t.to_pandas()
    assert list(frame.columns) == ["stage", "target", "amount", "fen"]
    assert frame.loc[frame["stage"] == "pledge", "fen"].sum() == 2_000_000_000
    merged = t.stable().to_arrow()  # from Python values, through the same columns
    assert merged.column("stage").to_pylist() == table.column("stage").to_pylist()


def test_the_default_stage_is_unchanged(tree):
    t = tree.reg.totals()
    assert t.by == [] and fen(t.total) == 1_413_000_000
    assert tree.reg.totals(stage="disbursement") == t


# ------------------------------------------------------------------------------------- levels

def test_by_province_is_the_sum_of_its_cities(tree):
    reg = tree.reg
    cities = reg.totals("target.city")
    assert cities.by == ["target.city"]
    assert fen(cities[tree.zhou]) == 1_212_000_000  # 900 + 300 + 5 (a household) + 7 (a project)
    assert fen(cities[tree.lanzhou]) == 200_000_000
    provinces = reg.totals("target.province")
    assert fen(provinces[tree.gansu]) == fen(cities[tree.zhou]) + fen(cities[tree.lanzhou]) == 1_412_000_000
    # 思明区 has no province above it: the group None, not 思明区 itself
    assert fen(provinces[None]) == 1_000_000
    assert tree.siming not in provinces
    assert sum(fen(m) for m in provinces.values()) == fen(provinces.total) == fen(reg.totals().total)
    counties = reg.totals("target.county")
    assert {k.name if k else None: fen(m) for k, m in counties.items()} == {
        "临夏市": 905_000_000, "和政县": 307_000_000, None: 201_000_000}  # 城关区 is a district


def test_rolling_source_and_target_counts_each_yuan_once(tree):
    reg = tree.reg
    t = reg.totals(["source.province", "target.province"])
    assert {k: fen(m) for k, m in t.items()} == {(None, tree.gansu): 1_412_000_000, (tree.gansu, None): 1_000_000}
    assert sum(fen(m) for m in t.values()) == fen(reg.totals().total)
    mixed = reg.totals(["source", "target.city"], stage=None)
    assert mixed.by == ["stage", "source", "target.city"]
    assert fen(mixed["commitment", tree.siming, tree.zhou]) == 500_000_000


def test_levels_to_arrow(tree):
    table = tree.reg.totals("target.province").to_arrow()
    assert table.column_names == ["target.province_kind", "target.province", "amount_fen"]
    rows = sorted((r["target.province_kind"], r["target.province"], r["amount_fen"]) for r in table.to_pylist())
    assert rows == [("none", 0, 1_000_000), ("partner", tree.gansu.id, 1_412_000_000)]
    assert tree.reg.totals("target.province").stable().to_arrow().equals(table)


def test_by_province_on_the_seed_is_the_sum_of_its_cities(seed):
    """Each province's group is the sum of its cities' groups and of what reached it above any city;
    and both are the per-node totals rolled up by hand."""
    def up(node, kind):  # the ancestor of that kind, as the roll-up defines it
        p = node if isinstance(node, sh.Partner) else getattr(node, "location", None) or getattr(node, "village", None)
        while p is not None and p.kind != kind:
            p = p.parent
        return p

    nodes = seed.totals("target", stage=None)
    for kind in ("province", "city", "county"):
        rolled = seed.totals(f"target.{kind}", stage=None)
        by_hand: dict = {}
        for (stage, node), money in nodes.items():
            key = (stage, up(node, kind))
            by_hand[key] = by_hand.get(key, 0) + fen(money)
        assert {k: fen(m) for k, m in rolled.items()} == by_hand
    provinces = seed.totals("target.province", stage=None)
    cities = seed.totals("target.city", stage=None)
    for (stage, province), money in provinces.items():
        if province is None:
            continue
        own = sum(fen(m) for (s, node), m in nodes.items() if s == stage and up(node, "province") == province
                  and up(node, "city") is None)  # reached the province above any city
        below = sum(fen(m) for (s, city), m in cities.items() if s == stage and city is not None
                    and up(city, "province") == province)
        assert fen(money) == below + own
    for s in {k[0] for k in provinces}:
        assert sum(fen(m) for k, m in provinces.items() if k[0] == s) == fen(seed.totals(stage=s).total)


@pytest.mark.parametrize("by", ["target.nope", "kind.province", "target.enterprise", "nope.city"])
def test_a_bad_level_is_refused(tree, by):
    with pytest.raises(sh.ValidationError) as e:
        tree.reg.totals(by)
    assert e.value.field == "by"


# ------------------------------------------------------------------------------- trace's lists

def test_a_flow_added_between_two_traces_is_seen(tree):
    reg = tree.reg
    first = reg.trace(tree.siming)
    assert fen(first.outflow) == 1_412_000_000
    assert fen(first[tree.hezheng]) == 300_000_000
    assert reg.trace(tree.siming) == first  # the kept lists, unchanged
    reg.add_flow(tree.hezheng, tree.ws, "50万", date="2018", kind="fiscal")  # 和政县 passes some on
    second = reg.trace(tree.siming)
    assert fen(second[tree.hezheng]) == 250_000_000
    assert fen(second[tree.ws]) == 57_000_000
    copy = pickle.loads(pickle.dumps(reg))  # a registry that never traced
    assert second == copy.trace(copy.partners[tree.siming.id])
    assert second != first
