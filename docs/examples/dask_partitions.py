"""A programme's totals, report and trace computed part by part on a Dask cluster, and the parts
merged back into the whole registry.

    python docs/examples/dask_partitions.py      # a local cluster of 2 worker processes

The registry is cut by county (``Registry.partition``), each part is written to a file that a
worker reads (``Partition.save`` / ``Partition.load``; at national scale the parts sit on shared
storage and only their file names travel), every worker computes its parts' totals, report and
trace, and the partial results are added pairwise up a tree: they are associative and commutative,
with an identity, exact to the fen, so the order and shape of the reduction do not matter. The
result equals the single pass over the whole registry. One worker also reads every part and merges
them (``sh.merge``) into one registry file, equal byte for byte to the whole saved directly.
"""

from __future__ import annotations

import logging
import operator
import tempfile
from pathlib import Path

import dask
from dask.distributed import Client, LocalCluster

import shanhai as sh

BY = ["source", "kind", "year"]


def tree(items: list) -> dask.delayed:
    """Pairwise reduction with ``+``: log2(n) levels, each adding two partial results."""
    while len(items) > 1:
        items = [dask.delayed(operator.add)(items[i], items[i + 1]) if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    return items[0]


def partitioned(reg: sh.Registry, parts: int, folder: Path, year: int, source: sh.Ref) -> tuple:
    """Totals, report and trace of ``reg`` computed over ``parts`` parts on the current Dask client,
    and the path of the file of the parts merged back into one registry.

    The tasks hold only file names and library calls (``Partition.load``, the part's methods,
    ``sh.merge``), so workers need nothing but shanhai installed; partial results travel as
    pickles of Refs, parts as pickles of their registry's file bytes and ids.
    """
    totals, reports, traces, loaded = [], [], [], []
    for part in reg.partition(parts, by="county"):
        path = folder / f"part{part.index:03d}.npz"
        part.save(path)
        loaded.append(dask.delayed(sh.Partition.load)(str(path)))  # read once per part, on a worker
        totals.append(loaded[-1].totals(by=BY, year=year))
        reports.append(loaded[-1].report(year=year))
        traces.append(loaded[-1].trace(source))
    merged = folder / "merged.shanhai"  # the parts travel to one worker, which merges and saves them
    saved = dask.delayed(sh.merge)(loaded).save(str(merged))
    *results, _ = dask.compute(tree(totals), tree(reports), tree(traces), saved)
    return (*results, merged)


def run(reg: sh.Registry, parts: int = 8, workers: int = 2, year: int = 2018) -> tuple[tuple, tuple]:
    """((totals, report, trace, merged registry) over the parts, the same of the single pass) on a
    local cluster of worker processes."""
    source = sh.Ref("partner", next(p for p in reg.partners if p.kind == "district").id)
    with tempfile.TemporaryDirectory() as folder, \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                         silence_logs=logging.ERROR) as cluster, Client(cluster):
        *results, path = partitioned(reg, parts, Path(folder), year, source)
        merged = sh.load(path)
    single = (reg.totals(by=BY, year=year), reg.report(year=year), reg.trace(source.on(reg)), reg)
    return (*results, merged), single


if __name__ == "__main__":
    reg = sh.datasets.synthetic(300_000, 100_000, seed=1)
    (totals, report, trace, merged), single = run(reg)
    assert (totals, report, trace) == single[:3], "the parts add up to the whole, to the fen"
    assert merged.to_bytes() == reg.to_bytes(), "the merged parts are the whole, byte for byte"
    print(f"totals by {BY} in 2018: {len(totals):,} groups, {totals.total} (single pass: {single[0].total})")
    print(f"report funds.total: {report['funds.total']}; trace outflow: {trace.outflow} over {len(trace):,} nodes")
    print(f"merged back: {len(merged.flows):,} flows, {len(merged.households):,} households, the same bytes")
