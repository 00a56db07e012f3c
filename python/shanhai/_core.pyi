# Type stubs for the compiled module shanhai._core (python/src/*.cpp), written by hand.
#
# They drift when a binding changes. Check them after `make install-py` with
#     .venv/bin/python -m pytest tests/python/test_typing.py
# which names each difference (mypy's stubtest; parameters, enumeration names and column dtypes
# compared with the module). For new bindings, `pybind11-stubgen shanhai._core` (pip install
# pybind11-stubgen) prints a first draft to refine by hand.
#
# Only what is compiled is here. shanhai.Registry and its tables (shanhai._registry) are Python
# classes that hold these objects and forward to them; what they add (totals, report, trace, check,
# the bulk insertions, partition, to_excel, to_csv, to_iati, to_pandas, to_arrow) is typed where it
# is defined. The calls named with a leading underscore are the package's own.

import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Final, Generic, Literal, Never, Protocol, SupportsIndex, TypeAlias, TypeVar, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray


# ---- what the calls accept ---------------------------------------------------------------------

# Money never goes through a binary float: text ("34万", "2210.2万元", "1,234.56元"), whole
# yuan as an int, a Decimal, or Money.
_MoneyLike: TypeAlias = Money | str | int | Decimal
# "2018", "2018-05" or "2018-05-03"; an int year; or anything with year, month and day.
_DateLike: TypeAlias = str | int | datetime.date | None
_PathLike: TypeAlias = str | os.PathLike[str]
_Personal: TypeAlias = Literal["mask", "show", "drop", "pseudonymise"]  # what outputs do with personal data
_Key: TypeAlias = bytes | str | None  # a pseudonym key: at least 16 bytes, for personal="pseudonymise" only
_ErasureReason: TypeAlias = Literal[
    "purpose_achieved", "consent_withdrawn", "retention_expired", "unlawful", "request", "other"
]  # PIPL Art. 47
# Where money can be sent from or to.
_Node: TypeAlias = Partner | Project | Household

# Enumerations are taken as members or by their snake_case names; fields read back as names.
_SideName: TypeAlias = Literal["unspecified", "east", "west"]
_PartnerKindName: TypeAlias = Literal[
    "province", "city", "county", "district", "town", "street", "village", "community", "department",
    "enterprise", "soe", "school", "kindergarten", "hospital", "health_center", "social_org", "cooperative",
    "family", "other",
]
_PairingKindName: TypeAlias = Literal[
    "east_west", "street_village", "enterprise_village", "school", "hospital", "family_household", "other",
    "town_town", "village_village", "town_village", "social_org_village"
]
_FlowKindName: TypeAlias = Literal["fiscal", "donation", "investment", "in_kind", "purchase", "dividend", "wage", "other"]
_StageName: TypeAlias = Literal["pledge", "commitment", "disbursement", "expenditure"]
_SectorName: TypeAlias = Literal[
    "unspecified", "agriculture", "industry", "infrastructure", "water", "education", "health", "employment",
    "housing", "social", "governance", "mixed", "other",
]
_HouseholdStatusName: TypeAlias = Literal[
    "poor", "extremely_poor", "exited", "monitored", "unstable", "marginal", "hardship"
]
_PovertyCauseName: TypeAlias = Literal[
    "illness", "disability", "schooling", "disaster", "lack_of_land", "lack_of_water", "lack_of_skills",
    "lack_of_labour", "lack_of_funds", "poor_transport", "lack_of_drive", "other",
]
_RelationName: TypeAlias = Literal[
    "head", "spouse", "child", "child_in_law", "grandchild", "parent", "grandparent", "sibling", "other"
]
_SexName: TypeAlias = Literal["unspecified", "female", "male"]
_HealthName: TypeAlias = Literal["unspecified", "healthy", "chronic_illness", "serious_illness", "disabled"]
_EducationName: TypeAlias = Literal[
    "unspecified", "preschool", "illiterate", "primary", "junior_secondary", "senior_secondary", "vocational",
    "tertiary",
]
_LabourName: TypeAlias = Literal["unspecified", "able", "skilled", "weak", "lost", "none"]
_BenefitKindName: TypeAlias = Literal[
    "employment", "dividend", "income", "training", "wish", "health", "education", "infrastructure", "other"
]
_RoleName: TypeAlias = Literal["cadre", "teacher", "principal", "doctor", "technician", "entrepreneur", "worker", "other"]
_WishStateName: TypeAlias = Literal["open", "claimed", "fulfilled", "cancelled"]
_LabourDestinationName: TypeAlias = Literal["partner", "east", "local", "other", "unknown"]
_LabourStatusName: TypeAlias = Literal[
    "unspecified", "poor", "extremely_poor", "exited", "monitored", "unstable", "marginal", "hardship"
]
_EventKindName: TypeAlias = Literal[
    "research_visit", "joint_meeting", "signing", "inspection", "other", "high_level_visit", "symposium"
]

# a kind filter: kinds and classes of kinds (None: aid)
_FlowClassName: TypeAlias = Literal["aid", "trade", "investment"]
_KindFilter: TypeAlias = FlowKind | FlowClass | _FlowKindName | _FlowClassName | Literal["all"]
_FlowKinds: TypeAlias = _KindFilter | Iterable[_KindFilter] | None
_Sectors: TypeAlias = Sector | _SectorName | Iterable[Sector | _SectorName] | None
_PlainField: TypeAlias = Literal["source", "target", "kind", "stage", "purpose", "year", "origin"]
# a node field rolled up to a level of the partner tree (totals by "target.province")
_LevelField: TypeAlias = Literal[
    "source.province", "source.city", "source.county", "source.district", "source.town", "source.street",
    "source.village", "source.community", "target.province", "target.city", "target.county",
    "target.district", "target.town", "target.street", "target.village", "target.community",
    "origin.province", "origin.city", "origin.county", "origin.district", "origin.town", "origin.street",
    "origin.village", "origin.community",
]
_Field: TypeAlias = _PlainField | _LevelField
_Format: TypeAlias = Literal["binary", "text", "xml"]

class _ArrowTable(Protocol):
    """What bulk ingest uses of a pyarrow Table."""

    @property
    def column_names(self) -> list[str]: ...
    @property
    def schema(self) -> Any: ...
    def column(self, name: str, /) -> Any: ...
    def to_pydict(self) -> dict[str, list[Any]]: ...

# A data frame, a dict of columns (arrays or lists) or a pyarrow Table.
_Columns: TypeAlias = pd.DataFrame | Mapping[str, ArrayLike] | _ArrowTable
# progress=: True for a progress bar, or a callable told (what, done, total)
_Progress: TypeAlias = bool | Callable[[str, int, int], object] | None

class _BinaryReader(Protocol):  # an open binary file: open(path, "rb"), a pipe, a socket's makefile("rb")
    def read(self, size: int = ..., /) -> bytes: ...

# ---- values ------------------------------------------------------------------------------------

FORMAT_VERSION: Final[int]

class _pybind11_type(type): ...  # the metaclass of every compiled class

class _Object(metaclass=_pybind11_type): ...

class Money(_Object):
    def __init__(self, value: _MoneyLike = "0", currency: str = "CNY", *,
                 qualifier: Literal["exact", "at_least", "about"] | None = None) -> None: ...
    @staticmethod
    def from_fen(fen: int) -> Money: ...
    @staticmethod
    def from_minor(minor: int, currency: str) -> Money: ...
    @property
    def currency(self) -> str: ...
    @property
    def qualifier(self) -> Literal["exact", "at_least", "about"]: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def minor(self) -> int: ...
    @property
    def fen(self) -> int: ...
    @property
    def yuan(self) -> Decimal: ...
    @property
    def wan(self) -> Decimal: ...
    def __add__(self, other: Money, /) -> Money: ...
    def __radd__(self, other: int, /) -> Money: ...  # only 0, so that sum() works
    def __sub__(self, other: Money, /) -> Money: ...
    def __rsub__(self, other: Money, /) -> Money: ...
    def __neg__(self) -> Money: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Money, /) -> bool: ...
    def __le__(self, other: Money, /) -> bool: ...
    def __gt__(self, other: Money, /) -> bool: ...
    def __ge__(self, other: Money, /) -> bool: ...
    def __bool__(self) -> bool: ...
    def __hash__(self) -> int: ...
    def __getstate__(self) -> int | tuple[int, str] | tuple[int, str, str]: ...
    def __setstate__(self, state: int | tuple[int, str] | tuple[int, str, str], /) -> None: ...

# pybind11 enumerations (not enum.Enum): members are class attributes; str() gives the name.
class _Enum(_Object):
    __members__: ClassVar[dict[str, Any]]
    def __init__(self, value: int | str) -> None: ...  # a code or a name; others are refused
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __getstate__(self) -> int: ...
    def __setstate__(self, state: int, /) -> None: ...

class Side(_Enum):
    __members__: ClassVar[dict[str, Side]]
    unspecified: ClassVar[Side]
    east: ClassVar[Side]
    west: ClassVar[Side]

class PartnerKind(_Enum):
    __members__: ClassVar[dict[str, PartnerKind]]
    province: ClassVar[PartnerKind]
    city: ClassVar[PartnerKind]
    county: ClassVar[PartnerKind]
    district: ClassVar[PartnerKind]
    town: ClassVar[PartnerKind]
    street: ClassVar[PartnerKind]
    village: ClassVar[PartnerKind]
    community: ClassVar[PartnerKind]
    department: ClassVar[PartnerKind]
    enterprise: ClassVar[PartnerKind]
    soe: ClassVar[PartnerKind]
    school: ClassVar[PartnerKind]
    kindergarten: ClassVar[PartnerKind]
    hospital: ClassVar[PartnerKind]
    health_center: ClassVar[PartnerKind]
    social_org: ClassVar[PartnerKind]
    cooperative: ClassVar[PartnerKind]
    family: ClassVar[PartnerKind]
    other: ClassVar[PartnerKind]

class PairingKind(_Enum):
    __members__: ClassVar[dict[str, PairingKind]]
    east_west: ClassVar[PairingKind]
    street_village: ClassVar[PairingKind]
    enterprise_village: ClassVar[PairingKind]
    school: ClassVar[PairingKind]
    hospital: ClassVar[PairingKind]
    family_household: ClassVar[PairingKind]
    other: ClassVar[PairingKind]
    town_town: ClassVar[PairingKind]
    village_village: ClassVar[PairingKind]
    town_village: ClassVar[PairingKind]
    social_org_village: ClassVar[PairingKind]

class FlowKind(_Enum):
    __members__: ClassVar[dict[str, FlowKind]]
    fiscal: ClassVar[FlowKind]
    donation: ClassVar[FlowKind]
    investment: ClassVar[FlowKind]
    in_kind: ClassVar[FlowKind]
    purchase: ClassVar[FlowKind]
    dividend: ClassVar[FlowKind]
    wage: ClassVar[FlowKind]
    other: ClassVar[FlowKind]

class FlowClass(_Enum):
    __members__: ClassVar[dict[str, FlowClass]]
    aid: ClassVar[FlowClass]
    trade: ClassVar[FlowClass]
    investment: ClassVar[FlowClass]

class Stage(_Enum):
    __members__: ClassVar[dict[str, Stage]]
    pledge: ClassVar[Stage]
    commitment: ClassVar[Stage]
    disbursement: ClassVar[Stage]
    expenditure: ClassVar[Stage]

class Sector(_Enum):
    __members__: ClassVar[dict[str, Sector]]
    unspecified: ClassVar[Sector]
    agriculture: ClassVar[Sector]
    industry: ClassVar[Sector]
    infrastructure: ClassVar[Sector]
    water: ClassVar[Sector]
    education: ClassVar[Sector]
    health: ClassVar[Sector]
    employment: ClassVar[Sector]
    housing: ClassVar[Sector]
    social: ClassVar[Sector]
    governance: ClassVar[Sector]
    mixed: ClassVar[Sector]
    other: ClassVar[Sector]

class HouseholdStatus(_Enum):
    __members__: ClassVar[dict[str, HouseholdStatus]]
    poor: ClassVar[HouseholdStatus]
    extremely_poor: ClassVar[HouseholdStatus]
    exited: ClassVar[HouseholdStatus]
    monitored: ClassVar[HouseholdStatus]
    unstable: ClassVar[HouseholdStatus]
    marginal: ClassVar[HouseholdStatus]
    hardship: ClassVar[HouseholdStatus]

class PovertyCause(_Enum):
    __members__: ClassVar[dict[str, PovertyCause]]
    illness: ClassVar[PovertyCause]
    disability: ClassVar[PovertyCause]
    schooling: ClassVar[PovertyCause]
    disaster: ClassVar[PovertyCause]
    lack_of_land: ClassVar[PovertyCause]
    lack_of_water: ClassVar[PovertyCause]
    lack_of_skills: ClassVar[PovertyCause]
    lack_of_labour: ClassVar[PovertyCause]
    lack_of_funds: ClassVar[PovertyCause]
    poor_transport: ClassVar[PovertyCause]
    lack_of_drive: ClassVar[PovertyCause]
    other: ClassVar[PovertyCause]

class Relation(_Enum):
    __members__: ClassVar[dict[str, Relation]]
    head: ClassVar[Relation]
    spouse: ClassVar[Relation]
    child: ClassVar[Relation]
    child_in_law: ClassVar[Relation]
    grandchild: ClassVar[Relation]
    parent: ClassVar[Relation]
    grandparent: ClassVar[Relation]
    sibling: ClassVar[Relation]
    other: ClassVar[Relation]

class Sex(_Enum):
    __members__: ClassVar[dict[str, Sex]]
    unspecified: ClassVar[Sex]
    female: ClassVar[Sex]
    male: ClassVar[Sex]

class Health(_Enum):
    __members__: ClassVar[dict[str, Health]]
    unspecified: ClassVar[Health]
    healthy: ClassVar[Health]
    chronic_illness: ClassVar[Health]
    serious_illness: ClassVar[Health]
    disabled: ClassVar[Health]

class Education(_Enum):
    __members__: ClassVar[dict[str, Education]]
    unspecified: ClassVar[Education]
    preschool: ClassVar[Education]
    illiterate: ClassVar[Education]
    primary: ClassVar[Education]
    junior_secondary: ClassVar[Education]
    senior_secondary: ClassVar[Education]
    vocational: ClassVar[Education]
    tertiary: ClassVar[Education]

class Labour(_Enum):
    __members__: ClassVar[dict[str, Labour]]
    unspecified: ClassVar[Labour]
    able: ClassVar[Labour]
    skilled: ClassVar[Labour]
    weak: ClassVar[Labour]
    lost: ClassVar[Labour]
    none: ClassVar[Labour]

class BenefitKind(_Enum):
    __members__: ClassVar[dict[str, BenefitKind]]
    employment: ClassVar[BenefitKind]
    dividend: ClassVar[BenefitKind]
    income: ClassVar[BenefitKind]
    training: ClassVar[BenefitKind]
    wish: ClassVar[BenefitKind]
    health: ClassVar[BenefitKind]
    education: ClassVar[BenefitKind]
    infrastructure: ClassVar[BenefitKind]
    other: ClassVar[BenefitKind]

class Role(_Enum):
    __members__: ClassVar[dict[str, Role]]
    cadre: ClassVar[Role]
    teacher: ClassVar[Role]
    principal: ClassVar[Role]
    doctor: ClassVar[Role]
    technician: ClassVar[Role]
    entrepreneur: ClassVar[Role]
    worker: ClassVar[Role]
    other: ClassVar[Role]

class WishState(_Enum):
    __members__: ClassVar[dict[str, WishState]]
    open: ClassVar[WishState]
    claimed: ClassVar[WishState]
    fulfilled: ClassVar[WishState]
    cancelled: ClassVar[WishState]

class EventKind(_Enum):
    __members__: ClassVar[dict[str, EventKind]]
    research_visit: ClassVar[EventKind]
    joint_meeting: ClassVar[EventKind]
    signing: ClassVar[EventKind]
    inspection: ClassVar[EventKind]
    other: ClassVar[EventKind]
    high_level_visit: ClassVar[EventKind]
    symposium: ClassVar[EventKind]

class LabourDestination(_Enum):
    __members__: ClassVar[dict[str, LabourDestination]]
    partner: ClassVar[LabourDestination]
    east: ClassVar[LabourDestination]
    local: ClassVar[LabourDestination]
    other: ClassVar[LabourDestination]
    unknown: ClassVar[LabourDestination]

class LabourStatus(_Enum):
    __members__: ClassVar[dict[str, LabourStatus]]
    unspecified: ClassVar[LabourStatus]
    poor: ClassVar[LabourStatus]
    extremely_poor: ClassVar[LabourStatus]
    exited: ClassVar[LabourStatus]
    monitored: ClassVar[LabourStatus]
    unstable: ClassVar[LabourStatus]
    marginal: ClassVar[LabourStatus]
    hardship: ClassVar[LabourStatus]

# ---- handles: a row of a table (made by the registry, never constructed) ----------------------
# Fields read the row: enumerations as names, dates as text ("2018-05") or None, references as
# handles or None, text as str ("" when not given).

class _Handle(_Object):
    def __init__(self, *args: Never, **kwargs: Never) -> None: ...  # no constructor: the registry makes them
    @property
    def id(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

class Partner(_Handle):
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> _PartnerKindName: ...
    @property
    def side(self) -> _SideName: ...
    @property
    def parent(self) -> Partner | None: ...
    @property
    def code(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def count(self) -> int: ...

class Pairing(_Handle):
    @property
    def a(self) -> Partner | Household: ...
    @property
    def b(self) -> Partner | Household: ...
    @property
    def kind(self) -> _PairingKindName: ...
    @property
    def since(self) -> str | None: ...
    @property
    def until(self) -> str | None: ...
    @property
    def note(self) -> str: ...

class Flow(_Handle):
    @property
    def source(self) -> _Node: ...
    @property
    def target(self) -> _Node: ...
    @property
    def amount(self) -> Money: ...
    @property
    def date(self) -> str | None: ...
    @property
    def kind(self) -> _FlowKindName: ...
    @property
    def stage(self) -> _StageName: ...
    @property
    def purpose(self) -> _SectorName: ...
    @property
    def parent(self) -> Flow | None: ...
    @property
    def note(self) -> str: ...
    @property
    def credited_to(self) -> Pairing | None: ...
    @property
    def currency(self) -> str: ...
    @property
    def correction(self) -> bool: ...
    @property
    def link(self) -> Literal["none", "part", "pass_through"]: ...
    @property
    def root(self) -> Flow: ...
    @property
    def origin(self) -> _Node: ...
    @property
    def allocated(self) -> Money: ...
    @property
    def remaining(self) -> Money: ...

class Project(_Handle):
    @property
    def name(self) -> str: ...
    @property
    def sector(self) -> _SectorName: ...
    @property
    def location(self) -> Partner | None: ...
    @property
    def implementer(self) -> Partner | None: ...
    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...
    @property
    def outputs(self) -> dict[str, int]: ...
    @property
    def note(self) -> str: ...

class Household(_Handle):
    @property
    def number(self) -> str: ...
    @property
    def village(self) -> Partner: ...
    @property
    def members(self) -> int: ...
    @property
    def status(self) -> _HouseholdStatusName: ...
    @property
    def exit_year(self) -> int: ...  # 0: not exited
    @property
    def note(self) -> str: ...
    @property
    def causes(self) -> list[_PovertyCauseName]: ...  # the main cause first
    @property
    def address(self) -> str: ...
    @property
    def head_name(self) -> str: ...

class Benefit(_Handle):
    @property
    def beneficiary(self) -> Household | None: ...  # None: an aggregate record
    @property
    def via(self) -> Partner | Project | Flow: ...
    @property
    def kind(self) -> _BenefitKindName: ...
    @property
    def date(self) -> str | None: ...
    @property
    def persons(self) -> int: ...
    @property
    def households(self) -> int: ...
    @property
    def amount(self) -> Money: ...
    @property
    def note(self) -> str: ...
    @property
    def part_of(self) -> Benefit | None: ...

class Exchange(_Handle):
    @property
    def sender(self) -> Partner: ...
    @property
    def host(self) -> Partner: ...
    @property
    def role(self) -> _RoleName: ...
    @property
    def person_times(self) -> int: ...
    @property
    def persons(self) -> int: ...
    @property
    def batches(self) -> int: ...
    @property
    def days(self) -> int: ...
    @property
    def purpose(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def part_of(self) -> Exchange | None: ...
    @property
    def note(self) -> str: ...

class Training(_Handle):
    @property
    def organiser(self) -> Partner: ...
    @property
    def location(self) -> Partner | None: ...
    @property
    def role(self) -> _RoleName: ...
    @property
    def trainees(self) -> int: ...
    @property
    def days(self) -> int: ...
    @property
    def date(self) -> str | None: ...
    @property
    def note(self) -> str: ...
    @property
    def sessions(self) -> int: ...
    @property
    def part_of(self) -> Training | None: ...

class LabourRecord(_Handle):
    @property
    def east(self) -> Partner: ...
    @property
    def west(self) -> Partner: ...
    @property
    def persons(self) -> int: ...
    @property
    def destination(self) -> _LabourDestinationName: ...
    @property
    def status(self) -> _LabourStatusName: ...
    @property
    def date(self) -> str | None: ...
    @property
    def part_of(self) -> LabourRecord | None: ...
    @property
    def citation(self) -> str: ...
    @property
    def note(self) -> str: ...

class Wish(_Handle):
    @property
    def household(self) -> Household: ...
    @property
    def text(self) -> str: ...
    @property
    def cost(self) -> Money: ...  # zero: not given
    @property
    def date(self) -> str | None: ...
    @property
    def state(self) -> _WishStateName: ...
    @property
    def claimed_by(self) -> Partner | None: ...
    @property
    def claimed(self) -> str | None: ...
    @property
    def closed(self) -> str | None: ...
    @property
    def note(self) -> str: ...
    @property
    def batch(self) -> int: ...

class Event(_Handle):
    @property
    def kind(self) -> _EventKindName: ...
    @property
    def date(self) -> str | None: ...
    @property
    def partners(self) -> list[Partner]: ...
    @property
    def note(self) -> str: ...
    @property
    def participants(self) -> int: ...

class Person(_Handle):
    @property
    def household(self) -> Household: ...
    @property
    def relation(self) -> _RelationName: ...
    @property
    def sex(self) -> _SexName: ...
    @property
    def birth_year(self) -> int: ...  # 0: not known
    @property
    def health(self) -> _HealthName: ...
    @property
    def education(self) -> _EducationName: ...
    @property
    def labour(self) -> _LabourName: ...
    @property
    def note(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def id_number(self) -> str: ...  # normalised (GB 11643); empty: not known
    @property
    def phone(self) -> str: ...  # a mobile's 11 digits or "0AAA-NNNNNNNN"; empty: not known

class StatusChange(_Handle):
    @property
    def household(self) -> Household: ...
    @property
    def status(self) -> _HouseholdStatusName: ...
    @property
    def date(self) -> str | None: ...
    @property
    def note(self) -> str: ...

class Employment(_Handle):
    @property
    def workshop(self) -> Project: ...
    @property
    def household(self) -> Household | None: ...
    @property
    def person(self) -> Person | None: ...
    @property
    def worker(self) -> str: ...  # a key for someone not in the registry
    @property
    def month(self) -> str | None: ...
    @property
    def workers(self) -> int: ...
    @property
    def poor(self) -> int: ...  # -1: not known, or one worker
    @property
    def wage(self) -> Money: ...
    @property
    def note(self) -> str: ...

class Target(_Handle):
    @property
    def key(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def value(self) -> int: ...  # fen for money indicators
    @property
    def baseline(self) -> int: ...
    @property
    def baseline_year(self) -> int: ...  # 0: no baseline
    @property
    def note(self) -> str: ...
    @property
    def east(self) -> Partner | None: ...  # None: the whole registry's target
    @property
    def west(self) -> Partner | None: ...

class Expectation(_Handle):
    @property
    def amount(self) -> Money: ...  # money of flows (key empty)
    @property
    def source(self) -> _Node | None: ...
    @property
    def target(self) -> _Node | None: ...
    @property
    def year(self) -> int: ...  # 0: all years
    @property
    def kinds(self) -> list[_FlowKindName]: ...
    @property
    def purposes(self) -> list[_SectorName]: ...
    @property
    def stage(self) -> _StageName: ...
    @property
    def boundary(self) -> Partner | None: ...
    @property
    def origin(self) -> Partner | None: ...
    @property
    def citation(self) -> str: ...
    @property
    def qualifier(self) -> Literal["exact", "at_least", "about"]: ...
    @property
    def key(self) -> str: ...  # a report indicator; empty: money of flows
    @property
    def value(self) -> int: ...  # the indicator's figure (fen for money indicators)
    @property
    def east(self) -> Partner | None: ...
    @property
    def west(self) -> Partner | None: ...

class Figure(_Handle):
    @property
    def key(self) -> str: ...  # a report indicator
    @property
    def year(self) -> int: ...
    @property
    def value(self) -> int: ...  # fen for money indicators
    @property
    def east(self) -> Partner | None: ...  # None: any partner of that side
    @property
    def west(self) -> Partner | None: ...
    @property
    def qualifier(self) -> Literal["exact", "at_least", "about"]: ...
    @property
    def part_of(self) -> Figure | None: ...
    @property
    def citation(self) -> str: ...
    @property
    def note(self) -> str: ...

# ---- tables: live views of a registry's tables (reg.flows, reg.partners, ...) -----------------
# column(name) is a read-only numpy view without a copy; the overloads give each numeric
# column's dtype. Text and list columns have no view (ValidationError).

_H = TypeVar("_H", bound=_Handle)

class _Table(_Object, Generic[_H]):
    def __init__(self, *args: Never, **kwargs: Never) -> None: ...  # no constructor: reg.flows, reg.partners, ...
    @property
    def name(self) -> str: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int, /) -> _H: ...
    def __iter__(self) -> Iterator[_H]: ...
    def column(self, name: str) -> NDArray[Any]: ...
    @staticmethod
    def _schema() -> list[tuple[str, tuple[str, str]]]: ...
    @property
    def _currency(self) -> str: ...
    def _raw_columns(self) -> dict[str, Any]: ...
    def _list_buffers(self, name: str, /) -> tuple[NDArray[Any], NDArray[Any]]: ...
    def _text_buffers(self, name: str, /) -> tuple[NDArray[Any], NDArray[Any]]: ...
    def _partner_names(self) -> list[str]: ...
    def _restricted_rows(self) -> list[int]: ...

class PartnerTable(_Table[Partner]):
    @overload
    def column(self, name: Literal["kind", "side"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["parent"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["count"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class PairingTable(_Table[Pairing]):
    @overload
    def column(self, name: Literal["a", "b"]) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal["kind"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["since", "until"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class FlowTable(_Table[Flow]):
    @overload
    def column(self, name: Literal["source", "target"]) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal["amount"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["date"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["kind", "stage", "purpose", "correction"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["parent", "credited_to"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["currency"]) -> NDArray[np.bytes_]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...
    def links(self) -> NDArray[np.uint8]: ...

class ProjectTable(_Table[Project]):
    @overload
    def column(self, name: Literal["sector"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["location", "implementer"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["start", "end"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class HouseholdTable(_Table[Household]):
    @overload
    def column(self, name: Literal["village"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["members"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["status"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["exit_year"]) -> NDArray[np.int16]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class BenefitTable(_Table[Benefit]):
    @overload
    def column(self, name: Literal["beneficiary", "part_of"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["via"]) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal["kind"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["date"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["persons", "households", "amount"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class ExchangeTable(_Table[Exchange]):
    @overload
    def column(self, name: Literal["sender", "host", "part_of"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["role"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["person_times", "persons"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["batches", "days", "date"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class LabourTable(_Table[LabourRecord]):
    @overload
    def column(self, name: Literal["east", "west", "part_of"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["destination", "status"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["persons"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["date"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class TrainingTable(_Table[Training]):
    @overload
    def column(self, name: Literal["organiser", "location", "part_of"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["role"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["trainees"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["days", "date", "sessions"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class WishTable(_Table[Wish]):
    @overload
    def column(self, name: Literal["household", "claimed_by"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["cost"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["date", "claimed", "closed", "batch"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["state"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class EventTable(_Table[Event]):
    @overload
    def column(self, name: Literal["kind"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["date"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["participants"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class PersonTable(_Table[Person]):
    @overload
    def column(self, name: Literal["household"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["relation", "sex", "health", "education", "labour"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["birth_year"]) -> NDArray[np.int16]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class StatusChangeTable(_Table[StatusChange]):
    @overload
    def column(self, name: Literal["household"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["status"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["date"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class EmploymentTable(_Table[Employment]):
    @overload
    def column(self, name: Literal["workshop", "household", "person"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["month"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["workers", "poor", "wage"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class TargetTable(_Table[Target]):
    @overload
    def column(self, name: Literal["year", "baseline_year"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["value", "baseline"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["east", "west"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class ExpectationTable(_Table[Expectation]):
    @overload
    def column(self, name: Literal["amount", "value"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["source", "target"]) -> NDArray[np.void]: ...
    @overload
    def column(self, name: Literal["year"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["stage", "qualifier"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: Literal["boundary", "origin", "east", "west"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

class FigureTable(_Table[Figure]):
    @overload
    def column(self, name: Literal["year"]) -> NDArray[np.int32]: ...
    @overload
    def column(self, name: Literal["value"]) -> NDArray[np.int64]: ...
    @overload
    def column(self, name: Literal["east", "west", "part_of"]) -> NDArray[np.uint32]: ...
    @overload
    def column(self, name: Literal["qualifier"]) -> NDArray[np.uint8]: ...
    @overload
    def column(self, name: str) -> NDArray[Any]: ...

# ---- the registry ------------------------------------------------------------------------------

class Registry(_Object):
    def __init__(self, currency: str = "CNY") -> None: ...
    @property
    def currency(self) -> str: ...

    # one row at a time (each refused call changes nothing)
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
    ) -> Partner: ...
    def pair(
        self,
        a: Partner | Household,
        b: Partner | Household,
        kind: PairingKind | _PairingKindName = "other",
        since: _DateLike = None,
        until: _DateLike = None,
        note: str | None = None,
    ) -> Pairing: ...
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
    ) -> Flow: ...
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
    ) -> Project: ...
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
    ) -> Household: ...
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
    ) -> Benefit: ...
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
    ) -> Exchange: ...
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
    ) -> Training: ...
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
    ) -> LabourRecord: ...
    def add_wish(
        self,
        household: Household,
        text: str,
        *,
        cost: _MoneyLike | None = None,
        date: _DateLike = None,
        note: str | None = None,
        batch: int | None = None,
    ) -> Wish: ...
    def claim_wish(self, wish: Wish, *, by: Partner, date: _DateLike = None) -> None: ...
    def fulfil_wish(self, wish: Wish, *, date: _DateLike = None) -> None: ...
    def cancel_wish(self, wish: Wish, *, date: _DateLike = None) -> None: ...
    def end_pairing(self, pairing: Pairing, *, until: _DateLike) -> None: ...
    def add_event(
        self,
        kind: EventKind | _EventKindName,
        *,
        date: _DateLike = None,
        partners: Iterable[Partner] | None = None,
        note: str | None = None,
        participants: int | None = None,
    ) -> Event: ...
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
    ) -> Person: ...
    def set_status(
        self, household: Household, status: HouseholdStatus | _HouseholdStatusName, *, date: _DateLike,
        note: str | None = None,
    ) -> StatusChange: ...
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
    ) -> Employment: ...
    # value and baseline: money for money indicators, a count for counts, a number for ratios
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
    ) -> Target: ...
    def distribute(
        self,
        source: _Node,
        amount: _MoneyLike,
        *,
        to: Iterable[Household],
        weights: Literal["members"] | Iterable[int] | None = None,
        kind: FlowKind | _FlowKindName = "dividend",
        date: _DateLike = None,
        parent: Flow | None = None,
        purpose: Sector | _SectorName = "unspecified",
        note: str | None = None,
    ) -> list[Flow]: ...
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
        qualifier: Literal["exact", "at_least", "about"] | None = None,
    ) -> int: ...
    def expect(
        self,
        key: str,
        value: _MoneyLike,
        *,
        year: int | None = None,
        east: Partner | None = None,
        west: Partner | None = None,
        qualifier: Literal["exact", "at_least", "about"] | None = None,
        citation: str | None = None,
    ) -> int: ...
    # value: money for money indicators ('4.53亿', '8100万以上'), a count otherwise (494, '494人')
    def add_figure(
        self,
        key: str,
        value: _MoneyLike,
        *,
        year: int,
        east: Partner | None = None,
        west: Partner | None = None,
        qualifier: Literal["exact", "at_least", "about"] | None = None,
        part_of: Figure | None = None,
        citation: str | None = None,
        note: str | None = None,
    ) -> Figure: ...

    # reading
    def household(self, number: str) -> Household: ...
    def person_by_id_number(self, id_number: str) -> Person: ...
    # erasure and restriction of personal data (PIPL Art. 47, 44)
    def erase(self, row: Person | Household, *, reason: _ErasureReason | None = None, date: _DateLike = None) -> bool: ...
    def restrict(self, person: Person) -> bool: ...
    def unrestrict(self, person: Person) -> bool: ...
    def is_restricted(self, person: Person) -> bool: ...
    @property
    def erasures(self) -> list[dict[str, str]]: ...
    @property
    def restricted(self) -> list[Person]: ...
    @property
    def sharing(self) -> dict[str, int | str] | None: ...
    def _restricted_rows(self, table: str) -> list[int]: ...
    def status_of(self, household: Household, *, date: _DateLike = None) -> _HouseholdStatusName: ...
    def exit_year_of(self, household: Household) -> int | None: ...
    @property
    def partners(self) -> PartnerTable: ...
    @property
    def pairings(self) -> PairingTable: ...
    @property
    def flows(self) -> FlowTable: ...
    @property
    def projects(self) -> ProjectTable: ...
    @property
    def households(self) -> HouseholdTable: ...
    @property
    def benefits(self) -> BenefitTable: ...
    @property
    def exchanges(self) -> ExchangeTable: ...
    @property
    def trainings(self) -> TrainingTable: ...
    @property
    def labour(self) -> LabourTable: ...
    @property
    def wishes(self) -> WishTable: ...
    @property
    def events(self) -> EventTable: ...
    @property
    def persons(self) -> PersonTable: ...
    @property
    def status_changes(self) -> StatusChangeTable: ...
    @property
    def employment(self) -> EmploymentTable: ...
    @property
    def targets(self) -> TargetTable: ...
    @property
    def expectations(self) -> ExpectationTable: ...
    @property
    def figures(self) -> FigureTable: ...

    # counting
    def classify(self, boundary: Partner, *, kind: _FlowKinds = "aid") -> dict[str, list[Flow]]: ...

    # files
    def save(self, path: _PathLike, format: _Format = "binary") -> None: ...
    def share(self, path: _PathLike, *, key: bytes | bytearray | str | None = None, k: int = 5,
              format: _Format = "binary") -> None: ...
    def to_bytes(self, format: _Format = "binary") -> bytes: ...
    def __getstate__(self) -> tuple[int, bytes]: ...
    def __setstate__(self, state: tuple[int, bytes], /) -> None: ...
    # the compiled analyses and bulk insertions the package's Registry calls
    def _totals(
        self, by: list[str], year: int | None, source: _Node | Only | None, target: _Node | Only | None,
        kind: _FlowKinds, purpose: _Sectors, stage: Stage | _StageName | None, boundary: Partner | Only | None,
        origin: Partner | Only | None, figures: bool, currency: str | None = None, /,
    ) -> tuple[Any, ...]: ...
    def _report(
        self, year: int | None, east: Partner | Only | None, west: Partner | Only | None, /,
    ) -> tuple[list[tuple[Any, ...]], list[Flow], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[str, str]]]: ...
    def _trace(self, source: _Node | Only, stage: Stage | _StageName, kind: _FlowKinds, below: bool = ..., /) -> tuple[Any, Any, Money]: ...
    def _check(self, open_wishes_before: _DateLike, /) -> list[tuple[Any, ...]]: ...
    def _workshops(self, year: int | None, /) -> list[tuple[Any, ...]]: ...
    def _match_wishes(
        self, donors: Iterable[Partner], budgets: Iterable[Any], by: str, batch: int | None, on: _DateLike, /,
    ) -> list[tuple[Wish, Partner, bool]]: ...
    def _bulk_partners(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_households(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_flows(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_benefits(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_persons(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_employment(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_status_changes(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_pairings(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_projects(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_exchanges(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_trainings(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_labour(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_wishes(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...
    def _bulk_events(self, arg0: dict[str, Any], arg1: int, arg2: Any, arg3: Any, arg4: Any, /) -> Any: ...

def load(path: _PathLike | _BinaryReader, *, progress: _Progress = None) -> Registry: ...
def pseudonym(key: bytes | str, domain: Literal["name", "id", "phone", "household", "worker"], value: str | None) -> str: ...
def _pseudonymise(key: bytes | bytearray | str, domain: str, values: Sequence[str]) -> list[str]: ...
def _pseudonym_domain(table: str, field: str) -> str: ...
def from_bytes(data: bytes | bytearray | memoryview) -> Registry: ...
def table_names() -> list[str]: ...
def _flow_kinds(kind: _FlowKinds, field: str) -> list[_FlowKindName]: ...
def indicators() -> list[dict[str, Any]]: ...
class Only(_Object):
    def __init__(self, *args: Never, **kwargs: Never) -> None: ...  # no constructor: only(p) makes one
    @property
    def partner(self) -> Partner: ...

def only(partner: Partner) -> Only: ...
def report_areas() -> list[tuple[str, str, str]]: ...
def unit_labels() -> dict[str, tuple[str, str]]: ...
def _write_file(path: _PathLike, data: bytes, owner_only: bool = False) -> None: ...

class _FolderWriter(_Object):
    def __init__(self, path: _PathLike, names: list[str], owner_only: bool = False) -> None: ...
    def add(self, name: str, data: bytes) -> None: ...
    def commit(self) -> None: ...
def _synthetic(
    households: int,
    flows: int,
    seed: int,
    first_year: int,
    last_year: int,
    persons: bool,
    identities: bool,
    history: bool,
    workers: int,
    months: int,
    trained: int,
    progress: _Progress = None,
) -> Registry: ...
def _merge(registries: Sequence[Registry], progress: _Progress = None) -> Registry: ...
def _merge_parts(
    parts: list[tuple[Registry, Mapping[str, ArrayLike], Mapping[str, int]]], progress: _Progress = None
) -> Registry: ...
def _partition(
    whole: Registry, parts: int, by: str, /,
) -> list[tuple[Registry, dict[str, NDArray[Any]], list[int], dict[str, int]]]: ...
def _packed_date(value: Any, /) -> int: ...
def _personal_fields() -> dict[str, Any]: ...
