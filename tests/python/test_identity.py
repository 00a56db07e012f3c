"""Identity fields of persons and households: names, citizen ID numbers (GB 11643) and phones,
checked and stored normalised, unique, found by number, kept in files, refused without echo, and
the same through the bulk calls. Every ID number here is synthetic (conftest.synthetic_id)."""

from __future__ import annotations

import pandas as pd
import pytest

import shanhai as sh
from conftest import synthetic_id, synthetic_id_ending


@pytest.fixture
def home():
    reg = sh.Registry()
    county = reg.add_partner("临夏市", kind="county", side="west")
    village = reg.add_partner("王坪村", kind="village", parent=county)
    return reg, reg.add_household(None, village=village, members=4, head_name="马某")


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("given, stored", [
    (synthetic_id("622901", "20000229", 123), synthetic_id("622901", "20000229", 123)),  # 29 February
    (synthetic_id_ending("622901", "19800101", "X"), synthetic_id_ending("622901", "19800101", "X")),
    (synthetic_id_ending("622901", "19800101", "X").lower(), synthetic_id_ending("622901", "19800101", "X")),
    (synthetic_id_ending("440304", "19751015", "0"), synthetic_id_ending("440304", "19751015", "0")),
    (synthetic_id_ending("440304", "19751015", "0").translate(FULL_WIDTH),
     synthetic_id_ending("440304", "19751015", "0")),
    (synthetic_id("650102", "20180607", 34), synthetic_id("650102", "20180607", 34)),  # a child under 14
    (synthetic_id("931100", "19900505", 7), synthetic_id("931100", "19900505", 7)),  # a foreigner's
])
def test_a_valid_number_is_taken_normalised_and_found(home, given, stored):
    reg, h = home
    p = reg.add_person(h, name="马某", id_number=given)
    assert p.id_number == stored and p.name == "马某"
    assert reg.person_by_id_number(given) == p == reg.person_by_id_number(stored)


GOOD = synthetic_id("622901", "19800101", 11)  # born 1980, male (11 is odd)


@pytest.mark.parametrize("number, keywords, part, reason", [
    (GOOD[:17], {}, "18 characters", "bad_format"),
    (GOOD[:10] + "A" + GOOD[11:], {}, "first 17 characters must be digits", "bad_format"),
    (GOOD[:17] + "Y", {}, "check character", "bad_format"),
    (synthetic_id("242901", "19800101", 11), {}, "province code", "out_of_range"),
    (synthetic_id("622901", "19810229", 11), {}, "not a real date", "out_of_range"),
    (synthetic_id("622901", "20900101", 11), {}, "after today", "out_of_range"),
    (GOOD[:17] + ("0" if GOOD[17] != "0" else "1"), {}, "does not match", "mismatch"),
    (GOOD, {"birth_year": 1981}, "birth_year", "mismatch"),
    (GOOD, {"sex": "female"}, "sex", "mismatch"),
])
def test_each_bad_number_is_refused_naming_the_part_without_echo(home, number, keywords, part, reason):
    reg, h = home
    before = reg.to_bytes()
    with pytest.raises(sh.ValidationError) as e:
        reg.add_person(h, id_number=number, **keywords)
    said = str(e.value)
    assert part in said and said.startswith("person id_number: ")
    assert number[:17] not in said and number[:6] not in said
    assert (e.value.table, e.value.field, e.value.value, e.value.reason) == ("persons", "id_number", None, reason)
    assert reg.to_bytes() == before


def test_a_number_is_unique_and_a_lookup_never_echoes(home):
    reg, h = home
    number = synthetic_id_ending("622901", "19800101", "X")
    reg.add_person(h, id_number=number, sex="male" if int(number[16]) % 2 else "female", birth_year=1980)
    with pytest.raises(sh.ValidationError, match="already registered") as e:
        reg.add_person(h, id_number=number.lower())
    assert e.value.reason == "duplicate" and number[:17] not in str(e.value)
    missing = synthetic_id("622901", "19800101", 998)
    with pytest.raises(sh.NotFoundError) as e:
        reg.person_by_id_number(missing)
    assert missing[:6] not in str(e.value) and e.value.value is None and e.value.field == "id_number"


@pytest.mark.parametrize("given, stored", [
    ("13812345678", "13812345678"), ("+86 138-1234-5678", "13812345678"), ("0931-8123456", "0931-8123456"),
    ("(0931) 81234567", "0931-81234567"), ("010 62345678", "010-62345678"), ("+86 10 6234 5678", "010-62345678"),
])
def test_phones_are_stored_normalised(home, given, stored):
    reg, h = home
    assert reg.add_person(h, phone=given).phone == stored


@pytest.mark.parametrize("phone", ["1381234567", "138123456789", "12812345678", "0931-812345", "8123456", "电话"])
def test_a_bad_phone_is_refused_without_echo(home, phone):
    reg, h = home
    with pytest.raises(sh.ValidationError) as e:
        reg.add_person(h, phone=phone)
    assert phone[:6] not in str(e.value) and e.value.value is None and e.value.field == "phone"


def test_bulk_validates_and_normalises_as_one_row(home):
    reg, h = home
    numbers = [synthetic_id_ending("622901", "19800101", "X").lower(), synthetic_id("622901", "20150601", 2)]
    ids = reg.add_persons(pd.DataFrame({"household": [h.id, h.id], "name": ["马某", "马某某"],
                                        "id_number": numbers, "phone": ["+86 13812345678", None]}))
    assert [reg.persons[i].id_number for i in ids] == [numbers[0].upper(), numbers[1]]
    assert reg.persons[ids[0]].phone == "13812345678"
    assert reg.person_by_id_number(numbers[1]) == reg.persons[ids[1]]
    bad = synthetic_id("622901", "19800101", 1)[:17] + "Y"
    before = reg.to_bytes()
    with pytest.raises(sh.ValidationError) as e:
        reg.add_persons({"household": [h.id, h.id], "id_number": [synthetic_id("622901", "19900101", 5), bad]})
    assert (e.value.table, e.value.row, e.value.field) == ("persons", 1, "id_number")
    assert bad[:17] not in str(e.value)
    assert reg.to_bytes() == before
    assert reg.add_households({"village": [1], "head_name": ["马某"]}) == range(1, 2)
    assert reg.households[1].head_name == "马某"


@pytest.mark.parametrize("fmt", ["binary", "text", "xml"])
def test_files_keep_the_identity_fields(home, tmp_path, fmt):
    reg, h = home
    number = synthetic_id("622901", "19620304", 11)
    reg.add_person(h, relation="head", name="马某", id_number=number, phone="0930-6123456")
    reg.save(tmp_path / "r.shanhai", format=fmt)
    back = sh.load(tmp_path / "r.shanhai")
    p = back.person_by_id_number(number)
    assert (p.name, p.id_number, p.phone, back.households[0].head_name) == ("马某", number, "0930-6123456", "马某")
    assert back.to_bytes(fmt) == reg.to_bytes(fmt)
