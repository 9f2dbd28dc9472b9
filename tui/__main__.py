"""`python -m tui` is the same as the `dutydesk` command."""

from tui.cli import main

raise SystemExit(main())
