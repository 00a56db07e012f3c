"""shanhai beside pandas, polars and DuckDB on the same synthetic national columns, in one run.

    make bench                                                    # 1 million households, 300,000 flows
    make bench BENCH_HOUSEHOLDS=30000000 BENCH_FLOWS=10000000     # the national size

Each row times the same computation in every engine and the table at the end gives the ratios
(peer time / shanhai time: above 1 means shanhai is faster). The deduplicated totals are computed
by the rule of docs/guide.md in every engine: a flow's own value is its amount less its parts, and
it counts when the chain up to its root uses only part links (a pass-through's money was already
counted). The raw bound is a single numpy pass over precomputed group codes and own values.
Environment: BENCH_HOUSEHOLDS, BENCH_FLOWS, BENCH_ROUNDS (best of), BENCH_PARTS (partitions); the
household registry beside them as sh.datasets.synthetic makes it: BENCH_PERSONS=0 leaves the persons and
the status history out, BENCH_WORKERS workers a workshop (0: no employment records).
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import psutil
import pyarrow as pa

import shanhai as sh

H = int(os.environ.get("BENCH_HOUSEHOLDS", 1_000_000))
F = int(os.environ.get("BENCH_FLOWS", 300_000))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
PARTS = int(os.environ.get("BENCH_PARTS", 8))
PEOPLE = os.environ.get("BENCH_PERSONS", "1") != "0"
WORKERS = int(os.environ.get("BENCH_WORKERS", 30))
PEERS = ("pandas", "polars", "duckdb", "raw")


# a fresh process's resident bytes held by a loaded registry and its peak while loading (VmHWM:
# getrusage's peak would start from the bench's own, kept across fork and exec)
PROBE = """
import gc, re, sys, psutil, shanhai as sh
before = psutil.Process().memory_info().rss
reg = sh.load(sys.argv[1]); gc.collect()
hwm = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) * 1024
print(psutil.Process().memory_info().rss - before, hwm - before)
"""


def best(f, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        gc.collect()
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def rss() -> int:
    return psutil.Process().memory_info().rss


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


rows = []


def report(what, ours, peers=None, note=""):
    peers = peers or {}
    rows.append((what, ours, peers, note))
    ratio = "  ".join(f"{k} {v / ours:6.2f}x" for k, v in peers.items())
    print(f"{what:38} shanhai {ours * 1000:10.1f} ms   {ratio}   {note}", flush=True)


def seconds(t: float) -> str:
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


def table() -> str:
    """The side-by-side table (Markdown): shanhai's time, each peer's as a ratio."""
    lines = ["| computation | shanhai | pandas | polars | DuckDB | raw bound | note |", "|---|---|---|---|---|---|---|"]
    for what, ours, peers, note in rows:
        cells = [f"{peers[p] / ours:.2f}×" if p in peers else "" for p in PEERS]
        extra = [f"{k} {v / ours:.2f}×" for k, v in peers.items() if k not in PEERS]
        lines.append(f"| {what} | {seconds(ours)} | {' | '.join(cells)} | {'; '.join([note, *extra]).strip('; ')} |")
    return "\n".join(lines)


baseline = rss()
print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
      f"load average {os.getloadavg()[0]:.1f}; Python {platform.python_version()}, numpy {np.__version__}, "
      f"pandas {pd.__version__}, polars {pl.__version__}, duckdb {duckdb.__version__}, pyarrow {pa.__version__}")
t = time.perf_counter()
reg = sh.datasets.synthetic(H, F, seed=1, persons=PEOPLE, history=PEOPLE, workers=WORKERS)
t_synthetic = time.perf_counter() - t
gc.collect()
resident = rss() - baseline
print(f"synthetic: {H:,} households ({len(reg.persons):,} persons, {len(reg.status_changes):,} status changes, "
      f"{len(reg.employment):,} employment months), {len(reg.flows):,} flows in {t_synthetic:.1f} s; "
      f"peak RSS {peak_mib():,.0f} MiB")


# ---- resident memory of the registry against the raw bytes of its columns
def column_bytes(view) -> tuple[int, int, int]:
    """(fixed-size column bytes, text and list values, their offsets) of one table, in Arrow's layout."""
    fixed = text = offsets = 0
    for name, (kind, detail) in type(view)._schema():
        if kind == "text" or (kind == "list" and detail is not None):
            off, values = view._text_buffers(name) if kind == "text" else view._list_buffers(name)
            text, offsets = text + values.nbytes, offsets + off.nbytes
        elif kind not in ("list", "record"):  # records (a project's outputs): a few projects
            fixed += view.column(name).nbytes
    return fixed, text, offsets


raw_fixed = raw_text = raw_offsets = 0
for name in sh._extend.TABLES:
    a, b, c = column_bytes(getattr(reg, name))
    raw_fixed, raw_text, raw_offsets = raw_fixed + a, raw_text + b, raw_offsets + c
gc.collect()
raw = raw_fixed + raw_text + raw_offsets
print(f"memory: registry resident {resident / 2**20:,.0f} MiB; raw column bytes {raw / 2**20:,.0f} MiB "
      f"({raw_fixed / 2**20:,.0f} fixed-size, {raw_text / 2**20:,.0f} text and list values, "
      f"{raw_offsets / 2**20:,.0f} their offsets as Arrow's int32); ratio {resident / raw:.2f} "
      f"({resident / (raw - raw_offsets):.2f} against the values alone)", flush=True)

# the same columns for everyone (copies, so that peers own their data)
src = reg.flows.column("source")
tgt = reg.flows.column("target")
cols = {
    "source": src["id"].astype(np.int64) + (src["kind"].astype(np.int64) << 32),
    "target": tgt["id"].astype(np.int64) + (tgt["kind"].astype(np.int64) << 32),
    "amount": reg.flows.column("amount").copy(),
    "year": (reg.flows.column("date") // 10000).astype(np.int32),
    "kind": reg.flows.column("kind").copy(),
    "parent": reg.flows.column("parent").astype(np.int64),
    "link": reg.flows.links(),
}
del src, tgt
gc.collect()
cols["parent"][cols["parent"] == 0xFFFFFFFF] = -1
n = len(cols["amount"])

# ---- ingest: validated rows into a fresh registry vs building each peer's frame
partners = reg.partners.to_pandas()[["name", "kind", "side", "parent"]]
households = {"village": reg.households.column("village").copy(), "members": reg.households.column("members").copy(),
              "status": reg.households.column("status").copy()}
flow_in = {"source": cols["source"] & 0xFFFFFFFF, "target": cols["target"] & 0xFFFFFFFF,
           "source_kind": (cols["source"] >> 32).astype(np.uint8),
           "target_kind": (cols["target"] >> 32).astype(np.uint8),
           "amount_fen": cols["amount"], "date": cols["year"].astype(np.int32) * 10000,
           "kind": cols["kind"], "parent": cols["parent"]}


def ingest_shanhai():
    fresh = sh.Registry()
    fresh.add_partners(partners)
    fresh.add_households(households)
    fresh.add_flows(flow_in)
    return fresh


t_ours, fresh = best(ingest_shanhai, 1)
del fresh
t_pd, _ = best(lambda: pd.DataFrame(cols), 1)
t_pl, _ = best(lambda: pl.DataFrame(cols), 1)
rows_total = len(partners) + H + n
report(f"ingest, validated ({rows_total / 1e6:.1f}M rows)", t_ours, {"pandas": t_pd, "polars": t_pl},
       f"{rows_total / t_ours / 1e6:.2f}M rows/s (goal 20M)")
del households, flow_in

# ---- deduplicated totals by (source, kind, year), of every kind as the peers' plain rule counts
# (the default scope counts aid alone: the synthetic set's investment is beside it)
KINDS = "all"
t_ours, ours = best(lambda: reg.totals(by=["source", "kind", "year"], kind=KINDS))
df = pd.DataFrame(cols)


def counted_mask(link, parent):
    blocked = link == 2
    part = link == 1
    while True:  # a part under a blocked flow is blocked: propagate down the chains
        nxt = blocked | (part & np.where(parent >= 0, blocked[np.maximum(parent, 0)], False))
        if (nxt == blocked).all():
            return ~blocked
        blocked = nxt


def totals_pandas():
    parts = df[df.link == 1].groupby("parent").amount.sum()
    own = df.amount.to_numpy() - parts.reindex(np.arange(n), fill_value=0).to_numpy()
    keep = counted_mask(df.link.to_numpy(), df.parent.to_numpy()) & (own > 0)
    frame = pd.DataFrame({"source": df.source[keep], "kind": df.kind[keep], "year": df.year[keep], "own": own[keep]})
    return frame.groupby(["source", "kind", "year"]).own.sum()


pdf = pl.DataFrame(cols)


def totals_polars():
    parts = pdf.filter(pl.col("link") == 1).group_by("parent").agg(pl.col("amount").sum().alias("parts"))
    with_own = pdf.with_row_index("id").join(parts, left_on="id", right_on="parent", how="left").sort("id")
    own = (with_own["amount"] - with_own["parts"].fill_null(0)).to_numpy()
    keep = counted_mask(pdf["link"].to_numpy(), pdf["parent"].to_numpy()) & (own > 0)
    return (pl.DataFrame({"source": pdf["source"], "kind": pdf["kind"], "year": pdf["year"], "own": own})
            .filter(pl.Series(keep)).group_by(["source", "kind", "year"]).agg(pl.col("own").sum()))


con = duckdb.connect()
con.register("flows", df)
con.execute("create table f as select row_number() over () - 1 as id, * from flows")


def totals_duckdb():
    return con.execute("""
        with recursive chain(id, ok) as (
            select id, true from f where parent < 0
            union all
            select f.id, chain.ok and f.link = 1 from f join chain on f.parent = chain.id),
        parts as (select parent, sum(amount) as s from f where link = 1 group by parent)
        select source, kind, year, sum(amount - coalesce(parts.s, 0)) as own
        from f join chain using (id) left join parts on parts.parent = f.id
        where chain.ok and amount - coalesce(parts.s, 0) > 0
        group by all""").fetchall()


t_pd, theirs = best(totals_pandas)
t_pl, _ = best(totals_polars)
t_db, db = best(totals_duckdb)
assert int(theirs.sum()) == ours.total.fen == sum(r[3] for r in db), "every engine counts the same total"
# raw bound: one pass of numpy over group codes and own values that are already known
keep = counted_mask(cols["link"], cols["parent"])
parts_sum = np.bincount(np.where(cols["link"] == 1, cols["parent"], n)[cols["link"] == 1], minlength=n + 1)[:n]
own = cols["amount"] - parts_sum.astype(np.int64)
codes = pd.factorize(pd.MultiIndex.from_arrays([cols["source"], cols["kind"], cols["year"]]))[0]
t_raw, _ = best(lambda: np.bincount(codes[keep], weights=own[keep]))
t_totals = t_ours
report("totals by (source, kind, year)", t_ours, {"pandas": t_pd, "polars": t_pl, "duckdb": t_db, "raw": t_raw},
       f"{len(ours):,} groups; their keys and Money made on first use")
# the same, with every group made into Python objects (handles, names, years, Money) in a frame
t_ours, frame = best(lambda: reg.totals(by=["source", "kind", "year"], kind=KINDS).to_pandas())
assert int(frame.fen.sum()) == ours.total.fen
report("totals, as a pandas frame", t_ours, {"pandas": t_pd, "polars": t_pl, "duckdb": t_db, "raw": t_raw})
# the same as an Arrow table, straight from the compiled columns (no Python object per group)
t_ours, arrow = best(lambda: pa.table(reg.totals(by=["source", "kind", "year"], kind=KINDS)))
assert arrow.num_rows == len(ours)
report("totals, as an Arrow table", t_ours, {"totals alone": t_totals, "polars, whole computation": t_pl,
                                              "raw": t_raw})
del arrow

# ---- totals by (stage, target): every stage at once, a group for each node money reaches
t_ours, by_target = best(lambda: reg.totals(by=["target"], stage=None, kind=KINDS))
stage = reg.flows.column("stage")
counted = keep & (own > 0)
target_codes = pd.factorize(pd.MultiIndex.from_arrays([stage, cols["target"]]))[0]
t_raw2, raw_sums = best(lambda: np.bincount(target_codes[counted], weights=own[counted]))
by_target_pl = pl.DataFrame({"stage": stage, "target": cols["target"], "own": own, "counted": counted})
t_pl2, _ = best(lambda: by_target_pl.filter(pl.col("counted")).group_by(["stage", "target"]).agg(pl.col("own").sum()))
assert int((raw_sums > 0).sum()) == len(by_target), "every engine finds the same groups"
# the memory bound: the bytes the kernel must read (amount, target as a 1-byte type and a 4-byte
# id, stage), at the speed one core reads memory
big = np.ones(2**27, dtype=np.int64)  # 1 GiB
t_read, _ = best(lambda: big.sum())
bandwidth = big.nbytes / t_read
del big
read_bytes = n * (8 + 5 + 1)
report("totals by (stage, target)", t_ours, {"polars": t_pl2, "raw": t_raw2, "memory bandwidth": read_bytes / bandwidth},
       f"{len(by_target):,} groups (goal 60 ms and 1.2x the raw loop); {read_bytes / 1e6:,.0f} MB read at "
       f"{bandwidth / 1e9:.1f} GB/s on one core")
t_by_target = t_ours
t_ours, arrow = best(lambda: pa.table(by_target))
report("totals by (stage, target), as Arrow", t_ours, {"totals alone": t_by_target})
del arrow, by_target, by_target_pl, target_codes, raw_sums, counted, stage
del df, pdf, con, theirs, db, keep, parts_sum, own, codes, frame
gc.collect()

# ---- report, trace
t_ours, rep = best(lambda: reg.report(year=2018))
report("report (every indicator, 2018)", t_ours)
district = next(p for p in reg.partners if p.kind == "district")
t_ours, tr = best(lambda: reg.trace(district))
report("trace one district's money", t_ours, {}, f"{len(tr):,} nodes reached (goal < 2 s)")

# ---- Arrow: the flows as an Arrow table and a polars frame, without copying the numbers
t_ours, arrow = best(lambda: pa.table(reg.flows))
shared = arrow["amount_fen"].chunks[0].buffers()[1].address == reg.flows.column("amount").ctypes.data
t_pd, _ = best(lambda: pd.DataFrame(cols), 1)
report("Arrow table of the flows", t_ours, {"pandas frame of copies": t_pd},
       f"amount buffer shared with the registry: {shared}")
del arrow
t_ours, frame = best(lambda: pl.DataFrame(reg.flows))
report("polars frame of the flows (via Arrow)", t_ours)
del frame
gc.collect()

# ---- partitions by county, and their totals added up
t_part, parts = best(lambda: reg.partition(PARTS, by="county"), 1)
busy = sum(1 for p in parts if len(p.registry.flows))
report(f"partition into {PARTS} parts by county", t_part, {},
       f"{busy} parts hold flows; largest {max(len(p.registry.flows) for p in parts):,} of {n:,} flows")
by = ["source", "kind", "year"]
t_merged, merged = best(lambda: sum((p.totals(by=by, kind=KINDS) for p in parts), sh.Totals.empty(by)))
assert merged == ours, "the parts add up to the whole, to the fen"
report(f"totals over {PARTS} parts, merged (one core)", t_merged, {"whole registry, one pass": t_totals})
del merged

# ---- the parts from their files, and merged back into the whole registry
with tempfile.TemporaryDirectory() as d:
    paths = [os.path.join(d, f"part{p.index}.npz") for p in parts]
    for p, path in zip(parts, paths):
        p.save(path)
    del parts
    gc.collect()
    t_load_parts, parts = best(lambda: [sh.Partition.load(path) for path in paths], 1)
t_merge, whole = best(lambda: sh.merge(parts), 1)
assert whole.totals(by=by, kind=KINDS) == ours and len(whole.flows) == n, "the parts merge back into the whole"
report(f"load the {PARTS} part files", t_load_parts, {})
report(f"merge the {PARTS} parts into the whole", t_merge, {f"loading the {PARTS} part files": t_load_parts},
       f"{t_merge / t_load_parts:.2f}× the load (goal ≤ 2×)")
del parts, whole
gc.collect()

# ---- save and load
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "national.shanhai")
    t_save, _ = best(lambda: reg.save(path), 1)
    size = os.path.getsize(path)
    t_load, _ = best(lambda: sh.load(path), 1)
    t_pq, _ = best(lambda: pd.DataFrame(cols).to_parquet(os.path.join(d, "f.parquet")), 1)
    # the disk's bound: the same number of bytes written and synced
    block = np.zeros(2**26, dtype=np.uint8)

    def write_bytes():
        with open(os.path.join(d, "bytes"), "wb") as out:
            for _ in range(0, size, block.nbytes):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())

    t_disk, _ = best(write_bytes, 1)
    # the peak while loading, in a fresh process: against what the loaded registry holds
    probe = subprocess.run([sys.executable, "-c", PROBE, path], capture_output=True, text=True, check=True)
    held, peak = (int(v) for v in probe.stdout.split())
report(f"save, binary ({size / 1e6:,.0f} MB)", t_save, {"pandas parquet (flows only)": t_pq, "disk write": t_disk},
       f"{size / t_save / 1e6:.0f} MB/s of file, {raw / t_save / 1e6:.0f} MB/s of raw column bytes (goal 500); "
       f"file {size / raw:.2f}x the raw column bytes (goal 1.1x)")
report("load, checked and validated", t_load, {}, f"{size / t_load / 1e6:.0f} MB/s of file, {raw / t_load / 1e6:.0f} "
       f"MB/s of raw column bytes (goal 500); peak {peak / 2**20:,.0f} MiB in a fresh process, "
       f"{peak / held:.2f}x the loaded registry's {held / 2**20:,.0f} MiB (goal 1.2x)")

print(f"\npeak RSS {peak_mib():,.0f} MiB for everything above; synthetic set built in {t_synthetic:.1f} s")
print(f"registry resident {resident / 2**20:,.0f} MiB = {resident / raw:.2f}x its raw column bytes "
      f"({raw / 2**20:,.0f} MiB with Arrow's offsets; goal 1.3x), {resident / (raw - raw_offsets):.2f}x the values "
      f"alone\n")
print(table())
