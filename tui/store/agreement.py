"""The live file and its journal must agree before anything is read or written.

The live file's checkpoint says which journal it belongs to, how far it folded it in, the CRC of
the line it folded last and each station's head. A journal that is missing, shorter than that,
changed below that point, or whose lines do not continue each station's sequence is damage:
acknowledged changes may be missing, and a write would mint sequence numbers already used
(docs/product.md §7). It is refused by name until an officer repairs it on purpose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.store.errors import JournalDamageError
from tui.store.journal import JournalLine, JournalRead, line_crc_at


def folded_line(meta: dict[str, Any]) -> JournalLine | None:
    """The line the checkpoint folded last, as the live file records it."""
    last = meta.get("journal_last")
    offset = meta.get("journal_offset")
    if not (isinstance(last, list) and len(last) == 2 and isinstance(offset, int)):
        return None
    start, crc = last
    return JournalLine(start, offset, crc) if isinstance(start, int) else None


def check_folded(journal: Path, db_name: str, meta: dict[str, Any], read: JournalRead) -> None:
    """The journal holds, unchanged, everything the live file says it folded in."""
    heads = heads_text(meta.get("heads") or {})
    if read.journal_id is None:
        raise JournalDamageError(
            journal,
            f"the journal is missing: the changes {db_name} had after its last checkpoint "
            f"({heads}) are not here, nor its history",
        )
    if read.journal_id != meta.get("journal_id"):
        raise JournalDamageError(
            journal, f"this journal belongs to another database than {db_name}"
        )
    offset = meta.get("journal_offset") or read.header_end
    if read.size < offset:
        raise JournalDamageError(
            journal,
            f"the journal is {read.size:,} bytes, shorter than the {offset:,} the database "
            f"file has folded in: its change log ({heads}) was cut off or is an older copy",
        )
    last = folded_line(meta)
    if last is not None and line_crc_at(journal, last.start, last.end) != last.crc:
        raise JournalDamageError(
            journal,
            f"the journal's first {offset:,} bytes are not what the database file folded in "
            f"(cut or replaced): its change log ({heads}) cannot be trusted",
        )


def check_sequence(
    journal: Path, heads: dict[str, dict[str, Any]], batch: list[dict[str, Any]], offset: int
) -> None:
    """Each change of a journal line continues its station's chain: the next number, linked
    to the head by hash (a duplicated, reordered or spliced line does not)."""
    seen = {station: (head["seq"], head["hash"]) for station, head in heads.items()}
    for change in batch:
        station = change["station"]
        seq, prev = seen.get(station, (0, ""))
        if change["seq"] != seq + 1 or change["prev"] != prev:
            raise JournalDamageError(
                journal,
                f"the line at byte {offset:,} is out of sequence: {station}#{change['seq']} "
                f"does not follow {station}#{seq}",
            )
        seen[station] = (change["seq"], change["hash"])


def heads_text(heads: dict[str, dict[str, Any]]) -> str:
    """Each station's newest change, as `HQ#12, FL1#3`."""
    return ", ".join(f"{s}#{h['seq']}" for s, h in sorted(heads.items())) or "no changes yet"
