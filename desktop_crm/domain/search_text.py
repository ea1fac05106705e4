"""The searchable form of names, emails and phone numbers.

SQLite's ``lower()``/``LIKE`` are ASCII-only and stock FTS5 tokenizers miss real names
(``ё`` is not folded, ``小明`` is not found inside ``王小明``), so we build the terms
ourselves: NFKD, combining marks dropped, casefolded; each Han/kana character its own
term; phone digits stored reversed so "the last four digits" becomes a prefix query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

PHONE_TERM_MARK = "#"
MIN_PHONE_QUERY_DIGITS = 4
_PHONE_QUERY = re.compile(r"^[\d\s()+\-./]+$")


def _is_single_char_script(ch: str) -> bool:
    """Han ideographs and Japanese kana: languages written without spaces between words."""
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions B and later
    )


def _is_separator(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Letters, digits and symbols (emoji are "So") make words; spaces, punctuation,
    # control/format characters (the emoji zero-width joiner too) separate them.
    return category[0] in "ZPC" or category in ("Sm", "Sc")


# Letters with a stroke or without a dot have no Unicode decomposition, yet are typed plain.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t"})
MAX_TERM_LENGTH = 64


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().translate(_PLAIN_LETTERS)


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding one character at a time, filled as characters appear.

    Folding character by character is the same as folding the whole text: NFKD decomposes
    each character on its own and only reorders combining marks (which are dropped), and
    casefolding has no context. Only the final NFC looks across characters.
    """

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


class _WordTable(dict[int, str]):
    """Folded character -> itself inside a word, a space for a separator, or the character
    between spaces when it is a word of its own (every whitespace character is a separator,
    so ``split()`` then cuts exactly at the separators)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if _is_separator(ch):
            value = " "
        elif _is_single_char_script(ch) or unicodedata.category(ch) in ("So", "Sk"):
            value = f" {ch} "
        else:
            value = ch
        self[code] = value
        return value


_FOLD = _FoldTable()
_WORDS = _WordTable()


def fold(text: str) -> str:
    """NFKD, combining marks dropped, casefolded: ``José`` -> ``jose``, ``Пётр`` -> ``петр``."""
    if text.isascii():
        return text.lower()  # what the general path gives for ASCII, 10x faster
    return unicodedata.normalize("NFC", text.translate(_FOLD))


def words(text: str) -> list[str]:
    """The folded words of ``text``; each Han/kana character is a word of its own."""
    return fold(text).translate(_WORDS).split()


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())


def phone_term(phone_digits: str) -> str:
    """The reversed digits of a phone number, marked so they never match a name word."""
    return PHONE_TERM_MARK + phone_digits[::-1]


def sort_key(name: str) -> str:
    """How names sort in lists: folded, so ``Émile`` sorts with ``Emile``."""
    return " ".join(words(name)) or fold(name.strip())


def customer_terms(name: str, email: str | None, phones: Iterable[str]) -> set[str]:
    """Every term a customer can be found by (matched by prefix)."""
    terms = set(words(name))
    if email:
        terms.update(words(email))
    for phone in phones:
        digits = digits_of(phone)
        if digits:
            terms.add(phone_term(digits))
    # Term column is indexed: keep terms short enough for any backend's index.
    return {term[:64] for term in terms if term}


def query_terms(query: str) -> list[str]:
    """The prefixes a search box query must all match, most selective first is left to the caller.

    A query that looks like a phone number (only digits and phone punctuation, at least four
    digits) searches phone numbers by their ending however they were typed.
    """
    query = query.strip()
    if not query:
        return []
    if _PHONE_QUERY.match(query):
        digits = digits_of(query)
        if len(digits) >= MIN_PHONE_QUERY_DIGITS:
            return [phone_term(digits)]
    return list(dict.fromkeys(w[:MAX_TERM_LENGTH] for w in words(query)))


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``.

    Lets a prefix match be the index range ``prefix <= term < bound`` on any database
    with binary (code point) ordering of the term column.
    """
    stripped = prefix.rstrip("\U0010ffff")
    if not stripped:
        return prefix + "\U0010ffff"  # no finite bound exists below any string
    prefix = stripped
    last = ord(prefix[-1])
    # Skip the surrogate range, which cannot appear in stored text.
    nxt = last + 1 if last + 1 != 0xD800 else 0xE000
    return prefix[:-1] + chr(nxt)
