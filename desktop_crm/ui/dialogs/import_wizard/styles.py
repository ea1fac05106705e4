"""How the wizard's hints and the preview's problem and skipped rows look."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

PROBLEM_BRUSH = QBrush(QColor("#c62828"))
PROBLEM_BACKGROUND = QBrush(QColor("#fdecea"))
SKIPPED_BRUSH = QBrush(QColor("#777777"))
HINT_STYLE = "color: #555;"
