"""The Settings page, in tabs: the shop (name, country, language, currency, time zone,
backups), the reminder rules, the complaint settings (opening hours, deadlines), the company
profile printed on documents, and the documents' questionnaire and texts."""

from __future__ import annotations

import dataclasses

import phonenumbers
from babel import Locale
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
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
from desktop_crm.ui.pages.company_profile_section import (
    CompanyProfileSection,
    DocumentTextsSection,
)
from desktop_crm.ui.pages.complaint_settings_section import ComplaintSettingsSection
from desktop_crm.ui.pages.questionnaire_section import QuestionnaireSection
from desktop_crm.ui.pages.reminder_rules_section import ReminderRulesSection
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.editing import scrolling
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
        shop_tab = QWidget(self)
        shop_column = QVBoxLayout(shop_tab)
        shop_column.addWidget(self.form)
        shop_column.addLayout(buttons)
        shop_column.addStretch(1)

        self.rules = ReminderRulesSection(ctx, self)
        self.complaints = ComplaintSettingsSection(ctx)
        self.company = CompanyProfileSection(ctx)
        self.questionnaire = QuestionnaireSection(ctx)
        self.document_texts = DocumentTextsSection(ctx)
        documents_tab = QWidget(self)
        documents_columns = QHBoxLayout(documents_tab)
        documents_columns.addWidget(self.questionnaire, 3)
        documents_columns.addSpacing(16)
        documents_columns.addWidget(self.document_texts, 2)

        # Each tab is one thing the owner sets up; the page got too crowded side by side.
        self.tabs = QTabWidget(self)
        self._tab_names: list[str] = []
        self._add_tab("shop", _("Shop"), shop_tab)
        self._add_tab("reminders", _("Reminders"), self.rules)
        self._add_tab("complaints", _("Complaints"), scrolling(self.complaints, self))
        self._add_tab("company", _("Company profile"), self.company)
        self._add_tab("documents", _("Documents"), scrolling(documents_tab, self))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self, self.save_current_tab)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
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

    def _add_tab(self, name: str, label: str, widget: QWidget) -> None:
        self.tabs.addTab(widget, label)
        self._tab_names.append(name)

    def show_tab(self, name: str) -> QWidget:
        """Bring the tab ``name`` (shop, reminders, complaints, company, documents) forward."""
        self.tabs.setCurrentIndex(self._tab_names.index(name))
        return self.tabs.currentWidget()

    def current_tab(self) -> str:
        return self._tab_names[self.tabs.currentIndex()]

    def save_current_tab(self) -> bool:
        """Ctrl+S: save what the visible tab edits (reminder rules save in their dialog)."""
        tab = self.current_tab()
        if tab == "shop":
            return self.save()
        if tab == "complaints":
            return self.complaints.save()
        if tab == "company":
            return self.company.save()
        if tab == "documents":
            # Both sections; an unchanged questionnaire keeps its version.
            saved_questions = self.questionnaire.save()
            return self.document_texts.save() and saved_questions
        return False
