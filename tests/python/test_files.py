"""Files and pickle: round trips, and every damaged, forged or foreign file refused with a reason."""

from __future__ import annotations

import copy
import os
import pickle
import stat
import struct
import threading

import pytest

import shanhai as sh

FORMATS = ("binary", "text", "xml")
ENVELOPE = 40  # magic 8 | version 4 | kind 1 | platform 4 | reserved 7 | length 8 | crc 4 | crc 4


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as the envelope uses."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def reseal(header: bytes, payload: bytes) -> bytes:
    """An envelope with correct length and checksums around `payload`, keeping the header's other fields."""
    head = bytearray(header[:24])
    head += struct.pack("<QI", len(payload), crc32c(payload))
    head += struct.pack("<I", crc32c(bytes(head)))
    return bytes(head) + payload


def report_values(reg):
    return dict(reg.report(year=2018))


# ---------------------------------------------------------------------------------------------
# round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_save_load_round_trip(seed, tmp_path, fmt):
    path = tmp_path / f"seed.{fmt}"
    seed.save(str(path), format=fmt)
    loaded = sh.load(str(path))
    assert report_values(loaded) == report_values(seed)
    for f in FORMATS:
        assert loaded.to_bytes(f) == seed.to_bytes(f)
    assert path.read_bytes() == seed.to_bytes(fmt)
    assert os.listdir(tmp_path) == [path.name]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_written_in_pieces_holds_the_bytes_of_to_bytes(tmp_path, fmt):
    """A save writes its payload a few megabytes at a time and its envelope last: a file of
    several pieces holds exactly to_bytes, its checksum taken over all of them."""
    reg = sh.datasets.synthetic(households=260_000, flows=80_000, seed=3)
    data = reg.to_bytes(fmt)
    assert len(data) > 9 * 2**20  # more than one piece of 8 MiB
    path = tmp_path / "big.shanhai"
    reg.save(str(path), format=fmt)
    assert path.read_bytes() == data
    assert sh.load(str(path)).to_bytes(fmt) == data


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_example(pair, tmp_path, fmt):
    path = tmp_path / "pair.shanhai"
    pair.reg.save(str(path), format=fmt)
    loaded = sh.load(str(path))
    assert loaded.to_bytes("text") == pair.reg.to_bytes("text")
    w = loaded.wishes[0]
    assert (w.state, w.claimed, w.closed) == ("fulfilled", "2018-12-28", "2019-01-10")
    assert loaded.flows[1].link == "part"
    assert loaded.household("622901100201000001").members == 4
    # a loaded registry keeps its rules: the household number is still taken
    with pytest.raises(sh.ValidationError):
        loaded.add_household("622901100201000001", village=loaded.partners[3])


@pytest.mark.parametrize("fmt", FORMATS)
def test_from_bytes_round_trip(seed, fmt):
    data = seed.to_bytes(fmt)
    assert sh.from_bytes(data).to_bytes(fmt) == data
    assert data[:8] == b"SHANHAI\x1a"


def test_save_default_format_is_binary(seed, tmp_path):
    path = tmp_path / "seed.shanhai"
    seed.save(str(path))
    assert path.read_bytes() == seed.to_bytes("binary")


def test_empty_registry_round_trip(tmp_path):
    path = tmp_path / "empty.shanhai"
    sh.Registry().save(str(path), format="text")
    assert repr(sh.load(str(path))) == "Registry()"


def test_to_bytes_is_deterministic(seed):
    assert seed.to_bytes("text") == sh.datasets.siming_linxia_2018().to_bytes("text")


def test_pickle_round_trip(seed):
    data = pickle.dumps(seed)
    back = pickle.loads(data)
    assert back.to_bytes() == seed.to_bytes()
    assert report_values(back) == report_values(seed)
    # the copy is independent of the original
    back.add_partner("新伙伴")
    assert len(back.partners) == len(seed.partners) + 1


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_protocols(pair, protocol):
    assert pickle.loads(pickle.dumps(pair.reg, protocol=protocol)).to_bytes() == pair.reg.to_bytes()


def test_deepcopy_and_copy(seed):
    for dup in (copy.deepcopy(seed), copy.copy(seed)):
        assert dup.to_bytes() == seed.to_bytes()
        dup.add_partner("新伙伴")
        assert len(dup.partners) == len(seed.partners) + 1


def test_pickle_state_carries_a_version(seed):
    state = seed.__getstate__()
    assert state[0] == 1
    assert bytes(state[1]) == seed.to_bytes()


def _blank_registry():
    return sh.Registry.__new__(sh.Registry)


class _Forged:
    """Pickles as a registry with the given state, through the ordinary __setstate__ path."""

    def __init__(self, reg, state):
        self.reg, self.state = reg, state

    def __reduce__(self):
        return _blank_registry, (), self.state


def test_forged_pickle_with_a_good_state_loads(pair):
    back = pickle.loads(pickle.dumps(_Forged(pair.reg, pair.reg.__getstate__())))
    assert back.to_bytes() == pair.reg.to_bytes()


def test_pickle_of_a_newer_version_is_refused(pair):
    data = pickle.dumps(_Forged(pair.reg, (2, pair.reg.to_bytes())))
    with pytest.raises(sh.FormatError) as e:
        pickle.loads(data)
    assert isinstance(e.value, ValueError)
    assert "version 2" in str(e.value)


@pytest.mark.parametrize("state", [(0, b""), (1, b"not a file"), ("1", b""), (1,)])
def test_pickle_of_a_bad_state_is_refused(pair, state):
    data = pickle.dumps(_Forged(pair.reg, state))
    with pytest.raises(sh.FormatError):
        pickle.loads(data)


# ---------------------------------------------------------------------------------------------
# files that are not there, or not ours


def test_load_missing_file(tmp_path):
    path = tmp_path / "missing.shanhai"
    with pytest.raises(sh.FileError) as e:
        sh.load(str(path))
    assert isinstance(e.value, OSError)
    assert isinstance(e.value, sh.Error)
    assert str(path) in str(e.value)


def test_load_a_folder(tmp_path):
    with pytest.raises(sh.FileError) as e:  # a folder is not a file that can be read
        sh.load(str(tmp_path))
    assert isinstance(e.value, OSError)
    assert str(tmp_path) in str(e.value)


def test_load_from_a_pipe(seed, tmp_path):
    # a pipe's path is refused at once (it might never end, or never start); the pipe opened as
    # a stream is read as far as its envelope says
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(sh.FileError, match="not a regular file") as e:
        sh.load(str(fifo))
    assert e.value.reason == "io"
    data = seed.to_bytes()
    writer = threading.Thread(target=lambda: fifo.write_bytes(data))
    writer.start()
    with open(fifo, "rb") as stream:
        back = sh.load(stream)
    writer.join()
    assert back.to_bytes() == data


@pytest.fixture
def saved(seed, tmp_path):
    path = tmp_path / "seed.shanhai"
    seed.save(str(path))
    return path


def refused(path, data, *words):
    path.write_bytes(data)
    with pytest.raises(sh.FormatError) as e:
        sh.load(str(path))
    assert isinstance(e.value, ValueError)
    assert str(path) in str(e.value)
    for w in words:
        assert w in str(e.value)
    with pytest.raises(sh.FormatError):
        sh.from_bytes(data)


def test_truncated_file(saved):
    data = saved.read_bytes()
    refused(saved, data[:-1], "truncated")
    refused(saved, data[: len(data) // 2], "truncated")
    refused(saved, data[:ENVELOPE])
    refused(saved, data[:ENVELOPE - 1], "envelope")
    refused(saved, b"")


def test_trailing_bytes(saved):
    refused(saved, saved.read_bytes() + b"\0", "trailing")


@pytest.mark.parametrize("where", [0, 1, 0.5, -1])
def test_one_flipped_byte_in_the_payload(saved, where):
    data = bytearray(saved.read_bytes())
    at = ENVELOPE + int(where * (len(data) - ENVELOPE - 1)) if isinstance(where, float) else (
        ENVELOPE + where if where >= 0 else len(data) + where)
    data[at] ^= 0x01
    refused(saved, bytes(data), "damaged")


@pytest.mark.parametrize("at", [8, 12, 13, 20, 24, 32, 36])
def test_one_flipped_byte_in_the_envelope(saved, at):
    data = bytearray(saved.read_bytes())
    data[at] ^= 0x01
    refused(saved, bytes(data))


def test_wrong_magic(saved):
    data = bytearray(saved.read_bytes())
    data[0:8] = b"NOTMINE\x1a"
    refused(saved, bytes(data), "magic")


def test_random_bytes(tmp_path):
    import random

    rng = random.Random(2018)
    path = tmp_path / "random.shanhai"
    for size in (0, 7, 40, 41, 1000, 100_000):
        refused(path, bytes(rng.getrandbits(8) for _ in range(size)))


def test_text_that_is_not_ours(tmp_path):
    refused(tmp_path / "a.txt", "这不是山海文件\n".encode() * 20)


# ---------------------------------------------------------------------------------------------
# forged files: a correct envelope around content that is not valid


def test_reseal_reproduces_a_real_file(seed):
    data = seed.to_bytes("text")
    assert reseal(data[:ENVELOPE], data[ENVELOPE:]) == data


def test_newer_format_version(seed, tmp_path):
    data = bytearray(seed.to_bytes("text"))
    data[8:12] = struct.pack("<I", sh.FORMAT_VERSION + 1)
    refused(tmp_path / "new.shanhai", reseal(bytes(data[:ENVELOPE]), bytes(data[ENVELOPE:])), "version")


def test_binary_file_from_another_platform(seed, tmp_path):
    data = bytearray(seed.to_bytes("binary"))
    data[14] = 2 if data[14] != 2 else 4  # another sizeof(int)
    refused(tmp_path / "foreign.shanhai", reseal(bytes(data[:ENVELOPE]), bytes(data[ENVELOPE:])), "platform")


def test_text_file_from_another_platform_loads(seed):
    data = bytearray(seed.to_bytes("text"))
    data[14] = 2 if data[14] != 2 else 4  # text is portable: the platform bytes do not matter
    forged = reseal(bytes(data[:ENVELOPE]), bytes(data[ENVELOPE:]))
    assert sh.from_bytes(forged).to_bytes("text") == seed.to_bytes("text")


def test_unknown_archive_kind(seed, tmp_path):
    data = bytearray(seed.to_bytes("text"))
    data[12] = 9
    refused(tmp_path / "kind.shanhai", reseal(bytes(data[:ENVELOPE]), bytes(data[ENVELOPE:])))


def test_payload_of_another_kind(seed, tmp_path):
    # an envelope that says binary around a text archive
    text = seed.to_bytes("text")
    binary = seed.to_bytes("binary")
    refused(tmp_path / "mixed.shanhai", reseal(binary[:ENVELOPE], text[ENVELOPE:]))


def forge_text(reg, old: bytes, new: bytes) -> bytes:
    data = reg.to_bytes("text")
    payload = data[ENVELOPE:]
    assert payload.count(old) == 1, old
    return reseal(data[:ENVELOPE], payload.replace(old, new))


def test_huge_length_in_the_archive_is_not_trusted(tmp_path):
    reg = sh.Registry()
    reg.add_partner("甲" * 7)  # a name of 21 bytes
    forged = forge_text(reg, b" 21 ", b" 9223372036854775807 ")
    refused(tmp_path / "huge.shanhai", forged)


def test_child_exceeding_its_parent_in_a_file(tmp_path):
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    root = reg.add_flow(east, west, "100万", date="2018")
    reg.add_flow(east, west, "34万", date="2018", parent=root)
    # the 34万 (34,000,000 fen) becomes 340万: more than its parent holds
    refused(tmp_path / "exceeds.shanhai", forge_text(reg, b" 34000000 ", b" 340000000 "), "invalid")


def test_duplicate_household_number_in_a_file(tmp_path):
    reg = sh.Registry()
    village = reg.add_partner("王坪村", kind="village")
    reg.add_household("111111111111111111", village=village)
    reg.add_household("222222222222222222", village=village)
    refused(tmp_path / "dup.shanhai", forge_text(reg, b"222222222222222222", b"111111111111111111"), "household")


@pytest.mark.parametrize("kind", [b"19", b"99", b"255"])
def test_out_of_range_enum_in_a_file(tmp_path, kind):
    reg = sh.Registry()
    reg.add_partner("王坪村", kind="cooperative")  # partner kind 16
    data = reg.to_bytes("text")
    payload = data[ENVELOPE:]
    head, tail = payload.split("王坪村".encode())
    # the kind column follows the name column: a vector of one value, 16
    assert tail.startswith(b" 0 0 1 0 16 "), tail[:40]
    forged = reseal(data[:ENVELOPE], head + "王坪村".encode() + tail.replace(b" 16 ", b" " + kind + b" ", 1))
    refused(tmp_path / "enum.shanhai", forged)


def test_invalid_date_in_a_file(tmp_path):
    reg = sh.Registry()
    east = reg.add_partner("思明区", kind="district", side="east")
    west = reg.add_partner("临夏市", kind="county", side="west")
    reg.add_flow(east, west, "1万", date="2018-05-03")
    refused(tmp_path / "date.shanhai", forge_text(reg, b" 20180503 ", b" 20181303 "))  # month 13


# ---------------------------------------------------------------------------------------------
# saving


@pytest.mark.parametrize("fmt", ["pdf", "", "BINARY", "json"])
def test_unknown_format(pair, tmp_path, fmt):
    path = tmp_path / "pair.shanhai"
    with pytest.raises(sh.ValidationError) as e:
        pair.reg.save(str(path), format=fmt)
    assert f"'{fmt}'" in str(e.value)
    assert os.listdir(tmp_path) == []
    with pytest.raises(sh.ValidationError):
        pair.reg.to_bytes(fmt)


def test_save_replaces_atomically(seed, pair, tmp_path):
    path = tmp_path / "reg.shanhai"
    pair.reg.save(str(path))
    seed.save(str(path), format="text")
    assert path.read_bytes() == seed.to_bytes("text")
    assert os.listdir(tmp_path) == ["reg.shanhai"]  # no temporary file left beside it
    pair.reg.save(str(path), format="xml")
    assert sh.load(str(path)).to_bytes("text") == pair.reg.to_bytes("text")
    assert os.listdir(tmp_path) == ["reg.shanhai"]


def test_save_keeps_the_mode_of_the_file_it_replaces(pair, tmp_path):
    path = tmp_path / "reg.shanhai"
    pair.reg.save(str(path))
    os.chmod(path, 0o600)
    pair.reg.save(str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_failed_save_leaves_nothing_behind(pair, tmp_path):
    target = tmp_path / "occupied"
    target.mkdir()
    (target / "inside").write_text("keep")
    with pytest.raises(sh.FileError) as e:
        pair.reg.save(str(target))  # a folder cannot be replaced by a file
    assert isinstance(e.value, OSError)
    assert str(target) in str(e.value)
    assert sorted(os.listdir(tmp_path)) == ["occupied"]
    assert (target / "inside").read_text() == "keep"


def test_save_into_a_missing_folder(pair, tmp_path):
    path = tmp_path / "no" / "such" / "folder.shanhai"
    with pytest.raises(sh.FileError) as e:
        pair.reg.save(str(path))
    assert str(path) in str(e.value)


def test_many_saves_leave_one_file(pair, tmp_path):
    path = tmp_path / "reg.shanhai"
    for fmt in FORMATS * 3:
        pair.reg.save(str(path), format=fmt)
    assert os.listdir(tmp_path) == ["reg.shanhai"]
    assert sh.load(str(path)).to_bytes() == pair.reg.to_bytes()


def test_relative_path(pair, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pair.reg.save("pair.shanhai")
    assert sh.load("pair.shanhai").to_bytes() == pair.reg.to_bytes()
    assert os.listdir(".") == ["pair.shanhai"]


def test_pathlike_paths(pair, tmp_path):
    path = tmp_path / "pair.shanhai"
    pair.reg.save(path)
    assert sh.load(path).to_bytes() == pair.reg.to_bytes()
