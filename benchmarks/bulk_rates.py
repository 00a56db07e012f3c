"""Rows per second of each bulk call, validated, on columns as the registry holds them (ids as
uint32, codes as uint8, packed dates, fen): prints one line a call, the best of three runs, each
into a fresh copy of the same registry. Not a test; sizes by argument.

    python benchmarks/bulk_rates.py [rows, default 3_000_000] [rows of the row-by-row tables, default 1_000_000]
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

import shanhai as sh


def timed(what: str, n: int, start: bytes, call, repeat: int = 3) -> None:
    """The best of `repeat` runs of `call(reg)`, each on a fresh copy of the registry `start` (the
    machine is shared: the best run is the one least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        reg = sh.from_bytes(start)
        began = time.perf_counter()
        ids = call(reg)
        best = min(best, time.perf_counter() - began)
        assert len(ids) == n
        del reg
    print(f"{what:<44} {n:>11,} rows {best:7.3f} s {n / best / 1e6:7.2f} M rows/s", flush=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    reg = sh.Registry()
    county = reg.add_partner("县", kind="county", side="west")
    village = reg.add_partner("村", kind="village", parent=county).id
    donor = reg.add_partner("区", kind="district", side="east").id
    county = county.id
    u32, i32, i64 = np.uint32, np.int32, np.int64
    households = n // 3  # a few changes each, as a national registry has
    empty = reg.to_bytes()
    timed("add_households", households, empty, lambda r: r.add_households({
        "village": np.full(households, village, u32), "members": np.full(households, 3, i32),
        "status": np.zeros(households, np.uint8)}))
    reg.add_households({"village": np.full(households, village, u32)})
    start = reg.to_bytes()
    timed("add_flows (to households)", n, start, lambda r: r.add_flows({
        "source": np.full(n, donor, u32), "target_kind": np.full(n, 3, np.uint8),
        "target": np.arange(n, dtype=u32) % households, "amount_fen": np.full(n, 10_000, i64),
        "date": np.full(n, 20180600, i32)}))
    # each household's changes in date order: registered 2014, exited 2016..2019, monitored later
    per = n // households
    h = np.repeat(np.arange(households, dtype=u32), per)
    k = np.tile(np.arange(per, dtype=i32), households)
    changes = {"household": h, "status": np.array([0, 2, 3], np.uint8)[np.minimum(k, 2)],
               "date": (2014 + 3 * k) * 10000 + 600 + (h % 28).astype(i32) + 1}
    timed("add_status_changes (by household)", len(h), start, lambda r: r.add_status_changes(changes))
    order = np.argsort(changes["date"], kind="stable")  # by date: households interleaved
    by_date = {name: column[order] for name, column in changes.items()}
    timed("add_status_changes (by date)", len(h), start, lambda r: r.add_status_changes(by_date))
    names = pd.DataFrame({"household": h, "date": changes["date"], "status": pd.Categorical.from_codes(
        changes["status"], list(sh.HouseholdStatus.__members__))})
    timed("add_status_changes (pandas, status names)", len(h), start, lambda r: r.add_status_changes(names))
    reg.add_status_changes(changes)
    later = dict(changes, date=changes["date"] + 100000)
    timed("add_status_changes (onto a history)", len(h), reg.to_bytes(), lambda r: r.add_status_changes(later))

    timed("add_pairings", m, start, lambda r: r.add_pairings({
        "a": np.full(m, donor, u32), "b_kind": np.full(m, 3, np.uint8), "b": np.arange(m, dtype=u32) % households,
        "kind": np.full(m, 5, np.uint8), "since": np.full(m, 20160000, i32)}))
    timed("add_projects", m, start, lambda r: r.add_projects({
        "name": ["车间"] * m, "sector": np.full(m, 1, np.uint8), "location": np.full(m, village, u32),
        "start": np.full(m, 20170000, i32)}))
    timed("add_exchanges", m, start, lambda r: r.add_exchanges({
        "sender": np.full(m, donor, u32), "host": np.full(m, county, u32),
        "person_times": np.full(m, 12, i64), "date": np.full(m, 20190300, i32)}))
    timed("add_trainings", m, start, lambda r: r.add_trainings({
        "organiser": np.full(m, donor, u32), "location": np.full(m, village, u32),
        "trainees": np.full(m, 30, i64), "date": np.full(m, 20190300, i32)}))
    timed("add_wishes", m, start, lambda r: r.add_wishes({
        "household": np.arange(m, dtype=u32) % households, "text": ["书包"] * m, "cost_fen": np.full(m, 8000, i64),
        "date": np.full(m, 20200500, i32)}))
    timed("add_events", m, start, lambda r: r.add_events({
        "kind": np.full(m, 2, np.uint8), "date": np.full(m, 20190500, i32),
        "partners": [[donor, county]] * m}))


if __name__ == "__main__":
    main()
