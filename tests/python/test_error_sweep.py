"""Every refusal is a shanhai error: a sweep over every public call with wrong types and values.

Each public call of the package (the Registry's methods, its tables, the results, Money and the
enumerations, files, spreadsheets, IATI, plots, data sets, partitions) is called once for every
wrong value of every parameter, the other parameters valid: values of a wrong Python type, and
values of the right type that are wrong. Each call must raise an ``sh.Error`` (a WrongTypeError
for a wrong type) with a reason code and the parameter's field (and the table, for an insertion),
and leave the registry byte-identical. The parameters are read from the calls' own signatures:
a call or a parameter without a case here fails ``test_the_sweep_covers_every_call``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import pytest

import shanhai as sh
from conftest import synthetic_id


class Opaque:
    """A value of no type any call takes."""

    def __repr__(self) -> str:
        return "Opaque()"


OPAQUE = Opaque()
HEAD_ID = synthetic_id("622901", "19700101", 11)  # the world's head of household
SPOUSE_ID = synthetic_id("622901", "19720304", 22)  # a valid id_number for add_person (born 1972, female)


class World:
    """A small registry with a row of every table, a second registry, and what calls are made on."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        reg = self.reg = sh.Registry()
        self.east = reg.add_partner("思明区", kind="district", side="east", code="350203")
        self.west = reg.add_partner("临夏市", kind="county", side="west", code="622901")
        self.town = reg.add_partner("枹罕镇", kind="town", parent=self.west)
        self.village = reg.add_partner("王坪村", kind="village", parent=self.town)
        self.pairing = reg.pair(self.east, self.west, kind="east_west", since="2017-08")
        self.flow = reg.add_flow(self.east, self.west, "984万", date="2018", kind="fiscal", purpose="industry")
        self.project = reg.add_project("扶贫车间", sector="industry", location=self.west, start="2018",
                                       outputs={"workshops": 2})
        self.household = reg.add_household("622901100201000001", village=self.village, members=4)
        self.household2 = reg.add_household("622901100201000002", village=self.village, members=3)
        self.person = reg.add_person(self.household, relation="head", birth_year=1970, id_number=HEAD_ID)
        self.exchange = reg.add_exchange(self.east, self.west, role="teacher", person_times=8, date="2018")
        self.wish = reg.add_wish(self.household, "书包", cost="300元", date="2018-12")
        self.claimed = reg.add_wish(self.household2, "文具", cost="100元", date="2018-12")
        reg.claim_wish(self.claimed, by=self.east, date="2018-12-28")
        reg.add_employment(self.project, month="2018-05", workers=10, poor=3, wage="1000元")
        reg.add_benefit(self.household, via=self.project, kind="employment", persons=1, date="2018-09")
        self.benefit = reg.add_benefit(None, via=self.west, kind="employment", persons=10, date="2018")
        self.training = reg.add_training(self.east, location=self.west, role="teacher", trainees=900, date="2018")
        self.labour = reg.add_labour(self.east, self.west, persons=145, date="2018")

        other = self.other = sh.Registry()
        self.other_partner = other.add_partner("外区", kind="district", side="east")
        other_village = other.add_partner("外村", kind="village", side="west")
        self.other_household = other.add_household("O0001", village=other_village)
        self.other_flow = other.add_flow(self.other_partner, other_village, "1万")
        self.other_project = other.add_project("外项目")
        self.other_wish = other.add_wish(self.other_household, "外愿望")
        self.other_pairing = other.pair(self.other_partner, other_village)
        self.other_person = other.add_person(self.other_household)
        self.other_exchange = other.add_exchange(self.other_partner, other_village)
        self.other_benefit = other.add_benefit(None, via=other_village, kind="employment", persons=10)
        self.other_training = other.add_training(self.other_partner, role="teacher", trainees=900)
        self.other_figure = other.add_figure("labour.employed", 494, year=2018)  # the world has none: it partitions
        self.other_labour = other.add_labour(self.other_partner, other_village, persons=5, date="2018")

    @cached_property
    def totals(self) -> sh.Totals:
        return self.reg.totals(by="kind")

    @cached_property
    def report(self) -> sh.Report:
        return self.reg.report(year=2018)

    @cached_property
    def trace(self) -> sh.Trace:
        return self.reg.trace(self.east)

    @cached_property
    def part(self) -> sh.Partition:
        return self.reg.partition(1)[0]

    @cached_property
    def figure(self):
        return sh.plot.report(self.report)

    @cached_property
    def saved(self) -> Path:
        path = self.tmp / "saved.shanhai"
        self.reg.save(path)
        return path

    @cached_property
    def csv(self) -> Path:
        return self.reg.to_csv(self.tmp / "csv", personal="show")

    @cached_property
    def xlsx(self) -> Path:
        return self.reg.to_excel(self.tmp / "book.xlsx", personal="show")

    @cached_property
    def part_file(self) -> Path:
        path = self.tmp / "part.npz"
        self.part.save(path)
        return path

    @cached_property
    def junk(self) -> Path:
        path = self.tmp / "junk.bin"
        path.write_bytes(b"not a file of this library" * 4)
        return path

    @cached_property
    def junk_csv(self) -> Path:
        folder = self.tmp / "junk_csv"
        folder.mkdir()
        (folder / "partners.csv").write_bytes(b"id,name\x00\n")
        return folder

    @cached_property
    def schema(self) -> Path:
        """A folder with a schema of one element, <a/>, under the IATI schema's file name."""
        folder = self.tmp / "schema"
        folder.mkdir()
        (folder / "iati-activities-schema.xsd").write_text(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a"/></xs:schema>')
        return folder

    @cached_property
    def fts_page(self) -> Path:
        """One page of an FTS flow search with one flow into Jordan 2020."""
        path = self.tmp / "fts.json"
        ends = [[{"type": "Organization", "id": "1", "name": "donor"}],
                [{"type": "Location", "id": "114", "name": "Jordan"}, {"type": "UsageYear", "id": "41", "name": "2020"}]]
        path.write_text(json.dumps({"data": {"flows": [
            {"id": "1", "amountUSD": 10, "status": "paid", "flowType": "Standard", "sourceObjects": ends[0],
             "destinationObjects": ends[1]}]}}))
        return path

    @cached_property
    def fts(self) -> sh.Registry:
        return sh.read_fts(self.fts_page)

    @property
    def missing(self) -> Path:
        """A path in a folder that does not exist."""
        return self.tmp / "no such folder" / "file"


# ---- what is wrong for each kind of parameter ---------------------------------------------------
# kind -> (values of a wrong type, values of the right type that are wrong); a callable is given
# the world. Every value here is refused wherever a parameter of that kind goes.

def _handle_values(table: str, other_table: str):
    """A handle parameter of a table: wrong types are text, numbers, a handle of another table;
    wrong values a handle of another registry."""
    return (["x", 3, OPAQUE, lambda w: getattr(w, other_table)], [lambda w: getattr(w, "other_" + table)])


KINDS: dict[str, tuple[list, list]] = {
    "money": ([True, 1.5, OPAQUE], ["abc", "1.001", Decimal("1E+999999999"), Decimal("NaN"), 10**30]),
    "positive_money": ([True, 1.5, OPAQUE], ["abc", "1.001", "0", "-5", Decimal("1E+999999999"), 10**30]),
    "date": ([1.5, OPAQUE, b"2018"], ["2018-13", "abc", "2018-02-30", 0]),
    "required_date": ([1.5, OPAQUE, b"2018"], ["2018-13", "abc", None]),
    "enum": ([1.5, OPAQUE, 3, b"x"], ["nope", ""]),
    "enums": ([1.5, OPAQUE, [3]], ["nope", ["fiscal", "nope"]]),
    "flow_kinds": ([1.5, OPAQUE, [3]], ["nope", ["aid", "nope"], [], "east_west"]),
    "count": ([2.7, True, "3"], [-1, 2**70]),
    "big_count": ([2.7, True, "3"], [-1, 2**70, 10**5000]),
    "positive_count": ([2.7, True, "3"], [0, -1, 2**70]),
    "year": (["2018", 2018.5, True], [0, 10000, 2**70]),
    "plausible_year": (["2018", 2018.5, True], [-1, 1800, 2**70]),
    "text": ([5, b"x", OPAQUE], ["\x00", "a\ud800", "a\ufffeb", "\uffff"]),
    "name": ([5, b"x", OPAQUE], [None, "", "\x00", "a\ud800", "a\ufffeb"]),
    "code": ([5, 350203, OPAQUE], ["35020X", "1234567890123", "\ufffe"]),
    "partner": _handle_values("partner", "flow"),
    "required_partner": (["x", 3, OPAQUE, lambda w: w.flow], [lambda w: w.other_partner, None]),
    "village": (["x", 3, OPAQUE, lambda w: w.flow], [lambda w: w.other_partner, None, lambda w: w.east]),
    "household": _handle_values("household", "east"),
    "required_household": (["x", 3, OPAQUE, lambda w: w.east], [lambda w: w.other_household, None]),
    "project": _handle_values("project", "east"),
    "required_project": (["x", 3, OPAQUE, lambda w: w.east], [lambda w: w.other_project, None]),
    "flow": _handle_values("flow", "east"),
    "person": _handle_values("person", "household"),
    "exchange": _handle_values("exchange", "east"),
    "benefit": _handle_values("benefit", "east"),
    "training": _handle_values("training", "east"),
    "figure": (["x", 3, OPAQUE, lambda w: w.east], [lambda w: w.other_figure]),
    "labour": _handle_values("labour", "east"),
    "optional_pairing": _handle_values("pairing", "east"),
    "indicator": ([5, OPAQUE, b"x"], ["labour.hired", ""]),
    "published_count": ([2.7, True, OPAQUE], [-1, 2**70, "abc", "494元", "4.5人", "-3户"]),
    "wish": (["x", 3, OPAQUE, lambda w: w.east], [lambda w: w.other_wish, None]),
    "pairing": (["x", 3, OPAQUE, lambda w: w.east], [lambda w: w.other_pairing, None]),
    "node": (["x", 3, OPAQUE, lambda w: w.wish], [lambda w: w.other_partner]),
    "required_node": (["x", 3, OPAQUE, lambda w: w.wish], [lambda w: w.other_partner, None]),
    "partners": ([5, "x", OPAQUE, [3]], [[lambda w: w.other_partner], [None]]),
    "households": ([5, "x", OPAQUE, [3]], [[lambda w: w.other_household], [None], []]),
    "path": ([5, OPAQUE, 1.5], [lambda w: w.missing]),
    "file": ([5, OPAQUE, 1.5], [lambda w: w.missing, lambda w: w.junk, lambda w: w.tmp]),
    "format": ([5, OPAQUE, b"xml"], ["pdf", ""]),
    "encoding": ([5, OPAQUE, b"utf-8"], ["no-such-encoding", ""]),
    "lang": ([5, OPAQUE], ["fr", ""]),
    "flag": (["yes", 2, OPAQUE], []),
    "progress": ([5, "x", OPAQUE], []),
    "registry": ([5, "x", OPAQUE], []),
    "registries": ([5, "x", OPAQUE, [5], lambda w: w.reg],
                   [lambda w: [w.reg, w.reg], lambda w: [w.reg, w.reg.partition(2)[0]]]),
}

# a parameter's kind by its name, where the call does not say otherwise
NAMES = {
    "amount": "positive_money", "cost": "money", "wage": "money", "date": "date", "since": "date",
    "until": "date", "start": "date", "end": "date", "month": "required_date", "on": "date",
    "open_wishes_before": "date", "kind": "enum", "stage": "enum", "purpose": "enum", "sector": "enum",
    "status": "enum", "relation": "enum", "sex": "enum", "health": "enum", "education": "enum",
    "labour": "enum", "role": "enum", "side": "enum", "members": "count", "persons": "count",
    "households": "count", "person_times": "count", "batches": "count", "days": "count",
    "trainees": "positive_count", "batch": "count", "year": "year", "exit_year": "plausible_year",
    "birth_year": "plausible_year", "baseline_year": "year", "note": "text", "name": "name", "code": "code",
    "number": "text", "text": "name", "citation": "text", "worker": "text", "address": "text",
    "head_name": "text", "id_number": "id_number", "phone": "phone", "personal": "personal",
    "source": "node", "target": "node", "parent": "flow", "village": "village", "location": "partner",
    "implementer": "partner", "organiser": "required_partner", "sender": "required_partner",
    "host": "required_partner", "beneficiary": "household", "household": "household", "via": "required_node", "part_of": "exchange",
    "boundary": "partner", "origin": "partner", "east": "partner", "west": "partner", "wish": "wish",
    "pairing": "pairing", "person": "person", "workshop": "required_project", "partners": "partners",
    "path": "path", "format": "format", "lang": "lang", "progress": "progress", "all": "flag",
    "template": "flag", "reg": "registry", "registries": "registries", "currency": "currency",
}


@dataclass
class Call:
    """One public call: how to make it on a world, a valid value for each of its parameters, and
    what its refusals name."""

    name: str
    target: Callable[[World], Callable]
    valid: dict[str, Any]                                   # parameter -> a valid value (or a callable of the world)
    kinds: dict[str, str] = field(default_factory=dict)    # parameter -> kind, where NAMES does not say
    table: str | None = None                                # the table an insertion's refusals name
    fields: dict[str, str] = field(default_factory=dict)   # parameter -> the field its refusals name
    positional: tuple[str, ...] = ()                        # parameters passed by position
    signature: Callable | None = None                       # where its parameters are read (default: target)
    wrong_type: type = sh.WrongTypeError                    # what a wrong type raises (mappings: NotFoundError)
    no_bare_types: dict[str, list] = field(default_factory=dict)  # parameter -> extra wrong types
    extra_values: dict[str, list] = field(default_factory=dict)   # parameter -> extra wrong values


def _v(value, w: World):
    if callable(value) and not isinstance(value, type):
        return value(w)
    if isinstance(value, list):
        return [_v(v, w) for v in value]
    return value


P, H = (lambda w: w.east), (lambda w: w.household)
TMP = lambda name: (lambda w: w.tmp / name)  # noqa: E731

CALLS: list[Call] = [
    # ---- insertions and changes
    Call("Registry.add_partner", lambda w: w.reg.add_partner,
         dict(name="甲村", kind="village", side="west", parent=lambda w: w.town, code="622901100", note="n", count=3),
         kinds=dict(parent="partner", count="count"), table="partners"),
    Call("Registry.pair", lambda w: w.reg.pair,
         dict(a=P, b=lambda w: w.village, kind="street_village", since="2018", until="2019", note="n"),
         kinds=dict(a="required_node", b="required_node"), table="pairings"),
    Call("Registry.add_flow", lambda w: w.reg.add_flow,
         dict(source=P, target=lambda w: w.village, amount="34万", date="2018-05", kind="fiscal",
              stage="disbursement", purpose="industry", parent=lambda w: w.flow, note="n", credited_to=None,
              currency=None, correction=False),
         kinds=dict(source="required_node", target="required_node", credited_to="optional_pairing",
                    correction="flag"), table="flows",
         extra_values=dict(credited_to=[lambda w: w.pairing], amount=[sh.Money("34万以上"), sh.Money("约34万")])),
    Call("Registry.add_project", lambda w: w.reg.add_project,
         dict(name="路", sector="infrastructure", location=lambda w: w.west, implementer=P, start="2018",
              end="2019", outputs={"km_road": 3}, note="n"),
         kinds=dict(outputs="outputs"), table="projects"),
    Call("Registry.add_household", lambda w: w.reg.add_household,
         dict(number="622901100201000009", village=lambda w: w.village, members=3, status="poor", exit_year=2019,
              note="n", causes=["illness"], address="某村1号", head_name="马某"),
         kinds=dict(causes="causes"), table="households",
         extra_values=dict(number=["622901100201000001"])),
    Call("Registry.add_benefit", lambda w: w.reg.add_benefit,
         dict(beneficiary=H, via=lambda w: w.project, kind="employment", persons=1, households=1, date="2018",
              amount="100元", note="n", part_of=None),
         kinds=dict(amount="money", part_of="benefit"), table="benefits",
         extra_values=dict(households=[2], part_of=[lambda w: w.benefit])),
    Call("Registry.add_exchange", lambda w: w.reg.add_exchange,
         dict(sender=P, host=lambda w: w.west, role="doctor", person_times=7, persons=3, batches=1, days=10,
              purpose="支医", date="2018", part_of=None, note="n"),
         kinds=dict(purpose="text"), table="exchanges", extra_values=dict(persons=[8], host=[P])),
    Call("Registry.add_training", lambda w: w.reg.add_training,
         dict(organiser=P, location=lambda w: w.west, role="teacher", trainees=800, days=9, date="2018", note="n",
              sessions=2, part_of=lambda w: w.training),
         kinds=dict(sessions="count", part_of="training"), table="trainings"),
    Call("Registry.add_labour", lambda w: w.reg.add_labour,
         dict(east=P, west=lambda w: w.west, persons=82, destination="local", status="poor", date="2018",
              part_of=lambda w: w.labour, citation="年报", note="n"),
         kinds=dict(east="required_partner", west="required_partner", persons="positive_count",
                    destination="enum", date="required_date", part_of="labour"),
         table="labour", extra_values=dict(east=[lambda w: w.west], west=[P])),
    Call("Registry.add_wish", lambda w: w.reg.add_wish,
         dict(household=H, text="书包", cost="300元", date="2018-12", note="n", batch=1),
         kinds=dict(household="required_household"), table="wishes", extra_values=dict(cost=["-1"])),
    Call("Registry.claim_wish", lambda w: w.reg.claim_wish, dict(wish=lambda w: w.wish, by=P, date="2018-12-28"),
         kinds=dict(by="required_partner"), table="wishes",
         extra_values=dict(wish=[lambda w: w.claimed], date=["2018-11"])),
    Call("Registry.fulfil_wish", lambda w: w.reg.fulfil_wish, dict(wish=lambda w: w.claimed, date="2019-01"),
         table="wishes", extra_values=dict(wish=[lambda w: w.wish], date=["2018-11"])),
    Call("Registry.cancel_wish", lambda w: w.reg.cancel_wish, dict(wish=lambda w: w.wish, date="2019-01"),
         table="wishes", extra_values=dict(date=["2018-11"])),
    Call("Registry.add_event", lambda w: w.reg.add_event,
         dict(kind="signing", date="2017-08", partners=lambda w: [w.east, w.west], note="n", participants=12),
         kinds=dict(participants="count"), table="events",
         extra_values=dict(partners=[lambda w: [w.east, w.east]])),
    Call("Registry.expect_total", lambda w: w.reg.expect_total,
         dict(amount="984万", source=P, target=lambda w: w.west, year=2018, kind=["fiscal"], purpose="industry",
              stage="disbursement", boundary=lambda w: w.west, origin=P, citation="年报", qualifier="exact"),
         kinds=dict(amount="money", kind="flow_kinds", purpose="enums", qualifier="enum"), table="expectations",
         extra_values=dict(amount=["-1", "494"], qualifier=["exact_ish"])),
    Call("Registry.expect", lambda w: w.reg.expect,
         dict(key="labour.employed", value="494人以上", year=2018, east=P, west=lambda w: w.west,
              qualifier="at_least", citation="年报"),
         kinds=dict(key="indicator", value="published_count", qualifier="enum"), table="expectations",
         extra_values=dict(year=[None], value=["约494人"])),
    Call("Registry.add_figure", lambda w: w.reg.add_figure,
         dict(key="labour.employed", value="494人以上", year=2018, east=P, west=lambda w: w.west,
              qualifier="at_least", part_of=None, citation="年报", note="n"),
         kinds=dict(key="indicator", value="published_count", qualifier="enum", part_of="figure"), table="figures",
         extra_values=dict(year=[None], value=["约494人"])),
    Call("Registry.distribute", lambda w: w.reg.distribute,
         dict(source=lambda w: w.village, amount="1000元", to=lambda w: [w.household, w.household2],
              weights=[1, 2], kind="dividend", date="2018-12", parent=None, purpose="industry", note="n"),
         kinds=dict(source="required_node", to="households", weights="weights"), table="flows"),
    Call("Registry.end_pairing", lambda w: w.reg.end_pairing, dict(pairing=lambda w: w.pairing, until="2020"),
         kinds=dict(until="required_date"), table="pairings", extra_values=dict(until=["2016"])),
    Call("Registry.add_person", lambda w: w.reg.add_person,
         dict(household=H, relation="spouse", sex="female", birth_year=1972, health="healthy",
              education="primary", labour="able", note="n", name="马某", id_number=SPOUSE_ID,
              phone="+86 138 1234 5678"),
         kinds=dict(household="required_household", name="text"), table="persons",
         extra_values=dict(id_number=[HEAD_ID, SPOUSE_ID[:17] + ("0" if SPOUSE_ID[17] != "0" else "1"),
                                      synthetic_id("622901", "19720304", 21), synthetic_id("622901", "19730304", 22)])),
    Call("Registry.set_status", lambda w: w.reg.set_status,
         dict(household=H, status="exited", date="2019-12", note="n"),
         kinds=dict(household="required_household", date="required_date"), table="status_changes"),
    Call("Registry.status_of", lambda w: w.reg.status_of, dict(household=H, date="2019"),
         kinds=dict(household="required_household"), table="households"),
    Call("Registry.exit_year_of", lambda w: w.reg.exit_year_of, dict(household=H),
         kinds=dict(household="required_household"), table="households"),
    Call("Registry.add_employment", lambda w: w.reg.add_employment,
         dict(workshop=lambda w: w.project, household=None, person=None, worker=None, month="2018-06", workers=10,
              poor=3, wage="1000元", note="n"),
         kinds=dict(workers="positive_count", poor="poor"), table="employment"),
    Call("Registry.set_target", lambda w: w.reg.set_target,
         dict(key="funds.total", year=2019, value="1000万", baseline="900万", baseline_year=2018, note="n", east=P,
              west=lambda w: w.west),
         kinds=dict(key="key", year="plausible_year", value="money", baseline="money"), table="targets",
         extra_values=dict(baseline_year=[2020])),
    Call("Registry.household", lambda w: w.reg.household, dict(number="622901100201000001"),
         kinds=dict(number="number"), table="households"),
    Call("Registry.person_by_id_number", lambda w: w.reg.person_by_id_number, dict(id_number=HEAD_ID),
         kinds=dict(id_number="lookup_id_number"), table="persons"),
    # ---- counting
    Call("Registry.totals", lambda w: w.reg.totals,
         dict(by=["source", "kind"], year=2018, source=P, target=lambda w: w.west, kind="fiscal", purpose=None,
              stage="disbursement", boundary=lambda w: w.west, origin=P, figures=True, currency=None),
         kinds=dict(by="fields", kind="flow_kinds", purpose="enums", figures="flag"),
         # a level: of a node field, and an administrative kind of partner
         extra_values=dict(by=["target.nope", "kind.province", "target.enterprise", ["source", "nope.city"]])),
    Call("Registry.report", lambda w: w.reg.report, dict(year=2018, east=P, west=lambda w: w.west)),
    Call("Registry.trace", lambda w: w.reg.trace, dict(source=P, stage="disbursement", kind="aid", below=False),
         kinds=dict(source="required_node", kind="flow_kinds", below="flag"), extra_values=dict(source=[lambda w: w.flow])),
    Call("Registry.check", lambda w: w.reg.check, dict(open_wishes_before="2019")),
    Call("Registry.workshops", lambda w: w.reg.workshops, dict(year=2018)),
    Call("Registry.match_wishes", lambda w: w.reg.match_wishes,
         dict(donors=lambda w: [w.east], budgets=[1], by="count", batch=None, on=None),
         kinds=dict(donors="partners", budgets="budgets", by="budget_by", batch="count")),
    Call("Registry.classify", lambda w: w.reg.classify, dict(boundary=lambda w: w.west, kind=["aid", "purchase"]),
         kinds=dict(boundary="required_partner", kind="flow_kinds")),
    Call("Registry.partition", lambda w: w.reg.partition, dict(parts=1, by="county"),
         kinds=dict(parts="parts", by="enum")),
    # ---- files
    Call("Registry.save", lambda w: w.reg.save, dict(path=TMP("a.shanhai"), format="xml")),
    Call("Registry.to_bytes", lambda w: w.reg.to_bytes, dict(format="text")),
    Call("sh.load", lambda w: sh.load, dict(path=lambda w: w.saved, progress=None), kinds=dict(path="file")),
    Call("sh.merge", lambda w: sh.merge, dict(registries=lambda w: [w.reg, w.other], progress=None)),
    Call("sh.from_bytes", lambda w: sh.from_bytes, dict(data=lambda w: w.reg.to_bytes()), kinds=dict(data="bytes")),
    Call("Registry.load", lambda w: sh.Registry.load, dict(path=lambda w: w.saved, progress=None),
         kinds=dict(path="file")),
    Call("Registry.from_bytes", lambda w: sh.Registry.from_bytes, dict(data=lambda w: w.reg.to_bytes()),
         kinds=dict(data="bytes")),
    Call("Registry.to_csv", lambda w: w.reg.to_csv,
         dict(folder=TMP("out_csv"), escape=True, personal="drop", key=None),
         kinds=dict(folder="new_folder", escape="flag", key="pseudonym_key")),
    Call("Registry.to_excel", lambda w: w.reg.to_excel, dict(path=TMP("out.xlsx"), personal="show", key=None),
         kinds=dict(key="pseudonym_key")),
    Call("PersonTable.to_pandas", lambda w: w.reg.persons.to_pandas, dict(personal="mask", key=None),
         kinds=dict(key="pseudonym_key")),
    Call("HouseholdTable.to_pandas", lambda w: w.reg.households.to_pandas,
         dict(personal="drop", key=None), kinds=dict(key="pseudonym_key")),
    Call("PersonTable.to_arrow", lambda w: w.reg.persons.to_arrow, dict(personal="show", key=None),
         kinds=dict(key="pseudonym_key")),
    Call("Registry.share", lambda w: w.reg.share,
         dict(path=TMP("shared.shanhai"), key=b"recipient A: 0123456789abcdef", k=1, format="text"),
         kinds=dict(key="share_key", k="share_k")),
    # ---- erasure and restriction
    Call("Registry.erase", lambda w: w.reg.erase, dict(row=lambda w: w.person, reason="request", date="2024-01-02"),
         kinds=dict(row="erasable", reason="erasure_reason")),
    Call("Registry.restrict", lambda w: w.reg.restrict, dict(person=lambda w: w.person)),
    Call("Registry.unrestrict", lambda w: w.reg.unrestrict, dict(person=lambda w: w.person)),
    Call("Registry.is_restricted", lambda w: w.reg.is_restricted, dict(person=lambda w: w.person)),
    Call("sh.read_csv", lambda w: sh.read_csv, dict(folder=lambda w: w.csv, encoding="utf-8", escape=True),
         kinds=dict(folder="csv_folder", encoding="encoding", escape="flag")),
    Call("sh.read_excel", lambda w: sh.read_excel, dict(path=lambda w: w.xlsx), kinds=dict(path="file")),
    Call("Registry.to_iati", lambda w: w.reg.to_iati,
         dict(path=TMP("iati.xml"), reporting_org=P, reporting_ref="CN-GB2260-350203", org_refs=None,
              programmes=("east_west",), years=[2018], as_of="2019-01-01", generated=dt.datetime(2019, 1, 20),
              kind="all", personal="mask", key=None),
         kinds=dict(reporting_org="required_partner", reporting_ref="ident", org_refs="org_refs",
                    programmes="programmes", years="years", as_of="as_of", generated="datetime", kind="flow_kinds",
                    key="pseudonym_key")),
    Call("iati.iati_xml", lambda w: sh.iati.iati_xml,
         dict(reg=lambda w: w.reg, reporting_org=P, reporting_ref=None, org_refs=None, programmes="east_west",
              years=None, as_of=None, generated=None, kind="aid", personal="show", key=None),
         kinds=dict(reporting_org="required_partner", reporting_ref="ident", org_refs="org_refs",
                    programmes="programmes", years="years", as_of="as_of", generated="datetime", kind="flow_kinds",
                    key="pseudonym_key")),
    Call("iati.to_iati", lambda w: sh.iati.to_iati,
         dict(reg=lambda w: w.reg, path=TMP("iati2.xml"), reporting_org=P, reporting_ref=None, org_refs=None,
              programmes="east_west", years=None, as_of=None, generated=None, kind="aid", personal="drop", key=None),
         kinds=dict(reporting_org="required_partner", reporting_ref="ident", org_refs="org_refs",
                    programmes="programmes", years="years", as_of="as_of", generated="datetime", kind="flow_kinds",
                    key="pseudonym_key")),
    Call("iati.validate", lambda w: sh.iati.validate, dict(document=b"<a/>", schema_dir=lambda w: w.schema),
         kinds=dict(document="document", schema_dir="path")),
    Call("spreadsheets.to_csv", lambda w: sh.spreadsheets.to_csv, dict(reg=lambda w: w.reg, folder=TMP("c2"),
                                                                        escape=True, personal="mask", key=None),
         kinds=dict(folder="new_folder", escape="flag", key="pseudonym_key")),
    Call("spreadsheets.to_excel", lambda w: sh.spreadsheets.to_excel,
         dict(reg=lambda w: w.reg, path=TMP("b.xlsx"), personal="mask", key=None), kinds=dict(key="pseudonym_key")),
    Call("spreadsheets.write_workbook", lambda w: sh.spreadsheets.write_workbook,
         dict(reg=lambda w: w.reg, path=TMP("t.xlsx"), template=True, personal="show", key=None),
         kinds=dict(key="pseudonym_key")),
    Call("spreadsheets.table_rows", lambda w: sh.spreadsheets.table_rows,
         dict(reg=lambda w: w.reg, table="persons", personal="mask"), kinds=dict(table="table")),
    Call("spreadsheets.chinese_header", lambda w: sh.spreadsheets.chinese_header,
         dict(table="flows", column="amount"), kinds=dict(table="table", column="column")),
    Call("sh.read_fts", lambda w: sh.read_fts, dict(pages=lambda w: [w.fts_page]), kinds=dict(pages="fts_pages")),
    Call("fts.boundary", lambda w: sh.fts.boundary, dict(reg=lambda w: w.fts, location=114, year=2020, plan=None),
         kinds=dict(location="fts_place", plan="fts_place")),
    # ---- data sets
    Call("datasets.synthetic", lambda w: sh.datasets.synthetic,
         dict(households=300, flows=10, seed=1, first_year=2016, last_year=2017, persons=True, identities=True,
              history=True, workers=5, months=6, trained=5, progress=None),
         kinds=dict(households="count", flows="count", seed="count", first_year="synthetic_year",
                    last_year="synthetic_year", persons="flag", identities="flag", history="flag", workers="count",
                    months="positive_count", trained="percent")),
    # ---- tables and handles
    Call("FlowTable[id]", lambda w: (lambda id: w.reg.flows[id]), dict(id=0), kinds=dict(id="index"), table="flows"),
    Call("HouseholdTable.column", lambda w: w.reg.households.column, dict(name="members"),
         kinds=dict(name="column"), table="households"),
    # ---- results
    Call("Totals[key]", lambda w: (lambda key: w.totals[key]), dict(key="fiscal"), kinds=dict(key="key"),
         wrong_type=sh.NotFoundError),
    Call("Totals +", lambda w: (lambda other: w.totals + other), dict(other=lambda w: w.totals),
         kinds=dict(other="result")),
    Call("Totals.empty", lambda w: sh.Totals.empty, dict(by="kind"), kinds=dict(by="result_by")),
    Call("Totals.on", lambda w: w.totals.on, dict(reg=lambda w: w.reg)),
    Call("Report[key]", lambda w: (lambda key: w.report[key]), dict(key="funds.total"), kinds=dict(key="key"),
         wrong_type=sh.NotFoundError),
    Call("Report +", lambda w: (lambda other: w.report + other), dict(other=lambda w: w.report),
         kinds=dict(other="result")),
    Call("Report.on", lambda w: w.report.on, dict(reg=lambda w: w.reg)),
    Call("Report.to_text", lambda w: w.report.to_text, dict(lang="en", all=True)),
    Call("Report.to_html", lambda w: w.report.to_html, dict(lang="en", all=True),
         kinds=dict(lang="lang_or_none")),
    Call("Report.plot", lambda w: w.report.plot, dict(lang="en", all=True), kinds=dict(lang="lang_or_none")),
    Call("Trace[node]", lambda w: (lambda node: w.trace[node]), dict(node=lambda w: w.west), kinds=dict(node="key"),
         wrong_type=sh.NotFoundError),
    Call("Trace +", lambda w: (lambda other: w.trace + other), dict(other=lambda w: w.trace),
         kinds=dict(other="result")),
    Call("Trace.on", lambda w: w.trace.on, dict(reg=lambda w: w.reg)),
    Call("Ref.on", lambda w: sh.Ref("partner", 0).on, dict(reg=lambda w: w.reg)),
    # ---- money and the enumerations
    Call("Money", lambda w: sh.Money, dict(value="34万", currency="USD", qualifier="about"),
         kinds=dict(value="money", qualifier="enum"), fields=dict(value="money")),
    Call("Money with words", lambda w: sh.Money, dict(value="34万以上", qualifier="at_least"),
         kinds=dict(value="money", qualifier="enum"), fields=dict(value="money"),
         extra_values=dict(qualifier=["about", "exact"])),
    Call("Money.from_fen", lambda w: sh.Money.from_fen, dict(fen=100), kinds=dict(fen="big_fen")),
    Call("Money.from_minor", lambda w: sh.Money.from_minor, dict(minor=100, currency="USD"),
         kinds=dict(minor="big_fen")),
    Call("Money of two currencies", lambda w: (lambda other: sh.Money("1") + other), dict(other=sh.Money("1")),
         kinds=dict(other="other_currency"), fields=dict(other="money")),
    Call("Registry()", lambda w: sh.Registry, dict(currency="USD")),
    Call("Money +", lambda w: (lambda other: sh.Money("1") + other), dict(other=sh.Money("1")),
         kinds=dict(other="money_operand"), fields=dict(other="money")),
    Call("Money -", lambda w: (lambda other: sh.Money("1") - other), dict(other=sh.Money("1")),
         kinds=dict(other="money_operand"), fields=dict(other="money")),
    Call("Money <", lambda w: (lambda other: sh.Money("1") < other), dict(other=sh.Money("1")),
         kinds=dict(other="money_operand"), fields=dict(other="money")),
    Call("sum(Money)", lambda w: (lambda other: other + sh.Money("1")), dict(other=0),
         kinds=dict(other="money_operand"), fields=dict(other="money")),
    *[Call(f"{e.__name__}()", lambda w, e=e: e, dict(value=0), kinds=dict(value="enum_code"))
      for e in (sh.Side, sh.PartnerKind, sh.PairingKind, sh.FlowKind, sh.Stage, sh.Sector, sh.HouseholdStatus,
                sh.PovertyCause, sh.Relation, sh.Sex, sh.Health, sh.Education, sh.Labour, sh.BenefitKind, sh.Role,
                sh.WishState, sh.EventKind)],
    # ---- partitions
    Call("Partition.ref", lambda w: w.part.ref, dict(handle=lambda w: w.part.registry.partners[0]),
         kinds=dict(handle="ref_handle")),
    Call("Partition.local", lambda w: w.part.local, dict(node=P), kinds=dict(node="ref_handle")),
    Call("Partition.own", lambda w: w.part.own, dict(table="flows"), kinds=dict(table="table")),
    Call("Partition.totals", lambda w: w.part.totals,
         dict(by="kind", year=2018, source=P, target=None, kind="fiscal", purpose=None, stage="disbursement",
              boundary=None, origin=None, currency=None),
         kinds=dict(by="fields", kind="flow_kinds", purpose="enums", source="ref_handle", target="ref_handle",
                    boundary="ref_handle", origin="ref_handle")),
    Call("Partition.report", lambda w: w.part.report, dict(year=2018, east=None, west=None),
         kinds=dict(east="ref_handle", west="ref_handle")),
    Call("Partition.trace", lambda w: w.part.trace, dict(source=P, stage="disbursement", kind="aid"),
         kinds=dict(source="ref_handle", kind="flow_kinds")),
    Call("Partition.save", lambda w: w.part.save, dict(path=TMP("p.npz"))),
    Call("Partition.load", lambda w: sh.Partition.load, dict(path=lambda w: w.part_file), kinds=dict(path="file")),
    # ---- pictures and display
    Call("plot.report", lambda w: sh.plot.report, dict(rep=lambda w: w.report, lang="en", all=False),
         kinds=dict(rep="result_object", lang="lang_or_none")),
    Call("plot.sankey", lambda w: sh.plot.sankey,
         dict(trace=lambda w: w.trace, lang="en", households="each", max_nodes=10, title="t"),
         kinds=dict(trace="result_object", lang="lang_or_none", households="households_drawn",
                    max_nodes="max_nodes", title="title")),
    Call("plot.pairings", lambda w: sh.plot.pairings,
         dict(reg=lambda w: w.reg, year=2018, lang="zh", households="village", title=None),
         kinds=dict(lang="lang_or_none", households="households_drawn", title="title")),
    Call("Figure.write_image", lambda w: w.figure.write_image, dict(path=TMP("f.svg"), dpi=50),
         kinds=dict(path="image_path", dpi="dpi")),
    Call("options.lang", lambda w: (lambda lang: setattr(sh.options, "lang", lang)), dict(lang="zh")),
    Call("options.max_rows", lambda w: (lambda max_rows: setattr(sh.options, "max_rows", max_rows)),
         dict(max_rows=10), kinds=dict(max_rows="positive_int")),
    Call("options.max_items", lambda w: (lambda max_items: setattr(sh.options, "max_items", max_items)),
         dict(max_items=50), kinds=dict(max_items="positive_int")),
]

# kinds used by few calls: (wrong types, wrong values)
KINDS.update({
    "outputs": ([5, ["workshops"], OPAQUE, {5: 1}, {"a": 1.5}], [{"a": -1}, {"": 1}, {"a\ufffe": 1}]),
    "causes": ([5, "illness", OPAQUE, [3]], [["nope"], ["illness", "illness"]]),
    "weights": ([5, OPAQUE, [1.5, 1]], ["equal", [-1, 1], [1, 2, 3], [0, 1]]),
    "poor": ([2.7, True, "3"], [-2, 11, 2**70]),
    "key": ([5, OPAQUE], ["funds.nope", ""]),
    "number": ([5, OPAQUE, 622901100201000001], ["622901100201099999", "\x00"]),
    "id_number": ([5, b"x", OPAQUE, 622901197203040221],
                  ["62290119720304022", synthetic_id("242901", "19720304", 22), synthetic_id("622901", "19720230", 22),
                   synthetic_id("622901", "20900304", 22), "\x00", "a\ud800"]),
    "personal": ([5, OPAQUE, b"mask"], ["hide", "", "Mask"]),
    "pseudonym_key": ([5, OPAQUE, 1.5], [b"short", "", "0123456789abcdef"]),  # a key beside a mode without one
    "share_key": ([5, OPAQUE, 1.5], [b"short", "", None]),
    "share_k": ([1.5, "5", True], [0, -1, 2**40, 2]),  # 2: one person cannot make a cell of two
    "erasable": (["x", 3, OPAQUE, None, lambda w: w.wish], [lambda w: w.other_person, lambda w: w.other_household]),
    "erasure_reason": ([5, OPAQUE, b"request"], ["forgotten", "", "Request", None]),
    "lookup_id_number": ([5, OPAQUE, 622901197001010116], [SPOUSE_ID, "\x00"]),
    "phone": ([5, b"x", OPAQUE, 13812345678], ["12345", "电话", "0931-0812345", "\x00"]),
    "fields": ([5, OPAQUE, [3]], ["nope", ["kind", "nope"]]),
    "budgets": ([5, "x", OPAQUE, [1.5]], [[-1], [1, 2]]),
    "budget_by": ([5, OPAQUE], ["fen"]),
    "parts": ([1.5, "2", True], [0, 5000]),
    "bytes": (["text", 5, OPAQUE], [b"", b"junk" * 20, lambda w: w.reg.to_bytes()[:-1]]),
    "csv_folder": ([5, OPAQUE], [lambda w: w.missing, lambda w: w.junk, lambda w: w.junk_csv]),
    "ident": ([5, OPAQUE], ["has space", ""]),
    "org_refs": ([5, "x", {3: "ref"}, lambda w: {w.west: 5}], [lambda w: {w.other_partner: "ref"},
                                                              lambda w: {w.west: " "}]),
    "programmes": ([5, OPAQUE, [3]], ["nope", ["east_west", "nope"]]),
    "years": ([5, OPAQUE, ["2018"]], [[0], [10000]]),
    "as_of": ([5, OPAQUE], ["2019-13", "abc"]),
    "datetime": ([5, "2019-01-01", OPAQUE], []),
    "document": ([5, OPAQUE], [b"<unclosed", b"<b/>", lambda w: w.missing]),
    "new_folder": ([5, OPAQUE, 1.5], [lambda w: w.junk / "below a file"]),
    "table": ([5, OPAQUE], ["nope", ""]),
    "column": ([5, OPAQUE], ["nope"]),
    "synthetic_year": (["2016", 2016.5, True], [0, 10000, 1800]),
    "percent": ([2.7, True, "3"], [-1, 101]),
    "index": (["0", 1.5, True, OPAQUE], [99, -99, 2**70]),
    "result_by": ([5, OPAQUE], []),
    "lang_or_none": ([5, OPAQUE], ["fr", ""]),
    "big_fen": ([2.7, True, "3", OPAQUE], [2**63, -(2**63) - 1, 10**5000]),
    "money_operand": ([1, 1.5, "1", Decimal("1"), OPAQUE], []),
    "enum_code": ([1.5, True, OPAQUE, b"x"], [99, -1, 2**70, "nope"]),
    "ref_handle": (["x", 3, OPAQUE, lambda w: w.wish], []),
    "result_object": ([5, "x", OPAQUE, lambda w: w.totals], []),
    "households_drawn": ([5, OPAQUE], ["all"]),
    "max_nodes": ([1.5, "10", True], [2, -1]),
    "title": ([5, OPAQUE], []),
    "image_path": ([5, OPAQUE], [lambda w: w.tmp / "f.txt", lambda w: w.missing.with_suffix(".svg")]),
    "dpi": ([], []),
    "currency": ([5, OPAQUE, b"USD"], ["usd", "ABC", "", "US"]),
    "other_currency": ([], [sh.Money(1, "USD")]),
    "fts_pages": ([5, OPAQUE, 1.5, [5]], [lambda w: w.missing, lambda w: w.junk, lambda w: w.tmp,
                                          lambda w: [w.fts_page, w.junk]]),
    "fts_place": ([1.5, OPAQUE, b"114"], ["Nowhere", 999]),
    "positive_int": ([2.7, True, "3", OPAQUE], [0, -1]),
})
# wrong values of a result's merge: results that do not merge
KINDS["result"] = ([5, "x", OPAQUE, 1], [])


def _merge_misfits(call: Call) -> list:
    """Results of the same class that refuse to merge with the call's."""
    if call.name.startswith("Totals"):
        return [lambda w: w.reg.totals(by="purpose")]
    if call.name.startswith("Report"):
        return [lambda w: w.reg.report(year=2017)]
    return [lambda w: w.reg.trace(w.west)]


def params_of(fn: Callable) -> list[str]:
    """A callable's parameters (not self), from its signature or, compiled, its docstring."""
    try:
        sig = inspect.signature(fn)
        return [p.name for p in sig.parameters.values() if p.name != "self" and p.kind not in (p.VAR_KEYWORD,)]
    except (ValueError, TypeError):
        pass
    first = (fn.__doc__ or "").splitlines()[0]
    inside = first[first.index("(") + 1:first.rindex(")")]
    names = [m.group(1) for m in re.finditer(r"(?:^|, )\*?(\w+):", inside)]
    return [n for n in names if n != "self"]


def shown(value) -> str:
    """repr() of a swept value; a whole number too long to print is described."""
    if isinstance(value, int) and value.bit_length() > 4096:
        return f"<int of {value.bit_length()} bits>"
    return repr(value)


def cases(call: Call):
    """(parameter, value, is a wrong type) for every wrong value of every parameter of ``call``."""
    for param in call.valid:
        kind = call.kinds.get(param, NAMES.get(param))
        assert kind in KINDS, f"{call.name}: parameter {param} has no kind of values to sweep"
        types, values = KINDS[kind]
        values = values + call.extra_values.get(param, [])
        if kind == "result":
            values = values + _merge_misfits(call)
        for v in types:
            yield param, v, True
        for v in values:
            yield param, v, False


def sweep_one(call: Call, tmp: Path, param: str, value: Any, wrong_type: bool) -> str | None:
    """Makes the call with ``param`` wrong; what is amiss, or None."""
    w = World(tmp)
    args = {name: _v(v, w) for name, v in call.valid.items()}
    args[param] = _v(value, w)
    fn = call.target(w)
    before = w.reg.to_bytes()
    try:
        fn(**args)
    except sh.Error as e:
        expected = call.wrong_type if wrong_type else sh.Error
        problems = []
        if not isinstance(e, expected):
            problems.append(f"{type(e).__name__}, not {expected.__name__}")
        if not e.reason:
            problems.append("no reason")
        want = call.fields.get(param, param)
        if e.field != want:
            problems.append(f"field {e.field!r}, not {want!r}")
        if call.table is not None and e.table != call.table:
            problems.append(f"table {e.table!r}, not {call.table!r}")
        if w.reg.to_bytes() != before:
            problems.append("the registry changed")
        return "; ".join(problems) or None
    except BaseException as e:  # noqa: BLE001 - what the sweep looks for
        return f"bare {type(e).__name__}: {str(e)[:100]}"
    finally:
        sh.options.lang, sh.options.max_rows, sh.options.max_items = "zh", 10, 50
    return "accepted"


def test_the_sweep_covers_every_call():
    """Every public call with parameters is swept, with a case for each of its parameters."""
    w = World(Path("/nonexistent"))
    swept = {c.name for c in CALLS}
    for c in CALLS:
        if c.name.startswith(("Totals", "Report", "Trace", "Money", "sum", "options", "FlowTable")) \
                or c.name.endswith("()") or "[" in c.name:
            continue  # operators and attributes: their one operand is listed by hand
        fn = c.target(w) if not c.name.startswith(("Partition", "Figure")) else None
        if fn is None:
            continue
        assert set(params_of(fn)) == set(c.valid), f"{c.name}: parameters {params_of(fn)}, swept {list(c.valid)}"
    bulk = {"add_partners", "add_households", "add_flows", "add_benefits", "add_persons", "add_employment_records",
            "add_status_changes", "add_pairings", "add_projects", "add_exchanges", "add_trainings", "add_wishes",
            "add_events", "add_labour_records"}
    for name in dir(w.reg):
        attr = getattr(w.reg, name)
        if name.startswith("_") or not callable(attr) or name in bulk:
            continue
        assert f"Registry.{name}" in swept, f"Registry.{name} is not swept"
    for module, prefix in ((sh.iati, "iati"), (sh.spreadsheets, "spreadsheets"), (sh.plot, "plot"),
                           (sh.datasets, "datasets"), (sh.fts, "fts")):
        for name in getattr(module, "__all__", None) or dir(module):
            fn = getattr(module, name)
            if (name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__
                    or name == "install" or not params_of(fn)):
                continue
            assert f"{prefix}.{name}" in swept or fn in (sh.read_csv, sh.read_excel, sh.read_fts), \
                f"{prefix}.{name} is not swept"
    for name in ("load", "from_bytes", "read_csv", "read_excel", "merge", "read_fts"):
        assert f"sh.{name}" in swept
    for cls in (sh.Partition,):
        for name, fn in vars(cls).items():
            if not name.startswith("_") and callable(getattr(cls, name)) and params_of(getattr(cls, name)):
                assert f"{cls.__name__}.{name}" in swept, f"{cls.__name__}.{name} is not swept"


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_every_wrong_call_raises_a_shanhai_error(call, tmp_path):
    found = []
    for i, (param, value, wrong_type) in enumerate(cases(call)):
        amiss = sweep_one(call, tmp_path / str(i), param, value, wrong_type)
        if amiss:
            found.append(f"{call.name}({param}={shown(value)}): {amiss}")
    assert not found, "\n".join(found)


def test_sweep_count(tmp_path, capsys):
    """How many wrong calls the sweep makes, and how many of them are not refused as they should be."""
    made, amiss = 0, []
    for call in CALLS:
        for param, value, wrong_type in cases(call):
            made += 1
            found = sweep_one(call, tmp_path / str(made), param, value, wrong_type)
            if found:
                amiss.append(f"{call.name}({param}={shown(value)}): {found}")
    bare = sum("bare" in a for a in amiss)
    with capsys.disabled():
        print(f"\nerror sweep: {made} wrong calls of {len(CALLS)} public calls; {len(amiss)} amiss, {bare} bare")
    assert made > 500
    assert not amiss, "\n".join(amiss)
