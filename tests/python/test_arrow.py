"""Arrow views (the PyCapsule stream interface): tables and results read into pyarrow, polars and
DuckDB; fixed-size columns are the registry's own memory; money stays int64 fen."""

from __future__ import annotations

import gc
import sys

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pytest

import shanhai as sh

TABLES = ("partners", "pairings", "flows", "projects", "households", "benefits", "exchanges", "trainings",
          "wishes", "events", "persons", "status_changes", "employment", "targets")


@pytest.fixture(scope="module")
def reg() -> sh.Registry:
    reg = sh.datasets.synthetic(6_000, 3_000, seed=2)
    reg.add_event("joint_meeting", date="2018-06", partners=[reg.partners[0], reg.partners[1]], note="联席会议")
    h = reg.households[7]
    person = reg.add_person(h, relation="head", birth_year=1971)
    reg.set_status(h, "exited", date="2019-12")
    reg.add_employment(reg.projects[0], person=person, month="2018-05", wage="1500元")
    reg.set_target("funds.total", 2018, "300万")
    return reg


def test_the_amount_column_is_the_registrys_memory(reg):
    table = pa.table(reg.flows)
    view = reg.flows.column("amount")
    (chunk,) = table["amount_fen"].chunks
    assert chunk.buffers()[1].address == view.ctypes.data          # the same bytes, not a copy
    assert chunk.type == pa.int64() and chunk.null_count == 0
    assert np.array_equal(chunk.to_numpy(), view)
    assert table.schema.field("amount_fen").metadata[b"shanhai.meaning"].startswith(b"money in fen: int64")
    for column in ("date", "parent"):  # ids and dates: the values in place, a new validity bitmap
        assert table[column].chunks[0].buffers()[1].address == reg.flows.column(column).ctypes.data
    codes = table["kind"].chunks[0]
    assert codes.indices.buffers()[1].address == reg.flows.column("kind").ctypes.data


def test_flows_read_the_same_in_every_engine(reg):
    df = reg.flows.to_pandas()
    table = pa.table(reg.flows)
    assert table.num_rows == len(reg.flows) == 3_000
    assert table.column_names == ["id", "source_kind", "source", "target_kind", "target", "amount_fen", "date",
                                  "kind", "stage", "purpose", "parent", "note", "credited_to", "currency", "correction"]
    assert table["currency"].to_pylist() == df.currency.tolist() == ["CNY"] * 3_000
    fen = int(df.amount_fen.sum())
    assert pa.compute.sum(table["amount_fen"]).as_py() == fen
    assert table["kind"].to_pylist() == df.kind.tolist()
    assert table["parent"].null_count == int(df.parent.isna().sum()) > 0
    assert table["parent"].to_pylist() == [None if p is pd_na() else int(p) for p in df.parent]
    assert table["target_kind"].to_pylist() == df.target_kind.tolist()
    assert table["date"].to_pylist()[:5] == [int(d.replace("-", "").ljust(8, "0")) for d in df.date[:5]]

    frame = pl.DataFrame(reg.flows)
    assert frame.shape == (3_000, 15) and frame["amount_fen"].dtype == pl.Int64
    assert frame["amount_fen"].sum() == fen
    assert frame.filter(pl.col("kind") == "dividend")["amount_fen"].sum() == \
        int(df.amount_fen[df.kind == "dividend"].sum()) > 0
    assert pl.from_arrow(reg.flows).struct.unnest().shape == (3_000, 15)

    flows = reg.flows  # noqa: F841 (read by name in the query)
    rows = duckdb.sql("select kind, sum(amount_fen)::bigint from flows group by kind order by kind").fetchall()
    assert rows == sorted((k, int(v)) for k, v in df.groupby("kind").amount_fen.sum().items())


def pd_na():
    import pandas as pd

    return pd.NA


@pytest.mark.parametrize("name", TABLES)
def test_every_table_reads_into_pyarrow_polars_and_duckdb(reg, name):
    view = getattr(reg, name)
    table = pa.table(view)
    assert table.num_rows == len(view)
    assert table.schema.metadata[b"shanhai.table"] == name.encode()
    assert table["id"].to_pylist() == list(range(len(view)))
    assert pl.DataFrame(view).shape == (len(view), table.num_columns)
    assert duckdb.sql("select count(*) from view").fetchall()[0][0] == len(view)
    table = view.to_arrow(personal="show")  # the stream masks personal data: the values as stored
    raw = view._raw_columns()  # what to_pandas reads: the same values, column by column
    for column, (kind, _) in type(view)._schema():
        values = raw[column]
        if kind in ("text", "int"):
            assert table[column].to_pylist() == values, column
        elif kind == "id":
            assert table[column].to_pylist() == values, column  # None for none
        elif kind == "enum":
            assert table[column].to_pylist() == values, column
        elif kind == "money":
            assert table[column + "_fen"].to_pylist() == values, column
        elif kind == "date":
            assert table[column].to_pylist() == [None if v is None else int(v.replace("-", "").ljust(8, "0"))
                                                 for v in values], column


def test_text_lists_and_records(reg):
    partners = pa.table(reg.partners)
    assert partners["name"].to_pylist() == [p.name for p in reg.partners]
    assert partners["kind"].type == pa.dictionary(pa.int8(), pa.string())
    events = pa.table(reg.events)
    assert events["partners"].to_pylist() == [[p.id for p in e.partners] for e in reg.events] == [[0, 1]]
    assert events["note"].to_pylist() == ["联席会议"]
    projects = pa.table(reg.projects)
    assert projects["outputs"].to_pylist()[0] == sorted(reg.projects[0].outputs.items())
    households = pl.DataFrame(reg.households)
    assert households["village"].to_list() == [h.village.id for h in reg.households]
    assert households["status"].to_list() == [h.status for h in reg.households]


def test_a_consumer_may_ask_for_other_types(reg):
    schema = pa.table(reg.flows).schema
    wanted = schema.set(schema.get_field_index("kind"), pa.field("kind", pa.string()))
    reader = pa.RecordBatchReader.from_stream(reg.flows, schema=wanted)
    table = reader.read_all()
    assert table.schema.field("kind").type == pa.string()
    assert table["kind"].to_pylist() == [f.kind for f in reg.flows]


def test_an_arrow_table_holds_a_lease_like_a_column_view():
    reg = sh.datasets.synthetic(3_000, 500, seed=1)
    table = pa.table(reg.flows)
    with pytest.raises(sh.ValidationError, match=r"columns are lent to \d+ numpy view"):
        reg.add_partner("新伙伴")
    frame = pl.DataFrame(reg.flows)
    del table
    gc.collect()
    total = int(frame["amount_fen"].sum())
    del frame
    gc.collect()
    reg.add_partner("新伙伴")  # nothing holds the memory any more
    assert total == int(reg.flows.to_pandas().amount_fen.sum())


def test_arrow_out_is_bulk_ingest_in():
    reg = sh.datasets.synthetic(3_000, 1_500, seed=6)
    again = sh.Registry()
    again.add_partners(pa.table(reg.partners))
    again.add_households(reg.households.to_arrow(personal="show"))  # the stream masks registry numbers
    again.add_flows(pa.table(reg.flows))
    assert again.totals(by=["source", "kind", "year"]) == reg.totals(by=["source", "kind", "year"]).stable()
    assert pa.table(again.flows).drop_columns(["note"]).equals(pa.table(reg.flows).drop_columns(["note"]))


def test_results_read_as_tables(reg):
    t = reg.totals(by=["source", "kind", "year"])
    table = pa.table(t)
    assert table.column_names == ["source_kind", "source", "kind", "year", "amount_fen"]
    assert pa.compute.sum(table["amount_fen"]).as_py() == t.total.fen and table.num_rows == len(t)
    assert table.schema.metadata[b"total_fen"] == str(t.total.fen).encode()
    first = table.slice(0, 1).to_pylist()[0]
    assert t[(reg.partners[first["source"]], first["kind"], first["year"])].fen == first["amount_fen"]
    assert pl.from_arrow(t).struct.unnest()["amount_fen"].sum() == t.total.fen
    assert t.to_polars()["amount_fen"].sum() == t.total.fen
    assert duckdb.sql("select sum(amount_fen)::bigint from t").fetchall()[0][0] == t.total.fen

    rep = reg.report(year=2018)
    rows = {r["key"]: r for r in pa.table(rep).to_pylist()}
    assert rows["funds.total"]["value"] == rep["funds.total"].fen and rows["funds.total"]["unit"] == "fen"
    assert rows["wishes.submitted"]["value"] == rep["wishes.submitted"] and rows["wishes.submitted"]["unit"] == "count"
    assert duckdb.sql("select value from rep where key = 'funds.total'").fetchall()[0][0] == rep["funds.total"].fen
    # a share keeps its hundredths exactly: 2 of 3 wishes claimed is 66.67 percent, 6667 / 100
    shares = sh.Registry()
    village = shares.add_partner("王坪村", kind="village", side="west")
    household = shares.add_household(None, village=village)
    wishes = [shares.add_wish(household, f"心愿{i}", date="2018-03") for i in range(3)]
    for wish in wishes[:2]:
        shares.claim_wish(wish, by=village, date="2018-04")
    share = shares.report(year=2018)
    row = next(r for r in pa.table(share).to_pylist() if r["key"] == "wishes.claim_rate")
    assert share["wishes.claim_rate"] == 66.67 and (row["value"], row["scale"], row["unit"]) == (6667, 100, "percent")

    district = next(p for p in reg.partners if p.kind == "district")
    tr = reg.trace(district)
    table = pa.table(tr)
    assert pa.compute.sum(table["amount_fen"]).as_py() == tr.outflow.fen > 0
    assert table.num_rows == len(tr)
    assert set(table["node_kind"].to_pylist()) <= {"partner", "project", "household"}

    merged = sum((p.totals(by="kind") for p in reg.partition(3)), sh.Totals.empty("kind"))
    assert pa.table(merged).equals(pa.table(reg.totals(by="kind")))


def test_totals_leave_as_columns_in_key_order(reg):
    """Totals fresh from a registry become Arrow from the compiled columns, no Python object per
    group; merged totals (made of Python values) give the same table, row for row."""
    by = ["target", "stage", "purpose", "year"]
    t = reg.totals(by=by)
    table = pa.table(t)
    assert t._pending is not None  # the groups were never made
    assert table.column_names == ["target_kind", "target", "stage", "purpose", "year", "amount_fen"]
    assert table.schema.field("target").type == pa.uint32() and table.schema.field("year").type == pa.int32()
    assert table.schema.field("stage").type.value_type == pa.string()
    rows = table.to_pylist()
    keys = [(["none", "partner", "project", "household", "flow"].index(r["target_kind"]), r["target"],
             list(sh._core.Stage.__members__).index(r["stage"]), list(sh._core.Sector.__members__).index(r["purpose"]),
             r["year"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(rows) == len(t)
    for r in rows[:50]:
        node = {"partner": reg.partners, "project": reg.projects, "household": reg.households}[r["target_kind"]][r["target"]]
        assert t[(node, r["stage"], r["purpose"], r["year"])].fen == r["amount_fen"]
    merged = sum((p.totals(by=by) for p in reg.partition(3)), sh.Totals.empty(by))
    assert merged._pending is None and pa.table(merged).equals(table)


def test_without_pyarrow_the_error_says_what_to_install(reg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    with pytest.raises(ImportError, match=r"Arrow export needs pyarrow.*pip install pyarrow"):
        reg.flows.__arrow_c_stream__()
    with pytest.raises(ImportError, match="Arrow export needs pyarrow"):
        reg.totals().to_arrow()


def test_the_stream_and_to_arrow_mask_personal_data_as_to_pandas_does(tmp_path):
    import gc

    from conftest import synthetic_id

    reg = sh.Registry()
    county = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=county)
    h = reg.add_household("622901100201000001", village=village, address="临夏市王坪村三社12号", note="马小明家",
                          causes=["illness"], head_name="马小明")
    adult, child = synthetic_id("622901", "19680315", 11), synthetic_id("622901", "20200601", 24)
    head = reg.add_person(h, relation="head", birth_year=1968, name="马小明", id_number=adult, phone="13812345678",
                          health="chronic_illness", note="马小明常住兰州")
    reg.add_person(h, relation="child", birth_year=2020, name="马小花", id_number=child)
    key = b"recipient A: 0123456789abcdef"
    for table in ("persons", "households"):
        view = getattr(reg, table)
        for personal in ("mask", "show", "drop", "pseudonymise"):
            kw = {"key": key} if personal == "pseudonymise" else {}
            frame = view.to_pandas(personal=personal, **kw)
            arrow = view.to_arrow(personal=personal, **kw)
            personal_columns = [c for c in frame.columns if c in ("name", "id_number", "phone", "note", "number",
                                                                  "head_name", "address")]
            assert [c for c in arrow.column_names if c in personal_columns] == personal_columns, (table, personal)
            for c in personal_columns:
                assert arrow[c].to_pylist() == frame[c].tolist(), (table, personal, c)
            assert ("health" in arrow.column_names) == (personal == "show" and table == "persons")
        stream = pa.table(view)
        assert stream.equals(view.to_arrow()), table  # the stream: the default, masked
    persons = pa.table(reg.persons)
    assert persons["id_number"].to_pylist() == ["622901************", "[withheld]"]
    assert persons["name"].to_pylist() == ["马*", "[withheld]"]
    assert persons["phone"].to_pylist()[0] == "138****5678"
    data = b"".join(pa.table(getattr(reg, t)).to_pandas().to_csv().encode(enc) for t in ("persons", "households")
                    for enc in ("utf-8", "gb18030"))
    for secret in (adult, child, "马小明", "13812345678", "三社12号", "常住兰州"):
        assert secret.encode("utf-8") not in data and secret.encode("gb18030") not in data
    # a restricted person is blank in every mode, "show" included
    del frame, arrow, stream, persons  # Arrow tables hold a lease on the registry's memory
    gc.collect()
    reg.restrict(head)
    shown = reg.persons.to_arrow(personal="show")
    assert shown["name"].to_pylist() == ["", "马小花"] and shown["id_number"].to_pylist()[0] == ""
    assert shown["health"].to_pylist()[0] == ""  # as to_pandas blanks it
    assert reg.households.to_arrow(personal="show")["head_name"].to_pylist() == [""]
    # a table without personal columns is served as before, its columns the registry's memory
    assert reg.partners.to_arrow().equals(reg.partners.to_arrow(personal="show"))
