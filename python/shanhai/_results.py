"""Results as Python Mappings: totals and the report, with pandas, text and JSON views."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from ._core import Money

AREAS = {
    "leadership": ("组织领导", "Leadership"),
    "talent": ("人才交流", "Talent exchange"),
    "funds": ("资金支持", "Funds"),
    "industry": ("产业合作", "Industrial cooperation"),
    "labour": ("劳务协作", "Labour cooperation"),
    "pairing": ("携手奔小康", "Pairing"),
    "reach": ("受益覆盖", "Reach"),
    "wishes": ("微心愿", "Micro-wishes"),
}

UNITS = {
    "yuan": ("万元", "10k yuan"),
    "person_times": ("人次", "person-times"),
    "persons": ("人", "persons"),
    "households": ("户", "households"),
    "trainees": ("人", "trainees"),
    "count": ("个", ""),
}


class Totals(Mapping):
    """Deduplicated totals grouped by fields: ``t[key] -> Money``.

    With one field the keys are plain values (a handle, an enum name or a year); with several
    they are tuples. ``total`` is the deduplicated total, ``reported`` the sum of the matching
    flows as reported, ``unexplained`` the part of the total that is parents' remainders.
    Results over disjoint partitions merge exactly with ``+``.
    """

    def __init__(self, by: list[str], groups: dict, total: Money, reported: Money, unexplained: Money):
        self.by = list(by)
        self._groups = dict(groups)
        self.total = total
        self.reported = reported
        self.unexplained = unexplained

    @classmethod
    def _from_core(cls, by: list[str], single: bool, raw: tuple) -> Totals:
        groups, total, reported, unexplained = raw
        return cls(by, {(k[0] if single else k): v for k, v in groups}, total, reported, unexplained)

    def __getitem__(self, key: Any) -> Money:
        if key in self._groups:
            return self._groups[key]
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        return self._groups.get(key, default)

    def __iter__(self) -> Iterator:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def __add__(self, other: Totals) -> Totals:
        if not isinstance(other, Totals):
            return NotImplemented
        if other.by != self.by:
            raise ValueError(f"cannot merge totals by {self.by} with totals by {other.by}")
        groups = dict(self._groups)
        for k, v in other._groups.items():
            groups[k] = groups[k] + v if k in groups else v
        return Totals(self.by, groups, self.total + other.total, self.reported + other.reported,
                      self.unexplained + other.unexplained)

    def __repr__(self) -> str:
        return f"Totals(by={self.by}, total={self.total!r}, groups={len(self)})"

    def to_pandas(self):
        """One row per group: the fields of ``by``, then ``amount`` (Money) and ``fen`` (int64)."""
        import pandas as pd

        rows = []
        for key, value in self._groups.items():
            parts = key if isinstance(key, tuple) and len(self.by) != 1 else (key,)
            rows.append((*parts, value, value.fen))
        frame = pd.DataFrame(rows, columns=[*self.by, "amount", "fen"])
        frame["fen"] = frame["fen"].astype("int64")
        return frame


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


class Report(Mapping):
    """The year's report: ``rep[key]`` is an int or a Money.

    Every indicator has an area, a unit and Chinese and English labels (``rep.indicators``).
    ``rep.reported`` lists the flows of the report's money as reported, each figure once, the
    view beside the deduplicated ``funds.total``.
    """

    def __init__(self, rows: list[tuple], reported: list, scope: dict):
        self.indicators = [
            {"key": k, "area": a, "unit": u, "label_zh": zh, "label_en": en, "value": v}
            for k, a, u, zh, en, v in rows
        ]
        self._values = {i["key"]: i["value"] for i in self.indicators}
        self.reported = list(reported)
        self.scope = scope

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            from ._errors import NotFoundError

            raise NotFoundError(f"report: no indicator '{key}'") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Report({self.scope}, funds.total={self['funds.total']!r})"

    def to_pandas(self):
        """One row per indicator: key, area, unit, label_zh, label_en, value (int or Money)."""
        import pandas as pd

        return pd.DataFrame(self.indicators, columns=["key", "area", "unit", "label_zh", "label_en", "value"])

    def to_json(self, **kwargs) -> str:
        """JSON: money as exact fen (``{"fen": ..., "wan": "984"}``), counts as integers."""

        def plain(v):
            return {"fen": v.fen, "wan": str(v.wan)} if isinstance(v, Money) else v

        doc = {
            "scope": {k: (None if v is None else str(v)) for k, v in self.scope.items()},
            "indicators": [dict(i, value=plain(i["value"])) for i in self.indicators],
            "reported": [{"flow": f.id, "amount": plain(f.amount), "note": f.note} for f in self.reported],
        }
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(doc, **kwargs)

    def to_text(self, lang: str = "zh", all: bool = False) -> str:
        """Aligned text by area, money in 万元. Detail rows that are zero are left out unless ``all``."""
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
        zh = lang == "zh"
        label = "label_zh" if zh else "label_en"
        lines = []
        scope = self.scope
        title = "东西部协作年度报告" if zh else "East-West collaboration report"
        parts = [str(scope["year"]) if scope.get("year") else ("全部年份" if zh else "all years")]
        if scope.get("east") is not None or scope.get("west") is not None:
            parts.append(f"{scope.get('east') or '—'} → {scope.get('west') or '—'}")
        lines.append(f"{title}  {'  '.join(parts)}")
        rows = [i for i in self.indicators if all or i["value"] or i["key"].count(".") == 1]
        width = max(_width(i[label]) for i in rows) + 2
        for area, (area_zh, area_en) in AREAS.items():
            mine = [i for i in rows if i["area"] == area]
            if not mine:
                continue
            lines.append("")
            lines.append(f"{area_zh if zh else area_en}")
            for i in mine:
                value = i["value"]
                number = str(value.wan) if isinstance(value, Money) else f"{value:,}"
                unit = UNITS[i["unit"]][0 if zh else 1]
                indent = "    " if i["key"].count(".") > 1 else "  "
                lines.append(f"{indent}{_pad(i[label], width - len(indent) + 2)}{_pad(number, 12, right=True)} {unit}".rstrip())
        if self.reported:
            lines.append("")
            lines.append("各项资金(按报道,未去重)" if zh else "Money figures as reported (not deduplicated)")
            for f in self.reported:
                src, dst = f.source, f.target
                name = f"{getattr(src, 'name', src)} → {getattr(dst, 'name', dst)}"
                note = f"  {f.note}" if f.note else ""
                lines.append(f"  {_pad(str(f.amount.wan), 10, right=True)} {'万元' if zh else '10k yuan'}  {name}{note}")
        return "\n".join(lines) + "\n"


class Trace(Mapping):
    """Where the money that left a source ended: ``tr[node] -> Money``.

    The values add up, to the fen, to ``outflow``: everything that left the source. ``edges`` is
    the source's money along the way as ``(from, to, Money)``, what a Sankey diagram draws.
    """

    def __init__(self, source, ended: list, edges: list, outflow: Money):
        self.source = source
        self._ended = dict(ended)
        self.edges = list(edges)
        self.outflow = outflow

    def __getitem__(self, node) -> Money:
        if node in self._ended:
            return self._ended[node]
        raise KeyError(node)

    def __iter__(self) -> Iterator:
        return iter(self._ended)

    def __len__(self) -> int:
        return len(self._ended)

    def __repr__(self) -> str:
        return f"Trace({self.source!r}, outflow={self.outflow!r}, nodes={len(self)})"

    def to_pandas(self):
        """One row per node where money ended: node, table, name, amount (Money), fen (int64)."""
        import pandas as pd

        rows = [(node, type(node).__name__.lower(), _label(node), money, money.fen) for node, money in self._ended.items()]
        frame = pd.DataFrame(rows, columns=["node", "table", "name", "amount", "fen"])
        frame["fen"] = frame["fen"].astype("int64")
        return frame


def _label(node) -> str:
    name = getattr(node, "name", None)
    if name:
        return name
    number = getattr(node, "number", None)
    return f"{type(node).__name__} {node.id}" + (f" ({number})" if number else "")


class Finding:
    """One diagnostic: severity ('info', 'warning', 'error'), a stable code, a message, the rows
    involved (handles), and for a published figure that does not hold: expected, actual and
    difference (actual - expected)."""

    __slots__ = ("severity", "code", "message", "handles", "expected", "actual")

    def __init__(self, severity, code, message, handles, expected=None, actual=None):
        self.severity, self.code, self.message = severity, code, message
        self.handles, self.expected, self.actual = list(handles), expected, actual

    @property
    def difference(self):
        return None if self.expected is None else self.actual - self.expected

    def __repr__(self) -> str:
        return f"Finding({self.severity}, {self.code}: {self.message})"


class Findings(list):
    """The findings of ``Registry.check()``, errors first."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity == "error"]

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(
            [(f.severity, f.code, f.message, f.handles, f.expected, f.actual, f.difference) for f in self],
            columns=["severity", "code", "message", "handles", "expected", "actual", "difference"],
        )

    def __str__(self) -> str:
        return "\n".join(f"{f.severity:7} {f.code}: {f.message}" for f in self) or "no findings"
