"""Maintain the message catalogs: ``python -m desktop_crm.i18n.catalogs update|compile|check``.

update:  extract every ``_()``/``N_()``/``ngettext()`` message from the sources and merge
         it into each shipped language's ``.po`` (new messages get an empty translation);
compile: write the ``.mo`` files the application loads;
check:   list messages a shipped language lacks (the test suite runs the same check).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from desktop_crm.i18n import DOMAIN, SHIPPED_LANGUAGES, TRANSLATIONS_DIR

SOURCE_DIR = Path(__file__).resolve().parents[1]
# ``gettext``: documents write ``ctx.gettext("...")`` in the document's language.
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
TRANSLATED = tuple(lang for lang in SHIPPED_LANGUAGES if lang != "en")  # English is the source


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every translatable message in the package's Python sources."""
    catalog = Catalog(project="desktop_crm", domain=DOMAIN)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE_DIR), method_map=method_map, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def missing(language: str, template: Catalog | None = None) -> list[str]:
    """Messages of the sources with no (or a fuzzy) translation in ``language``."""
    template = template or extract()
    catalog = load(language)
    result = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found is not None else None
        empty = not strings or (isinstance(strings, tuple) and not all(strings))
        if found is None or empty or found.fuzzy:
            result.append(message.id if isinstance(message.id, str) else message.id[0])
    return result


def update() -> None:
    template = extract()
    for language in TRANSLATED:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)


def compiled(language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load(language), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for language in TRANSLATED:
        po_path(language).with_suffix(".mo").write_bytes(compiled(language))


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        template = extract()
        gaps = {language: missing(language, template) for language in TRANSLATED}
        for language, ids in gaps.items():
            for message_id in ids:
                print(f"{language}: {message_id}")
        return 1 if any(gaps.values()) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
