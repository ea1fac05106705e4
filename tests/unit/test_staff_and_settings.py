"""The staff table and the shop's settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import tzlocal

from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.domain.timezones import local_time_zone_name
from desktop_crm.services.settings import ShopSettings
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.services.staff import StaffDraft, StaffMember
from desktop_crm.storage.database import sqlite_url

# ---- staff -------------------------------------------------------------------------------


def test_staff_create_get_and_list(shop: Shop) -> None:
    lucia = shop.staff.create(
        StaffDraft(name="  Lucía   Pérez ", title=" Owner ", phone=" 612 ", is_manager=True)
    )
    assert lucia == StaffMember(lucia.id, "Lucía Pérez", "Owner", "612", True, True)
    assert shop.staff.get(lucia.id) == lucia
    pedro = shop.staff.create(StaffDraft(name="Pedro"))
    ana = shop.staff.create(StaffDraft(name="Ana"))
    assert [s.name for s in shop.staff.list()] == ["Ana", "Lucía Pérez", "Pedro"]
    assert pedro.is_manager is False and pedro.active is True
    assert ana.id not in (lucia.id, pedro.id)


def test_staff_update_and_deactivate(shop: Shop) -> None:
    pedro = shop.staff.create(StaffDraft(name="Pedro"))
    ana = shop.staff.create(StaffDraft(name="Ana"))
    updated = shop.staff.update(
        pedro.id, StaffDraft(name="Pedro Ruiz", title="Clerk", active=False)
    )
    assert updated == StaffMember(pedro.id, "Pedro Ruiz", "Clerk", "", False, False)
    assert shop.staff.get(pedro.id) == updated
    assert [s.name for s in shop.staff.list(include_inactive=False)] == ["Ana"]
    assert [s.name for s in shop.staff.list()] == ["Ana", "Pedro Ruiz"]
    assert ana.active


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_staff_needs_a_sensible_name(shop: Shop, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.staff.create(StaffDraft(name=name))
    assert caught.value.field == "name"
    assert shop.staff.list() == []
    member = shop.staff.create(StaffDraft(name="Ana"))
    with pytest.raises(ValidationError):
        shop.staff.update(member.id, StaffDraft(name=name))
    assert shop.staff.get(member.id).name == "Ana"


def test_missing_staff_is_not_found(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.staff.get(42)
    with pytest.raises(NotFoundError):
        shop.staff.update(42, StaffDraft(name="Nobody"))


def test_staff_names_in_any_script(shop: Shop) -> None:
    for name in ["王小明", "محمد", "Пётр", "😀 Smiley"]:
        assert shop.staff.get(shop.staff.create(StaffDraft(name=name)).id).name == name


# ---- settings ----------------------------------------------------------------------------


@pytest.fixture
def fresh_shop(tmp_path: Path) -> Iterator[Shop]:
    """A shop whose settings were never saved."""
    opened = open_shop(sqlite_url(tmp_path / "fresh.sqlite3"), daily_backups=False)
    yield opened
    opened.close()


def test_settings_defaults(fresh_shop: Shop) -> None:
    current = fresh_shop.settings.get()
    assert current.time_zone == local_time_zone_name()
    assert current.backup_keep_days == 30
    assert current.current_staff_id is None
    assert current.language in ("en", "es", "zh", "ru")
    assert len(current.currency) == 3


def test_default_time_zone_is_the_computers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Asia/Tokyo")
    opened = open_shop(sqlite_url(tmp_path / "tokyo.sqlite3"), daily_backups=False)
    try:
        assert opened.settings.get().time_zone == "Asia/Tokyo"
    finally:
        opened.close()


def test_default_time_zone_falls_back_to_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise LookupError("no zone configured")

    monkeypatch.setattr(tzlocal, "get_localzone_name", broken)
    assert local_time_zone_name() == "UTC"
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Not/AZone")
    assert local_time_zone_name() == "UTC"


def test_settings_round_trip(shop: Shop) -> None:
    wanted = ShopSettings(
        shop_name="Zapatería Lucía 👟",
        country="MX",
        language="es",
        currency="MXN",
        time_zone="America/Mexico_City",
        backup_keep_days=7,
        current_staff_id=None,
    )
    saved = shop.settings.save(wanted)
    assert saved == wanted
    assert shop.settings.get() == wanted


def test_settings_are_normalised_when_saved(shop: Shop) -> None:
    saved = shop.settings.save(
        dataclasses.replace(
            shop.settings.get(), shop_name="  Mi tienda ", country="fr", currency="eur"
        )
    )
    assert (saved.shop_name, saved.country, saved.currency) == ("Mi tienda", "FR", "EUR")
    assert shop.settings.get() == saved


def test_current_staff_is_remembered(shop: Shop) -> None:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    shop.settings.set_current_staff(lucia.id)
    assert shop.settings.get().current_staff_id == lucia.id
    shop.settings.set_current_staff(None)
    assert shop.settings.get().current_staff_id is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": ""}, "country"),
        ({"country": "Spain"}, "country"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": ""}, "currency"),
        ({"currency": "12A"}, "currency"),
        ({"currency": "ABC"}, "currency"),  # three letters, but no such currency
        ({"currency": "QQQ"}, "currency"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"language": "fr"}, "language"),
        ({"language": ""}, "language"),
        ({"backup_keep_days": 0}, "backup_keep_days"),
        ({"backup_keep_days": 3651}, "backup_keep_days"),
    ],
)
def test_settings_validation_names_the_field_and_stores_nothing(
    shop: Shop, change: dict[str, object], field: str
) -> None:
    before = shop.settings.get()
    with pytest.raises(ValidationError) as caught:
        shop.settings.save(dataclasses.replace(before, **change))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert shop.settings.get() == before


@pytest.mark.parametrize("language", ["en", "es", "zh", "ru"])
def test_every_shipped_language_is_a_valid_setting(shop: Shop, language: str) -> None:
    saved = shop.settings.save(dataclasses.replace(shop.settings.get(), language=language))
    assert shop.settings.get().language == saved.language == language


def test_settings_written_by_a_later_version_are_ignored(shop: Shop) -> None:
    """Unknown keys (a newer version's settings) do not break reading."""
    from desktop_crm.storage.models import Setting

    with shop.db.write() as session:
        session.add(Setting(key="from_the_future", value='"x"'))
    assert shop.settings.get().country == "ES"
