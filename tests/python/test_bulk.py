"""Bulk ingest and column views without copies."""

import gc

import numpy as np
import pandas as pd
import pytest

import shanhai as sh


def base():
    reg = sh.Registry()
    reg.add_partners(pd.DataFrame({
        "name": ["思明区", "临夏市", "王坪村", "单子庄村"],
        "kind": ["district", "county", "village", "village"],
        "side": ["east", "west", None, None],
        "parent": [None, None, 1, 1],
    }))
    return reg


def test_bulk_partners_households_flows_benefits_match_single_calls():
    reg = base()
    assert [p.name for p in reg.partners] == ["思明区", "临夏市", "王坪村", "单子庄村"]
    assert reg.partners[2].parent == reg.partners[1] and reg.partners[2].side == "west"
    hh = reg.add_households({"number": ["a1", "a2", None], "village": np.array([2, 2, 3]), "members": [3, 4, 5],
                             "status": ["poor", "extremely_poor", "poor"]})
    assert hh == range(0, 3) and reg.households[1].status == "extremely_poor" and reg.household("a2").id == 1
    fl = reg.add_flows(pd.DataFrame({
        "source": [0, 0, 1], "target": [1, 2, 0], "target_kind": ["partner", "partner", "household"],
        "amount": ["984万", "34万", "1,000.00元"], "date": ["2018", "2018-05", "2018-12-01"],
        "kind": ["fiscal", "fiscal", "dividend"], "parent": [None, 0, 0],
    }))
    assert fl == range(0, 3)
    f = reg.flows
    assert [x.amount for x in f] == [sh.Money("984万"), sh.Money("34万"), sh.Money("1000")]
    assert [x.link for x in f] == ["none", "part", "pass_through"] and f[2].target == reg.households[0]
    assert f[1].date == "2018-05" and f[2].date == "2018-12-01"
    assert reg.totals().total == sh.Money("984万")
    reg.add_benefits({"beneficiary": [0, None], "via": [0, 1], "via_kind": ["flow", "flow"],
                      "kind": ["dividend", "employment"], "persons": [1, 900], "date": [2018, 2018]})
    assert reg.benefits[1].persons == 900 and reg.benefits[0].beneficiary == reg.households[0]


@pytest.mark.parametrize("column, value, message", [
    ("amount", "12.345元", "finer than a fen"),
    ("amount", -5, "must be positive"),
    ("kind", "fiscl", "not a known FlowKind"),
    ("target", 99, "no partner with id 99"),
    ("parent", 7, "no flow with id 7"),
    ("date", "2018-13", "not a date"),
    ("amount", 1.5, "binary float"),
])
def test_a_bad_row_is_named_and_nothing_is_kept(column, value, message):
    reg = base()
    rows = {"source": [0, 0, 0], "target": [1, 1, 1], "amount": ["1万", "2万", "3万"], "kind": ["fiscal"] * 3,
            "date": ["2018"] * 3, "parent": [None, None, None]}
    rows[column] = list(rows[column])
    rows[column][2] = value
    before = reg.to_bytes("text")
    with pytest.raises(sh.Error, match=message) as caught:
        reg.add_flows(rows)
    assert "row 2" in str(caught.value)
    assert reg.to_bytes("text") == before and len(reg.flows) == 0


@pytest.mark.parametrize("bad, message", [
    ({"kind": (3, 200)}, "flows row 3, column 'kind': flow kind 200 is out of range"),
    ({"date": (2, 20181301)}, "flows row 2, column 'date': date 2018-13-1: month must be 1..12"),
    ({"kind": (3, 200), "date": (1, 20180230)}, "flows row 1, column 'date': date 2018-2-30: no such day"),
    ({"target_kind": (2, 9), "stage": (2, 77)}, "flows row 2, column 'target': node kind 9 is out of range"),
    ({"amount_fen": (1, -5), "kind": (3, 200)}, "flows row 1: flow amount: must be positive"),  # a rule's refusal
    ({"kind": (3, 200), "amount_fen": (4, -5)}, "flows row 3, column 'kind': flow kind 200"),
])
def test_codes_and_packed_dates_are_refused_at_the_earliest_row(bad, message):
    """Integer codes and packed dates reach the compiled fill as they are: it names the earliest
    refused row (on a tie, the first column in the table's order), as the single insertions would."""
    reg = base()
    cols = {"source": np.zeros(6, np.int64), "target": np.ones(6, np.int64), "amount_fen": np.full(6, 100, np.int64),
            "date": np.full(6, 20180000, np.int32), "kind": np.ones(6, np.uint8), "stage": np.zeros(6, np.uint8),
            "source_kind": np.ones(6, np.uint8), "target_kind": np.ones(6, np.uint8)}
    for column, (row, value) in bad.items():
        cols[column][row] = value
    before = reg.to_bytes("binary")
    with pytest.raises(sh.Error) as caught:
        reg.add_flows(cols)
    assert str(caught.value).startswith(message)
    assert reg.to_bytes("binary") == before


def test_a_batch_over_allocating_its_own_parent_is_refused_whole():
    reg = base()
    reg.add_flow(reg.partners[0], reg.partners[1], "10万")
    with pytest.raises(sh.ValidationError, match="row 1: flow amount"):
        reg.add_flows({"source": [1, 1], "target": [2, 3], "amount": ["6万", "6万"], "parent": [0, 0]})
    assert len(reg.flows) == 1 and reg.flows[0].remaining == sh.Money("10万")


def test_a_registry_s_own_columns_go_back_in_as_they_are():
    """Ids as the registry's columns hold them (uint32, 4294967295 for none) and packed dates are
    taken without conversion; the copy holds the same rows and the same chains."""
    reg = base()
    reg.add_flow(reg.partners[0], reg.partners[1], "10万", date="2018-05")
    reg.add_flow(reg.partners[1], reg.partners[2], "4万", date="2018-06-30", parent=reg.flows[0])
    reg.add_flow(reg.partners[0], reg.partners[3], "1万", date=2019)
    cols = {name: reg.flows.column(name).copy() for name in ("amount", "date", "parent", "kind")}
    source, target = reg.flows.column("source"), reg.flows.column("target")
    cols.update(source=source["id"], target=target["id"], amount_fen=cols.pop("amount"))
    assert cols["parent"].dtype == np.uint32 and cols["parent"].tolist() == [0xFFFFFFFF, 0, 0xFFFFFFFF]
    copy = base()
    assert copy.add_flows(cols) == range(3)
    del source, target
    assert copy.flows.links().tolist() == reg.flows.links().tolist() == [0, 2, 0]
    assert copy.flows.column("date").tolist() == [20180500, 20180630, 20190000]
    assert copy.flows[0].remaining == sh.Money("6万")
    cols["parent"][2] = 7  # a flow that is not there
    with pytest.raises(sh.NotFoundError, match="flows row 2: flow parent: no flow with id 7"):
        copy.add_flows(cols)
    assert len(copy.flows) == 3


def test_column_views_share_memory_and_keep_the_registry_alive():
    reg = base()
    reg.add_flows({"source": [0] * 4, "target": [1, 2, 3, 1], "amount_fen": [100, 200, 300, 400],
                   "date": [20180500, 2018, 2019, 20190101]})
    amount = reg.flows.column("amount")
    again = reg.flows.column("amount")
    assert amount.ctypes.data == again.ctypes.data  # the same storage, not a copy
    assert amount.dtype == np.int64 and amount.tolist() == [100, 200, 300, 400]
    assert not amount.flags.writeable
    dates = reg.flows.column("date")
    assert dates.tolist() == [20180500, 20180000, 20190000, 20190101]
    target = reg.flows.column("target")
    assert target["id"].tolist() == [1, 2, 3, 1] and set(target["kind"].tolist()) == {1}
    assert reg.flows.column("parent").tolist() == [0xFFFFFFFF] * 4
    with pytest.raises(sh.ValidationError, match="lent to"):
        reg.add_partner("新")
    with pytest.raises(sh.ValidationError, match="text"):
        reg.partners.column("name")
    with pytest.raises(sh.NotFoundError, match="no column"):
        reg.flows.column("amounts")
    del reg, again, dates, target
    gc.collect()
    assert amount.sum() == 1000  # the registry lives as long as the view
    fresh = base()
    view = fresh.partners.column("kind")
    del view
    gc.collect()
    fresh.add_partner("新")  # no view left: the registry may grow again
    assert len(fresh.partners) == 5
