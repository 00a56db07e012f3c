"""Partitions by region and mergeable results: cutting a registry into 1 to 64 parts and adding up
the parts' totals, reports and traces gives exactly the whole's, to the fen."""

from __future__ import annotations

import pickle
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shanhai as sh

YEARS = (2017, 2018, 2019)
KINDS = ("fiscal", "donation", "investment", "dividend")
PURPOSES = ("industry", "education", "water", "unspecified")
GROUPINGS = (None, "kind", ["source", "kind", "year"], ["target", "purpose"], ["origin", "stage"])


def programme(seed: int, counties: int = 10) -> sh.Registry:
    """A programme with many western counties and everything that ties regions together: money
    passed on to another county's villages, a western province that pools money for its counties,
    households reached from another county, villages paired across counties, a village under no
    county, exchanges with parts, wishes in every state, persons and status histories, workshops
    with employment records (one employing another county's household), targets, a published
    figure."""
    rnd = random.Random(seed)
    reg = sh.Registry()
    east = [reg.add_partner(f"东部省{i}", kind="province", side="east") for i in range(2)]
    districts, streets = [], []
    for c in range(counties):
        districts.append(reg.add_partner(f"区{c}", kind="district", parent=east[c % 2]))
        streets.append([reg.add_partner(f"街道{c}.{s}", kind="street", parent=districts[-1]) for s in range(2)])
    west = [reg.add_partner(f"西部省{i}", kind="province", side="west") for i in range(3)]
    county_of, villages, households = [], [], []
    for c in range(counties):
        county_of.append(reg.add_partner(f"县{c}", kind="county", parent=west[c % 3]))
        towns = [reg.add_partner(f"镇{c}.{t}", kind="town", parent=county_of[-1]) for t in range(2)]
        villages.append([reg.add_partner(f"村{c}.{v}", kind="village", parent=towns[v % 2]) for v in range(4)])
        households.append([reg.add_household(None, village=v, members=rnd.randint(1, 6),
                                             status=rnd.choice(["poor", "extremely_poor", "exited"]))
                           for v in villages[-1] for _ in range(rnd.randint(2, 4))])
    loose = reg.add_partner("飞地村", kind="village", side="west")  # under no county
    loose_households = [reg.add_household(None, village=loose, members=2) for _ in range(3)]
    family = reg.add_partner("爱心家庭", kind="family", side="east")

    projects = []
    for c in range(counties):
        for _ in range(rnd.randint(0, 2)):
            projects.append((c, reg.add_project(f"车间{c}.{len(projects)}", sector=rnd.choice(["industry", "water"]),
                                                location=rnd.choice(villages[c]), start=str(rnd.choice(YEARS)),
                                                outputs={"workshops": rnd.randint(1, 3)})))
    nowhere = reg.add_project("流动课堂", sector="education", implementer=districts[0])  # no location

    for c in range(counties):
        reg.pair(districts[c], county_of[c], kind="east_west", since="2016")
        reg.pair(streets[c][0], villages[c][0], kind="street_village", since=str(rnd.choice(YEARS)))
    for _ in range(2):  # villages of two counties paired with each other
        a, b = rnd.sample(range(counties), 2)
        reg.pair(villages[a][1], villages[b][2], kind="other", since="2018")
    reg.pair(family, rnd.choice(households[0]), kind="family_household", since="2018")
    reg.pair(streets[1][1], loose, kind="street_village", since="2017")

    def kw():
        return dict(date=f"{rnd.choice(YEARS)}-{rnd.randint(1, 12):02d}", kind=rnd.choice(KINDS[:3]),
                    purpose=rnd.choice(PURPOSES))

    def money(low, high):
        return sh.Money.from_fen(rnd.randint(low, high))

    def child(parent, source, target, **extra):
        left = parent.remaining.fen
        if left < 2:
            return None
        return reg.add_flow(source, target, sh.Money.from_fen(rnd.randint(1, left // 2)), parent=parent,
                            date=parent.date, kind=extra.get("kind", parent.kind), stage=parent.stage,
                            purpose=rnd.choice(PURPOSES))

    for _ in range(counties * 4):
        c = rnd.randrange(counties)
        giver = rnd.choice([districts[c], districts[c], streets[c][0], districts[(c + 1) % counties]])
        stage = "commitment" if rnd.random() < 0.1 else "disbursement"
        root = reg.add_flow(giver, county_of[c], money(100_00, 5_000_000_00), stage=stage, **kw())
        for _ in range(rnd.randint(0, 4)):
            pick = rnd.random()
            if pick < 0.35:  # a part: the same money, down to a village
                f = child(root, giver, rnd.choice(villages[c]))
            elif pick < 0.75:  # passed on to a village, now and then another county's
                other = c if rnd.random() < 0.8 else rnd.randrange(counties)
                f = child(root, county_of[c], rnd.choice(villages[other]))
                if f is not None and rnd.random() < 0.6:  # the village pays dividends
                    child(f, f.target, rnd.choice([h for h in households[other] if h.village == f.target]
                                                  or households[other]), kind="dividend")
            else:  # to a project of the county, if any
                mine = [p for k, p in projects if k == c]
                f = child(root, county_of[c], rnd.choice(mine)) if mine else None
    for _ in range(counties):  # a county pools money and passes it on without a link
        c = rnd.randrange(counties)
        other = c if rnd.random() < 0.85 else rnd.randrange(counties)
        reg.add_flow(county_of[c], rnd.choice(villages[other]), money(100, 2_000_000_00), **kw())
    # a western province pools: money in, and unlinked on to two of its counties
    reg.add_flow(east[0], west[1], money(1_000_00, 9_000_000_00), **kw())
    for c in [c for c in range(counties) if c % 3 == 1][:2]:
        reg.add_flow(west[1], county_of[c], money(100, 3_000_000_00), **kw())
    reg.add_flow(streets[1][1], loose, money(100, 50_000_00), **kw())
    reg.add_flow(loose, loose_households[0], money(100, 1_000_00), kind="dividend", date="2019")
    reg.add_flow(districts[2], nowhere, money(100, 1_000_000_00), **kw())

    all_households = [h for hs in households for h in hs]
    for c, p in projects:
        reg.add_benefit(None, via=p, kind="employment", persons=rnd.randint(5, 50), date=str(rnd.choice(YEARS)))
        for h in rnd.sample(households[c], 2):
            reg.add_benefit(h, via=p, kind="employment", persons=1, date=str(rnd.choice(YEARS)))
    if projects:  # a household reached by another county's workshop
        reg.add_benefit(rnd.choice(all_households), via=rnd.choice(projects)[1], kind="employment", persons=1,
                        date="2018")
    to_households = [f for f in reg.flows if isinstance(f.target, sh.Household)]
    for f in to_households[:5]:
        reg.add_benefit(f.target, via=f, kind="dividend", date=f.date)
    reg.add_benefit(None, via=districts[3], kind="training", persons=30, households=10, date="2018")

    for c in range(0, counties, 2):
        big = reg.add_exchange(districts[c], county_of[c], role="teacher", person_times=rnd.randint(5, 20), date="2018")
        reg.add_exchange(streets[c][0], villages[c][0], role="teacher", person_times=2, part_of=big, date="2018")
        reg.add_exchange(county_of[c], districts[c], role="doctor", persons=rnd.randint(1, 5), date="2019")
    reg.add_training(districts[1], location=county_of[1], role="worker", trainees=rnd.randint(10, 900), date="2018")
    reg.add_training(districts[2], role="teacher", trainees=40, date="2019")
    reg.add_event("joint_meeting", date="2018", partners=[districts[0], county_of[0], county_of[1]])
    reg.add_event("research_visit", date="2019", partners=[east[1]])
    for h in rnd.sample(all_households, min(12, len(all_households))):
        w = reg.add_wish(h, "书包", cost=f"{rnd.randint(1, 900)}元", date="2018-03")
        state = rnd.random()
        if state < 0.7:
            reg.claim_wish(w, by=rnd.choice(streets)[0], date="2018-04")
            if state < 0.4:
                reg.fulfil_wish(w, date="2018-06")
        elif state < 0.85:
            reg.cancel_wish(w, date="2018-05")
    for h in rnd.sample(all_households, min(15, len(all_households))):
        for _ in range(rnd.randint(1, 3)):
            reg.add_person(h, relation=rnd.choice(["head", "spouse", "child"]), birth_year=rnd.randint(1950, 2015))
        if rnd.random() < 0.6:
            reg.set_status(h, "exited", date=f"{rnd.choice(YEARS)}-12")
    workshops = [(c, p) for c, p in projects if rnd.random() < 0.6]
    for c, p in workshops:
        for h in rnd.sample(households[c], 2):
            reg.add_employment(p, household=h, month=f"2018-{rnd.randint(1, 12):02d}",
                               wage=f"{rnd.randint(800, 3000)}元")
        reg.add_employment(p, month="2018-06", workers=rnd.randint(3, 30), poor=rnd.randint(0, 3))
        reg.add_benefit(rnd.choice(households[c]), via=p, kind="employment", persons=1, date="2018")
    if len(workshops) > 1:  # a workshop employs a household of another county
        (c, p), (d, _) = workshops[0], workshops[-1]
        reg.add_employment(p, household=rnd.choice(households[d]), month="2018-03", wage="1200元")
        reg.add_benefit(rnd.choice(households[(c + 1) % counties]), via=p, kind="employment", persons=1, date="2018")
    reg.set_target("funds.total", 2018, "300万", baseline="200万")
    reg.set_target("reach.households", 2018, 40)
    reg.expect_total("1万", source=districts[0], year=2018)
    return reg


SOURCES = ("district", "street", "county", "province", "village")


def sources(reg: sh.Registry) -> list:
    """Partners that money leaves, of every level, and one household that receives some."""
    out = [p for p in reg.partners if p.kind in SOURCES][::3]
    out += [f.target for f in reg.flows if isinstance(f.target, sh.Household)][:1]
    return out


def merged(results, empty):
    return sum(results, empty)


def assert_parts_add_up(reg: sh.Registry, parts: list[sh.Partition]) -> None:
    for by in GROUPINGS:
        whole = reg.totals(by=by)
        assert merged((p.totals(by=by) for p in parts), sh.Totals.empty(by)) == whole
    for scope in [dict(year=2018), dict(kind=["fiscal", "donation"]), dict(stage="commitment")]:
        assert merged((p.totals(by="source", **scope) for p in parts), sh.Totals.empty("source")) == \
            reg.totals(by="source", **scope)
    county = next(p for p in reg.partners if p.kind == "county")
    district = next(p for p in reg.partners if p.kind == "district")
    assert merged((p.totals(boundary=county) for p in parts), sh.Totals.empty()) == reg.totals(boundary=county)
    assert merged((p.totals(by="kind", origin=district) for p in parts), sh.Totals.empty("kind")) == \
        reg.totals(by="kind", origin=district)
    households = [f.target for f in reg.flows if isinstance(f.target, sh.Household)]
    if households:
        h = households[0]
        assert merged((p.totals(target=h) for p in parts), sh.Totals.empty()) == reg.totals(target=h)
    for scope in [dict(), dict(year=2018), dict(year=2019, east=district, west=county)]:
        assert merged((p.report(**scope) for p in parts), sh.Report.empty()) == reg.report(**scope)
    for source in sources(reg):
        assert merged((p.trace(source) for p in parts), sh.Trace.empty()) == reg.trace(source)


def assert_rows_once(reg: sh.Registry, parts: list[sh.Partition]) -> None:
    for table in ("flows", "households", "projects", "benefits", "pairings", "exchanges", "trainings", "wishes",
                  "events", "persons", "status_changes", "employment"):
        ids = sorted(int(i) for p in parts for i in p.own(table))
        assert ids == list(range(len(getattr(reg, table)))), table
        for p in parts:
            assert len(p.ids[table]) == len(getattr(p.registry, table))
            assert p.placeholders[table] == 0 or table == "projects"
            for local in range(len(p.own(table)), len(p.ids[table])):  # placeholders count nothing
                stand_in = getattr(p.registry, table)[local]
                assert (stand_in.sector, stand_in.location, stand_in.outputs) == ("unspecified", None, {})
    names = [q.name for q in reg.partners]
    for p in parts:
        assert [q.name for q in p.registry.partners] == names


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 64),
       by=st.sampled_from(["county", "town", "village", "province"]))
def test_parts_of_a_programme_add_up_to_the_whole(seed, count, by):
    reg = programme(seed)
    parts = reg.partition(count, by=by)
    assert len(parts) == count
    assert_rows_once(reg, parts)
    assert_parts_add_up(reg, parts)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(1, 10_000), count=st.integers(1, 64),
       by=st.sampled_from(["county", "town", "village", "province"]))
def test_parts_of_the_synthetic_programme_add_up_to_the_whole(seed, count, by):
    reg = sh.datasets.synthetic(3_000, 1_500, seed=seed)
    parts = reg.partition(count, by=by)
    assert_rows_once(reg, parts)
    assert_parts_add_up(reg, parts)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), order=st.randoms(use_true_random=False))
def test_merging_is_associative_commutative_with_an_identity(seed, order):
    reg = programme(seed, counties=8)
    parts = reg.partition(6, by="county")
    by = ["source", "kind", "year"]
    source = next(p for p in reg.partners if p.kind == "district")
    for results, empty in [([p.totals(by=by) for p in parts], sh.Totals.empty(by)),
                           ([p.report(year=2018) for p in parts], sh.Report.empty()),
                           ([p.trace(source) for p in parts], sh.Trace.empty())]:
        left = merged(results, empty)
        shuffled = list(results)
        order.shuffle(shuffled)
        tree = shuffled
        while len(tree) > 1:  # pairwise, as a tree reduction does it
            tree = [tree[i] + tree[i + 1] if i + 1 < len(tree) else tree[i] for i in range(0, len(tree), 2)]
        assert tree[0] == left
        a, b, c = results[0], results[1], results[2]
        assert (a + b) + c == a + (b + c) and a + b == b + a
        assert empty + a == a and a + empty == a and empty + empty == empty
        assert pickle.loads(pickle.dumps(left)) == left


def test_the_rows_of_a_county_stay_together():
    reg = programme(7, counties=12)
    parts = reg.partition(12, by="county")
    counties = {p.name for p in reg.partners if p.kind == "county"}
    held = [q.name for p in parts for q in p.regions]
    assert sorted(held) == sorted(counties)  # every region is in exactly one part
    busy = [p for p in parts if len(p.registry.flows)]
    assert len(busy) >= 4, "independent counties are spread over the parts"
    for p in parts:
        regions = {q.id for q in p.regions}
        for h in p.registry.households:  # a household lives in the part of its county
            county = h.village
            while county is not None and county.kind != "county":
                county = county.parent
            if county is not None:
                assert county.id in regions
    # money a province pools for two counties keeps them in one part
    pooled = [f for f in reg.flows if isinstance(f.source, sh.Partner) and f.source.kind == "province"
              and f.source.side == "west" and f.parent is None]
    homes = {next(i for i, p in enumerate(parts) if f.id in set(p.ids["flows"].tolist())) for f in pooled}
    assert len(homes) == 1


def test_results_of_a_part_name_rows_of_the_whole():
    reg = programme(3)
    parts = reg.partition(5, by="county")
    whole = reg.totals(by="target")
    h = next(k for k in whole if isinstance(k, sh.Household))  # money counted where it reached a household
    home = next(p for p in parts if p.local(h) is not None)
    assert home.ref(home.local(h)) == sh.Ref("household", h.id)
    assert home.local(sh.Ref("household", h.id)).village.name == h.village.name
    assert all(p.local(h) is None for p in parts if p is not home)
    by_target = merged((p.totals(by="target") for p in parts), sh.Totals.empty("target"))
    assert by_target[h] == whole[h] > sh.Money()   # a handle finds its Ref
    assert by_target[sh.Ref("household", h.id)] == by_target[h]
    on = by_target.on(reg)
    assert on == whole and h in set(on) and dict(on) == dict(whole)
    rep = merged((p.report(year=2018) for p in parts), sh.Report.empty())
    assert all(isinstance(f, sh.Ref) for f in rep.reported)
    assert [f.id for f in rep.on(reg).reported] == [f.id for f in reg.report(year=2018).reported]
    assert rep.on(reg).to_text(lang="en") == reg.report(year=2018).to_text(lang="en")


def test_partitions_pickle_and_compute_the_same_after():
    reg = programme(11)
    parts = reg.partition(4, by="county")
    again = pickle.loads(pickle.dumps(parts))
    by = ["source", "kind"]
    assert [p.totals(by=by) for p in again] == [p.totals(by=by) for p in parts]
    assert merged((p.totals(by=by) for p in again), sh.Totals.empty(by)) == reg.totals(by=by)
    assert [len(p.registry.flows) for p in again] == [len(p.registry.flows) for p in parts]


def test_the_pickled_result_is_keyed_by_refs_and_exact():
    reg = programme(5)
    t = reg.totals(by=["source", "kind"])
    back = pickle.loads(pickle.dumps(t))
    assert back == t and back.total == t.total and back.total.fen == t.total.fen
    key = next(iter(t))
    assert isinstance(next(iter(back))[0], sh.Ref)
    assert back[key] == t[key]                      # a handle still finds its group
    district = next(p for p in reg.partners if p.kind == "district")
    tr = pickle.loads(pickle.dumps(reg.trace(district)))
    assert tr == reg.trace(district) and tr.source == sh.Ref("partner", district.id)
    rep = pickle.loads(pickle.dumps(reg.report(year=2018)))
    assert rep == reg.report(year=2018) and rep["funds.total"] == reg.report(year=2018)["funds.total"]


def test_refusals_name_what_and_why():
    reg = programme(2)
    with pytest.raises(sh.ValidationError, match="partition parts: expected a whole number of at least 1, got 0"):
        reg.partition(0)
    with pytest.raises(sh.ValidationError, match="partition parts: must be 1..4096, got 5000"):
        reg.partition(5000)
    with pytest.raises(sh.ValidationError, match="partition by: .*'hamlet'"):
        reg.partition(2, by="hamlet")
    parts = reg.partition(2)
    with pytest.raises(ValueError, match=r"cannot merge totals by \['kind'\] with totals by \['purpose'\]"):
        parts[0].totals(by="kind") + parts[1].totals(by="purpose")
    with pytest.raises(ValueError, match="cannot merge the report of"):
        parts[0].report(year=2018) + parts[1].report(year=2019)
    a, b = [p for p in reg.partners if p.kind == "district"][:2]
    with pytest.raises(ValueError, match="cannot merge the trace of"):
        parts[0].trace(a) + parts[1].trace(b)
    state = parts[0].totals().__getstate__()
    state["version"] = 99
    t = sh.Totals.empty()
    with pytest.raises(sh.FormatError, match="totals state version 99"):
        t.__setstate__(state)


def test_an_empty_registry_and_one_part():
    reg = sh.Registry()
    parts = reg.partition(3)
    assert [len(p.registry.partners) for p in parts] == [0, 0, 0]
    assert merged((p.totals() for p in parts), sh.Totals.empty()) == reg.totals() == sh.Totals.empty()
    seed = sh.datasets.siming_linxia_2018()
    (one,) = seed.partition(1)
    assert one.totals(by="kind") == seed.totals(by="kind")
    assert one.report(year=2018) == seed.report(year=2018)
    assert one.report(year=2018)["funds.total"] == sh.Money("2210.2万")


def test_a_part_saved_to_a_file_reads_back_the_same(tmp_path):
    reg = programme(13)
    parts = reg.partition(3, by="county")
    for part in parts:
        part.save(tmp_path / f"{part.index}.npz")
    again = [sh.Partition.load(tmp_path / f"{i}.npz") for i in range(3)]
    assert [p.placeholders for p in again] == [p.placeholders for p in parts]
    assert all((a.ids[t] == b.ids[t]).all() for a, b in zip(again, parts) for t in a.ids)
    assert merged((p.report(year=2018) for p in again), sh.Report.empty()) == reg.report(year=2018)
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes((tmp_path / "0.npz").read_bytes()[:-100])
    with pytest.raises(sh.FormatError, match="damaged.npz"):
        sh.Partition.load(damaged)
