"""Search-as-you-type through the service: ``search.py --db PATH [--rounds N]``.

Each of 50 fixed queries runs through ``CustomerService.list_page(CustomerQuery(text=q), 0, 50)``
(the list's own order) for several rounds after one warm-up round; reports the median and 95th
percentile over every timing, each query's median, and the five slowest queries. ``--with-count``
also times ``count()`` for the same query, which a windowed list model needs for its scrollbar.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url

QUERIES = (
    # common name prefixes
    "ma", "jo", "gar", "john", "maría", "smith", "wang", "li", "иван", "al",
    # one and two letters
    "a", "j", "s", "x", "е", "zh",
    # rare names
    "quinn", "zúñiga", "yates", "фёкла", "echeverria", "ordonez", "underwood",
    # phone endings typed every which way
    "1234", "12 34", "45-67", "789 0123", "612 345", "(212) 555", "98 76 54",
    # email parts
    "gmail", "yandex", "qq.com", "j.sanchez", "hotmail",
    # accented names, with and without accents
    "josé", "jose", "peña", "muñoz garcía",
    # Chinese
    "王", "小明", "王小明", "李娜",
    # Cyrillic, ё typed as е and as ё
    "петр", "пётр", "соловьев", "алёна ковалёва",
    # several words, other scripts, nothing
    "maria lopez", "محمد", "zzzq",
)  # fmt: skip


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--with-count", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="JSON results (bench/out/...)")
    args = parser.parse_args()
    assert len(QUERIES) == 50, len(QUERIES)
    shop = open_shop(sqlite_url(args.db.resolve()), daily_backups=False)
    service = shop.customers
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    counts: dict[str, list[float]] = {q: [] for q in QUERIES}
    hits: dict[str, int] = {}
    for round_number in range(args.rounds + 1):  # round 0 warms the page cache
        for query in QUERIES:
            started = time.perf_counter()
            rows = service.list_page(CustomerQuery(text=query), 0, 50)
            elapsed = (time.perf_counter() - started) * 1000
            hits[query] = len(rows)
            if args.with_count:
                started = time.perf_counter()
                service.count(CustomerQuery(text=query))
                counted = (time.perf_counter() - started) * 1000
            if round_number:
                per_query[query].append(elapsed)
                if args.with_count:
                    counts[query].append(counted)
    shop.close()

    every = [t for times in per_query.values() for t in times]
    medians = {q: statistics.median(times) for q, times in per_query.items()}
    round_medians = [
        statistics.median(per_query[q][r] for q in QUERIES) for r in range(args.rounds)
    ]
    result = {
        "db": str(args.db),
        "machine": f"{platform.processor() or platform.machine()}, {_cpus()} CPUs, "
        f"Python {platform.python_version()}",
        "rounds": args.rounds,
        "median_ms": statistics.median(every),
        "p95_ms": percentile(every, 0.95),
        "max_ms": max(every),
        "round_median_spread_ms": [min(round_medians), max(round_medians)],
        "slowest": sorted(medians.items(), key=lambda item: -item[1])[:5],
        "per_query_median_ms": medians,
        "rows": hits,
    }
    print(f"{args.db}: {len(QUERIES)} queries x {args.rounds} rounds ({result['machine']})")
    print(
        f"list_page: median {result['median_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, "
        f"max {result['max_ms']:.2f} ms; per-round medians "
        f"{min(round_medians):.2f}-{max(round_medians):.2f} ms"
    )
    print("slowest (median ms, rows):")
    for query, ms in result["slowest"]:
        print(f"  {query!r:22} {ms:7.2f}  {hits[query]}")
    if args.with_count:
        every_count = [t for times in counts.values() for t in times]
        count_medians = {q: statistics.median(times) for q, times in counts.items()}
        result["count_median_ms"] = statistics.median(every_count)
        result["count_p95_ms"] = percentile(every_count, 0.95)
        result["count_slowest"] = sorted(count_medians.items(), key=lambda i: -i[1])[:5]
        print(
            f"count(): median {result['count_median_ms']:.2f} ms, "
            f"p95 {result['count_p95_ms']:.2f} ms; slowest: "
            + ", ".join(f"{q!r} {ms:.1f}" for q, ms in result["count_slowest"])
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
