"""The batch reads behind printed documents, on a real database: letter recipients and their
purchases, who bought in a period, reminder notes, the day's agenda."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.document_data import PurchaseLine
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.reminders.service import suggested_text
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft

DAY = date(2026, 11, 20)


def _customer(shop: Shop, name: str, language: str = "", **extra: str) -> int:
    return shop.customers.create(CustomerDraft(name=name, language=language, **extra)).id


def test_letter_recipients_in_the_given_order_with_the_latest_purchase(shop: Shop) -> None:
    ana = _customer(shop, "Ana", "es", address="Calle 1\nMadrid")
    boris = _customer(shop, "Boris", "ru")
    shop.purchases.add(ana, DAY - timedelta(days=30), "Old bike", Decimal("300"))
    shop.purchases.add(ana, DAY, "Helmet", Decimal("49.90"))
    shop.purchases.add(ana, DAY, "Lights", Decimal("19.00"))  # same day: the later one counts

    found = shop.document_data.letter_recipients([boris, ana, 999_999])

    assert [r.name for r in found] == ["Boris", "Ana"]
    assert found[0].purchases == ()
    assert found[1].address == "Calle 1\nMadrid"
    assert found[1].language == "es"
    assert found[1].purchases == (PurchaseLine(DAY, "Lights", Decimal("19.00")),)


def test_letter_recipients_bought_since_lists_every_purchase_oldest_first(shop: Shop) -> None:
    ana = _customer(shop, "Ana")
    shop.purchases.add(ana, DAY, "Helmet", Decimal("49.90"))
    shop.purchases.add(ana, DAY - timedelta(days=2), "Bell", Decimal("5"))
    shop.purchases.add(ana, DAY - timedelta(days=40), "Old bike", Decimal("300"))

    (found,) = shop.document_data.letter_recipients([ana], bought_since=DAY - timedelta(days=7))

    assert [p.description for p in found.purchases] == ["Bell", "Helmet"]
    assert found.purchases[0].amount == Decimal("5.00")


def test_erased_customers_get_no_letter(shop: Shop) -> None:
    ana, boris = _customer(shop, "Ana"), _customer(shop, "Boris")
    shop.personal_data.erase(boris)
    assert [r.id for r in shop.document_data.letter_recipients([ana, boris])] == [ana]


def test_many_recipients_are_read_in_chunks(shop: Shop) -> None:
    ids = [_customer(shop, f"Customer {n:04}") for n in range(620)]
    found = shop.document_data.letter_recipients(list(reversed(ids)))
    assert [r.id for r in found] == list(reversed(ids))


def test_customers_who_bought_in_a_period_by_name(shop: Shop) -> None:
    zoe, ana, old = _customer(shop, "Zoe"), _customer(shop, "Ana"), _customer(shop, "Old")
    archived = _customer(shop, "Archived")
    shop.purchases.add(zoe, DAY, "Bike", Decimal("1"))
    shop.purchases.add(zoe, DAY, "Bell", Decimal("1"))
    shop.purchases.add(ana, DAY - timedelta(days=3), "Bike", Decimal("1"))
    shop.purchases.add(old, DAY - timedelta(days=30), "Bike", Decimal("1"))
    shop.purchases.add(archived, DAY, "Bike", Decimal("1"))
    shop.customers.archive(archived)

    week = DAY - timedelta(days=6)
    assert shop.document_data.customers_who_bought(week) == [ana, zoe]
    assert shop.document_data.customers_who_bought(week, DAY - timedelta(days=1)) == [ana]


def test_reminder_notes_carry_the_suggested_message_in_the_customers_language(
    shop: Shop,
) -> None:
    ana = _customer(shop, "Ana", "es", address="Calle 1")
    # No language: the shop's. A birthday reminder has no message of its own.
    boris = shop.customers.create(CustomerDraft(name="Boris", birthday=date(1980, 11, 25))).id
    mine = shop.reminders.create(ana, DAY, "Your bike is ready.")
    shop.reminders.refresh(today=DAY)
    other = next(r for r in shop.reminders.for_customer(boris) if r.kind == "birthday")

    notes = shop.document_data.reminder_notes([other.id, mine.id, 999_999])

    assert [n.reminder_id for n in notes] == [other.id, mine.id]
    assert notes[1].message == "Your bike is ready."
    assert notes[1].customer_address == "Calle 1"
    assert notes[1].language == "es"
    assert notes[0].language == shop.settings.get().language
    assert notes[0].message == suggested_text(shop.reminders.get(other.id), notes[0].language)
    assert notes[0].kind == "birthday"
    assert "Boris" in notes[0].message


def test_agenda_lists_what_is_due_with_phones_and_who_promised(shop: Shop) -> None:
    today = DAY
    ana = _customer(shop, "Ana", phone="+34 600 111 222")
    boris = _customer(shop, "Boris")
    staff = shop.staff.create(StaffDraft(name="Luis"))
    shop.reminders.create(ana, today, "Call about the service")
    shop.reminders.create(boris, today - timedelta(days=2), "Late one")
    shop.reminders.create(boris, today + timedelta(days=2), "Not yet")
    made = today - timedelta(days=10)
    shop.promises.add(
        PromiseDraft(ana, "Order a seat", today - timedelta(days=1), staff.id, made_on=made),
        today=made,
    )

    agenda = shop.document_data.agenda(today)

    assert [(r.customer_name, r.title, r.overdue) for r in agenda.reminders] == [
        ("Boris", "Late one", True),
        ("Ana", "Call about the service", False),
    ]
    assert "600" in agenda.reminders[1].phone
    (promise,) = agenda.promises
    assert (promise.title, promise.promised_by, promise.overdue) == ("Order a seat", "Luis", True)
    assert not agenda.empty and agenda.more == 0
    assert shop.document_data.agenda(today - timedelta(days=30)).empty
