"""The follow-up a detractor's or a low rating's answer proposes: a bar, not a modal dialog.

Typing a stack of cards must not stop at every unhappy customer, so the offer waits in a bar
(several wait in turn) while the next card is typed; nothing is created unless asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.services.feedback import FollowUpProposal
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text


@dataclass(frozen=True)
class PendingFollowUp:
    response_id: int
    proposal: FollowUpProposal
    customer_name: str


def proposal_text(pending: PendingFollowUp) -> str:
    """What the bar says about the unhappy answer."""
    name = pending.customer_name or _("The customer")
    if pending.proposal.reason == "detractor":
        said = _("{name} would not recommend us.").format(name=name)
    else:
        said = _("{name} gave a low rating.").format(name=name)
    return f"{said} {pending.proposal.summary}"


class FollowUpBar(QFrame):
    """Hidden until ``offer``; ``done(text)`` says what was created (or that it was left)."""

    done = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pending: list[PendingFollowUp] = []
        self.setObjectName("follow_up_bar")
        self.setStyleSheet(
            "#follow_up_bar { background: #fff4d6; border: 1px solid #e8c66a;"
            " border-radius: 4px; }"
            "#follow_up_bar QLabel { color: #4a3b00; }"
        )
        self.message = QLabel(self)
        self.message.setObjectName("follow_up_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder_button = QPushButton(_("Create a follow-up reminder"), self)
        self.reminder_button.setObjectName("follow_up_reminder")
        self.complaint_button = QPushButton(_("Open a complaint"), self)
        self.complaint_button.setObjectName("follow_up_complaint")
        self.later_button = QPushButton(_("Not now"), self)
        self.later_button.setObjectName("follow_up_later")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 6, 6)
        column.addWidget(self.message)
        row = QHBoxLayout()
        column.addLayout(row)
        row.addStretch(1)
        row.addWidget(self.reminder_button)
        row.addWidget(self.complaint_button)
        row.addWidget(self.later_button)
        self.reminder_button.clicked.connect(lambda: self.create_follow_up(as_complaint=False))
        self.complaint_button.clicked.connect(lambda: self.create_follow_up(as_complaint=True))
        self.later_button.clicked.connect(self.not_now)
        self.hide()

    def offer(self, response_id: int, proposal: FollowUpProposal, customer_name: str) -> None:
        """Queue the proposal; the bar shows the oldest one still waiting."""
        self.pending.append(PendingFollowUp(response_id, proposal, customer_name))
        self._show_first()

    def _show_first(self) -> None:
        if not self.pending:
            self.hide()
            return
        first = self.pending[0]
        text = proposal_text(first)
        if len(self.pending) > 1:
            text += " " + _("({count} more waiting)").format(count=len(self.pending) - 1)
        self.message.setText(text)
        self.show()

    def create_follow_up(self, as_complaint: bool) -> None:
        """Create the first waiting follow-up and announce it on the bus."""
        if not self.pending:
            return
        first = self.pending[0]
        try:
            self.ctx.shop.feedback.create_follow_up(
                first.response_id, as_complaint, self.ctx.current_staff_id()
            )
        except CrmError as exc:
            self.ctx.prompts.error(_("Follow-up"), error_text(exc))
            return
        self.pending.pop(0)
        if as_complaint:
            self.ctx.bus.complaints_changed.emit()
            said = _("Complaint opened for {name}.")
        else:
            self.ctx.bus.reminders_changed.emit()
            said = _("Follow-up reminder created for {name}.")
        name = first.customer_name or _("the customer")
        self.ctx.bus.customer_changed.emit(first.proposal.customer_id)
        self._show_first()
        self.done.emit(said.format(name=name))

    def not_now(self) -> None:
        if self.pending:
            self.pending.pop(0)
        self._show_first()
        self.done.emit("")
