"""The background helper calls back on the UI thread, with results, errors and progress."""

from __future__ import annotations

import threading
from typing import Any

from desktop_crm.ui.tasks import Progress, run_in_background


def test_result_and_progress_arrive_on_the_ui_thread(qtbot: Any) -> None:
    ui_thread = threading.get_ident()
    seen: list[tuple[str, Any, int]] = []

    def work(progress: Progress) -> int:
        assert threading.get_ident() != ui_thread
        for i in range(3):
            progress(i + 1, 3)
        return 42

    task = run_in_background(
        work,
        lambda result: seen.append(("done", result, threading.get_ident())),
        lambda error: seen.append(("error", error, threading.get_ident())),
        lambda done, total: seen.append(("progress", done, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: task.finished)
    assert [s[:2] for s in seen] == [
        ("progress", 1),
        ("progress", 2),
        ("progress", 3),
        ("done", 42),
    ]
    assert {s[2] for s in seen} == {ui_thread}


def test_an_error_is_handed_back(qtbot: Any) -> None:
    errors: list[BaseException] = []

    def work(progress: Progress) -> None:
        raise ValueError("boom")

    task = run_in_background(work, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: task.finished)
    assert isinstance(errors[0], ValueError)
