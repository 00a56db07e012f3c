"""shanhai.Registry: the package's registry class. It holds the compiled registry (``_reg``) and
forwards each compiled call to it, so that one class, defined here and in the parts it inherits
(``_bulk.BulkInsertion``, ``_extend.Analyses``, ``_partition.Partitioning``), is what help(),
the type stubs and editors see and what runs. Nothing is attached to the compiled classes.

``Table`` wraps a compiled table view (``reg.flows``) the same way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar, overload

from . import _core
from ._bulk import BulkInsertion
from ._core import (
    Benefit,
    BenefitKind,
    Employment,
    Event,
    EventKind,
    Exchange,
    Expectation,
    Figure,
    Flow,
    FlowKind,
    Household,
    HouseholdStatus,
    LabourDestination,
    LabourRecord,
    Pairing,
    PairingKind,
    Partner,
    PartnerKind,
    Person,
    PovertyCause,
    Project,
    Relation,
    Role,
    Sector,
    Sex,
    Side,
    Stage,
    StatusChange,
    Target,
    Training,
    Wish,
)
from ._core import Education, Health, Labour
from ._errors import NotFoundError, wrong_type
from ._extend import TABLES, Analyses, table_to_pandas
from ._partition import Partitioning

if TYPE_CHECKING:
    import datetime

    import numpy as np
    import pandas as pd
    from numpy.typing import NDArray

    from ._core import (
        _BenefitKindName,
        _BinaryReader,
        _DateLike,
        _EducationName,
        _EventKindName,
        _FlowKindName,
        _FlowKinds,
        _Format,
        _HealthName,
        _HouseholdStatusName,
        _LabourDestinationName,
        _LabourName,
        _MoneyLike,
        _Node,
        _PairingKindName,
        _PartnerKindName,
        _PathLike,
        _ErasureReason,
        _Key,
        _Personal,
        _PovertyCauseName,
        _Progress,
        _RelationName,
        _RoleName,
        _SectorName,
        _Sectors,
        _SexName,
        _SideName,
        _StageName,
    )

_H = TypeVar("_H")


class Table(Generic[_H]):
    """A table of a registry (``reg.flows``, ``reg.partners``, ...): its rows as handles by id,
    its columns as numpy arrays without a copy, and the whole as pandas or Arrow."""

    __slots__ = ("_view",)
    _table: ClassVar[str]  # the registry's attribute: 'flows' ('flow' is view.name)
    _compiled: ClassVar[Any]  # the compiled view's class (FlowTable)

    def __init__(self, view: Any) -> None:
        self._view = view  # the compiled view (it keeps its registry alive)

    @classmethod
    def _schema(cls) -> list[tuple[str, tuple[str, str]]]:
        """Each column's name and what it holds: [(name, (kind, detail))]."""
        schema: list[tuple[str, tuple[str, str]]] = cls._compiled._schema()
        return schema

    @property
    def name(self) -> str:
        """The table's row kind ('flow')."""
        name: str = self._view.name
        return name

    def __len__(self) -> int:
        n: int = len(self._view)
        return n

    def __getitem__(self, index: int, /) -> _H:
        row: _H = self._view[index]
        return row

    def __iter__(self) -> Iterator[_H]:
        rows: Iterator[_H] = iter(self._view)
        return rows

    def column(self, name: str) -> NDArray[Any]:
        """One column as a numpy array over the registry's memory (read-only; valid while the
        registry lives and is not changed)."""
        if not isinstance(name, str):
            raise wrong_type("name", f"column: expected a column name, got {name!r}", table=self._table)
        try:
            values: NDArray[Any] = self._view.column(name)
        except NotFoundError as e:  # the column's name is the field the call refused
            e.table, e.field = self._table, e.field or "name"
            raise
        return values

    def to_pandas(self, *, personal: _Personal = "mask", key: _Key = None) -> pd.DataFrame:
        """The table as a pandas DataFrame indexed by id; money as Money and as exact int64 fen.

        ``personal``: ``"mask"`` (default), ``"show"``, ``"drop"`` or ``"pseudonymise"`` (with
        ``key``): what becomes of personal data (see ``shanhai._personal``)."""
        from . import _personal

        frame: pd.DataFrame = table_to_pandas(self, self._table, _personal.mode(personal, f"{self._table}.to_pandas", key))
        return frame

    def to_arrow(self, *, personal: _Personal = "mask", key: _Key = None) -> Any:
        """The table as a pyarrow Table: numeric columns without a copy, money as ``<column>_fen``
        (int64 fen, exact), text as Arrow strings. ``personal`` and ``key`` as for ``to_pandas``:
        personal data masked by default."""
        from . import _personal
        from ._arrow import table_to_arrow

        return table_to_arrow(self, _personal.mode(personal, f"{self._table}.to_arrow", key))

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """Arrow PyCapsule stream of the table (see shanhai._arrow): numeric columns without a copy,
        money as ``<column>_fen`` (int64 fen, exact); personal data masked (``to_arrow(personal=...)``
        for another mode)."""
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    def __repr__(self) -> str:
        return f"<{self.name} table: {len(self)} rows>"

    def _repr_html_(self) -> str:
        from .display import table_html

        return table_html(self)

    # the compiled view's readings, for the package's own modules
    def _raw_columns(self) -> dict[str, Any]:
        raw: dict[str, Any] = self._view._raw_columns()
        return raw

    def _list_buffers(self, name: str) -> Any:
        return self._view._list_buffers(name)

    def _text_buffers(self, name: str) -> Any:
        return self._view._text_buffers(name)

    def _partner_names(self) -> list[str]:
        names: list[str] = self._view._partner_names()
        return names

    def _restricted_rows(self) -> list[int]:
        rows: list[int] = self._view._restricted_rows()
        return rows

    @property
    def _currency(self) -> str:
        currency: str = self._view._currency
        return currency


class PartnerTable(Table[Partner]):
    __slots__ = ()
    _table, _compiled = "partners", _core.PartnerTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['kind', 'side']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['parent']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['count']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class PairingTable(Table[Pairing]):
    __slots__ = ()
    _table, _compiled = "pairings", _core.PairingTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['a', 'b']) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal['kind']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['since', 'until']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class FlowTable(Table[Flow]):
    __slots__ = ()
    _table, _compiled = "flows", _core.FlowTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['source', 'target']) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal['amount']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['date']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['kind', 'stage', 'purpose', 'correction']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['parent', 'credited_to']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['currency']) -> NDArray[np.bytes_]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)

    def links(self) -> NDArray[np.uint8]:
        """Each flow's link to its parent as codes (0 none, 1 part, 2 pass_through), a new array."""
        values: NDArray[np.uint8] = self._view.links()
        return values


class ProjectTable(Table[Project]):
    __slots__ = ()
    _table, _compiled = "projects", _core.ProjectTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['sector']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['location', 'implementer']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['start', 'end']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class HouseholdTable(Table[Household]):
    __slots__ = ()
    _table, _compiled = "households", _core.HouseholdTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['village']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['members']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['status']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['exit_year']) -> NDArray[np.int16]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class BenefitTable(Table[Benefit]):
    __slots__ = ()
    _table, _compiled = "benefits", _core.BenefitTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['beneficiary', 'part_of']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['via']) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal['kind']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['date']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['participants']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['persons', 'households', 'amount']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class ExchangeTable(Table[Exchange]):
    __slots__ = ()
    _table, _compiled = "exchanges", _core.ExchangeTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['sender', 'host', 'part_of']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['role']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['person_times', 'persons']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['batches', 'days', 'date']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class TrainingTable(Table[Training]):
    __slots__ = ()
    _table, _compiled = "trainings", _core.TrainingTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['organiser', 'location', 'part_of']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['role']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['trainees']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['days', 'date', 'sessions']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class LabourTable(Table[LabourRecord]):
    __slots__ = ()
    _table, _compiled = "labour", _core.LabourTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['east', 'west', 'part_of']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['destination', 'status']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['persons']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['date']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class WishTable(Table[Wish]):
    __slots__ = ()
    _table, _compiled = "wishes", _core.WishTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['household', 'claimed_by']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['cost']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['date', 'claimed', 'closed', 'batch']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['state']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class EventTable(Table[Event]):
    __slots__ = ()
    _table, _compiled = "events", _core.EventTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['kind']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['date']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class PersonTable(Table[Person]):
    __slots__ = ()
    _table, _compiled = "persons", _core.PersonTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['household']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['relation', 'sex', 'health', 'education', 'labour']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['birth_year']) -> NDArray[np.int16]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class StatusChangeTable(Table[StatusChange]):
    __slots__ = ()
    _table, _compiled = "status_changes", _core.StatusChangeTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['household']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['status']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['date']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class EmploymentTable(Table[Employment]):
    __slots__ = ()
    _table, _compiled = "employment", _core.EmploymentTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['workshop', 'household', 'person']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['month']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['workers', 'poor', 'wage']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class TargetTable(Table[Target]):
    __slots__ = ()
    _table, _compiled = "targets", _core.TargetTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['year', 'baseline_year']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['value', 'baseline']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['east', 'west']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class ExpectationTable(Table[Expectation]):
    __slots__ = ()
    _table, _compiled = "expectations", _core.ExpectationTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['amount', 'value']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['source', 'target']) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal['year']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['stage', 'qualifier']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal['boundary', 'origin', 'east', 'west']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class FigureTable(Table[Figure]):
    __slots__ = ()
    _table, _compiled = "figures", _core.FigureTable

    # each column's dtype (the compiled table's, as in _core.pyi)
    @overload
    def column(self, name: Literal['year']) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal['value']) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal['east', 'west', 'part_of']) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal['qualifier']) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def column(self, name: str) -> NDArray[Any]:
        return super().column(name)


class Registry(BulkInsertion, Analyses, Partitioning):
    """The registry of one programme: every table, validated insertion, counting."""

    __slots__ = ("_reg", "_notes", "__weakref__")

    def __init__(self, currency: str = "CNY") -> None:
        self._reg = _core.Registry(currency)
        # what an import (read_iati) left out and why: check() lists them; not kept in the file
        self._notes: list[tuple[str, str, str, list[Any]]] = []

    @classmethod
    def _wrap(cls, reg: _core.Registry) -> Registry:
        """The package's registry around a compiled one (from a file, a merge, a partition)."""
        made = cls.__new__(cls)
        made._reg, made._notes = reg, []
        return made

    @classmethod
    def load(cls, path: _PathLike | _BinaryReader, *, progress: _Progress = None) -> Registry:
        """Reads a registry from a file written by ``save`` (any of its formats), or from an open
        binary stream; see ``shanhai.load``."""
        return cls._wrap(_core.load(path, progress=progress))

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> Registry:
        """A registry from the bytes ``to_bytes`` gave; see ``shanhai.from_bytes``."""
        return cls._wrap(_core.from_bytes(data))

    # ---- pickle and copy: the compiled registry's own state (its checked file bytes)

    def __getstate__(self) -> tuple[int, bytes]:
        return self._reg.__getstate__()

    def __setstate__(self, state: tuple[int, bytes], /) -> None:
        reg = _core.Registry.__new__(_core.Registry)
        reg.__setstate__(state)
        self._reg, self._notes = reg, []

    def __copy__(self) -> Registry:
        return self.from_bytes(self.to_bytes())

    def __deepcopy__(self, memo: dict[int, Any]) -> Registry:
        return self.from_bytes(self.to_bytes())

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in TABLES if len(getattr(self, name)))
        return f"Registry({counts})"

    def _repr_html_(self) -> str:
        from .display import registry_html

        return registry_html(self)

    # ---- files in other formats (shanhai.spreadsheets, shanhai.iati)

    def to_excel(self, path: _PathLike, *, personal: _Personal = "mask", key: _Key = None) -> Path:
        """Writes every table to one sheet of an .xlsx workbook: ``shanhai.spreadsheets.to_excel``."""
        from .spreadsheets import to_excel

        return to_excel(self, path, personal=personal, key=key)

    def to_csv(self, folder: _PathLike, *, escape: bool = True, personal: _Personal = "mask",
               key: _Key = None) -> Path:
        """Writes every table to ``<folder>/<table>.csv``: ``shanhai.spreadsheets.to_csv``."""
        from .spreadsheets import to_csv

        return to_csv(self, folder, escape=escape, personal=personal, key=key)

    def to_iati(
        self,
        path: _PathLike,
        reporting_org: Partner,
        *,
        reporting_ref: str | None = None,
        org_refs: Mapping[Partner, str] | None = None,
        programmes: Iterable[str] = ("east_west",),
        years: Iterable[int] | None = None,
        as_of: datetime.date | str | None = None,
        generated: datetime.datetime | None = None,
        kind: str | Iterable[str] = "aid",
        personal: _Personal = "mask",
        key: _Key = None,
    ) -> Path:
        """Writes the flows as an IATI activity file: ``shanhai.iati.to_iati``."""
        from .iati import to_iati

        return to_iati(self, path, reporting_org, reporting_ref=reporting_ref, org_refs=org_refs,
                       programmes=programmes, years=years, as_of=as_of, generated=generated, kind=kind,
                       personal=personal, key=key)

    # ---- the compiled registry's calls, forwarded (signatures as in _core.pyi)

    @property
    def currency(self) -> str:
        """The ISO 4217 code of the currency every amount of the registry is in."""
        return self._reg.currency

    def add_partner(
        self,
        name: str,
        kind: PartnerKind | _PartnerKindName = "other",
        side: Side | _SideName | None = None,
        parent: Partner | None = None,
        code: str | None = None,
        note: str | None = None,
        *,
        count: int = 1,
    ) -> Partner:
        """Adds a partner. A partner with no side takes its parent's. ``count``: the unnamed organisations it
        stands for ("3 firms invested": ``count=3``), counted as that many wherever organisations are counted
        (``industry.enterprises``, pairings)."""
        return self._reg.add_partner(name, kind, side, parent, code, note, count=count)

    def pair(
        self,
        a: Partner | Household,
        b: Partner | Household,
        kind: PairingKind | _PairingKindName = "other",
        since: _DateLike = None,
        until: _DateLike = None,
        note: str | None = None,
    ) -> Pairing:
        """Pairs two partners, or a partner (a family) and a household."""
        return self._reg.pair(a, b, kind, since, until, note)

    def add_flow(
        self,
        source: _Node,
        target: _Node,
        amount: _MoneyLike,
        *,
        date: _DateLike = None,
        kind: FlowKind | _FlowKindName = "other",
        stage: Stage | _StageName = "disbursement",
        purpose: Sector | _SectorName = "unspecified",
        parent: Flow | None = None,
        note: str | None = None,
        credited_to: Pairing | None = None,
        currency: str | None = None,
        correction: bool = False,
    ) -> Flow:
        """Adds a flow of money. With a parent it is either a part of the parent (the same money in more detail)
        or money the parent's target passes on; children never exceed their parent. ``credited_to``: a pairing
        whose report, and the report of every pair enclosing it, counts this money from outside its eastern
        partner's tree (a firm it brought in); ``trace(east, below=True)`` does not follow it. ``currency``: an
        ISO 4217 code; none: the amount's when it is Money, else the parent's, else the registry's. A chain
        keeps one currency; totals never add two. ``correction=True``: a negative amount correcting money
        reported before (a source's negative transaction), alone (no parent, no credit, never a parent): it
        reduces the total it counts in by exactly its amount. No other amount may be negative."""
        return self._reg.add_flow(
            source, target, amount, date=date, kind=kind, stage=stage, purpose=purpose, parent=parent,
            note=note, credited_to=credited_to, currency=currency, correction=correction)

    def add_project(
        self,
        name: str,
        *,
        sector: Sector | _SectorName = "unspecified",
        location: Partner | None = None,
        implementer: Partner | None = None,
        start: _DateLike = None,
        end: _DateLike = None,
        outputs: dict[str, int] | None = None,
        note: str | None = None,
    ) -> Project:
        """Adds a project; outputs are named counts such as {'workshops': 20}."""
        return self._reg.add_project(
            name, sector=sector, location=location, implementer=implementer, start=start, end=end,
            outputs=outputs, note=note)

    def add_household(
        self,
        number: str | None,
        *,
        village: Partner,
        members: int | None = None,
        status: HouseholdStatus | _HouseholdStatusName = "poor",
        exit_year: int | None = None,
        note: str | None = None,
        causes: Iterable[PovertyCause | _PovertyCauseName] | None = None,
        address: str | None = None,
        head_name: str | None = None,
    ) -> Household:
        """Adds a registered household; its registry number (None if not known) is unique. causes: the causes of
        its poverty, the main one first; address: its standard address (一标三实); head_name: the name of its
        head."""
        return self._reg.add_household(
            number, village=village, members=members, status=status, exit_year=exit_year, note=note,
            causes=causes, address=address, head_name=head_name)

    def add_benefit(
        self,
        beneficiary: Household | None,
        *,
        via: Partner | Project | Flow,
        kind: BenefitKind | _BenefitKindName = "other",
        persons: int | None = None,
        households: int | None = None,
        date: _DateLike = None,
        amount: _MoneyLike | None = None,
        note: str | None = None,
        part_of: Benefit | None = None,
    ) -> Benefit:
        """Records a household reached (beneficiary) or an aggregate count (beneficiary None). An aggregate
        part_of another of its kind is a breakdown inside it ('494 employed, of whom 24 in the east'), never
        added to it; parts beyond their whole are a figure_exceeded finding of check()."""
        return self._reg.add_benefit(
            beneficiary, via=via, kind=kind, persons=persons, households=households, date=date,
            amount=amount, note=note, part_of=part_of)

    def add_exchange(
        self,
        sender: Partner,
        host: Partner,
        *,
        role: Role | _RoleName = "other",
        person_times: int | None = None,
        persons: int | None = None,
        batches: int | None = None,
        days: int | None = None,
        purpose: str | None = None,
        date: _DateLike = None,
        part_of: Exchange | None = None,
        note: str | None = None,
    ) -> Exchange:
        """Records people sent from sender to host, in person-times (default: persons). An exchange part_of
        another is a detail inside it, never added to it."""
        return self._reg.add_exchange(
            sender, host, role=role, person_times=person_times, persons=persons, batches=batches,
            days=days, purpose=purpose, date=date, part_of=part_of, note=note)

    def add_training(
        self,
        organiser: Partner,
        *,
        location: Partner | None = None,
        role: Role | _RoleName = "other",
        trainees: int,
        days: int | None = None,
        date: _DateLike = None,
        note: str | None = None,
        sessions: int | None = None,
        part_of: Training | None = None,
    ) -> Training:
        """Records people trained, in sessions (期) when given. A training part_of another is a breakdown inside
        it, never added to it."""
        return self._reg.add_training(
            organiser, location=location, role=role, trainees=trainees, days=days, date=date, note=note,
            sessions=sessions, part_of=part_of)

    def add_labour(
        self,
        east: Partner,
        west: Partner,
        *,
        persons: int,
        destination: LabourDestination | _LabourDestinationName = "unknown",
        status: HouseholdStatus | _HouseholdStatusName | None = None,
        date: _DateLike = None,
        part_of: LabourRecord | None = None,
        citation: str | None = None,
        note: str | None = None,
    ) -> LabourRecord:
        """Records `persons` workers from west who found work through its pairing with east: where they went
        ('partner': the paired eastern region; 'east': anywhere in the east, the partner included; 'local';
        'other'; 'unknown') and their household status (None: every status; 'poor' for 其中脱贫劳动力). A record
        part_of another is a breakdown inside it, never added to it ("494, of whom 210 locally")."""
        return self._reg.add_labour(
            east, west, persons=persons, destination=destination, status=status, date=date, part_of=part_of,
            citation=citation, note=note)

    def add_wish(
        self,
        household: Household,
        text: str,
        *,
        cost: _MoneyLike | None = None,
        date: _DateLike = None,
        note: str | None = None,
        batch: int | None = None,
    ) -> Wish:
        """Publishes a micro-wish (微心愿) of a household, in a numbered batch; it starts open."""
        return self._reg.add_wish(household, text, cost=cost, date=date, note=note, batch=batch)

    def claim_wish(self, wish: Wish, *, by: Partner, date: _DateLike = None) -> None:
        """An open wish is claimed by a donor."""
        return self._reg.claim_wish(wish, by=by, date=date)

    def fulfil_wish(self, wish: Wish, *, date: _DateLike = None) -> None:
        """A claimed wish is fulfilled."""
        return self._reg.fulfil_wish(wish, date=date)

    def cancel_wish(self, wish: Wish, *, date: _DateLike = None) -> None:
        """An open or claimed wish is cancelled."""
        return self._reg.cancel_wish(wish, date=date)

    def end_pairing(self, pairing: Pairing, *, until: _DateLike) -> None:
        """Ends a pairing that has no end yet; a household handed to another family gets a new pairing beside the
        ended one, so the history stays."""
        return self._reg.end_pairing(pairing, until=until)

    def add_event(
        self,
        kind: EventKind | _EventKindName,
        *,
        date: _DateLike = None,
        partners: Iterable[Partner] | None = None,
        note: str | None = None,
        participants: int | None = None,
    ) -> Event:
        """Records a visit, meeting or signing, with how many people took part (None or 0: not given;
        ``leadership.participants`` adds those of meetings and visits)."""
        return self._reg.add_event(kind, date=date, partners=partners, note=note, participants=participants)

    def add_person(
        self,
        household: Household,
        *,
        relation: Relation | _RelationName = "other",
        sex: Sex | _SexName = "unspecified",
        birth_year: int | None = None,
        health: Health | _HealthName = "unspecified",
        education: Education | _EducationName = "unspecified",
        labour: Labour | _LabourName = "unspecified",
        note: str | None = None,
        name: str | None = None,
        id_number: str | None = None,
        phone: str | None = None,
    ) -> Person:
        """Adds a member of a registered household: relation to the head, sex, birth year, health, education and
        labour ability; name, citizen ID number (GB 11643: checked, agreeing with sex and birth year where
        given, unique, stored normalised) and phone (a mobile or a landline with its area code, stored
        normalised)."""
        return self._reg.add_person(
            household, relation=relation, sex=sex, birth_year=birth_year, health=health,
            education=education, labour=labour, note=note, name=name, id_number=id_number, phone=phone)

    def set_status(
        self,
        household: Household,
        status: HouseholdStatus | _HouseholdStatusName,
        *,
        date: _DateLike,
        note: str | None = None,
    ) -> StatusChange:
        """Records a change of a household's status (poor → exited, or a monitored kind after 2020) on a date.
        The history is kept, never overwritten; a change is never dated before the previous one."""
        return self._reg.set_status(household, status, date=date, note=note)

    def add_employment(
        self,
        workshop: Project,
        *,
        household: Household | None = None,
        person: Person | None = None,
        worker: str | None = None,
        month: _DateLike,
        workers: int | None = None,
        poor: int | None = None,
        wage: _MoneyLike | None = None,
        note: str | None = None,
    ) -> Employment:
        """Records a month of a workshop's employment: one worker (a person, a household, or a worker key for
        someone not in the registry) with the wage paid, or, with none of them, an aggregate headcount of
        `workers` of whom `poor` are from poor households (None: not known)."""
        return self._reg.add_employment(
            workshop, household=household, person=person, worker=worker, month=month, workers=workers,
            poor=poor, wage=wage, note=note)

    def set_target(
        self,
        key: str,
        year: int,
        value: _MoneyLike | float,
        *,
        baseline: _MoneyLike | float | None = None,
        baseline_year: int | None = None,
        note: str | None = None,
        east: Partner | None = None,
        west: Partner | None = None,
    ) -> Target:
        """Sets the target of a report indicator for a year (money for money indicators, a count otherwise), with
        a baseline (default: the year before), for the pair east/west (None: the whole registry). The report of
        that year for exactly that pair shows baseline, target, actual and achievement; a pair without a target
        of its own for an indicator shows the registry's unscoped one, and never another pair's. A later target
        for the same indicator, year and pair replaces the earlier in reports; both stay in the table."""
        return self._reg.set_target(key, year, value, baseline=baseline, baseline_year=baseline_year, note=note,
                                    east=east, west=west)

    def distribute(
        self,
        source: _Node,
        amount: _MoneyLike,
        *,
        to: Iterable[Household],
        weights: Literal['members'] | Iterable[int] | None = None,
        kind: FlowKind | _FlowKindName = "dividend",
        date: _DateLike = None,
        parent: Flow | None = None,
        purpose: Sector | _SectorName = "unspecified",
        note: str | None = None,
    ) -> list[Flow]:
        """One flow per household whose amounts add up to exactly `amount` (largest remainder), by equal shares,
        by 'members' or by a list of weights. All or nothing."""
        return self._reg.distribute(
            source, amount, to=to, weights=weights, kind=kind, date=date, parent=parent, purpose=purpose,
            note=note)

    def expect_total(
        self,
        amount: _MoneyLike,
        *,
        source: _Node | None = None,
        target: _Node | None = None,
        year: int | None = None,
        kind: _FlowKinds = None,
        purpose: _Sectors = None,
        stage: Stage | _StageName = "disbursement",
        boundary: Partner | None = None,
        origin: Partner | None = None,
        citation: str | None = None,
        qualifier: Literal['exact', 'at_least', 'about'] | None = None,
    ) -> int:
        """Records a published money figure with the scope it claims (as for totals) and where it was published;
        check() reports whether it holds. '8100万以上' or qualifier='at_least' is a lower bound, '约8100万' or
        qualifier='about' within 5%. Returns the expectation's id."""
        return self._reg.expect_total(
            amount, source=source, target=target, year=year, kind=kind, purpose=purpose, stage=stage,
            boundary=boundary, origin=origin, citation=citation, qualifier=qualifier)

    def expect(
        self,
        key: str,
        value: _MoneyLike,
        *,
        year: int | None = None,
        east: Partner | None = None,
        west: Partner | None = None,
        qualifier: Literal['exact', 'at_least', 'about'] | None = None,
        citation: str | None = None,
    ) -> int:
        """Records a published figure of any report indicator, in the indicator's unit (money for money keys, a
        count otherwise: 494 or '494人'; a share as 74.14), for the report of year and the pair east/west
        (none: the whole registry). check() reports whether it holds: 'expectation_gap', or
        'expectation_not_reported' when nothing in the registry counts it. '3150多户' or qualifier='at_least' is
        a lower bound; '近900' or qualifier='about' holds within 5%. Returns the expectation's id."""
        return self._reg.expect(key, value, year=year, east=east, west=west, qualifier=qualifier, citation=citation)

    def add_figure(
        self,
        key: str,
        value: _MoneyLike,
        *,
        year: int,
        east: Partner | None = None,
        west: Partner | None = None,
        qualifier: Literal['exact', 'at_least', 'about'] | None = None,
        part_of: Figure | None = None,
        citation: str | None = None,
        note: str | None = None,
    ) -> Figure:
        """Records a published aggregate of a report indicator for a year and the pair east/west (None: any partner
        of that side), in the indicator's unit: money for money keys ('4.53亿', '8100万以上'), a count otherwise
        (494 or '494人'); an explicit 0 reports 0. The figure is the whole of its indicator there: a report of
        exactly that year and pair counts it, and the records and figures of narrower pairs inside it are its
        parts, never added to it (a report of a wider scope adds the outermost figures inside it and the records
        outside them). part_of= names the figure this one is a detail of. check() reports parts above their
        figure (figure_exceeded), a figure above its parts (unexplained_remainder) and two figures for one key,
        year and pair (conflicting_figures: the later counts)."""
        return self._reg.add_figure(key, value, year=year, east=east, west=west, qualifier=qualifier,
                                    part_of=part_of, citation=citation, note=note)

    def household(self, number: str) -> Household:
        """The household with this registry number."""
        return self._reg.household(number)

    def person_by_id_number(self, id_number: str) -> Person:
        """The person with this citizen ID number (read as add_person reads it)."""
        return self._reg.person_by_id_number(id_number)

    # ---- erasure and restriction of personal data (PIPL Art. 47, 44)

    def erase(self, row: Person | Household, *, reason: _ErasureReason | None = None, date: _DateLike = None) -> bool:
        """Erases a person's or a household's personal data (identifiers, free text, sensitive
        detail; a household's with all its persons, a head person's with the household's
        head_name). Rows, counts, statuses and money stay, so every report and total is unchanged.
        ``reason``: purpose_achieved, consent_withdrawn, retention_expired, unlawful, request or
        other. Records one row in ``erasures``; False, recording nothing, when nothing was left."""
        return self._reg.erase(row, reason=reason, date=date)

    def restrict(self, person: Person) -> bool:
        """Keeps the person's data stored but out of every output until ``unrestrict``."""
        return self._reg.restrict(person)

    def unrestrict(self, person: Person) -> bool:
        """Ends a restriction; False when the person was not restricted."""
        return self._reg.unrestrict(person)

    def is_restricted(self, person: Person) -> bool:
        """Whether the person's data is kept out of every output."""
        return self._reg.is_restricted(person)

    @property
    def erasures(self) -> list[dict[str, str]]:
        """The erasures made (date, reason, kind): no personal data, not even masked."""
        return self._reg.erasures

    @property
    def restricted(self) -> list[Person]:
        """The restricted persons, in id order."""
        return self._reg.restricted

    @property
    def sharing(self) -> dict[str, int | str] | None:
        """None unless this is a copy made by ``share``: then ``{"k": ..., "generalisation": ...}``
        (``"none"``, ``"birth_band"`` or ``"birth_band_town"``)."""
        return self._reg.sharing

    def _restricted_rows(self, table: str) -> list[int]:
        return self._reg._restricted_rows(table)

    def status_of(self, household: Household, *, date: _DateLike = None) -> _HouseholdStatusName:
        """The household's status on a date (None: its latest), from its history."""
        return self._reg.status_of(household, date=date)

    def exit_year_of(self, household: Household) -> int | None:
        """The year the household first exited poverty, or None."""
        return self._reg.exit_year_of(household)

    @property
    def partners(self) -> PartnerTable:
        return PartnerTable(self._reg.partners)

    @property
    def pairings(self) -> PairingTable:
        return PairingTable(self._reg.pairings)

    @property
    def flows(self) -> FlowTable:
        return FlowTable(self._reg.flows)

    @property
    def projects(self) -> ProjectTable:
        return ProjectTable(self._reg.projects)

    @property
    def households(self) -> HouseholdTable:
        return HouseholdTable(self._reg.households)

    @property
    def benefits(self) -> BenefitTable:
        return BenefitTable(self._reg.benefits)

    @property
    def exchanges(self) -> ExchangeTable:
        return ExchangeTable(self._reg.exchanges)

    @property
    def trainings(self) -> TrainingTable:
        return TrainingTable(self._reg.trainings)

    @property
    def wishes(self) -> WishTable:
        return WishTable(self._reg.wishes)

    @property
    def events(self) -> EventTable:
        return EventTable(self._reg.events)

    @property
    def persons(self) -> PersonTable:
        return PersonTable(self._reg.persons)

    @property
    def status_changes(self) -> StatusChangeTable:
        return StatusChangeTable(self._reg.status_changes)

    @property
    def employment(self) -> EmploymentTable:
        return EmploymentTable(self._reg.employment)

    @property
    def targets(self) -> TargetTable:
        return TargetTable(self._reg.targets)

    @property
    def labour(self) -> LabourTable:
        """Workers who found work through labour cooperation (add_labour), one record each."""
        return LabourTable(self._reg.labour)

    @property
    def expectations(self) -> ExpectationTable:
        """The published figures to check (``expect_total``), one row each."""
        return ExpectationTable(self._reg.expectations)

    @property
    def figures(self) -> FigureTable:
        """The published aggregates of report indicators (``add_figure``), one row each."""
        return FigureTable(self._reg.figures)

    def classify(self, boundary: Partner, *, kind: _FlowKinds = "aid") -> dict[str, list[Flow]]:
        """The flows of the given kinds (default aid) touching a boundary (a partner and everything below it):
        {'incoming': [...], 'internal': [...], 'outgoing': [...]}."""
        return self._reg.classify(boundary, kind=kind)

    def save(self, path: _PathLike, format: _Format = "binary") -> None:
        """Saves atomically to `path` as 'binary' (this platform), 'text' or 'xml' (portable). The file is
        readable by its owner only until complete; a file it replaces keeps its mode, owner and group; a
        symbolic link is followed. A folder, a pipe or a read-only file is refused (FileError)."""
        return self._reg.save(path, format)

    def share(self, path: _PathLike, *, key: bytes | bytearray | str | None = None, k: int = 5,
              format: _Format = "binary") -> None:
        """Writes a registry file for a researcher: identifiers as the pseudonyms a
        ``personal="pseudonymise"`` export gives under the same ``key``, free text and sensitive
        detail left out, birth years in 5-year bands and then villages as their towns, as far as
        needed for every combination of village (or town), birth band, sex and relation to hold at
        least ``k`` persons; refused (ValidationError, counts only, nothing written) when even
        that is not enough. Every count and amount is unchanged. The file records it
        (``sharing``). Pseudonymisation, not anonymisation (PIPL Art. 73): keep the key apart
        from the data, one key per recipient."""
        return self._reg.share(path, key=key, k=k, format=format)

    def to_bytes(self, format: _Format = "binary") -> bytes:
        """The file's bytes, envelope and archive."""
        return self._reg.to_bytes(format)


def load(path: _PathLike | _BinaryReader, *, progress: _Progress = None) -> Registry:
    """Loads a registry saved in any format from a path (a regular file: a pipe or a device is
    refused with FileError) or from an open binary file (``open(path, 'rb')``, a pipe, a socket's
    makefile()). A damaged or invalid file raises FormatError. progress: True for a progress bar,
    or a callable (what, done, total) told of the rows as they are validated."""
    return Registry._wrap(_core.load(path, progress=progress))


def from_bytes(data: bytes | bytearray | memoryview) -> Registry:
    """A registry from the bytes of a file."""
    return Registry._wrap(_core.from_bytes(data))
