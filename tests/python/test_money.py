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
