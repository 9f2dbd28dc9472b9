"""Hostile strings in every text argument of every command (issue #9: nothing hostile reaches a
terminal): ANSI and OSC escapes, bidi overrides, C0/C1 controls, newlines that spoof a timeline
line, Rich markup, 100,000 characters, and bytes that are not UTF-8 (lone surrogates, through
os.fsencode: Python hands them to the command as surrogate escapes). A NUL cannot be passed in
an argument at all (execve ends the string there); NUL in stored text is the bundle corpus's.

Each run either succeeds, storing the text literally where it is text, or fails with one line
on stderr; never a traceback, and nothing it prints holds a raw control character. The
subcommands are enumerated from `dutydesk --help`, so a new command without cases fails here.
Finally every command that reads is run on a database holding every string that was stored.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from attack_files import raw_controls
from dutydesk_process import RunDutydesk, run_dutydesk
from marks import slow_except

from tui.store.store import Store

HOSTILE: dict[str, str] = {
    "ansi": "\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x1b[31mred\x1b[0m",
    "bidi": "\u202etxt.exe\u202c \u2066iso\u2069 \u200f",
    "controls": "bell\x07 bs\x08 vt\x0b ff\x0c del\x7f c1\x9b31m nel\x85 ls\u2028",
    "newlines": "one\ntwo\r\n  24.11.2026 10:00  Fake   Note   spoofed entry",
    "markup": "[bold red]loud[/bold red] [link=file:///etc/passwd]x[/link]",
    "long": "x" * 100_000,
    "not-utf8": os.fsdecode(b"bad \xed\xa0\x80 \xff\xfe bytes"),
}


@dataclass(frozen=True)
class Ctx:
    db: Path
    ref: str
    bundle: Path
    tmp: Path


@dataclass(frozen=True)
class Arg:
    """One text argument of one command: the argv that puts `value` there."""

    command: str
    name: str
    argv: Callable[[Ctx, str], list[Any]]
    literal: bool = False
    """On success, the value (stripped) is stored as it was given."""


def _p(ctx: Ctx, value: str) -> Path:
    """A path named by the hostile value, inside the test's directory (shortened only past
    what a file name may hold, so that the long case still says its name is too long)."""
    return ctx.tmp / ("h-" + value)


ARGS: list[Arg] = [
    Arg("init", "station", lambda c, v: ["init", "--db", c.tmp / "n.json", "--station", v]),
    Arg(
        "init",
        "region",
        lambda c, v: ["init", "--db", c.tmp / "n.json", "--station", "FL1", "--region", v],
    ),
    Arg("init", "db", lambda c, v: ["init", "--db", _p(c, v), "--station", "FL1"]),
    Arg(
        "new",
        "title",
        lambda c, v: ["new", "--db", c.db, "--title", v, "--district", "Kaluga"],
        literal=True,
    ),
    Arg("new", "district", lambda c, v: ["new", "--db", c.db, "--title", "t", "--district", v]),
    Arg(
        "new",
        "kind",
        lambda c, v: ["new", "--db", c.db, "--title", "t", "--district", "Kaluga", "--kind", v],
    ),
    Arg(
        "new",
        "severity",
        lambda c, v: ["new", "--db", c.db, "--title", "t", "--district", "Kaluga", "--severity", v],
    ),
    Arg(
        "new",
        "at",
        lambda c, v: ["new", "--db", c.db, "--title", "t", "--district", "Kaluga", "--at", v],
    ),
    Arg(
        "new",
        "reported",
        lambda c, v: ["new", "--db", c.db, "--title", "t", "--district", "Kaluga", "--reported", v],
    ),
    *(
        Arg(
            "new",
            field,
            lambda c, v, f=field: [
                "new",
                "--db",
                c.db,
                "--title",
                "t",
                "--district",
                "Kaluga",
                f"--{f}",
                v,
            ],
            literal=True,
        )
        for field in ("location", "settlement", "narrative")
    ),
    Arg(
        "new",
        "station",
        lambda c, v: [
            "new",
            "--db",
            c.tmp / "m.json",
            "--station",
            v,
            "--title",
            "t",
            "--district",
            "Kaluga",
        ],
    ),
    Arg(
        "new",
        "operator",
        lambda c, v: ["new", "--db", c.db, "--operator", v, "--title", "t", "--district", "Kaluga"],
        literal=True,
    ),
    Arg("log", "text", lambda c, v: ["log", "--db", c.db, "--incident", c.ref, v], literal=True),
    Arg("log", "incident", lambda c, v: ["log", "--db", c.db, "--incident", v, "text"]),
    Arg("log", "at", lambda c, v: ["log", "--db", c.db, "--at", v, "text"]),
    Arg("log", "kind", lambda c, v: ["log", "--db", c.db, "--kind", v, "text"]),
    Arg("status", "ref", lambda c, v: ["status", "--db", c.db, v, "active"]),
    Arg("status", "status", lambda c, v: ["status", "--db", c.db, c.ref, v]),
    Arg(
        "status",
        "reason",
        lambda c, v: ["status", "--db", c.db, c.ref, "cancelled", "--reason", v],
        literal=True,
    ),
    Arg("team", "callsign", lambda c, v: ["team", "--db", c.db, v, "available"]),
    Arg("team", "status", lambda c, v: ["team", "--db", c.db, "R1", v]),
    Arg("team", "incident", lambda c, v: ["team", "--db", c.db, "R1", "alerted", "--incident", v]),
    Arg(
        "team",
        "note",
        lambda c, v: ["team", "--db", c.db, "R1", "alerted", "--incident", c.ref, "--note", v],
        literal=True,
    ),
    Arg(
        "team",
        "check-in",
        lambda c, v: ["team", "--db", c.db, "R1", "alerted", "--incident", c.ref, "--check-in", v],
    ),
    Arg(
        "team",
        "reason",
        lambda c, v: ["team", "--db", c.db, "R1", "out_of_service", "--reason", v],
        literal=True,
    ),
    Arg(
        "roster",
        "callsign",
        lambda c, v: [
            "roster",
            "add",
            "--db",
            c.db,
            v,
            "n",
            "--type",
            "fire",
            "--district",
            "Kaluga",
        ],
        literal=True,
    ),
    Arg(
        "roster",
        "name",
        lambda c, v: ["roster", "edit", "--db", c.db, "R1", "--name", v],
        literal=True,
    ),
    Arg("roster", "district", lambda c, v: ["roster", "edit", "--db", c.db, "R1", "--district", v]),
    Arg("roster", "type", lambda c, v: ["roster", "edit", "--db", c.db, "R1", "--type", v]),
    Arg("roster", "retire", lambda c, v: ["roster", "retire", "--db", c.db, v, "--reason", "r"]),
    Arg("roster", "csv", lambda c, v: ["roster", "import", "--db", c.db, _p(c, v)]),
    Arg("list", "status", lambda c, v: ["list", "--db", c.db, "--status", v]),
    Arg("show", "ref", lambda c, v: ["show", "--db", c.db, v]),
    Arg("report", "since", lambda c, v: ["report", "--db", c.db, "--since", v]),
    Arg("report", "until", lambda c, v: ["report", "--db", c.db, "--until", v]),
    Arg("report", "format", lambda c, v: ["report", "--db", c.db, "--format", v]),
    Arg("report", "output", lambda c, v: ["report", "--db", c.db, "-o", _p(c, v)]),
    Arg(
        "handover", "to", lambda c, v: ["handover", "--db", c.db, "--to", v, "--yes"], literal=True
    ),
    Arg("export", "output", lambda c, v: ["export", "--db", c.db, "-o", _p(c, v)]),
    Arg(
        "export",
        "since",
        lambda c, v: ["export", "--db", c.db, "-o", c.tmp / "e.bundle", "--since", v],
    ),
    Arg("import", "bundle", lambda c, v: ["import", "--db", c.db, _p(c, v)]),
    Arg("resolve", "record", lambda c, v: ["resolve", "--db", c.db, v, "title", "--value", "x"]),
    Arg("resolve", "field", lambda c, v: ["resolve", "--db", c.db, c.ref, v, "--value", "x"]),
    Arg("resolve", "value", lambda c, v: ["resolve", "--db", c.db, c.ref, "title", "--value", v]),
    Arg("resolve", "keep", lambda c, v: ["resolve", "--db", c.db, c.ref, "title", "--keep", v]),
    Arg("check", "db", lambda c, v: ["check", "--db", _p(c, v)]),
    Arg("check", "repair-db", lambda c, v: ["check", "--repair", "--db", _p(c, v)]),
    Arg("(app)", "db", lambda c, v: ["--read-only", "--db", _p(c, v)]),
]


def test_every_subcommand_has_hostile_cases(DUTYDESK: RunDutydesk) -> None:
    usage = DUTYDESK("--help").ok()
    block = usage.split("COMMAND\n", 2)[-1].split("\noptions:")[0]
    commands = set(re.findall(r"^    ([a-z]+) ", block, flags=re.MULTILINE))
    assert len(commands) >= 13, usage
    assert commands == {a.command for a in ARGS} - {"(app)"}


def _ctx(tmp_path: Path) -> Ctx:
    db = tmp_path / "duty.json"
    store = Store.create(db, "HQ", operator="officer")
    ref = store.create_incident("Drone shot down", "Sukhinichsky").ref
    store.create_team("R1", "Rescue one", "rescue", "Kaluga")
    bundle = tmp_path / "out.bundle"
    store.export_bundle(bundle)
    return Ctx(db, ref, bundle, tmp_path)


def _stored_texts(db: Path) -> set[str]:
    texts: set[str] = set()
    store = Store.open(db, read_only=True)
    for table in (
        store.state.incidents,
        store.state.entries,
        store.state.teams,
        store.state.settings,
    ):
        for doc in table.values():
            texts |= {v for v in doc.values() if isinstance(v, str)}
            for value in doc.values():
                if isinstance(value, list):
                    texts |= {str(i.get("to", "")) for i in value if isinstance(i, dict)}
    return texts


def _judge(run, value: str, arg: Arg, ctx: Ctx) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert not raw_controls(run.stdout), run.stdout[:500]
    assert not raw_controls(run.stderr), run.stderr[:500]
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1, f"{arg.command} {arg.name}: {run.stderr[:1000]!r}"
        assert len(lines[0]) < 2_000, "an error line quotes the whole argument"
        return
    if arg.literal and ctx.db.exists():
        stored = _stored_texts(ctx.db)
        assert value.strip() in stored or value in stored, f"{arg.name} not stored literally"


CASES = [
    pytest.param(arg, kind, id=f"{arg.command}-{arg.name}-{kind}")
    for arg in ARGS
    for kind in HOSTILE
]
FAST = (
    "new-title-ansi",
    "log-text-newlines",
    "show-ref-bidi",
    "team-note-not-utf8",
    "import-bundle-long",
    "status-reason-controls",
)


@pytest.mark.parametrize(("arg", "kind"), slow_except(CASES, *FAST))
def test_a_hostile_argument_is_stored_literally_or_refused_in_one_line(
    arg: Arg, kind: str, tmp_path: Path, DUTYDESK: RunDutydesk
) -> None:
    ctx = _ctx(tmp_path)
    value = HOSTILE[kind]
    run = DUTYDESK(*arg.argv(ctx, value), timeout=30)
    _judge(run, value, arg, ctx)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Ctx:
    """One database that took every hostile string a command would store."""
    ctx = _ctx(tmp_path_factory.mktemp("hostile-db"))
    for arg in ARGS:
        if not arg.literal:
            continue
        for kind, value in HOSTILE.items():
            if kind in ("long", "not-utf8") and arg.name not in ("text", "narrative"):
                continue
            run = run_dutydesk(*arg.argv(ctx, value))
            assert "Traceback" not in run.stderr, run.stderr
    return ctx


READERS: list[tuple[str, Callable[[Ctx], list[Any]]]] = [
    ("list", lambda c: ["list", "--db", c.db]),
    ("list-json", lambda c: ["list", "--db", c.db, "--json"]),
    ("show", lambda c: ["show", "--db", c.db, c.ref]),
    ("show-json", lambda c: ["show", "--db", c.db, c.ref, "--json"]),
    ("report", lambda c: ["report", "--db", c.db, "--since", "-1h"]),
    ("report-md", lambda c: ["report", "--db", c.db, "--since", "-1h", "--format", "md"]),
    ("report-json", lambda c: ["report", "--db", c.db, "--since", "-1h", "--format", "json"]),
    ("check", lambda c: ["check", "--db", c.db]),
    ("export", lambda c: ["export", "--db", c.db, "-o", c.tmp / "all.bundle"]),
    (
        "import-dry-run",
        lambda c: ["import", "--db", c.tmp / "fresh.json", c.tmp / "all.bundle", "--dry-run"],
    ),
]


@pytest.mark.parametrize(
    ("name", "argv"),
    slow_except([pytest.param(n, a, id=n) for n, a in READERS]),
)
def test_every_reader_prints_a_hostile_database_harmlessly(
    name: str, argv: Callable[[Ctx], list[Any]], hostile_db: Ctx, DUTYDESK: RunDutydesk
) -> None:
    if name == "import-dry-run":
        fresh = hostile_db.tmp / "fresh.json"
        if not fresh.exists():
            Store.create(fresh, "FL1")
        if not (hostile_db.tmp / "all.bundle").exists():
            DUTYDESK("export", "--db", hostile_db.db, "-o", hostile_db.tmp / "all.bundle").ok()
    run = DUTYDESK(*argv(hostile_db))
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0 or name == "check", run.stderr
    assert not raw_controls(run.stdout), [c for c in raw_controls(run.stdout)][:10]
    assert not raw_controls(run.stderr)
    stored = _stored_texts(hostile_db.db)
    assert HOSTILE["ansi"] in stored and HOSTILE["newlines"] in stored  # it was stored raw


@pytest.mark.slow
def test_the_hostile_database_really_holds_the_strings(hostile_db: Ctx) -> None:
    stored = _stored_texts(hostile_db.db)
    for kind in ("ansi", "bidi", "controls", "markup"):
        assert HOSTILE[kind] in stored, kind
    shutil.rmtree(hostile_db.tmp / "nothing", ignore_errors=True)
