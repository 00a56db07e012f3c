"""IATI activities into a registry: ``sh.read_iati(paths)`` reads IATI activity files (2.01-2.03,
schema-valid or not) as ``read_activities`` does, and puts them in a registry whose totals count
each transfer once::

    reg = sh.read_iati(["dportal_33.xml"])
    t = reg.totals(stage="disbursement", currency="EUR", kind="all")
    t.total, t.reported   # counted once, and as both ends report it (incoming funds + disbursements)

- **Partners.** Each publisher (``reporting-org/@ref``, its name as published) and each
  organisation a transaction names by ``@ref`` is a partner; each activity is a partner below
  its publisher (its identifier as published), and a project (its title) implemented by it. An
  activity whose ``related-activity`` elements make another activity of its publisher its parent
  (type 1 from the child, type 2 from the parent) is below that one instead, so a boundary of the
  parent holds its children and the money between them is inside it.
- **Flows.** Each transaction of type 1 or 3 is a disbursement, 11 or 2 a commitment, 4 an
  expenditure, 12 a pledge, in its own currency (the value's, else the activity's default),
  exact, dated by its value date. An outgoing transaction runs from its activity to the activity
  its ``receiver-activity-id`` names (when read), else to its receiver organisation; an incoming
  one from the activity its ``provider-activity-id`` names (when read), else from its provider
  organisation, to its activity. A negative value is a correction. Each note names the activity
  and the transaction's place in it ("IATI XM-A-1 #3").
- **The same money, once.** An incoming transaction linked by ``read_activities``' rule (see
  ``shanhai.iati.read``) to the funder's disbursement or commitment is a part of that flow: the
  two are one transfer, counted once; each outgoing transaction serves one incoming at most. A
  transaction whose description says, as ``to_iati`` writes it, "Part of transaction flow-0; not
  additional to it." (or "Passed on from transaction flow-0.") is a part of the transaction of
  that ``@ref`` in the activity its ``provider-activity-id`` names (else its own), so a registry
  written by ``to_iati`` and read back keeps every total; one naming a transaction not read is a
  finding (``iati_unlinked``).
- **Findings.** ``check()`` lists what an import leaves out and why: the incoming transactions
  naming an activity read that no transaction of it matches (``iati_unmatched_incoming``), the
  elements that could not be read (``iati_skipped``), the transactions of other types or of no
  amount (``iati_not_a_flow``), and the parents not kept: one of another publisher, two, or a loop
  (``iati_parent_not_kept``). They are kept with the registry in this session, not in its file.
- **Not read.** ``contact-info`` (names, e-mail addresses, phones: personal) and budgets and
  planned disbursements (forecasts, not money moved). Values finer than a hundredth are refused
  whole (the registry holds hundredths exactly and never rounds); nothing is kept.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .._errors import FormatError, ValidationError
from .._registry import Registry
from .read import Activities, Transaction, read_activities
from .write import PART_OF, PASSED_ON

__all__ = ["read_iati"]

STAGES = {"1": "disbursement", "3": "disbursement", "11": "commitment", "2": "commitment", "4": "expenditure",
          "12": "pledge"}
INCOMING = ("1", "11")
NOT_SPECIFIED = "not specified"


def read_iati(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Registry:
    """The activities of the IATI files ``paths`` (one path or several) in a registry: see the module."""
    acts = read_activities(paths)
    for t in acts.transactions:
        if t.value != t.value.quantize(Decimal("0.01")):
            raise ValidationError(f"{t.file}:{t.line}: IATI transaction {t.activity} #{t.position}: value {t.value} "
                                  f"{t.currency} is finer than a hundredth, which a registry does not hold yet; "
                                  "nothing is imported (never rounded)", table="flows", field="amount",
                                  value=str(t.value), reason="too_fine")
    counts = Counter(t.currency for t in acts.transactions)
    reg = Registry(currency=min(counts, key=lambda c: (-counts[c], c)) if counts else "USD")
    _Import(reg, acts).run()
    return reg


class _Import:
    """One import: the partners made so far, the flows added, the findings."""

    def __init__(self, reg: Registry, acts: Activities) -> None:
        self.reg, self.acts = reg, acts
        self.organisations: dict[str, Any] = {}
        self.activity: dict[str, Any] = {}
        self.flow: dict[tuple[str, int], Any] = {}
        self.added: set[tuple[str, int]] = set()
        self.repeats: dict[tuple[str, int], Transaction] = {}
        self.parts: set[tuple[str, int]] = set()  # what the file calls a part of another: from the same source
        self.missing: list[tuple[Transaction, str]] = []  # what the file calls a part of a transaction not read
        self.notes: list[tuple[str, str, str, list[Any]]] = []

    def organisation(self, ref: str | None, name: str | None = None) -> Any:
        key = ref if ref is not None else NOT_SPECIFIED
        if key not in self.organisations:
            self.organisations[key] = self.reg.add_partner(name or key, kind="other",
                                                           note="" if ref is None else f"IATI organisation {ref}")
        return self.organisations[key]

    def run(self) -> None:
        acts = self.acts
        parents = self.parents()
        for ident in acts.activities:
            self.place(ident, parents)
        self.repeats = {(k.incoming.activity, k.incoming.position): k.outgoing for k in acts.links}
        self.repeats.update(self.own_links())
        for t in acts.transactions:
            self.add(t)
        for t in acts.unmatched:
            if (t.activity, t.position) in self.repeats:
                continue  # linked by the file's own words
            self.note("warning", "iati_unmatched_incoming",
                      f"{t.activity} #{t.position}: incoming {t.value} {t.currency} from {t.provider_activity}, which "
                      "reports no transaction of that currency and amount to it: counted as reported", t)
        for t, named in self.missing:
            self.note("warning", "iati_unlinked", f"{t.activity} #{t.position}: said to repeat {named}, which is not "
                      "read: counted as reported", t)
        for s in acts.skipped:
            self.notes.append(("warning", "iati_skipped", f"{s.file}:{s.line}: {s.element} not read: {s.why}", []))
        self.reg._notes.extend(self.notes)

    def own_links(self) -> dict[tuple[str, int], Transaction]:
        """The transactions a file written by ``to_iati`` says repeat another: "Part of transaction
        flow-0; ..." or "Passed on from ...", naming the @ref of one in the activity of its
        provider-activity-id (else its own). What no rule links yet (a part within one publisher,
        of another amount) is linked so, and a round trip keeps every total."""
        by_ref = {(t.activity, t.ref): t for t in self.acts.transactions if t.ref is not None}
        said = re.compile("|".join(re.escape(p).replace(re.escape("{ref}"), r"(?P<ref%d>\S+)" % i)
                                   for i, p in enumerate((PART_OF, PASSED_ON))))
        links = {}
        for t in self.acts.transactions:
            key = (t.activity, t.position)
            for text in t.description:
                if (m := said.fullmatch(text)) is not None and key not in self.repeats:
                    ref = m.group("ref0") or m.group("ref1")
                    activity = t.provider_activity if t.provider_activity in self.acts.activities else t.activity
                    if (o := by_ref.get((activity, ref))) is not None and o is not t:
                        links[key] = o
                        if m.group("ref0"):
                            self.parts.add(key)
                    else:
                        self.missing.append((t, f"{activity} transaction {ref}"))
        return links

    def parents(self) -> dict[str, str]:
        """Each activity's parent: the activity of its publisher that a ``related-activity`` names as
        its parent (type 1) or that names it as a child (type 2). A parent of another publisher, two
        parents, or a loop leave the activity below its publisher, as a finding."""
        acts = self.acts.activities
        claims: dict[str, list[str]] = {}
        for ident, a in acts.items():
            for kind, ref in a.related:
                if ref in acts and ref != ident and kind in ("1", "2"):
                    child, parent = (ident, ref) if kind == "1" else (ref, ident)
                    if parent not in claims.setdefault(child, []):
                        claims[child].append(parent)
        parents: dict[str, str] = {}
        for child, named in claims.items():
            own = [p for p in named if acts[p].publisher == acts[child].publisher]
            others = [p for p in named if p not in own]
            where = f"kept below {own[0]}" if len(own) == 1 else "kept below its publisher"
            if others:
                self.note_parent(child, f"names another publisher's activity ({', '.join(others)}) as parent: {where}")
            if len(own) > 1:
                self.note_parent(child, f"names {len(own)} activities ({', '.join(own)}) as parent: {where}")
            if len(own) == 1:
                parents[child] = own[0]
        for child in list(parents):
            seen, p = {child}, parents.get(child)
            while p is not None and p not in seen:
                seen.add(p)
                p = parents.get(p)
            if p == child:  # a loop, cut at its first activity read
                self.note_parent(child, f"parents form a loop ({', '.join(sorted(seen))}): kept below its publisher")
                del parents[child]
        return parents

    def note_parent(self, child: str, why: str) -> None:
        self.notes.append(("info", "iati_parent_not_kept", f"{child}: related-activity {why}", []))

    def place(self, ident: str, parents: dict[str, str]) -> Any:
        """The partner of an activity (its parent's first, below which it goes) and its project."""
        if ident not in self.activity:
            a = self.acts.activities[ident]
            if ident in parents:
                above = self.place(parents[ident], parents)
            else:
                above = self.organisation(a.publisher, a.publisher_name) if a.publisher is not None else None
            self.activity[ident] = node = self.reg.add_partner(ident, kind="other", parent=above,
                                                               note=f"IATI activity {ident}")
            self.reg.add_project(a.title or ident, implementer=node, note=f"IATI activity {ident}")
        return self.activity[ident]

    def note(self, severity: str, code: str, message: str, t: Transaction) -> None:
        flow = self.flow.get((t.activity, t.position))
        self.notes.append((severity, code, message, [] if flow is None else [flow]))

    def add(self, t: Transaction) -> None:
        """The flow of a transaction, after the flow it repeats (a part after its whole)."""
        if (t.activity, t.position) in self.added:
            return
        self.added.add((t.activity, t.position))
        repeats = self.repeats.get((t.activity, t.position))
        if repeats is not None:
            self.add(repeats)
        stage = STAGES.get(t.type)
        if stage is None or t.value == 0:
            why = f"of type {t.type}, kept apart" if stage is None else "of no amount"
            self.note("info", "iati_not_a_flow", f"{t.activity} #{t.position}: a transaction {why}: not a flow", t)
            return
        own = self.activity[t.activity]
        if t.type in INCOMING:
            source, target = self.end(t.provider_activity, t.provider_ref, t.activity), own
        else:
            source, target = own, self.end(t.receiver_activity, t.receiver_ref, t.activity)
        if source == target:
            source = self.organisation(None)  # an activity's money to itself: from no one named
        parent = None if repeats is None else self.flow.get((repeats.activity, repeats.position))
        if parent is not None and (t.activity, t.position) in self.parts:
            source = parent.source  # the same money as its whole, in more detail
        spec: dict[str, Any] = dict(date=t.value_date or t.date, kind="other", stage=stage, currency=t.currency,
                                    note=f"IATI {t.activity} #{t.position}", correction=t.value < 0)
        unlinked = None if repeats is None or parent is not None else "which is no flow"
        try:
            try:
                self.flow[(t.activity, t.position)] = self.reg.add_flow(source, target, str(t.value), parent=parent,
                                                                        **spec)
            except ValidationError:
                if parent is None:
                    raise
                self.flow[(t.activity, t.position)] = self.reg.add_flow(source, target, str(t.value), **spec)
                unlinked = "a link the registry refuses"
        except ValidationError as e:
            raise FormatError(f"{t.file}:{t.line}: IATI transaction {t.activity} #{t.position}: {e}", table="flows",
                              field=e.field, value=f"{t.activity} #{t.position}", reason=e.reason) from e
        if repeats is not None and unlinked is not None:
            self.note("warning", "iati_unlinked", f"{t.activity} #{t.position}: repeats {repeats.activity} "
                      f"#{repeats.position}, {unlinked}: counted as reported", t)

    def end(self, activity: str | None, ref: str | None, own: str) -> Any:
        """The activity a transaction names, when read (and not its own), else the organisation."""
        if activity is not None and activity != own and activity in self.activity:
            return self.activity[activity]
        return self.organisation(ref)
