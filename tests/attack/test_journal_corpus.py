"""The damaged-journal corpus (journal_corpus.py): each case is refused by every command in one
line naming what is wrong, with nothing written, and `dutydesk check --repair` leaves a database
that takes writes and passes `check`; a torn tail is recovered; a hand-edited invalid record is
shown marked and named by `check`. Never a traceback.

Every case through the Store API; through the real command (list, log, check, check --repair,
log, check) the fast set keeps a few, the full run all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_files import fingerprint, raw_controls
from dutydesk_process import RunDutydesk
from journal_corpus import CASES, JournalCase, build_one
from marks import slow_except

from tui.store.check import check_database
from tui.store.errors import StoreError
from tui.store.store import Store

PARAMS = [pytest.param(case, id=case.name) for case in CASES]


@pytest.mark.parametrize("case", PARAMS)
def test_store_answers_each_damaged_journal(case: JournalCase, tmp_path: Path) -> None:
    db = build_one(tmp_path, case)
    if case.outcome == "recovers":
        store = Store.open(db)
        store.append_entry(store.incidents()[0].ref, "after the damage")
        assert check_database(db).ok
        return
    if case.outcome == "damaged_record":
        store = Store.open(db)
        assert any(i.damaged for i in store.incidents()) or any(
            e.damaged for i in store.incidents() for e in store.timeline(i.id)
        )
        assert any("is damaged" in p for p in check_database(db).problems)
        store.append_entry(store.incidents()[-1].ref, "writes go on")
        return
    before = fingerprint(db)
    for read_only in (True, False):
        with pytest.raises(StoreError) as refused:
            Store.open(db, read_only=read_only)
        message = str(refused.value)
        assert case.says in message and "\n" not in message, message
        assert fingerprint(db) == before
    with pytest.raises(StoreError):
        check_database(db)
    if not case.repairs:
        with pytest.raises(StoreError):
            Store.repair(db)
        assert fingerprint(db) == before
        return
    damage = Store.repair(db)
    assert damage is not None and case.says in str(damage)
    store = Store.open(db)
    entry = store.append_entry(None, "written after the repair")
    assert Store.open(db, read_only=True).entry(entry.id).text == "written after the repair"
    report = check_database(db)
    assert report.ok, report.problems
    assert Store.repair(db) is None  # once repaired, nothing more to repair


@pytest.mark.parametrize(
    "case",
    slow_except(
        PARAMS, "torn-tail", "crc-ok-not-changes", "older-journal", "hand-edited-invalid-record"
    ),
)
def test_every_command_answers_each_damaged_journal(
    case: JournalCase, tmp_path: Path, DUTYDESK: RunDutydesk
) -> None:
    db = build_one(tmp_path, case)
    if case.outcome == "recovers":
        DUTYDESK("list", "--db", db).ok()
        DUTYDESK("log", "--db", db, "after the damage").ok()
        assert "OK" in DUTYDESK("check", "--db", db).ok()
        return
    if case.outcome == "damaged_record":
        listed = DUTYDESK("list", "--db", db).ok()
        assert not raw_controls(listed)
        checked = DUTYDESK("check", "--db", db)
        assert checked.returncode != 0 and "Traceback" not in checked.stderr
        assert "is damaged" in checked.stdout + checked.stderr
        DUTYDESK("log", "--db", db, "writes go on").ok()
        return
    before = fingerprint(db)
    for args in (("list",), ("log", "must not be written"), ("check",), ("report",)):
        line = DUTYDESK(*args, "--db", db).error_line()
        assert case.says in line and db.name in line, line
        assert fingerprint(db) == before, f"{args} changed the database"
    if not case.repairs:
        DUTYDESK("check", "--repair", "--db", db).error_line()
        assert fingerprint(db) == before
        return
    repaired = DUTYDESK("check", "--repair", "--db", db).ok()
    assert "repaired" in repaired, repaired
    entry_id = DUTYDESK("log", "--db", db, "written after the repair").ok().strip()
    assert "OK" in DUTYDESK("check", "--db", db).ok()
    assert Store.open(db, read_only=True).entry(entry_id).text == "written after the repair"
