"""Parsing values: the shop language meant by a code, locale or language name."""

from __future__ import annotations

from desktop_crm.domain.customers import LANGUAGES
from desktop_crm.domain.errors import N_, ValidationError

_LANGUAGE_NAMES: dict[str, str] = {}
for _code, _names in (
    ("en", "en english inglés ingles английский 英语 英文"),
    ("es", "es spanish español espanol castellano испанский 西班牙语 西班牙文"),
    ("zh", "zh chinese mandarin chino 中文 汉语 漢語 普通话 китайский"),
    ("ru", "ru russian ruso русский 俄语 俄文"),
):
    for _language_name in _names.split():
        _LANGUAGE_NAMES[_language_name] = _code


def parse_language(text: str) -> str:
    """A shop language code (``en`` ``es`` ``zh`` ``ru``) from a code, locale or name; "" if empty.

    Raises ``ValidationError("language", ...)`` for a language the shop does not work in.
    """
    value = text.strip()
    if not value:
        return ""
    if value in LANGUAGES:
        return value
    key = value.casefold()
    code = _LANGUAGE_NAMES.get(key)
    if code is None and len(key) > 2 and key[2] in "-_":
        code = _LANGUAGE_NAMES.get(key[:2])  # "es-ES", "zh_Hans_CN", "ru-RU"
    if code is None:
        raise ValidationError(
            "language",
            N_(
                "The language '{text}' is not one the shop works in. Write en, es, zh or ru "
                "(or English, Spanish, Chinese, Russian), or leave it empty."
            ),
            text=value,
        )
    return code
