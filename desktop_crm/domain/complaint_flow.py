"""Which step a complaint may take from which status (the service refuses the others)."""

from __future__ import annotations

from typing import Literal

Step = Literal[
    "assign", "acknowledge", "start_work", "wait", "resume", "resolve", "close", "reopen"
]

STATUSES = ("new", "acknowledged", "in_progress", "waiting", "resolved", "closed")

ALLOWED_FROM: dict[Step, frozenset[str]] = {
    "assign": frozenset(STATUSES) - {"closed"},
    "acknowledge": frozenset({"new"}),
    "start_work": frozenset({"acknowledged"}),
    "wait": frozenset({"new", "acknowledged", "in_progress"}),
    "resume": frozenset({"waiting"}),
    # Resolving straight from "new" also counts as the first response.
    "resolve": frozenset({"new", "acknowledged", "in_progress"}),
    "close": frozenset({"resolved"}),
    "reopen": frozenset({"resolved", "closed"}),
}


def may(step: Step, status: str) -> bool:
    """Whether a complaint in ``status`` may take ``step``."""
    return status in ALLOWED_FROM[step]
