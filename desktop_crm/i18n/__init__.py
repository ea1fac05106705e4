"""The one message catalog (gettext) for UI, documents and CLI, and locale-aware formatting.

Mark text with ``_()``; domain rules mark theirs with ``N_()`` and it is translated here
when shown. Catalogs live in ``resources/translations/<lang>/LC_MESSAGES/desktop_crm.mo``.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "desktop_crm"
SHIPPED_LANGUAGES = ("en", "es", "zh", "ru")
TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def translations_for(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``; English (the source text) when there is none."""
    return gettext.translation(DOMAIN, TRANSLATIONS_DIR, languages=[language], fallback=True)


def set_language(language: str) -> None:
    global _current, _language
    _current = translations_for(language)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark for extraction only; translated later with ``_()``."""
    return message


def translate_error(message: str, params: dict[str, object]) -> str:
    """An error's message (marked with N_ where it was raised) in the current language."""
    text = _(message)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
