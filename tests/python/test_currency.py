"""A registry's currency: Money carries it, two currencies are never added or compared, results
and files keep it, and every registry before it is CNY with its figures unchanged."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

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
    assert total.amount == usd(1000)
    assert reg.add_flow(donor, country, usd(3)).amount == usd(3)
    with pytest.raises(sh.ValidationError, match="money in CNY where the registry counts in USD") as e:
        reg.add_flow(donor, country, Money(3))
    assert e.value.reason == "mismatch" and e.value.field == "amount"
    assert len(reg.flows) == 3  # refused: nothing added
    cny = sh.Registry()
    with pytest.raises(sh.ValidationError, match="money in USD where the registry counts in CNY"):
        cny.add_flow(cny.add_partner("a"), cny.add_partner("b"), usd(1))


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
                   "amount": [usd(5), usd("0.25")]})
    assert [f.amount for f in reg.flows][-2:] == [usd(5), usd("0.25")]
    with pytest.raises(sh.ValidationError, match="another currency") as e:
        reg.add_flows({"source": [donor.id, donor.id], "target": [country.id, country.id],
                       "amount": [usd(5), Money(5)]})
    assert e.value.reason == "mismatch" and e.value.row == 1
    assert len(reg.flows) == 4
