"""Opening a customer with 1,000 timeline entries: ``open_customer.py --db PATH``.

Times ``customers.get`` + ``timeline.list(id, 0, 200)`` + ``timeline.count`` +
``purchases.list`` together (what the customer page asks for), over several runs. When no
customer has 1,000 entries, contacts are added to one (the file is changed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import Staff, TimelineEvent

TARGET_ENTRIES = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    shop = open_shop(sqlite_url(args.db.resolve()), daily_backups=False)
    entries = func.count().label("entries")
    with shop.db.read() as session:
        customer_id, have = session.execute(
            select(TimelineEvent.customer_id, entries)
            .group_by(TimelineEvent.customer_id)
            .order_by(entries.desc())
            .limit(1)
        ).one()
        staff_id = session.scalar(select(Staff.id).limit(1))
    if have < TARGET_ENTRIES:
        now = datetime.now(UTC)
        rows = [
            {
                "customer_id": customer_id,
                "kind": "contact",
                "occurred_at": now - timedelta(hours=7 * i),
                "staff_id": staff_id,
                "channel": "phone",
                "summary": f"Bench contact {i}",
                "outcome": "",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(TARGET_ENTRIES - have)
        ]
        with shop.db.write() as session:
            session.execute(insert(TimelineEvent), rows)
        print(f"added {len(rows)} contacts to customer {customer_id}")

    def open_customer() -> tuple[float, dict[str, float]]:
        parts: dict[str, float] = {}
        started = time.perf_counter()
        for name, call in (
            ("get", lambda: shop.customers.get(customer_id)),
            ("timeline.list", lambda: shop.timeline.list(customer_id, 0, 200)),
            ("timeline.count", lambda: shop.timeline.count(customer_id)),
            ("purchases.list", lambda: shop.purchases.list(customer_id)),
        ):
            t0 = time.perf_counter()
            call()
            parts[name] = (time.perf_counter() - t0) * 1000
        return (time.perf_counter() - started) * 1000, parts

    open_customer()  # warm-up
    totals: list[float] = []
    by_part: dict[str, list[float]] = {}
    for _ in range(args.runs):
        total, parts = open_customer()
        totals.append(total)
        for name, ms in parts.items():
            by_part.setdefault(name, []).append(ms)
    count = shop.timeline.count(customer_id)
    shop.close()
    totals.sort()
    print(f"customer {customer_id} with {count} timeline entries, {args.runs} runs:")
    print(
        f"open: median {statistics.median(totals):.1f} ms, "
        f"min {totals[0]:.1f}, p95 {totals[int(0.95 * (len(totals) - 1))]:.1f}, "
        f"max {totals[-1]:.1f} ms"
    )
    for name, values in by_part.items():
        print(f"  {name:15} median {statistics.median(values):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
