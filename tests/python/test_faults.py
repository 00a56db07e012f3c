"""Saving while the disk fails, and while the process is killed: never a torn file.

Faults come from tests/faults/failing_io.c, an LD_PRELOAD shim built here with gcc: a child
Python process saves a registry cleanly, then saves a changed one while the shim makes one
call fail (open of the temporary file, write, fsync, close, rename, opening or fsync of the
folder) with ENOSPC, EIO or another errno. The test then checks from outside: FileError with
the path and the cause, the previous file (or, for a failure after the rename, the new one)
intact and loadable, and no temporary file left behind.

The kill test SIGKILLs child processes that save a large registry over and over to one path,
at random moments, and loads the file after every kill.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import shanhai as sh

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the LD_PRELOAD shim and fsync of folders are Linux's")

SHIM_SOURCE = Path(__file__).resolve().parents[1] / "faults" / "failing_io.c"
NAME = "registry.shanhai"


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    """tests/faults/failing_io.c built into a shared library."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    assert gcc, "gcc is needed to build the fault-injection shim"
    out = tmp_path_factory.mktemp("shim") / "failing_io.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-O2", "-o", str(out), str(SHIM_SOURCE), "-ldl"],
                   check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def tally(pytestconfig):
    """Counts the fault cases survived; the module prints the figure when it is done."""
    counts = {"cases": 0, "survived": 0, "names": []}
    yield counts
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and counts["cases"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nfault injection: {counts['survived']} of {counts['cases']} cases survived "
                                f"({', '.join(counts['names'])})")


# ---------------------------------------------------------------------------------------------
# one failing call per save

# The child: save the 2018 data set cleanly, then save a changed registry with the fault armed
# (the shim reads its settings at every call). Prints what happened as JSON.
FAULT_CHILD = textwrap.dedent("""
    import hashlib, json, os, sys
    import shanhai as sh

    folder, fmt, op, err, after = sys.argv[1:6]
    path = os.path.join(folder, "registry.shanhai")

    def digest(reg):
        return {"sha256": hashlib.sha256(reg.to_bytes(fmt)).hexdigest(), "flows": len(reg.flows),
                "households": len(reg.households),
                "report": {k: str(v) for k, v in reg.report(year=2018).items()}}

    old = sh.datasets.siming_linxia_2018()
    old.save(path, format=fmt)  # cleanly: SHANHAI_FAIL is not set yet
    new = sh.datasets.siming_linxia_2018()
    new.add_flow(new.partners[1], new.partners[3], "12.5万", date="2018-06", kind="fiscal", purpose="education")
    new.add_household("622901100201999999", village=new.partners[5], members=3)

    os.environ.update(SHANHAI_FAIL=op, SHANHAI_FAIL_ERRNO=err, SHANHAI_FAIL_AFTER=after)
    result = {"old": digest(old), "new": digest(new), "error": None}
    try:
        new.save(path, format=fmt)
    except Exception as e:
        result["error"] = {"type": type(e).__name__, "message": str(e), "file_error": isinstance(e, sh.FileError),
                           "os_error": isinstance(e, OSError)}
    finally:
        del os.environ["SHANHAI_FAIL"]
    print(json.dumps(result))
""")

# the previous file must survive (the folder is opened first, to clear a killed save's leftovers)
BEFORE_RENAME = ("open_dir", "open", "write", "fsync", "close", "rename")
AFTER_RENAME = ("fsync_dir",)  # the new file is in place; the save still reports the failure

# (operation, errno name, n-th call, what the target holds afterwards, whether the save raises)
FAULTS = (
    [(op, e, 1, "old", True) for op in BEFORE_RENAME for e in ("ENOSPC", "EIO")]
    + [(op, e, 1, "new", True) for op in AFTER_RENAME for e in ("ENOSPC", "EIO")]
    + [
        ("write", "EDQUOT", 1, "old", True),
        ("open", "EROFS", 1, "old", True),
        ("open", "EACCES", 1, "old", True),
        ("rename", "EROFS", 1, "old", True),
        # no failure the caller should see: an interrupted write is retried, short writes continue
        ("write", "EINTR", 1, "new", False),
        ("short", "none", 0, "new", False),
    ]
)
FORMATS = ("binary", "text", "xml")


def run_fault(shim: Path, folder: Path, fmt: str, op: str, err: str, after: int):
    env = dict(os.environ, LD_PRELOAD=str(shim), SHANHAI_FAIL_DIR=str(folder))
    for k in ("SHANHAI_FAIL", "SHANHAI_FAIL_ERRNO", "SHANHAI_FAIL_AFTER"):
        env.pop(k, None)
    proc = subprocess.run([sys.executable, "-c", FAULT_CHILD, str(folder), fmt, op, err, str(after)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


@pytest.mark.parametrize(
    "op,err,after,holds,raises,fmt",
    [(*case, FORMATS[i % len(FORMATS)]) for i, case in enumerate(FAULTS)],
    ids=[f"{c[0]}-{c[1]}" for c in FAULTS],
)
def test_a_failing_disk_never_tears_the_file(shim, tmp_path, tally, op, err, after, holds, raises, fmt):
    tally["cases"] += 1
    folder = tmp_path.resolve() / "data"
    folder.mkdir()
    path = folder / NAME
    result, stderr = run_fault(shim, folder, fmt, op, err, after)

    if op != "short":
        assert f"failing_io: {op} #" in stderr, f"the shim injected nothing:\n{stderr}"
    if raises:
        e = result["error"]
        assert e is not None, "the save succeeded although the disk failed"
        assert e["file_error"] and e["os_error"], e
        assert str(path) in e["message"], e["message"]
        assert os.strerror(getattr(errno, err)) in e["message"], e["message"]
    else:
        assert result["error"] is None, result["error"]

    # never a torn file: the target loads, and it is exactly the old or the new registry
    expected = result[holds]
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == expected["sha256"]
    loaded = sh.load(path)
    assert loaded.to_bytes(fmt) == data
    assert (len(loaded.flows), len(loaded.households)) == (expected["flows"], expected["households"])
    assert {k: str(v) for k, v in loaded.report(year=2018).items()} == expected["report"]
    assert result["old"]["report"] != result["new"]["report"]
    # and nothing left behind
    assert sorted(os.listdir(folder)) == [NAME]
    # the folder still takes a save
    loaded.add_partner("之后")
    loaded.save(path, format=fmt)
    assert len(sh.load(path).partners) == len(loaded.partners)

    tally["survived"] += 1
    tally["names"].append(f"{op}/{err}")


def test_every_call_failing_still_leaves_the_old_file(shim, tmp_path):
    """SHANHAI_FAIL_AFTER=0: every fsync fails, not only the first."""
    folder = tmp_path.resolve()
    result, _ = run_fault(shim, folder, "text", "fsync", "EIO", 0)
    assert result["error"]["file_error"]
    assert hashlib.sha256((folder / NAME).read_bytes()).hexdigest() == result["old"]["sha256"]
    assert os.listdir(folder) == [NAME]


def test_the_shim_leaves_other_folders_alone(shim, tmp_path):
    """Only SHANHAI_FAIL_DIR fails: the same fault aimed at another folder changes nothing."""
    folder = tmp_path.resolve() / "data"
    other = tmp_path.resolve() / "elsewhere"
    folder.mkdir()
    other.mkdir()
    env = dict(os.environ, LD_PRELOAD=str(shim), SHANHAI_FAIL_DIR=str(other))
    proc = subprocess.run([sys.executable, "-c", FAULT_CHILD, str(folder), "binary", "write", "EIO", "1"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["error"] is None
    assert hashlib.sha256((folder / NAME).read_bytes()).hexdigest() == result["new"]["sha256"]


def test_a_failed_close_is_not_closed_again(shim, tmp_path):
    folder = tmp_path.resolve()
    result, stderr = run_fault(shim, folder, "binary", "close", "EIO", 1)
    assert result["error"]["file_error"]
    assert "again after a failed close" not in stderr, stderr


LEFTOVER_CHILD = textwrap.dedent("""
    import os, sys
    import shanhai as sh

    folder = sys.argv[1]
    # what a save killed in an earlier process with this process id leaves behind
    with open(os.path.join(folder, f".registry.shanhai.tmp-{os.getpid()}-0"), "wb") as f:
        f.write(b"SHANHAI half a file")
    sh.datasets.siming_linxia_2018().save(os.path.join(folder, "registry.shanhai"))
""")


def test_a_leftover_under_this_process_s_temp_name_does_not_block_saving(tmp_path):
    folder = tmp_path.resolve()
    proc = subprocess.run([sys.executable, "-c", LEFTOVER_CHILD, str(folder)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert sh.load(folder / NAME).to_bytes() == sh.datasets.siming_linxia_2018().to_bytes()
    assert os.listdir(folder) == [NAME]  # and the save removed it


# ---------------------------------------------------------------------------------------------
# SIGKILL in the middle of a save

# The child builds a large registry (3,000 extra flows, 2,000 households), then adds one flow
# and saves, over and over, to the same path, cycling through the formats; after each save it
# prints the number of the save that completed.
KILL_CHILD = textwrap.dedent("""
    import sys
    import shanhai as sh

    path, round_ = sys.argv[1], int(sys.argv[2])
    reg = sh.datasets.siming_linxia_2018()
    east, west = reg.partners[1], reg.partners[3]
    village = [p for p in reg.partners if p.kind == "village"][0]
    for i in range(3000):
        reg.add_flow(east, west, f"{i + 1}元", date="2018-%02d" % (i % 12 + 1), kind="fiscal")
    for i in range(2000):
        reg.add_household(f"K{i:08d}", village=village, members=i % 6 + 1)
    print("ready", len(reg.flows), flush=True)
    formats = ("binary", "text", "xml")
    k = 0
    while True:
        k += 1
        reg.add_flow(east, west, "1元", kind="donation", note=f"round {round_} save {k}")
        reg.save(path, format=formats[k % 3])
        print("saved", k, flush=True)
""")

KILLS = 50  # SIGKILLs, unless the time budget runs out first (a loaded machine starts processes slowly)
BUDGET = 25.0  # seconds
FEWEST = 15  # kills that must happen even then


def version_of(reg) -> tuple[int, int]:
    """(round, save) from the note of the last flow that a kill child added."""
    note = reg.flows[len(reg.flows) - 1].note
    _, r, _, k = note.split()
    return int(r), int(k)


def test_sigkill_during_save_leaves_the_old_or_the_new_file(tmp_path, capsys):
    folder = tmp_path.resolve()
    path = folder / NAME
    rng = random.Random(20180)
    started = time.monotonic()
    base_flows = None
    current = None  # (round, save) the file holds
    landed_in_save = advanced = 0
    kills = 0
    for round_ in range(1, KILLS + 1):
        if round_ > FEWEST and time.monotonic() - started > BUDGET:
            break
        proc = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(path), str(round_)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline().split()
        assert first and first[0] == "ready", proc.stderr.read()
        base_flows = int(first[1])
        temps_before = {n for n in os.listdir(folder) if n != NAME}
        time.sleep(rng.uniform(0.0, 0.12))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        kills += 1
        # "saved N" lines; one the kill cut short names no save (the file then holds N or N + 1)
        said = (line.split() for line in out.splitlines())
        completed = [int(w[1]) for w in said if len(w) == 2 and w[0] == "saved" and w[1].isdigit()]
        last = completed[-1] if completed else 0

        # the old file (before the save in progress) or the new one (that save), complete
        allowed = {(round_, last), (round_, last + 1)} if last else {current, (round_, 1)}
        temps = {n for n in os.listdir(folder) if n != NAME}
        assert all(n.startswith(f".{NAME}.tmp-") for n in temps), temps
        landed_in_save += bool(temps - temps_before)
        if current is None and not path.exists():
            assert last == 0  # killed before its first save finished: nothing to load yet
            continue
        loaded = sh.load(path)  # a torn file would raise FormatError here
        got = version_of(loaded)
        assert got in allowed, f"round {round_}: the file holds {got}, expected one of {allowed}"
        assert len(loaded.flows) == base_flows + got[1]
        assert len(loaded.households) == 2000 + 25
        advanced += got == (round_, last + 1)
        current = got

    # leftovers of killed saves are their owner's alone, never confuse loading, and the next save
    # removes them
    leftovers = [n for n in os.listdir(folder) if n != NAME]
    assert all(os.stat(folder / n).st_mode & 0o077 == 0 for n in leftovers)
    loaded = sh.load(path)
    loaded.add_partner("杀后")
    loaded.save(path, format="text")
    again = sh.load(path)
    assert again.to_bytes("text") == loaded.to_bytes("text")
    assert os.listdir(folder) == [NAME]
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nkill during save: {kills} of {kills} SIGKILLs survived in {elapsed:.1f} s "
              f"({landed_in_save} killed between creating and renaming the temporary file, {advanced} after the "
              f"rename but before the save returned; {len(leftovers)} leftovers, owner-only, removed by the next save)")
