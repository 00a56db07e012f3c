"""Personal data in what the library shows and exports: masked by default.

Every row-level output (``to_pandas()``, a table's ``repr`` and ``_repr_html_``, ``to_csv``,
``to_excel``) passes its columns through :func:`apply`, which reads the library's one list of what
is personal (C++ ``shanhai::personal_fields``, here :data:`CLASSES`). ``personal=``:

- ``"mask"`` (the default): ID numbers keep their first 6 characters (``620102************``),
  phones their first 3 and last 4 (``138****5678``), names the surname and one ``*`` (``马*``),
  registry numbers their first 6 and a ``*`` for each other character; other identifiers (worker
  keys) and free text are withheld; addresses are cut at the village; sensitive fields are left
  out. For a person under 14 on the output's date (age from the ID number, else the birth year;
  an unknown age counts as adult) name and ID number are withheld entirely.
- ``"show"``: every value as stored, sensitive fields included.
- ``"drop"``: identifier, sensitive and free-text columns left out (addresses cut at the village).
- ``"pseudonymise"`` with ``key=`` (at least 16 bytes): each identifier replaced by its keyed
  pseudonym (``shanhai.pseudonym``: the same under the same key in every call, file and process;
  a person's name and a household's head_name join); sensitive and free-text columns left out,
  addresses cut at the village. Still personal information under PIPL (Art. 73).

A restricted person's personal fields are blank in every output, ``"show"`` included.

Handles and column access (``reg.persons[0].id_number``, C++ columns) stay raw: the program that
holds the registry is trusted; what leaves it is masked.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import _core
from ._errors import ValidationError, wrong_type

if TYPE_CHECKING:
    from ._registry import Table

CLASSES: dict[str, dict[str, str]] = _core._personal_fields()
MODES = ("mask", "show", "drop", "pseudonymise")
WITHHELD = "[withheld]"


class Pseudonymise(str):
    """The mode ``"pseudonymise"`` with its key: passed on wherever a mode goes."""

    key: bytes | bytearray | str

    def __new__(cls, key: bytes | bytearray | str) -> Pseudonymise:
        self = super().__new__(cls, "pseudonymise")
        self.key = key
        return self


def mode(personal: object, call: str, key: object = None) -> str:
    """``personal`` checked: one of MODES; ``"pseudonymise"`` needs ``key`` (at least 16 bytes),
    which no other mode takes. The key is never echoed."""
    if isinstance(personal, Pseudonymise):
        return personal
    if key is not None and not isinstance(key, (bytes, bytearray, str)):
        raise wrong_type("key", f"{call} key: expected bytes or str (at least 16 bytes), got {type(key).__name__}")
    if not isinstance(personal, str):
        raise wrong_type("personal", f"{call} personal: expected one of {', '.join(MODES)}, got {personal!r}")
    if personal not in MODES:
        raise ValidationError(f"{call} personal: {personal!r} is not one of {', '.join(MODES)}", field="personal",
                              value=personal, reason="unknown_value")
    if personal != "pseudonymise":
        if key is not None:
            raise ValidationError(f"{call} key: a key is for personal='pseudonymise' only, not {personal!r}",
                                  field="key", reason="rule")
        return personal
    if not isinstance(key, (bytes, bytearray, str)):  # None: a key of another type was refused above
        raise ValidationError(f"{call} key: personal='pseudonymise' needs a key (at least 16 bytes)", field="key",
                              reason="required")
    _core._pseudonymise(key, "name", [])  # the key checked before anything is written
    return Pseudonymise(key)


def owner_only(personal: object) -> bool:
    """Whether a new file written in mode ``personal`` is its owner's alone (0600): one that holds
    personal data as stored, or pseudonymised (still personal information under PIPL)."""
    return personal in ("show", "pseudonymise")


def kept(table: str, columns: Iterable[str], personal: str) -> list[str]:
    """The columns of ``table`` an output in mode ``personal`` holds, in their order."""
    classes = CLASSES.get(table, {})
    if personal == "show":
        return list(columns)
    gone = ({"sensitive"} if personal == "mask" else {"sensitive", "free_text"} if personal == "pseudonymise" else
            {"sensitive", "identifier", "free_text"})
    return [c for c in columns if classes.get(c, "not_personal") not in gone or c == "address"]


# ---- how each identifier is masked

def _id_number(v: str) -> str:
    return v[:6] + "*" * (len(v) - 6) if v else v


def _phone(v: str) -> str:
    if not v:
        return v
    if "-" in v:  # a landline: its area code and the last 4 digits
        area, local = v.split("-", 1)
        return f"{area}-{'*' * max(len(local) - 4, 0)}{local[-4:]}"
    return v[:3] + "*" * max(len(v) - 7, 0) + v[-4:]


def _name(v: str) -> str:
    return v[:1] + "*" if v else v


def _withheld(v: Any) -> Any:
    return WITHHELD if v else v


def masked(v: str) -> bool:
    """Whether an identifier's text is one of the masked forms an output writes."""
    return "*" in v or v == WITHHELD


MASKS: dict[str, Callable[[str], str]] = {"id_number": _id_number, "phone": _phone, "name": _name, "head_name": _name,
                                          "number": _id_number}


def _age_unknown_or_adult(id_numbers: Sequence[str], birth_years: Sequence[int | None], as_of: _dt.date) -> list[bool]:
    """Whether each person is 14 or older on ``as_of`` (or of unknown age): whole years between
    two dates written yyyymmdd are their difference's ten-thousands. Only an ID number's shape is
    read (18 characters): a shared registry's pseudonyms (16) are never taken for one."""
    today = as_of.year * 10000 + as_of.month * 100 + as_of.day
    by_year = (as_of.year - 14) * 10000  # a birth year alone: the age reached this year
    return [(today - int(number[6:14])) // 10000 >= 14 if len(number) == 18 and number[6:14].isdigit() else
            not year or int(year) * 10000 <= by_year for number, year in zip(id_numbers, birth_years)]


def _cut_at_village(address: str, village: str) -> str:
    """The address up to and including its village's name; the village's name when the address
    does not hold it."""
    if not address:
        return address
    at = address.find(village) if village else -1
    return address[: at + len(village)] if at >= 0 else village


def village_names(view: Table[Any]) -> Callable[[Any], str]:
    """A household's village (an id or a handle) to its name, for addresses cut at the village;
    the partners' names are read once, when first needed."""
    names: list[list[str]] = []

    def name(village: Any) -> str:
        if not names:
            names.append(view._partner_names())
        return names[0][village if isinstance(village, int) else village.id]

    return name


def _blank(v: object) -> str | list[Any] | None:
    return "" if isinstance(v, str) else [] if isinstance(v, list) else None


def restricted_rows(view: Table[Any], rows: Iterable[int] | None = None) -> list[int]:
    """The positions, among ``rows`` (row ids; None: every row), of the rows of ``view``'s table
    an output blanks for restricted persons."""
    restricted = view._restricted_rows()
    if rows is None or not restricted:
        return restricted
    where = {r: i for i, r in enumerate(rows)}
    return [where[r] for r in restricted if r in where]


def _without_restricted(table: str, columns: Mapping[str, Any], restricted: Iterable[int]) -> dict[str, Any]:
    """``columns`` with every personal field (identifier, free text, sensitive) of the rows at
    positions ``restricted`` blank."""
    classes = CLASSES.get(table, {})
    out = dict(columns)
    for name, values in columns.items():
        if table == "households" and name != "head_name":
            continue  # of a household's row, only the head's name is the person's
        if classes.get(name, "not_personal") in ("identifier", "free_text", "sensitive"):
            values = list(values)
            for i in restricted:
                values[i] = _blank(values[i])
            out[name] = values
    return out


def apply(table: str, columns: dict[str, Any], personal: str, *, village_name: Callable[[Any], str] | None = None,
          as_of: _dt.date | None = None, restricted: Sequence[int] = ()) -> dict[str, Any]:
    """Some rows of ``table`` (every column's values for the same rows, as lists) as an output in
    mode ``personal`` holds them. ``village_name(v)``: the name of a household's village value
    (for addresses); ``restricted``: the positions of rows of restricted persons (blanked in every
    mode)."""
    if restricted:
        columns = _without_restricted(table, columns, restricted)
    if personal == "show" or table not in CLASSES:
        return columns
    classes = CLASSES[table]
    out: dict[str, Any] = {}
    adult = None
    if table == "persons" and personal == "mask" and "id_number" in columns:
        adult = _age_unknown_or_adult(columns["id_number"], columns.get("birth_year", [0] * len(columns["id_number"])),
                                      as_of or _dt.date.today())
    for name in kept(table, columns, personal):
        values = columns[name]
        cls = classes.get(name, "not_personal")
        if name == "address":
            villages = [village_name(v) for v in columns["village"]] if village_name else [""] * len(values)
            values = [_cut_at_village(a, v) for a, v in zip(values, villages)]
        elif cls == "identifier" and isinstance(personal, Pseudonymise):
            domain = _core._pseudonym_domain(table, name)
            values = _core._pseudonymise(personal.key, domain, list(values)) if domain else \
                [_withheld(v) for v in values]
        elif cls == "identifier":
            mask: Callable[[Any], Any] = MASKS.get(name, _withheld)
            values = [mask(v) for v in values]
            if adult is not None and name in ("name", "id_number"):
                values = [v if a else _withheld(v) for v, a in zip(values, adult)]
        elif cls == "free_text":
            values = [_withheld(v) for v in values]
        out[name] = values
    return out
