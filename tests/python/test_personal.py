"""Personal data is masked by default wherever a person could see it: tables as pandas, the
notebook view, CSV and Excel exports. The produced bytes are searched (UTF-8 and GB18030) for
every full identifier and every piece of free text; with ``personal="show"`` the same search
finds them, so the search is real. Every identity here is synthetic."""

from __future__ import annotations

import datetime as dt
import html
import zipfile

import pytest

import shanhai as sh
from conftest import synthetic_id, synthetic_id_ending

ADULT_ID = synthetic_id_ending("622901", "19680315", "X")
CHILD_ID = synthetic_id("622901", "20150601", 24)  # under 14 on any date before 2029-06-01
PHONE = "13812345678"
SECRETS = {
    "id": ADULT_ID, "child id": CHILD_ID, "phone": PHONE, "name": "马小明", "child": "马小花",
    "head": "马大山", "number": "622901100201000001", "address": "王坪村三社12号", "note": "低保对象马大山",
    "wish": "给马小花买书包", "worker": "工号马小明", "status note": "马大山病故",
}
MASKED = {"id": ADULT_ID[:6] + "*" * 12, "phone": "138****5678", "name": "马*", "number": "622901************"}


@pytest.fixture
def reg():
    reg = sh.Registry()
    county = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=county)
    h = reg.add_household(SECRETS["number"], village=village, members=3, causes=["illness"],
                          address="临夏市枹罕镇王坪村三社12号", note=SECRETS["note"], head_name=SECRETS["head"])
    reg.add_person(h, relation="head", birth_year=1968, name=SECRETS["name"], id_number=ADULT_ID,
                   phone=PHONE, health="chronic_illness", note=SECRETS["note"])
    reg.add_person(h, relation="child", sex="female", birth_year=2015, name=SECRETS["child"], id_number=CHILD_ID)
    reg.add_wish(h, SECRETS["wish"], cost="100元")
    reg.set_status(h, "exited", date="2019-11", note=SECRETS["status note"])
    workshop = reg.add_project("扶贫车间", location=county, start="2019")
    reg.add_employment(workshop, worker=SECRETS["worker"], month="2019-05", wage="1000元")
    return reg


def found(data: bytes) -> set[str]:
    """Which secrets the bytes hold, in UTF-8 or GB18030."""
    return {k for k, v in SECRETS.items() if v.encode("utf-8") in data or v.encode("gb18030") in data}


def as_bytes(frames) -> bytes:
    """Everything a set of DataFrames shows, as text, in both encodings."""
    text = "\n".join(f.to_csv() for f in frames)
    return text.encode("utf-8") + text.encode("gb18030")


TABLES = ("households", "persons", "wishes", "status_changes", "employment")


def test_to_pandas_masks_by_default_and_shows_on_request(reg):
    assert found(as_bytes(getattr(reg, t).to_pandas() for t in TABLES)) == set()
    assert found(as_bytes(getattr(reg, t).to_pandas(personal="show") for t in TABLES)) == set(SECRETS)
    persons, households = reg.persons.to_pandas(), reg.households.to_pandas()
    assert persons["id_number"].tolist() == [MASKED["id"], "[withheld]"]  # the child's withheld entirely
    assert persons["name"].tolist() == [MASKED["name"], "[withheld]"]
    assert persons["phone"].tolist() == [MASKED["phone"], ""]
    assert "health" not in persons.columns and "labour" not in persons.columns  # sensitive: left out
    assert households["number"].tolist() == [MASKED["number"]]
    assert households["head_name"].tolist() == ["马*"]
    assert households["address"].tolist() == ["临夏市枹罕镇王坪村"]  # cut at the village
    assert "causes" not in households.columns
    shown = reg.persons.to_pandas(personal="show")
    assert shown["id_number"].tolist() == [ADULT_ID, CHILD_ID] and "health" in shown.columns


def test_drop_leaves_out_identifiers_sensitive_fields_and_free_text(reg):
    persons, households = reg.persons.to_pandas(personal="drop"), reg.households.to_pandas(personal="drop")
    assert not {"name", "id_number", "phone", "health", "labour", "note"} & set(persons.columns)
    assert {"relation", "sex", "birth_year", "household"} <= set(persons.columns)
    assert households["address"].tolist() == ["临夏市枹罕镇王坪村"] and "number" not in households.columns
    assert found(as_bytes(getattr(reg, t).to_pandas(personal="drop") for t in TABLES)) == set()


def test_an_adult_of_unknown_age_is_masked_a_child_by_birth_year_withheld(reg):
    h = reg.households[0]
    reg.add_person(h, name="马某某")  # no ID number, no birth year: counted as an adult
    reg.add_person(h, name="马幼", birth_year=dt.date.today().year - 3)
    assert reg.persons.to_pandas()["name"].tolist()[2:] == ["马*", "[withheld]"]


def test_the_notebook_view_masks(reg):
    html = "".join(getattr(reg, t)._repr_html_() for t in TABLES).encode("utf-8")
    assert found(html) == set()
    assert MASKED["id"].encode() in html and "138****5678".encode() in html


def test_csv_and_excel_exports_mask_by_default(reg, tmp_path):
    def csv_bytes(folder):
        return b"".join(p.read_bytes() for p in sorted(folder.iterdir()))

    def excel_bytes(path):  # the sheets' XML, unpacked, with its character references read
        with zipfile.ZipFile(path) as z:
            return html.unescape(b"".join(z.read(n) for n in z.namelist()).decode("utf-8")).encode("utf-8")

    assert found(csv_bytes(reg.to_csv(tmp_path / "masked"))) == set()
    assert found(excel_bytes(reg.to_excel(tmp_path / "masked.xlsx"))) == set()
    assert found(csv_bytes(reg.to_csv(tmp_path / "dropped", personal="drop"))) == set()
    assert found(csv_bytes(reg.to_csv(tmp_path / "shown", personal="show"))) == set(SECRETS)
    assert found(excel_bytes(reg.to_excel(tmp_path / "shown.xlsx", personal="show"))) == set(SECRETS)
    assert sh.read_csv(tmp_path / "shown").to_bytes() == reg.to_bytes()  # the full export reads back whole


@pytest.mark.parametrize("personal", ["hide", "", "MASK"])
def test_an_unknown_mode_is_refused(reg, personal, tmp_path):
    for call in (lambda: reg.persons.to_pandas(personal=personal),
                 lambda: reg.to_csv(tmp_path / "x", personal=personal)):
        with pytest.raises(sh.ValidationError) as e:
            call()
        assert (e.value.field, e.value.reason) == ("personal", "unknown_value")


def test_every_table_of_the_list_is_a_table_and_every_column_is_classified():
    classes = sh._personal.CLASSES
    empty = sh.Registry()
    for table in ("partners", "flows", "households", "persons", "wishes", "employment", "status_changes"):
        assert set(classes[table]) == set(getattr(empty, table)._raw_columns()), table


def test_iati_leaves_out_free_text_that_may_name_people(reg):
    pytest.importorskip("lxml")
    county, h = reg.partners[0], reg.households[0]
    east = reg.add_partner("思明区", kind="district", side="east", code="350203")
    reg.pair(east, county, kind="east_west", since="2018")
    reg.add_flow(east, h, "1000元", date="2019", note=SECRETS["note"])  # a flow to a household
    masked = sh.iati.iati_xml(reg, east, generated=dt.datetime(2020, 1, 1), as_of="2020-01-01")
    assert found(masked) == set()
    shown = sh.iati.iati_xml(reg, east, generated=dt.datetime(2020, 1, 1), as_of="2020-01-01", personal="show")
    assert "note" in found(shown)


@pytest.mark.parametrize("fmt", ["csv", "excel"])
def test_reading_a_masked_export_back_is_refused(reg, tmp_path, fmt):
    if fmt == "csv":
        refused = lambda: sh.read_csv(reg.to_csv(tmp_path / "masked"))  # noqa: E731
    else:
        refused = lambda: sh.read_excel(reg.to_excel(tmp_path / "masked.xlsx"))  # noqa: E731
    with pytest.raises(sh.ValidationError) as e:
        refused()
    assert "masked value" in str(e.value) and e.value.reason == "bad_format"
    assert e.value.table == "households" and e.value.field == "number"  # the first identifier read


def test_fourteen_is_reached_on_the_birthday():
    adult = sh._personal._age_unknown_or_adult
    on = dt.date(2024, 2, 29)
    assert adult([synthetic_id("622901", "20100228", 1), synthetic_id("622901", "20100301", 1)], [0, 0], on) \
        == [True, False]
    assert adult(["", "", ""], [2010, 2011, 0], on) == [True, False, True]  # by the year; unknown: adult
