"""A cursor over rows that renders only the lines on screen (Textual's Line API).

A year is 20,000 incidents: a `DataTable` would hold and measure every row. This keeps the rows
as the caller's own objects and turns only the visible ones into strips, as Toolong's log view
does. Line 0 is a header that stays put; rows scroll beneath it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineList(ScrollView, can_focus=True, inherit_bindings=False):
    """Base for the incident list and the team board: a header line, rows, one cursor row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--header",
        "line-list--cursor",
        "line-list--cursor-blurred",
    }

    cursor: reactive[int] = reactive(0, always_update=False, repaint=False)
    """Index of the highlighted row among the rows shown (0 when there are none)."""

    class Highlighted(Message):
        """The cursor moved to another row (coalesced: only the newest matters)."""

        def __init__(self, widget: LineList, index: int) -> None:
            super().__init__()
            self.widget = widget
            self.index = index

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, LineList.Highlighted) and message.widget is self.widget

        @property
        def control(self) -> LineList:
            return self.widget

    class Selected(Message):
        """Enter (or a click) on a row: open it."""

        def __init__(self, widget: LineList, index: int) -> None:
            super().__init__()
            self.widget = widget
            self.index = index

        @property
        def control(self) -> LineList:
            return self.widget

    # -- what subclasses provide -------------------------------------------------------------

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_header(self, width: int) -> Text:
        raise NotImplementedError

    def render_row(self, index: int, width: int) -> Text:
        raise NotImplementedError

    def empty_text(self) -> str:
        return "nothing to show"

    # -- rows and cursor ----------------------------------------------------------------------

    def rows_changed(self, cursor: int | None = None) -> None:
        """Call after the rows changed: resize, place the cursor, redraw what is visible."""
        count = self.row_count
        self.virtual_size = Size(self.size.width, count + 1)
        target = self.cursor if cursor is None else cursor
        target = max(0, min(target, count - 1)) if count else 0
        self.set_reactive(LineList.cursor, target)
        self._scroll_cursor_visible()
        self.refresh()

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_visible(self) -> None:
        top = round(self.scroll_y)
        page = self.page_rows
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + page:
            self.scroll_to(y=self.cursor - page + 1, animate=False, immediate=True)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_visible()
        for index in (old, new):
            self.refresh_line(index + 1)  # line 0 is the header
        self.post_message(self.Highlighted(self, new))

    def move_cursor(self, index: int) -> None:
        if self.row_count:
            self.cursor = max(0, min(index, self.row_count - 1))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self.page_rows)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self.page_rows)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            index = round(self.scroll_y) + event.y - 1
            if 0 <= index < self.row_count:
                self.cursor = index
                if event.chain >= 2:
                    self.action_select()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count + 1)
        self._scroll_cursor_visible()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            text = self.render_header(width)
            style = base + self.get_component_rich_style("line-list--header")
            return self._strip(text, width, style)
        index = round(self.scroll_y) + y - 1
        if index >= self.row_count:
            if index == 0:
                return self._strip(Text(self.empty_text(), style="italic"), width, base)
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            name = "line-list--cursor" if self.has_focus else "line-list--cursor-blurred"
            style = base + self.get_component_rich_style(name)
        return self._strip(self.render_row(index, width), width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis")
        segments = [
            Segment(seg.text, style + seg.style if seg.style else style, seg.control)
            for seg in text.render(self.app.console)
            if seg.text != "\n"
        ]
        return Strip(segments).adjust_cell_length(width, style).crop(0, width)
