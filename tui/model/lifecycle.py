"""The lifecycles of docs/product.md §4 as tables: one place says which moves are legal."""

from __future__ import annotations

from tui.model.records import IncidentStatus as IS
from tui.model.records import TeamStatus as TS
from tui.model.records import label


class TransitionError(ValueError):
    """An illegal move; the message says what is allowed instead.

    `field` is what the officer must change: the target `status`, or the missing `reason`.
    """

    def __init__(self, message: str, *, field: str = "status") -> None:
        super().__init__(message)
        self.field = field


INCIDENT_TRANSITIONS: dict[IS, frozenset[IS]] = {
    IS.NEW: frozenset({IS.ACTIVE, IS.MONITORING, IS.CLOSED, IS.CANCELLED}),
    IS.ACTIVE: frozenset({IS.MONITORING, IS.CLOSED, IS.CANCELLED}),
    IS.MONITORING: frozenset({IS.ACTIVE, IS.CLOSED, IS.CANCELLED}),
    IS.CLOSED: frozenset({IS.ACTIVE, IS.MONITORING}),
    IS.CANCELLED: frozenset({IS.ACTIVE, IS.MONITORING}),
}

TEAM_TRANSITIONS: dict[TS, frozenset[TS]] = {
    TS.AVAILABLE: frozenset({TS.ALERTED, TS.EN_ROUTE, TS.OUT_OF_SERVICE}),
    TS.ALERTED: frozenset({TS.EN_ROUTE, TS.AVAILABLE, TS.OUT_OF_SERVICE}),
    TS.EN_ROUTE: frozenset({TS.ON_SCENE, TS.RETURNING, TS.AVAILABLE, TS.OUT_OF_SERVICE}),
    TS.ON_SCENE: frozenset({TS.RETURNING, TS.AVAILABLE, TS.OUT_OF_SERVICE}),
    TS.RETURNING: frozenset({TS.AVAILABLE, TS.OUT_OF_SERVICE}),
    TS.OUT_OF_SERVICE: frozenset({TS.AVAILABLE}),
}

#: Team statuses that serve an incident: a team moving into one needs the incident.
TEAM_SERVING: frozenset[TS] = frozenset({TS.ALERTED, TS.EN_ROUTE, TS.ON_SCENE, TS.RETURNING})


def is_reopen(current: IS, target: IS) -> bool:
    """Leaving closed or cancelled for an open status is a reopen, which needs a reason."""
    return not current.is_open and target.is_open


def check_incident_transition(current: str, target: str, reason: str = "") -> None:
    """Refuse an illegal incident status move with a message that lists the legal ones."""
    cur, tgt = _incident_status(current), _incident_status(target)
    if cur == tgt:
        raise TransitionError(f"the incident is already {label(cur)}")
    allowed = INCIDENT_TRANSITIONS[cur]
    if tgt not in allowed:
        raise TransitionError(
            f"cannot go from {label(cur)} to {label(tgt)}; from {label(cur)} it can go to "
            + ", ".join(label(s) for s in IS if s in allowed)
        )
    if tgt is IS.CANCELLED and not reason.strip():
        raise TransitionError("cancelling an incident needs a reason", field="reason")
    if is_reopen(cur, tgt) and not reason.strip():
        raise TransitionError(f"reopening a {label(cur)} incident needs a reason", field="reason")


def check_team_transition(current: str, target: str, reason: str = "") -> None:
    """Refuse an illegal team status move; out of service needs a reason."""
    cur, tgt = _team_status(current), _team_status(target)
    if cur == tgt:
        raise TransitionError(f"the team is already {label(cur)}")
    allowed = TEAM_TRANSITIONS[cur]
    if tgt not in allowed:
        raise TransitionError(
            f"a team cannot go from {label(cur)} to {label(tgt)}; from {label(cur)} it can go to "
            + ", ".join(label(s) for s in TS if s in allowed)
        )
    if tgt is TS.OUT_OF_SERVICE and not reason.strip():
        raise TransitionError("taking a team out of service needs a reason", field="reason")


def _incident_status(value: str) -> IS:
    try:
        return IS(value)
    except ValueError:
        raise TransitionError(
            f"unknown incident status {value!r}; use one of " + ", ".join(s.value for s in IS)
        ) from None


def _team_status(value: str) -> TS:
    try:
        return TS(value)
    except ValueError:
        raise TransitionError(
            f"unknown team status {value!r}; use one of " + ", ".join(s.value for s in TS)
        ) from None
