"""Notebook display: HTML views of the registry, its tables, reports, totals, traces and findings."""

import re

import pytest

import shanhai as sh
from shanhai import display


M = sh.Money
EVIL = '<script>alert("x")</script> & <b>'


@pytest.fixture(autouse=True)
def default_options():
    saved = (display.options.lang, display.options.max_rows, display.options.max_items)
    yield
    display.options.lang, display.options.max_rows, display.options.max_items = saved


def by_name(reg):
    return {p.name: p for p in reg.partners}


def no_raw_markup(html: str) -> None:
    """User text is escaped: the evil name never appears as markup."""
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def evil_registry():
    reg = sh.Registry()
    east = reg.add_partner(EVIL, kind="district", side="east", note=EVIL)
    west = reg.add_partner("临夏市 & <i>co</i>", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    root = reg.add_flow(east, west, "100万", date="2018", kind="fiscal", note=EVIL)
    reg.add_flow(west, village, "40万", date="2018", parent=root, note="pass <on>")
    project = reg.add_project(EVIL, location=village, outputs={"<workshops>": 3})
    reg.add_flow(village, project, "15万", date="2018", parent=reg.flows[1])
    reg.expect_total("120万", source=east, year=2018, citation=EVIL)
    return reg, east, west, village, project


def test_registry_html_counts_every_table(seed):
    html = seed._repr_html_()
    for name in ("partners", "pairings", "flows", "projects", "households", "benefits", "exchanges", "trainings",
                 "wishes", "events"):
        n = len(getattr(seed, name))
        assert re.search(rf"{name}</span></td><td class=\"num\">{n:,}</td>", html), name
    total = sum(len(getattr(seed, name)) for name in display.TABLE_LABELS)
    assert f">{total:,}</td>" in html
    display.options.lang = "en"
    assert "合计" not in seed._repr_html_() and "total" in seed._repr_html_()
    assert repr(seed).startswith("Registry(partners=39")


def test_table_html_shows_first_rows_by_name(seed):
    html = seed.flows._repr_html_()
    assert "flows" in html and "4 rows" in html
    assert "2,210.2" in html and "思明区" in html and "临夏市" in html  # money in 万元, references by name
    assert "flow 0 (2,210.2万)" in html  # a parent flow
    assert html.count("<tr>") == 1 + 4  # header row and four rows
    display.options.max_rows = 5
    html = seed.partners._repr_html_()
    assert html.count('<tr><td class="num">') == 5
    assert f"… {len(seed.partners) - 5:,} more rows" in html
    assert "first rows" not in repr(seed.partners) and repr(seed.partners) == "<partner table: 39 rows>"


def test_every_table_renders(seed):
    for name in display.TABLE_LABELS:
        html = getattr(seed, name)._repr_html_()
        assert html.startswith('<div class="shanhai">') and html.endswith("</div>")
    empty = sh.Registry()
    assert "0 rows" in empty.wishes._repr_html_()


def test_tables_escape_user_text():
    reg, *_ = evil_registry()
    for table in (reg.partners, reg.flows, reg.projects):
        no_raw_markup(table._repr_html_())
    html = reg.projects._repr_html_()
    assert "&lt;workshops&gt;: 3" in html
    assert "临夏市 &amp; &lt;i&gt;co&lt;/i&gt;" in reg.partners._repr_html_()


def test_report_html_by_area_in_both_languages(seed):
    p = by_name(seed)
    rep = seed.report(year=2018, east=p["思明区"], west=p["临夏市"])
    html = rep._repr_html_()
    for zh, en in display.AREAS.values():
        assert f"{zh} <span class=\"muted\">{en}</span>" in html  # every area, its English name beside
    assert "东西部协作年度报告 · 2018 · 思明区 → 临夏市" in html
    assert re.search(r'title="funds.total"><td>帮扶资金\(去重\)</td><td class="num">2,210.2</td><td>万元</td>', html)
    assert re.search(r'title="talent.dispatched.teacher"><td>教师</td><td class="num">8</td><td>人次</td>', html)
    assert "各项资金(按报道,未去重) (4)" in html and "3,552.2" in html
    display.options.max_items = 3
    assert "… 1 more (rep.reported for all)" in rep._repr_html_()
    display.options.max_items = 50
    rep.lang = "en"
    html = rep._repr_html_()
    assert "East-West collaboration report" in html and "Assistance funds (deduplicated)" in html
    assert "10k yuan" in html and "万元" not in html.split("<tbody>")[1].split("</tbody>")[0]
    assert rep.to_html(lang="zh") != html and "帮扶资金(去重)" in rep.to_html(lang="zh")
    rep.lang = None
    display.options.lang = "en"
    assert "Assistance funds (deduplicated)" in rep._repr_html_()


def test_report_html_zero_details_only_with_all(seed):
    rep = seed.report(year=2018)
    assert 'title="talent.dispatched.cadre"' not in rep.to_html()
    assert 'title="talent.dispatched.cadre"' in rep.to_html(all=True)
    assert rep.to_html().count("<tr") < rep.to_html(all=True).count("<tr")


def test_report_html_escapes_notes():
    reg, *_ = evil_registry()
    html = reg.report(year=2018)._repr_html_()
    no_raw_markup(html)
    assert "pass &lt;on&gt;" in html  # the figures as reported, with their notes
    assert re.search(r'title="funds.total"><td>[^<]+</td><td class="num">100</td>', html)


def test_lang_is_checked(seed):
    rep = seed.report(year=2018)
    with pytest.raises(ValueError, match="lang"):
        rep.to_html(lang="fr")
    with pytest.raises(ValueError, match="lang"):
        display.options.lang = "de"
    with pytest.raises(ValueError, match="max_rows"):
        display.options.max_rows = 0
    with pytest.raises(ValueError, match="max_items"):
        display.options.max_items = True


def test_totals_html_largest_first_with_total_reported_unexplained(seed):
    t = seed.totals(by="kind")
    html = t._repr_html_()
    assert html.index("1,226.2") < html.index(">984<")  # other (1226.2万) before fiscal (984万)
    assert "55.5%" in html and "44.5%" in html
    assert "total (deduplicated)" in html and "2,210.2" in html
    assert "as reported" in html and "3,552.2" in html
    assert "unexplained" in html and "1,852.2" in html
    assert repr(t) == "Totals(by=['kind'], total=Money('2210.2万'), reported=Money('3552.2万'), groups=2)"
    two = seed.totals(by=["source", "kind"])._repr_html_()
    assert "<th>source</th><th>kind</th>" in two and "<td>思明区</td><td>other</td>" in two
    display.options.max_rows = 1
    assert "… 1 more groups" in t._repr_html_()


def test_trace_html_sorted_and_adds_up():
    reg, east, west, village, project = evil_registry()
    tr = reg.trace(east)
    html = tr._repr_html_()
    no_raw_markup(html)
    rows = re.findall(r'<td class="num">([\d,.]+)</td><td class="num">[\d.]+%</td></tr>', html)
    assert rows == ["60", "25", "15", "100"]  # 临夏市 kept 60, the village 25, the project 15; outflow 100
    assert "outflow" in html and "100.0%" in html
    display.options.max_rows = 1
    assert "… 2 more nodes" in tr._repr_html_()


def test_findings_html_badges_and_figures():
    reg, *_ = evil_registry()
    found = reg.check()
    html = found._repr_html_()
    no_raw_markup(html)
    assert "expectation_gap" in html and 'class="badge"' in html
    assert "expected 120 · actual 100 · difference -20 万元" in html
    assert "1 error" in html
    assert found[0]._repr_html_().count("<tr>") == 2
    assert repr(found).startswith("Findings([\n  Finding(error, expectation_gap")
    assert "no findings" in sh.Registry().check()._repr_html_()
    two = sh.datasets.siming_linxia_2018().check()
    display.options.max_items = 1
    assert len(two) == 8  # 2 remainders and 6 pairings the seed gives no start date
    assert two._repr_html_().count("<tr>") == 1 + 1 + 1 and "… 7 more" in two._repr_html_()
    assert repr(sh.Registry().check()) == "Findings([])"


def test_the_views_are_methods_of_the_classes(seed):
    # defined in the package's classes, never attached to compiled ones at import
    for cls in (sh.Registry, sh.Table, sh.Report, sh.Totals, sh.Trace, sh.Findings, sh.Finding):
        assert "_repr_html_" in vars(cls), cls
    assert not hasattr(sh._core.Registry, "_repr_html_") and not hasattr(sh._core.FlowTable, "_repr_html_")
    assert "2,210.2" in seed.report(year=2018)._repr_html_()
