"""Validation of phone numbers and email addresses, with well-kept libraries."""

from __future__ import annotations

import re

from desktop_crm.domain.errors import N_, ValidationError

# phonenumbers and email_validator are imported where used: together they cost ~60 ms of
# start-up that the first screen does not need.


def normalize_phone(raw: str, default_region: str, field: str = "phone") -> str:
    """A phone number in E.164 (``+34612345678``); national numbers use ``default_region``.

    Raises ``ValidationError`` naming ``field`` when it is not a possible number.
    """
    import phonenumbers

    text = raw.strip()
    try:
        number = phonenumbers.parse(text, default_region.upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(field, N_("This is not a phone number.")) from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValidationError(field, N_("This phone number is not valid for its country."))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def format_phone(e164: str, default_region: str) -> str:
    """A stored E.164 number as people write it: national format at home, international abroad."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(number) == default_region.upper()
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, style))


# The plain ASCII addresses nearly everyone has, for which email_validator's result is known
# without running it (it costs ~50 us; an import validates 100,000 of them): dot-atom local
# part, a dotted host name of letters, digits and inner hyphens. Anything else — and any
# address this pattern lets through but the checks in _plain_email do not — goes to
# email_validator, so both paths accept exactly the same addresses (tested side by side).
_ATEXT = r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"({_ATEXT}(?:\.{_ATEXT})*)@((?:{_LABEL}\.)+{_LABEL})")
# email_validator 2.x: SPECIAL_USE_DOMAIN_NAMES and CASE_INSENSITIVE_MAILBOX_NAMES.
_SPECIAL_USE = frozenset(("arpa", "invalid", "local", "localhost", "onion", "test"))
_CASE_INSENSITIVE_MAILBOXES = frozenset(
    ("info", "marketing", "sales", "support", "abuse", "noc", "security", "postmaster",
     "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp")
)  # fmt: skip
MAX_EMAIL_LENGTH = 254
MAX_DOMAIN_LENGTH = 253


def _plain_email(text: str) -> str | None:
    """email_validator's normalised form of a plain ASCII address, or None to ask it."""
    match = _PLAIN_EMAIL.fullmatch(text)
    if match is None or len(text) > MAX_EMAIL_LENGTH:
        return None
    local, domain = match.groups()
    domain = domain.lower()
    if (
        len(domain) > MAX_DOMAIN_LENGTH
        or "--" in domain  # Punycode ("xn--") and reserved "ab--" labels: the library decides
        or not domain[-1].isalpha()  # every top-level domain ends with a letter
        # A special-use name is one label: the domain is it or ends with "." + it.
        or domain[domain.rfind(".") + 1 :] in _SPECIAL_USE
    ):
        return None
    if local.lower() in _CASE_INSENSITIVE_MAILBOXES:
        local = local.lower()
    return f"{local}@{domain}"


def normalize_email(raw: str, field: str = "email") -> str:
    """A syntactically valid email address (no DNS look-up), domain in lower case."""
    text = raw.strip()
    plain = _plain_email(text)
    if plain is not None:
        return plain
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(field, N_("This is not a valid email address.")) from exc
    return str(result.normalized)
