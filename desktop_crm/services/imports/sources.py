"""Reading files: a CSV table, or the records of a vCard file and its broken cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop_crm.domain.csv_format import CsvTable, read_csv
from desktop_crm.domain.import_records.record import ImportRecord
from desktop_crm.domain.import_records.vcard_records import records_from_vcards
from desktop_crm.domain.vcard import VCardContact, parse_vcards
from desktop_crm.services.imports.results import RowError


def _is_vcard(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".vcf", ".vcard"):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"BEGIN:VCARD")


@dataclass
class _Source:
    kind: str
    total: int
    table: CsvTable | None = None
    records: list[ImportRecord] = field(default_factory=list)
    card_errors: list[RowError] = field(default_factory=list)


def _read_source(path: Path) -> _Source:
    data = path.read_bytes()
    if not _is_vcard(path, data):
        table = read_csv(data)
        return _Source("csv", len(table.rows), table=table)
    cards: list[VCardContact] = []
    errors: list[RowError] = []
    parsed = parse_vcards(data)
    for card in parsed:
        if isinstance(card, VCardContact):
            cards.append(card)
        else:
            line = card.params.get("line")
            number = line if isinstance(line, int) else 0
            errors.append(RowError(number, card.field, card.message, dict(card.params), ()))
    return _Source("vcard", len(parsed), records=records_from_vcards(cards), card_errors=errors)
