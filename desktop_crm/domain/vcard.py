"""vCard 2.1, 3.0 and 4.0 as phones and address books export them, and vCard 3.0 to write.

Reading unfolds lines, decodes QUOTED-PRINTABLE values in their CHARSET (soft line breaks
included), prefers FN to N, keeps every TEL and EMAIL (preferred ones first), reads ADR,
BDAY (``19800131``, ``1980-01-31``, ``--0131``), NOTE escapes and CATEGORIES. A card that
cannot be read becomes a ``ValidationError`` in its place, with the card's ``line``.
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass
from datetime import date

from desktop_crm.domain.errors import N_, ValidationError


@dataclass(frozen=True)
class VCardContact:
    """The customer-relevant content of one vCard; ``line`` is where its BEGIN is (1-based)."""

    name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    address: str
    birthday: date | None
    notes: str
    categories: tuple[str, ...]
    line: int


# A birthday without a year cannot be stored as a date; it is kept in the notes as this.
NO_YEAR_BIRTHDAY_NOTE = "🎂 {text}"

_NEWLINES = re.compile(r"\r\n|\r|\n")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n"}
_BDAY = re.compile(
    r"(?P<year>\d{4}|--)-?(?P<month>\d\d)-?(?P<day>\d\d)(?:[T ].*)?$"  # 19800131, --0131, ...
)
_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d\d)?")
_FOLD_OCTETS = 75


class _CardError(Exception):
    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.params = params


@dataclass
class _Property:
    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    @property
    def types(self) -> set[str]:
        return {t.casefold() for t in self.params.get("TYPE", [])}

    def preferred(self) -> bool:
        return "pref" in self.types or "PREF" in self.params


def _decode_bytes(data: bytes) -> tuple[str, bool]:
    """The file's text, and whether it was read byte-for-byte (latin-1) for per-value decoding."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        # Each value is decoded later in its CHARSET (cp1252 without one).
        return data.decode("latin-1"), True


def parse_vcards(data: bytes | str) -> list[VCardContact | ValidationError]:
    """Every card in a .vcf file, in order; a card that cannot be read is a ValidationError.

    Raises ``ValidationError("file", ...)`` if there is no card at all.
    """
    if isinstance(data, bytes):
        text, raw = _decode_bytes(data)
    else:
        text, raw = data, False
    text = text.removeprefix("\ufeff")
    lines = _NEWLINES.split(text)
    results: list[VCardContact | ValidationError] = []
    card: list[tuple[int, str]] | None = None
    card_line = 0
    for number, line in enumerate(lines, start=1):
        head = line[:12].rstrip().upper()  # a folded line (leading space) is never BEGIN/END
        if head == "BEGIN:VCARD":
            if card is not None:
                results.append(
                    ValidationError(
                        "file",
                        N_(
                            "The card starting on line {line} has no END:VCARD line before "
                            "the next card. Add the missing line or export the contacts again."
                        ),
                        line=card_line,
                    )
                )
            card, card_line = [], number
        elif head == "END:VCARD" and card is not None:
            results.append(_parse_card(card, card_line, raw))
            card = None
        elif card is not None:
            card.append((number, line))
    if card is not None:
        results.append(
            ValidationError(
                "file",
                N_(
                    "The card starting on line {line} has no END:VCARD line: the file may "
                    "have been cut short. Export the contacts again."
                ),
                line=card_line,
            )
        )
    if not results:
        raise ValidationError(
            "file",
            N_(
                "There is no contact card (BEGIN:VCARD) in this file. Choose a .vcf file "
                "exported from a phone or an address book."
            ),
        )
    return results


def _parse_card(
    lines: list[tuple[int, str]], card_line: int, raw: bool
) -> VCardContact | ValidationError:
    try:
        return _card(_properties(lines), card_line, raw)
    except _CardError as exc:
        return ValidationError(exc.field, exc.message, **{**exc.params, "line": card_line})


def _properties(lines: list[tuple[int, str]]) -> list[_Property]:
    """Unfolded, split properties: continuation lines, QP soft line breaks, base64 blocks."""
    logical: list[tuple[int, str]] = []
    quoted_printable = False
    base64 = False
    for number, line in lines:
        if logical and quoted_printable and logical[-1][1].endswith("="):
            # A QP soft line break: the value goes on, as it is, on the next line.
            logical[-1] = (logical[-1][0], logical[-1][1][:-1] + line)
            continue
        if logical and line[:1] in (" ", "\t"):
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
            continue
        if not line.strip():
            base64 = False
            continue
        if base64 and ":" not in line:
            continue  # 2.1 base64 data (a photo) on lines of its own
        logical.append((number, line))
        head = line.split(":", 1)[0].upper()
        quoted_printable = "QUOTED-PRINTABLE" in head
        base64 = "BASE64" in head or "ENCODING=B" in head
    return [_split_property(number, line) for number, line in logical]


def _split_property(number: int, line: str) -> _Property:
    colon = line.find(":")
    quote = line.find('"')
    if 0 <= quote < colon:
        colon = _unquoted_colon(line)
    if colon < 0:
        raise _CardError(
            "file",
            N_(
                "Line {bad_line} of the card starting on line {line} is not a 'NAME:value' "
                "line. Fix or remove that line, or export the contacts again."
            ),
            bad_line=number,
        )
    head, value = line[:colon], line[colon + 1 :]
    parts = _split_params(head)
    name = parts[0].rsplit(".", 1)[-1].strip().upper()  # "item1.TEL" -> "TEL"
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, val = part.partition("=")
        if not sep:  # vCard 2.1: a bare TYPE ("CELL") or encoding ("QUOTED-PRINTABLE")
            key, val = _bare_parameter(key)
        values = [v.strip().strip('"') for v in val.split(",")] if val else []
        params.setdefault(key.strip().upper(), []).extend(values)
    return _Property(name, params, value, number)


def _unquoted_colon(line: str) -> int:
    in_quotes = False
    for index, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            return index
    return -1


def _split_params(head: str) -> list[str]:
    if '"' not in head:
        return head.split(";")
    parts, current, in_quotes = [], [], False
    for ch in head:
        if ch == '"':
            in_quotes = not in_quotes
            current.append(ch)
        elif ch == ";" and not in_quotes:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _bare_parameter(word: str) -> tuple[str, str]:
    upper = word.strip().upper()
    if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
        return "ENCODING", upper
    if upper.startswith("CHARSET"):
        return "CHARSET", ""
    return "TYPE", word.strip()


def _decode(prop: _Property, text: str, raw: bool) -> str:
    """A value (or one component of it) as text: QP and charset decoded, escapes resolved."""
    encoding = [e.upper() for e in prop.params.get("ENCODING", [])]
    charset = (prop.params.get("CHARSET") or [""])[0]
    if "QUOTED-PRINTABLE" in encoding:
        data = quopri.decodestring(text.encode("latin-1" if raw else "utf-8", errors="replace"))
        text = _decode_charset(data, charset, prop.line)
    elif raw and not text.isascii():
        text = _decode_charset(text.encode("latin-1"), charset, prop.line)
    return _unescape(text)


def _decode_charset(data: bytes, charset: str, line: int) -> str:
    for candidate in (charset, "utf-8", "cp1252") if charset else ("utf-8", "cp1252"):
        try:
            return data.decode(candidate)
        except LookupError:
            raise _CardError(
                "file",
                N_(
                    "Line {bad_line} of the card starting on line {line} uses the character "
                    "set '{charset}', which this program does not know. Export the contacts "
                    "again as UTF-8."
                ),
                bad_line=line,
                charset=charset,
            ) from None
        except UnicodeDecodeError:
            if candidate == charset:
                break
    raise _CardError(
        "file",
        N_(
            "Line {bad_line} of the card starting on line {line} cannot be read in its "
            "character set ({charset}). Export the contacts again as UTF-8."
        ),
        bad_line=line,
        charset=charset or "UTF-8",
    )


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), text)


def _split_unescaped(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` where no backslash escapes it (escapes kept)."""
    if "\\" not in text:
        return text.split(separator)
    parts, current, index = [], [], 0
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        index += 1
    parts.append("".join(current))
    return parts


def _components(prop: _Property, raw: bool) -> list[str]:
    return [_decode(prop, part, raw) for part in _split_unescaped(prop.value, ";")]


def _ordered(props: list[_Property]) -> list[_Property]:
    """Preferred properties first, otherwise in file order."""
    return sorted(props, key=lambda p: not p.preferred())


def _card(props: list[_Property], card_line: int, raw: bool) -> VCardContact:
    by_name: dict[str, list[_Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)

    name = ""
    for prop in by_name.get("FN", []):
        name = " ".join(_decode(prop, prop.value, raw).split())
        if name:
            break
    if not name:
        for prop in by_name.get("N", []):
            name = _name_from_n(_components(prop, raw))
            if name:
                break
    if not name:
        for prop in by_name.get("ORG", []):
            name = " ".join(" ".join(_components(prop, raw)).split())
            if name:
                break

    phones: list[str] = []
    for prop in _ordered(by_name.get("TEL", [])):
        phone = _decode(prop, prop.value, raw).strip()
        if phone[:4].lower() == "tel:":
            phone = phone[4:].split(";", 1)[0]  # vCard 4.0 URI, "tel:+1-555;ext=2"
        if phone and phone not in phones:
            phones.append(phone)

    emails: list[str] = []
    for prop in _ordered(by_name.get("EMAIL", [])):
        email = _decode(prop, prop.value, raw).strip()
        if email[:7].lower() == "mailto:":
            email = email[7:]
        if email and email not in emails:
            emails.append(email)

    address = ""
    for prop in _ordered(by_name.get("ADR", [])):
        address = _address_from_adr(_components(prop, raw))
        if address:
            break

    notes = [_NEWLINES.sub("\n", _decode(p, p.value, raw)).strip() for p in by_name.get("NOTE", [])]
    birthday: date | None = None
    for prop in by_name.get("BDAY", [])[:1]:
        text = _decode(prop, prop.value, raw).strip()
        birthday, no_year = _parse_bday(text, prop)
        if no_year:
            notes.append(NO_YEAR_BIRTHDAY_NOTE.format(text=text))

    categories: list[str] = []
    for prop in by_name.get("CATEGORIES", []):
        for part in _split_unescaped(prop.value, ","):
            category = " ".join(_decode(prop, part, raw).split())
            if category and category not in categories:
                categories.append(category)

    return VCardContact(
        name=name,
        phones=tuple(phones),
        emails=tuple(emails),
        address=address,
        birthday=birthday,
        notes="\n".join(note for note in notes if note),
        categories=tuple(categories),
        line=card_line,
    )


def is_han(text: str) -> bool:
    """Whether ``text`` is all Chinese characters (names written family name first, no space)."""
    return bool(text) and all(
        0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF or ord(ch) >= 0x20000
        for ch in text
    )


def _name_from_n(parts: list[str]) -> str:
    """``Family;Given;Additional;Prefix;Suffix`` as people write it (Chinese: family first)."""
    parts = [" ".join(p.replace(",", " ").split()) for p in parts] + [""] * 5
    family, given, additional, prefix, suffix = parts[:5]
    if is_han(family) and is_han(given) and not additional:
        return f"{prefix} {family}{given} {suffix}".strip()
    return " ".join(p for p in (prefix, given, additional, family, suffix) if p)


def _address_from_adr(parts: list[str]) -> str:
    """``PO box;extended;street;locality;region;postal code;country`` as address lines."""
    parts = [_NEWLINES.sub("\n", p).strip() for p in parts] + [""] * 7
    po_box, extended, street, locality, region, postal_code, country = parts[:7]
    town = " ".join(p for p in (postal_code, locality) if p)
    return "\n".join(p for p in (street, extended, po_box, town, region, country) if p)


def _parse_bday(text: str, prop: _Property) -> tuple[date | None, bool]:
    """The birthday, and whether it was given without a year (kept in the notes then)."""
    if not text:
        return None, False
    match = _BDAY.match(text)
    if match is None:
        if _PARTIAL_DATE.fullmatch(text):
            return None, True  # "1980" or "1980-05": no full date to store
        if "text" in {v.casefold() for v in prop.params.get("VALUE", [])}:
            return None, True  # vCard 4.0 "BDAY;VALUE=text:circa 1800"
        raise _CardError(
            "birthday",
            N_(
                "The birthday '{text}' on line {bad_line} is not a date. Write it as "
                "year-month-day, like 1980-01-31."
            ),
            text=text,
            bad_line=prop.line,
        )
    month, day = int(match["month"]), int(match["day"])
    if match["year"] == "--":
        try:
            date(2000, month, day)  # a leap year: --0229 is a real birthday
        except ValueError:
            pass
        else:
            return None, True
        year = 0
    else:
        year = int(match["year"])
    try:
        return date(year, month, day), False
    except ValueError:
        raise _CardError(
            "birthday",
            N_(
                "The birthday '{text}' on line {bad_line} is not a date. Write it as "
                "year-month-day, like 1980-01-31."
            ),
            text=text,
            bad_line=prop.line,
        ) from None


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _NEWLINES.sub("\\\\n", text)


def _fold(line: str) -> str:
    """``line`` cut into lines of at most 75 octets, continuation lines starting with a space."""
    if len(line) <= _FOLD_OCTETS and line.isascii():
        return line + "\r\n"
    out: list[str] = []
    current: list[str] = []
    size = 0
    limit = _FOLD_OCTETS
    for ch in line:
        code = ord(ch)
        octets = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        if size + octets > limit:
            out.append("".join(current))
            current, size, limit = [], 0, _FOLD_OCTETS - 1
        current.append(ch)
        size += octets
    out.append("".join(current))
    return "\r\n ".join(out) + "\r\n"


def write_vcard(contact: VCardContact) -> str:
    """``contact`` as one vCard 3.0 card: CRLF line ends, values escaped, long lines folded."""
    name = contact.name.strip()
    given, _, family = name.rpartition(" ")  # "Ann Lee" -> ("Ann", " ", "Lee"); "王小明" -> family
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(name)}"]
    lines.append(f"N:{_escape(family)};{_escape(given)};;;")
    for index, phone in enumerate(contact.phones):
        kind = "VOICE,pref" if index == 0 else "VOICE"
        lines.append(f"TEL;TYPE={kind}:{_escape(phone)}")
    for index, email in enumerate(contact.emails):
        kind = "INTERNET,pref" if index == 0 else "INTERNET"
        lines.append(f"EMAIL;TYPE={kind}:{_escape(email)}")
    if contact.address:
        lines.append(f"ADR:;;{_escape(contact.address)};;;;")
    if contact.birthday is not None:
        lines.append(f"BDAY:{contact.birthday.isoformat()}")
    if contact.notes:
        lines.append(f"NOTE:{_escape(contact.notes)}")
    if contact.categories:
        lines.append("CATEGORIES:" + ",".join(_escape(c) for c in contact.categories))
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)
