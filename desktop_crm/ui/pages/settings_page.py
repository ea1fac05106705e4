"""The Settings page: the shop's name, country, language, currency, time zone and backups;
the reminder rules below; the complaint settings (opening hours, deadlines) beside them."""

from __future__ import annotations

import dataclasses

import phonenumbers
from babel import Locale
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.customers import LANGUAGES
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.timezones import time_zone_names
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import babel_locale
from desktop_crm.services.settings import ShopSettings
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.labels import language_name
from desktop_crm.ui.pages.complaint_settings_section import ComplaintSettingsSection
from desktop_crm.ui.pages.reminder_rules_section import ReminderRulesSection
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.field_form import FieldForm


class SettingsPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        locale = Locale.parse(babel_locale())
        self.shop_name = QLineEdit(self)
        self.country = QComboBox(self)
        regions = sorted(
            phonenumbers.SUPPORTED_REGIONS, key=lambda code: locale.territories.get(code, code)
        )
        for code in regions:
            self.country.addItem(f"{locale.territories.get(code, code)} ({code})", code)
        self.language = QComboBox(self)
        for code in LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.currency = QComboBox(self)
        for code, name in sorted(locale.currencies.items()):
            if len(code) == 3 and code.isalpha():
                self.currency.addItem(f"{code} — {name}", code)
        self.time_zone = QComboBox(self)
        self.time_zone.setEditable(True)
        self.time_zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.time_zone.addItems(time_zone_names())
        completer = self.time_zone.completer()
        assert completer is not None  # editable combo boxes have one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.backup_days = QSpinBox(self)
        self.backup_days.setRange(1, 3650)
        self.backup_days.setSuffix(" " + _("days"))

        self.form = FieldForm(self)
        self.form.add_row("shop_name", _("Shop &name"), self.shop_name)
        self.form.add_row("country", _("&Country (phone numbers)"), self.country)
        self.form.add_row("language", _("&Language"), self.language)
        self.form.add_row("currency", _("C&urrency"), self.currency)
        self.form.add_row("time_zone", _("&Time zone"), self.time_zone)
        self.form.add_row("backup_keep_days", _("&Keep backups for"), self.backup_days)
        self.form.finish()
        self.save_button = QPushButton(_("&Save"), self)
        self.saved = QLabel(self)
        self.saved.setObjectName("settings_saved")
        title = QLabel(_("Settings"), self)
        title.setStyleSheet("font-size: 18px; font-weight: 600;")

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved)
        buttons.addStretch(1)
        self.form.setMaximumWidth(640)
        self.rules = ReminderRulesSection(ctx, self)
        self.complaints = ComplaintSettingsSection(ctx)
        complaints_scroll = QScrollArea(self)
        complaints_scroll.setWidgetResizable(True)
        complaints_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        complaints_scroll.setWidget(self.complaints)
        complaints_scroll.setMinimumWidth(560)
        main = QVBoxLayout()
        main.addWidget(self.form)
        main.addLayout(buttons)
        main.addSpacing(12)
        main.addWidget(self.rules, 1)
        columns = QHBoxLayout()
        columns.addLayout(main, 1)
        columns.addSpacing(12)
        columns.addWidget(complaints_scroll, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns, 1)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        settings = self.ctx.settings()
        self.shop_name.setText(settings.shop_name)
        self.country.setCurrentIndex(max(0, self.country.findData(settings.country)))
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        index = self.currency.findData(settings.currency)
        if index < 0:
            self.currency.addItem(settings.currency, settings.currency)
            index = self.currency.count() - 1
        self.currency.setCurrentIndex(index)
        self.time_zone.setCurrentText(settings.time_zone)
        self.backup_days.setValue(settings.backup_keep_days)
        self.form.clear_errors()
        self.saved.clear()

    def edited(self) -> ShopSettings:
        return dataclasses.replace(
            self.ctx.settings(),
            shop_name=self.shop_name.text(),
            country=str(self.country.currentData()),
            language=str(self.language.currentData()),
            currency=str(self.currency.currentData()),
            time_zone=self.time_zone.currentText().strip(),
            backup_keep_days=self.backup_days.value(),
        )

    def save(self) -> bool:
        before = self.ctx.settings()
        try:
            stored = self.ctx.shop.settings.save(self.edited())
        except ValidationError as exc:
            self.form.show_error(exc.field, error_text(exc))
            self.saved.clear()
            return False
        self.form.clear_errors()
        self.saved.setText(_("Saved."))
        self.ctx.bus.settings_changed.emit()
        if stored.language != before.language:
            self.ctx.prompts.info(
                _("Language"), _("The new language applies the next time the app is started.")
            )
        return True
