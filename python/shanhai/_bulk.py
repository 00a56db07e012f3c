"""Bulk ingest: one call per table from a pandas DataFrame, a dict of columns, a pyarrow Table or
anything with the Arrow stream interface (a polars frame, the registry's own tables).

Exactly as strict as the one-row calls. Every value is checked here, a column at a time and
vectorised, and nothing changes on the way in: an integer beyond its column's range, a fraction
where a whole number goes, a bool where money, an id or a count goes, a number where text goes, a
column the call does not take: each is refused with an ``sh.Error`` (``WrongTypeError`` for a value
of the wrong type) whose ``table``, ``row``, ``field`` and ``reason`` say what failed (``value``
too, unless the field is personal text). Besides what the one-row call takes, a column may hold
what the registry's own columns hold: ids as uint32 (4294967295: none) or -1, None or NaN for
none; enumerations as their codes; dates as packed yyyymmdd (years below 10000); money in fen
as ``<name>_fen``; whole floats where a gap made a column of integers float; and ``id``, which
must be the ids the rows get. A missing enumeration takes the one-row call's default.

The first refused value (the earliest row; on a tie, the column the one-row call reads first)
does not stop the rows before it: the compiled part builds the table of those rows and checks
them with the registry's rules, so an earlier broken rule is the error, as one row at a time.
Nothing of a refused batch is kept. ``progress=True`` shows a progress bar of the compiled loop;
a callable ``(what, done, total)`` is told instead (what it raises stops the call, keeping
nothing).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from . import _core
from ._errors import Error, NotFoundError, ValidationError, WrongTypeError

if TYPE_CHECKING:
    from ._core import _Columns, _Progress

NONE_ID = 0xFFFFFFFF
NODE_KINDS = {"partner": 1, "project": 2, "household": 3, "flow": 4}  # shanhai::NodeKind; 0 is none
NODE_TABLES = [None, "partners", "projects", "households", "flows"]  # by NodeKind code
ENTITIES = {"partners": "partner", "projects": "project", "households": "household", "flows": "flow",
            "persons": "person", "benefits": "benefit", "exchanges": "exchange", "trainings": "training",
            "wishes": "wish", "events": "event", "labour": "labour record", "pairings": "pairing"}
INT_RANGES = {np.int16: (-(2**15), 2**15 - 1), np.int32: (-(2**31), 2**31 - 1), np.int64: (-(2**63), 2**63 - 1)}
MAX_FEN = 2**63 - 1
_infer = pd.api.types.infer_dtype


# ---- any table-like input as numpy columns ------------------------------------------------------


def _from_arrow(column: Any) -> Any:
    """An Arrow column as numpy: numbers with gaps as a masked array (exact: never through float)."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):  # each row's word, None where missing
        words = np.append(_from_arrow(column.dictionary).astype(object), None)  # type: ignore[call-overload]
        return words[column.indices.fill_null(len(words) - 1).to_numpy(zero_copy_only=False)]
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):  # each row's values, None where missing
        values, offsets = _from_arrow(column.flatten()), column.offsets.to_numpy(zero_copy_only=False)
        offsets = offsets - offsets[0]
        rows = np.empty(len(column), object)
        rows[:] = [values[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
        rows[column.is_null().to_numpy(zero_copy_only=False)] = None
        return rows
    if pa.types.is_string_view(column.type):  # as a polars frame gives text
        column = column.cast(pa.large_string())
    t = column.type
    if column.null_count and (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t)):
        missing = column.is_null().to_numpy(zero_copy_only=False)
        return np.ma.MaskedArray(column.fill_null(pa.scalar(0).cast(t)).to_numpy(), mask=missing)
    return column.to_numpy(zero_copy_only=False)


def _from_pandas(values: Any) -> Any:
    """A pandas column as numpy: nullable numbers as a masked array (exact: never through float)."""
    array = values.array if isinstance(values, (pd.Series, pd.Index)) else values
    if isinstance(array.dtype, pd.ArrowDtype):
        return _from_arrow(array.__arrow_array__())  # type: ignore[union-attr]
    if isinstance(array, pd.api.extensions.ExtensionArray) and array.dtype.kind in "iufb":  # Int64, boolean, ...
        missing = np.asarray(array.isna(), dtype=bool)
        numbers = array.to_numpy(dtype=array.dtype.numpy_dtype, na_value=0)  # type: ignore[union-attr]
        return np.ma.MaskedArray(numbers, mask=missing) if missing.any() else numbers
    return array.to_numpy()


class _Coded:
    """A column of words as codes into its distinct words (a pandas Categorical or an Arrow
    dictionary of text; code -1: missing): an enumeration looks each distinct word up once, and
    any other use reads the words themselves (see _ByName)."""

    ndim = 1

    def __init__(self, codes: NDArray[np.int64], words: NDArray[Any]) -> None:
        self.codes, self.words = codes, words

    def __len__(self) -> int:
        return len(self.codes)

    def values(self) -> NDArray[Any]:
        """The words, None where missing, as an object column."""
        words: NDArray[Any] = np.append(self.words, None)[self.codes]  # type: ignore[call-overload]  # code -1: the None
        return words


class _ByName(dict[str, Any]):
    """The input's columns by name: a coded column is read as its words (once) unless the caller
    asks for its codes (`coded`)."""

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, _Coded):
            value = value.values()
            self[name] = value
        return value

    def coded(self, name: str) -> _Coded | None:
        value = super().get(name)
        return value if isinstance(value, _Coded) else None


def _coded(values: Any) -> _Coded | None:
    """A pandas Categorical or an Arrow dictionary whose words are all text, as codes and words."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        words = values.cat.categories.to_numpy(dtype=object)
        if _infer(words, skipna=False) in ("string", "empty"):
            return _Coded(np.asarray(values.cat.codes, dtype=np.int64), words)
    elif "pyarrow" in sys.modules:
        pa = sys.modules["pyarrow"]
        if isinstance(values, (pa.Array, pa.ChunkedArray)) and pa.types.is_dictionary(values.type):
            if isinstance(values, pa.ChunkedArray):
                values = values.combine_chunks()
            words = _from_arrow(values.dictionary).astype(object)
            if _infer(words, skipna=False) in ("string", "empty"):
                codes = values.indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
                if values.null_count:
                    codes[values.is_null().to_numpy(zero_copy_only=False)] = -1
                return _Coded(codes, words)
    return None


def _column(table: str, name: str, values: Any) -> Any:
    if (coded := _coded(values)) is not None:
        return coded
    if isinstance(values, np.ndarray):  # numpy, and masked arrays, as they are
        column = values
    elif isinstance(values, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        column = _from_pandas(values)
    elif "pyarrow" in sys.modules and isinstance(values, (sys.modules["pyarrow"].Array,
                                                          sys.modules["pyarrow"].ChunkedArray)):
        column = _from_arrow(values)
    elif isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__"):
        raise WrongTypeError(f"{table}, column '{name}': expected a column of values, got {type(values).__name__}",
                             table=table, field=name, reason="wrong_type")
    else:  # a list keeps each value as it is, never numpy's common type of them (1 and True, 'a' and 6.2e17)
        column = np.fromiter(values, dtype=object, count=len(values))
    if column.ndim != 1:
        raise WrongTypeError(f"{table}, column '{name}': expected one value per row, got {column.ndim} dimensions",
                             table=table, field=name, reason="wrong_type")
    return column


def _columns(table: str, data: Any) -> tuple[_ByName, int]:
    """Any table-like input as {name: 1-D numpy array} and its length."""
    if isinstance(data, pd.DataFrame):
        data = {name: data[name] for name in data.columns}
    elif hasattr(data, "__arrow_c_stream__") or hasattr(data, "schema") and hasattr(data, "column_names"):
        import pyarrow as pa

        if hasattr(data, "_raw_columns") and hasattr(data, "to_arrow"):  # a registry's own table: as stored
            data = data.to_arrow(personal="show")  # (its stream masks personal data, as every output)
        data = pa.table(data)
        data = {name: data.column(name) for name in data.column_names}
    cols = _ByName({str(k): _column(table, str(k), v) for k, v in dict(data).items()})
    lengths = {len(v) for v in cols.values()}
    if len(lengths) > 1:
        raise ValidationError(f"{table}: columns differ in length: { {k: len(v) for k, v in cols.items()} }",
                              table=table, reason="bad_format")
    return cols, (lengths.pop() if lengths else 0)


def _split(column: Any) -> tuple[Any, Any]:
    """(values, mask of the missing ones or None): None, NaN, pandas NA, NaT and masked values."""
    if isinstance(column, np.ma.MaskedArray):
        return column.data, np.ma.getmaskarray(column)
    kind = column.dtype.kind
    if kind == "O":
        missing = pd.isna(column)
    elif kind == "f":
        missing = np.isnan(column)
    elif kind in "mM":
        missing = np.isnat(column)
    else:
        return column, None
    return column, (missing if missing.any() else None)


def _by_type(values: Any, missing: Any) -> list[tuple[Any, Any]]:
    """The types among an object column's values, each with the mask of its values (missing ones
    left out)."""
    types = np.frompyfunc(type, 1, 1)(values)
    if missing is not None:
        types[missing] = None
    keys, distinct = pd.factorize(types)
    return [(t, keys == k) for k, t in enumerate(distinct)]


def _is(typ: type, *kinds: type) -> bool:
    return issubclass(typ, kinds)


BOOLS, FLOATS, INTS = (bool, np.bool_), (float, np.floating), (int, np.integer)  # a bool is an int too: test first


# ---- one bulk call ------------------------------------------------------------------------------


class _Batch:
    """One bulk call's columns, checked and converted in the order the one-row call reads its
    arguments. The first refused value (earliest row; on a tie, the column read first) is kept,
    not raised: the rows before it still go through the registry's rules."""

    def __init__(self, reg: Any, table: str, data: Any, takes: str, progress: Any) -> None:
        self.reg, self.table, self.progress = reg, table, progress
        self.cols, self.n = _columns(table, data)
        takes_all = set(takes.split()) | {"id"}
        for name in self.cols:
            if name not in takes_all:
                raise ValidationError(
                    f"{table}: no column '{name}' (the columns taken: id, {', '.join(takes.split())})",
                    table=table, field=name, reason="unknown_column")
        self.refusal: tuple[int, Error] | None = None
        self.first = len(getattr(reg, table))  # the id the first row gets
        self.first_id = self._ids_given()

    # -- refusals

    def refuse(self, bad: Any, field: str, why: str | Callable[..., str], reason: str, *, values: Any = None,
               quote: bool = True, rows: Any = None, cls: type[Error] = ValidationError) -> None:
        """Keeps the refusal of the first value where `bad` (a mask, or an index) holds, if its row
        (`rows[index]` when given) is the earliest so far. `why` (or `why(value)`) ends the
        message; the value is kept as `value` and quoted before `why` (with `quote`), unless the
        column is personal text (values None)."""
        if isinstance(bad, (int, np.integer)):
            at = int(bad)
        elif bad.any():
            at = int(np.argmax(bad))
        else:
            return
        row = at if rows is None else int(rows[at])
        if self.refusal is not None and self.refusal[0] <= row:
            return
        value = None if values is None else values[at]
        value = value.item() if isinstance(value, np.generic) else value
        said = f"{value!r} " if values is not None and quote else ""
        why = why(value) if callable(why) else why
        self.refusal = (row, cls(f"{self.table} row {row}, column '{field}': {said}{why}", table=self.table,
                                 row=row, field=field, value=None if values is None else str(value), reason=reason))

    def required(self, name: str, alternative: str | None = None) -> None:
        if name not in self.cols:
            either = f" (or '{alternative}')" if alternative else ""
            raise ValidationError(f"{self.table}: column '{name}'{either} is required", table=self.table,
                                  field=name, reason="required")

    # -- numbers

    def whole(self, field: str, column: Any, lo: int, hi: int, *, floats: bool = True) -> tuple[Any, Any]:
        """Whole numbers in [lo, hi] as integers (of the column's own type when it has no gaps,
        else int64), and the mask of the missing ones (or None). A bool, a fraction, a number
        beyond the range, anything but a number (and, without `floats`, a float at all) is
        refused, its place taken by 0. Nothing is cast before it is checked."""
        values, missing = _split(column)
        kind = values.dtype.kind
        if kind in "iu" and missing is None:  # the common case: at most two passes, no copy
            info = np.iinfo(values.dtype)
            if len(values) and (info.min < lo and values.min() < lo or info.max > hi and values.max() > hi):
                beyond = (values < lo) | (values > hi)
                self.refuse(beyond, field, f"is out of range ({lo}..{hi})", "out_of_range", values=values)
                values = np.where(beyond, 0, values)
            return values, None
        given = np.ones(len(values), bool) if missing is None else ~missing
        if kind == "O":
            values, mixed = self._numbers(field, values, given, floats)
            isfloat = np.frompyfunc(lambda v: isinstance(v, FLOATS), 1, 1)(values).astype(bool) if mixed else None
        elif kind in "iu" or kind == "f" and floats:
            isfloat = given if kind == "f" else None
        else:
            why = "is a bool, not a number" if kind == "b" else "is not a number" if kind != "f" else \
                "is a binary float, not a whole number"
            self.refuse(given, field, why, "wrong_type", values=values, cls=WrongTypeError)
            return np.zeros(len(values), np.int64), missing
        out = np.zeros(len(values), np.int64)
        if isfloat is not None and isfloat.any():
            f = values if kind == "f" else np.where(isfloat, values, 0).astype(np.float64)
            with np.errstate(invalid="ignore"):
                fraction = isfloat & np.isfinite(f) & (f != np.floor(f))
                top, bottom = float(hi), float(lo)  # a bound a float cannot hold exactly is rounded outwards
                beyond = isfloat & ~fraction & ((f > hi if top <= hi else f >= top) | (f < lo if bottom >= lo
                                                                                        else f <= bottom))
            self.refuse(fraction, field, "is not a whole number", "too_fine", values=values)
            self.refuse(beyond, field, f"is out of range ({lo}..{hi})", "out_of_range", values=values)
            ok = isfloat & ~fraction & ~beyond
            out[ok] = f[ok].astype(np.int64)
            given = given & ~isfloat
        if kind != "f":
            if kind == "O" or np.iinfo(values.dtype).min < lo or np.iinfo(values.dtype).max > hi:
                beyond = given & ((values < lo) | (values > hi))  # before any cast: the type may hold more
                self.refuse(beyond, field, f"is out of range ({lo}..{hi})", "out_of_range", values=values)
                given = given & ~beyond
            if given.all():
                return values.astype(np.int64), missing
            out[given] = values[given].astype(np.int64)
        return out, missing

    def _numbers(self, field: str, values: Any, given: Any, floats: bool) -> tuple[Any, bool]:
        """An object column's values, each a number (int, or float with `floats`; a missing one 0):
        any other value refused, its place taken by 0. And whether floats may be among them."""
        inferred = _infer(values, skipna=True)
        if inferred in ("integer", "empty"):
            return (values if given.all() else np.where(given, values, 0)), False
        if floats and inferred in ("floating", "mixed-integer-float"):
            return np.where(given, values, 0), True
        for t, bad in _by_type(values, None if given.all() else ~given):
            if _is(t, *BOOLS) or not _is(t, *INTS, *FLOATS) or _is(t, *FLOATS) and not floats:
                why = ("is a bool, not a number" if _is(t, *BOOLS) else "is not a number" if not _is(t, *FLOATS)
                       else "is a binary float, not a whole number")
                self.refuse(bad, field, why, "wrong_type", values=values, cls=WrongTypeError)
                values = np.where(bad, 0, values)
        return np.where(given, values, 0), floats

    def counts(self, name: str, dtype: Any, *, default: int = 0) -> Any:
        """A column of whole numbers that fit `dtype` (a missing one: `default`)."""
        if name not in self.cols:
            return np.full(self.n, default, dtype)
        lo, hi = INT_RANGES[dtype]
        values, missing = self.whole(name, self.cols[name], lo, hi)
        if missing is not None:
            values = np.where(missing, default, values)
        return values.astype(dtype, copy=False)

    def ids(self, name: str, refers: str | None = None, *, required: bool = False, kinds: Any = None) -> Any:
        """A column of ids of rows of the table `refers` (or, for a node, of the table its `kinds`
        name) as uint32, 4294967295 for none (-1, None, NaN: none; refused when `required`). An id
        the table does not hold is refused; a row of this batch may refer to an earlier one."""
        if name not in self.cols:
            if required:
                self.required(name)
            return np.full(self.n, NONE_ID, np.uint32)
        column = self.cols[name]
        if column.dtype == np.uint32 and not isinstance(column, np.ma.MaskedArray):
            ids = column  # as the registry's own columns hold them
        else:
            values, missing = self.whole(name, column, -1, NONE_ID - 1)
            if missing is not None:
                values = np.where(missing, -1, values)
            ids = values.astype(np.uint32)  # -1 (none) wraps to 4294967295, the id of none
        if required:
            self.refuse(ids == NONE_ID, name, f"a {ENTITIES[refers]} is required", "required")  # type: ignore[index]
        if refers is not None or kinds is not None:
            self._held(name, ids, refers, kinds)
        return ids

    def _held(self, field: str, ids: Any, refers: str | None, kinds: Any) -> None:
        """Refuses the first id its table does not hold (yet: an earlier row of this batch counts)."""
        def held(table: Any) -> Any:  # below which ids are held
            n = len(getattr(self.reg, table))
            return n + np.arange(self.n, dtype=np.uint32) if table == self.table else n

        if kinds is not None and self.n and kinds.min() == kinds.max() and 0 < kinds[0] < len(NODE_TABLES):
            refers, kinds = NODE_TABLES[kinds[0]], None  # nodes of one kind: ids of one table
        if kinds is None and refers != self.table and self.n and ids.max() < held(refers):
            return  # the common case, in one pass: every id held (and none is none)
        after = ids + np.uint32(1)  # each id + 1, and none (4294967295) 0: never beyond a table
        if kinds is None:
            beyond = {refers: after > held(refers)}
        else:  # the table each node's kind names; a node of kind none is left to the rules
            counts = np.bincount(kinds, minlength=len(NODE_TABLES))
            beyond = {}
            for code in np.flatnonzero(counts[1:len(NODE_TABLES)]) + 1:
                table = NODE_TABLES[code]
                over = after > held(table)
                beyond[table] = over if counts[code] == self.n else over & (kinds == code)
        for table, over in beyond.items():
            self.refuse(over, field, lambda v, what=ENTITIES[table]: f"no {what} with id {v}", "not_found",  # type: ignore[index]
                        cls=NotFoundError, values=ids, quote=False)

    def _ids_given(self) -> int | None:
        """The first id, when the input names its rows' ids (an Arrow table of a registry's table):
        they must be the ids the rows get, so that what refers to them stays right."""
        if "id" not in self.cols:
            return None
        ids = self.ids("id")
        self.refuse(ids.astype(np.int64) != np.arange(self.first, self.first + self.n), "id",
                    f"is not the id the row gets ({self.first} + row)", "mismatch", values=ids)
        return self.first

    # -- enumerations

    def enum(self, name: str, enum: Any, default: str | None) -> Any:
        """A column of `enum`'s names (or members, or codes) as uint8 codes; missing: `default` (None:
        refused, as a one-row call without a default refuses None)."""
        names = {k: int(v) for k, v in enum.__members__.items()}
        codes = self.codes(name, name, names, len(names), 0 if default is None else names[default], enum.__name__,
                           enum)
        if default is None and name in self.cols:
            coded = self.cols.coded(name)
            missing = (coded.codes < 0 if (coded.codes < 0).any() else None) if coded else _split(self.cols[name])[1]
            if missing is not None:
                self.refuse(missing, name, f"expected a {enum.__name__} name, got None", "wrong_type",
                            cls=WrongTypeError)
        return codes

    def flags(self, name: str) -> Any:
        """A column of True or False, or 1 or 0 as the registry's own columns hold them (None, NaN or
        NA: False), as bool; every other value refused."""
        if name not in self.cols:
            return np.zeros(self.n, bool)
        values, missing = _split(self.cols[name])
        if values.dtype.kind in "iu":
            self.refuse((values != 0) & (values != 1), name, "is not True or False (or 1 or 0)", "out_of_range",
                        values=values)
            values = values == 1
        if values.dtype == bool:
            return values if missing is None else values & ~missing
        values = values.astype(object)
        out = np.zeros(self.n, bool)
        for t, rows in _by_type(values, missing):
            if t is not None and _is(t, *BOOLS):
                out[rows] = values[rows].astype(bool)
            elif t is not None and _is(t, *INTS):
                ones = np.where(rows, values, 0)
                self.refuse(rows & (ones != 0) & (ones != 1), name, "is not True or False (or 1 or 0)",
                            "out_of_range", values=values)
                out[rows] = ones[rows] == 1
            elif t is not None:
                self.refuse(rows, name, "is not True or False", "wrong_type", values=values, cls=WrongTypeError)
        return out

    def node(self, name: str, default: str, *, required: bool = False) -> tuple[Any, Any]:
        """A node column: `<name>_kind` (partner, project, household or flow) and `<name>` (the id)."""
        kinds = self.codes(name + "_kind", name, NODE_KINDS, len(NODE_KINDS) + 1, NODE_KINDS[default], "node kind")
        if required:
            self.required(name)
        return kinds, self.ids(name, kinds=kinds)  # no node: left to the rules, as one row at a time

    def codes(self, name: str, field: str, names: dict[str, int], count: int, default: int, what: str,
              enum: Any = None) -> Any:
        if name not in self.cols:
            return np.full(self.n, default, np.uint8)
        if (coded := self.cols.coded(name)) is not None:  # each distinct word once, as _named
            lookup = np.array([names.get(w, -1) for w in coded.words] + [default], dtype=np.int16)[coded.codes]
            if (lookup < 0).any():
                self.refuse(lookup < 0, field, f"is not a known {what} (known: {', '.join(names)})", "unknown_value",
                            values=coded.values())
            return np.where(lookup >= 0, lookup, default).astype(np.uint8)
        column = self.cols[name]
        values, missing = _split(column)
        if values.dtype.kind in "iufb" or values.dtype.kind == "O" and _infer(values, skipna=True) in NUMBERS:
            codes, gaps = self.whole(field, column, 0, count - 1)
            return (codes if gaps is None else np.where(gaps, default, codes)).astype(np.uint8)
        return self._named(field, values, missing, names, default, what, enum)

    def _named(self, field: str, values: Any, missing: Any, names: dict[str, int], default: int, what: str,
               enum: Any = None, rows: Any = None) -> Any:
        """Names (or `enum`'s members) as uint8 codes; missing: `default`. Each distinct name is
        looked up once."""
        out = np.full(len(values), default, np.uint8)
        if values.dtype.kind != "O":
            values = values.astype(object)
        if _infer(values, skipna=True) not in ("string", "empty"):
            for t, bad in _by_type(values, missing):
                if _is(t, str):
                    continue
                if t is enum:  # members of the enumeration itself
                    out[bad] = [int(v) for v in values[bad]]
                else:
                    self.refuse(bad, field, f"is not a {what} name", "wrong_type", values=values, rows=rows,
                                cls=WrongTypeError)
                missing = bad if missing is None else missing | bad  # not looked up by name
        keys, uniques = pd.factorize(values if missing is None else np.where(missing, None, values))  # type: ignore[arg-type]
        lookup = np.array([names.get(u, -1) for u in uniques] + [-1], dtype=np.int16)[keys]
        self.refuse((lookup == -1) & (keys >= 0), field, f"is not a known {what} (known: {', '.join(names)})",
                    "unknown_value", values=values, rows=rows)
        return np.where(lookup >= 0, lookup, out).astype(np.uint8)

    def code_lists(self, name: str, enum: Any) -> _Lists | None:
        """A column of lists of `enum`'s names (a household's causes) as codes end to end, and the
        offsets where each row's start (None: not given)."""
        if name not in self.cols:
            return None
        values, missing = _split(self.cols[name])
        lengths = np.zeros(self.n, np.int64)
        flat: list[Any] = []
        for row, v in enumerate(values):
            if missing is not None and missing[row]:
                continue
            if isinstance(v, (str, bytes, dict)) or not hasattr(v, "__len__"):
                self.refuse(row, name, "is not a list", "wrong_type", values=values, cls=WrongTypeError)
                continue
            lengths[row] = len(v)
            flat.extend(v)
        offsets = np.zeros(self.n + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        names = {k: int(v) for k, v in enum.__members__.items()}
        rows = np.repeat(np.arange(self.n), lengths)
        codes = self._named(name, np.fromiter(flat, dtype=object, count=len(flat)), None, names, 0, enum.__name__,
                            enum, rows)
        return _Lists(offsets, codes)

    def outputs(self, name: str) -> list[dict[str, int] | None] | None:
        """A column of a project's outputs, a dict of name → count per row (None: none), as add_project
        takes them: each name text, each count a whole number (None: 0); as a list of dicts of str →
        int, None when not given. A mapping given as pairs (as Arrow gives a map) is taken too."""
        if name not in self.cols:
            return None
        values, missing = _split(self.cols[name])
        out: list[dict[str, int] | None] = [None] * self.n
        lo, hi = INT_RANGES[np.int64]
        for row, v in enumerate(values):
            if missing is not None and missing[row] or v is None:
                continue
            if isinstance(v, (list, np.ndarray)):  # a map as Arrow gives it: pairs, or records of key and value
                pairs = [tuple(p) if isinstance(p, tuple) else (p.get("key"), p.get("value"))
                         if isinstance(p, dict) and set(p) == {"key", "value"} else None for p in v]
                if all(p is not None and len(p) == 2 for p in pairs):
                    v = dict(pairs)  # type: ignore[arg-type]
            if not isinstance(v, dict):
                self.refuse(row, name, "expected a dict of name → count", "wrong_type", cls=WrongTypeError)
                break
            kept = {}
            for key, count in v.items():
                count = 0 if count is None else count
                if not isinstance(key, str):
                    why, reason = f"an output's name is {type(key).__name__}, not text", "wrong_type"
                elif not _encodes(key):
                    why, reason = "an output's name cannot be written as UTF-8 (a lone surrogate?)", "bad_text"
                elif isinstance(count, BOOLS) or not isinstance(count, INTS):
                    why, reason = f"an output's count is {type(count).__name__}, not a whole number", "wrong_type"
                elif not lo <= count <= hi:
                    why, reason = "an output's count is out of range", "out_of_range"
                else:
                    kept[key] = int(count)
                    continue
                self.refuse(row, name, why, reason, cls=WrongTypeError if reason == "wrong_type" else ValidationError)
                return out
            out[row] = kept
        return out

    def id_lists(self, name: str, refers: str) -> Any:
        """A column of lists of ids of rows of the table `refers` (an event's partners) as the ids end
        to end and the offsets where each row's start (None: not given; a missing row: an empty list).
        Each id a whole number of a row the table holds; None in a list is refused, as the one-row
        call refuses it."""
        if name not in self.cols:
            return None
        values, missing = _split(self.cols[name])
        held, what = len(getattr(self.reg, refers)), ENTITIES[refers]
        lengths = np.zeros(self.n, np.int64)
        flat: list[int] = []
        for row, v in enumerate(values):
            if missing is not None and missing[row] or v is None:
                continue
            if isinstance(v, (str, bytes, dict)) or not hasattr(v, "__len__"):
                self.refuse(row, name, "is not a list", "wrong_type", cls=WrongTypeError)
                break
            refused = True
            for item in v:
                if item is None:
                    self.refuse(row, name, f"a {what} is required", "required")
                elif isinstance(item, BOOLS) or not isinstance(item, INTS):
                    self.refuse(row, name, f"holds {type(item).__name__}, not a {what} id", "wrong_type",
                                cls=WrongTypeError)
                elif not 0 <= item < held:
                    self.refuse(row, name, f"no {what} with id {item}", "not_found", cls=NotFoundError)
                else:
                    continue
                break
            else:
                refused = False
            if refused:
                break  # the rows before it are all that is taken
            lengths[row] = len(v)
            flat.extend(int(i) for i in v)
        offsets = np.zeros(self.n + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return _Lists(offsets, np.array(flat, np.uint32))

    # -- dates, money, text

    def dates(self, name: str) -> Any:
        """A column of dates as packed yyyymmdd: text, a year or a date, as the one-row calls take
        them; also packed yyyymmdd (a number from 10000), and 0 or a gap for no date."""
        if name not in self.cols:
            return np.zeros(self.n, np.int32)
        column = self.cols[name]
        values, missing = _split(column)
        kind = values.dtype.kind
        if kind == "M":
            return self._datetimes(name, values, missing)
        if kind in "iufb" or kind == "O" and _infer(values, skipna=True) in NUMBERS:
            return self._packed(name, *self.whole(name, column, 0, 99991231), values)
        values = values.astype(object)
        out = np.zeros(len(values), np.int32)
        for t, bad in _by_type(values, missing):
            if _is(t, *BOOLS, *FLOATS):
                self.refuse(bad, name, "is not a date such as '2018', '2018-05' or '2018-05-03'", "wrong_type",
                            values=values, cls=WrongTypeError)
            elif _is(t, *INTS):
                numbers = np.zeros(len(values), np.int64)
                numbers[bad] = values[bad]
                out[bad] = self._packed(name, numbers, ~bad, values)[bad]
            else:  # text, datetime.date, pandas Timestamp, ...: each distinct value once
                keys, uniques = pd.factorize(np.where(bad, values, None))  # type: ignore[call-overload]
                packed = np.zeros(len(uniques) + 1, np.int32)
                for k, u in enumerate(uniques):
                    try:
                        packed[k] = _core._packed_date(u)
                    except Error as e:
                        self.refuse(keys == k, name, _cause(e), e.reason or "bad_format", values=values,
                                    quote=False)
                out[bad] = packed[keys[bad]]
        return out

    def _packed(self, name: str, numbers: Any, missing: Any, values: Any) -> Any:
        """Years (1..9999) and packed yyyymmdd as packed yyyymmdd; 0 and gaps: no date. Each
        distinct number is checked once."""
        distinct = pd.unique(numbers).astype(np.int64)
        packed = np.where(distinct < 10000, distinct * 10000, distinct)
        y, m, d = packed // 10000, packed // 100 % 100, packed % 100
        leap = (y % 4 == 0) & (y % 100 != 0) | (y % 400 == 0)
        days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.minimum(m, 12)] + (leap & (m == 2))
        good = (packed == 0) | (y >= 1) & (m <= 12) & (d <= days)
        bad = None
        if not good.all():
            bad = np.isin(numbers, distinct[~good]) & (True if missing is None else ~missing)
            self.refuse(bad, name, "is not a year or a date yyyymmdd", "out_of_range", values=values)
        out = numbers
        if np.any((distinct > 0) & (distinct < 10000)):
            out = out.astype(np.int64)
            out = np.where((out > 0) & (out < 10000), out * 10000, out)
        for gaps in (bad, missing):
            if gaps is not None:
                out = np.where(gaps, 0, out)
        return out.astype(np.int32, copy=False)

    def _datetimes(self, name: str, values: Any, missing: Any) -> Any:
        days = values.astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        years = months.astype("datetime64[Y]").astype(np.int64) + 1970
        packed = years * 10000 + (months.astype(np.int64) % 12 + 1) * 100 + (days - months).astype(np.int64) + 1
        good = (years >= 1) & (years <= 9999)
        if missing is not None:
            good |= missing
        self.refuse(~good, name, "is out of range (years 1..9999)", "out_of_range", values=values)
        return np.where(good & (True if missing is None else ~missing), packed, 0).astype(np.int32)

    def currencies(self, name: str) -> tuple[Any, Any]:
        """ISO 4217 codes as packed uint32 (its three letters' bytes, as the registry holds them),
        and where each is given (None, NaN or NA: not given). Each distinct code is checked once."""
        if name not in self.cols:
            return np.zeros(self.n, np.uint32), np.zeros(self.n, bool)
        coded = self.cols.coded(name)
        if coded is not None:  # words and codes as they are (Arrow, Categorical)
            keys, uniques = coded.codes, coded.words
        else:
            values, missing = _split(self.cols[name])
            values = values.astype(object)
            keys, uniques = pd.factorize(values if missing is None else np.where(missing, None, values))  # type: ignore[arg-type]
        packed = np.zeros(len(uniques) + 1, np.uint32)
        for k, code in enumerate(uniques):
            if isinstance(code, str) and _is_currency(code):
                packed[k] = _packed(code)
                continue
            shown = coded.values() if coded is not None else values  # only for the refusal's value
            if not isinstance(code, str):
                self.refuse(keys == k, name, "is not a currency code (text such as CNY, USD)", "wrong_type",
                            values=shown, cls=WrongTypeError)
            else:
                self.refuse(keys == k, name, "is not an ISO 4217 currency code (such as CNY, USD)", "unknown_value",
                            values=shown)
        return packed[keys], keys >= 0

    def money(self, name: str, *, required: bool = False, currency: Any = None) -> Any:
        """Money as int64 fen: `<name>_fen` (whole fen), or `<name>` (text, Decimal or Money, or int
        yuan, as Money() takes them; never a binary float or a bool). Given both, they must agree.
        `currency`: the rows' packed currencies, when each row has its own: (codes, given, own); a
        Money must be in its row's currency where `given`, else it sets it (and marks the row in `own`)."""
        fen = None
        if name + "_fen" in self.cols:
            fen, gaps = self.whole(name, self.cols[name + "_fen"], -MAX_FEN, MAX_FEN, floats=False)
            if gaps is not None:
                if required:
                    self.refuse(gaps, name, "is required", "required")
                fen = np.where(gaps, 0, fen)
            fen = fen.astype(np.int64, copy=False)
        if name not in self.cols:
            if fen is None and required:
                self.required(name, name + "_fen")
            return np.zeros(self.n, np.int64) if fen is None else fen
        given = self._money(name, self.cols[name], required, currency)
        if fen is not None:
            self.refuse(given != fen, name, f"differs from {name}_fen", "mismatch", values=_split(self.cols[name])[0])
        return given

    def _money(self, name: str, column: Any, required: bool, currency: Any = None) -> Any:
        values, missing = _split(column)
        if required and missing is not None:
            self.refuse(missing, name, "is required", "required")
        if values.dtype.kind in "iu":  # whole yuan
            return self.whole(name, column, -(MAX_FEN // 100), MAX_FEN // 100)[0].astype(np.int64) * 100
        out = np.zeros(len(values), np.int64)
        values = values.astype(object)
        for t, bad in _by_type(values, missing):
            if t is _core.Money and currency is not None:  # each row in its own currency
                codes, named, own = currency
                theirs = np.array([_packed(v.currency) for v in values[bad]], np.uint32)
                rows = np.flatnonzero(bad)
                other = np.zeros(len(values), bool)
                other[rows[named[rows] & (theirs != codes[rows])]] = True
                self.refuse(other, name, "is money in another currency than the row's", "mismatch", values=values)
                free = rows[~named[rows]]
                codes[free], own[free] = theirs[~named[rows]], True
                out[bad] = [v.minor for v in values[bad]]
            elif t is _core.Money:
                registry_currency = self.reg.currency
                other = np.array([v.currency != registry_currency for v in values[bad]])
                if other.any():  # two currencies are never added
                    self.refuse(int(np.flatnonzero(bad)[other][0]), name,
                                f"is money in another currency than the registry's ({registry_currency})", "mismatch",
                                values=values)
                out[bad] = [v.minor for v in values[bad]]
            elif _is(t, *INTS) and not _is(t, *BOOLS):
                yuan = self.whole(name, np.where(bad, values, 0), -(MAX_FEN // 100), MAX_FEN // 100)[0]
                out[bad] = yuan[bad].astype(np.int64) * 100
            elif _is(t, str, Decimal):  # each distinct value once
                keys, uniques = pd.factorize(np.where(bad, values, None))  # type: ignore[call-overload]
                fen = np.zeros(len(uniques) + 1, np.int64)
                for k, u in enumerate(uniques):
                    try:
                        fen[k] = _money(u)
                    except Error as e:
                        self.refuse(keys == k, name, _cause(e), e.reason or "bad_format", values=values, quote=False)
                out[bad] = fen[keys[bad]]
            else:
                why = ("is a binary float or a bool: money is given as text, Decimal, Money or int (yuan)"
                       if _is(t, *BOOLS, *FLOATS) else "is not money: text, Decimal, Money or int (yuan)")
                self.refuse(bad, name, why, "wrong_type", values=values, cls=WrongTypeError)
        return out

    def texts(self, name: str) -> Any:
        """Text (None, NaN or NA: empty) as str and None; None when not given. Never a number: a
        value of any other type is refused, and never quoted (text is personal)."""
        if name not in self.cols:
            return None
        values, missing = _split(self.cols[name])
        if values.dtype.kind != "U":
            values = values.astype(object)
            if _infer(values, skipna=True) not in ("string", "empty"):
                for t, bad in _by_type(values, missing):
                    if not _is(t, str):
                        self.refuse(bad, name, f"expected text, got {t.__name__}", "wrong_type",
                                    cls=WrongTypeError)
            if missing is not None:
                values[missing] = None
        self._utf8(name, values)
        return values

    def _utf8(self, name: str, values: Any) -> None:
        """Text that cannot be written as UTF-8 (a lone surrogate) is refused, as one row at a time."""
        text = [v if isinstance(v, str) else "" for v in values]
        try:
            "".join(text).encode("utf-8")
        except UnicodeEncodeError:
            for row, v in enumerate(text):
                if not v.isascii():
                    try:
                        v.encode("utf-8")
                    except UnicodeEncodeError:
                        return self.refuse(row, name, "cannot be written as UTF-8 (a lone surrogate?)", "bad_text")

    # -- the call

    def ingest(self, bulk: Callable[..., range], columns: dict[str, Any]) -> range:
        """Hands the columns to the compiled part: every row, or the rows before the refused one
        with the refusal, to be raised once the registry's rules have passed them."""
        n, refusal = self.n, None
        if self.refusal is not None:
            n, refusal = self.refusal
            columns = {k: v if v is None else v[:n] for k, v in columns.items()}
        for name, lists in list(columns.items()):
            if isinstance(lists, _Lists):
                columns[name + "_offsets"], columns[name] = lists.offsets, lists.codes
        return bulk(columns, n, self.progress, refusal, self.first_id)


class _Lists:
    """A column of lists of codes: the codes end to end, and the offsets where each row's start."""

    def __init__(self, offsets: Any, codes: Any) -> None:
        self.offsets, self.codes = offsets, codes

    def __getitem__(self, rows: slice) -> _Lists:  # the first rows
        offsets = self.offsets[: rows.stop + 1]
        return _Lists(offsets, self.codes[: offsets[-1]])


NUMBERS = ("integer", "floating", "mixed-integer-float", "boolean")  # infer_dtype's numbers (and bools)


def _packed(code: str) -> int:
    """A currency code as the registry holds it: its three letters' bytes ("USD": 0x555344)."""
    return ord(code[0]) << 16 | ord(code[1]) << 8 | ord(code[2])


def _is_currency(code: str) -> bool:
    try:
        _core.Money(0, code)
    except Error:
        return False
    return True


def _inherit(currency: Any, parent: Any, first: int, theirs: Any, n: int) -> None:
    """Sets each row's currency to its parent's, `theirs` (the registry's column of codes) or an
    earlier row's of this batch (ids from `first`), in place: chains in a few passes."""
    has = parent != NONE_ID
    if not has.any():
        return
    rows = np.flatnonzero(has)
    up = parent[rows].astype(np.int64)
    held = up < first
    if held.any() and theirs is not None:
        known = rows[held]
        stored = up[held]
        inside = stored < len(theirs)  # an id beyond the table is refused by the rules
        codes = np.frombuffer(np.ascontiguousarray(theirs).tobytes(), np.uint8).reshape(-1, 3).astype(np.uint32)
        packed = codes[:, 0] << 16 | codes[:, 1] << 8 | codes[:, 2]
        currency[known[inside]] = packed[stored[inside]]
    batch, above = rows[~held], up[~held] - first
    ok = (above >= 0) & (above < n)
    batch, above = batch[ok], above[ok]
    for _ in range(64):  # one pass per level of the deepest chain
        new = currency[above]
        if (currency[batch] == new).all():
            break
        currency[batch] = new


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _cause(e: Error) -> str:
    """A one-row conversion's refusal without its field's name: "money: cannot read ..." """
    return str(e).split(": ", 1)[-1]


def _money(value: Any) -> int:
    """Money() of text, a Decimal or Money, in fen; a Decimal written out in full is never longer
    than 40 digits (Decimal('1E+999999999') would take a gigabyte): beyond that it is refused."""
    if isinstance(value, Decimal) and value.is_finite():
        sign, digits, exponent = value.as_tuple()
        significant = "".join(map(str, digits)).rstrip("0")
        if not significant:
            return 0
        if value.adjusted() > 20:
            raise ValidationError(f"money: {value:.3E} is too large", reason="overflow")
        exponent += len(digits) - len(significant)  # type: ignore[operator]
        if exponent < -20:
            raise ValidationError(f"money: {value:.3E} is finer than a fen", reason="too_fine")
        value = Decimal((sign, tuple(map(int, significant)), exponent))
    return _core.Money(value).fen


class BulkInsertion:
    """The registry's insertions of whole tables (a part of shanhai.Registry): columns from a
    pandas or polars DataFrame, an Arrow table or a mapping of sequences, checked as the one-row
    calls check them."""

    __slots__ = ()
    _reg: _core.Registry

    def add_partners(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds partners from columns name, kind, side, parent (id), code, note, count (the unnamed
        organisations each stands for; default 1). Returns their ids."""
        b = _Batch(self, "partners", data, "name kind side parent code note count", progress)
        return b.ingest(self._reg._bulk_partners, {
            "name": b.texts("name"), "kind": b.enum("kind", _core.PartnerKind, "other"),
            "side": b.enum("side", _core.Side, "unspecified"), "parent": b.ids("parent", "partners"),
            "code": b.texts("code"),
            "note": b.texts("note"), "count": b.counts("count", np.int32, default=1)})

    def add_households(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds households from columns number, village (id), members, status, exit_year, note,
        causes (a list of names per row), address, head_name. Returns their ids."""
        b = _Batch(self, "households", data, "number village members status exit_year note causes address head_name",
                   progress)
        columns = {"number": b.texts("number"), "village": b.ids("village", "partners", required=True),
                   "members": b.counts("members", np.int32), "status": b.enum("status", _core.HouseholdStatus, "poor"),
                   "exit_year": b.counts("exit_year", np.int16), "note": b.texts("note")}
        columns.update(causes=b.code_lists("causes", _core.PovertyCause), address=b.texts("address"),
                       head_name=b.texts("head_name"))
        return b.ingest(self._reg._bulk_households, columns)

    def add_flows(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds flows from columns source, target (ids; with source_kind/target_kind: partner, project
        or household, default partner), amount (text, Decimal or Money) or amount_fen (int64), date,
        kind, stage, purpose, parent (flow id; none: -1, None or NaN), note, credited_to (pairing id),
        currency (ISO 4217 codes; none: a Money amount's, else the parent's, else the registry's, as
        add_flow), correction (True for a negative amount correcting earlier money, as add_flow). Returns
        their ids."""
        b = _Batch(self, "flows", data, "source_kind source target_kind target amount amount_fen date kind stage "
                   "purpose parent note credited_to currency correction", progress)
        columns = {}
        columns["source_kind"], columns["source"] = b.node("source", "partner", required=True)
        columns["target_kind"], columns["target"] = b.node("target", "partner", required=True)
        codes, named = b.currencies("currency")
        currency = np.where(named, codes, np.uint32(_packed(self._reg.currency)))
        own = named.copy()  # rows whose currency is said: by the column, or by a Money amount
        columns.update(amount=b.money("amount", required=True, currency=(currency, named, own)),
                       date=b.dates("date"), kind=b.enum("kind", _core.FlowKind, "other"),
                       stage=b.enum("stage", _core.Stage, "disbursement"),
                       purpose=b.enum("purpose", _core.Sector, "unspecified"), parent=b.ids("parent", "flows"),
                       note=b.texts("note"), credited_to=b.ids("credited_to", "pairings"))
        # a row without a currency of its own takes its parent's, as add_flow does
        _inherit(currency, np.where(own, NONE_ID, columns["parent"]), b.first,
                 self._reg.flows.column("currency") if len(self._reg.flows) else None, b.n)
        columns["currency"] = currency
        columns["correction"] = b.flags("correction").astype(np.uint8)
        return b.ingest(self._reg._bulk_flows, columns)

    def add_benefits(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds benefits from columns beneficiary (household id or none), via (id; via_kind: project,
        partner or flow, default project), kind, persons, households, date, amount or amount_fen, note,
        part_of (the aggregate benefit it breaks down, an earlier row)."""
        b = _Batch(self, "benefits", data, "beneficiary via_kind via kind persons households date amount amount_fen "
                   "note part_of", progress)
        columns = {"beneficiary": b.ids("beneficiary", "households")}
        columns["via_kind"], columns["via"] = b.node("via", "project", required=True)
        columns.update(kind=b.enum("kind", _core.BenefitKind, "other"), persons=b.counts("persons", np.int64),
                       households=b.counts("households", np.int64), date=b.dates("date"), amount=b.money("amount"),
                       note=b.texts("note"), part_of=b.ids("part_of", "benefits"))
        return b.ingest(self._reg._bulk_benefits, columns)

    def add_persons(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds members of households from columns household (id), relation, sex, birth_year, health,
        education, labour, note, name, id_number, phone (ID numbers and phones checked and normalised as
        add_person does, in the compiled part). Returns their ids."""
        b = _Batch(self, "persons", data, "household relation sex birth_year health education labour note name "
                   "id_number phone", progress)
        return b.ingest(self._reg._bulk_persons, {
            "household": b.ids("household", "households", required=True),
            "relation": b.enum("relation", _core.Relation, "other"),
            "sex": b.enum("sex", _core.Sex, "unspecified"), "birth_year": b.counts("birth_year", np.int16),
            "health": b.enum("health", _core.Health, "unspecified"),
            "education": b.enum("education", _core.Education, "unspecified"),
            "labour": b.enum("labour", _core.Labour, "unspecified"), "note": b.texts("note"), "name": b.texts("name"),
            "id_number": b.texts("id_number"), "phone": b.texts("phone")})

    def add_employment_records(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds a workshop's monthly employment records from columns workshop (project id), household
        and person (ids or none), worker (a key for a worker not in the registry), month, workers
        (default 1), poor (an aggregate's poor workers; default not known), wage or wage_fen, note."""
        b = _Batch(self, "employment", data, "workshop household person worker month workers poor wage wage_fen note",
                   progress)
        return b.ingest(self._reg._bulk_employment, {
            "workshop": b.ids("workshop", "projects", required=True), "household": b.ids("household", "households"),
            "person": b.ids("person", "persons"),
            "worker": b.texts("worker"), "month": b.dates("month"), "workers": b.counts("workers", np.int64, default=1),
            "poor": b.counts("poor", np.int64, default=-1), "wage": b.money("wage"), "note": b.texts("note")})

    def add_status_changes(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds changes of households' statuses from columns household (id), status, date, note: each
        change as set_status records it, never dated before the previous change of its household (an
        earlier row of the batch counts). Returns their ids."""
        b = _Batch(self, "status_changes", data, "household status date note", progress)
        for name in ("household", "status", "date"):
            b.required(name)
        return b.ingest(self._reg._bulk_status_changes, {
            "household": b.ids("household", "households", required=True),
            "status": b.enum("status", _core.HouseholdStatus, None), "date": b.dates("date"),
            "note": b.texts("note")})

    def add_pairings(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds pairings from columns a and b (ids; with a_kind/b_kind: partner or household, default
        partner), kind, since, until, note. Returns their ids."""
        b = _Batch(self, "pairings", data, "a_kind a b_kind b kind since until note", progress)
        columns = {}
        columns["a_kind"], columns["a"] = b.node("a", "partner", required=True)
        columns["b_kind"], columns["b"] = b.node("b", "partner", required=True)
        columns.update(kind=b.enum("kind", _core.PairingKind, "other"), since=b.dates("since"),
                       until=b.dates("until"), note=b.texts("note"))
        return b.ingest(self._reg._bulk_pairings, columns)

    def add_projects(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds projects from columns name, sector, location and implementer (partner ids), start, end,
        outputs (a dict of name → count per row), note. Returns their ids."""
        b = _Batch(self, "projects", data, "name sector location implementer start end outputs note", progress)
        b.required("name")
        return b.ingest(self._reg._bulk_projects, {
            "name": b.texts("name"), "sector": b.enum("sector", _core.Sector, "unspecified"),
            "location": b.ids("location", "partners"), "implementer": b.ids("implementer", "partners"),
            "start": b.dates("start"), "end": b.dates("end"), "outputs": b.outputs("outputs"),
            "note": b.texts("note")})

    def add_exchanges(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds exchanges from columns sender and host (partner ids), role, person_times, persons, batches,
        days, purpose, date, part_of (the exchange it details, an earlier row), note. Returns their ids."""
        b = _Batch(self, "exchanges", data, "sender host role person_times persons batches days purpose date part_of "
                   "note", progress)
        return b.ingest(self._reg._bulk_exchanges, {
            "sender": b.ids("sender", "partners", required=True), "host": b.ids("host", "partners", required=True),
            "role": b.enum("role", _core.Role, "other"), "person_times": b.counts("person_times", np.int64),
            "persons": b.counts("persons", np.int64), "batches": b.counts("batches", np.int32),
            "days": b.counts("days", np.int32), "purpose": b.texts("purpose"), "date": b.dates("date"),
            "part_of": b.ids("part_of", "exchanges"), "note": b.texts("note")})

    def add_trainings(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds trainings from columns organiser and location (partner ids), role, trainees, days, date,
        note, sessions, part_of (the training it breaks down, an earlier row). Returns their ids."""
        b = _Batch(self, "trainings", data, "organiser location role trainees days date note sessions part_of",
                   progress)
        b.required("trainees")
        return b.ingest(self._reg._bulk_trainings, {
            "organiser": b.ids("organiser", "partners", required=True), "location": b.ids("location", "partners"),
            "role": b.enum("role", _core.Role, "other"), "trainees": b.counts("trainees", np.int64),
            "days": b.counts("days", np.int32), "date": b.dates("date"), "note": b.texts("note"),
            "sessions": b.counts("sessions", np.int32), "part_of": b.ids("part_of", "trainings")})

    def add_labour_records(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds labour records from columns east and west (partner ids), persons, destination (partner,
        east, local, other, unknown), status (a household status; missing: every status), date, part_of
        (the record it breaks down, an earlier row), citation, note. Returns their ids."""
        b = _Batch(self, "labour", data, "east west persons destination status date part_of citation note", progress)
        b.required("persons")
        return b.ingest(self._reg._bulk_labour, {
            "east": b.ids("east", "partners", required=True), "west": b.ids("west", "partners", required=True),
            "persons": b.counts("persons", np.int64),
            "destination": b.enum("destination", _core.LabourDestination, "unknown"),
            "status": b.enum("status", _core.LabourStatus, "unspecified"), "date": b.dates("date"),
            "part_of": b.ids("part_of", "labour"), "citation": b.texts("citation"), "note": b.texts("note")})

    def add_wishes(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Publishes wishes from columns household (id), text, cost or cost_fen, date, note, batch; each
        starts open. A wishes table's own columns state, claimed_by (partner id), claimed and closed
        (dates) may be given too: each wish then moves on as claim_wish, fulfil_wish and cancel_wish
        would move it. Returns their ids."""
        b = _Batch(self, "wishes", data, "household text cost cost_fen date note batch state claimed_by claimed "
                   "closed", progress)
        b.required("text")
        batch = b.counts("batch", np.int32)  # read first, as add_wish reads it
        return b.ingest(self._reg._bulk_wishes, {
            "household": b.ids("household", "households", required=True), "text": b.texts("text"),
            "cost": b.money("cost"), "date": b.dates("date"), "note": b.texts("note"), "batch": batch,
            "state": b.enum("state", _core.WishState, "open"), "claimed_by": b.ids("claimed_by", "partners"),
            "claimed": b.dates("claimed"), "closed": b.dates("closed")})

    def add_events(self, data: _Columns, *, progress: _Progress = None) -> range:
        """Adds events from columns kind, date, partners (a list of partner ids per row), note,
        participants (0 or missing: not given). Returns their ids."""
        b = _Batch(self, "events", data, "kind date partners note participants", progress)
        b.required("kind")
        return b.ingest(self._reg._bulk_events, {
            "kind": b.enum("kind", _core.EventKind, None), "date": b.dates("date"),
            "partners": b.id_lists("partners", "partners"), "note": b.texts("note"),
            "participants": b.counts("participants", np.int64)})
