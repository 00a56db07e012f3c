"""Arrow views through the PyCapsule stream interface (``__arrow_c_stream__``): every table and
every result reads into pyarrow (``pa.table(obj)``), polars (``pl.DataFrame(obj)``) and DuckDB.

Fixed-size columns are not copied: the Arrow buffers are the registry's own memory (money as
int64 fen, ids as uint32, dates as int32 yyyymmdd, enumeration codes as the indices of a dictionary
of their names); only what Arrow lays out differently is built anew: validity bitmaps where an id
or date is missing, the two halves of a node column, text and lists. Like a numpy column view, an
Arrow table of a registry's table holds a lease on its memory: adding rows is refused while it (or
a polars frame that imported it without a copy) is alive.

Personal data is masked as in ``to_pandas()`` (``shanhai._personal``): ``personal="mask"`` by
default, ``"show"``, ``"drop"`` or ``"pseudonymise"`` (with ``key``), restricted persons blank in
every mode. Only the personal columns (identifiers, free text, sensitive fields) are read into
Python for it; a table without any, and the other columns, are served as above.

Column meanings: ``id`` is the row's id; ``<name>_fen`` is money in fen (int64, 1 yuan = 100 fen,
exact: never a float); a node column is ``<name>_kind`` (partner, project, household or flow) and
``<name>`` (the id in that table); a missing id or date is null. The names are those bulk ingest
(``Registry.add_flows`` and the like) reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._results import Ref, Report, Totals, Trace, stable

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._registry import Table

_Schema = list[tuple[str, tuple[Any, ...]]]  # [(column, (kind, detail))]

NONE_ID = 0xFFFFFFFF
MONEY_NOTE = "money in fen: int64, 1 yuan = 100 fen, exact"
DATE_NOTE = "date as yyyymmdd: 00 for a month or day not given"
NODE_FIELDS = {"source", "target", "origin"}


def _base(field: str) -> str:
    """A field of totals' by without its level: "target" of "target.province"."""
    return field.partition(".")[0]


def _pa() -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise ImportError(
            "shanhai: Arrow export needs pyarrow, which is not installed; install it with "
            "`pip install pyarrow` (or `pip install 'shanhai[arrow]'`)") from None
    return pa


def _buffer(pa: Any, values: NDArray[Any]) -> Any:
    """An Arrow buffer over a numpy array's memory: no copy (it keeps the array alive)."""
    return pa.py_buffer(np.ascontiguousarray(values))


def _primitive(pa: Any, typ: Any, values: NDArray[Any], present: NDArray[Any] | None = None) -> Any:
    bitmap = None
    if present is not None and not present.all():
        bitmap = pa.py_buffer(np.packbits(present, bitorder="little"))
    return pa.Array.from_buffers(typ, len(values), [bitmap, _buffer(pa, values)])


def _dictionary(pa: Any, codes: NDArray[Any], names: list[str]) -> Any:
    """Codes as int8 indices into their names (the codes are small: the same bytes serve)."""
    indices = _primitive(pa, pa.int8(), np.ascontiguousarray(codes).view(np.int8))
    return pa.DictionaryArray.from_arrays(indices, pa.array(names, pa.string()))


def _numeric(pa: Any, values: NDArray[Any]) -> Any:
    return _primitive(pa, pa.from_numpy_dtype(values.dtype), values)


def _text(pa: Any, offsets: NDArray[Any], data: NDArray[Any]) -> Any:
    typ = pa.string() if offsets.dtype == np.int32 else pa.large_string()
    return pa.Array.from_buffers(typ, len(offsets) - 1, [None, _buffer(pa, offsets), _buffer(pa, data)])


_schemas: dict[str, _Schema] = {}


def _schema(view: Table[Any]) -> _Schema:
    """[(column, (kind, detail))] of a table, from the compiled table's description."""
    compiled = type(view._view)  # the compiled view's class (FlowTable, ...)
    key = compiled.__name__
    if key not in _schemas:
        _schemas[key] = [(name, tuple(kind)) for name, kind in compiled._schema()]
    return _schemas[key]


def _list(pa: Any, view: Table[Any], name: str, element: Any) -> Any:
    if element is None:  # records (a project's outputs): small tables, read through Python
        values = view._raw_columns()[name]
        return pa.array([sorted(v.items()) if isinstance(v, dict) else v for v in values],
                        pa.map_(pa.string(), pa.int64()))
    offsets, values = view._list_buffers(name)
    kind, detail = element
    child = _dictionary(pa, values, detail.split(",")) if kind == "enum" else _numeric(pa, values)
    offsets_array = _primitive(pa, pa.int32() if offsets.dtype == np.int32 else pa.int64(), offsets)
    make = pa.ListArray if offsets.dtype == np.int32 else pa.LargeListArray
    return make.from_arrays(offsets_array, child)


_PERSONAL = ("identifier", "free_text", "sensitive")


def _masked(pa: Any, view: Table[Any], schema: _Schema, personal: str) -> dict[str, Any] | None:
    """The personal columns of ``view`` as an output in mode ``personal`` holds them, as Arrow
    arrays of their raw types (None for a column the mode leaves out); None when there is
    nothing to change (no personal column, or "show" with no restricted person)."""
    from . import _personal

    table = view._table
    classes = _personal.CLASSES.get(table, {})
    names = [name for name, _ in schema if classes.get(name) in _PERSONAL]
    if not names:
        return None
    restricted = _personal.restricted_rows(view)
    if personal == "show" and not restricted:
        return None
    kinds = dict(schema)
    kept = set(_personal.kept(table, names, personal))  # a column the mode leaves out is never read
    raw = {name: _text(pa, *view._text_buffers(name)) if kinds[name][0] == "text" else
           _list(pa, view, name, kinds[name][1]) if kinds[name][0] in ("list", "record") else
           _dictionary(pa, view.column(name), kinds[name][1].split(",")) for name in names if name in kept}
    if not raw:
        return dict.fromkeys(names)
    columns: dict[str, Any] = {name: array.to_pylist() for name, array in raw.items()}
    if table == "persons" and "birth_year" in kinds:  # a child's age, where the ID number lacks it
        columns["birth_year"] = view.column("birth_year").tolist()
    if table == "households" and "village" in kinds:  # addresses cut at the village
        columns["village"] = view.column("village").tolist()
    out = _personal.apply(table, columns, personal, village_name=_personal.village_names(view),
                          restricted=restricted)
    return {name: pa.array(out[name], raw[name].type) if name in out else None for name in names}


def table_to_arrow(view: Table[Any], personal: str = "mask") -> Any:
    """A registry table as a pyarrow Table; fixed-size columns without a copy, personal columns
    as ``personal`` says (see the module)."""
    pa = _pa()
    n = len(view)
    masked = _masked(pa, view, _schema(view), personal)
    names: list[str] = []
    arrays: list[Any] = []
    fields: list[Any] = []

    def add(name: str, array: Any, note: str | None = None, refers: str | None = None) -> None:
        meta: dict[str, str] = {}
        if note:
            meta["shanhai.meaning"] = note
        if refers:
            meta["shanhai.refers_to"] = refers
        names.append(name)
        arrays.append(array)
        fields.append(pa.field(name, array.type, nullable=True, metadata=meta or None))

    add("id", _numeric(pa, np.arange(n, dtype=np.uint32)))
    for name, (kind, detail) in _schema(view):
        if masked is not None and name in masked:
            if masked[name] is not None:
                add(name, masked[name])
        elif kind == "text":
            add(name, _text(pa, *view._text_buffers(name)))
        elif kind == "list" or kind == "record":
            add(name, _list(pa, view, name, detail))
        else:
            column = view.column(name)
            if kind == "money":
                add(name + "_fen", _primitive(pa, pa.int64(), column), MONEY_NOTE)
            elif kind == "date":
                add(name, _primitive(pa, pa.int32(), column, column != 0), DATE_NOTE)
            elif kind == "id":
                add(name, _primitive(pa, pa.uint32(), column, column != NONE_ID), refers=detail)
            elif kind == "enum":
                add(name, _dictionary(pa, column, detail.split(",")))
            elif kind == "currency":
                add(name, _currencies(pa, column))
            elif kind == "node":
                kinds = np.ascontiguousarray(column["kind"])  # interleaved in the registry: copied
                add(name + "_kind", _dictionary(pa, kinds, detail.split(",")))
                add(name, _primitive(pa, pa.uint32(), np.ascontiguousarray(column["id"]), kinds != 0))
            else:
                add(name, _numeric(pa, column))
    schema = pa.schema(fields, metadata={"shanhai.table": view._table,
                                         "shanhai.money": MONEY_NOTE})
    return pa.Table.from_arrays(arrays, schema=schema)


_NODE_KINDS = ["none", "partner", "project", "household", "flow"]  # NodeKind, in code order
_ENUMS = {"kind": list(_core.FlowKind.__members__), "stage": list(_core.Stage.__members__),
          "purpose": list(_core.Sector.__members__)}


def _node_columns(pa: Any, name: str, values: list[Any]) -> list[tuple[str, Any]]:
    refs = [stable(v) for v in values]  # None: no node (a figure's money that ended where no one said)
    codes = np.array([0 if r is None else _NODE_KINDS.index(r.kind) for r in refs], dtype=np.uint8)
    ids = np.array([0 if r is None else r.id for r in refs], dtype=np.uint32)
    return [(name + "_kind", _dictionary(pa, codes, _NODE_KINDS)), (name, _numeric(pa, ids))]


def _money_column(pa: Any, values: list[_core.Money]) -> Any:
    return _numeric(pa, np.array([m.minor for m in values], dtype=np.int64))


def _totals_columns(t: Totals) -> tuple[list[Any], NDArray[Any]]:
    """Merged or unpickled totals (made of Python values) as the compiled result gives its
    columns: in key order (a node by kind code and id, an enum by code, a year by number)."""
    def code(field: str, value: Any) -> Any:
        if _base(field) in NODE_FIELDS:
            if value is None:  # rolled up to a level with nothing at it
                return (0, 0)
            ref = stable(value)
            return (_NODE_KINDS.index(ref.kind), ref.id)
        return _ENUMS[field].index(value) if field in _ENUMS else value

    groups = sorted(((tuple(code(f, v) for f, v in zip(t.by, key)), m) for key, m in t._groups.items()),
                    key=lambda kv: kv[0])
    fields: list[Any] = []
    for k, field in enumerate(t.by):
        values = [key[k] for key, _ in groups]
        if _base(field) in NODE_FIELDS:
            fields.append((np.array([v[0] for v in values], np.uint8), np.array([v[1] for v in values], np.uint32)))
        elif field == "currency":
            fields.append(values)
        else:
            fields.append(np.array(values, np.int32 if field == "year" else np.uint8))
    return fields, np.array([m.minor for _, m in groups], dtype=np.int64)


def _currencies(pa: Any, column: Any) -> Any:
    """A column of currency codes (numpy S3) as an Arrow dictionary: one code checked in one pass,
    as a registry of one currency is."""
    if len(column) and (column == column[0]).all():
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(len(column), np.int32)),
                                              pa.array([column[0].decode()], pa.string()))
    codes, index = np.unique(column, return_inverse=True)
    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)),
                                          pa.array([c.decode() for c in codes], pa.string()))


def totals_table(t: Totals) -> Any:
    """One row per group, in key order: the fields of ``by``, then ``amount_fen``. Totals fresh
    from a registry come as the compiled result's columns, without a Python object per group."""
    pa = _pa()
    fields, amounts = t._pending.columns() if t._pending is not None else _totals_columns(t)
    columns: list[tuple[str, Any]] = []
    for field, values in zip(t.by, fields):
        if _base(field) in NODE_FIELDS:  # "target.province": kind "none" where no province is above
            columns += [(field + "_kind", _dictionary(pa, values[0], _NODE_KINDS)), (field, _numeric(pa, values[1]))]
        elif field in _ENUMS:
            columns.append((field, _dictionary(pa, values, _ENUMS[field])))
        elif field == "currency":
            columns.append((field, pa.array(list(values), pa.string()).dictionary_encode()))
        else:
            columns.append((field, _numeric(pa, values)))
    columns.append(("amount_fen", _numeric(pa, amounts)))
    # totals of several stages or currencies have no total: total_fen is then empty
    def figure(value: Any) -> str:
        return "" if value is None else str(value.minor)

    total = None if t._stages and t._stage_count() > 1 else t._total
    meta = {"shanhai.result": "totals", "shanhai.money": MONEY_NOTE, "total_fen": figure(total),
            "reported_fen": figure(t._reported), "unexplained_fen": figure(t._unexplained),
            "currency": "" if t._total is None else t._total.currency}
    return pa.table(dict(columns), metadata=meta)


def report_table(r: Report) -> Any:
    """One row per indicator: key, area, unit ('fen' for money), labels, value (int64, exact) and
    scale: value / scale is the figure in its unit (a share of 33.33 percent is 3333 / 100)."""
    pa = _pa()
    rows = r.indicators
    money = [isinstance(i["value"], _core.Money) for i in rows]
    scale = [100 if i["key"] in r.ratios else 1 for i in rows]
    values = [None if i["value"] is None else i["value"].minor if m else round(i["value"] * k)
              for i, m, k in zip(rows, money, scale)]
    return pa.table({
        "key": pa.array([i["key"] for i in rows], pa.string()),
        "area": pa.array([i["area"] for i in rows], pa.string()),
        "unit": pa.array(["fen" if m else i["unit"] for i, m in zip(rows, money)], pa.string()),
        "label_zh": pa.array([i["label_zh"] for i in rows], pa.string()),
        "label_en": pa.array([i["label_en"] for i in rows], pa.string()),
        "value": pa.array(values, pa.int64()),  # null: not reported
        "scale": pa.array(scale, pa.int64()),
    }, metadata={"shanhai.result": "report", "shanhai.money": MONEY_NOTE,
                 "scope": "" if r.scope is None else repr(sorted(r.scope.items()))})


def trace_table(tr: Trace) -> Any:
    """One row per node where money ended (ordered by node): node_kind, node, amount_fen."""
    from ._results import _sort_key

    pa = _pa()
    ended = sorted(tr.stable()._ended.items(), key=lambda kv: _sort_key(kv[0]))
    columns = _node_columns(pa, "node", [n for n, _ in ended])
    columns.append(("amount_fen", _money_column(pa, [m for _, m in ended])))
    source = stable(tr.source)
    meta = {"shanhai.result": "trace", "shanhai.money": MONEY_NOTE, "outflow_fen": str(tr.outflow.minor),
            "source": "" if not isinstance(source, Ref) else f"{source.kind} {source.id}"}
    return pa.table(dict(columns), metadata=meta)
