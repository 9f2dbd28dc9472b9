"""Duty Desk: the duty officer's incident log, timeline and team board in the terminal."""

__version__ = "0.1.0"
APP_ID = "dutydesk"
