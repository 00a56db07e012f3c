"""Files that never leak or tear: what save and the exports (to_excel, to_iati, to_csv) write is
readable by its writer only until it takes its place, keeps the mode and owner of what it
replaces, follows a symbolic link, refuses a pipe, a folder or a read-only file, and leaves
nothing readable behind when killed; loading takes only regular files (or an open stream), and
reads and checks the envelope before anything else."""

from __future__ import annotations

import datetime
import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import shanhai as sh

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="modes, owners, pipes and /dev/zero as Linux has them")

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


def _save(reg, path):
    reg.save(path)


def _to_excel(reg, path):
    reg.to_excel(path)


def _to_iati(reg, path):
    reg.to_iati(path, reporting_org=reg.partners[0], as_of="2019-01-20", generated=datetime.datetime(2019, 1, 20))


WRITERS = {"save": _save, "to_excel": _to_excel, "to_iati": _to_iati}


@pytest.fixture(params=list(WRITERS))
def write(request):
    """One of the calls that write a file: write(reg, path)."""
    return WRITERS[request.param]


@pytest.fixture
def umask():
    """Sets the umask for the test (the process's; restored after)."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def beside(folder: Path, name: str) -> list[str]:
    """What else than `name` is in the folder (temporaries, leftovers)."""
    return sorted(n for n in os.listdir(folder) if n != name)


# ---------------------------------------------------------------------------------------------
# modes and owners


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_the_mode_of_a_new_file(seed, tmp_path, write, umask, mask):
    umask(mask)
    path = tmp_path / "new.out"
    write(seed, path)
    assert mode(path) == 0o666 & ~mask
    assert beside(tmp_path, "new.out") == []


@pytest.mark.parametrize("old_mode", [0o600, 0o640, 0o664, 0o604])
def test_writing_over_a_file_keeps_its_mode(seed, tmp_path, write, umask, old_mode):
    umask(0o022)
    path = tmp_path / "old.out"
    path.write_bytes(b"old")
    os.chmod(path, old_mode)
    write(seed, path)
    assert path.read_bytes() != b"old"
    assert mode(path) == old_mode


@as_root
def test_writing_over_a_file_keeps_its_owner_and_group(seed, tmp_path, write):
    path = tmp_path / "theirs.out"
    path.write_bytes(b"old")
    os.chown(path, 4321, 4322)
    os.chmod(path, 0o640)
    write(seed, path)
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, mode(path)) == (4321, 4322, 0o640)
    assert path.read_bytes() != b"old"


# ---------------------------------------------------------------------------------------------
# targets: links are followed, pipes, folders and read-only files refused


def test_a_symbolic_link_is_followed_and_stays(seed, tmp_path, write):
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "real.out"
    real.write_bytes(b"old")
    link = tmp_path / "current.out"
    link.symlink_to("data/real.out")  # relative, as `ln -s` makes them
    chain = tmp_path / "chain.out"
    chain.symlink_to(link)  # a link to the link
    write(seed, chain)
    assert chain.is_symlink() and os.readlink(chain) == str(link)
    assert link.is_symlink() and os.readlink(link) == "data/real.out"
    assert real.read_bytes() != b"old"
    assert sorted(os.listdir(tmp_path)) == ["chain.out", "current.out", "data"]
    assert os.listdir(tmp_path / "data") == ["real.out"]
    # a link to a file not there yet: the file is made where it points
    dangling = tmp_path / "next.out"
    dangling.symlink_to("data/next.out")
    write(seed, dangling)
    made = tmp_path / "data" / "next.out"
    assert dangling.is_symlink() and not made.is_symlink() and made.read_bytes()[:2] == real.read_bytes()[:2]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_text("keep")


def _read_only(path: Path) -> None:
    path.write_bytes(b"keep")
    os.chmod(path, 0o444)


def _shown(path: Path):
    """What a target is, to show it untouched: its kind, mode and content."""
    st = os.lstat(path)
    if stat.S_ISDIR(st.st_mode):
        content = sorted((p.name, p.read_bytes()) for p in path.iterdir())
    elif stat.S_ISREG(st.st_mode):
        content = path.read_bytes()
    else:
        content = None
    return stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_ino, content


@pytest.mark.parametrize("make, what", [(_fifo, "a pipe"), (_folder, "a folder"), (_read_only, "read-only")],
                         ids=["fifo", "folder", "read-only"])
def test_a_target_that_is_not_a_writable_file_is_refused_untouched(seed, tmp_path, write, make, what):
    target = tmp_path / "target.out"
    make(target)
    before = _shown(target)
    with pytest.raises(sh.FileError) as e:
        write(seed, target)
    assert e.value.reason == "io"
    assert isinstance(e.value, OSError)
    assert str(target) in str(e.value) and what in str(e.value)
    assert _shown(target) == before
    assert beside(tmp_path, "target.out") == []


# ---------------------------------------------------------------------------------------------
# a save killed in the middle: the temporary is its owner's alone, and the next save removes it

# Saves a large registry to a new file over and over (removing it after each save), so that the
# parent can catch a save between creating its temporary and renaming it.
SAVING_CHILD = textwrap.dedent("""
    import os, sys
    import shanhai as sh

    folder, mask = sys.argv[1], int(sys.argv[2], 8)
    os.umask(mask)
    reg = sh.datasets.synthetic(households=100_000, flows=30_000, seed=5)
    path = os.path.join(folder, "new.shanhai")
    print("ready", flush=True)
    while True:
        reg.save(path)
        os.unlink(path)
""")


def caught_in_a_save(folder: Path, mask: int) -> tuple[subprocess.Popen, Path]:
    """A child stopped (SIGSTOP) while its save of a new file is under way, and its temporary."""
    proc = subprocess.Popen([sys.executable, "-c", SAVING_CHILD, str(folder), oct(mask)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the saving child ended: {proc.stderr.read()}")
        temps = [n for n in os.listdir(folder) if n.startswith(".new.shanhai.tmp-")]
        if not temps:
            continue
        proc.send_signal(signal.SIGSTOP)
        temp = folder / temps[0]
        if temp.exists() and temp.stat().st_size > 0:  # caught with data in it
            return proc, temp
        proc.send_signal(signal.SIGCONT)


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_a_killed_save_of_a_new_file_leaves_nothing_others_can_read(tmp_path, umask, mask):
    folder = tmp_path.resolve()
    proc, temp = caught_in_a_save(folder, mask)
    try:
        assert mode(temp) == 0o600, oct(mode(temp))  # while it is written
        assert os.stat(temp).st_uid == os.geteuid()
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    leftovers = beside(folder, "new.shanhai")
    assert leftovers == [temp.name] and mode(temp) == 0o600 and temp.stat().st_size > 0
    assert not (folder / "new.shanhai").exists()
    # the next save of that path removes it
    umask(mask)
    reg = sh.datasets.siming_linxia_2018()
    reg.save(folder / "new.shanhai")
    assert os.listdir(folder) == ["new.shanhai"]
    assert mode(folder / "new.shanhai") == 0o666 & ~mask
    assert sh.load(folder / "new.shanhai").to_bytes() == reg.to_bytes()


def test_a_temporary_in_use_is_not_removed(tmp_path):
    """Another save of the same path under way keeps its temporary: only a dead writer's goes."""
    folder = tmp_path.resolve()
    proc, temp = caught_in_a_save(folder, 0o022)
    try:
        sh.datasets.siming_linxia_2018().save(folder / "new.shanhai")
        assert temp.exists()  # the stopped save still holds it
        proc.send_signal(signal.SIGCONT)
    finally:
        proc.kill()
        proc.communicate(timeout=30)


# ---------------------------------------------------------------------------------------------
# loading: a regular file, its envelope first; anything else only as a stream

# Calls argv[1] (an expression, such as sh.load) on the path argv[2] and says how it went: the
# error, the seconds it took, and the most memory it held above what the process held before,
# in MiB. The peak is the kernel's high-water mark of the resident set, VmHWM: getrusage's
# ru_maxrss would carry over the peak of the process that started this one (Linux keeps it
# across exec).
MEASURED_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    import shanhai as sh

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a runaway read fails, never the machine
    call = eval(sys.argv[1])

    def status(key):
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith(key + ":")) / 1024

    before = status("VmRSS")
    started = time.monotonic()
    try:
        call(sys.argv[2])
        error = None
    except Exception as e:
        error = {"type": type(e).__name__, "reason": getattr(e, "reason", None), "message": str(e)}
    seconds = time.monotonic() - started
    print(json.dumps({"error": error, "seconds": seconds, "mib": status("VmHWM") - before}))
""")


def measured(call: str, path: Path, timeout: float = 60) -> dict:
    """`call`(path) in a child process: {"error": {type, reason, message} or None, "seconds", "mib"}."""
    try:
        proc = subprocess.run([sys.executable, "-c", MEASURED_CHILD, call, str(path)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{call}({path}) did not return within {timeout} s")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _sparse(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(1 << 30)  # a GiB that is not a shanhai file


@pytest.mark.parametrize("make", [_fifo, "/dev/zero", "/dev/urandom", _sparse], ids=["fifo", "dev-zero", "dev-urandom",
                                                                                     "big-file"])
def test_loading_what_is_not_a_saved_file_is_refused_at_once(tmp_path, make):
    """The limits of the contract: refused within 2 s, and within 64 MiB."""
    if isinstance(make, str):
        path = Path(make)
    else:
        path = tmp_path / "odd"
        make(path)
    result = measured("sh.load", path, timeout=30)
    error = result["error"]
    assert error is not None
    if make is _sparse:
        assert (error["type"], error["reason"]) == ("FormatError", "bad_format"), error
        assert "wrong magic" in error["message"]
    else:
        assert (error["type"], error["reason"]) == ("FileError", "io"), error
        assert "not a regular file" in error["message"] and str(path) in error["message"]
    assert result["seconds"] < 2, result
    assert result["mib"] < 64, result


def test_a_pipe_loads_as_a_stream(seed, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    data = seed.to_bytes("text")
    writer = threading.Thread(target=lambda: fifo.write_bytes(data))
    writer.start()
    with open(fifo, "rb") as stream:
        back = sh.load(stream)
    writer.join()
    assert back.to_bytes("text") == data


@pytest.mark.parametrize("fmt", ["binary", "text", "xml"])
def test_streams_load_and_are_checked_as_files_are(seed, fmt):
    data = seed.to_bytes(fmt)
    assert sh.load(io.BytesIO(data)).to_bytes(fmt) == data
    for damaged, words in [(data[:-1], "truncated"), (data + b"\0", "trailing"), (data[:20], "envelope"),
                           (b"", "envelope"), (b"x" * 100, "magic")]:
        with pytest.raises(sh.FormatError, match=words) as e:
            sh.load(io.BytesIO(damaged))
        assert str(e.value).startswith("the stream is not a loadable shanhai file")
    with pytest.raises(sh.ValidationError) as e:
        sh.load(io.StringIO("text"))
    assert e.value.reason == "wrong_type" and "'rb'" in str(e.value)


def test_a_stream_that_fails_is_a_file_error():
    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def read(self, size=-1):
            raise OSError(5, "Input/output error")

    with pytest.raises(sh.FileError, match="cannot read the stream") as e:
        sh.load(Broken())
    assert e.value.reason == "io"


def test_a_huge_length_in_a_stream_is_not_trusted(seed):
    """The envelope says 2**62 bytes follow: nothing of that size is reserved, the stream ends."""
    import struct

    from test_files import ENVELOPE, crc32c

    head = bytearray(seed.to_bytes()[:ENVELOPE])
    head[24:32] = struct.pack("<Q", 1 << 62)
    head[36:40] = struct.pack("<I", crc32c(bytes(head[:36])))
    with pytest.raises(sh.FormatError, match="truncated"):
        sh.load(io.BytesIO(bytes(head) + b"\0" * 1000))


# ---------------------------------------------------------------------------------------------
# to_csv: a folder swapped in whole

def test_to_csv_over_a_folder_keeps_its_modes_and_owners(seed, tmp_path, umask):
    umask(0o022)
    folder = seed.to_csv(tmp_path / "export")
    assert mode(folder) == 0o755 and mode(folder / "flows.csv") == 0o644
    os.chmod(folder, 0o750)
    os.chmod(folder / "flows.csv", 0o600)
    if os.geteuid() == 0:
        os.chown(folder, 4321, 4322)
        os.chown(folder / "partners.csv", 4321, 4322)
    seed.add_partner("新单位")
    seed.to_csv(folder, personal="show")  # the whole registry, to read back
    assert mode(folder) == 0o750 and mode(folder / "flows.csv") == 0o600 and mode(folder / "partners.csv") == 0o644
    if os.geteuid() == 0:
        assert (os.stat(folder).st_uid, os.stat(folder).st_gid) == (4321, 4322)
        assert (os.stat(folder / "partners.csv").st_uid, os.stat(folder / "partners.csv").st_gid) == (4321, 4322)
        assert os.stat(folder / "flows.csv").st_uid == 0
    assert sh.read_csv(folder).to_bytes() == seed.to_bytes()
    assert os.listdir(tmp_path) == ["export"]


def test_to_csv_follows_a_link_to_its_folder(seed, tmp_path):
    real = seed.to_csv(tmp_path / "real")
    link = tmp_path / "latest"
    link.symlink_to("real")
    seed.add_partner("新单位")
    seed.to_csv(str(link) + "/", personal="show")  # the whole registry, to read back
    assert link.is_symlink() and os.readlink(link) == "real"
    assert sh.read_csv(real).to_bytes() == seed.to_bytes()
    assert sorted(os.listdir(tmp_path)) == ["latest", "real"]


@pytest.mark.parametrize("case", ["stranger", "file", "read-only file"])
def test_to_csv_refuses_a_folder_it_would_lose_something_of(seed, tmp_path, case):
    folder = seed.to_csv(tmp_path / "export")
    if case == "stranger":
        (folder / "README.txt").write_text("mine")
        words = "README.txt"
    elif case == "file":
        folder = tmp_path / "a file"
        folder.write_text("mine")
        words = "not a folder"
    else:
        os.chmod(folder / "flows.csv", 0o444)
        words = "read-only"
    before, listing = _shown(folder), sorted(os.listdir(tmp_path))
    seed.add_partner("新单位")
    with pytest.raises(sh.FileError, match=words) as e:
        seed.to_csv(folder)
    assert e.value.reason == "io"
    assert _shown(folder) == before
    assert sorted(os.listdir(tmp_path)) == listing


@pytest.mark.parametrize("mask", [0o022, 0o002])
def test_a_new_file_holding_personal_data_is_its_owners_alone(seed, tmp_path, umask, mask):
    """A registry file holding identifiers or sensitive detail, and an export written with
    personal="show" or "pseudonymise", are created 0600 (a folder 0700); a masked export gets the
    mode of a new file; a file written over keeps its mode."""
    umask(mask)
    seed.save(tmp_path / "plain.shanhai")  # the seed holds no identifier: the mode of a new file
    assert mode(tmp_path / "plain.shanhai") == 0o666 & ~mask
    seed.add_person(seed.households[0], relation="head", birth_year=1970, name="马某某")  # synthetic
    seed.save(tmp_path / "personal.shanhai")
    assert mode(tmp_path / "personal.shanhai") == 0o600
    seed.to_excel(tmp_path / "masked.xlsx")
    assert mode(tmp_path / "masked.xlsx") == 0o666 & ~mask
    seed.to_excel(tmp_path / "shown.xlsx", personal="show")
    assert mode(tmp_path / "shown.xlsx") == 0o600
    seed.to_excel(tmp_path / "pseudonymised.xlsx", personal="pseudonymise", key=b"recipient A: 0123456789abcdef")
    assert mode(tmp_path / "pseudonymised.xlsx") == 0o600
    seed.to_csv(tmp_path / "csv", personal="show")
    assert mode(tmp_path / "csv") == 0o700 and {mode(p) for p in (tmp_path / "csv").iterdir()} == {0o600}
    seed.to_csv(tmp_path / "masked_csv")
    assert mode(tmp_path / "masked_csv") == 0o777 & ~mask
    _to_iati(seed, tmp_path / "masked.xml")
    assert mode(tmp_path / "masked.xml") == 0o666 & ~mask
    seed.to_iati(tmp_path / "shown.xml", reporting_org=seed.partners[0], as_of="2019-01-20", personal="show",
                 generated=datetime.datetime(2019, 1, 20))
    assert mode(tmp_path / "shown.xml") == 0o600
    over = tmp_path / "over.shanhai"
    over.write_bytes(b"")
    os.chmod(over, 0o644)
    seed.save(over)
    assert mode(over) == 0o644  # a file written over keeps its mode
