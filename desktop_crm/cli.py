"""Headless commands (no Qt): ``desktop-crm demo|backup|check|import|export|audit ...``.

Exit codes: 0 done, 1 done but some rows had errors (import), 2 unusable input or refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from desktop_crm.documents import api
from desktop_crm.documents.api import DocumentKind
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import SHIPPED_LANGUAGES, _, translate_error
from desktop_crm.services import locations
from desktop_crm.services.backup import backup_file
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop, open_shop

COMMANDS = (
    "demo",
    "backup",
    "check",
    "import",
    "export",
    "personal-data",
    "erase",
    "audit",
    "reminders",
    "calendar",
    "document",
)

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
EXIT_UNUSABLE = 2


def _database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        metavar="URL",
        help=_("database URL (default: the shop's database in the per-user data folder)"),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desktop-crm", description=_("Customer care for small shops.")
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help=_("fill a database with realistic demo customers"))
    _database_argument(demo)
    demo.add_argument("--customers", type=int, default=2000, help=_("how many customers"))
    demo.add_argument("--contacts-per-customer", type=float, default=10.0)
    demo.add_argument("--seed", type=int, default=1)

    backup = commands.add_parser("backup", help=_("write a safe copy of the database"))
    _database_argument(backup)
    backup.add_argument("target", type=Path, help=_("file to write the copy to"))

    check = commands.add_parser("check", help=_("check the database's integrity"))
    _database_argument(check)

    imports = commands.add_parser("import", help=_("import customers from a CSV or vCard file"))
    _database_argument(imports)
    imports.add_argument("file", type=Path, help=_("the CSV or vCard file"))
    imports.add_argument(
        "--errors",
        type=Path,
        metavar="OUT.csv",
        help=_("write the rows that could not be imported to this CSV, to fix and import again"),
    )

    export = commands.add_parser("export", help=_("export customers to CSV or vCard"))
    _database_argument(export)
    export.add_argument("target", type=Path, help=_("file to write: .csv or .vcf"))
    export.add_argument(
        "--search", default="", metavar="TEXT", help=_("only the customers this search finds")
    )
    export.add_argument("--tag", default="", help=_("only customers with this tag"))

    personal = commands.add_parser(
        "personal-data", help=_("export everything the shop holds about one customer (JSON)")
    )
    _database_argument(personal)
    personal.add_argument("customer_id", type=int, help=_("the customer's number"))
    personal.add_argument("target", type=Path, help=_("file to write the JSON to"))

    erase = commands.add_parser(
        "erase", help=_("erase a customer's personal data (purchase totals are kept)")
    )
    _database_argument(erase)
    erase.add_argument("customer_id", type=int, help=_("the customer's number"))
    erase.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))

    audit = commands.add_parser("audit", help=_("list what was done with personal data"))
    _database_argument(audit)
    audit.add_argument("--limit", type=int, default=200, help=_("how many entries, newest first"))

    reminders = commands.add_parser(
        "reminders", help=_("work out the reminders that are due (as the app does when it opens)")
    )
    _database_argument(reminders)
    reminders.add_argument(
        "--all", action="store_true", help=_("work out every customer's reminders again")
    )

    calendar = commands.add_parser(
        "calendar", help=_("export open reminders and promises as a calendar file (.ics)")
    )
    _database_argument(calendar)
    calendar.add_argument("target", type=Path, help=_("the .ics file to write"))

    document = commands.add_parser(
        "document", help=_("print a document (comment cards, letters, ...) to a PDF file")
    )
    _database_argument(document)
    document.add_argument("kind", choices=[kind.value for kind in DocumentKind])
    document.add_argument("target", type=Path, help=_("the PDF file to write"))
    document.add_argument(
        "--customer", type=int, action="append", default=[], help=_("a customer's number")
    )
    document.add_argument(
        "--bought-since",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help=_("guarantee letters for every customer who bought since this day"),
    )
    document.add_argument(
        "--reminder", type=int, action="append", default=[], help=_("a reminder's number")
    )
    document.add_argument("--count", type=int, default=1, help=_("how many comment cards"))
    document.add_argument("--per-sheet", type=int, choices=(1, 2, 4), default=1)
    document.add_argument("--language", choices=SHIPPED_LANGUAGES)
    document.add_argument("--day", type=date.fromisoformat, metavar="YYYY-MM-DD")
    return parser


def print_overview() -> None:
    print(_("desktop-crm [--database URL] [--demo]   open the application"))
    build_parser().print_help()


def _progress(done: int, total: int) -> None:
    """A counter that rewrites itself on a terminal; the last one ends its line."""
    if not sys.stderr.isatty():
        return
    end = "\n" if done >= total else ""
    print(f"\r{done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


def _demo(args: argparse.Namespace) -> int:
    from desktop_crm.services.demo_data import generate_demo  # only this command needs it

    url = args.database or locations.demo_database_url()
    shop = open_shop(url, daily_backups=False)
    try:
        if shop.customers.count(CustomerQuery(archive=ArchiveFilter.ALL)) and args.database is None:
            print(_("The demo database already has customers: {url}").format(url=url))
            return 0
        started = time.perf_counter()
        generate_demo(
            shop.db,
            args.customers,
            seed=args.seed,
            contacts_per_customer=args.contacts_per_customer,
            progress=_progress,
        )
        print(
            _("{count} demo customers written to {url} in {seconds:.1f} s").format(
                count=args.customers, url=url, seconds=time.perf_counter() - started
            )
        )
    finally:
        shop.close()
    return 0


def _with_shop(args: argparse.Namespace) -> Shop:
    return open_shop(args.database or locations.default_database_url(), daily_backups=False)


def _backup(args: argparse.Namespace) -> int:
    shop = _with_shop(args)
    try:
        path = shop.db.sqlite_path
        if path is None:
            print(
                _("Backups of this kind of database are made with its own tools."), file=sys.stderr
            )
            return 2
        target = args.target
        if target.is_dir():
            target = target / f"desktop_crm-{datetime.now(UTC):%Y-%m-%d_%H%M%S}.sqlite3"
        print(_("Backup written to {path}").format(path=backup_file(path, target)))
    finally:
        shop.close()
    return 0


def _check(args: argparse.Namespace) -> int:
    shop = _with_shop(args)
    try:
        verdict = shop.integrity_verdict()
        if verdict != "ok":
            print(_("The database is damaged: {detail}").format(detail=verdict), file=sys.stderr)
            return 1
        print(_("The database is in good order."))
    finally:
        shop.close()
    return 0


def _current_staff(shop: Shop) -> int | None:
    """Who is at the keyboard in the app: the author of audit entries."""
    return shop.settings.get().current_staff_id


def _import(args: argparse.Namespace) -> int:
    from desktop_crm.services.imports.error_csv import problem_text, write_error_csv

    shop = _with_shop(args)
    try:
        service = shop.imports
        result = service.run(args.file, staff_id=_current_staff(shop), progress=_progress)
        headers = service.preview(args.file).headers if result.errors and args.errors else []
    finally:
        shop.close()
    print(
        _("{created} created, {existing} already there, {errors} with errors").format(
            created=result.created, existing=result.skipped_existing, errors=len(result.errors)
        )
    )
    if not result.errors:
        return EXIT_OK
    for error in result.errors[:20]:
        print(problem_text(error), file=sys.stderr)
    if len(result.errors) > 20:
        print(_("... and {count} more").format(count=len(result.errors) - 20), file=sys.stderr)
    if args.errors is not None:
        write_error_csv(result, headers, args.errors)
        print(
            _("Rows with errors written to {path}: fix them there and import that file.").format(
                path=args.errors
            )
        )
    return EXIT_ROW_ERRORS


def _export(args: argparse.Namespace) -> int:

    suffix = args.target.suffix.lower()
    if suffix not in (".csv", ".vcf", ".vcard"):
        print(_("Name the file .csv or .vcf to choose the format."), file=sys.stderr)
        return EXIT_UNUSABLE
    query = None
    if args.search or args.tag:
        query = CustomerQuery(text=args.search, tag=args.tag, archive=ArchiveFilter.ALL)
    shop = _with_shop(args)
    try:
        service = shop.exports
        write = service.export_csv if suffix == ".csv" else service.export_vcard
        count = write(args.target, query, staff_id=_current_staff(shop))
    finally:
        shop.close()
    print(_("{count} customers written to {path}").format(count=count, path=args.target))
    return EXIT_OK


def _personal_data(args: argparse.Namespace) -> int:
    shop = _with_shop(args)
    try:
        text = shop.personal_data.export(args.customer_id, staff_id=_current_staff(shop))
    finally:
        shop.close()
    args.target.write_text(text, encoding="utf-8")
    print(_("Personal data written to {path}").format(path=args.target))
    return EXIT_OK


def _erase(args: argparse.Namespace) -> int:
    if not args.yes:
        print(
            _("Erasing cannot be undone: add --yes to erase customer {id}.").format(
                id=args.customer_id
            ),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    shop = _with_shop(args)
    try:
        shop.personal_data.erase(args.customer_id, staff_id=_current_staff(shop))
    finally:
        shop.close()
    print(_("Customer {id} erased.").format(id=args.customer_id))
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    shop = _with_shop(args)
    try:
        entries = shop.audit.list(0, args.limit)
    finally:
        shop.close()
    for entry in entries:
        who = entry.staff_name or "-"
        customer = f"#{entry.customer_id}" if entry.customer_id is not None else "-"
        print(f"{entry.at:%Y-%m-%d %H:%M}\t{entry.action}\t{who}\t{customer}\t{entry.summary}")
    return EXIT_OK


def _reminders(args: argparse.Namespace) -> int:
    shop = _with_shop(args)
    try:
        if args.all:
            result = shop.reminders.regenerate_all(progress=_progress)
        else:
            result = shop.reminders.refresh(progress=_progress)
    finally:
        shop.close()
    print(
        _("Reminders worked out: {created} new, {updated} moved, {removed} removed.").format(
            created=result.created, updated=result.updated, removed=result.removed
        )
    )
    return EXIT_OK


def _calendar(args: argparse.Namespace) -> int:
    shop = _with_shop(args)
    try:
        count = shop.calendar.export(args.target)
    finally:
        shop.close()
    print(_("{count} events written to {path}").format(count=count, path=args.target))
    return EXIT_OK


def _document(args: argparse.Namespace) -> int:
    from desktop_crm.services.file_output import write_file_whole

    shop = _with_shop(args)
    try:
        request = _document_request(shop, args)
        if request is None:
            print(_("Name the customers (--customer or --bought-since)."), file=sys.stderr)
            return EXIT_UNUSABLE
        made = api.generate(shop, request, progress=_progress)
    finally:
        shop.close()
    write_file_whole(args.target, made.pdf)
    print(_("{pages} pages written to {path}").format(pages=made.pages, path=args.target))
    return EXIT_OK


def _document_request(shop: Shop, args: argparse.Namespace) -> api.DocumentRequest | None:
    """The request the flags describe; None when it names nobody to write to."""
    customer = args.customer[0] if args.customer else None
    kind = DocumentKind(args.kind)
    if kind is DocumentKind.COMMENT_CARD:
        return api.CommentCardRequest(
            count=args.count,
            per_sheet=args.per_sheet,
            customer_id=customer,
            language=args.language,
        )
    if kind is DocumentKind.GUARANTEE_LETTER:
        ids = list(args.customer)
        if args.bought_since is not None:
            ids += [
                i
                for i in shop.document_data.customers_who_bought(args.bought_since)
                if i not in ids
            ]
        return api.GuaranteeLetterRequest(tuple(ids), args.bought_since) if ids else None
    if kind is DocumentKind.EXPECTATION_FORM:
        return api.ExpectationFormRequest(customer_id=customer, language=args.language)
    if kind is DocumentKind.REMINDER_NOTE:
        return api.ReminderNoteRequest(tuple(args.reminder)) if args.reminder else None
    if kind is DocumentKind.BROCHURE:
        return api.BrochureRequest(language=args.language)
    return api.AgendaRequest(day=args.day)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "demo": _demo,
        "backup": _backup,
        "check": _check,
        "import": _import,
        "export": _export,
        "personal-data": _personal_data,
        "erase": _erase,
        "audit": _audit,
        "reminders": _reminders,
        "calendar": _calendar,
        "document": _document,
    }
    try:
        return handlers[args.command](args)
    except CrmError as exc:
        print(translate_error(exc.message, exc.params), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(
            _("The file could not be read or written: {detail}").format(
                detail=f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
            ),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
