"""shanhai (山海): paired East-West assistance programmes, counted honestly.

Partners, pairings, money flows, projects, households, talent exchange and micro-wishes in one
registry; totals that count every yuan once; the year's report; files that can be trusted.

    >>> import shanhai as sh
    >>> reg = sh.datasets.siming_linxia_2018()
    >>> reg.report(year=2018)["funds.total"]
    Money('2210.2万')
"""

from ._errors import Error, FileError, FormatError, NotFoundError, ValidationError, WrongTypeError  # noqa: I001
from ._core import (
    FORMAT_VERSION,
    Benefit,
    BenefitKind,
    Education,
    Employment,
    Event,
    EventKind,
    Exchange,
    Expectation,
    Figure,
    Flow,
    FlowClass,
    FlowKind,
    Health,
    Household,
    HouseholdStatus,
    Labour,
    LabourDestination,
    LabourRecord,
    LabourStatus,
    Money,
    Only,
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
    WishState,
    indicators,
    only,
    pseudonym,
)
from ._results import Finding, Findings, Ref, Report, Totals, Trace
from ._registry import Registry, Table, from_bytes, load
from ._partition import Partition
from ._merge import merge

from . import datasets, display, plot

options = display.options  # sh.options.lang = "en"; sh.options.max_rows = 20

from . import fts, iati, spreadsheets  # noqa: E402
from .fts import read_fts  # noqa: E402
from .iati import read_iati  # noqa: E402
from .spreadsheets import read_csv, read_excel  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "FORMAT_VERSION", "Benefit", "BenefitKind", "Education", "Employment", "Error", "Event", "EventKind", "Exchange", "Expectation",
    "Figure", "FileError", "Finding", "Findings", "Flow", "FlowClass", "FlowKind", "FormatError", "Health", "Household", "HouseholdStatus",
    "Labour", "LabourDestination", "LabourRecord", "LabourStatus", "Money", "NotFoundError", "Only", "Pairing", "PairingKind", "Partition", "Partner", "PartnerKind", "Person",
    "PovertyCause", "Project", "Ref", "Registry", "Relation", "Report", "Role", "Sector", "Sex", "Side", "Stage",
    "StatusChange", "Table", "Target", "Totals", "Trace", "Training", "ValidationError", "Wish", "WishState", "WrongTypeError", "datasets",
    "display", "from_bytes", "fts", "iati", "indicators", "load", "merge", "only", "options", "plot", "pseudonym", "read_csv", "read_excel", "read_fts", "read_iati",
    "spreadsheets",
]
