"""IATI 2.03 export: ``reg.to_iati(path, reporting_org=siming)`` writes an ``iati-activities`` file::

    reg = sh.datasets.siming_linxia_2018()
    siming = reg.partners[1]
    reg.to_iati("siming.xml", reporting_org=siming, reporting_ref="CN-USCC-...")  # its registered id

The file follows the IATI activity standard, version 2.03, and validates against its schema
(``validate(path, schema_dir)`` checks it with lxml). How the registry reads as IATI:

Activities
----------
- Each pairing of a programme kind (``programmes``, default only ``east_west``) between two
  partners is a **programme** activity, ``<ref>-PAIR-<pairing id>``, hierarchy 1: titled
  "<east>—<west>东西部协作", located at the west partner, with the year's report as its results.
- A programme whose two partners are at or below another programme's (a district pair inside
  its city pair) names that one as its parent (``related-activity`` type 1, the innermost
  enclosing one), and the enclosing one lists it as a child (type 2).
- Each project is an activity, ``<ref>-PRJ-<project id>``, hierarchy 2, with a
  ``related-activity`` link to the innermost programme whose side holds its location (type 1,
  parent; the programme lists its projects as type 2, child). Its outputs
  (``{"workshops": 20}``) are its results.
- ``<ref>`` is the reporting organisation's identifier (``reporting_ref``; by default the one
  given in ``org_refs`` or, failing that, a local identifier ``CN-GB2260-<code>`` built from the
  partner's administrative code: replace it by the organisation's registered identifier from
  org-id.guide, e.g. ``CN-USCC-...``, before publishing). Ids are the registry's own, so the
  same registry always gives the same identifiers.

Which activity a flow belongs to
--------------------------------
1. a flow into a project belongs to that project's activity; a flow out of a project (a
   dividend it pays, say) to that project's activity too;
2. otherwise to the innermost programme with the flow's source at or below one side and its
   target at or below the other (a district pair rather than the city pair around it; of two
   that do not nest, the first in pairing order);
3. otherwise to the innermost programme with the source or the target at or below either side;
4. otherwise to a catch-all activity ``<ref>-GENERAL`` (created only when needed), so that every
   flow is in the file and the file's sums are the registry's.

A household is "at" its village, a project at its location.

Transactions
------------
Every flow is one transaction, ``ref="flow-<id>"``, value in the registry's currency
(``currency="CNY"`` unless the registry counts in another, ``value-date`` = the transaction
date). Types by stage:

============  ==============================================================================
stage         transaction type
============  ==============================================================================
pledge        no transaction: a ``planned-disbursement`` (IATI has no pledge transaction)
commitment    2 Outgoing Commitment; 11 Incoming Commitment for money coming in
disbursement  3 Disbursement; 1 Incoming Funds for money coming in
expenditure   4 Expenditure
============  ==============================================================================

Money "coming in" is a flow whose target is at or below the reporting organisation and whose
source is not (a city's allocation to the reporting district, say). ``provider-org`` is the
flow's source, ``receiver-org`` its target (a project is named by its implementer, else its
location; a household as 建档立卡户, never by its registry number). Chains follow the flows'
parents: a flow with a parent carries ``provider-activity-id`` = the activity of its parent
flow; a flow into a project carries ``receiver-activity-id`` = the project's activity, and a
flow whose children all sit in one other activity names that one. A child flow that is a *part*
of its parent (the same money in more detail) says so in an English narrative of its
description ("Part of transaction flow-0; not additional to it"): the transactions are the
flows **as reported**, and a consumer that sums them counts such parts twice, exactly as the
report's ``funds.reported_sum`` does; ``funds.total`` in the results is the deduplicated figure.
``read_iati`` reads those words back as links: the round trip keeps every total.

A published money figure (``add_figure("funds.fiscal", "4.53亿", ...)``) holding more than the
flows recorded under it is written as one more disbursement on its pair's programme,
``ref="figure-<key>-<year>"``, dated the year's last day, from the east partner to the west one:
the figure less the deduplicated flows of its scope and less what the pairs inside it write
(``funds.total`` beyond its kinds likewise), so that the file's disbursements add up to the
published figures, each yuan once. A figure below what is recorded under it is refused, as
``check()`` finds it (``figure_exceeded``). Only the aid kinds of ``kind`` are written.

A date given to the year or month ("2018", "2018-05") is written as its first day (an end date
as its last day). A flow with no date takes its nearest dated ancestor's, else its activity's
start. A pairing whose start is not known (``since=None``) takes the dates of its records as
actual dates: its earliest and latest flow (else the first and last year its report has
figures of records in, beyond the pairing itself and the household registry). An activity with
no date at all (no start, no dated flow, nothing reported) is refused with a ValidationError
naming it.

Organisations
-------------
``participating-org`` roles: 1 Funding: where the money of the activity's flows started (the
source of each chain's root); 2 Accountable: the reporting organisation; 3 Extending: partners
that passed money on (a flow's source that is not where its money started); 4 Implementing: a
project's implementer, a programme's west partner. ``ref`` is given where ``org_refs`` (or
``reporting_ref``) knows one; ``type`` follows the partner's kind: governments (province ...
community, department) 10 Government; state-owned enterprises, hospitals, health centres 15
Other Public Sector; schools and kindergartens 80 Academic, Training and Research; enterprises
and cooperatives 70 Private Sector; social organisations 22 National NGO; families and others
90 Other.

Sectors (DAC 5-digit, vocabulary 1)
-----------------------------------
A project carries its sector at activity level; a programme (and the catch-all) carries each
transaction's purpose at transaction level, never both (as the standard asks).

==============  =====  ===================================================
shanhai         DAC    name
==============  =====  ===================================================
agriculture     31120  Agricultural development
industry        32130  Small and medium-sized enterprises (SME) development
infrastructure  21020  Road transport (village roads are most of it)
water           14030  Basic drinking water supply and basic sanitation
education       11120  Education facilities and training
health          12220  Basic health care
employment      16020  Employment creation
housing         16040  Low-cost housing
social          16010  Social protection
governance      15110  Public sector policy and administrative management
mixed           43010  Multisector aid
other           99810  Sectors not specified
unspecified     99810  Sectors not specified
==============  =====  ===================================================

Locations
---------
``recipient-country`` is CN (100%). A ``location`` names the partner (with the names above it),
``location-reach`` 1 (the activity happens there), ``administrative`` CN at level 0 (vocabulary
A4, ISO country) and ``location-class`` (1 administrative region, 2 populated place for a
village, 3 structure for a school, hospital, ...). IATI's geographic vocabularies have no code
for China's GB/T 2260 administrative divisions, so those codes travel in a namespaced
extension, as the standard allows: ``<shanhai:administrative vocabulary="GB/T 2260"
code="622901" level="3"/>`` for the partner and each partner above it that has a code (level:
province 1, city 2, county/district 3, town/street 4, village/community 5); the location's
``ref`` is ``CN-GB2260-<code>`` of the nearest coded partner.

Results
-------
A programme's results are the report (``reg.report(year, east, west)``) for each year in
``years`` (default: every year a flow is dated in): one ``result`` per area (type 1 output;
reach 2 outcome), one ``indicator`` per indicator (measure 1, unit, or 2, percentage, for a
share; ``reference`` vocabulary 99 with the indicator's key such as ``funds.total``; titles in zh
and en with the unit), one ``period`` per year with the ``actual`` value (money in yuan).
Headline indicators are always written, detail indicators when not zero or given a target in
some year.

Each figure, person and yuan is reported once. A programme with programmes inside it (a city
pair around its district pairs) reports only what none of them does: for each year, its
report's figure less the sum of its inner programmes' (a share is recomputed from what is left
of its numerator and denominator). Its inner programmes must not overlap one another, and none
may report more than the whole around it (check()'s ``figure_exceeded``): either is refused
with a ValidationError, since no reading of such figures counts each one once.

Where a year has a target for an indicator (``reg.set_target``), its period carries the
``target`` value beside the ``actual``, in the same terms (money in yuan, a share in percent,
else a count), and the indicator a ``baseline`` (``year``, ``value``) with a comment naming the
target years it belongs to; targets that share a baseline share one ``baseline`` element.
A programme shows its pair's targets (``set_target(..., east=, west=)``) and, where its pair has
none for an indicator, the registry's unscoped one. The results cover the areas of aid (all but
``consumption.*`` and ``registry.*``), so targets of those indicators are not written.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from .. import _core, _personal
from .._errors import FileError, FormatError, ValidationError, expect, one_of, wrong_type
from .._results import AREAS, Report, _ratio
from .._registry import Registry

__all__ = ["to_iati", "iati_xml", "validate", "SECTOR_CODES", "TRANSACTION_TYPES", "ORG_TYPES",
           "EXTENSION_NS"]

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXTENSION_NS = "urn:shanhai:iati-extension:1"
#: How a transaction says which one it repeats (``read_iati`` reads both back as links).
PART_OF = "Part of transaction {ref}; not additional to it."
PASSED_ON = "Passed on from transaction {ref}."

SECTOR_CODES = {
    "agriculture": "31120",
    "industry": "32130",
    "infrastructure": "21020",
    "water": "14030",
    "education": "11120",
    "health": "12220",
    "employment": "16020",
    "housing": "16040",
    "social": "16010",
    "governance": "15110",
    "mixed": "43010",
    "other": "99810",
    "unspecified": "99810",
}

# (stage, money coming in) -> IATI TransactionType code; pledges are planned disbursements.
TRANSACTION_TYPES = {
    ("commitment", False): "2",
    ("commitment", True): "11",
    ("disbursement", False): "3",
    ("disbursement", True): "1",
    ("expenditure", False): "4",
    ("expenditure", True): "4",
}

_GOVERNMENT = {"province", "city", "county", "district", "town", "street", "village", "community", "department"}
ORG_TYPES = {
    **{k: "10" for k in _GOVERNMENT},
    "soe": "15", "hospital": "15", "health_center": "15",
    "school": "80", "kindergarten": "80",
    "enterprise": "70", "cooperative": "70",
    "social_org": "22",
    "family": "90", "other": "90",
}
_ADMIN_LEVEL = {"province": 1, "city": 2, "county": 3, "district": 3, "town": 4, "street": 4, "village": 5,
                "community": 5}
_RESULT_TYPE = {"reach": "2"}
# a pair's results: the areas of aid (purchases are trade and the household registry is not a
# result of the pair), labelled and ordered as the vocabulary says
_AREAS_ZH = {k: v for k, v in AREAS.items() if k not in ("consumption", "registry")}
# money's unit in a title is the registry's currency; shares, days and months go untitled as before
_UNITS = {u: labels for u, labels in _core.unit_labels().items() if u not in ("percent", "days", "months")}
_SECTOR_ZH = {"agriculture": "农业", "industry": "产业", "infrastructure": "基础设施", "water": "饮水",
              "education": "教育", "health": "医疗卫生", "employment": "就业", "housing": "住房",
              "social": "社会保障", "governance": "治理", "mixed": "综合", "other": "其他", "unspecified": "未说明"}


# --------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------

def _first_day(d: str) -> _dt.date:
    parts = [int(p) for p in d.split("-")]
    return _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(d: str) -> _dt.date:
    try:
        parts = [int(p) for p in d.split("-")]
        if len(parts) == 1:
            return _dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            return _dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return _dt.date(*parts)
    except (ValueError, TypeError, calendar.IllegalMonthError):
        raise ValidationError(f"to_iati as_of: cannot read {d!r} as a date such as 2018, 2018-12 or 2018-12-31",
                              field="as_of", value=d if len(d) <= 40 else None, reason="bad_format") from None


def _year(y: object) -> int:
    year: int = expect(y, int, "years", f"to_iati years: expected a year such as 2018, got {y!r}")
    if not 1 <= year <= 9999:
        raise ValidationError(f"to_iati years: expected a year such as 2018, got {y!r}", field="years", value=str(y),
                              reason="out_of_range")
    return year


def _yuan(m: _core.Money | int) -> str:
    fen = m.minor if isinstance(m, _core.Money) else int(m)
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


# --------------------------------------------------------------------------------------------
# the registry as the exporter sees it
# --------------------------------------------------------------------------------------------

class _View:
    def __init__(self, reg: Registry, personal: str = "mask") -> None:
        self.reg = reg
        self.p = reg.partners._raw_columns()
        self.f = _personal.apply("flows", reg.flows._raw_columns(), personal)
        # a note masked or dropped is left out of the descriptions
        self.f["note"] = [n if n != _personal.WITHHELD else "" for n in self.f.get("note", [""] * len(self.f["amount"]))]
        self.pr = reg.projects._raw_columns()
        self.h = reg.households._raw_columns()
        self.pa = reg.pairings._raw_columns()

    def chain(self, partner: int | None) -> list[int]:
        """The partner and every partner above it, nearest first."""
        out = []
        while partner is not None and partner not in out:
            out.append(partner)
            partner = self.p["parent"][partner]
        return out

    def place(self, node: tuple[Any, Any]) -> int | None:
        """The partner a node is at: itself, a household's village, a project's location."""
        kind, i = node
        at: int | None = None
        if kind == "partner":
            at = i
        elif kind == "household":
            at = self.h["village"][i]
        elif kind == "project":
            at = self.pr["location"][i]
        return at

    def under(self, node: tuple[Any, Any], partner: int) -> bool:
        return partner in self.chain(self.place(node))


class _Org:
    __slots__ = ("name", "ref", "type", "activity")

    def __init__(self, name: str, ref: str | None = None, type: str | None = None, activity: str | None = None) -> None:
        self.name, self.ref, self.type, self.activity = name, ref, type, activity


class _Activity:
    def __init__(self, ident: str, kind: str, index: int | None):
        self.id, self.kind, self.index = ident, kind, index  # kind: programme, project, general
        self.flows: list[int] = []
        self.parent: _Activity | None = None
        self.children: list[_Activity] = []
        self.east: int | None = None  # a programme's partners
        self.west: int | None = None


def _org_of_partner(v: _View, p: int, refs: dict[int, str]) -> _Org:
    return _Org(v.p["name"][p], refs.get(p), ORG_TYPES.get(v.p["kind"][p], "90"))


def _org_of_node(v: _View, node: tuple[Any, Any], refs: dict[int, str]) -> _Org | None:
    kind, i = node
    if kind == "partner":
        return _org_of_partner(v, i, refs)
    if kind == "project":
        who = v.pr["implementer"][i]
        if who is None:
            who = v.pr["location"][i]
        if who is not None:
            return _org_of_partner(v, who, refs)
        return _Org(v.pr["name"][i])
    if kind == "household":
        return _Org("建档立卡户")
    return None


def _inside(v: _View, inner: _Activity, outer: _Activity) -> bool:
    """Whether programme ``inner`` pairs partners at or below ``outer``'s, and is not the same pair."""
    return (inner.kind == outer.kind == "programme" and (inner.east, inner.west) != (outer.east, outer.west)
            and outer.east in v.chain(inner.east) and outer.west in v.chain(inner.west))


def _plan(v: _View, ref: str, programmes: tuple[str, ...], kinds: set[str]) -> tuple[list[_Activity], list[_Activity]]:
    """The activities and which flows of ``kinds`` each holds (every flow has an owner)."""
    acts: list[_Activity] = []
    progs: list[tuple[_Activity, int, int]] = []  # (activity, east, west)
    for i, kind in enumerate(v.pa["kind"]):
        a, b = v.pa["a"][i], v.pa["b"][i]
        if kind not in programmes or a[0] != "partner" or b[0] != "partner":
            continue
        east, west = a[1], b[1]
        if v.p["side"][east] == "west" or v.p["side"][west] == "east":
            east, west = west, east
        act = _Activity(f"{ref}-PAIR-{i}", "programme", i)
        act.east, act.west = east, west
        acts.append(act)
        progs.append((act, east, west))

    def innermost(found: list[_Activity]) -> _Activity | None:
        """Of the programmes found (in pairing order), the first that holds none of the others."""
        return next((p for p in found if not any(_inside(v, q, p) for q in found)), None)

    for act in acts:  # a pair inside another pair: a child of the innermost one around it
        act.parent = innermost([p for p in acts if _inside(v, act, p)])
        if act.parent is not None:
            act.parent.children.append(act)
    projects = [_Activity(f"{ref}-PRJ-{i}", "project", i) for i in range(len(v.pr["name"]))]
    for act in projects:
        loc = v.pr["location"][act.index]
        act.parent = innermost([prog for prog, east, west in progs
                                if loc is not None and (west in v.chain(loc) or east in v.chain(loc))])
        if act.parent is not None:
            act.parent.children.append(act)
    general: _Activity | None = None
    owner: list[_Activity] = []
    for i in range(len(v.f["amount"])):
        src, dst = v.f["source"][i], v.f["target"][i]
        act = None  # type: ignore[assignment]
        if dst[0] == "project":
            act = projects[dst[1]]
        elif src[0] == "project":
            act = projects[src[1]]
        if act is None:
            act = innermost([prog for prog, east, west in progs
                             if (v.under(src, east) and v.under(dst, west))
                             or (v.under(src, west) and v.under(dst, east))])
        if act is None:
            act = innermost([prog for prog, east, west in progs
                             if any(v.under(n, side) for n in (src, dst) for side in (east, west))])
        if act is None:
            if general is None:
                general = _Activity(f"{ref}-GENERAL", "general", None)
            act = general
        if v.f["kind"][i] in kinds:
            act.flows.append(i)
        owner.append(act)
    for act in projects:  # a project funded through a programme's flow but located elsewhere
        if act.parent is None:
            for i in act.flows:
                parent = v.f["parent"][i]
                if parent is not None and owner[parent].kind == "programme":
                    act.parent = owner[parent]
                    owner[parent].children.append(act)
                    break
    acts.extend(projects)
    if general is not None and general.flows:
        acts.append(general)
    return acts, owner


# --------------------------------------------------------------------------------------------
# the document
# --------------------------------------------------------------------------------------------

def iati_xml(reg: Registry, reporting_org: _core.Partner, *, reporting_ref: str | None = None,
             org_refs: Mapping[_core.Partner, str] | None = None,
             programmes: Iterable[str] = ("east_west",), years: Iterable[int] | None = None,
             as_of: _dt.date | str | None = None, generated: _dt.datetime | None = None,
             kind: str | Iterable[str] = "aid", personal: str = "mask", key: bytes | str | None = None) -> bytes:
    """The IATI 2.03 ``iati-activities`` document as UTF-8 bytes (see ``to_iati``)."""
    from lxml import etree

    expect(reg, Registry, "reg", f"to_iati: expected a Registry, got {type(reg).__name__}")
    if not isinstance(reporting_org, _core.Partner):
        raise wrong_type("reporting_org", f"to_iati reporting_org: expected a partner of the registry, got {reporting_org!r}")
    v = _View(reg, _personal.mode(personal, "to_iati", key))
    if reporting_org.id >= len(v.p["name"]) or reg.partners[reporting_org.id] != reporting_org:
        raise ValidationError("to_iati reporting_org: belongs to another registry", field="reporting_org",
                              reason="other_registry")
    refs: dict[int, str] = {}
    if org_refs is not None:
        expect(org_refs, Mapping, "org_refs", f"to_iati org_refs: expected a dict of partner → identifier, got {org_refs!r}")
    for partner, value in (org_refs or {}).items():
        message = f"to_iati org_refs: {partner!r} is not a partner of this registry"
        expect(partner, _core.Partner, "org_refs", message)
        if partner.id >= len(v.p["name"]) or reg.partners[partner.id] != partner:
            raise ValidationError(message, field="org_refs", reason="other_registry")
        message = f"to_iati org_refs: the identifier of {partner!r} must be text, got {value!r}"
        if not expect(value, str, "org_refs", message).strip():
            raise ValidationError(message, field="org_refs", reason="required")
        refs[partner.id] = value.strip()
    me = reporting_org.id
    if reporting_ref is None:
        reporting_ref = refs.get(me)
    if reporting_ref is None:
        code = v.p["code"][me]
        if not code:
            raise ValidationError(f"to_iati reporting_ref: '{v.p['name'][me]}' has no administrative code to build "
                                  "a local identifier from; pass reporting_ref= its registered identifier "
                                  "(org-id.guide, e.g. CN-USCC-...)", field="reporting_ref", reason="required")
        reporting_ref = f"CN-GB2260-{code}"
    message = f"to_iati reporting_ref: expected an organisation identifier without spaces, got {reporting_ref!r}"
    expect(reporting_ref, str, "reporting_ref", message)
    if not reporting_ref.strip() or any(c.isspace() for c in reporting_ref):
        raise ValidationError(message, field="reporting_ref", reason="bad_format")
    refs[me] = reporting_ref
    if not isinstance(programmes, Iterable) or isinstance(programmes, bytes):
        raise wrong_type("programmes", f"to_iati programmes: expected pairing kinds, got {programmes!r}")
    programmes = (programmes,) if isinstance(programmes, str) else tuple(programmes)
    for programme in programmes:
        one_of(programme, _core.PairingKind.__members__, "programmes", f"to_iati programmes: unknown pairing kind {programme!r} "
               f"(known: {' '.join(_core.PairingKind.__members__)})")
    if as_of is None:
        as_of = _dt.date.today()
    elif isinstance(as_of, str):
        as_of = _last_day(as_of)
    elif isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    elif not isinstance(as_of, _dt.date):
        raise wrong_type("as_of", f"to_iati as_of: expected a date such as '2018-12-31', got {as_of!r}")
    if generated is None:
        generated = _dt.datetime.now(_dt.timezone.utc)
    expect(generated, _dt.datetime, "generated", f"to_iati generated: expected a datetime, got {generated!r}")
    if generated.tzinfo is not None:  # written in UTC
        generated = generated.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    stamp = generated.replace(microsecond=0).isoformat() + "Z"
    if years is None:
        years = sorted({int(d[:4]) for d in v.f["date"] if d} | {int(y) for y in v.reg.figures.column("year") if y})
    else:
        years = sorted({_year(y) for y in expect(years, Iterable, "years", f"to_iati years: expected years, got {years!r}")})

    kinds: set[str] = set(_core._flow_kinds(kind, "to_iati kind"))  # type: ignore[arg-type]
    acts, owner = _plan(v, reporting_ref, programmes, kinds)
    me_org = _org_of_partner(v, me, refs)

    def narrative(parent: Any, text: str, lang: str = "zh") -> Any:
        n = etree.SubElement(parent, "narrative")
        n.set(XML_LANG, lang)
        n.text = text
        return n

    def org_element(parent: Any, tag: str, org: _Org, role: str | None = None,
                    extra: dict[str, str | None] | None = None) -> Any:
        el = etree.SubElement(parent, tag)
        if org.ref:
            el.set("ref", org.ref)
        if extra:
            for k, val in extra.items():
                if val:
                    el.set(k, val)
        if org.type:
            el.set("type", org.type)
        if role:
            el.set("role", role)
        narrative(el, org.name)
        return el

    def flow_date(i: int) -> str | None:
        seen = set()
        while i is not None and i not in seen:
            seen.add(i)
            date: str | None = v.f["date"][i]
            if date:
                return date
            i = v.f["parent"][i]
        return None

    reports = _pair_reports(v, acts, years)
    unrecorded = _unrecorded_money(v, acts, reports, kinds)

    def record_dates(act: _Activity) -> list[str]:
        """The dates of an activity's flows, else (a pair) the years its report has figures of
        records in (the pairing itself and the household registry are no record of its work)."""
        dated = [d for d in (flow_date(i) for i in act.flows) if d]
        if not dated and act.kind == "programme":
            dated = [str(y) for y, rep in reports[act.id].items()
                     if any(i["value"] is not None and i["area"] not in ("pairing", "registry") for i in rep.indicators)]
        return dated

    def start_of(act: _Activity) -> str | None:
        if act.kind == "project":
            start: str | None = v.pr["start"][act.index]
            if start:
                return start
        elif act.kind == "programme":
            since: str | None = v.pa["since"][act.index]
            if since:
                return since
        dated = record_dates(act)
        return min(dated, key=_first_day) if dated else None

    def end_of(act: _Activity) -> str | None:
        end: str | None = None
        if act.kind == "project":
            end = v.pr["end"][act.index] or None
        elif act.kind == "programme":
            end = v.pa["until"][act.index] or None
            if end is None and not v.pa["since"][act.index]:  # start unknown: its records' span
                end = max(record_dates(act), key=_last_day, default=None)
        return end

    def title_of(act: _Activity) -> tuple[str, str]:
        if act.kind == "project":
            return v.pr["name"][act.index], ""
        if act.kind == "programme":
            east, west = v.p["name"][act.east], v.p["name"][act.west]
            kind = v.pa["kind"][act.index]
            if kind == "east_west":
                return f"{east}—{west}东西部协作", f"East-West collaboration: {east} and {west}"
            return f"{east}—{west}结对帮扶", f"Pairing ({kind}): {east} and {west}"
        name = v.p["name"][me]
        return f"{name}其他帮扶资金", f"Other assistance flows reported by {name}"

    def description_of(act: _Activity) -> str:
        if act.kind == "project":
            i = act.index
            parts = [v.pr["note"][i] or v.pr["name"][i], f"领域:{_SECTOR_ZH[v.pr['sector'][i]]}"]
            if v.pr["location"][i] is not None:
                parts.append(f"地点:{v.p['name'][v.pr['location'][i]]}")
            if v.pr["implementer"][i] is not None:
                parts.append(f"实施单位:{v.p['name'][v.pr['implementer'][i]]}")
            return ";".join(parts)
        if act.kind == "programme":
            i = act.index
            text = f"{v.p['name'][act.east]}与{v.p['name'][act.west]}结对"
            if v.pa["since"][i]:
                text += f",自{v.pa['since'][i]}起"
            if v.pa["note"][i]:
                text += f"。{v.pa['note'][i]}"
            return text
        return "不属于任何项目或结对的资金往来"

    def location(parent: Any, partner: int) -> None:
        chain = v.chain(partner)
        coded = [p for p in chain if v.p["code"][p]]
        loc = etree.SubElement(parent, "location")
        if coded:
            loc.set("ref", f"CN-GB2260-{v.p['code'][coded[0]]}")
        etree.SubElement(loc, "location-reach", code="1")
        name = etree.SubElement(loc, "name")
        narrative(name, "".join(v.p["name"][p] for p in reversed(chain)))
        etree.SubElement(loc, "administrative", vocabulary="A4", level="0", code="CN")
        kind = v.p["kind"][partner]
        if kind == "village":
            cls = "2"  # populated place
        elif kind in _GOVERNMENT and kind != "department":
            cls = "1"  # administrative region
        else:
            cls = "3"  # structure: a school, a hospital, a cooperative, ...
        etree.SubElement(loc, "location-class", code=cls)
        for p in reversed(coded):
            ext = etree.SubElement(loc, f"{{{EXTENSION_NS}}}administrative", vocabulary="GB/T 2260",
                                   code=v.p["code"][p])
            level = _ADMIN_LEVEL.get(v.p["kind"][p])
            if level is not None:
                ext.set("level", str(level))
            ext.text = v.p["name"][p]

    def incoming(i: int) -> bool:
        return v.under(v.f["target"][i], me) and not v.under(v.f["source"][i], me)

    children: dict[int, list[int]] = {}
    for i, parent in enumerate(v.f["parent"]):
        if parent is not None:
            children.setdefault(parent, []).append(i)

    root = etree.Element("iati-activities", nsmap={"shanhai": EXTENSION_NS})
    root.set("version", IATI_VERSION)
    root.set("generated-datetime", stamp)
    for act in acts:
        start = start_of(act)
        if start is None:
            title = title_of(act)[0]
            fix = {"project": "give the project a start date or date its flows",
                   "programme": "give the pairing a since date or date its flows"}.get(act.kind, "date its flows")
            raise ValidationError(f"to_iati: activity {act.id} ('{title}') has no date, which IATI requires: {fix}",
                                  table="projects" if act.kind == "project" else "pairings" if act.kind == "programme"
                                  else "flows", field={"project": "start", "programme": "since"}.get(act.kind, "date"),
                                  reason="required")
        end = end_of(act)
        a = etree.SubElement(root, "iati-activity")
        a.set(XML_LANG, "zh")
        a.set("default-currency", reg.currency)
        a.set("hierarchy", "1" if act.kind != "project" else "2")
        a.set("last-updated-datetime", stamp)
        etree.SubElement(a, "iati-identifier").text = act.id
        ro = etree.SubElement(a, "reporting-org", ref=reporting_ref, type=me_org.type)
        narrative(ro, me_org.name)
        title_zh, title_en = title_of(act)
        title = etree.SubElement(a, "title")
        narrative(title, title_zh)
        if title_en:
            narrative(title, title_en, "en")
        desc = etree.SubElement(a, "description", type="1")
        narrative(desc, description_of(act))

        # participating organisations
        funding, extending = [], []
        for i in act.flows:
            if v.f["stage"][i] == "pledge":
                continue
            root_flow = i
            while v.f["parent"][root_flow] is not None:
                root_flow = v.f["parent"][root_flow]
            origin = v.f["source"][root_flow]
            if origin[0] == "partner" and origin[1] not in funding:
                funding.append(origin[1])
            src = v.f["source"][i]
            if src[0] == "partner" and src != origin and src[1] not in extending:
                extending.append(src[1])
        if act.kind == "programme" and not funding:
            funding.append(act.east)
        for p in funding:
            org_element(a, "participating-org", _org_of_partner(v, p, refs), role="1")
        org_element(a, "participating-org", me_org, role="2")
        for p in extending:
            org_element(a, "participating-org", _org_of_partner(v, p, refs), role="3")
        implementer = (v.pr["implementer"][act.index] if act.kind == "project"
                       else act.west if act.kind == "programme" else None)
        if implementer is not None:
            org_element(a, "participating-org", _org_of_partner(v, implementer, refs), role="4")

        # status and dates
        started = _first_day(start) <= as_of
        ended = end is not None and _last_day(end) <= as_of
        status = "4" if ended else "2" if started else "1"
        etree.SubElement(a, "activity-status", code=status)
        etree.SubElement(a, "activity-date", type="2" if started else "1",
                         **{"iso-date": _first_day(start).isoformat()})
        if end is not None:
            etree.SubElement(a, "activity-date", type="4" if ended else "3",
                             **{"iso-date": _last_day(end).isoformat()})
        etree.SubElement(a, "recipient-country", code="CN", percentage="100")
        place = (v.pr["location"][act.index] if act.kind == "project"
                 else act.west if act.kind == "programme" else None)
        if place is not None:
            location(a, place)
        if act.kind == "project":
            etree.SubElement(a, "sector", vocabulary="1", code=SECTOR_CODES[v.pr["sector"][act.index]],
                             percentage="100")

        # money
        def transaction_orgs(el: Any, i: int) -> None:
            src, dst = v.f["source"][i], v.f["target"][i]
            parent = v.f["parent"][i]
            provider_activity = owner[parent].id if parent is not None else (
                act.id if src[0] == "project" else None)
            receiver_activity = None
            if dst[0] == "project":
                receiver_activity = f"{reporting_ref}-PRJ-{dst[1]}"
            else:
                below = {owner[c].id for c in children.get(i, [])}
                if len(below) == 1 and act.id not in below:
                    receiver_activity = below.pop()
            provider = _org_of_node(v, src, refs)
            receiver = _org_of_node(v, dst, refs)
            if provider is not None:
                org_element(el, "provider-org", provider, extra={"provider-activity-id": provider_activity})
            if receiver is not None:
                org_element(el, "receiver-org", receiver, extra={"receiver-activity-id": receiver_activity})

        def when(i: int) -> str:
            return flow_date(i) or start

        for i in act.flows:
            if v.f["stage"][i] != "pledge":
                continue
            d = when(i)
            pd = etree.SubElement(a, "planned-disbursement", type="1")
            etree.SubElement(pd, "period-start", **{"iso-date": _first_day(d).isoformat()})
            etree.SubElement(pd, "period-end", **{"iso-date": _last_day(d).isoformat()})
            etree.SubElement(pd, "value", currency=reg.currency, **{"value-date": _first_day(d).isoformat()}).text = \
                _yuan(v.f["amount"][i])
            transaction_orgs(pd, i)
        for i in act.flows:
            stage = v.f["stage"][i]
            if stage == "pledge":
                continue
            d = _first_day(when(i)).isoformat()
            t = etree.SubElement(a, "transaction", ref=f"flow-{i}")
            etree.SubElement(t, "transaction-type", code=TRANSACTION_TYPES[(stage, incoming(i))])
            etree.SubElement(t, "transaction-date", **{"iso-date": d})
            etree.SubElement(t, "value", currency=reg.currency, **{"value-date": d}).text = _yuan(v.f["amount"][i])
            parent = v.f["parent"][i]
            if v.f["note"][i] or parent is not None:
                td = etree.SubElement(t, "description")
                if v.f["note"][i]:
                    narrative(td, v.f["note"][i])
                if parent is not None:
                    link = reg.flows[i].link
                    narrative(td, (PART_OF if link == "part" else PASSED_ON).format(ref=f"flow-{parent}"), "en")
            transaction_orgs(t, i)
            if act.kind != "project":
                etree.SubElement(t, "sector", vocabulary="1", code=SECTOR_CODES[v.f["purpose"][i]])
        for (year, key), amount in sorted(unrecorded.get(act.id, {}).items()):
            d = _dt.date(year, 12, 31).isoformat()
            t = etree.SubElement(a, "transaction", ref=f"figure-{key}-{year}")
            etree.SubElement(t, "transaction-type", code="3")
            etree.SubElement(t, "transaction-date", **{"iso-date": d})
            etree.SubElement(t, "value", currency=reg.currency, **{"value-date": d}).text = _yuan(amount)
            td = etree.SubElement(t, "description")
            narrative(td, f"{year}年公布的{key}数字中未逐笔记录的部分")
            narrative(td, f"The part of the published {year} figure of {key} not recorded flow by flow: the "
                          "figure less the transactions above and those of the pairs inside this one.", "en")
            org_element(t, "provider-org", _org_of_partner(v, cast(int, act.east), refs))
            org_element(t, "receiver-org", _org_of_partner(v, cast(int, act.west), refs))

        for rel in ([act.parent] if act.parent else []):
            etree.SubElement(a, "related-activity", ref=rel.id, type="1")
        for child in act.children:
            etree.SubElement(a, "related-activity", ref=child.id, type="2")

        # results
        if act.kind == "programme" and years:
            _report_results(a, reg, reports[act.id], _own_figures(v, act, reports), narrative, etree)
        if act.kind == "project":
            outputs = v.pr["outputs"][act.index]
            if outputs:
                res = etree.SubElement(a, "result", type="1")
                narrative(etree.SubElement(res, "title"), "项目产出")
                narrative(res.find("title"), "Project outputs", "en")
                for name, count in outputs.items():
                    ind = etree.SubElement(res, "indicator", measure="1", ascending="true")
                    narrative(etree.SubElement(ind, "title"), name, "en" if name.isascii() else "zh")
                    period = etree.SubElement(ind, "period")
                    etree.SubElement(period, "period-start", **{"iso-date": _first_day(start).isoformat()})
                    finish = _last_day(end) if end else _last_day(start[:4])
                    etree.SubElement(period, "period-end", **{"iso-date": finish.isoformat()})
                    etree.SubElement(period, "actual", value=str(count))
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return document


def _pair_reports(v: _View, acts: list[_Activity], years: list[int]) -> dict[str, dict[int, Report]]:
    """Each programme's report for each year: the whole of its pair's scope."""
    return {act.id: {y: v.reg.report(year=y, east=v.reg.partners[cast(int, act.east)],
                                     west=v.reg.partners[cast(int, act.west)]) for y in years}
            for act in acts if act.kind == "programme"}


def _unrecorded_money(v: _View, acts: list[_Activity], reports: dict[str, dict[int, Report]],
                      kinds: set[str]) -> dict[str, dict[tuple[int, str], _core.Money]]:
    """For each programme, year and aid key (funds.<kind>, and funds.total beyond its kinds), the money
    its published figures hold beyond its recorded flows and beyond the pairs inside it: written as
    one disbursement each, so that the file's transactions add up to the figures, each yuan once."""
    aid = [k for k in _core._flow_kinds("aid", "kind") if k in kinds]
    whole = len(aid) == len(_core._flow_kinds("aid", "kind"))

    def beyond_records(act: _Activity, year: int) -> dict[str, _core.Money]:
        east, west = v.reg.partners[cast(int, act.east)], v.reg.partners[cast(int, act.west)]
        rep = reports[act.id][year]
        recorded = v.reg.totals("kind", year=year, origin=east, boundary=west, kind=aid, figures=False) if aid else None
        zero = _core.Money(0, v.reg.currency)
        out = {f"funds.{k}": (rep[f"funds.{k}"] or zero) - (recorded.get(k, zero) if recorded else zero) for k in aid}
        if whole:
            out["funds.total"] = (rep["funds.total"] or zero) - (recorded.total if recorded else zero) \
                - sum(out.values(), zero)
        return out

    programmes = [act for act in acts if act.kind == "programme"]
    # each programme's once: a pair inside another is read again only from here
    beyond = {(act.id, year): beyond_records(act, year) for act in programmes for year in reports[act.id]}
    out: dict[str, dict[tuple[int, str], _core.Money]] = {}
    for act in programmes:
        inner = [c for c in act.children if c.kind == "programme"]
        for year in reports[act.id]:
            mine = dict(beyond[(act.id, year)])
            for c in inner:
                for key, amount in beyond[(c.id, year)].items():
                    mine[key] = mine[key] - amount
            for key, amount in mine.items():
                if amount < _core.Money(0, v.reg.currency):
                    raise ValidationError(
                        f"to_iati: the published {key} of {v.p['name'][act.east]}—{v.p['name'][act.west]} in {year} "
                        "is less than what is recorded under it and the figures of the pairs inside it; check() lists "
                        "this as figure_exceeded: correct the figures before publishing them",
                        table="figures", field=key, reason="figure_exceeded")
                if amount:
                    out.setdefault(act.id, {})[(year, key)] = _core.Money.from_minor(amount.minor, amount.currency)
    return out


def _own_figures(v: _View, act: _Activity, reports: dict[str, dict[int, Report]]) -> dict[int, dict[str, Any]]:
    """A programme's figures for each year less what the programmes inside it report, so that a
    city pair and its district pairs report each figure once; a share is recomputed from what is
    left of its numerator and denominator."""
    inner = [c for c in act.children if c.kind == "programme"]
    name = v.p["name"]
    for i, x in enumerate(inner):
        for y in inner[i + 1:]:
            if all(a in v.chain(b) or b in v.chain(a) for a, b in ((x.east, y.east), (x.west, y.west))):
                raise ValidationError(
                    f"to_iati: the pairs {name[x.east]}—{name[x.west]} and {name[y.east]}—{name[y.west]} inside "
                    f"{name[act.east]}—{name[act.west]} overlap, so no figure of theirs can be reported once: "
                    "leave one of them out of programmes or give them disjoint partners",
                    table="pairings", field="programmes", reason="rule")
    out: dict[int, dict[str, Any]] = {}
    for year, rep in reports[act.id].items():
        values = {i["key"]: i["value"] for i in rep.indicators}
        for c in inner:
            for key, part in reports[c.id][year].items():
                if key in rep.ratios or part is None:
                    continue
                whole = values[key]
                if whole is None or whole < part:
                    raise ValidationError(
                        f"to_iati: {key} of {name[c.east]}—{name[c.west]} in {year} ({part}) is more than that of "
                        f"the pair around it, {name[act.east]}—{name[act.west]} ({whole}); check() lists this as "
                        "figure_exceeded: correct the figures before publishing them",
                        table="pairings", field=key, reason="figure_exceeded")
                values[key] = whole - part
        units = {i["key"]: i["unit"] for i in rep.indicators}
        for key, (numerator, denominator) in rep.ratios.items():
            values[key] = _ratio(values, numerator, denominator, units[key])
        out[year] = values
    return out


def _report_results(a: Any, reg: Registry, reports: dict[int, Report], values: dict[int, dict[str, Any]],
                    narrative: Callable[..., Any], etree: Any) -> None:
    years = sorted(reports)
    first = reports[years[0]]
    keep = [i for i in first.indicators
            if i["key"].count(".") == 1 or any(values[y][i["key"]] or i["key"] in reports[y].targets for y in years)]
    for area, (zh, en) in _AREAS_ZH.items():
        mine = [i for i in keep if i["area"] == area]
        if not mine:
            continue
        res = etree.SubElement(a, "result", type=_RESULT_TYPE.get(area, "1"))
        title = etree.SubElement(res, "title")
        narrative(title, zh)
        narrative(title, en, "en")
        for i in mine:
            unit_zh, unit_en = _UNITS.get(i["unit"], ("", ""))
            if i["unit"] == "yuan":
                unit_en = reg.currency
            # IATI's measure 2 (percentage) for a share, so that its figures and targets read as percent
            measure = "2" if i["unit"] == "percent" else "1"
            ind = etree.SubElement(res, "indicator", measure=measure, ascending="true")
            t = etree.SubElement(ind, "title")
            narrative(t, f"{i['label_zh']}({unit_zh})" if unit_zh else i["label_zh"])
            narrative(t, f"{i['label_en']} ({unit_en})" if unit_en else i["label_en"], "en")
            etree.SubElement(ind, "reference", vocabulary="99", code=i["key"])
            # one baseline per (year, value) the years' targets give; the comment says whose it is
            baselines: dict[tuple[int, str], list[int]] = {}
            for y in years:
                target = reports[y].targets.get(i["key"])
                if target is not None and target[2] is not None:
                    baselines.setdefault((target[2], _result_value(target[1])), []).append(y)
            for (year, value), of in sorted(baselines.items()):
                base = etree.SubElement(ind, "baseline", year=str(year), value=value)
                comment = etree.SubElement(base, "comment")
                narrative(comment, "、".join(f"{y}年" for y in of) + "目标的基线")
                narrative(comment, f"Baseline of the target{'s' if len(of) > 1 else ''} for "
                          + ", ".join(str(y) for y in of), "en")
            for y in years:
                value = values[y][i["key"]]
                period = etree.SubElement(ind, "period")
                etree.SubElement(period, "period-start", **{"iso-date": f"{y:04d}-01-01"})
                etree.SubElement(period, "period-end", **{"iso-date": f"{y:04d}-12-31"})
                target = reports[y].targets.get(i["key"])
                if target is not None:  # the schema puts the target before the actual
                    etree.SubElement(period, "target", value=_result_value(target[0]))
                if value is not None:  # not reported: no actual, rather than a zero nobody published
                    etree.SubElement(period, "actual", value=_result_value(value))


def _result_value(value: object) -> str:
    """An indicator's figure as a result value: money in yuan (with its fen), else as the report gives it."""
    return _yuan(value) if isinstance(value, _core.Money) else str(value)


def to_iati(reg: Registry, path: str | os.PathLike[str], reporting_org: _core.Partner, *,
            reporting_ref: str | None = None, org_refs: Mapping[_core.Partner, str] | None = None,
            programmes: Iterable[str] = ("east_west",), years: Iterable[int] | None = None,
            as_of: _dt.date | str | None = None, generated: _dt.datetime | None = None,
            kind: str | Iterable[str] = "aid", personal: str = "mask", key: bytes | str | None = None) -> Path:
    """Writes the registry as an IATI 2.03 ``iati-activities`` file and returns the path. The file
    is replaced whole, as ``Registry.save`` replaces one (mode and owner kept, a link followed).

    ``reporting_org`` is the partner that publishes; ``reporting_ref`` its IATI organisation
    identifier (see the module's notes for the default); ``org_refs`` maps other partners to
    theirs. ``programmes``: the pairing kinds that become programme activities. ``years``: the
    report years written as results (default: every year a flow is dated in). ``as_of``: the
    day activity status and actual/planned dates are judged on (default today); ``generated``:
    the file's timestamp (default now, UTC). ``kind``: the flows written as transactions, kinds
    and classes (default "aid": purchases of western products and investment brought in are not
    assistance, and IATI readers add every disbursement up). ``personal``: ``"mask"`` (default)
    ``"drop"`` and ``"pseudonymise"`` (with ``key``) leave free text that may name people (flows'
    notes) out; ``"show"`` writes it.
    """
    expect(path, (str, os.PathLike), "path", f"to_iati: expected a path, got {path!r}")
    data = iati_xml(reg, reporting_org, reporting_ref=reporting_ref, org_refs=org_refs, programmes=programmes,
                    years=years, as_of=as_of, generated=generated, kind=kind, personal=personal, key=key)
    path = Path(path)
    _core._write_file(path, data, _personal.owner_only(personal))
    return path


def validate(document: bytes | str | os.PathLike[str], schema_dir: str | os.PathLike[str]) -> None:
    """Checks an IATI activity file (a path or the bytes) against the 2.03 schema in
    ``schema_dir`` (``iati-activities-schema.xsd`` with ``iati-common.xsd`` and ``xml.xsd``
    beside it); raises FormatError listing what does not validate."""
    from lxml import etree

    expect(document, (bytes, str, os.PathLike), "document", f"validate: expected bytes or a path, got {document!r}")
    expect(schema_dir, (str, os.PathLike), "schema_dir", f"validate: expected a folder, got {schema_dir!r}")
    schema_path = Path(schema_dir) / "iati-activities-schema.xsd"
    if not schema_path.exists():
        raise FileError(f"{schema_path}: no such file", field="schema_dir", reason="io")
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    try:
        doc = etree.fromstring(document) if isinstance(document, bytes) else etree.parse(str(document)).getroot()
    except etree.XMLSyntaxError as e:
        raise FormatError(f"not well-formed XML: {e}", field="document", reason="bad_format") from None
    except OSError as e:
        raise FileError(f"{document}: cannot read: {e.strerror or e}", field="document", reason="io") from e  # type: ignore[str-bytes-safe]
    if not schema.validate(doc):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:10])
        raise FormatError(f"does not validate against the IATI {IATI_VERSION} schema: {errors}", field="document",
                          reason="bad_format")
