"""Import a realistic 100,000-row CSV into a fresh database: ``import_csv.py [--rows N]``.

The file has the demo generator's names (English, Spanish, Chinese, Russian, a few others),
phones, emails and addresses, birthdays in day-first form, tags, about 2% bad rows (phone,
email, birthday or name at fault) and 1% rows repeating an earlier customer. Prints rows/s and
the time split (read + parse; validate + insert, overlapped) of each run and the median.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop_crm.services.demo_data import _Generator
from desktop_crm.services.imports.service import ImportService
from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url

HEADERS = ["Name", "Phone", "Email", "Address", "Birthday", "Language", "Notes", "Tags"]
TAGS = ("vip", "newsletter", "wholesale", "family", "")


def make_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    generator = _Generator(
        rng, datetime(2025, 1, 1, tzinfo=UTC), ZoneInfo("UTC"), random.Random(seed + 1)
    )
    written: list[list[str]] = []
    for _ in range(rows):
        roll = rng.random()
        if roll < 0.01 and written:
            written.append(list(rng.choice(written)))  # the same customer again
            continue
        person = generator.person()
        phone = generator.phone(person.country) if rng.random() < 0.9 else ""
        if phone and rng.random() < 0.5 and phone.startswith("+34"):
            phone = f"{phone[3:6]} {phone[6:9]} {phone[9:]}"  # national, as people type it
        email = generator.email(person) if rng.random() < 0.85 else ""
        if email and rng.random() < 0.8:  # the demo pools repeat addresses: a number apart
            email = email.replace("@", f"{rng.randrange(10_000)}@", 1)
        birthday = ""
        if rng.random() < 0.6:
            day = date(1940, 1, 1) + timedelta(days=rng.randrange(66 * 365))
            birthday = f"{day.day:02d}/{day.month:02d}/{day.year}"
        name = person.name
        bad = rng.random()
        if bad < 0.005:
            phone = "12"
        elif bad < 0.010:
            email = email.replace("@", "@@") if email else "someone@"
        elif bad < 0.015:
            birthday = "31/02/1980"
        elif bad < 0.020:
            name = ""
        address = generator.address(person.country) if rng.random() < 0.7 else ""
        written.append(
            [
                name,
                phone,
                email,
                address,
                birthday,
                person.language,
                "",
                rng.choice(TAGS),
            ]
        )
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(written)


def run_once(csv_path: Path, db_path: Path, workers: int | None) -> dict[str, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shop = open_shop(sqlite_url(db_path), daily_backups=False)
    try:
        settings = shop.settings.get()
        shop.settings.save(settings.__class__(**{**settings.__dict__, "country": "ES"}))
        service = ImportService(shop.db, shop.settings, shop.audit, workers=workers)
        started = time.perf_counter()
        result = service.run(csv_path)
        seconds = time.perf_counter() - started
    finally:
        shop.close()
    rows = result.created + result.skipped_existing + len(result.errors)
    return {
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "created": result.created,
        "skipped": result.skipped_existing,
        "errors": len(result.errors),
        **service.timings,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: one per core but one; 0: none)",
    )
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.out / f"import-{args.rows}.csv"
    if not csv_path.exists():
        make_csv(csv_path, args.rows, args.seed)
    results = []
    for run in range(args.runs):
        figures = run_once(csv_path, args.out / "import-bench.sqlite3", args.workers)
        results.append(figures)
        print(
            f"run {run + 1}: {figures['seconds']:.2f} s, {figures['rows_per_s']:,.0f} rows/s "
            f"(read {figures['read']:.2f} s, validate+insert {figures['check_and_write']:.2f} s;"
            f" created {figures['created']:,.0f}, already there {figures['skipped']:,.0f},"
            f" errors {figures['errors']:,.0f})",
            flush=True,
        )
    median = statistics.median(r["seconds"] for r in results)
    print(f"median of {args.runs}: {median:.2f} s, {args.rows / median:,.0f} rows/s")
    return 0


if __name__ == "__main__":  # the import's worker processes are spawned: keep this guard
    sys.exit(main())
