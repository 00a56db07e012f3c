"""Pictures: where the money went (a Sankey diagram), the report's indicators, the pairings.

Each function returns a :class:`Figure` with two renderings of the same picture: an interactive
plotly figure (what a notebook shows, and ``write_html``) and a static matplotlib one
(``write_image`` to PNG, SVG or PDF, with no browser needed)::

    fig = sh.plot.sankey(reg.trace(siming))
    fig                                  # interactive in a notebook
    fig.save("where.html"); fig.save("where.png")
    fig.plotly.update_layout(title="...")   # the plotly figure, to adjust
    fig.to_matplotlib()                  # a fresh matplotlib figure

    sh.plot.report(rep)  or  rep.plot()  # the indicators, one panel per area
    sh.plot.pairings(reg, year=2018)     # who is paired with whom, east on the left

Money is drawn in 万元. Labels are names; Chinese text needs a CJK font for the PNG
(``cjk_font()`` names the one found, e.g. WenQuanYi Micro Hei or Noto Sans CJK).
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _results
from ._core import Money
from ._registry import Registry
from ._errors import FileError, ValidationError, expect, one_of
from ._results import AREAS, UNITS, Report, Trace

if TYPE_CHECKING:
    import matplotlib.figure
    import plotly.graph_objects

__all__ = ["Figure", "sankey", "report", "pairings", "cjk_font"]

COLOURS = {
    "source": "#1f4e79",
    "partner": "#4472c4",
    "project": "#ed7d31",
    "households": "#70ad47",
    "household": "#70ad47",
    "flow": "#7f7f7f",
    "kept": "#a5a5a5",
    "others": "#c9c9c9",
}
AREA_COLOURS = {
    "leadership": "#5b6c8f", "talent": "#4472c4", "funds": "#c00000", "industry": "#ed7d31",
    "labour": "#997300", "pairing": "#70ad47", "reach": "#2e9c9c", "wishes": "#b05fa6",
}
PAIRING_KINDS = {
    "east_west": ("东西部协作结对", "east-west", "#c00000"),
    "street_village": ("街道结村", "street–village", "#4472c4"),
    "enterprise_village": ("企业结村", "enterprise–village", "#ed7d31"),
    "school": ("学校结对", "school", "#70ad47"),
    "hospital": ("医院结对", "hospital", "#2e9c9c"),
    "family_household": ("一家一结对", "family–household", "#b05fa6"),
    "other": ("其他结对", "other", "#7f7f7f"),
}
# indicators shown beside the deduplicated money, never part of it: drawn lighter
BESIDE = {"funds.reported_sum", "funds.unexplained", "funds.committed", "funds.pledged"}
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Hiragino Sans GB",
             "Noto Sans CJK JP", "AR PL UMing CN", "AR PL UKai CN", "Droid Sans Fallback")


def _lang(lang: str | None) -> bool:
    """True for Chinese labels; ``None`` follows ``shanhai.display.options.lang``."""
    from .display import _zh

    return _zh(lang)


def _households(households: str) -> None:
    one_of(households, ("village", "each"), "households", f"households must be 'village' or 'each', got {households!r}")


def _title(title: str | None) -> None:
    if title is not None:
        expect(title, str, "title", f"title: expected text, got {type(title).__name__}")


def _wan(m: Money) -> float:
    """Money in 万元 as a float: for drawing only, never for counting."""
    return m.minor / 1_000_000


def _money_text(m: Money, zh: bool, exact: bool = True) -> str:
    """Money in 万 with thousands separators; not ``exact``: to 0.01万 (100 yuan), for labels."""
    wan = m.wan
    if not exact and wan != wan.quantize(Decimal("0.01")):
        wan = wan.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return format(wan, ",") + ("万" if zh else " × 10k yuan")


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _name(node: Any) -> str:
    """A node's name: a partner's or project's name, a household's number, a flow's amount."""
    kind = type(node).__name__
    if kind == "Flow":
        return f"flow {node.id} ({node.amount})"
    return _results._label(node)


# -------------------------------------------------------------------------------------------- fonts

_font_checked = False
_font: str | None = None


def cjk_font() -> str | None:
    """The CJK font that the static pictures use for Chinese text (as a fallback after the
    Latin default, so that labels mixing both draw with both), or None if none is installed."""
    global _font_checked, _font
    if not _font_checked:
        from matplotlib import font_manager

        installed = {f.name for f in font_manager.fontManager.ttflist}
        _font = next((name for name in CJK_FONTS if name in installed), None)
        _font_checked = True
    return _font


def _families() -> list[str]:
    """The font families of every text of a static picture: the default, then the CJK font."""
    font = cjk_font()
    return ["sans-serif", font] if font else ["sans-serif"]


def _tex(text: str) -> str:
    """Text for matplotlib: a '$' is a dollar sign, not the start of mathematics."""
    return str(text).replace("$", r"\$")


# ------------------------------------------------------------------------------------------- figure

class Figure:
    """A picture with two renderings: interactive (plotly) and static (matplotlib).

    In a notebook it shows the interactive one. ``save(path)`` writes by suffix: ``.html``
    (interactive, plotly.js included so it opens offline) or ``.png``/``.svg``/``.pdf`` (static).
    """

    def __init__(self, kind: str, title: str, build_plotly: Callable[[], Any],
                 build_static: Callable[[Any], None]) -> None:
        self.kind = kind
        self.title = title
        self._build_plotly = build_plotly
        self._build_static = build_static
        self._plotly: Any = None

    @property
    def plotly(self) -> plotly.graph_objects.Figure:
        """The plotly ``go.Figure`` (built once; changes to it show in the notebook and HTML)."""
        if self._plotly is None:
            self._plotly = self._build_plotly()
        return self._plotly

    def to_matplotlib(self) -> matplotlib.figure.Figure:
        """A new matplotlib Figure of the same picture (no pyplot state is touched)."""
        import matplotlib
        from matplotlib.figure import Figure as MplFigure

        with matplotlib.rc_context({"font.family": _families()}):
            fig = MplFigure(layout="constrained")
            self._build_static(fig)
        return fig

    def write_html(self, path: str | os.PathLike[str], *, include_plotlyjs: bool | str = True, **kwargs: Any) -> Path:
        """The interactive picture as a standalone HTML file (plotly.js inside by default)."""
        path = Path(expect(path, (str, os.PathLike), "path", f"write_html: expected a path, got {path!r}"))
        try:
            self.plotly.write_html(str(path), include_plotlyjs=include_plotlyjs, **kwargs)
        except OSError as e:
            raise FileError(f"{path}: cannot write: {e.strerror or e}", field="path", reason="io") from e
        return path

    def write_image(self, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
        """The static picture as PNG, SVG or PDF (by the suffix), drawn with matplotlib."""
        path = Path(expect(path, (str, os.PathLike), "path", f"write_image: expected a path, got {path!r}"))
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in ("png", "svg", "pdf"):
            raise ValidationError(f"write_image: expected a .png, .svg or .pdf path, got {str(path)!r}", field="path",
                                  value=suffix or None, reason="unknown_value")
        import matplotlib

        with matplotlib.rc_context({"font.family": _families()}):
            try:
                self.to_matplotlib().savefig(path, dpi=dpi, format=suffix, facecolor="white")
            except OSError as e:
                raise FileError(f"{path}: cannot write: {e.strerror or e}", field="path", reason="io") from e
        return path

    def save(self, path: str | os.PathLike[str], **kwargs: Any) -> Path:
        """Writes ``.html`` with :meth:`write_html`, ``.png``/``.svg``/``.pdf`` with :meth:`write_image`."""
        if Path(path).suffix.lower() in (".html", ".htm"):
            return self.write_html(path, **kwargs)
        return self.write_image(path, **kwargs)

    def show(self, *args: Any, **kwargs: Any) -> None:
        """Shows the interactive picture (plotly's ``show``)."""
        self.plotly.show(*args, **kwargs)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> Any:
        return self.plotly._repr_mimebundle_(include, exclude, **kwargs)

    def _repr_html_(self) -> Any:
        return self.plotly._repr_html_()

    def __repr__(self) -> str:
        return f"<shanhai.plot.Figure {self.kind}: {self.title!r}>"


# ------------------------------------------------------------------------------------------- sankey

@dataclass
class _SNode:
    key: object
    name: str
    kind: str  # source, partner, project, households, household, flow, kept, others
    inflow: int = 0  # fen
    outflow: int = 0
    ended: int = 0
    count: int = 1  # households in a group, nodes in "others"
    depth: int = 0
    members: set[Any] = field(default_factory=set)
    colour_of: str = ""  # a merged node: the kind whose colour it takes

    @property
    def value(self) -> int:
        return max(self.inflow, self.outflow)


@dataclass
class _Sankey:
    nodes: list[_SNode]
    links: list[tuple[int, int, int, str]]  # (source index, target index, fen, kind of the target)
    title: str
    outflow: Money
    zh: bool


def _node_kind(node: Any) -> str:
    return type(node).__name__.lower()


def _sankey_data(trace: Trace, lang: str | None, households: str, max_nodes: int, title: str | None) -> _Sankey:
    expect(trace, Trace, "trace", f"sankey: expected the result of Registry.trace, got {type(trace).__name__}")
    zh = _lang(lang)
    _households(households)
    expect(max_nodes, int, "max_nodes", f"max_nodes must be at least 3, got {max_nodes!r}")
    if max_nodes < 3:
        raise ValidationError(f"max_nodes must be at least 3, got {max_nodes!r}", field="max_nodes",
                              value=str(max_nodes), reason="out_of_range")
    _title(title)
    source = trace.source
    nodes: dict[Any, _SNode] = {}

    def key_of(node: Any) -> Any:
        if households == "village" and _node_kind(node) == "household":
            return ("households", node.village)
        return node

    def get(node: Any) -> _SNode:
        k = key_of(node)
        n = nodes.get(k)
        if n is None:
            if isinstance(k, tuple) and k[0] == "households":
                n = _SNode(k, _name(k[1]), "households", count=0)
            else:
                n = _SNode(k, _name(node), "source" if node == source else _node_kind(node))
            nodes[k] = n
        if n.kind == "households" and node not in n.members:
            n.members.add(node)
            n.count = len(n.members)
        return n

    get(source)
    links: dict[tuple[Any, Any], int] = defaultdict(int)
    for a, b, money in trace.edges:
        na, nb = get(a), get(b)
        if na is nb:
            continue
        links[(na.key, nb.key)] += money.minor
        na.outflow += money.minor
        nb.inflow += money.minor
    for node, money in trace.items():
        get(node).ended += money.minor
    # money kept by a node that also passes money on: a grey "kept" node beside its onward flows
    for n in list(nodes.values()):
        if n.ended and n.outflow and n.kind != "households":
            kept = _SNode(("kept", n.key), n.name, "kept", inflow=n.ended, ended=n.ended)
            nodes[kept.key] = kept
            links[(n.key, kept.key)] += n.ended
            n.outflow += n.ended
    _depths(nodes, links, nodes[key_of(source)].key)
    if len(nodes) > max_nodes:
        nodes, links = _merge_small(nodes, links, max_nodes, zh)
    order = sorted(nodes.values(), key=lambda n: (n.depth, n.kind in ("kept", "others"), -n.value))
    index = {n.key: i for i, n in enumerate(order)}
    link_list = [(index[a], index[b], fen, order[index[b]].kind) for (a, b), fen in links.items() if fen]
    if title is None:
        src = _name(source)
        title = (f"{src}的资金去向 · 共 {_money_text(trace.outflow, True)}元" if zh else
                 f"Where the money from {src} went · {_money_text(trace.outflow, False)}")
    return _Sankey(order, link_list, title, trace.outflow, zh)


def _depths(nodes: dict[Any, _SNode], links: dict[tuple[Any, Any], int], root: Any) -> None:
    """Longest path from the source (so every link goes right); BFS order where there is a cycle."""
    out = defaultdict(list)
    indeg: defaultdict[Any, int] = defaultdict(int)
    for a, b in links:
        out[a].append(b)
        indeg[b] += 1
    for n in nodes.values():
        n.depth = 0
    ready = [k for k in nodes if indeg[k] == 0]
    seen = 0
    while ready:
        k = ready.pop()
        seen += 1
        for b in out[k]:
            nodes[b].depth = max(nodes[b].depth, nodes[k].depth + 1)
            indeg[b] -= 1
            if indeg[b] == 0:
                ready.append(b)
    if seen < len(nodes):  # a cycle: breadth-first depth from the source instead
        for n in nodes.values():
            n.depth = -1
        nodes[root].depth = 0
        frontier = [root]
        while frontier:
            nxt = []
            for k in frontier:
                for b in out[k]:
                    if nodes[b].depth < 0:
                        nodes[b].depth = nodes[k].depth + 1
                        nxt.append(b)
            frontier = nxt
        for n in nodes.values():
            n.depth = max(n.depth, 0)


def _kind_class(n: _SNode) -> str:
    """What a node merges as: kept money (grey), households, projects or partners."""
    if n.kind == "kept" or (n.kind == "partner" and not n.outflow):
        return "kept"
    return {"project": "project", "households": "households", "household": "households"}.get(n.kind, "partner")


def _merge_small(nodes: dict[Any, _SNode], links: dict[tuple[Any, Any], int], max_nodes: int,
                 zh: bool) -> tuple[dict[Any, _SNode], dict[tuple[Any, Any], int]]:
    """Keeps the largest nodes; the rest merge, column by column and kind by kind (partners,
    projects, households, kept money; ends apart from nodes that pass money on), into one
    "others" node each, so that the money still adds up and keeps its colour."""
    depths = {n.depth for n in nodes.values()}
    budget = max(1, max_nodes - 4 * len(depths))
    ranked = sorted((n for n in nodes.values() if n.kind != "source"), key=lambda n: -n.value)
    keep = {n.key for n in ranked[:budget]} | {n.key for n in nodes.values() if n.kind == "source"}
    merged: dict[Any, _SNode] = {}
    target = {}
    for n in nodes.values():
        if n.key in keep:
            target[n.key] = n.key
            continue
        kind = _kind_class(n)
        mk = ("others", n.depth, kind, not n.outflow)
        m = merged.get(mk)
        if m is None:
            m = merged[mk] = _SNode(mk, "", kind if kind in ("kept", "households") else "others", count=0,
                                    depth=n.depth, colour_of=kind)
        m.count += n.count
        m.members.add(n.key)
        target[n.key] = mk
    shown = {(n.depth, _kind_class(n)) for n in nodes.values() if n.key in keep}
    for (_, depth, kind, _), m in merged.items():
        other = (depth, kind) in shown  # "other" only beside nodes of the same kind that are shown
        zh_other, en_other = ("其他", "other ") if other else ("", "")
        if kind == "households":
            m.name = f"{zh_other}{m.count}户" if zh else f"{m.count} {en_other}households"
        elif kind == "project":
            m.name = f"{zh_other}{m.count}个项目" if zh else f"{m.count} {en_other}projects"
        elif kind == "kept":
            m.name = f"{zh_other}{m.count}处留存" if zh else f"kept by {m.count} {en_other}partners"
        else:
            m.name = f"{zh_other}{m.count}个单位" if zh else f"{m.count} {en_other}partners"
    new_nodes = {k: nodes[k] for k in keep}
    new_nodes.update(merged)
    new_links: dict[tuple[Any, Any], int] = defaultdict(int)
    for (a, b), fen in links.items():
        ta, tb = target[a], target[b]
        if ta != tb:
            new_links[(ta, tb)] += fen
    # flows between two merged nodes of one column vanish; recount in/out from the links
    for n in new_nodes.values():
        n.inflow = n.outflow = 0
    for (a, b), fen in new_links.items():
        new_nodes[a].outflow += fen
        new_nodes[b].inflow += fen
    return new_nodes, new_links


def _node_label(n: _SNode, zh: bool) -> str:
    if isinstance(n.key, tuple) and n.key[0] == "others":
        return n.name
    if n.kind == "households":
        return f"{n.name} {n.count}户" if zh else f"{n.count} households, {n.name}"
    if n.kind == "kept":
        return f"{n.name} 留存" if zh else f"kept by {n.name}"
    if n.kind == "partner" and not n.outflow:
        return f"{n.name} (留存)" if zh else f"{n.name} (kept)"
    return n.name


def _node_colour(n: _SNode) -> str:
    if n.colour_of:
        return COLOURS.get(n.colour_of, COLOURS["others"])
    if n.kind == "partner" and not n.outflow:
        return COLOURS["kept"]
    return COLOURS.get(n.kind, COLOURS["others"])


def sankey(trace: Trace, *, lang: str | None = None, households: str = "village", max_nodes: int = 40,
           title: str | None = None) -> Figure:
    """Where the money that left a source went: a Sankey diagram of ``reg.trace(source)``.

    Bands are money (万元) node to node along ``trace.edges``. Money a partner kept is grey: a
    partner where money ended is marked kept, and a partner that kept some and passed the rest
    on gets a grey "kept" node beside its onward bands. Households are drawn one node per
    village (``households="each"`` draws each); beyond ``max_nodes`` the smallest nodes of each
    column merge into one "others" node, so the money still adds up to ``trace.outflow``.
    """
    data = _sankey_data(trace, lang, households, max_nodes, title)
    return Figure("sankey", data.title, lambda: _sankey_plotly(data), lambda fig: _sankey_static(data, fig))


def _sankey_plotly(data: _Sankey) -> Any:
    import plotly.graph_objects as go

    zh = data.zh
    labels = [escape(f"{_node_label(n, zh)}  {_money_text(Money.from_fen(n.value), zh, exact=False)}")
              for n in data.nodes]
    hover = [escape(_node_label(n, zh)) + "<br>" + escape(_money_text(Money.from_fen(n.value), zh)) +
             ("元" if zh else "") for n in data.nodes]
    link_text = [escape(f"{_node_label(data.nodes[a], zh)} → {_node_label(data.nodes[b], zh)}: "
                        f"{_money_text(Money.from_fen(fen), zh)}") for a, b, fen, _ in data.links]
    sk = go.Sankey(
        arrangement="snap",
        valueformat=",.2f",
        valuesuffix="万" if zh else " × 10k yuan",
        node=dict(label=labels, color=[_node_colour(n) for n in data.nodes], pad=14, thickness=16,
                  customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                  line=dict(color="rgba(0,0,0,0.3)", width=0.5)),
        link=dict(source=[a for a, *_ in data.links], target=[b for _, b, *_ in data.links],
                  value=[fen / 1_000_000 for _, _, fen, _ in data.links],
                  color=[_rgba(_node_colour(data.nodes[b]), 0.4) for _, b, _, _ in data.links],
                  customdata=link_text, hovertemplate="%{customdata}<extra></extra>"),
    )
    fig = go.Figure(sk)
    height = max(420, min(1600, 140 + 30 * max(_column_sizes(data).values())))
    fig.update_layout(title=dict(text=escape(data.title)), font=dict(size=12), height=height,
                      margin=dict(l=20, r=20, t=60, b=20))
    return fig


def _column_sizes(data: _Sankey) -> dict[int, int]:
    sizes: dict[int, int] = defaultdict(int)
    for col in _columns(data).values():
        sizes[col] += 1
    return sizes or {0: 1}


def _columns(data: _Sankey) -> dict[int, int]:
    """Column of each node: its depth; nodes where money ends go to the last column."""
    outgoing = {a for a, *_ in data.links}
    last = max((n.depth for n in data.nodes), default=0)
    return {i: (n.depth if i in outgoing or n.kind == "source" else max(last, 1)) for i, n in enumerate(data.nodes)}


@dataclass
class _Layout:
    x: dict[int, float]  # node → column (left edge)
    y0: dict[int, float]  # node → bottom
    h: dict[int, float]  # node → height
    start: dict[int, float]  # link → top where it leaves its source
    end: dict[int, float]  # link → top where it enters its target
    scale: float  # height per fen
    ncols: int
    most: int  # nodes in the fullest column


def _sankey_layout(data: _Sankey) -> _Layout:
    """Columns by depth, nodes stacked by the height of the bands that feed them, two passes."""
    cols = _columns(data)
    ncols = max(cols.values()) + 1
    by_col: dict[int, list[int]] = defaultdict(list)
    for i, c in cols.items():
        by_col[c].append(i)
    most = max(len(v) for v in by_col.values())
    gap = min(0.03, 0.3 / max(1, most - 1))
    scale = min((1 - gap * (len(v) - 1)) / max(1, sum(data.nodes[i].value for i in v)) for v in by_col.values())
    h = {i: data.nodes[i].value * scale for i in cols}
    incoming = defaultdict(list)
    for k, (_, b, _, _) in enumerate(data.links):
        incoming[b].append(k)

    def place(key: Callable[[int, dict[int, float]], float]) -> dict[int, float]:
        y0: dict[int, float] = {}
        for c in range(ncols):
            # merged "others" nodes go to the bottom of their column
            members = sorted(by_col.get(c, []), key=lambda i: (bool(data.nodes[i].colour_of), -key(i, y0),
                                                                 -data.nodes[i].value))
            used = sum(h[i] for i in members) + gap * (len(members) - 1)
            top = 1 - (1 - used) / 2
            for i in members:
                y0[i] = top - h[i]
                top = y0[i] - gap
        return y0

    def bands(y0: dict[int, float]) -> tuple[dict[int, float], dict[int, float]]:
        mid = {i: y0[i] + h[i] / 2 for i in cols}
        start: dict[int, float] = {}
        end: dict[int, float] = {}
        for i in cols:
            off = y0[i] + h[i]
            for k in sorted((k for k, l in enumerate(data.links) if l[0] == i), key=lambda k: -mid[data.links[k][1]]):
                start[k] = off
                off -= data.links[k][2] * scale
            off = y0[i] + h[i]
            for k in sorted(incoming[i], key=lambda k: -mid[data.links[k][0]]):
                end[k] = off
                off -= data.links[k][2] * scale
        return start, end

    def by_source_centre(i: int, y0: dict[int, float]) -> float:
        ins = [(data.links[k][0], data.links[k][2]) for k in incoming[i] if data.links[k][0] in y0]
        total = sum(f for _, f in ins)
        return sum((y0[a] + h[a] / 2) * f for a, f in ins) / total if total else 0.0

    y0 = place(by_source_centre)
    start, _ = bands(y0)

    def by_band(i: int, y0_now: dict[int, float]) -> float:  # where the bands that feed a node leave their sources
        total = sum(data.links[k][2] for k in incoming[i])
        if not total:
            return 0.0
        return sum((start[k] - data.links[k][2] * scale / 2) * data.links[k][2] for k in incoming[i]) / total

    y0 = place(by_band)
    start, end = bands(y0)
    x = {i: float(c) for i, c in cols.items()}
    return _Layout(x, y0, h, start, end, scale, ncols, most)


def _spread(ys: list[float], step: float, low: float, high: float) -> list[float]:
    """Label positions near ``ys`` (sorted top first) at least ``step`` apart, within [low, high]."""
    out: list[Any] = []
    for y in ys:
        out.append(min(y, out[-1] - step) if out else min(y, high))
    if out and out[-1] < low:
        out[-1] = low
        for k in range(len(out) - 2, -1, -1):
            out[k] = max(out[k], out[k + 1] + step)
    return out


def _sankey_static(data: _Sankey, fig: Any) -> None:
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    zh = data.zh
    lay = _sankey_layout(data)
    height = max(4.5, min(24.0, 1.2 + 0.42 * lay.most))
    fig.set_size_inches(min(18.0, 2.8 * lay.ncols + 3.2), height)
    ax = fig.add_subplot()
    ax.set_axis_off()
    width = 0.05
    for k, (a, b, fen, _) in enumerate(data.links):
        t = fen * lay.scale
        xa, xb = lay.x[a] + width, lay.x[b]
        ya, yb = lay.start[k], lay.end[k]
        mid = (xa + xb) / 2
        verts = [(xa, ya), (mid, ya), (mid, yb), (xb, yb), (xb, yb - t), (mid, yb - t), (mid, ya - t), (xa, ya - t),
                 (xa, ya)]
        codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.LINETO, MplPath.CURVE4,
                 MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=_node_colour(data.nodes[b]), alpha=0.35,
                               edgecolor="none"))
    for i, n in enumerate(data.nodes):
        ax.add_patch(Rectangle((lay.x[i], lay.y0[i]), width, max(lay.h[i], 0.002), facecolor=_node_colour(n),
                               edgecolor="none"))
    # labels: name and money on two lines (one line in a crowded column), spread apart so that they
    # never overlap within a column
    columns: dict[float, list[int]] = defaultdict(list)
    for i in lay.x:
        columns[lay.x[i]].append(i)
    for col, members in columns.items():
        lines = 1 if len(members) > 8 else 2
        step = (lines + 0.35) * 9 * 1.2 / 72 / (height * 0.9)
        members.sort(key=lambda i: -(lay.y0[i] + lay.h[i] / 2))
        if len(members) * step > 1.06:  # too many to label: the largest only
            keep = sorted(members, key=lambda i: -lay.h[i])[:int(1.06 / step)]
            members = [i for i in members if i in keep]
        ys = _spread([lay.y0[i] + lay.h[i] / 2 for i in members], step, -0.02 + step / 2, 1.02 - step / 2)
        for i, y in zip(members, ys):
            n = data.nodes[i]
            gap_text = "  " if lines == 1 else "\n"
            text = f"{_node_label(n, zh)}{gap_text}{_money_text(Money.from_fen(n.value), zh, exact=False)}"
            ax.text(lay.x[i] + width + 0.02, y, _tex(text), va="center", ha="left", fontsize=9,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", alpha=0.75, edgecolor="none"))
    ax.set_xlim(-0.05, lay.ncols - 1 + 0.8)
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(_tex(data.title), loc="left", fontsize=12)


# ------------------------------------------------------------------------------------------- report

# a panel of the report's picture: (area, its title, [(label, value, text, detail, key)])
_Row = tuple[str, float, str, bool, str]
_Panel = tuple[str, str, list[_Row]]


def _report_panels(rep: Report, zh: bool, all: bool) -> list[_Panel]:
    key = "label_zh" if zh else "label_en"
    panels = []
    for area, (area_zh, area_en) in AREAS.items():
        rows: list[_Row] = []
        for i in rep.indicators:
            if i["area"] != area or i["value"] is None or not (all or i["value"] or i["key"].count(".") == 1):
                continue  # a bar of nothing reported would read as zero
            value = i["value"]
            money = isinstance(value, Money)
            number = _wan(value) if money else float(value)
            text = format(value.wan, ",") if money else f"{value:,}"
            unit = UNITS["yuan" if money else i["unit"]][0 if zh else 1]
            rows.append((i[key], number, f"{text} {unit}".strip(), i["key"].count(".") > 1, i["key"]))
        if rows:
            panels.append((area, area_zh if zh else area_en, rows))
    return panels


def _report_title(rep: Report, zh: bool) -> str:
    scope = rep.scope or {}
    parts = [str(scope["year"]) if scope.get("year") else ("全部年份" if zh else "all years")]
    if scope.get("east") is not None or scope.get("west") is not None:
        parts.append(f"{scope.get('east') or '—'} → {scope.get('west') or '—'}")
    head = "东西部协作年度报告" if zh else "East-West collaboration report"
    return f"{head} · {' · '.join(parts)}"


def report(rep: Report, *, lang: str | None = None, all: bool = False) -> Figure:
    """The report's indicators: one panel of bars per area, each bar labelled with its value and
    unit (money in 万元). Detail rows that are zero are left out unless ``all``."""
    expect(rep, Report, "rep", f"report: expected the result of Registry.report, got {type(rep).__name__}")
    expect(all, bool, "all", f"all: expected True or False, got {all!r}")
    zh = _lang(lang if lang is not None else getattr(rep, "lang", None))
    panels = _report_panels(rep, zh, all)
    title = _report_title(rep, zh)
    return Figure("report", title, lambda: _report_plotly(panels, title),
                  lambda fig: _report_static(panels, title, fig))


def _report_plotly(panels: list[_Panel], title: str) -> Any:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    ncols = 2
    nrows = math.ceil(len(panels) / ncols)
    heights = [max(len(p[2]) for p in panels[r * ncols:(r + 1) * ncols]) + 1.5 for r in range(nrows)]
    fig = make_subplots(rows=nrows, cols=ncols, subplot_titles=[escape(p[1]) for p in panels],
                        row_heights=heights, horizontal_spacing=0.32, vertical_spacing=0.04)
    for k, (area, _, rows) in enumerate(panels):
        r, c = k // ncols + 1, k % ncols + 1
        colour = AREA_COLOURS.get(area, "#4472c4")
        fig.add_trace(go.Bar(
            orientation="h", y=list(range(len(rows))), x=[v for _, v, *_ in rows],
            text=[escape(t) for _, _, t, *_ in rows], textposition="outside", cliponaxis=False,
            marker=dict(color=[_rgba(colour, 0.35 if key in BESIDE else 0.55 if detail else 0.95)
                               for *_, detail, key in rows]),
            customdata=[escape(f"{lbl} ({key}): {t}") for lbl, _, t, _, key in rows],
            hovertemplate="%{customdata}<extra></extra>", showlegend=False), row=r, col=c)
        fig.update_yaxes(tickvals=list(range(len(rows))),
                         ticktext=[escape(("· " if detail else "") + lbl) for lbl, _, _, detail, _ in rows],
                         autorange="reversed", row=r, col=c)
        top = max((v for _, v, *_ in rows), default=0)
        fig.update_xaxes(range=[0, top * 1.35 if top > 0 else 1], showticklabels=False, showgrid=False,
                         row=r, col=c)
    fig.update_layout(title=dict(text=escape(title)), height=int(60 + 26 * sum(heights)), bargap=0.25,
                      margin=dict(l=20, r=20, t=80, b=20), font=dict(size=11))
    return fig


def _report_static(panels: list[_Panel], title: str, fig: Any) -> None:
    ncols = 2
    nrows = math.ceil(len(panels) / ncols)
    heights = [max(len(p[2]) for p in panels[r * ncols:(r + 1) * ncols]) + 1.2 for r in range(nrows)]
    fig.set_size_inches(13, 0.8 + 0.3 * sum(heights))
    grid = fig.add_gridspec(nrows, ncols, height_ratios=heights)
    for k, (area, name, rows) in enumerate(panels):
        ax = fig.add_subplot(grid[k // ncols, k % ncols])
        span = heights[k // ncols] - 1.2  # bars keep one thickness across panels of a row
        colour = AREA_COLOURS.get(area, "#4472c4")
        ys = list(range(len(rows)))
        values = [v for _, v, *_ in rows]
        ax.barh(ys, values, color=[colour] * len(rows), alpha=None, height=0.7)
        for patch, (_, _, _, detail, key) in zip(ax.patches, rows):
            patch.set_alpha(0.35 if key in BESIDE else 0.5 if detail else 0.95)
        top = max(values, default=0) or 1
        for yv, (_, v, text, *_) in zip(ys, rows):
            ax.text(v + top * 0.02, yv, _tex(text), va="center", ha="left", fontsize=8)
        ax.set_yticks(ys, [_tex(("· " if d else "") + lbl) for lbl, _, _, d, _ in rows], fontsize=8,
                      fontfamily=_families())
        ax.set_xlim(0, top * 1.4)
        ax.set_ylim(span - 0.5, -0.6)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.spines["left"].set_bounds(len(rows) - 0.5, -0.5)
        ax.set_title(_tex(name), loc="left", fontsize=10, color=colour)
    fig.suptitle(_tex(title), x=0.01, ha="left", fontsize=12)


# ----------------------------------------------------------------------------------------- pairings

def _year(date: object) -> int | None:
    if not date:
        return None
    return int(str(date)[:4])


def _partner_path(p: Any) -> tuple[str, ...]:
    names = []
    seen = 0
    while p is not None and seen < 64:
        names.append(p.name)
        p = p.parent
        seen += 1
    return tuple(reversed(names))


@dataclass
class _Network:
    nodes: list[Any]  # (key, label, side, x, y, degree, kind)
    edges: list[tuple[int, int, str, int]]  # (i, j, kind, count)
    title: str
    zh: bool


def _pairings_data(reg: Registry, year: int | None, lang: str | None, households: str, title: str | None) -> _Network:
    expect(reg, Registry, "reg", f"pairings: expected a Registry, got {type(reg).__name__}")
    if year is not None:
        expect(year, int, "year", f"year: expected a year such as 2018, got {year!r}")
        if not 1 <= year <= 9999:
            raise ValidationError(f"year: expected a year such as 2018, got {year!r}", field="year",
                                  value=str(year), reason="out_of_range")
    zh = _lang(lang)
    _households(households)
    _title(title)
    keys: dict[Any, dict[str, Any]] = {}
    edge_count: dict[tuple[Any, Any, str], int] = defaultdict(int)

    def node(x: Any) -> Any:
        if _node_kind(x) == "household":
            village = x.village
            side = getattr(village, "side", "west") or "west"
            if households == "village":
                k = ("households", village)
                label = f"{village.name}的农户" if zh else f"households of {village.name}"
            else:
                k = x
                label = _name(x)
            keys.setdefault(k, {"label": label, "side": side, "path": (*_partner_path(village), label),
                                "kind": "households", "count": 0})
            if households == "village":
                keys[k].setdefault("members", set()).add(x.id)
            return k
        keys.setdefault(x, {"label": x.name, "side": x.side, "path": _partner_path(x), "kind": x.kind, "count": 0})
        return x

    for p in reg.pairings:
        if year is not None:
            since, until = _year(p.since), _year(p.until)
            if (since is not None and since > year) or (until is not None and until < year):
                continue
        a, b = node(p.a), node(p.b)
        edge_count[(a, b, p.kind)] += 1
        keys[a]["count"] += 1
        keys[b]["count"] += 1
    for info in keys.values():
        if "members" in info:
            n = len(info["members"])
            info["label"] = (info["label"].replace("的农户", f"的{n}户") if zh else
                             info["label"].replace("households", f"{n} households"))
    # east on the left, west on the right, others between; the west ordered by the east it is paired with
    columns = {"east": 0.0, "west": 1.0}
    order: dict[float, list[Any]] = defaultdict(list)
    for k, info in keys.items():
        order[columns.get(info["side"], 0.5)].append(k)
    pos: dict[Any, float] = {}
    for x in (0.0, 0.5, 1.0):
        members = order.get(x, [])
        if x == 0.0 or not pos:
            members.sort(key=lambda k: keys[k]["path"])
        else:
            def bary(k: Any) -> tuple[float, Any]:
                ys = [pos[o] for (a, b, _) in edge_count for o in ((b,) if a == k else (a,) if b == k else ())
                      if o in pos]
                return (sum(ys) / len(ys) if ys else 2.0, keys[k]["path"])
            members.sort(key=bary)
        n = len(members)
        for r, k in enumerate(members):
            pos[k] = (r + 0.5) / n if n else 0.5
    nodes: list[Any] = []
    index = {}
    for k, info in keys.items():
        x = columns.get(info["side"], 0.5)
        index[k] = len(nodes)
        nodes.append((k, info["label"], info["side"], x, 1 - pos[k], info["count"], info["kind"]))
    edges = [(index[a], index[b], kind, c) for (a, b, kind), c in edge_count.items()]
    if title is None:
        total = sum(c for *_, c in edges)
        when = f"{year}年 · " if zh and year else f"{year} · " if year else ""
        title = f"结对关系 · {when}{total}对" if zh else f"Pairings · {when}{total}"
    return _Network(nodes, edges, title, zh)


def pairings(reg: Registry, *, year: int | None = None, lang: str | None = None, households: str = "village",
             title: str | None = None) -> Figure:
    """Who is paired with whom: the east's partners on the left, the west's on the right, one line
    per pairing coloured by its kind. ``year`` keeps the pairings active in that year. Households
    paired with families are drawn one node per village (``households="each"`` draws each)."""
    data = _pairings_data(reg, year, lang, households, title)
    return Figure("pairings", data.title, lambda: _pairings_plotly(data), lambda fig: _pairings_static(data, fig))


def _kind_label(kind: str, zh: bool) -> str:
    zh_name, en_name, _ = PAIRING_KINDS.get(kind, (kind, kind, "#7f7f7f"))
    return zh_name if zh else en_name


def _pairings_plotly(data: _Network) -> Any:
    import plotly.graph_objects as go

    zh = data.zh
    fig = go.Figure()
    by_kind: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
    for e in data.edges:
        by_kind[e[2]].append(e)
    for kind, edges in by_kind.items():
        xs, ys = [], []
        for i, j, _, _ in edges:
            xs += [data.nodes[i][3], data.nodes[j][3], None]
            ys += [data.nodes[i][4], data.nodes[j][4], None]
        colour = PAIRING_KINDS.get(kind, ("", "", "#7f7f7f"))[2]
        count = sum(c for *_, c in edges)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=1.6), hoverinfo="skip",
                                 name=escape(f"{_kind_label(kind, zh)} ({count})")))
    show_text = max((sum(1 for n in data.nodes if n[3] == x) for x in (0.0, 0.5, 1.0)), default=0) <= 80
    for x, position in ((0.0, "middle left"), (0.5, "top center"), (1.0, "middle right")):
        mine = [n for n in data.nodes if n[3] == x]
        if not mine:
            continue
        fig.add_trace(go.Scatter(
            x=[n[3] for n in mine], y=[n[4] for n in mine], mode="markers+text" if show_text else "markers",
            text=[escape(n[1]) for n in mine], textposition=position, showlegend=False,
            marker=dict(size=[7 + 2.5 * math.sqrt(n[5]) for n in mine],
                        color=["#c00000" if n[2] == "east" else "#4472c4" if n[2] == "west" else "#7f7f7f"
                               for n in mine], line=dict(color="white", width=1)),
            customdata=[escape(f"{n[1]} · {n[6]} · {n[5]}") for n in mine],
            hovertemplate="%{customdata}<extra></extra>"))
    rows = max((sum(1 for n in data.nodes if n[3] == x) for x in (0.0, 0.5, 1.0)), default=1)
    east, west = ("东部", "西部") if zh else ("east", "west")
    fig.update_layout(title=dict(text=escape(data.title)), height=max(420, min(2400, 140 + 30 * rows)),
                      xaxis=dict(visible=False, range=[-0.7, 1.7]), yaxis=dict(visible=False, range=[-0.03, 1.05]),
                      plot_bgcolor="white", margin=dict(l=20, r=20, t=60, b=20), legend=dict(orientation="h"),
                      annotations=[dict(x=0, y=1.04, text=east, showarrow=False, font=dict(size=14, color="#c00000")),
                                   dict(x=1, y=1.04, text=west, showarrow=False, font=dict(size=14, color="#4472c4"))])
    return fig


def _pairings_static(data: _Network, fig: Any) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    zh = data.zh
    rows = max((sum(1 for n in data.nodes if n[3] == x) for x in (0.0, 0.5, 1.0)), default=1)
    fig.set_size_inches(11, max(4.0, min(30.0, 1.5 + 0.3 * rows)))
    ax = fig.add_subplot()
    ax.set_axis_off()
    handles = []
    by_kind: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
    for e in data.edges:
        by_kind[e[2]].append(e)
    for kind, edges in by_kind.items():
        colour = PAIRING_KINDS.get(kind, ("", "", "#7f7f7f"))[2]
        segs = [((data.nodes[i][3], data.nodes[i][4]), (data.nodes[j][3], data.nodes[j][4])) for i, j, _, _ in edges]
        ax.add_collection(LineCollection(segs, colors=colour, linewidths=1.4, alpha=0.8))
        count = sum(c for *_, c in edges)
        handles.append(Line2D([], [], color=colour, lw=2, label=_tex(f"{_kind_label(kind, zh)} ({count})")))
    colours = ["#c00000" if n[2] == "east" else "#4472c4" if n[2] == "west" else "#7f7f7f" for n in data.nodes]
    ax.scatter([n[3] for n in data.nodes], [n[4] for n in data.nodes], s=[20 + 12 * n[5] ** 0.5 * 4 for n in data.nodes],
               c=colours, zorder=3, edgecolors="white", linewidths=0.8)
    if rows <= 80:
        for n in data.nodes:
            ha = "right" if n[3] == 0.0 else "left" if n[3] == 1.0 else "center"
            dx = -0.025 if n[3] == 0.0 else 0.025 if n[3] == 1.0 else 0.0
            ax.text(n[3] + dx, n[4], _tex(n[1]), ha=ha, va="center", fontsize=8)
    east, west = ("东部", "西部") if zh else ("east", "west")
    ax.text(0.0, 1.04, east, ha="center", fontsize=12, color="#c00000")
    ax.text(1.0, 1.04, west, ha="center", fontsize=12, color="#4472c4")
    ax.set_xlim(-0.75, 1.75)
    ax.set_ylim(-0.04, 1.08)
    if handles:
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.06), ncol=min(4, len(handles)),
                  frameon=False, fontsize=8)
    ax.set_title(_tex(data.title), loc="left", fontsize=12)
