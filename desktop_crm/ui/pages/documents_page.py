"""The Documents page: choose a document, fill in its options, preview it, then print, save or
open it in the system's viewer. Actions elsewhere (a customer, a reminder, Today) hand a request
to ``show_document``."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.documents.api import DocumentKind, DocumentRequest, GeneratedDocument
from desktop_crm.i18n import _, ngettext
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.document_printing import (
    KIND_EXPLANATIONS,
    KIND_TITLES,
    DocumentRun,
    batch_size,
    failure_text,
    generate_document,
    was_cancelled,
)
from desktop_crm.ui.pages.document_options import OPTION_CLASSES, DocumentOptions
from desktop_crm.ui.widgets.pdf_preview import PdfPreview
from desktop_crm.ui.widgets.status import show_status

Then = Callable[[], object]


class DocumentsPage(QWidget):
    """Document list | its options and the buttons | the preview."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run: DocumentRun | None = None
        self.shown: GeneratedDocument | None = None  # what the preview shows
        self._stale = True  # the options changed since: Print/Save make it again first

        self.kinds = QListWidget(self)
        self.kinds.setObjectName("document_kinds")
        self.kinds.setFixedWidth(230)
        self.kinds.setWordWrap(True)
        # A light selection, so the grey explanation stays readable on the chosen entry.
        self.kinds.setStyleSheet(
            "QListWidget::item:selected { background: #dbe7fb; }"
            "QListWidget::item { border-bottom: 1px solid #eceef1; }"
        )
        self.options_stack = QStackedWidget(self)
        self.options: dict[DocumentKind, DocumentOptions] = {}
        for cls in OPTION_CLASSES:
            options = cls(ctx, self.options_stack)
            self.options[cls.kind] = options
            self.options_stack.addWidget(options)
            options.changed.connect(self._options_changed)
            self._add_kind(cls.kind)

        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.preview_button = QPushButton(_("Pre&view"), self)
        self.preview_button.setToolTip(_("F5"))
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setToolTip(_("Ctrl+P"))
        self.save_button = QPushButton(_("&Save PDF…"), self)
        self.save_button.setToolTip(_("Ctrl+S"))
        self.viewer_button = QPushButton(_("Open in &viewer"), self)
        self.viewer_button.setToolTip(_("Quicker than the preview for thousands of pages"))
        self.status = QLabel(self)
        self.status.setObjectName("document_status")
        self.status.setWordWrap(True)
        self.preview = PdfPreview(ctx.prompts, self)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.options_stack)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        more = QHBoxLayout()
        more.addWidget(self.save_button)
        more.addWidget(self.viewer_button)
        middle = QVBoxLayout()
        middle.addWidget(self.heading)
        middle.addWidget(scroll, 1)
        middle.addLayout(buttons)
        middle.addLayout(more)
        middle.addWidget(self.status)
        column = QWidget(self)
        column.setLayout(middle)
        column.setFixedWidth(340)
        layout = QHBoxLayout(self)
        layout.addWidget(self.kinds)
        layout.addWidget(column)
        layout.addWidget(self.preview, 1)

        self.kinds.currentRowChanged.connect(self._kind_chosen)
        self.preview_button.clicked.connect(self.generate_preview)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self.viewer_button.clicked.connect(self.open_in_viewer)
        for keys, slot in (
            ("F5", self.generate_preview),
            ("Ctrl+P", self.print_document),
            ("Ctrl+S", self.save_document),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        bus = ctx.bus
        bus.company_changed.connect(self._company_changed)
        for signal in (bus.reminders_changed, bus.customers_changed, bus.settings_changed):
            signal.connect(self._data_changed)
        bus.customer_changed.connect(lambda _id: self._data_changed())
        self.kinds.setCurrentRow(0)

    def _add_kind(self, kind: DocumentKind) -> None:
        item = QListWidgetItem(self.kinds)
        item.setData(Qt.ItemDataRole.UserRole, kind.value)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, KIND_TITLES[kind]())
        label = QLabel(
            f"<b>{KIND_TITLES[kind]()}</b><br><span style='color:#666'>"
            f"{KIND_EXPLANATIONS[kind]()}</span>",
            self.kinds,
        )
        label.setWordWrap(True)
        label.setContentsMargins(8, 6, 8, 6)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        item.setSizeHint(QSize(200, label.sizeHint().height() + 14))
        self.kinds.setItemWidget(item, label)

    # --- choosing
    @property
    def kind(self) -> DocumentKind:
        return OPTION_CLASSES[max(0, self.kinds.currentRow())].kind

    @property
    def current_options(self) -> DocumentOptions:
        return self.options[self.kind]

    def choose(self, kind: DocumentKind) -> DocumentOptions:
        row = next(i for i, cls in enumerate(OPTION_CLASSES) if cls.kind == kind)
        self.kinds.setCurrentRow(row)
        return self.options[kind]

    def _kind_chosen(self, row: int) -> None:
        if row < 0:
            return
        options = self.current_options
        options.refresh()
        self.options_stack.setCurrentWidget(options)
        self.heading.setText(KIND_TITLES[self.kind]())
        # The preview shows the chosen document only: another one would be printed by mistake.
        self.shown = None
        self.preview.clear()
        self.status.clear()
        self._stale = True
        self._update_buttons()

    def show_document(self, request: DocumentRequest) -> None:
        """Select ``request``'s document, fill its options from it and preview it."""
        self.choose(request.kind).load(request)
        self.generate_preview()

    # --- changes elsewhere
    def _options_changed(self) -> None:
        self._stale = True

    def _company_changed(self) -> None:
        for options in self.options.values():
            options.refresh()
        self._stale = True

    def _data_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.current_options.refresh()

    # --- making the document
    @property
    def busy(self) -> bool:
        return self.run is not None and not self.run.finished

    def generate_preview(self) -> None:
        self._generate(None)

    def _generate(self, then: Then | None) -> None:
        """Make the document in the background; show it, then do ``then`` (print, save)."""
        if self.busy:
            return
        request = self.current_options.request()
        if batch_size(request) == 0:
            self._say(_("Nothing to print: no customer or reminder is chosen."))
            return
        self._say(_("Making the document…"))
        self.run = generate_document(
            self,
            self.ctx.shop,
            request,
            lambda document: self._made(document, then),
            self._failed,
        )
        self._update_buttons()

    def _made(self, document: GeneratedDocument, then: Then | None) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed meanwhile
        self.shown = document
        self._stale = False
        self.preview.load(document.pdf, document.file_name)
        self._say(
            ngettext("{file}: {count} page", "{file}: {count} pages", document.pages).format(
                file=document.file_name, count=f"{document.pages:,}"
            )
        )
        self._update_buttons()
        if then is not None:
            then()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._update_buttons()
        if was_cancelled(error):
            self._say(_("Cancelled: no document was made."))
            return
        self._say(_("The document could not be made."))
        self.ctx.prompts.error(
            KIND_TITLES[self.kind](),
            _("The document could not be made: {detail}").format(detail=failure_text(error)),
        )

    def _with_document(self, action: Then) -> None:
        """``action`` on the shown document, made again first when the options changed."""
        if self.shown is not None and not self._stale:
            action()
        else:
            self._generate(action)

    # --- print, save, view
    def print_document(self) -> None:
        self._with_document(self._print)

    def _print(self) -> None:
        if self.preview.print_pdf(self):
            self._say(_("Sent to the printer."))

    def save_document(self) -> None:
        self._with_document(self._save)

    def _save(self) -> None:
        path = self.preview.save_pdf()
        if path is not None:
            self._say(_("Saved to {path}").format(path=str(path)))

    def open_in_viewer(self) -> None:
        self._with_document(self.preview.open_in_viewer)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        show_status(self, text)

    def _update_buttons(self) -> None:
        idle = not self.busy
        for button in (
            self.preview_button,
            self.print_button,
            self.save_button,
            self.viewer_button,
        ):
            button.setEnabled(idle)
