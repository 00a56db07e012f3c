"""The exceptions shanhai raises. Each refused call leaves the registry exactly as it was.

Beside its message every error says what failed, where that is known: ``table`` ("flows"),
``row`` (of a batch or a file), ``field`` ("amount"), ``value`` (the refused value as text; None
for personal fields, which are never echoed) and ``reason``, a code from a fixed vocabulary
(``"out_of_range"``, ``"required"``, ``"wrong_type"``, ...: the C++ ``shanhai::reason``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any


class Error(Exception):
    """Base of every error shanhai raises on bad input."""

    table: str | None
    row: int | None
    field: str | None
    value: str | None
    reason: str | None

    def __init__(self, message: str = "", *, table: str | None = None, row: int | None = None,
                 field: str | None = None, value: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.table, self.row, self.field, self.value, self.reason = table, row, field, value, reason

    def __str__(self) -> str:  # KeyError and OSError would show the message otherwise
        return str(self.args[0]) if self.args else ""

    def __reduce__(self):  # type: ignore[no-untyped-def]  # pickles with its fields
        return (_rebuild, (type(self), str(self), self.table, self.row, self.field, self.value, self.reason))


def _rebuild(cls: type[Error], message: str, table: str | None, row: int | None, field: str | None,
             value: str | None, reason: str | None) -> Error:
    return cls(message, table=table, row=row, field=field, value=value, reason=reason)


class ValidationError(Error, ValueError):
    """A value or a rule is broken; the message names the field, the value and why."""


class WrongTypeError(ValidationError, TypeError):
    """A value of the wrong type (a bool where money goes, a number where text goes)."""


class NotFoundError(Error, KeyError):
    """An id, a key or a registry number that does not exist."""


class FormatError(Error, ValueError):
    """Unreadable text or file: damaged, truncated, forged or from a newer format."""


class FileError(Error, OSError):
    """A file could not be read or written; the message names the path and the cause."""


# ---- refusals made in Python, as the compiled ones: each names its field and reason ----------

def wrong_type(field: str, message: str, *, table: str | None = None) -> WrongTypeError:
    """The error for a value of the wrong Python type for ``field``."""
    return WrongTypeError(message, table=table, field=field, reason="wrong_type")


def expect(value: Any, kinds: type | tuple[type, ...], field: str, message: str) -> Any:
    """``value`` when it is an instance of ``kinds`` (a bool never counts as a number); else a
    WrongTypeError naming ``field``."""
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
        raise wrong_type(field, message)
    return value


def one_of(value: object, allowed: Collection[str], field: str, message: str) -> str:
    """``value`` when it is one of the names ``allowed``; else WrongTypeError (not text) or
    ValidationError (reason unknown_value) with ``message``, naming ``field``."""
    if not isinstance(value, str):
        raise wrong_type(field, message)
    if value not in allowed:
        raise ValidationError(message, field=field, value=value if len(value) <= 40 else None, reason="unknown_value")
    return value


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)
