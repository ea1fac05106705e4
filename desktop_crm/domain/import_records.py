"""From the rows of a CSV file or the cards of a vCard file to customer drafts.

``guess_mapping`` recognises the columns of Google Contacts and Outlook exports and plain
English, Spanish, Russian and Chinese headers; ``records_from_table`` reads each row through a
mapping into an ``ImportRecord`` (raw text, cheap, never fails); ``draft_from_record`` parses
what needs parsing (birthday, language) into a ``CustomerDraft`` for ``validate_customer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_crm.domain.csv_format import (
    _NEUTRALIZED_PREFIXES,
    CsvTable,
    unneutralize_formula,
)
from desktop_crm.domain.customers import LANGUAGES, CustomerDraft
from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.domain.search_text import fold
from desktop_crm.domain.vcard import NO_YEAR_BIRTHDAY_NOTE, VCardContact, is_han

IMPORT_FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "phone",
    "email",
    "address",
    "street",
    "city",
    "postal_code",
    "region",
    "country",
    "birthday",
    "language",
    "notes",
    "tags",
    "consent_mail",
    "consent_email",
    "consent_sms",
)
# The columns of the error CSV made from vCard records (``ImportRecord.source``); they map
# themselves back when that CSV is imported.
VCARD_SOURCE_HEADERS: tuple[str, ...] = (
    "name",
    "phone",
    "email",
    "address",
    "birthday",
    "notes",
    "tags",
)
# Extra phone numbers and email addresses of a record are kept in its notes, after these.
OTHER_PHONES_NOTE = "☎ {phones}"
OTHER_EMAILS_NOTE = "✉ {emails}"


@dataclass(frozen=True)
class ImportRecord:
    """One row or card as text, before validation; ``source`` holds the original cells."""

    line: int
    name: str
    phone: str
    other_phones: tuple[str, ...]
    email: str
    address: str
    birthday_text: str
    language: str
    notes: str
    tags: tuple[str, ...]
    consent_mail: bool
    consent_email: bool
    consent_sms: bool
    source: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# Recognising columns

_NON_WORD = re.compile(r"[\W_]+")

_HEADERS: dict[str, str] = {}


def _known(field: str, *headers: str) -> None:
    for header in headers:
        _HEADERS[normalize_header(header)] = field


def normalize_header(header: str) -> str:
    """A header folded for comparison: ``"E-mail 1 - Value"`` -> ``"e mail 1 value"``."""
    return _NON_WORD.sub(" ", fold(header)).strip()


# Words that are ambiguous between the whole name and the first name: a first name when the
# table also has a last-name column but no first-name one ("Nombre", "Apellidos").
_AMBIGUOUS_NAMES = frozenset({"name", "nombre", "имя", "名字", "名称"})

_known(
    "name",
    "name",
    "full name",
    "display name",
    "customer",
    "customer name",
    "client",
    "client name",
    "contact",
    "contact name",
    "nombre",
    "nombre completo",
    "cliente",
    "nombre del cliente",
    "contacto",
    "имя",
    "фио",
    "ф и о",
    "полное имя",
    "клиент",
    "имя клиента",
    "контакт",
    "姓名",
    "名字",
    "名称",
    "客户",
    "客户名称",
    "客户姓名",
    "联系人",
)
_known(
    "first_name",
    "first name",
    "first_name",
    "given name",
    "forename",
    "nombre de pila",
    "primer nombre",
    "имя отчество",
    "名",
)
_known(
    "last_name",
    "last name",
    "last_name",
    "family name",
    "surname",
    "apellido",
    "apellidos",
    "primer apellido",
    "фамилия",
    "姓",
    "姓氏",
)
_known(
    "phone",
    "phone",
    "phones",
    "telephone",
    "tel",
    "phone number",
    "telephone number",
    "mobile",
    "mobile number",
    "mobile phone",
    "cell",
    "cell phone",
    "cellphone",
    "primary phone",
    "home phone",
    "home phone 2",
    "business phone",
    "business phone 2",
    "other phone",
    "company main phone",
    "car phone",
    "teléfono",
    "telefono",
    "teléfonos",
    "tfno",
    "tlf",
    "móvil",
    "movil",
    "celular",
    "número de teléfono",
    "телефон",
    "телефоны",
    "тел",
    "номер телефона",
    "мобильный",
    "мобильный телефон",
    "сотовый",
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "电话号码",
    "联系电话",
)
_known(
    "email",
    "email",
    "e-mail",
    "emails",
    "mail",
    "email address",
    "e-mail address",
    "e-mail 2 address",
    "e-mail 3 address",
    "correo",
    "correo electrónico",
    "email de contacto",
    "почта",
    "эл почта",
    "электронная почта",
    "адрес электронной почты",
    "邮箱",
    "电子邮件",
    "电子邮箱",
    "邮件",
)
_known(
    "address",
    "address",
    "full address",
    "postal address",
    "home address",
    "business address",
    "other address",
    "dirección",
    "direccion",
    "domicilio",
    "адрес",
    "почтовый адрес",
    "地址",
    "联系地址",
    "住址",
)
_known("street", "street", "street address", "calle", "улица", "街道")
_known("city", "city", "town", "ciudad", "localidad", "población", "город", "城市", "市")
_known(
    "postal_code",
    "postal code",
    "postcode",
    "zip",
    "zip code",
    "código postal",
    "codigo postal",
    "cp",
    "индекс",
    "почтовый индекс",
    "邮编",
    "邮政编码",
)
_known(
    "region",
    "region",
    "state",
    "province",
    "county",
    "provincia",
    "región",
    "comunidad",
    "область",
    "регион",
    "край",
    "省",
    "省份",
    "地区",
)
_known("country", "country", "country/region", "país", "pais", "страна", "国家", "国家/地区")
_known(
    "birthday",
    "birthday",
    "birth date",
    "birthdate",
    "date of birth",
    "dob",
    "cumpleaños",
    "fecha de nacimiento",
    "день рождения",
    "дата рождения",
    "生日",
    "出生日期",
)
_known("language", "language", "idioma", "lengua", "язык", "语言")
_known(
    "notes",
    "notes",
    "note",
    "comments",
    "comment",
    "remarks",
    "notas",
    "nota",
    "comentarios",
    "observaciones",
    "заметки",
    "заметка",
    "примечание",
    "примечания",
    "комментарий",
    "комментарии",
    "备注",
    "注释",
    "说明",
)
_known(
    "tags",
    "tags",
    "tag",
    "labels",
    "categories",
    "category",
    "group membership",
    "groups",
    "group",
    "etiquetas",
    "categorías",
    "grupos",
    "теги",
    "метки",
    "категории",
    "группы",
    "标签",
    "分类",
    "分组",
)
for _field in IMPORT_FIELDS:
    _known(_field, _field)  # our own export's headers ("postal_code", "consent_sms")

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


# ---------------------------------------------------------------------------------------------
# Rows to records

_MULTI_VALUE = re.compile(r"\s*(?::::|;|,)\s*")  # Google joins several values with " ::: "
_TRUE_WORDS = frozenset(
    {"1", "y", "yes", "true", "x", "✓", "✔", "on", "si", "sí", "s", "да", "д", "是", "同意"}
)
_MOBILE_HEADER = re.compile(r"mobile|cell|móvil|movil|celular|мобил|сотов|手机")
_ADDRESS_PARTS = ("street", "city", "postal_code", "region", "country")


def _cell(row: list[str], columns: Sequence[int]) -> str:
    """The first non-empty cell of ``columns``, trimmed, without a formula-neutralising quote."""
    for index in columns:
        cell = row[index]
        if cell:
            cell = cell.strip()
            if cell:
                return unneutralize_formula(cell) if cell[0] == "'" else cell
    return ""


def _getter(columns: Sequence[int]) -> Callable[[list[str]], str]:
    """A function giving ``_cell(row, columns)``, quicker for the usual single column."""
    if not columns:
        return lambda row: ""
    if len(columns) > 1:
        return lambda row: _cell(row, columns)
    index = columns[0]
    prefixes = _NEUTRALIZED_PREFIXES

    def one(row: list[str]) -> str:
        cell = row[index].strip()
        return cell[1:] if cell[:2] in prefixes else cell

    return one


def _values(row: list[str], columns: Sequence[int]) -> list[str]:
    """Every value in ``columns``, cells holding several ("a ::: b", "a; b") split, no repeats."""
    values: list[str] = []
    for index in columns:
        cell = row[index]
        if not cell or cell.isspace():
            continue
        cell = unneutralize_formula(cell.strip())
        parts = (
            _MULTI_VALUE.split(cell) if ("," in cell or ";" in cell or ":::" in cell) else [cell]
        )
        for part in parts:
            if part and part not in values:
                values.append(part)
    return values


def _text(row: list[str], columns: Sequence[int]) -> str:
    """The non-empty cells of ``columns`` as lines (newlines normalised)."""
    texts = []
    for index in columns:
        cell = row[index]
        if cell and not cell.isspace():
            cell = unneutralize_formula(cell.strip())
            if "\r" in cell:
                cell = cell.replace("\r\n", "\n").replace("\r", "\n")
            texts.append(cell)
    return "\n".join(texts)


def _multiline(row: list[str], columns: Sequence[int]) -> str:
    """The first non-empty cell of ``columns``, its newlines normalised."""
    cell = _cell(row, columns)
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


def _tags(row: list[str], columns: Sequence[int]) -> tuple[str, ...]:
    """The tags in ``columns``: cells split on ``,`` ``;`` and Google's `` ::: ``."""
    tags: list[str] = []
    for index in columns:
        cell = row[index]
        if not cell or cell.isspace():
            continue
        if ":::" in cell:
            cell = cell.replace(":::", ",")
        if ";" in cell:
            cell = cell.replace(";", ",")
        for part in cell.split(","):
            part = unneutralize_formula(part.strip())
            # Google's own groups ("* myContacts", "* starred") are not the shop's tags.
            if part and part[0] != "*":
                tags.append(part)
    return tuple(tags)


def full_name(first: str, last: str) -> str:
    """First and last name as written: "Ann Lee", but "王小明" for Chinese names."""
    if is_han(first) and is_han(last):
        return last + first
    return f"{first} {last}".strip()


def _truthy(text: str) -> bool:
    """Whether a consent cell says yes (anything else, empty included, is no)."""
    return bool(text) and text.casefold() in _TRUE_WORDS


def records_from_table(table: CsvTable, mapping: dict[int, str]) -> list[ImportRecord]:
    """One record per row of ``table``, read through ``mapping`` (column index -> field).

    Several columns may map to one field: the first non-empty cell wins (phones: mobile
    columns first; the other numbers go to ``other_phones``; extra email addresses and
    notes columns are kept in ``notes``). Address parts (street, city, ...) form the address
    when no ``address`` column has one; with several address groups (Outlook's home,
    business, other) the first group with anything in it is taken whole.
    """
    width = len(table.headers)
    columns: dict[str, list[int]] = {field: [] for field in IMPORT_FIELDS}
    for index, field in sorted(mapping.items()):
        if field not in columns:
            raise ValueError(f"unknown import field {field!r}")
        if 0 <= index < width:
            columns[field].append(index)
    headers = [normalize_header(h) for h in table.headers]
    columns["phone"].sort(key=lambda i: not _MOBILE_HEADER.search(headers[i]))
    groups = [
        tuple(columns[part][k] if k < len(columns[part]) else -1 for part in _ADDRESS_PARTS)
        for k in range(max(len(columns[part]) for part in _ADDRESS_PARTS))
    ]

    name_cols, first_cols, last_cols = columns["name"], columns["first_name"], columns["last_name"]
    phone_cols, email_cols, address_cols = columns["phone"], columns["email"], columns["address"]
    notes_cols, tag_cols = columns["notes"], columns["tags"]
    name_of, birthday_of, language_of = (
        _getter(name_cols),
        _getter(columns["birthday"]),
        _getter(columns["language"]),
    )
    mail_of, email_consent_of, sms_of = (
        _getter(columns["consent_mail"]),
        _getter(columns["consent_email"]),
        _getter(columns["consent_sms"]),
    )
    simple_phone = phone_cols[0] if len(phone_cols) == 1 else -1
    simple_email = email_cols[0] if len(email_cols) == 1 else -1

    records: list[ImportRecord] = []
    append = records.append
    new = object.__new__
    no_phones: tuple[str, ...] = ()
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        name = name_of(row)
        if not name and (first_cols or last_cols):
            name = full_name(_cell(row, first_cols), _cell(row, last_cols))
        if simple_phone >= 0 and not _has_separator(row[simple_phone]):
            phone, other_phones = _cell(row, phone_cols), no_phones
        elif phone_cols:
            phones = _values(row, phone_cols)
            phone, other_phones = (phones[0], tuple(phones[1:])) if phones else ("", no_phones)
        else:
            phone, other_phones = "", no_phones
        notes = _text(row, notes_cols) if notes_cols else ""
        if simple_email >= 0 and not _has_separator(row[simple_email]):
            email = _cell(row, email_cols)
        elif email_cols:
            emails = _values(row, email_cols)
            email = emails[0] if emails else ""
            if len(emails) > 1:
                extra = OTHER_EMAILS_NOTE.format(emails=", ".join(emails[1:]))
                notes = f"{notes}\n{extra}" if notes else extra
        else:
            email = ""
        address = _multiline(row, address_cols) if address_cols else ""
        if not address and groups:
            address = _address(row, groups)
        # A frozen dataclass's __init__ sets each field through object.__setattr__: filling
        # the instance's __dict__ directly is twice as fast, and a row must cost microseconds.
        record = new(ImportRecord)
        record.__dict__.update(
            line=line,
            name=name,
            phone=phone,
            other_phones=other_phones,
            email=email,
            address=address,
            birthday_text=birthday_of(row),
            language=language_of(row),
            notes=notes,
            tags=_tags(row, tag_cols) if tag_cols else (),
            consent_mail=_truthy(mail_of(row)),
            consent_email=_truthy(email_consent_of(row)),
            consent_sms=_truthy(sms_of(row)),
            source=tuple(row),
        )
        append(record)
    return records


def _has_separator(cell: str) -> bool:
    return "," in cell or ";" in cell or ":::" in cell


def _address(row: list[str], groups: list[tuple[int, ...]]) -> str:
    """The first address group with something in it, as lines: street, "postcode city", ..."""
    for street_i, city_i, postal_i, region_i, country_i in groups:
        street, city, postal, region, country = (
            _cell(row, (i,)) if i >= 0 else ""
            for i in (street_i, city_i, postal_i, region_i, country_i)
        )
        if street or city or postal or region or country:
            town = f"{postal} {city}".strip()
            street = street.replace("\r\n", "\n").replace("\r", "\n")
            return "\n".join(p for p in (street, town, region, country) if p)
    return ""


def records_from_vcards(cards: list[VCardContact]) -> list[ImportRecord]:
    """One record per card; its ``source`` follows ``VCARD_SOURCE_HEADERS``."""
    records = []
    for card in cards:
        notes = card.notes
        if len(card.emails) > 1:
            extra = OTHER_EMAILS_NOTE.format(emails=", ".join(card.emails[1:]))
            notes = f"{notes}\n{extra}" if notes else extra
        birthday = card.birthday.isoformat() if card.birthday else ""
        records.append(
            ImportRecord(
                line=card.line,
                name=card.name,
                phone=card.phones[0] if card.phones else "",
                other_phones=card.phones[1:],
                email=card.emails[0] if card.emails else "",
                address=card.address,
                birthday_text=birthday,
                language="",
                notes=notes,
                tags=card.categories,
                consent_mail=False,
                consent_email=False,
                consent_sms=False,
                source=(
                    card.name,
                    "; ".join(card.phones),
                    "; ".join(card.emails),
                    card.address,
                    birthday,
                    card.notes,
                    ", ".join(card.categories),
                ),
            )
        )
    return records


# ---------------------------------------------------------------------------------------------
# Parsing values

_TIME = r"(?:[T ]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)?)?"
_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d\d)(\d\d)")
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d\d)" + _TIME)
_NO_YEAR = re.compile(r"--?(\d\d)-?(\d\d)")
_HAN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?:\s*г\.?)?",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan enero ene январь января янв",
        "february feb febrero февраль февраля фев",
        "march mar marzo март марта",
        "april apr abril abr апрель апреля апр",
        "may mayo май мая",
        "june jun junio июнь июня",
        "july jul julio июль июля",
        "august aug agosto ago август августа авг",
        "september sep sept septiembre setiembre set сентябрь сентября сен",
        "october oct octubre октябрь октября окт",
        "november nov noviembre ноябрь ноября ноя",
        "december dec diciembre dic декабрь декабря дек",
    ),
    start=1,
):
    for _month_name in _names.split():
        _MONTHS[_month_name] = _number

_BIRTHDAY_ERROR = N_("The birthday '{text}' is not a date. Write it like 1980-01-31 or {example}.")


def _year(text: str) -> int:
    """A four-digit year; a two-digit one is in this century unless that is in the future."""
    year = int(text)
    if len(text) == 2:
        this_year = date.today().year
        year += 2000 if 2000 + year <= this_year else 1900
    return year


def parse_birthday(text: str, day_first: bool) -> date | None:
    """A birthday typed or exported in a common way; ``None`` for an empty or year-less one.

    Reads ``1980-01-31`` (also with ``/`` or ``.``, or a time after it), ``19800131``,
    ``31/01/1980`` or ``01/31/1980`` as ``day_first`` says (a part over 12 settles it),
    ``31.01.1980`` (always day first), two-digit years, ``1980年1月31日``, ``31 Jan 1980``,
    ``January 31, 1980``, ``31 de enero de 1980``, ``31 января 1980 г.``. Year-less forms
    (``--01-31``, ``--0131``) and Outlook's empty ``0/0/00`` give ``None``. Anything else
    raises ``ValidationError("birthday", ...)``.
    """
    text = text.strip()
    if not text:
        return None
    example = "31/01/1980" if day_first else "01/31/1980"
    try:
        if len(text) == 10 and text[4] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        match = _YMD.fullmatch(text) or _COMPACT.fullmatch(text) or _HAN_DATE.fullmatch(text)
        if match is not None:
            groups = match.groups()
            if len(groups) == 4:
                year, month, day = groups[0], groups[2], groups[3]
            else:
                year, month, day = groups
            return date(int(year), int(month), int(day))
        match = _DMY.fullmatch(text)
        if match is not None:
            first, separator, second, year = match.groups()
            a, b = int(first), int(second)
            if a == 0 and b == 0 and int(year) == 0:
                return None  # Outlook's "0/0/00": no birthday
            if a > 12 or separator == "." or (day_first and b <= 12):
                day, month = a, b
            else:
                month, day = a, b
            return date(_year(year), month, day)
        match = _NO_YEAR.fullmatch(text)
        if match is not None:
            date(2000, int(match[1]), int(match[2]))  # a real day of the year (Feb 29 too)
            return None
        match = _DAY_MONTH_YEAR.fullmatch(text)
        if match is not None and match[2].casefold() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[2].casefold()], int(match[1]))
        match = _MONTH_DAY_YEAR.fullmatch(text)
        if match is not None and match[1].casefold() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[1].casefold()], int(match[2]))
    except ValueError:
        pass
    raise ValidationError("birthday", _BIRTHDAY_ERROR, text=text, example=example)


def is_yearless_birthday(text: str) -> bool:
    """Whether ``text`` is a birthday without a year (``--01-31``), kept in the notes instead."""
    return _NO_YEAR.fullmatch(text.strip()) is not None


_LANGUAGE_NAMES: dict[str, str] = {}
for _code, _names in (
    ("en", "en english inglés ingles английский 英语 英文"),
    ("es", "es spanish español espanol castellano испанский 西班牙语 西班牙文"),
    ("zh", "zh chinese mandarin chino 中文 汉语 漢語 普通话 китайский"),
    ("ru", "ru russian ruso русский 俄语 俄文"),
):
    for _language_name in _names.split():
        _LANGUAGE_NAMES[_language_name] = _code


def parse_language(text: str) -> str:
    """A shop language code (``en`` ``es`` ``zh`` ``ru``) from a code, locale or name; "" if empty.

    Raises ``ValidationError("language", ...)`` for a language the shop does not work in.
    """
    value = text.strip()
    if not value:
        return ""
    if value in LANGUAGES:
        return value
    key = value.casefold()
    code = _LANGUAGE_NAMES.get(key)
    if code is None and len(key) > 2 and key[2] in "-_":
        code = _LANGUAGE_NAMES.get(key[:2])  # "es-ES", "zh_Hans_CN", "ru-RU"
    if code is None:
        raise ValidationError(
            "language",
            N_(
                "The language '{text}' is not one the shop works in. Write en, es, zh or ru "
                "(or English, Spanish, Chinese, Russian), or leave it empty."
            ),
            text=value,
        )
    return code


def draft_from_record(record: ImportRecord, day_first: bool) -> CustomerDraft:
    """The customer draft of ``record`` (for ``validate_customer``), other phones in the notes.

    Raises ``ValidationError`` naming the field (birthday, language) it cannot read.
    """
    notes = record.notes
    birthday = None
    if record.birthday_text:
        birthday = parse_birthday(record.birthday_text, day_first)
        if birthday is None and is_yearless_birthday(record.birthday_text):
            extra = NO_YEAR_BIRTHDAY_NOTE.format(text=record.birthday_text.strip())
            notes = f"{notes}\n{extra}" if notes else extra
    if record.other_phones:
        extra = OTHER_PHONES_NOTE.format(phones=", ".join(record.other_phones))
        notes = f"{notes}\n{extra}" if notes else extra
    return CustomerDraft(
        name=record.name,
        phone=record.phone,
        email=record.email,
        address=record.address,
        birthday=birthday,
        language=parse_language(record.language) if record.language else "",
        notes=notes,
        tags=record.tags,
        consent_mail=record.consent_mail,
        consent_email=record.consent_email,
        consent_sms=record.consent_sms,
    )
