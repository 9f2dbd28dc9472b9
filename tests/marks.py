"""Marks the test folders share: which cases of a heavy battery the fast set keeps.

The fast set is `pytest -m "not slow"`; the full run (the README's test command) runs all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest


def slow_except(cases: Sequence[Any], *fast: str) -> list[Any]:
    """`cases` (each a `pytest.param` with an id), every one marked slow except those named.

    A battery that starts a real process per case costs about half a second a case here; the
    cases named in `fast` keep that path guarded in the fast set, the full run keeps them all.
    """
    ids = {case.id for case in cases}
    unknown = set(fast) - ids
    assert not unknown, f"no such case: {sorted(unknown)}"
    return [
        case
        if case.id in fast
        else pytest.param(*case.values, marks=[*case.marks, pytest.mark.slow], id=case.id)
        for case in cases
    ]
