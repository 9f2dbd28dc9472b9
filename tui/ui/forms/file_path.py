"""A file path typed by the officer: `~` and relative names understood, checked as they type.

Shared by the forms that write or read a file other than the database (a saved shift report,
an export bundle, a bundle to import). The checks are single `stat`s, cheap enough per keystroke;
the writing itself happens in the form's save worker.
"""

from __future__ import annotations

from pathlib import Path

from textual.validation import ValidationResult, Validator

from tui.store.errors import StoreError

#: The suffix of a bundle file (any name works; this one says what the file is).
BUNDLE_SUFFIX = "ddb"


def expand(text: str) -> Path:
    """What the officer typed as an absolute path (`~` is their home, relative is the cwd)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


def shown(path: Path) -> str:
    """A path as the officer would type it: under the home folder it starts with `~`."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def file_problem(path: Path, error: OSError) -> StoreError:
    """A file the save worker could not read or write, as a refusal beside the path."""
    return StoreError(f"{shown(path)}: {error.strerror or error}", field="path")


def in_home(name: str) -> str:
    """A prefill for a new file: `~/name` (the home folder always exists and is theirs)."""
    return shown(Path.home() / name)


class FilePath(Validator):
    """A file to write (`must_exist=False`: its folder exists, it is not a folder itself) or
    to read (`must_exist=True`)."""

    def __init__(self, *, must_exist: bool, example: str) -> None:
        super().__init__()
        self.must_exist = must_exist
        self.example = example

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure(f"a file is needed, e.g. {self.example}", value)
        path = expand(value)
        if path.is_dir():
            return self.failure(f"{shown(path)} is a folder: add a file name", value)
        if self.must_exist:
            if not path.exists():
                return self.failure(f"{shown(path)}: no such file", value)
        elif not path.parent.is_dir():
            return self.failure(f"no folder {shown(path.parent)}: create it first", value)
        return self.success()


def replacing_note(value: str) -> str:
    """The note under a path to write: say so before an existing file is replaced."""
    if not value.strip():
        return ""
    path = expand(value)
    return f"{shown(path)} exists: saving replaces it" if path.is_file() else ""
