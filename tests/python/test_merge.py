"""sh.merge: the parts of a partitioned registry give the whole back, equal byte for byte; registries
of their own are appended in order with their shared partners joined; inputs that overlap or
conflict are refused, naming table and row, and are left as they were."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_partitions import programme

import shanhai as sh

TABLES = ("partners", "pairings", "flows", "projects", "households", "benefits", "exchanges", "trainings", "wishes",
          "events", "persons", "status_changes", "employment", "targets")


@pytest.fixture(scope="module")
def synthetic() -> sh.Registry:
    return sh.datasets.synthetic(20_000, 6_000, seed=2)


@pytest.mark.parametrize("count", [1, 2, 3, 8])
@pytest.mark.parametrize("by", ["county", "village"])
def test_the_parts_of_the_synthetic_set_merge_to_the_whole_byte_for_byte(synthetic, count, by):
    parts = synthetic.partition(count, by=by)
    merged = sh.merge(parts)
    assert merged.to_bytes() == synthetic.to_bytes()
    assert len(merged.flows) == len(synthetic.flows) > 0 and len(merged.households) == len(synthetic.households)


@pytest.mark.parametrize("count", [1, 2, 3, 8])
@pytest.mark.parametrize("by", ["county", "town", "village"])
def test_the_parts_of_the_seed_merge_to_the_whole_byte_for_byte(seed, count, by):
    parts = seed.partition(count, by=by)
    assert sh.merge(parts).to_bytes() == seed.to_bytes()
    assert sh.merge(reversed(parts)).to_bytes() == seed.to_bytes()  # rows go to their ids, whatever the order


def without_published_figures(seed: int) -> sh.Registry:
    """programme(seed) without its published figure (expect_total), which partitions leave with the whole."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sh.Registry, "expect_total", lambda self, *args, **kwargs: None)
        return programme(seed)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 64),
       by=st.sampled_from(["county", "town", "village", "province"]))
def test_the_parts_of_any_programme_merge_to_the_whole(seed, count, by):
    """Every kind of tie between regions (chains across counties, pooled money, placeholders,
    employment across counties, persons, histories, wishes in every state, targets)."""
    reg = without_published_figures(seed)
    assert sh.merge(reg.partition(count, by=by)).to_bytes() == reg.to_bytes()
    whole = programme(seed)  # with its figure: the merge has every row but the figure
    merged = sh.merge(whole.partition(count, by=by))
    assert merged.to_bytes() == reg.to_bytes() != whole.to_bytes()


def test_placeholders_are_dropped_and_what_named_them_names_the_project():
    reg = without_published_figures(0)
    parts = reg.partition(10, by="village")
    assert sum(p.placeholders["projects"] for p in parts) == 3  # households reached from another part's project
    merged = sh.merge(parts)
    assert len(merged.projects) == len(reg.projects) and merged.to_bytes() == reg.to_bytes()


def test_parts_read_from_files_and_pickles_merge_to_the_whole(seed, tmp_path):
    parts = seed.partition(3, by="village")
    loaded = []
    for p in parts:
        p.save(tmp_path / f"part{p.index}.npz")
        loaded.append(sh.Partition.load(tmp_path / f"part{p.index}.npz"))
    assert sh.merge(loaded).to_bytes() == seed.to_bytes()
    assert sh.merge(pickle.loads(pickle.dumps(parts))).to_bytes() == seed.to_bytes()
    merged = sh.merge(loaded)
    assert merged.report(year=2018) == seed.report(year=2018)
    assert merged.totals(by=["source", "kind"]) == seed.totals(by=["source", "kind"])


def county(name: str, code: str, number: str | None) -> sh.Registry:
    """One county's registry as its office keeps it: the shared frame (思明区, 甘肃省), the county and
    its village, a household with a person and a history, money down to the household, a workshop
    with a worker, a claimed wish, an event, a pairing and the programme's target."""
    reg = sh.Registry()
    siming = reg.add_partner("思明区", kind="district", side="east", code="350203")
    gansu = reg.add_partner("甘肃省", kind="province", side="west", code="62")
    c = reg.add_partner(name, kind="county", parent=gansu, code=code)
    village = reg.add_partner(name + "一村", kind="village", parent=c)
    h = reg.add_household(number, village=village, members=4, status="poor")
    person = reg.add_person(h, relation="head", birth_year=1970)
    reg.set_status(h, "exited", date="2019-06")
    root = reg.add_flow(siming, c, "100万", date="2018", kind="fiscal")
    reg.add_flow(c, h, "1万", date="2018", kind="fiscal", parent=root)
    workshop = reg.add_project(name + "车间", sector="industry", location=village, outputs={"workshops": 1})
    reg.add_benefit(h, via=workshop, kind="employment", persons=1, date="2018")
    reg.add_employment(workshop, person=person, month="2018-09", wage="2000元")
    w = reg.add_wish(h, "书包", cost="300元", date="2018-03")
    reg.claim_wish(w, by=siming, date="2018-04")
    reg.add_event("signing", date="2018", partners=[siming, c])
    reg.pair(siming, c, kind="east_west", since="2017")
    reg.set_target("funds.total", 2018, "300万")
    return reg


def test_registries_of_their_own_are_appended_in_order_with_shared_partners_joined():
    a = county("临夏市", "622901", "622901000000000001")
    b = county("和政县", "622925", "622925000000000001")
    merged = sh.merge([a, b])
    assert [p.name for p in merged.partners] == ["思明区", "甘肃省", "临夏市", "临夏市一村", "和政县", "和政县一村"]
    assert merged.partners[4].parent == merged.partners[1]
    for table in TABLES:
        shared = 2 if table == "partners" else 1 if table == "targets" else 0
        assert len(getattr(merged, table)) == len(getattr(a, table)) + len(getattr(b, table)) - shared, table
    # b's rows follow a's, each reference renumbered
    f = merged.flows[3]
    assert (f.source, f.target, f.parent) == (merged.partners[4], merged.households[1], merged.flows[2])
    assert merged.households[1].village == merged.partners[5]
    assert merged.persons[1].household == merged.households[1]
    assert merged.employment[1].person == merged.persons[1] and merged.employment[1].workshop == merged.projects[1]
    assert merged.benefits[1].via == merged.projects[1] and merged.wishes[1].claimed_by == merged.partners[0]
    assert merged.events[1].partners == [merged.partners[0], merged.partners[4]]
    assert merged.status_of(merged.households[1]) == "exited"
    # what the two offices report, counted once
    assert merged.totals().total == a.totals().total + b.totals().total == sh.Money("200万")
    assert merged.totals(boundary=merged.partners[1]).total == sh.Money("200万")
    assert merged.report(year=2018)["wishes.claimed"] == 2
    assert merged.totals(by="source")[merged.partners[0]] == sh.Money("200万")
    # one registry, or one with an empty one, merges to itself; none to an empty registry
    assert sh.merge([a]).to_bytes() == sh.merge([sh.Registry(), a]).to_bytes() == a.to_bytes()
    assert sh.merge([]).to_bytes() == sh.Registry().to_bytes()


def test_partners_of_one_registry_are_never_joined():
    a = sh.Registry()
    for _ in range(2):  # two villages of the same name under no parent: the registry keeps both
        a.add_partner("王坪村", kind="village", side="west")
    b = sh.Registry()
    b.add_partner("和平村", kind="village", side="west")
    merged = sh.merge([a, b])
    assert [p.name for p in merged.partners] == ["王坪村", "王坪村", "和平村"]
    c = sh.Registry()
    c.add_partner("王坪村", kind="village", side="west")  # which of a's two it is, is not known
    with pytest.raises(sh.ValidationError, match="matches two partners") as e:
        sh.merge([a, c])
    assert (e.value.table, e.value.row, e.value.reason) == ("partners", 0, "duplicate")


def refused(inputs, match: str) -> sh.ValidationError:
    registries = [p.registry if isinstance(p, sh.Partition) else p for p in inputs]
    before = [r.to_bytes() for r in registries]
    with pytest.raises(sh.ValidationError, match=match) as e:
        sh.merge(inputs)
    assert str(e.value).startswith("merge: ")
    assert [r.to_bytes() for r in registries] == before  # a refused merge changes nothing
    return e.value


def test_a_household_registered_in_two_registries_is_refused():
    a = county("临夏市", "622901", "622901000000000001")
    b = county("和政县", "622925", "622901000000000001")
    e = refused([a, b], "households row 0 of registry 1 has the registry number of households row 0 of registry 0")
    assert (e.table, e.row, e.field, e.reason, e.value) == ("households", 0, "number", "duplicate", None)
    assert "622901000000000001" not in str(e)  # a registry number is personal: never echoed


def test_conflicting_shared_rows_and_one_registry_twice_are_refused():
    a, b = county("临夏市", "622901", None), county("和政县", "622925", None)
    b.set_target("funds.total", 2018, "500万")
    e = refused([a, b], "targets row 1 of registry 1 sets indicator funds.total in 2018 otherwise than registry 0")
    assert (e.table, e.row, e.reason) == ("targets", 1, "duplicate")
    c = sh.Registry()
    c.add_partner("思明区", kind="district", side="east", code="350203", note="厦门市")
    e = refused([a, c], "partners row 0 of registry 1 is partners row 0 of registry 0 with another note")
    assert (e.table, e.row) == ("partners", 0)
    refused([a, a], "registry 0 and registry 1 are the same registry")


def test_parts_that_overlap_miss_one_or_come_from_another_registry_are_refused():
    reg = programme(1)
    parts = reg.partition(4, by="county")
    assert all(len(p.registry.households) for p in parts)
    e = refused(parts + [parts[2]], r"row \d+ is held by part 2 and by part 4 \(the inputs overlap\)")
    assert e.table in TABLES and e.row >= 0 and e.reason == "duplicate"
    other = reg.partition(3, by="town")  # another cut of the same registry: its parts overlap these
    e = refused(parts[:2] + other[2:], "the inputs overlap")
    assert e.table in TABLES and e.row >= 0
    e = refused(parts[1:], "an input is missing")
    assert e.table in TABLES and e.reason == "not_found"
    stranger = programme(1, counties=11).partition(4, by="county")
    e = refused(parts[:3] + stranger[3:], "part 3 holds other partners than part 0")
    assert e.table == "partners"


def test_inputs_of_the_wrong_kind_are_refused(seed):
    parts = seed.partition(2)
    with pytest.raises(sh.ValidationError, match="registries and partitions cannot be merged together"):
        sh.merge([parts[0], seed])
    with pytest.raises(sh.WrongTypeError, match="expected a list of registries or of partitions"):
        sh.merge(seed)
    with pytest.raises(sh.WrongTypeError, match="expected registries or partitions, got str"):
        sh.merge([seed, "seed.shanhai"])


def test_merge_tells_its_progress(synthetic):
    heard = []
    sh.merge(synthetic.partition(2), progress=lambda what, done, total: heard.append((what, done, total)))
    assert heard and heard[-1][1] == heard[-1][2] > len(synthetic.flows)
