"""PySide6 6.12.0 on Python 3.11 loses a reference to None each time Qt calls a Python data()
that returns None; after some thousands of calls the process aborts (``none_dealloc``).
Run that in a subprocess so a regression fails this test instead of killing the suite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 1000

        def columnCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 4

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return None

    app = QApplication([])
    model = Model()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    calls = 0
    for row in range(1000):
        for column in range(4):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole,
                         Qt.ItemDataRole.UserRole):
                proxy.index(row, column).data(role)
                calls += 1
    proxy.sort(0)  # Qt itself calls data() for every row while sorting
    assert calls >= 20_000, calls
    print("ok", calls)
    """
)


def test_many_data_calls_returning_none_do_not_crash() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok 20000")
