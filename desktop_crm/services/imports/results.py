"""What an import gives back: the preview of a file, the rows it could not take, the result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportPreview:
    kind: str  # "csv" | "vcard"
    headers: list[str]
    sample: list[list[str]]  # the first SAMPLE_ROWS rows
    mapping: dict[int, str]
    encoding: str
    delimiter: str
    total_rows: int


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str  # English N_ text: show it with translate_error(message, params)
    params: dict[str, object]
    source: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped_existing: int
    errors: list[RowError]
    cancelled: bool
