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
if sh.FORMAT_VERSION >= 7:  # what version 7 adds: a pair's target, figures (a whole and its detail)
    east, west = reg.partners[1], reg.partners[2]
    reg.set_target("talent.dispatched", 2018, 12, east=east, west=west)
    whole = reg.add_figure("funds.fiscal", "1000万以上", year=2019, east=east, west=west, citation="年报")
    reg.add_figure("funds.fiscal", "600万", year=2019, east=east, west=west, part_of=whole)
for fmt in ("binary", "text", "xml"):
    reg.save(here / f"siming_linxia_2018.{fmt}.shanhai", format=fmt)
(here / "siming_linxia_2018.report.json").write_text(reg.report(year=2018).to_json() + "\n", encoding="utf-8")
if sh.FORMAT_VERSION >= 7:  # what version 7 adds: a shared copy's sharing record (a synthetic key)
    for fmt in ("binary", "text", "xml"):  # its reports are the original's: the same report.json
        reg.share(here / f"siming_linxia_2018_shared.{fmt}.shanhai", key=b"golden files' key, no secret", k=1,
                  format=fmt)
