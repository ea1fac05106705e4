"""The composition root: parse arguments, open the database, build the services, show the window.

Start-up time counts: Qt and the pages are imported inside ``main``; pages other than Today
are imported when first opened; the demo generator only with ``--demo``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import SHIPPED_LANGUAGES, _

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QApplication

    from desktop_crm.services.shop import Shop
    from desktop_crm.ui.main_window import MainWindow
    from desktop_crm.ui.prompts import Prompts

EXIT_ALREADY_RUNNING = 1
EXIT_DATABASE_ERROR = 2
DEMO_CUSTOMERS = 2000
CATCH_UP_DELAY_MS = 500
"""The reminders' catch-up starts this long after the window shows, so its work (which holds
Python's lock in turns with the UI thread) does not slow the first paint."""


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="desktop-crm", description=_("Customer care for small shops.")
    )
    parser.add_argument(
        "--database", metavar="URL", help=_("database URL (sqlite:///path or postgresql://...)")
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open the separate demo database, filled on first use"),
    )
    parser.add_argument("--language", choices=SHIPPED_LANGUAGES, help=_("language of this session"))
    return parser.parse_args(args)


def database_url(options: argparse.Namespace) -> str:
    from desktop_crm.services.locations import default_database_url, demo_database_url

    if options.database:
        return str(options.database)
    return demo_database_url() if options.demo else default_database_url()


def lock_path(url: str) -> Path:
    """One lock per database, in the temporary directory (the database folder may be read-only)."""
    from PySide6.QtCore import QDir

    if url.startswith("sqlite:///"):
        url = "sqlite:///" + str(Path(url.removeprefix("sqlite:///")).resolve())
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
    return Path(QDir.tempPath()) / f"desktop_crm-{digest}.lock"


def acquire_lock(url: str) -> QLockFile | None:
    """The lock on ``url``, or None when another running instance holds it.

    A lock left by a crashed instance is stale (its process is gone) and taken over. A running
    instance keeps its lock however long it runs (stale time 0).
    """
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(lock_path(url)))
    lock.setStaleLockTime(0)
    if lock.tryLock(100):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    return lock  # cannot even write the lock (odd temp dir): do not stop the user for it


RESOURCES_DIR = Path(__file__).resolve().parents[1] / "resources"
FALLBACK_FONT = RESOURCES_DIR / "fonts" / "wqy-microhei.ttc"


def ensure_chinese_font() -> None:
    """Chinese names need a font with Han characters; computers without one (minimal Linux
    desktops) get the one we ship, so names never show as empty boxes."""
    from PySide6.QtGui import QFontDatabase

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return
    if FALLBACK_FONT.exists():
        QFontDatabase.addApplicationFont(str(FALLBACK_FONT))


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own dialogs (buttons, calendar) in the shop's language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(language))
    translator = QTranslator(app)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", directory):
        app.installTranslator(translator)


def fill_demo(shop: Shop, prompts: Prompts) -> None:
    """Fill an empty demo database, off the UI thread, behind a progress dialog."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    from desktop_crm.i18n import _
    from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
    from desktop_crm.ui.tasks import Progress, run_in_background

    if shop.customers.count(CustomerQuery(archive=ArchiveFilter.ALL)) > 0:
        return
    try:
        from desktop_crm.services.demo_data import generate_demo
    except ImportError:
        prompts.error(_("Demo data"), _("The demo data generator is not installed."))
        return

    dialog = QProgressDialog(_("Creating demo customers…"), "", 0, DEMO_CUSTOMERS)
    dialog.setWindowTitle(_("Demo data"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    loop = QEventLoop()
    failure: list[BaseException] = []

    def work(progress: Progress) -> None:
        generate_demo(shop.db, customers=DEMO_CUSTOMERS, progress=progress)
        # Someone is at the keyboard in the demo shop, so what is logged has an author.
        managers = [member for member in shop.staff.list(False) if member.is_manager]
        if managers and shop.settings.get().current_staff_id is None:
            shop.settings.set_current_staff(managers[0].id)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    def failed(error: BaseException) -> None:
        failure.append(error)
        loop.quit()

    run_in_background(work, lambda _result: loop.quit(), failed, progressed)
    loop.exec()
    dialog.close()
    if failure:
        prompts.error(
            _("Demo data"),
            _("The demo data could not be created: {error}").format(error=failure[0]),
        )


@dataclass
class Running:
    """What ``start`` built; ``close`` releases the database and the lock."""

    window: MainWindow
    shop: Shop
    lock: QLockFile

    def close(self) -> None:
        # Background work (the daily backup, the reminders' catch-up) ends before the
        # database is closed under it.
        from PySide6.QtCore import QThreadPool

        self.window.stop_timers()
        QThreadPool.globalInstance().waitForDone()
        self.shop.close()
        self.lock.unlock()


def start(
    options: argparse.Namespace, app: QApplication, prompts: Prompts | None = None
) -> Running | int:
    """Open the database and show the main window; an exit code when that is not possible."""
    from desktop_crm.i18n import _, set_language
    from desktop_crm.services.shop import DatabaseOpenError, open_shop
    from desktop_crm.ui.change_bus import ChangeBus
    from desktop_crm.ui.context import UiContext
    from desktop_crm.ui.prompts import QtPrompts, error_text

    if options.language:
        set_language(options.language)
    prompts = prompts or QtPrompts()
    url = database_url(options)
    lock = acquire_lock(url)
    if lock is None:
        prompts.error(
            _("Already open"),
            _(
                "This database is already open in another window of the app. Switch to that "
                "window (look in the task bar) instead of opening a second one."
            ),
        )
        return EXIT_ALREADY_RUNNING
    try:
        shop = open_shop(url)
    except DatabaseOpenError as exc:
        lock.unlock()
        prompts.error(
            _("Cannot open the database"),
            error_text(exc)
            + "\n\n"
            + _("Nothing was changed or lost. Database: {url}").format(url=url),
        )
        return EXIT_DATABASE_ERROR
    language = options.language or shop.settings.get().language
    set_language(language)
    install_qt_translations(app, language)
    ensure_chinese_font()
    if options.demo:
        fill_demo(shop, prompts)

    from desktop_crm.ui.main_window import MainWindow

    context = UiContext(shop=shop, bus=ChangeBus(), prompts=prompts)
    window = MainWindow(context)
    if isinstance(prompts, QtPrompts):
        prompts.parent = window
    window.show()
    warn_if_on_network_drive(shop, prompts)
    start_daily_backup(shop, prompts)
    # Reminders worked out for today, then "Welcome back: ... came due since Friday".
    window.start_catch_up_later(CATCH_UP_DELAY_MS)
    return Running(window, shop, lock)


def warn_if_on_network_drive(shop: Shop, prompts: Prompts) -> None:
    """SQLite's write-ahead log does not work on network file systems: say so plainly."""
    from desktop_crm.i18n import _
    from desktop_crm.services.locations import is_on_network_drive

    path = shop.db.sqlite_path
    if path is not None and is_on_network_drive(path):
        prompts.info(
            _("Database on a network drive"),
            _(
                "The database {path} is on a network drive. SQLite cannot share it safely "
                "there: keep it on this computer's own disk, or, for several computers, use a "
                "PostgreSQL server (start with --database postgresql://...)."
            ).format(path=path),
        )


def start_daily_backup(shop: Shop, prompts: Prompts) -> None:
    """Today's backup, off the UI thread (seconds on a large file); a failure is said plainly."""
    from desktop_crm.i18n import _
    from desktop_crm.ui.prompts import error_text
    from desktop_crm.ui.tasks import run_in_background

    def failed(error: BaseException) -> None:
        detail = error_text(error) if isinstance(error, CrmError) else str(error)
        prompts.error(
            _("Backup"), _("Today's backup could not be made: {detail}").format(detail=detail)
        )

    run_in_background(lambda _progress: shop.daily_backup(), lambda _result: None, failed)


def quit_after_first_paint(window: MainWindow, started: float) -> None:
    """For bench/startup.py (DESKTOP_CRM_EXIT_AFTER_PAINT=1): report and quit once painted."""
    from PySide6.QtCore import QCoreApplication, QTimer

    def report() -> None:
        print(
            f"main() to window painted: {1000 * (time.perf_counter() - started):.0f} ms", flush=True
        )
        QCoreApplication.quit()

    # A zero timer fires once the event queue is empty, i.e. after the first paint.
    window.repaint()
    QTimer.singleShot(0, report)


def main(args: list[str]) -> int:
    started = time.perf_counter()
    options = parse_args(args)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    assert isinstance(app, QApplication)
    app.setApplicationName("desktop_crm")
    app.setApplicationDisplayName("Customer care")
    running = start(options, app)
    if isinstance(running, int):
        return running
    if os.environ.get("DESKTOP_CRM_EXIT_AFTER_PAINT"):
        quit_after_first_paint(running.window, started)
    try:
        return app.exec()
    finally:
        # Let a running backup finish before the database is closed.
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()
        running.close()
