"""Spreadsheets in and out: round trips through Excel and CSV, Chinese headers, every money form,
errors that name their cell, and the office template."""

from __future__ import annotations

import csv
import datetime
import importlib.util
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import shanhai as sh
from shanhai import spreadsheets


REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "docs" / "template.xlsx"


def everything() -> sh.Registry:
    """A registry that uses every table and every column, with awkward text."""
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east", code="350203", note="=not a formula")
    west = reg.add_partner("临夏市", kind="county", side="west", code="622901", note="  two\nlines\tand a tab  ")
    village = reg.add_partner("王坪村", kind="village", parent=west)
    loose = reg.add_partner("无方位单位", kind="other")  # no side, no parent
    under = reg.add_partner("下属", kind="department", parent=loose)
    family = reg.add_partner("爱心家庭", kind="family", parent=east)
    project = reg.add_project("扶贫车间", sector="industry", location=west, implementer=east, start="2018-03",
                              end="2019", outputs={"workshops": 20, "km road": 3})
    odd = reg.add_project("odd outputs", outputs={"a=b; c": 1, "d": 2})
    reg.add_project("bare")
    h1 = reg.add_household("622901100201000001", village=village, members=4, status="exited", exit_year=2019)
    h2 = reg.add_household(None, village=village, status="extremely_poor")
    h3 = reg.add_household("H-3", village=village, members=2)
    total = reg.add_flow(east, west, "2210.2万", date="2018", kind="other", purpose="mixed", note="F17")
    part = reg.add_flow(east, west, "984万", date="2018", kind="fiscal", purpose="industry", parent=total)
    reg.add_flow(east, village, "34万", date="2018-05-03", kind="fiscal", purpose="industry", parent=part)
    passed = reg.add_flow(west, project, "100万", date="2018-06", kind="fiscal", parent=total)
    reg.add_flow(project, h1, "1234.56", kind="dividend", parent=passed)
    reg.add_flow(east, west, "50万", kind="donation", stage="commitment")
    reg.add_flow(east, west, "10万", kind="donation", stage="pledge", date="2019")
    reg.add_flow(family, h2, "0.01", kind="in_kind", stage="expenditure")
    reg.pair(east, west, kind="east_west", since="2017-08")
    reg.pair(family, h2, kind="family_household", since="2018-08", until="2020-12-31", note="一家一")
    reg.add_benefit(h1, via=project, kind="employment", persons=1, date="2018-09", amount="3000")
    reg.add_benefit(None, via=project, kind="employment", persons=900, households=300, date="2018")
    reg.add_benefit(h3, via=part, kind="dividend", amount="120.5")
    reg.add_benefit(None, via=east, kind="training", persons=5)
    jobs = reg.add_benefit(None, via=west, kind="employment", persons=494, date="2018")
    reg.add_benefit(None, via=west, kind="employment", persons=210, date="2018", part_of=jobs)  # of them
    big = reg.add_exchange(west, east, role="teacher", persons=179, date="2018")
    reg.add_exchange(west, east, role="principal", persons=3, days=28, date="2018-10", part_of=big, purpose="跟岗")
    reg.add_exchange(east, west, role="doctor", person_times=7, batches=2)
    reg.add_training(east, location=west, role="teacher", trainees=800, days=3, date="2018")
    reg.add_training(east, trainees=1)
    classes = reg.add_training(east, location=west, role="worker", trainees=164, sessions=4, date="2018")
    reg.add_training(east, location=west, role="worker", trainees=40, sessions=1, date="2018", part_of=classes)
    for state in ("open", "claimed", "fulfilled", "cancelled", "cancelled_claimed"):
        w = reg.add_wish(h2, f"心愿 {state}", cost="300元" if state != "open" else None, date="2018-12",
                         batch=2 if state.startswith("c") else None)
        if state in ("claimed", "fulfilled", "cancelled_claimed"):
            reg.claim_wish(w, by=east, date="2018-12-28" if state != "claimed" else None)
        if state == "fulfilled":
            reg.fulfil_wish(w, date="2019-01-10")
        if state.startswith("cancelled"):
            reg.cancel_wish(w, date="2019-02")
    reg.add_event("signing", date="2017-08", partners=[east, west], note="签约")
    reg.add_event("other")
    reg.add_event("inspection", date="2018-05", partners=[under])
    reg.expect_total("2210.2万", source=east, year=2018, kind=["fiscal", "donation"], citation="民族日报")
    reg.expect_total("10万", target=project, stage="commitment", purpose="industry", boundary=west, origin=east)
    reg.expect_total("0")
    reg.expect_total("8100万以上", target=west, kind="investment", year=2018)
    reg.expect("labour.employed", "494人", year=2018, west=west, citation="县政府 2018")
    reg.expect("industry.investment", "近8100万", year=2018, east=east)
    reg.expect("leadership.meetings", 0, year=2018)  # an explicit 0 is a figure
    # the registry's own systems: members, status history, workshop employment, targets
    h4 = reg.add_household("H-4", village=village, members=3, causes=["illness", "lack_of_skills", "other"],
                           address="临夏市枹罕镇王坪村 3 号")
    head = reg.add_person(h4, relation="head", sex="female", birth_year=1971, health="serious_illness",
                          education="junior_secondary", labour="weak", note="户主")
    reg.add_person(h4, relation="grandchild", birth_year=2015, education="preschool", labour="none")
    reg.add_person(h1)  # every field its default
    reg.set_status(h4, "exited", date="2019-11", note="验收")
    reg.set_status(h4, "unstable", date="2021")
    reg.set_status(h1, "exited", date="2019-12-01")
    reg.add_employment(project, person=head, month="2018-09", wage="2100.50")
    reg.add_employment(project, household=h3, month="2018-09")
    reg.add_employment(project, worker="外村-007", month="2018-10", wage="1800元", note="not registered")
    reg.add_employment(project, month="2018", workers=900, poor=0)  # none of them poor: 0 is a count
    reg.add_employment(project, month="2018-11", workers=40)  # poor not known
    reg.set_target("funds.total", 2018, "2000万", baseline="1500.25万", baseline_year=2016, note="计划")
    reg.set_target("industry.poor_share", 2018, 45.5, baseline=40)
    reg.set_target("registry.exits", 2019, 0)
    reg.set_target("funds.total", 2018, "2100万")  # replaces the first in reports; both stay
    assert odd is not None
    return reg


def same(a: sh.Registry, b: sh.Registry) -> bool:
    return a.to_bytes("text") == b.to_bytes("text")


# --------------------------------------------------------------------------- round trips

def test_seed_round_trips_through_excel(seed, tmp_path):
    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    back = spreadsheets.read_excel(path)
    assert back.report(year=2018).to_json() == seed.report(year=2018).to_json()
    assert back.to_bytes("text") == seed.to_bytes("text")


def test_seed_round_trips_through_csv(seed, tmp_path):
    folder = seed.to_csv(tmp_path / "seed", personal="show")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in spreadsheets.TABLES)
    back = spreadsheets.read_csv(folder)
    assert back.report(year=2018).to_json() == seed.report(year=2018).to_json()
    assert back.to_bytes("text") == seed.to_bytes("text")


@pytest.mark.parametrize("how", ["excel", "csv"])
def test_every_table_and_column_round_trips(tmp_path, how):
    reg = everything()
    if how == "excel":
        back = spreadsheets.read_excel(reg.to_excel(tmp_path / "all.xlsx", personal="show"))
    else:
        back = spreadsheets.read_csv(reg.to_csv(tmp_path / "all", personal="show"))
    assert same(back, reg)
    assert [f.message for f in back.check()] == [f.message for f in reg.check()]


def test_every_column_the_registry_holds_has_a_column_in_its_sheet():
    """A field the sheets leave out is lost on every round trip through Excel or CSV, silently."""
    reg = everything()
    for table in spreadsheets.TABLES:
        held = set(spreadsheets._expectation_columns(reg) if table == "expectations"
                   else getattr(reg, table)._raw_columns())
        sheet = {c.name for c in spreadsheets.COLUMNS[table]}
        assert held <= sheet, f"{table}: {sorted(held - sheet)} have no column in the sheet"


def test_written_columns_are_documented(tmp_path):
    everything().to_excel(tmp_path / "all.xlsx", personal="show")
    wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert wb.sheetnames == list(spreadsheets.TABLES)
    doc = spreadsheets.__doc__
    for table in spreadsheets.TABLES:
        header = [c.value for c in wb[table][1]]
        assert header == [c.name for c in spreadsheets.COLUMNS[table]]
        for name in header:
            assert re.search(rf"\b{name}\b", doc), f"{table}.{name} is not documented"
    flows = wb["flows"]
    assert flows["F2"].value == "22102000.00" and flows["F2"].data_type == "s"  # money is text in yuan
    assert wb["partners"]["G2"].value == "=not a formula" and wb["partners"]["G2"].data_type == "s"


def test_rows_in_any_order_and_ids_with_gaps(tmp_path):
    """Rows are added in id order; ids are labels, so gaps are fine."""
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "partners.csv").write_text("id,name,kind,side,parent\n20,王坪村,village,,10\n10,临夏市,county,west,\n"
                                         "5,思明区,district,east,\n", encoding="utf-8")
    (folder / "flows.csv").write_text("id,source,target,amount,parent\n7,5,20,34万,3\n3,5,10,984万,\n",
                                      encoding="utf-8")
    reg = spreadsheets.read_csv(folder)
    assert [p.name for p in reg.partners] == ["思明区", "临夏市", "王坪村"]
    assert reg.partners[2].parent == reg.partners[1] and reg.partners[2].side == "west"
    assert reg.flows[1].parent == reg.flows[0] and reg.flows[1].target == reg.partners[2]


# --------------------------------------------------------------------------- headers and values

def test_chinese_headers_and_second_header_row(seed, tmp_path):
    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    ws = wb["flows"]
    zh = {"id": "编号", "source_kind": "来源类型", "source": "来源", "target_kind": "去向类型", "target": "去向",
          "amount": "金额", "date": "日期", "kind": "类型", "stage": "阶段", "purpose": "用途", "parent": "上级",
          "note": "备注", "credited_to": "计入结对", "currency": "币种", "correction": "更正"}
    for cell in ws[1]:
        cell.value = zh[cell.value]
    wb["partners"].insert_rows(2)  # a second header row, in Chinese, is skipped
    for cell, name in zip(wb["partners"][2], ["编号", "名称", "类型", "东西部", "上级", "行政区划代码", "备注", "数量"]):
        cell.value = name
    wb["wishes"].title = "微心愿"  # Chinese sheet names too
    wb.save(path)
    assert same(spreadsheets.read_excel(path), seed)


def test_template_headers_are_all_known():
    for table, columns in spreadsheets.COLUMNS.items():
        names = {c.name for c in columns}
        for c in columns:
            zh = spreadsheets.chinese_header(table, c.name)
            if zh:
                assert spreadsheets._resolve(zh, names) == c.name, (table, c.name, zh)


@pytest.mark.parametrize("value, header, expected", [
    ("984万", "amount", "984万"),
    ("9,840,000.00元", "amount", "984万"),
    ("9840000", "amount", "984万"),
    (9840000, "amount", "984万"),
    (1234.56, "amount", "1234.56"),
    (Decimal("984.5"), "amount", "984.50"),
    ("0.0984亿", "金额", "984万"),
    ("984", "金额(万元)", "984万"),
    (984, "amount (万元)", "984万"),
    ("984万", "金额(万元)", "984万"),  # a value with its own unit is read as written
    ("9840000.00", "金额(元)", "984万"),
])
def test_money_in_every_form(tmp_path, value, header, expected):
    reg = sh.Registry()
    a, b = reg.add_partner("甲", side="east"), reg.add_partner("乙", side="west")
    reg.add_flow(a, b, "1")
    path = reg.to_excel(tmp_path / "m.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    wb["flows"]["F1"] = header
    wb["flows"]["F2"] = value
    wb.save(path)
    assert spreadsheets.read_excel(path).flows[0].amount == sh.Money(expected)


def test_excel_typed_values(tmp_path):
    """Numbers and date cells as Excel stores them when typed without the text format."""
    reg = sh.Registry()
    a = reg.add_partner("甲", side="east", code="350203")
    reg.add_household("622901100201", village=reg.add_partner("村", kind="village", parent=a))
    reg.add_flow(a, reg.add_partner("乙", side="west"), "1", date="2018")
    path = reg.to_excel(tmp_path / "t.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    wb["partners"]["F2"] = 350203                          # code typed as a number
    wb["households"]["B2"] = 622901100201                  # a 12-digit number is still exact
    wb["flows"]["G2"] = datetime.datetime(2018, 5, 3)      # a date cell: its day
    wb["flows"]["A2"] = 0.0                                # an id Excel stored as a float
    wb.save(path)
    back = spreadsheets.read_excel(path)
    assert back.partners[0].code == "350203"
    assert back.households[0].number == "622901100201"
    assert back.flows[0].date == "2018-05-03"
    assert same(back, _with_date(reg))


def _with_date(reg):
    """The registry as the typed workbook holds it: the flow dated to the day."""
    out = sh.Registry()
    a = out.add_partner("甲", side="east", code="350203")
    out.add_household("622901100201", village=out.add_partner("村", kind="village", parent=a))
    out.add_flow(a, out.add_partner("乙", side="west"), "1", date="2018-05-03")
    return out


def test_template_loads_and_is_current(tmp_path):
    assert TEMPLATE.exists(), "docs/template.xlsx is generated by docs/make_template.py"
    reg = spreadsheets.read_excel(TEMPLATE)
    for table in ("partners", "pairings", "flows", "projects", "households", "benefits", "exchanges", "trainings",
                  "wishes", "events", "persons", "status_changes", "employment", "targets"):
        assert len(getattr(reg, table)) >= 1, table
    assert reg.report(year=2018).targets["funds.total"] == (sh.Money("1000万"), sh.Money("800万"), 2017)
    assert reg.report(year=2018)["funds.total"] == sh.Money("984万")
    assert not [f for f in reg.check() if f.code == "expectation_gap"]
    wb = openpyxl.load_workbook(TEMPLATE)
    assert wb.sheetnames[0] == "notes" and set(spreadsheets.TABLES) <= set(wb.sheetnames)
    assert [c.value for c in wb["flows"][2]][:6] == ["编号", "来源类型", "来源", "去向类型", "去向", "金额"]
    # the committed template is what the script writes today
    spec = importlib.util.spec_from_file_location("make_template", REPO / "docs" / "make_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "template.xlsx"
    spreadsheets.write_workbook(module.example(), fresh, template=True)
    assert same(spreadsheets.read_excel(fresh), reg)
    for table in spreadsheets.TABLES:
        ours = [[c.value for c in row] for row in openpyxl.load_workbook(fresh)[table].iter_rows(max_row=3)]
        assert ours == [[c.value for c in row] for row in wb[table].iter_rows(max_row=3)], table


# --------------------------------------------------------------------------- errors name their cell

def bad_workbook(reg, tmp_path, sheet, cell, value):
    path = reg.to_excel(tmp_path / "bad.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet, cell, value, address, reason", [
    ("flows", "F3", "12.345元", "sheet 'flows', row 3, column 'amount' (F), value '12.345元'", "finer than a fen"),
    ("flows", "H2", "cash", "sheet 'flows', row 2, column 'kind' (H), value 'cash'", "unknown flow kind 'cash'"),
    ("flows", "K4", 99, "sheet 'flows', row 4, column 'parent' (K), value 99", "no row with id 99 in the sheet"),
    ("flows", "K2", 3, "sheet 'flows', row 2, column 'parent' (K), value 3", "row 3 of 'flows' comes later"),
    ("flows", "F4", "9999万", "sheet 'flows', row 4, column 'amount' (F), value '9999万'", "exceeds"),
    ("flows", "B2", "projekt", "sheet 'flows', row 2, column 'source_kind' (B), value 'projekt'", "expected one of"),
    ("flows", "G2", "2018-13", "sheet 'flows', row 2, column 'date' (G), value '2018-13'", "flow date"),
    ("partners", "C5", "distrct", "sheet 'partners', row 5, column 'kind' (C), value 'distrct'", "unknown partner kind"),
    ("partners", "F2", "35-02", "sheet 'partners', row 2, column 'code' (F), value '35-02'", "administrative code"),
    ("partners", "A4", 1, "sheet 'partners', row 4, column 'id' (A), value 1", "id 1 is already used in row 3"),
    ("partners", "B3", None, "sheet 'partners', row 3, column 'name' (B), value (empty)", "required"),
    ("households", "B2", 6.22901100201e17, "sheet 'households', row 2, column 'number' (B), value 6.22901100201e+17",
     "type it as text"),
    ("wishes", "F3", "open", "sheet 'wishes', row 3, column 'claimed_by' (G), value 0", "an open wish has no donor"),
    ("events", "D2", "1; 99", "sheet 'events', row 2, column 'partners' (D), value '1; 99'", "no row with id 99"),
    ("pairings", "E2", 0, "sheet 'pairings', row 2, column 'b' (E), value 0", "a and b are the same"),
    ("exchanges", "E2", -3, "sheet 'exchanges', row 2, column 'person_times' (E), value -3", "negative"),
    ("exchanges", "F2", "1" * 30, f"sheet 'exchanges', row 2, column 'persons' (F), value '{'1' * 30}'",
     "out of range"),
    ("trainings", "F2", "2" * 12, f"sheet 'trainings', row 2, column 'days' (F), value '{'2' * 12}'",
     "out of range"),
    ("households", "H5", "illness; illnes", "sheet 'households', row 5, column 'causes' (H), value 'illness; illnes'",
     "unknown poverty cause 'illnes'"),
    ("households", "H5", "illness; other; illness",
     "sheet 'households', row 5, column 'causes' (H), value 'illness; other; illness'",
     "'illness' is given twice"),
    ("wishes", "K2", -1, "sheet 'wishes', row 2, column 'batch' (K), value -1", "negative"),
    ("persons", "C2", "wife", "sheet 'persons', row 2, column 'relation' (C), value 'wife'", "unknown relation 'wife'"),
    ("persons", "E3", 1700, "sheet 'persons', row 3, column 'birth_year' (E), value 1700", "not a plausible year"),
    ("persons", "B4", 9, "sheet 'persons', row 4, column 'household' (B), value 9", "no row with id 9 in the sheet"),
    ("status_changes", "D3", "2019-01", "sheet 'status_changes', row 3, column 'date' (D), value '2019-01'",
     "before the household's previous change (2019-11)"),
    ("status_changes", "C2", "exit", "sheet 'status_changes', row 2, column 'status' (C), value 'exit'",
     "unknown household status 'exit'"),
    ("status_changes", "D4", None, "sheet 'status_changes', row 4, column 'date' (D), value (empty)", "required"),
    ("employment", "H2", 1, "sheet 'employment', row 2, column 'poor' (H), value 1", "for one worker"),
    ("employment", "G5", 0, "sheet 'employment', row 5, column 'workers' (G), value 0",
     "an aggregate record needs a headcount, got 0"),
    ("employment", "H5", 901, "sheet 'employment', row 5, column 'poor' (H), value 901",
     "not between 0 and the 900 workers"),
    ("employment", "D3", 0, "sheet 'employment', row 3, column 'household' (C), value 2",
     "person 0 belongs to household 3, not 2"),
    ("employment", "B4", 7, "sheet 'employment', row 4, column 'workshop' (B), value 7", "no row with id 7"),
    ("employment", "I3", "-5", "sheet 'employment', row 3, column 'wage' (I), value '-5'", "negative"),
    ("targets", "B2", "funds.totl", "sheet 'targets', row 2, column 'key' (B), value 'funds.totl'",
     "unknown report indicator 'funds.totl' (did you mean funds.total"),
    ("targets", "D3", "45.555", "sheet 'targets', row 3, column 'value' (D), value '45.555'",
     "finer than a hundredth"),
    ("targets", "D4", "2.5", "sheet 'targets', row 4, column 'value' (D), value '2.5'",
     "'registry.exits' is a count"),
    ("targets", "E2", "15002500.001", "sheet 'targets', row 2, column 'baseline' (E), value '15002500.001'",
     "finer than a fen"),
    ("targets", "F4", 2018, "sheet 'targets', row 4, column 'baseline_year' (F), value 2018",
     "a baseline year without a baseline"),
    ("targets", "C2", 1800, "sheet 'targets', row 2, column 'year' (C), value 1800", "not a plausible year"),
    ("flows", "M1", "amout", "sheet 'flows', row 1, column M", "unknown column 'amout'"),
    ("flows", "P3", "stray", "sheet 'flows', row 3, column P, value 'stray'", "a value in a column without a header"),
])
def test_a_bad_cell_is_refused_with_its_address(tmp_path, sheet, cell, value, address, reason):
    path = bad_workbook(everything(), tmp_path, sheet, cell, value)
    with pytest.raises(sh.ValidationError) as info:
        spreadsheets.read_excel(path)
    text = str(info.value)
    assert text.startswith(f"{path}, {address}: "), text
    assert reason in text


def test_the_brief_s_three_bad_cells(seed, tmp_path):
    """Amount '12.345元', an unknown kind and a parent that does not exist: each names its cell."""
    for cell, value, column in (("F3", "12.345元", "'amount' (F)"), ("H3", "grant", "'kind' (H)"),
                                ("K3", 42, "'parent' (K)")):
        path = bad_workbook(seed, tmp_path, "flows", cell, value)
        with pytest.raises(sh.ValidationError) as info:
            spreadsheets.read_excel(path)
        text = str(info.value)
        assert f"{path}, sheet 'flows', row 3, column {column}, value {value!r}" in text, text


def test_csv_errors_name_file_row_and_column(seed, tmp_path):
    folder = seed.to_csv(tmp_path / "seed", personal="show")
    with (folder / "flows.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[2][5] = "12.345元"
    with (folder / "flows.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(sh.ValidationError,
                       match=r"flows\.csv, table 'flows', row 3, column 'amount' \(F\), value '12\.345元': "):
        spreadsheets.read_csv(folder)


def test_csv_in_gb18030(tmp_path):
    """Chinese Excel saves CSV as GB18030 (GBK): read with encoding="gb18030", never guessed."""
    folder = tmp_path / "gbk"
    folder.mkdir()
    (folder / "单位.csv").write_bytes("编号,名称,类型,东西部\n0,思明区,district,east\n".encode("gb18030"))
    reg = spreadsheets.read_csv(folder, encoding="gb18030")
    assert reg.partners[0].name == "思明区" and reg.partners[0].side == "east"
    with pytest.raises(sh.FormatError, match=r"单位\.csv: byte \d+ \(line 1\) .*encoding='gb18030'"):
        spreadsheets.read_csv(folder)


def test_unknown_sheets_and_files_are_refused(seed, tmp_path):
    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("notes")  # skipped
    wb.create_sheet("flow details")
    wb.save(path)
    with pytest.raises(sh.ValidationError, match=r"sheet 'flow details': unknown sheet"):
        spreadsheets.read_excel(path)
    folder = seed.to_csv(tmp_path / "csv", personal="show")
    (folder / "flws.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(sh.ValidationError, match=r"flws\.csv: unknown table file"):
        spreadsheets.read_csv(folder)


def test_unreadable_and_missing_files(tmp_path):
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(sh.FormatError, match="not a readable .xlsx workbook"):
        spreadsheets.read_excel(not_xlsx)
    with pytest.raises(sh.FileError, match="no such file"):
        spreadsheets.read_excel(tmp_path / "missing.xlsx")
    with pytest.raises(sh.FileError, match="no such folder"):
        spreadsheets.read_csv(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(sh.FormatError, match="no table files"):
        spreadsheets.read_csv(tmp_path / "empty")
    binary = tmp_path / "bin"
    binary.mkdir()
    (binary / "flows.csv").write_bytes(b"id\x00\xff")
    with pytest.raises(sh.FormatError, match="NUL"):
        spreadsheets.read_csv(binary)


def test_a_failed_import_keeps_nothing(tmp_path):
    """An error in the last sheet: no registry comes back, and the first sheets' rows are gone."""
    reg = everything()
    path = bad_workbook(reg, tmp_path, "expectations", "F2", "twelve")
    result = None
    with pytest.raises(sh.ValidationError, match="sheet 'expectations', row 2, column 'amount'"):
        result = spreadsheets.read_excel(path)
    assert result is None


def test_wish_states_are_checked_against_their_columns(tmp_path):
    reg = everything()
    # the claimed wish (row 3) said to be fulfilled: a claimed wish may be fulfilled without a date
    back = spreadsheets.read_excel(bad_workbook(reg, tmp_path, "wishes", "F3", "fulfilled"))
    assert back.wishes[1].state == "fulfilled"
    # an open wish (row 2) said to be claimed, without a donor
    with pytest.raises(sh.ValidationError, match=r"row 2, column 'claimed_by' \(G\), value \(empty\): a claimed wish "
                                                 "needs the donor"):
        spreadsheets.read_excel(bad_workbook(reg, tmp_path, "wishes", "F2", "claimed"))


# --------------------------------------------------------------------------- members, history, employment, targets

@pytest.mark.parametrize("how", ["excel", "csv"])
def test_registry_systems_round_trip_with_their_figures(tmp_path, how):
    reg = everything()
    if how == "excel":
        back = spreadsheets.read_excel(reg.to_excel(tmp_path / "all.xlsx", personal="show"))
    else:
        back = spreadsheets.read_csv(reg.to_csv(tmp_path / "all", personal="show"))
    h1, h4 = back.households[0], back.households[3]
    assert h4.causes == ["illness", "lack_of_skills", "other"] and h4.address == "临夏市枹罕镇王坪村 3 号"
    assert [w.batch for w in back.wishes] == [0, 2, 0, 2, 2]
    assert [(p.household, p.relation, p.birth_year, p.labour) for p in back.persons] == [
        (h4, "head", 1971, "weak"), (h4, "grandchild", 2015, "none"), (h1, "other", 0, "unspecified")]
    assert [(c.household, c.status, c.date) for c in back.status_changes] == [
        (h4, "exited", "2019-11"), (h4, "unstable", "2021"), (h1, "exited", "2019-12-01")]
    assert back.status_of(h4, date="2020-06") == "exited" and back.status_of(h4) == "unstable"
    e = back.employment
    assert [r.household for r in e] == [h4, back.households[2], None, None, None]  # the person's household
    assert [r.person for r in e] == [back.persons[0], None, None, None, None]
    assert [(r.workers, r.poor) for r in e] == [(1, -1), (1, -1), (1, -1), (900, 0), (40, -1)]
    assert [r.wage for r in e][:3] == [sh.Money("2100.50"), sh.Money("0"), sh.Money("1800")]
    assert e[2].worker == "外村-007"
    assert [(t.key, t.year, t.value, t.baseline, t.baseline_year) for t in back.targets] == [
        ("funds.total", 2018, 2000_0000_00, 1500_2500_00, 2016), ("industry.poor_share", 2018, 4550, 4000, 2017),
        ("registry.exits", 2019, 0, 0, 0), ("funds.total", 2018, 2100_0000_00, 0, 0)]
    rep = back.report(year=2018)
    assert rep.targets == {"funds.total": (sh.Money("2100万"), None, None),
                           "industry.poor_share": (45.5, 40.0, 2017)}
    assert rep.indicators == reg.report(year=2018).indicators  # values, targets and achievements
    assert back.report(year=2019).targets == {"registry.exits": (0, None, None)}
    assert same(back, reg)


def test_target_values_are_written_in_their_indicators_terms(tmp_path):
    wb = openpyxl.load_workbook(everything().to_excel(tmp_path / "all.xlsx", personal="show"))
    rows = [[c.value for c in row] for row in wb["targets"].iter_rows(min_row=2)]
    assert [r[1:6] for r in rows] == [
        ["funds.total", 2018, "20000000.00", "15002500.00", 2016],   # money: text in yuan
        ["industry.poor_share", 2018, "45.50", "40.00", 2017],       # a share: percent, two decimals
        ["registry.exits", 2019, 0, None, None],                      # a count; a target of 0 is kept
        ["funds.total", 2018, "21000000.00", None, None],             # no baseline: both empty
    ]
    employment = [[c.value for c in row] for row in wb["employment"].iter_rows(min_row=2)]
    assert [r[6:8] for r in employment] == [[1, None], [1, None], [1, None], [900, 0], [40, None]]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def _chinese_folder(tmp_path) -> Path:
    """A folder written by hand: Chinese file names, Chinese headers, an office's ways of writing."""
    folder = tmp_path / "zh"
    folder.mkdir()
    _write(folder, "单位.csv", "编号,名称,类型,东西部,上级\n0,临夏市,county,west,\n1,王坪村,village,,0\n")
    _write(folder, "项目.csv", "编号,名称,领域,地点\n0,扶贫车间,industry,0\n")
    _write(folder, "农户.csv", "编号,户编号,所在村,家庭人口,致贫原因,标准地址\n0,H-1,1,3,illness；lack_of_funds,王坪村1号\n")
    _write(folder, "家庭成员.csv", "编号,农户,与户主关系,性别,出生年份,健康状况,文化程度,劳动能力\n"
                                 "0,0,head,male,1970,healthy,primary,able\n")
    _write(folder, "状态变化.csv", "编号,农户,状态,日期,备注\n1,0,monitored,2021-03,\n0,0,exited,2019-11,验收\n")
    _write(folder, "就业记录.csv", "编号,车间,农户,家庭成员,务工人员,月份,人数,贫困人数,工资(元)\n"
                                 "0,0,,0,,2019-05,,,2100\n1,0,,,,2019,30,0,\n")
    _write(folder, "目标.csv", "编号,指标,年份,目标值,基线,基线年份\n"
                             "0,帮扶资金(去重),2019,2000万,1500万,2018\n1,贫困劳动力占比,2019,45.5%,,\n")
    _write(folder, "微心愿.csv", "编号,农户,心愿内容,批次\n0,0,书包,3\n")
    return folder


def test_the_household_registrys_own_terms_are_read_as_enumeration_values(tmp_path):
    folder = tmp_path / "terms"
    folder.mkdir()
    _write(folder, "单位.csv", "编号,名称,类型,东西部,上级\n0,临夏市,county,西部,\n1,王坪村,village,,0\n")
    _write(folder, "农户.csv", "编号,所在村,家庭人口,状态,致贫原因\n0,1,3,贫困户,因病、缺资金\n1,1,1,特困户,因残\n")
    _write(folder, "家庭成员.csv", "编号,农户,与户主关系,性别,出生年份,健康状况,文化程度,劳动能力\n"
                                 "0,0,户主,男,1970,长期慢性病,初中,普通劳动力\n"
                                 "1,0,之女,女,2001,健康,大专及以上,技能劳动力\n"
                                 "2,0,之孙子,男,2017,健康,学龄前儿童,无劳动力\n"
                                 "3,1,户主,female,1950,残疾,文盲或半文盲,丧失劳动力\n")
    _write(folder, "状态变化.csv", "编号,农户,状态,日期\n0,0,已脱贫,2019-11\n1,0,边缘易致贫户,2021-03\n")
    reg = spreadsheets.read_csv(folder)
    assert (reg.partners[0].side, reg.partners[1].side) == ("west", "west")
    assert [(h.status, h.causes) for h in reg.households] == [("poor", ["illness", "lack_of_funds"]),
                                                               ("extremely_poor", ["disability"])]
    assert [(p.relation, p.sex, p.health, p.education, p.labour) for p in reg.persons] == [
        ("head", "male", "chronic_illness", "junior_secondary", "able"),
        ("child", "female", "healthy", "tertiary", "skilled"),
        ("grandchild", "male", "healthy", "preschool", "none"),
        ("head", "female", "disabled", "illiterate", "lost")]
    assert [c.status for c in reg.status_changes] == ["exited", "marginal"]
    # written back, the API's names; an unknown term names both vocabularies
    reg.to_csv(tmp_path / "out", personal="show")
    assert "chronic_illness" in (tmp_path / "out" / "persons.csv").read_text(encoding="utf-8-sig")
    _write(folder, "家庭成员.csv", "编号,农户,与户主关系\n0,0,之舅舅\n")
    with pytest.raises(sh.ValidationError, match=r"unknown relation '之舅舅' \(known: head, .*; or 中文: 户主, "):
        spreadsheets.read_csv(folder)


def test_new_sheets_with_chinese_names_and_headers(tmp_path):
    reg = spreadsheets.read_csv(_chinese_folder(tmp_path))
    h = reg.households[0]
    assert h.causes == ["illness", "lack_of_funds"] and h.address == "王坪村1号" and reg.wishes[0].batch == 3
    assert (reg.persons[0].relation, reg.persons[0].birth_year, reg.persons[0].education) == ("head", 1970, "primary")
    # status changes are added in id order, whatever the order of the rows
    assert [(c.status, c.date, c.note) for c in reg.status_changes] == [("exited", "2019-11", "验收"),
                                                                         ("monitored", "2021-03", "")]
    one, aggregate = reg.employment
    assert (one.household, one.person, one.wage, one.workers, one.poor) == (h, reg.persons[0], sh.Money("2100"), 1, -1)
    assert (aggregate.household, aggregate.workers, aggregate.poor) == (None, 30, 0)
    # an indicator by its Chinese label; a share with a percent sign
    assert reg.report(year=2019).targets == {"funds.total": (sh.Money("2000万"), sh.Money("1500万"), 2018),
                                             "industry.poor_share": (45.5, None, None)}


@pytest.mark.parametrize("header, value, expected", [
    ("目标值(万元)", "2000", "2000万"),         # a bare number in the header's unit
    ("目标值(万元)", "2000元", "2000"),         # a value with its own unit is read as written
    ("value (亿元)", "0.2", "2000万"),
])
def test_a_target_header_may_name_a_money_unit(tmp_path, header, value, expected):
    folder = _chinese_folder(tmp_path)
    _write(folder, "目标.csv", f"编号,指标,年份,{header}\n0,funds.total,2019,{value}\n")
    assert spreadsheets.read_csv(folder).report(year=2019).targets["funds.total"][0] == sh.Money(expected)


@pytest.mark.parametrize("header, key, value, reason", [
    ("目标值(万元)", "registry.exits", "3", "'registry.exits' is not money, but the header gives 万元"),
    ("目标值(%)", "funds.total", "2000", "'funds.total' is money, but the header gives percent"),
    ("目标值(%)", "industry.poor_share", "45.5万", "'industry.poor_share' is a ratio"),
])
def test_a_target_unit_that_does_not_fit_its_indicator_is_refused(tmp_path, header, key, value, reason):
    folder = _chinese_folder(tmp_path)
    _write(folder, "目标.csv", f"编号,指标,年份,{header}\n0,{key},2019,{value}\n")
    with pytest.raises(sh.ValidationError) as info:
        spreadsheets.read_csv(folder)
    assert str(info.value).startswith(f"{folder / '目标.csv'}, table 'targets', row 2, column '{header}' "
                                      f"(value, D), value '{value}': ")
    assert reason in str(info.value)


def test_a_bad_row_in_a_new_sheet_keeps_nothing(tmp_path):
    """Every other table of the folder is fine: the import still returns nothing."""
    folder = _chinese_folder(tmp_path)
    _write(folder, "状态变化.csv", "编号,农户,状态,日期\n0,0,exited,2019-11\n1,0,monitored,2018\n")
    result = None
    with pytest.raises(sh.ValidationError, match=r"状态变化\.csv, table 'status_changes', row 3, column '日期' "
                                                 r"\(date, D\), value '2018': set_status date: 2018 is before"):
        result = spreadsheets.read_csv(folder)
    assert result is None


def test_a_percent_typed_in_excel_is_read_as_shown(tmp_path):
    """Excel keeps a typed 45.5% as 0.455 in a percent format: the share is 45.5, not 0.455."""
    path = everything().to_excel(tmp_path / "all.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    wb["targets"]["D3"] = 0.455
    wb["targets"]["D3"].number_format = "0.0%"
    wb["targets"]["D4"] = 0.03  # a count in a percent format is refused, never read as 0
    wb["targets"]["D4"].number_format = "0%"
    wb.save(path)
    with pytest.raises(sh.ValidationError, match=r"row 4, column 'value' \(D\), value '3%': expected a whole number"):
        spreadsheets.read_excel(path)
    wb["targets"]["D4"] = 0
    wb["targets"]["D4"].number_format = "General"
    wb.save(path)
    assert spreadsheets.read_excel(path).targets[1].value == 4550


# --------------------------------------------------------------------------- CSV injection

# Text a spreadsheet would run as a formula, and text that starts with the apostrophe that
# escapes it: each must come back exactly.
RISKY = ["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+86 138 0000 0000", "-2+3", "@SUM(A1:A9)", "\tTab", "\rCR",
         "'quoted", "''two", "'=1+1", "'", "a=1", "思明区", " =1", "-"]


def _risky_registry() -> sh.Registry:
    reg = sh.Registry()
    partners = [reg.add_partner(name, kind="other", note=name) for name in RISKY]
    village = reg.add_partner("王坪村", kind="village")
    reg.add_household("=2+2", village=village, address="@home", note="-note")
    reg.add_wish(reg.households[0], "+wish", cost="300元")
    reg.add_project("=p", outputs={"=cmd|' /C calc'!A0": 1})
    reg.add_event("signing", partners=partners[:2], note="=2*3")
    return reg


def _cells(folder: Path) -> list[str]:
    cells = []
    for p in sorted(folder.glob("*.csv")):
        with p.open(encoding="utf-8-sig", newline="") as f:
            cells += [c for row in csv.reader(f) for c in row]
    return cells


def test_to_csv_neutralises_formulas_and_the_round_trip_is_exact(tmp_path):
    reg = _risky_registry()
    folder = reg.to_csv(tmp_path / "out", personal="show")
    cells = _cells(folder)
    # no cell starts a formula: each that would is behind an apostrophe
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    for name in RISKY:
        written = "'" + name if name.startswith(("=", "+", "-", "@", "\t", "\r", "'")) else name
        assert cells.count(written) == 2, name  # its name and its note
    assert "'=p" in cells and "'@home" in cells and "'+wish" in cells and "'=2+2" in cells
    back = spreadsheets.read_csv(folder)
    assert [p.name for p in back.partners][: len(RISKY)] == RISKY
    assert [p.note for p in back.partners][: len(RISKY)] == RISKY
    assert same(back, reg)


def test_escaping_can_be_turned_off_on_both_sides(tmp_path):
    reg = _risky_registry()
    folder = reg.to_csv(tmp_path / "raw", escape=False, personal="show")
    cells = _cells(folder)
    assert "=1+1" in cells and "'quoted" in cells and "'=1+1" in cells
    assert same(spreadsheets.read_csv(folder, escape=False), reg)


def test_excel_holds_risky_text_as_text(tmp_path):
    reg = _risky_registry()
    path = reg.to_excel(tmp_path / "out.xlsx", personal="show")
    ws = openpyxl.load_workbook(path)["partners"]
    assert all(ws.cell(row=r, column=2).data_type == "s" for r in range(2, len(RISKY) + 2))
    assert same(spreadsheets.read_excel(path), reg)


# --------------------------------------------------------------------------- a to_csv that fails part-way

# Writes a registry much larger than the old export with the disk made to fill up (a small
# tmpfs, or a file-size limit): the new households.csv cannot be written whole.
FULL_DISK_CHILD = """
import json, resource, signal, sys
import shanhai as sh

folder, limit = sys.argv[1], int(sys.argv[2])
reg = sh.datasets.synthetic(households=60_000, flows=15_000, seed=2)
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    reg.to_csv(folder, personal="show")
    print(json.dumps(None))
except Exception as e:
    print(json.dumps({"type": type(e).__name__, "reason": getattr(e, "reason", None), "message": str(e)}))
"""


@pytest.fixture(params=["file-size-limit", "small-tmpfs"])
def full_disk(request, tmp_path):
    """(a folder on the disk, the file-size limit to set in the child or 0)."""
    import shutil
    import subprocess

    if request.param == "file-size-limit":
        yield tmp_path, 200_000
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield disk, 0
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_to_csv_failing_part_way_leaves_the_previous_export(seed, full_disk):
    import hashlib
    import subprocess
    import sys

    disk, limit = full_disk
    folder = seed.to_csv(disk / "export", personal="show")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    proc = subprocess.run([sys.executable, "-c", FULL_DISK_CHILD, str(folder), str(limit)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    error = json.loads(proc.stdout.strip().splitlines()[-1])
    assert error is not None and error["type"] == "FileError" and error["reason"] == "io", error
    assert str(folder) in error["message"]
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before
    assert os.listdir(disk) == ["export"]  # and nothing of the new one beside it
    assert same(spreadsheets.read_csv(folder), seed)


# --------------------------------------------------------------------------- CSV input: quotes, encodings

@pytest.mark.parametrize("text, row, words", [
    ('id,name,kind\n0,思明区,district\n1,"临夏市,county\n2,王坪村,village\n3,枹罕镇,town\n', 3, "never closed"),
    ('id,name,kind\n0,思明区,district\n1,"临夏市"市,county\n2,王坪村,village\n', 3, "not readable as CSV"),
    ('id,name,note\n0,思明区,"two\nlines"\n1,"临夏市,county\n', 3, "never closed"),
])
def test_a_quote_that_is_not_closed_is_refused_naming_its_row(tmp_path, text, row, words):
    folder = tmp_path / "quotes"
    folder.mkdir()
    _write(folder, "partners.csv", text)
    with pytest.raises(sh.FormatError, match=words) as e:
        spreadsheets.read_csv(folder)
    assert f"partners.csv, row {row} " in str(e.value)
    assert e.value.row == row and e.value.reason == "bad_format"


def test_a_quoted_cell_over_several_lines_is_read(tmp_path):
    folder = tmp_path / "lines"
    folder.mkdir()
    _write(folder, "partners.csv", 'id,name,note\n0,思明区,"two\nlines, ""quoted"""\n1,临夏市,\n')
    reg = spreadsheets.read_csv(folder)
    assert [p.note for p in reg.partners] == ['two\nlines, "quoted"', ""]


@pytest.mark.parametrize("encoding, names", [
    ("gb18030", ["思明区", "临夏市", "𠮷祥村", "€ 欧元"]),
    ("big5", ["臺北市", "高雄市", "新竹縣"]),
    ("latin-1", ["Café Zürich", "Ærøskøbing", "Ñandú ±½"]),
])
def test_encodings_are_read_exactly_when_named(tmp_path, encoding, names):
    folder = tmp_path / encoding
    folder.mkdir()
    data = ("id,name,kind\n" + "".join(f"{i},{n},other\n" for i, n in enumerate(names))).encode(encoding)
    (folder / "partners.csv").write_bytes(data)
    assert [p.name for p in spreadsheets.read_csv(folder, encoding=encoding).partners] == names
    # never guessed: as UTF-8 the first byte that is not UTF-8 is refused, by its offset
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        at = e.start
    assert at > len("id,name,kind\n")
    with pytest.raises(sh.FormatError, match=rf"partners\.csv: byte {at} \(line 2\) is 0x{data[at]:02X}, which is "
                                             r"not utf-8 text") as info:
        spreadsheets.read_csv(folder)
    assert info.value.reason == "bad_text"


def test_an_unknown_encoding_is_refused(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    _write(folder, "partners.csv", "id,name\n0,a\n")
    with pytest.raises(sh.ValidationError, match="unknown encoding 'klingon'") as e:
        spreadsheets.read_csv(folder, encoding="klingon")
    assert (e.value.field, e.value.reason) == ("encoding", "unknown_value")


# --------------------------------------------------------------------------- Excel input: formulas, zip bombs

def _sheet_part(path: Path, sheet: str) -> str:
    """The zip part of a sheet of a workbook openpyxl wrote."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        rid = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*r:id="(\w+)"', z.read("xl/workbook.xml").decode())[1]
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
                           z.read("xl/_rels/workbook.xml.rels").decode())
    target = target[1] or target[2]
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _rewritten(path: Path, out: Path, part: str, write) -> Path:
    """The workbook at `path` with one part rewritten: write(source bytes, file to write to)."""
    import zipfile

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == part:
                with dst.open(part, "w", force_zip64=True) as f:
                    write(src.read(part), f)
            else:
                dst.writestr(info, src.read(info.filename))
    return out


def _with_cell(path: Path, out: Path, sheet: str, ref: str, cell_xml: str) -> Path:
    def write(xml, f):
        new, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(), cell_xml.encode(), xml, count=1)
        assert n == 1
        f.write(new)

    return _rewritten(path, out, _sheet_part(path, sheet), write)


def test_a_formula_cell_is_read_as_its_saved_value(seed, tmp_path):
    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    name = seed.partners[0].name
    formula = _with_cell(path, tmp_path / "formula.xlsx", "partners", "B2",
                         f'<c r="B2" t="str"><f>"{name[:1]}"&amp;"{name[1:]}"</f><v>{name}</v></c>')
    assert same(spreadsheets.read_excel(formula), seed)


def test_a_formula_without_a_saved_value_is_refused_naming_its_cell(seed, tmp_path):
    """openpyxl writes a formula without its value, as any program does; Excel saves one."""
    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    wb = openpyxl.load_workbook(path)
    wb["flows"]["F3"] = "=F2/2"  # the amount of the second flow
    wb.save(path)
    with pytest.raises(sh.ValidationError, match=r"seed\.xlsx, sheet 'flows', cell F3: a formula \(=F2/2\) saved "
                                                 r"without its value") as e:
        spreadsheets.read_excel(path)
    assert (e.value.table, e.value.row) == ("flows", 3)


def test_a_formula_whose_value_is_an_error_is_refused(seed, tmp_path):
    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    broken = _with_cell(path, tmp_path / "error.xlsx", "partners", "B3", '<c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    with pytest.raises(sh.ValidationError, match=r"sheet 'partners', cell B3: a formula \(=1/0\) whose value is an "
                                                 r"error \(#DIV/0!\)"):
        spreadsheets.read_excel(broken)


def test_a_zip_bomb_is_refused_before_it_inflates(seed, tmp_path):
    """512 MiB of sheet that deflates to about half a MiB (1000:1): refused within 30 s and 256 MiB."""
    from test_file_safety import measured

    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")

    def write(xml, f):
        head, _, _ = xml.partition(b"<sheetData>")
        f.write(head + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
        block = b"A" * (1 << 20)
        for _ in range(512):
            f.write(block)
        f.write(b"</t></is></c></row></sheetData></worksheet>")

    bomb = _rewritten(path, tmp_path / "bomb.xlsx", _sheet_part(path, "partners"), write)
    assert bomb.stat().st_size < 2 << 20
    result = measured("sh.read_excel", bomb)
    assert result["error"] is not None and result["error"]["type"] == "FormatError", result
    assert "zip bomb" in result["error"]["message"] and result["error"]["reason"] == "bad_format"
    assert result["seconds"] < 30 and result["mib"] < 256, result


def test_a_part_larger_than_it_says_is_refused(seed, tmp_path):
    """A zip directory that understates a part's size: the part is cut where it says, and refused."""
    import struct
    import zipfile

    path = seed.to_excel(tmp_path / "seed.xlsx", personal="show")
    part = _sheet_part(path, "partners")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    # the central directory's entry of the part: its uncompressed size at offset 24
    at = next(i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)
              and data[i + 46: i + 46 + len(part)] == part.encode())
    data[at + 24: at + 28] = struct.pack("<I", info.file_size // 2)
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(bytes(data))
    with pytest.raises(sh.FormatError):
        spreadsheets.read_excel(lying)
