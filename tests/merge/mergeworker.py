"""A child process of the kill -9 test (run as a script, not collected).

    mergeworker.py DB BUNDLE    open DB as a writer, then import BUNDLE

It prints `READY` once the database is open and `DONE <new changes>` once the import returned,
each with one unbuffered write(2), so a line the parent reads was printed before any kill.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui.store.store import Store


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def main(argv: list[str]) -> int:
    db, bundle = Path(argv[0]), Path(argv[1])
    store = Store.open(db, operator="importer")
    say("READY")
    summary = store.import_bundle(bundle)
    say(f"DONE {summary.new_changes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
