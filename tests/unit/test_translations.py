"""The shipped catalogs (es, zh, ru): complete, faithful to placeholders, compiled, loaded.

When a test here fails after you added or changed a message:
    python -m desktop_crm.i18n.catalogs update    # merge new messages into the .po files
    (translate them in resources/translations/<lang>/LC_MESSAGES/desktop_crm.po)
    python -m desktop_crm.i18n.catalogs compile   # write the .mo files the app loads
"""

from __future__ import annotations

import io
import string
from collections.abc import Iterator

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo

from desktop_crm import i18n
from desktop_crm.i18n import _, catalogs, ngettext

LANGUAGES = catalogs.TRANSLATED


@pytest.fixture(scope="module")
def template() -> Catalog:
    """Every message the sources mark (extracted once for the module)."""
    return catalogs.extract()


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """Tests here switch the process-wide language; every other test expects English."""
    yield
    i18n.set_language("en")


def placeholders(text: str) -> set[str]:
    """The ``{fields}`` of a str.format text, with conversion and format spec (``seconds:.1f``)."""
    fields = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        fields.add(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return fields


def translated(language: str, template: Catalog) -> list[tuple[Message, Message]]:
    """(source message, its translation) for each translated message of ``template``."""
    catalog = catalogs.load(language)
    pairs = []
    for source in template:
        if not source.id:
            continue
        found = catalog.get(source.id, context=source.context)
        if found is not None and found.string:
            pairs.append((source, found))
    return pairs


def test_the_sources_have_messages(template: Catalog) -> None:
    assert len([m for m in template if m.id]) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str, template: Catalog) -> None:
    gaps = catalogs.missing(language, template)
    assert not gaps, (
        f"{len(gaps)} message(s) have no {language} translation (or a fuzzy one); run "
        "`python -m desktop_crm.i18n.catalogs update`, translate them in "
        f"{catalogs.po_path(language)} and run `... compile`:\n" + "\n".join(map(repr, gaps))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str, template: Catalog) -> None:
    wrong = []
    for source, found in translated(language, template):
        ids = (source.id,) if isinstance(source.id, str) else source.id
        strings = (found.string,) if isinstance(found.string, str) else found.string
        try:
            allowed = [placeholders(text) for text in ids]
            for text in strings:
                if text and placeholders(text) not in allowed:
                    wrong.append(f"{ids[0]!r} -> {text!r}")
        except ValueError as error:  # a stray or unbalanced brace
            wrong.append(f"{ids[0]!r} -> {strings!r}: {error}")
    assert not wrong, f"{language} translations that change the {{placeholders}}:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_a_keyboard_accelerator(language: str, template: Catalog) -> None:
    """``&Save`` needs one ``&`` before a letter in the translation too (``&Guardar``)."""
    wrong = []
    for source, found in translated(language, template):
        if not isinstance(source.id, str) or "&" not in source.id:
            continue
        text = found.string
        marks = text.count("&")
        at = text.find("&")
        if marks != 1 or at == len(text) - 1 or not text[at + 1].isalnum():
            wrong.append(f"{source.id!r} -> {text!r}")
    assert not wrong, f"{language} translations with a broken accelerator:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_po_header_names_the_language(language: str) -> None:
    catalog = catalogs.load(language)
    header = dict(catalog.mime_headers)
    assert header["Language"] == language
    expected = {"es": 2, "zh": 1, "ru": 3}[language]
    assert catalog.num_plurals == expected, header["Plural-Forms"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_files_are_up_to_date(language: str) -> None:
    mo_path = catalogs.po_path(language).with_suffix(".mo")
    hint = "run `python -m desktop_crm.i18n.catalogs compile` and commit the .mo files"
    assert mo_path.exists(), f"{mo_path} is missing: {hint}"

    def messages(data: bytes) -> dict[object, object]:
        """What gettext will see: every message plus the plural rule (not the header's dates)."""
        catalog = read_mo(io.BytesIO(data))

        def frozen(value: object) -> object:
            return tuple(value) if isinstance(value, list | tuple) else value

        found = {frozen(m.id): frozen(m.string) for m in catalog if m.id}
        found["<Plural-Forms header>"] = catalog.plural_forms
        return found

    committed, expected = messages(mo_path.read_bytes()), messages(catalogs.compiled(language))
    stale = sorted(
        repr(key)
        for key in committed.keys() | expected.keys()
        if committed.get(key) != expected.get(key)
    )
    assert not stale, f"{mo_path} is out of date with its .po file ({hint}); differing:\n" + (
        "\n".join(stale)
    )


def test_set_language_translates() -> None:
    i18n.set_language("ru")
    assert i18n.current_language() == "ru"
    assert _("Customers") == "Клиенты"
    assert _("&Save") == "&Сохранить"
    i18n.set_language("es")
    assert _("Customers") == "Clientes"
    i18n.set_language("zh")
    assert _("Customers") == "客户"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 клиент"),
        (2, "2 клиента"),
        (5, "5 клиентов"),
        (11, "11 клиентов"),
        (21, "21 клиент"),
        (22, "22 клиента"),
        (112, "112 клиентов"),
    ],
)
def test_russian_has_three_plural_forms(count: int, expected: str) -> None:
    i18n.set_language("ru")
    text = ngettext("{count} customer", "{count} customers", count).format(count=count)
    assert text == expected


def test_an_unknown_language_falls_back_to_english() -> None:
    i18n.set_language("ru")
    i18n.set_language("xx")
    assert _("Customers") == "Customers"
    assert ngettext("{count} customer", "{count} customers", 2) == "{count} customers"


def test_english_is_the_source_text() -> None:
    i18n.set_language("en")
    assert _("Customers") == "Customers"
