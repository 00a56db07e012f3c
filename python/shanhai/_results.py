"""Results as Python Mappings: totals, the report and traces, with pandas, text, JSON and Arrow
views. Results are mergeable partial results: ``+`` is associative and commutative, ``empty()`` is
its identity, every figure stays exact to the fen, and they pickle. Results computed on the parts
of a partitioned registry (``Registry.partition``) add up to the result of the whole."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from . import _core, _personal
from ._core import Flow, Household, Money, Partner, Project
from ._errors import FormatError, NotFoundError, ValidationError, expect, one_of, wrong_type

if TYPE_CHECKING:
    import pandas as pd

    from ._registry import Registry

_STATE_VERSION = 1  # the pickled form of a result; a newer one is refused


class Ref(NamedTuple):
    """A stable name for a partner, project, household or flow: its kind and its id in the whole
    registry. Partner ids are the same in a registry and in each of its parts; the other ids are
    those of the whole registry, so results keyed by Refs merge across parts and pickle."""

    kind: str
    id: int

    def on(self, reg: Registry) -> Any:
        """The handle of this row in ``reg``: the whole registry (for a partner, any part too)."""
        _registry(reg)
        if self.kind not in _TABLES:
            raise ValidationError(f"Ref kind: {self.kind!r} is not one of {', '.join(_TABLES)}", field="kind",
                                  reason="unknown_value")
        return getattr(reg, _TABLES[self.kind])[self.id]

    def __repr__(self) -> str:
        return f"Ref({self.kind!r}, {self.id})"


_TABLES = {"partner": "partners", "project": "projects", "household": "households", "flow": "flows"}
_KINDS = {Partner: "partner", Project: "project", Household: "household", Flow: "flow"}


def stable(value: Any) -> Any:
    """A handle's Ref (its id taken as an id of the whole registry); any other value as it is."""
    kind = _KINDS.get(type(value))  # type: ignore[call-overload]
    return Ref(kind, value.id) if kind else value


def _zh(lang: Any) -> bool:
    """True for 'zh', False for 'en'; any other language is refused."""
    return one_of(lang, ("zh", "en"), "lang", f"lang must be 'zh' or 'en', got {lang!r}") == "zh"


def _registry(reg: object) -> None:
    from ._registry import Registry  # the package's class; it imports this module

    expect(reg, Registry, "reg", f"expected the Registry whose handles to use, got {type(reg).__name__}")


def _merge_type(what: str, other: Any) -> Exception:
    """What ``+`` raises for an operand that is not a result of the same kind (0 starts a sum)."""
    return wrong_type("other", f"cannot add {type(other).__name__} to {what}: only {what} merge")


def _on(value: Any, reg: Registry) -> Any:
    return value.on(reg) if isinstance(value, Ref) else value


def _check_state(state: object, what: str) -> None:
    version = state.get("version") if isinstance(state, dict) else None
    if not isinstance(version, int) or not 1 <= version <= _STATE_VERSION:
        raise FormatError(f"pickle: {what} state version {version!r} is not one this library reads "
                          f"(up to {_STATE_VERSION})", field="state", reason="bad_format")


def _sort_key(value: Any) -> tuple[Any, ...]:
    """Orders stable keys of mixed kinds: Refs by kind and id, then texts, then numbers."""
    if isinstance(value, tuple) and not isinstance(value, Ref):
        return tuple(_sort_key(v) for v in value)
    if isinstance(value, Ref):
        return (0, value.kind, value.id)
    return (1, "", value) if isinstance(value, str) else (2, "", value)

# Areas and units as the compiled vocabulary names them (indicators.hpp); money is shown in 万.
AREAS = {key: (zh, en) for key, zh, en in _core.report_areas()}
UNITS = {unit: ("万" + zh, "10k " + en) if unit == "yuan" else (zh, en) for unit, (zh, en) in _core.unit_labels().items()}


class Totals(Mapping[Any, Money]):
    """Deduplicated totals grouped by fields: ``t[key] -> Money``.

    With one field (``by="kind"``) the keys are plain values (a handle, an enum name or a year);
    with a list of fields they are tuples. ``total`` is the deduplicated total, ``reported`` the
    sum of the matching flows as reported, ``unexplained`` the part of the total that is parents'
    remainders. The figures and the number of groups are there at once; the groups' keys and
    Money are made as Python objects when first read (a national grouping has tens of thousands).

    A mergeable partial result: ``a + b`` adds group by group, exactly; ``Totals.empty(by)`` is the
    identity; totals of the parts of a partitioned registry add up to the totals of the whole.
    Nodes are keyed by handles when computed on a registry and by ``Ref`` (a stable identity) when
    computed on a part, merged across registries or unpickled; a handle finds its Ref's group.

    Counted at every stage (``totals(stage=None)``, ``stages=True``), "stage" is a field of ``by``
    and ``total`` is refused unless the groups hold one stage only: a yuan pledged, committed and
    disbursed is one yuan, so the stages' totals are never added. Split into several currencies
    (``by="currency"``), ``total``, ``reported`` and ``unexplained`` are None inside and refused
    when asked: money of two currencies is never added.
    """

    def __init__(self, by: str | Sequence[str], groups: Mapping[Any, Money], total: Money | None,
                 reported: Money | None, unexplained: Money | None, *, single: bool | None = None,
                 registry: Any = None, stages: bool = False) -> None:
        expect(by, (str, list, tuple), "by", f"totals by: expected a field name or a list of them, got {by!r}")
        self.by = [by] if isinstance(by, str) else list(by)
        self._single = isinstance(by, str) if single is None else bool(single)
        if self._single and len(self.by) != 1:
            raise ValidationError(f"totals: plain keys need exactly one field, got {self.by}", field="by", reason="rule")
        # groups are kept under tuple keys; single-field keys are shown plain
        self._made: dict[tuple[Any, ...], Money] | None = {
            (k,) if self._single else tuple(k): v for k, v in dict(groups).items()}
        self._pending: Any = None  # a registry's groups not yet made into Python objects
        if stages and "stage" not in self.by:
            raise ValidationError("totals: counted at every stage, the stage must be a field of by", field="by",
                                  reason="rule")
        self._total = total  # counted at every stage: the stages' totals summed, never shown as a total
        self._stages = bool(stages)
        self._reported = reported
        self._unexplained = unexplained
        self._registry = registry  # the registry whose handles are the keys, if any
        self._stable: dict[tuple[Any, ...], Money] | None = None

    @classmethod
    def _from_core(cls, by: list[str], single: bool, raw: tuple[Any, Money, Money, Money], registry: Any = None,
                   stages: bool = False) -> Totals:
        pending, total, reported, unexplained = raw
        made = cls(by, {}, total, reported, unexplained, single=single, registry=registry, stages=stages)
        made._made, made._pending = None, pending
        return made

    @property
    def total(self) -> Money:
        """The deduplicated total; refused (ValidationError, field "stage") for totals counted at
        every stage whose groups hold more than one stage."""
        if self._stages and self._stage_count() > 1:
            raise ValidationError("totals: the total of several stages has no single meaning (each yuan is counted "
                                  "once per stage); read a stage's group, or ask for one stage", field="stage",
                                  reason="rule")
        return self._one_currency(self._total, "total")

    @property
    def reported(self) -> Money:
        """The sum of the matching flows as reported."""
        return self._one_currency(self._reported, "reported sum")

    @property
    def unexplained(self) -> Money:
        """The part of the total that is parents' unexplained remainders."""
        return self._one_currency(self._unexplained, "unexplained part")

    def _one_currency(self, figure: Money | None, what: str) -> Money:
        if figure is None:
            codes = sorted({k[self.by.index("currency")] for k in self._groups})
            raise ValidationError(f"totals: the {what} would add money of several currencies ({', '.join(codes)}), "
                                  "which is never done; read each currency's group, or ask for one currency",
                                  field="currency", reason="mismatch")
        return figure

    def _stage_count(self) -> int:
        if self._pending is not None:
            return int(self._pending.stages())
        at = self.by.index("stage")
        return len({k[at] for k in self._groups})

    @property
    def _groups(self) -> dict[tuple[Any, ...], Money]:
        """The groups under tuple keys, made on first use."""
        if self._made is None:
            self._made = self._pending.make()
            self._pending = None
        return self._made

    @classmethod
    def empty(cls, by: str | Sequence[str] | None = None, currency: str = "CNY") -> Totals:
        """The identity of ``+``: no groups, every figure zero. ``by`` as given to ``totals``; totals
        of two currencies are never added."""
        zero = Money(0, currency)
        return cls([] if by is None else by, {}, zero, zero, zero)

    def _shown(self, key: tuple[Any, ...]) -> Any:
        return key[0] if self._single else key

    def _stable_groups(self) -> dict[tuple[Any, ...], Money]:
        if self._stable is None:
            self._stable = {tuple(stable(v) for v in k): m for k, m in self._groups.items()}
        return self._stable

    def __getitem__(self, key: Any) -> Money:
        k = (key,) if self._single else key
        try:
            if isinstance(k, tuple):
                if k in self._groups:
                    return self._groups[k]
                found = self._stable_groups().get(tuple(stable(v) for v in k))
                if found is not None:
                    return found
        except TypeError:  # an unhashable key is no key of the totals either
            pass
        raise NotFoundError(f"totals: no group {key!r}", field="key", reason="not_found")

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[Any]:
        return (self._shown(k) for k in self._groups)

    def __len__(self) -> int:
        return len(self._groups if self._pending is None else self._pending)

    def stable(self) -> Totals:
        """The same totals keyed by ``Ref`` instead of handles: what merges across registries."""
        groups = {self._shown(k): v for k, v in self._stable_groups().items()}
        return Totals(self.by, groups, self._total, self._reported, self._unexplained, single=self._single,
                      stages=self._stages)

    def on(self, reg: Registry) -> Totals:
        """The same totals keyed by handles of ``reg`` (the whole registry) instead of Refs."""
        _registry(reg)
        groups = {self._shown(tuple(_on(v, reg) for v in k)): m for k, m in self._groups.items()}
        return Totals(self.by, groups, self._total, self._reported, self._unexplained, single=self._single,
                      registry=reg, stages=self._stages)

    def __add__(self, other: Totals) -> Totals:
        if not isinstance(other, Totals):
            raise _merge_type("Totals", other)
        if other.by != self.by:
            raise ValidationError(f"cannot merge totals by {self.by} with totals by {other.by}", field="other",
                                  reason="rule")
        same = self._registry is not None and self._registry is other._registry
        mine, theirs = (self._groups, other._groups) if same else (self._stable_groups(), other._stable_groups())
        groups = dict(mine)
        for k, v in theirs.items():
            groups[k] = groups[k] + v if k in groups else v
        split = "currency" in self.by  # parts in two currencies make a result of several
        return Totals(self.by, {self._shown(k): v for k, v in groups.items()},
                      _both(self._total, other._total, split), _both(self._reported, other._reported, split),
                      _both(self._unexplained, other._unexplained, split),
                      single=self._single, registry=self._registry if same else None,
                      stages=self._stages or other._stages)

    def __radd__(self, other: Any) -> Totals:
        if isinstance(other, int) and other == 0:  # sum(parts) starts from 0
            return self
        raise _merge_type("Totals", other)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, Totals):
            return (self.by == other.by and self._total == other._total and self._stages == other._stages
                    and self._reported == other._reported
                    and self._unexplained == other._unexplained and self._stable_groups() == other._stable_groups())
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {"version": _STATE_VERSION, "by": self.by, "single": self._single,
                "groups": list(self._stable_groups().items()), "total": self._total, "reported": self._reported,
                "unexplained": self._unexplained, "stages": self._stages}

    def __setstate__(self, state: dict[str, Any]) -> None:
        _check_state(state, "totals")
        Totals.__init__(self, state["by"], {}, state["total"], state["reported"], state["unexplained"],
                      single=state["single"], stages=state.get("stages", False))
        self._made = {tuple(k): v for k, v in state["groups"]}

    def __repr__(self) -> str:
        from .display import totals_repr

        return totals_repr(self)

    def to_pandas(self) -> pd.DataFrame:
        """One row per group: the fields of ``by``, then ``amount`` (Money) and ``fen`` (int64)."""
        import pandas as pd

        rows = [(*key, value, value.minor) for key, value in self._groups.items()]
        frame = pd.DataFrame(rows, columns=[*self.by, "amount", "fen"])
        frame["fen"] = frame["fen"].astype("int64")
        return frame

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream: one row per group, nodes as ``<field>_kind`` and ``<field>``
        (the id in the whole registry), money as ``amount_fen`` (int64 fen, exact)."""
        from ._arrow import totals_table

        return totals_table(self).__arrow_c_stream__(requested_schema)

    def to_arrow(self) -> Any:
        """The result as a pyarrow Table (see shanhai._arrow)."""
        from ._arrow import totals_table

        return totals_table(self)

    def to_polars(self) -> Any:
        """The result as a polars DataFrame (through Arrow: ``pl.DataFrame(obj)`` reads a Mapping)."""
        import polars as pl

        return pl.DataFrame(self.to_arrow())

    def _repr_html_(self) -> str:
        from .display import totals_html

        return totals_html(self)


def _both(a: Money | None, b: Money | None, split: bool) -> Money | None:
    """A sum of two results' figures: None (several currencies) when either is, or, split by
    currency, when they are of two; else their sum (two currencies are refused)."""
    if a is None or b is None or split and a.currency != b.currency:
        return None
    return a + b


def _number(value: Any) -> str:
    """A figure as the report shows it: money in 万 (another currency than CNY in its units), a
    percent or mean with two decimals."""
    if isinstance(value, Money):
        return str(value.wan) if value.currency == "CNY" else f"{value.amount:,}"
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def _round_ratio(numerator: int, scale: int, denominator: int) -> int:
    """round(numerator × scale / denominator), halves away from zero, as the C++ report does."""
    if denominator == 0:
        return 0
    n, d = numerator * scale, denominator
    q = (2 * abs(n) + abs(d)) // (2 * abs(d))
    return -q if (n < 0) != (d < 0) else q


def _ratio(values: dict[str, Any], numerator: str, denominator: str, unit: str) -> float | None:
    """A ratio indicator from the merged figures it is derived from, in the report's hundredths;
    None (not reported) without both or with nothing to divide by."""
    def fen(v: Any) -> Any:  # a mean of money is not used
        return v.minor if isinstance(v, Money) else v

    if values[numerator] is None or not values[denominator]:
        return None
    return _round_ratio(fen(values[numerator]), 10000 if unit == "percent" else 100, fen(values[denominator])) / 100


def _achievement(actual: Any, target: Any) -> float | None:
    """Actual over target in percent, two decimals (0 for a target of 0; None when not reported)."""
    if actual is None:
        return None
    def fen(v: Any) -> Any:
        return v.minor if isinstance(v, Money) else round(v * 100) if isinstance(v, float) else v

    return _round_ratio(fen(actual), 10000, fen(target)) / 100


def _plus(a: Any, b: Any) -> Any:
    """Two parts' values of one indicator: not reported (None) only when neither reports it."""
    return b if a is None else a if b is None else a + b


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


class Report(Mapping[str, Any]):
    """The year's report: ``rep[key]`` is an int or a Money, or None when nothing in the report's
    scope feeds the indicator (not reported, which is not zero: ``rep.reported_keys`` lists the
    others).

    Every indicator has an area, a unit and Chinese and English labels (``rep.indicators``).
    ``rep.reported`` lists the flows of the report's money as reported, each figure once, the
    view beside the deduplicated ``funds.total``.

    A mergeable partial result: the reports of the parts of a partitioned registry add up,
    indicator by indicator and exactly, to the report of the whole (the partition keeps together
    whatever is counted once: a household, a project, a village's pairings). ``Report.empty()``
    is the identity of ``+``; reports of different scopes do not add.
    """

    lang: str | None = None  # None: options.lang; set 'zh' or 'en' on a report to choose its language

    def __init__(self, rows: Iterable[tuple[Any, ...]], reported: Iterable[Any], scope: dict[str, Any] | None, *,
                 registry: Any = None, ratios: Iterable[tuple[Any, ...]] = (),
                 targets: Iterable[tuple[Any, ...]] = (), qualifiers: Iterable[tuple[str, str]] = ()) -> None:
        self.indicators = [
            {"key": k, "area": a, "unit": u, "label_zh": zh, "label_en": en, "value": v}
            for k, a, u, zh, en, v in rows
        ]
        # a ratio (a share or a mean) is derived from two other indicators: merging recomputes it
        self.ratios = {key: (numerator, denominator) for key, numerator, denominator in ratios}
        # targets for the year (set_target): key -> (target, baseline or None, baseline year or None)
        self.targets = {key: (target, baseline, year) for key, target, baseline, year in targets}
        # how exact an indicator is where a figure said 以上 or 约 of it (add_figure): key -> qualifier
        self._qualifiers = {key: q for key, q in qualifiers if q != "exact"}
        for i in self.indicators:  # money keeps its bound: rep["funds.total"].qualifier
            if isinstance(i["value"], _core.Money) and i["key"] in self._qualifiers:
                bound = cast(Literal["at_least", "about"], self._qualifiers[i["key"]])
                i["value"] = _core.Money(i["value"], i["value"].currency, qualifier=bound)
        for i in self.indicators:
            target = self.targets.get(i["key"])
            i["target"], i["baseline"], i["baseline_year"] = target if target else (None, None, None)
            i["achievement"] = _achievement(i["value"], target[0]) if target else None
        self._values = {i["key"]: i["value"] for i in self.indicators}
        self.reported = list(reported)
        self.scope = scope
        self._registry = registry  # the registry whose flow handles `reported` holds, if any

    @classmethod
    def empty(cls) -> Report:
        """The identity of ``+``: a report of no scope and no indicators."""
        return cls([], [], None)

    def _rows(self) -> list[tuple[Any, ...]]:
        return [(i["key"], i["area"], i["unit"], i["label_zh"], i["label_en"], i["value"]) for i in self.indicators]

    def stable(self) -> Report:
        """The same report naming its reported flows by ``Ref`` instead of handles."""
        return Report(self._rows(), [stable(f) for f in self.reported], self.scope, **self._derived())

    def on(self, reg: Registry) -> Report:
        """The same report naming its reported flows by handles of ``reg`` (the whole registry)."""
        _registry(reg)
        return Report(self._rows(), [_on(f, reg) for f in self.reported], self.scope, registry=reg,
                      **self._derived())

    def _derived(self) -> dict[str, Any]:
        return {"ratios": [(k, *v) for k, v in self.ratios.items()],
                "targets": [(k, *v) for k, v in self.targets.items()],
                "qualifiers": list(self._qualifiers.items())}

    def __add__(self, other: Report) -> Report:
        if not isinstance(other, Report):
            raise _merge_type("Report", other)
        if self.scope is None and not self.indicators:
            return other
        if other.scope is None and not other.indicators:
            return self
        if self.scope != other.scope:
            raise ValidationError(f"cannot merge the report of {self.scope} with the report of {other.scope}",
                                  field="other", reason="rule")
        keys = [i["key"] for i in self.indicators]
        if keys != [i["key"] for i in other.indicators]:
            raise ValidationError("cannot merge reports with different indicators", field="other", reason="rule")
        if self.targets != other.targets:
            raise ValidationError("cannot merge reports with different targets", field="other", reason="rule")
        rows = [(*row[:5], _plus(row[5], theirs["value"])) for row, theirs in zip(self._rows(), other.indicators)]
        merged = {row[0]: row[5] for row in rows}
        rows = [(*row[:5], _ratio(merged, *self.ratios[row[0]], row[2])) if row[0] in self.ratios else row
                for row in rows]
        same = self._registry is not None and self._registry is other._registry
        both = [*self.reported, *other.reported]
        reported = sorted(both if same else map(stable, both), key=lambda f: f.id)
        return Report(rows, reported, self.scope, registry=self._registry if same else None, **self._derived())

    def __radd__(self, other: Any) -> Report:
        if isinstance(other, int) and other == 0:
            return self
        raise _merge_type("Report", other)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, Report):
            return (self.scope == other.scope and self._rows() == other._rows()
                    and sorted(map(stable, self.reported)) == sorted(map(stable, other.reported)))
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {"version": _STATE_VERSION, "rows": self._rows(), "reported": [stable(f) for f in self.reported],
                "scope": self.scope, **self._derived()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        _check_state(state, "report")
        Report.__init__(self, state["rows"], state["reported"], state["scope"], ratios=state.get("ratios", ()),
                      targets=state.get("targets", ()), qualifiers=state.get("qualifiers", ()))

    def qualifier(self, key: str) -> str:
        """How exact the indicator is: 'exact', or 'at_least' / 'about' where a published figure of it,
        or of a part of it, said so (add_figure: '8100万以上', '约900')."""
        self[key]  # an unknown key is refused as rep[key] refuses it
        return self._qualifiers.get(key, "exact")

    @property
    def reported_keys(self) -> list[str]:
        """The indicators something in the report's scope feeds (the others are None)."""
        return [k for k, v in self._values.items() if v is not None]

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except (KeyError, TypeError):  # TypeError: an unhashable key
            raise NotFoundError(f"report: no indicator '{key}'", field="key", reason="not_found") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        if not self.indicators:
            return "Report.empty()"
        return f"Report({self.scope}, funds.total={self['funds.total']!r})"  # None: no aid recorded

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream: one row per indicator; ``value`` is int64, in fen where ``unit``
        is 'fen' (money, exact) and a count otherwise."""
        from ._arrow import report_table

        return report_table(self).__arrow_c_stream__(requested_schema)

    def to_arrow(self) -> Any:
        """The result as a pyarrow Table (see shanhai._arrow)."""
        from ._arrow import report_table

        return report_table(self)

    def to_polars(self) -> Any:
        """The result as a polars DataFrame (through Arrow: ``pl.DataFrame(obj)`` reads a Mapping)."""
        import polars as pl

        return pl.DataFrame(self.to_arrow())

    def _repr_html_(self) -> str:
        from .display import report_html

        return report_html(self)

    def to_html(self, lang: str | None = None, all: bool = False) -> str:
        """The report as HTML (what a notebook shows): aligned by area, money in 万元."""
        from .display import report_html

        return report_html(self, lang=lang, all=all)

    def plot(self, *, lang: str | None = None, all: bool = False) -> Any:
        """The indicators as a picture: ``shanhai.plot.report(self)``."""
        from .plot import report

        return report(self, lang=lang, all=all)

    def to_pandas(self) -> pd.DataFrame:
        """One row per indicator: key, area, unit, label_zh, label_en, value (int, Money, or a float
        for a percent or a mean; NA when not reported), and where the year has a target: target,
        baseline, baseline_year, achievement (actual over target, in percent)."""
        import pandas as pd

        columns = ["key", "area", "unit", "label_zh", "label_en", "value"]
        if self.targets:
            columns += ["target", "baseline", "baseline_year", "achievement"]
        frame = pd.DataFrame(self.indicators, columns=columns)
        frame["value"] = frame["value"].astype(object).where(frame["value"].notna(), pd.NA)
        return frame

    def to_json(self, **kwargs: Any) -> str:
        """JSON: money as exact fen (``{"fen": ..., "wan": "984"}``), counts as integers, not
        reported as null. The reported flows' notes (free text that may name people) are
        withheld; their handles give them."""

        def plain(v: Any) -> Any:
            if isinstance(v, Money) and v.currency != "CNY":
                return {"minor": v.minor, "currency": v.currency}
            return {"fen": v.fen, "wan": str(v.wan)} if isinstance(v, Money) else v

        doc = {
            "scope": {k: (None if v is None else str(v)) for k, v in (self.scope or {}).items()},
            "indicators": [dict(i, value=plain(i["value"]), target=plain(i["target"]), baseline=plain(i["baseline"]))
                           for i in self.indicators],
            "reported": [{"flow": f.id} if isinstance(f, Ref)  # a merged report names flows only
                         else {"flow": f.id, "amount": plain(f.amount), "note": _withheld(f.note)}
                         for f in self.reported],
        }
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("indent", 2)
        return json.dumps(doc, **kwargs)

    def to_text(self, lang: str = "zh", all: bool = False) -> str:
        """Aligned text by area, money in 万元; 未报告 / not reported where nothing fed an indicator.
        Detail rows that are zero or not reported are left out unless ``all``. The reported
        flows' notes are withheld."""
        zh = _zh(lang)
        expect(all, bool, "all", f"all: expected True or False, got {all!r}")
        label = "label_zh" if zh else "label_en"
        lines = []
        scope = self.scope or {}
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
                unit = UNITS[i["unit"]][0 if zh else 1]
                indent = "    " if i["key"].count(".") > 1 else "  "
                shown = _number(value) if value is not None else "未报告" if zh else "not reported"
                bound = self._qualifiers.get(i["key"]) if value is not None else None  # 以上 / 约 of a figure
                if bound and not zh:
                    shown = ("at least " if bound == "at_least" else "about ") + shown
                elif bound == "about":
                    shown = "约" + shown
                line = f"{indent}{_pad(i[label], width - len(indent) + 2)}{_pad(shown, 12, right=True)}"
                line += f" {unit}" if value is not None else ""
                line += "以上" if bound == "at_least" and zh else ""
                if i["target"] is not None:
                    aim = ("目标" if zh else "target") + f" {_number(i['target'])}"
                    if i["baseline"] is not None:
                        aim = ("基线" if zh else "baseline") + f" {_number(i['baseline'])} ({i['baseline_year']}), " + aim
                    done = "—" if i["achievement"] is None else f"{i['achievement']:.2f}%"
                    line += f"   [{aim}, {'完成' if zh else 'achieved'} {done}]"
                lines.append(line.rstrip())
        if self.reported:
            lines.append("")
            lines.append("各项资金(按报道,未去重)" if zh else "Money figures as reported (not deduplicated)")
            for f in self.reported:
                if isinstance(f, Ref):  # a merged report names flows only; .on(reg) gives them back
                    lines.append(f"  {'流量' if zh else 'flow'} {f.id}")
                    continue
                src, dst = f.source, f.target
                name = f"{getattr(src, 'name', src)} → {getattr(dst, 'name', dst)}"
                note = f"  {_withheld(f.note)}" if f.note else ""
                unit = UNITS["yuan"][0 if zh else 1] if f.amount.currency == "CNY" else f.amount.currency
                lines.append(f"  {_pad(_number(f.amount), 10, right=True)} {unit}  {name}{note}")
        return "\n".join(lines) + "\n"


def _withheld(note: str) -> str:
    """A flow's note in a report: free text that may name people, withheld (as every output does
    by default, ``shanhai._personal``)."""
    return _personal.WITHHELD if note else note


class Trace(Mapping[Any, Money]):
    """Where the money that left a source ended: ``tr[node] -> Money``.

    The values add up, to the fen, to ``outflow``: everything that left the source. ``edges`` is
    the source's money along the way as ``(from, to, Money)``, what a Sankey diagram draws.

    A mergeable partial result: traces of one source over the parts of a partitioned registry add
    up, node by node and edge by edge, exactly, to the trace over the whole (the partition keeps a
    pooling partner's money together). ``Trace.empty(source)`` is the identity of ``+``.
    """

    def __init__(self, source: Any, ended: Iterable[tuple[Any, Money]], edges: Iterable[tuple[Any, Any, Money]],
                 outflow: Money, *, registry: Any = None) -> None:
        self.source = source
        self._ended: dict[Any, Money] = dict(ended)
        self.edges = list(edges)
        self.outflow = outflow
        self._registry = registry  # the registry whose handles are the nodes, if any
        self._stable: dict[Any, Money] | None = None

    @classmethod
    def empty(cls, source: Any = None) -> Trace:
        """The identity of ``+``: nothing left ``source`` (None: any source)."""
        return cls(source, [], [], Money())

    def _stable_ended(self) -> dict[Any, Money]:
        return {stable(node): money for node, money in self._ended.items()}

    def _stable_edges(self) -> dict[tuple[Any, Any], Money]:
        out: dict[tuple[Any, Any], Money] = {}
        for a, b, money in self.edges:
            key = (stable(a), stable(b))
            out[key] = out[key] + money if key in out else money
        return out

    def stable(self) -> Trace:
        """The same trace naming nodes by ``Ref`` instead of handles."""
        return Trace(stable(self.source), list(self._stable_ended().items()),
                     [(a, b, m) for (a, b), m in self._stable_edges().items()], self.outflow)

    def on(self, reg: Registry) -> Trace:
        """The same trace naming nodes by handles of ``reg`` (the whole registry)."""
        _registry(reg)
        return Trace(_on(self.source, reg), [(_on(n, reg), m) for n, m in self._ended.items()],
                     [(_on(a, reg), _on(b, reg), m) for a, b, m in self.edges], self.outflow, registry=reg)

    def __add__(self, other: Trace) -> Trace:
        if not isinstance(other, Trace):
            raise _merge_type("Trace", other)
        if self.source is not None and other.source is not None and stable(self.source) != stable(other.source):
            raise ValidationError(f"cannot merge the trace of {self.source!r} with the trace of {other.source!r}",
                                  field="other", reason="rule")
        same = self._registry is not None and self._registry is other._registry
        source = self.source if self.source is not None else other.source
        if same:
            ended, edges = dict(self._ended), dict[Any, Any]()
            for a, b, m in [*self.edges, *other.edges]:
                edges[(a, b)] = edges[(a, b)] + m if (a, b) in edges else m
            theirs = other._ended
        else:
            source = stable(source)
            ended, edges, theirs = self._stable_ended(), self._stable_edges(), other._stable_ended()
            for key, m in other._stable_edges().items():
                edges[key] = edges[key] + m if key in edges else m
        for node, m in theirs.items():
            ended[node] = ended[node] + m if node in ended else m
        order = sorted(edges, key=lambda ab: (_sort_key(stable(ab[0])), _sort_key(stable(ab[1]))))
        return Trace(source, list(ended.items()), [(a, b, edges[(a, b)]) for a, b in order],
                     self.outflow + other.outflow, registry=self._registry if same else None)

    def __radd__(self, other: Any) -> Trace:
        if isinstance(other, int) and other == 0:
            return self
        raise _merge_type("Trace", other)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, Trace):
            return (stable(self.source) == stable(other.source) and self.outflow == other.outflow
                    and self._stable_ended() == other._stable_ended() and self._stable_edges() == other._stable_edges())
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {"version": _STATE_VERSION, "source": stable(self.source), "ended": list(self._stable_ended().items()),
                "edges": [(a, b, m) for (a, b), m in self._stable_edges().items()], "outflow": self.outflow}

    def __setstate__(self, state: dict[str, Any]) -> None:
        _check_state(state, "trace")
        Trace.__init__(self, state["source"], state["ended"], state["edges"], state["outflow"])

    def __getitem__(self, node: Any) -> Money:
        try:
            if node in self._ended:
                return self._ended[node]
            if self._stable is None:
                self._stable = self._stable_ended()
            found = self._stable.get(stable(node))
            if found is not None:
                return found
        except TypeError:  # an unhashable key is no node of the trace either
            pass
        raise NotFoundError(f"trace: no money ended at {node!r}", field="node", reason="not_found")

    def __iter__(self) -> Iterator[Any]:
        return iter(self._ended)

    def __len__(self) -> int:
        return len(self._ended)

    def __repr__(self) -> str:
        return f"Trace({self.source!r}, outflow={self.outflow!r}, nodes={len(self)})"

    def to_pandas(self) -> pd.DataFrame:
        """One row per node where money ended: node, table, name, amount (Money), fen (int64)."""
        import pandas as pd

        rows = [(node, None if node is None else node.kind if isinstance(node, Ref) else type(node).__name__.lower(),
                 _label(node), money, money.minor) for node, money in self._ended.items()]
        frame = pd.DataFrame(rows, columns=["node", "table", "name", "amount", "fen"])
        frame["fen"] = frame["fen"].astype("int64")
        return frame

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream: one row per node where money ended: ``node_kind``, ``node`` (the
        id in the whole registry) and ``amount_fen`` (int64 fen, exact)."""
        from ._arrow import trace_table

        return trace_table(self).__arrow_c_stream__(requested_schema)

    def to_arrow(self) -> Any:
        """The result as a pyarrow Table (see shanhai._arrow)."""
        from ._arrow import trace_table

        return trace_table(self)

    def to_polars(self) -> Any:
        """The result as a polars DataFrame (through Arrow: ``pl.DataFrame(obj)`` reads a Mapping)."""
        import polars as pl

        return pl.DataFrame(self.to_arrow())

    def _repr_html_(self) -> str:
        from .display import trace_html

        return trace_html(self)


def _label(node: Any) -> str:
    if node is None:  # money that ended where no one said (a figure naming no recipient)
        return "not known"
    if isinstance(node, Ref):
        return f"{node.kind} {node.id}"
    kind = type(node).__name__
    name: str | None = getattr(node, "name", None) if kind != "Person" else None  # a person's name is personal
    if name:
        return name
    number = getattr(node, "number", None)  # a household's registry number, masked
    return f"{kind} {node.id}" + (f" ({_personal.MASKS['number'](number)})" if number else "")


class Finding:
    """One diagnostic: severity ('info', 'warning', 'error'), a stable code, a message, the rows
    involved (handles), and for a published figure that does not hold: expected, actual and
    difference (actual - expected)."""

    __slots__ = ("severity", "code", "message", "handles", "expected", "actual")

    def __init__(self, severity: str, code: str, message: str, handles: Iterable[Any], expected: Any = None,
                 actual: Any = None) -> None:
        self.severity, self.code, self.message = severity, code, message
        self.handles, self.expected, self.actual = list(handles), expected, actual

    @property
    def difference(self) -> Any:
        return None if self.expected is None else self.actual - self.expected

    def __repr__(self) -> str:
        return f"Finding({self.severity}, {self.code}: {self.message})"

    def _repr_html_(self) -> str:
        from .display import findings_html

        return findings_html(Findings([self]))


class Findings(list[Finding]):
    """The findings of ``Registry.check()``, errors first."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity == "error"]

    def to_pandas(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [(f.severity, f.code, f.message, f.handles, f.expected, f.actual, f.difference) for f in self],
            columns=["severity", "code", "message", "handles", "expected", "actual", "difference"],
        )

    def __str__(self) -> str:
        return "\n".join(f"{f.severity:7} {f.code}: {f.message}" for f in self) or "no findings"

    def __repr__(self) -> str:
        from .display import findings_repr

        return findings_repr(self)

    def _repr_html_(self) -> str:
        from .display import findings_html

        return findings_html(self)
