"""Published figures as wholes with their parts (a city pair's 4.53亿 holds its district pair's
6471.95万), bounds, conflicts, refusals, files; and targets per pair. Hand-computed figures."""

from __future__ import annotations

import pytest

import shanhai as sh


class Cities:
    """厦门市 (east city) with 思明区 and 湖里区; 临夏州 (west) with 临夏市 and 东乡县."""

    def __init__(self) -> None:
        reg = self.reg = sh.Registry()
        self.xiamen = reg.add_partner("厦门市", kind="city", side="east")
        self.siming = reg.add_partner("思明区", kind="district", parent=self.xiamen)
        self.huli = reg.add_partner("湖里区", kind="district", parent=self.xiamen)
        self.zhou = reg.add_partner("临夏州", kind="city", side="west")
        self.linxia = reg.add_partner("临夏市", kind="county", parent=self.zhou)
        self.dongxiang = reg.add_partner("东乡县", kind="county", parent=self.zhou)

    def city(self, year: int = 2019) -> sh.Report:
        return self.reg.report(year=year, east=self.xiamen, west=self.zhou)

    def district(self, year: int = 2019) -> sh.Report:
        return self.reg.report(year=year, east=self.siming, west=self.linxia)

    def other(self, year: int = 2019) -> sh.Report:
        return self.reg.report(year=year, east=self.huli, west=self.dongxiang)

    def codes(self, code: str) -> list[sh.Finding]:
        return [f for f in self.reg.check() if f.code == code]


@pytest.fixture
def w() -> Cities:
    return Cities()


def test_a_city_figure_holds_the_district_figure_never_the_sum(w: Cities) -> None:
    reg = w.reg
    whole = reg.add_figure("funds.fiscal", "4.53亿", year=2019, east=w.xiamen, west=w.zhou, citation="市总结")
    reg.add_figure("funds.fiscal", "6471.95万", year=2019, east=w.siming, west=w.linxia)
    reg.add_flow(w.siming, w.linxia, "100万", date="2019-05", kind="donation")
    reg.add_flow(w.xiamen, w.zhou, "200万", date="2019-06", kind="donation")
    d = w.district()
    assert (d["funds.fiscal"], d["funds.donation"], d["funds.total"]) == (
        sh.Money("6471.95万"), sh.Money("100万"), sh.Money("6571.95万"))
    c = w.city()
    assert c["funds.fiscal"] == sh.Money("4.53亿")  # never 4.53亿 + 6471.95万
    assert c["funds.total"] == sh.Money("4.56亿")   # the fiscal figure beside 300万 of donations
    assert c.qualifier("funds.fiscal") == "exact"
    assert reg.report(year=2019)["funds.fiscal"] == sh.Money("4.53亿")
    assert w.other()["funds.fiscal"] is None  # another pair: not reported, not 0
    reg.add_figure("funds.fiscal", "1000万", year=2019, east=w.huli, west=w.dongxiang)
    assert w.city()["funds.fiscal"] == sh.Money("4.53亿")
    assert w.other()["funds.fiscal"] == sh.Money("1000万")
    rest = w.codes("unexplained_remainder")
    assert [(f.severity, f.handles) for f in rest] == [("info", [whole])]
    assert "7471.95万" in rest[0].message
    assert w.codes("figure_exceeded") == []
    # the view, the handle, the table
    assert len(reg.figures) == 3
    assert (whole.key, whole.year, whole.value, whole.east, whole.west, whole.qualifier, whole.part_of,
            whole.citation) == ("funds.fiscal", 2019, 4_5300_0000_00, w.xiamen, w.zhou, "exact", None, "市总结")
    assert list(reg.figures.column("value")) == [4_5300_0000_00, 6471_9500_00, 1000_0000_00]


def _fiscal_figures_over_flows(w: Cities) -> None:
    """The city pair's 4.53亿 of fiscal aid holds the district pair's 6471.95万, which holds 1000万 of
    fiscal flows; donations of 100万 (district) and 200万 (city) beside them."""
    w.reg.add_figure("funds.fiscal", "4.53亿", year=2019, east=w.xiamen, west=w.zhou)
    w.reg.add_figure("funds.fiscal", "6471.95万", year=2019, east=w.siming, west=w.linxia)
    w.reg.add_flow(w.siming, w.linxia, "1000万", date="2019-03", kind="fiscal")
    w.reg.add_flow(w.siming, w.linxia, "100万", date="2019-05", kind="donation")
    w.reg.add_flow(w.xiamen, w.zhou, "200万", date="2019-06", kind="donation")


def test_money_figures_count_in_totals_as_the_report_counts_them(w: Cities) -> None:
    reg = w.reg
    _fiscal_figures_over_flows(w)
    t = reg.totals("kind", year=2019)
    # the 1300万 of flows, the district figure's 5471.95万 beyond its 1000万 of fiscal flows, the
    # city figure's 38828.05万 beyond the district's figure
    assert (t.total, t["fiscal"], t["donation"]) == (sh.Money("4.56亿"), sh.Money("4.53亿"), sh.Money("300万"))
    assert (t.reported, t.unexplained) == (sh.Money("4.56亿"), sh.Money("44300万"))
    assert reg.totals(year=2019, figures=False).total == sh.Money("1300万")
    by_target = reg.totals("target", year=2019)
    assert (by_target[w.linxia], by_target[w.zhou]) == (sh.Money("6571.95万"), sh.Money("39028.05万"))
    assert reg.totals("target.city", year=2019)[w.zhou] == sh.Money("4.56亿")
    for east, west in ((w.xiamen, w.zhou), (w.siming, w.linxia), (w.huli, w.dongxiang)):
        rep = reg.report(year=2019, east=east, west=west)
        counted = reg.totals(year=2019, origin=east, boundary=west).total
        assert counted == (rep["funds.total"] or sh.Money(0))
    assert reg.totals(year=2020).total == sh.Money(0)
    reg.expect_total("4.56亿", year=2019, citation="市总结")
    assert w.codes("expectation_gap") == []
    # a bounded figure bounds the total, unless an exact whole counted with it holds it
    reg.add_figure("funds.donation", "8100万以上", year=2020, east=w.siming, west=w.linxia)
    assert str(reg.totals(year=2020).total) == "8100万元以上"
    reg.add_figure("funds.total", "9000万", year=2020, east=w.siming, west=w.linxia)
    t = reg.totals("kind", year=2020)
    assert (t.total, t.total.qualifier, t["other"]) == (sh.Money("9000万"), "exact", sh.Money("900万"))
    with pytest.raises(sh.WrongTypeError, match="totals figures"):
        reg.totals(figures="no")  # type: ignore[arg-type]


def test_a_trace_follows_money_figures_beyond_their_records(w: Cities) -> None:
    reg = w.reg
    _fiscal_figures_over_flows(w)
    tr = reg.trace(w.xiamen, below=True)
    assert tr.outflow == reg.totals(origin=w.xiamen).total == sh.Money("4.56亿")
    assert dict(tr) == {w.linxia: sh.Money("6571.95万"), w.zhou: sh.Money("39028.05万")}
    assert reg.trace(w.xiamen).outflow == sh.Money("39028.05万")  # the city's own
    # the prefecture passes 1亿 on unlinked: pro rata to what it holds, the figure's money among it
    reg.add_flow(w.zhou, w.dongxiang, "1亿", date="2019-09", kind="fiscal")
    tr = reg.trace(w.xiamen)
    assert (tr[w.dongxiang], tr[w.zhou]) == (sh.Money("1亿"), sh.Money("29028.05万"))
    # and a trade figure's money held there as a purchase flow's would be: 39028.05万 of 49028.05万
    reg.add_figure("consumption.purchases", "1亿", year=2019, east=w.xiamen, west=w.zhou)
    tr = reg.trace(w.xiamen)
    assert tr[w.dongxiang] == sh.Money("79603512.68") and tr.outflow == sh.Money("39028.05万")
    # a figure of an east partner alone ended where no one said
    reg.add_figure("funds.total", "500万", year=2020, east=w.huli)
    tr = reg.trace(w.huli)
    assert dict(tr) == {None: sh.Money("500万")}
    assert tr.to_pandas()[["table", "name", "fen"]].values.tolist() == [[None, "not known", 500_000_000]]
    assert tr.to_arrow().column("node_kind").to_pylist() == ["none"]
    assert "not known" in tr._repr_html_()


def test_counts_details_bounds_and_an_explicit_zero(w: Cities) -> None:
    reg = w.reg
    employed = reg.add_figure("labour.employed", "494人", year=2019, east=w.siming, west=w.linxia)
    for part in (210, 260, 24):
        reg.add_figure("labour.employed", part, year=2019, east=w.siming, west=w.linxia, part_of=employed)
    reg.add_figure("labour.employed", "1200人以上", year=2019, east=w.xiamen, west=w.zhou)
    reg.add_figure("talent.dispatched", 0, year=2019, east=w.siming, west=w.linxia)
    d = w.district()
    assert d["labour.employed"] == 494  # never 988
    assert d["talent.dispatched"] == 0 and "talent.dispatched" in d.reported_keys
    c = w.city()
    assert (c["labour.employed"], c.qualifier("labour.employed")) == (1200, "at_least")
    assert reg.report(year=2019)["labour.employed"] == 1200
    assert w.codes("figure_exceeded") == [] and w.codes("conflicting_figures") == []
    reg.expect("labour.employed", 1250, year=2019, east=w.xiamen, west=w.zhou)  # not below an at-least 1200
    assert w.codes("expectation_gap") == []
    # disjoint district pairs and no city figure: the city adds them
    reg.add_figure("labour.employed", 494, year=2021, east=w.siming, west=w.linxia)
    reg.add_figure("labour.employed", 100, year=2021, east=w.huli, west=w.dongxiang)
    assert w.city(2021)["labour.employed"] == 594
    # details beyond their whole
    reg.add_figure("labour.employed", 1, year=2019, east=w.siming, west=w.linxia, part_of=employed)
    over = w.codes("figure_exceeded")
    assert [(f.severity, f.handles) for f in over] == [("error", [employed])]
    assert "labour.employed" in over[0].message


def test_at_least_money_makes_its_total_at_least(w: Cities) -> None:
    reg = w.reg
    reg.add_flow(w.siming, w.linxia, "50万", date="2019", kind="fiscal")
    reg.add_figure("funds.donation", "8100万以上", year=2019, east=w.siming, west=w.linxia)
    d = w.district()
    assert d["funds.total"] == sh.Money("8150万")
    assert (d.qualifier("funds.total"), d.qualifier("funds.donation"), d.qualifier("funds.fiscal")) == (
        "at_least", "at_least", "exact")
    zh, en = d.to_text(), d.to_text(lang="en")
    assert "8150 万元以上" in zh and "8100 万元以上" in zh
    assert [line for line in zh.splitlines() if "财政资金" in line][0].endswith(" 50 万元")  # exact
    assert "at least 8150" in en
    reg.add_figure("funds.total", "9000万", year=2019, east=w.siming, west=w.linxia)  # the whole: exact
    assert (w.district()["funds.total"], w.district().qualifier("funds.total")) == (sh.Money("9000万"), "exact")
    with pytest.raises(sh.NotFoundError):
        d.qualifier("funds.nope")


def test_parts_above_the_whole_and_conflicting_figures(w: Cities) -> None:
    reg = w.reg
    reg.add_flow(w.siming, w.linxia, "150万", date="2020-04", kind="fiscal")
    small = reg.add_figure("funds.fiscal", "100万", year=2020, east=w.siming, west=w.linxia)
    assert w.district(2020)["funds.fiscal"] == sh.Money("100万")
    over = w.codes("figure_exceeded")
    assert [f.handles for f in over] == [[small]] and "150万" in over[0].message
    first = reg.add_figure("labour.employed", 494, year=2020, east=w.siming, west=w.linxia)
    later = reg.add_figure("labour.employed", 500, year=2020, east=w.siming, west=w.linxia)
    assert w.district(2020)["labour.employed"] == 500  # the later counts
    conflicts = w.codes("conflicting_figures")
    assert [(f.severity, f.handles) for f in conflicts] == [("warning", [first, later])]


def test_refused_figures_change_nothing(w: Cities) -> None:
    reg = w.reg
    employed = reg.add_figure("labour.employed", 494, year=2019, east=w.siming, west=w.linxia)
    before = reg.to_bytes()
    for call, field, reason in (
        (lambda: reg.add_figure("funds.totl", "1万", year=2019), "key", "unknown_value"),
        (lambda: reg.add_figure("industry.poor_share", 50, year=2019), "key", "wrong_type"),
        (lambda: reg.add_figure("funds.total", 8100, year=2019), "value", "no_unit"),  # money needs its unit
        (lambda: reg.add_figure("labour.employed", "494元", year=2019), "value", "bad_format"),
        (lambda: reg.add_figure("labour.employed", -1, year=2019), "value", None),
        (lambda: reg.add_figure("labour.employed", "约494人", year=2019, qualifier="at_least"), "value", "mismatch"),
        (lambda: reg.add_figure("labour.employed", 1, year=2020, east=w.siming, west=w.linxia, part_of=employed),
         "part_of", "mismatch"),
        (lambda: reg.add_figure("labour.employed", 1, year=2019, east=w.huli, west=w.linxia, part_of=employed),
         "part_of", "mismatch"),
        (lambda: reg.add_figure("labour.employed", 1, year=None), "year", "required"),  # type: ignore[arg-type]
    ):
        with pytest.raises(sh.Error) as e:
            call()
        assert e.value.field == field and e.value.table == "figures"
        if reason:
            assert e.value.reason == reason
    assert reg.to_bytes() == before


@pytest.mark.parametrize("fmt", ["binary", "text", "xml"])
def test_figures_and_pair_targets_through_files(w: Cities, fmt: str, tmp_path) -> None:
    reg = w.reg
    whole = reg.add_figure("funds.fiscal", "约4.53亿", year=2019, east=w.xiamen, west=w.zhou, citation="年报", note="n")
    reg.add_figure("funds.fiscal", "6471.95万", year=2019, east=w.siming, west=w.linxia, part_of=whole)
    reg.set_target("funds.total", 2019, "7000万", east=w.siming, west=w.linxia)
    reg.save(tmp_path / "f.shanhai", format=fmt)
    back = sh.load(tmp_path / "f.shanhai")
    assert back.to_bytes(fmt) == reg.to_bytes(fmt)
    assert back.figures[1].part_of == back.figures[0] and back.figures[0].qualifier == "about"
    siming, linxia = back.partners[w.siming.id], back.partners[w.linxia.id]
    rep = back.report(year=2019, east=siming, west=linxia)
    assert rep["funds.fiscal"] == sh.Money("6471.95万")
    assert rep.targets["funds.total"][0] == sh.Money("7000万")
    assert back.report(year=2019, east=back.partners[0], west=back.partners[3]).qualifier("funds.fiscal") == "about"


def test_figures_through_spreadsheets(w: Cities, tmp_path) -> None:
    reg = w.reg
    whole = reg.add_figure("labour.employed", "494人", year=2019, east=w.siming, west=w.linxia, citation="年报")
    reg.add_figure("labour.employed", 24, year=2019, east=w.siming, west=w.linxia, part_of=whole)
    reg.add_figure("funds.fiscal", "8100万以上", year=2019, east=w.siming)
    reg.add_figure("talent.dispatched", 0, year=2019, east=w.siming, west=w.linxia)
    reg.set_target("funds.total", 2019, "7000万", east=w.siming, west=w.linxia)
    reg.to_csv(tmp_path / "csv")
    assert sh.read_csv(tmp_path / "csv").to_bytes() == reg.to_bytes()
    reg.to_excel(tmp_path / "pair.xlsx")
    assert sh.read_excel(tmp_path / "pair.xlsx").to_bytes() == reg.to_bytes()


def test_targets_per_pair(w: Cities) -> None:
    reg = w.reg
    reg.set_target("funds.total", 2019, "5亿")  # the registry's own
    reg.set_target("funds.total", 2019, "7000万", east=w.siming, west=w.linxia)
    reg.set_target("talent.dispatched", 2019, 10, east=w.huli, west=w.dongxiang)
    reg.set_target("talent.dispatched", 2019, 12, east=w.huli, west=w.dongxiang)  # revised: the later holds
    d = w.district()
    assert d.targets["funds.total"][0] == sh.Money("7000万")  # its own, not the registry's
    assert "talent.dispatched" not in d.targets                 # never another pair's
    o = w.other()
    assert o.targets["talent.dispatched"][0] == 12
    assert o.targets["funds.total"][0] == sh.Money("5亿")  # none of its own: the registry's stands in
    whole = reg.report(year=2019)
    assert whole.targets == {"funds.total": (sh.Money("5亿"), None, None)}
    assert "talent.dispatched" not in w.city().targets
    t = reg.targets[1]
    assert (t.east, t.west) == (w.siming, w.linxia) and (reg.targets[0].east, reg.targets[0].west) == (None, None)
    before = reg.to_bytes()
    other = sh.Registry()
    stranger = other.add_partner("外区", kind="district", side="east")
    with pytest.raises(sh.Error) as e:
        reg.set_target("funds.total", 2019, "1万", east=stranger)
    assert (e.value.table, e.value.field) == ("targets", "east")
    assert reg.to_bytes() == before


def test_old_files_keep_unscoped_targets_and_their_reports() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "v6" / "siming_linxia_2018.binary.shanhai"
    reg = sh.load(path)
    assert all(t.east is None and t.west is None for t in reg.targets)
    assert len(reg.figures) == 0
