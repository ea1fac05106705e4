"""CSV files as spreadsheets and address books write them: encodings, delimiters, quirks."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.csv_format import (
    decode_text,
    neutralize_formula,
    read_csv,
    sniff_delimiter,
    unneutralize_formula,
    write_csv,
)
from desktop_crm.domain.errors import ValidationError

DATA = Path(__file__).parent.parent / "data" / "import"


@pytest.mark.parametrize(
    ("file", "encoding", "delimiter", "first_headers", "rows", "line_numbers"),
    [
        ("utf8_bom.csv", "utf-8-sig", ",", ["Name", "Phone"], 3, [2, 3, 4]),
        ("cp1252.csv", "cp1252", ",", ["Name", "Phone"], 3, [2, 3, 4]),
        ("cp1251.csv", "cp1251", ",", ["Фамилия", "Имя"], 2, [2, 3]),
        ("semicolon_decimal.csv", "utf-8", ";", ["Nombre", "Teléfono"], 3, [2, 3, 4]),
        ("quoted_newlines.csv", "utf-8", ",", ["name", "phone"], 4, [2, 5, 6, 8]),
        ("ragged.csv", "utf-8", ",", ["name", "phone"], 4, [2, 3, 5, 6]),
        ("formulas.csv", "utf-8", ",", ["name", "phone"], 4, [2, 3, 4, 5]),
        ("google_contacts.csv", "utf-8", ",", ["Name", "Given Name"], 3, [2, 6, 7]),
        ("google_contacts_2024.csv", "utf-8", ",", ["First Name", "Middle Name"], 3, [2, 6, 7]),
        ("outlook.csv", "utf-8-sig", ",", ["First Name", "Middle Name"], 3, [2, 4, 5]),
    ],
)
def test_sample_files(
    file: str,
    encoding: str,
    delimiter: str,
    first_headers: list[str],
    rows: int,
    line_numbers: list[int],
) -> None:
    table = read_csv((DATA / file).read_bytes())
    assert table.encoding == encoding
    assert table.delimiter == delimiter
    assert table.headers[:2] == first_headers
    assert len(table.rows) == rows
    assert table.line_numbers == line_numbers
    assert all(len(row) == len(table.headers) for row in table.rows)


def test_bom_is_not_part_of_the_first_header() -> None:
    table = read_csv((DATA / "utf8_bom.csv").read_bytes())
    assert table.headers == ["Name", "Phone", "Email", "Birthday", "Tags"]
    assert table.rows[1][0] == "Пётр Иванов"
    assert table.rows[2][0] == "王小明"


def test_cp1252_letters_and_symbols() -> None:
    table = read_csv((DATA / "cp1252.csv").read_bytes())
    assert [row[0] for row in table.rows] == ["Renée Müller", "François Øster", "Ñandú Peña"]
    assert table.rows[1][3] == "Owes 12,50 €"
    assert table.rows[2][3] == "“smart quotes” – en dash"


def test_cp1251_russian_windows_export() -> None:
    table = read_csv((DATA / "cp1251.csv").read_bytes())
    assert table.rows[0][:2] == ["Иванов", "Пётр"]
    assert table.rows[1][3] == "Санкт-Петербург"


def test_semicolons_keep_decimal_commas_in_their_cell() -> None:
    table = read_csv((DATA / "semicolon_decimal.csv").read_bytes())
    assert table.headers[4] == "Importe"
    assert [row[4] for row in table.rows] == ["12,50", "1.234,99", "0,99"]
    assert table.rows[0][5] == "Cliente, habitual"


def test_quoted_newlines_stay_in_their_cell() -> None:
    table = read_csv((DATA / "quoted_newlines.csv").read_bytes())
    assert table.rows[0][2] == "Line one\nLine two\nLine three"
    assert table.rows[2] == ['Cleo "Cat" Park', "+44 20 7946 0960", 'Quote "inside"\nand, a comma']
    assert table.rows[3][2] == ""


def test_ragged_rows_are_padded_and_extra_cells_kept() -> None:
    table = read_csv((DATA / "ragged.csv").read_bytes())
    # A long row's extra cells are kept under nameless headers (they hold something).
    assert table.headers == ["name", "phone", "email", "", ""]
    assert table.rows == [
        ["Ann Lee", "+44 20 7946 0958", "", "", ""],
        ["Bob Stone", "", "", "", ""],
        ["Cleo Park", "+44 20 7946 0960", "cleo@example.com", "", ""],
        ["Dan Ode", "+44 20 7946 0961", "dan@example.com", "extra note", "more"],
    ]


def test_trailing_empty_cells_do_not_add_columns() -> None:
    table = read_csv(b"name,phone\r\nAnn,1,,,\r\nBob\r\n")
    assert table.headers == ["name", "phone"]
    assert table.rows == [["Ann", "1"], ["Bob", ""]]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),  # Python writes little-endian with a mark
        ("utf-16-be", "utf-16-be"),
        ("utf-16-le", "utf-16-le"),
        ("utf-32", "utf-32"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings(encoding: str, expected: str) -> None:
    text = "Name\tTown\r\nJosé Müller\tKöln\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    table = read_csv(data)
    assert table.encoding == expected
    assert table.delimiter == "\t"
    assert table.rows == [["José Müller", "Köln"]]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2,5;3\n", ";"),
        ("a\tb\n1,2\t3;4\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ("name\nAnn\nBob\n", ","),  # one column
        ("name,notes\nAnn,x;y\nBob,z;w\n", ","),  # semicolons inside cells only
        ("Name;Amount, EUR;Note\nJosé;12,50;x\nAna;1,00;y\n", ";"),
        ('"a;b",c\n"1;2",3\n', ","),
    ],
)
def test_delimiter_sniffing(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_blank_lines_are_skipped_but_counted() -> None:
    table = read_csv(b"\r\nname,phone\r\n\r\n , \r\nAnn,1\r\n\r\n")
    assert table.headers == ["name", "phone"]
    assert table.rows == [["Ann", "1"]]
    assert table.line_numbers == [5]


def test_excel_separator_hint() -> None:
    table = read_csv(b"sep=;\r\nname;amount\r\nAnn;1,5\r\n\r\nBob;2\r\n")
    assert table.delimiter == ";"
    assert table.headers == ["name", "amount"]
    assert table.rows == [["Ann", "1,5"], ["Bob", "2"]]
    assert table.line_numbers == [3, 5]


def test_old_mac_line_ends() -> None:
    table = read_csv(b"name,phone\rAnn,1\rBob,2\r")
    assert table.rows == [["Ann", "1"], ["Bob", "2"]]
    assert table.line_numbers == [2, 3]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b",,,\r\n,,\r\n", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not a text file"),
        (b"name\r\n\x81\x8d\x8f\x90\x9d\r\n", "could not be read"),
    ],
)
def test_unreadable_files(data: bytes, says: str) -> None:
    with pytest.raises(ValidationError) as error:
        read_csv(data)
    assert error.value.field == "file"
    assert says in error.value.message


def test_unclosed_quote_names_its_line() -> None:
    data = b'name,notes\r\nAnn,fine\r\nBob,"never closed\r\n' + b"x" * 200_000 + b"\r\n"
    with pytest.raises(ValidationError) as error:
        read_csv(data)
    assert error.value.field == "file"
    assert error.value.params["line"] == 3
    assert "quote" in error.value.message


def test_decode_text_reports_the_encoding() -> None:
    assert decode_text("Ünïcode".encode("utf-16")) == ("Ünïcode", "utf-16-le")
    assert decode_text(b"\xef\xbb\xbfabc") == ("abc", "utf-8-sig")
    # UTF-16 without a byte-order mark (zero bytes every other byte).
    assert decode_text("name,phone\r\n".encode("utf-16-le")) == ("name,phone\r\n", "utf-16-le")
    assert decode_text("name,phone\r\n".encode("utf-16-be")) == ("name,phone\r\n", "utf-16-be")


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+34 612 345 678", "'+34 612 345 678"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rcarriage", "'\rcarriage"),
        ("＝HYPERLINK()", "'＝HYPERLINK()"),
        ("", ""),
        ("Ann", "Ann"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralize_formula(cell: str, written: str) -> None:
    assert neutralize_formula(cell) == written
    if not cell.startswith("'"):
        assert unneutralize_formula(written) == cell


def test_write_csv_neutralises_quotes_and_uses_crlf() -> None:
    text = write_csv(
        ["name", "=header"],
        [['=HYPERLINK("x")', "a,b"], ["Ann", "line\nbreak"], ["@x", 'say "hi"']],
    )
    assert text == (
        "name,'=header\r\n"
        '"\'=HYPERLINK(""x"")","a,b"\r\n'
        'Ann,"line\nbreak"\r\n'
        '\'@x,"say ""hi"""\r\n'
    )


def test_formulas_file_written_back_is_neutralised() -> None:
    table = read_csv((DATA / "formulas.csv").read_bytes())
    written = read_csv(write_csv(table.headers, table.rows).encode("utf-8-sig"))
    for row in written.rows:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r"
    assert written.rows[0][0] == '\'=HYPERLINK("http://evil.example","click")'
    assert written.rows[3][0] == "'=Already quoted"  # already neutral: left as it is


def test_write_csv_takes_a_generator() -> None:
    rows = ([str(i), f"name {i}"] for i in range(3))
    assert write_csv(["id", "name"], rows).count("\r\n") == 4


_headers = st.lists(
    st.text(
        st.characters(codec="utf-8", exclude_characters=";\t|\x00\ufeff"), min_size=1, max_size=12
    ).filter(lambda h: h == h.strip() and h.strip() != ""),
    min_size=2,
    max_size=5,
)


@given(
    _headers.flatmap(
        lambda headers: st.tuples(
            st.just(headers),
            st.lists(
                st.lists(
                    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
                    min_size=len(headers),
                    max_size=len(headers),
                ),
                max_size=6,
            ),
        )
    )
)
def test_write_then_read_round_trips(table: tuple[list[str], list[list[str]]]) -> None:
    headers, rows = table
    data = write_csv(headers, rows).encode("utf-8-sig")
    read = read_csv(data)
    expected_rows = [[neutralize_formula(c) for c in row] for row in rows]
    expected_rows = [row for row in expected_rows if "".join(row).strip()]  # blank rows skipped
    assert read.headers == [neutralize_formula(h) for h in headers]
    assert read.rows == expected_rows
    assert read.delimiter == ","
    assert read.encoding == "utf-8-sig"


@given(st.text())
def test_neutralised_cells_never_start_a_formula(cell: str) -> None:
    written = neutralize_formula(cell)
    assert not written or written[0] not in "=+-@\t\r＝＋－＠"
    if not cell.startswith("'"):
        assert unneutralize_formula(written) == cell
