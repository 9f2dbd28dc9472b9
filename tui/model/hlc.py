"""Hybrid logical clock: orders changes across stations even when their wall clocks disagree.

A timestamp is the string `"<unix ms, 13 digits>.<counter, 4 digits>"`, so plain string
comparison is clock order and a person can still read it in the file. The counter never passes
9999: a station whose wall clock lags the newest clock it has seen (a laptop whose clock lost a
month) moves on to the next millisecond instead, so the text never outgrows its width.
"""

from __future__ import annotations

MAX_COUNTER = 9999
ZERO = "0000000000000.0000"


def parse(stamp: str) -> tuple[int, int]:
    ms, _, counter = stamp.partition(".")
    return int(ms), int(counter)


#: The first millisecond the text form cannot hold (the year 2286).
LIMIT_MS = 10**13


def make(ms: int, counter: int) -> str:
    """The text form; a clock outside it (a system clock set to the 2300s) is refused, never
    written wider than the form every station compares by text."""
    if not 0 <= ms < LIMIT_MS:
        raise ValueError(f"the clock reads {ms} ms since 1970, which no station can store")
    return f"{ms:013d}.{counter:04d}"


def tick(last: str, now_ms: int) -> str:
    """The next timestamp after `last` (the newest this station has seen) at wall time `now_ms`."""
    last_ms, last_counter = parse(last)
    if now_ms > last_ms:
        return make(now_ms, 0)
    if last_counter >= MAX_COUNTER:
        return make(last_ms + 1, 0)
    return make(last_ms, last_counter + 1)
