"""Spreadsheets in and out: one sheet (Excel) or one file (CSV) per table::

    reg.to_excel("pair.xlsx")            # every table, one sheet each
    reg2 = sh.read_excel("pair.xlsx")    # a new Registry, or an error naming the cell
    reg.to_csv("pair/")                  # pair/partners.csv, pair/flows.csv, ...
    reg3 = sh.read_csv("pair/")

The template an office fills in is ``docs/template.xlsx`` (written by ``docs/make_template.py``):
the sheets below with English and Chinese headers, one example row each, and a ``notes`` sheet.

Reading goes through the public API (``add_partner``, ``add_flow``, ..., ``claim_wish``,
``fulfil_wish``, ``cancel_wish``, ``add_person``, ``set_status``, ``add_employment``,
``set_target``, ``expect_total``), table by table and each table in id order, into a fresh
registry. Any error stops the import and raises: nothing is returned and no partial registry is
left behind. Every error names the file, the sheet (for CSV: the table), the row as
the spreadsheet shows it (the header is row 1), the column (header and letter) and the value::

    pair.xlsx, sheet 'flows', row 5, column '金额' (amount, F), value '12.345元': money '12.345元'
    is finer than a fen (0.01 yuan); it is never rounded

``ValidationError`` for a bad cell or a broken rule, ``FormatError`` for a file that is not a
workbook or a CSV file that cannot be read, ``FileError`` for a missing file or folder.

Sheets and files
----------------
The tables, in the order they are imported (a sheet may also be named by its Chinese name; CSV
files are ``<name>.csv``, e.g. ``flows.csv`` or ``资金.csv``):

==============  ==========  ===============================================================
sheet           中文         one row is
==============  ==========  ===============================================================
partners        单位         an organisation or place
projects        项目         a project
households      农户         a registered household
persons         家庭成员      a member of a household (``add_person``)
status_changes  状态变化      a change of a household's status (``set_status``)
flows           资金         a flow of money
pairings        结对         a pairing
benefits        受益         a household reached, or an aggregate count
exchanges       人才交流      people sent from one side to the other
trainings       培训         people trained
wishes          微心愿       a micro-wish and its state
events          活动         a visit, meeting or signing
employment      就业记录      a month of a workshop's employment (``add_employment``)
targets         目标         a report indicator's target for a year (``set_target``)
expectations    公开数字      a published figure to check (``expect_total``)
==============  ==========  ===============================================================

A missing sheet is an empty table. A sheet named ``notes``, ``说明`` or ``readme`` is skipped;
any other unknown sheet is refused (a misspelt sheet would otherwise be lost silently).

Rows and ids
------------
Row 1 holds the headers, in any order. A second header row (the template's Chinese names) is
skipped when every cell in it is a header name. Empty rows are skipped. Every sheet has an
``id`` column: a whole number, unique in the sheet. Rows are added in id order, and a reference
(``parent``, ``village``, ``flows.source``, ...) names the ``id`` of a row of the table it points
to. A reference within a table (a partner's or a flow's ``parent``, an exchange's ``part_of``)
must name a smaller id: the row it points to is added first. A household's status changes are
added in id order, so a later id never has an earlier date. Written files use the registry's ids
(0, 1, 2, ...), so a file read back gives the registry that was written, row for row.

Columns
-------
A column marked * is required; an empty cell is "not given" (the API's default). Node columns
come in pairs: ``source_kind`` names the table (``partner``, ``project``, ``household``; a
benefit's ``via`` may also be a ``flow``) and ``source`` the id in it; an empty ``*_kind`` is
``partner``.

==============  ==========================================================================
sheet           columns (中文 aliases in brackets)
==============  ==========================================================================
partners        id* (编号), name* (名称), kind (类型), side (东西部: east, west; empty takes
                the parent's), parent (上级: partner id), code (行政区划代码: GB/T 2260, up to
                12 digits), note (备注)
projects        id*, name* (名称), sector (领域), location (地点: partner id), implementer
                (实施单位: partner id), start (开始日期), end (结束日期), outputs (产出:
                ``workshops=20; km_road=12``), note (备注)
households      id*, number (户编号: registry number, unique), village* (所在村: partner id),
                members (家庭人口), status (状态: when registered), exit_year (脱贫年份), note
                (备注), causes (致贫原因: causes of poverty, the main one first, ``illness;
                lack_of_skills``), address (标准地址)
persons         id*, household* (农户), relation (与户主关系), sex (性别), birth_year
                (出生年份), health (健康状况), education (文化程度), labour (劳动能力), note (备注)
status_changes  id*, household* (农户), status* (状态), date* (日期), note (备注)
flows           id*, source_kind (来源类型), source* (来源), target_kind (去向类型), target*
                (去向), amount* (金额), date (日期), kind (类型), stage (阶段), purpose (用途),
                parent (上级: flow id), note (备注)
pairings        id*, a_kind (甲方类型), a* (甲方), b_kind (乙方类型), b* (乙方), kind (类型),
                since (开始日期), until (结束日期), note (备注)
benefits        id*, beneficiary (受益户: household id; empty for an aggregate), via_kind
                (途径类型), via* (途径), kind (类型), date (日期), persons (人数), households
                (户数), amount (金额), note (备注)
exchanges       id*, sender* (派出单位), host* (接收单位), role (人员类别), person_times (人次),
                persons (人数), batches (批次), days (天数), purpose (用途), date (日期),
                part_of (上级: exchange id), note (备注)
trainings       id*, organiser* (组织单位), location (地点), role (人员类别), trainees*
                (培训人数), days (天数), date (日期), note (备注)
wishes          id*, household* (农户), text* (心愿内容), cost (金额), date (日期), state
                (状态: open, claimed, fulfilled, cancelled), claimed_by (认领单位), claimed
                (认领日期), closed (完成日期), note (备注), batch (批次)
events          id*, kind* (类型), date (日期), partners (参与单位: partner ids, ``1; 3``),
                note (备注)
employment      id*, workshop* (车间: project id), household (农户), person (家庭成员: person id),
                worker (务工人员: a key for someone not in the registry), month* (月份), workers
                (人数), poor (贫困人数), wage (工资), note (备注). One worker: household, person or
                worker, workers 1 (or empty) and poor empty; an aggregate headcount: none of the
                three, workers the headcount, poor those from poor households (0 is a count,
                empty is not known)
targets         id*, key* (指标: a report indicator, ``funds.total``, or its Chinese label),
                year* (年份), value* (目标值), baseline (基线), baseline_year (基线年份: empty
                takes the year before), note (备注)
expectations    id*, amount* (金额), source_kind, source (来源), target_kind, target (去向),
                year (年度), kind (类型: one or more, ``fiscal; donation``), purpose (用途),
                stage (阶段), boundary (边界: partner id), origin (源头: partner id),
                citation (出处)
==============  ==========================================================================

Chinese headers
---------------
Each header may be written in English or by one of these Chinese names; where one Chinese name
serves two columns (状态, 金额, 开始日期, 结束日期, 上级, 人数, 批次, 用途), it means the column that the
sheet has:

==============  ==========================================================================
English         中文
==============  ==========================================================================
id              编号, 序号
name            名称, 姓名
kind            类型
side            东西部, 方位
parent          上级
code            行政区划代码, 代码
note            备注
source_kind     来源类型
source          来源
target_kind     去向类型
target          去向
amount          金额
date            日期
stage           阶段
purpose         用途
sector          领域, 行业
location        地点
implementer     实施单位
start / since   开始日期
end / until     结束日期
outputs         产出
number          户编号
village         所在村, 村
members         家庭人口, 人口
status / state  状态
exit_year       脱贫年份
a_kind / a      甲方类型 / 甲方
b_kind / b      乙方类型 / 乙方
beneficiary     受益户
via_kind / via  途径类型 / 途径
persons         人数
households      户数
person_times    人次
batches         批次
batch           批次
days            天数
sender          派出单位
host            接收单位
role            人员类别
part_of         上级, 所属
organiser       组织单位
trainees        培训人数, 人数
household       农户
text            心愿内容, 内容
cost            金额
claimed_by      认领单位
claimed         认领日期
closed          完成日期
partners        参与单位
year            年度, 年份
boundary        边界
origin          源头
citation        出处
causes          致贫原因
address         标准地址, 地址
head_name       户主姓名
id_number       公民身份号码, 身份证号, 身份证号码
phone           联系电话, 电话, 手机号
relation        与户主关系, 关系
sex             性别
birth_year      出生年份, 出生年
health          健康状况
education       文化程度
labour          劳动能力
workshop        车间
person          家庭成员, 成员
worker          务工人员, 工号
month           月份
workers         人数
poor            贫困人数
wage            工资
key             指标
value           目标值
baseline        基线, 基线值
baseline_year   基线年份
==============  ==========================================================================

Headers are matched without regard to case, spaces or a unit in brackets (``金额(元)``).

Values
------
- Money is text in yuan (``9840000.00``) when written; read in any form ``sh.Money`` parses
  ("34万", "2210.2万元", "9.65亿", "1,234.56元", "1234.56"), or a number cell. A money header
  may name its unit in brackets, ``金额(万元)`` or ``amount (万元)``: a bare number under it is in
  万元 (a value with its own unit is read as written). A value finer than a fen is refused.
- Dates are text: "2018", "2018-05" or "2018-05-03", keeping the precision given; a date cell
  is read as its day, a number as a year. (Excel turns a typed "2018-05" into a day: the
  template formats date columns as text to keep it as typed.)
- Enumeration values are the API's names (``district``, ``fiscal``, ``disbursement``, ...),
  matched without regard to case; the template's ``notes`` sheet lists them. The household
  registry's own terms are read too: side (东部, 西部), household status (贫困户, 特困户, 已脱贫,
  监测户, 脱贫不稳定户, 边缘易致贫户, 突发严重困难户), causes (因病, 因残, 因学, 因灾, 缺土地, 缺水,
  缺技术, 缺劳力, 缺资金, 交通条件落后, 自身发展动力不足, 其他), relation (户主, 配偶, 之子, 之女,
  之儿媳, 之女婿, 之孙子, 之孙女, 之父, 之母, 之祖父, 之祖母, 之兄弟姐妹, 其他; also without 之),
  sex (男, 女), health (健康, 长期慢性病, 患有大病, 残疾), education (学龄前儿童, 文盲或半文盲,
  小学, 初中, 高中, 中专, 大专及以上) and labour (普通劳动力, 技能劳动力, 弱劳动力或半劳动力,
  丧失劳动力, 无劳动力); written files use the API's names.
- Counts are whole numbers; an empty cell (or 0) is "not given" (but for ``employment.workers``
  and ``employment.poor``, where 0 is a count).
- A target's ``value`` and ``baseline`` are in the terms of its indicator: money for a money
  indicator (as above; a header ``目标值(万元)`` scales bare numbers), a number in percent with up to
  two decimals for a share (``45.5``, ``45.5%``, or an Excel cell in a percent format, read as it
  shows; days for a mean), else a whole number. A ``baseline_year`` without a ``baseline`` is
  refused.
- Lists (``events.partners``, ``expectations.kind``/``purpose``, ``households.causes``) are
  separated by ``;``.
- Text is read exactly as written; a number in a text column (a household number typed as a
  number) is refused when Excel has already rounded it.

CSV files are written as UTF-8 with a byte-order mark (Excel opens them with the right
characters), and a text cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is written with an apostrophe in front (OWASP),
as is one that starts with an apostrophe, which read_csv takes away: the round trip is exact.
They are read as UTF-8, or in the encoding given (``read_csv(folder, encoding="gb18030")`` for
what Chinese Excel saves); a byte that is not in the encoding is refused, never guessed at.

Files are replaced whole: ``to_excel`` as ``Registry.save`` replaces a file, ``to_csv`` by
writing a new folder beside the old one and swapping it in. A failure part-way leaves the
previous file or folder as it was; what they replace keeps its mode and owner.
"""

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
from typing import Any, NamedTuple

from . import _core, _personal
from ._errors import Error, FileError, FormatError, NotFoundError, ValidationError, expect

__all__ = ["read_excel", "read_csv", "to_excel", "to_csv", "install", "TABLES", "COLUMNS"]


# --------------------------------------------------------------------------------------------
# The schema: every sheet's columns
# --------------------------------------------------------------------------------------------

class Column(NamedTuple):
    """One column of a sheet: its name, how its cells are read, and what it means."""

    name: str
    # id, ref, node, node_kind, text, code, enum, enums, money, date, count, whole, year, refs, outputs,
    # indicator (a report key), measure (a target's value, in the terms of the row's indicator)
    type: str
    target: Any = None  # ref/refs: the table; enum/enums: the enum class; node(_kind): the node kinds allowed
    required: bool = False
    doc: str = ""


_NODE_KINDS = ("partner", "project", "household")
_VIA_KINDS = ("project", "flow", "partner")
_NODE_TABLE = {"partner": "partners", "project": "projects", "household": "households", "flow": "flows"}


def _node(name: str, kinds=_NODE_KINDS, required=True, doc=""):
    return [
        Column(name + "_kind", "node_kind", kinds, False,
               f"the table {name} is in: {', '.join(kinds)} (empty: partner)"),
        Column(name, "node", kinds, required, doc or f"the id of the {name} in that table"),
    ]


COLUMNS: dict[str, list[Column]] = {
    "partners": [
        Column("id", "id", None, True, "row id"),
        Column("name", "text", None, True, "name"),
        Column("kind", "enum", _core.PartnerKind, False, "kind of organisation or place (default other)"),
        Column("side", "enum", _core.Side, False, "east or west; empty takes the parent's"),
        Column("parent", "ref", "partners", False, "the partner above (id, smaller than this row's)"),
        Column("code", "code", None, False, "administrative code, GB/T 2260 (up to 12 digits)"),
        Column("note", "text", None, False, "note"),
    ],
    "projects": [
        Column("id", "id", None, True, "row id"),
        Column("name", "text", None, True, "name"),
        Column("sector", "enum", _core.Sector, False, "sector (default unspecified)"),
        Column("location", "ref", "partners", False, "where (partner id)"),
        Column("implementer", "ref", "partners", False, "who implements it (partner id)"),
        Column("start", "date", None, False, "start date"),
        Column("end", "date", None, False, "end date"),
        Column("outputs", "outputs", None, False, "named counts: workshops=20; km_road=12"),
        Column("note", "text", None, False, "note"),
    ],
    "households": [
        Column("id", "id", None, True, "row id"),
        Column("number", "text", None, False, "registry number (建档立卡), unique; empty if not known"),
        Column("village", "ref", "partners", True, "village (partner id)"),
        Column("members", "count", None, False, "members"),
        Column("status", "enum", _core.HouseholdStatus, False, "status (default poor)"),
        Column("exit_year", "count", None, False, "year the household exited poverty"),
        Column("note", "text", None, False, "note"),
        Column("causes", "enums", _core.PovertyCause, False, "causes of poverty, the main one first (separated by ;)"),
        Column("address", "text", None, False, "standard address (一标三实)"),
        Column("head_name", "text", None, False, "name of the head of the household"),
    ],
    "persons": [
        Column("id", "id", None, True, "row id"),
        Column("household", "ref", "households", True, "the household (id)"),
        Column("relation", "enum", _core.Relation, False, "relation to the head of the household (default other)"),
        Column("sex", "enum", _core.Sex, False, "sex (default unspecified)"),
        Column("birth_year", "year", None, False, "year of birth"),
        Column("health", "enum", _core.Health, False, "health (default unspecified)"),
        Column("education", "enum", _core.Education, False, "education (default unspecified)"),
        Column("labour", "enum", _core.Labour, False, "ability to work (default unspecified)"),
        Column("note", "text", None, False, "note"),
        Column("name", "text", None, False, "name"),
        Column("id_number", "text", None, False, "citizen ID number (GB 11643), unique; empty if not known"),
        Column("phone", "text", None, False, "phone: a mobile, or a landline with its area code"),
    ],
    "status_changes": [
        Column("id", "id", None, True, "row id"),
        Column("household", "ref", "households", True, "the household (id)"),
        Column("status", "enum", _core.HouseholdStatus, True, "the household's status from this date"),
        Column("date", "date", None, True, "date of the change (never before the household's previous one)"),
        Column("note", "text", None, False, "note"),
    ],
    "flows": [
        Column("id", "id", None, True, "row id"),
        *_node("source", doc="where the money came from (id in the table of source_kind)"),
        *_node("target", doc="where the money went (id in the table of target_kind)"),
        Column("amount", "money", None, True, "amount, in yuan unless the value says 万 or 亿"),
        Column("date", "date", None, False, "date: 2018, 2018-05 or 2018-05-03"),
        Column("kind", "enum", _core.FlowKind, False, "kind of money (default other)"),
        Column("stage", "enum", _core.Stage, False, "stage (default disbursement)"),
        Column("purpose", "enum", _core.Sector, False, "purpose (default unspecified)"),
        Column("parent", "ref", "flows", False, "the flow this is a part of, or passes on (id, smaller)"),
        Column("note", "text", None, False, "note"),
    ],
    "pairings": [
        Column("id", "id", None, True, "row id"),
        *_node("a", ("partner", "household"), doc="one side of the pairing"),
        *_node("b", ("partner", "household"), doc="the other side"),
        Column("kind", "enum", _core.PairingKind, False, "kind of pairing (default other)"),
        Column("since", "date", None, False, "paired since"),
        Column("until", "date", None, False, "paired until"),
        Column("note", "text", None, False, "note"),
    ],
    "benefits": [
        Column("id", "id", None, True, "row id"),
        Column("beneficiary", "ref", "households", False, "the household reached (id); empty: an aggregate"),
        *_node("via", _VIA_KINDS, doc="what reached it: a project, flow or partner"),
        Column("kind", "enum", _core.BenefitKind, False, "kind of benefit (default other)"),
        Column("date", "date", None, False, "date"),
        Column("persons", "count", None, False, "persons (aggregate)"),
        Column("households", "count", None, False, "households (aggregate)"),
        Column("amount", "money", None, False, "money received"),
        Column("note", "text", None, False, "note"),
    ],
    "exchanges": [
        Column("id", "id", None, True, "row id"),
        Column("sender", "ref", "partners", True, "who sent the people (partner id)"),
        Column("host", "ref", "partners", True, "who received them (partner id)"),
        Column("role", "enum", _core.Role, False, "role of the people (default other)"),
        Column("person_times", "count", None, False, "person-times (default: persons)"),
        Column("persons", "count", None, False, "distinct persons"),
        Column("batches", "count", None, False, "batches"),
        Column("days", "count", None, False, "days"),
        Column("purpose", "text", None, False, "purpose"),
        Column("date", "date", None, False, "date"),
        Column("part_of", "ref", "exchanges", False, "the larger exchange this is a detail of (id, smaller)"),
        Column("note", "text", None, False, "note"),
    ],
    "trainings": [
        Column("id", "id", None, True, "row id"),
        Column("organiser", "ref", "partners", True, "organiser (partner id)"),
        Column("location", "ref", "partners", False, "where (partner id)"),
        Column("role", "enum", _core.Role, False, "role of the trainees (default other)"),
        Column("trainees", "count", None, True, "people trained"),
        Column("days", "count", None, False, "days"),
        Column("date", "date", None, False, "date"),
        Column("note", "text", None, False, "note"),
    ],
    "wishes": [
        Column("id", "id", None, True, "row id"),
        Column("household", "ref", "households", True, "the household (id)"),
        Column("text", "text", None, True, "the wish"),
        Column("cost", "money", None, False, "cost"),
        Column("date", "date", None, False, "date submitted"),
        Column("state", "enum", _core.WishState, False, "open, claimed, fulfilled or cancelled (default open)"),
        Column("claimed_by", "ref", "partners", False, "the donor (partner id)"),
        Column("claimed", "date", None, False, "date claimed"),
        Column("closed", "date", None, False, "date fulfilled or cancelled"),
        Column("note", "text", None, False, "note"),
        Column("batch", "count", None, False, "the numbered batch the wish was published in"),
    ],
    "events": [
        Column("id", "id", None, True, "row id"),
        Column("kind", "enum", _core.EventKind, True, "kind of event"),
        Column("date", "date", None, False, "date"),
        Column("partners", "refs", "partners", False, "partners taking part (ids separated by ;)"),
        Column("note", "text", None, False, "note"),
    ],
    "employment": [
        Column("id", "id", None, True, "row id"),
        Column("workshop", "ref", "projects", True, "the workshop (project id)"),
        Column("household", "ref", "households", False, "one worker's household (id; taken from the person)"),
        Column("person", "ref", "persons", False, "one worker (person id)"),
        Column("worker", "text", None, False, "a key for one worker not in the registry"),
        Column("month", "date", None, True, "the month worked: 2018-05 (or a year for a yearly figure)"),
        Column("workers", "whole", None, False, "headcount: 1 (or empty) for one worker; an aggregate's workers"),
        Column("poor", "whole", None, False, "an aggregate's workers from poor households (0 is a count; "
                                              "empty: not known)"),
        Column("wage", "money", None, False, "wages paid"),
        Column("note", "text", None, False, "note"),
    ],
    "targets": [
        Column("id", "id", None, True, "row id"),
        Column("key", "indicator", None, True, "a report indicator: its key (funds.total) or Chinese label"),
        Column("year", "year", None, True, "the year of the target"),
        Column("value", "measure", None, True, "the target: money for a money indicator, a number in percent "
                                               "(days for a mean) for a ratio, else a whole number"),
        Column("baseline", "measure", None, False, "the baseline, in the same terms"),
        Column("baseline_year", "year", None, False, "the baseline's year (empty: the year before)"),
        Column("note", "text", None, False, "note"),
    ],
    "expectations": [
        Column("id", "id", None, True, "row id"),
        Column("amount", "money", None, True, "the published figure"),
        *_node("source", required=False, doc="money from this node and below (empty: any)"),
        *_node("target", required=False, doc="money to this node and below (empty: any)"),
        Column("year", "year", None, False, "year (empty: all)"),
        Column("kind", "enums", _core.FlowKind, False, "kinds of money (separated by ;; empty: all)"),
        Column("purpose", "enums", _core.Sector, False, "purposes (separated by ;; empty: all)"),
        Column("stage", "enum", _core.Stage, False, "stage (default disbursement)"),
        Column("boundary", "ref", "partners", False, "boundary (partner id)"),
        Column("origin", "ref", "partners", False, "origin (partner id)"),
        Column("citation", "text", None, False, "where the figure was published"),
    ],
}

# Import order: every table after the tables it points to (a household's members and status history
# after the households, employment after the persons and projects; targets point to nothing).
TABLES = ("partners", "projects", "households", "persons", "status_changes", "flows", "pairings", "benefits",
          "exchanges", "trainings", "wishes", "events", "employment", "targets", "expectations")

SHEET_ZH = {
    "partners": "单位", "projects": "项目", "households": "农户", "persons": "家庭成员", "status_changes": "状态变化",
    "flows": "资金", "pairings": "结对", "benefits": "受益", "exchanges": "人才交流", "trainings": "培训",
    "wishes": "微心愿", "events": "活动", "employment": "就业记录", "targets": "目标", "expectations": "公开数字",
}
_SKIPPED_SHEETS = {"notes", "说明", "readme", "填写说明"}

# Chinese header → the English columns it may name (the one the sheet has is meant).
HEADER_ZH: dict[str, tuple[str, ...]] = {
    "编号": ("id",), "序号": ("id",),
    "名称": ("name",), "姓名": ("name",),
    "类型": ("kind",),
    "东西部": ("side",), "方位": ("side",),
    "上级": ("parent", "part_of"),
    "行政区划代码": ("code",), "代码": ("code",),
    "备注": ("note",),
    "来源类型": ("source_kind",), "来源": ("source",),
    "去向类型": ("target_kind",), "去向": ("target",),
    "金额": ("amount", "cost"),
    "日期": ("date",),
    "阶段": ("stage",),
    "用途": ("purpose",),
    "领域": ("sector",), "行业": ("sector",),
    "地点": ("location",),
    "实施单位": ("implementer",),
    "开始日期": ("start", "since"),
    "结束日期": ("end", "until"),
    "产出": ("outputs",),
    "户编号": ("number",),
    "所在村": ("village",), "村": ("village",),
    "家庭人口": ("members",), "人口": ("members",),
    "状态": ("status", "state"),
    "脱贫年份": ("exit_year",),
    "甲方类型": ("a_kind",), "甲方": ("a",),
    "乙方类型": ("b_kind",), "乙方": ("b",),
    "受益户": ("beneficiary",),
    "途径类型": ("via_kind",), "途径": ("via",),
    "培训人数": ("trainees",),
    "人数": ("persons", "trainees", "workers"),
    "户数": ("households",),
    "人次": ("person_times",),
    "批次": ("batches", "batch"),
    "天数": ("days",),
    "派出单位": ("sender",),
    "接收单位": ("host",),
    "人员类别": ("role",),
    "所属": ("part_of",),
    "组织单位": ("organiser",),
    "农户": ("household",),
    "心愿内容": ("text",), "内容": ("text",),
    "认领单位": ("claimed_by",),
    "认领日期": ("claimed",),
    "完成日期": ("closed",),
    "参与单位": ("partners",),
    "年度": ("year",), "年份": ("year",),
    "边界": ("boundary",),
    "源头": ("origin",),
    "出处": ("citation",),
    "致贫原因": ("causes",),
    "标准地址": ("address",), "地址": ("address",),
    "户主姓名": ("head_name",),
    "公民身份号码": ("id_number",), "身份证号": ("id_number",), "身份证号码": ("id_number",),
    "联系电话": ("phone",), "电话": ("phone",), "手机号": ("phone",),
    "与户主关系": ("relation",), "关系": ("relation",),
    "性别": ("sex",),
    "出生年份": ("birth_year",), "出生年": ("birth_year",),
    "健康状况": ("health",),
    "文化程度": ("education",),
    "劳动能力": ("labour",),
    "车间": ("workshop",),
    "家庭成员": ("person",), "成员": ("person",),
    "务工人员": ("worker",), "工号": ("worker",),
    "月份": ("month",),
    "贫困人数": ("poor",),
    "工资": ("wage",),
    "指标": ("key",),
    "目标值": ("value",),
    "基线": ("baseline",), "基线值": ("baseline",),
    "基线年份": ("baseline_year",),
}


def chinese_header(table: str, column: str) -> str:
    """The first Chinese name of a column of a sheet (what the template's second row shows)."""
    _table(table)
    expect(column, str, "column", f"chinese_header: expected a column name, got {column!r}")
    if all(c.name != column for c in COLUMNS[table]):
        raise NotFoundError(f"chinese_header: no column {column!r} in {table}", table=table, field="column",
                            reason="not_found")
    for zh, names in HEADER_ZH.items():
        if column in names and _resolve(zh, {c.name for c in COLUMNS[table]}) == column:
            return zh
    return ""


_INDICATORS: dict[str, str] = {}  # report key -> money, ratio or count (how its target is given)
_INDICATOR_ZH: dict[str, str] = {}  # Chinese label -> report key


def _indicators() -> dict[str, str]:
    """Every report indicator and the terms of its target, from the report of an empty registry
    (the same list set_target checks keys against)."""
    if not _INDICATORS:
        rep = _core.Registry().report()
        for i in rep.indicators:
            _INDICATORS[i["key"]] = ("money" if i["unit"] == "yuan" else "ratio" if i["key"] in rep.ratios
                                     else "count")
            _INDICATOR_ZH[i["label_zh"]] = i["key"]
    return _INDICATORS


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


def _measure_text(key: str, v: int):
    """A target's stored value as written: yuan text, a percent (or days) with two decimals, or a count."""
    terms = _indicators().get(key, "count")
    if terms == "money":
        return _yuan(v)
    if terms == "ratio":
        return _hundredths(v)
    return v


def _outputs_text(outputs: dict) -> str:
    plain = all(re.fullmatch(r"[^=;:,，；：\n{}]+", k) and k == k.strip() for k in outputs)
    if plain:
        return "; ".join(f"{k}={v}" for k, v in outputs.items())
    import json

    return json.dumps(outputs, ensure_ascii=False)


def _expectation_columns(reg) -> dict[str, list]:
    """The expectations table, read from the registry's XML archive (the one place it is kept)."""
    from xml.etree import ElementTree

    blob = reg.to_bytes("xml")
    root = ElementTree.fromstring(blob[blob.index(b"<?xml"):])
    names = ("amount", "source", "target", "year", "kinds", "purposes", "stage", "boundary", "origin", "citation")
    children = list(root)
    tags = [c.tag for c in children]
    starts = [k for k in range(len(tags) - len(names) + 1) if tuple(tags[k:k + len(names)]) == names]
    if not starts:  # pragma: no cover - a change of the file format would show here
        raise FormatError("expectations: the registry's archive does not have the layout this module reads",
                          table="expectations", reason="bad_format")
    columns = children[starts[-1]:starts[-1] + len(names)]

    def items(el):
        return [i for i in el if i.tag == "item"]

    node_kinds = ("none", "partner", "project", "household", "flow")
    kinds = list(_core.FlowKind.__members__)
    purposes = list(_core.Sector.__members__)
    stages = list(_core.Stage.__members__)
    none_id = 2**32 - 1
    col = dict(zip(names, columns))

    def node(i):
        k = node_kinds[int(i.findtext("kind"))]
        return (None, None) if k == "none" else (k, int(i.findtext("id")))

    def ident(i):
        v = int(i.findtext("id"))
        return None if v == none_id else v

    return {
        "amount": [int(i.findtext("fen")) for i in items(col["amount"])],
        "source": [node(i) for i in items(col["source"])],
        "target": [node(i) for i in items(col["target"])],
        "year": [int(i.text) for i in items(col["year"])],
        "kind": [[kinds[int(k.text)] for k in items(i)] for i in items(col["kinds"])],
        "purpose": [[purposes[int(k.text)] for k in items(i)] for i in items(col["purposes"])],
        "stage": [stages[int(i.text)] for i in items(col["stage"])],
        "boundary": [ident(i) for i in items(col["boundary"])],
        "origin": [ident(i) for i in items(col["origin"])],
        "citation": [i.text or "" for i in items(col["citation"])],
    }


def _written_columns(table: str, personal: str = "show") -> list[Column]:
    """The columns of ``table`` an export in mode ``personal`` writes (see ``shanhai._personal``)."""
    kept = set(_personal.kept(table, [c.name for c in COLUMNS[table]], personal))
    return [c for c in COLUMNS[table] if c.name in kept]


def table_rows(reg, table: str, personal: str = "show") -> list[list]:
    """The rows of a table as written: one list per row, in the order of
    ``_written_columns(table, personal)``.

    Ids, references and counts are ints (None when not given), money is text in yuan, dates
    and everything else text; personal data as ``personal`` says."""
    _registry(reg)
    _table(table)
    personal = _personal.mode(personal, "table_rows")
    if table == "expectations":
        raw = _expectation_columns(reg)
    else:
        view = getattr(reg, table)
        raw = _personal.apply(table, view._raw_columns(), personal, village_name=_personal.village_names(view),
                              restricted=_personal.restricted_rows(view))
    n = len(next(iter(raw.values()))) if raw else 0
    rows = []
    for i in range(n):
        row = []
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
                given = c.name == "value" or raw["baseline_year"][i] != 0
                row.append(_measure_text(raw["key"][i], v) if given else None)
                continue
            if c.type == "node":
                v = v[1]
            elif c.type == "money":
                v = None if (v == 0 and not c.required) else _yuan(v)
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


def _registry(reg) -> None:
    expect(reg, _core.Registry, "reg", f"expected a Registry, got {type(reg).__name__}")


def _table(table) -> None:
    expect(table, str, "table", f"expected a table name, got {table!r}")
    if table not in COLUMNS:
        raise NotFoundError(f"no table {table!r} (known: {', '.join(TABLES)})", field="table", reason="not_found")


def _path(path, field: str) -> Path:
    return Path(expect(path, (str, os.PathLike), field, f"{field}: expected a path, got {path!r}"))


_TEXT_TYPES = {"text", "code", "money", "date", "node_kind", "enum", "enums", "refs", "outputs", "indicator",
               "measure"}


def write_workbook(reg, path, *, template: bool = False, personal: str = "show", key=None) -> Path:
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
    _core._write_file(path, _fixed_timestamps(out.getvalue()) if template else out.getvalue())
    return path


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


def _display_width(v) -> int:
    if v is None:
        return 0
    text = str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


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


def _notes_sheet(wb) -> None:
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


def to_excel(reg: _core.Registry, path: str | os.PathLike[str], *, personal: str = "mask", key=None) -> Path:
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


def to_csv(reg: _core.Registry, folder: str | os.PathLike[str], *, escape: bool = True,
           personal: str = "mask", key=None) -> Path:
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
    writer = _core._FolderWriter(folder, [f"{table}.csv" for table in TABLES])
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


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

class _CellError(Exception):
    """A value that cannot be read; the caller adds the address. ``reason``: as sh.Error's."""

    def __init__(self, message: str, reason: str = "bad_format"):
        super().__init__(message)
        self.reason = reason


class _Sheet:
    """One table as read: where it came from, its columns and its data rows."""

    def __init__(self, table: str, file: str, sheet: str | None):
        self.table, self.file, self.sheet = table, file, sheet
        self.columns: dict[str, tuple[int, str]] = {}  # column name -> (0-based index, header as written)
        self.units: dict[str, str] = {}               # money column -> unit suffix from its header
        self.rows: list[tuple[int, list]] = []          # (row number as shown, cells)

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

    def value_of(self, row: int | None, column: str):
        for number, cells in self.rows:
            if number == row and column in self.columns:
                return cells[self.columns[column][0]]
        return None


def _show(value) -> str:
    if value is None or (isinstance(value, str) and value == ""):
        return "(empty)"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return repr(value)


_UNIT_SUFFIX = {"元": "", "yuan": "", "cny": "", "rmb": "", "万元": "万", "万": "万", "wan": "万",
                "亿元": "亿", "亿": "亿"}


def _normal(header: str) -> tuple[str, str | None]:
    """A header's key (case, spaces and hyphens folded) and the unit in its brackets, if any."""
    text = str(header).strip()
    unit = None
    m = re.fullmatch(r"(.*?)\s*[\(（\[【]\s*(.*?)\s*[\)）\]】]", text)
    if m:
        text, unit = m.group(1), m.group(2)
    key = re.sub(r"[\s\-]+", "_", text.strip()).lower()
    return key, unit


def _resolve(key: str, names: set[str]) -> str | None:
    if key in names:
        return key
    for candidate in HEADER_ZH.get(key, ()):
        if candidate in names:
            return candidate
    return None


def _table_of(name: str) -> str | None:
    key = re.sub(r"[\s\-]+", "_", str(name).strip()).lower()  # "status changes" is status_changes
    if key in COLUMNS:
        return key
    if key + "s" in COLUMNS:
        return key + "s"
    if key == "wish":
        return "wishes"
    for table, zh in SHEET_ZH.items():
        if key == zh:
            return table
    return None


def _is_empty(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _parse_sheet(table: str, file: str, sheet: str | None, rows: list[tuple[int, list]]) -> _Sheet:
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

    return get_column_letter(index + 1)


# ---- cell values ----------------------------------------------------------------------------

def _whole(v, what: str = "a whole number") -> int | None:
    out = _whole_any(v, what)
    if out is not None and not -(2**63) <= out < 2**63:
        raise _CellError(f"{out} is out of range", "out_of_range")
    return out


def _whole_any(v, what: str) -> int | None:
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


def _text(v) -> str | None:
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


def _code(v) -> str | None:
    text = _text(v)
    return None if text is None else text.strip()


def _money(v, unit: str):
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


def _date(v):
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


def _enum_label(enum) -> str:
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


def _enum(v, enum) -> str | None:
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


def _indicator(v) -> str | None:
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


def _measure(v, key: str, unit: str):
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


def _split(v) -> list[str]:
    if _is_empty(v):
        return []
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return [str(_whole(v))]
    if not isinstance(v, str):
        raise _CellError("expected a list separated by ;")
    return [p.strip() for p in re.split(r"[;；,，、\n]", v) if p.strip()]


def _outputs(v) -> dict | None:
    if _is_empty(v):
        return None
    if not isinstance(v, str):
        raise _CellError("expected outputs such as 'workshops=20; km_road=12'")
    text = v.strip()
    if text.startswith("{"):
        import json

        try:
            out = json.loads(text)
        except ValueError as e:
            raise _CellError(f"cannot read the outputs as JSON: {e}") from None
        if not isinstance(out, dict) or not all(isinstance(n, int) and not isinstance(n, bool) for n in out.values()):
            raise _CellError("expected a JSON object of name → whole number")
        return out
    out: dict[str, int] = {}
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
    def __init__(self, sheets: dict[str, _Sheet], excel: bool):
        self.sheets = sheets
        self.excel = excel
        self.reg = _core.Registry()
        self.handles: dict[str, dict[int, Any]] = {t: {} for t in TABLES}
        self.ids: dict[str, set[int]] = {}

    # the value of a cell, converted; errors carry the address
    def cell(self, s: _Sheet, number: int, cells: list, c: Column):
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

    def convert(self, s: _Sheet, c: Column, raw, cells):
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
                        kind = None
                    if kind is None:  # reported on the kind column itself
                        raise _KindError(kind_col, kind_raw, f"expected one of: {', '.join(c.target)}")
            if kind not in c.target:
                raise _CellError(f"a {kind} cannot be here (expected: {', '.join(c.target)})")
            return self.lookup(_NODE_TABLE[kind], v, s.table)
        if t == "text":
            v = _text(raw)
            if v and _personal.CLASSES.get(s.table, {}).get(c.name) == "identifier" and _personal.masked(v):
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

    def lookup(self, table: str, i: int, current: str):
        found = self.handles[table].get(i)
        if found is not None:
            return found
        if table == current and i in self.ids.get(table, ()):
            raise _CellError(f"row {i} of '{table}' comes later: a row can only point to a smaller id", "order")
        where = "sheet" if self.excel else "file"
        raise _CellError(f"no row with id {i} in the {where} '{table}'", "not_found")

    def build(self):
        for table in TABLES:
            s = self.sheets.get(table)
            if s is None:
                continue
            self.add_table(s)
        return self.reg

    def add_table(self, s: _Sheet):
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
                                    e.reason) from None
                involved = _row_columns(table)
                raise s.refused(f"{s.where(number, columns=involved)}: {e}", number, column, e.reason) from None
            if handle is not None:
                self.handles[table][i] = handle

    # one method per table: the public API, keyword for keyword
    def add_partners(self, v, s, n):
        return self.reg.add_partner(v["name"], kind=v["kind"] or "other", side=v["side"], parent=v["parent"],
                                    code=v["code"], note=v["note"])

    def add_projects(self, v, s, n):
        return self.reg.add_project(v["name"], sector=v["sector"] or "unspecified", location=v["location"],
                                    implementer=v["implementer"], start=v["start"], end=v["end"],
                                    outputs=v["outputs"], note=v["note"])

    def add_households(self, v, s, n):
        return self.reg.add_household(v["number"], village=v["village"], members=v["members"],
                                      status=v["status"] or "poor", exit_year=v["exit_year"], note=v["note"],
                                      causes=v["causes"], address=v["address"], head_name=v["head_name"])

    def add_persons(self, v, s, n):
        return self.reg.add_person(v["household"], relation=v["relation"] or "other",
                                   sex=v["sex"] or "unspecified", birth_year=v["birth_year"],
                                   health=v["health"] or "unspecified", education=v["education"] or "unspecified",
                                   labour=v["labour"] or "unspecified", note=v["note"], name=v["name"],
                                   id_number=v["id_number"], phone=v["phone"])

    def add_status_changes(self, v, s, n):
        return self.reg.set_status(v["household"], v["status"], date=v["date"], note=v["note"])

    def add_employment(self, v, s, n):
        return self.reg.add_employment(v["workshop"], household=v["household"], person=v["person"],
                                       worker=v["worker"], month=v["month"], workers=v["workers"], poor=v["poor"],
                                       wage=v["wage"], note=v["note"])

    def add_targets(self, v, s, n):
        if v["baseline"] is None and v["baseline_year"] is not None:  # the API would drop the year
            raise _Refused(f"{s.where(n, 'baseline_year', s.value_of(n, 'baseline_year'))}: a baseline year "
                           "without a baseline (fill in baseline, or leave both empty)", "baseline_year", "required")
        return self.reg.set_target(v["key"], v["year"], v["value"], baseline=v["baseline"],
                                   baseline_year=v["baseline_year"], note=v["note"])

    def add_flows(self, v, s, n):
        return self.reg.add_flow(v["source"], v["target"], v["amount"], date=v["date"], kind=v["kind"] or "other",
                                 stage=v["stage"] or "disbursement", purpose=v["purpose"] or "unspecified",
                                 parent=v["parent"], note=v["note"])

    def add_pairings(self, v, s, n):
        return self.reg.pair(v["a"], v["b"], kind=v["kind"] or "other", since=v["since"], until=v["until"],
                             note=v["note"])

    def add_benefits(self, v, s, n):
        return self.reg.add_benefit(v["beneficiary"], via=v["via"], kind=v["kind"] or "other",
                                    persons=v["persons"], households=v["households"], date=v["date"],
                                    amount=v["amount"], note=v["note"])

    def add_exchanges(self, v, s, n):
        return self.reg.add_exchange(v["sender"], v["host"], role=v["role"] or "other",
                                     person_times=v["person_times"], persons=v["persons"], batches=v["batches"],
                                     days=v["days"], purpose=v["purpose"], date=v["date"], part_of=v["part_of"],
                                     note=v["note"])

    def add_trainings(self, v, s, n):
        return self.reg.add_training(v["organiser"], location=v["location"], role=v["role"] or "other",
                                     trainees=v["trainees"], days=v["days"], date=v["date"], note=v["note"])

    def add_wishes(self, v, s, n):
        state = v["state"] or "open"

        def refuse(column, why):
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

    def add_events(self, v, s, n):
        return self.reg.add_event(v["kind"], date=v["date"], partners=v["partners"], note=v["note"])

    def add_expectations(self, v, s, n):
        self.reg.expect_total(v["amount"], source=v["source"], target=v["target"], year=v["year"], kind=v["kind"],
                              purpose=v["purpose"], stage=v["stage"] or "disbursement", boundary=v["boundary"],
                              origin=v["origin"], citation=v["citation"])
        return True


class _Refused(Exception):
    """A row refused: (message with its full address, column, reason)."""


class _KindError(Exception):
    """A node's kind column holds an unknown table: (kind column, value, reason)."""


def _enum_like(raw, allowed) -> str:
    if not isinstance(raw, str):
        raise _CellError(f"expected one of: {', '.join(allowed)}")
    key = raw.strip().lower()
    key = {"单位": "partner", "项目": "project", "农户": "household", "资金": "flow"}.get(key, key)
    if key.endswith("s") and key[:-1] in _NODE_TABLE:
        key = key[:-1]
    if key not in allowed:
        raise _CellError(f"expected one of: {', '.join(allowed)}")
    return key


def _columns_of(call, columns: dict):
    """``call`` with the fields its errors name as the wish table's columns ("date" of claim_wish
    is the column claimed)."""

    def named(*args, **kwargs):
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


def _shown(cell):
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


def _sheet_parts(z) -> dict[str, str]:
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


def read_excel(path: str | os.PathLike[str]) -> _core.Registry:
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


def _read_csv_file(path: Path, encoding: str | None, escape: bool) -> list[tuple[int, list]]:
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

    def cell(v: str):
        v = v[1:] if escape and v.startswith("'") else v
        return v or None

    return [(i, [cell(v) for v in r]) for i, r in enumerate(rows, start=1)]


def read_csv(folder: str | os.PathLike[str], *, encoding: str | None = None, escape: bool = True) -> _core.Registry:
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


def install() -> None:
    """Attaches ``Registry.to_excel`` and ``Registry.to_csv``."""
    _core.Registry.to_excel = to_excel
    _core.Registry.to_csv = to_csv
