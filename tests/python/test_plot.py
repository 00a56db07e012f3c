"""Pictures: the Sankey of a trace, the report's indicators, the pairing network; HTML and PNG."""

import json
import struct

import pytest

import shanhai as sh
from shanhai import display, plot


M = sh.Money

# Without a CJK font matplotlib warns that Chinese glyphs are missing (the PNG shows boxes); the
# files are still written, which is what these tests check. With the font, no warning is allowed.
pytestmark = [] if plot.cjk_font() else [pytest.mark.filterwarnings("ignore:Glyph .* missing from font")]


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height, len(data)


def assert_picture(path, min_width=500, min_height=300):
    """A real picture: a PNG of some size with many colours, not a blank page."""
    import matplotlib.image

    width, height, size = png_size(path)
    assert width >= min_width and height >= min_height and size > 10_000, (width, height, size)
    pixels = matplotlib.image.imread(str(path))
    colours = {tuple(p) for p in pixels[::7, ::7, :3].reshape(-1, 3).round(2).tolist()}
    assert len(colours) > 20, len(colours)


def assert_html(path, *needles):
    text = path.read_text(encoding="utf-8")
    head = text.lstrip()[:20].lower()
    assert head.startswith(("<html", "<!doctype html")) and len(text) > 1_000_000  # plotly.js inside: offline
    for needle in needles:  # plotly writes the figure as JSON, non-ASCII text as \u escapes
        assert json.dumps(needle)[1:-1] in text, needle


def chain():
    """East → county → village → a project and households, a pooled pass-through, a donation."""
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    other = reg.add_partner("<b>单子庄村</b> & $x$", kind="village", parent=west)
    project = reg.add_project("扶贫车间", location=village)
    households = [reg.add_household(f"h{i}", village=village, members=i + 1) for i in range(5)]
    root = reg.add_flow(east, west, "1000万", date="2018", kind="fiscal")
    down = reg.add_flow(west, village, "600万", date="2018", parent=root)
    reg.add_flow(village, project, "200万", date="2018", parent=down)
    reg.distribute(village, "100万", to=households, parent=down, date="2018")
    reg.add_flow(west, other, "50万", date="2018")  # no parent link: shared pro rata
    reg.add_flow(east, other, "10万", date="2018", kind="donation")
    return reg, east


def sankey_trace(fig):
    (trace,) = fig.plotly.data
    assert trace.type == "sankey"
    return trace


def into_sinks(trace):
    """The money (万元) on the bands that end where money ended: it adds up to the outflow."""
    sources = set(trace.link.source)
    return sum(v for t, v in zip(trace.link.target, trace.link.value) if t not in sources)


def test_seed_sankey_saves_html_and_png(seed, tmp_path):
    siming = next(p for p in seed.partners if p.name == "思明区")
    tr = seed.trace(siming)
    fig = plot.sankey(tr)
    assert repr(fig).startswith("<shanhai.plot.Figure sankey:")
    s = sankey_trace(fig)
    labels = list(s.node.label)
    assert labels[0].startswith("思明区") and any(lbl.startswith("临夏市 (留存)") for lbl in labels)
    assert into_sinks(s) == pytest.approx(2210.2)
    html, png = fig.save(tmp_path / "where.html"), fig.save(tmp_path / "where.png")
    assert_html(html, "思明区", "2,210.2万")
    assert_picture(png)



def test_figure_shows_itself_in_a_notebook(seed, monkeypatch):
    import plotly.io as pio

    fig = plot.sankey(seed.trace(seed.partners[1]))
    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype")
    bundle = fig._repr_mimebundle_()
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["type"] == "sankey"
    assert "plotly" in fig._repr_html_()


def test_sankey_shows_kept_money_households_and_projects(tmp_path):
    reg, east = chain()
    tr = reg.trace(east)
    s = sankey_trace(plot.sankey(tr))
    labels = [lbl.split("  ")[0] for lbl in s.node.label]
    assert "临夏市 留存" in labels and "王坪村 留存" in labels  # kept beside onward money
    assert "王坪村 5户" in labels and "扶贫车间" in labels
    assert "&lt;b&gt;单子庄村&lt;/b&gt; &amp; $x$ (留存)" in labels  # names escaped for plotly
    assert into_sinks(s) == pytest.approx(1010)
    en = sankey_trace(plot.sankey(tr, lang="en", households="each"))
    labels = [lbl.split("  ")[0] for lbl in en.node.label]
    assert "kept by 临夏市" in labels and sum(lbl.startswith("Household") for lbl in labels) == 5
    fig = plot.sankey(tr, households="each")
    assert_picture(fig.save(tmp_path / "each.png", dpi=80))


def test_sankey_merges_small_nodes_and_still_adds_up():
    reg, east = chain()
    tr = reg.trace(east)
    s = sankey_trace(plot.sankey(tr, households="each", max_nodes=8))
    assert len(s.node.label) <= 8 + 1
    assert any("户" in lbl for lbl in s.node.label)
    assert into_sinks(s) == pytest.approx(1010)
    with pytest.raises(ValueError, match="households"):
        plot.sankey(tr, households="town")
    with pytest.raises(ValueError, match="max_nodes"):
        plot.sankey(tr, max_nodes=2)


def test_report_plot_both_ways(seed, tmp_path):
    rep = seed.report(year=2018)
    fig = rep.plot()
    assert fig.kind == "report" and "东西部协作年度报告 · 2018" in fig.title
    bars = [t for t in fig.plotly.data if t.type == "bar"]
    # an area whose every figure is not reported draws no bars (a bar would read as zero): the seed
    # reports nothing of three areas (education among them: no record feeds it)
    assert len(bars) == len({i["area"] for i in rep.indicators if i["value"] is not None}) == len(display.AREAS) - 3
    funds = next(b for b in bars if "2,210.2 万元" in b.text)
    assert max(funds.x) == pytest.approx(3552.2)  # the naive sum, drawn beside the deduplicated total
    en = plot.report(rep, lang="en")
    assert "East-West" in en.title and any("10k yuan" in t for b in en.plotly.data for t in b.text)
    assert_html(fig.save(tmp_path / "report.html"), "2,210.2")
    assert_picture(fig.save(tmp_path / "report.png", dpi=80), min_height=800)


def test_pairings_network(seed, tmp_path):
    fig = plot.pairings(seed)
    assert fig.title == "结对关系 · 16对"
    lines = [t for t in fig.plotly.data if t.mode == "lines"]
    counts = {t.name for t in lines}
    assert {"东西部协作结对 (1)", "街道结村 (5)", "企业结村 (1)", "学校结对 (1)", "一家一结对 (8)"} == counts
    names = [n for t in fig.plotly.data if t.mode != "lines" for n in t.text]
    assert "单子庄村的8户" in names and "思明区" in names
    assert plot.pairings(seed, year=2017).title == "结对关系 · 2017年 · 7对"  # before the families and schools
    assert plot.pairings(seed, lang="en", households="each").title == "Pairings · 16"
    assert_html(fig.save(tmp_path / "pairings.html"), "思明区")
    assert_picture(fig.save(tmp_path / "pairings.png", dpi=80))


def test_figure_formats(seed, tmp_path):
    fig = plot.sankey(seed.trace(seed.partners[1]))
    svg = fig.write_image(tmp_path / "where.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(ValueError, match="png"):
        fig.write_image(tmp_path / "where.jpg")
    mpl = fig.to_matplotlib()
    assert mpl.get_axes() and fig.to_matplotlib() is not mpl


def test_a_source_that_gave_nothing(tmp_path):
    reg = sh.Registry()
    quiet = reg.add_partner("无资金的单位", kind="district", side="east")
    tr = reg.trace(quiet)
    fig = plot.sankey(tr)
    assert list(sankey_trace(fig).link.value) == [] and "0万" in fig.title
    png = fig.write_image(tmp_path / "empty.png", dpi=60)
    assert png_size(png)[2] > 1000
    assert "0 nodes" in display.trace_html(tr)
