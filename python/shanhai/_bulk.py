"""Bulk ingest: one call per table from a pandas DataFrame, a dict of arrays or a pyarrow Table.

Columns are normalised here, vectorised (enum names to codes, money to fen, dates to packed
yyyymmdd, missing ids to "none"; ids already uint32 and dates already packed, as the registry's
own columns hold them, go on as they are); the compiled part then builds the table a column at a
time (integer codes and packed dates checked on the way) and checks its rows in one pass, with the
same rules, and the same errors, as the single-row calls. The first bad row is reported by row
number, column and value, and nothing of the batch is kept. ``progress=True`` shows a progress bar
of the compiled loop; a callable ``(what, done, total)`` is told instead (what it raises stops the
call, keeping nothing).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from . import _core
from ._errors import ValidationError

NONE_ID = np.uint32(0xFFFFFFFF)
NODE_KINDS = {"partner": 1, "project": 2, "household": 3}


def _columns(data) -> tuple[dict, int]:
    """Any table-like input as {name: 1-D array-like} and its length."""
    if hasattr(data, "to_pydict") and hasattr(data, "schema"):  # pyarrow
        data = {name: data.column(name).to_numpy(zero_copy_only=False) for name in data.column_names}
    elif hasattr(data, "columns") and hasattr(data, "to_numpy"):  # pandas
        data = {name: data[name].to_numpy() for name in data.columns}
    data = {str(k): (v if isinstance(v, (np.ndarray, list)) else np.asarray(v)) for k, v in dict(data).items()}
    lengths = {len(v) for v in data.values()}
    if len(lengths) > 1:
        raise ValidationError(f"columns differ in length: { {k: len(v) for k, v in data.items()} }")
    return data, (lengths.pop() if lengths else 0)


def _bad(table: str, column: str, row: int, value, why: str) -> ValidationError:
    return ValidationError(f"{table} row {row}, column '{column}': {value!r} {why}")


def _codes(table, cols, name, enum, n, default):
    values = cols.get(name)
    if values is None:
        return np.full(n, int(getattr(enum, default)), dtype=np.uint8)
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.uint8, copy=False)  # codes: checked in the compiled loop
    names = {k: int(v) for k, v in enum.__members__.items()}
    out = np.empty(n, dtype=np.uint8)
    arr = np.where(pd.isna(arr), default, arr)  # a missing value takes the default
    uniques, inverse = np.unique(arr.astype(str), return_inverse=True)
    for u, code in zip(uniques, range(len(uniques))):
        if u not in names:
            row = int(np.flatnonzero(inverse == code)[0])
            raise _bad(table, name, row, arr[row], f"is not a known {enum.__name__} (known: {', '.join(names)})")
    lookup = np.array([names[u] for u in uniques], dtype=np.uint8)
    out[:] = lookup[inverse]
    return out


def _ids(table, cols, name, n, required=False):
    values = cols.get(name)
    if values is None:
        if required:
            raise ValidationError(f"{table}: column '{name}' is required")
        return np.full(n, NONE_ID, dtype=np.uint32)
    arr = np.asarray(values)
    if arr.dtype == np.uint32:  # ids as the registry's own columns hold them (4294967295: none)
        return arr
    if arr.dtype.kind == "O" or arr.dtype.kind == "f":  # ids with gaps: None, NaN or pandas NA
        missing = np.asarray(pd.isna(arr), dtype=bool)
        filled = np.where(missing, -1, arr).astype(np.float64)
        if np.any((filled != np.floor(filled)) & ~missing):
            row = int(np.flatnonzero((filled != np.floor(filled)) & ~missing)[0])
            raise _bad(table, name, row, arr[row], "is not an id")
        arr = filled.astype(np.int64)
    elif arr.dtype.kind not in "iu":
        arr = arr.astype(np.int64)
    if n and (arr.min() < -1 or arr.max() >= 0xFFFFFFFF):
        row = int(np.flatnonzero((arr < -1) | (arr >= 0xFFFFFFFF))[0])
        raise _bad(table, name, row, arr[row], "is not an id")
    return arr.astype(np.uint32)  # -1 (none) wraps to 4294967295, the id of none


def _node_kinds(table, cols, name, n):
    values = cols.get(name + "_kind")
    if values is None:
        return np.full(n, NODE_KINDS["partner"], dtype=np.uint8)
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.uint8, copy=False)
    out = np.empty(n, dtype=np.uint8)
    for i, v in enumerate(arr):
        if v not in NODE_KINDS:
            raise _bad(table, name + "_kind", i, v, "is not partner, project or household")
        out[i] = NODE_KINDS[v]
    return out


def _fen(table, cols, name, n, required):
    """Money as int64 fen: from `<name>_fen` (integers), or `<name>` (text, Decimal or Money)."""
    if name + "_fen" in cols:
        return np.asarray(cols[name + "_fen"]).astype(np.int64, copy=False)
    values = cols.get(name)
    if values is None:
        if required:
            raise ValidationError(f"{table}: column '{name}' (or '{name}_fen') is required")
        return np.zeros(n, dtype=np.int64)
    out = np.empty(n, dtype=np.int64)
    for i, v in enumerate(values):
        if isinstance(v, (float, np.floating)):
            raise _bad(table, name, i, v, "is a binary float; money is given as text, Decimal or fen")
        try:
            out[i] = (v if isinstance(v, _core.Money) else _core.Money(v if isinstance(v, (str, Decimal)) else int(v))).fen
        except ValueError as e:
            raise _bad(table, name, i, v, f"is not money: {e}") from None
    return out


def _dates(table, cols, name, n):
    values = cols.get(name)
    if values is None:
        return np.zeros(n, dtype=np.int32)
    arr = np.asarray(values)
    if arr.dtype.kind == "f":  # packed dates with gaps: an Arrow or pandas integer column with nulls
        missing = np.isnan(arr)
        whole = np.where(missing, 0, arr)
        if np.any(whole != np.floor(whole)):
            row = int(np.flatnonzero(whole != np.floor(whole))[0])
            raise _bad(table, name, row, arr[row], "is not a date such as 2018, 2018-05 or 2018-05-03")
        arr = whole.astype(np.int64)
    if arr.dtype.kind in "iu":  # years, or packed yyyymmdd
        if n and arr.min() >= 10000:  # packed already
            return arr.astype(np.int32, copy=False)
        arr = arr.astype(np.int64)
        return np.where(arr < 10000, arr * 10000, arr).astype(np.int32)
    out = np.zeros(n, dtype=np.int32)
    cache: dict = {}
    for i, v in enumerate(arr):
        if v is None or v != v:
            continue
        key = str(v)[:10] if hasattr(v, "year") else str(v)
        if key not in cache:
            parts = key.replace("/", "-").replace(".", "-").split("-")
            try:
                y, m, d = (int(p) for p in parts + ["0"] * (3 - len(parts)))
                if len(parts) > 3 or not (1 <= y <= 9999 and 0 <= m <= 12 and 0 <= d <= 31):
                    raise ValueError
            except ValueError:
                raise _bad(table, name, i, v, "is not a date such as 2018, 2018-05 or 2018-05-03") from None
            cache[key] = y * 10000 + m * 100 + d
        out[i] = cache[key]
    return out


def _ints(cols, name, n, dtype):
    values = cols.get(name)
    if values is None:
        return np.zeros(n, dtype=dtype)
    arr = np.asarray(values)
    if arr.dtype.kind == "f" or arr.dtype.kind == "O":
        arr = np.where(pd.isna(arr), 0, arr)
    return np.asarray(arr).astype(dtype, copy=False)


def _texts(cols, name):
    values = cols.get(name)
    return None if values is None else [None if v is None or v != v else str(v) for v in values]


def add_partners(self, data, *, progress=None) -> range:
    """Adds partners from columns name, kind, side, parent (id), code, note. Returns their ids."""
    cols, n = _columns(data)
    t = "partners"
    norm = {"name": _texts(cols, "name"), "kind": _codes(t, cols, "kind", _core.PartnerKind, n, "other"),
            "side": _codes(t, cols, "side", _core.Side, n, "unspecified"), "parent": _ids(t, cols, "parent", n),
            "code": _texts(cols, "code"), "note": _texts(cols, "note")}
    return self._bulk_partners(norm, n, progress)


def add_households(self, data, *, progress=None) -> range:
    """Adds households from columns number, village (id), members, status, exit_year, note."""
    cols, n = _columns(data)
    t = "households"
    norm = {"number": _texts(cols, "number"), "village": _ids(t, cols, "village", n, required=True),
            "members": _ints(cols, "members", n, np.int32),
            "status": _codes(t, cols, "status", _core.HouseholdStatus, n, "poor"),
            "exit_year": _ints(cols, "exit_year", n, np.int16), "note": _texts(cols, "note")}
    return self._bulk_households(norm, n, progress)


def add_flows(self, data, *, progress=None) -> range:
    """Adds flows from columns source, target (ids; with source_kind/target_kind: partner, project
    or household, default partner), amount (text, Decimal or Money) or amount_fen (int64), date,
    kind, stage, purpose, parent (flow id; none: -1, None or NaN), note."""
    cols, n = _columns(data)
    t = "flows"
    norm = {"source_kind": _node_kinds(t, cols, "source", n), "source": _ids(t, cols, "source", n, required=True),
            "target_kind": _node_kinds(t, cols, "target", n), "target": _ids(t, cols, "target", n, required=True),
            "amount": _fen(t, cols, "amount", n, required=True), "date": _dates(t, cols, "date", n),
            "kind": _codes(t, cols, "kind", _core.FlowKind, n, "other"),
            "stage": _codes(t, cols, "stage", _core.Stage, n, "disbursement"),
            "purpose": _codes(t, cols, "purpose", _core.Sector, n, "unspecified"),
            "parent": _ids(t, cols, "parent", n), "note": _texts(cols, "note")}
    return self._bulk_flows(norm, n, progress)


def add_benefits(self, data, *, progress=None) -> range:
    """Adds benefits from columns beneficiary (household id or none), via (id; via_kind: project,
    partner or flow... default project), kind, date, persons, households, amount or amount_fen, note."""
    cols, n = _columns(data)
    t = "benefits"
    via_kind = cols.get("via_kind")
    kinds = dict(NODE_KINDS, flow=4)
    if via_kind is None:
        vk = np.full(n, kinds["project"], dtype=np.uint8)
    else:
        arr = np.asarray(via_kind)
        vk = arr.astype(np.uint8) if arr.dtype.kind in "iu" else np.array([kinds.get(v, 255) for v in arr], dtype=np.uint8)
    norm = {"beneficiary": _ids(t, cols, "beneficiary", n), "via_kind": vk, "via": _ids(t, cols, "via", n, required=True),
            "kind": _codes(t, cols, "kind", _core.BenefitKind, n, "other"), "date": _dates(t, cols, "date", n),
            "persons": _ints(cols, "persons", n, np.int64), "households": _ints(cols, "households", n, np.int64),
            "amount": _fen(t, cols, "amount", n, required=False), "note": _texts(cols, "note")}
    return self._bulk_benefits(norm, n, progress)


def add_persons(self, data, *, progress=None) -> range:
    """Adds members of households from columns household (id), relation, sex, birth_year, health,
    education, labour, note."""
    cols, n = _columns(data)
    t = "persons"
    norm = {"household": _ids(t, cols, "household", n, required=True),
            "relation": _codes(t, cols, "relation", _core.Relation, n, "other"),
            "sex": _codes(t, cols, "sex", _core.Sex, n, "unspecified"),
            "birth_year": _ints(cols, "birth_year", n, np.int16),
            "health": _codes(t, cols, "health", _core.Health, n, "unspecified"),
            "education": _codes(t, cols, "education", _core.Education, n, "unspecified"),
            "labour": _codes(t, cols, "labour", _core.Labour, n, "unspecified"), "note": _texts(cols, "note")}
    return self._bulk_persons(norm, n, progress)


def add_employment_records(self, data, *, progress=None) -> range:
    """Adds a workshop's monthly employment records from columns workshop (project id), household
    and person (ids or none), worker (a key for a worker not in the registry), month, workers
    (default 1), poor (an aggregate's poor workers; default not known), wage or wage_fen, note."""
    cols, n = _columns(data)
    t = "employment"
    workers = _ints(cols, "workers", n, np.int64) if "workers" in cols else np.ones(n, dtype=np.int64)
    poor = np.full(n, -1, dtype=np.int64)  # not known (and, for one worker, derived)
    if "poor" in cols:
        given = np.asarray(cols["poor"], dtype=object)
        known = ~pd.isna(given)
        poor[known] = given[known].astype(np.int64)
    norm = {"workshop": _ids(t, cols, "workshop", n, required=True), "household": _ids(t, cols, "household", n),
            "person": _ids(t, cols, "person", n), "worker": _texts(cols, "worker"), "month": _dates(t, cols, "month", n),
            "workers": workers, "poor": poor, "wage": _fen(t, cols, "wage", n, required=False),
            "note": _texts(cols, "note")}
    return self._bulk_employment(norm, n, progress)


def install() -> None:
    for f in (add_partners, add_households, add_flows, add_benefits, add_persons, add_employment_records):
        setattr(_core.Registry, f.__name__, f)
