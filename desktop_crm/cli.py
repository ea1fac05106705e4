"""Headless commands (no Qt): ``desktop-crm demo|backup|check ...``."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, translate_error
from desktop_crm.services import locations
from desktop_crm.services.backup import backup_file
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop, open_shop

COMMANDS = ("demo", "backup", "check")


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
    return parser


def print_overview() -> None:
    print(_("desktop-crm [--database URL] [--demo]   open the application"))
    build_parser().print_help()


def _progress(done: int, total: int) -> None:
    print(f"\r{done:,}/{total:,}", end="", file=sys.stderr, flush=True)


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
        print(file=sys.stderr)
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
    from sqlalchemy import text

    shop = _with_shop(args)
    try:
        with shop.db.read() as session:
            if shop.db.is_sqlite:
                verdict = str(session.execute(text("PRAGMA integrity_check")).scalar())
            else:
                verdict = "ok"
        if verdict != "ok":
            print(_("The database is damaged: {detail}").format(detail=verdict), file=sys.stderr)
            return 1
        print(_("The database is in good order."))
    finally:
        shop.close()
    return 0


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"demo": _demo, "backup": _backup, "check": _check}
    try:
        return handlers[args.command](args)
    except CrmError as exc:
        print(translate_error(exc.message, exc.params), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
