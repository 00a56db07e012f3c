"""What only the template carries: the notes sheet describing every column, fixed timestamps."""

from __future__ import annotations

import io
import re
from typing import Any

from .columns import COLUMNS, Column, SHEET_ZH, TABLES, _indicators, chinese_header


def _fixed_timestamps(workbook: bytes) -> bytes:
    """The workbook with fixed times (zip entries, modified date), so that it is reproducible."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2019-01-20T00:00:00Z\2",
                              data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2019, 1, 20, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _enum_names(c: Column) -> str:
    if c.type == "node_kind":
        return ", ".join(c.target) + " (empty: partner)"
    if c.type in ("enum", "enums"):
        return ", ".join(c.target.__members__)
    if c.type == "indicator":
        return ", ".join(_indicators())
    return ""


_TYPE_DOC = {
    "id": "whole number, unique", "ref": "id of a row of", "node": "id in the table named by",
    "node_kind": "table name", "text": "text", "code": "digits", "enum": "one of the names",
    "enums": "names separated by ;", "money": "money: 9840000.00, 984万, 2210.2万元, 9.65亿",
    "date": "text: 2018, 2018-05 or 2018-05-03", "count": "whole number", "year": "year (2018)",
    "refs": "ids separated by ;", "outputs": "name=count; name=count",
    "whole": "whole number (0 is a count, never 'not given')", "indicator": "report indicator key or Chinese label",
    "measure": "money for a money indicator; percent (45.5) for a share; else a whole number",
}


def _notes_sheet(wb: Any) -> None:  # an openpyxl Workbook (openpyxl ships no types)
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("notes", 0)
    ws.append(["填写说明 / How to fill in this workbook"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        "每张工作表是一张表;第1行为英文列名,第2行为中文列名(可任选其一作列名,第2行读入时跳过);第3行是示例,可覆盖或删除。",
        "One sheet per table. Row 1: the column names; row 2: their Chinese names (either may be used as "
        "the header; row 2 is skipped when read). Row 3 is an example: overwrite or delete it.",
        "id 为整数,在本表内唯一;引用其它行(上级、来源、去向……)写对方表中的 id。金额按元填写,也可写“34万”“2210.2万元”。日期写作 2018、2018-05 或 2018-05-03。",
        "An id is a whole number, unique in its sheet; a reference names the id of a row of the other table. "
        "Money in yuan, or as 34万 / 2210.2万元 / 9.65亿. Dates as 2018, 2018-05 or 2018-05-03.",
        "必填列的英文列名以橙色标出。Required columns have an orange header.",
    ):
        ws.append([line])
    ws.append([])
    ws.append(["sheet", "工作表", "column", "中文列名", "required 必填", "type 类型", "values 可选值", "meaning 含义"])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for table in TABLES:
        for c in COLUMNS[table]:
            kind = _TYPE_DOC[c.type]
            if c.type == "ref":
                kind = f"{kind} {c.target}"
            elif c.type == "node":
                kind = f"{kind} {c.name}_kind"
            ws.append([table, SHEET_ZH[table], c.name, chinese_header(table, c.name), "*" if c.required else "",
                       kind, _enum_names(c), c.doc])
    widths = {"A": 14, "B": 10, "C": 14, "D": 12, "E": 12, "F": 34, "G": 60, "H": 60}
    for letter, w in widths.items():
        ws.column_dimensions[letter].width = w
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
