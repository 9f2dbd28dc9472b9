"""The lifecycles (docs/product.md §4): legal moves pass, illegal ones are refused with a reason."""

from __future__ import annotations

import itertools

import pytest

from tui.model.lifecycle import (
    INCIDENT_TRANSITIONS,
    TEAM_TRANSITIONS,
    TransitionError,
    check_incident_transition,
    check_team_transition,
)
from tui.model.records import IncidentStatus, TeamStatus


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "active"),
        ("active", "monitoring"),
        ("monitoring", "closed"),
        ("active", "closed"),
        ("monitoring", "active"),
    ],
)
def test_forward_incident_moves_need_no_reason(current: str, target: str) -> None:
    check_incident_transition(current, target)


def test_cancelling_needs_a_reason() -> None:
    with pytest.raises(TransitionError, match="needs a reason"):
        check_incident_transition("active", "cancelled")
    with pytest.raises(TransitionError, match="needs a reason"):
        check_incident_transition("active", "cancelled", "   ")
    check_incident_transition("active", "cancelled", "false alarm")


def test_closed_to_active_is_a_reopen_with_a_reason() -> None:
    with pytest.raises(TransitionError, match="reopening"):
        check_incident_transition("closed", "active")
    check_incident_transition("closed", "active", "second drone found")


def test_illegal_move_names_the_legal_ones() -> None:
    with pytest.raises(TransitionError) as error:
        check_incident_transition("closed", "new")
    assert "active" in str(error.value) and "monitoring" in str(error.value)


def test_same_status_and_unknown_status_are_refused() -> None:
    with pytest.raises(TransitionError, match="already"):
        check_incident_transition("active", "active")
    with pytest.raises(TransitionError, match="unknown incident status"):
        check_incident_transition("active", "done")


def test_team_cycle_and_out_of_service_from_anywhere() -> None:
    cycle = ["available", "alerted", "en_route", "on_scene", "returning", "available"]
    for current, target in itertools.pairwise(cycle):
        check_team_transition(current, target)
    for status in TeamStatus:
        if status is not TeamStatus.OUT_OF_SERVICE:
            with pytest.raises(TransitionError, match="reason"):
                check_team_transition(status, "out_of_service")
            check_team_transition(status, "out_of_service", "engine failure")


def test_team_cannot_skip_to_on_scene_from_available() -> None:
    with pytest.raises(TransitionError, match="cannot go from available to on scene"):
        check_team_transition("available", "on_scene")


def test_every_status_is_reachable_from_the_start() -> None:
    for table, start in (
        (INCIDENT_TRANSITIONS, IncidentStatus.NEW),
        (TEAM_TRANSITIONS, TeamStatus.AVAILABLE),
    ):
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in table[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        assert seen == set(table)
