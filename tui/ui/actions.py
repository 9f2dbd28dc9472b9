"""The desk's actions, in one table: the bindings, the palette, help and the keymap's ids.

Each `DeskAction` says once what an action is called, which key it starts on, whether it
writes (absent in a read-only session) and whether it needs a selected incident. The main
screen's `BINDINGS`, the timeline's `c`, the command palette's entries, the help screen and the
binding ids the config file may rebind are all generated from `DESK_ACTIONS`, so they cannot
disagree. Key hints in the text of forms and panes come from `key_shown`, after the keymap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.keys import key_to_character
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class DeskAction:
    """One thing the officer can do from the desk."""

    action: str
    """The screen's `action_*` method, without the prefix."""
    title: str
    """The palette entry ("Edit incident"); actions on the selected incident add " on REF"."""
    help: str
    """The palette's second line and the help screen's wording."""
    key: str = ""
    """Default key(s), comma-separated; "" for a palette-only action."""
    binding_id: str = ""
    """What the `[keys]` table of the config file rebinds."""
    label: str = ""
    """The key's short name in the footer and help ("Edit"); the title when "" ."""
    show: bool = True
    """In the footer; the 80-column footer has room for eight keys."""
    writes: bool = False
    """Changes the database: absent in a read-only session."""
    needs_incident: bool = False
    """Dimmed (not hidden) until an incident is selected."""
    palette: bool = True
    """Offered in the command palette (pane moves are not)."""
    on_timeline: bool = False
    """Bound on the timeline, not the screen: it acts on the highlighted entry."""
    priority: bool = True
    """Ahead of the focused widget: the form a key opens is up before the keys typed after it
    arrive (type-ahead over a slow link). Esc is not: a widget's own Esc comes first."""

    def binding(self) -> Binding:
        """The Textual binding (a timeline action is the screen's, reached from the timeline)."""
        return Binding(
            self.key,
            f"screen.{self.action}" if self.on_timeline else self.action,
            self.label or self.title,
            show=self.show,
            id=self.binding_id,
            priority=self.priority and not self.on_timeline,
        )


DESK_ACTIONS: tuple[DeskAction, ...] = (
    DeskAction(
        "new_incident",
        "New incident",
        "Open the new-incident form",
        "n",
        "incident.new",
        "New",
        writes=True,
    ),
    # `e` and `q` are not in the 80-column footer, which is full: both are in help and in the
    # palette.
    DeskAction(
        "edit_incident",
        "Edit incident",
        "Change the selected incident's fields",
        "e",
        "incident.edit",
        "Edit",
        show=False,
        writes=True,
        needs_incident=True,
    ),
    DeskAction(
        "quick_log",
        "Quick log",
        "Add a timeline entry to the selected incident",
        "l",
        "incident.log",
        "Log",
        writes=True,
        needs_incident=True,
    ),
    DeskAction("duty_log", "Duty-log entry", "Add an entry to the general duty log", writes=True),
    DeskAction(
        "status_change",
        "Change status",
        "Move the selected incident on",
        "s",
        "incident.status",
        "Status",
        writes=True,
        needs_incident=True,
    ),
    DeskAction(
        "dispatch",
        "Dispatch a team",
        "Send a team to the selected incident",
        "d",
        "team.dispatch",
        "Dispatch",
        writes=True,
    ),
    DeskAction(
        "team_update",
        "Update a team's status",
        "Arrived, returning, available…",
        "u",
        "team.update",
        "Team",
        writes=True,
    ),
    DeskAction("add_team", "Add a team", "A new team on the roster", writes=True),
    DeskAction(
        "edit_team",
        "Edit a team",
        "The name, type, home district of the team under the board's cursor",
        writes=True,
    ),
    DeskAction("retire_team", "Retire a team", "Off the roster; its history stays", writes=True),
    DeskAction(
        "correct_entry",
        "Correct timeline entry",
        "Correct the highlighted timeline entry (a new entry; the old one stays)",
        "c",
        "entry.correct",
        "Correct entry",
        writes=True,
        on_timeline=True,
    ),
    DeskAction(
        "filter",
        "Filter incidents",
        "By status, severity, district, time",
        "slash",
        "incident.filter",
        "Filter",
    ),
    DeskAction("clear_filter", "Clear filter", "Show every incident"),
    DeskAction(
        "change_regime",
        "Change operating regime",
        "Routine, heightened, emergency",
        writes=True,
    ),
    # Advertised where they apply (the conflict panel, the handover banner), in help and in
    # the palette: the 80-column footer has no room left for them.
    DeskAction(
        "resolve_conflict",
        "Resolve conflict",
        "Choose which station's value to keep",
        "x",
        "conflict.resolve",
        show=False,
        writes=True,
        needs_incident=True,
    ),
    DeskAction(
        "shift_report",
        "Shift report",
        "The shift's report: read it, save it to a file",
        "r",
        "report.shift",
        "Report",
    ),
    DeskAction(
        "handover",
        "Hand over the shift",
        "The incoming officer acknowledges open items",
        writes=True,
    ),
    DeskAction(
        "handover_pending",
        "Acknowledge handover items",
        "Items the last handover left unacknowledged",
        "a",
        "handover.pending",
        show=False,
        writes=True,
    ),
    DeskAction("export_bundle", "Export a bundle…", "Changes to a file for another station"),
    DeskAction(
        "import_bundle",
        "Import a bundle…",
        "Merge another station's bundle (dry run first)",
        writes=True,
    ),
    DeskAction(
        "help",
        "Help: keys",
        "Every key that works on this screen",
        "question_mark",
        "app.help",
        "Help",
    ),
    DeskAction("quit", "Quit", "Leave Duty Desk", "q", "app.quit", show=False),
    DeskAction(
        "next_pane", "Next pane", "Next pane", "tab", "pane.next", show=False, palette=False
    ),
    DeskAction(
        "previous_pane",
        "Previous pane",
        "Previous pane",
        "shift+tab",
        "pane.previous",
        show=False,
        palette=False,
    ),
    DeskAction(
        "back",
        "Back to the list",
        "Back to the incident list",
        "escape",
        "pane.back",
        show=False,
        palette=False,
        priority=False,
    ),
)

BY_ACTION: dict[str, DeskAction] = {a.action: a for a in DESK_ACTIONS if a.palette}
WRITE_ACTIONS = frozenset(a.action for a in DESK_ACTIONS if a.writes)
NEEDS_INCIDENT = frozenset(a.action for a in DESK_ACTIONS if a.needs_incident)

#: Binding ids of the other screens and forms, which the keymap may rebind too.
OTHER_BINDING_IDS = frozenset(
    {
        "form.save",
        "form.save_enter",
        "form.cancel",
        "form.next",
        "form.previous",
        "filter.clear",
        "report.close",
        "report.save",
        "report.markdown",
        "report.text",
        "help.close",
    }
)


def screen_bindings() -> list[Binding]:
    """The main screen's bindings for the keyed actions that are not the timeline's."""
    return [a.binding() for a in DESK_ACTIONS if a.key and not a.on_timeline]


def timeline_bindings() -> list[Binding]:
    return [a.binding() for a in DESK_ACTIONS if a.key and a.on_timeline]


def known_binding_ids() -> frozenset[str]:
    """Every binding id the config file's `[keys]` table may name."""
    return frozenset(a.binding_id for a in DESK_ACTIONS if a.binding_id) | OTHER_BINDING_IDS


def keys_of(action: DeskAction, keymap: Mapping[str, str]) -> list[str]:
    """The keys an action is on now: the keymap's, else its default."""
    spec = keymap.get(action.binding_id, action.key) if action.binding_id else action.key
    return [key.strip() for key in spec.split(",") if key.strip()]


def typed_in_text(action: str, keymap: Mapping[str, str]) -> bool:
    """True if every key of the action types a character: in a text box it is that text."""
    found = BY_ACTION.get(action)
    if found is None:
        return False
    keys = keys_of(found, keymap)
    return bool(keys) and all(key_to_character(key) is not None for key in keys)


def write_keys(keymap: Mapping[str, str]) -> set[str]:
    """The keys bound to write actions after the keymap (refused aloud when read-only)."""
    return {key for a in DESK_ACTIONS if a.writes for key in keys_of(a, keymap)}


def bound_key(screen: Screen[Any], binding_id: str) -> str:
    """How the key of a binding that works on `screen` now is shown ("x", "ctrl+s"), read
    from the live bindings after the keymap; "" if it is not bound or does not apply here (a
    write in a read-only session). Text that says "press x" uses this, so a rebound key shows
    rebound and a refused one is not offered."""
    for active in screen.active_bindings.values():
        if active.binding.id == binding_id and active.enabled:
            return screen.app.get_key_display(active.binding)
    return ""


def palette_only(read_only: bool) -> Iterator[DeskAction]:
    """The actions with no key, for the help screen's "from the palette" part."""
    for action in DESK_ACTIONS:
        if action.palette and not action.key and not (read_only and action.writes):
            yield action
