"""A PDF shown inside the app (QtPdf), and printed, saved or handed to the system's viewer.

Printing renders each page to an image at the printer's resolution (capped, so a 1,200 dpi PDF
"printer" does not need 500 MB per page) and paints it onto the QPrinter: the PDF's own layout
is what comes out, on whatever printer the Qt dialog chose.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.i18n import _, ngettext
from desktop_crm.services.file_output import write_file_whole
from desktop_crm.ui.prompts import Prompts

MAX_PRINT_DPI = 300  # enough for text and logos; 600+ only costs memory and time
ZOOM_STEP = 1.25
VIEWER_FOLDER = "desktop_crm-documents"


class PdfPreview(QWidget):
    """Pages one under the other, fitted to the width; zoom in and out."""

    def __init__(self, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.pdf = b""
        self.file_name = "document.pdf"
        # QPdfDocument reads from the buffer while pages render: both live as long as the view.
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.printer: QPrinter | None = None  # kept: the next print offers the same printer

        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setStyleSheet("QPdfView { background: #8a8f96; }")
        self.pages_label = QLabel(self)
        self.pages_label.setObjectName("page_count")
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_out_button.setToolTip(_("Zoom out (Ctrl+-)"))
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_in_button.setToolTip(_("Zoom in (Ctrl++)"))
        self.fit_button = QPushButton(_("Fit width"), self)
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(32)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_width)
        self._show_count()

    # --- what is shown
    def load(self, pdf: bytes, file_name: str) -> None:
        """Show ``pdf`` (``file_name`` is offered when saving)."""
        self.document.close()
        self._buffer.close()
        self.pdf, self.file_name = pdf, file_name
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.fit_width()
        self._show_count()

    def clear(self) -> None:
        self.document.close()
        self._buffer.close()
        self.pdf = b""
        self._show_count()

    def page_count(self) -> int:
        return self.document.pageCount() if self.pdf else 0

    def _show_count(self) -> None:
        count = self.page_count()
        self.pages_label.setText(
            ngettext("{count} page", "{count} pages", count).format(count=f"{count:,}")
            if count
            else _("Nothing to show yet: choose the options and press Preview.")
        )
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(count > 0)

    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(8.0, current * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # --- printing
    def print_pdf(self, parent: QWidget | None = None) -> bool:
        """The Qt print dialog, then every page (or the chosen range) onto the printer.
        False when cancelled or there is nothing to print."""
        count = self.page_count()
        if count == 0:
            return False
        printer = self._printer()
        dialog = QPrintDialog(printer, parent or self)
        dialog.setWindowTitle(_("Print {file}").format(file=self.file_name))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        first, last = printer.fromPage(), printer.toPage()
        if first == 0:  # no range chosen: all pages
            first, last = 1, count
        return self.print_pages(printer, first - 1, min(last, count) - 1)

    def _printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(self.file_name)
        self.printer.setFullPage(True)  # the PDF has its own margins
        # The paper the document was made for (A4 or Letter), as the dialog's default.
        size = self.document.pagePointSize(0)
        self.printer.setPageSize(QPageSize(size, QPageSize.Unit.Point))
        return self.printer

    def print_pages(self, printer: QPrinter, first: int, last: int) -> bool:
        """Pages ``first``..``last`` (0-based, inclusive) onto ``printer``."""
        painter = QPainter()
        if not painter.begin(printer):
            self.prompts.error(_("Print"), _("The printer could not be started."))
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            for page in range(first, last + 1):
                if page > first:
                    printer.newPage()
                self._paint_page(painter, page, dpi)
        finally:
            painter.end()
            QGuiApplication.restoreOverrideCursor()
        return True

    def _paint_page(self, painter: QPainter, page: int, dpi: int) -> None:
        points = self.document.pagePointSize(page)
        image = self.document.render(
            page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        )
        target = painter.viewport()
        # Keep the page's proportions when the paper differs (an A4 PDF on Letter paper).
        scale = min(target.width() / image.width(), target.height() / image.height())
        width, height = round(image.width() * scale), round(image.height() * scale)
        painter.drawImage(QRect(0, 0, width, height), image)

    # --- files
    def save_pdf(self) -> Path | None:
        """Ask where, then write the PDF there. The path written, or None."""
        if not self.pdf:
            return None
        title = _("Save PDF")
        path = self.prompts.save_file(title, self.file_name, _("PDF files (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_file_whole(path, self.pdf)  # a full disk keeps the old file whole
        except OSError as exc:
            self.prompts.error(
                title,
                _("The file could not be written: {detail}").format(
                    detail=exc.strerror or str(exc)
                ),
            )
            return None
        return path

    def open_in_viewer(self) -> Path | None:
        """Write the PDF to a temporary file and open it in the system's PDF viewer (quicker
        than the preview for a batch of thousands of pages). The file, or None."""
        if not self.pdf:
            return None
        folder = Path(tempfile.gettempdir()) / VIEWER_FOLDER
        try:
            folder.mkdir(exist_ok=True)
            # Left for the viewer (it may read it after we return); the system cleans temp.
            with tempfile.NamedTemporaryFile(
                dir=folder, prefix=Path(self.file_name).stem + "-", suffix=".pdf", delete=False
            ) as handle:
                handle.write(self.pdf)
        except OSError as exc:
            self.prompts.error(
                _("Open in viewer"),
                _("The file could not be written: {detail}").format(
                    detail=exc.strerror or str(exc)
                ),
            )
            return None
        path = Path(handle.name)
        if not self.prompts.open_url(QUrl.fromLocalFile(str(path)).toString()):
            self.prompts.error(
                _("Open in viewer"),
                _("No program to show PDF files was found. The file is at {path}").format(
                    path=str(path)
                ),
            )
        return path
