"""IATI activity import: ``sh.iati.read_activities(paths)`` reads IATI activity XML (2.01–2.03),
as publishers or d-portal serve it, and finds the money two activities both report::

    acts = sh.iati.read_activities(["dportal_33.xml"])
    acts.naive()["EUR"]["disbursement_stage"]          # Decimal('277841443.28'): what a sum adds
    acts.deduplicated()["EUR"]["disbursement_stage"]   # Decimal('270544457.28'): each euro once
    acts.links[0].incoming, acts.links[0].outgoing     # the two reports of one transfer

Reading
-------
- An activity is an ``iati-activity``; its identifier is ``iati-identifier`` without surrounding
  white space, its publisher ``reporting-org/@ref``.
- A transaction's amount is the text of ``value`` as an exact ``Decimal``, sign kept (a negative
  value is a correction, added as it is); its currency ``value/@currency``, else the activity's
  ``@default-currency``; its type ``transaction-type/@code``.
- Identifiers (``provider-activity-id``, ``receiver-activity-id``, the ``@ref`` of
  ``provider-org``/``receiver-org``) are compared as published after removing surrounding white
  space: no case folding, no repair of typos.
- Amounts are never converted and never added across currencies: every figure is per currency.
- ``contact-info`` (names, e-mail addresses, telephone numbers) is personal data and is not read.
- Files are read in the order of their names, so the result does not depend on the order they
  are given in. Schema errors that do not touch what is read are ignored; an activity or a
  transaction that cannot be read (no identifier, a value that is not a number, no currency) is
  skipped and listed in ``skipped`` with its file, line and why. A file that is not XML, or whose
  root is not ``iati-activities``, is refused with a ``FormatError`` naming file, line and
  element, and nothing is returned.

The same money reported twice
-----------------------------
A funder's disbursement (type 3) or outgoing commitment (2) is often reported again by the
receiving activity as incoming funds (1) or an incoming commitment (11) whose
``provider-org/@provider-activity-id`` names the funder's activity. Such an incoming transaction
t of activity B naming activity A (A ≠ B, A read) is the same money as one transaction o of A
when o has the partner type, the same currency and exactly the same amount, and o is addressed
to B: o's ``receiver-activity-id`` is B (``matched_by="receiver-activity-id"``), or names no
activity read and o's ``receiver-org/@ref`` is B's publisher (``"receiver-org/@ref"``). Each o
serves one t at most. Matching runs in two passes (first by receiver-activity-id only, then by
receiver-org/@ref); in each the incoming transactions are taken in document order, and each
takes the unused candidate with the nearest value date, then the earliest in document order.
Dates need not agree: the two ends often differ by days or weeks.

Counted once, per currency: the disbursement stage is 3 + 1 less the matched type-1 amounts, the
commitment stage 2 + 11 less the matched type-11 amounts, expenditure 4. An incoming transaction
naming an activity read that finds no partner is in ``unmatched``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import _core
from .._errors import FileError, FormatError, wrong_type

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Activities", "Activity", "Link", "Skipped", "Transaction", "read_activities"]

#: The partner of each incoming type: incoming funds (1) repeat a disbursement (3), an incoming
#: commitment (11) an outgoing commitment (2).
PARTNER_TYPE = {"1": "3", "11": "2"}
#: Each stage and the transaction types that report money at it (both ends of a transfer).
STAGE_TYPES = {"disbursement_stage": ("3", "1"), "commitment_stage": ("2", "11"), "expenditure": ("4",)}
_STAGE_OF_INCOMING = {"1": "disbursement_stage", "11": "commitment_stage"}
_FRAME_COLUMNS = ("activity", "position", "publisher", "type", "stage", "value", "currency", "value_date", "date",
                  "provider_ref", "provider_activity", "receiver_ref", "receiver_activity", "repeats", "counted")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")  # xsd:decimal: no exponent, no grouping


@dataclass(frozen=True)
class Transaction:
    """One ``transaction`` element as published (identifiers without surrounding white space)."""

    activity: str
    position: int  # 1-based among the activity's transaction elements
    type: str
    value: Decimal
    currency: str
    value_date: str | None
    date: str | None
    provider_ref: str | None
    provider_activity: str | None
    receiver_ref: str | None
    receiver_activity: str | None
    file: str
    line: int
    ref: str | None = None  # the transaction's own @ref
    description: tuple[str, ...] = ()  # the narratives of its description


@dataclass(frozen=True)
class Activity:
    """One ``iati-activity``: who published it and what it reports."""

    identifier: str
    publisher: str | None
    publisher_name: str | None
    title: str | None
    hierarchy: int | None
    default_currency: str | None
    related: tuple[tuple[str, str], ...]  # (type, ref) of each related-activity
    transactions: tuple[Transaction, ...]
    budgets: tuple[tuple[str, Decimal, str, str | None, str | None], ...]  # (type, value, currency, start, end)
    planned_disbursements: tuple[tuple[Decimal, str, str | None, str | None], ...]  # (value, currency, start, end)
    file: str
    line: int


@dataclass(frozen=True)
class Link:
    """An incoming transaction and the funder's transaction it repeats: one transfer, counted once."""

    incoming: Transaction
    outgoing: Transaction
    matched_by: str  # "receiver-activity-id" or "receiver-org/@ref"

    @property
    def stage(self) -> str:
        return "disbursement" if self.incoming.type == "1" else "commitment"


@dataclass(frozen=True)
class Skipped:
    """What could not be read, where and why."""

    file: str
    line: int
    element: str
    why: str


class Activities:
    """The activities of a set of IATI files, their transactions, and the transfers both ends report."""

    def __init__(self, activities: dict[str, Activity], skipped: list[Skipped], files: list[str]) -> None:
        self.activities = activities
        self.skipped = skipped
        self.files = files
        self.transactions = [t for a in activities.values() for t in a.transactions]
        self.links, self.unmatched = _match(activities, self.transactions)

    def __repr__(self) -> str:
        return (f"Activities({len(self.activities)} activities, {len(self.transactions)} transactions, "
                f"{len(self.links)} links, {len(self.unmatched)} unmatched, {len(self.skipped)} skipped)")

    @property
    def currencies(self) -> list[str]:
        return sorted({t.currency for t in self.transactions})

    @property
    def publishers(self) -> dict[str, str | None]:
        """Each publisher's ``reporting-org/@ref`` and name as first read, in that order (a publisher
        renamed between its files keeps the name of the first)."""
        names: dict[str, str | None] = {}
        for a in self.activities.values():
            if a.publisher is not None and names.get(a.publisher) is None:
                names[a.publisher] = a.publisher_name
        return names

    def _of(self, publisher: str | None) -> Callable[[Transaction], bool]:
        return lambda t: publisher is None or self.activities[t.activity].publisher == publisher

    def by_type(self, publisher: str | None = None) -> dict[str, dict[str, tuple[Decimal, int]]]:
        """Per currency, each transaction type's sum and count, as published (of one publisher if given)."""
        sums: dict[str, dict[str, tuple[Decimal, int]]] = defaultdict(dict)
        for t in filter(self._of(publisher), self.transactions):
            s, n = sums[t.currency].get(t.type, (Decimal(0), 0))
            sums[t.currency][t.type] = (s + t.value, n + 1)
        return dict(sums)

    def naive(self) -> dict[str, dict[str, Decimal]]:
        """Per currency, each stage as a sum of what both ends report (a transfer counted twice)."""
        by_type = self.by_type()
        return {c: {stage: sum((by_type[c].get(t, (Decimal(0), 0))[0] for t in types), Decimal(0))
                    for stage, types in STAGE_TYPES.items()} for c in self.currencies}

    def matched(self, publisher: str | None = None) -> dict[str, dict[str, tuple[Decimal, int]]]:
        """Per currency and stage, the sum and count of incoming transactions that another activity also
        reports as its disbursement or commitment (received by one publisher if given)."""
        out = {c: {s: (Decimal(0), 0) for s in ("disbursement_stage", "commitment_stage")} for c in self.currencies}
        for link in filter(lambda link: self._of(publisher)(link.incoming), self.links):
            stage = _STAGE_OF_INCOMING[link.incoming.type]
            s, n = out[link.incoming.currency][stage]
            out[link.incoming.currency][stage] = (s + link.incoming.value, n + 1)
        return out

    def deduplicated(self) -> dict[str, dict[str, Decimal]]:
        """Per currency, each stage with every linked transfer counted once."""
        naive, matched = self.naive(), self.matched()
        return {c: {stage: v - (matched[c][stage][0] if stage in matched[c] else 0) for stage, v in naive[c].items()}
                for c in self.currencies}

    def to_pandas(self) -> pd.DataFrame:
        """One row a transaction, in document order: the activity and its publisher, the transaction's
        fields as published (``value`` an exact Decimal), its ``stage`` (disbursement_stage,
        commitment_stage, expenditure, or None for other types), ``repeats`` (the funder's
        transaction an incoming one repeats, "<activity>#<position>") and ``counted`` (False for a
        repeat): summing ``value`` over the counted rows of a stage and currency gives ``deduplicated()``."""
        import pandas as pd

        repeats = {(k.incoming.activity, k.incoming.position): f"{k.outgoing.activity}#{k.outgoing.position}"
                   for k in self.links}
        stage_of = {t: stage for stage, types in STAGE_TYPES.items() for t in types}
        rows = [{"activity": t.activity, "position": t.position, "publisher": self.activities[t.activity].publisher,
                 "type": t.type, "stage": stage_of.get(t.type), "value": t.value, "currency": t.currency,
                 "value_date": t.value_date, "date": t.date, "provider_ref": t.provider_ref,
                 "provider_activity": t.provider_activity, "receiver_ref": t.receiver_ref,
                 "receiver_activity": t.receiver_activity, "repeats": repeats.get((t.activity, t.position)),
                 "counted": (t.activity, t.position) not in repeats} for t in self.transactions]
        return pd.DataFrame(rows, columns=list(_FRAME_COLUMNS))

    @property
    def outgoing_without_incoming(self) -> list[Transaction]:
        """Disbursements and commitments addressed by receiver-activity-id to another activity read that no
        incoming transaction matched: money the receiving activity does not report (or reports otherwise)."""
        used = {(link.outgoing.activity, link.outgoing.position) for link in self.links}
        return [t for t in self.transactions if t.type in ("2", "3") and t.receiver_activity in self.activities
                and t.receiver_activity != t.activity and (t.activity, t.position) not in used]

    @property
    def incoming_from_outside(self) -> list[Transaction]:
        """Incoming transactions naming a provider activity that was not read (its money enters here)."""
        return [t for t in self.transactions if t.type in PARTNER_TYPE and t.provider_activity is not None
                and t.provider_activity not in self.activities]

    @property
    def related(self) -> list[tuple[str, str, str]]:
        """(activity, type, ref) of each ``related-activity`` naming an activity read."""
        return [(a.identifier, kind, ref) for a in self.activities.values() for kind, ref in a.related
                if ref in self.activities]


def read_activities(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Activities:
    """The activities of the IATI activity files ``paths`` (one path or several), read in the order
    of their names."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif not isinstance(paths, Iterable) or isinstance(paths, bytes):
        raise wrong_type("paths", f"read_activities: expected a path or a list of paths, got {type(paths).__name__}")
    files = sorted((os.fspath(p) for p in paths), key=lambda p: (Path(p).name, p))
    activities: dict[str, Activity] = {}
    skipped: list[Skipped] = []
    for path in files:
        for act in _read_file(path, skipped):
            if act.identifier in activities:
                skipped.append(Skipped(path, act.line, "iati-activity",
                                       f"identifier {act.identifier!r} was read before: the later one is skipped"))
            else:
                activities[act.identifier] = act
    return Activities(activities, skipped, files)


def _read_file(path: str, skipped: list[Skipped]) -> Iterator[Activity]:
    from lxml import etree

    try:
        root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)).getroot()
    except OSError as e:
        raise FileError(f"{path}: cannot read: {e}") from None
    except etree.XMLSyntaxError as e:
        line = e.position[0] if e.position else 0
        raise FormatError(f"{path}, line {line}: not XML: {e.msg}") from None
    if root.tag != "iati-activities":
        raise FormatError(f"{path}, line {root.sourceline}: <{root.tag}> is not an IATI activity file's "
                          "root <iati-activities>")
    for el in root.iterchildren("iati-activity"):
        act = _activity(path, el, skipped)
        if act is not None:
            yield act


def _text(el: Any) -> str | None:
    """An element's text without surrounding white space; None for a missing or empty one."""
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def _attr(el: Any, name: str) -> str | None:
    if el is None:
        return None
    v = el.get(name)
    return None if v is None else (v.strip() or None)


def _narrative(el: Any) -> str | None:
    return None if el is None else _text(el.find("narrative"))


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    return Decimal(text) if _DECIMAL.fullmatch(text) else None


def _currency(code: str | None) -> str | None:
    """An ISO 4217 code, or None for anything else."""
    if code is None:
        return None
    try:
        return _core.Money("0", code).currency
    except Exception:
        return None


def _date(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _activity(path: str, el: Any, skipped: list[Skipped]) -> Activity | None:
    ident = _text(el.find("iati-identifier"))
    if ident is None:
        skipped.append(Skipped(path, el.sourceline, "iati-activity", "no iati-identifier"))
        return None
    default = _currency(_attr(el, "default-currency"))
    reporting = el.find("reporting-org")
    transactions = []
    for position, tr in enumerate(el.iterchildren("transaction"), start=1):
        t = _transaction(path, ident, position, tr, default, skipped)
        if t is not None:
            transactions.append(t)
    related = tuple((_attr(r, "type") or "", _attr(r, "ref") or "") for r in el.iterchildren("related-activity"))
    budgets = []
    for b in el.iterchildren("budget"):
        value = b.find("value")
        amount, currency = _decimal(_text(value)), _currency(_attr(value, "currency")) or default
        if amount is None or currency is None:
            skipped.append(Skipped(path, b.sourceline, "budget", "no value" if amount is None else "no currency"))
            continue
        budgets.append((_attr(b, "type") or "1", amount, currency, _attr(b.find("period-start"), "iso-date"),
                        _attr(b.find("period-end"), "iso-date")))
    planned = []
    for p in el.iterchildren("planned-disbursement"):
        value = p.find("value")
        amount, currency = _decimal(_text(value)), _currency(_attr(value, "currency")) or default
        if amount is None or currency is None:
            skipped.append(Skipped(path, p.sourceline, "planned-disbursement",
                                   "no value" if amount is None else "no currency"))
            continue
        planned.append((amount, currency, _attr(p.find("period-start"), "iso-date"),
                        _attr(p.find("period-end"), "iso-date")))
    hierarchy = _attr(el, "hierarchy")
    return Activity(ident, _attr(reporting, "ref"), _narrative(reporting), _narrative(el.find("title")),
                    int(hierarchy) if hierarchy is not None and hierarchy.isdigit() else None, default, related,
                    tuple(transactions), tuple(budgets), tuple(planned), path, el.sourceline)


def _transaction(path: str, activity: str, position: int, tr: Any, default: str | None,
                 skipped: list[Skipped]) -> Transaction | None:
    kind = _attr(tr.find("transaction-type"), "code")
    value = tr.find("value")
    amount = _decimal(_text(value))
    published_currency = _attr(value, "currency")
    currency = _currency(published_currency) if published_currency is not None else default
    if kind is None or amount is None or currency is None:
        if kind is None:
            why = "no transaction-type/@code"
        elif amount is None:
            why = "its value is not a number" if _text(value) else "no value"
        elif published_currency is None:
            why = "no currency (neither value/@currency nor the activity's default-currency)"
        else:
            why = "its currency is not an ISO 4217 code"
        skipped.append(Skipped(path, tr.sourceline, "transaction", f"{activity} transaction {position}: {why}"))
        return None
    provider, receiver = tr.find("provider-org"), tr.find("receiver-org")
    return Transaction(activity, position, kind, amount, currency, _date(_attr(value, "value-date")),
                       _date(_attr(tr.find("transaction-date"), "iso-date")), _attr(provider, "ref"),
                       _attr(provider, "provider-activity-id"), _attr(receiver, "ref"),
                       _attr(receiver, "receiver-activity-id"), path, tr.sourceline, _attr(tr, "ref"),
                       tuple(t for n in tr.iterfind("description/narrative") if (t := _text(n)) is not None))


def _match(activities: dict[str, Activity], transactions: list[Transaction]) -> tuple[list[Link], list[Transaction]]:
    """The links of the rule in the module's notes, and the incoming transactions left unmatched."""
    incoming = [t for t in transactions if t.type in PARTNER_TYPE and t.provider_activity in activities
                and t.provider_activity != t.activity]
    used: set[tuple[str, int]] = set()
    links: dict[tuple[str, int], Link] = {}

    def addressed(o: Transaction, t: Transaction, by: str) -> bool:
        if by == "receiver-activity-id":
            return o.receiver_activity == t.activity
        return o.receiver_activity not in activities and o.receiver_ref == activities[t.activity].publisher

    for by in ("receiver-activity-id", "receiver-org/@ref"):
        for t in incoming:
            if (t.activity, t.position) in links:
                continue
            provider = activities[t.provider_activity]  # type: ignore[index]
            candidates = [o for o in provider.transactions
                          if (o.activity, o.position) not in used and o.type == PARTNER_TYPE[t.type]
                          and o.currency == t.currency and o.value == t.value and addressed(o, t, by)]
            if not candidates:
                continue
            best = min(candidates, key=lambda o: (_days_apart(o.value_date, t.value_date), o.position))
            used.add((best.activity, best.position))
            links[(t.activity, t.position)] = Link(t, best, by)
    order = {(t.activity, t.position): i for i, t in enumerate(transactions)}
    found = sorted(links.values(), key=lambda link: order[(link.incoming.activity, link.incoming.position)])
    unmatched = [t for t in incoming if (t.activity, t.position) not in links]
    return found, unmatched


def _days_apart(a: str | None, b: str | None) -> float:
    if a is None or b is None:
        return float("inf")
    return abs((_dt.date.fromisoformat(a) - _dt.date.fromisoformat(b)).days)
