"""IATI 2.03 export: the seed data set validates against the schema, transactions add up to the
flows as reported, and chains, commitments and incoming funds get the right types and links."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

import shanhai as sh
from shanhai import iati


# The repository's parent holds shared/ beside the checkout, here and in CI.
SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "iati-2.03"
WHEN = datetime.datetime(2019, 1, 20, 8, 0, 0)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    xsd = SCHEMA_DIR / "iati-activities-schema.xsd"
    if not xsd.exists():
        pytest.skip(f"the IATI 2.03 schema is not at {SCHEMA_DIR} (the shared/ folder beside the repository)")
    return etree.XMLSchema(etree.parse(str(xsd)))


def valid(schema: etree.XMLSchema, doc: etree._Element) -> etree._Element:
    if not schema.validate(doc):
        pytest.fail("; ".join(f"line {e.line}: {e.message}" for e in schema.error_log))
    return doc


def export(reg, reporting_org, tmp_path=None, **kw) -> etree._Element:
    kw.setdefault("generated", WHEN)
    kw.setdefault("as_of", "2019-01-20")
    if tmp_path is None:
        return etree.fromstring(iati.iati_xml(reg, reporting_org, **kw))
    path = reg.to_iati(tmp_path / "out.xml", reporting_org=reporting_org, **kw)
    return etree.parse(str(path)).getroot()


def transactions(doc, code=None):
    found = doc.findall(".//transaction")
    return [t for t in found if code is None or t.find("transaction-type").get("code") == code]


def value(t) -> sh.Money:
    return sh.Money(Decimal(t.find("value").text))


def activity(doc, ident):
    (found,) = [a for a in doc.findall("iati-activity") if a.findtext("iati-identifier") == ident]
    return found


# --------------------------------------------------------------------------- the seed data set

def test_schema_folder_is_beside_the_repository():
    repo = Path(__file__).resolve().parents[2]
    assert (repo / "pyproject.toml").exists() and SCHEMA_DIR.parent == repo.parent / "shared"


def test_seed_exports_and_validates(seed, schema, tmp_path):
    siming = seed.partners[1]
    doc = valid(schema, export(seed, siming, tmp_path, reporting_ref="CN-TEST-SIMING"))
    assert doc.tag == "iati-activities" and doc.get("version") == "2.03"
    assert doc.get("generated-datetime") == "2019-01-20T08:00:00Z"
    ids = [a.findtext("iati-identifier") for a in doc.findall("iati-activity")]
    assert ids == ["CN-TEST-SIMING-PAIR-0"] + [f"CN-TEST-SIMING-PRJ-{i}" for i in range(len(seed.projects))]
    for a in doc.findall("iati-activity"):
        assert a.get("default-currency") == "CNY"
        assert a.find("reporting-org").get("ref") == "CN-TEST-SIMING"
        assert a.find("recipient-country").get("code") == "CN"
        assert a.find("title/narrative").get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
        roles = {p.get("role") for p in a.findall("participating-org")}
        assert "2" in roles
    programme = activity(doc, "CN-TEST-SIMING-PAIR-0")
    assert programme.findtext("title/narrative") == "思明区—临夏市东西部协作"
    assert {(p.get("role"), p.findtext("narrative")) for p in programme.findall("participating-org")} == {
        ("1", "思明区"), ("2", "思明区"), ("4", "临夏市")}
    assert programme.find("activity-date").get("iso-date") == "2017-08-01"
    # the location carries the GB/T 2260 codes of Linxia City and the prefecture
    codes = [e.get("code") for e in programme.findall(f"location/{{{iati.EXTENSION_NS}}}administrative")]
    assert codes == ["622900", "622901"]
    assert programme.find("location").get("ref") == "CN-GB2260-622901"
    # every project carries its DAC sector and points at the programme
    workshops = activity(doc, "CN-TEST-SIMING-PRJ-0")
    assert workshops.find("sector").get("code") == "32130" and workshops.find("sector").get("vocabulary") == "1"
    assert workshops.find("related-activity").get("ref") == "CN-TEST-SIMING-PAIR-0"
    assert {(p.get("role"), p.findtext("narrative")) for p in workshops.findall("participating-org")} >= {
        ("4", "思明区")}
    output = workshops.find("result/indicator")
    assert output.findtext("title/narrative") == "workshops" and output.find("period/actual").get("value") == "20"


def test_transactions_add_up_to_the_flows_as_reported(seed, schema):
    doc = valid(schema, export(seed, seed.partners[1]))
    disbursed = transactions(doc, "3")
    as_reported = seed.report(year=2018)["funds.reported_sum"]
    assert sum((value(t) for t in disbursed), sh.Money()) == as_reported == sh.Money("3552.2万")
    assert as_reported == sum((f.amount for f in seed.flows if f.stage == "disbursement"), sh.Money())
    # one transaction per flow, each once
    assert sorted(t.get("ref") for t in transactions(doc)) == sorted(f"flow-{f.id}" for f in seed.flows)
    assert all(t.find("value").get("currency") == "CNY" for t in transactions(doc))


def test_results_are_the_report(seed, schema):
    doc = valid(schema, export(seed, seed.partners[1]))
    programme = activity(doc, "CN-GB2260-350203-PAIR-0")
    rep = seed.report(year=2018, east=seed.partners[1], west=seed.partners[3])
    actual = {}
    for ind in programme.findall("result/indicator"):
        (period,) = ind.findall("period")
        assert (period.find("period-start").get("iso-date"), period.find("period-end").get("iso-date")) == (
            "2018-01-01", "2018-12-31")
        found = period.find("actual")  # none where nothing was reported
        actual[ind.find("reference").get("code")] = None if found is None else found.get("value")
    assert actual["funds.total"] == "22102000.00" == f"{rep['funds.total'].yuan}"
    assert actual["industry.workshops"] == "20" and actual["wishes.claimed"] == "16"
    for key, shown in actual.items():
        v = rep[key]
        assert shown == (None if v is None else f"{v.yuan}" if isinstance(v, sh.Money) else str(v)), key
    assert {r.findtext("title/narrative") for r in programme.findall("result")} >= {"资金支持", "人才交流"}


def test_the_same_registry_gives_the_same_file(seed):
    a = iati.iati_xml(seed, seed.partners[1], generated=WHEN, as_of="2019-01-20")
    again = sh.datasets.siming_linxia_2018()
    b = iati.iati_xml(again, again.partners[1], generated=WHEN, as_of="2019-01-20")
    assert a == b


# --------------------------------------------------------------------------- a hand-built chain

@pytest.fixture
def chain():
    reg = sh.Registry()
    xiamen = reg.add_partner("厦门市", kind="city", side="east", code="350200")
    siming = reg.add_partner("思明区", kind="district", parent=xiamen, code="350203")
    linxia = reg.add_partner("临夏市", kind="county", side="west", code="622901")
    village = reg.add_partner("王坪村", kind="village", parent=linxia)
    coop = reg.add_partner("合作社", kind="cooperative", parent=village)
    reg.pair(siming, linxia, kind="east_west", since="2017-08")
    project = reg.add_project("扶贫车间", sector="industry", location=village, implementer=coop, start="2018-03",
                              end="2018-12")
    household = reg.add_household("622901100201000001", village=village, members=4)
    flows = dict(
        incoming=reg.add_flow(xiamen, siming, "500万", date="2018-02", kind="fiscal"),
        commitment=reg.add_flow(siming, linxia, "300万", date="2018-03", kind="fiscal", stage="commitment"),
        pledge=reg.add_flow(siming, linxia, "50万", date="2018", kind="donation", stage="pledge"),
    )
    flows["onward"] = reg.add_flow(siming, linxia, "200万", date="2018-04", kind="fiscal", purpose="industry",
                                   parent=flows["incoming"])
    flows["to_project"] = reg.add_flow(linxia, project, "80万", date="2018-05", kind="fiscal", parent=flows["onward"])
    flows["dividend"] = reg.add_flow(project, household, "2000", date="2018-12", kind="dividend",
                                     parent=flows["to_project"])
    flows["spent"] = reg.add_flow(siming, linxia, "10万", date="2018-06", kind="fiscal", stage="expenditure")
    return reg, siming, flows


def test_chain_types_and_activity_links(chain, schema):
    reg, siming, flows = chain
    doc = valid(schema, export(reg, siming, reporting_ref="CN-TEST-1"))
    by_ref = {t.get("ref"): t for t in transactions(doc)}
    kind = {name: by_ref[f"flow-{f.id}"].find("transaction-type").get("code")
            for name, f in flows.items() if name != "pledge"}
    assert kind == {"incoming": "1", "commitment": "2", "onward": "3", "to_project": "3", "dividend": "3",
                    "spent": "4"}
    # the pledge is planned, not a transaction
    assert f"flow-{flows['pledge'].id}" not in by_ref
    (planned,) = doc.findall(".//planned-disbursement")
    assert planned.findtext("value") == "500000.00" and planned.find("period-end").get("iso-date") == "2018-12-31"

    programme, project = "CN-TEST-1-PAIR-0", "CN-TEST-1-PRJ-0"
    owner = {t.get("ref"): a.findtext("iati-identifier") for a in doc.findall("iati-activity")
             for t in a.findall("transaction")}
    assert owner[f"flow-{flows['onward'].id}"] == programme
    assert owner[f"flow-{flows['to_project'].id}"] == project
    assert owner[f"flow-{flows['dividend'].id}"] == project

    def attr(name, org, key):
        el = by_ref[f"flow-{flows[name].id}"].find(org)
        return el.get(key), el.findtext("narrative")

    # a flow's parent names the activity the money came from; money into a project names it
    assert attr("onward", "provider-org", "provider-activity-id") == (programme, "思明区")
    assert attr("onward", "receiver-org", "receiver-activity-id") == (project, "临夏市")
    assert attr("to_project", "provider-org", "provider-activity-id") == (programme, "临夏市")
    assert attr("to_project", "receiver-org", "receiver-activity-id") == (project, "合作社")
    assert attr("dividend", "provider-org", "provider-activity-id") == (project, "合作社")
    assert attr("dividend", "receiver-org", "receiver-activity-id") == (None, "建档立卡户")  # never the number
    assert "622901100201000001" not in etree.tostring(doc, encoding="unicode")
    assert attr("incoming", "provider-org", "provider-activity-id") == (None, "厦门市")
    assert by_ref[f"flow-{flows['incoming'].id}"].find("receiver-org").get("ref") == "CN-TEST-1"
    # roles: Xiamen's money funds both; Siming and Linxia passed it on
    roles = {(p.get("role"), p.findtext("narrative")) for p in activity(doc, project).findall("participating-org")}
    assert roles == {("1", "厦门市"), ("2", "思明区"), ("3", "临夏市"), ("4", "合作社")}
    roles = {(p.get("role"), p.findtext("narrative")) for p in activity(doc, programme).findall("participating-org")}
    assert roles == {("1", "厦门市"), ("1", "思明区"), ("2", "思明区"), ("3", "思明区"), ("4", "临夏市")}
    # the project ended before as_of: closed, with its actual end date
    proj = activity(doc, project)
    assert proj.find("activity-status").get("code") == "4"
    assert [(d.get("type"), d.get("iso-date")) for d in proj.findall("activity-date")] == [
        ("2", "2018-03-01"), ("4", "2018-12-31")]
    # parts say they are not additional, pass-throughs that they pass money on
    onward = by_ref[f"flow-{flows['onward'].id}"]
    assert onward.find("description/narrative[@{http://www.w3.org/XML/1998/namespace}lang='en']").text == (
        f"Passed on from transaction flow-{flows['incoming'].id}.")


def test_flows_outside_every_programme_go_to_a_catch_all(schema):
    reg = sh.Registry()
    a = reg.add_partner("甲区", kind="district", side="east", code="110101")
    b = reg.add_partner("乙县", kind="county", side="west")
    reg.add_flow(a, b, "1万", date="2020", purpose="water")
    doc = valid(schema, export(reg, a))
    (only,) = doc.findall("iati-activity")
    assert only.findtext("iati-identifier") == "CN-GB2260-110101-GENERAL"
    assert only.find("transaction/sector").get("code") == "14030"


def test_sectors_map_to_dac_codes():
    assert set(iati.SECTOR_CODES) == set(sh.Sector.__members__)
    assert all(len(code) == 5 and code.isdigit() for code in iati.SECTOR_CODES.values())
    assert set(iati.ORG_TYPES) == set(sh.PartnerKind.__members__)
    for code in iati.SECTOR_CODES:
        assert code in iati.write.__doc__


def test_refusals(seed):
    other = sh.datasets.siming_linxia_2018()
    with pytest.raises(sh.ValidationError, match="reporting_org"):
        iati.iati_xml(seed, other.partners[1])
    with pytest.raises(sh.ValidationError, match="reporting_org: expected a partner"):
        iati.iati_xml(seed, "思明区")
    with pytest.raises(sh.ValidationError, match="no administrative code"):
        iati.iati_xml(seed, seed.partners[4])  # 枹罕镇 has no code: a reporting_ref is needed
    with pytest.raises(sh.ValidationError, match="programmes: unknown pairing kind"):
        iati.iati_xml(seed, seed.partners[1], programmes=["east-west"])
    with pytest.raises(sh.ValidationError, match="org_refs"):
        iati.iati_xml(seed, seed.partners[1], org_refs={other.partners[0]: "CN-X"})
    reg = sh.Registry()
    a = reg.add_partner("甲区", kind="district", side="east", code="110101")
    reg.add_project("无日期项目")
    with pytest.raises(sh.ValidationError, match="'无日期项目'.* has no date"):
        iati.iati_xml(reg, a)
    # a pairing with no date and no record in any year: nothing to date its activity by
    b = reg.add_partner("乙县", kind="county", side="west", code="622925")
    reg.pair(a, b, kind="east_west")
    with pytest.raises(sh.ValidationError, match="'甲区—乙县东西部协作'.* give the pairing a since date"):
        iati.iati_xml(reg, a, years=[2018])


def test_org_refs_and_programme_kinds(seed, schema):
    refs = {seed.partners[3]: "CN-TEST-LINXIA"}
    doc = valid(schema, export(seed, seed.partners[1], reporting_ref="CN-TEST-SIMING", org_refs=refs,
                               programmes=["east_west", "school"]))
    programmes = [a for a in doc.findall("iati-activity") if "-PAIR-" in a.findtext("iati-identifier")]
    assert [a.findtext("title/narrative") for a in programmes] == ["思明区—临夏市东西部协作", "华侨幼儿园—临夏市实验幼儿园结对帮扶"]
    implementing = [p for p in programmes[0].findall("participating-org") if p.get("role") == "4"]
    assert implementing[0].get("ref") == "CN-TEST-LINXIA"


# --------------------------------------------------------------------------- targets

def test_targets_are_written_as_baseline_and_period_targets(chain, schema, tmp_path):
    reg, siming, flows = chain
    reg.add_flow(siming, flows["onward"].target, "120万", date="2018-07", kind="donation")  # Siming's own money
    reg.set_target("funds.total", 2018, "250万", baseline="150万", baseline_year=2017)
    reg.set_target("funds.total", 2018, "300万", baseline="150万", baseline_year=2017)  # replaces the 250万
    reg.set_target("funds.total", 2019, "400万", baseline="150万", baseline_year=2017)  # shares the baseline
    reg.set_target("industry.poor_share", 2018, 45.5)                                     # no baseline
    reg.set_target("talent.dispatched.doctor", 2019, 5, baseline=2)                       # zero actual, kept
    doc = valid(schema, export(reg, siming, tmp_path, reporting_ref="CN-TEST-1", years=[2018, 2019]))
    iati.validate(tmp_path / "out.xml", SCHEMA_DIR)
    programme = activity(doc, "CN-TEST-1-PAIR-0")
    indicators = {ind.find("reference").get("code"): ind for ind in programme.iter("indicator")}

    def periods(key):
        out = []
        for p in indicators[key].findall("period"):
            target = p.find("target")
            actual = p.find("actual")
            out.append((p.find("period-start").get("iso-date")[:4], None if target is None else target.get("value"),
                        None if actual is None else actual.get("value")))
        return out

    def baselines(key):
        return [(b.get("year"), b.get("value"), b.findtext("comment/narrative"))
                for b in indicators[key].findall("baseline")]

    rep = reg.report(year=2018, east=siming, west=reg.partners[2])
    assert rep["funds.total"] == sh.Money("120万")  # the actual beside the target
    assert rep.targets["funds.total"] == (sh.Money("300万"), sh.Money("150万"), 2017)
    # no money recorded in 2019: a target without an actual, not an actual of 0
    assert periods("funds.total") == [("2018", "3000000.00", "1200000.00"), ("2019", "4000000.00", None)]
    assert baselines("funds.total") == [("2017", "1500000.00", "2018年、2019年目标的基线")]
    assert periods("industry.poor_share") == [("2018", "45.5", None), ("2019", None, None)]
    assert baselines("industry.poor_share") == [] and indicators["industry.poor_share"].get("measure") == "2"
    assert periods("talent.dispatched.doctor") == [("2018", None, None), ("2019", "5", None)]
    assert baselines("talent.dispatched.doctor") == [("2018", "2", "2019年目标的基线")]
    # the schema's order: reference, baseline, then the periods; in a period the target before the actual
    ind = indicators["funds.total"]
    assert [c.tag for c in ind][1:] == ["reference", "baseline", "period", "period"]
    assert [c.tag for c in ind.find("period")] == ["period-start", "period-end", "target", "actual"]


def test_a_registry_without_targets_writes_none(chain, schema):
    reg, siming, _ = chain
    doc = valid(schema, export(reg, siming))
    assert doc.findall(".//indicator/baseline") == [] and doc.findall(".//period/target") == []
    # an actual for each figure something fed (funds, pledges, commitments, pairings, ...), none for the rest
    actuals = doc.findall(".//period/actual")
    assert len(actuals) >= 4 and len(doc.findall(".//period")) > len(actuals)


# --------------------------------------------------------------------------- pairs inside pairs

@pytest.fixture
def nested():
    """A city pair around a district pair whose start is not known: 1,500万 and 70 trained in the
    city pair's scope, of which 300万 and 20 trained in the district pair's."""
    reg = sh.Registry()
    xiamen = reg.add_partner("厦门市", kind="city", side="east", code="350200")
    siming = reg.add_partner("思明区", kind="district", parent=xiamen, code="350203")
    prefecture = reg.add_partner("临夏州", kind="city", side="west", code="622900")
    county = reg.add_partner("临夏市", kind="county", parent=prefecture, code="622901")
    other = reg.add_partner("和政县", kind="county", parent=prefecture, code="622925")
    city_pair = reg.pair(xiamen, prefecture, kind="east_west", since="2017-01")
    district_pair = reg.pair(siming, county, kind="east_west")  # start not known
    reg.add_flow(xiamen, prefecture, "1000万", date="2018-03", kind="fiscal")
    reg.add_flow(siming, county, "300万", date="2018-05", kind="fiscal")
    reg.add_flow(xiamen, other, "200万", date="2018-07", kind="donation")
    reg.add_training(siming, location=county, role="cadre", trainees=20, date="2018-06")
    reg.add_training(xiamen, location=other, role="cadre", trainees=50, date="2018-08")
    return reg, xiamen, city_pair, district_pair


def actuals(doc, ident, key):
    (ind,) = [i for i in activity(doc, ident).iter("indicator") if i.find("reference").get("code") == key]
    return {p.find("period-start").get("iso-date")[:4]: p.find("actual").get("value") for p in ind.findall("period")}


def test_each_yuan_and_person_on_the_innermost_pair(nested, schema):
    reg, xiamen, city_pair, district_pair = nested
    doc = valid(schema, export(reg, xiamen, reporting_ref="CN-TEST-2"))
    outer, inner = f"CN-TEST-2-PAIR-{city_pair.id}", f"CN-TEST-2-PAIR-{district_pair.id}"
    owner = {t.get("ref"): a.findtext("iati-identifier") for a in doc.findall("iati-activity")
             for t in a.findall("transaction")}
    assert owner == {"flow-0": outer, "flow-1": inner, "flow-2": outer}
    # every yuan once: the transactions add up to the flows, and so do the two pairs' results
    assert sum((value(t) for t in transactions(doc)), sh.Money(0)) == sh.Money("1500万")
    assert reg.report(year=2018, east=xiamen, west=reg.partners[2])["funds.total"] == sh.Money("1500万")
    assert actuals(doc, inner, "funds.total") == {"2018": "3000000.00"}
    assert actuals(doc, outer, "funds.total") == {"2018": "12000000.00"}  # 1,500万 less the inner 300万
    assert actuals(doc, inner, "talent.trained") == {"2018": "20"}
    assert actuals(doc, outer, "talent.trained") == {"2018": "50"}  # 70 less 20, never 90
    # the district pair sits inside the city pair
    links = {(a.findtext("iati-identifier"), r.get("ref"), r.get("type"))
             for a in doc.findall("iati-activity") for r in a.findall("related-activity")}
    assert links == {(inner, outer, "1"), (outer, inner, "2")}
    # a pair whose start is not known takes its records' dates, as actual dates
    dates = {d.get("type"): d.get("iso-date") for d in activity(doc, inner).findall("activity-date")}
    assert dates == {"2": "2018-05-01", "4": "2018-05-31"}
    dates = {d.get("type"): d.get("iso-date") for d in activity(doc, outer).findall("activity-date")}
    assert dates == {"2": "2017-01-01"}


def test_overlapping_inner_pairs_are_refused(nested):
    reg, xiamen, city_pair, district_pair = nested
    prefecture, county = reg.partners[2], reg.partners[3]
    reg.pair(xiamen, county, kind="east_west", since="2018")  # both inside the city pair, and they overlap
    reg.pair(reg.partners[1], prefecture, kind="east_west", since="2018")
    with pytest.raises(sh.ValidationError, match="overlap") as e:
        iati.iati_xml(reg, xiamen, reporting_ref="CN-TEST-2", generated=WHEN, as_of="2019-01-20")
    assert e.value.reason == "rule" and e.value.field == "programmes"


def test_a_city_figure_reports_only_what_its_district_pairs_do_not(nested):
    reg, xiamen, city_pair, district_pair = nested
    prefecture = reg.partners[2]
    outer, inner = f"CN-TEST-2-PAIR-{city_pair.id}", f"CN-TEST-2-PAIR-{district_pair.id}"
    # the city's published 1,600万 holds its 1,000万 and the district pair's 300万 (300万 unexplained)
    reg.add_figure("funds.fiscal", "1600万", year=2018, east=xiamen, west=prefecture, citation="市年报")
    doc = export(reg, xiamen, reporting_ref="CN-TEST-2")
    assert actuals(doc, inner, "funds.fiscal") == {"2018": "3000000.00"}
    assert actuals(doc, outer, "funds.fiscal") == {"2018": "13000000.00"}  # 1,600万 less the inner 300万
    # a later figure of 200万 is below what the district pair alone reports: refused, as check() finds
    reg.add_figure("funds.fiscal", "200万", year=2018, east=xiamen, west=prefecture, citation="另一报道")
    assert "figure_exceeded" in {f.code for f in reg.check()}
    with pytest.raises(sh.ValidationError, match="figure_exceeded") as e:
        export(reg, xiamen, reporting_ref="CN-TEST-2")
    assert e.value.reason == "figure_exceeded" and e.value.field == "funds.fiscal"


def test_a_money_figure_beyond_its_records_is_a_transaction_on_its_pair(nested, schema):
    reg, xiamen, city_pair, district_pair = nested
    prefecture, county = reg.partners[2], reg.partners[3]
    outer, inner = f"CN-TEST-2-PAIR-{city_pair.id}", f"CN-TEST-2-PAIR-{district_pair.id}"
    # published: the city pair's fiscal 1,600万以上 (recorded: 1,000万 + the district's 300万), the
    # district pair's 500万 (recorded: 300万)
    reg.add_figure("funds.fiscal", "1600万以上", year=2018, east=xiamen, west=prefecture)
    reg.add_figure("funds.fiscal", "500万", year=2018, east=reg.partners[1], west=county)
    doc = valid(schema, export(reg, xiamen, reporting_ref="CN-TEST-2"))

    def figure_part(ident):
        return [(t.get("ref"), value(t)) for t in activity(doc, ident).findall("transaction")
                if t.get("ref").startswith("figure-")]

    assert figure_part(inner) == [("figure-funds.fiscal-2018", sh.Money("200万"))]  # 500万 less its 300万
    assert figure_part(outer) == [("figure-funds.fiscal-2018", sh.Money("100万"))]  # 1,600 less 1,300 and the 200
    # the file's disbursements add up to the city pair's report, each yuan once
    city = reg.report(year=2018, east=xiamen, west=prefecture)
    assert sum((value(t) for t in transactions(doc, "3")), sh.Money(0)) == city["funds.total"] == sh.Money("1800万")
    assert transactions(doc, "3")[-1].find("value").get("value-date") == "2018-12-31"
    # a figure of fiscal money is no donation: with kind="donation" none is written
    doc = export(reg, xiamen, reporting_ref="CN-TEST-2", kind="donation")
    assert not [t for t in transactions(doc) if t.get("ref").startswith("figure-")]
