"""From CSV rows and vCards to customer drafts: column guessing, records, birthdays, languages."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.csv_format import CsvTable, read_csv, write_csv
from desktop_crm.domain.customers import CustomerDraft, validate_customer
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.import_records.birthdays import parse_birthday
from desktop_crm.domain.import_records.drafts import draft_from_record
from desktop_crm.domain.import_records.header_mapping import guess_mapping
from desktop_crm.domain.import_records.languages import parse_language
from desktop_crm.domain.import_records.record import (
    IMPORT_FIELDS,
    VCARD_SOURCE_HEADERS,
    ImportRecord,
)
from desktop_crm.domain.import_records.table_records import full_name, records_from_table
from desktop_crm.domain.import_records.vcard_records import records_from_vcards
from desktop_crm.domain.vcard import VCardContact, parse_vcards

DATA = Path(__file__).parent.parent / "data" / "import"
TODAY = date(2025, 6, 1)


def table(name: str) -> CsvTable:
    return read_csv((DATA / name).read_bytes())


def named(headers: list[str], mapping: dict[int, str]) -> dict[str, str]:
    return {headers[index]: field for index, field in mapping.items()}


def records(name: str) -> list[ImportRecord]:
    data = table(name)
    return records_from_table(data, guess_mapping(data.headers))


# ---------------------------------------------------------------------------------------------
# guess_mapping


def test_google_contacts_maps_itself() -> None:
    headers = table("google_contacts.csv").headers
    assert named(headers, guess_mapping(headers)) == {
        "Name": "name",
        "Given Name": "first_name",
        "Family Name": "last_name",
        "Birthday": "birthday",
        "Notes": "notes",
        "Language": "language",
        "Group Membership": "tags",
        "E-mail 1 - Value": "email",
        "E-mail 2 - Value": "email",
        "Phone 1 - Value": "phone",
        "Phone 2 - Value": "phone",
        "Phone 3 - Value": "phone",
        "Address 1 - Formatted": "address",
        "Address 1 - Street": "street",
        "Address 1 - City": "city",
        "Address 1 - Region": "region",
        "Address 1 - Postal Code": "postal_code",
        "Address 1 - Country": "country",
    }


def test_google_contacts_2024_maps_itself() -> None:
    headers = table("google_contacts_2024.csv").headers
    mapping = named(headers, guess_mapping(headers))
    assert mapping["First Name"] == "first_name"
    assert mapping["Last Name"] == "last_name"
    assert mapping["Labels"] == "tags"
    assert mapping["E-mail 1 - Value"] == mapping["E-mail 2 - Value"] == "email"
    assert mapping["Phone 1 - Value"] == mapping["Phone 2 - Value"] == "phone"
    assert mapping["Address 1 - Formatted"] == "address"
    for ignored in (
        "Middle Name",
        "Phonetic First Name",
        "Nickname",
        "File As",
        "Organization Name",
        "E-mail 1 - Label",
        "Phone 1 - Label",
        "Address 1 - PO Box",
        "Address 1 - Extended Address",
        "Website 1 - Value",
    ):
        assert ignored not in mapping


def test_outlook_maps_itself() -> None:
    headers = table("outlook.csv").headers
    mapping = named(headers, guess_mapping(headers))
    expected = {
        "First Name": "first_name",
        "Last Name": "last_name",
        "Birthday": "birthday",
        "Notes": "notes",
        "Language": "language",
        "Categories": "tags",
        "E-mail Address": "email",
        "E-mail 2 Address": "email",
        "E-mail 3 Address": "email",
        "Primary Phone": "phone",
        "Home Phone": "phone",
        "Mobile Phone": "phone",
        "Business Phone": "phone",
        "Other Phone": "phone",
        "Home Address": "address",
        "Home Street": "street",
        "Home City": "city",
        "Home State": "region",
        "Home Postal Code": "postal_code",
        "Home Country": "country",
        "Business Street": "street",
        "Business City": "city",
        "Business Postal Code": "postal_code",
        "Business Country": "country",
    }
    assert {header: mapping.get(header) for header in expected} == expected
    for ignored in (
        "Title",
        "Middle Name",
        "Home Fax",
        "Business Fax",
        "Pager",
        "Assistant's Phone",
        "Assistant's Name",
        "Manager's Name",
        "Home Street 2",
        "Home Address PO Box",
        "TTY/TDD Phone",
        "Company",
        "Job Title",
        "Anniversary",
        "Keywords",
        "Sensitivity",
        "Private",
        "Gender",
    ):
        assert ignored not in mapping, ignored


def test_classic_outlook_order_with_country_region() -> None:
    headers = [
        "Title",
        "First Name",
        "Last Name",
        "Business Street",
        "Business Country/Region",
        "Home Country/Region",
        "E-mail Address",
        "E-mail Type",
        "E-mail Display Name",
        "Mobile Phone",
    ]
    assert named(headers, guess_mapping(headers)) == {
        "First Name": "first_name",
        "Last Name": "last_name",
        "Business Street": "street",
        "Business Country/Region": "country",
        "Home Country/Region": "country",
        "E-mail Address": "email",
        "Mobile Phone": "phone",
    }


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["Name", "Phone", "Email"], ["name", "phone", "email"]),
        (["NAME", " e-mail ", "Mobile number"], ["name", "email", "phone"]),
        (["Customer name", "Telephone", "E-Mail Address"], ["name", "phone", "email"]),
        (["Nombre", "Teléfono", "Correo electrónico"], ["name", "phone", "email"]),
        (["Nombre", "Apellidos", "Móvil"], ["first_name", "last_name", "phone"]),
        (["Имя", "Телефон", "Электронная почта"], ["name", "phone", "email"]),
        (["Фамилия", "Имя", "Мобильный телефон"], ["last_name", "first_name", "phone"]),
        (["ФИО", "Дата рождения", "Адрес"], ["name", "birthday", "address"]),
        (["姓名", "电话", "邮箱"], ["name", "phone", "email"]),
        (
            ["姓", "名", "手机", "生日", "备注"],
            ["last_name", "first_name", "phone", "birthday", "notes"],
        ),
        (
            ["Ciudad", "Código postal", "País", "Provincia"],
            ["city", "postal_code", "country", "region"],
        ),
        (["Date of birth", "Language", "Tags"], ["birthday", "language", "tags"]),
        (["Fecha de nacimiento", "Idioma", "Etiquetas"], ["birthday", "language", "tags"]),
        (["Примечание", "Язык", "Группы"], ["notes", "language", "tags"]),
        (
            ["Consent (mail)", "Email consent", "SMS consent", "Newsletter"],
            ["consent_mail", "consent_email", "consent_sms", "consent_email"],
        ),
        (["Customer notes", "Home phone number", "Work e-mail"], ["notes", "phone", "email"]),
    ],
)
def test_plain_headers(headers: list[str], fields: list[str]) -> None:
    assert guess_mapping(headers) == dict(enumerate(fields))


def test_our_own_field_names_map_themselves() -> None:
    assert guess_mapping(list(IMPORT_FIELDS)) == dict(enumerate(IMPORT_FIELDS))
    assert guess_mapping(list(VCARD_SOURCE_HEADERS)) == dict(enumerate(VCARD_SOURCE_HEADERS))


@pytest.mark.parametrize(
    "header", ["", "Id", "Company", "Amount", "Importe", "Website", "Phone 1 - Type", "Fax"]
)
def test_unknown_headers_map_to_nothing(header: str) -> None:
    assert guess_mapping([header]) == {}


# ---------------------------------------------------------------------------------------------
# records_from_table


def test_google_contacts_records() -> None:
    jose, petr, wang = records("google_contacts.csv")
    assert jose.line == 2
    assert jose.name == "José Núñez"
    # Google joins several numbers of one kind with " ::: ".
    assert jose.phone == "+34 612 345 678"
    assert jose.other_phones == ("+34 699 000 111", "+34 915 555 123")
    assert jose.email == "jose@example.es"
    assert jose.notes == (
        "Likes dark roast.\nAsk about his daughter's wedding.\n✉ jnunez@work.example"
    )
    assert jose.address == "Calle Mayor 1\n28013 Madrid\nES"
    assert jose.birthday_text == "1980-01-31"
    assert jose.tags == ("VIP", "Wholesale")  # Google's "* myContacts" dropped
    assert len(jose.source) == len(table("google_contacts.csv").headers)
    assert petr.line == 6  # the notes of the row before span four lines
    assert petr.birthday_text == "--12-24"
    assert petr.tags == ()
    assert wang.name == "王小明"
    assert wang.other_phones == ("+86 10 6552 9988",)


def test_google_contacts_2024_records() -> None:
    renee, anna, li = records("google_contacts_2024.csv")
    assert renee.name == "Renée Müller"  # no middle-name field: first and last
    assert renee.phone == "+49 151 23456789"
    assert renee.tags == ("Newsletter",)
    assert anna.name == "Анна Смирнова"
    assert li.name == "李小红"  # Chinese: family name first, no space


def test_outlook_records() -> None:
    zoe, dmitry, chen = records("outlook.csv")
    assert zoe.name == "Zoë O'Brien"
    assert zoe.phone == "+353 87 123 4567"  # the mobile number first
    assert zoe.other_phones == ("+353 1 234 5678", "+353 1 765 4321")
    assert zoe.email == "zoe@example.ie"
    assert zoe.address == "12 Main Street\nD02 X285 Dublin\nIreland"
    assert (
        zoe.notes
        == "Met at the spring fair.\nWants the catalogue by post.\n✉ zoe.obrien@work.example"
    )
    assert zoe.tags == ("VIP", "Wholesale")
    assert zoe.birthday_text == "3/14/1982"
    # Only a business address: taken whole, not mixed with other groups.
    assert dmitry.address == "ул. Тверская, 1\n125009 Москва\nРоссия"
    assert dmitry.birthday_text == "0/0/00"
    assert chen.name == "陈美玲"
    assert chen.line == 5


def test_formula_quotes_from_our_own_export_are_removed() -> None:
    rows = records("formulas.csv")
    assert rows[3].name == "=Already quoted"
    exported = write_csv(["name", "phone", "notes"], [["=1+2", "+34 612 345 678", "-x"]])
    (record,) = records_from_table(
        read_csv(exported.encode("utf-8-sig")), {0: "name", 1: "phone", 2: "notes"}
    )
    assert (record.name, record.phone, record.notes) == ("=1+2", "+34 612 345 678", "-x")
    assert record.source == ("'=1+2", "'+34 612 345 678", "'-x")  # the cells as in the file


def test_several_columns_for_one_field() -> None:
    data = CsvTable(
        headers=["Work phone", "Mobile", "Email", "Email 2", "Notes", "Comments", "Name", "Name 2"],
        rows=[
            ["+1 555 0100", "+1 555 0199", "", "b@x.example; c@x.example", "n1", "n2", "", " Ann "],
            ["", "", "a@x.example", "", "", "", "Bob", "Robert"],
        ],
        encoding="utf-8",
        delimiter=",",
        line_numbers=[2, 3],
    )
    mapping = {
        0: "phone",
        1: "phone",
        2: "email",
        3: "email",
        4: "notes",
        5: "notes",
        6: "name",
        7: "name",
    }
    ann, bob = records_from_table(data, mapping)
    assert ann.phone == "+1 555 0199"  # a mobile column comes first
    assert ann.other_phones == ("+1 555 0100",)
    assert ann.email == "b@x.example"
    assert ann.notes == "n1\nn2\n✉ c@x.example"
    assert ann.name == "Ann"
    assert bob.name == "Bob"
    assert bob.email == "a@x.example"
    assert bob.phone == "" and bob.other_phones == ()


def test_records_are_ordinary_frozen_dataclasses() -> None:
    data = CsvTable(["name", "phone"], [["Ann", "+1 555 0100"]], "utf-8", ",", [2])
    (built,) = records_from_table(data, {0: "name", 1: "phone"})
    assert built == record(name="Ann", phone="+1 555 0100", source=("Ann", "+1 555 0100"))
    assert dataclasses.replace(built, name="Bob").name == "Bob"
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.name = "Bob"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("yes", True),
        ("Sí", True),
        ("X", True),
        ("1", True),
        ("да", True),
        ("是", True),
        ("TRUE", True),
        ("no", False),
        ("0", False),
        ("", False),
        ("maybe", False),
    ],
)
def test_consent_cells(cell: str, expected: bool) -> None:
    data = CsvTable(["sms"], [[cell]], "utf-8", ",", [2])
    (record,) = records_from_table(data, {0: "consent_sms"})
    assert record.consent_sms is expected
    assert record.consent_mail is False and record.consent_email is False


def test_address_from_parts_and_unknown_mapping() -> None:
    data = CsvTable(
        ["street", "city", "zip", "country"],
        [["Main St 1", "Leeds", "LS1 1AA", "UK"]],
        "utf-8",
        ",",
        [2],
    )
    (record,) = records_from_table(data, guess_mapping(data.headers))
    assert record.address == "Main St 1\nLS1 1AA Leeds\nUK"
    with pytest.raises(ValueError, match="nickname"):
        records_from_table(data, {0: "nickname"})
    # A column index past the table is ignored.
    (record,) = records_from_table(data, {9: "name"})
    assert record.name == ""


@pytest.mark.parametrize(
    ("first", "last", "name"),
    [
        ("Ann", "Lee", "Ann Lee"),
        ("小明", "王", "王小明"),
        ("Ann", "", "Ann"),
        ("", "Lee", "Lee"),
        ("Пётр", "Иванов", "Пётр Иванов"),
        ("", "", ""),
    ],
)
def test_full_name(first: str, last: str, name: str) -> None:
    assert full_name(first, last) == name


@given(
    st.lists(st.lists(st.text(max_size=8), min_size=3, max_size=3), max_size=5),
    st.dictionaries(st.integers(0, 4), st.sampled_from(IMPORT_FIELDS)),
)
def test_records_from_any_table_never_fail(rows: list[list[str]], mapping: dict[int, str]) -> None:
    data = CsvTable(["a", "b", "c"], rows, "utf-8", ",", list(range(2, len(rows) + 2)))
    result = records_from_table(data, mapping)
    assert [r.line for r in result] == data.line_numbers
    assert [r.source for r in result] == [tuple(row) for row in rows]


# ---------------------------------------------------------------------------------------------
# vCards


def test_records_from_vcards() -> None:
    cards = [
        c for c in parse_vcards((DATA / "vcard30.vcf").read_bytes()) if isinstance(c, VCardContact)
    ]
    renee, li = records_from_vcards(cards)
    assert renee.line == 1
    assert renee.phone == "+49 151 23456789"
    assert renee.other_phones == ("+49 30 1234567",)
    assert renee.email == "renee@example.de"
    assert renee.notes.endswith("\n✉ info@baeckerei.example")
    assert renee.birthday_text == "1975-06-15"
    assert renee.tags == ("Newsletter", "Stammkunde")
    assert dict(zip(VCARD_SOURCE_HEADERS, renee.source, strict=True)) == {
        "name": "Renée Claire Müller",
        "phone": "+49 151 23456789; +49 30 1234567",
        "email": "renee@example.de; info@baeckerei.example",
        "address": "Hauptstraße 5\nHinterhaus\n10115 Berlin\nDeutschland",
        "birthday": "1975-06-15",
        "notes": "Allergic to nuts, prefers oat milk.\nBirthday cake every June; ask in May.",
        "tags": "Newsletter, Stammkunde",
    }
    assert li.line == 19


def test_vcard_error_csv_reimports_to_the_same_record() -> None:
    cards = [
        c for c in parse_vcards((DATA / "vcard30.vcf").read_bytes()) if isinstance(c, VCardContact)
    ]
    original = records_from_vcards(cards)
    text = write_csv(list(VCARD_SOURCE_HEADERS), [list(r.source) for r in original])
    data = read_csv(text.encode("utf-8-sig"))
    again = records_from_table(data, guess_mapping(data.headers))
    for before, after in zip(original, again, strict=True):
        assert (after.name, after.phone, after.other_phones, after.email, after.address) == (
            before.name,
            before.phone,
            before.other_phones,
            before.email,
            before.address,
        )
        assert after.birthday_text == before.birthday_text
        assert after.tags == before.tags


# ---------------------------------------------------------------------------------------------
# parse_birthday, parse_language, draft_from_record


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("1980-01-31", True, date(1980, 1, 31)),
        ("1980-1-5", True, date(1980, 1, 5)),
        ("1980/01/31", False, date(1980, 1, 31)),
        ("1980.01.31", True, date(1980, 1, 31)),
        ("19800131", True, date(1980, 1, 31)),
        ("1980-01-31T00:00:00", True, date(1980, 1, 31)),
        ("1980-01-31 00:00:00", True, date(1980, 1, 31)),
        ("1980-01-31T00:00:00Z", True, date(1980, 1, 31)),
        ("31/01/1980", True, date(1980, 1, 31)),
        ("31/01/1980", False, date(1980, 1, 31)),  # 31 cannot be a month
        ("01/31/1980", False, date(1980, 1, 31)),
        ("01/31/1980", True, date(1980, 1, 31)),  # 31 cannot be a month
        ("05/03/1985", True, date(1985, 3, 5)),
        ("05/03/1985", False, date(1985, 5, 3)),
        ("5-3-1985", True, date(1985, 3, 5)),
        ("05.03.1985", False, date(1985, 3, 5)),  # dots: always day first
        ("3/14/82", False, date(1982, 3, 14)),
        ("14/3/05", True, date(2005, 3, 14)),
        ("1990年5月4日", True, date(1990, 5, 4)),
        ("31 Jan 1980", True, date(1980, 1, 31)),
        ("January 31, 1980", False, date(1980, 1, 31)),
        ("Sept. 3rd, 1980", False, date(1980, 9, 3)),
        ("31 de enero de 1980", True, date(1980, 1, 31)),
        ("3 ago 1980", True, date(1980, 8, 3)),
        ("31 января 1980 г.", True, date(1980, 1, 31)),
        ("  1980-01-31  ", True, date(1980, 1, 31)),
        ("", True, None),
        ("   ", True, None),
        ("0/0/00", False, None),  # Outlook's "no birthday"
        ("--12-24", True, None),  # Google's year-less birthday
        ("--1224", True, None),
        ("--02-29", True, None),
    ],
)
def test_parse_birthday(text: str, day_first: bool, expected: date | None) -> None:
    assert parse_birthday(text, day_first) == expected


@pytest.mark.parametrize(
    ("text", "day_first", "example"),
    [
        ("31/02/1980", True, "31/01/1980"),
        ("02/31/1980", False, "01/31/1980"),
        ("1980-02-30", True, "31/01/1980"),
        ("13/13/1980", True, "31/01/1980"),
        ("yesterday", True, "31/01/1980"),
        ("31 Foo 1980", True, "31/01/1980"),
        ("--13-01", True, "31/01/1980"),
        ("1980", False, "01/31/1980"),
    ],
)
def test_parse_birthday_rejects_what_is_not_a_date(
    text: str, day_first: bool, example: str
) -> None:
    with pytest.raises(ValidationError) as error:
        parse_birthday(text, day_first)
    assert error.value.field == "birthday"
    assert error.value.params == {"text": text, "example": example}
    assert str(error.value) == (
        f"birthday: The birthday '{text}' is not a date. Write it like 1980-01-31 or {example}."
    )


@given(st.dates(min_value=date(1000, 1, 1)), st.booleans())
def test_parse_birthday_reads_what_spreadsheets_write(day: date, day_first: bool) -> None:
    assert parse_birthday(day.isoformat(), day_first) == day
    assert parse_birthday(day.strftime("%d.%m.%Y").rjust(10, "0"), day_first) == day
    us_or_european = "%d/%m/%Y" if day_first else "%m/%d/%Y"
    assert parse_birthday(day.strftime(us_or_european).rjust(10, "0"), day_first) == day


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", ""),
        ("en", "en"),
        ("ES", "es"),
        ("es-ES", "es"),
        ("zh_Hans_CN", "zh"),
        ("ru-RU", "ru"),
        ("English", "en"),
        ("Español", "es"),
        ("castellano", "es"),
        ("Русский", "ru"),
        ("中文", "zh"),
        ("Chinese", "zh"),
    ],
)
def test_parse_language(text: str, code: str) -> None:
    assert parse_language(text) == code


@pytest.mark.parametrize("text", ["French", "fr", "fr-FR", "Deutsch", "xx"])
def test_parse_language_rejects_other_languages(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_language(text)
    assert error.value.field == "language"
    assert error.value.params == {"text": text}


def record(**fields: object) -> ImportRecord:
    values: dict[str, object] = {
        "line": 2,
        "name": "Ann Lee",
        "phone": "",
        "other_phones": (),
        "email": "",
        "address": "",
        "birthday_text": "",
        "language": "",
        "notes": "",
        "tags": (),
        "consent_mail": False,
        "consent_email": False,
        "consent_sms": False,
        "source": (),
    }
    values.update(fields)
    return ImportRecord(**values)  # type: ignore[arg-type]


def test_draft_from_record() -> None:
    draft = draft_from_record(
        record(
            phone="+34 612 345 678",
            other_phones=("+34 915 555 123", "+34 699 000 111"),
            email="ann@example.com",
            address="Calle Mayor 1",
            birthday_text="31/01/1980",
            language="Español",
            notes="Likes tea",
            tags=("vip",),
            consent_sms=True,
        ),
        day_first=True,
    )
    assert draft == CustomerDraft(
        name="Ann Lee",
        phone="+34 612 345 678",
        email="ann@example.com",
        address="Calle Mayor 1",
        birthday=date(1980, 1, 31),
        language="es",
        notes="Likes tea\n☎ +34 915 555 123, +34 699 000 111",
        tags=("vip",),
        consent_sms=True,
    )


def test_draft_keeps_a_yearless_birthday_in_the_notes() -> None:
    draft = draft_from_record(record(birthday_text="--12-24"), day_first=True)
    assert draft.birthday is None
    assert draft.notes == "🎂 --12-24"
    assert draft_from_record(record(birthday_text="0/0/00"), day_first=False).notes == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"birthday_text": "31/02/1980"}, "birthday"), ({"language": "Klingon"}, "language")],
)
def test_draft_names_the_field_it_cannot_read(fields: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        draft_from_record(record(**fields), day_first=True)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("file", "region", "day_first"),
    [
        ("google_contacts.csv", "ES", True),
        ("google_contacts_2024.csv", "DE", True),
        ("outlook.csv", "IE", False),
        ("utf8_bom.csv", "ES", True),
        ("semicolon_decimal.csv", "ES", True),
        ("quoted_newlines.csv", "GB", True),
        ("cp1251.csv", "RU", True),
    ],
)
def test_sample_files_validate_like_the_dialog(file: str, region: str, day_first: bool) -> None:
    for row in records(file):
        customer = validate_customer(draft_from_record(row, day_first), region, TODAY)
        assert customer.name
        assert customer.phone == "" or customer.phone.startswith("+")


def test_vcards_validate_like_the_dialog() -> None:
    for file in ("vcard21_quoted_printable.vcf", "vcard30.vcf", "vcard40.vcf"):
        cards = [c for c in parse_vcards((DATA / file).read_bytes()) if isinstance(c, VCardContact)]
        for row in records_from_vcards(cards):
            customer = validate_customer(draft_from_record(row, True), "ES", TODAY)
            assert customer.name
