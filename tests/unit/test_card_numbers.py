"""Comment-card numbers: the Luhn check digit, the printed codes, and reading them back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.card_numbers import card_code, check_digit, display_code, parse_card_code

# Worked by hand: from the right, double every other digit starting with the last one
# (subtracting 9 above 9), sum, and the check digit brings the sum to a multiple of ten.
LUHN = [
    (1, 8),  # 2 -> 8
    (9, 1),  # 18-9=9 -> 1
    (42, 2),  # 2*2 + 4 = 8 -> 2
    (100, 8),  # 0 + 0 + 2 = 2 -> 8
    (123, 0),  # 6 + 2 + 2 = 10 -> 0
    (999_999, 6),  # 3*9 + 3*9 = 54 -> 6
    (7_992_739_871, 3),  # the textbook Luhn example
]


@pytest.mark.parametrize(("number", "digit"), LUHN)
def test_check_digit(number: int, digit: int) -> None:
    assert check_digit(number) == digit


def test_codes_are_padded_with_the_check_digit_last() -> None:
    assert card_code(123) == "0001230"
    assert display_code(123) == "000123-0"
    assert display_code(1) == "000001-8"
    assert card_code(1_234_567) == "1234567" + str(check_digit(1_234_567))  # wider past 999,999


def test_card_numbers_start_at_one() -> None:
    with pytest.raises(ValueError):
        card_code(0)


@pytest.mark.parametrize(
    "text", ["000123-0", "0001230", " 000123-0 ", "000 123 0", "000123 - 0", "1230"]
)
def test_parse_accepts_how_people_type_it(text: str) -> None:
    assert parse_card_code(text) == 123


@pytest.mark.parametrize(
    "text",
    [
        "000123-8",  # wrong check digit
        "000123-1",
        "000124-0",
        "00012a-0",  # not digits
        "000123-٠",  # an Arabic-Indic zero is a digit to Python, not on a card
        "",
        "5",  # a check digit with no number
        "0000000",  # card 0 does not exist
        "000000-0",
        "-",
    ],
)
def test_parse_rejects(text: str) -> None:
    assert parse_card_code(text) is None


numbers = st.integers(min_value=1, max_value=10**9)


@given(numbers)
def test_the_printed_code_reads_back(number: int) -> None:
    assert parse_card_code(display_code(number)) == number
    assert parse_card_code(card_code(number)) == number


@given(numbers, st.data())
def test_any_single_mistyped_digit_is_caught(number: int, data: st.DataObject) -> None:
    code = card_code(number)
    position = data.draw(st.integers(min_value=0, max_value=len(code) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    mistyped = code[:position] + digit + code[position + 1 :]
    assert parse_card_code(mistyped) is None
