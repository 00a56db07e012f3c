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
pairings        结对         a pairing
flows           资金         a flow of money
benefits        受益         a household reached, or an aggregate count
exchanges       人才交流      people sent from one side to the other
trainings       培训         people trained
labour          劳务协作      workers who found work (``add_labour``)
wishes          微心愿       a micro-wish and its state
events          活动         a visit, meeting or signing
employment      就业记录      a month of a workshop's employment (``add_employment``)
targets         目标         a report indicator's target for a year (``set_target``)
expectations    公开数字      a published figure to check (``expect_total``)
figures         公开汇总数     a published aggregate of a report indicator (``add_figure``)
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
                12 digits), note (备注), count (数量: the unnamed organisations it stands for)
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
pairings        id*, a_kind (甲方类型), a* (甲方), b_kind (乙方类型), b* (乙方), kind (类型),
                since (开始日期), until (结束日期), note (备注)
flows           id*, source_kind (来源类型), source* (来源), target_kind (去向类型), target*
                (去向), amount* (金额), date (日期), kind (类型), stage (阶段), purpose (用途),
                parent (上级: flow id), note (备注), credited_to (计入结对: pairing id),
                currency (币种: ISO 4217 code), correction (更正: 1 for a negative correction)
benefits        id*, beneficiary (受益户: household id; empty for an aggregate), via_kind
                (途径类型), via* (途径), kind (类型), date (日期), persons (人数), households
                (户数), amount (金额), part_of (所属: the benefit id of the whole this breaks
                down, never added to it), note (备注)
exchanges       id*, sender* (派出单位), host* (接收单位), role (人员类别), person_times (人次),
                persons (人数), batches (批次), days (天数), purpose (用途), date (日期),
                part_of (上级: exchange id), note (备注)
trainings       id*, organiser* (组织单位), location (地点), role (人员类别), trainees*
                (培训人数), days (天数), date (日期), sessions (期数), part_of (所属: the
                training id of the whole this breaks down), note (备注)
labour          id*, east* (东部单位), west* (西部单位), persons* (人数), destination (就业去向:
                partner, east, local, other, unknown), status (户类型: poor, ...; empty: every
                status), date* (日期), part_of (所属: the labour id of the whole this breaks
                down), citation (出处), note (备注)
wishes          id*, household* (农户), text* (心愿内容), cost (金额), date (日期), state
                (状态: open, claimed, fulfilled, cancelled), claimed_by (认领单位), claimed
                (认领日期), closed (完成日期), note (备注), batch (批次)
events          id*, kind* (类型), date (日期), partners (参与单位: partner ids, ``1; 3``),
                note (备注), participants (参与人数)
employment      id*, workshop* (车间: project id), household (农户), person (家庭成员: person id),
                worker (务工人员: a key for someone not in the registry), month* (月份), workers
                (人数), poor (贫困人数), wage (工资), note (备注). One worker: household, person or
                worker, workers 1 (or empty) and poor empty; an aggregate headcount: none of the
                three, workers the headcount, poor those from poor households (0 is a count,
                empty is not known)
targets         id*, key* (指标: a report indicator, ``funds.total``, or its Chinese label),
                year* (年份), value* (目标值), baseline (基线), baseline_year (基线年份: empty
                takes the year before), note (备注), east (东部单位), west (西部单位: the pair
                the target is for; empty: the whole registry)
expectations    id*, key (指标: a report indicator; empty for money of flows), value (数值: the
                indicator's figure), east (东部单位), west (西部单位), amount (金额: money of
                flows, when key is empty), source_kind, source (来源), target_kind, target
                (去向), year (年度), kind (类型: one or more, ``fiscal; donation``), purpose
                (用途), stage (阶段), boundary (边界: partner id), origin (源头: partner id),
                qualifier (限定: exact, at_least, about), citation (出处). A row is
                ``expect(key, value, ...)`` when key is given, else ``expect_total(amount, ...)``
figures         id*, key* (指标), year* (年份), value* (数值: money for a money indicator, else a
                whole number), east (东部单位), west (西部单位), qualifier (限定), part_of (the
                figure this is a detail of), citation (出处), note (备注)
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

The package keeps one job per module: ``columns`` (the sheets' columns and headers),
``template`` (what only the template carries), ``write`` (to_excel, to_csv) and ``read``
(read_excel, read_csv).
"""

from __future__ import annotations

from .columns import COLUMNS, HEADER_ZH, SHEET_ZH, TABLES, Column, _resolve, chinese_header
from .read import read_csv, read_excel
from .write import _expectation_columns, table_rows, to_csv, to_excel, write_workbook

__all__ = ["read_excel", "read_csv", "to_excel", "to_csv", "TABLES", "COLUMNS"]
