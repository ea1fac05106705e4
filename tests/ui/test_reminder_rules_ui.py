"""Reminder rules in Settings: the built-in defaults, changing, adding per tag, deleting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from desktop_crm.services.rules import RuleRecord, RuleScope
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Tag
from desktop_crm.ui.dialogs.rule_dialog import RuleDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.reminder_rules_section import ReminderRulesSection
from desktop_crm.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import FakePrompts


def rules_section(window: MainWindow) -> ReminderRulesSection:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.show_tab("reminders")
    return page.rules


def visible_rows(section: ReminderRulesSection) -> list[list[str]]:
    model = section.model
    return [[str(model.index(r, c).data()) for c in range(4)] for r in range(model.rowCount())]


def select_rule(section: ReminderRulesSection, kind: str, applies_to: str) -> None:
    rows = visible_rows(section)
    section.table.select_row(next(i for i, r in enumerate(rows) if r[:2] == [kind, applies_to]))


def visible_rows_tail(section: ReminderRulesSection, kind: str, applies_to: str) -> list[str]:
    return visible_rows_tail_of(visible_rows(section), kind, applies_to)


def visible_rows_tail_of(rows: list[list[str]], kind: str, applies_to: str) -> list[str]:
    """The amount and on/off of the row for ``kind`` and ``applies_to``."""
    return next(r[2:] for r in rows if r[:2] == [kind, applies_to])


def modal(qtbot: Any, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def default_rule(shop: Shop, kind: str, scope: RuleScope | None = None) -> RuleRecord:
    return next(r for r in shop.rules.list(kind) if r.scope == (scope or RuleScope()))


def test_settings_list_the_built_in_rules(window: MainWindow) -> None:
    rows = visible_rows(rules_section(window))
    assert ["Service", "Everyone", "12 months", "Yes"] in rows
    assert ["Service", "Items of kind: Vehicle", "6 months", "Yes"] in rows
    assert visible_rows_tail_of(rows, "Service", "Items of kind: Contract")[1] == "No"
    assert ["Birthday", "Everyone", "7 days", "Yes"] in rows
    assert ["Renewal", "Everyone", "30 days", "Yes"] in rows
    assert ["Follow-up", "Everyone", "3 days", "Yes"] in rows
    assert ["Win-back", "Everyone", "90 days", "Yes"] in rows


def test_a_built_in_rule_can_be_changed_not_deleted(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    section = rules_section(window)
    select_rule(section, "Birthday", "Everyone")
    assert not section.delete_button.isEnabled()
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    dialog = modal(qtbot, RuleDialog)
    assert not dialog.kind.isEnabled() and not dialog.applies_to.isEnabled()
    assert dialog.meaning.text() == "Remind 7 days before the birthday."
    dialog.amount.setValue(10)
    assert dialog.meaning.text() == "Remind 10 days before the birthday."
    with qtbot.waitSignal(window.ctx.bus.rules_changed):
        click(qtbot, dialog.ok_button)
    assert ["Birthday", "Everyone", "10 days", "Yes"] in visible_rows(section)
    stored = default_rule(seeded, "birthday")
    assert (stored.amount, stored.enabled) == (10, True)
    assert stored.id is not None
    assert section.notice.isVisible()
    assert "worked out again" in section.notice.text()


def vip_tag_id(shop: Shop) -> int:
    # No service names tags by id yet (see tags_with_ids): read it as the services would.
    with shop.db.read() as session:
        return int(session.scalars(select(Tag.id).where(Tag.name == "VIP")).one())


def test_add_a_service_rule_for_any_tag(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    add_a_service_rule_for_vip(qtbot, window, seeded)


def test_a_tag_that_has_a_rule_gets_another(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    seeded.rules.save("birthday", RuleScope(tag_id=vip_tag_id(seeded)), 14)
    add_a_service_rule_for_vip(qtbot, window, seeded)


def add_a_service_rule_for_vip(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    section = rules_section(window)
    click(qtbot, section.add_button)
    dialog = modal(qtbot, RuleDialog)
    vip = dialog.applies_to.findText("Customers tagged “VIP”")
    assert vip >= 0
    dialog.applies_to.setCurrentIndex(vip)
    dialog.kind.setCurrentIndex(dialog.kind.findData("service"))
    assert dialog.amount.suffix() == " months"
    assert dialog.amount.maximum() == 120
    dialog.amount.setValue(3)
    dialog.message.setText("{customer}, time for a check-up")
    click(qtbot, dialog.ok_button)
    assert ["Service", "Customers tagged “VIP”", "3 months", "Yes"] in visible_rows(section)
    [rule] = [r for r in seeded.rules.list("service") if r.scope.tag_id is not None]
    assert (rule.amount, rule.scope_label, rule.message) == (
        3,
        "VIP",
        "{customer}, time for a check-up",
    )


def test_item_kinds_get_only_service_and_renewal(qtbot: Any, window: MainWindow) -> None:
    section = rules_section(window)
    section.add()
    dialog = modal(qtbot, RuleDialog)
    assert dialog.kind.count() == 5
    dialog.applies_to.setCurrentIndex(dialog.applies_to.findText("Items of kind: Pet"))
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["service", "renewal"]
    assert dialog.amount.value() == 12  # the built-in rule for pets
    dialog.reject()


def test_an_unknown_placeholder_is_flagged(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    section = rules_section(window)
    section.add()
    dialog = modal(qtbot, RuleDialog)
    qtbot.keyClicks(dialog.message, "Hello {name}")
    error = dialog.findChild(QLabel, "error_message")
    assert error is not None and error.isVisible()
    assert error.text().startswith("“{name}” is not filled in")
    assert not dialog.ok_button.isEnabled()
    dialog.reject()
    assert all(r.id is None for r in seeded.rules.list())


def test_deleting_a_rule_goes_back_to_the_built_in_one(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    seeded.rules.save("service", RuleScope(item_kind="vehicle"), 4)
    section = rules_section(window)
    select_rule(section, "Service", "Items of kind: Vehicle")
    assert visible_rows_tail(section, "Service", "Items of kind: Vehicle")[0] == "4 months"
    prompts.answer = False
    click(qtbot, section.delete_button)
    assert default_rule(seeded, "service", RuleScope(item_kind="vehicle")).amount == 4
    prompts.answer = True
    with qtbot.waitSignal(window.ctx.bus.rules_changed):
        click(qtbot, section.delete_button)
    assert "built-in" in prompts.shown[-1][2]
    restored = default_rule(seeded, "service", RuleScope(item_kind="vehicle"))
    assert (restored.id, restored.amount) == (None, 6)
    assert visible_rows_tail(section, "Service", "Items of kind: Vehicle")[0] == "6 months"


def test_the_rules_model_is_a_sound_model(
    window: MainWindow, model_validator: Callable[[QAbstractItemModel], None]
) -> None:
    model_validator(rules_section(window).model)
