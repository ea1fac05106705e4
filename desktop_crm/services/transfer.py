"""Bringing customers in and out, in bulk: the public names of ``services.imports`` (CSV and
vCard imports) and ``services.exports`` (CSV and vCard exports), where the code lives.

The tunables (``CHUNK_ROWS``, ``PARALLEL_MIN_ROWS``, ``DRIVER_SQL_ON_SQLITE``, ``EXPORT_PAGE``...)
are not listed here: they are read where they are defined, so set them in those modules.
"""

from desktop_crm.services.exports import EXPORT_HEADERS, ExportService
from desktop_crm.services.imports.error_csv import PROBLEM_HEADER, problem_text, write_error_csv
from desktop_crm.services.imports.results import ImportPreview, ImportResult, RowError
from desktop_crm.services.imports.service import MONTH_FIRST_REGIONS, ImportService, day_first_for
from desktop_crm.services.imports.validation import check_records, check_table_rows
from desktop_crm.services.progress import Cancelled, Progress

__all__ = [
    "EXPORT_HEADERS",
    "MONTH_FIRST_REGIONS",
    "PROBLEM_HEADER",
    "Cancelled",
    "ExportService",
    "ImportPreview",
    "ImportResult",
    "ImportService",
    "Progress",
    "RowError",
    "check_records",
    "check_table_rows",
    "day_first_for",
    "problem_text",
    "write_error_csv",
]
