"""The Dask example (docs/examples/dask_partitions.py) on a local cluster of 2 worker processes over
8 partition files: the tree-reduced partial results equal the single pass, to the fen, and the
parts merged back on a worker are the whole registry, byte for byte."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import shanhai as sh

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "dask_partitions.py"


def load_example():
    spec = importlib.util.spec_from_file_location("dask_partitions", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_dask_example_equals_the_single_pass_to_the_fen():
    example = load_example()
    reg = sh.datasets.synthetic(60_000, 20_000, seed=4)
    (totals, report, trace, merged), (t1, r1, tr1, _) = example.run(reg, parts=8, workers=2, year=2018)
    assert totals == t1 and report == r1 and trace == tr1
    assert totals.total.fen == t1.total.fen > 0 and len(totals) == len(t1) > 10
    assert report["funds.total"] == r1["funds.total"] and report["reach.households"] == r1["reach.households"] > 0
    assert trace.outflow == tr1.outflow > sh.Money() and sum(trace.values(), sh.Money()) == trace.outflow
    # the merged results came back as Refs from other processes; on the whole they read as handles
    assert dict(totals.on(reg)) == dict(t1)
    assert merged.to_bytes() == reg.to_bytes()
    assert merged.report(year=2018) == r1 and merged.report() == reg.report()
