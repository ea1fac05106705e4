"""Run a service call on the thread pool, then call back on the UI thread.

Services know nothing of Qt: they take a plain ``progress(done, total)`` callback, which is
relayed to the UI thread through a queued signal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, int], None]


class _Relay(QObject):
    """Created in (so living in) the UI thread: signals the worker emits are queued to it."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Progress | None,
    ) -> None:
        super().__init__()
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self.finished = False
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)
        self.progressed.connect(self._deliver_progress)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self.finished = True
        _running.discard(self)
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        self.finished = True
        _running.discard(self)
        self._on_error(error)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


_running: set[_Relay] = set()  # keeps relays alive until their result is delivered


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:  # worker thread
        try:
            result = self._work(self._progress)
        except Exception as exc:  # handed to the UI thread, which shows it
            self._emit(self._relay.failed, exc)
        else:
            self._emit(self._relay.succeeded, result)

    def _progress(self, done: int, total: int) -> None:
        self._emit(self._relay.progressed, done, total)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        # RuntimeError: the application closed before the result arrived; nobody listens.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class Task:
    """A handle on a background call: ``finished`` turns true once its callback ran."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay

    @property
    def finished(self) -> bool:
        return self._relay.finished


def run_in_background(
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Progress | None = None,
) -> Task:
    """Start ``work(progress)`` on the global thread pool; ``on_done(result)`` or
    ``on_error(exception)`` then runs on the UI thread, as does ``on_progress``."""
    relay = _Relay(on_done, on_error, on_progress)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))
    return Task(relay)
