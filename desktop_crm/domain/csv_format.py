"""Reading CSV files as spreadsheets and address books export them, and writing safe ones.

Reading detects the encoding (a byte-order mark, else strict UTF-8, else a Windows 8-bit code
page) and the delimiter (``,`` ``;`` tab ``|``), keeps quoted newlines inside their cell and
evens out ragged rows. Writing neutralises cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_crm.domain.errors import N_, ValidationError

DELIMITERS = (",", ";", "\t", "|")
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets
# (tab and carriage return too: some spreadsheets skip them before looking). The full-width
# forms are read as formulas by East Asian editions of Excel.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
_NEUTRALIZED_PREFIXES = frozenset("'" + ch for ch in FORMULA_STARTS)

_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 50
# Russian (and other Cyrillic) text in cp1251 is made of runs of bytes 0xC0-0xFF (plus Ё/ё);
# in Western cp1252 text those bytes are accented letters, which rarely come four in a row.
_SEPARATOR_HINT = re.compile(r"sep=([,;\t|])[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)
# Spreadsheets saved in their own format: .xlsx/.ods (zip) and .xls (OLE2).
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_NOT_TEXT = N_(
    "This is not a text file. If it is a spreadsheet, save it as 'CSV UTF-8' first and "
    "import that file."
)
_CP1251_WORD = re.compile(rb"[\xa8\xb8\xc0-\xff]{4,}")
_HIGH_LETTER = re.compile(rb"[\xa8\xb8\xc0-\xff]")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header row and data rows, every row as long as the header row."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str
    delimiter: str
    line_numbers: list[int]  # 1-based physical line where each row starts (the header is 1)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise UTF-16 without a mark (a
    zero in every other byte), then strict UTF-8, then Windows cp1251 when the bytes look
    Cyrillic, else cp1252 (Western Windows exports). Raises ``ValidationError("file", ...)``
    for input that is none of these, or that is not text at all (a spreadsheet's .xlsx).
    """
    if not data.strip():
        raise ValidationError("file", N_("The file is empty. Choose a file with customers in it."))
    encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "file",
            N_(
                "The file's characters could not be read (it is neither UTF-8 nor a Windows "
                "code page). Save it again as 'CSV UTF-8' and import that file."
            ),
        ) from exc
    if "\x00" in text:
        raise ValidationError("file", _NOT_TEXT)
    return text.removeprefix("\ufeff"), encoding


def _guess_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"  # the mark itself is removed after decoding
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    if data.startswith(_BINARY_MAGIC):
        raise ValidationError("file", _NOT_TEXT)
    # UTF-16 without a mark: ASCII characters leave a zero in every other byte.
    head = data[:4096]
    even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
    if odd_zeros * 3 > len(head) // 2 and even_zeros * 4 < odd_zeros:
        return "utf-16-le"
    if even_zeros * 3 > len(head) // 2 and odd_zeros * 4 < even_zeros:
        return "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    cyrillic = sum(len(word) for word in _CP1251_WORD.findall(data))
    if cyrillic and cyrillic * 2 > len(_HIGH_LETTER.findall(data)):
        return "cp1251"
    return "cp1252"


def read_csv(data: bytes) -> CsvTable:
    """The table in a CSV file's bytes: first row as headers, blank rows skipped.

    A first line ``sep=;`` (Excel's hint) sets the delimiter; otherwise it is sniffed.
    Short rows are padded with empty cells and the cells past the header row are dropped
    unless they hold something, in which case the headers are extended with empty names.
    Raises ``ValidationError("file", ...)`` for empty, undecodable or malformed input.
    """
    text, encoding = decode_text(data)
    start = 1
    hint = _SEPARATOR_HINT.match(text)
    if hint is not None:  # Excel's "sep=;" first line names the delimiter
        delimiter = hint[1]
        text = text[hint.end() :]
        start = 2
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    try:
        for row in reader:
            joined = "".join(row)
            if joined and not joined.isspace():
                rows.append(row)
                line_numbers.append(start)
            start = reader.line_num + 1 + (hint is not None)
    except csv.Error as exc:
        raise ValidationError(
            "file",
            N_(
                'The file could not be read as CSV from line {line} on: a quote (") is '
                "probably not closed. Fix that line in a spreadsheet or text editor and "
                "import the file again."
            ),
            line=start,
        ) from exc
    if not rows:
        raise ValidationError("file", N_("The file is empty. Choose a file with customers in it."))
    headers = [cell.strip().removeprefix("\ufeff").strip() for cell in rows[0]]
    body = rows[1:]
    width = len(headers)
    for row in body:
        if len(row) > width:
            # A long row: keep the extra cells only if something is in them.
            extra = row[width:]
            while extra and not extra[-1].strip():
                extra.pop()
            if extra:
                headers.extend([""] * len(extra))
                width = len(headers)
    for index, row in enumerate(body):
        length = len(row)
        if length < width:
            row.extend([""] * (width - length))
        elif length > width:
            body[index] = row[:width]
    return CsvTable(
        headers=headers,
        rows=body,
        encoding=encoding,
        delimiter=delimiter,
        line_numbers=line_numbers[1:],
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter among ``,`` ``;`` tab ``|`` that splits the first rows most evenly.

    Each candidate parses the first rows; the one whose rows have as many cells as the header
    row most often wins (then the one giving more columns, then the order above). A file
    with one column reads with ``,``.
    """
    sample = text[:_SNIFF_CHARS]
    truncated = len(text) > len(sample)
    best = ","
    best_score: tuple[float, int] = (0.0, 1)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        records = _sample_records(sample, delimiter, truncated)
        if not records or len(records[0]) < 2:
            continue
        columns = len(records[0])
        body = records[1:]
        fits = sum(1 for record in body if len(record) == columns)
        score = (fits / len(body) if body else 1.0, columns)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sample_records(sample: str, delimiter: str, truncated: bool) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            if any(record):
                records.append(record)
            if len(records) > _SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    if truncated and len(records) > 1 and len(records) <= _SNIFF_RECORDS:
        records.pop()  # the sample may have cut the last record short
    return records


def neutralize_formula(cell: str) -> str:
    """``cell`` with a leading ``'`` if a spreadsheet would run it as a formula."""
    if cell and cell[0] in FORMULA_STARTS:
        return "'" + cell
    return cell


def unneutralize_formula(cell: str) -> str:
    """``cell`` without the ``'`` that :func:`neutralize_formula` put in front of it."""
    if cell[:2] in _NEUTRALIZED_PREFIXES:
        return cell[1:]
    return cell


def write_csv(headers: list[str], rows: Iterable[list[str]]) -> str:
    """CSV text (``,``, minimal quoting, CRLF) with every cell neutralised.

    Write it with the ``utf-8-sig`` encoding so that Excel reads it as UTF-8.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralize_formula(cell) for cell in headers])
    writer.writerows([neutralize_formula(cell) for cell in row] for row in rows)
    return out.getvalue()
