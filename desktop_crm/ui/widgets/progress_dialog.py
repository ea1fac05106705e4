"""Long work (an import, a big export) off the UI thread, behind a progress dialog with Cancel.

The work gets ``progress(done, total)`` and ``cancelled()`` to hand to a service; Cancel only
asks: the dialog stays up ("Cancelling…") until the service has stopped and rolled back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import babel_locale
from desktop_crm.ui.tasks import Progress, Task, run_in_background

Work = Callable[[Progress, Callable[[], bool]], Any]


def _number(value: int) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=babel_locale()))


class ProgressDialog(QDialog):
    """Shows how far the work got; Cancel (or Esc, or closing) asks it to stop."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the first report
        self.count = QLabel(self)
        self.count.setStyleSheet("color: #666;")
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.clicked.connect(self.request_cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.bar)
        layout.addWidget(self.count)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        self.stop = threading.Event()
        self._done = False

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.count.setText(
                _("{done} of {total}").format(done=_number(done), total=_number(total))
            )

    def request_cancel(self) -> None:
        if self.stop.is_set():
            return
        self.stop.set()
        self.cancel_button.setEnabled(False)
        self.text.setText(_("Cancelling… everything is being put back as it was."))
        self.bar.setRange(0, 0)

    def finish(self) -> None:
        self._done = True
        self.close()
        self.deleteLater()

    # Closing the window or pressing Esc cancels instead of leaving the work running unseen.
    def reject(self) -> None:
        if self._done:
            super().reject()
        else:
            self.request_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()
            self.request_cancel()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.request_cancel()
            return
        super().keyPressEvent(event)


class ProgressJob:
    """A running job: its dialog (``dialog.request_cancel()`` is the Cancel button) and task."""

    def __init__(self, dialog: ProgressDialog, task: Task) -> None:
        self.dialog = dialog
        self.task = task

    @property
    def finished(self) -> bool:
        return self.task.finished


def run_with_progress(
    parent: QWidget,
    title: str,
    text: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> ProgressJob:
    """Run ``work(progress, cancelled)`` on the thread pool behind a window-modal dialog;
    ``on_done(result)`` or ``on_error(exception)`` runs on the UI thread once it closed."""
    dialog = ProgressDialog(title, text, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    stop = dialog.stop

    def done(result: Any) -> None:
        dialog.finish()
        on_done(result)

    def failed(error: BaseException) -> None:
        dialog.finish()
        on_error(error)

    task = run_in_background(
        lambda progress: work(progress, stop.is_set), done, failed, dialog.set_progress
    )
    dialog.show()
    return ProgressJob(dialog, task)
