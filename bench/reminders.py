"""Generating reminders at 100,000 customers: the full run from scratch and the start-up run.

Usage (from the checkout root)::

    .venv/bin/python bench/reminders.py                      # builds the file once, then times
    .venv/bin/python bench/reminders.py --rebuild --runs 5   # new data, five runs of each
    .venv/bin/python bench/reminders.py --customers 20000 --items 30000 --out bench/out/r20k.sqlite3

The data (``--out``, default ``bench/out/reminders-100k.sqlite3``; kept and reused unless
``--rebuild``) is written with Core executemany inserts, as ``services/demo_data.py`` does:
100,000 customers (70% with a birthday, 10% with their own last service, 5% with a contract end,
2% archived, 20% tagged, one tag with its own birthday rule), 150,000 items (pets, vehicles,
appliances, contracts, others; 3% retired) serviced in the last year, a year of purchases
(about 2 per customer) and of visits (about 0.5 per customer). "Today" is fixed (``--today``)
so runs are comparable.

Timed (median of ``--runs``, each also printed):

- ``full from scratch``: ``ReminderGenerator.regenerate_all`` on a database without generated
  reminders (they are deleted, untimed, before each run);
- ``full again``: the same run when every reminder already exists (reconciling only);
- ``incremental``: ``ReminderGenerator.refresh`` at start-up on a new day: ``--queued``
  customers in the refresh queue and the day's birthday roll (the next birthday reminders of
  the customers whose reminder came due since yesterday).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, text

from desktop_crm.domain.search_text import sort_key
from desktop_crm.services.reminder_queue import queue_refresh
from desktop_crm.services.reminders.generation import ROLLED_THROUGH_KEY, ReminderGenerator
from desktop_crm.services.rules import RuleScope
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import (
    Customer,
    CustomerTag,
    Item,
    Purchase,
    Reminder,
    ReminderRefresh,
    Setting,
    Tag,
    TimelineEvent,
)

BATCH = 10_000
ITEM_KINDS = (("pet", 35), ("vehicle", 30), ("appliance", 20), ("contract", 10), ("other", 5))
NAMES = ("Rex", "Luna", "Blue Corsa", "Golf", "Dishwasher", "Boiler", "Plan", "Mower", "Max")


def _batched(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def build(shop: Shop, customers: int, items: int, today: date, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    year_ago = today - timedelta(days=365)

    def past_day(days: int = 365) -> date:
        return today - timedelta(days=rng.randrange(days))

    with shop.db.write() as session:
        session.execute(insert(Tag), [{"name": n} for n in ("vip", "newsletter", "trade")])
        tag_ids = list(session.scalars(select(Tag.id).order_by(Tag.id)))
    rows: list[dict[str, Any]] = []
    for i in range(customers):
        name = f"Customer {i:06d}"
        rows.append(
            {
                "name": name,
                "sort_name": sort_key(name),
                "birthday": (
                    date(1940, 1, 1) + timedelta(days=rng.randrange(66 * 365))
                    if rng.random() < 0.7
                    else None
                ),
                "language": rng.choice(("en", "es", "ru", "zh")),
                "last_service_on": past_day() if rng.random() < 0.10 else None,
                "contract_end_on": (
                    today + timedelta(days=rng.randrange(-60, 365)) if rng.random() < 0.05 else None
                ),
                "archived": rng.random() < 0.02,
                "created_at": now,
                "updated_at": now,
            }
        )
    for batch in _batched(rows):
        with shop.db.write() as session:
            session.execute(insert(Customer), batch)
    with shop.db.read() as session:
        ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))

    kinds = [kind for kind, _ in ITEM_KINDS]
    weights = [weight for _, weight in ITEM_KINDS]
    item_rows = []
    for _ in range(items):
        kind = rng.choices(kinds, weights)[0]
        item_rows.append(
            {
                "customer_id": rng.choice(ids),
                "kind": kind,
                "name": rng.choice(NAMES),
                "details": "",
                "last_service_on": past_day() if rng.random() < 0.9 else None,
                "contract_end_on": (
                    today + timedelta(days=rng.randrange(-60, 365)) if kind == "contract" else None
                ),
                "retired": rng.random() < 0.03,
                "created_at": now,
            }
        )
    item_rows.sort(key=lambda row: row["customer_id"])
    tag_rows = [
        {"customer_id": cid, "tag_id": tag_id}
        for cid in ids
        for tag_id in tag_ids
        if rng.random() < 0.07
    ]
    purchase_rows = []
    visit_rows = []
    for cid in ids:
        for _ in range(min(40, int(rng.expovariate(1 / 2.0)))):
            day = past_day()
            purchase_rows.append(
                {
                    "customer_id": cid,
                    "purchased_on": day,
                    "description": "Bench purchase",
                    "amount_cents": rng.randrange(500, 50_000),
                    "created_at": now,
                }
            )
        if rng.random() < 0.5:
            moment = datetime.combine(past_day(), datetime.min.time(), UTC)
            moment += timedelta(hours=rng.randrange(8, 20))
            visit_rows.append(
                {
                    "customer_id": cid,
                    "kind": "contact",
                    "occurred_at": moment,
                    "channel": "visit",
                    "summary": "Came in",
                    "outcome": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    for model, table_rows in (
        (Item, item_rows),
        (CustomerTag, tag_rows),
        (Purchase, purchase_rows),
        (TimelineEvent, visit_rows),
    ):
        for batch in _batched(table_rows):
            with shop.db.write() as session:
                session.execute(insert(model), batch)
    with shop.db.write() as session:
        last = select(func.max(Purchase.purchased_on)).where(Purchase.customer_id == Customer.id)
        session.execute(Customer.__table__.update().values(last_purchase_on=last.scalar_subquery()))
        session.execute(text("ANALYZE"))
    shop.rules.save("birthday", RuleScope(tag_id=tag_ids[0]), 14)  # vip: two weeks ahead
    assert year_ago < today


def _reset_generated(shop: Shop) -> None:
    with shop.db.write() as session:
        session.execute(delete(Reminder).where(Reminder.key.is_not(None)))
        session.execute(delete(ReminderRefresh))
        session.execute(delete(Setting).where(Setting.key == ROLLED_THROUGH_KEY))


CPU: list[float] = []


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds (and the process's CPU seconds, kept in CPU: the machine may be
    shared, and then the two differ)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - started, result


def _report(label: str, seconds: list[float], unit: str = "s") -> None:
    scale = 1000 if unit == "ms" else 1
    each = ", ".join(f"{s * scale:.{0 if unit == 'ms' else 2}f}" for s in seconds)
    median = statistics.median(seconds) * scale
    print(f"{label:<22} median {median:.{0 if unit == 'ms' else 2}f} {unit}  ({each})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=150_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/reminders-100k.sqlite3"))
    parser.add_argument("--today", type=date.fromisoformat, default=date(2025, 6, 16))
    parser.add_argument("--queued", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="replace an existing file")
    args = parser.parse_args()
    if args.rebuild or not args.out.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shop = open_shop(sqlite_url(args.out.resolve()), daily_backups=False)
        elapsed, _ = _timed(lambda: build(shop, args.customers, args.items, args.today, args.seed))
        print(f"built {args.out} in {elapsed:.1f} s", file=sys.stderr)
    else:
        shop = open_shop(sqlite_url(args.out.resolve()), daily_backups=False)
    with shop.db.read() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Customer, Item, Purchase, TimelineEvent)
        }
    print(f"data: {counts}; today {args.today}")
    generator = ReminderGenerator(shop.db, shop.settings, shop.rules)
    today = args.today

    scratch: list[float] = []
    for _ in range(args.runs):
        _reset_generated(shop)
        seconds, result = _timed(lambda: generator.regenerate_all(today))
        scratch.append(seconds)
        print(f"  from scratch: {seconds:.2f} s (cpu {CPU[-1]:.2f} s) {result}")
    again: list[float] = []
    for _ in range(args.runs):
        seconds, result = _timed(lambda: generator.regenerate_all(today))
        again.append(seconds)
        print(f"  full again:   {seconds:.2f} s (cpu {CPU[-1]:.2f} s) {result}")

    rng = random.Random(args.seed)
    with shop.db.read() as session:
        ids = list(session.scalars(select(Customer.id).where(Customer.archived.is_(False))))
    incremental: list[float] = []
    for run in range(args.runs):
        day = today + timedelta(days=run + 1)  # each run is the start-up of the next day
        with shop.db.write() as session:
            queue_refresh(session, *rng.sample(ids, args.queued))
        seconds, result = _timed(lambda day=day: generator.refresh(day))
        incremental.append(seconds)
        print(f"  incremental:  {seconds * 1000:.0f} ms (cpu {CPU[-1] * 1000:.0f} ms) {result}")
    with shop.db.read() as session:
        generated = session.scalar(select(func.count()).where(Reminder.key.is_not(None)))
    print(f"generated reminders: {generated}")
    _report("full from scratch", scratch)
    _report("full again", again)
    _report("incremental", incremental, "ms")
    shop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
