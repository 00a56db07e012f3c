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
if sh.FORMAT_VERSION >= 7:  # what version 7 adds: labour records with a breakdown; events' participants
    siming, linxia = (next(p for p in reg.partners if p.name == n) for n in ("思明区", "临夏市"))
    whole = reg.add_labour(siming, linxia, persons=145, date="2018", citation="synthetic")
    reg.add_labour(siming, linxia, persons=82, status="poor", destination="partner", date="2018", part_of=whole)
    reg.add_event("joint_meeting", date="2018-06", partners=[siming, linxia], participants=30)
    firms = reg.add_partner("三家引进企业", kind="enterprise", side="east", count=3, note="synthetic")
    pairing = reg.pair(siming, linxia, kind="other", since="2018", note="synthetic")
    reg.add_flow(firms, linxia, "30万", date="2018", kind="investment", credited_to=pairing)
for fmt in ("binary", "text", "xml"):
    reg.save(here / f"siming_linxia_2018.{fmt}.shanhai", format=fmt)
(here / "siming_linxia_2018.report.json").write_text(reg.report(year=2018).to_json() + "\n", encoding="utf-8")
