"""A writer process for the kill -9 and concurrent-writer tests (run as a script, not collected).

    storeworker.py kill   DB TAG SEED               write until killed
    storeworker.py writer DB TAG SEED OPS START_AT  write OPS operations, starting at START_AT

Before each operation it prints `BEGIN <op-id>` and after the store acknowledged it `ACK <op-id>`,
each with one unbuffered write(2) to stdout, so a line the parent reads was really printed before
the kill. The op id (`E-<tag>-<n>` entry, `I-...` incident, `T-...` team status, `C-...`
checkpoint) is the entry's text, the incident's title, or the team-status note, so the parent can
find each operation in the database afterwards.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from tui.store.store import Store


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def one_op(store: Store, rng: random.Random, tag: str, n: int, checkpoint_every: int) -> None:
    kind = "C" if n % checkpoint_every == 0 else rng.choices("EIT", weights=(5, 2, 2))[0]
    op = f"{kind}-{tag}-{n}"
    say(f"BEGIN {op}")
    if kind == "C":
        store.checkpoint()
    elif kind == "E":
        incidents = store.incidents()
        target = rng.choice(incidents).ref if incidents and rng.random() < 0.7 else None
        store.append_entry(target, op)
    elif kind == "I":
        store.create_incident(op, rng.choice(("Sukhinichsky", "Babyninsky", "Kaluga")))
    else:
        callsign = f"T{tag}"
        team = store.team(callsign)
        if team.status == "available":
            incidents = store.incidents()
            store.set_team_status(callsign, "alerted", incident=incidents[0].ref, note=op)
        else:
            store.set_team_status(callsign, "available", note=op)
    say(f"ACK {op}")


def main(argv: list[str]) -> int:
    mode, db, tag, seed = argv[0], Path(argv[1]), argv[2], int(argv[3])
    rng = random.Random(seed)
    if mode == "kill":
        store = Store.open(db, operator=f"w{tag}")
        if f"t{tag}".casefold() not in {t.callsign.casefold() for t in store.teams()}:
            say(f"BEGIN X-{tag}-0")
            store.create_team(f"T{tag}", f"Team {tag}", "rescue", "Kaluga")
            say(f"ACK X-{tag}-0")
        say("READY")
        n = 0
        while True:
            n += 1
            one_op(store, rng, tag, n, checkpoint_every=5)
    ops, start_at = int(argv[4]), float(argv[5])
    store = Store.open(db, operator=f"w{tag}")
    store.create_team(f"T{tag}", f"Team {tag}", "rescue", "Kaluga")
    delay = start_at - time.time()
    if delay > 0:
        time.sleep(delay)
    for n in range(1, ops + 1):
        one_op(store, rng, tag, n, checkpoint_every=17)
    say("DONE")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
