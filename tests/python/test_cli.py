"""The command line: python -m shanhai report [FILE] and python -m shanhai check FILE."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import shanhai as sh


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "shanhai", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=120)


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "seed.shanhai"
    sh.datasets.siming_linxia_2018().save(str(path))
    return path


def line_with(text, label):
    (line,) = [ln for ln in text.splitlines() if ln.strip().startswith(label)]
    return line


def test_report_prints_the_2018_figures():
    r = run("report")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "2018" in out.splitlines()[0]
    assert re.search(r"\b2210\.2\b", line_with(out, "帮扶资金(去重)"))
    assert re.search(r"\b15\b", line_with(out, "派出人才(东→西) "))
    assert re.search(r"\b185\b", line_with(out, "接收人才(西→东) "))
    assert re.search(r"\b3552\.2\b", out)
    assert re.search(r"\b1852\.2\b", out)
    assert "万元" in out


def test_report_in_english():
    r = run("report", "--lang", "en")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert re.search(r"\b2210\.2\b", line_with(out, "Assistance funds (deduplicated)"))
    assert re.search(r"\b15 person-times", line_with(out, "Talent dispatched east→west "))
    assert re.search(r"\b185 person-times", line_with(out, "Talent received west→east "))
    assert "派出" not in out


def test_report_json():
    r = run("report", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    values = {i["key"]: i["value"] for i in doc["indicators"]}
    assert values["funds.total"]["fen"] == 2_210_200_000  # 2210.2万 in fen
    assert values["funds.reported_sum"]["fen"] == 3_552_200_000  # 2210.2 + 984 + 34 + 324
    assert values["talent.dispatched"] == 15
    assert values["talent.received"] == 185
    assert doc["scope"]["year"] == "2018"


def test_report_json_is_the_libraries_json():
    r = run("report", "--json")
    expected = sh.datasets.siming_linxia_2018().report(year=2018).to_json()
    assert json.loads(r.stdout) == json.loads(expected)


def test_report_of_a_saved_file(seed_file):
    r = run("report", str(seed_file), "--year", "2018")
    assert r.returncode == 0, r.stderr
    assert re.search(r"\b2210\.2\b", line_with(r.stdout, "帮扶资金(去重)"))
    assert r.stdout == run("report").stdout  # the file holds the embedded data set


def test_report_of_a_saved_file_as_json(seed_file):
    r = run("report", str(seed_file), "--year", "2018", "--json", "--lang", "en")
    assert r.returncode == 0, r.stderr
    values = {i["key"]: i["value"] for i in json.loads(r.stdout)["indicators"]}
    assert values["funds.total"]["fen"] == 2_210_200_000


def test_report_of_a_file_without_year_is_every_year(seed_file):
    r = run("report", str(seed_file), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    values = {i["key"]: i["value"] for i in doc["indicators"]}
    assert doc["scope"]["year"] is None
    assert values["leadership.visits"] == 7  # 5 in 2017 (F1) + 2 in 2018 (F9, F14)
    assert values["funds.total"]["fen"] == 2_210_200_000  # all of it is 2018 money


def test_report_of_the_pair():
    r = run("report", "--east", "思明区", "--west", "临夏市", "--json")
    assert r.returncode == 0, r.stderr
    values = {i["key"]: i["value"] for i in json.loads(r.stdout)["indicators"]}
    assert values["talent.dispatched"] == 8  # Xiamen City, not Siming, sent the 7 doctors
    assert values["funds.total"]["fen"] == 2_210_200_000


def test_report_of_an_unknown_partner():
    r = run("report", "--east", "不存在区")
    assert r.returncode != 0
    assert "不存在区" in r.stderr


def test_report_all_rows():
    assert len(run("report", "--all").stdout.splitlines()) > len(run("report").stdout.splitlines())


@pytest.mark.parametrize("fmt", ["binary", "text", "xml"])
def test_check_a_good_file(tmp_path, fmt):
    path = tmp_path / f"seed.{fmt}"
    sh.datasets.siming_linxia_2018().save(str(path), format=fmt)
    r = run("check", str(path))
    assert r.returncode == 0, r.stderr
    assert str(path) in r.stdout


def test_check_a_truncated_file(tmp_path, seed_file):
    path = tmp_path / "cut.shanhai"
    path.write_bytes(seed_file.read_bytes()[:-100])
    r = run("check", str(path))
    assert r.returncode != 0
    assert "truncated" in r.stderr
    assert "Traceback" not in r.stderr


def test_check_a_damaged_file(tmp_path, seed_file):
    data = bytearray(seed_file.read_bytes())
    data[len(data) // 2] ^= 0x40
    path = tmp_path / "flipped.shanhai"
    path.write_bytes(bytes(data))
    r = run("check", str(path))
    assert r.returncode != 0
    assert "damaged" in r.stderr
    assert "Traceback" not in r.stderr


def test_check_a_file_that_is_not_ours(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("山海协作\n", encoding="utf-8")
    r = run("check", str(path))
    assert r.returncode != 0
    assert "Traceback" not in r.stderr


def test_check_a_missing_file(tmp_path):
    path = tmp_path / "missing.shanhai"
    r = run("check", str(path))
    assert r.returncode != 0
    assert str(path) in r.stderr
    assert "Traceback" not in r.stderr


def test_check_needs_a_file():
    r = run("check")
    assert r.returncode != 0


def test_unknown_command():
    assert run("frobnicate").returncode != 0


def test_report_from_another_folder(tmp_path, seed_file):
    r = run("report", os.path.relpath(seed_file, tmp_path), "--year", "2018", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
