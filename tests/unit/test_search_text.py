"""The searchable form of names, emails and phone numbers (domain.search_text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_crm.domain.search_text import (
    MIN_PHONE_QUERY_DIGITS,
    customer_terms,
    digits_of,
    fold,
    phone_term,
    prefix_upper_bound,
    query_terms,
    sort_key,
    words,
)

# Text as people type it: every Unicode letter, mark, number, symbol, punctuation and space.
# (hypothesis never generates lone surrogates, which cannot be stored either.)
any_text = st.text(max_size=40)
name_text = st.text(
    # Not U+0345 (combining ypogegrammeni): a mark, so folded away, whose capital is the
    # letter iota; nobody types a lone one in capitals, and stored terms must not change.
    alphabet=st.characters(categories=("L", "M", "N", "S", "P", "Zs"), exclude_characters="\u0345"),
    min_size=1,
    max_size=30,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("José", "jose"),
        ("JOSÉ", "jose"),
        ("Pérez-Núñez", "perez-nunez"),
        ("Пётр", "петр"),
        ("ЁЛКА", "елка"),
        ("Straße", "strasse"),
        ("Ǆemal", "dzemal"),  # NFKD compatibility decomposition
        ("ﬁlm", "film"),  # ligature
        ("Ｗｉｄｅ", "wide"),  # full-width letters
        ("王小明", "王小明"),
        ("Ελένη", "ελενη"),
        ("Zoë", "zoe"),
        ("", ""),
    ],
)
def test_fold_table(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("José Sánchez", ["jose", "sanchez"]),
        ("  María   del  Carmen ", ["maria", "del", "carmen"]),
        ("O'Brien", ["o", "brien"]),
        ("Jean-Luc Picard", ["jean", "luc", "picard"]),
        ("j.sanchez@mail.es", ["j", "sanchez", "mail", "es"]),
        ("Пётр Ильич Чайковский", ["петр", "ильич", "чаиковскии"]),
        ("王小明", ["王", "小", "明"]),
        ("Li 王小明", ["li", "王", "小", "明"]),
        ("やまだ たろう", ["や", "ま", "た", "た", "ろ", "う"]),  # voicing marks dropped too
        ("محمد علي", ["محمد", "علي"]),
        ("דוד כהן", ["דוד", "כהן"]),
        ("Anna 😀 Smith", ["anna", "😀", "smith"]),
        ("Shop #12", ["shop", "12"]),
        ("", []),
        ("  ,;. ", []),
    ],
)
def test_words_table(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", []),
        ("   ", []),
        ("jose", ["jose"]),
        ("JOSÉ", ["jose"]),
        ("jo sa", ["jo", "sa"]),
        ("ana ana", ["ana"]),  # repeated words searched once
        ("5678", [phone_term("5678")]),
        ("56 78", [phone_term("5678")]),
        ("56-78", [phone_term("5678")]),
        ("+34 612 34 56 78", [phone_term("34612345678")]),
        ("(612) 345-678", [phone_term("612345678")]),
        ("678", ["678"]),  # fewer than four digits: not a phone query
        ("小明", ["小", "明"]),
        ("sanchez@", ["sanchez"]),
    ],
)
def test_query_terms_table(query: str, expected: list[str]) -> None:
    assert query_terms(query) == expected


def test_phone_terms_are_reversed_digits_marked_apart_from_words() -> None:
    terms = customer_terms("Ana", None, ["+34612345678"])
    assert terms == {"ana", phone_term("34612345678")}
    assert phone_term("34612345678") == "#87654321643"
    # A name word made of digits never collides with a phone term.
    assert not any(t.startswith("#") for t in words("Ana 1234"))


def test_customer_terms_table() -> None:
    terms = customer_terms("José Sánchez", "j.sanchez@mail.es", ["+34612345678", ""])
    assert terms == {"jose", "sanchez", "j", "mail", "es", "#87654321643"}
    assert customer_terms("王小明", "", []) == {"王", "小", "明"}
    assert customer_terms("", None, []) == set()


def test_customer_terms_are_capped_for_the_index() -> None:
    long_word = "a" * 300
    assert customer_terms(long_word, None, []) == {"a" * 64}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Émile Zola", "emile zola"), ("  emile  ZOLA ", "emile zola"), ("王小明", "王 小 明")],
)
def test_sort_key(name: str, expected: str) -> None:
    assert sort_key(name) == expected


def test_sort_key_puts_accented_names_beside_plain_ones() -> None:
    names = ["Zoe", "Émile", "Emma", "ábel", "Adam"]
    assert sorted(names, key=sort_key) == ["ábel", "Adam", "Émile", "Emma", "Zoe"]


@pytest.mark.parametrize(
    ("prefix", "bound"),
    [("a", "b"), ("jo", "jp"), ("#8765", "#8766"), ("z", "{"), ("\ud7ff", "\ue000")],
)
def test_prefix_upper_bound_table(prefix: str, bound: str) -> None:
    assert prefix_upper_bound(prefix) == bound


# ---- properties ------------------------------------------------------------------------


@given(any_text)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(any_text)
def test_fold_ignores_case_and_accents_of_its_input(text: str) -> None:
    assert fold(text.upper()) == fold(fold(text).upper())


@given(any_text)
def test_words_are_folded_non_empty_and_stable(text: str) -> None:
    found = words(text)
    assert all(found)
    assert all(fold(w) == w for w in found)
    assert words(" ".join(found)) == found


@given(st.lists(name_text, min_size=1, max_size=4), st.data())
@settings(max_examples=200, deadline=None)
def test_every_prefix_of_every_word_of_a_name_is_found_by_a_prefix_range(
    parts: list[str], data: st.DataObject
) -> None:
    name = " ".join(parts)
    terms = customer_terms(name, None, [])
    for word in words(name):
        word = word[:64]
        cut = data.draw(st.integers(min_value=1, max_value=len(word)), label="prefix length")
        prefix = word[:cut]
        bound = prefix_upper_bound(prefix)
        # The same comparison the database makes: prefix <= term < bound.
        assert any(prefix <= term < bound for term in terms), (prefix, terms)


@given(name_text)
def test_what_the_user_types_matches_the_stored_terms(name: str) -> None:
    """Typing a name (or its first letters) in any case finds it: every query term is a prefix
    of some stored term."""
    terms = customer_terms(name, None, [])
    for typed in (name, name.upper(), name.lower()):
        for q in query_terms(typed):
            if q.startswith("#"):  # typed a number that looks like a phone: searches phones only
                continue
            assert any(t.startswith(q[:64]) for t in terms), (typed, q, terms)


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=15),
    st.sampled_from([" ", "-", ".", ""]),
    st.integers(min_value=MIN_PHONE_QUERY_DIGITS, max_value=15),
)
def test_last_digits_of_a_phone_are_a_prefix_of_its_term(
    digits: str, separator: str, tail_length: int
) -> None:
    tail = digits[-tail_length:]
    typed = separator.join(tail[i : i + 2] for i in range(0, len(tail), 2))
    [term] = query_terms(typed)
    stored = phone_term(digits_of("+" + digits))
    assert term <= stored < prefix_upper_bound(term)


@given(st.text(min_size=1, max_size=10), st.text(max_size=10))
def test_prefix_upper_bound_is_above_every_extension_of_the_prefix(
    prefix: str, suffix: str
) -> None:
    bound = prefix_upper_bound(prefix)
    assert prefix < bound
    assert prefix + suffix < bound


@given(st.text(min_size=1, max_size=10), st.text(min_size=1, max_size=10))
def test_prefix_upper_bound_excludes_strings_not_starting_with_the_prefix(
    prefix: str, other: str
) -> None:
    if other.startswith(prefix):
        return
    bound = prefix_upper_bound(prefix)
    assert not (prefix <= other < bound)


def test_prefix_upper_bound_of_the_last_code_point() -> None:
    """A prefix ending in U+10FFFF: its bound must still be above every extension.

    (Search terms never contain U+10FFFF, an unassigned code point, so this is the function's
    contract rather than a search the user can make.)"""
    prefix = "a\U0010ffff"
    bound = prefix_upper_bound(prefix)
    assert prefix + "z" < bound
    assert prefix + "\U0010ffff\U0010ffff" < bound
    assert bound == "b"
