"""A table column: its title and how a record shows in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import Qt

T = TypeVar("T")

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    title: Callable[[], str]  # called at display time, so it follows the language
    text: Callable[[T], str]
    sort_key: str | None = None  # what the service sorts by; None: not sortable
    align: Qt.AlignmentFlag = LEFT
