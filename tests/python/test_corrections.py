"""Corrections: a negative amount correcting money reported before, as sources publish them. Only a
flow that says so may be negative (in one call, in bulk, in a file); it stands alone and reduces
the total it counts in by exactly its amount."""

from __future__ import annotations

import pyarrow as pa
import pytest

import shanhai as sh

EUR = "EUR"

# Plan International Netherlands' 2017 disbursements to its Ethiopian partner as published to IATI
# (activity NL-KVK-41198890-ETH102135, d-portal 2021): 60,000 EUR booked again in December,
# reversed (-60,000) and booked once more on the same day.
PAID = [("106488", "2017-02-28"), ("48495", "2017-06-30"), ("60000", "2017-09-27"), ("81331", "2017-12-22"),
        ("-60000", "2017-12-31"), ("60000", "2017-12-31")]


def plan() -> tuple[sh.Registry, sh.Partner, sh.Partner]:
    reg = sh.Registry(currency=EUR)
    return reg, reg.add_partner("Plan International Netherlands"), reg.add_partner("its Ethiopian partner")


def test_a_correction_reduces_the_total_by_its_amount_in_one_call_and_in_bulk():
    one, source, target = plan()
    for amount, date in PAID:
        one.add_flow(source, target, amount, date=date, kind="donation", correction=amount.startswith("-"))
    bulk, source, target = plan()
    bulk.add_flows({"source": [source.id] * 6, "target": [target.id] * 6, "amount": [a for a, _ in PAID],
                    "date": [d for _, d in PAID], "kind": ["donation"] * 6,
                    "correction": [a.startswith("-") for a, _ in PAID]})
    for reg in (one, bulk, sh.from_bytes(one.to_bytes())):
        t = reg.totals(kind="donation")
        assert t.total == t.reported == sh.Money("296314", EUR)  # 356,314 paid, 60,000 of it reversed
        assert [f.correction for f in reg.flows] == [False] * 4 + [True, False]
        assert reg.flows[4].amount == sh.Money("-60000", EUR)
    again = sh.Registry(currency=EUR)
    again.add_partners(pa.table(one.partners))
    again.add_flows(pa.table(one.flows))  # the registry's own columns go back in
    assert again.totals(kind="donation").total == sh.Money("296314", EUR)
    assert one.flows.to_pandas()["correction"].tolist() == [0, 0, 0, 0, 1, 0]


def test_only_a_correction_is_negative_and_it_stands_alone():
    reg, source, target = plan()
    paid = reg.add_flow(source, target, "100")
    with pytest.raises(sh.ValidationError, match="must be positive.*a correction") as e:
        reg.add_flow(source, target, "-1")
    assert (e.value.field, e.value.reason) == ("amount", "not_positive")
    with pytest.raises(sh.ValidationError, match="a correction is negative") as e:
        reg.add_flow(source, target, "1", correction=True)
    assert e.value.reason == "rule"
    with pytest.raises(sh.ValidationError, match="a correction stands alone") as e:
        reg.add_flow(source, target, "-1", parent=paid, correction=True)
    assert e.value.field == "parent"
    reversal = reg.add_flow(source, target, "-1", correction=True)
    with pytest.raises(sh.ValidationError, match="is a correction, which has no parts"):
        reg.add_flow(target, source, "1", parent=reversal)
    with pytest.raises(sh.WrongTypeError):
        reg.add_flow(source, target, "-1", correction=1)
    with pytest.raises(sh.ValidationError, match="some flows|corrections") as e:
        reg.trace(source)
    n = len(reg.flows)
    for column, amounts, row, reason in (({}, ["1", "-1"], 1, "not_positive"),
                                         ({"correction": [False, True]}, ["1", "2"], 1, "rule"),
                                         ({"correction": [0, 2]}, ["1", "-2"], 1, "out_of_range")):
        with pytest.raises(sh.ValidationError) as e:
            reg.add_flows({"source": [source.id] * 2, "target": [target.id] * 2, "amount": amounts, **column})
        assert (e.value.row, e.value.reason) == (row, reason)
    assert len(reg.flows) == n
