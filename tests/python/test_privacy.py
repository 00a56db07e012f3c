"""Pseudonymised exports, erasure and restriction. Pseudonyms: the same under one key in every
call and process, others under another key, a head person's name joined with the household's
head_name, and none of the values in the produced bytes. Erasure: every figure unchanged, no
erased value left in any saved file, a kept person's values still there (the search is real).
Restriction: kept, but out of every output. Every identity here is synthetic."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

import shanhai as sh
from conftest import synthetic_id, synthetic_id_ending

KEY = b"recipient A: 0123456789abcdef"
OTHER_KEY = "recipient B: 0123456789abcdef"
ADULT_ID = synthetic_id_ending("622901", "19680315", "X")
CHILD_ID = synthetic_id("622901", "20150601", 24)
KEPT_ID = synthetic_id("622901", "19700303", 31)
SECRETS = {
    "id": ADULT_ID, "child id": CHILD_ID, "phone": "13812345678", "name": "马小明", "child": "马小花",
    "number": "622901100201000001", "address": "王坪村三社12号", "note": "低保对象马小明",
    "wish": "给马小花买书包", "worker": "工号马小明", "status note": "马小明病故", "flow note": "给马小明家",
}
KEPT = {"name": "丁大为", "id": KEPT_ID, "number": "622901100201000002"}
TABLES = ("households", "persons", "wishes", "status_changes", "employment", "flows")


@pytest.fixture
def reg():
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="county", side="east")
    county = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=county)
    h = reg.add_household(SECRETS["number"], village=village, members=2, causes=["illness"],
                          address="临夏市枹罕镇王坪村三社12号", note=SECRETS["note"], head_name=SECRETS["name"])
    head = reg.add_person(h, relation="head", birth_year=1968, name=SECRETS["name"], id_number=ADULT_ID,
                          phone=SECRETS["phone"], health="chronic_illness", note=SECRETS["note"])
    reg.add_person(h, relation="child", sex="female", birth_year=2015, name=SECRETS["child"], id_number=CHILD_ID)
    kept = reg.add_household(KEPT["number"], village=village, members=1, head_name=KEPT["name"])
    reg.add_person(kept, relation="head", sex="male", birth_year=1970, name=KEPT["name"], id_number=KEPT_ID)
    reg.add_wish(h, SECRETS["wish"], cost="100元", date="2019-04")
    reg.set_status(h, "exited", date="2019-11", note=SECRETS["status note"])
    reg.add_flow(east, h, "1200元", date="2019-03", kind="fiscal", note=SECRETS["flow note"])
    workshop = reg.add_project("扶贫车间", location=county, start="2019")
    reg.add_employment(workshop, person=head, worker=SECRETS["worker"], month="2019-05", wage="1000元")
    return reg


def found(data: bytes, secrets=SECRETS) -> set[str]:
    """Which secrets the bytes hold, in UTF-8 or GB18030."""
    return {k for k, v in secrets.items() if v.encode("utf-8") in data or v.encode("gb18030") in data}


def frames_bytes(frames) -> bytes:
    text = "\n".join(f.to_csv() for f in frames)
    return text.encode("utf-8") + text.encode("gb18030")


def reference(key: bytes, domain: str, value: str) -> str:
    """The pseudonym as the docs define it, by Python's own hmac."""
    mac = hmac.new(key, domain.encode() + b"\0" + value.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(mac[:10]).decode()


# ---- pseudonyms --------------------------------------------------------------------------------

def test_a_pseudonym_is_hmac_sha256_over_domain_and_value_in_base32():
    for domain, value in [("name", "马小明"), ("id", ADULT_ID), ("phone", "13812345678"), ("household", "6229"),
                          ("worker", "W-1")]:
        p = sh.pseudonym(KEY, domain, value)
        assert p == reference(KEY, domain, value) and len(p) == 16
    assert sh.pseudonym(KEY, "id", ADULT_ID.lower()) == sh.pseudonym(KEY, "id", ADULT_ID)  # normalised
    assert sh.pseudonym(KEY, "name", "") == ""
    assert sh.pseudonym(OTHER_KEY, "name", "马小明") == reference(OTHER_KEY.encode(), "name", "马小明")


def test_pseudonymised_tables_replace_identifiers_and_drop_free_text_and_sensitive_fields(reg):
    persons = reg.persons.to_pandas(personal="pseudonymise", key=KEY)
    households = reg.households.to_pandas(personal="pseudonymise", key=KEY)
    assert persons["id_number"].tolist() == [reference(KEY, "id", i) for i in (ADULT_ID, CHILD_ID, KEPT_ID)]
    assert persons["name"][1] == reference(KEY, "name", SECRETS["child"])  # a child too: a pseudonym
    assert persons["phone"].tolist() == [reference(KEY, "phone", SECRETS["phone"]), "", ""]
    assert households["number"][0] == reference(KEY, "household", SECRETS["number"])
    assert households["head_name"][0] == persons["name"][0]  # a head's name joins the household
    assert households["address"].tolist() == ["临夏市枹罕镇王坪村", ""]
    assert not {"health", "labour", "note"} & set(persons.columns)
    assert not {"causes", "note"} & set(households.columns)
    assert {"relation", "sex", "birth_year"} <= set(persons.columns)
    frames = [getattr(reg, t).to_pandas(personal="pseudonymise", key=KEY) for t in TABLES]
    assert found(frames_bytes(frames)) == set()
    assert found(frames_bytes(getattr(reg, t).to_pandas(personal="show") for t in TABLES)) == set(SECRETS)


def test_pseudonyms_are_stable_per_key_and_differ_across_keys(reg):
    a = reg.persons.to_pandas(personal="pseudonymise", key=KEY)
    assert a.equals(reg.persons.to_pandas(personal="pseudonymise", key=KEY))
    b = reg.persons.to_pandas(personal="pseudonymise", key=OTHER_KEY)
    assert not set(a["id_number"]) & set(b["id_number"])
    assert not set(a["name"]) & set(b["name"])


def test_pseudonyms_are_the_same_in_another_process():
    code = "import shanhai as sh, sys; print(sh.pseudonym(sys.argv[1].encode(), 'id', sys.argv[2]))"
    out = subprocess.run([sys.executable, "-c", code, KEY.decode(), ADULT_ID], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == sh.pseudonym(KEY, "id", ADULT_ID)


def test_pseudonymised_csv_excel_and_iati_hold_no_value(reg, tmp_path):
    folder = reg.to_csv(tmp_path / "p", personal="pseudonymise", key=KEY)
    data = b"".join(p.read_bytes() for p in sorted(folder.iterdir()))
    assert found(data) == set()
    persons = pd.read_csv(folder / "persons.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert persons["id_number"].tolist() == reg.persons.to_pandas(personal="pseudonymise", key=KEY)[
        "id_number"].tolist()  # the same pseudonyms in every output
    with zipfile.ZipFile(reg.to_excel(tmp_path / "p.xlsx", personal="pseudonymise", key=KEY)) as z:
        sheets = html.unescape(b"".join(z.read(n) for n in z.namelist()).decode("utf-8")).encode("utf-8")
    assert found(sheets) == set()
    assert reference(KEY, "id", ADULT_ID).encode() in sheets
    iati = reg.to_iati(tmp_path / "p.xml", reg.partners[0], reporting_ref="CN-TEST-1", personal="pseudonymise",
                       key=KEY).read_bytes()
    assert found(iati) == set()
    assert SECRETS["flow note"].encode() in reg.to_iati(tmp_path / "s.xml", reg.partners[0], reporting_ref="CN-TEST-1",
                                                          personal="show").read_bytes()


@pytest.mark.parametrize("personal, key, field, reason", [
    ("pseudonymise", None, "key", "required"),
    ("pseudonymise", b"short key", "key", "out_of_range"),
    ("mask", KEY, "key", "rule"),
    ("show", KEY, "key", "rule"),
])
def test_a_missing_short_or_misplaced_key_is_refused(reg, tmp_path, personal, key, field, reason):
    for call in (lambda: reg.persons.to_pandas(personal=personal, key=key),
                 lambda: reg.to_csv(tmp_path / "x", personal=personal, key=key),
                 lambda: reg.to_excel(tmp_path / "x.xlsx", personal=personal, key=key)):
        with pytest.raises(sh.ValidationError) as e:
            call()
        assert (e.value.field, e.value.reason) == (field, reason)
        if key:
            assert key.decode() not in str(e.value)  # the key is never echoed
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.xlsx").exists()


def test_a_key_of_the_wrong_type_is_refused(reg):
    with pytest.raises(sh.WrongTypeError):
        reg.persons.to_pandas(personal="pseudonymise", key=12345678901234567890)


# ---- erasure -----------------------------------------------------------------------------------

def figures(reg) -> str:
    """The year's report as JSON, without the notes of the flows it lists (free text, which an
    erasure blanks): every figure."""
    def without_notes(v):
        if isinstance(v, dict):
            return {k: without_notes(x) for k, x in v.items() if k != "note"}
        return [without_notes(x) for x in v] if isinstance(v, list) else v

    return json.dumps(without_notes(json.loads(reg.report(year=2019).to_json())), ensure_ascii=False)


def test_erasing_a_household_keeps_every_figure_and_leaves_no_value_in_any_file(reg, tmp_path):
    before, totals = figures(reg), str(reg.totals())
    assert reg.erase(reg.households[0], reason="request", date="2024-01-02") is True
    assert figures(reg) == before and str(reg.totals()) == totals
    assert len(reg.persons) == 3 and reg.status_of(reg.households[0]) == "exited"
    assert reg.erasures == [{"date": "2024-01-02", "reason": "request", "kind": "household"}]
    assert reg.erase(reg.households[0], reason="request") is False  # nothing left: no second row
    assert reg.erase(reg.persons[0], reason="other") is False
    assert len(reg.erasures) == 1
    for fmt in ("binary", "text", "xml"):
        path = tmp_path / f"r.{fmt}.shanhai"
        reg.save(path, format=fmt)
        data = path.read_bytes()
        assert found(data) == set(), fmt
        assert found(data, KEPT) == set(KEPT), fmt  # a kept person's values are there: the search is real
        back = sh.load(path)
        assert figures(back) == before and back.erasures == reg.erasures
    assert found(reg.to_bytes()) == set()
    assert found(frames_bytes(getattr(reg, t).to_pandas(personal="show") for t in TABLES)) == set()
    with pytest.raises(sh.NotFoundError):
        reg.person_by_id_number(ADULT_ID)
    frame = pd.DataFrame(reg.erasures)
    assert frame.columns.tolist() == ["date", "reason", "kind"]


def test_erasing_a_head_person_blanks_the_household_head_name(reg):
    assert reg.erase(reg.persons[0], reason="consent_withdrawn")
    shown = reg.households.to_pandas(personal="show")
    assert shown["head_name"].tolist() == ["", KEPT["name"]]
    assert shown["number"][0] == SECRETS["number"]  # the household itself is not erased
    assert reg.persons[1].name == SECRETS["child"]
    assert reg.erasures[0]["kind"] == "person"


@pytest.mark.parametrize("reason, error, code", [(None, sh.ValidationError, "required"),
                                                 ("forgotten", sh.ValidationError, "unknown_value"),
                                                 (3, sh.WrongTypeError, "wrong_type")])
def test_an_erasure_needs_one_of_the_six_reasons(reg, reason, error, code):
    before = reg.to_bytes()
    with pytest.raises(error) as e:
        reg.erase(reg.persons[0], reason=reason)
    assert e.value.reason == code
    assert reg.to_bytes() == before


# ---- restriction -------------------------------------------------------------------------------

def test_a_restricted_person_is_in_no_output_but_kept_and_saved(reg, tmp_path):
    head = reg.persons[0]
    assert reg.restrict(head) is True and reg.restrict(head) is False
    assert reg.is_restricted(head) and reg.restricted == [head]
    assert head.name == SECRETS["name"]  # kept: a handle reads it
    outputs = [getattr(reg, t).to_pandas(personal=p, **({"key": KEY} if p == "pseudonymise" else {}))
               for t in ("persons", "employment") for p in ("show", "mask", "pseudonymise")]
    data = frames_bytes(outputs)
    assert not {"id", "phone", "name", "worker"} & found(data)
    assert reference(KEY, "id", ADULT_ID).encode() not in data and reference(KEY, "name", SECRETS["name"]).encode() \
        not in data
    for p in ("show", "mask", "pseudonymise"):
        heads = reg.households.to_pandas(personal=p, **({"key": KEY} if p == "pseudonymise" else {}))["head_name"]
        assert heads[0] == "" and heads[1] != ""  # the household's head_name is the head person's name
    assert reg.households.to_pandas(personal="show")["number"][0] == SECRETS["number"]  # the household's own
    assert found(frames_bytes([reg.persons.to_pandas(personal="show")]), KEPT) >= {"name", "id"}
    html_view = reg.persons._repr_html_().encode()
    assert "马*".encode() not in html_view and "丁*".encode() in html_view
    folder = reg.to_csv(tmp_path / "c", personal="show")
    # (the household's and flow's notes name the head too: a restriction covers the person's own fields)
    assert not {"id", "phone", "name", "worker"} & found(b"".join((folder / f).read_bytes()
                                                                 for f in ("persons.csv", "employment.csv")))
    reg.save(tmp_path / "r.shanhai")
    back = sh.load(tmp_path / "r.shanhai")
    assert back.is_restricted(back.persons[0]) and not back.is_restricted(back.persons[1])
    assert reg.unrestrict(head) is True and reg.unrestrict(head) is False
    assert reg.persons.to_pandas(personal="show")["id_number"][0] == ADULT_ID


def test_partition_merge_and_pickle_carry_erasures_and_restrictions(reg):
    import pickle

    reg.erase(reg.households[0], reason="unlawful", date="2024-06-07")
    reg.restrict(reg.persons[2])
    for whole in (sh.merge(reg.partition(2)), sh.merge([reg, sh.Registry()]), pickle.loads(pickle.dumps(reg))):
        assert whole.erasures == reg.erasures
        assert [p.id for p in whole.restricted] == [2]
