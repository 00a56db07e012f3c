"""Sharing a registry with a researcher (``reg.share``): a real registry file whose identifiers
are the pseudonyms of a ``personal="pseudonymise"`` export under the same key, without free text
or sensitive detail, its quasi-identifiers generalised until every cell of village (or town),
birth band, sex and relation holds k persons, every figure of the original's reports unchanged,
and the sharing record kept through every archive kind. Every identity here is synthetic."""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

import shanhai as sh
from conftest import synthetic_id

KEY = b"recipient A: 0123456789abcdef"
OTHER_KEY = "recipient B: 0123456789abcdef"


def build() -> tuple[sh.Registry, dict[str, list[str]]]:
    """Two towns of two villages; in each village three households of a head (a man, born in one
    5-year band, each in another year), a wife and a daughter under 14; notes, phones, addresses,
    causes, wishes, flows, status changes and employment. The identifiers, by kind."""
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="county", side="east")
    county = reg.add_partner("临夏县", kind="county", side="west")
    workshop = reg.add_project("扶贫车间", location=county, start="2020")
    secrets: dict[str, list[str]] = {k: [] for k in ("id", "name", "phone", "number", "text")}
    serial = 0
    for t in range(2):
        town = reg.add_partner(f"枹罕{t}镇", kind="town", parent=county)
        for v in range(2):
            village = reg.add_partner(f"王坪{t}{v}村", kind="village", parent=town)
            for h in range(3):
                head = f"马{serial}甲"
                number = f"62290110020{serial:07d}"
                hh = reg.add_household(number, village=village, members=3, causes=["illness"],
                                       address=f"王坪{t}{v}村三社{serial}号", note=f"{head}因病致贫", head_name=head)
                secrets["number"].append(number)
                secrets["text"] += [f"{head}因病致贫", f"三社{serial}号"]
                for relation, sex, year in (("head", "male", 1980 + h + v), ("spouse", "female", 1981 + h),
                                            ("child", "female", 2015 + h)):
                    name = head if relation == "head" else f"马{serial}{relation}"
                    id_number = synthetic_id("622901", f"{year}0315", 100 + 2 * serial + (sex == "male"))
                    phone = f"139{serial:04d}{len(secrets['id']):04d}"
                    p = reg.add_person(hh, relation=relation, sex=sex, birth_year=year, name=name,
                                       id_number=id_number, phone=phone, health="chronic_illness",
                                       note=f"{name}常住兰州")
                    secrets["id"].append(id_number)
                    secrets["name"].append(name)
                    secrets["phone"].append(phone)
                    secrets["text"].append(f"{name}常住兰州")
                    if relation == "head":
                        reg.add_employment(workshop, person=p, worker=f"工号{name}", month="2020-05", wage="1000.07元")
                reg.add_flow(east, hh, "1200.07元", date="2020-03", kind="fiscal", note=f"给{head}家")
                reg.set_status(hh, "exited", date="2020-11", note=f"{head}家脱贫")
                reg.add_wish(hh, f"给{head}的女儿买书包", cost="150元", date="2020-04")
                secrets["text"] += [f"给{head}家", f"{head}家脱贫", f"给{head}的女儿买书包"]
                serial += 1
    reg.add_flow(east, county, "98.4万", date="2020", kind="fiscal", purpose="industry")
    return reg, secrets


@pytest.fixture
def world():
    return build()


def found(data: bytes, values: list[str]) -> list[str]:
    """The values the bytes hold, in UTF-8 or GB18030."""
    return [v for v in values if v.encode("utf-8") in data or v.encode("gb18030") in data]


def figures(reg: sh.Registry, **scope) -> str:
    """Every figure of a report, without the notes of the flows it lists (free text)."""
    def without_notes(v):
        if isinstance(v, dict):
            return {k: without_notes(x) for k, x in v.items() if k != "note"}
        return [without_notes(x) for x in v] if isinstance(v, list) else v
    return json.dumps(without_notes(json.loads(reg.report(**scope).to_json())), ensure_ascii=False, sort_keys=True)


def cells(reg: sh.Registry) -> Counter:
    """Persons by village (or town), birth year (or band), sex and relation."""
    persons = reg.persons.to_pandas(personal="drop")
    households = reg.households.to_pandas(personal="drop")
    village = households["village"].tolist()
    return Counter((village[int(p.household)], p.birth_year, p.sex, p.relation) for p in persons.itertuples())


def test_a_shared_file_holds_no_identifier_and_every_figure_of_the_original(world, tmp_path):
    reg, secrets = world
    path = tmp_path / "shared.shanhai"
    assert reg.share(path, key=KEY, k=4) is None
    shared = sh.load(path)
    assert shared.sharing == {"k": 4, "generalisation": "birth_band_town"}  # 3 a village, 6 a town
    assert reg.sharing is None
    original = reg.to_bytes("xml")
    data = path.read_bytes() + shared.to_bytes("xml") + shared.to_bytes("text")
    for kind, values in secrets.items():
        assert found(original, values) == values, kind  # the search is real
        assert found(data, values) == [], kind
    # every figure, for every scope a report takes
    for scope in ({}, {"year": 2020}, {"year": 2019}):
        assert figures(shared, **scope) == figures(reg, **scope)
    pair = {"year": 2020, "east": 0, "west": 1}  # the east and west counties, partners 0 and 1 of each
    assert figures(shared, **{k: shared.partners[v] if k != "year" else v for k, v in pair.items()}) == \
        figures(reg, **{k: reg.partners[v] if k != "year" else v for k, v in pair.items()})
    assert str(shared.totals()) == str(reg.totals())
    assert str(shared.totals(by="kind")) == str(reg.totals(by="kind"))
    assert len(shared.persons) == len(reg.persons) and len(shared.households) == len(reg.households)
    # what a researcher sees: no sensitive detail, no free text, generalised quasi-identifiers
    persons = shared.persons.to_pandas(personal="show")
    assert set(persons["health"]) == {"unspecified"} and set(persons["note"]) == {""}
    assert all(y % 5 == 0 for y in persons["birth_year"])
    assert {shared.partners[int(v)].kind for v in shared.households.to_pandas(personal="show")["village"]} == {"town"}
    assert set(shared.wishes.to_pandas(personal="show")["text"]) == {"[withheld]"}


def test_k_holds_in_every_cell_of_the_shared_file(world, tmp_path):
    reg, _ = world
    for k, generalisation in ((1, "none"), (2, "birth_band"), (3, "birth_band"), (4, "birth_band_town"),
                              (6, "birth_band_town")):
        path = tmp_path / f"k{k}.shanhai"
        reg.share(path, key=KEY, k=k)
        shared = sh.load(path)
        assert shared.sharing == {"k": k, "generalisation": generalisation}
        counted = cells(shared)
        assert sum(counted.values()) == len(reg.persons)
        assert min(counted.values()) >= k
    assert min(cells(reg).values()) == 1  # the original's own cells: the count is real


def test_share_refuses_when_k_cannot_be_met_with_counts_only_and_changes_nothing(world, tmp_path):
    reg, secrets = world
    before = reg.to_bytes()
    path = tmp_path / "never.shanhai"
    with pytest.raises(sh.ValidationError) as e:
        reg.share(path, key=KEY, k=7)
    assert e.value.field == "k" and "fewer than 7" in str(e.value)
    message = str(e.value) + repr(e.value.value)
    assert not [v for values in secrets.values() for v in values if v in message]
    assert "村" not in message and "镇" not in message
    assert not path.exists() and reg.to_bytes() == before
    with pytest.raises(sh.ValidationError) as e:
        reg.share(path, key=b"short", k=2)
    assert e.value.field == "key"
    with pytest.raises(sh.ValidationError) as e:
        reg.share(path, k=2)
    assert e.value.field == "key"
    assert not path.exists() and reg.to_bytes() == before


def test_the_pseudonyms_are_the_exports_under_the_same_key_and_others_under_another(world, tmp_path):
    reg, _ = world
    reg.share(tmp_path / "a.shanhai", key=KEY, k=4)
    reg.share(tmp_path / "b.shanhai", key=OTHER_KEY, k=4)
    a, b = sh.load(tmp_path / "a.shanhai"), sh.load(tmp_path / "b.shanhai")
    exported = reg.persons.to_pandas(personal="pseudonymise", key=KEY)
    mine = a.persons.to_pandas(personal="show")
    for column in ("name", "id_number", "phone"):
        assert mine[column].tolist() == exported[column].tolist()
        assert set(mine[column]).isdisjoint(b.persons.to_pandas(personal="show")[column])
    households = reg.households.to_pandas(personal="pseudonymise", key=KEY)
    shared_households = a.households.to_pandas(personal="show")
    for column in ("number", "head_name"):
        assert shared_households[column].tolist() == households[column].tolist()
    worker = reg.employment.to_pandas(personal="pseudonymise", key=KEY)["worker"].tolist()
    assert a.employment.to_pandas(personal="show")["worker"].tolist() == worker
    assert len(mine["id_number"][0]) == 16


def test_a_shared_registry_never_takes_its_pseudonyms_for_id_numbers(world, tmp_path):
    reg, secrets = world
    reg.share(tmp_path / "s.shanhai", key=KEY, k=4)
    shared = sh.load(tmp_path / "s.shanhai")
    with pytest.raises(sh.ValidationError) as e:
        shared.person_by_id_number(secrets["id"][0])
    assert secrets["id"][0] not in str(e.value)
    with pytest.raises(sh.ValidationError):
        shared.person_by_id_number(shared.persons[0].id_number)
    assert reg.person_by_id_number(secrets["id"][0]) == reg.persons[0]
    # the default output masks a pseudonym as any identifier, and reads ages from birth years
    masked = shared.persons.to_pandas()
    assert all(v.endswith("*" * 10) or v == "[withheld]" for v in masked["id_number"])
    assert (masked["id_number"] == "[withheld]").sum() == 12  # the daughters, under 14 by their birth band
    # a person added to a shared copy keeps whatever text it is given: it is not checked
    shared.add_person(shared.households[0], relation="other", id_number="NOTANIDNUMBER1234", phone="x")
    back = sh.from_bytes(shared.to_bytes())
    assert back.sharing == shared.sharing


@pytest.mark.parametrize("fmt", ["binary", "text", "xml"])
def test_the_sharing_record_survives_every_archive_kind(world, tmp_path, fmt):
    reg, _ = world
    path = tmp_path / f"s.{fmt}"
    reg.share(path, key=KEY, k=2, format=fmt)
    shared = sh.load(path)
    assert shared.sharing == {"k": 2, "generalisation": "birth_band"}
    again = tmp_path / f"again.{fmt}"
    shared.save(again, fmt)
    assert sh.load(again).sharing == shared.sharing
    assert sh.from_bytes(shared.to_bytes(fmt)).sharing == shared.sharing
    assert figures(sh.load(again), year=2020) == figures(reg, year=2020)


def test_restricted_persons_are_blank_in_a_shared_file(world, tmp_path):
    reg, secrets = world
    head = reg.persons[0]
    reg.restrict(head)
    reg.share(tmp_path / "r.shanhai", key=KEY, k=4)
    shared = sh.load(tmp_path / "r.shanhai")
    assert shared.persons[0].name == "" and shared.persons[0].id_number == ""
    assert shared.households[0].head_name == "" and shared.households[0].number != ""
    assert shared.persons[1].name == sh.pseudonym(KEY, "name", secrets["name"][1])
    assert shared.restricted == []



def test_a_shared_file_is_its_owners_alone(world, tmp_path):
    reg, _ = world
    old = os.umask(0o022)
    try:
        reg.share(tmp_path / "s.shanhai", key=KEY, k=4)
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "s.shanhai").st_mode & 0o777 == 0o600


def test_a_person_handle_shows_a_masked_name_and_no_id_number(world):
    reg, secrets = world
    head, daughter = reg.persons[0], reg.persons[2]
    assert repr(head) == "Person(0, '马*')"
    assert secrets["id"][0] not in repr(head) and secrets["name"][0] not in repr(head)
    assert repr(daughter) == "Person(2)"  # under 14: nothing of the name
    reg.restrict(head)
    assert repr(head) == "Person(0)"
    assert repr(reg.households[0]) == "Household(0)"
