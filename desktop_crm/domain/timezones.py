"""The computer's time zone, as an IANA name that zoneinfo understands."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import tzlocal


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_time_zone_name() -> str:
    """The computer's zone (Windows names mapped by tzlocal); ``UTC`` when none can be told."""
    try:
        name = str(tzlocal.get_localzone_name() or "")
    except Exception:  # tzlocal raises assorted errors on odd configurations
        name = ""
    return name if name and is_time_zone(name) else "UTC"


def time_zone_names() -> list[str]:
    return sorted(available_timezones())
