"""Golden files: the sample's shift report at 13:00 Moscow time, byte for byte, per format."""

from __future__ import annotations

import json

import pytest
from reporthelp import ROOT, SUFFIX, check_golden, normalise_ids

from tui.report import FORMATS, build_shift_report, render
from tui.store.store import Store


@pytest.mark.parametrize("fmt", FORMATS)
def test_sample_report_matches_golden(sample_store: Store, fmt: str) -> None:
    output = render(build_shift_report(sample_store), fmt)
    if fmt == "json":
        json.loads(output)  # valid before it is compared
        output = normalise_ids(output)
    check_golden(f"sample.{SUFFIX[fmt]}", output)


def test_report_is_the_same_twice(sample_store: Store) -> None:
    """Nothing in the report depends on dict order, the wall clock or the environment."""
    first = build_shift_report(sample_store)
    second = build_shift_report(sample_store)
    for fmt in FORMATS:
        assert render(first, fmt) == render(second, fmt)


def test_json_keys_are_documented(sample_store: Store) -> None:
    """Every key the JSON writes is named in docs/report-json.md, the shape readers rely on."""
    doc = (ROOT / "docs" / "report-json.md").read_text(encoding="utf-8")
    data = json.loads(render(build_shift_report(sample_store), "json"))
    assert data["format"] == "dutydesk-shift-report" and data["version"] == 1

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    missing = sorted(k for k in keys(data) if f"`{k}`" not in doc)
    assert not missing, f"undocumented keys: {missing}"
