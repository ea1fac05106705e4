"""vCard 2.1, 3.0 and 4.0 as phones and address books write them, and vCard 3.0 written back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.vcard import VCardContact, parse_vcards, write_vcard

DATA = Path(__file__).parent.parent / "data" / "import"


def contacts(data: bytes | str) -> list[VCardContact]:
    cards = parse_vcards(data)
    assert all(isinstance(card, VCardContact) for card in cards), cards
    return [card for card in cards if isinstance(card, VCardContact)]


def card(*lines: str) -> str:
    return "\r\n".join(("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD", ""))


def test_vcard21_quoted_printable_android_export() -> None:
    petr, jose, wang = contacts((DATA / "vcard21_quoted_printable.vcf").read_bytes())
    assert petr == VCardContact(
        name="Пётр Иванов",  # FN (with a soft line break inside a character) wins over N
        phones=("+7 912 345-67-89", "+7 495 123-45-67", "+7 495 765-43-21"),
        emails=("petr@example.ru",),
        address="",
        birthday=date(1980, 1, 31),
        notes="Постоянный клиент\nЛюбит чай",
        categories=(),
        line=1,
    )
    assert jose.name == "José Núñez"
    assert jose.phones == ("612345678", "+34 915 555 123")
    assert jose.address == "Calle Mayor 1\n28013 Madrid\nEspaña"
    assert jose.line == 14
    # No FN: the name comes from N, a Chinese name family name first; the photo is skipped.
    assert wang.name == "王小明"
    assert wang.phones == ("+86 139 1234 5678",)


def test_vcard30_apple_export() -> None:
    renee, li = contacts((DATA / "vcard30.vcf").read_bytes())
    assert renee == VCardContact(
        name="Renée Claire Müller",
        phones=("+49 151 23456789", "+49 30 1234567"),  # the preferred number first
        emails=("renee@example.de", "info@baeckerei.example"),
        address="Hauptstraße 5\nHinterhaus\n10115 Berlin\nDeutschland",
        birthday=date(1975, 6, 15),
        notes="Allergic to nuts, prefers oat milk.\nBirthday cake every June; ask in May.",
        categories=("Newsletter", "Stammkunde"),
        line=1,
    )
    assert li.name == "李小红"
    assert li.line == 19


def test_vcard40() -> None:
    anna, cleo = contacts((DATA / "vcard40.vcf").read_bytes())
    assert anna.name == "Анна Смирнова"
    assert anna.phones == ("+7-921-555-1234", "+7-812-555-1234")  # tel: URIs, PREF=1 first
    assert anna.birthday is None
    assert anna.notes == "Заказывает торты к праздникам\n🎂 --0704"  # a year-less birthday
    assert cleo.phones == ("+44-20-7946-0960",)
    assert cleo.birthday == date(1992, 2, 29)


def test_one_broken_card_among_good_ones() -> None:
    good_one, no_colon, bad_birthday, good_two, cut_short = parse_vcards(
        (DATA / "vcard_broken.vcf").read_bytes()
    )
    assert isinstance(good_one, VCardContact) and good_one.name == "Good One"
    assert isinstance(good_two, VCardContact) and good_two.emails == ("two@example.com",)
    assert isinstance(no_colon, ValidationError)
    assert no_colon.field == "file"
    assert no_colon.params == {"line": 6, "bad_line": 9}
    assert isinstance(bad_birthday, ValidationError)
    assert bad_birthday.field == "birthday"
    assert bad_birthday.params == {"line": 11, "bad_line": 14, "text": "1980-02-31"}
    assert "1980-02-31" in str(bad_birthday)
    assert isinstance(cut_short, ValidationError)
    assert cut_short.params == {"line": 21}
    assert "END:VCARD" in cut_short.message


def test_a_card_without_end_before_the_next_one() -> None:
    text = "BEGIN:VCARD\r\nFN:Lost\r\nBEGIN:VCARD\r\nFN:Found\r\nEND:VCARD\r\n"
    lost, found = parse_vcards(text)
    assert isinstance(lost, ValidationError) and lost.params == {"line": 1}
    assert isinstance(found, VCardContact) and found.name == "Found" and found.line == 3


@pytest.mark.parametrize("data", [b"", b"hello\r\n", "no cards here"])
def test_no_card_at_all(data: bytes | str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_vcards(data)
    assert error.value.field == "file"


@pytest.mark.parametrize(
    ("line", "birthday", "notes"),
    [
        ("BDAY:19800131", date(1980, 1, 31), ""),
        ("BDAY:1980-01-31", date(1980, 1, 31), ""),
        ("BDAY;VALUE=date:1980-01-31", date(1980, 1, 31), ""),
        ("BDAY:1980-01-31T10:30:00Z", date(1980, 1, 31), ""),
        ("BDAY:19800131T103000", date(1980, 1, 31), ""),
        ("BDAY:--0131", None, "🎂 --0131"),
        ("BDAY:--01-31", None, "🎂 --01-31"),
        ("BDAY:--0229", None, "🎂 --0229"),
        ("BDAY:1980", None, "🎂 1980"),
        ("BDAY;VALUE=text:circa 1800", None, "🎂 circa 1800"),
        ("BDAY:", None, ""),
    ],
)
def test_birthdays(line: str, birthday: date | None, notes: str) -> None:
    (contact,) = contacts(card("FN:Ann", line))
    assert contact.birthday == birthday
    assert contact.notes == notes


@pytest.mark.parametrize("line", ["BDAY:19800231", "BDAY:tomorrow", "BDAY:--1340"])
def test_birthdays_that_are_not_dates(line: str) -> None:
    (error,) = parse_vcards(card("FN:Ann", line))
    assert isinstance(error, ValidationError)
    assert error.field == "birthday"
    assert error.params["line"] == 1


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["FN:Ann Lee", "N:Lee;Ann;;;"], "Ann Lee"),
        (["N:Lee;Ann;Marie;Dr.;PhD"], "Dr. Ann Marie Lee PhD"),
        (["FN:", "N:Lee;Ann;;;"], "Ann Lee"),
        (["N:王;小明;;;"], "王小明"),
        (["N:Иванов;Пётр;Сергеевич;;"], "Пётр Сергеевич Иванов"),
        (["ORG:Bäckerei Müller;Verkauf"], "Bäckerei Müller Verkauf"),
        (["FN:  Ann\\n  Lee  "], "Ann Lee"),
        (["FN:O\\'Brien\\, Zoë"], "O'Brien, Zoë"),
        (["TEL:123"], ""),  # no name at all: the import reports it like an empty name cell
    ],
)
def test_names(lines: list[str], name: str) -> None:
    (contact,) = contacts(card(*lines))
    assert contact.name == name


def test_quoted_printable_in_other_charsets_and_2_1_bare_parameters() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:M=FCller;Ren=E9e\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=WINDOWS-1251:=CF=F0=E8=E2=E5=F2=\r\n"
        " =21\r\n"  # a soft break whose next line starts with a (data) space
        "TEL;CELL;PREF:+49 151 1\r\n"
        "TEL;WORK:+49 30 2\r\n"
        "TEL;CELL:+49 151 1\r\n"  # repeated: kept once
        "END:VCARD\r\n"
    )
    (contact,) = contacts(text)
    assert contact.name == "Renée Müller"
    assert contact.notes == "Привет !"
    assert contact.phones == ("+49 151 1", "+49 30 2")


def test_8bit_file_decoded_in_each_value_charset() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        + "FN;CHARSET=WINDOWS-1251:Пётр\r\n".encode("cp1251")
        + "NOTE:Café\r\n".encode("cp1252")  # no CHARSET: a Western Windows code page
        + b"END:VCARD\r\n"
    )
    (contact,) = contacts(data)
    assert contact.name == "Пётр"
    assert contact.notes == "Café"


def test_unknown_charset_is_a_broken_card() -> None:
    text = card("FN;CHARSET=X-KLINGON;ENCODING=QUOTED-PRINTABLE:=C3=A9")
    (error,) = parse_vcards(text)
    assert isinstance(error, ValidationError)
    assert error.params == {"line": 1, "bad_line": 3, "charset": "X-KLINGON"}


def test_folding_escapes_groups_and_mailto() -> None:
    text = card(
        "FN:Renée",
        " Claire",
        "item1.EMAIL;type=INTERNET:mailto:renee@example.de",
        "item1.X-ABLabel:Home",
        "NOTE:one\\ntwo\\, three\\; four \\\\ five\\N",
        "\tsix",
        "CATEGORIES:VIP,Big\\, old,,VIP",
        "CATEGORIES:Extra",
        'X-FOO;LABEL="a:b;c":value',
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSE",
        " w8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgy",
    )
    (contact,) = contacts(text)
    assert contact.name == "RenéeClaire"  # folding removes the line break and one space
    assert contact.emails == ("renee@example.de",)
    assert contact.notes == "one\ntwo, three; four \\ five\nsix"
    assert contact.categories == ("VIP", "Big, old", "Extra")


def test_lf_only_files_and_lowercase_keywords() -> None:
    (contact,) = contacts("begin:vcard\nversion:3.0\nfn:Ann\ntel;type=cell:1\nend:vcard\n")
    assert contact.name == "Ann"
    assert contact.phones == ("1",)


def test_address_from_adr_parts_preferred_first() -> None:
    (contact,) = contacts(
        card(
            "FN:Ann",
            "ADR;TYPE=work:;;Work St 1;Leeds;;LS1 1AA;UK",
            "ADR;TYPE=home,pref:PO Box 7;Flat 2;Home Rd 3;York;North Yorkshire;YO1 7HH;UK",
        )
    )
    assert contact.address == "Home Rd 3\nFlat 2\nPO Box 7\nYO1 7HH York\nNorth Yorkshire\nUK"


def test_write_vcard() -> None:
    contact = VCardContact(
        name="Zoë O'Brien, Jr.",
        phones=("+353 87 123 4567", "+353 1 234 5678"),
        emails=("zoe@example.ie",),
        address="12 Main Street\nDublin",
        birthday=date(1982, 3, 14),
        notes="Likes; commas, and \\ backslashes\nand lines",
        categories=("VIP", "Big, old"),
        line=1,  # where it starts in a file of its own
    )
    text = write_vcard(contact)
    assert text == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "FN:Zoë O'Brien\\, Jr.\r\n"
        "N:Jr.;Zoë O'Brien\\,;;;\r\n"
        "TEL;TYPE=VOICE,pref:+353 87 123 4567\r\n"
        "TEL;TYPE=VOICE:+353 1 234 5678\r\n"
        "EMAIL;TYPE=INTERNET,pref:zoe@example.ie\r\n"
        "ADR:;;12 Main Street\\nDublin;;;;\r\n"
        "BDAY:1982-03-14\r\n"
        "NOTE:Likes\\; commas\\, and \\\\ backslashes\\nand lines\r\n"
        "CATEGORIES:VIP,Big\\, old\r\n"
        "END:VCARD\r\n"
    )
    (back,) = contacts(text)
    assert back == contact


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    contact = VCardContact("王" * 60, (), (), "", None, "ж" * 100 + "x" * 100, (), 1)
    text = write_vcard(contact)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    (back,) = contacts(text.encode("utf-8"))
    assert back == contact


def test_written_cards_concatenate_into_a_file() -> None:
    people = [
        VCardContact(f"Person {i}", (f"+34 600 00 00 0{i}",), (), "", None, "", (), 0)
        for i in range(3)
    ]
    cards = contacts("".join(write_vcard(p) for p in people))
    assert [c.name for c in cards] == ["Person 0", "Person 1", "Person 2"]
    assert [c.line for c in cards] == [1, 7, 13]


_text = st.text(st.characters(codec="utf-8", exclude_characters="\r\x00"), max_size=30)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@given(
    name=_text,
    phones=st.lists(_text, max_size=4),
    emails=st.lists(_text, max_size=3),
    address=_text,
    notes=_text,
    categories=st.lists(_text, max_size=3),
    birthday=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
def test_write_then_parse_round_trips(
    name: str,
    phones: list[str],
    emails: list[str],
    address: str,
    notes: str,
    categories: list[str],
    birthday: date | None,
) -> None:
    phones = [p for p in phones if not p.strip().lower().startswith("tel:")]
    emails = [e for e in emails if not e.strip().lower().startswith("mailto:")]
    contact = VCardContact(
        name, tuple(phones), tuple(emails), address, birthday, notes, tuple(categories), 1
    )
    (back,) = contacts(write_vcard(contact))

    def unique(values: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in values if v))

    assert back.name == _one_line(name)
    assert back.phones == unique([p.strip() for p in phones])
    assert back.emails == unique([e.strip() for e in emails])
    assert back.address == address.strip()
    assert back.notes == notes.strip()
    assert back.categories == unique([_one_line(c) for c in categories])
    assert back.birthday == birthday
