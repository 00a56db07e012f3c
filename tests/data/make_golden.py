"""Writes the golden files of the current file-format version (run once per new version).

    .venv/bin/python tests/data/make_golden.py

Each version's files stay committed forever: tests/python/test_golden.py checks that every one
still loads to the report stored beside it.
"""

import pathlib

import shanhai as sh

here = pathlib.Path(__file__).resolve().parent / f"v{sh.FORMAT_VERSION}"
here.mkdir(exist_ok=True)
reg = sh.datasets.siming_linxia_2018()
if sh.FORMAT_VERSION >= 6:  # what version 6 adds: an erasure and a restricted person (no identity)
    reg.erase(reg.households[0], reason="request", date="2024-01-02")
    reg.restrict(reg.add_person(reg.households[1], relation="head", birth_year=1970))
if sh.FORMAT_VERSION >= 7:  # what version 7 adds: a pair's target, figures (a whole and its detail), labour
    # records with a breakdown, events' participants, a partner standing for 3 firms, credited money
    east, west = reg.partners[1], reg.partners[2]
    reg.set_target("talent.dispatched", 2018, 12, east=east, west=west)
    whole = reg.add_figure("funds.fiscal", "1000万以上", year=2019, east=east, west=west, citation="年报")
    reg.add_figure("funds.fiscal", "600万", year=2019, east=east, west=west, part_of=whole)
    siming, linxia = (next(p for p in reg.partners if p.name == n) for n in ("思明区", "临夏市"))
    whole = reg.add_labour(siming, linxia, persons=145, date="2018", citation="synthetic")
    reg.add_labour(siming, linxia, persons=82, status="poor", destination="partner", date="2018", part_of=whole)
    reg.add_event("joint_meeting", date="2018-06", partners=[siming, linxia], participants=30)
    firms = reg.add_partner("三家引进企业", kind="enterprise", side="east", count=3, note="synthetic")
    pairing = reg.pair(siming, linxia, kind="other", since="2018", note="synthetic")
    reg.add_flow(firms, linxia, "30万", date="2018", kind="investment", credited_to=pairing)
if sh.FORMAT_VERSION >= 8:  # what version 8 adds: flows' currency and corrections (a donation reversed in part)
    siming, linxia = (next(p for p in reg.partners if p.name == n) for n in ("思明区", "临夏市"))
    reg.add_flow(siming, linxia, "-1万", date="2018-12", kind="donation", correction=True, note="synthetic")
for fmt in ("binary", "text", "xml"):
    reg.save(here / f"siming_linxia_2018.{fmt}.shanhai", format=fmt)
(here / "siming_linxia_2018.report.json").write_text(reg.report(year=2018).to_json() + "\n", encoding="utf-8")
if sh.FORMAT_VERSION >= 7:  # what version 7 adds: a shared copy's sharing record (a synthetic key)
    for fmt in ("binary", "text", "xml"):  # its reports are the original's: the same report.json
        reg.share(here / f"siming_linxia_2018_shared.{fmt}.shanhai", key=b"golden files' key, no secret", k=1,
                  format=fmt)
