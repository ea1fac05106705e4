"""The progress and cancel callbacks that long services (imports, exports) take."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class _Cancelled(Exception):
    """Raised inside the import's unit of work so that it rolls back."""
