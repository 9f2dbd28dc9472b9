"""Duty Desk: the duty officer's incident log, timeline and team board in the terminal.

The package is called `tui`, but only `tui.ui` (and `tui.cli` when it opens the desk) is the
terminal UI: `tui.model`, `tui.store` and `tui.report` know nothing of Textual.
"""

from tui.locations import APP_NAME

__version__ = "0.1.0"
#: The mark written into every database and journal file; it is the program's name.
APP_ID = APP_NAME
