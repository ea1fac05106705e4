"""Reminder notes: two to a sheet, a heading by kind, the suggested message, the customer's
name and address, in the customer's language."""

from __future__ import annotations

from datetime import date

from desktop_crm.documents.api import ReminderNoteRequest, generate
from desktop_crm.documents.reminder_note import HEADINGS
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.i18n import translations_for
from desktop_crm.services.company_profile import CompanyProfile, PaperSize
from desktop_crm.services.shop import Shop
from tests.unit.documents.conftest import Named
from tests.unit.documents.pdf_check import overflows, page_count, page_texts, pdf_text

DAY = date(2026, 11, 20)


def test_a_note_for_each_script_and_paper(shop: Shop, customer: Named, paper: PaperSize) -> None:
    reminder = shop.reminders.create(customer.id, DAY, "Your bike is ready for its service.")
    made = generate(shop, ReminderNoteRequest((reminder.id,)))

    assert made.pages == page_count(made.pdf) == 1
    text = pdf_text(made.pdf)
    assert customer.name in text
    assert customer.address.splitlines()[0] in text
    assert "Your bike is ready for its service." in text
    assert translations_for(customer.language).gettext(HEADINGS["manual"]) in text
    assert "Bici Sur" in text
    assert overflows(made.pdf) == []


def test_two_notes_to_a_sheet(shop: Shop, company: CompanyProfile) -> None:
    ids = []
    for name in ("Ann", "Bob", "Cy"):
        customer = shop.customers.create(CustomerDraft(name=name, address="Street 1"))
        ids.append(shop.reminders.create(customer.id, DAY, f"Hello {name}").id)
    made = generate(shop, ReminderNoteRequest(tuple(ids)))
    texts = page_texts(made.pdf)
    assert made.pages == len(texts) == 2
    assert "Ann" in texts[0] and "Bob" in texts[0] and "Cy" in texts[1]


def test_a_birthday_note_is_headed_and_worded_for_the_birthday(
    shop: Shop, company: CompanyProfile
) -> None:
    customer = shop.customers.create(
        CustomerDraft(name="Пётр", language="ru", birthday=date(1980, 11, 25))
    )
    shop.reminders.refresh(today=DAY)
    birthday = next(r for r in shop.reminders.for_customer(customer.id) if r.kind == "birthday")
    text = pdf_text(generate(shop, ReminderNoteRequest((birthday.id,))).pdf)
    assert translations_for("ru").gettext(HEADINGS["birthday"]) in text
    assert shop.reminders.suggested_message(birthday).split(",")[0] in text


def test_long_names_and_messages_stay_inside(shop: Shop, long_named: Named) -> None:
    reminder = shop.reminders.create(long_named.id, DAY, "A long message 😀 علي " * 60)
    made = generate(shop, ReminderNoteRequest((reminder.id,)))
    assert made.pages == 1
    assert overflows(made.pdf) == []
