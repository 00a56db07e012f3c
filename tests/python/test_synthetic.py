"""The synthetic national data set: deterministic, the requested size, shaped like the programme."""

from collections import Counter

import shanhai as sh


def test_same_seed_same_registry_and_requested_sizes():
    a = sh.datasets.synthetic(30_000, 20_000, seed=3)
    assert a.to_bytes() == sh.datasets.synthetic(30_000, 20_000, seed=3).to_bytes()
    assert a.to_bytes() != sh.datasets.synthetic(30_000, 20_000, seed=4).to_bytes()
    assert len(a.households) == 30_000 and len(a.flows) == 20_000


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
