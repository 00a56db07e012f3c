"""The registry's analyses in Python (a part of shanhai.Registry): keyword totals, the report, the
trace, check, workshops, matching wishes; and a table as a data frame."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from . import _core, _personal
from ._errors import NotFoundError, expect, wrong_type
from ._results import Finding, Findings, Ref, Report, Totals, Trace

if TYPE_CHECKING:
    import pandas as pd

    from ._core import Only, Partner, Stage, _DateLike, _Field, _FlowKinds, _MoneyLike, _Node, _Sectors, _StageName
    from ._registry import Table

_MONEY_COLUMNS = {"amount", "cost", "wage"}
_NODE_COLUMNS = {"source", "target", "a", "b", "via"}


class Analyses:
    """What the registry counts and finds (a part of shanhai.Registry); each calls the compiled
    analysis and makes its result a Python object."""

    __slots__ = ()
    _reg: _core.Registry

    def totals(
        self,
        by: _Field | Sequence[_Field] | None = None,
        *,
        year: int | None = None,
        source: _Node | Only | None = None,
        target: _Node | Only | None = None,
        kind: _FlowKinds = "aid",
        purpose: _Sectors = None,
        stage: Stage | _StageName | None = "disbursement",
        boundary: Partner | Only | None = None,
        origin: Partner | Only | None = None,
        figures: bool = True,
        currency: str | None = None,
    ) -> Totals:
        """Deduplicated totals, each yuan counted once where it first enters the scope.

        ``by`` is a field name or a list of them: source, target, kind, stage, purpose, year, origin,
        currency.
        With one field the keys are plain values (``t["fiscal"]``), with several they are tuples.
        A node field with a level (``"target.province"``, ``"source.city"``: province, city, county,
        district, town, street, village, community) groups each node under its ancestor of that kind
        (a project by its location, a household by its village); a node with none above it falls in
        the group ``None``. ``stage=None`` counts every stage, split by stage: "stage" goes first in
        ``by`` (``t["commitment"]``, or ``t["commitment", node]``), each stage's groups are that
        stage's totals, and ``total`` is refused when the groups hold more than one stage.
        Filters: ``year``; ``source``/``target`` (that node and below); ``kind``: flow kinds and
        classes, a name or a list ("aid", the default: assistance alone; "trade": purchases;
        "investment"; "all"); ``purpose`` (a name or a list); ``stage`` (default disbursement; None: every stage); ``boundary`` (money as it first crosses into a
        partner); ``origin`` (money whose root source is at or below a partner, or a flow credited to a
        pairing of it). ``sh.only(p)`` in any of them: the partner's own records alone, not its subtree.

        Published money figures (``add_figure``, such as funds.fiscal of a pair) count as the report
        counts them: a figure is the whole of its pair's records and of the figures inside it, and
        what it holds beyond them is one flow of its key's kind (funds.total's: "other") from the
        pair's east partner to its west partner in its year, in ``unexplained`` too. ``total`` is
        then at least (``total.qualifier``) when such a figure is. ``figures=False``: the records alone.

        Money of two currencies is never added. ``currency``: the flows in that ISO 4217 code alone;
        ``by="currency"`` splits by it (then ``total``, ``reported`` and ``unexplained`` are refused
        when the groups hold more than one). A registry whose flows are in several currencies refuses
        totals that ask for neither.
        """
        single = isinstance(by, str)
        if not (by is None or isinstance(by, Iterable)) or isinstance(by, bytes):
            raise wrong_type("by", f"totals by: expected a field name or a list of them, got {by!r}")
        fields: list[str] = [] if by is None else [by] if isinstance(by, str) else list(by)
        raw = self._reg._totals(fields, year, source, target, kind, purpose, stage, boundary, origin, figures,
                                currency)
        if stage is None and "stage" not in fields:  # the core put the stage first
            single, fields = not fields, ["stage", *fields]
        return Totals._from_core(fields, single, raw, registry=self, stages=stage is None)

    def report(self, year: int | None = None, east: Partner | Only | None = None,
               west: Partner | Only | None = None) -> Report:
        """The year's report for a pair: every indicator of the national assessment's areas.

        Counts what falls in ``year`` and, where given, money from ``east`` (and below) that reached
        ``west`` (and below) with the records between or inside them; with neither, everything.
        """
        rows, reported, ratios, targets, qualifiers = self._reg._report(year, east, west)
        def named(p: Partner | Only | None) -> str | None:  # only(p): "only(<name>)"
            return None if p is None else f"only({p.partner.name})" if isinstance(p, _core.Only) else p.name

        scope = {"year": year, "east": named(east), "west": named(west)}
        return Report(rows, reported, scope, registry=self, ratios=ratios, targets=targets,
                      qualifiers=qualifiers)

    def workshops(self, year: int | None = None) -> pd.DataFrame:
        """What each workshop (扶贫车间) did in ``year`` (None: every year), from its employment
        records: a DataFrame indexed by workshop with workers (each once: distinct named workers, or
        the largest aggregate headcount), poor (from poor households), unclassified (not known),
        poor_share (percent of the classified), wages (Money) and wages_fen, months (worked by named
        workers)."""
        import pandas as pd

        rows = self._reg._workshops(year)
        frame = pd.DataFrame(rows, columns=["workshop", "workers", "poor", "unclassified", "wages", "months"])
        classified = frame["workers"] - frame["unclassified"]
        frame["poor_share"] = (100 * frame["poor"] / classified.where(classified > 0)).round(2)
        frame["wages_fen"] = pd.array([w.fen for w in frame["wages"]], dtype="int64")
        frame.insert(0, "name", [w.name for w in frame["workshop"]])
        frame["workshop"] = [w.id for w in frame["workshop"]]
        return frame.set_index("workshop")

    # budgets: wishes per donor (by="count") or money per donor (by="money")
    def match_wishes(
        self,
        donors: Iterable[Partner],
        budgets: Iterable[int] | Iterable[_MoneyLike],
        *,
        by: Literal["count", "money"] = "count",
        batch: int | None = None,
        on: _DateLike = None,
    ) -> pd.DataFrame:
        """Which donor should claim which open micro-wish: an exact optimum, not a greedy guess.

        ``budgets`` gives each donor how many wishes it takes (``by="count"``) or how much money
        (``by="money"``: Money or text such as "2000元"). The proposal fulfils as many wishes as the
        budgets allow, then as much value, then gives as many as possible to the family paired with
        the household (family_household pairings active ``on`` a date; None: those not ended). Only
        the open wishes of ``batch`` when given. Nothing is claimed: a DataFrame of wish, donor,
        household, cost, paired, to pass to ``claim_wish``. Money budgets are a hard problem: a case
        too large to solve exactly is refused (give count budgets, or fewer wishes at a time).
        """
        import pandas as pd

        rows = self._reg._match_wishes(donors, budgets, by, batch, on)
        return pd.DataFrame([(w, d, w.household, w.cost, paired) for w, d, paired in rows],
                            columns=["wish", "donor", "household", "cost", "paired"])

    def trace(self, source: _Node | Only, *, stage: Stage | _StageName = "disbursement", kind: _FlowKinds = "aid",
              below: bool = False) -> Trace:
        """Where the money that left ``source`` ended: households, projects, and what partners kept.

        ``below=True``: what left the source or any partner under it (a district and its towns),
        each yuan once; money moving among them has not left.

        A published money figure beyond its records moves as one flow from its east partner to its
        west partner, as ``totals`` counts it; naming no west partner, it ended at ``None`` (not known).

        ``kind``: the flows followed, kinds and classes ("aid", "trade", "investment", "all"); by
        default aid alone, so purchases of western products and investment brought in are not traced
        as if they were assistance.

        Explicit parent links are followed exactly; a node that passes money on without a link shares
        each onward flow pro rata to what it holds from each source. Values add up to ``outflow``
        to the fen.
        """
        expect(below, bool, "below", f"trace below: expected True or False, got {type(below).__name__}")
        ended, edges, outflow = self._reg._trace(source, stage, kind, below)  # only(p): p's own (refused with below)
        return Trace(source.partner if isinstance(source, _core.Only) else source, ended, edges, outflow, registry=self)

    def check(self, *, open_wishes_before: _DateLike = None) -> Findings:
        """Diagnostics: unexplained remainders, broken chains, children dated before their parents,
        pairings within one side, households reached from outside their region, wishes left open
        (with ``open_wishes_before``), and published figures (``expect_total``) that do not hold."""
        order = {"error": 0, "warning": 1, "info": 2}
        found = [Finding(*raw) for raw in [*self._reg._check(open_wishes_before), *getattr(self, "_notes", ())]]
        return Findings(sorted(found, key=lambda f: order[f.severity]))


def table_to_pandas(self: Table[Any], table: str, personal: str) -> pd.DataFrame:
    import pandas as pd

    raw = _personal.apply(table, self._raw_columns(), personal, village_name=_personal.village_names(self),
                          restricted=_personal.restricted_rows(self))
    frame: dict[str, Any] = {}
    for name, values in raw.items():
        if name in _NODE_COLUMNS:  # a node: kind and id
            frame[name + "_kind"] = pd.array([v[0] for v in values], dtype="string")
            frame[name] = pd.array([v[1] for v in values], dtype="Int64")
        elif name in _MONEY_COLUMNS:  # a flow's money is in its own currency
            codes = raw.get("currency") or [self._currency] * len(values)
            frame[name] = [_core.Money.from_minor(v, c) for v, c in zip(values, codes)]
            frame[name + "_fen"] = pd.array(values, dtype="int64")
        else:
            frame[name] = values
    df = pd.DataFrame(frame, index=pd.RangeIndex(len(self), name="id"))
    for name in ("parent", "part_of", "location", "implementer", "village", "beneficiary", "sender", "host",
                 "organiser", "claimed_by", "exit_year", "household", "person", "workshop", "birth_year"):
        if name in df.columns:
            df[name] = pd.array(df[name].tolist(), dtype="Int64")
    return df


TABLES: tuple[str, ...] = tuple(_core.table_names())  # the compiled list of tables, in file order
