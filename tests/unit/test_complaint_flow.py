"""Which steps a complaint may take from which status."""

from __future__ import annotations

import pytest

from desktop_crm.domain.complaint_flow import ALLOWED_FROM, STATUSES, Step, may

CASES: list[tuple[Step, str, bool]] = [
    ("acknowledge", "new", True),
    ("acknowledge", "acknowledged", False),
    ("start_work", "acknowledged", True),
    ("start_work", "new", False),
    ("wait", "in_progress", True),
    ("wait", "resolved", False),
    ("resume", "waiting", True),
    ("resume", "in_progress", False),
    ("resolve", "new", True),
    ("resolve", "waiting", False),
    ("close", "resolved", True),
    ("close", "in_progress", False),
    ("reopen", "closed", True),
    ("reopen", "new", False),
    ("assign", "waiting", True),
    ("assign", "closed", False),
]


@pytest.mark.parametrize(("step", "status", "allowed"), CASES)
def test_steps_from_statuses(step: Step, status: str, allowed: bool) -> None:
    assert may(step, status) is allowed


def test_every_step_names_only_known_statuses() -> None:
    for allowed in ALLOWED_FROM.values():
        assert allowed and allowed <= set(STATUSES)
