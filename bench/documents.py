"""Printing in bulk: 1,000 numbered comment cards and 1,000 personalised guarantee letters.

Usage (from the checkout root)::

    .venv/bin/python bench/documents.py               # both, 3 runs each
    .venv/bin/python bench/documents.py --runs 5 --count 1000

Targets (issue 6): 1,000 letters in one PDF under 5 s; 1,000 cards under 2 s; peak memory
under 250 MB for either. Each case runs in a child process of its own so that its peak
resident memory (``ru_maxrss``) is its own: the figure includes Python, SQLAlchemy and
ReportLab themselves. The shop (``--out``, rebuilt each time) has ``--count`` customers with
Latin, Cyrillic and Chinese names, two purchases each, a logo and a signature; timed is
``documents.api.generate`` from the request to the PDF bytes (one-off font loading included).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from desktop_crm.domain.search_text import sort_key
from desktop_crm.services.company_profile import CompanyProfile, ImageKind
from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import Customer, Purchase

NAMES = ("José Núñez Peña", "Пётр Ильич Чайковский", "王小明", "Anna-Lena Müller")
LANGUAGES = ("es", "ru", "zh", "en")
ADDRESSES = (
    "Calle Mayor 12, 3º B\n28013 Madrid",
    "ул. Тверская, д. 7, кв. 15\n125009 Москва",
    "北京市朝阳区建国路88号\n100022",
    "Hauptstraße 5\n10115 Berlin",
)


def _png(width: int, height: int, color: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def build_shop(path: Path, count: int) -> None:
    path.unlink(missing_ok=True)
    shop = open_shop(sqlite_url(path))
    try:
        settings = shop.settings.get()
        shop.settings.save(dataclasses.replace(settings, shop_name="Bici Sur", currency="EUR"))
        shop.company.save(
            CompanyProfile(address="Avenida del Puerto 3\n46023 Valencia", owner_name="Ana García")
        )
        shop.company.set_image(ImageKind.LOGO, _png(400, 160, "#1d5c8c"))
        shop.company.set_image(ImageKind.SIGNATURE, _png(300, 90, "#333333"))
        with shop.db.write() as session:
            rows = []
            for n in range(count):
                name = f"{NAMES[n % 4]} {n}"
                rows.append(
                    {
                        "name": name,
                        "sort_name": sort_key(name),
                        "language": LANGUAGES[n % 4],
                        "address": ADDRESSES[n % 4],
                    }
                )
            session.execute(insert(Customer), rows)
            ids = list(session.scalars(select(Customer.id)))
            start = date(2026, 11, 16)
            session.execute(
                insert(Purchase),
                [
                    {
                        "customer_id": cid,
                        "purchased_on": start + timedelta(days=k),
                        "description": ("City bike service", "Brake pads and cables")[k],
                        "amount_cents": 4990 + 1000 * k,
                    }
                    for cid in ids
                    for k in (0, 1)
                ],
            )
    finally:
        shop.close()


def run_case(path: Path, case: str) -> dict[str, float]:
    """One timed generation in this (child) process."""
    from desktop_crm.documents import api

    shop = open_shop(sqlite_url(path))
    try:
        if case == "cards":
            count = int(sys.argv[sys.argv.index("--count") + 1])
            request: api.DocumentRequest = api.CommentCardRequest(count=count)
        else:
            ids = shop.document_data.customers_who_bought(date(2026, 11, 16))
            request = api.GuaranteeLetterRequest(tuple(ids), date(2026, 11, 16))
        started = time.perf_counter()
        made = api.generate(shop, request)
        seconds = time.perf_counter() - started
    finally:
        shop.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "pages": made.pages, "mb": len(made.pdf) / 1e6, "peak": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/out/documents.sqlite3"))
    parser.add_argument("--case", choices=("cards", "letters"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # the child process
        print(json.dumps(run_case(args.out, args.case)))
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build_shop(args.out, args.count)
    for case in ("cards", "letters"):
        results = []
        for _ in range(args.runs):
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--case",
                    case,
                    "--count",
                    str(args.count),
                    "--out",
                    str(args.out),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(child.stdout))
        times = [r["seconds"] for r in results]
        last = results[-1]
        print(
            f"{args.count:,} {case}: median {statistics.median(times):.2f} s "
            f"(runs {', '.join(f'{t:.2f}' for t in times)}), {int(last['pages'])} pages, "
            f"{last['mb']:.1f} MB PDF, peak memory {max(r['peak'] for r in results):.0f} MB"
        )


if __name__ == "__main__":
    main()
