"""The shop's settings: name, country, language, currency, time zone, backups."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from desktop_crm.domain.customers import LANGUAGES
from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.domain.timezones import is_time_zone, local_time_zone_name
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Setting


@dataclass(frozen=True)
class ShopSettings:
    shop_name: str = ""
    country: str = "US"  # default region for phone numbers
    language: str = "en"
    currency: str = "USD"
    time_zone: str = "UTC"
    backup_keep_days: int = 30
    # Who was at the keyboard last time; the default author of what is logged.
    current_staff_id: int | None = None


def validate_settings(settings: ShopSettings) -> ShopSettings:
    import phonenumbers  # imported here: not needed to start the application
    from babel.numbers import get_currency_name, is_currency

    country = settings.country.strip().upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError("country", N_("Choose a country."))
    if settings.language not in LANGUAGES:
        raise ValidationError("language", N_("This language is not supported."))
    currency = settings.currency.strip().upper()
    try:
        get_currency_name(currency, locale="en")
    except Exception as exc:  # babel raises different errors for unknown codes
        raise ValidationError("currency", N_("This is not a currency code.")) from exc
    if len(currency) != 3 or not currency.isalpha() or not is_currency(currency):
        raise ValidationError("currency", N_("This is not a currency code."))
    if not is_time_zone(settings.time_zone):
        raise ValidationError("time_zone", N_("This is not a time zone."))
    if not 1 <= settings.backup_keep_days <= 3650:
        raise ValidationError("backup_keep_days", N_("Keep backups between 1 and 3650 days."))
    return dataclasses.replace(
        settings, shop_name=settings.shop_name.strip(), country=country, currency=currency
    )


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self) -> ShopSettings:
        """The stored settings; unset ones take their default (time zone: the computer's)."""
        with self._db.read() as session:
            stored = {row.key: json.loads(row.value) for row in session.query(Setting)}
        defaults = ShopSettings(time_zone=local_time_zone_name())
        known = {f.name for f in dataclasses.fields(ShopSettings)}
        return dataclasses.replace(defaults, **{k: v for k, v in stored.items() if k in known})

    def save(self, settings: ShopSettings) -> ShopSettings:
        """Validate and store every setting; raises ValidationError naming the field."""
        settings = validate_settings(settings)
        with self._db.write() as session:
            for key, value in dataclasses.asdict(settings).items():
                session.merge(Setting(key=key, value=json.dumps(value)))
        return settings

    def set_current_staff(self, staff_id: int | None) -> None:
        with self._db.write() as session:
            session.merge(Setting(key="current_staff_id", value=json.dumps(staff_id)))
