"""The day's agenda: due reminders and promises, overdue first and marked; a clear message
when nothing is due."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_crm.documents.api import AgendaRequest, generate
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.i18n import translations_for
from desktop_crm.services.company_profile import CompanyProfile, PaperSize
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from tests.unit.documents.conftest import Named
from tests.unit.documents.pdf_check import overflows, page_count, page_texts, pdf_text

DAY = date(2026, 11, 20)


def test_agenda_lists_due_reminders_and_promises(
    shop: Shop, customer: Named, paper: PaperSize
) -> None:
    staff = shop.staff.create(StaffDraft(name="Luis"))
    shop.reminders.create(customer.id, DAY - timedelta(days=2), "Call about the tyres")
    shop.reminders.create(customer.id, DAY + timedelta(days=3), "Not due yet")
    made_on = DAY - timedelta(days=9)
    shop.promises.add(
        PromiseDraft(customer.id, "Order a child seat", DAY, staff.id, made_on=made_on),
        today=made_on,
    )

    made = generate(shop, AgendaRequest(DAY))

    text = pdf_text(made.pdf)
    gettext = translations_for(shop.settings.get().language).gettext
    assert made.pages == page_count(made.pdf) == 1
    assert customer.name in " ".join(text.split()) or customer.name[:5] in text
    assert "Call about the tyres" in text and "Order a child seat" in text
    assert "Not due yet" not in text
    assert "Luis" in text
    for label in ("Reminders", "Promises", "Overdue", "Promised by"):
        assert gettext(label) in text
    assert overflows(made.pdf) == []
    assert made.file_name == "agenda-2026-11-20.pdf"


def test_nothing_due(shop: Shop, company: CompanyProfile) -> None:
    made = generate(shop, AgendaRequest(DAY))
    assert translations_for("en").gettext("Nothing is due today.") in pdf_text(made.pdf)
    assert made.pages == 1


def test_a_long_agenda_repeats_its_header(shop: Shop, company: CompanyProfile) -> None:
    for n in range(70):
        customer = shop.customers.create(CustomerDraft(name=f"Customer {n:03}"))
        shop.reminders.create(customer.id, DAY, f"Call number {n}")
    made = generate(shop, AgendaRequest(DAY))
    texts = page_texts(made.pdf)
    assert len(texts) >= 2
    assert all("Customer" in t and "Phone" in t for t in texts)
    assert "Call number 69" in texts[-1]
