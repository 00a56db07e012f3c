"""The sheets' columns: their names, types and Chinese headers, and how a header is read."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .. import _core
from .._errors import NotFoundError, expect


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


def _node(name: str, kinds: tuple[str, ...] = _NODE_KINDS, required: bool = True, doc: str = "") -> list[Column]:
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
        Column("count", "count", None, False, "the unnamed organisations it stands for (default 1: itself)"),
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
        Column("credited_to", "ref", "pairings", False,
               "the pairing credited with money from outside its eastern partner's tree (pairing id)"),
        Column("currency", "text", None, False,
               "currency: an ISO 4217 code such as CNY or USD (empty: the parent's, else the registry's)"),
        Column("correction", "count", None, False,
               "1: a correction of money reported before, its amount negative (empty: not a correction)"),
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
        Column("part_of", "ref", "benefits", False, "the whole this is a breakdown of (id, smaller): never added to it"),
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
        Column("sessions", "count", None, False, "classes held (期)"),
        Column("part_of", "ref", "trainings", False, "the whole this is a breakdown of (id, smaller): never added to it"),
        Column("note", "text", None, False, "note"),
    ],
    "labour": [
        Column("id", "id", None, True, "row id"),
        Column("east", "ref", "partners", True, "the eastern partner of the pair (partner id)"),
        Column("west", "ref", "partners", True, "the western partner the workers come from (partner id)"),
        Column("persons", "count", None, True, "workers who found work"),
        Column("destination", "enum", _core.LabourDestination, False,
               "partner, east (partner included), local, other or unknown (default unknown)"),
        Column("status", "enum", _core.LabourStatus, False, "household status of the workers (default: every status)"),
        Column("date", "date", None, True, "date"),
        Column("part_of", "ref", "labour", False, "the whole this is a breakdown of (id, smaller): never added to it"),
        Column("citation", "text", None, False, "where the figure was published"),
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
        Column("participants", "count", None, False, "people who took part (empty: not given)"),
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
        Column("east", "ref", "partners", False, "the pair's eastern partner (partner id; empty: the whole registry)"),
        Column("west", "ref", "partners", False, "the pair's western partner (partner id; empty: the whole registry)"),
    ],
    "expectations": [
        Column("id", "id", None, True, "row id"),
        Column("key", "indicator", None, False, "a report indicator the figure is of (empty: money of flows, "
                                               "the amount and filters below)"),
        Column("value", "measure", None, False, "the figure of the indicator: money for a money indicator, else a "
                                               "whole number"),
        Column("east", "ref", "partners", False, "the indicator's eastern partner (partner id; empty: any)"),
        Column("west", "ref", "partners", False, "the indicator's western partner (partner id; empty: any)"),
        Column("amount", "money", None, False, "the published money of flows (when key is empty)"),
        *_node("source", required=False, doc="money from this node and below (empty: any)"),
        *_node("target", required=False, doc="money to this node and below (empty: any)"),
        Column("year", "year", None, False, "year (empty: all)"),
        Column("kind", "enums", _core.FlowKind, False, "kinds of money (separated by ;; empty: all)"),
        Column("purpose", "enums", _core.Sector, False, "purposes (separated by ;; empty: all)"),
        Column("stage", "enum", _core.Stage, False, "stage (default disbursement)"),
        Column("boundary", "ref", "partners", False, "boundary (partner id)"),
        Column("origin", "ref", "partners", False, "origin (partner id)"),
        Column("qualifier", "text", None, False, "exact (default), at_least (以上, 多, 余) or about (约, 近)"),
        Column("citation", "text", None, False, "where the figure was published"),
    ],
    "figures": [
        Column("id", "id", None, True, "row id"),
        Column("key", "indicator", None, True, "a report indicator: its key (funds.fiscal) or Chinese label"),
        Column("year", "year", None, True, "the year of the figure"),
        Column("value", "measure", None, True, "the published aggregate: money for a money indicator, else a whole "
                                               "number (0 is a figure)"),
        Column("east", "ref", "partners", False, "the pair's eastern partner (partner id; empty: any)"),
        Column("west", "ref", "partners", False, "the pair's western partner (partner id; empty: any)"),
        Column("qualifier", "text", None, False, "exact (default), at_least (以上, 多, 余) or about (约, 近)"),
        Column("part_of", "ref", "figures", False, "the figure this is a detail of (id, smaller): never added to it"),
        Column("citation", "text", None, False, "where the figure was published"),
        Column("note", "text", None, False, "note"),
    ],
}

# Import order: every table after the tables it points to (a household's members and status history
# after the households, employment after the persons and projects, flows after the pairings they are
# credited to; targets point to nothing).
TABLES = ("partners", "projects", "households", "persons", "status_changes", "pairings", "flows", "benefits",
          "exchanges", "trainings", "labour", "wishes", "events", "employment", "targets", "expectations",
          "figures")

SHEET_ZH = {
    "partners": "单位", "projects": "项目", "households": "农户", "persons": "家庭成员", "status_changes": "状态变化",
    "flows": "资金", "pairings": "结对", "benefits": "受益", "exchanges": "人才交流", "trainings": "培训", "labour": "劳务协作",
    "wishes": "微心愿", "events": "活动", "employment": "就业记录", "targets": "目标", "expectations": "公开数字",
    "figures": "公开汇总数",
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
    "参与人数": ("participants",),
    "数量": ("count",), "单位数": ("count",),
    "计入结对": ("credited_to",),
    "币种": ("currency",), "货币": ("currency",),
    "更正": ("correction",), "冲销": ("correction",),
    "东部单位": ("east",), "西部单位": ("west",),
    "就业去向": ("destination",), "去向地区": ("destination",),
    "户类型": ("status",),
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
    "目标值": ("value",), "数值": ("value",),
    "期数": ("sessions",),
    "东部单位": ("east",), "西部单位": ("west",),
    "限定": ("qualifier",),
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
    """Every report indicator and the terms of its target, from the vocabulary (the list set_target
    checks keys against)."""
    if not _INDICATORS:
        for i in _core.indicators():
            _INDICATORS[i["key"]] = "money" if i["unit"] == "yuan" else "ratio" if i["denominator"] else "count"
            _INDICATOR_ZH[i["label_zh"]] = i["key"]
    return _INDICATORS


def _table(table: object) -> None:
    expect(table, str, "table", f"expected a table name, got {table!r}")
    if table not in COLUMNS:
        raise NotFoundError(f"no table {table!r} (known: {', '.join(TABLES)})", field="table", reason="not_found")


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
