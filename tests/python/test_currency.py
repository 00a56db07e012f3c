"""A registry's currency: Money carries it, two currencies are never added or compared, results
and files keep it, and every registry before it is CNY with its figures unchanged."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

import shanhai as sh

Money = sh.Money
DATA = Path(__file__).resolve().parents[1] / "data"


def usd(amount) -> Money:
    return Money(amount, "USD")


@pytest.fixture
def jordan():
    reg = sh.Registry(currency="USD")
    donor = reg.add_partner("Donor")
    country = reg.add_partner("Jordan", kind="province", side="west")
    fund = reg.add_partner("Fund", parent=country)
    total = reg.add_flow(donor, fund, 1000, date="2020")
    reg.add_flow(fund, reg.add_partner("NGO", parent=country), "250.50", date="2020", parent=total)
    return reg, country, donor, total


def test_a_registry_counts_in_cny_unless_given():
    assert sh.Registry().currency == "CNY"
    assert sh.Registry(currency="USD").currency == "USD"
    assert sh.Registry("JOD").currency == "JOD"


@pytest.mark.parametrize("code", ["usd", "US", "USDD", "ABC", "", "人民币"])
def test_a_currency_is_an_iso_4217_code(code):
    with pytest.raises(sh.ValidationError, match="not an ISO 4217 currency code") as e:
        sh.Registry(currency=code)
    assert e.value.reason == "unknown_value" and e.value.field == "currency"
    with pytest.raises(sh.ValidationError, match="not an ISO 4217"):
        Money(1, code)


def test_a_currency_is_text():
    with pytest.raises(sh.WrongTypeError):
        sh.Registry(currency=840)


def test_money_carries_its_currency():
    m = usd("450638423")
    assert m.currency == "USD" and m.amount == Decimal("450638423") and m.minor == 45063842300
    assert Money("34万").currency == "CNY" and Money("34万").amount == Decimal("340000.00")
    assert Money.from_minor(150, "USD") == usd("1.5")
    assert str(m) == "USD 450,638,423"
    assert str(usd("-1234.5")) == "USD -1,234.50"
    assert str(usd("999")) == "USD 999"
    assert str(Money("34万")) == "34万元" and repr(Money("34万")) == "Money('34万')"  # CNY as before
    assert repr(m) == "Money('450638423.00', 'USD')" and eval(repr(m), {"Money": Money}) == m


@pytest.mark.parametrize("attribute", ["fen", "yuan", "wan"])
def test_fen_yuan_and_wan_are_cny_only(attribute):
    with pytest.raises(sh.ValidationError, match=f"\\.{attribute} is of CNY only; this is USD") as e:
        getattr(usd(5), attribute)
    assert e.value.reason == "mismatch"


def test_two_currencies_are_never_added_or_compared():
    a, b = usd(5), Money(5)
    for op in (lambda: a + b, lambda: a - b, lambda: b - a, lambda: a < b, lambda: a >= b, lambda: a == b,
               lambda: a != b, lambda: sum([a, b])):
        with pytest.raises(sh.ValidationError, match="two currencies are never added or compared") as e:
            op()
        assert e.value.reason == "mismatch"
    assert a + usd("0.01") == usd("5.01") and -a == usd(-5) and sum([a, a]) == usd(10)
    assert a != "5" and a != 5  # other types are not equal, as before


def test_pickle_and_hash_keep_the_currency():
    for m in (usd("1.25"), Money("34万")):
        back = pickle.loads(pickle.dumps(m))
        assert back == m and back.currency == m.currency and hash(back) == hash(m)
    assert hash(Money(1)) == hash(Money(1)) and len({usd(1), usd(1)}) == 1


def test_a_registry_reads_amounts_in_its_currency(jordan):
    reg, country, donor, total = jordan
    assert total.amount == usd(1000) and total.currency == "USD"
    assert reg.add_flow(donor, country, usd(3)).amount == usd(3)
    assert reg.add_flow(donor, country, "3").currency == "USD"  # text: the registry's currency
    cny = sh.Registry()
    assert cny.add_flow(cny.add_partner("a"), cny.add_partner("b"), "1").amount == Money(1)


def test_results_carry_the_currency(jordan):
    reg, country, donor, _ = jordan
    t = reg.totals(boundary=country)
    assert t.total == usd(1000) and t.reported == usd(1000) and t.total.currency == "USD"
    assert reg.totals(by="target")[reg.partners[2]] == usd(1000)  # the pass-through is not added again
    tr = reg.trace(donor)
    assert tr.outflow == usd(1000) and sum(tr.values()) == usd(1000)
    assert reg.report()["funds.total"].currency == "USD"
    frame = reg.flows.to_pandas()
    assert list(frame["amount"]) == [usd(1000), usd("250.50")] and list(frame["amount_fen"]) == [100000, 25050]
    assert reg.totals(by="target").to_pandas()["fen"].sum() == 100000  # hundredths of the currency
    assert reg.totals(by="target")._repr_html_()
    assert sh.Totals.empty(currency="USD") + t == t


def test_files_keep_the_currency(jordan, tmp_path):
    reg = jordan[0]
    for fmt in ("binary", "text", "xml"):
        reg.save(tmp_path / f"usd.{fmt}", format=fmt)
        back = sh.load(tmp_path / f"usd.{fmt}")
        assert back.currency == "USD" and back.totals(boundary=back.partners[1]).total == usd(1000)
    assert sh.FORMAT_VERSION >= 3  # the currency is in the file since version 3


@pytest.mark.parametrize("version", [1, 2])
def test_files_before_the_currency_load_as_cny_with_every_total_unchanged(version):
    old = sh.load(DATA / f"v{version}" / "siming_linxia_2018.binary.shanhai")
    assert old.currency == "CNY"
    seed = sh.datasets.siming_linxia_2018()
    assert old.totals(by=["source", "kind"]) == seed.totals(by=["source", "kind"])
    assert old.totals().total == seed.totals().total == Money("2210.2万")


def test_merges_and_partitions_keep_one_currency(jordan):
    reg = jordan[0]
    assert sh.merge([reg, sh.from_bytes(reg.to_bytes())]).currency == "USD"
    with pytest.raises(sh.ValidationError, match="two currencies are never added") as e:
        sh.merge([reg, sh.Registry()])
    assert e.value.reason == "mismatch"
    parts = reg.partition(1, by="province")
    assert all(p.registry.currency == "USD" for p in parts)
    assert sh.merge(parts).currency == "USD"
    assert sum((p.totals() for p in parts), sh.Totals.empty(currency="USD")).total == reg.totals().total


def test_bulk_insertion_reads_its_registrys_currency(jordan):
    reg, country, donor, _ = jordan
    reg.add_flows({"source": [donor.id, donor.id], "target": [country.id, country.id],
                   "amount": [usd(5), "0.25"]})
    assert [f.amount for f in reg.flows][-2:] == [usd(5), usd("0.25")]


# -- each flow in its own currency ----------------------------------------------------------------

def eur(amount) -> Money:
    return Money(amount, "EUR")


@pytest.fixture
def cordaid():
    """Cordaid's COVID-19 activities as published to IATI (d-portal, 2021): one publisher
    disbursing in EUR and in USD, without a default currency; a Dutch Relief Alliance grant in EUR
    passed on. Amounts in the published shape, not the published values."""
    reg = sh.Registry(currency="EUR")
    dra, cordaid, local = (reg.add_partner(n) for n in ("Dutch Relief Alliance", "Cordaid", "a local partner"))
    grant = reg.add_flow(dra, cordaid, "1200000", date="2020-05", kind="donation")
    reg.add_flow(cordaid, local, "450000", date="2020-06", kind="donation", parent=grant)
    reg.add_flow(cordaid, local, Money("300000.50", "USD"), date="2020-07", kind="donation")
    return reg, dra, cordaid, local, grant


def test_a_flow_is_in_its_moneys_currency_else_its_parents_else_the_registrys(cordaid):
    reg, dra, cordaid, local, grant = cordaid
    assert [f.currency for f in reg.flows] == ["EUR", "EUR", "USD"]
    assert reg.flows[2].amount == Money("300000.50", "USD") and reg.flows[2].remaining.currency == "USD"
    assert reg.add_flow(cordaid, local, "7", currency="USD").amount == Money(7, "USD")
    usd_parent = reg.flows[2]
    assert reg.add_flow(local, reg.add_partner("a village"), "10", parent=usd_parent).currency == "USD"
    assert list(reg.flows.column("currency")) == [b"EUR", b"EUR", b"USD", b"USD", b"USD"]
    n = len(reg.flows)
    with pytest.raises(sh.ValidationError, match="differs from its parent's .EUR.; a chain keeps one currency") as e:
        reg.add_flow(cordaid, local, "1", parent=grant, currency="USD")
    assert (e.value.table, e.value.field, e.value.reason) == ("flows", "currency", "rule")
    with pytest.raises(sh.ValidationError, match="a chain keeps one currency"):
        reg.add_flow(cordaid, local, Money(1, "USD"), parent=grant)
    with pytest.raises(sh.ValidationError, match="money in EUR where"):
        reg.add_flow(cordaid, local, eur(1), currency="USD")  # the Money and the currency named disagree
    with pytest.raises(sh.ValidationError, match="ISO 4217"):
        reg.add_flow(cordaid, local, "1", currency="usd")
    assert len(reg.flows) == n


def test_totals_never_add_two_currencies(cordaid):
    reg = cordaid[0]
    with pytest.raises(sh.ValidationError, match=r"in 2 currencies \(EUR, USD\), never added together") as e:
        reg.totals(kind="all")
    assert e.value.reason == "mismatch" and e.value.field == "currency"
    t = reg.totals(kind="all", currency="EUR")
    assert t.total == eur(1200000) and t.reported == eur(1650000)  # the 45万 passed on is inside the grant
    assert reg.totals(kind="all", currency="USD").total == Money("300000.50", "USD")
    assert reg.totals(kind="all", currency="GBP").total == Money(0, "GBP")
    split = reg.totals("currency", kind="all")
    assert dict(split) == {"EUR": eur(1200000), "USD": Money("300000.50", "USD")}
    for figure in ("total", "reported", "unexplained"):
        with pytest.raises(sh.ValidationError, match=r"several currencies \(EUR, USD\)"):
            getattr(split, figure)
    assert "per currency" in repr(split) and "per currency" in split._repr_html_()
    frame = split.to_pandas()
    assert list(frame["currency"]) == ["EUR", "USD"] and list(frame["fen"]) == [120000000, 30000050]
    table = split.to_arrow()
    assert table.column("currency").to_pylist() == ["EUR", "USD"] and table.schema.metadata[b"total_fen"] == b""
    both = reg.totals(["currency", "target"], kind="all")
    assert both["USD", reg.partners[2]] == Money("300000.50", "USD")
    assert (split + split)["USD"] == Money("600001.00", "USD")
    assert pickle.loads(pickle.dumps(split)) == split
    one = reg.totals("currency", kind="all", currency="USD")
    assert one.total == Money("300000.50", "USD")


def test_trace_and_the_report_refuse_flows_in_other_currencies(cordaid):
    reg, dra = cordaid[0], cordaid[1]
    with pytest.raises(sh.ValidationError, match="some flows are in USD") as e:
        reg.trace(dra)
    assert e.value.reason == "mismatch"
    with pytest.raises(sh.ValidationError, match="some flows are in USD"):
        reg.report()


def test_tables_and_files_keep_each_flows_currency(cordaid, tmp_path):
    reg = cordaid[0]
    frame = reg.flows.to_pandas()
    assert list(frame["currency"]) == ["EUR", "EUR", "USD"]
    assert list(frame["amount"]) == [eur(1200000), eur(450000), Money("300000.50", "USD")]
    table = reg.flows.to_arrow()
    assert table.column("currency").to_pylist() == ["EUR", "EUR", "USD"]
    for fmt in ("binary", "text", "xml"):
        reg.save(tmp_path / f"two.{fmt}", format=fmt)
        back = sh.load(tmp_path / f"two.{fmt}")
        assert [f.currency for f in back.flows] == ["EUR", "EUR", "USD"]
        assert back.totals(kind="all", currency="USD").total == Money("300000.50", "USD")
    assert sh.merge([reg, sh.Registry(currency="EUR")]).totals("currency", kind="all") == reg.totals(
        "currency", kind="all").stable()
    parts = reg.partition(2)
    assert sum((p.totals(kind="all", currency="USD") for p in parts), sh.Totals.empty(currency="USD")).total == \
        Money("300000.50", "USD")
    assert sum(p.totals("currency", kind="all") for p in parts) == reg.totals("currency", kind="all").stable()


@pytest.mark.parametrize("version", range(1, 8))
def test_files_before_flow_currencies_load_every_flow_in_the_registrys(version):
    old = sh.load(DATA / f"v{version}" / "siming_linxia_2018.binary.shanhai")
    assert {f.currency for f in old.flows} == {"CNY"}
    assert old.totals("currency")["CNY"] == old.totals().total


def test_bulk_flows_are_as_strict_as_one_and_take_the_same_currencies(cordaid):
    reg, dra, cordaid_, local, grant = cordaid
    one = sh.from_bytes(reg.to_bytes())
    usd_flow = reg.flows[2]
    rows = {"source": [cordaid_.id, local.id, cordaid_.id, cordaid_.id],
            "target": [local.id, reg.partners[0].id, local.id, local.id],
            # a child of the USD flow; a child of that child (in this batch); Money in JOD; text
            "amount": ["5", "2", Money(3, "JOD"), "4"],
            "parent": [usd_flow.id, len(reg.flows), None, None]}
    ids = reg.add_flows(rows)
    assert [reg.flows[i].currency for i in ids] == ["USD", "USD", "JOD", "EUR"]
    for i in range(4):  # one row at a time gives the same
        one.add_flow(one.partners[rows["source"][i]], one.partners[rows["target"][i]], rows["amount"][i],
                     parent=None if rows["parent"][i] is None else one.flows[rows["parent"][i]])
    assert [f.currency for f in one.flows] == [f.currency for f in reg.flows]
    # a currency column's empty cell is no currency named: the Money's, else the parent's
    ids = reg.add_flows({"source": [cordaid_.id] * 3, "target": [local.id] * 3,
                         "amount": ["1", Money(2, "JOD"), "3"], "currency": ["GBP", None, None],
                         "parent": [None, None, usd_flow.id]})
    assert [reg.flows[i].currency for i in ids] == ["GBP", "JOD", "USD"]
    n = len(reg.flows)
    with pytest.raises(sh.ValidationError, match="a chain keeps one currency") as e:  # a EUR child of a USD flow
        reg.add_flows({"source": [cordaid_.id] * 2, "target": [local.id] * 2, "amount": ["1", "1"],
                       "parent": [grant.id, usd_flow.id], "currency": ["EUR", "EUR"]})
    assert (e.value.row, e.value.field) == (1, "currency")
    with pytest.raises(sh.ValidationError, match="not an ISO 4217") as e:
        reg.add_flows({"source": [cordaid_.id] * 2, "target": [local.id] * 2, "amount": ["1", "1"],
                       "currency": ["EUR", "euro"]})
    assert (e.value.row, e.value.field, e.value.reason) == (1, "currency", "unknown_value")
    # a dictionary column (as Arrow and categoricals give it): each word checked once
    with pytest.raises(sh.ValidationError, match="'euro' is not an ISO 4217") as e:
        reg.add_flows(pa.table({"source": [cordaid_.id] * 3, "target": [local.id] * 3, "amount": ["1", "1", "1"],
                                "currency": pa.array(["EUR", None, "euro"]).dictionary_encode()}))
    assert (e.value.row, e.value.reason) == (2, "unknown_value")
    with pytest.raises(sh.ValidationError, match="another currency than the row's") as e:
        reg.add_flows({"source": [cordaid_.id] * 2, "target": [local.id] * 2, "amount": ["1", eur(1)],
                       "currency": ["EUR", "USD"]})
    assert e.value.row == 1
    assert len(reg.flows) == n
