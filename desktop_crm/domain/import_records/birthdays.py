"""Parsing values: birthdays typed or exported in the common ways."""

from __future__ import annotations

import re
from datetime import date

from desktop_crm.domain.errors import N_, ValidationError

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
