"""Golden files: every file-format version ever written still loads to the same report, and no
truncated or damaged file ever loads silently."""

import json
import pathlib
import random
import struct

import pytest

import shanhai as sh

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
GOLDEN = sorted(DATA.glob("v*/*.shanhai"))


def crc32c(data: bytes, crc: int = 0) -> int:
    """CRC-32C written from its definition, independently of the library's."""
    table = crc32c.table
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF]
    return crc ^ 0xFFFFFFFF


crc32c.table = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    crc32c.table.append(c)


def reseal(data: bytes) -> bytes:
    """The envelope recomputed for a (damaged) payload: a forged but well-formed file."""
    head, payload = bytearray(data[:40]), data[40:]
    head[24:32] = struct.pack("<Q", len(payload))
    head[32:36] = struct.pack("<I", crc32c(payload))
    head[36:40] = struct.pack("<I", crc32c(bytes(head[:36])))
    return bytes(head) + payload


def test_there_is_a_golden_file_for_every_version_and_kind():
    versions = {p.parent.name for p in GOLDEN}
    assert versions == {f"v{v}" for v in range(1, sh.FORMAT_VERSION + 1)}
    for v in versions:
        assert {p.name.split(".")[1] for p in GOLDEN if p.parent.name == v} == {"binary", "text", "xml"}


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_file_loads_to_the_same_report(path):
    reg = sh.load(path)
    stored = json.loads((path.parent / "siming_linxia_2018.report.json").read_text(encoding="utf-8"))
    rep = reg.report(year=2018)
    now = json.loads(rep.to_json())
    # the figures, not the labels (labels may be reworded; figures of old files may not change,
    # later versions may add indicators beside them). A zero nothing fed now reads as not
    # reported (None); investment brought in moved beside the funds, out of them.
    values = lambda doc: {i["key"]: i["value"] for i in doc["indicators"]}  # noqa: E731
    then, current = values(stored), values(now)
    moved = {"funds.investment": "industry.investment"}
    # industry.projects counted agriculture and industry projects only; it now counts every sector
    if "industry.projects.agriculture" not in then:  # a report from before the sectors were counted apart
        current["industry.projects"] = sum(current[f"industry.projects.{s}"] or 0 for s in ("agriculture", "industry"))
    # reach.households counted households named by benefits and flows only; it now counts those
    # named by family pairings too (the seed's 8 families: test_seed), so it is checked there
    then.pop("reach.households")
    # a labour breakdown of one status to one destination read as nothing of that destination (not
    # reported); it now gives it as a lower bound ("82 poor workers went to the partner": at least 82)
    for key in [k for k, v in then.items() if v is None and k.startswith("labour.") and rep.qualifier(k) == "at_least"]:
        then.pop(key)
    for key, figure in then.items():
        got = current[moved.get(key, key)]
        assert got == figure or (got is None and figure in (0, {"fen": 0, "wan": "0"})), key
    # the flows' notes, free text that may name people, are withheld in a report since version 7
    # (a shared copy holds none: share() drops free text)
    withheld = lambda r: dict(r, note="" if reg.sharing else "[withheld]") if r.get("note") else r  # noqa: E731
    assert now["reported"] == [withheld(r) for r in stored["reported"]]
    if path.parent.name == f"v{sh.FORMAT_VERSION}":  # the current version writes the same bytes again
        assert reg.to_bytes(path.name.split(".")[1]) == path.read_bytes()


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_truncation_is_refused(path):
    data = path.read_bytes()
    for cut in range(len(data)):
        with pytest.raises(sh.FormatError):
            sh.from_bytes(data[:cut])
    with pytest.raises(sh.FormatError, match="trailing"):
        sh.from_bytes(data + b"\n")


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_random_damage_is_refused(path):
    data = path.read_bytes()
    rng = random.Random(path.name)
    for _ in range(2000):
        damaged = bytearray(data)
        for _ in range(rng.choice([1, 1, 2, 8])):
            damaged[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        if bytes(damaged) == data:
            continue
        with pytest.raises(sh.FormatError):
            sh.from_bytes(bytes(damaged))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_forged_files_load_valid_or_are_refused(path):
    """With the checksums forged to match, damage reaches the archive reader: it must either
    refuse the file or return a registry that holds everything insertion would accept."""
    data = path.read_bytes()
    rng = random.Random(path.name + "forged")
    refused = 0
    for _ in range(300):
        damaged = bytearray(data)
        at = rng.randrange(40, len(data))
        damaged[at] = rng.randrange(256)
        try:
            reg = sh.from_bytes(reseal(bytes(damaged)))
        except sh.FormatError:
            refused += 1
            continue
        again = sh.from_bytes(reg.to_bytes("text"))  # what loaded passes validation again
        assert again.to_bytes("text") == reg.to_bytes("text")
    assert refused > 0
