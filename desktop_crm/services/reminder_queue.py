"""Telling the reminders service that a customer's reminders must be worked out again.

Services that change what reminder rules read (birthdays, care dates, items, purchases, visits,
tags, archiving) call ``queue_refresh`` inside their own unit of work, so the request commits
or rolls back with the change itself and none is ever lost. Bulk writers (import, demo data)
ask for a full refresh instead of queueing every customer.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, delete, insert
from sqlalchemy.orm import Session

from desktop_crm.storage.models import ReminderRefresh, Setting

FULL_REFRESH_KEY = "reminders.full_refresh"


def queue_refresh(session: Session | Connection, *customer_ids: int) -> None:
    """Ask for the reminders of ``customer_ids`` to be worked out again (repeats are fine)."""
    if customer_ids:
        session.execute(
            insert(ReminderRefresh), [{"customer_id": cid} for cid in set(customer_ids)]
        )


def request_full_refresh(session: Session | Connection) -> None:
    """Ask for every customer's reminders to be worked out again (after a bulk change)."""
    session.execute(delete(Setting).where(Setting.key == FULL_REFRESH_KEY))
    session.execute(insert(Setting).values(key=FULL_REFRESH_KEY, value=json.dumps(True)))
