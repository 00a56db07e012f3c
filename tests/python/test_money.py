"""sh.Money: exact fen, the units reports use, arithmetic, and the values it refuses."""

from __future__ import annotations

import copy
import pickle
import re
from decimal import Decimal

import pytest

import shanhai as sh

Money = sh.Money

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("34万", 34_000_000),  # 34 × 10,000 yuan × 100 fen
        ("2210.2万元", 2_210_200_000),  # 22,102,000 yuan × 100
        ("2210.2万", 2_210_200_000),  # the same without 元
        ("9.65亿", 96_500_000_000),  # 965,000,000 yuan × 100
        ("1,234.56元", 123_456),  # 1234.56 yuan × 100
        ("1234.56", 123_456),  # plain yuan
        ("300元", 30_000),  # 300 yuan × 100
        ("0.01", 1),  # one fen
        ("1.000元", 100),  # trailing zeros below the fen are not finer than a fen
        ("1,234,567", 123_456_700),  # grouped thousands
        ("-5", -500),  # a negative amount parses (refusing it is add_flow's job)
        ("0", 0),
        (" 34万 ", 34_000_000),  # surrounding blanks are ignored
    ],
)
def test_parse_text(text, fen):
    assert Money(text).fen == fen


def test_int_is_whole_yuan():
    assert Money(300).fen == 30_000  # 300 yuan × 100
    assert Money(0).fen == 0
    assert Money(-7).fen == -700


def test_decimal():
    assert Money(Decimal("12.5")).fen == 1_250  # 12.5 yuan × 100
    assert Money(Decimal("1E+2")).fen == 10_000  # exponent form: 100 yuan
    assert Money(Decimal("0.01")).fen == 1


def test_money_from_money_and_from_fen():
    m = Money("34万")
    assert Money(m) == m
    assert Money.from_fen(34_000_000) == m
    assert Money().fen == 0  # the default is zero


def test_fen_yuan_wan_are_exact():
    m = Money("2210.2万")
    assert m.fen == 2_210_200_000
    assert isinstance(m.fen, int)
    assert m.yuan == Decimal("22102000.00")
    assert isinstance(m.yuan, Decimal)
    assert m.wan == Decimal("2210.2")
    assert isinstance(m.wan, Decimal)
    # one fen is 0.000001 万: exact, not rounded
    assert Money("0.01").wan == Decimal("0.000001")
    assert Money("1234.56").yuan == Decimal("1234.56")


def test_arithmetic():
    a, b = Money("984万"), Money("34万")
    assert (a - b).fen == 950_000_000  # 984万 − 34万 = 950万
    assert a + b == Money("1018万")  # 984 + 34
    assert -b == Money("-34万")
    assert (a + b - a) == b


def test_sum_starts_from_zero():
    figures = [Money("2210.2万"), Money("984万"), Money("34万"), Money("324万")]
    assert sum(figures) == Money("3552.2万")  # the seed's naive sum: 2210.2 + 984 + 34 + 324
    assert sum([], Money()) == Money()
    assert sum([Money("0.01")] * 3) == Money.from_fen(3)


def test_adding_anything_but_money_is_refused():
    with pytest.raises(TypeError):
        Money("1") + 1  # noqa: B018
    with pytest.raises(TypeError):
        1 + Money("1")  # only a literal 0 (the start of sum()) is accepted
    with pytest.raises(TypeError):
        Money("1") + 0.5  # noqa: B018


def test_sum_overflow_is_refused():
    top = Money.from_fen(INT64_MAX)
    with pytest.raises(sh.ValidationError):
        top + Money.from_fen(1)  # noqa: B018
    with pytest.raises(sh.ValidationError):
        Money.from_fen(INT64_MIN) - Money.from_fen(1)  # noqa: B018


def test_comparisons():
    a, b = Money("34万"), Money("984万")
    assert a < b and a <= b and b > a and b >= a
    assert a != b
    assert Money("34万") == Money("340,000元") == Money(340000)
    assert not (a == b)
    assert sorted([b, Money("0.01"), a]) == [Money("0.01"), a, b]
    assert max([a, b]) == b


def test_bool():
    assert not Money()
    assert Money("0.01")


def test_equal_to_other_types_is_false_not_an_error():
    assert Money("1") != "1"
    assert Money("1") != 1
    assert Money("1") is not None


def test_hash():
    assert hash(Money("34万")) == hash(Money("340000.00"))
    assert len({Money("34万"), Money("340,000元"), Money(340000), Money("35万")}) == 2
    assert {Money("1"): "a"}[Money("1.00")] == "a"


@pytest.mark.parametrize(
    "value",
    [
        Money("34万"),
        Money("2210.2万"),
        Money("9.65亿"),
        Money("1234.56"),
        Money("0.01"),
        Money("0"),
        Money("-34万"),
        Money("-0.5"),
        Money("12345.67万"),  # 123,456,700 yuan: whole yuan, written in 万
        Money.from_fen(1_000_001),  # 10000.01 yuan: not whole yuan, written in yuan
        Money.from_fen(INT64_MAX),
        Money.from_fen(INT64_MIN),
    ],
    ids=repr,
)
def test_repr_round_trip(value):
    text = repr(value)
    match = re.fullmatch(r"Money\('([^']*)'\)", text)
    assert match, text
    assert Money(match.group(1)) == value  # eval-free: the literal inside repr reads back


def test_repr_uses_the_report_unit():
    assert repr(Money("34万")) == "Money('34万')"
    assert repr(Money("2210.2万元")) == "Money('2210.2万')"
    assert repr(Money("1234.56")) == "Money('1234.56')"


def test_str():
    assert str(Money("984万")) == "984万元"
    assert str(Money("300")) == "300.00元"


def test_pickle_and_copy():
    m = Money("2210.2万")
    assert pickle.loads(pickle.dumps(m)) == m
    assert copy.deepcopy(m) == m
    assert copy.copy(m) == m


@pytest.mark.parametrize("value", [1.5, 0.0, 34e4, float("nan"), True])
def test_float_is_refused(value):
    with pytest.raises(TypeError, match="float"):
        Money(value)


@pytest.mark.parametrize("value", [None, [1], b"34", object()])
def test_other_types_are_refused(value):
    with pytest.raises(TypeError):
        Money(value)


@pytest.mark.parametrize("text", ["1.001元", "0.001", "1.0000001万", "1.00000000001亿"])
def test_finer_than_a_fen_is_refused(text):
    with pytest.raises(sh.ValidationError) as e:
        Money(text)
    assert isinstance(e.value, ValueError)
    assert text in str(e.value)
    assert "fen" in str(e.value)


def test_finer_than_a_fen_decimal_is_refused():
    with pytest.raises(sh.ValidationError):
        Money(Decimal("1.001"))


@pytest.mark.parametrize(
    "text",
    [
        "99999999999999999999",  # 20 digits of yuan
        "92233720368547758.08",  # one fen beyond int64
        "92233720368547759元",
        "10000000000000亿",  # 10^22 yuan
    ],
)
def test_overflow_is_refused(text):
    with pytest.raises(sh.ValidationError) as e:
        Money(text)
    assert isinstance(e.value, ValueError)
    assert text in str(e.value)


def test_largest_value_parses():
    assert Money("92233720368547758.07").fen == INT64_MAX
    assert Money("-92233720368547758.07").fen == -INT64_MAX


def test_overflow_int_is_refused():
    with pytest.raises(sh.ValidationError):
        Money(10**30)


@pytest.mark.parametrize("text", ["abc", "", "   ", "12.", ".5", "1,23", "12,3456", "三十四万", "34万万", "1e5", "0x10",
                                  "34 万 元 元"])
def test_junk_is_refused_naming_the_value(text):
    with pytest.raises(sh.ValidationError) as e:
        Money(text)
    assert isinstance(e.value, ValueError)
    assert isinstance(e.value, sh.Error)
    assert f"'{text}'" in str(e.value)


# ---- a published bound keeps its word (Money.qualifier) ----------------------------------------

@pytest.mark.parametrize("text, fen, qualifier", [
    ("8100万以上", 8100_0000_00, "at_least"), ("8100余万", 8100_0000_00, "at_least"),
    ("180多万", 180_0000_00, "at_least"), ("超过1亿", 1_0000_0000_00, "at_least"),
    ("约900万", 900_0000_00, "about"), ("近900万元", 900_0000_00, "about"), ("900万左右", 900_0000_00, "about"),
    ("34万", 34_0000_00, "exact")])
def test_the_words_of_a_bound_are_read_and_kept(text, fen, qualifier):
    m = Money(text)
    assert (m.fen, m.qualifier) == (fen, qualifier)
    again = eval(repr(m), {"Money": Money})
    assert (again.fen, again.qualifier) == (fen, qualifier)
    back = pickle.loads(pickle.dumps(m))
    assert (back.fen, back.qualifier) == (fen, qualifier)


def test_a_bound_prints_with_its_word():
    assert (str(Money("8100万以上")), str(Money("约900万")), str(Money("34万"))) == ("8100万元以上", "约900万元", "34万元")
    usd = Money("81000000", "USD", qualifier="at_least")
    assert (str(usd), repr(usd)) == ("at least USD 81,000,000", "Money('81000000.00', 'USD', qualifier='at_least')")
    assert str(Money("5", "USD", qualifier="about")) == "about USD 5"
    assert pickle.loads(pickle.dumps(usd)).qualifier == "at_least"


def test_sums_of_bounds():
    at_least, about, exact = Money("8100万以上"), Money("约900万"), Money("100万")
    assert (at_least + exact).qualifier == (exact + at_least).qualifier == "at_least"
    assert (at_least + at_least).qualifier == "at_least"
    assert (at_least + about).qualifier == "about"
    assert (at_least - exact).qualifier == "at_least"
    assert (exact - at_least).qualifier == (at_least - at_least).qualifier == "about"  # less a bound: about
    assert (-at_least).qualifier == "about" and (-exact).qualifier == "exact"
    assert sum([exact, at_least]).qualifier == "at_least" and (exact + exact).qualifier == "exact"
    assert (at_least + exact).fen == 8200_0000_00


def test_comparisons_are_of_amounts():
    assert Money("8100万以上") == Money("8100万") and hash(Money("8100万以上")) == hash(Money("8100万"))
    assert Money("约900万") < Money("8100万以上")


def test_qualifier_given_and_said_must_agree():
    assert Money("34万", qualifier="at_least").qualifier == "at_least"
    assert Money(Money("34万"), qualifier="about").qualifier == "about"
    assert Money("34万以上", qualifier="at_least").qualifier == "at_least"
    assert Money(Money("34万以上")).qualifier == "at_least"
    for wrong in (lambda: Money("34万以上", qualifier="about"), lambda: Money(Money("约34万"), qualifier="exact")):
        with pytest.raises(sh.ValidationError) as e:
            wrong()
        assert e.value.field == "qualifier" and e.value.reason == "mismatch"
    with pytest.raises(sh.ValidationError):
        Money("约34万以上")  # two words that disagree


def test_a_registry_amount_is_exact_and_a_figure_keeps_its_bound():
    reg = sh.Registry()
    east, west = reg.add_partner("东区", "district", "east"), reg.add_partner("西县", "county", "west")
    for bound in (Money("8100万以上"), Money("约8100万")):
        with pytest.raises(sh.ValidationError) as e:
            reg.add_flow(east, west, bound, date="2023")
        assert e.value.field == "amount" and e.value.reason == "rule"
    assert len(reg.flows) == 0
    reg.add_figure("funds.total", Money("8100万以上"), year=2023, east=east, west=west)
    rep = reg.report(2023, east, west)
    assert rep["funds.total"] == Money("8100万") and rep["funds.total"].qualifier == "at_least"
    assert rep.qualifier("funds.total") == "at_least"
    with pytest.raises(sh.ValidationError) as e:
        reg.add_figure("funds.fiscal", Money("约100万"), year=2023, east=east, west=west, qualifier="at_least")
    assert e.value.reason == "mismatch" and len(reg.figures) == 1
    reg.expect_total(Money("8000万以上"), year=2023, source=east, target=west)
    assert reg.expectations.to_pandas()["qualifier"].tolist() == ["at_least"]
