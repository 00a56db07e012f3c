"""Partitions by region: a registry cut into parts whose totals, reports and traces add up, exactly,
to those of the whole (the rules are in include/shanhai/partition.hpp and docs/performance.md).

    parts = reg.partition(8, by="county")
    whole = sum((p.totals(by=["source", "kind"]) for p in parts), sh.Totals.empty(["source", "kind"]))
    assert whole == reg.totals(by=["source", "kind"])

Every part holds every partner under the same id; its other rows keep the ids of the whole in
``part.ids`` (per table, increasing), and a part's results name rows by ``Ref`` (kind and id in
the whole), so they merge across parts, pickle, and compare with the results of the whole.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._errors import FileError, FormatError, NotFoundError, ValidationError, expect, wrong_type
from ._results import Ref, Report, Totals, Trace, stable

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._core import Flow, Household, Partner, Project, Stage, _Field, _FlowKinds, _PathLike, _Sectors, _StageName
    from ._registry import Registry

_STATE_VERSION = 1
_NODE_TABLES = {"project": "projects", "household": "households", "flow": "flows"}


class Partition:
    """One part of a registry cut by region (``Registry.partition``).

    ``registry`` holds every partner (under the ids of the whole) and this part's rows; ``ids``
    gives, per table, the id each of its rows has in the whole; ``regions`` are the region
    partners whose rows it holds. A household reached by another part's project finds, for its
    benefit to name, a placeholder of the project at the end of ``projects`` (no sector, place,
    dates or outputs, so nothing counts it; ``placeholders`` says how many). ``totals``,
    ``report`` and ``trace`` take the same arguments as the registry's, with partners, Refs or
    handles of the whole registry, and return results keyed by ``Ref`` that add up over the parts
    to the results of the whole. Pickles (for workers); ``save`` and ``load`` use files.
    """

    def __init__(self, registry: Registry, ids: Mapping[str, Any], regions: Iterable[int], index: int, count: int,
                 by: str, placeholders: Mapping[str, int] | None = None) -> None:
        self.registry = registry
        self.ids = {name: _read_only(np.asarray(a, dtype=np.uint32)) for name, a in ids.items()}
        self.placeholders = {name: int((placeholders or {}).get(name, 0)) for name in self.ids}
        self.regions = [registry.partners[r] for r in regions]
        self.index, self.count, self.by = index, count, by

    def __repr__(self) -> str:
        return (f"<Partition {self.index + 1}/{self.count} by {self.by}: {len(self.regions)} regions, "
                f"{len(self.registry.flows):,} flows, {len(self.registry.households):,} households>")

    # ---- names: this part's handles <-> the whole's ids

    def ref(self, handle: Partner | Project | Household | Flow) -> Ref:
        """The stable name (kind, id in the whole) of a handle of this part's registry."""
        r = stable(handle)
        if not isinstance(r, Ref):
            raise wrong_type("handle", f"partition: expected a partner, project, household or flow, got {handle!r}")
        return r if r.kind == "partner" else Ref(r.kind, int(self.ids[_NODE_TABLES[r.kind]][r.id]))

    def local(self, node: Partner | Project | Household | Flow | Ref | None, field: str = "node") -> Any:
        """This part's handle for a partner, project, household or flow of the whole (a handle of
        the whole registry or a Ref); None when the row lives in another part. ``field``: the
        parameter its errors name."""
        if node is None:
            return None
        r = stable(node)
        if not isinstance(r, Ref):
            raise wrong_type(field, f"partition: expected a partner, project, household, flow or Ref, got {node!r}")
        if r.kind == "partner":
            if not 0 <= r.id < len(self.registry.partners):
                raise NotFoundError(f"partition: no partner with id {r.id}", table="partners", field=field,
                                    value=str(r.id), reason="not_found")
            return self.registry.partners[r.id]
        table = getattr(self.registry, _NODE_TABLES[r.kind])
        if not isinstance(node, Ref) and r.id < len(table) and table[r.id] == node:
            return node  # already a handle of this part
        ids = self.own(_NODE_TABLES[r.kind])
        at = int(np.searchsorted(ids, r.id))
        if at == len(ids) or ids[at] != r.id:
            return None
        return table[at]

    def own(self, table: str) -> NDArray[np.uint32]:
        """The ids in the whole of the rows this part holds of ``table`` (placeholders left out)."""
        expect(table, str, "table", f"partition own: expected a table name, got {table!r}")
        if table not in self.ids:
            raise NotFoundError(f"partition own: no table {table!r} (known: {', '.join(self.ids)})", field="table",
                                reason="not_found")
        ids = self.ids[table]
        return ids[: len(ids) - self.placeholders[table]]

    def _refs(self, value: Any) -> Any:
        return self.ref(value) if isinstance(stable(value), Ref) else value

    # ---- results, keyed by Ref

    def totals(self, by: _Field | Sequence[_Field] | None = None, *, year: int | None = None,
               source: Partner | Project | Household | Ref | None = None,
               target: Partner | Project | Household | Ref | None = None, kind: _FlowKinds = "aid",
               purpose: _Sectors = None, stage: Stage | _StageName | None = "disbursement",
               boundary: Partner | Ref | None = None, origin: Partner | Ref | None = None,
               currency: str | None = None) -> Totals:
        """This part's share of ``Registry.totals`` (same arguments), keyed by Ref."""
        empty = Totals.empty([] if by is None else by, self.registry.currency if currency is None else currency)
        if stage is None and "stage" not in empty.by:  # every stage: split by stage, as the registry's are
            zero = empty._reported
            empty = Totals(["stage", *empty.by], {}, zero, zero, zero, single=not empty.by, stages=True)
        nodes: dict[str, Any] = {}
        for name, node in (("source", source), ("target", target), ("boundary", boundary), ("origin", origin)):
            nodes[name] = self.local(node, name)
            if node is not None and nodes[name] is None:
                return empty  # the node's rows are all in another part: nothing here can match
        t = self.registry.totals(by, year=year, kind=kind, purpose=purpose, stage=stage, currency=currency, **nodes)
        groups = {key: money for key, money in zip(_keys(t, self._refs), t.values())}
        return Totals(t.by, groups, t._total, t._reported, t._unexplained, single=t._single, stages=t._stages)

    def report(self, year: int | None = None, east: Partner | Ref | None = None,
               west: Partner | Ref | None = None) -> Report:
        """This part's share of ``Registry.report`` (same arguments); reported flows as Refs."""
        rep = self.registry.report(year=year, east=self.local(east, "east"), west=self.local(west, "west"))
        out = rep.stable()  # the same indicators, ratios and targets, with no registry's handles
        out.reported = [self.ref(f) for f in rep.reported]
        return out

    def trace(self, source: Partner | Project | Household | Ref, *, stage: Stage | _StageName = "disbursement",
              kind: _FlowKinds = "aid") -> Trace:
        """This part's share of ``Registry.trace`` (same arguments), nodes as Refs."""
        here = self.local(source, "source")
        if here is None:
            return Trace.empty(stable(source))
        tr = self.registry.trace(here, stage=stage, kind=kind)
        return Trace(self.ref(here), [(self.ref(n), m) for n, m in tr.items()],
                     [(self.ref(a), self.ref(b), m) for a, b, m in tr.edges], tr.outflow)

    # ---- files, for workers that read their part: the registry's checked bytes and the ids

    def save(self, path: _PathLike) -> None:
        """Writes the part to one file (numpy's .npz layout, no pickle): the registry as its file
        bytes (envelope and checksum), the id arrays, the regions."""
        arrays: dict[str, Any] = {"registry": np.frombuffer(self.registry.to_bytes(), dtype=np.uint8),
                  "regions": np.array([p.id for p in self.regions], dtype=np.uint32),
                  "place": np.array([_STATE_VERSION, self.index, self.count], dtype=np.int64),
                  "placeholders": np.array([self.placeholders[t] for t in self.ids], dtype=np.int64),
                  "by": np.array(self.by)}
        arrays.update({f"ids_{name}": a for name, a in self.ids.items()})
        _path(path)
        try:
            with open(path, "wb") as f:  # a file object: numpy adds no suffix
                np.savez(f, **arrays)
        except OSError as e:
            raise FileError(f"partition file {str(path)!r}: cannot write: {e.strerror or e}", field="path",
                            reason="io") from e

    @classmethod
    def load(cls, path: _PathLike) -> Partition:
        """Reads a part written by ``save``; a damaged file raises FormatError, one that cannot be
        read FileError."""
        from ._registry import Registry  # the package's class (it imports this module)

        _path(path)
        try:
            with open(path, "rb") as f:  # ours to close, whatever numpy makes of the bytes
                z = np.load(f, allow_pickle=False)
                if not isinstance(z, np.lib.npyio.NpzFile):
                    raise FormatError(f"partition file {str(path)!r}: not a saved partition (one array)",
                                      field="path", reason="bad_format")
                with z:
                    version, index, count = (int(v) for v in z["place"])
                    if not 1 <= version <= _STATE_VERSION:
                        raise FormatError(f"partition file {str(path)!r}: version {version} is not one this "
                                          "library reads", field="path", value=str(version), reason="bad_format")
                    registry = Registry.from_bytes(z["registry"].tobytes())
                    ids = {name[4:]: z[name] for name in z.files if name.startswith("ids_")}
                    placeholders = dict(zip(ids, z["placeholders"].tolist()))
                    return cls(registry, ids, z["regions"].tolist(), index, count, str(z["by"]), placeholders)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as e:
            if isinstance(e, (FormatError, FileError)):
                raise
            if isinstance(e, OSError) and not isinstance(e, zipfile.BadZipFile):
                raise FileError(f"partition file {str(path)!r}: cannot read: {e.strerror or e}", field="path",
                                reason="io") from e
            raise FormatError(f"partition file {str(path)!r}: not a saved partition ({e})", field="path",
                              reason="bad_format") from None

    # ---- pickle: the registry's own pickle, and the id arrays

    def __getstate__(self) -> dict[str, Any]:
        return {"version": _STATE_VERSION, "registry": self.registry, "ids": self.ids,
                "regions": [p.id for p in self.regions], "index": self.index, "count": self.count, "by": self.by,
                "placeholders": self.placeholders}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if not isinstance(state, dict) or state.get("version") not in range(1, _STATE_VERSION + 1):
            version = state.get("version") if isinstance(state, dict) else None
            raise FormatError(f"pickle: partition state version {version!r} is not one this library reads "
                              f"(up to {_STATE_VERSION})", field="state", reason="bad_format")
        Partition.__init__(self, state["registry"], state["ids"], state["regions"], state["index"], state["count"], state["by"],
                      state["placeholders"])


def _path(path: object) -> None:
    expect(path, (str, bytes, os.PathLike), "path", f"partition file: expected a path, got {path!r}")


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _keys(t: Totals, convert: Callable[[Any], Any]) -> list[Any]:
    """The keys of a part's totals with its handles named by Ref."""
    return [tuple(convert(v) for v in key) if not t._single else convert(key) for key in t]


class Partitioning:
    """Cutting the registry by region (a part of shanhai.Registry)."""

    __slots__ = ()
    _reg: _core.Registry

    def partition(self, parts: int, *, by: str = "county") -> list[Partition]:
        """Cuts the registry into ``parts`` parts by region, for work in parallel or on many machines.

        A region is a western partner of kind ``by`` (a county, a town, a village, a province) with
        everything below it. Every part holds every partner (the same ids); every other row is in
        exactly one part, and what is counted together stays together: a flow's whole chain, the
        households and projects it names, a household's benefits and wishes, a village's pairings,
        the money a partner pools. Regions tied together by such rows go to one part; regions are
        spread over the parts largest first. The parts' totals, reports and traces add up exactly
        to the whole's. Published figures (``expect_total``) stay with the whole registry.
        """
        message = f"partition parts: expected a whole number of at least 1, got {parts!r}"
        if isinstance(parts, bool) or not isinstance(parts, (int, np.integer)):
            raise wrong_type("parts", message)
        if parts < 1:
            raise ValidationError(message, field="parts", value=str(parts), reason="out_of_range")
        from ._registry import Registry  # the package's class (this module is a part of it)

        built = _core._partition(self._reg, int(parts), by)
        name = by if isinstance(by, str) else str(getattr(by, "name", by))
        return [Partition(Registry._wrap(reg), ids, regions, i, len(built), name, placeholders)
                for i, (reg, ids, regions, placeholders) in enumerate(built)]
