"""Siming District (Xiamen) and Linxia City (Gansu), 2018: the seed report, fact by fact.

Source: 《山海牵手共绘发展蓝图 厦门市临夏市2018年东西部扶贫协作工作纪实》, 民族日报, 2019-01-20.
Each record carries the fact number (F1-F19) and the source phrase as its note. Where the report
gives a year's total and some of its parts, the total is the figure and the parts sit inside it
(parent flows, exchanges ``part_of`` a larger one), never beside it. Where the report names no
one, the record says so in its name and note; nothing is invented.

The reading taken where the report is silent: the 984万 (F11) and the 324万 (F12) are parts of
the 2210.2万 that Siming raised for Linxia in the year (F17); the 34万 (F9) is part of the 984万.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._registry import Registry

if TYPE_CHECKING:
    from .._core import _SectorName

UNNAMED = "(报道未具名)"


def siming_linxia_2018() -> Registry:
    """The 2018 Siming–Linxia collaboration as the seed report describes it."""
    reg = Registry()
    p = reg.add_partner

    # --- places and organisations --------------------------------------------------------------
    xiamen = p("厦门市", kind="city", side="east", code="350200", note="F3, F7 厦门市派出支医专家")
    siming = p("思明区", kind="district", parent=xiamen, code="350203", note="F1 厦门市思明区")
    linxia_pref = p("临夏回族自治州", kind="city", side="west", code="622900", note="F3 前往临夏州开展医疗帮扶工作")
    linxia = p("临夏市", kind="county", parent=linxia_pref, code="622901", note="F1 临夏市")
    fuhan = p("枹罕镇", kind="town", parent=linxia, note="F9 注资枹罕镇王坪村村集体经济")
    wangping = p("王坪村", kind="village", parent=fuhan,
                 note="F10 王坪村是临夏市唯一的山区贫困村; F14 驻村第一书记马兴民")
    danzizhuang = p("单子庄村", kind="village", parent=linxia,
                    note="F13 临夏市单子庄村; the report does not name its town")
    coop = p("王坪村油用紫斑牡丹合作社", kind="cooperative", parent=wangping, note="F9 王坪村油用紫斑牡丹合作社")
    cppcc = p("思明区政协", kind="department", parent=siming, note="F9 思明区政协主席陈炳良一行")
    poverty_office = p("临夏市扶贫办", kind="department", parent=linxia, note="F14 临夏市扶贫办")
    zhonghua = p("中华街道", kind="street", parent=siming, note="F14 思明区中华街道")
    zhongshan = p("中山社区", kind="community", parent=zhonghua,
                  note="F14 东西部扶贫协作结对帮扶单位——厦门市思明区中华街道中山社区")
    yanwu = p("演武小学", kind="school", parent=siming, note="F4 厦门市演武小学")
    huaqiao = p("华侨幼儿园", kind="kindergarten", parent=siming, note="F16 厦门市思明区华侨幼儿园")
    experimental = p("临夏市实验幼儿园", kind="kindergarten", parent=linxia, note="F16 临夏市实验幼儿园")
    for name in ("临夏市新华小学教育集团", "临夏市建国小学", "临夏市罗家堡小学"):
        p(name, kind="school", parent=linxia, note="F4 副校长赴演武小学跟岗学习")
    cardio = p("厦门大学附属心血管病医院", kind="hospital", parent=xiamen, note="F3 邱风,心外科副主任医师")
    city_hospital = p("临夏市医院", kind="hospital", parent=linxia, note="F3, F7 在临夏市医院支医")
    p("红园社区卫生服务中心", kind="health_center", parent=linxia, note="F7 红园社区卫生服务中心")

    # --- F1, F2, F9, F14: leadership -----------------------------------------------------------
    for _ in range(5):
        reg.add_event("research_visit", date="2017", partners=[siming, linxia],
                      note="F1 经过5次调研对接 (five research visits before the agreement; dates not given)")
    reg.add_event("signing", date="2017-08", partners=[siming, linxia],
                  note="F1 2017年8月 ... 成功达成东西扶贫协作协议")
    reg.add_event("joint_meeting", date="2018", partners=[siming, linxia],
                  note="F2 多次召开高层联席会议 (several; the report gives no number: recorded once)")
    reg.add_event("inspection", date="2018-05", partners=[cppcc, coop],
                  note="F9 去年5月,思明区政协主席陈炳良一行到王坪村紫斑牡丹合作社进行东西协作产业合作项目调研")
    reg.add_event("research_visit", date="2018-08", partners=[poverty_office, wangping, zhongshan],
                  note="F14 去年8月,临夏市扶贫办和王坪村驻村第一书记马兴民到中山社区对接")

    # --- pairings (F1, F12, F13, F16) ----------------------------------------------------------
    reg.pair(siming, linxia, kind="east_west", since="2017-08", note="F1 东西扶贫协作协议")
    villages = [wangping] + [
        p(f"结对村{i}{UNNAMED}", kind="village", parent=linxia,
          note="F12 临夏市3个镇6个结对村 (village and town not named)")
        for i in range(2, 7)
    ]
    streets = [zhonghua] + [
        p(f"结对街道{i}{UNNAMED}", kind="street", parent=siming, note="F12 思明区5个街道 (not named)")
        for i in range(2, 6)
    ]
    soe = p(f"结对国企{UNNAMED}", kind="soe", parent=siming, note="F12 1个国企 (not named)")
    for street, village in zip(streets, villages[:5]):
        reg.pair(street, village, kind="street_village", note="F12 思明区5个街道、1个国企向临夏市3个镇6个结对村")
    reg.pair(soe, villages[5], kind="enterprise_village", note="F12 思明区5个街道、1个国企向临夏市3个镇6个结对村")
    for i in range(1, 9):
        family = p(f"爱心企业家庭{i}{UNNAMED}", kind="family", parent=siming, note="F13 思明区8家爱心企业家庭")
        household = reg.add_household(None, village=danzizhuang, status="poor", note="F13 单子庄村8户贫困户")
        reg.pair(family, household, kind="family_household", since="2018-08",
                 note="F13 \"一家一\"认亲式结对帮扶")
    reg.pair(huaqiao, experimental, kind="school", since="2018-03", note="F16 结成\"手拉手\"姊妹园")

    # --- talent (F3-F8, F16, F19) --------------------------------------------------------------
    reg.add_exchange(siming, linxia, role="teacher", person_times=8, batches=2, date="2018",
                     purpose="巡回教育帮扶,32所中小学、幼儿园",
                     note="F6 思明区共派出专家型教师2批8人次,到临夏市32所中小学、幼儿园开展巡回教育帮扶")
    doctors = reg.add_exchange(xiamen, linxia, role="doctor", person_times=7, date="2018",
                               purpose="支医:临夏市医院、红园社区卫生服务中心",
                               note="F7 厦门市派出支医专家7人次")
    reg.add_exchange(cardio, city_hospital, role="doctor", persons=1, date="2018-07", part_of=doctors,
                     note="F3 邱风,第一批厦门援临支医队队长 (inside the 7 of F7)")
    teachers = reg.add_exchange(linxia, siming, role="teacher", persons=179, date="2018",
                                purpose="跟班学习培训", note="F8 临夏市共派出教师179人")
    reg.add_exchange(linxia, siming, role="doctor", persons=6, date="2018", purpose="跟班学习培训",
                     note="F8 医生6人到思明区跟班学习培训")
    reg.add_exchange(linxia, yanwu, role="principal", persons=3, days=28, date="2018-10", part_of=teachers,
                     purpose="跟岗学习", note="F4 三位副校长到演武小学进行了为期4周的跟岗学习 (among the 179)")
    reg.add_exchange(linxia, siming, role="teacher", days=9, date="2018", part_of=teachers,
                     purpose="学习培训",
                     note="F5 第二批青年骨干教师赴思明区名优学校为期9天 (number not given; among the 179)")
    reg.add_exchange(experimental, huaqiao, role="teacher", persons=23, batches=2, date="2018-10", part_of=teachers,
                     purpose="跟岗学习", note="F16 分两批选派了23名骨干教师 (among the 179)")
    reg.add_training(siming, location=linxia, role="teacher", trainees=800, date="2018",
                     note="F6 对800多名教师开展培训 (800多: recorded as 800, rounded)")
    reg.add_training(siming, location=linxia, role="entrepreneur", trainees=135, date="2018",
                     note="F19 共培育临夏市贫困村创业致富带头人135人")

    # --- money (F9, F11, F12, F17) -------------------------------------------------------------
    year_total = reg.add_flow(siming, linxia, "2210.2万", date="2018", kind="other", purpose="mixed",
                              note="F17 思明区共争取财政帮扶资金和社会捐赠资金2210.2万元 (fiscal and donations; "
                                   "the split is not given)")
    industry = reg.add_flow(siming, linxia, "984万", date="2018", kind="fiscal", purpose="industry", parent=year_total,
                            note="F11 思明区共投入帮扶资金984万元,以村集体经济注资分红的方式 (read as part of F17)")
    reg.add_flow(siming, wangping, "34万", date="2018-05", kind="fiscal", purpose="industry", parent=industry,
                 note="F9 注资枹罕镇王坪村村集体经济34万元 (part of F11)")
    reg.add_flow(siming, linxia, "324万", date="2018", kind="other", purpose="mixed", parent=year_total,
                 note="F12 5个街道、1个国企向3个镇6个结对村投入帮扶资金324万元 (read as part of F17)")

    # --- projects and what they reached (F9-F11, F17, F18) -------------------------------------
    workshops = reg.add_project("扶贫车间", sector="industry", location=linxia, implementer=siming, start="2018",
                                outputs={"workshops": 20}, note="F11 扶持建成20个扶贫车间")
    reg.add_benefit(None, via=workshops, kind="employment", persons=900, date="2018",
                    note="F11 带动贫困群众近900人实现就地就近就业 (近900: recorded as 900, rounded)")
    # the same 900 as the workshops' employment record: an aggregate headcount for the year, all of
    # them poor (贫困群众); months and wages are not given. Jobs count it once.
    reg.add_employment(workshops, month="2018", workers=900, poor=900,
                       note="F11 带动贫困群众近900人实现就地就近就业 (aggregate for the 20 workshops)")
    peony = reg.add_project("油用紫斑牡丹合作社发展富民增收项目", sector="agriculture", location=wangping,
                            implementer=coop, start="2018-05", outputs={"members": 43},
                            note="F9 用于王坪村油用紫斑牡丹合作社发展富民增收项目")
    reg.add_benefit(None, via=peony, kind="income", persons=43, date="2018", note="F10 入社成员已达到43人")
    reg.add_benefit(None, via=peony, kind="income", households=200, date="2018",
                    note="F10 辐射带动王坪村200多户群众种植牡丹 (200多: recorded as 200, rounded)")
    projects: tuple[tuple[str, _SectorName], ...] = (
        ("安全饮水", "water"), ("村社道路硬化", "infrastructure"), ("村政务中心", "governance"),
        ("小学幼儿园建设", "education"))
    for name, sector in projects:
        reg.add_project(name, sector=sector, location=linxia, start="2018",
                        note="F17 用于临夏市安全饮水、村社道路硬化、村政务中心、小学幼儿园建设等项目")
    reg.add_project("农村环卫工人爱心驿站", sector="social", location=linxia, implementer=siming, start="2018",
                    note="F18 援助建立了农村环卫工人爱心驿站")
    reg.add_project("扶贫车间三维码数据分析系统", sector="governance", location=linxia, implementer=siming,
                    start="2018", note="F18 捐赠\"扶贫车间\"三维码数据分析系统 (value not given)")
    reg.add_project("一标三实安保数据采集系统", sector="governance", location=linxia, implementer=siming,
                    start="2018", note="F18 捐赠\"一标三实\"安保数据采集系统 (value not given)")

    # --- micro-wishes (F14, F15) ---------------------------------------------------------------
    poorest = [
        reg.add_household(None, village=wangping, status="extremely_poor", note="F14 王坪村17户特困户")
        for _ in range(17)
    ]
    for household in poorest[:16]:
        wish = reg.add_wish(household, "第一批微心愿(内容未公开)", date="2018-12", batch=1,
                            note="F15 12月底,第一批16户贫困户\"微心愿\"送到了思明区结村帮扶单位 "
                                 "(read as 16 of the 17 households of F14)")
        # F15 很快得到思明区中华街道、中山社区的爱心企业、爱心单位……及时对接认领 (date not given)
        reg.claim_wish(wish, by=zhongshan)
    return reg
