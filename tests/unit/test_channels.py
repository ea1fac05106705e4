"""Which channels a customer may be contacted on, and mailto: links (RFC 6068)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.channels import CHANNELS, allowed_channels, mailto_url

PHONE, EMAIL, ADDRESS = "+34612345678", "ana@example.es", "Calle Mayor 1, Madrid"


@pytest.mark.parametrize(
    ("phone", "email", "address", "consent_email", "consent_sms", "consent_mail", "expected"),
    [
        (PHONE, EMAIL, ADDRESS, True, True, True, ("phone", "email", "sms", "mail")),
        # Refused channels are never proposed, even with the number or address on file.
        (PHONE, EMAIL, ADDRESS, False, False, False, ("phone",)),
        (PHONE, EMAIL, ADDRESS, True, False, False, ("phone", "email")),
        (PHONE, EMAIL, ADDRESS, False, True, False, ("phone", "sms")),
        (PHONE, EMAIL, ADDRESS, False, False, True, ("phone", "mail")),
        # Consent without the address or number is no channel either.
        ("", "", "", True, True, True, ()),
        ("", EMAIL, "", True, True, True, ("email",)),
        ("  ", "  ", "  ", True, True, True, ()),
        ("", "", ADDRESS, True, True, True, ("mail",)),
    ],
)
def test_allowed_channels(
    phone: str,
    email: str,
    address: str,
    consent_email: bool,
    consent_sms: bool,
    consent_mail: bool,
    expected: tuple[str, ...],
) -> None:
    assert (
        allowed_channels(phone, email, address, consent_email, consent_sms, consent_mail)
        == expected
    )


@given(
    st.sampled_from(["", PHONE]),
    st.sampled_from(["", EMAIL]),
    st.sampled_from(["", ADDRESS]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_a_channel_needs_its_details_and_consent(
    phone: str, email: str, address: str, c_email: bool, c_sms: bool, c_mail: bool
) -> None:
    channels = allowed_channels(phone, email, address, c_email, c_sms, c_mail)
    assert list(channels) == [c for c in CHANNELS if c in channels]  # offered in a fixed order
    assert ("email" in channels) == (bool(email) and c_email)
    assert ("sms" in channels) == (bool(phone) and c_sms)
    assert ("mail" in channels) == (bool(address) and c_mail)
    assert ("phone" in channels) == bool(phone)


def test_mailto_percent_encodes_subject_and_body() -> None:
    url = mailto_url("ana@example.es", "Your car & you", "Hello José,\nsee you at 10:00?\n王小明")
    assert url.startswith("mailto:ana@example.es?")
    assert " " not in url and "\n" not in url
    assert "subject=Your%20car%20%26%20you" in url  # & would end the field; + is no space here
    assert "%0D%0A" in url  # line breaks as CRLF (RFC 6068 section 5)
    assert "%E7%8E%8B%E5%B0%8F%E6%98%8E" in url  # 王小明 as percent-encoded UTF-8
    fields = parse_qs(urlsplit(url).query)
    assert fields["subject"] == ["Your car & you"]
    assert fields["body"] == ["Hello José,\r\nsee you at 10:00?\r\n王小明"]


def test_mailto_keeps_field_delimiters_inside_values() -> None:
    url = mailto_url("a@b.es", "x=1&body=evil", "50% off? #1 + more")
    fields = parse_qs(urlsplit(url).query)
    assert fields == {"subject": ["x=1&body=evil"], "body": ["50% off? #1 + more"]}


def test_mailto_address_special_characters_are_encoded() -> None:
    url = mailto_url(" gorby%kremvax@example.com ", "", "")
    assert url == "mailto:gorby%25kremvax@example.com"  # the RFC 6068 example
    assert unquote(url.removeprefix("mailto:")) == "gorby%kremvax@example.com"


def test_mailto_without_fields_has_no_query() -> None:
    assert mailto_url("ana+crm@example.es", "", "") == "mailto:ana+crm@example.es"


@given(st.text(max_size=40), st.text(max_size=80))
def test_mailto_round_trips_any_text(subject: str, body: str) -> None:
    url = mailto_url("ana@example.es", subject, body)
    fields = parse_qs(urlsplit(url).query, keep_blank_values=True)
    crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    assert fields.get("subject", [""]) == [subject]
    assert fields.get("body", [""]) == [crlf]
