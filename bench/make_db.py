"""Create a migrated demo database for the benchmarks: ``make_db.py --customers N --out PATH``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from desktop_crm.services.demo_data import generate_demo
from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import Customer, Purchase, SearchTerm, TimelineEvent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--contacts-per-customer", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/out/bench-100k.sqlite3"))
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args()
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    shop = open_shop(sqlite_url(args.out.resolve()), daily_backups=False)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 2 or done == total:
            last[0] = now
            print(f"\r{done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    generate_demo(
        shop.db,
        args.customers,
        seed=args.seed,
        contacts_per_customer=args.contacts_per_customer,
        progress=progress,
    )
    elapsed = time.perf_counter() - started
    print(file=sys.stderr)
    with shop.db.read() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Customer, SearchTerm, Purchase, TimelineEvent)
        }
    shop.close()
    size_mb = args.out.stat().st_size / 1e6
    print(f"generated in {elapsed:.1f} s: {counts}, file {size_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
