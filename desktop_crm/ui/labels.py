"""Words and marks for codes stored in the database (channels, timeline kinds, languages)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from desktop_crm.i18n import _


def channel_label(code: str) -> str:
    labels = {
        "phone": _("Phone"),
        "visit": _("Visit"),
        "email": _("Email"),
        "message": _("Message"),
        "other": _("Other"),
    }
    return labels.get(code, code)


def kind_label(kind: str) -> str:
    labels = {
        "contact": _("Contact"),
        "purchase": _("Purchase"),
        "merge": _("Merge"),
        "promise": _("Promise"),
        "reminder": _("Reminder"),
        "service": _("Service"),
        "answer": _("Standard answer"),
        "complaint": _("Complaint"),
        "survey": _("Survey"),
    }
    return labels.get(kind, kind.replace("_", " ").capitalize())


# Later capabilities add their kinds here; unknown kinds get grey.
_KIND_COLOURS = {
    "contact": "#1e88e5",
    "purchase": "#43a047",
    "merge": "#8e24aa",
    "promise": "#fb8c00",
    "reminder": "#00897b",
    "service": "#6d4c41",
    "answer": "#546e7a",
    "complaint": "#e53935",
    "survey": "#fdd835",
}


@cache
def kind_icon(kind: str) -> QIcon:
    """A small coloured dot telling the kinds of timeline entries apart at a glance."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_KIND_COLOURS.get(kind, "#9e9e9e")))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def language_name(code: str) -> str:
    """A language in its own words (people pick their language by how it is written)."""
    native = {"en": "English", "es": "Español", "zh": "中文", "ru": "Русский"}
    return native.get(code, code)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def field_label(field: str) -> str:
    """A customer field (or an import column's target) as the forms call it."""
    labels = {
        "name": _("Name"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "phone": _("Phone"),
        "email": _("Email"),
        "address": _("Address"),
        "street": _("Street"),
        "city": _("City"),
        "postal_code": _("Postal code"),
        "region": _("Region or state"),
        "country": _("Country"),
        "birthday": _("Birthday"),
        "language": _("Language"),
        "notes": _("Notes"),
        "tags": _("Tags"),
        "consent_mail": _("May contact by mail"),
        "consent_email": _("May contact by email"),
        "consent_sms": _("May contact by SMS"),
        "file": _("File"),
    }
    return labels.get(field, field.replace("_", " ").capitalize())


def duplicate_reason(reason: str) -> str:
    """Why a customer looks like an existing one."""
    labels = {
        "email": _("same email"),
        "phone": _("same phone"),
        "name": _("similar name"),
    }
    return labels.get(reason, reason)


def audit_action_label(action: str) -> str:
    labels = {
        "export": _("Export"),
        "import": _("Import"),
        "merge": _("Merge"),
        "erase": _("Personal data erased"),
        "personal_data_export": _("Personal data exported"),
    }
    return labels.get(action, action.replace("_", " ").capitalize())


def item_kind_name(kind: str) -> str:
    """A kind of item the shop looks after (ITEM_KINDS), as staff call it."""
    labels = {
        "pet": _("Pet"),
        "vehicle": _("Vehicle"),
        "appliance": _("Appliance"),
        "contract": _("Contract"),
        "other": _("Other"),
    }
    return labels.get(kind, kind.replace("_", " ").capitalize())


def question_kind_label(kind: str) -> str:
    """A kind of questionnaire question (QuestionKind) with the scale it is answered on."""
    labels = {
        "rating": _("Rating 1–5"),
        "nps": _("Recommend 0–10"),
        "effort": _("Effort 1–5"),
        "yes_no": _("Yes / No"),
        "open": _("Open answer"),
    }
    return labels.get(kind, kind.replace("_", " ").capitalize())
