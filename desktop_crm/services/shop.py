"""Opening a shop's database: migrate it (after a backup), back it up daily, build the services."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, OperationalError

from desktop_crm.domain.errors import N_, CrmError
from desktop_crm.services.answers import AnswerService
from desktop_crm.services.audit import AuditService
from desktop_crm.services.backup import daily_backup, pre_migration_backup
from desktop_crm.services.company_profile import CompanyProfileService
from desktop_crm.services.complaints import ComplaintService
from desktop_crm.services.customers import CustomerService
from desktop_crm.services.duplicates import DuplicateService
from desktop_crm.services.feedback import FeedbackService
from desktop_crm.services.items import ItemService
from desktop_crm.services.locations import backup_dir_for
from desktop_crm.services.merge import MergeService
from desktop_crm.services.personal_data import PersonalDataService
from desktop_crm.services.promises import PromiseService
from desktop_crm.services.purchases import PurchaseService
from desktop_crm.services.questionnaires import QuestionnaireService
from desktop_crm.services.reminders.service import ReminderService
from desktop_crm.services.rules import RuleService
from desktop_crm.services.satisfaction import SatisfactionService
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.staff import StaffService
from desktop_crm.services.timeline import TimelineService
from desktop_crm.services.today import TodayService
from desktop_crm.storage import migrate
from desktop_crm.storage.database import Database

if TYPE_CHECKING:
    from desktop_crm.services.calendar_export import CalendarExportService
    from desktop_crm.services.document_data import DocumentDataService
    from desktop_crm.services.exports import ExportService
    from desktop_crm.services.imports.service import ImportService

log = logging.getLogger(__name__)


class DatabaseOpenError(CrmError):
    """The database cannot be opened: locked, corrupt, not a database, or out of reach."""


@dataclass(frozen=True)
class Shop:
    """Every service over one database: what the UI and the CLI are handed."""

    db: Database
    settings: SettingsService
    staff: StaffService
    customers: CustomerService
    timeline: TimelineService
    purchases: PurchaseService
    audit: AuditService
    duplicates: DuplicateService
    merge: MergeService
    personal_data: PersonalDataService
    items: ItemService
    rules: RuleService
    reminders: ReminderService
    promises: PromiseService
    today: TodayService
    answers: AnswerService
    complaints: ComplaintService
    company: CompanyProfileService
    questionnaires: QuestionnaireService
    satisfaction: SatisfactionService
    feedback: FeedbackService

    # Import and export are built on first use: their modules (csv, multiprocessing, vCard)
    # are not needed to start the application.
    @cached_property
    def imports(self) -> ImportService:
        from desktop_crm.services.imports.service import ImportService

        return ImportService(self.db, self.settings, self.audit)

    @cached_property
    def exports(self) -> ExportService:
        from desktop_crm.services.exports import ExportService

        return ExportService(self.db, self.settings, self.audit)

    @cached_property
    def calendar(self) -> CalendarExportService:
        from desktop_crm.services.calendar_export import CalendarExportService

        return CalendarExportService(self.db, self.settings)

    @cached_property
    def document_data(self) -> DocumentDataService:
        from desktop_crm.services.document_data import DocumentDataService

        return DocumentDataService(self.db, self.settings)

    def daily_backup(self) -> Path | None:
        """Today's backup of a SQLite file if there is none yet (slow on a big file: run it
        off the UI thread); old daily backups beyond the kept days are removed."""
        path = self.db.sqlite_path
        if path is None:
            return None
        keep = self.settings.get().backup_keep_days
        return daily_backup(path, backup_dir_for(path), date.today(), keep)

    def integrity_verdict(self) -> str:
        """SQLite's own check of the whole file: "ok", or what is damaged. Other databases
        check themselves; they answer "ok"."""
        if not self.db.is_sqlite:
            return "ok"
        with self.db.read() as session:
            return str(session.execute(text("PRAGMA integrity_check")).scalar())

    def close(self) -> None:
        if self.db.is_sqlite:
            # Keeps the query planner's statistics fresh as the shop's data grows.
            with self.db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA optimize")
        self.db.dispose()


def build_services(db: Database) -> Shop:
    settings = SettingsService(db)
    rules = RuleService(db)
    return Shop(
        db=db,
        settings=settings,
        staff=StaffService(db),
        customers=CustomerService(db, settings),
        timeline=TimelineService(db),
        purchases=PurchaseService(db, settings),
        audit=AuditService(db),
        duplicates=DuplicateService(db, settings),
        merge=MergeService(db, settings),
        personal_data=PersonalDataService(db),
        items=ItemService(db),
        rules=rules,
        reminders=ReminderService(db, settings, rules),
        promises=PromiseService(db, settings),
        today=TodayService(db, settings),
        answers=AnswerService(db, settings),
        complaints=ComplaintService(db, settings),
        company=CompanyProfileService(db, settings),
        questionnaires=QuestionnaireService(db, settings),
        satisfaction=SatisfactionService(db, settings),
        feedback=FeedbackService(db, settings),
    )


def open_shop(url: str, *, daily_backups: bool = False) -> Shop:
    """Open (creating if needed) and migrate the database at ``url``.

    A backup is taken before any pending migration; with ``daily_backups`` also today's
    backup (the app takes it in the background after the window shows instead). Raises
    DatabaseOpenError with a message a shop owner can act on.
    """
    db = Database(url)
    try:
        path = db.sqlite_path
        if migrate.is_pending(db):
            current = migrate.current_revision(db)
            if current is not None and not migrate.is_known(current):
                raise DatabaseOpenError(
                    N_(
                        "This database was made by a newer version of desktop_crm;"
                        " update the application to open it."
                    )
                )
            if path is not None and path.exists() and migrate.current_revision(db) is not None:
                made = pre_migration_backup(path, backup_dir_for(path), datetime.now(UTC))
                log.info("backup before migration: %s", made)
            migrate.upgrade(db)
        shop = build_services(db)
        if daily_backups:
            shop.daily_backup()
        return shop
    except OperationalError as exc:
        db.dispose()
        if "locked" in str(exc).lower():
            raise DatabaseOpenError(
                N_("The database is in use by another program and stays locked: {detail}"),
                detail=str(exc.orig),
            ) from exc
        raise DatabaseOpenError(
            N_("The database cannot be opened: {detail}"), detail=str(exc.orig)
        ) from exc
    except DatabaseError as exc:
        db.dispose()
        raise DatabaseOpenError(
            N_("This file is not a desktop_crm database or it is damaged: {detail}"),
            detail=str(exc.orig),
        ) from exc
    except CrmError:
        db.dispose()
        raise
