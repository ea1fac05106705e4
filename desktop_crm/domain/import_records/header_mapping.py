"""Recognising columns: a mapping guessed from headers (known names, Google, Outlook patterns)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop_crm.domain.import_records.header_names import _HEADERS, normalize_header

# Words that are ambiguous between the whole name and the first name: a first name when the
# table also has a last-name column but no first-name one ("Nombre", "Apellidos").
_AMBIGUOUS_NAMES = frozenset({"name", "nombre", "имя", "名字", "名称"})

_PATTERNS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        # Google Contacts: "E-mail 1 - Value", "Phone 2 - Value", "Address 1 - City" ...
        (r"(e mail|email) \d+ value", "email"),
        (r"phone \d+ value", "phone"),
        (r"address \d+ formatted", "address"),
        (r"address \d+ street", "street"),
        (r"address \d+ city", "city"),
        (r"address \d+ region", "region"),
        (r"address \d+ postal code", "postal_code"),
        (r"address \d+ country", "country"),
        # Outlook: "Home Street", "Business City", "Other Postal Code", "Home Country/Region"
        (r"(home|business|other) street", "street"),
        (r"(home|business|other) city", "city"),
        (r"(home|business|other) state", "region"),
        (r"(home|business|other) postal code", "postal_code"),
        (r"(home|business|other) country( region)?", "country"),
    )
)
# Parts of headers that say the column is about something else ("Phone 1 - Label").
_NOT_DATA = re.compile(
    r"\b(label|type|yomi|phonetic|fax|pager|display|po box|extended|street [23]|assistant"
    r"|tty|telex|isdn)\b"
)
_CONSENT = re.compile(r"consent|consentimiento|acepta|согласие|同意|opt in|newsletter")
_KEYWORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        (r"e ?mail|correo|почт|邮箱|邮件", "email"),
        (r"phone|mobile|teléfono|telefono|móvil|movil|celular|телефон|мобил|电话|手机", "phone"),
        (r"birth|nacimiento|cumpleaños|рожден|生日|出生", "birthday"),
        (r"note|comment|nota|comentario|заметк|примечан|коммент|备注", "notes"),
        (r"address|dirección|direccion|адрес|地址", "address"),
    )
)


def _consent_field(header: str) -> str | None:
    if re.search(r"sms|text|mensaje|смс|短信", header):
        return "consent_sms"
    if re.search(r"e ?mail|correo|электрон|邮件|newsletter", header):
        return "consent_email"
    if re.search(r"mail|post|correo postal|почт|邮寄", header):
        return "consent_mail"
    return None


def _guess_field(header: str) -> str | None:
    if not header:
        return None
    field = _HEADERS.get(header)
    if field is not None:
        return field
    if _CONSENT.search(header):
        return _consent_field(header)
    for pattern, pattern_field in _PATTERNS:
        if pattern.fullmatch(header):
            return pattern_field
    if _NOT_DATA.search(header):
        return None
    for keyword, keyword_field in _KEYWORDS:
        if keyword.search(header):
            return keyword_field
    return None


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index -> import field for the columns whose header says what they hold."""
    normalized = [normalize_header(h) for h in headers]
    mapping: dict[int, str] = {}
    for index, header in enumerate(normalized):
        field = _guess_field(header)
        if field is not None:
            mapping[index] = field
    fields = set(mapping.values())
    if "last_name" in fields and "first_name" not in fields:
        for index, field in mapping.items():
            if field == "name" and normalized[index] in _AMBIGUOUS_NAMES:
                mapping[index] = "first_name"
    return mapping
