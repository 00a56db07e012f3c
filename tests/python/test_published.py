"""Published figures as reports print them: bounds in words, counts in their units, breakdowns of
people inside their whole (the Dayao 2023 shape, our transcription of a public report)."""

import pytest

import shanhai as sh


@pytest.fixture
def dayao() -> tuple[sh.Registry, sh.Partner, sh.Partner]:
    reg = sh.Registry()
    jiading = reg.add_partner("嘉定区", kind="district", side="east")
    dayao = reg.add_partner("大姚县", kind="county", side="west")
    firms = reg.add_partner("三家引进企业", kind="enterprise", side="east")
    employed = reg.add_benefit(None, via=dayao, kind="employment", persons=494, date="2023")
    for part in (210, 260, 24):
        reg.add_benefit(None, via=dayao, kind="employment", persons=part, date="2023", part_of=employed)
    reg.add_training(jiading, location=dayao, role="worker", trainees=164, sessions=4, date="2023")
    reg.add_flow(firms, dayao, "8100万", date="2023", kind="investment")
    return reg, jiading, dayao


def test_figures_in_words_hold_and_wrong_readings_are_found(dayao) -> None:
    reg, jiading, west = dayao
    rep = reg.report(year=2023, east=jiading, west=west)
    assert rep["labour.employed"] == 494
    assert rep["talent.trained.sessions"] == 4
    reg.expect("labour.employed", "494人", year=2023, east=jiading, west=west, citation="大姚县 2023")
    reg.expect("labour.trained", 164, year=2023, east=jiading, west=west)
    reg.expect("industry.investment", "8100万以上", year=2023)
    reg.expect("industry.investment", "近8500万", year=2023)  # about: within 5%
    reg.expect_total("2405.4万", qualifier="at_least", year=2023)  # no aid recorded: a gap
    codes = [(f.code, f.expected, f.actual) for f in reg.check()]
    assert [c for c in codes if c[0].startswith("expectation")] == [
        ("expectation_gap", sh.Money("2405.4万"), sh.Money("0"))]
    reg.expect("labour.employed", 988, year=2023, east=jiading, west=west)  # the parts added to the whole
    reg.expect("leadership.meetings", 3, year=2023, east=jiading, west=west)  # nothing recorded
    found = {f.code: f for f in reg.check() if f.code.startswith("expectation")}
    gaps = [f for f in reg.check() if f.code == "expectation_gap"]
    assert (gaps[-1].expected, gaps[-1].actual, gaps[-1].difference) == (988, 494, -494)
    assert found["expectation_not_reported"].severity == "error"


def test_published_values_are_read_strictly_and_refusals_change_nothing(dayao) -> None:
    reg, jiading, west = dayao
    before = reg.to_bytes()
    for value, reason in (("494元", "bad_format"), ("4.5人", "bad_format"), ("约8100万以上", "mismatch")):
        with pytest.raises(sh.ValidationError) as e:
            reg.expect("labour.employed", value, year=2023)
        assert e.value.reason == reason
    with pytest.raises(sh.ValidationError) as e:
        reg.expect("industry.investment", 8100, year=2023)  # money without its unit
    assert e.value.reason == "no_unit"
    with pytest.raises(sh.ValidationError) as e:
        reg.expect("labour.employed", "约494人", qualifier="at_least", year=2023)
    assert e.value.field == "value"
    with pytest.raises(sh.ValidationError):
        reg.expect("labour.hired", 1, year=2023)
    with pytest.raises(sh.ValidationError):
        reg.expect("labour.employed", 494)  # a figure is of a year
    assert reg.to_bytes() == before


def test_parts_beyond_their_whole_are_an_error_and_files_keep_them(dayao, tmp_path) -> None:
    reg, _, west = dayao
    whole = reg.benefits[0]
    reg.add_benefit(None, via=west, kind="employment", persons=1, date="2023", part_of=whole)
    over = [f for f in reg.check() if f.code == "figure_exceeded"]
    assert len(over) == 1 and over[0].severity == "error"
    path = tmp_path / "dayao.shanhai"
    reg.expect("labour.employed", "494人左右", year=2023)
    reg.save(path)
    back = sh.load(path)
    assert back.to_bytes() == reg.to_bytes()
    assert back.report(year=2023)["labour.employed"] == 494
    assert back.trainings[0].sessions == 4
    assert back.benefits[1].part_of == back.benefits[0]
