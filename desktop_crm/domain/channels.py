"""How the shop may reach a customer about a reminder: the channels they can be and agreed to be
contacted on, and the ``mailto:`` link that opens the mail client with a message filled in."""

from __future__ import annotations

from urllib.parse import quote

CHANNELS: tuple[str, ...] = ("phone", "email", "sms", "mail")
"""Every channel, in the order they are offered."""

# RFC 6068 section 2: in the addr-spec, "%" and the delimiters of the URI ("?", "#", "/", ...)
# must be percent-encoded; "@" separates the mailbox and stays. Header values are percent-encoded
# UTF-8 with everything but unreserved characters escaped, so "&", "=", "+" and line breaks in a
# message cannot end a field early or turn into spaces.
_ADDRESS_SAFE = "@!$'()*+,;:"


def allowed_channels(
    phone: str,
    email: str,
    address: str,
    consent_email: bool,
    consent_sms: bool,
    consent_mail: bool,
) -> tuple[str, ...]:
    """The channels (of ``CHANNELS``) open for a customer.

    A phone call needs only a number (calling about the customer's own car or pet is service,
    not marketing); email, SMS and letters need the address or number AND the customer's consent
    for that channel: a customer who refused a channel is never proposed it.
    """
    has_phone = bool(phone.strip())
    has_email = bool(email.strip())
    has_address = bool(address.strip())
    wanted = {
        "phone": has_phone,
        "email": has_email and consent_email,
        "sms": has_phone and consent_sms,
        "mail": has_address and consent_mail,
    }
    return tuple(channel for channel in CHANNELS if wanted[channel])


def mailto_url(email: str, subject: str, body: str) -> str:
    """A ``mailto:`` URI (RFC 6068) for ``email`` with ``subject`` and ``body`` filled in.

    Line breaks in the body are sent as CRLF (``%0D%0A``), as RFC 6068 asks; every non-ASCII
    character is percent-encoded UTF-8, so "José" and "王小明" reach the mail client intact.
    """
    address = quote(email.strip(), safe=_ADDRESS_SAFE)
    fields = []
    if subject:
        fields.append("subject=" + quote(subject, safe=""))
    if body:
        crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        fields.append("body=" + quote(crlf, safe=""))
    return f"mailto:{address}" + ("?" + "&".join(fields) if fields else "")
