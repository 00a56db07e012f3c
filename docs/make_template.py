"""Writes docs/template.xlsx: the workbook an office fills in for ``sh.read_excel``.

One sheet per table with the column names in row 1 (English) and row 2 (Chinese: either may be
used as the header, and row 2 is skipped when the workbook is read), one example row per sheet
(three partners, so that the examples can point at each other), drop-down lists for the columns
that take a name from a list, and a ``notes`` sheet describing every column.

    .venv/bin/python docs/make_template.py [output.xlsx]

The output is reproducible: the same library writes the same workbook.
"""

from __future__ import annotations

import sys
from pathlib import Path

import shanhai as sh
from shanhai import spreadsheets


def example() -> sh.Registry:
    """One example row per table, taken from the 2018 Siming-Linxia collaboration."""
    reg = sh.Registry()
    siming = reg.add_partner("思明区", kind="district", side="east", code="350203", note="示例:东部结对方")
    linxia = reg.add_partner("临夏市", kind="county", side="west", code="622901", note="示例:西部结对方")
    wangping = reg.add_partner("王坪村", kind="village", parent=linxia, note="示例:上级填临夏市的编号 1")
    reg.pair(siming, linxia, kind="east_west", since="2017-08", note="示例:东西扶贫协作协议")
    project = reg.add_project("扶贫车间", sector="industry", location=linxia, implementer=siming, start="2018",
                              outputs={"workshops": 20}, note="示例:产出写作 名称=数量")
    household = reg.add_household("622901100201000001", village=wangping, members=4, status="poor",
                                  causes=["illness", "lack_of_skills"], address="临夏市枹罕镇王坪村1号", head_name="马某",
                                  note="示例:户编号按文本填写;致贫原因主因在前,用 ; 分隔")
    head = reg.add_person(household, relation="head", sex="male", birth_year=1968, health="chronic_illness",
                          education="primary", labour="able", note="示例:农户填农户表的编号", name="马某",
                          id_number="622901196803150118", phone="13800000000")  # a made-up number with a valid check digit
    reg.set_status(household, "exited", date="2019-11", note="示例:状态变化按日期先后填写,历史不改写")
    flow = reg.add_flow(siming, linxia, "984万", date="2018", kind="fiscal", stage="disbursement",
                        purpose="industry", note="示例:金额可写 9840000.00 或 984万")
    reg.add_benefit(household, via=project, kind="employment", persons=1, date="2018-09",
                    note="示例:途径类型 project,途径填项目编号")
    reg.add_exchange(siming, linxia, role="teacher", person_times=8, batches=2, date="2018",
                     purpose="巡回教育帮扶", note="示例:人次与人数分开填写")
    reg.add_training(siming, location=linxia, role="teacher", trainees=800, date="2018", note="示例")
    employed = reg.add_labour(siming, linxia, persons=145, date="2018", note="示例:劳务协作就业合计")
    reg.add_labour(siming, linxia, persons=82, status="poor", date="2018", part_of=employed, note="示例:其中脱贫劳动力")
    wish = reg.add_wish(household, "书包和文具", cost="300元", date="2018-12", batch=1,
                        note="示例:状态 claimed 须填认领单位")
    reg.claim_wish(wish, by=siming, date="2018-12-28")
    reg.add_event("signing", date="2017-08", partners=[siming, linxia], note="示例:参与单位用 ; 分隔")
    reg.add_employment(project, person=head, month="2018-09", wage="2100元",
                       note="示例:一人一月一行;汇总人数时农户、家庭成员、务工人员都不填")
    reg.set_target("funds.total", 2018, "1000万", baseline="800万", baseline_year=2017,
                   note="示例:指标填报告的指标名;金额按元或万元填写")
    reg.expect_total("984万", source=siming, target=linxia, year=2018, kind="fiscal",
                     citation="示例:公开报道的数字及出处")
    reg.add_figure("labour.employed", "494人", year=2018, east=siming, west=linxia, citation="示例:年报",
                   note="示例:只有汇总数时填写;下级结对的数字是它的组成部分,不另加")
    assert flow is not None
    return reg


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "template.xlsx"
    spreadsheets.write_workbook(example(), out, template=True)
    back = spreadsheets.read_excel(out)  # the template must load
    print(f"wrote {out}: {back!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
