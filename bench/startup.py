"""Process start to the main window painted with the customer list filled: ``startup.py --db PATH``.

Runs ``python -m desktop_crm --database sqlite:///PATH`` under ``QT_QPA_PLATFORM=offscreen``
with ``DESKTOP_CRM_EXIT_AFTER_PAINT=1``; the app is expected to quit by itself once the window
is painted with the list filled (printing its own timings, which are passed through). Wall time
from spawning the process to its exit and its peak RSS (``wait4``) are reported, median over
``--runs`` after one warm-up run (the first start of a day also takes the daily backup).

``--harness`` measures the same thing without the app's support: a child process imports
``desktop_crm.app``, calls ``app.start`` like ``app.main`` does, and quits from an event filter
once the window has painted and a table in it has rows.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HARNESS = r"""
import sys, time
t0 = time.perf_counter()
from desktop_crm import app
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView
options = app.parse_args(sys.argv[1:])
qapp = QApplication([sys.argv[0]])
t_import = time.perf_counter()
running = app.start(options, qapp)
t_start = time.perf_counter()
assert not isinstance(running, int), running
window = running.window

def filled():
    return any(
        view.isVisible() and view.model() is not None and view.model().rowCount() > 0
        for view in window.findChildren(QTableView)
    )

finished = []

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not finished and filled():
            finished.append(True)
            QTimer.singleShot(0, done)
        return False

def done():
    now = time.perf_counter()
    print(f"harness: imports+QApplication {1000*(t_import-t0):.0f} ms, start() "
          f"{1000*(t_start-t_import):.0f} ms, painted with rows {1000*(now-t0):.0f} ms", flush=True)
    running.close()
    qapp.exit(0)

painted = Painted()
qapp.installEventFilter(painted)
QTimer.singleShot(20000, lambda: qapp.exit(3))
sys.exit(qapp.exec())
"""


def run_once(command: list[str], env: dict[str, str], timeout: float) -> tuple[float, float, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # `python -m desktop_crm` may re-run itself in a child
    )
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            raise TimeoutError(
                "the app did not quit by itself: it does not honour DESKTOP_CRM_EXIT_AFTER_PAINT"
            )
        time.sleep(0.002)
    elapsed = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"exit status {os.waitstatus_to_exitcode(status)}:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--harness", action="store_true")
    args = parser.parse_args()
    url = f"sqlite:///{args.db.resolve()}"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESKTOP_CRM_EXIT_AFTER_PAINT="1")
    if args.harness:
        command = [sys.executable, "-c", HARNESS, "--database", url]
    else:
        command = [sys.executable, "-m", "desktop_crm", "--database", url]
    try:
        run_once(command, env, args.timeout)  # warm-up: file cache, daily backup
        results = [run_once(command, env, args.timeout) for _ in range(args.runs)]
    except TimeoutError as exc:
        print(f"{exc}; try --harness", file=sys.stderr)
        return 2
    times = sorted(ms for ms, _, _ in results)
    rss = [mb for _, mb, _ in results]
    mode = "harness" if args.harness else "python -m desktop_crm"
    print(f"{mode} on {args.db} ({os.cpu_count()} CPUs), {args.runs} runs:")
    print(
        f"start to painted list and exit: median {1000 * statistics.median(times):.0f} ms "
        f"(min {1000 * times[0]:.0f}, max {1000 * times[-1]:.0f}); "
        f"peak RSS median {statistics.median(rss):.0f} MB (max {max(rss):.0f})"
    )
    for _, _, output in results:
        if output:
            print("  " + output.replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
