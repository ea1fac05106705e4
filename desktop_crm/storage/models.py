"""The tables, as typed SQLAlchemy 2.x models. Every change here needs an Alembic revision."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop_crm.storage.types import UTCDateTime, utc_now

# Named constraints let Alembic's batch mode on SQLite find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """One shop setting; values are JSON text so later issues add keys without migrations."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Folded name: lists sort by it so "Émile" stands beside "Emile".
    sort_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")  # E.164
    email: Mapped[str] = mapped_column(String(320), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    birthday: Mapped[date | None] = mapped_column(Date, nullable=True)
    language: Mapped[str] = mapped_column(String(10), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    consent_mail: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_email: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_sms: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Kept up to date by the purchases service, so lists sort and filter on it in SQL.
    last_purchase_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Set when the customer's personal data was erased on request (the row stays, anonymous,
    # so purchases still count in reports).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Dates the reminder rules read when the customer has no item for them (a contract held by
    # the customer, the service of a customer without items).
    last_service_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    contract_end_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (
        Index("ix_customers_archived_sort_name", "archived", "sort_name", "id"),
        Index("ix_customers_archived_last_purchase", "archived", "last_purchase_on", "id"),
        Index("ix_customers_archived_created", "archived", "created_at", "id"),
        Index("ix_customers_email", "email"),
        Index("ix_customers_phone", "phone"),
    )


class SearchTerm(Base):
    """One searchable term of a customer (see domain.search_text); matched by prefix range.

    ``sort_name`` and ``archived`` copy the customer's, so a search in list order is answered
    from the term index alone (services keep them in step).
    """

    __tablename__ = "customer_search_terms"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    # Prefix matching is a range on the term: on PostgreSQL it needs byte order (collation C).
    term: Mapped[str] = mapped_column(
        String(64).with_variant(String(64, collation="C"), "postgresql"), primary_key=True
    )
    sort_name: Mapped[str] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    # WITHOUT ROWID: the rows live in their primary key's b-tree, one index fewer to write
    # for each of the ~6 terms a customer has (an import writes hundreds of thousands).
    # A batch migration that copies this table must pass sqlite_with_rowid=False again.
    __table_args__ = (
        Index("ix_customer_search_terms_term", "term", "archived", "sort_name", "customer_id"),
        {"sqlite_with_rowid": False},
    )


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)


class CustomerTag(Base):
    __tablename__ = "customer_tags"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_customer_tags_tag", "tag_id", "customer_id"),)


class TimelineEvent(Base):
    """One entry of a customer's timeline. ``kind`` says which capability wrote it
    (contact, purchase; later promise, complaint, survey...) and ``ref_id`` points at
    that capability's own row when there is one."""

    __tablename__ = "timeline_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    channel: Mapped[str] = mapped_column(String(30), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    ref_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        Index("ix_timeline_events_customer_occurred", "customer_id", "occurred_at", "id"),
        Index("ix_timeline_events_kind_ref", "kind", "ref_id"),
    )


class Purchase(Base):
    __tablename__ = "purchases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    purchased_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (Index("ix_purchases_customer_date", "customer_id", "purchased_on"),)


class AuditLog(Base):
    """Something done with customers' personal data in bulk or on request (export, import,
    merge, erasure): the list the owner can read. ``customer_id`` has no foreign key on
    purpose: the entry outlives the customer it names."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_audit_log_at", "at", "id"),
        Index("ix_audit_log_customer", "customer_id"),
    )


class CustomerMerge(Base):
    """A customer merged into another: the merged-away record as it was (JSON), so a merge
    never silently loses anything. ``merged_id`` has no foreign key: that row is gone."""

    __tablename__ = "customer_merges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    merged_id: Mapped[int] = mapped_column(Integer)
    merged_name: Mapped[str] = mapped_column(String(200))
    merged_snapshot: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )

    __table_args__ = (Index("ix_customer_merges_kept", "kept_id", "merged_at"),)


class Item(Base):
    """Something the shop looks after for a customer: a pet, a car, an appliance, a contract.
    Service and renewal reminders belong to it. A retired item (sold, gone) gets none."""

    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    last_service_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    contract_end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (Index("ix_items_customer", "customer_id", "id"),)


class Promise(Base):
    """Something promised to a customer. ``status``: open, changed (a new due date agreed with
    the customer, still to keep), kept or broken; every change of due date is a PromiseChange."""

    __tablename__ = "promises"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    what: Mapped[str] = mapped_column(Text)
    bottom_line: Mapped[str] = mapped_column(Text, default="")
    bottom_line_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    made_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    broken_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        Index("ix_promises_status_due", "status", "due_on", "id"),
        Index("ix_promises_customer", "customer_id", "due_on"),
        Index("ix_promises_staff", "staff_id", "due_on"),
        Index("ix_promises_due", "due_on", "id"),
    )


class PromiseChange(Base):
    """A due date moved with the customer's agreement: the old and the new date."""

    __tablename__ = "promise_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    old_due_on: Mapped[date] = mapped_column(Date)
    new_due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )

    __table_args__ = (Index("ix_promise_changes_promise", "promise_id", "changed_at"),)


class ReminderRule(Base):
    """A reminder rule set in Settings or on a customer/item. ``kind``: service, birthday,
    renewal, follow_up, win_back. The scope is the one target column that is set (item,
    customer, tag, item kind) or none for the shop's default; the most specific rule wins.
    ``amount`` is months for service, days for the others."""

    __tablename__ = "reminder_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    tag_id: Mapped[int | None] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), nullable=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), nullable=True
    )
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), nullable=True
    )
    amount: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (Index("ix_reminder_rules_kind", "kind"),)


class Reminder(Base):
    """A reminder: generated by a rule (``key`` set, unique: generating twice never duplicates)
    or made by hand (``key`` empty; ``recurrence`` an RFC 5545 rule when it repeats).

    ``state``: due, snoozed (until ``snoozed_until``), done (``done_action`` says what was done)
    or dismissed. ``show_on`` is the date it appears on Today (the due date, or the end of a
    snooze; none once done or dismissed): the one indexed column Today reads.
    """

    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    due_on: Mapped[date] = mapped_column(Date)
    event_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="due")
    show_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_action: Mapped[str] = mapped_column(String(20), default="")
    done_note: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    recurrence: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    # A unique index rather than a UNIQUE constraint (SQLite cannot drop a constraint's index):
    # a full run from scratch drops these indexes and builds them again after its inserts.
    __table_args__ = (
        Index("uq_reminders_key", "key", unique=True),
        Index("ix_reminders_show_on", "show_on", "id"),
        Index("ix_reminders_customer", "customer_id", "due_on"),
        Index("ix_reminders_kind_due", "kind", "due_on"),
        Index("ix_reminders_due", "due_on", "id"),
    )


class ReminderRefresh(Base):
    """A customer whose reminders must be worked out again (their dates, items, purchases or
    tags changed). Written in the same transaction as the change, so none is ever missed;
    emptied by the reminders service. Repeats are allowed and read once."""

    __tablename__ = "reminder_refresh_queue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)


class Answer(Base):
    """A standard answer to what customers ask again and again. ``body`` may hold
    placeholders (``{customer_name}``...); ``tags`` is comma-separated; ``language`` is a
    language code or "" for any language."""

    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="")
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Complaint(Base):
    """A customer's complaint with a named owner and two deadlines (first response, resolution)
    counted in business time from ``opened_at``. ``*_missed_by_seconds`` stay once recorded."""

    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    what_happened: Mapped[str] = mapped_column(Text)
    customer_wants: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    response_due: Mapped[datetime] = mapped_column(UTCDateTime)
    resolution_due: Mapped[datetime] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    cost_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    satisfied: Mapped[str] = mapped_column(String(10), default="")
    response_missed_by_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resolution_missed_by_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_complaints_status_due", "status", "resolution_due"),
        Index("ix_complaints_customer", "customer_id", "opened_at"),
        Index("ix_complaints_owner", "owner_id", "status"),
    )


class ComplaintEvent(Base):
    """One step on a complaint's history (opened, note, owner, acknowledged, ...)."""

    __tablename__ = "complaint_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_complaint_events_complaint", "complaint_id", "at"),)


class CompanyImage(Base):
    """An image of the company profile printed on documents: ``logo`` or ``signature``."""

    __tablename__ = "company_images"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Questionnaire(Base):
    """A list of questions the shop asks (comment cards, surveys); edited in versions."""

    __tablename__ = "questionnaires"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class QuestionnaireVersion(Base):
    """One saved state of a questionnaire; never changed once cards were printed from it."""

    __tablename__ = "questionnaire_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        Index("uq_questionnaire_versions_number", "questionnaire_id", "version", unique=True),
    )


class Question(Base):
    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_versions.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    attribute: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (Index("ix_questions_version", "version_id", "position"),)


class CommentCard(Base):
    """A printed comment card: its number identifies the questionnaire version it asks, so
    a returned card's answers can be typed back in against the right questions."""

    __tablename__ = "comment_cards"
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    language: Mapped[str] = mapped_column(String(10), default="")
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class SurveyResponse(Base):
    """One customer's answers to a questionnaire version: from a returned comment card (its
    number, once), the counter form or a follow-up call; anonymous when ``customer_id`` is
    None. ``source`` doubles as the channel the measures are broken down by."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    card_number: Mapped[int | None] = mapped_column(
        ForeignKey("comment_cards.number"), nullable=True, unique=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    source: Mapped[str] = mapped_column(String(20))
    responded_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (
        Index("ix_survey_responses_day", "responded_on"),
        Index("ix_survey_responses_customer", "customer_id"),
    )


class SurveyAnswer(Base):
    """The answer to one question of a response, with the question's kind and attribute
    copied so measures never depend on a later version of the questionnaire."""

    __tablename__ = "survey_answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    attribute: Mapped[str] = mapped_column(String(100), default="")
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_survey_answers_response", "response_id", "position"),
        Index("ix_survey_answers_kind", "kind", "attribute"),
    )


class ExpectationResponse(Base):
    """An expectation form filled before delivery: per attribute, the level the customer
    expects and how important it is (both 1–5)."""

    __tablename__ = "expectation_responses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), nullable=True
    )
    filled_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (Index("ix_expectation_responses_customer", "customer_id", "filled_on"),)


class ExpectationAnswer(Base):
    __tablename__ = "expectation_answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expectation_id: Mapped[int] = mapped_column(
        ForeignKey("expectation_responses.id", ondelete="CASCADE")
    )
    attribute: Mapped[str] = mapped_column(String(100))
    expected: Mapped[int | None] = mapped_column(Integer, nullable=True)
    importance: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (Index("ix_expectation_answers_form", "expectation_id"),)


class SatisfactionBenchmark(Base):
    """A competitor's or an industry figure the shop compares itself with: ``measure`` is
    "nps", "effort" or "csat:<attribute>"; ``period`` is "2026", "2026-Q3" or "2026-11"."""

    __tablename__ = "satisfaction_benchmarks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(120))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(200), default="")
