"""The synthetic national data set: deterministic, the requested size, shaped like the programme,
and a household registry whose persons, history and employment hold together."""

from collections import Counter

import numpy as np
import pytest

import shanhai as sh

HOUSEHOLDS = 12_000


@pytest.fixture(scope="module")
def reg():
    return sh.datasets.synthetic(HOUSEHOLDS, 4_000, seed=11)


@pytest.fixture(scope="module")
def frames(reg):
    return {name: getattr(reg, name).to_pandas(personal="show")  # health and labour are sensitive: masked by default
            for name in ("households", "persons", "status_changes", "employment", "benefits", "partners", "projects")}


def test_same_seed_same_registry_and_requested_sizes():
    a = sh.datasets.synthetic(30_000, 20_000, seed=3)
    assert a.to_bytes() == sh.datasets.synthetic(30_000, 20_000, seed=3).to_bytes()
    b = sh.datasets.synthetic(30_000, 20_000, seed=4)
    assert a.to_bytes() != b.to_bytes()
    assert len(a.households) == 30_000 and len(a.flows) == 20_000
    # every part of the household registry changes with the seed, not only the flows
    for name in ("persons", "status_changes", "employment"):
        ours, theirs = getattr(a, name).to_pandas(), getattr(b, name).to_pandas()
        assert len(ours) > 0 and not ours.equals(theirs), name


def test_the_parts_of_the_household_registry_can_be_left_out():
    reg = sh.datasets.synthetic(3_000, 1_000, seed=2, persons=False, history=False, workers=0, trained=0)
    assert (len(reg.persons), len(reg.status_changes), len(reg.employment)) == (0, 0, 0)
    assert set(reg.benefits.to_pandas().kind) == {"employment", "dividend", "infrastructure"}
    # the households are the same whatever is made beside them
    whole = sh.datasets.synthetic(3_000, 1_000, seed=2)
    assert reg.households.to_pandas().equals(whole.households.to_pandas())
    with pytest.raises(sh.ValidationError, match="months must be at least 1"):
        sh.datasets.synthetic(100, 10, months=0)


def test_shape_of_the_programme():
    reg = sh.datasets.synthetic(30_000, 20_000, seed=5)
    flows = reg.flows.to_pandas()
    links = Counter(f.link for f in reg.flows)
    assert links["none"] > 0 and links["part"] > 0 and links["pass_through"] > 0
    assert (flows.target_kind == "household").sum() > 0           # dividends reach households
    kinds = {p.kind for p in reg.partners}
    assert {"province", "city", "district", "street", "county", "town", "village"} <= kinds
    count = Counter(p.kind for p in reg.partners)
    # every western county is paired with an eastern district, every street with a village
    assert Counter(p.kind for p in reg.pairings) == {"east_west": count["county"], "street_village": count["street"]}
    assert count["village"] == 30_000 // 300
    pooled = [f for f in reg.flows if f.parent is None and f.source.kind == "county"]
    assert pooled, "counties pool money and pass it on without parent links"
    rep = reg.report(year=2018)
    assert rep["funds.total"] <= rep["funds.reported_sum"] and rep["industry.workshops"] > 0
    totals = reg.totals(by="kind")
    assert sum(totals.values(), sh.Money()) == totals.total
    for district in [p for p in reg.partners if p.kind == "district"][:3]:
        t = reg.trace(district)
        assert sum(t.values(), sh.Money()) == t.outflow > sh.Money()


def test_every_household_has_exactly_its_members_head_first(frames):
    households, persons = frames["households"], frames["persons"]
    assert persons.household.between(0, HOUSEHOLDS - 1).all()
    assert persons.household.is_monotonic_increasing               # a household's members together
    per_household = persons.household.value_counts().reindex(range(HOUSEHOLDS), fill_value=0)
    assert (per_household.to_numpy() == households.members.to_numpy()).all()
    assert 2.8 < len(persons) / HOUSEHOLDS < 3.2
    first = persons.groupby("household").head(1)
    assert (first.relation == "head").all()
    assert (persons.relation == "head").sum() == HOUSEHOLDS        # exactly one head each
    assert set(persons.relation) >= {"head", "spouse", "child", "parent", "grandchild", "child_in_law", "sibling"}


def test_every_person_has_a_synthetic_identity_of_their_own(reg, frames):
    """Names, valid ID numbers (each once, agreeing with birth year and sex) and adults' phones;
    masked by default like any identity; left out on request with nothing else changed."""
    persons = frames["persons"]
    ids = persons.id_number
    assert ids.str.len().eq(18).all() and ids.is_unique and persons.name.str.len().between(2, 3).all()
    weights = [2 ** (17 - k) % 11 for k in range(17)]
    check = ids.map(lambda n: "10X98765432"[sum(int(d) * w for d, w in zip(n[:17], weights)) % 11] == n[17])
    assert check.all()
    assert (ids.str[6:10].astype(int) == persons.birth_year).all()
    assert ((ids.str[16].astype(int) % 2 == 1) == (persons.sex == "male")).all()
    adults = persons.birth_year <= 2002
    phones = persons.phone.fillna("").str.len() == 11
    assert not (phones & ~adults).any() and 0.7 < phones[adults].mean() < 0.9
    masked = reg.persons.to_pandas()
    grown = persons.birth_year <= 2011  # 14 or older whenever this runs: a child's is withheld whole
    assert masked.id_number[grown].str.endswith("*" * 12).all() and not masked.id_number.isin(ids).any()
    some = ids.iloc[len(ids) // 2]
    assert reg.person_by_id_number(some).id == persons.index[len(ids) // 2]
    bare = sh.datasets.synthetic(HOUSEHOLDS, 4_000, seed=11, identities=False).persons.to_pandas(personal="show")
    assert bare.id_number.fillna("").eq("").all()
    assert bare.drop(columns=["name", "id_number", "phone"]).equals(persons.drop(columns=["name", "id_number", "phone"]))


def test_birth_years_fit_relations_and_labour_fits_age(frames):
    persons = frames["persons"]
    head = persons[persons.relation == "head"].set_index("household").birth_year
    gap = persons.birth_year - persons.household.map(head)        # born after the head, in years
    by = persons.assign(gap=gap).groupby("relation").gap
    assert by.min()["child"] >= 15 and by.min()["grandchild"] >= 30 and by.max()["parent"] <= -15
    assert by.min()["spouse"] >= -10 and by.max()["spouse"] <= 10
    assert persons.birth_year.between(1900, 2020).all()
    age = 2020 - persons.birth_year
    assert (persons.labour[age < 16] == "none").all()
    assert set(persons.labour[(age >= 18) & (age <= 60) & (persons.health == "healthy")]) == {"able", "skilled"}
    assert (persons.education[age < 6] == "preschool").all()
    assert {"male", "female"} == set(persons.sex)
    assert set(persons.health) == {"healthy", "chronic_illness", "serious_illness", "disabled"}


def test_history_moves_forward_and_agrees_with_the_households(reg, frames):
    households, history = frames["households"], frames["status_changes"]
    assert history.household.is_monotonic_increasing
    dates = pd_dates(history.date)
    same = history.household.to_numpy()[1:] == history.household.to_numpy()[:-1]
    assert (np.diff(dates)[same] > 0).all(), "a household's changes go forward in time"
    first = history.groupby("household").head(1).set_index("household")
    assert len(first) == HOUSEHOLDS                                 # every household registered
    assert (first.status.to_numpy() == households.status.to_numpy()).all()
    assert set(first.date.str[:4]) <= {"2014", "2015", "2016", "2017"}
    exits = history[history.status == "exited"].groupby("household").head(1).set_index("household")
    assert len(exits) == HOUSEHOLDS                                  # every household exited by 2020
    assert (exits.date.str[:4].astype(int).to_numpy() == households.exit_year.to_numpy()).all()
    assert set(exits.date.str[:4].astype(int)) == set(range(2014, 2021))  # exits spread over 2014–2020
    monitored = history[history.status.isin(["unstable", "marginal", "hardship"])]
    assert set(monitored.status) == {"unstable", "marginal", "hardship"}
    assert (monitored.date.str[:4].astype(int) > 2020).all()
    assert 0.05 < monitored.household.nunique() / HOUSEHOLDS < 0.12
    last = history.groupby("household").tail(1).set_index("household").status
    for h in [0, 1, HOUSEHOLDS // 2, HOUSEHOLDS - 1, *monitored.household[:5]]:
        household = reg.households[int(h)]
        assert reg.status_of(household) == last[h] and reg.exit_year_of(household) == households.exit_year[h]


def pd_dates(dates):
    return dates.str.replace("-", "").astype(int).to_numpy()


def test_employment_names_members_of_households_of_the_workshops_county(reg, frames):
    employment, persons, households = frames["employment"], frames["persons"], frames["households"]
    partners, projects = frames["partners"], frames["projects"]
    assert len(employment) > 0 and employment.person.notna().all()
    assert (persons.household[employment.person].to_numpy() == employment.household.to_numpy()).all()
    parent = partners.parent
    county = lambda village: parent[parent[village]]  # village → town → county   # noqa: E731
    worker_county = households.village[employment.household].map(county).to_numpy()
    workshop_county = projects.location[employment.workshop].map(county).to_numpy()
    assert (worker_county == workshop_county).all()
    assert (partners.kind[worker_county] == "county").all()
    assert set(persons.labour[employment.person]) <= {"able", "skilled", "weak"}
    months = employment.month.str[:7]
    assert months.str.len().eq(7).all() and (months >= projects.start[employment.workshop].str[:7].to_numpy()).all()
    assert (months <= "2020-12").all()
    assert not employment.duplicated(["workshop", "person", "month"]).any()
    assert (employment.wage_fen > 0).all() and (employment.workers == 1).all()
    # as many workers as the workshops' places, less the few slots that found no one able to work
    places = sum(30 * o["workshops"] for o in projects.outputs)
    assert 0.9 * places < employment.groupby(["workshop", "person"]).ngroups <= places


def test_benefits_of_the_household_registry(reg, frames):
    benefits = frames["benefits"]
    assert {"employment", "dividend", "training", "infrastructure"} <= set(benefits.kind)
    dividends = benefits[benefits.kind == "dividend"]
    assert len(dividends) > 0 and (dividends.via_kind == "flow").all()
    via = reg.flows.to_pandas().loc[dividends.via]
    assert (via.target.to_numpy() == dividends.beneficiary.to_numpy()).all()
    assert (via.amount_fen.to_numpy() == dividends.amount_fen.to_numpy()).all()
    trained = benefits[benefits.kind == "training"]
    assert 0.03 < len(trained) / HOUSEHOLDS < 0.07
    villages = benefits[(benefits.kind == "infrastructure") & benefits.beneficiary.isna()]
    assert villages.households.sum() > 0 and villages.persons.sum() > villages.households.sum()


def test_the_report_counts_the_registry(reg):
    rep = reg.report(year=2018)
    assert rep["registry.persons"] == len(reg.persons)
    assert rep["registry.households"] == HOUSEHOLDS
    assert rep["registry.households.poor"] > 0 and rep["registry.households.exited"] > 0
    assert rep["registry.exits"] > 0
    assert rep["industry.workers"] > 0 and rep["industry.wages"] > sh.Money(0)
    assert rep["reach.households"] > 0 and rep["reach.persons_reported"] > 0
    later = reg.report(year=2021)
    assert later["registry.households.unstable"] > 0 and later["registry.households.poor"] is not None


def test_records_tie_a_household_only_to_its_own_county(reg, frames):
    """Workers, benefits, flows and wishes name households of the county they happen in, so that a
    partition by county keeps the counties apart (a tie across counties would put them in one part)."""
    partners = frames["partners"]
    counties = partners.index[partners.kind == "county"]
    assert len(counties) >= 2
    parts = reg.partition(len(counties), by="county")
    sizes = [len(part.registry.households) for part in parts]
    assert sum(sizes) == HOUSEHOLDS and min(sizes) > 0
