"""Checking chunks of rows in worker processes, or in this process when that is better."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from desktop_crm.services.imports.validation import _Checked

PARALLEL_MIN_ROWS = 6_000  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4

_Task = tuple[Callable[..., _Checked], tuple[Any, ...]]


class _Checker:
    """Checked chunks in file order, from a process pool or in this process.

    Keeps a few tasks ahead of the writer (bounded memory, quick cancel). If the pool cannot
    work (a broken worker, no way to start processes), the remaining chunks run here.
    """

    def __init__(self, tasks: Iterable[_Task], workers: int) -> None:
        self._tasks = iter(tasks)
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            try:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(workers, mp_context=context)
            except (OSError, ValueError, NotImplementedError):
                self._pool = None
        self._ahead = 2 * max(workers, 1) + 1
        self._pending: deque[tuple[_Task, Future[_Checked] | None]] = deque()

    def _submit(self, task: _Task) -> None:
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(task[0], *task[1])
            except (BrokenProcessPool, RuntimeError, OSError):
                self._pool = None
        self._pending.append((task, future))

    def __iter__(self) -> Iterator[_Checked]:
        for task in self._tasks:
            self._submit(task)
            if len(self._pending) >= self._ahead:
                yield self._next()
        while self._pending:
            yield self._next()

    def _next(self) -> _Checked:
        (function, args), future = self._pending.popleft()
        if future is not None:
            try:
                return future.result()
            except (BrokenProcessPool, OSError):
                self._pool = None
        return function(*args)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        self._pending.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _workers_for(rows: int, workers: int | None) -> int:
    """Worker processes for an import of ``rows`` rows: by default one core is left to the
    main process, which writes while the others validate (0: validate here)."""
    if workers is None:
        workers = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    return workers if rows >= PARALLEL_MIN_ROWS else 0
