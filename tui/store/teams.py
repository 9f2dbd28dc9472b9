"""Planners for response teams: the roster (add, edit, retire), and each team's lifecycle.

A team's status change is also an entry on the incident it serves, and a dispatch adds the
team to the incident (docs/product.md §4), so these plans touch the team, the incident and the
timeline together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.lifecycle import TEAM_SERVING, TransitionError, check_team_transition
from tui.model.records import EntryKind, IncidentStatus, Team, TeamStatus, label
from tui.model.timegrammar import echo, to_iso
from tui.model.validators import RecordError, check_team
from tui.store.changes import Context, Draft, entry_draft, new_id
from tui.store.errors import InvalidInputError, NotFoundError
from tui.store.incidents import live_incident
from tui.store.incidents import plan_status as plan_incident_status


def team_doc(ctx: Context, callsign_or_id: str) -> dict[str, Any]:
    """A team by call sign (any case) or id; an unknown one lists the call signs there are."""
    key = callsign_or_id.strip()
    state = ctx.state
    doc = state.teams.get(state.by_callsign.get(key.casefold()) or key)
    if doc is None:
        known = ", ".join(t["callsign"] for t in state.teams.values()) or "none yet"
        raise NotFoundError(f"no team {callsign_or_id!r} (teams: {known})", field="team")
    return doc


def plan_create(
    ctx: Context, callsign: str, name: str, team_type: str, home_district: str, note: str
) -> list[Draft]:
    """A new team on the roster, available from now."""
    callsign = callsign.strip()
    if callsign and callsign.casefold() in ctx.state.by_callsign:
        raise InvalidInputError(
            f"a team with call sign {callsign!r} already exists", field="callsign"
        )
    try:
        home = ctx.rules.district(home_district)
    except RecordError as error:
        raise InvalidInputError(str(error), field="home_district") from None
    doc = Team(
        id=new_id(),
        callsign=callsign,
        name=name.strip(),
        type=team_type,
        home_district=home,
        status=TeamStatus.AVAILABLE.value,
        status_since=to_iso(ctx.now),
        note=note.strip(),
    ).to_doc()
    check_team(doc, ctx.rules)
    return [Draft("teams", doc["id"], "create", None, doc)]


#: What an officer may change of a team on the roster. Its status moves only by `plan_status`;
#: its call sign is its name on every station's board (a renamed team is a new team).
EDITABLE = ("name", "type", "home_district", "note")


def plan_edit(ctx: Context, callsign: str, changes: dict[str, str]) -> list[Draft]:
    """Change a team's roster fields; only what differs is written (nothing: no change)."""
    team = team_doc(ctx, callsign)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInputError(f"a team has no editable field {sorted(unknown)[0]!r}")
    after: dict[str, Any] = {}
    for name, value in changes.items():
        value = value.strip()
        if name == "home_district":
            try:
                value = ctx.rules.district(value)
            except RecordError as error:
                raise InvalidInputError(str(error), field="home_district") from None
        if team.get(name) != value:
            after[name] = value
    if not after:
        return []
    check_team({**team, **after}, ctx.rules)
    return [Draft("teams", team["id"], "update", {k: team.get(k) for k in after}, after)]


def plan_retire(ctx: Context, callsign: str, reason: str) -> list[Draft]:
    """Take a team off the roster: it keeps its history, and is offered for nothing after.
    A team still serving an incident is released first, so no incident loses track of it."""
    team = team_doc(ctx, callsign)
    if team.get("retired"):
        raise InvalidInputError(f"{team['callsign']} is retired already", field="team")
    if team["incident"] or TeamStatus(team["status"]).is_committed:
        raise InvalidInputError(
            f"{team['callsign']} is {label(team['status'])}: release it from its incident "
            "before retiring it",
            field="team",
        )
    if not reason.strip():
        raise InvalidInputError("say why the team is retired", field="reason")
    after = {"retired": True, "status_reason": reason.strip()}
    check_team({**team, **after}, ctx.rules)
    return [Draft("teams", team["id"], "update", {k: team.get(k) for k in after}, after)]


def plan_status(
    ctx: Context,
    callsign: str,
    status: str,
    *,
    incident: str | None,
    check_in_due: datetime | None,
    note: str,
    reason: str,
) -> list[Draft]:
    """Move a team through its lifecycle; the entry goes on the incident it serves."""
    team = team_doc(ctx, callsign)
    if team.get("retired"):
        raise InvalidInputError(
            f"{team['callsign']} is retired: it is off the roster", field="team"
        )
    try:
        check_team_transition(team["status"], status, reason)
    except TransitionError as error:
        raise InvalidInputError(f"{team['callsign']}: {error}", field=error.field) from None
    target = TeamStatus(status)
    drafts: list[Draft] = []
    incident_doc = None
    if incident:
        incident_doc, drafts = live_incident(ctx, incident)
    dispatching = team["status"] == TeamStatus.AVAILABLE.value and target in TEAM_SERVING
    if dispatching and incident_doc is None:
        raise InvalidInputError(
            f"{team['callsign']}: dispatching a team needs the incident it goes to",
            field="incident",
        )
    if (
        not dispatching
        and incident_doc is not None
        and team["incident"]
        not in (
            None,
            incident_doc["id"],
        )
    ):
        raise InvalidInputError(
            f"{team['callsign']} serves another incident; set it available first",
            field="incident",
        )
    serving = target in TEAM_SERVING
    served_id = (incident_doc["id"] if incident_doc else team["incident"]) if serving else None
    after: dict[str, Any] = {
        "status": target.value,
        "status_since": to_iso(ctx.now),
        "incident": served_id,
        "check_in_due": to_iso(check_in_due) if check_in_due and serving else None,
        "status_reason": reason.strip(),
    }
    if note.strip():
        after["note"] = note.strip()
    check_team({**team, **after}, ctx.rules)
    drafts.append(Draft("teams", team["id"], "update", {k: team.get(k) for k in after}, after))
    if dispatching and incident_doc is not None:
        text = f"{team['callsign']} ({team['name']}) dispatched, {label(target)}"
        kind = EntryKind.DISPATCH
        if team["id"] not in incident_doc["teams"]:
            teams = list(incident_doc["teams"])
            drafts.append(
                Draft(
                    "incidents",
                    incident_doc["id"],
                    "update",
                    {"teams": teams},
                    {"teams": [*teams, team["id"]]},
                )
            )
    else:
        text = f"{team['callsign']}: {label(team['status'])} → {label(target)}"
        kind = EntryKind.TEAM_STATUS
    extra = reason.strip() or note.strip()
    if extra:
        text += f": {extra}"
    if check_in_due and serving:
        text += f" (check in by {echo(check_in_due, ctx.tz)})"
    entry_incident = served_id or team["incident"]
    drafts.append(entry_draft(ctx, entry_incident, kind, text, ctx.now, team=team["id"]))
    if dispatching and incident_doc is not None and incident_doc["status"] == "new":
        # A team on its way means the incident is being worked: it says so in an entry.
        drafts += plan_incident_status(ctx, incident_doc["id"], IncidentStatus.ACTIVE.value, "")
    return drafts
