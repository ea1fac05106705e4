"""The names reminders are stored under: kinds, states, what was done, kinds of items."""

from __future__ import annotations

from enum import StrEnum


class ReminderKind(StrEnum):
    SERVICE = "service"
    BIRTHDAY = "birthday"
    RENEWAL = "renewal"
    FOLLOW_UP = "follow_up"
    WIN_BACK = "win_back"
    MANUAL = "manual"


RULE_KINDS: tuple[ReminderKind, ...] = (
    ReminderKind.SERVICE,
    ReminderKind.BIRTHDAY,
    ReminderKind.RENEWAL,
    ReminderKind.FOLLOW_UP,
    ReminderKind.WIN_BACK,
)
"""The kinds generated from rules (the others are made by hand)."""


class ReminderState(StrEnum):
    DUE = "due"
    SNOOZED = "snoozed"
    DONE = "done"
    DISMISSED = "dismissed"


OPEN_STATES: tuple[ReminderState, ...] = (ReminderState.DUE, ReminderState.SNOOZED)


class DoneAction(StrEnum):
    """What staff did about a reminder."""

    CALLED = "called"
    EMAILED = "emailed"
    MESSAGED = "messaged"
    NOTE_PRINTED = "note_printed"
    VISITED = "visited"
    OTHER = "other"


ITEM_KINDS: tuple[str, ...] = ("pet", "vehicle", "appliance", "contract", "other")
