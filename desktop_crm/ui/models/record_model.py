"""Table models over service records: a short list held whole, or a long one held in pages."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon

from desktop_crm.ui.models.columns import Column

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
NO_PARENT = QModelIndex()  # a module-level default, not one built per call
DIMMED = QBrush(QColor("#8a8a8a"))


class RecordModel(QAbstractTableModel, Generic[T]):
    """Columns over records; subclasses say how many rows there are and where row N is."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)

    # --- what subclasses provide
    def record(self, row: int) -> T | None:
        raise NotImplementedError

    def dimmed(self, record: T) -> bool:
        """Records shown greyed out (archived, inactive)."""
        return False

    def icon(self, record: T, column: int) -> QIcon | None:
        return None

    # --- Qt's side
    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.record(index.row())
        if record is None:
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ForegroundRole and self.dimmed(record):
            return DIMMED
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon(record, index.column())
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title()
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.TextAlignmentRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].align
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ListModel(RecordModel[T]):
    """A short list (staff, a customer's purchases) held whole."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self._records: list[T] = []

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[T]:
        return list(self._records)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def record(self, row: int) -> T | None:
        return self._records[row] if 0 <= row < len(self._records) else None


class PagedModel(RecordModel[T]):
    """A list that may hold 100,000 rows: the count comes from SQL, rows in cached pages.

    The view asks only for the rows it paints, so the scroll bar can jump to the end and only
    the pages around it are fetched; a few recent pages are kept (least recently used go).
    """

    PAGE_SIZE = 200
    MAX_PAGES = 6

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self._count = 0
        self._pages: OrderedDict[int, list[T]] = OrderedDict()

    def fetch_count(self) -> int:
        raise NotImplementedError

    def fetch_page(self, offset: int, limit: int) -> list[T]:
        raise NotImplementedError

    def reload(self) -> None:
        """Count again and forget the cached pages (after a change or a new query)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.fetch_count()
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self._count

    def record(self, row: int) -> T | None:
        if not 0 <= row < self._count:
            return None
        number, at = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self.fetch_page(number * self.PAGE_SIZE, self.PAGE_SIZE)
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[at] if at < len(page) else None

    def cached_pages(self) -> list[int]:
        return list(self._pages)
