"""The rows an import could not take, as a CSV file to correct and import again."""

from __future__ import annotations

from pathlib import Path

from desktop_crm.i18n import _, translate_error
from desktop_crm.services.file_output import _csv_rows, _replacing
from desktop_crm.services.imports.results import ImportResult, RowError

PROBLEM_HEADER = "problem"


def problem_text(error: RowError) -> str:
    """The problem of a bad row in the current language, with its line."""
    return _("Line {line}: {problem}").format(
        line=error.line, problem=translate_error(error.message, dict(error.params))
    )


def write_error_csv(result: ImportResult, headers: list[str], path: Path) -> None:
    """The bad rows as they were in the file, plus a "problem" column, to fix and re-import.

    Importing the fixed file maps its columns as before; the problem column maps to nothing.
    """
    width = len(headers)
    rows = []
    for error in result.errors:
        cells = list(error.source[:width])
        cells.extend([""] * (width - len(cells)))
        rows.append([*cells, problem_text(error)])
    with _replacing(path, "utf-8-sig") as out:
        _csv_rows(out, [[*headers, PROBLEM_HEADER], *rows])
