"""How shanhai's objects show themselves in a notebook: ``_repr_html_`` and plain ``repr``.

The registry, its tables, the report, totals, trace results and check findings show themselves
through the functions here (their ``_repr_html_`` calls them). Every piece of user text (names,
notes, messages) is escaped.
Money is shown in 万元 (10,000 yuan), exactly, with thousands separators.

Language and size are set once for a session through ``options``, or per report::

    sh.display.options.lang = "en"      # every report shows its English labels
    rep.lang = "zh"                     # this report in Chinese, whatever the default
    sh.display.options.max_rows = 20    # rows shown of a table, a trace, totals
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from . import _core, _personal, _results
from ._core import Money
from ._errors import ValidationError, expect
from ._results import AREAS, UNITS, Finding, Findings, Report, Totals, Trace, _zh as _lang_zh

if TYPE_CHECKING:
    from ._registry import Registry, Table

__all__ = ["Options", "options", "money_html", "report_html", "registry_html", "table_html",
           "totals_html", "trace_html", "findings_html"]


@dataclass
class Options:
    """Display settings: ``lang`` ('zh' or 'en') for reports and headings, ``max_rows`` for the
    rows shown of a table, a trace or totals, ``max_items`` for the findings of a check and the
    report's figures as reported."""

    lang: str = "zh"
    max_rows: int = 10
    max_items: int = 50

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "lang":
            _lang_zh(value)
        if name in ("max_rows", "max_items"):
            expect(value, int, name, f"{name} must be a positive int, got {value!r}")
            if value < 1:
                raise ValidationError(f"{name} must be a positive int, got {value!r}", field=name,
                                      value=str(value), reason="not_positive")
        object.__setattr__(self, name, value)


options = Options()

TABLE_LABELS = {
    "partners": ("单位与地区", "partners"),
    "pairings": ("结对关系", "pairings"),
    "flows": ("资金流", "flows"),
    "projects": ("项目", "projects"),
    "households": ("农户", "households"),
    "benefits": ("受益记录", "benefits"),
    "exchanges": ("人才交流", "exchanges"),
    "trainings": ("培训", "trainings"),
    "labour": ("劳务协作", "labour"),
    "wishes": ("微心愿", "wishes"),
    "events": ("活动", "events"),
    "persons": ("家庭成员", "persons"),
    "status_changes": ("状态变化", "status changes"),
    "employment": ("车间务工", "employment"),
    "targets": ("目标", "targets"),
    "expectations": ("公开数字", "published figures"),
    "figures": ("公开汇总数", "published aggregates"),
}

TEXT_COLUMNS = {"note", "purpose", "text"}  # free text: wraps; every other cell stays on one line

NODE_TABLES = {"Partner": ("单位", "partner"), "Project": ("项目", "project"), "Household": ("农户", "household"),
               "Flow": ("资金流", "flow")}

SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}

STYLE = """<style>
.shanhai table{border-collapse:collapse;margin:0.3em 0;font-size:0.92em}
.shanhai caption{caption-side:top;text-align:left;font-weight:bold;padding:0.2em 0.3em;white-space:nowrap}
.shanhai th,.shanhai td{padding:0.2em 0.7em;text-align:left;vertical-align:top;border-bottom:1px solid rgba(127,127,127,0.25);white-space:nowrap}
.shanhai td.text{white-space:normal;min-width:14em}
.shanhai thead th{border-bottom:1px solid rgba(127,127,127,0.7)}
.shanhai td.num,.shanhai th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.shanhai tr.area th{padding-top:0.7em;border-bottom:1px solid rgba(127,127,127,0.7)}
.shanhai tr.detail td:first-child{padding-left:2.2em;opacity:0.85}
.shanhai tr.sum td{font-weight:bold;border-top:1px solid rgba(127,127,127,0.7)}
.shanhai .muted{opacity:0.6}
.shanhai .badge{display:inline-block;padding:0 0.45em;border-radius:0.6em;color:#fff;font-size:0.85em}
.shanhai details{margin:0.3em 0}
</style>"""


def _zh(lang: str | None) -> bool:
    return _lang_zh(options.lang if lang is None else lang)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def money_html(m: Money, unit: bool = False, zh: bool = True) -> str:
    """Money in 万元, exact, with thousands separators: ``2,210.2``; with ``unit`` ``2,210.2 万元``.
    Another currency in its units: ``450,638,423``; with ``unit`` ``450,638,423 USD``."""
    if m.currency != "CNY":
        return format(m.amount, ",") + (f" {m.currency}" if unit else "")
    text = format(m.wan, ",")
    return text + ((" 万元" if zh else " 10k yuan") if unit else "")


def label(node: Any) -> str:
    """A readable name for a handle: its name, or 'Household 3 (number)', or the value itself."""
    if isinstance(node, tuple) and len(node) == 2 and isinstance(node[0], str):  # (table, id): an expectation
        return f"{node[0]} {node[1]}"
    if type(node).__name__ == "Flow" and type(node).__module__.startswith("shanhai"):
        amount = node.amount
        return f"flow {node.id} ({money_html(amount)}{'万' if amount.currency == 'CNY' else ' ' + amount.currency})"
    if node is None:  # money that ended where no one said (a figure naming no recipient)
        return "not known"
    if hasattr(node, "id") and type(node).__module__.startswith("shanhai"):
        text: str = _results._label(node)
        return text
    return str(node)


def _wrap(body: str) -> str:
    return f'<div class="shanhai">{STYLE}{body}</div>'


def _share(part: Money, whole: Money | None) -> str:
    if whole is None or not whole.minor:
        return ""
    return f"{100 * part.minor / whole.minor:.1f}%"


# --------------------------------------------------------------------------------------- registry

def registry_html(reg: Registry, lang: str | None = None) -> str:
    """The registry: one row per table with its count of rows."""
    zh = _zh(lang)
    rows = []
    total = 0
    for name, (name_zh, _) in TABLE_LABELS.items():
        n = len(getattr(reg, name))
        total += n
        cls = "" if n else ' class="muted"'
        title = f"{_e(name_zh)} <span class=\"muted\">{_e(name)}</span>" if zh else _e(name)
        rows.append(f"<tr{cls}><td>{title}</td><td class=\"num\">{n:,}</td></tr>")
    head = ("<thead><tr><th>表</th><th class=\"num\">行数</th></tr></thead>" if zh else
            "<thead><tr><th>table</th><th class=\"num\">rows</th></tr></thead>")
    caption = "shanhai 登记册 Registry" if zh else "shanhai Registry"
    foot = f"<tr class=\"sum\"><td>{'合计' if zh else 'total'}</td><td class=\"num\">{total:,}</td></tr>"
    return _wrap(f"<table><caption>{caption}</caption>{head}<tbody>{''.join(rows)}{foot}</tbody></table>")


# ------------------------------------------------------------------------------------------ tables

_COLUMN_NAMES: dict[type, list[str]] = {}


def _columns(view: Table[Any]) -> list[str]:
    """The columns of a table, read once from an empty registry (cheap at any scale)."""
    kind = type(view._view)  # the compiled view's class (PartnerTable, ...)
    if kind not in _COLUMN_NAMES:
        empty = _core.Registry()
        for name in TABLE_LABELS:
            other = getattr(empty, name)
            _COLUMN_NAMES[type(other)] = list(other._raw_columns())
    return _COLUMN_NAMES[kind]


def _table_name(view: Table[Any]) -> str:
    """The registry attribute of a table ('flows'); ``view.name`` is the singular ('flow')."""
    if not _TABLE_NAMES:
        empty = _core.Registry()
        _TABLE_NAMES.update({type(getattr(empty, name)): name for name in TABLE_LABELS})
    return _TABLE_NAMES.get(type(view._view), view.name)


_TABLE_NAMES: dict[type, str] = {}


def _cell(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Money):
        return f'<span title="{_e(value.yuan)} 元">{money_html(value)}</span>'
    if isinstance(value, dict):
        return _e(", ".join(f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}" for k, v in value.items()))
    if isinstance(value, list):
        return _e(", ".join(label(v) for v in value))
    if isinstance(value, bool):
        return _e(value)
    if isinstance(value, int):
        return f"{value:,}"
    return _e(label(value))


def table_html(view: Table[Any], max_rows: int | None = None) -> str:
    """The first rows of a table: id and every column, references by name, money in 万元."""
    n = len(view)
    shown = min(n, options.max_rows if max_rows is None else max_rows)
    name = _table_name(view)
    rows = [view[i] for i in range(shown)]
    values = _personal.apply(name, {c: [getattr(row, c) for row in rows] for c in _columns(view)}, "mask",
                             village_name=_personal.village_names(view),
                             restricted=_personal.restricted_rows(view, range(shown)))
    cols = list(values)
    money_cols = {c for c in cols if c in ("amount", "cost")}
    head = "".join(f'<th class="num">{_e(c)} (万元)</th>' if c in money_cols else f"<th>{_e(c)}</th>" for c in cols)
    body = []
    for i in range(shown):
        cells = []
        for c in cols:
            v = values[c][i]
            cls = (' class="num"' if c in money_cols or (isinstance(v, int) and not isinstance(v, bool)) else
                   ' class="text"' if c in TEXT_COLUMNS else "")
            cells.append(f"<td{cls}>{_cell(v)}</td>")
        body.append(f'<tr><td class="num">{i}</td>{"".join(cells)}</tr>')
    more = ""
    if n > shown:
        more = f'<tr><td class="muted" colspan="{len(cols) + 1}">… {n - shown:,} more rows (to_pandas() for all)</td></tr>'
    zh_name = TABLE_LABELS.get(name, (name, name))[0]
    caption = f"{_e(name)} <span class=\"muted\">{_e(zh_name)}</span> · {n:,} rows"
    return _wrap(f'<table><caption>{caption}</caption><thead><tr><th class="num">id</th>{head}</tr></thead>'
                 f"<tbody>{''.join(body)}{more}</tbody></table>")


# ------------------------------------------------------------------------------------------ report

def _value_html(value: object, unit: str, zh: bool) -> tuple[str, str]:
    if value is None:
        return ("未报告" if zh else "not reported"), ""
    if isinstance(value, Money):
        return money_html(value), UNITS["yuan"][0 if zh else 1]
    return f"{value:,}", UNITS.get(unit, ("", ""))[0 if zh else 1]


def _short_label(indicator: dict[str, Any], labels: dict[str, str], zh: bool) -> str:
    """A detail row's label without its parent's label in front: '教师' under '派出人才(东→西)'."""
    key = "label_zh" if zh else "label_en"
    text: str = indicator[key]
    parent = labels.get(indicator["key"].rsplit(".", 1)[0])
    if parent and text.startswith(parent) and len(text) > len(parent):
        rest = text[len(parent):].lstrip(":：· ").strip()
        if rest:
            return rest
    return text


def report_html(rep: Report, lang: str | None = None, all: bool = False) -> str:
    """The report as an aligned table by area, money in 万元; zero detail rows are left out unless
    ``all``; the money figures as reported follow, each once."""
    if lang is None:
        lang = getattr(rep, "lang", None)
    zh = _zh(lang)
    expect(all, bool, "all", f"all: expected True or False, got {all!r}")
    key = "label_zh" if zh else "label_en"
    labels = {i["key"]: i[key] for i in rep.indicators}
    scope = rep.scope or {}
    title = "东西部协作年度报告" if zh else "East-West collaboration report"
    parts = [str(scope["year"]) if scope.get("year") else ("全部年份" if zh else "all years")]
    if scope.get("east") is not None or scope.get("west") is not None:
        parts.append(f"{scope.get('east') or '—'} → {scope.get('west') or '—'}")
    rows = []
    for area, (area_zh, area_en) in AREAS.items():
        mine = [i for i in rep.indicators if i["area"] == area and (all or i["value"] or i["key"].count(".") == 1)]
        if not mine:
            continue
        other = area_en if zh else area_zh
        rows.append(f'<tr class="area"><th colspan="3">{_e(area_zh if zh else area_en)} '
                    f'<span class="muted">{_e(other)}</span></th></tr>')
        for i in mine:
            number, unit = _value_html(i["value"], i["unit"], zh)
            detail = i["key"].count(".") > 1
            text = _short_label(i, labels, zh) if detail else i[key]
            cls = ' class="detail"' if detail else ""
            rows.append(f'<tr{cls} title="{_e(i["key"])}"><td>{_e(text)}</td><td class="num">{number}</td>'
                        f"<td>{_e(unit)}</td></tr>")
    head = ('<thead><tr><th>指标</th><th class="num">数值</th><th>单位</th></tr></thead>' if zh else
            '<thead><tr><th>indicator</th><th class="num">value</th><th>unit</th></tr></thead>')
    caption = f"{_e(title)} · {_e(' · '.join(parts))}"
    html = f"<table><caption>{caption}</caption>{head}<tbody>{''.join(rows)}</tbody></table>"
    if rep.reported:
        summary = "各项资金(按报道,未去重)" if zh else "Money figures as reported (not deduplicated)"
        lines = []
        for f in rep.reported[:options.max_items]:
            src, dst = f.source, f.target
            lines.append(f'<tr><td class="num">{money_html(f.amount)}</td><td>{_e(label(src))} → {_e(label(dst))}</td>'
                         f'<td class="text">{_e(f.note)}</td></tr>')
        if len(rep.reported) > options.max_items:
            lines.append(f'<tr><td class="muted" colspan="3">… {len(rep.reported) - options.max_items:,} more '
                         f"(rep.reported for all)</td></tr>")
        unit = UNITS["yuan"][0 if zh else 1]
        where = "去向" if zh else "from → to"
        note = "说明" if zh else "note"
        html += (f"<details open><summary>{_e(summary)} ({len(rep.reported)})</summary><table><thead><tr>"
                 f'<th class="num">{unit}</th><th>{where}</th><th>{note}</th></tr></thead>'
                 f"<tbody>{''.join(lines)}</tbody></table></details>")
    return _wrap(html)


# ------------------------------------------------------------------------------------------ totals

def _key_cells(key: Any, by: list[str]) -> str:
    parts = key if isinstance(key, tuple) and len(by) != 1 else (key,)
    return "".join(f"<td>{_e(label(p))}</td>" for p in parts)


def totals_html(t: Totals, max_rows: int | None = None) -> str:
    """Totals: the groups, largest first, with their share; then the total, as reported and
    unexplained."""
    limit = options.max_rows if max_rows is None else max_rows
    total = _total_of(t)
    items = sorted(t.items(), key=lambda kv: -kv[1].minor)
    width = max(1, len(t.by))
    head = "".join(f"<th>{_e(b)}</th>" for b in t.by) or "<th></th>"
    body = [f'<tr>{_key_cells(k, t.by)}<td class="num">{money_html(v)}</td><td class="num">{_share(v, total)}</td></tr>'
            for k, v in items[:limit]]
    several = t._total is None  # split into several currencies, which are never added
    if len(items) > limit:
        rest = None if several else sum((v for _, v in items[limit:]), Money(0, items[0][1].currency))
        body.append(f'<tr class="muted"><td colspan="{width}">… {len(items) - limit:,} more groups</td>'
                    f'<td class="num">{"" if rest is None else money_html(rest)}</td>'
                    f'<td class="num">{"" if rest is None else _share(rest, total)}</td></tr>')

    def shown(figure: str) -> str:
        value = _total_of(t, figure)
        return ("per currency (never added)" if several else "per stage (not added across stages)") \
            if value is None else money_html(value)

    foot = [f'<tr class="sum"><td colspan="{width}">total (deduplicated)</td><td class="num">{shown("total")}</td>'
            '<td></td></tr>',
            f'<tr class="muted"><td colspan="{width}">as reported (sum of the matching flows)</td>'
            f'<td class="num">{shown("reported")}</td><td></td></tr>',
            f'<tr class="muted"><td colspan="{width}">unexplained remainders</td>'
            f'<td class="num">{shown("unexplained")}</td><td></td></tr>']
    by = ", ".join(t.by) if t.by else "(no grouping)"
    return _wrap(f"<table><caption>Totals by {_e(by)} · 万元</caption><thead><tr>{head}"
                 f'<th class="num">万元</th><th class="num">share</th></tr></thead>'
                 f"<tbody>{''.join(body)}{''.join(foot)}</tbody></table>")


def _total_of(t: Totals, figure: str = "total") -> Money | None:
    """The total (or reported, unexplained), or None for totals of several stages or currencies
    (which have none)."""
    try:
        value: Money = getattr(t, figure)
        return value
    except ValidationError:
        return None


def totals_repr(t: Totals) -> str:
    total = _total_of(t)
    shown = ("per currency" if t._total is None else "per stage") if total is None else repr(total)
    return f"Totals(by={t.by}, total={shown}, reported={_total_of(t, 'reported')!r}, groups={len(t)})"


# ------------------------------------------------------------------------------------------- trace

def trace_html(tr: Trace, max_rows: int | None = None) -> str:
    """Where the money ended: one row per node, largest first, with its share of the outflow."""
    limit = options.max_rows if max_rows is None else max_rows
    items = sorted(tr.items(), key=lambda kv: (-kv[1].minor, type(kv[0]).__name__, getattr(kv[0], "id", -1)))
    body = []
    for node, money in items[:limit]:
        table = NODE_TABLES.get(type(node).__name__, (type(node).__name__, type(node).__name__))
        body.append(f'<tr><td>{_e(label(node))}</td><td>{_e(table[1])} <span class="muted">{_e(table[0])}</span></td>'
                    f'<td class="num">{money_html(money)}</td><td class="num">{_share(money, tr.outflow)}</td></tr>')
    if len(items) > limit:
        rest = sum((v for _, v in items[limit:]), Money())
        body.append(f'<tr class="muted"><td colspan="2">… {len(items) - limit:,} more nodes</td>'
                    f'<td class="num">{money_html(rest)}</td><td class="num">{_share(rest, tr.outflow)}</td></tr>')
    foot = (f'<tr class="sum"><td colspan="2">outflow (all that left the source)</td>'
            f'<td class="num">{money_html(tr.outflow)}</td><td class="num">{"100.0%" if tr.outflow.minor else ""}</td></tr>')
    caption = f"Where the money from {_e(label(tr.source))} ended · {len(tr):,} nodes · 万元"
    return _wrap(f"<table><caption>{caption}</caption><thead><tr><th>node</th><th>table</th>"
                 f'<th class="num">万元</th><th class="num">share</th></tr></thead>'
                 f"<tbody>{''.join(body)}{foot}</tbody></table>")


# ---------------------------------------------------------------------------------------- findings

def _badge(severity: str) -> str:
    colour = SEVERITY_COLOURS.get(severity, "#616161")
    return f'<span class="badge" style="background:{colour}">{_e(severity)}</span>'


def _finding_row(f: Finding) -> str:
    figures = ""
    if f.expected is not None:
        figures = (f"expected {money_html(f.expected)} · actual {money_html(f.actual)} · "
                   f"difference {money_html(f.difference)} 万元")
    rows = ", ".join(label(h) for h in f.handles)
    return (f'<tr><td>{_badge(f.severity)}</td><td><code>{_e(f.code)}</code></td><td class="text">{_e(f.message)}</td>'
            f'<td class="num">{_e(figures)}</td><td>{_e(rows)}</td></tr>')


def findings_html(found: Findings) -> str:
    """Check findings: one row each, errors first, with the figures of a published figure that
    does not hold."""
    if not found:
        return _wrap('<table><caption>check: no findings</caption></table>')
    counts = {s: sum(1 for f in found if f.severity == s) for s in ("error", "warning", "info")}
    summary = ", ".join(f"{n:,} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    rows = [_finding_row(f) for f in found[:options.max_items]]
    if len(found) > options.max_items:
        rows.append(f'<tr><td class="muted" colspan="5">… {len(found) - options.max_items:,} more '
                    "(to_pandas() for all)</td></tr>")
    return _wrap(f"<table><caption>check: {_e(summary)}</caption><thead><tr><th>severity</th><th>code</th>"
                 '<th>message</th><th class="num">figures (万元)</th><th>rows</th></tr></thead>'
                 f"<tbody>{''.join(rows)}</tbody></table>")


def findings_repr(found: Findings) -> str:
    if not found:
        return "Findings([])"
    return "Findings([\n" + "".join(f"  {f!r},\n" for f in found) + "])"
