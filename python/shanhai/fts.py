"""OCHA Financial Tracking Service (FTS) import: ``sh.read_fts(pages)`` reads the pages of an FTS
API v1 flow search into a registry counting in USD, and ``sh.fts.boundary(reg, location=...,
year=...)`` names the country-year (or plan) whose funding FTS publishes::

    reg = sh.read_fts(["flow_locationid=114&year=2020.json", "flow_locationid=114&year=2020&page=2.json"])
    jordan = sh.fts.boundary(reg, location=114, year=2020)
    funding = sum(reg.totals(boundary=jordan, stage=s).total for s in ("commitment", "disbursement"))
    # USD 608,535,003: what FTS publishes as Jordan's 2020 funding, to the dollar

FTS counts money once, where it enters a country-year: a flow counts when its destination lies
wholly inside (one location, one usage year, and for a plan one plan) and its source does not,
or when FTS marks it new money. The registry holds the flows so that a boundary total is exactly
that:

- **Places.** An end (source or destination) naming exactly one Location L sits under the
  partner L; with exactly one UsageYear Y also, under "L Y" below L; with exactly one Plan P
  also, under P below "L Y". An end naming several locations, years or plans stops at the level
  above: it is shared, inside none of them.
- **Ends.** The end is its one Organization's partner under the deepest place (one partner per
  organisation and place), else that place, else the organisation at top level, else one
  top-level "not specified". The source of a flow FTS marks ``newMoney`` is its organisation at
  top level, outside every place: new money counts wherever it goes.
- **Flows.** One per FTS flow with ``amountUSD > 0`` and two different ends, in USD, to the day;
  ``paid`` is a disbursement, ``commitment`` a commitment and ``pledge`` a pledge (FTS's funding
  is commitments plus paid contributions; pledges apart). Each note begins ``FTS flow <id>``.
- **Parents.** A flow's ``parentFlowId`` links it to its parent, unless the parent is ``Parked``:
  a Parked flow holds only the unallocated rest, its children are not inside its amount. A link
  the registry refuses (the child is neither a part of its parent nor money passed on) is
  dropped: the flow goes in unlinked, and ``check()`` lists it (``fts_unlinked``).

A page is a JSON object whose ``data.flows`` is the list of flows; ``meta`` and FTS's summary
blocks (``data.incoming``, ``outgoing``, ``internal``) are never read, page order does not matter
and a flow seen on two pages is read once. A page that is not one, or a flow lacking ``id``,
``amountUSD``, ``status``, ``flowType``, ``sourceObjects`` or ``destinationObjects``, or with
another status, is refused with a ``FormatError`` naming the file and the flow, and nothing is kept.

Data: OCHA Financial Tracking Service (FTS), https://fts.unocha.org, CC BY-IGO.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NoReturn

from . import _core
from ._errors import FileError, FormatError, NotFoundError, ValidationError, wrong_type
from ._registry import Registry

__all__ = ["boundary", "read_fts"]

REQUIRED = ("id", "amountUSD", "status", "flowType", "sourceObjects", "destinationObjects")
STAGES = {"paid": "disbursement", "commitment": "commitment", "pledge": "pledge"}
NOT_SPECIFIED = "not specified"


def read_fts(pages: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Registry:
    """The flows of the FTS flow-search pages ``pages`` (one path or several) in a USD registry."""
    flows: dict[str, dict[str, Any]] = {}
    page_of: dict[str, str] = {}  # the page a flow was read from, for messages
    for path in _paths(pages):
        for flow in _flows(path):
            flows.setdefault(str(flow["id"]), flow)
            page_of.setdefault(str(flow["id"]), os.fspath(path))
    reg = Registry(currency="USD")
    places = _Places(reg)
    added: dict[str, Any] = {}
    for fid in _parents_first(flows):
        flow = flows[fid]
        if flow["amountUSD"] <= 0:
            continue
        source = places.organisation(flow["sourceObjects"]) if flow.get("newMoney") is True else \
            places.end(flow["sourceObjects"])
        target = places.end(flow["destinationObjects"])
        if source == target:
            continue
        parent = flows.get(str(flow.get("parentFlowId")))
        linked = added.get(str(parent["id"])) if parent is not None and parent["flowType"] != "Parked" else None
        spec = dict(amount=flow["amountUSD"], date=_day(flow.get("date")), stage=STAGES[flow["status"]],
                    note=f"FTS flow {fid}" + ("" if flow["flowType"] == "Standard" else f" ({flow['flowType']})"))
        try:
            try:
                added[fid] = reg.add_flow(source, target, parent=linked, **spec)
            except ValidationError:
                if linked is None:
                    raise
                added[fid] = reg.add_flow(source, target, **spec)  # the registry refuses the link: unlinked
                reg._notes.append(("warning", "fts_unlinked", f"FTS flow {fid}: its parent {parent['id']} is a link "  # type: ignore[index]
                                   "the registry refuses (another stage, or neither a part nor money passed on): "
                                   "counted on its own", [added[fid]]))
        except ValidationError as e:
            raise FormatError(f"{page_of[fid]}: FTS flow {fid}: {e}", table="flows", field=e.field, value=fid,
                              reason=e.reason) from e
    return reg


def boundary(reg: Registry, *, location: int | str, year: int, plan: int | str | None = None) -> _core.Partner:
    """The partner holding what an FTS import put inside a country-year: ``location`` (an FTS
    location id, or its name) in usage ``year``; with ``plan`` (a plan id, or its name), that
    plan's part of it. Its boundary total is what FTS publishes as the funding."""
    if not isinstance(reg, Registry):
        raise wrong_type("reg", f"fts.boundary reg: expected a Registry, got {type(reg).__name__}")
    if not isinstance(year, int) or isinstance(year, bool):
        raise wrong_type("year", f"fts.boundary year: expected a year such as 2020, got {year!r}")
    for field, value in (("location", location), ("plan", plan)):
        if (value is not None or field == "location") and (not isinstance(value, (int, str)) or isinstance(value, bool)):
            raise wrong_type(field, f"fts.boundary {field}: expected an FTS id or a name, got {value!r}")
    place = _find(reg, None, location, "location")
    place = _find(reg, place, f"{place.name} {year}", "year")
    return place if plan is None else _find(reg, place, plan, "plan")


# ---- reading pages ---------------------------------------------------------------------------

def _paths(pages: object) -> list[str | os.PathLike[str]]:
    if isinstance(pages, (str, os.PathLike)):
        return [pages]
    paths = list(pages) if isinstance(pages, Iterable) and not isinstance(pages, (bytes, dict)) else [pages]
    checked: list[str | os.PathLike[str]] = []
    for path in paths:
        if not isinstance(path, (str, os.PathLike)):
            raise wrong_type("pages", f"read_fts pages: expected a path or a list of paths, got {path!r}")
        checked.append(path)
    return checked


def _flows(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The flows of one page, each checked; the page refused whole when any is not readable."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            page = json.load(f, parse_float=Decimal, parse_constant=_no_constant)
    except OSError as e:
        raise FileError(f"{name}: cannot read the FTS page: {e.strerror or e}", field="pages", reason="io") from e
    except (ValueError, RecursionError) as e:
        raise FormatError(f"{name}: not an FTS flow search page (not JSON: {e})", field="pages",
                          reason="bad_format") from e
    flows = page.get("data", {}).get("flows") if isinstance(page, dict) and isinstance(page.get("data"), dict) else None
    if not isinstance(flows, list):
        raise FormatError(f"{name}: not an FTS flow search page (no data.flows list)", field="pages",
                          reason="bad_format")
    for k, flow in enumerate(flows):
        _check(name, k, flow)
    return flows


def _check(name: str, k: int, flow: object) -> None:
    def refuse(why: str, field: str) -> FormatError:
        return FormatError(f"{name}: FTS flow {fid}: {why}", table="flows", row=k, field=field, value=fid,
                           reason="bad_format")

    fid = str(flow.get("id")) if isinstance(flow, dict) else f"#{k}"
    if not isinstance(flow, dict):
        raise refuse("is not an object", "flow")
    for key in REQUIRED:
        if flow.get(key) is None:
            raise refuse(f"lacks {key!r}", key)
    amount = flow["amountUSD"]
    if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):  # NaN and Infinity: no JSON here
        raise refuse(f"amountUSD {amount!r} is not a number", "amountUSD")
    if flow["status"] not in STAGES:
        raise refuse(f"status {flow['status']!r} is none of pledge, commitment, paid", "status")
    for side in ("sourceObjects", "destinationObjects"):
        objects = flow[side]
        if not isinstance(objects, list) or not all(isinstance(o, dict) and "type" in o for o in objects):
            raise refuse(f"{side} is not a list of objects with a type", side)


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number")


def _day(date: object) -> str | None:
    """'2017-04-05T00:00:00Z' to the day."""
    return date[:10] if isinstance(date, str) and date else None


def _parents_first(flows: dict[str, dict[str, Any]]) -> list[str]:
    """Every flow id, by id, each parent (when read) before its children."""
    order: list[str] = []
    done: set[str] = set()

    def visit(fid: str) -> None:
        chain = []
        while fid not in done and fid in flows and fid not in chain:
            chain.append(fid)
            fid = str(flows[fid].get("parentFlowId"))
        for f in reversed(chain):
            done.add(f)
            order.append(f)

    for fid in sorted(flows, key=lambda f: (len(f), f)):
        visit(fid)
    return order


# ---- places ----------------------------------------------------------------------------------

class _Places:
    """The partners of an import: places (location, "location year", plan) and organisations."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.made: dict[tuple[str, ...], _core.Partner] = {}

    def partner(self, key: tuple[str, ...], name: str, parent: _core.Partner | None = None,
                code: str | None = None) -> _core.Partner:
        if key not in self.made:
            self.made[key] = self.reg.add_partner(name, parent=parent, code=code)
        return self.made[key]

    def place(self, objects: list[dict[str, Any]]) -> tuple[_core.Partner | None, tuple[str, ...]]:
        """The deepest place an end lies wholly inside, and its key; None outside every place."""
        of = {t: [o for o in objects if o["type"] == t] for t in ("Location", "UsageYear", "Plan")}
        if len(of["Location"]) != 1:
            return None, ()
        loc = of["Location"][0]
        key: tuple[str, ...] = ("Location", str(loc["id"]))
        place = self.partner(key, str(loc["name"]), code=str(loc["id"]))
        if len(of["UsageYear"]) != 1:
            return place, key
        year = str(of["UsageYear"][0]["name"])
        key += ("UsageYear", year)
        place = self.partner(key, f"{loc['name']} {year}", place, code=year)
        if len(of["Plan"]) != 1:
            return place, key
        plan = of["Plan"][0]
        key += ("Plan", str(plan["id"]))
        return self.partner(key, str(plan["name"]), place, code=str(plan["id"])), key

    def end(self, objects: list[dict[str, Any]]) -> _core.Partner:
        place, key = self.place(objects)
        orgs = [o for o in objects if o["type"] == "Organization"]
        if len(orgs) != 1:
            return place if place is not None else self.partner((), NOT_SPECIFIED)
        org = orgs[0]
        return self.partner(key + ("Organization", str(org["id"])), str(org["name"]), place)

    def organisation(self, objects: list[dict[str, Any]]) -> _core.Partner:
        """The end's organisation at top level, outside every place (new money)."""
        orgs = [o for o in objects if o["type"] == "Organization"]
        if len(orgs) != 1:
            return self.partner((), NOT_SPECIFIED)
        return self.partner(("Organization", str(orgs[0]["id"])), str(orgs[0]["name"]))


def _find(reg: Registry, parent: _core.Partner | None, wanted: object, what: str) -> _core.Partner:
    """The partner below ``parent`` (None: at top level) with FTS id ``wanted`` (its code) or that name."""
    text = str(wanted)
    for p in reg.partners:
        if p.parent == parent and (p.code == text or p.name == text) and (what != "location" or p.code):
            return p
    where = "" if parent is None else f" under {parent.name!r}"
    raise NotFoundError(f"fts.boundary: no {what} {text!r}{where} in the registry (no flow goes there)",
                        field=what, value=text, reason="not_found")
