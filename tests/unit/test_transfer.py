"""Import and export of customers (services.transfer), and the fast paths the import relies on."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from datetime import date
from pathlib import Path

import email_validator
import pytest
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy import text as sql_text

from desktop_crm.domain import contact_details, search_text
from desktop_crm.domain.csv_format import unneutralize_formula
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.import_records.header_mapping import guess_mapping
from desktop_crm.domain.vcard import VCardContact, parse_vcards
from desktop_crm.services import exports as export_module
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.exports import EXPORT_HEADERS, ExportService
from desktop_crm.services.imports import error_csv, validation, worker_pool
from desktop_crm.services.imports import service as import_service
from desktop_crm.services.imports import writer as import_writer
from desktop_crm.services.imports.error_csv import write_error_csv
from desktop_crm.services.imports.results import ImportResult, RowError
from desktop_crm.services.imports.service import ImportService
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import AuditLog, Customer, SearchTerm

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
ALL = CustomerQuery(archive=ArchiveFilter.ALL)

# --- search_text's fast fold/words give exactly what the character-by-character code gave ---


def _reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t"})
    return unicodedata.normalize("NFC", stripped.casefold().translate(plain))


def _reference_words(text: str) -> list[str]:
    result: list[str] = []
    current: list[str] = []
    for ch in _reference_fold(text):
        category = unicodedata.category(ch)
        if category[0] in "ZPC" or category in ("Sm", "Sc"):
            if current:
                result.append("".join(current))
                current.clear()
        elif search_text._is_single_char_script(ch) or category in ("So", "Sk"):
            if current:
                result.append("".join(current))
                current.clear()
            result.append(ch)
        else:
            current.append(ch)
    if current:
        result.append("".join(current))
    return result


def test_fold_and_words_agree_with_the_reference_on_every_bmp_character() -> None:
    for code in range(0x10000):
        ch = chr(code)
        for text in (ch, f"Ab{ch}\u0301c", f"{ch}Я"):
            assert search_text.fold(text) == _reference_fold(text), hex(code)
            assert search_text.words(text) == _reference_words(text), hex(code)


def test_every_whitespace_character_is_a_word_separator() -> None:
    """words() splits with str.split(): that is right only if no whitespace is a word part."""
    for code in range(0x110000):
        ch = chr(code)
        if ch.isspace():
            assert search_text._WORDS[code] == " ", hex(code)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_fold_words_and_terms_agree_with_the_reference(text: str) -> None:
    assert search_text.fold(text) == _reference_fold(text)
    assert search_text.words(text) == _reference_words(text)
    expected_key = " ".join(_reference_words(text)) or _reference_fold(text.strip())
    assert search_text.sort_key(text) == expected_key


# --- the plain-email fast path accepts only what email_validator accepts, normalised alike ----

_LOCAL_PARTS = (
    "ana", "Ana.Lopez", "j.smith", "x", "a+b", "o'brien", "user_1", "first.last-2",
    "info", "SALES", "Postmaster", "a..b", ".a", "a.", "a b", "\"q\"", "é", "a@b", "",
    "x" * 64, "x" * 65, "#!$%&'*+-/=?^_`{|}~",
)  # fmt: skip
_DOMAINS = (
    "gmail.com", "Mail.ES", "sub.example.co.uk", "a.b", "x.y.z.museum", "example.com.",
    ".example.com", "exa_mple.com", "-bad.com", "bad-.com", "ex--ample.com", "xn--bcher-kva.de",
    "XN--BCHER-KVA.de", "localhost", "foo.localhost", "test", "a.test", "my.test.com",
    "b.local", "onion", "x.onion", "in-addr.arpa", "invalid", "q.invalid", "example", "123.com",
    "example.123", "ex.c0m", "ex.co9", "a" * 63 + ".com", "a" * 64 + ".com",
    ".".join(["abcdefghi"] * 26) + ".com", "bücher.de", "mail.例え.jp", "[1.2.3.4]", "ex ample.com",
)  # fmt: skip


def _addresses() -> list[str]:
    rng = random.Random(7)
    found = [f"{local}@{domain}" for local in _LOCAL_PARTS for domain in _DOMAINS]
    for _ in range(3000):
        local = "".join(rng.choice("aZ9._-+'!") for _ in range(rng.randrange(1, 12)))
        labels = [
            "".join(rng.choice("aZ9-") for _ in range(rng.randrange(1, 8)))
            for _ in range(rng.randrange(1, 4))
        ]
        found.append(f"{local}@{'.'.join(labels)}")
    for _ in range(3000):  # mostly well-formed, with a TLD of letters (or not, sometimes)
        local = "".join(rng.choice("abXY09._+-") for _ in range(rng.randrange(1, 20)))
        labels = [
            "".join(rng.choice("abcXY09-") for _ in range(rng.randrange(1, 12)))
            for _ in range(rng.randrange(1, 4))
        ]
        tld = "".join(rng.choice("comESruX1") for _ in range(rng.randrange(1, 5)))
        found.append(f"{local}@{'.'.join([*labels, tld])}")
    found += ["no-at-sign", "a@b@c.com", "@example.com", "a@", "Ann <ann@example.com>", " a@b.com"]
    return found


def _library(address: str) -> str | None:
    try:
        return str(validate_email(address, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def test_the_fast_email_path_agrees_with_email_validator() -> None:
    fast_accepted = 0
    for address in _addresses():
        fast = contact_details._plain_email(address)
        if fast is not None:
            fast_accepted += 1
            assert fast == _library(address), address
        expected = _library(address.strip())
        try:
            got: str | None = contact_details.normalize_email(address)
        except ValidationError:
            got = None
        assert got == expected, address
    assert fast_accepted > 1000


def test_the_fast_email_path_rejects_special_use_domains_like_the_library() -> None:
    for domain in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        for address in (f"ann@{domain}", f"ann@shop.{domain}", f"ann@SHOP.{domain.upper()}"):
            assert contact_details._plain_email(address) is None
            with pytest.raises(ValidationError):
                contact_details.normalize_email(address)


def test_the_fast_email_path_knows_the_library_s_lists() -> None:
    assert set(email_validator.SPECIAL_USE_DOMAIN_NAMES) == contact_details._SPECIAL_USE
    assert set(CASE_INSENSITIVE_MAILBOX_NAMES) == contact_details._CASE_INSENSITIVE_MAILBOXES


def test_everyday_addresses_take_the_fast_path() -> None:
    for address in ("ana.lopez@gmail.com", "J.Smith+shop@Mail.Example.ES", "li_wei88@qq.com"):
        assert contact_details._plain_email(address) == _library(address)


# --- import -----------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding, newline="")
    return path


HEADER = ["Name", "Phone", "Email", "Birthday", "Tags", "Notes"]
GOOD = [
    ["José Sánchez", "612 34 56 78", "Jose.Sanchez@Mail.ES", "31/01/1980", "vip, family", ""],
    ["王小明", "+86 138 0013 8000", "", "", "", "likes tea"],
    ["Пётр Иванов", "", "petr@yandex.ru", "", "vip", ""],
    ["Ann Lee", "+1 212 555 0199", "ann@example.com", "", "", ""],
]


def _imports(shop: Shop, workers: int | None = 0) -> ImportService:
    return ImportService(shop.db, shop.settings, shop.audit, workers=workers)


def _count(shop: Shop, model: type[Customer] | type[SearchTerm]) -> int:
    with shop.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_preview_shows_the_columns_the_first_rows_and_the_guessed_mapping(
    shop: Shop, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "c.csv", [HEADER, *GOOD * 10])
    preview = _imports(shop).preview(path)
    assert preview.kind == "csv"
    assert preview.headers == HEADER
    assert len(preview.sample) == import_service.SAMPLE_ROWS
    assert preview.total_rows == 40
    assert preview.mapping == {
        0: "name",
        1: "phone",
        2: "email",
        3: "birthday",
        4: "tags",
        5: "notes",
    }


def test_imported_customers_are_stored_as_the_dialog_stores_them(
    shop: Shop, tmp_path: Path, db_path: Path
) -> None:
    path = _write_csv(tmp_path / "c.csv", [HEADER, *GOOD])
    result = _imports(shop).run(path)
    assert result == ImportResult(created=4, skipped_existing=0, errors=[], cancelled=False)

    # The same customers made through the dialog's service, in a second database.
    other = open_shop(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        other.settings.save(shop.settings.get())
        for name, phone, email, birthday, tags, notes in GOOD:
            other.customers.create(
                CustomerDraft(
                    name=name,
                    phone=phone,
                    email=email,
                    birthday=date(1980, 1, 31) if birthday else None,
                    tags=tuple(t.strip() for t in tags.split(",")) if tags else (),
                    notes=notes,
                )
            )
        for query in (ALL, CustomerQuery(text="sanchez"), CustomerQuery(text="5678")):
            mine = [(r.name, r.phone, r.email) for r in shop.customers.list_page(query, 0, 50)]
            theirs = [(r.name, r.phone, r.email) for r in other.customers.list_page(query, 0, 50)]
            assert mine == theirs and mine
        for row in shop.customers.list_page(ALL, 0, 50):
            details = shop.customers.get(row.id)
            twin_id = next(
                r.id for r in other.customers.list_page(ALL, 0, 50) if r.name == row.name
            )
            twin = other.customers.get(twin_id)
            assert details.as_draft() == twin.as_draft()
            assert details.created_at.tzinfo is not None
        with shop.db.read() as session, other.db.read() as other_session:
            terms = sorted(session.execute(select(SearchTerm.term, SearchTerm.sort_name)))
            other_terms = sorted(
                other_session.execute(select(SearchTerm.term, SearchTerm.sort_name))
            )
            assert terms == other_terms
            # Stored in the very form the ORM stores (SQLite keeps dates and times as text).
            raw = sql_text(
                "SELECT name, birthday, typeof(birthday), length(created_at), consent_email,"
                " typeof(consent_email) FROM customers ORDER BY name"
            )
            assert list(session.execute(raw)) == list(other_session.execute(raw))
            sort_names = sorted(session.scalars(select(Customer.sort_name)))
            assert sort_names == sorted(other_session.scalars(select(Customer.sort_name)))
    finally:
        other.close()
    assert shop.customers.tags() == ["family", "vip"]
    assert shop.customers.count(CustomerQuery(tag="VIP")) == 2


def test_the_portable_core_path_writes_the_same_rows(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What other databases get (insert ... returning through SQLAlchemy Core), on SQLite."""
    path = _write_csv(tmp_path / "c.csv", [HEADER, *GOOD])
    _imports(shop).run(path)
    monkeypatch.setattr(import_writer, "DRIVER_SQL_ON_SQLITE", False)
    other = open_shop(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        other.settings.save(shop.settings.get())
        assert _imports(other).run(path).created == 4

        def stored(s: Shop) -> list[object]:
            with s.db.read() as session:
                customers = session.execute(select(Customer).order_by(Customer.id)).scalars()
                rows: list[object] = [
                    (c.id, c.name, c.sort_name, c.phone, c.email, c.birthday, c.archived)
                    for c in customers
                ]
                rows += sorted(session.execute(select(SearchTerm.__table__)))
            tags = [s.customers.get(i).tags for i in range(1, 5)]
            return [*rows, *tags]

        assert stored(other) == stored(shop)
    finally:
        other.close()


def test_importing_the_same_file_again_creates_nothing(shop: Shop, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "c.csv", [HEADER, *GOOD])
    imports = _imports(shop)
    assert imports.run(path).created == 4
    again = imports.run(path)
    assert (again.created, again.skipped_existing, again.errors) == (0, 4, [])
    assert _count(shop, Customer) == 4


def test_rows_repeated_in_a_file_are_imported_once(shop: Shop, tmp_path: Path) -> None:
    same_email = ["Jose S.", "", "JOSE.SANCHEZ@mail.es", "", "", ""]
    same_phone = ["Another", "+34 612345678", "", "", "", ""]
    path = _write_csv(tmp_path / "c.csv", [HEADER, *GOOD, *GOOD, same_email, same_phone])
    result = _imports(shop).run(path)
    assert (result.created, result.skipped_existing) == (4, 6)
    assert _count(shop, Customer) == 4


def test_existing_customers_are_recognised_by_email_or_phone(shop: Shop, tmp_path: Path) -> None:
    shop.customers.create(CustomerDraft(name="Pepe", email="JOSE.sanchez@mail.es"))
    shop.customers.create(CustomerDraft(name="Annie", phone="+12125550199"))
    result = _imports(shop).run(_write_csv(tmp_path / "c.csv", [HEADER, *GOOD]))
    assert (result.created, result.skipped_existing) == (2, 2)


BAD = [
    ["Bad Phone", "12", "bad.phone@example.com", "", "", ""],
    ["", "+34 699 000 111", "noname@example.com", "", "", ""],
    ["Bad Email", "", "bad@@example.com", "", "", ""],
    ["Bad Birthday", "", "bd@example.com", "31/02/1980", "", ""],
]


def test_bad_rows_are_reported_with_line_and_field_and_good_rows_kept(
    shop: Shop, tmp_path: Path
) -> None:
    rows = [HEADER, GOOD[0], BAD[0], GOOD[1], BAD[1], BAD[2], GOOD[2], BAD[3], GOOD[3]]
    result = _imports(shop).run(_write_csv(tmp_path / "c.csv", rows))
    assert result.created == 4
    assert [(e.line, e.field) for e in result.errors] == [
        (3, "phone"),
        (5, "name"),
        (6, "email"),
        (8, "birthday"),
    ]
    assert result.errors[0].source == tuple(BAD[0])
    assert all(e.message for e in result.errors)


def test_the_error_csv_can_be_fixed_and_imported(shop: Shop, tmp_path: Path) -> None:
    rows = [HEADER, GOOD[0], *BAD]
    imports = _imports(shop)
    result = imports.run(_write_csv(tmp_path / "c.csv", rows))
    errors_path = tmp_path / "problems.csv"
    write_error_csv(result, HEADER, errors_path)
    raw = errors_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == [*HEADER, error_csv.PROBLEM_HEADER]
    # The original cells (neutralised: the import takes the quote off "'+34 ..." again).
    assert [[unneutralize_formula(c) for c in row[:-1]] for row in table[1:]] == BAD
    assert table[2][1] == "'+34 699 000 111"
    assert all(row[-1] for row in table[1:])
    assert "problem" not in guess_mapping(table[0]).values()
    assert len(guess_mapping(table[0])) == len(HEADER)

    # The user fixes each row in a spreadsheet and imports the file as it is.
    fixed = [row[:] for row in table]
    fixed[1][1] = "699 000 222"
    fixed[2][0] = "Named Now"
    fixed[3][2] = "bad@example.com"
    fixed[4][3] = "28/02/1980"
    again = imports.run(_write_csv(tmp_path / "fixed.csv", fixed, encoding="utf-8-sig"))
    assert (again.created, again.errors) == (4, [])
    names = {r.name for r in shop.customers.list_page(ALL, 0, 50)}
    assert {"Bad Phone", "Named Now", "Bad Email", "Bad Birthday"} <= names


def test_a_cancelled_import_leaves_the_database_as_it_was(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop.customers.create(CustomerDraft(name="Before"))
    monkeypatch.setattr(import_service, "CHUNK_ROWS", 2)
    calls: list[tuple[int, int]] = []

    def cancel_after_two_batches() -> bool:
        return len(calls) >= 3

    result = _imports(shop).run(
        _write_csv(tmp_path / "c.csv", [HEADER, *GOOD]),
        progress=lambda done, total: calls.append((done, total)),
        cancelled=cancel_after_two_batches,
    )
    assert result.cancelled and result.created == 0
    assert calls[:3] == [(0, 4), (2, 4), (4, 4)]
    assert _count(shop, Customer) == 1
    assert _count(shop, SearchTerm) == 1
    assert shop.customers.tags() == []
    with shop.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_an_import_is_audited_without_personal_data(shop: Shop, tmp_path: Path) -> None:
    _imports(shop).run(_write_csv(tmp_path / "c.csv", [HEADER, *GOOD, BAD[0]]))
    [entry] = shop.audit.list()
    assert entry.action == "import"
    assert "4 customers created" in entry.summary and "1 rows with errors" in entry.summary
    assert "Sánchez" not in entry.summary


def _many_rows(count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        phone = f"6{i:08d}" if i % 7 else "123"  # every 7th phone is bad
        rows.append([f"Customer {i} Núñez", phone, f"c{i}@shop.example.com", "", "", ""])
    return rows


def test_parallel_validation_gives_the_same_result(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_service, "CHUNK_ROWS", 40)
    monkeypatch.setattr(worker_pool, "PARALLEL_MIN_ROWS", 100)
    rows = _many_rows(300)
    path = _write_csv(tmp_path / "c.csv", [HEADER, *rows, *rows[:50]])
    parallel = _imports(shop, workers=2).run(path)
    serial_shop = open_shop(sqlite_url(tmp_path / "serial.sqlite3"))
    try:
        serial_shop.settings.save(shop.settings.get())
        serial = _imports(serial_shop, workers=0).run(path)
        assert parallel == serial
        assert parallel.created == 300 - 43 and parallel.skipped_existing == 50 - 8
        assert [e.line for e in parallel.errors] == sorted(e.line for e in parallel.errors)
        listed = [r.name for r in shop.customers.list_page(ALL, 0, 400)]
        assert listed == [r.name for r in serial_shop.customers.list_page(ALL, 0, 400)]
    finally:
        serial_shop.close()


def test_a_pool_that_cannot_work_falls_back_to_this_process() -> None:
    tasks: list[worker_pool._Task] = [
        (validation.check_records, ([], "ES", True, date(2024, 1, 1))) for _ in range(3)
    ]
    checker = worker_pool._Checker(tasks, workers=0)
    try:
        assert [c.rows for c in checker] == [0, 0, 0]
    finally:
        checker.close()


def test_a_mapping_chosen_by_hand_is_used(shop: Shop, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "c.csv",
        [["Col A", "Col B", "Col C"], ["Ana", "ana@example.com", "ignored"]],
    )
    imports = _imports(shop)
    assert imports.preview(path).mapping == {}
    result = imports.run(path, {0: "name", 1: "email"})
    assert result.created == 1
    [row] = shop.customers.list_page(ALL, 0, 5)
    assert (row.name, row.email) == ("Ana", "ana@example.com")


def test_unusable_files_raise_a_file_error(shop: Shop, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError) as caught:
        _imports(shop).run(empty)
    assert caught.value.field == "file"


@pytest.mark.skipif(not (DATA / "vcard30.vcf").exists(), reason="vCard test data not there yet")
def test_vcard_files_import_and_broken_cards_are_listed(shop: Shop, tmp_path: Path) -> None:
    imports = _imports(shop)
    for name in ("vcard30.vcf", "vcard21_quoted_printable.vcf", "vcard40.vcf"):
        preview = imports.preview(DATA / name)
        assert preview.kind == "vcard" and preview.total_rows >= 1
        result = imports.run(DATA / name)
        assert result.created + result.skipped_existing + len(result.errors) == preview.total_rows
    broken = imports.run(DATA / "vcard_broken.vcf")
    assert broken.errors and all(e.line > 0 for e in broken.errors)
    problems = tmp_path / "problems.csv"
    write_error_csv(broken, imports.preview(DATA / "vcard_broken.vcf").headers, problems)
    assert problems.read_text(encoding="utf-8-sig").count("\n") == len(broken.errors) + 1


@pytest.mark.parametrize(
    "name", ["utf8_bom.csv", "cp1252.csv", "google_contacts.csv", "outlook.csv", "ragged.csv"]
)
def test_the_quirky_test_files_import(shop: Shop, name: str) -> None:
    if not (DATA / name).exists():
        pytest.skip(f"{name} not there yet")
    imports = _imports(shop)
    preview = imports.preview(DATA / name)
    result = imports.run(DATA / name)
    assert result.created > 0
    assert result.created + result.skipped_existing + len(result.errors) == preview.total_rows


# --- export -----------------------------------------------------------------------------------


def _exports(shop: Shop) -> ExportService:
    return ExportService(shop.db, shop.settings, shop.audit)


def _fill(shop: Shop) -> list[int]:
    drafts = [
        CustomerDraft(
            name="José Sánchez",
            phone="612345678",
            email="jose@mail.es",
            address="Calle Mayor 1\n28013 Madrid",
            birthday=date(1980, 1, 31),
            language="es",
            notes='=HYPERLINK("http://evil")',
            tags=("vip", "family"),
            consent_email=True,
        ),
        CustomerDraft(name="@Ann Lee", phone="+12125550199", notes="-5 discount", tags=("vip",)),
        CustomerDraft(name="王小明", email="wang@qq.com"),
    ]
    ids = [shop.customers.create(d).id for d in drafts]
    shop.customers.archive(ids[2])
    return ids


def _read_export(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_export_neutralises_formulas_and_uses_english_headers(
    shop: Shop, tmp_path: Path
) -> None:
    _fill(shop)
    path = tmp_path / "out.csv"
    assert _exports(shop).export_csv(path) == 3
    assert path.read_bytes()[3:].split(b"\r\n")[0].decode() == ",".join(EXPORT_HEADERS)
    rows = {r["email"] or r["phone"]: r for r in _read_export(path)}
    jose = rows["jose@mail.es"]
    assert jose["notes"] == '\'=HYPERLINK("http://evil")'
    assert jose["phone"] == "'+34612345678"  # a leading + is a formula start too
    assert (jose["birthday"], jose["tags"], jose["consent_email"]) == (
        "1980-01-31",
        "family, vip",
        "yes",
    )
    assert jose["address"] == "Calle Mayor 1\n28013 Madrid"
    assert rows["'+12125550199"]["name"] == "'@Ann Lee"
    assert rows["'+12125550199"]["notes"] == "'-5 discount"


def test_export_all_filtered_or_selected(shop: Shop, tmp_path: Path) -> None:
    ids = _fill(shop)
    exports = _exports(shop)
    path = tmp_path / "out.csv"
    assert exports.export_csv(path, CustomerQuery()) == 2  # archived ones are not listed
    assert exports.export_csv(path, CustomerQuery(text="sanchez")) == 1
    assert exports.export_csv(path, CustomerQuery(tag="vip", archive=ArchiveFilter.ALL)) == 2
    assert exports.export_csv(path, ids=[ids[2], ids[0], ids[2]]) == 2
    assert [r["email"] for r in _read_export(path)] == ["wang@qq.com", "jose@mail.es"]
    assert exports.export_csv(path, ids=[]) == 0
    actions = [e.action for e in shop.audit.list()]
    assert actions == ["export"] * 5


def test_an_export_streams_in_pages(
    shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "EXPORT_PAGE", 2)
    rows = _many_rows(15)
    _imports(shop).run(_write_csv(tmp_path / "in.csv", [HEADER, *rows]))
    seen: list[tuple[int, int]] = []
    count = _exports(shop).export_csv(
        tmp_path / "out.csv", progress=lambda done, total: seen.append((done, total))
    )
    assert count == 12
    assert seen[0] == (0, 12) and seen[-1] == (12, 12) and len(seen) == 7
    exported = [r["name"] for r in _read_export(tmp_path / "out.csv")]
    assert exported == [r.name for r in shop.customers.list_page(ALL, 0, 50)]


def test_a_cancelled_export_writes_no_file(shop: Shop, tmp_path: Path) -> None:
    _fill(shop)
    path = tmp_path / "out.csv"
    assert _exports(shop).export_csv(path, cancelled=lambda: True) == 0
    assert not path.exists()
    assert list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if p.suffix != ".part"]
    assert shop.audit.list() == []


def test_an_export_imports_back_into_an_empty_shop(shop: Shop, tmp_path: Path) -> None:
    _fill(shop)
    path = tmp_path / "out.csv"
    _exports(shop).export_csv(path)
    other = open_shop(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        other.settings.save(shop.settings.get())
        result = ImportService(other.db, other.settings, other.audit, workers=0).run(path)
        assert (result.created, result.errors) == (3, [])

        def drafts(s: Shop) -> list[CustomerDraft]:
            listed = s.customers.list_page(ALL, 0, 10)
            return sorted((s.customers.get(r.id).as_draft() for r in listed), key=lambda d: d.name)

        assert drafts(other) == drafts(shop)
    finally:
        other.close()


def test_vcard_export_reads_back(shop: Shop, tmp_path: Path) -> None:
    _fill(shop)
    path = tmp_path / "out.vcf"
    assert _exports(shop).export_vcard(path, ALL) == 3
    cards = [c for c in parse_vcards(path.read_bytes()) if isinstance(c, VCardContact)]
    assert len(cards) == 3
    jose = next(c for c in cards if c.emails == ("jose@mail.es",))
    assert jose.name == "José Sánchez"
    assert jose.phones == ("+34612345678",)
    assert jose.birthday == date(1980, 1, 31)
    assert set(jose.categories) == {"vip", "family"}
    assert path.read_text(encoding="utf-8").count("VERSION:3.0") == 3
    [entry] = shop.audit.list()
    assert (entry.action, entry.summary) == ("export", "3 customers exported to vcard (filtered)")


def test_row_errors_translate(shop: Shop) -> None:
    error = RowError(7, "phone", "This is not a phone number.", {}, ("x",))
    assert error_csv.problem_text(error) == "Line 7: This is not a phone number."
