"""Reading: cells checked and converted, rows added through the public API, errors naming the cell."""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import io
import os
import re
import warnings
from decimal import Decimal
from pathlib import Path
from collections.abc import Callable, Collection
from typing import Any, NoReturn

from .. import _core, _personal
from .._errors import Error, FileError, FormatError, ValidationError, expect
from .._registry import Registry
from .columns import COLUMNS, Column, SHEET_ZH, TABLES, _INDICATOR_ZH, _NODE_TABLE, _SKIPPED_SHEETS, _UNIT_SUFFIX, _indicators, _normal, _resolve, _table_of
from .write import _path


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

class _CellError(Exception):
    """A value that cannot be read; the caller adds the address. ``reason``: as sh.Error's."""

    def __init__(self, message: str, reason: str = "bad_format") -> None:
        super().__init__(message)
        self.reason = reason


class _Sheet:
    """One table as read: where it came from, its columns and its data rows."""

    def __init__(self, table: str, file: str, sheet: str | None):
        self.table, self.file, self.sheet = table, file, sheet
        self.columns: dict[str, tuple[int, str]] = {}  # column name -> (0-based index, header as written)
        self.units: dict[str, str] = {}               # money column -> unit suffix from its header
        self.rows: list[tuple[int, list[Any]]] = []     # (row number as shown, cells)

    def where(self, row: int | None = None, column: str | None = None, value: Any = None, *,
              columns: list[str] | None = None) -> str:
        """The address: file, sheet (or table), row, column (header as written, name, letter), value."""
        parts = [self.file, f"sheet '{self.sheet}'" if self.sheet is not None else f"table '{self.table}'"]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            if column in self.columns:
                index, header = self.columns[column]
                named = f"({_letter(index)})" if header == column else f"({column}, {_letter(index)})"
                parts.append(f"column '{header}' {named}")
            else:
                parts.append(f"column '{column}' (not in the sheet)")
            parts.append("value " + _show(value))
        elif columns:
            shown = ", ".join(f"{c}={_show(self.value_of(row, c))}" for c in columns if c in self.columns)
            parts.append(f"columns {shown}" if shown else "the whole row")
        return ", ".join(parts)

    def refused(self, message: str, row: int | None = None, column: str | None = None,
                reason: str = "bad_format") -> ValidationError:
        """The error for this table, row and column (the address is in ``message``)."""
        return ValidationError(message, table=self.table, row=row, field=column, reason=reason)

    def value_of(self, row: int | None, column: str) -> Any:
        for number, cells in self.rows:
            if number == row and column in self.columns:
                return cells[self.columns[column][0]]
        return None


def _show(value: object) -> str:
    if value is None or (isinstance(value, str) and value == ""):
        return "(empty)"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return repr(value)


def _is_empty(v: object) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _parse_sheet(table: str, file: str, sheet: str | None, rows: list[tuple[int, list[Any]]]) -> _Sheet:
    s = _Sheet(table, file, sheet)
    cols = {c.name: c for c in COLUMNS[table]}
    rows = [(n, list(cells)) for n, cells in rows if not all(_is_empty(v) for v in cells)]
    if not rows:
        return s
    header_number, header = rows[0]
    for index, h in enumerate(header):
        if _is_empty(h):
            continue
        key, unit = _normal(h)
        name = _resolve(key, set(cols))
        if name is None:
            raise s.refused(
                f"{s.where(header_number)}, column {_letter(index)}: unknown column {str(h)!r} "
                f"(known: {', '.join(cols)}; or their Chinese names, see shanhai.spreadsheets)", header_number,
                str(h), "unknown_column")
        if name in s.columns:
            raise s.refused(
                f"{s.where(header_number)}, column {_letter(index)}: column {str(h)!r} repeats "
                f"'{s.columns[name][1]}' ({name})", header_number, name, "duplicate")
        if unit is not None and cols[name].type in ("money", "measure"):
            # a target's value may also be headed 目标值(%): the unit is checked against each row's indicator
            known = dict(_UNIT_SUFFIX, **({"%": "%"} if cols[name].type == "measure" else {}))
            if unit.lower() not in known:
                raise s.refused(
                    f"{s.where(header_number)}, column {_letter(index)}: unknown unit {unit!r} in header "
                    f"{str(h)!r} (known: {', '.join(['元', '万元', '亿元'] + (['%'] if '%' in known else []))})",
                    header_number, name, "unknown_value")
            s.units[name] = known[unit.lower()]
        s.columns[name] = (index, str(h).strip())
    for c in COLUMNS[table]:
        if c.required and c.name not in s.columns:
            raise s.refused(f"{s.where(header_number)}: the required column '{c.name}' is missing "
                            f"(columns: {', '.join(h for _, h in s.columns.values())})", header_number, c.name,
                            "required")
    data = rows[1:]
    # a second header row (the template's Chinese names) is skipped
    if data:
        second = data[0][1]
        cells = [v for v in second if not _is_empty(v)]
        if cells and all(isinstance(v, str) and _resolve(_normal(v)[0], set(cols)) for v in cells):
            data = data[1:]
    width = len(header)
    for n, cells in data:
        extra = [i for i, v in enumerate(cells[width:], start=width) if not _is_empty(v)]
        if extra:
            raise s.refused(f"{s.where(n)}, column {_letter(extra[0])}, value {_show(cells[extra[0]])}: "
                            "a value in a column without a header", n, reason="unknown_column")
        unnamed = [i for i, v in enumerate(cells[:width]) if not _is_empty(v) and _is_empty(header[i])]
        if unnamed:
            raise s.refused(f"{s.where(n)}, column {_letter(unnamed[0])}, value {_show(cells[unnamed[0]])}: "
                            "a value in a column without a header", n, reason="unknown_column")
        s.rows.append((n, cells + [None] * (width - len(cells))))
    return s


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(index + 1)
    return letter


# ---- cell values ----------------------------------------------------------------------------

def _whole(v: Any, what: str = "a whole number") -> int | None:
    out = _whole_any(v, what)
    if out is not None and not -(2**63) <= out < 2**63:
        raise _CellError(f"{out} is out of range", "out_of_range")
    return out


def _whole_any(v: Any, what: str) -> int | None:
    if _is_empty(v):
        return None
    if isinstance(v, bool):
        raise _CellError(f"expected {what}, got {v!r}")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v.is_integer():
            return int(v)
        raise _CellError(f"expected {what}")
    if isinstance(v, str):
        text = v.strip().replace(",", "")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d+\.0*", text):
            return int(text.split(".")[0])
    raise _CellError(f"expected {what}")


def _text(v: Any) -> str | None:
    if v is None or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        raise _CellError("expected text")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if abs(v) >= 1e15 or v != v:
            raise _CellError("a long number typed as a number has lost its last digits in Excel; "
                             "type it as text")
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, (_dt.datetime, _dt.date)):
        raise _CellError("expected text, got a date")
    return str(v)


def _code(v: Any) -> str | None:
    text = _text(v)
    return None if text is None else text.strip()


def _money(v: Any, unit: str) -> _core.Money | None:
    if _is_empty(v):
        return None
    if isinstance(v, bool):
        raise _CellError("expected money")
    if isinstance(v, int):
        text = str(v)
    elif isinstance(v, float):
        text = repr(v)
        if "e" in text or "E" in text or "inf" in text or "nan" in text:
            raise _CellError("expected money; type it as text, such as '9840000.00' or '984万'")
    elif isinstance(v, Decimal):
        text = format(v, "f")
    elif isinstance(v, str):
        text = v.strip()
    else:
        raise _CellError("expected money")
    if unit and re.fullmatch(r"[+-]?[\d,]*\.?\d*", text):
        text += unit
    try:
        return _core.Money(text)
    except ValidationError as e:
        raise _CellError(str(e).removeprefix("money: "), e.reason or "bad_format") from None


def _date(v: Any) -> str | None:
    if _is_empty(v):
        return None
    if isinstance(v, bool):
        raise _CellError("expected a date such as 2018, 2018-05 or 2018-05-03")
    if isinstance(v, _dt.datetime):
        if v.time() != _dt.time():
            raise _CellError("expected a date without a time of day")
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, (int, float)):
        year = _whole(v, "a date such as 2018, 2018-05 or 2018-05-03")
        return str(year)
    if isinstance(v, str):
        return v.strip()
    raise _CellError("expected a date such as 2018, 2018-05 or 2018-05-03")


def _enum_label(enum: type) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", enum.__name__).lower()


def _relations() -> dict[str, str]:
    kin = {"户主": "head", "本人": "head", "配偶": "spouse", "子": "child", "女": "child", "儿子": "child",
           "女儿": "child", "儿媳": "child_in_law", "女婿": "child_in_law", "孙子": "grandchild",
           "孙女": "grandchild", "外孙子": "grandchild", "外孙女": "grandchild", "父": "parent", "母": "parent",
           "父亲": "parent", "母亲": "parent", "祖父": "grandparent", "祖母": "grandparent",
           "外祖父": "grandparent", "外祖母": "grandparent", "兄弟姐妹": "sibling", "兄": "sibling", "弟": "sibling",
           "姐": "sibling", "妹": "sibling", "其他": "other"}
    return {**kin, **{"之" + k: v for k, v in kin.items() if k not in ("户主", "本人", "配偶", "其他")}}


# The household registry's (建档立卡) own terms for enumeration values, read beside the API's names.
_ENUM_ZH: dict[str, dict[str, str]] = {
    "Side": {"东部": "east", "西部": "west"},
    "HouseholdStatus": {"贫困户": "poor", "建档立卡贫困户": "poor", "特困户": "extremely_poor", "特困": "extremely_poor",
                        "已脱贫": "exited", "脱贫户": "exited", "已脱贫户": "exited", "监测户": "monitored",
                        "监测对象": "monitored", "脱贫不稳定户": "unstable", "边缘易致贫户": "marginal",
                        "突发严重困难户": "hardship"},
    "PovertyCause": {"因病": "illness", "因残": "disability", "因学": "schooling", "因灾": "disaster",
                     "缺土地": "lack_of_land", "缺水": "lack_of_water", "缺技术": "lack_of_skills",
                     "缺劳力": "lack_of_labour", "缺劳动力": "lack_of_labour", "缺资金": "lack_of_funds",
                     "交通条件落后": "poor_transport", "自身发展动力不足": "lack_of_drive", "其他": "other"},
    "Relation": _relations(),
    "Sex": {"男": "male", "女": "female", "男性": "male", "女性": "female"},
    "Health": {"健康": "healthy", "长期慢性病": "chronic_illness", "慢性病": "chronic_illness",
               "患有大病": "serious_illness", "大病": "serious_illness", "残疾": "disabled"},
    "Education": {"学龄前儿童": "preschool", "学前": "preschool", "文盲或半文盲": "illiterate", "文盲": "illiterate",
                  "半文盲": "illiterate", "小学": "primary", "初中": "junior_secondary", "高中": "senior_secondary",
                  "中专": "vocational", "中职": "vocational", "职高": "vocational", "大专及以上": "tertiary",
                  "大专": "tertiary", "本科": "tertiary", "本科及以上": "tertiary"},
    "Labour": {"普通劳动力": "able", "技能劳动力": "skilled", "弱劳动力或半劳动力": "weak", "弱劳动力": "weak",
               "半劳动力": "weak", "丧失劳动力": "lost", "无劳动力": "none"},
}


def _enum(v: Any, enum: Any) -> str | None:
    if _is_empty(v):
        return None
    zh = _ENUM_ZH.get(enum.__name__, {})
    known = ", ".join(enum.__members__) + (f"; or 中文: {', '.join(dict.fromkeys(zh))}" if zh else "")
    if not isinstance(v, str):
        raise _CellError(f"expected a {_enum_label(enum)} name (known: {known})")
    key = re.sub(r"[\s\-]+", "_", v.strip()).lower()
    key = zh.get(v.strip(), key)
    if key not in enum.__members__:
        raise _CellError(f"unknown {_enum_label(enum)} {v.strip()!r} (known: {known})", "unknown_value")
    return key


def _indicator(v: Any) -> str | None:
    if _is_empty(v):
        return None
    if not isinstance(v, str):
        raise _CellError("expected a report indicator such as 'funds.total'")
    known = _indicators()
    text = v.strip()
    key = _INDICATOR_ZH.get(text, text.lower())
    if key not in known:
        import difflib

        near = difflib.get_close_matches(text.lower(), list(known), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else " (the report's keys are in the guide's report table)"
        raise _CellError(f"unknown report indicator {text!r}{hint}")
    return key


def _measure(v: Any, key: str, unit: str) -> Any:
    """A target's value in the terms of its indicator: Money, a percent (or days) as the API takes
    it, or a whole number. Never rounded."""
    if _is_empty(v):
        return None
    terms = _indicators()[key]
    if terms == "money":
        if unit == "%":
            raise _CellError(f"'{key}' is money, but the header gives percent")
        return _money(v, unit)
    if unit in ("万", "亿"):
        raise _CellError(f"'{key}' is not money, but the header gives {unit}元")
    if terms == "count":
        return _whole(v, f"a whole number ('{key}' is a count)")
    # a ratio: a number in percent (or days for a mean), kept to the hundredth the report shows
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal, str)):
        raise _CellError(f"expected a number ('{key}' is a ratio, such as 45.5)")
    text = repr(v) if isinstance(v, float) else str(v).strip().removesuffix("%").replace(",", "").strip()
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise _CellError(f"expected a number ('{key}' is a ratio, such as 45.5)") from None
    if not number.is_finite():
        raise _CellError(f"expected a number ('{key}' is a ratio, such as 45.5)")
    if number != number.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        raise _CellError(f"{text} is finer than a hundredth, as the report gives '{key}'; it is never rounded")
    # the API takes a ratio as a number; two decimals survive a float exactly to the hundredth
    return int(number) if number == number.to_integral_value() else float(number)


def _split(v: Any) -> list[str]:
    if _is_empty(v):
        return []
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return [str(_whole(v))]
    if not isinstance(v, str):
        raise _CellError("expected a list separated by ;")
    return [p.strip() for p in re.split(r"[;；,，、\n]", v) if p.strip()]


def _outputs(v: Any) -> dict[str, int] | None:
    if _is_empty(v):
        return None
    if not isinstance(v, str):
        raise _CellError("expected outputs such as 'workshops=20; km_road=12'")
    text = v.strip()
    if text.startswith("{"):
        import json

        try:
            out: dict[str, int] = json.loads(text)
        except ValueError as e:
            raise _CellError(f"cannot read the outputs as JSON: {e}") from None
        if not isinstance(out, dict) or not all(isinstance(n, int) and not isinstance(n, bool) for n in out.values()):
            raise _CellError("expected a JSON object of name → whole number")
        return out
    out: dict[str, int] = {}  # type: ignore[no-redef]
    for part in re.split(r"[;；\n]", text):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(.+?)\s*[=:：]\s*([+-]?\d+)\s*", part)
        if not m:
            raise _CellError(f"cannot read {part.strip()!r}: expected name=count, such as 'workshops=20'")
        if m.group(1) in out:
            raise _CellError(f"output {m.group(1)!r} is given twice")
        out[m.group(1)] = int(m.group(2))
    return out


# ---- building the registry ------------------------------------------------------------------

class _Builder:
    def __init__(self, sheets: dict[str, _Sheet], excel: bool) -> None:
        self.sheets = sheets
        self.excel = excel
        self.reg = Registry()
        self.handles: dict[str, dict[int, Any]] = {t: {} for t in TABLES}
        self.ids: dict[str, set[int]] = {}

    # the value of a cell, converted; errors carry the address
    def cell(self, s: _Sheet, number: int, cells: list[Any], c: Column) -> Any:
        if c.name not in s.columns:
            return None
        raw = cells[s.columns[c.name][0]]
        try:
            value = self.convert(s, c, raw, cells)
        except _CellError as e:
            raise s.refused(f"{s.where(number, c.name, raw)}: {e}", number, c.name, e.reason) from None
        if c.required and value is None:
            raise s.refused(f"{s.where(number, c.name, raw)}: the column '{c.name}' is required", number, c.name,
                            "required")
        return value

    def convert(self, s: _Sheet, c: Column, raw: Any, cells: list[Any]) -> Any:
        t = c.type
        if t == "id":
            v = _whole(raw, "a whole number id")
            if v is not None and v < 0:
                raise _CellError("an id must not be negative", "negative")
            return v
        if t == "ref":
            v = _whole(raw, f"the id of a row of '{c.target}'")
            return None if v is None else self.lookup(c.target, v, s.table)
        if t == "node_kind":
            if _is_empty(raw):
                return None
            kind = _enum_like(raw, c.target)
            return kind
        if t == "node":
            v = _whole(raw, "an id")
            if v is None:
                return None
            kind_col = c.name + "_kind"
            kind = "partner"
            if kind_col in s.columns:
                kind_raw = cells[s.columns[kind_col][0]]
                if not _is_empty(kind_raw):
                    try:
                        kind = _enum_like(kind_raw, c.target)
                    except _CellError:
                        kind = None  # type: ignore[assignment]
                    if kind is None:  # reported on the kind column itself
                        raise _KindError(kind_col, kind_raw, f"expected one of: {', '.join(c.target)}")
            if kind not in c.target:
                raise _CellError(f"a {kind} cannot be here (expected: {', '.join(c.target)})")
            return self.lookup(_NODE_TABLE[kind], v, s.table)
        if t == "text":
            v = _text(raw)  # type: ignore[assignment]
            if v and _personal.CLASSES.get(s.table, {}).get(c.name) == "identifier" and _personal.masked(v):  # type: ignore[arg-type]
                raise _CellError("is a masked value, not the value itself (an export written with personal='mask'); "
                                 "read one written with personal='show'", "bad_format")
            return v
        if t == "code":
            return _code(raw)
        if t == "enum":
            return _enum(raw, c.target)
        if t == "enums":
            out = [_enum(p, c.target) for p in _split(raw)]
            return out or None
        if t == "money":
            return _money(raw, s.units.get(c.name, ""))
        if t == "date":
            return _date(raw)
        if t in ("count", "year"):
            v = _whole(raw)
            return v or None
        if t == "whole":
            return _whole(raw)
        if t == "indicator":
            return _indicator(raw)
        if t == "measure":
            if _is_empty(raw):
                return None
            try:
                key = _indicator(cells[s.columns["key"][0]])
            except _CellError:
                key = None
            if key is None:  # the key's own cell is refused first; this is a safety net
                raise _CellError("the row's indicator (key) is not known")
            return _measure(raw, key, s.units.get(c.name, ""))
        if t == "refs":
            out = []
            for p in _split(raw):
                try:
                    i = int(p)
                except ValueError:
                    raise _CellError(f"cannot read {p!r} as the id of a row of '{c.target}'") from None
                out.append(self.lookup(c.target, i, s.table))
            return out or None
        if t == "outputs":
            return _outputs(raw)
        raise AssertionError(t)  # pragma: no cover

    def lookup(self, table: str, i: int, current: str) -> Any:
        found = self.handles[table].get(i)
        if found is not None:
            return found
        if table == current and i in self.ids.get(table, ()):
            raise _CellError(f"row {i} of '{table}' comes later: a row can only point to a smaller id", "order")
        where = "sheet" if self.excel else "file"
        raise _CellError(f"no row with id {i} in the {where} '{table}'", "not_found")

    def build(self) -> Registry:
        for table in TABLES:
            s = self.sheets.get(table)
            if s is None:
                continue
            self.add_table(s)
        return self.reg

    def add_table(self, s: _Sheet) -> None:
        table = s.table
        id_col = next(c for c in COLUMNS[table] if c.name == "id")
        ordered = []
        seen: dict[int, int] = {}
        for number, cells in s.rows:
            i = self.cell(s, number, cells, id_col)
            if i in seen:
                raise s.refused(f"{s.where(number, 'id', cells[s.columns['id'][0]])}: id {i} is already "
                                f"used in row {seen[i]}", number, "id", "duplicate")
            seen[i] = number
            ordered.append((i, number, cells))
        self.ids[table] = set(seen)
        ordered.sort(key=lambda r: r[0])
        add = getattr(self, "add_" + table)
        for i, number, cells in ordered:
            values = {}
            for c in COLUMNS[table]:
                if c.type in ("id", "node_kind"):
                    continue
                try:
                    values[c.name] = self.cell(s, number, cells, c)
                except _KindError as e:
                    raw = e.args[1]
                    raise s.refused(f"{s.where(number, e.args[0], raw)}: {e.args[2]}", number, e.args[0],
                                    "unknown_value") from None
            try:
                handle = add(values, s, number)
            except _Refused as e:
                message, column, reason = e.args
                raise s.refused(message, number, column, reason) from None
            except Error as e:
                column = e.field
                if column is not None and column in s.columns:
                    raise s.refused(f"{s.where(number, column, s.value_of(number, column))}: {e}", number, column,
                                    e.reason) from None  # type: ignore[arg-type]
                involved = _row_columns(table)
                raise s.refused(f"{s.where(number, columns=involved)}: {e}", number, column, e.reason) from None  # type: ignore[arg-type]
            if handle is not None:
                self.handles[table][i] = handle

    # one method per table: the public API, keyword for keyword
    def add_partners(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_partner(v["name"], kind=v["kind"] or "other", side=v["side"], parent=v["parent"],
                                    code=v["code"], note=v["note"], count=1 if v["count"] is None else v["count"])

    def add_projects(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_project(v["name"], sector=v["sector"] or "unspecified", location=v["location"],
                                    implementer=v["implementer"], start=v["start"], end=v["end"],
                                    outputs=v["outputs"], note=v["note"])

    def add_households(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_household(v["number"], village=v["village"], members=v["members"],
                                      status=v["status"] or "poor", exit_year=v["exit_year"], note=v["note"],
                                      causes=v["causes"], address=v["address"], head_name=v["head_name"])

    def add_persons(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_person(v["household"], relation=v["relation"] or "other",
                                   sex=v["sex"] or "unspecified", birth_year=v["birth_year"],
                                   health=v["health"] or "unspecified", education=v["education"] or "unspecified",
                                   labour=v["labour"] or "unspecified", note=v["note"], name=v["name"],
                                   id_number=v["id_number"], phone=v["phone"])

    def add_status_changes(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.set_status(v["household"], v["status"], date=v["date"], note=v["note"])

    def add_employment(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_employment(v["workshop"], household=v["household"], person=v["person"],
                                       worker=v["worker"], month=v["month"], workers=v["workers"], poor=v["poor"],
                                       wage=v["wage"], note=v["note"])

    def add_targets(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        if v["baseline"] is None and v["baseline_year"] is not None:  # the API would drop the year
            raise _Refused(f"{s.where(n, 'baseline_year', s.value_of(n, 'baseline_year'))}: a baseline year "
                           "without a baseline (fill in baseline, or leave both empty)", "baseline_year", "required")
        return self.reg.set_target(v["key"], v["year"], v["value"], baseline=v["baseline"],
                                   baseline_year=v["baseline_year"], note=v["note"], east=v["east"],
                                   west=v["west"])

    def add_flows(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        if v["correction"] not in (None, 0, 1):
            raise _Refused(f"{s.where(n, 'correction', s.value_of(n, 'correction'))}: expected 1 (a correction) or "
                           "nothing", "correction", "out_of_range")
        return self.reg.add_flow(v["source"], v["target"], v["amount"], date=v["date"], kind=v["kind"] or "other",
                                 stage=v["stage"] or "disbursement", purpose=v["purpose"] or "unspecified",
                                 parent=v["parent"], note=v["note"], credited_to=v["credited_to"],
                                 currency=v["currency"], correction=v["correction"] == 1)

    def add_pairings(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.pair(v["a"], v["b"], kind=v["kind"] or "other", since=v["since"], until=v["until"],
                             note=v["note"])

    def add_benefits(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_benefit(v["beneficiary"], via=v["via"], kind=v["kind"] or "other",
                                    persons=v["persons"], households=v["households"], date=v["date"],
                                    amount=v["amount"], part_of=v["part_of"], note=v["note"])

    def add_exchanges(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_exchange(v["sender"], v["host"], role=v["role"] or "other",
                                     person_times=v["person_times"], persons=v["persons"], batches=v["batches"],
                                     days=v["days"], purpose=v["purpose"], date=v["date"], part_of=v["part_of"],
                                     note=v["note"])

    def add_trainings(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_training(v["organiser"], location=v["location"], role=v["role"] or "other",
                                     trainees=v["trainees"], days=v["days"], date=v["date"],
                                     sessions=v["sessions"], part_of=v["part_of"], note=v["note"])

    def add_labour(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_labour(v["east"], v["west"], persons=v["persons"],
                                   destination=v["destination"] or "unknown", status=v["status"], date=v["date"],
                                   part_of=v["part_of"], citation=v["citation"], note=v["note"])

    def add_wishes(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        state = v["state"] or "open"

        def refuse(column: str, why: str) -> NoReturn:
            raise _Refused(f"{s.where(n, column, s.value_of(n, column))}: {why}", column, "state")

        if state == "open":
            for column in ("claimed_by", "claimed", "closed"):
                if v[column] is not None:
                    refuse(column, "an open wish has no donor, claim date or close date (is the state right?)")
        if state in ("claimed", "fulfilled") and v["claimed_by"] is None:
            refuse("claimed_by", f"a {state} wish needs the donor who claimed it")
        if state == "claimed" and v["closed"] is not None:
            refuse("closed", "a claimed wish is not closed yet (is the state right?)")
        if state == "cancelled" and v["claimed_by"] is None and v["claimed"] is not None:
            refuse("claimed", "a claim date without a donor (claimed_by)")
        w = self.reg.add_wish(v["household"], v["text"], cost=v["cost"], date=v["date"], note=v["note"],
                              batch=v["batch"])
        if v["claimed_by"] is not None:
            _columns_of(self.reg.claim_wish, {"by": "claimed_by", "date": "claimed"})(w, by=v["claimed_by"],
                                                                                     date=v["claimed"])
        if state == "fulfilled":
            _columns_of(self.reg.fulfil_wish, {"date": "closed"})(w, date=v["closed"])
        elif state == "cancelled":
            _columns_of(self.reg.cancel_wish, {"date": "closed"})(w, date=v["closed"])
        return w

    def add_events(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_event(v["kind"], date=v["date"], partners=v["partners"], note=v["note"],
                                  participants=v["participants"])

    def add_expectations(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        if v["key"] is not None:
            flow_filters = [c for c in ("amount", "source", "target", "kind", "purpose", "boundary", "origin")
                            if v[c] is not None] + (["stage"] if v["stage"] not in (None, "disbursement") else [])
            if flow_filters:
                raise _Refused(f"{s.where(n, flow_filters[0], s.value_of(n, flow_filters[0]))}: a figure of an indicator "
                               f"(key) takes east and west, not the filters of money of flows ({', '.join(flow_filters)})",
                               flow_filters[0], "mismatch")
            return self.reg.expect(v["key"], v["value"], year=v["year"], east=v["east"], west=v["west"],
                                   qualifier=v["qualifier"], citation=v["citation"])
        if v["amount"] is None:
            raise _Refused(f"{s.where(n, 'amount', None)}: a published figure needs a key and value, or an amount",
                           "amount", "required")
        self.reg.expect_total(v["amount"], source=v["source"], target=v["target"], year=v["year"], kind=v["kind"],
                              purpose=v["purpose"], stage=v["stage"] or "disbursement", boundary=v["boundary"],
                              origin=v["origin"], citation=v["citation"], qualifier=v["qualifier"])
        return True


    def add_figures(self, v: dict[str, Any], s: _Sheet, n: int) -> Any:
        return self.reg.add_figure(v["key"], v["value"], year=v["year"], east=v["east"], west=v["west"],
                                   qualifier=v["qualifier"], part_of=v["part_of"], citation=v["citation"],
                                   note=v["note"])


class _Refused(Exception):
    """A row refused: (message with its full address, column, reason)."""


class _KindError(Exception):
    """A node's kind column holds an unknown table: (kind column, value, reason)."""


def _enum_like(raw: Any, allowed: Collection[str]) -> str:
    if not isinstance(raw, str):
        raise _CellError(f"expected one of: {', '.join(allowed)}")
    key = raw.strip().lower()
    key = {"单位": "partner", "项目": "project", "农户": "household", "资金": "flow"}.get(key, key)
    if key.endswith("s") and key[:-1] in _NODE_TABLE:
        key = key[:-1]
    if key not in allowed:
        raise _CellError(f"expected one of: {', '.join(allowed)}")
    return key


def _columns_of(call: Callable[..., Any], columns: dict[Any, str]) -> Callable[..., Any]:
    """``call`` with the fields its errors name as the wish table's columns ("date" of claim_wish
    is the column claimed)."""

    def named(*args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except Error as e:
            e.field = columns.get(e.field, e.field)
            raise

    return named


def _row_columns(table: str) -> list[str]:
    if table == "benefits":
        return ["beneficiary", "persons", "households"]
    return [c.name for c in COLUMNS[table] if c.type not in ("id", "node_kind")]


# ---- files ----------------------------------------------------------------------------------

def _check_exists(path: Path, what: str, field: str) -> None:
    if not path.exists():
        raise FileError(f"{path}: no such {what}", field=field, reason="io")


def _shown(cell: Any) -> Any:
    """A cell's value; a number in a percent format as the text it shows."""
    v = cell.value
    # Excel stores a typed "45.5%" as 0.455: read it as typed, never as 0.455 percent
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in (getattr(cell, "number_format", "") or ""):
        return f"{(Decimal(repr(v)) * 100).normalize():f}%"
    return v


# A workbook is a zip file of XML parts; openpyxl inflates them only after these limits are
# checked against what the zip's directory declares (and Python's zipfile never gives more than
# that, refusing a part that inflates to more or less than declared).
_MAX_INFLATED = 2**30  # bytes of all parts together: far beyond a workbook of a million rows
_MAX_RATIO = 100       # a part of more than 1 MiB that inflates more: a zip bomb, not a sheet
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _check_inflated_sizes(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip file: openpyxl says so
    for part in parts:
        if part.file_size > 2**20 and part.file_size > _MAX_RATIO * max(part.compress_size, 1):
            raise FormatError(f"{path}: not read: its part {part.filename!r} would inflate from {part.compress_size:,} "
                              f"to {part.file_size:,} bytes ({part.file_size // max(part.compress_size, 1):,}:1), "
                              f"like a zip bomb; a workbook's parts inflate less than {_MAX_RATIO}:1",
                              reason="bad_format")
    total = sum(p.file_size for p in parts)
    if total > _MAX_INFLATED:
        raise FormatError(f"{path}: not read: its parts would inflate to {total:,} bytes (at most {_MAX_INFLATED:,})",
                          reason="bad_format")


def _sheet_parts(z: Any) -> dict[str, str]:
    """The zip part of each worksheet of a workbook, by sheet name."""
    from lxml import etree

    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {r.get("Id"): r.get("Target") for r in etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    parts = {}
    for sheet in etree.fromstring(z.read("xl/workbook.xml")).iter(f"{_SHEET_NS}sheet"):
        target = targets.get(sheet.get(rel), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _check_formulas(path: Path, sheets: dict[str, _Sheet]) -> None:
    """Refuses a formula cell that does not carry the value Excel saved with it (a workbook a
    program wrote and no spreadsheet has opened since), or whose value is an error: openpyxl
    would read either as an empty cell or as text."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        for name, part in _sheet_parts(z).items():
            s = next((s for s in sheets.values() if s.sheet == name), None)
            if s is None or part not in z.namelist():
                continue
            with z.open(part) as f:
                for _, cell in etree.iterparse(f, tag=f"{_SHEET_NS}c"):
                    formula, value = cell.find(f"{_SHEET_NS}f"), cell.find(f"{_SHEET_NS}v")
                    # openpyxl writes an empty value, other programs none; a text result may be empty
                    missing = value is None or (not value.text and cell.get("t") != "str")
                    if formula is not None and (missing or cell.get("t") == "e"):
                        ref = cell.get("r") or "?"
                        shown = f"a formula (={formula.text})" if formula.text else "a formula"
                        why = (f"{shown} whose value is an error ({value.text})" if not missing else
                               f"{shown} saved without its value: open the workbook in Excel or LibreOffice "
                               "and save it (they save each formula's value), or type the value")
                        row = int(re.sub(r"\D", "", ref) or 0) or None
                        raise ValidationError(f"{path}, sheet '{name}', cell {ref}: {why}", table=s.table, row=row,
                                              reason="bad_format")
                    cell.clear()


def read_excel(path: str | os.PathLike[str]) -> Registry:
    """A new Registry from an .xlsx workbook with one sheet per table (see the module's docs).

    Every error names the file, sheet, row, column and value (ValidationError); a file that is
    not a workbook raises FormatError. A formula cell is read as the value saved with it; one
    saved without a value, or with an error, is refused naming the cell. A workbook whose parts
    would inflate beyond reason (a zip bomb) is refused before any is inflated. Nothing is kept
    from a failed import."""
    path = _path(path, "path")
    _check_exists(path, "file", "path")
    if path.is_dir():
        raise FileError(f"{path}: is a folder, not a workbook (read_csv reads a folder of CSV files)", field="path",
                        reason="io")
    from openpyxl import load_workbook

    _check_inflated_sizes(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            wb = load_workbook(path, data_only=True)
    except OSError as e:
        raise FileError(f"{path}: cannot read the file: {e.strerror or e}", field="path", reason="io") from e
    except Exception as e:
        hint = " (an old .xls workbook? save it as .xlsx)" if path.suffix.lower() == ".xls" else ""
        raise FormatError(f"{path}: not a readable .xlsx workbook{hint}: {type(e).__name__}: {e}", field="path",
                          reason="bad_format") from None
    try:
        sheets: dict[str, _Sheet] = {}
        for ws in wb.worksheets:
            name = ws.title
            table = _table_of(name)
            if table is None:
                if name.strip().lower() in _SKIPPED_SHEETS or name.strip() in _SKIPPED_SHEETS:
                    continue
                known = ", ".join(f"{t} ({SHEET_ZH[t]})" for t in TABLES)
                raise ValidationError(f"{path}, sheet '{name}': unknown sheet (known: {known}; "
                                      "a sheet named notes or 说明 is skipped)", reason="unknown_value")
            if table in sheets:
                raise ValidationError(f"{path}, sheet '{name}': a second sheet for '{table}' "
                                      f"(the first is '{sheets[table].sheet}')", table=table, reason="duplicate")
            rows = [(i, [_shown(c) for c in r]) for i, r in enumerate(ws.iter_rows(), start=1)]
            sheets[table] = _parse_sheet(table, str(path), name, rows)
    finally:
        wb.close()
    _check_formulas(path, sheets)
    return _Builder(sheets, excel=True).build()


def _decoded(path: Path, data: bytes, encoding: str | None) -> str:
    """The text of a CSV file: UTF-8 (a byte-order mark is skipped) unless ``encoding`` says
    otherwise; bytes that are not in the encoding are refused, never guessed at."""
    name = "utf-8" if encoding is None else encoding
    try:
        utf8 = codecs.lookup(name).name == "utf-8"
    except LookupError:
        raise ValidationError(f"read_csv: unknown encoding {encoding!r} (such as 'utf-8', 'gb18030', 'big5', "
                              "'latin-1')", field="encoding", value=str(encoding), reason="unknown_value") from None
    skip = len(codecs.BOM_UTF8) if utf8 and data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode(name)
    except UnicodeDecodeError as e:
        at = skip + e.start
        hint = (" (give read_csv the file's encoding: encoding='gb18030' for what Chinese Excel saves, "
                "'big5', 'latin-1', ...)" if encoding is None else "")
        line = data.count(b"\n", 0, at) + 1
        raise FormatError(f"{path}: byte {at} (line {line}) is 0x{data[at]:02X}, which is not {name} text{hint}",
                          field="folder", reason="bad_text") from None


def _read_csv_file(path: Path, encoding: str | None, escape: bool) -> list[tuple[int, list[Any]]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise FileError(f"{path}: cannot read the file: {e.strerror or e}", field="folder", reason="io") from e
    if b"\x00" in data:
        raise FormatError(f"{path}: not a CSV text file (it holds NUL bytes)", field="folder", reason="bad_format")
    reader = csv.reader(io.StringIO(_decoded(path, data, encoding), newline=""), strict=True)
    rows: list[list[str]] = []
    first_line = 1  # of the row being read
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            at = f"{path}, row {len(rows) + 1} (from line {first_line})"
            if "unexpected end of data" in str(e):
                raise FormatError(f"{at}: a quote opened in this row is never closed (the rest of the file would "
                                  "be one cell)", row=len(rows) + 1, reason="bad_format") from None
            raise FormatError(f"{at}: not readable as CSV: {e} (a quote inside a quoted cell is written twice)",
                              row=len(rows) + 1, reason="bad_format") from None
        rows.append(row)
        first_line = reader.line_num + 1

    def cell(v: str) -> str | None:
        v = v[1:] if escape and v.startswith("'") else v
        return v or None

    return [(i, [cell(v) for v in r]) for i, r in enumerate(rows, start=1)]


def read_csv(folder: str | os.PathLike[str], *, encoding: str | None = None, escape: bool = True) -> Registry:
    """A new Registry from a folder of CSV files, one per table (``partners.csv``, ``flows.csv``,
    ...; Chinese names such as ``资金.csv`` too). A missing file is an empty table.

    ``encoding``: the files' text encoding, UTF-8 by default (with or without a byte-order mark);
    Chinese Excel saves CSV as ``"gb18030"``, others may be ``"big5"`` or ``"latin-1"``. A byte
    that is not in the encoding is refused, naming the file and the byte. ``escape`` (as
    ``to_csv`` writes): a cell's leading apostrophe is taken away. A quote that is never closed
    is refused, naming the row where it opens.

    Every error names the file, row, column and value (ValidationError); nothing is kept from a
    failed import."""
    folder = _path(folder, "folder")
    expect(escape, bool, "escape", f"read_csv escape: expected True or False, got {escape!r}")
    if encoding is not None:
        expect(encoding, str, "encoding", f"read_csv encoding: expected the name of an encoding, got {encoding!r}")
    _decoded(folder, b"", encoding)  # an unknown encoding is refused before any file is read
    _check_exists(folder, "folder", "folder")
    if not folder.is_dir():
        raise FileError(f"{folder}: is a file, not a folder of CSV files (read_excel reads a workbook)", field="folder",
                        reason="io")
    sheets: dict[str, _Sheet] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and not p.name.startswith("."))
    for p in files:
        table = _table_of(p.stem)
        if table is None:
            if p.stem.strip().lower() in _SKIPPED_SHEETS:
                continue
            known = ", ".join(f"{t}.csv" for t in TABLES)
            raise ValidationError(f"{p}: unknown table file (known: {known}, or their Chinese names; "
                                  "notes.csv is skipped)", field="folder", reason="unknown_value")
        if table in sheets:
            raise ValidationError(f"{p}: a second file for '{table}' (the first is {sheets[table].file})",
                                  table=table, field="folder", reason="duplicate")
        sheets[table] = _parse_sheet(table, str(p), None, _read_csv_file(p, encoding, escape))
    if not sheets:
        raise FormatError(f"{folder}: no table files (partners.csv, flows.csv, ...) in the folder", field="folder",
                          reason="bad_format")
    return _Builder(sheets, excel=False).build()
