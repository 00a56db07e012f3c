"""The seed's own systems from Python: the household registry, workshop employment, wishes in
batches matched to donors, purchases and targets, with hand-computed figures."""

import itertools
import json
import pickle
import random

import pytest

import shanhai as sh


class Pair:
    """A registry with 思明区 (east), 临夏市 (west) and its village 王坪村, the registry's calls at hand."""

    def __init__(self):
        self.reg = sh.Registry()
        self.siming = self.reg.add_partner("思明区", kind="district", side="east")
        self.linxia = self.reg.add_partner("临夏市", kind="county", side="west")
        self.wangping = self.reg.add_partner("王坪村", kind="village", parent=self.linxia)

    def __getattr__(self, name):
        return getattr(self.reg, name)


@pytest.fixture
def reg():
    return Pair()


def test_household_registry_with_history(reg):
    h = reg.add_household("622901", village=reg.wangping, members=3, causes=["illness", "lack_of_skills"],
                          address="王坪村一社1号")
    reg.add_person(h, relation="head", sex="male", birth_year=1962, health="chronic_illness", labour="weak")
    reg.add_person(h, relation="spouse", sex="female", birth_year=1965)
    reg.set_status(h, "exited", date="2019-11-20", note="验收")
    reg.set_status(h, "unstable", date="2021-03")
    assert h.causes == ["illness", "lack_of_skills"]
    assert h.address == "王坪村一社1号"
    assert reg.status_of(h, date="2019-06") == "poor"
    assert reg.status_of(h, date="2020") == "exited"
    assert reg.status_of(h) == "unstable"
    assert reg.exit_year_of(h) == 2019
    assert [c.status for c in reg.status_changes] == ["exited", "unstable"]

    rep = reg.report(year=2019)
    assert rep["registry.households.exited"] == 1
    assert rep["registry.persons.exited"] == 2  # the two recorded persons, not the 3 members
    assert rep["registry.exits"] == 1
    assert reg.report(year=2021)["registry.households.unstable"] == 1

    frame = reg.persons.to_pandas()
    assert list(frame["birth_year"]) == [1962, 1965]
    assert list(frame["household"]) == [h.id, h.id]

    before = reg.to_bytes()
    with pytest.raises(sh.ValidationError, match="before the household's previous change"):
        reg.set_status(h, "poor", date="2020")
    with pytest.raises(sh.ValidationError, match="unknown poverty cause 'laziness'"):
        reg.add_household(None, village=reg.wangping, causes=["laziness"])
    with pytest.raises(sh.ValidationError, match="person birth_year"):
        reg.add_person(h, birth_year=1700)
    assert reg.to_bytes() == before


def test_workshop_employment(reg):
    ws = reg.add_project("扶贫车间", sector="industry", location=reg.wangping)
    poor = reg.add_household("A", village=reg.wangping)
    edge = reg.add_household("B", village=reg.wangping, status="marginal")
    for month in ("2018-05", "2018-06", "2018-07"):
        reg.add_employment(ws, household=poor, month=month, wage="2100元")
    reg.add_employment(ws, household=edge, month="2018-05", wage="1900元")
    reg.add_employment(ws, worker="外村-01", month="2018-06", wage="1800元")
    table = reg.workshops(2018)
    row = table.loc[ws.id]
    assert (row["workers"], row["poor"], row["months"]) == (3, 1, 5)
    assert row["wages"] == sh.Money("1万") and row["wages_fen"] == 1_000_000  # 3 × 2100 + 1900 + 1800
    assert row["poor_share"] == pytest.approx(33.33)
    rep = reg.report(year=2018)
    assert rep["industry.jobs"] == 3
    assert rep["industry.poor_share"] == 33.33
    assert rep["industry.wages"] == sh.Money("1万")
    with pytest.raises(sh.ValidationError, match="employment workers"):
        reg.add_employment(ws, household=poor, month="2018-08", workers=2)


def test_purchases_are_their_own_figure(reg):
    reg.add_flow(reg.siming, reg.linxia, "120万", date="2018", kind="purchase")
    reg.add_flow(reg.siming, reg.linxia, "984万", date="2018", kind="fiscal")
    rep = reg.report(year=2018, east=reg.siming, west=reg.linxia)
    assert rep["consumption.purchases"] == sh.Money("120万")
    assert rep["funds.total"] == sh.Money("984万")


def test_targets_in_the_report(reg):
    reg.add_flow(reg.siming, reg.linxia, "2210.2万", date="2018", kind="fiscal")
    reg.set_target("funds.total", 2018, "2000万", baseline="1500万", baseline_year=2017)
    reg.set_target("wishes.claim_rate", 2018, 90)
    rep = reg.report(year=2018)
    row = next(i for i in rep.indicators if i["key"] == "funds.total")
    assert (row["target"], row["baseline"], row["baseline_year"]) == (sh.Money("2000万"), sh.Money("1500万"), 2017)
    assert row["achievement"] == 110.51
    frame = rep.to_pandas()
    assert frame.set_index("key").loc["wishes.claim_rate", "target"] == 90.0
    assert "目标 2,000" in rep.to_text() or "目标 2000" in rep.to_text()
    with pytest.raises(sh.ValidationError, match="not a report indicator"):
        reg.set_target("funds.totl", 2018, 1)
    assert len(reg.targets) == 2
    doc = json.loads(rep.to_json())
    funds = next(i for i in doc["indicators"] if i["key"] == "funds.total")
    assert funds["target"]["fen"] == 2_000_000_000 and funds["achievement"] == 110.51
    # a report and its targets pickle and merge (the targets must agree)
    back = pickle.loads(pickle.dumps(rep))
    assert back == rep and back.targets == rep.targets


def test_wish_batches_and_claim_time(reg):
    h = [reg.add_household(None, village=reg.wangping, status="extremely_poor") for _ in range(3)]
    w = [reg.add_wish(x, "书包", cost="300元", date="2018-12-20", batch=1) for x in h]
    reg.claim_wish(w[0], by=reg.siming, date="2018-12-28")
    reg.claim_wish(w[1], by=reg.siming, date="2018-12-21")
    rep = reg.report(year=2018)
    assert rep["wishes.batches"] == 1
    assert rep["wishes.claim_rate"] == 66.67
    assert rep["wishes.days_to_claim"] == 4.5  # (8 + 1) / 2


def test_match_wishes_prefers_paired_families(reg):
    fam = [reg.add_partner(f"爱心家庭{i}", kind="family", parent=reg.siming) for i in range(2)]
    h = [reg.add_household(None, village=reg.wangping) for _ in range(3)]
    reg.pair(fam[1], h[2], kind="family_household", since="2018-08")
    wishes = [reg.add_wish(x, "棉被", cost=c, date="2018-12", batch=1) for x, c in zip(h, ("200元", "500元", "300元"))]
    # two wishes can be taken (one each): the two dearest (500, 300), 300 by the family paired with it
    plan = reg.match_wishes(fam, [1, 1])
    assert sorted(w.id for w in plan["wish"]) == [wishes[1].id, wishes[2].id]
    taken = dict(zip((w.id for w in plan["wish"]), plan["donor"]))
    assert taken[wishes[2].id] == fam[1]
    assert plan["paired"].sum() == 1
    # money budgets 600元 and 200元: three wishes (1000元) cannot fit 800元; of the pairs, 500 + 200
    # (one each) is worth more than 300 + 200 (both by the first)
    plan = reg.match_wishes(fam, ["600元", "200元"], by="money")
    assert len(plan) == 2 and sum(c.fen for c in plan["cost"]) == 70000  # 500 + 200 (value beats 300 + 200)
    for wish, donor in zip(plan["wish"], plan["donor"]):
        reg.claim_wish(wish, by=donor, date="2018-12-30")
    assert reg.report(year=2018)["wishes.claimed"] == 2
    with pytest.raises(sh.ValidationError, match="budgets"):
        reg.match_wishes(fam, [1])
    with pytest.raises(sh.ValidationError, match="neither 'count'"):
        reg.match_wishes(fam, [1, 1], by="wishes")


def brute_force(costs, budgets, by):
    """The best (wishes, value) over every assignment of wishes to donors or to none."""
    best = (0, 0)
    for choice in itertools.product(range(-1, len(budgets)), repeat=len(costs)):
        used = [0] * len(budgets)
        for wish, donor in enumerate(choice):
            if donor >= 0:
                used[donor] += 1 if by == "count" else costs[wish]
        if all(u <= b for u, b in zip(used, budgets)):
            taken = [costs[i] for i, d in enumerate(choice) if d >= 0]
            best = max(best, (len(taken), sum(taken)))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_match_wishes_is_optimal_on_small_cases(seed):
    rng = random.Random(seed)
    r = sh.Registry()
    east = r.add_partner("东", kind="district", side="east")
    village = r.add_partner("村", kind="village", side="west")
    donors = [r.add_partner(f"家庭{i}", kind="family", parent=east) for i in range(rng.randint(1, 3))]
    costs = [rng.randint(1, 9) * 100 for _ in range(rng.randint(1, 5))]
    for c in costs:
        r.add_wish(r.add_household(None, village=village), "心愿", cost=f"{c}元", date="2018-12")
    by = rng.choice(["count", "money"])
    budgets = [rng.randint(0, 2) if by == "count" else rng.randint(0, 12) * 100 for _ in donors]
    plan = r.match_wishes(donors, budgets if by == "count" else [f"{b}元" for b in budgets], by=by)
    got = (len(plan), sum(c.fen for c in plan["cost"]) // 100)
    assert got == brute_force(costs, budgets, by)


def test_seed_data_set_has_the_new_figures():
    reg = sh.datasets.siming_linxia_2018()
    rep = reg.report(year=2018)
    assert rep["industry.jobs"] == 900  # the benefit and the employment record: counted once
    assert rep["industry.poor_workers"] == 900
    assert rep["registry.households.extremely_poor"] == 17
    assert rep["wishes.batches"] == 1 and rep["wishes.claim_rate"] == 100.0
    assert rep["pairing.family_household"] == 8
    assert rep["consumption.purchases"] is None  # the seed's year reports no purchases: not 0
    assert not [f for f in reg.check() if f.code == "employment_mismatch"]


def test_bulk_monthly_employment_records(reg):
    import pandas as pd

    ws = reg.add_project("扶贫车间", sector="industry", location=reg.wangping)
    homes = reg.add_households(pd.DataFrame({"village": [reg.wangping.id] * 3}))
    people = reg.add_persons(pd.DataFrame({"household": list(homes), "relation": ["head"] * 3,
                                           "birth_year": [1970, 1980, None]}))
    months = [f"2018-{m:02d}" for m in range(1, 13)]
    frame = pd.DataFrame({"workshop": ws.id, "person": [p for p in people for _ in months],
                          "month": months * 3, "wage": ["2000元"] * 36})
    frame.loc[36] = {"workshop": ws.id, "person": None, "month": "2018", "wage": "0元"}
    frame["workers"] = [1] * 36 + [40]
    frame["poor"] = [None] * 36 + [25]
    ids = reg.add_employment_records(frame)
    assert len(ids) == 37 and len(reg.employment) == 37
    row = reg.workshops(2018).loc[ws.id]
    # the 40-person headcount is larger than the 3 named workers: it counts, with its 25 poor
    assert (row["workers"], row["poor"], row["months"], row["wages_fen"]) == (40, 25, 36, 36 * 200000)
    bad = frame.copy()
    bad.loc[5, "month"] = "2018-13"
    with pytest.raises(sh.ValidationError, match="row 5, column 'month'"):
        reg.add_employment_records(bad)
    bad = frame.copy()
    bad.loc[7, "workers"] = 2
    with pytest.raises(sh.ValidationError, match="employment row 7: employment workers"):
        reg.add_employment_records(bad)
    assert len(reg.employment) == 37  # nothing of a refused batch is kept


def test_progress_of_long_calls(tmp_path):
    heard = []
    tell = lambda what, done, total: heard.append((what, done, total))  # noqa: E731
    reg = sh.datasets.synthetic(households=2000, flows=500, seed=3, progress=tell)
    stages = {what for what, _, _ in heard}
    assert stages == {"making households", "making persons", "making status history", "making flows",
                      "making employment", "making benefits"}
    for stage in stages:
        told = [(done, total) for what, done, total in heard if what == stage]
        assert [d for d, _ in told] == sorted(d for d, _ in told) and told[0][0] == 0 and told[-1][0] == told[-1][1]
        assert 2 <= len(told) <= 103  # about a hundred calls, never one per row
    path = tmp_path / "r.shanhai"
    reg.save(path)
    heard.clear()
    again = sh.load(path, progress=tell)
    rows = sum(len(getattr(again, name)) for name in ("partners", "pairings", "flows", "projects", "households",
                                                        "benefits", "exchanges", "trainings", "wishes", "events",
                                                        "persons", "status_changes", "employment"))
    assert heard[-1] == ("validating rows", rows, rows)

    # a callback that raises stops the call and keeps nothing of it
    def stop(what, done, total):
        if done > total // 2:
            raise KeyboardInterrupt
    before = again.to_bytes()
    frame = {"village": [again.households[0].village.id] * 1000}
    with pytest.raises(KeyboardInterrupt):
        again.add_households(frame, progress=stop)
    assert again.to_bytes() == before
    with pytest.raises(KeyboardInterrupt):
        sh.load(path, progress=stop)
    with pytest.raises(sh.ValidationError, match="progress: expected True"):
        sh.load(path, progress="yes")
    # True: a bar (written to stderr), the call as without it
    assert again.add_households(frame, progress=True) == range(2000, 3000)
