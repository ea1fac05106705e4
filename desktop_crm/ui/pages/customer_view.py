"""One customer: their details, their timeline and their purchases."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.documents.api import (
    CommentCardRequest,
    DocumentRequest,
    ExpectationFormRequest,
    GuaranteeLetterRequest,
)
from desktop_crm.domain.contact_details import format_phone
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerDetails
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.customer_dialog import CustomerDialog
from desktop_crm.ui.labels import language_name
from desktop_crm.ui.pages.customer_promises_panel import CustomerPromisesPanel
from desktop_crm.ui.pages.customer_reminders_panel import CustomerRemindersPanel
from desktop_crm.ui.pages.customers_page import archive_or_restore
from desktop_crm.ui.pages.items_panel import ItemsPanel
from desktop_crm.ui.pages.purchases_panel import PurchasesPanel
from desktop_crm.ui.pages.timeline_panel import TimelinePanel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.status import show_status


class CustomerView(QWidget):
    back = Signal()
    answers_requested = Signal(int)  # the standard answers, filled in for this customer
    print_requested = Signal(object)  # a DocumentRequest: the main window shows Documents

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.details: CustomerDetails | None = None

        self.back_button = QPushButton(_("← Back"), self)
        self.back_button.setToolTip(_("Esc"))
        self.name = QLabel(self)
        self.name.setObjectName("customer_name")
        self.name.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel(_("Archived"), self)
        self.badge.setStyleSheet(
            "color: white; background: #8d6e63; border-radius: 4px; padding: 2px 6px;"
        )
        self.edit_button = QPushButton(_("&Edit"), self)
        self.archive_button = QPushButton(_("&Archive"), self)
        self.answers_button = QPushButton(_("Standard answers…"), self)
        self.answers_button.setToolTip(_("Ctrl+Shift+A"))
        self.personal_button = QPushButton(_("Personal &data"), self)
        self.personal_button.setToolTip(
            _("What the shop holds about this customer: a copy for them, or erase it")
        )
        menu = QMenu(self.personal_button)
        self.export_personal_action = menu.addAction(_("Export personal data…"))
        self.erase_action = menu.addAction(_("Erase personal data…"))
        self.personal_button.setMenu(menu)
        self.print_button = QPushButton(_("Print"), self)
        self.print_button.setToolTip(_("A comment card, guarantee letter or expectation form"))
        print_menu = QMenu(self.print_button)
        print_menu.setObjectName("print_menu")
        self.print_card_action = print_menu.addAction(_("&Comment card"))
        self.print_letter_action = print_menu.addAction(_("&Guarantee letter"))
        self.print_expectations_action = print_menu.addAction(_("&Expectation form"))
        self.print_button.setMenu(print_menu)

        self.fields: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        captions = [
            ("phone", _("Phone")),
            ("email", _("Email")),
            ("address", _("Address")),
            ("birthday", _("Birthday")),
            ("language", _("Language")),
            ("tags", _("Tags")),
            ("consent", _("May contact by")),
            ("last_purchase", _("Last purchase")),
        ]
        for i, (key, caption) in enumerate(captions):
            label = QLabel(self)
            label.setObjectName(f"detail_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            title = QLabel(caption + ":", self)
            title.setStyleSheet("color: #666;")
            row, column = divmod(i, 2)
            grid.addWidget(title, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.fields[key] = label
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.notes = QLabel(self)
        self.notes.setObjectName("detail_notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #444; font-style: italic;")

        self.timeline = TimelinePanel(ctx, self)
        self.purchases = PurchasesPanel(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.timeline, _("&Timeline"))
        self.tabs.addTab(self.purchases, _("&Purchases"))
        self.promises = CustomerPromisesPanel(ctx, self)
        self.tabs.addTab(self.promises, _("Pro&mises"))
        self.reminders = CustomerRemindersPanel(ctx, self)
        self.tabs.addTab(self.reminders, _("Reminder&s"))
        self.items = ItemsPanel(ctx, self)
        self.tabs.addTab(self.items, _("&Items"))

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.name)
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.archive_button)
        top.addWidget(self.answers_button)
        top.addWidget(self.print_button)
        top.addWidget(self.personal_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, 1)

        self.back_button.clicked.connect(self.back.emit)
        self.edit_button.clicked.connect(self.edit)
        self.answers_button.clicked.connect(self.show_answers)
        self.archive_button.clicked.connect(self._archive_or_restore)
        self.export_personal_action.triggered.connect(self.export_personal_data)
        self.erase_action.triggered.connect(self.erase_personal_data)
        self.print_card_action.triggered.connect(lambda: self.print_document("card"))
        self.print_letter_action.triggered.connect(lambda: self.print_document("letter"))
        self.print_expectations_action.triggered.connect(
            lambda: self.print_document("expectations")
        )
        self.reminders.print_requested.connect(self.print_requested)
        shortcuts = (
            ("Ctrl+L", self.log_contact),
            ("Ctrl+P", self.add_purchase),
            ("Ctrl+Shift+P", self.add_promise),
            ("Ctrl+I", self.add_item),
            ("Ctrl+Shift+A", self.show_answers),
            ("Ctrl+E", self.edit),
            ("Esc", self.back.emit),
            ("Alt+Left", self.back.emit),
        )
        for keys, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.bus.customer_changed.connect(self._customer_changed)
        ctx.bus.settings_changed.connect(lambda: self._customer_changed(self.customer_id or 0))

    @property
    def customer_id(self) -> int | None:
        return None if self.details is None else self.details.id

    def show_customer(self, customer_id: int) -> bool:
        try:
            self.details = self.ctx.shop.customers.get(customer_id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Open customer"), error_text(exc))
            return False
        self._fill(self.details)
        self.timeline.show_customer(customer_id)
        self.purchases.show_customer(customer_id)
        self.promises.show_customer(customer_id)
        self.reminders.show_customer(customer_id)
        self.items.show_customer(customer_id)
        self.tabs.setCurrentIndex(0)
        self.timeline.table.setFocus()
        return True

    def _fill(self, details: CustomerDetails) -> None:
        shop = self.ctx.settings()
        none = "—"
        consent = [
            label
            for label, given in (
                (_("mail"), details.consent_mail),
                (_("email"), details.consent_email),
                (_("SMS"), details.consent_sms),
            )
            if given
        ]
        values = {
            "phone": format_phone(details.phone, shop.country) if details.phone else none,
            "email": details.email or none,
            "address": details.address or none,
            "birthday": format_date(details.birthday) or none,
            "language": language_name(details.language) if details.language else none,
            "tags": ", ".join(details.tags) or none,
            "consent": ", ".join(consent) or _("no consent given"),
            "last_purchase": format_date(details.last_purchase_on) or none,
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.name.setText(details.name)
        self.badge.setVisible(details.archived)
        self.notes.setText(details.notes)
        self.notes.setVisible(bool(details.notes))
        self.archive_button.setText(_("&Restore") if details.archived else _("&Archive"))

    def _customer_changed(self, customer_id: int) -> None:
        if self.details is None or customer_id != self.details.id:
            return
        try:
            self.details = self.ctx.shop.customers.get(customer_id)
        except CrmError:
            return
        self._fill(self.details)

    # --- actions
    def log_contact(self) -> None:
        self.tabs.setCurrentWidget(self.timeline)
        self.timeline.log_contact()

    def add_purchase(self) -> None:
        self.tabs.setCurrentWidget(self.purchases)
        self.purchases.add()

    def add_promise(self) -> None:
        self.tabs.setCurrentWidget(self.promises)
        self.promises.add()

    def show_answers(self) -> None:
        if self.details is not None:
            self.answers_requested.emit(self.details.id)

    def print_document(self, which: str) -> None:
        """``which``: "card", "letter" or "expectations", for this customer."""
        if self.details is None:
            return
        customer_id = self.details.id
        requests: dict[str, DocumentRequest] = {
            "card": CommentCardRequest(customer_id=customer_id),
            "letter": GuaranteeLetterRequest(customer_ids=(customer_id,)),
            "expectations": ExpectationFormRequest(customer_id=customer_id),
        }
        self.print_requested.emit(requests[which])

    def add_item(self) -> None:
        self.tabs.setCurrentWidget(self.items)
        self.items.add()

    def edit(self) -> None:
        if self.details is None:
            return
        dialog = CustomerDialog(
            self.ctx.shop.customers, self.details, self, duplicates=self.ctx.shop.duplicates
        )
        dialog.accepted.connect(lambda: self.ctx.bus.customer_changed.emit(dialog.result_value.id))
        dialog.open_existing.connect(self.show_customer)
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def _archive_or_restore(self) -> None:
        if self.details is not None:
            archive_or_restore(self.ctx, self.details.id)

    # --- personal data on request
    def export_personal_data(self) -> None:
        """Save everything the shop holds about the customer as a readable JSON file."""
        details = self.details
        if details is None:
            return
        title = _("Export personal data")
        path = self.ctx.prompts.save_file(
            title,
            _("personal data - {name}.json").format(name=_file_safe(details.name)),
            _("JSON (*.json)"),
        )
        if path is None:
            return
        if path.suffix == "":
            path = path.with_suffix(".json")
        try:
            text = self.ctx.shop.personal_data.export(
                details.id, staff_id=self.ctx.current_staff_id()
            )
            path.write_text(text, encoding="utf-8")
        except CrmError as exc:
            self.ctx.prompts.error(title, error_text(exc))
            return
        except OSError as exc:
            self.ctx.prompts.error(
                title,
                _("The file could not be written: {detail}").format(
                    detail=exc.strerror or str(exc)
                ),
            )
            return
        show_status(
            self,
            _("Saved the personal data of {name} to {path}").format(
                name=details.name, path=str(path)
            ),
        )

    def erase_personal_data(self) -> None:
        """After a strong confirmation, erase the customer's personal data, then go back."""
        from desktop_crm.ui.dialogs.erase_dialog import EraseDialog

        details = self.details
        if details is None:
            return
        dialog = EraseDialog(details, self)
        dialog.accepted.connect(lambda: self._erase(details.id, details.name))
        dialog.finished.connect(dialog.deleteLater)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def _erase(self, customer_id: int, name: str) -> None:
        try:
            self.ctx.shop.personal_data.erase(customer_id, staff_id=self.ctx.current_staff_id())
        except CrmError as exc:
            self.ctx.prompts.error(_("Erase personal data"), error_text(exc))
            return
        self.ctx.bus.customer_changed.emit(customer_id)
        self.ctx.bus.customers_changed.emit()
        show_status(self, _("The personal data of {name} was erased.").format(name=name))
        self.back.emit()


def _file_safe(name: str) -> str:
    """A name usable in a file name on every system."""
    kept = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip(" .")
    return kept or "customer"
