"""Comment-card numbers: a running number plus a check digit, so a mistyped number is caught
when a returned card's answers are typed back in."""

from __future__ import annotations

DIGITS = 6  # the running part; widened automatically past 999,999 cards


def check_digit(number: int) -> int:
    """The Luhn check digit of ``number`` (catches every single-digit slip and most swaps)."""
    total = 0
    for position, char in enumerate(reversed(str(number))):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def card_code(number: int) -> str:
    """What is printed (and encoded in the barcode): zero-padded number and check digit."""
    if number < 1:
        raise ValueError("card numbers start at 1")
    return f"{number:0{DIGITS}d}{check_digit(number)}"


def display_code(number: int) -> str:
    """The code as people read it: ``000123-0``."""
    code = card_code(number)
    return f"{code[:-1]}-{code[-1]}"


def parse_card_code(text: str) -> int | None:
    """The card number typed or scanned as ``text``; None when it is not a valid card code."""
    digits = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return None
    number, check = int(digits[:-1]), int(digits[-1])
    if number < 1 or check_digit(number) != check:
        return None
    return number
