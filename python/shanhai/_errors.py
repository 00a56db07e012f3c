"""The exceptions shanhai raises. Each refused call leaves the registry exactly as it was."""


class Error(Exception):
    """Base of every error shanhai raises on bad input."""


class ValidationError(Error, ValueError):
    """A value or a rule is broken; the message names the field, the value and why."""


class NotFoundError(Error, KeyError):
    """An id, a key or a registry number that does not exist."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


class FormatError(Error, ValueError):
    """Unreadable text or file: damaged, truncated, forged or from a newer format."""


class FileError(Error, OSError):
    """A file could not be read or written; the message names the path and the cause."""
