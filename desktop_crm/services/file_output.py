"""Writing the files of imports and exports: whole or not at all, CSV cells neutralised."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from desktop_crm.domain.csv_format import neutralize_formula


@contextmanager
def _replacing(path: Path, encoding: str) -> Iterator[IO[str]]:
    """A text file written next to ``path`` and moved over it once complete."""
    handle, temp = tempfile.mkstemp(prefix=".export-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            yield out
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _csv_rows(out: IO[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([neutralize_formula(cell) for cell in row] for row in rows)


def write_file_whole(path: Path, data: bytes) -> None:
    """Write ``data`` next to ``path``, flush it to disk, then move it over ``path``: a full
    disk or a crash leaves the previous file (or none), never half of the new one."""
    handle, temp = tempfile.mkstemp(prefix=".save-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
