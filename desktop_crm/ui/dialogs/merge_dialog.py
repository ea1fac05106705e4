"""Merge two customers who are the same person: pick each field, keep both histories."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.contact_details import format_phone
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerDetails
from desktop_crm.services.merge import MERGE_FIELDS
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.labels import field_label, language_name, yes_no
from desktop_crm.ui.prompts import error_text

EMPTY = "—"
MAX_SHOWN = 70
SAME_STYLE = "color: #777;"


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_SHOWN else one_line[: MAX_SHOWN - 1] + "…"


class MergeDialog(QDialog):
    """The older customer is kept (left); the other one (right) is merged into it.

    ``merged`` carries the kept customer's id once the merge is stored.
    """

    merged = Signal(int)

    def __init__(
        self, ctx: UiContext, first_id: int, second_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Merge customers"))
        self.setMinimumWidth(760)
        first = ctx.shop.customers.get(first_id)
        second = ctx.shop.customers.get(second_id)
        kept, other = (first, second) if first.created_at <= second.created_at else (second, first)
        self.kept, self.other = kept, other
        self.region = ctx.settings().country
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self.result_value: CustomerDetails | None = None

        intro = QLabel(
            _(
                "Both records are the same person? Choose, line by line, the value to keep. "
                "The record on the left stays; the one on the right is merged into it."
            ),
            self,
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for column, (details, caption) in enumerate(
            ((kept, _("Stays")), (other, _("Merged into it"))), start=1
        ):
            head = QLabel(
                "<b>{name}</b><br><span style='color:#666'>{caption} · {created}</span>".format(
                    name=_escape(details.name),
                    caption=_escape(caption),
                    created=_escape(
                        _("added {date}").format(date=format_date(details.created_at.date()))
                    ),
                ),
                self,
            )
            grid.addWidget(head, 0, column)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #ddd;")
        grid.addWidget(line, 1, 0, 1, 3)

        newer_is_other = other.updated_at > kept.updated_at
        row = 2
        for field in MERGE_FIELDS:
            left_text, right_text = self._shown(kept, field), self._shown(other, field)
            left = QRadioButton(_short(left_text) or EMPTY, self)
            right = QRadioButton(_short(right_text) or EMPTY, self)
            left.setObjectName(f"keep_{field}")
            right.setObjectName(f"take_{field}")
            left.setToolTip(left_text)
            right.setToolTip(right_text)
            group = QButtonGroup(self)
            group.addButton(left)
            group.addButton(right)
            take_other = self._default_takes_other(field, newer_is_other)
            (right if take_other else left).setChecked(True)
            if left_text == right_text:
                for button in (left, right):
                    button.setStyleSheet(SAME_STYLE)
            label = QLabel(field_label(field), self)
            label.setStyleSheet("color: #555;")
            grid.addWidget(label, row, 0)
            grid.addWidget(left, row, 1)
            grid.addWidget(right, row, 2)
            self.choices[field] = (left, right)
            row += 1
        tags: list[str] = []
        for tag in (*kept.tags, *other.tags):
            if tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
        grid.addWidget(QLabel(_("Tags"), self), row, 0)
        self.tags_label = QLabel(
            _("{tags} (both kept)").format(tags=", ".join(tags)) if tags else EMPTY, self
        )
        self.tags_label.setObjectName("merged_tags")
        grid.addWidget(self.tags_label, row, 1, 1, 2)

        timeline = ctx.shop.timeline.count(other.id)
        purchases = len(ctx.shop.purchases.list(other.id))
        self.summary = QLabel(self)
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(
            "background: #e8f0fe; border-radius: 4px; padding: 8px; color: #1a3d7c;"
        )
        self.summary.setText(
            " ".join(
                (
                    ngettext(
                        "{count} timeline entry of {other} moves to {kept},",
                        "{count} timeline entries of {other} move to {kept},",
                        timeline,
                    ).format(count=timeline, other=other.name, kept=kept.name),
                    ngettext("and {count} purchase.", "and {count} purchases.", purchases).format(
                        count=purchases
                    ),
                    _(
                        "{other} then leaves the customer list; the merge is recorded with a "
                        "copy of the record."
                    ).format(other=other.name),
                )
            )
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText(_("&Merge…"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignRight)

    # --- values
    def _shown(self, details: CustomerDetails, field: str) -> str:
        value = getattr(details, field)
        if isinstance(value, bool):
            return yes_no(value)
        if field == "phone":
            return format_phone(value, self.region) if value else ""
        if field == "birthday":
            return format_date(value)
        if field == "language":
            return language_name(value) if value else ""
        return str(value or "")

    def _default_takes_other(self, field: str, newer_is_other: bool) -> bool:
        """The value only one side has, else the more recently edited side's."""
        mine, theirs = getattr(self.kept, field), getattr(self.other, field)
        if mine == theirs:
            return False
        if isinstance(mine, bool):
            return newer_is_other
        if not mine:
            return True
        if not theirs:
            return False
        return newer_is_other

    def take_from_other(self) -> frozenset[str]:
        return frozenset(
            field for field, (_left, right) in self.choices.items() if right.isChecked()
        )

    # --- merging
    def merge(self) -> None:
        kept, other = self.kept, self.other
        if not self.ctx.prompts.confirm(
            _("Merge customers"),
            _(
                "Merge {other} into {kept}? {other} leaves the customer list and everything "
                "of theirs moves to {kept}. This cannot be undone."
            ).format(other=other.name, kept=kept.name),
            _("Merge them"),
        ):
            return
        try:
            details = self.ctx.shop.merge.merge(
                kept.id, other.id, self.take_from_other(), staff_id=self.ctx.current_staff_id()
            )
        except CrmError as exc:
            self.ctx.prompts.error(_("Merge customers"), error_text(exc))
            return
        self.result_value = details
        self.ctx.bus.customers_changed.emit()
        self.ctx.bus.customer_changed.emit(details.id)
        self.accept()
        self.merged.emit(details.id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
