"""The vocabulary of report indicators: one list, read by the report, the text, IATI and the
spreadsheets."""

from __future__ import annotations

import shanhai as sh
from shanhai import _results, iati
from shanhai.spreadsheets import columns


def test_every_report_indicator_is_in_the_vocabulary_in_report_order() -> None:
    vocabulary = sh.indicators()
    rep = sh.datasets.siming_linxia_2018().report(year=2018)
    assert [i["key"] for i in rep.indicators] == [v["key"] for v in vocabulary]
    for mine, known in zip(rep.indicators, vocabulary):
        assert (mine["area"], mine["unit"], mine["label_zh"], mine["label_en"]) == \
            (known["area"], known["unit"], known["label_zh"], known["label_en"])
    assert len({v["key"] for v in vocabulary}) == len(vocabulary)


def test_units_scales_and_ratios() -> None:
    by_key = {v["key"]: v for v in sh.indicators()}
    assert by_key["funds.total"]["unit"] == "yuan" and by_key["funds.total"]["scale"] == 100
    assert by_key["labour.employed"]["unit"] == "persons" and by_key["labour.employed"]["scale"] == 1
    share = by_key["industry.poor_share"]
    assert (share["numerator"], share["denominator"], share["scale"]) == \
        ("industry.poor_workers", "industry.workers_classified", 100)
    assert by_key["labour.employed"]["denominator"] is None
    # a ratio's parts are indicators too
    for v in by_key.values():
        if v["denominator"]:
            assert v["numerator"] in by_key and v["denominator"] in by_key


def test_areas_and_units_come_from_the_vocabulary() -> None:
    areas = {v["area"] for v in sh.indicators()}
    assert areas == set(_results.AREAS)
    assert _results.AREAS["funds"] == ("资金支持", "Funds")
    assert _results.UNITS["yuan"] == ("万元", "10k yuan")  # money is shown in 万
    assert set(iati.write._AREAS_ZH) == areas - {"consumption", "registry"}
    # the spreadsheets take a key or its Chinese label
    assert columns._indicators()["funds.total"] == "money"
    assert columns._INDICATOR_ZH["劳务协作就业"] == "labour.employed"


def test_set_target_and_expect_check_keys_against_the_vocabulary() -> None:
    reg = sh.Registry()
    try:
        reg.set_target("funds.totl", 2020, "1万")
    except sh.ValidationError as e:
        assert e.field == "key" and "not a report indicator" in str(e)
    else:
        raise AssertionError("an unknown key was taken")
    assert len(reg.targets) == 0
