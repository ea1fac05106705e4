"""Opening Today: ``today.py PATH [--today YYYY-MM-DD] [--runs 20] [--limit 300]``.

Times ``TodayService.overview(today)`` (the one call the Today page makes; the page asks for
200 entries a section) over an existing database and prints the median of ``--runs`` calls, the
slowest, and what the overview held; also ``came_due`` over a week (the start-up "while you were
away" count). Nothing is written. For the 100,000-customer database ``bench/reminders.py``
builds, pass its "today"::

    .venv/bin/python bench/reminders.py            # builds bench/out/reminders-100k.sqlite3
    .venv/bin/python bench/today.py bench/out/reminders-100k.sqlite3 --today 2025-06-16
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path, nargs="?", help="the database file")
    parser.add_argument("--db", dest="db_option", type=Path, help="the database file")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    path = args.db_option or args.db
    if path is None or not path.exists():
        parser.error("give an existing database file")
    shop = open_shop(sqlite_url(path.resolve()), daily_backups=False)
    try:
        today = args.today or shop.today.local_today()
        overview = shop.today.overview(today, args.limit)  # warm the cache, as the app would
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            overview = shop.today.overview(today, args.limit)
            times.append(1000 * (time.perf_counter() - started))
        week_ago = today - timedelta(days=7)
        came_times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            counts = shop.today.came_due(week_ago, today)
            came_times.append(1000 * (time.perf_counter() - started))
    finally:
        shop.close()
    print(f"database: {path}")
    print(
        f"today {today}: due {overview.due_total} ({overview.overdue_total} overdue), "
        f"coming this week {overview.upcoming_total}; listed {len(overview.due)} + "
        f"{len(overview.upcoming)} (limit {args.limit})"
    )
    print(
        f"overview(): median {statistics.median(times):.1f} ms, "
        f"slowest {max(times):.1f} ms over {args.runs} runs"
    )
    print(
        f"came_due(7 days): {counts.reminders} reminders, {counts.promises} promises; "
        f"median {statistics.median(came_times):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
