"""Money is a Decimal in the application and whole hundredths in the database (never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop_crm.domain.errors import N_, ValidationError

MAX_AMOUNT = Decimal("1000000000")
_CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(_CENT)


def validate_amount(amount: Decimal | str, field: str = "amount") -> Decimal:
    """A non-negative amount below a billion, rounded to hundredths."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(field, N_("This is not an amount of money.")) from exc
    if not value.is_finite():
        raise ValidationError(field, N_("This is not an amount of money."))
    if value < 0 or value >= MAX_AMOUNT:
        raise ValidationError(field, N_("An amount must be between 0 and 1,000,000,000."))
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)
