"""An import is planned once and applied as planned: the dry run lists exactly what it does,
archived incidents it touches come back in the same journal line as its changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.store.store import Store


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def journal_lines(store: Store) -> int:
    return len(store.journal.read_bytes().splitlines())


def test_an_update_to_an_archived_incident_is_one_journal_line_with_its_restore(
    tmp_path: Path,
) -> None:
    clock = Clock(datetime(2025, 12, 1, 10, 0, tzinfo=UTC))
    office = Store.create(tmp_path / "office.json", "HQ", operator="o", clock=clock)
    old = office.create_incident("Grass fire", "Kaluga")
    office.change_status(old.ref, "closed")
    office.export_bundle(tmp_path / "start.bundle")
    laptop = Store.create(tmp_path / "laptop.json", "FL1", operator="f", clock=clock)
    laptop.import_bundle(tmp_path / "start.bundle")
    clock.now = datetime(2026, 1, 20, 10, 0, tzinfo=UTC)
    office.create_incident("Live fire", "Kaluga")
    assert office.archive(force=True) == 1  # the office archives the grass fire
    laptop.change_status(old.ref, "active", reason="smouldering again")
    laptop.export_bundle(tmp_path / "late.bundle")

    plan = office.plan_import(tmp_path / "late.bundle")
    lines = plan.summary.lines(dry_run=True)
    assert f"  would bring back {old.ref} from its yearly archive" in lines
    assert any("would change" in line and old.ref in line for line in lines)
    before = journal_lines(office)
    clock.now += timedelta(minutes=1)
    done = office.apply_import(plan)
    assert done.restored == [old.ref]
    assert journal_lines(office) == before + 1
    reread = Store.open(office.path, read_only=True)
    assert reread.incident(old.ref).status == "active"
    assert [e.text for e in reread.timeline(old.ref)][-1].endswith("smouldering again")


def test_a_plan_is_made_again_when_the_database_moved_on(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    office = Store.create(tmp_path / "office.json", "HQ", operator="o", clock=clock)
    shared = office.create_incident("Drone shot down", "Sukhinichsky")
    office.export_bundle(tmp_path / "start.bundle")
    laptop = Store.create(tmp_path / "laptop.json", "FL1", operator="f", clock=clock)
    laptop.import_bundle(tmp_path / "start.bundle")
    clock.now += timedelta(minutes=5)
    laptop.edit_incident(shared.ref, {"title": "Drone shot down near Glazovo"})
    laptop.export_bundle(tmp_path / "edit.bundle")
    plan = office.plan_import(tmp_path / "edit.bundle")
    assert plan.summary.conflicts == []
    other = Store.open(office.path, operator="colleague", clock=clock)
    other.edit_incident(shared.ref, {"title": "Drone down by the minor road"})
    done = office.apply_import(plan)  # written meanwhile: planned again, conflict found
    assert done.conflicts and "title" in done.conflicts[0]
