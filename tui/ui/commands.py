"""The command palette's Duty Desk commands: what applies on the current screen, and only
that (no write commands in a read-only session, no "edit" without a selected incident)."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.ui.screens.main import DeskCommand, MainScreen


class DeskCommands(Provider):
    """Offers the desk's actions; the screen decides which apply (`palette_commands`)."""

    def _desk_commands(self) -> list[DeskCommand]:
        screen = self.screen
        return screen.palette_commands() if isinstance(screen, MainScreen) else []

    async def discover(self) -> Hits:
        for command in self._desk_commands():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._desk_commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title), command.callback, help=command.help
                )
