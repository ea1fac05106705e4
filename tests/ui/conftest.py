"""UI fixtures: a fake prompts service, the main window over the test shop, a model checker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QEvent, Qt, QThreadPool
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.ui.change_bus import ChangeBus
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.main_window import MainWindow

SEED_NAMES = [
    "José Sánchez",
    "Пётр Иванов",
    "王小明",
    "María López",
    "John Smith",
    "Emily Brown",
    "Carlos Ruiz",
    "Ольга Смирнова",
    "李娜",
    "Lucía Fernández",
    "Michael Johnson",
    "Sarah Wilson",
    "Дмитрий Кузнецов",
    "张伟",
    "Ana Torres",
    "David Miller",
    "Laura Gómez",
    "Иван Петров",
    "陈静",
    "Pablo Díaz",
    "Chris Taylor",
    "Sofía Moreno",
    "Анна Соколова",
    "刘洋",
    "Jorge Romero",
    "Emma Davis",
    "Isabel Navarro",
    "Jessica Moore",
    "Miguel Álvarez",
    "Robert Clark",
]


@dataclass
class FakePrompts:
    """Records what would have been shown; answers confirmations with ``answer`` and file
    choosers with the next of ``files`` (None, as if cancelled, once there are no more)."""

    answer: bool = True
    shown: list[tuple[str, str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def info(self, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def error(self, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.answer

    def open_file(self, title: str, filters: str) -> Path | None:
        self.shown.append(("open_file", title, filters))
        return self.files.pop(0) if self.files else None

    def save_file(self, title: str, suggested_name: str, filters: str) -> Path | None:
        self.shown.append(("save_file", title, suggested_name))
        return self.files.pop(0) if self.files else None

    def open_url(self, url: str) -> bool:
        self.shown.append(("open_url", "", url))
        return True


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def ctx(shop: Shop, prompts: FakePrompts) -> UiContext:
    return UiContext(shop=shop, bus=ChangeBus(), prompts=prompts)


@pytest.fixture
def seeded(shop: Shop) -> Shop:
    """Thirty customers in several scripts, and two staff members (Ana at the keyboard)."""
    for i, name in enumerate(SEED_NAMES):
        shop.customers.create(
            CustomerDraft(
                name,
                phone=f"+34 6{i:02d} 123 456",
                email="j.sanchez@mail.es" if name == "José Sánchez" else "",
                tags=("VIP",) if i % 5 == 0 else (),
            )
        )
    ana = shop.staff.create(StaffDraft("Ana García", "Owner", is_manager=True))
    shop.staff.create(StaffDraft("Luis Pérez", "Mechanic"))
    shop.settings.set_current_staff(ana.id)
    return shop


@pytest.fixture
def window(qtbot: Any, ctx: UiContext, seeded: Shop) -> Iterator[MainWindow]:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.show_page("customers")  # most UI tests start from the customer list, not Today
    main.activateWindow()
    yield main
    # Background work (reminder refresh, catch-up) must be over before the database closes.
    main.stop_timers()
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def model_validator(qtmodeltester: Any) -> Callable[[QAbstractItemModel], None]:
    """Run pytest-qt's model tester over a table model (every model gets checked)."""

    def check(model: QAbstractItemModel) -> None:
        qtmodeltester.check(model, force_py=True)

    return check


def visible_names(window: MainWindow) -> list[str]:
    model = window.customers.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type like a user. QTest.keyClicks only knows ASCII (it asserts on 'п' or '小'), so other
    characters arrive as key events carrying their text, as an input method delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
