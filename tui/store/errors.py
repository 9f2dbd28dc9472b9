"""What can go wrong with a database, phrased for the person who has to act on it."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base of every error the store reports; its message is one line a person can act on.

    `field` names the input the refusal is about (`"check_in_due"`, `"incident"`), so a form
    shows the message beside that field; None when it is about the request as a whole.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DamagedFileError(StoreError):
    """A file that is not a readable Duty Desk database: it is refused and never overwritten."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}; the file was left untouched")


class SchemaTooNewError(DamagedFileError):
    """Written by a newer Duty Desk: reading it could misread fields, so it is refused."""


class WriteFailedError(StoreError):
    """The disk refused a write (full, I/O error, too large): nothing was saved."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        self.path = Path(path)
        self.reason = error.strerror or str(error)
        super().__init__(
            f"could not save to {self.path}: {self.reason}; nothing was saved "
            "and the previous data is intact"
        )


class AlreadyExistsError(StoreError):
    """Creating a database where one already is: the existing file is left untouched."""


class ReadOnlyError(StoreError):
    """A write was asked of a store opened read-only."""


class NotFoundError(StoreError, LookupError):
    """An incident, entry or team named by the user does not exist (a `LookupError`, so code
    that reads through a protocol, like the reports, need not know the store's errors)."""


class InvalidInputError(StoreError):
    """A value the user gave cannot be stored (empty title, unknown kind, negative casualties)."""


class JournalDamageError(DamagedFileError):
    """The database file and its journal disagree: acknowledged changes may be missing, so
    nothing is written until an officer repairs it on purpose (`dutydesk check --repair`)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        StoreError.__init__(
            self,
            f"{self.path}: {reason}; nothing can be written until it is repaired "
            "(`dutydesk check --repair` records the gap and starts a new journal)",
        )
