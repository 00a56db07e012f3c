"""read_iati: IATI activity files into a registry whose totals reproduce, per currency and stage,
the shared real cases' figures counted once and as reported, with the links as parts and the
unmatched incoming transactions in check(); and each rule on small hand-made files."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import shanhai as sh
from test_iati_read import CAPTURES, CASES, activity, require_captures, tx, write

STAGES = {"disbursement_stage": "disbursement", "commitment_stage": "commitment", "expenditure": "expenditure"}


def fine(case: str) -> bool:
    """Whether every value of the case is in hundredths (one of the shared cases has eight decimals)."""
    acts = sh.iati.read_activities(sorted((CAPTURES / case).glob("*.xml")))
    return all(t.value == t.value.quantize(Decimal("0.01")) for t in acts.transactions)


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "reversed"])
@pytest.mark.parametrize("case", CASES or ["absent"])
def test_published_figures_reproduced_by_totals(case, reverse):
    require_captures()
    exp = json.loads((CAPTURES / case / "expected.json").read_text())
    files = [CAPTURES / case / f for f in exp["files"]]
    if not fine(case):  # refused whole, never rounded: nothing is kept
        with pytest.raises(sh.ValidationError, match="finer than a hundredth") as e:
            sh.read_iati(files[::-1] if reverse else files)
        assert e.value.reason == "too_fine"
        return
    reg = sh.read_iati(files[::-1] if reverse else files)
    for currency in exp["currencies"]:
        for key, stage in STAGES.items():
            t = reg.totals(stage=stage, currency=currency, kind="all")
            assert t.total.amount == Decimal(exp["deduplicated"][currency][key]), (currency, stage)
            assert t.reported.amount == Decimal(exp["naive"][currency][key]), (currency, stage)
            assert t.total.currency == currency
    with pytest.raises(sh.ValidationError, match="never added together"):
        reg.totals(kind="all")
    split = reg.totals("currency", stage="disbursement", kind="all")
    assert {c: m.amount for c, m in split.items()} == {
        c: Decimal(d["disbursement_stage"]) for c, d in exp["deduplicated"].items() if Decimal(d["disbursement_stage"])}

    # each link an incoming transaction below the funder's flow: a part of it, or (the funder's
    # flow addressed to the publisher of both) money it passes on; counted once either way
    parts = [f for f in reg.flows if f.parent is not None]
    assert len(parts) == len(exp["links"]) and {f.link for f in parts} == {"part", "pass_through"}
    assert sorted(f.note for f in parts) == sorted(
        f"IATI {k['incoming']['activity']} #{k['incoming']['transaction']}" for k in exp["links"])
    unmatched = [f for f in reg.check() if f.code == "iati_unmatched_incoming"]
    assert sorted(f.handles[0].note for f in unmatched) == sorted(
        f"IATI {u['incoming']['activity']} #{u['incoming']['transaction']}" for u in exp["unmatched"])
    assert len(reg.projects) == exp["activities"]
    assert sum(1 for f in reg.flows) + sum(f.code == "iati_not_a_flow" for f in reg.check()) == exp["transactions"]


def test_a_transfer_reported_by_both_ends_counts_once_and_corrections_reduce(tmp_path):
    reg = sh.read_iati(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("3", "1000.25", receiver="XM-R-1"), tx("3", "-200", receiver_ref="XM-X"),
                 tx("3", "200", receiver_ref="XM-X")),
        activity("XM-R-1", "XM-R", tx("1", "1000.25", provider="XM-F-1"), tx("3", "400", receiver_ref="XM-X"),
                 tx("1", "5", provider="XM-F-1"), tx("7", "9", receiver_ref="XM-X"))))
    t = reg.totals(stage="disbursement", currency="EUR", kind="all")
    assert t.total == sh.Money("1405.25", "EUR")  # 1000.25 once, 200 - 200, 400, and 5 that F does not report
    assert t.reported == sh.Money("2405.50", "EUR")
    f = {x.note: x for x in reg.flows}
    assert f["IATI XM-R-1 #1"].parent == f["IATI XM-F-1 #1"] and f["IATI XM-R-1 #1"].link == "part"
    assert f["IATI XM-F-1 #2"].amount == sh.Money(-200, "EUR")
    codes = [(x.code, x.handles) for x in reg.check() if x.code.startswith("iati")]
    assert ("iati_unmatched_incoming", [f["IATI XM-R-1 #3"]]) in codes
    assert ("iati_not_a_flow", []) in codes  # the type 7 reimbursement, kept apart
    assert f["IATI XM-F-1 #1"].source.name == "XM-F-1" and f["IATI XM-F-1 #1"].source.parent.name == "XM-F name"


def test_currencies_stay_apart_and_a_default_currency_serves(tmp_path):
    reg = sh.read_iati(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("2", "10", receiver="XM-R-1"), tx("2", "10", currency="USD", receiver="XM-R-1")),
        activity("XM-R-1", "XM-R", tx("11", "10", currency="USD", provider="XM-F-1"), currency=None)))
    assert dict(reg.totals("currency", stage="commitment", kind="all")) == {
        "EUR": sh.Money(10, "EUR"), "USD": sh.Money(10, "USD")}
    assert reg.totals(stage="commitment", kind="all", currency="USD").reported == sh.Money(20, "USD")


def test_values_finer_than_a_hundredth_are_refused_whole(tmp_path):
    path = write(tmp_path, activity("XM-F-1", "XM-F", tx("3", "1", receiver_ref="XM-X"),
                                    tx("3", "19000000.0002", receiver_ref="XM-X")))
    with pytest.raises(sh.ValidationError, match=r"a.xml:\d+: IATI transaction XM-F-1 #2: value 19000000.0002") as e:
        sh.read_iati(path)
    assert (e.value.field, e.value.reason) == ("amount", "too_fine")


def test_what_cannot_be_read_is_a_finding(tmp_path):
    path = write(tmp_path, activity("XM-F-1", "XM-F", tx("3", "1", receiver_ref="XM-X"), tx("3", "x", receiver_ref="XM-X")))
    reg = sh.read_iati(path)
    assert len(reg.flows) == 1
    assert [f.code for f in reg.check() if f.code.startswith("iati")] == ["iati_skipped"]
