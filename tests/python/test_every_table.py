"""Every table through bytes, CSV and Arrow, driven by the compiled list of tables
(``_core.table_names()``, which is ``each_table``): nothing here names a table. A table added to
the library is covered as soon as it exists; ``filled()`` must give it rows, or the first test
says which table is empty. Personal data here is synthetic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import shanhai as sh
from shanhai import _core

NAMES = _core.table_names()


def id_number(stem: str) -> str:
    """A synthetic citizen ID number (GB 11643) with its check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return stem + "10X98765432"[sum(int(c) * w for c, w in zip(stem, weights)) % 11]


def filled() -> sh.Registry:
    """A registry with at least two rows of every table, each with its fields given."""
    reg = sh.Registry()
    east = reg.add_partner("东甲区", kind="district", side="east", code="350299", note="东部")
    west = reg.add_partner("西乙县", kind="county", side="west", code="622999")
    town = reg.add_partner("丙镇", kind="town", parent=west)
    village = reg.add_partner("丁村", kind="village", parent=town, note="试点村")
    shop = reg.add_partner("戊公司", kind="enterprise", side="east", note="帮扶企业", count=2)
    family = reg.add_partner("己家庭", kind="family", parent=east)
    pairing = reg.pair(east, west, kind="east_west", since="2017-08", note="协议")
    reg.add_flow(shop, west, "10万", date="2018", kind="donation", credited_to=pairing)
    root = reg.add_flow(east, west, "500万", date="2018", kind="fiscal", purpose="industry", note="年度")
    part = reg.add_flow(east, village, "30万", date="2018-05-06", kind="fiscal", purpose="industry", parent=root)
    workshop = reg.add_project("扶贫车间", sector="industry", location=village, implementer=shop,
                               start="2018-03", end="2019", outputs={"workshops": 2, "jobs": 40}, note="车间")
    school = reg.add_project("学校", sector="education", location=town, outputs={"classrooms": 6})
    reg.add_flow(root.target, workshop, "20万", date="2018-06", kind="fiscal", stage="disbursement",
                 purpose="industry", parent=root)
    homes = [reg.add_household(f"6229991002{k:08d}", village=village, members=3 + k, status="poor",
                               exit_year=2019 + k, note=f"户{k}", causes=["illness", "disability"][k:],
                               address=f"丁村{k + 1}号", head_name=f"测试户主{k}") for k in range(2)]
    reg.pair(family, homes[0], kind="family_household", since="2018-02", until="2020-12")
    persons = [reg.add_person(homes[k], relation="head", sex="male" if k else "female", birth_year=1970 + k,
                              health="healthy", education="primary", labour="able", note=f"人{k}",
                              name=f"测试人{k}", id_number=id_number(f"622999{1970 + k}0101{k:03d}"),
                              phone=f"1380000000{k}") for k in range(2)]
    for k, home in enumerate(homes):
        reg.set_status(home, "exited", date=f"2019-0{k + 1}-15", note=f"脱贫{k}")
    reg.add_benefit(homes[0], via=workshop, kind="employment", persons=1, date="2018-09", note="务工")
    whole = reg.add_benefit(None, via=part, kind="other", persons=40, households=12, amount="3万", date="2018")
    reg.add_benefit(None, via=part, kind="other", persons=10, households=3, date="2018", part_of=whole)
    sent = reg.add_exchange(east, west, role="teacher", person_times=8, persons=4, batches=2, days=30,
                            purpose="支教", date="2018", note="教师")
    reg.add_exchange(east, town, role="teacher", person_times=3, date="2018-07", part_of=sent)
    course = reg.add_training(east, location=west, role="teacher", trainees=80, days=3, date="2018", sessions=2,
                              note="培训")
    reg.add_training(east, location=town, role="teacher", trainees=25, date="2018-10", part_of=course)
    wishes = [reg.add_wish(home, f"书包{k}", cost="300元", date="2018-12", note=f"愿望{k}", batch=k + 1)
              for k, home in enumerate(homes)]
    reg.claim_wish(wishes[0], by=shop, date="2018-12-28")
    reg.fulfil_wish(wishes[0], date="2019-01-10")
    reg.add_event("signing", date="2017-08", partners=[east, west], note="签约", participants=40)
    reg.add_event("inspection", date="2018-05-02", partners=[east])
    employed = reg.add_labour(east, west, persons=494, date="2018", citation="年报", note="劳务")
    reg.add_labour(east, west, persons=82, destination="partner", status="poor", date="2018-06", part_of=employed)
    reg.add_employment(workshop, person=persons[0], household=homes[0], month="2018-09", wage="2400元", note="工资")
    reg.add_employment(workshop, worker="外来工甲", month="2018-10", wage="2000元")
    reg.add_employment(workshop, month="2018-11", workers=30, poor=12)
    reg.set_target("funds.total", 2018, "500万", baseline="400万", baseline_year=2017, note="目标")
    reg.set_target("talent.dispatched", 2018, 10)
    reg.set_target("talent.dispatched", 2018, 12, east=east, west=west)
    whole = reg.add_figure("funds.fiscal", "500万以上", year=2018, east=east, west=west, citation="年报", note="汇总")
    reg.add_figure("funds.fiscal", "300万", year=2018, east=east, west=west, part_of=whole)
    reg.expect_total("500万", source=east, target=west, year=2018, kind=["fiscal"], purpose=["industry"],
                     boundary=west, origin=east, citation="公报", qualifier="at_least")
    reg.expect_total("30万", target=village, year=2018, qualifier="about")
    reg.expect("talent.dispatched", 8, year=2018, east=east, west=west, citation="新闻")
    return reg


@pytest.fixture(scope="module")
def reg() -> sh.Registry:
    return filled()


def contents(reg: sh.Registry) -> dict[str, dict[str, list[Any]]]:
    """Every table's columns, as plain values (ids as ints, nodes as (kind, id), money as fen)."""
    return {name: table(reg, name)._raw_columns() for name in NAMES}


def table(reg: sh.Registry, name: str) -> sh.Table[Any]:
    view = getattr(reg, name)
    assert isinstance(view, sh.Table), name
    return view


def test_the_package_knows_every_compiled_table(reg):
    assert len(NAMES) == len(set(NAMES)) and "flows" in NAMES
    assert set(sh._extend.TABLES) == set(NAMES)  # the package's views
    assert set(sh.spreadsheets.TABLES) == set(NAMES)  # the sheets and CSV files
    assert set(sh.display.TABLE_LABELS) == set(NAMES)  # the notebook view
    for name in NAMES:
        t = table(reg, name)
        assert len(t) >= 2, f"{name}: filled() gives it {len(t)} rows"
        assert len(t.to_pandas(personal="show")) == len(t) and f"{len(t)} rows" in t._repr_html_()
        columns = t._raw_columns()
        assert list(columns) == [c for c, _ in t._schema()]
        for column, values in columns.items():  # every column holds something
            assert {repr(v) for v in values} - {"None", "''", "[]", "{}", "(None, None)"}, f"{name}.{column} is empty"


def test_every_table_through_bytes(reg):
    before = contents(reg)
    for fmt in ("binary", "text", "xml"):
        back = sh.from_bytes(reg.to_bytes(fmt))
        assert contents(back) == before, fmt
        assert back.to_bytes() == reg.to_bytes()


def test_every_table_through_csv(reg, tmp_path: Path):
    folder = reg.to_csv(tmp_path / "csv", personal="show")
    written = {p.stem for p in Path(folder).glob("*.csv")}
    assert set(NAMES) <= written
    back = sh.read_csv(folder)
    assert contents(back) == contents(reg)
    assert back.to_bytes() == reg.to_bytes()


def date_text(packed: int | None) -> str | None:
    if not packed:
        return None
    y, m, d = packed // 10000, packed // 100 % 100, packed % 100
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def from_arrow(arrow: Any, schema: list[tuple[str, tuple[str, str]]]) -> dict[str, list[Any]]:
    """An Arrow table of a registry's table read back into plain values, column by column as the
    table describes itself (_schema): what each kind of column becomes in Arrow, undone."""
    out: dict[str, list[Any]] = {}
    for name, (kind, detail) in schema:
        if kind == "money":
            out[name] = arrow.column(name + "_fen").to_pylist()
        elif kind == "node":
            kinds, ids = arrow.column(name + "_kind").to_pylist(), arrow.column(name).to_pylist()
            out[name] = [(None, None) if k == "none" else (k, i) for k, i in zip(kinds, ids)]
        elif kind == "date":
            out[name] = [date_text(v) for v in arrow.column(name).to_pylist()]
        elif kind == "list" and detail is None:  # records (a project's outputs): a map
            out[name] = [dict(v) for v in arrow.column(name).to_pylist()]
        else:  # text, numbers, ids (null: none), enumerations by name, lists
            out[name] = arrow.column(name).to_pylist()
    return out


def test_every_table_through_arrow(reg):
    pytest.importorskip("pyarrow")
    for name in NAMES:
        t = table(reg, name)
        arrow = t.to_arrow(personal="show")  # the values as stored (by default personal data is masked)
        assert arrow.num_rows == len(t), name
        assert arrow.column("id").to_pylist() == list(range(len(t))), name
        assert arrow.schema.metadata[b"shanhai.table"] == name.encode(), name
        assert from_arrow(arrow, t._schema()) == t._raw_columns(), name
