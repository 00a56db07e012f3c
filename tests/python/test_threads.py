"""One Registry used from several Python threads: writes land whole, readers see a prefix.

Real threads: the bindings release the GIL around saves, totals and bulk ingest, so without the
registry's own lock these runs crash or write files that do not load.
"""

import itertools
import threading

import numpy as np
import pytest

import shanhai as sh

WRITERS = 8
ROUNDS = 40


def seeded():
    reg = sh.Registry()
    east = reg.add_partner("东区", kind="district", side="east")
    west = reg.add_partner("西县", kind="county", side="west")
    village = reg.add_partner("一村", kind="village", parent=west)
    return reg, east, west, village


def run(threads):
    errors = []

    def guard(f):
        def body():
            try:
                f()
            except BaseException as e:  # noqa: BLE001 - handed to the main thread
                errors.append(e)
        return body

    ts = [threading.Thread(target=guard(f)) for f in threads]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise errors[0]


def columns(reg):
    return {name: getattr(reg, name)._raw_columns() for name in ("partners", "flows", "households")}


def is_prefix(part, whole):
    for table, cols in part.items():
        for name, values in cols.items():
            if whole[table][name][:len(values)] != values:
                return False
    return True


def test_writers_savers_and_totals_together(tmp_path):
    reg, east, west, village = seeded()
    stop = threading.Event()
    added = []  # (table, id, what it should hold), from every writer
    snapshots, totals = [], []

    def writer(k):
        def body():
            for i in range(ROUNDS):
                p = reg.add_partner(f"村{k}-{i}", kind="village", parent=west)
                f = reg.add_flow(east, p, f"{k * 1000 + i + 1}元", date="2020", kind="fiscal")
                h = reg.add_household(f"h{k}-{i}", village=p, members=k + 1)
                added.extend([("partners", p.id, p.name == f"村{k}-{i}"), ("flows", f.id, f.target == p),
                              ("households", h.id, h.village == p)])
                if i % 8 == 0:
                    ids = reg.add_flows({"source": np.zeros(50, dtype=np.int64), "target": np.ones(50, dtype=np.int64),
                                         "amount": ["1元"] * 50, "kind": ["donation"] * 50, "date": ["2020"] * 50})
                    assert len(ids) == 50
                    added.extend(("flows", j, reg.flows[j].kind == "donation") for j in ids)
        return body

    def saver(k):
        def body():
            for i in itertools.count():
                if stop.is_set() and i > 1:
                    return
                path = tmp_path / f"s{k}-{i}.shanhai"
                reg.save(path)
                snapshots.append(path)
                snapshots.append(reg.to_bytes("text" if i % 2 else "binary"))

        return body

    def totaller():
        while not stop.is_set() or not totals:
            totals.append(reg.totals().total.fen)

    def writers():
        try:
            run([writer(k) for k in range(WRITERS)])
        finally:
            stop.set()

    run([writers, saver(0), saver(1), totaller])

    assert len(reg.partners) == 3 + WRITERS * ROUNDS
    assert len(reg.flows) == WRITERS * ROUNDS + WRITERS * 5 * 50
    assert all(ok for _, _, ok in added)
    whole = columns(reg)
    assert len(snapshots) > 4
    for s in snapshots:
        part = sh.load(s) if not isinstance(s, bytes) else sh.from_bytes(s)
        assert is_prefix(columns(part), whole)
    # every total read during the writes is the total of a prefix of the flows (all roots, positive)
    prefix_sums = set(np.concatenate([[0], np.cumsum(reg.flows.column("amount"))]).tolist())
    assert totals and set(totals) <= prefix_sums


def test_a_progress_callback_may_not_write_the_registry_it_fills():
    reg, east, west, _ = seeded()
    before = reg.to_bytes()
    seen = []

    def meddle(what, done, total):
        reg.add_partner("插队", kind="village", parent=west)  # refused: the registry is being filled

    rows = {"source": [0] * 1000, "target": [1] * 1000, "amount": ["1元"] * 1000, "kind": ["fiscal"] * 1000}
    with pytest.raises(sh.Error) as e:
        reg.add_flows(rows, progress=meddle)
    assert e.value.reason == "busy"
    assert reg.to_bytes() == before  # refused whole

    def tolerant(what, done, total):
        try:
            reg.add_partner("插队", kind="village", parent=west)
        except sh.Error as e:
            seen.append(e.reason)
        try:
            len(reg.flows)  # a read mid-write is refused too
        except sh.Error as e:
            seen.append(e.reason)

    ids = reg.add_flows(rows, progress=tolerant)
    assert ids == range(0, 1000) and len(reg.flows) == 1000 and len(reg.partners) == 3
    assert seen and set(seen) == {"busy"}


def test_handles_read_while_another_thread_writes():
    reg, east, west, village = seeded()
    held = [reg.add_flow(east, village, f"{i + 1}元", date="2020") for i in range(100)]
    stop = threading.Event()

    def grow():
        for i in range(20):
            reg.add_flows({"source": [0] * 2000, "target": [2] * 2000, "amount": ["1元"] * 2000})
        stop.set()

    def read():
        while not stop.is_set():
            for i, f in enumerate(held):
                assert f.amount == sh.Money(f"{i + 1}元") and f.target == village

    run([grow, read, read])
    assert len(reg.flows) == 100 + 20 * 2000
