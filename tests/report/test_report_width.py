"""The text report keeps every line within 80 characters whatever the data holds."""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reporthelp import open_sample

from tui.report import build_shift_report, render
from tui.report.shift import ShiftReport

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
words = st.text(alphabet=CYRILLIC + "abcXYZ-0123/.,:;|[]", min_size=1, max_size=120)
sentences = st.lists(words, max_size=30).map(" ".join)
data_text = st.one_of(sentences, st.text(max_size=300), st.just("x" * 500))


@functools.cache
def sample_report() -> ShiftReport:
    with tempfile.TemporaryDirectory() as tmp:
        return build_shift_report(open_sample(Path(tmp)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=data_text,
    entry=data_text,
    author=data_text,
    callsign=data_text,
    reason=data_text,
)
def test_text_lines_fit_80(title: str, entry: str, author: str, callsign: str, reason: str) -> None:
    report = sample_report()
    incidents = report.incidents
    first = incidents.open[0]
    latest = tuple(dataclasses.replace(e, text=entry, author=author) for e in first.latest)
    changed = dataclasses.replace(
        first, title=title, location=entry, status_reason=reason, latest=latest
    )
    teams = tuple(
        dataclasses.replace(t, callsign=callsign, name=title, status_reason=reason)
        for t in report.teams
    )
    report = dataclasses.replace(
        report,
        incidents=dataclasses.replace(
            incidents, open=(changed, *incidents.open[1:]), opened=(changed,)
        ),
        teams=teams,
        on_duty=tuple(dataclasses.replace(o, officer=author) for o in report.on_duty),
        logged_by=(author, callsign),
        duty_log=tuple(dataclasses.replace(e, text=entry, author=author) for e in report.duty_log),
    )
    text = render(report, "text")
    for line in text.splitlines():
        assert len(line) <= 80, line
        assert line == line.rstrip(), line
    assert text.endswith("\n")
