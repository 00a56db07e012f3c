"""Writing: every table as rows of cells, the workbook (to_excel) and the CSV folder (to_csv)."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
from pathlib import Path
from typing import Any

from .. import _core, _personal
from .._errors import FileError, ValidationError, expect
from .._registry import Registry
from .columns import COLUMNS, Column, TABLES, _indicators, _table, chinese_header
from .template import _fixed_timestamps, _notes_sheet


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def _hundredths(v: int) -> str:
    whole, part = divmod(v, 100)
    return f"{whole}.{part:02d}"


def _measure_text(key: str, v: int) -> str | int:
    """A target's stored value as written: yuan text, a percent (or days) with two decimals, or a count."""
    terms = _indicators().get(key, "count")
    if terms == "money":
        return _yuan(v)
    if terms == "ratio":
        return _hundredths(v)
    return v


def _outputs_text(outputs: dict[str, int]) -> str:
    plain = all(re.fullmatch(r"[^=;:,，；：\n{}]+", k) and k == k.strip() for k in outputs)
    if plain:
        return "; ".join(f"{k}={v}" for k, v in outputs.items())
    import json

    return json.dumps(outputs, ensure_ascii=False)


def _expectation_columns(reg: Registry) -> dict[str, list[Any]]:
    """The expectations table under its sheet's column names (kind, purpose), read from its view:
    a figure of an indicator (key given) has none of the filters of money of flows."""
    raw = reg.expectations._raw_columns()
    keys: list[str] = raw["key"]

    def money_only(values: list[Any], blank: Any = None) -> list[Any]:  # blank for an indicator's figure
        return [blank if k else v for k, v in zip(keys, values)]

    return {
        "key": keys,
        "value": raw["value"],
        "east": raw["east"],
        "west": raw["west"],
        "amount": money_only(raw["amount"]),
        "source": money_only(raw["source"], (None, None)),
        "target": money_only(raw["target"], (None, None)),
        "year": raw["year"],
        "kind": money_only(raw["kinds"]),
        "purpose": money_only(raw["purposes"]),
        "stage": money_only(raw["stage"]),
        "boundary": raw["boundary"],
        "origin": raw["origin"],
        "qualifier": raw["qualifier"],
        "citation": raw["citation"],
    }


def _written_columns(table: str, personal: str = "show") -> list[Column]:
    """The columns of ``table`` an export in mode ``personal`` writes (see ``shanhai._personal``)."""
    kept = set(_personal.kept(table, [c.name for c in COLUMNS[table]], personal))
    return [c for c in COLUMNS[table] if c.name in kept]


def table_rows(reg: Registry, table: str, personal: str = "show") -> list[list[Any]]:
    """The rows of a table as written: one list per row, in the order of
    ``_written_columns(table, personal)``.

    Ids, references and counts are ints (None when not given), money is text in yuan, dates
    and everything else text; personal data as ``personal`` says."""
    _registry(reg)
    _table(table)
    personal = _personal.mode(personal, "table_rows")
    raw: dict[str, Any]
    if table == "expectations":
        raw = _expectation_columns(reg)
    else:
        view = getattr(reg, table)
        raw = _personal.apply(table, view._raw_columns(), personal, village_name=_personal.village_names(view),
                              restricted=_personal.restricted_rows(view))
    n = len(next(iter(raw.values()))) if raw else 0
    rows: list[list[Any]] = []
    for i in range(n):
        row: list[Any] = []
        for c in _written_columns(table, personal):
            if c.type == "id":
                row.append(i)
                continue
            if c.type == "node_kind":
                row.append(raw[c.name[: -len("_kind")]][i][0])
                continue
            v = raw[c.name][i]
            if c.type == "measure":
                # a target without a baseline stores baseline 0 and baseline_year 0
                given = (c.name == "value" and raw["key"][i] != "") or raw.get("baseline_year", [0] * n)[i] != 0
                row.append(_measure_text(raw["key"][i], v) if given else None)
                continue
            if v is None:  # not given (an indicator's figure has no flow filters)
                row.append(None)
                continue
            if c.type == "node":
                v = v[1]
            elif c.type == "money":
                # an amount not given is stored as 0; a published figure's amount is given, 0 included
                v = None if (v == 0 and not c.required and table != "expectations") else _yuan(v)
            elif c.type in ("count", "year"):
                v = v or None
            elif c.type == "whole":
                v = None if v is None or v < 0 else v  # -1: not known
            elif c.type == "enum" and c.target is _core.Side:
                v = None if v == "unspecified" else v
            elif c.type == "enums":
                v = "; ".join(v) or None
            elif c.type == "refs":
                v = "; ".join(str(x) for x in v) or None
            elif c.type == "outputs":
                v = _outputs_text(v) if v else None
            elif c.type in ("text", "code"):
                v = v or None
            row.append(v)
        rows.append(row)
    return rows


def _registry(reg: object) -> None:
    expect(reg, Registry, "reg", f"expected a Registry, got {type(reg).__name__}")


def _path(path: object, field: str) -> Path:
    return Path(expect(path, (str, os.PathLike), field, f"{field}: expected a path, got {path!r}"))


_TEXT_TYPES = {"text", "code", "money", "date", "node_kind", "enum", "enums", "refs", "outputs", "indicator",
               "measure"}


def write_workbook(reg: Registry, path: str | os.PathLike[str], *, template: bool = False, personal: str = "show",
                   key: bytes | str | None = None) -> Path:
    """Writes the registry as a workbook; with ``template`` also a Chinese header row, a notes
    sheet, drop-down lists for enumeration columns and a fixed timestamp (reproducible).
    ``personal``: what becomes of personal data (``shanhai._personal``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _registry(reg)
    path = _path(path, "path")
    expect(template, bool, "template", f"template: expected True or False, got {template!r}")
    personal = _personal.mode(personal, "write_workbook", key)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="DDEBF7")
    first = 3 if template else 2
    for table in TABLES:
        ws = wb.create_sheet(table)
        cols = _written_columns(table, personal)
        for j, c in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j, value=c.name)
            cell.font = bold
            if template:
                zh = ws.cell(row=2, column=j, value=chinese_header(table, c.name) or c.name)
                zh.font = bold
                zh.fill = shade
                if c.required:
                    cell.fill = PatternFill("solid", fgColor="FCE4D6")
        for i, row in enumerate(table_rows(reg, table, personal), start=first):
            for j, v in enumerate(row, start=1):
                if v is None:
                    continue
                cell = ws.cell(row=i, column=j)
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"  # text, never a formula
        for j, c in enumerate(cols, start=1):
            letter = get_column_letter(j)
            if c.type in _TEXT_TYPES:  # keep what is typed as typed ("2018-05", "622901...")
                ws.column_dimensions[letter].number_format = "@"
                for i in range(first, ws.max_row + 1):
                    ws.cell(row=i, column=j).number_format = "@"
            width = max([len(c.name)] + [min(40, _display_width(ws.cell(row=i, column=j).value))
                                          for i in range(1, min(ws.max_row, 200) + 1)])
            ws.column_dimensions[letter].width = width + 2
            if template and c.type in ("enum", "node_kind"):
                values = list(c.target) if c.type == "node_kind" else list(c.target.__members__)
                dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
                dv.add(f"{letter}{first}:{letter}{first + 999}")
                ws.add_data_validation(dv)
        ws.freeze_panes = ws.cell(row=first, column=1)
    if template:
        _notes_sheet(wb)
        stamp = _dt.datetime(2019, 1, 20)
        wb.properties.created = stamp
        wb.properties.modified = stamp
        wb.properties.creator = "shanhai"
        wb.properties.lastModifiedBy = "shanhai"

    out = io.BytesIO()
    try:
        wb.save(out)
    except Exception as e:  # openpyxl refuses characters Excel cannot hold
        raise ValidationError(f"{path}: cannot write the workbook: {e}", reason="bad_text") from e
    _core._write_file(path, _fixed_timestamps(out.getvalue()) if template else out.getvalue(),
                      _personal.owner_only(personal))
    return path


def _display_width(v: object) -> int:
    if v is None:
        return 0
    text = str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def to_excel(reg: Registry, path: str | os.PathLike[str], *, personal: str = "mask",
             key: bytes | str | None = None) -> Path:
    """Writes every table to one sheet of an .xlsx workbook (see the module's column list).

    Money is text in yuan ("9840000.00"), dates text as given, ids and counts numbers; text is
    stored as text, never as a formula. The file is replaced whole, as ``Registry.save`` replaces
    one (mode and owner kept, a symbolic link followed). ``personal``: ``"mask"`` (default),
    ``"show"``, ``"drop"`` or ``"pseudonymise"`` with ``key`` (see ``shanhai._personal``)."""
    return write_workbook(reg, path, personal=personal, key=key)


# What a spreadsheet program runs as a formula when a cell starts with it (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(text: str) -> str:
    """A text cell as to_csv writes it: an apostrophe before text that a spreadsheet would run
    as a formula, and before text that starts with an apostrophe itself, so that read_csv can
    always take exactly one away."""
    return "'" + text if text.startswith(_FORMULA_START) or text.startswith("'") else text


def to_csv(reg: Registry, folder: str | os.PathLike[str], *, escape: bool = True,
           personal: str = "mask", key: bytes | str | None = None) -> Path:
    """Writes every table to ``<folder>/<table>.csv`` (UTF-8 with a byte-order mark).

    The files go to a new folder beside ``folder``, which is then swapped in whole: a failure
    part-way leaves the previous export as it was. A folder that holds anything but these files
    is refused (the swap would lose it); a missing one is created, with the folders above it.

    ``escape`` (on by default): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return, which Excel or LibreOffice would run as a formula, is written with an
    apostrophe in front, and so is one that starts with an apostrophe; ``read_csv`` (also
    ``escape=True``) takes it away again, so the round trip is exact (with ``personal="show"``:
    by default personal data is masked, see ``shanhai._personal``)."""
    _registry(reg)
    personal = _personal.mode(personal, "to_csv", key)
    folder = _path(folder, "folder")
    expect(escape, bool, "escape", f"to_csv escape: expected True or False, got {escape!r}")
    try:
        folder.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FileError(f"{folder}: cannot create the folder it goes in: {e.strerror or e}", field="folder", reason="io") from e
    writer = _core._FolderWriter(folder, [f"{table}.csv" for table in TABLES], _personal.owner_only(personal))
    try:
        for table in TABLES:
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\r\n")
            w.writerow([c.name for c in _written_columns(table, personal)])
            for row in table_rows(reg, table, personal):
                w.writerow(["" if v is None else _escaped(v) if escape and isinstance(v, str) else v for v in row])
            writer.add(f"{table}.csv", out.getvalue().encode("utf-8-sig"))
        writer.commit()
    finally:
        del writer  # at once, even while an error is raised: unless committed it removes what it wrote
    return folder
