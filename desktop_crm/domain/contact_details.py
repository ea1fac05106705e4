"""Validation of phone numbers and email addresses, with well-kept libraries."""

from __future__ import annotations

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


def normalize_email(raw: str, field: str = "email") -> str:
    """A syntactically valid email address (no DNS look-up), domain in lower case."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(field, N_("This is not a valid email address.")) from exc
    return str(result.normalized)
