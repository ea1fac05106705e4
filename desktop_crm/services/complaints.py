"""Complaints with a named owner and two deadlines (first response, resolution) in business time.

Deadlines are computed from the severity by configurable targets over the shop's business hours
(``domain/business_hours``). The clock stands still while a complaint waits for the customer:
on resume both open deadlines move later by the opening time of the pause. A deadline once
missed stays missed (``*_missed_by_seconds``), even after the reply. Every step writes a
ComplaintEvent (the complaint's history) and an entry on the customer's timeline (kind
``complaint``, ``ref_id`` the complaint).

Configuration is stored as JSON in the Setting table (keys ``complaints.*``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.domain.business_hours import (
    DEFAULT_TARGETS,
    SEVERITIES,
    BusinessHours,
    Target,
    deadline,
    extend_for_pause,
    is_escalated,
    missed_by,
    time_left_share,
)
from desktop_crm.domain.complaint_flow import Step, may
from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.money import from_cents, to_cents, validate_amount
from desktop_crm.i18n import _
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Complaint, ComplaintEvent, Customer, Purchase, Setting, Staff

COMPLAINT_EVENT_KIND = "complaint"
"""The timeline kind of every entry this service writes."""

CHANNELS = ("phone", "visit", "email", "message", "review_site")
STATUSES = ("new", "acknowledged", "in_progress", "waiting", "resolved", "closed")
OPEN_STATUSES = ("new", "acknowledged", "in_progress", "waiting", "resolved")
"""Not closed; a resolved complaint still waits for the follow-up."""
SATISFIED = ("yes", "partly", "no")
EVENT_KINDS = (
    "opened",
    "note",
    "owner",
    "acknowledged",
    "progress",
    "waiting",
    "resumed",
    "resolved",
    "closed",
    "reopened",
    "deadline_missed",
)
DEFAULT_CATEGORIES = ("product", "service", "delivery", "billing", "staff", "other")
DEFAULT_ESCALATE_SHARE = 0.25
MAX_TEXT_LENGTH = 4000

KEY_CATEGORIES = "complaints.categories"
KEY_HOURS = "complaints.business_hours"
KEY_TARGETS = "complaints.targets"
KEY_ESCALATE = "complaints.escalate_share"


@dataclass(frozen=True)
class ComplaintConfig:
    categories: tuple[str, ...]
    hours: BusinessHours  # its time zone is always the shop's
    targets: Mapping[str, tuple[Target, Target]]  # severity: (first response, resolution)
    escalate_share: float = DEFAULT_ESCALATE_SHARE


@dataclass(frozen=True)
class ComplaintDraft:
    customer_id: int
    channel: str
    category: str
    severity: str
    what_happened: str
    customer_wants: str = ""
    owner_id: int | None = None


@dataclass(frozen=True)
class ComplaintRecord:
    id: int
    customer_id: int
    customer_name: str
    channel: str
    category: str
    severity: str
    what_happened: str
    customer_wants: str
    owner_id: int | None
    owner_name: str
    status: str
    opened_at: datetime
    response_due: datetime
    resolution_due: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    waiting_since: datetime | None
    resolution: str
    cost: Decimal | None
    satisfied: str
    response_missed_by: timedelta | None
    resolution_missed_by: timedelta | None
    next_deadline: datetime | None  # the nearest deadline still open
    time_left_share: float | None  # of the next deadline, in [0, 1]
    escalated: bool
    overdue: bool


@dataclass(frozen=True)
class ComplaintEventRecord:
    id: int
    complaint_id: int
    at: datetime
    staff_id: int | None
    staff_name: str
    kind: str
    text: str


# --- configuration as JSON ------------------------------------------------------------------


def _hours_to_json(hours: BusinessHours) -> dict[str, Any]:
    return {
        "weekly": [
            [[o.isoformat("minutes"), c.isoformat("minutes")] for o, c in day]
            for day in hours.weekly
        ],
        "closed_days": sorted(d.isoformat() for d in hours.closed_days),
    }


def _hours_from_json(value: Any, time_zone: str) -> BusinessHours:
    try:
        weekly = tuple(
            tuple((time.fromisoformat(o), time.fromisoformat(c)) for o, c in day)
            for day in value["weekly"]
        )
        closed = frozenset(date.fromisoformat(d) for d in value.get("closed_days", []))
    except (KeyError, TypeError, ValueError):
        raise ValidationError("business_hours", N_("The business hours are not valid.")) from None
    return BusinessHours(weekly=weekly, closed_days=closed, time_zone=time_zone)


def _targets_to_json(targets: Mapping[str, tuple[Target, Target]]) -> dict[str, Any]:
    return {severity: [[t.amount, t.unit] for t in pair] for severity, pair in targets.items()}


def _targets_from_json(value: Any) -> dict[str, tuple[Target, Target]]:
    try:
        targets = {
            str(severity): (Target(int(r[0]), r[1]), Target(int(s[0]), s[1]))
            for severity, (r, s) in value.items()
        }
    except (AttributeError, TypeError, ValueError, IndexError):
        raise ValidationError("targets", N_("The deadline targets are not valid.")) from None
    return targets


def validate_config(config: ComplaintConfig) -> ComplaintConfig:
    categories = tuple(c.strip() for c in config.categories if c.strip())
    if not categories:
        raise ValidationError("categories", N_("Give at least one complaint category."))
    if any(len(c) > 40 for c in categories):
        raise ValidationError("categories", N_("A category is at most 40 characters."))
    if len(set(categories)) != len(categories):
        raise ValidationError("categories", N_("Each category may appear only once."))
    if set(config.targets) != set(SEVERITIES):
        raise ValidationError("targets", N_("Give deadline targets for every severity."))
    if not 0.0 <= config.escalate_share < 1.0:
        raise ValidationError(
            "escalate_share", N_("The escalation share must be between 0% and 100%.")
        )
    return ComplaintConfig(
        categories=categories,
        hours=config.hours,
        targets=dict(config.targets),
        escalate_share=float(config.escalate_share),
    )


# --- validation -------------------------------------------------------------------------------


def _text(value: str, field: str, *, required: str | None = None) -> str:
    value = value.strip()
    if required is not None and not value:
        raise ValidationError(field, required)
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            field, N_("This is at most {limit} characters."), limit=MAX_TEXT_LENGTH
        )
    return value


def _aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(UTC)


def _as_utc(moment: datetime) -> datetime:
    """Stored datetimes as aware UTC (SQLite may hand them back naive)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _opt_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else _as_utc(moment)


def _seconds(late: timedelta | None) -> int | None:
    return None if late is None else int(late.total_seconds())


# The status as the Complaints page names it (the same messages, so translated once).
_STATUS_WORDS = {
    "new": N_("New"),
    "acknowledged": N_("Acknowledged"),
    "in_progress": N_("In progress"),
    "waiting": N_("Waiting for the customer"),
    "resolved": N_("Resolved, to follow up"),
    "closed": N_("Closed"),
}


def _require(row: Complaint, step: Step, action: str) -> None:
    """Refuse ``step`` unless the complaint's status allows it (domain.complaint_flow)."""
    if not may(step, row.status):
        raise ValidationError(
            "status",
            N_('A complaint with the status "{status}" cannot be {action}.'),
            status=_(_STATUS_WORDS.get(row.status, row.status)),
            action=action,
        )


def _next_deadline(row: Complaint) -> datetime | None:
    if row.status in ("resolved", "closed"):
        return None
    if row.responded_at is None:
        return min(_as_utc(row.response_due), _as_utc(row.resolution_due))
    return _as_utc(row.resolution_due)


class ComplaintService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    # --- configuration
    def get_config(self) -> ComplaintConfig:
        """The stored configuration; unset parts take their default."""
        zone = self._settings.get().time_zone
        keys = (KEY_CATEGORIES, KEY_HOURS, KEY_TARGETS, KEY_ESCALATE)
        with self._db.read() as session:
            rows = session.scalars(select(Setting).where(Setting.key.in_(keys)))
            stored = {row.key: json.loads(row.value) for row in rows}
        hours = (
            _hours_from_json(stored[KEY_HOURS], zone)
            if KEY_HOURS in stored
            else BusinessHours.default(zone)
        )
        targets = (
            _targets_from_json(stored[KEY_TARGETS])
            if KEY_TARGETS in stored
            else dict(DEFAULT_TARGETS)
        )
        return ComplaintConfig(
            categories=tuple(stored.get(KEY_CATEGORIES, DEFAULT_CATEGORIES)),
            hours=hours,
            targets=targets,
            escalate_share=float(stored.get(KEY_ESCALATE, DEFAULT_ESCALATE_SHARE)),
        )

    def save_config(self, config: ComplaintConfig) -> ComplaintConfig:
        """Validate and store; the business hours' time zone is always the shop's."""
        config = validate_config(config)
        values = {
            KEY_CATEGORIES: list(config.categories),
            KEY_HOURS: _hours_to_json(config.hours),
            KEY_TARGETS: _targets_to_json(config.targets),
            KEY_ESCALATE: config.escalate_share,
        }
        with self._db.write() as session:
            for key, value in values.items():
                session.merge(Setting(key=key, value=json.dumps(value)))
        return self.get_config()

    # --- writing
    def open(
        self, draft: ComplaintDraft, now: datetime | None = None, staff_id: int | None = None
    ) -> ComplaintRecord:
        """Record a new complaint with both deadlines computed from its severity;
        ``staff_id`` took it in (default: its owner)."""
        moment = _aware(now)
        config = self.get_config()
        if draft.channel not in CHANNELS:
            raise ValidationError("channel", N_("Choose how the complaint came in."))
        if draft.category not in config.categories:
            raise ValidationError("category", N_("Choose a category."))
        if draft.severity not in SEVERITIES:
            raise ValidationError("severity", N_("Choose a severity."))
        what = _text(draft.what_happened, "what_happened", required=N_("Say what happened."))
        wants = _text(draft.customer_wants, "customer_wants")
        response_target, resolution_target = config.targets[draft.severity]
        with self._db.write() as session:
            if session.get(Customer, draft.customer_id) is None:
                raise NotFoundError(N_("This customer does not exist (any more)."))
            _check_staff(session, draft.owner_id, "owner_id")
            _check_staff(session, staff_id)
            row = Complaint(
                customer_id=draft.customer_id,
                channel=draft.channel,
                category=draft.category,
                severity=draft.severity,
                what_happened=what,
                customer_wants=wants,
                owner_id=draft.owner_id,
                status="new",
                opened_at=moment,
                response_due=deadline(moment, response_target, config.hours),
                resolution_due=deadline(moment, resolution_target, config.hours),
                resolution="",
                satisfied="",
            )
            session.add(row)
            session.flush()
            author = staff_id if staff_id is not None else draft.owner_id
            self._step(session, row, "opened", _("Complaint received"), author, moment)
            return self._get(session, row.id, config, moment)

    def assign(
        self,
        complaint_id: int,
        owner_id: int | None,
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        """Hand the complaint to a new owner (``None``: nobody)."""
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "assign", _("given a new owner"))
            _check_staff(session, staff_id)
            owner = _check_staff(session, owner_id, "owner_id")
            row.owner_id = owner_id
            text = (
                _("Owner: {name}").format(name=owner.name)
                if owner is not None
                else _("Owner removed")
            )
            self._step(session, row, "owner", text, staff_id, moment)
            return self._get(session, row.id, self.get_config(), moment)

    def add_note(
        self,
        complaint_id: int,
        text: str,
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        text = _text(text, "text", required=N_("Write the note."))
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _check_staff(session, staff_id)
            self._step(session, row, "note", text, staff_id, moment)
            return self._get(session, row.id, self.get_config(), moment)

    def acknowledge(
        self,
        complaint_id: int,
        text: str = "",
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        """The first response to the customer; a late one records by how much it was late."""
        text = _text(text, "text")
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "acknowledge", _("acknowledged"))
            _check_staff(session, staff_id)
            self._respond(session, row, staff_id, moment)
            row.status = "acknowledged"
            self._step(
                session, row, "acknowledged", text or _("First response given"), staff_id, moment
            )
            return self._get(session, row.id, self.get_config(), moment)

    def start_work(
        self,
        complaint_id: int,
        text: str = "",
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        text = _text(text, "text")
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "start_work", _("put in progress"))
            _check_staff(session, staff_id)
            row.status = "in_progress"
            self._step(session, row, "progress", text or _("Work started"), staff_id, moment)
            return self._get(session, row.id, self.get_config(), moment)

    def wait_for_customer(
        self,
        complaint_id: int,
        now: datetime | None = None,
        text: str = "",
        staff_id: int | None = None,
    ) -> ComplaintRecord:
        """Pause the clock until the customer answers."""
        text = _text(text, "text")
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "wait", _("set waiting for the customer"))
            _check_staff(session, staff_id)
            row.status, row.waiting_since = "waiting", moment
            self._step(
                session, row, "waiting", text or _("Waiting for the customer"), staff_id, moment
            )
            return self._get(session, row.id, self.get_config(), moment)

    def resume(
        self,
        complaint_id: int,
        now: datetime | None = None,
        text: str = "",
        staff_id: int | None = None,
    ) -> ComplaintRecord:
        """Restart the clock: each open deadline moves later by the pause before it."""
        text = _text(text, "text")
        moment = _aware(now)
        config = self.get_config()
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "resume", _("resumed"))
            assert row.waiting_since is not None  # set with the "waiting" status
            _check_staff(session, staff_id)
            since = _as_utc(row.waiting_since)
            if row.responded_at is None:
                row.response_due = extend_for_pause(
                    _as_utc(row.response_due), since, moment, config.hours
                )
            row.resolution_due = extend_for_pause(
                _as_utc(row.resolution_due), since, moment, config.hours
            )
            row.waiting_since = None
            row.status = "new" if row.responded_at is None else "in_progress"
            self._step(
                session, row, "resumed", text or _("The customer answered"), staff_id, moment
            )
            return self._get(session, row.id, config, moment)

    def resolve(
        self,
        complaint_id: int,
        resolution: str,
        cost: Decimal | str | None = None,
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        """Record the resolution and what it cost; a late one records by how much."""
        resolution = _text(resolution, "resolution", required=N_("Say how it was resolved."))
        amount: Decimal | None = None
        if cost is not None and not (isinstance(cost, str) and not cost.strip()):
            raw = cost.strip().replace(",", ".") if isinstance(cost, str) else cost
            amount = validate_amount(raw, "cost")
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "resolve", _("resolved"))
            _check_staff(session, staff_id)
            self._respond(session, row, staff_id, moment)
            late = missed_by(_as_utc(row.resolution_due), moment)
            if late is not None and row.resolution_missed_by_seconds is None:
                row.resolution_missed_by_seconds = _seconds(late)
                self._step(
                    session,
                    row,
                    "deadline_missed",
                    _("Resolution deadline missed by {minutes} min").format(
                        minutes=int(late.total_seconds() // 60)
                    ),
                    staff_id,
                    moment,
                )
            row.status, row.resolved_at = "resolved", moment
            row.resolution = resolution
            row.cost_cents = None if amount is None else to_cents(amount)
            self._step(session, row, "resolved", resolution, staff_id, moment)
            return self._get(session, row.id, self.get_config(), moment)

    def close(
        self,
        complaint_id: int,
        satisfied: str,
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        """The follow-up: "yes" or "partly" closes; "no" reopens the complaint instead."""
        if satisfied not in SATISFIED:
            raise ValidationError("satisfied", N_("Say whether the customer is satisfied."))
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "close", _("closed"))
            _check_staff(session, staff_id)
            row.satisfied = satisfied
            if satisfied == "no":
                row.status, row.resolved_at = "in_progress", None
                text = _("The customer is not satisfied: reopened")
                self._step(session, row, "reopened", text, staff_id, moment)
            else:
                row.status, row.closed_at = "closed", moment
                text = (
                    _("Closed: the customer is satisfied")
                    if satisfied == "yes"
                    else _("Closed: the customer is partly satisfied")
                )
                self._step(session, row, "closed", text, staff_id, moment)
            return self._get(session, row.id, self.get_config(), moment)

    def reopen(
        self,
        complaint_id: int,
        text: str = "",
        staff_id: int | None = None,
        now: datetime | None = None,
    ) -> ComplaintRecord:
        """Take a resolved or closed complaint up again (in progress)."""
        text = _text(text, "text")
        moment = _aware(now)
        with self._db.write() as session:
            row = _row(session, complaint_id)
            _require(row, "reopen", _("reopened"))
            _check_staff(session, staff_id)
            row.status, row.resolved_at, row.closed_at = "in_progress", None, None
            self._step(session, row, "reopened", text or _("Reopened"), staff_id, moment)
            return self._get(session, row.id, self.get_config(), moment)

    # --- reading
    def get(self, complaint_id: int, now: datetime | None = None) -> ComplaintRecord:
        moment = _aware(now)
        config = self.get_config()
        with self._db.read() as session:
            return self._get(session, complaint_id, config, moment)

    def history(self, complaint_id: int) -> list[ComplaintEventRecord]:
        """Every step of the complaint, oldest first."""
        statement = (
            select(ComplaintEvent, Staff.name)
            .outerjoin(Staff, Staff.id == ComplaintEvent.staff_id)
            .where(ComplaintEvent.complaint_id == complaint_id)
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        )
        with self._db.read() as session:
            _row(session, complaint_id)
            return [
                ComplaintEventRecord(
                    id=event.id,
                    complaint_id=event.complaint_id,
                    at=_as_utc(event.at),
                    staff_id=event.staff_id,
                    staff_name=name or "",
                    kind=event.kind,
                    text=event.text,
                )
                for event, name in session.execute(statement)
            ]

    def list_open(
        self,
        owner_id: int | None = None,
        status: str | None = None,
        category: str | None = None,
        severity: str | None = None,
        now: datetime | None = None,
    ) -> list[ComplaintRecord]:
        """Complaints not closed, nearest open deadline first (none: last). One owner's list
        (``owner_id`` given) puts the escalated and overdue ones at the top."""
        moment = _aware(now)
        config = self.get_config()
        if status is not None and status not in OPEN_STATUSES:
            raise ValidationError("status", N_("Unknown status filter: {value}"), value=status)
        statement = select(Complaint.id).where(Complaint.status.in_(OPEN_STATUSES))
        if owner_id is not None:
            statement = statement.where(Complaint.owner_id == owner_id)
        if status is not None:
            statement = statement.where(Complaint.status == status)
        if category is not None:
            statement = statement.where(Complaint.category == category)
        if severity is not None:
            statement = statement.where(Complaint.severity == severity)
        with self._db.read() as session:
            ids = list(session.scalars(statement))
            records = [self._get(session, i, config, moment) for i in ids]
        far = datetime.max.replace(tzinfo=UTC)
        if owner_id is not None:
            return sorted(
                records,
                key=lambda r: (not (r.escalated or r.overdue), r.next_deadline or far, r.id),
            )
        return sorted(records, key=lambda r: (r.next_deadline or far, r.id))

    def due_by(self, day_end: datetime, now: datetime | None = None) -> list[ComplaintRecord]:
        """Open complaints (not waiting) whose next deadline falls before ``day_end``."""
        end = _aware(day_end)
        return [
            r
            for r in self.list_open(now=now)
            if r.status != "waiting" and r.next_deadline is not None and r.next_deadline < end
        ]

    # --- reports (complaints opened in [start, end))
    def _opened_in(self, start: datetime, end: datetime) -> list[Complaint]:
        first, last = _aware(start), _aware(end)
        with self._db.read() as session:
            rows = list(session.scalars(select(Complaint)))
            session.expunge_all()
        return [r for r in rows if first <= _as_utc(r.opened_at) < last]

    def counts_by_category_and_month(
        self, start: datetime, end: datetime
    ) -> dict[tuple[str, str], int]:
        """(category, "YYYY-MM" in the shop's time zone) -> complaints opened."""
        zone = ZoneInfo(self._settings.get().time_zone)
        counts: dict[tuple[str, str], int] = {}
        for row in self._opened_in(start, end):
            month = _as_utc(row.opened_at).astimezone(zone).strftime("%Y-%m")
            counts[(row.category, month)] = counts.get((row.category, month), 0) + 1
        return counts

    def on_time_shares(self, start: datetime, end: datetime) -> tuple[float | None, float | None]:
        """(first responses on time, resolutions on time) among those given; None: none given."""
        rows = self._opened_in(start, end)
        responded = [r for r in rows if r.responded_at is not None]
        # Resolved at least once (a reopened one keeps its resolution text and a missed mark).
        resolved = [r for r in rows if r.resolution]
        return (
            _share(sum(r.response_missed_by_seconds is None for r in responded), len(responded)),
            _share(sum(r.resolution_missed_by_seconds is None for r in resolved), len(resolved)),
        )

    def median_time_to_resolve(self, start: datetime, end: datetime) -> timedelta | None:
        """Median real time from opening to resolution, over resolved complaints."""
        spans = sorted(
            _as_utc(r.resolved_at) - _as_utc(r.opened_at)
            for r in self._opened_in(start, end)
            if r.resolved_at is not None
        )
        if not spans:
            return None
        middle = len(spans) // 2
        if len(spans) % 2:
            return spans[middle]
        return (spans[middle - 1] + spans[middle]) / 2

    def satisfied_share(self, start: datetime, end: datetime) -> float | None:
        """Share answering "yes" at the follow-up, among complaints followed up."""
        answered = [r for r in self._opened_in(start, end) if r.satisfied]
        return _share(sum(r.satisfied == "yes" for r in answered), len(answered))

    def bought_again_share(self, start: datetime, end: datetime) -> float | None:
        """Share of complainants (resolved complaints) with a purchase on a later day than
        the resolution (shop's local date)."""
        zone = ZoneInfo(self._settings.get().time_zone)
        resolved: dict[int, date] = {}
        for row in self._opened_in(start, end):
            if row.resolved_at is not None:
                day = _as_utc(row.resolved_at).astimezone(zone).date()
                resolved[row.customer_id] = min(day, resolved.get(row.customer_id, day))
        if not resolved:
            return None
        with self._db.read() as session:
            purchases = list(
                session.execute(
                    select(Purchase.customer_id, Purchase.purchased_on).where(
                        Purchase.customer_id.in_(resolved)
                    )
                )
            )
        again = {cid for cid, day in purchases if day > resolved[cid]}
        return len(again) / len(resolved)

    # --- helpers
    def _respond(
        self, session: Session, row: Complaint, staff_id: int | None, moment: datetime
    ) -> None:
        """Record the first response (once); a late one also writes deadline_missed."""
        if row.responded_at is not None:
            return
        row.responded_at = moment
        late = missed_by(_as_utc(row.response_due), moment)
        if late is not None:
            row.response_missed_by_seconds = _seconds(late)
            text = _("First response deadline missed by {minutes} min").format(
                minutes=int(late.total_seconds() // 60)
            )
            self._step(session, row, "deadline_missed", text, staff_id, moment)

    @staticmethod
    def _step(
        session: Session,
        row: Complaint,
        kind: str,
        text: str,
        staff_id: int | None,
        moment: datetime,
    ) -> None:
        session.add(
            ComplaintEvent(complaint_id=row.id, at=moment, staff_id=staff_id, kind=kind, text=text)
        )
        add_event(
            session,
            row.customer_id,
            COMPLAINT_EVENT_KIND,
            row.what_happened[:200],
            occurred_at=moment,
            staff_id=staff_id,
            outcome=text,
            ref_id=row.id,
        )

    @staticmethod
    def _get(
        session: Session, complaint_id: int, config: ComplaintConfig, now: datetime
    ) -> ComplaintRecord:
        found = session.execute(
            select(Complaint, Customer.name, Staff.name)
            .join(Customer, Customer.id == Complaint.customer_id)
            .outerjoin(Staff, Staff.id == Complaint.owner_id)
            .where(Complaint.id == complaint_id)
        ).first()
        if found is None:
            raise NotFoundError(N_("This complaint does not exist (any more)."))
        row, customer_name, owner_name = found
        next_due = _next_deadline(row)
        share: float | None = None
        escalated = overdue = False
        if next_due is not None:
            clock = _as_utc(row.waiting_since) if row.waiting_since is not None else now
            share = time_left_share(_as_utc(row.opened_at), next_due, clock, config.hours)
            escalated = is_escalated(share, config.escalate_share)
            overdue = clock >= next_due
        return ComplaintRecord(
            id=row.id,
            customer_id=row.customer_id,
            customer_name=customer_name,
            channel=row.channel,
            category=row.category,
            severity=row.severity,
            what_happened=row.what_happened,
            customer_wants=row.customer_wants,
            owner_id=row.owner_id,
            owner_name=owner_name or "",
            status=row.status,
            opened_at=_as_utc(row.opened_at),
            response_due=_as_utc(row.response_due),
            resolution_due=_as_utc(row.resolution_due),
            responded_at=_opt_utc(row.responded_at),
            resolved_at=_opt_utc(row.resolved_at),
            closed_at=_opt_utc(row.closed_at),
            waiting_since=_opt_utc(row.waiting_since),
            resolution=row.resolution,
            cost=None if row.cost_cents is None else from_cents(row.cost_cents),
            satisfied=row.satisfied,
            response_missed_by=_delta(row.response_missed_by_seconds),
            resolution_missed_by=_delta(row.resolution_missed_by_seconds),
            next_deadline=next_due,
            time_left_share=share,
            escalated=escalated,
            overdue=overdue,
        )


def _delta(seconds: int | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=seconds)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _row(session: Session, complaint_id: int) -> Complaint:
    row = session.get(Complaint, complaint_id)
    if row is None:
        raise NotFoundError(N_("This complaint does not exist (any more)."))
    return row


def _check_staff(session: Session, staff_id: int | None, field: str = "staff_id") -> Staff | None:
    if staff_id is None:
        return None
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise ValidationError(field, N_("This staff member does not exist."))
    return staff
