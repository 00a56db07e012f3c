"""FTS import: every figure FTS published for the shared captures reproduced to the dollar from the
flows alone (also without FTS's summary blocks and with the pages reversed), and each counting
rule on small hand-made pages."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

import shanhai as sh

# The repository's parent holds shared/ beside the checkout (SHANHAI_SHARED names it elsewhere).
SHARED = Path(os.environ.get("SHANHAI_SHARED") or Path(__file__).resolve().parents[3] / "shared")
CAPTURES = SHARED / "data" / "fts"
CASES = sorted(p.name for p in CAPTURES.iterdir() if (p / "expected.json").exists()) if CAPTURES.is_dir() else []


def usd(amount) -> sh.Money:
    return sh.Money(amount, "USD")


def funding(reg, b) -> sh.Money:
    """FTS's funding of a boundary: commitments and paid contributions, counted once."""
    return reg.totals(boundary=b, stage="commitment").total + reg.totals(boundary=b, stage="disbursement").total


def boundary_of(reg, figure):
    plan = figure["fts_id"] if figure["destination_kind"] == "plan" else None
    return sh.fts.boundary(reg, location=figure["location_id"], year=figure["year"], plan=plan)


def expected(case: str) -> dict:
    return json.loads((CAPTURES / case / "expected.json").read_text())


def require_captures() -> None:
    if not CASES:
        pytest.skip(f"the FTS captures are not at {CAPTURES} (the shared/ folder beside the repository)")


@pytest.mark.parametrize("case", CASES or ["absent"])
def test_published_figures_reproduced(case):
    require_captures()
    exp = expected(case)
    reg = sh.read_fts([CAPTURES / case / f for f in exp["files"]])
    assert reg.currency == "USD"
    for fig in exp["figures"]:
        b = boundary_of(reg, fig)
        assert funding(reg, b) == usd(fig["published_total_usd"]), (case, fig["name"])
        # as reported: every flow whose destination lies wholly inside, any status, re-grants too
        as_reported = sum(reg.totals(target=b, stage=s).reported for s in ("pledge", "commitment", "disbursement"))
        assert as_reported == usd(fig["as_reported_usd"]), (case, fig["name"])
    assert len(reg.flows) == exp["flows_with_amount"]
    assert sum((f.amount for f in reg.flows), usd(0)) == usd(exp["list_sum_usd"])


@pytest.mark.parametrize("case", CASES or ["absent"])
def test_summary_blocks_and_page_order_are_not_read(case, tmp_path):
    require_captures()
    exp = expected(case)
    stripped = []
    for k, name in enumerate(reversed(exp["files"])):
        page = json.loads((CAPTURES / case / name).read_text())
        page.pop("meta", None)
        for block in ("incoming", "outgoing", "internal"):
            page["data"].pop(block, None)
        path = tmp_path / f"page{k}.json"
        path.write_text(json.dumps(page))
        stripped.append(path)
    reg = sh.read_fts(stripped)
    for fig in exp["figures"]:
        assert funding(reg, boundary_of(reg, fig)) == usd(fig["published_total_usd"]), (case, fig["name"])


# ---- the rules, on hand-made pages ----------------------------------------------------------------

def org(i, name=None):
    return {"type": "Organization", "id": str(i), "name": name or f"org {i}"}


def loc(i, name):
    return {"type": "Location", "id": str(i), "name": name}


def year(y):
    return {"type": "UsageYear", "id": str(y - 1979), "name": str(y)}


def plan(i):
    return {"type": "Plan", "id": str(i), "name": f"plan {i}"}


JOR, SYR = loc(114, "Jordan"), loc(218, "Syria")
DONOR = [org(1, "Donor, Government of"), loc(83, "Germany"), year(2020)]


def flow(fid, amount, source, destination, *, status="paid", flow_type="Standard", parent=None, new_money=False):
    return {"id": str(fid), "amountUSD": amount, "status": status, "flowType": flow_type, "parentFlowId": parent,
            "newMoney": new_money, "date": "2020-03-04T00:00:00Z", "sourceObjects": source,
            "destinationObjects": destination}


def pages(tmp_path, *flow_lists, name="page"):
    paths = []
    for k, flows in enumerate(flow_lists):
        path = tmp_path / f"{name}{k}.json"
        path.write_text(json.dumps({"data": {"flows": flows}}))
        paths.append(path)
    return paths


def jordan_2020(tmp_path, *flows, plan_id=None):
    reg = sh.read_fts(pages(tmp_path, list(flows)))
    return reg, sh.fts.boundary(reg, location=114, year=2020, plan=plan_id)


def test_a_flow_read(tmp_path):
    reg, b = jordan_2020(tmp_path, flow(7, 1000, DONOR, [org(2), JOR, year(2020)], status="commitment"))
    (f,) = reg.flows
    assert f.amount == usd(1000) and f.amount.currency == "USD" and f.amount.amount == Decimal(1000)
    assert f.stage == "commitment" and f.date == "2020-03-04" and f.note.startswith("FTS flow 7")
    assert f.target.parent == b and b.name == "Jordan 2020" and b.parent.name == "Jordan"
    assert funding(reg, b) == usd(1000)
    assert str(funding(reg, b)) == "USD 1,000"


def test_a_flow_to_two_countries_counts_in_neither(tmp_path):
    reg, b = jordan_2020(tmp_path, flow(1, 500, DONOR, [org(2), JOR, SYR, year(2020)]),
                         flow(2, 70, DONOR, [org(2), JOR, year(2020)]))
    assert funding(reg, b) == usd(70)
    # nor in a year when it names two years, nor in a plan when it names two plans
    reg, b = jordan_2020(tmp_path, flow(1, 500, DONOR, [org(2), JOR, year(2020), year(2021)]),
                         flow(2, 70, DONOR, [org(2), JOR, year(2020)]))
    assert funding(reg, b) == usd(70)
    both = [org(2), JOR, year(2020), plan(943), plan(1010)]
    reg, p = jordan_2020(tmp_path, flow(1, 500, DONOR, both), flow(2, 70, DONOR, [org(2), JOR, year(2020), plan(943)]),
                         plan_id=943)
    assert funding(reg, p) == usd(70)
    assert funding(reg, p.parent) == usd(570)  # shared between plans, yet inside the country-year


def test_a_pooled_fund_regrant_counts_once(tmp_path):
    fund = [org(9, "Jordan Humanitarian Fund"), JOR, year(2020)]
    reg, b = jordan_2020(tmp_path, flow(1, 1000, DONOR, fund), flow(2, 400, fund, [org(3), JOR, year(2020)]),
                         flow(3, 250, fund, [org(4), JOR, year(2020)], parent=1))
    assert funding(reg, b) == usd(1000)
    assert reg.totals(boundary=b).reported == usd(1000)  # the re-grants are internal


def test_carry_over_counts(tmp_path):
    last_year = [org(5), JOR, year(2019)]
    reg, b = jordan_2020(tmp_path, flow(1, 300, last_year, [org(5), JOR, year(2020)], flow_type="Carryover"))
    assert funding(reg, b) == usd(300)


def test_new_money_from_inside_the_country_counts(tmp_path):
    inside = [org(6, "Jordan, Government of"), JOR, year(2020)]
    reg, b = jordan_2020(tmp_path, flow(1, 800, inside, [org(7), JOR, year(2020)], new_money=True),
                         flow(2, 90, inside, [org(7), JOR, year(2020)]))
    assert funding(reg, b) == usd(800)  # the re-grant without new money is internal


def test_a_parked_parent_and_its_children_add_up(tmp_path):
    parked = flow(1, 600, DONOR, [org(2), JOR, year(2020)], status="commitment", flow_type="Parked")
    children = [flow(2, 300, DONOR, [org(3), JOR, year(2020)], parent=1),
                flow(3, 100, DONOR, [org(4), JOR, year(2020)], parent=1)]
    reg, b = jordan_2020(tmp_path, *reversed(children), parked)  # children listed first: parents are read first
    assert funding(reg, b) == usd(1000)
    assert all(f.parent is None for f in reg.flows)


def test_a_child_is_linked_to_its_parent_or_goes_in_unlinked(tmp_path):
    agency = [org(2), JOR, year(2020)]
    reg, b = jordan_2020(tmp_path, flow(1, 600, DONOR, agency), flow(2, 450, agency, [org(3), JOR, year(2020)], parent=1),
                         flow(3, 100, DONOR, [org(4), JOR, year(2020)], status="commitment", parent=1))
    parent, passed_on, other_stage = reg.flows
    assert passed_on.parent == parent  # money the parent's target passes on
    assert other_stage.parent is None  # a chain keeps one stage: the link is dropped
    assert [(f.code, f.handles) for f in reg.check() if f.code == "fts_unlinked"] == [("fts_unlinked", [other_stage])]
    assert funding(reg, b) == usd(700)


def test_a_pledge_is_kept_apart(tmp_path):
    reg, b = jordan_2020(tmp_path, flow(1, 5000, DONOR, [org(2), JOR, year(2020)], status="pledge"),
                         flow(2, 40, DONOR, [org(2), JOR, year(2020)]))
    assert funding(reg, b) == usd(40)
    assert reg.totals(boundary=b, stage="pledge").total == usd(5000)


def test_flows_without_amount_or_with_one_end_are_not_read(tmp_path):
    same = [org(2), JOR, year(2020)]
    reg, b = jordan_2020(tmp_path, flow(1, 0, DONOR, same), flow(2, 30, same, same), flow(3, 20, DONOR, same))
    assert [f.note for f in reg.flows] == ["FTS flow 3"]


def test_ends_without_organisation_or_place(tmp_path):
    reg, b = jordan_2020(tmp_path, flow(1, 10, [], [JOR, year(2020)]), flow(2, 20, [org(1)], [org(2), JOR, year(2020)]))
    first, second = reg.flows
    assert first.source.name == "not specified" and first.target == b
    assert second.source.name == "org 1" and second.source.parent is None
    assert funding(reg, b) == usd(30)


def test_a_flow_on_two_pages_is_read_once_in_any_order(tmp_path):
    a = flow(1, 100, DONOR, [org(2), JOR, year(2020)])
    b_ = flow(2, 5, DONOR, [org(2), JOR, year(2020)])
    paths = pages(tmp_path, [a, b_], [a])
    for order in (paths, paths[::-1]):
        reg = sh.read_fts(order)
        assert len(reg.flows) == 2
        assert funding(reg, sh.fts.boundary(reg, location="Jordan", year=2020)) == usd(105)
    assert len(sh.read_fts(paths[0]).flows) == 2  # one path alone


def test_a_page_without_data_flows_is_refused(tmp_path):
    path = tmp_path / "summary.json"
    path.write_text(json.dumps({"data": {"incoming": {}}, "meta": {}}))
    with pytest.raises(sh.FormatError, match="summary.json: not an FTS flow search page") as e:
        sh.read_fts(path)
    assert e.value.reason == "bad_format"
    path.write_text("[1, 2")
    with pytest.raises(sh.FormatError, match="summary.json"):
        sh.read_fts(path)
    with pytest.raises(sh.FileError):
        sh.read_fts(tmp_path / "absent.json")


@pytest.mark.parametrize("field", ["id", "amountUSD", "status", "flowType", "sourceObjects", "destinationObjects"])
def test_a_flow_lacking_a_field_is_refused_and_nothing_kept(tmp_path, field):
    bad = flow(42, 100, DONOR, [org(2), JOR, year(2020)])
    del bad[field]
    good = pages(tmp_path, [flow(1, 5, DONOR, [org(2), JOR, year(2020)])], name="good")
    with pytest.raises(sh.FormatError, match=f"bad0.json: FTS flow .*lacks '{field}'") as e:
        sh.read_fts(good + pages(tmp_path, [bad], name="bad"))
    assert e.value.field == field and e.value.table == "flows" and e.value.row == 0


def test_another_status_or_amount_is_refused(tmp_path):
    with pytest.raises(sh.FormatError, match="FTS flow 3: status 'promised'"):
        sh.read_fts(pages(tmp_path, [flow(3, 100, DONOR, [org(2), JOR], status="promised")]))
    with pytest.raises(sh.FormatError, match="FTS flow 4: amountUSD"):
        sh.read_fts(pages(tmp_path, [flow(4, "100", DONOR, [org(2), JOR])]))
    with pytest.raises(sh.FormatError, match="page0.json: FTS flow 5: .*finer than"):
        sh.read_fts(pages(tmp_path, [flow(5, 0.001, DONOR, [org(2), JOR])]))


def test_cents_are_kept_exactly(tmp_path):
    reg, b = jordan_2020(tmp_path, flow(1, 0.1, DONOR, [org(2), JOR, year(2020)]),
                         flow(2, 0.2, DONOR, [org(2), JOR, year(2020)]))
    assert funding(reg, b) == usd("0.30") and funding(reg, b).minor == 30


def test_boundary_not_found(tmp_path):
    reg, b = jordan_2020(tmp_path, flow(1, 10, DONOR, [org(2), JOR, year(2020)]))
    with pytest.raises(sh.NotFoundError, match="no year 'Jordan 2019'"):
        sh.fts.boundary(reg, location=114, year=2019)
    with pytest.raises(sh.NotFoundError, match="no location '171'"):
        sh.fts.boundary(reg, location=171, year=2020)
    with pytest.raises(sh.WrongTypeError):
        sh.fts.boundary(reg, location=114, year="2020")
