"""Comma-separated tags with completion of the tag being typed from the tags in use."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class _LastTagCompleter(QCompleter):
    """Completes the text after the last comma and keeps the tags before it."""

    def __init__(self, tags: list[str], edit: QLineEdit) -> None:
        super().__init__(QStringListModel(tags), edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen: Any = index.data()
        head = self._edit.text().rsplit(",", 1)[0] if "," in self._edit.text() else ""
        return f"{head}, {chosen}" if head else str(chosen)


class TagsEdit(QLineEdit):
    def __init__(self, known_tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCompleter(_LastTagCompleter(known_tags, self))

    def tags(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.text().split(",") if part.strip())

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self.setText(", ".join(tags))
