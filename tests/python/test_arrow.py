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
                                  "kind", "stage", "purpose", "parent", "note", "credited_to"]
    fen = int(df.amount_fen.sum())
    assert pa.compute.sum(table["amount_fen"]).as_py() == fen
    assert table["kind"].to_pylist() == df.kind.tolist()
    assert table["parent"].null_count == int(df.parent.isna().sum()) > 0
    assert table["parent"].to_pylist() == [None if p is pd_na() else int(p) for p in df.parent]
    assert table["target_kind"].to_pylist() == df.target_kind.tolist()
    assert table["date"].to_pylist()[:5] == [int(d.replace("-", "").ljust(8, "0")) for d in df.date[:5]]

    frame = pl.DataFrame(reg.flows)
    assert frame.shape == (3_000, 13) and frame["amount_fen"].dtype == pl.Int64
    assert frame["amount_fen"].sum() == fen
    assert frame.filter(pl.col("kind") == "dividend")["amount_fen"].sum() == \
        int(df.amount_fen[df.kind == "dividend"].sum()) > 0
    assert pl.from_arrow(reg.flows).struct.unnest().shape == (3_000, 13)

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
    again.add_households(pa.table(reg.households))
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

    district = next(p for p in reg.partners if p.kind == "district")
    tr = reg.trace(district)
    table = pa.table(tr)
    assert pa.compute.sum(table["amount_fen"]).as_py() == tr.outflow.fen > 0
    assert table.num_rows == len(tr)
    assert set(table["node_kind"].to_pylist()) <= {"partner", "project", "household"}

    merged = sum((p.totals(by="kind") for p in reg.partition(3)), sh.Totals.empty("kind"))
    assert pa.table(merged).equals(pa.table(reg.totals(by="kind")))


def test_without_pyarrow_the_error_says_what_to_install(reg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    with pytest.raises(ImportError, match=r"Arrow export needs pyarrow.*pip install pyarrow"):
        reg.flows.__arrow_c_stream__()
    with pytest.raises(ImportError, match="Arrow export needs pyarrow"):
        reg.totals().to_arrow()
