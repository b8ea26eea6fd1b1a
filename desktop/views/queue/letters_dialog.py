"""What the waiting room sees of a ticket, chosen per site (Impostazioni, managers only).

Neutral letters (the default) or each service's own letter; in neutral mode one letter
per service, shared by at least two services (the service refuses a letter that would
reveal one). Saving changes the tickets issued from then on.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.queue.letters import LetterSetting, set_ticket_letters, ticket_letters
from desktop.services.security.permissions import Permission, allowed
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.widgets import error_label, ok_cancel_buttons


class LettersDialog(QDialog):
    """Neutral or service letters for the site, and each service's public letter."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Waiting-room letters"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("With neutral letters nobody in the waiting room learns which "
                         "service a person came for: services sharing a letter draw their "
                         "numbers from one sequence."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.neutral = QRadioButton(_("&Neutral letters (recommended)"))
        self.by_service = QRadioButton(_("Each service's &own letter"))
        self.neutral.setChecked(True)
        layout.addWidget(self.neutral)
        layout.addWidget(self.by_service)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.letters: dict[str, QLineEdit] = {}
        self.error = error_label(_("Error in the letters"))
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(_("&Save"), self.save, self.reject))
        self.neutral.toggled.connect(self._mode_changed)
        ctx.ops.run(ticket_letters, ctx.database, ctx.operator, ctx.site.site_code,
                    on_success=self._loaded, on_error=self._failed)

    def _loaded(self, found: tuple[str, tuple[LetterSetting, ...]]) -> None:
        mode, services = found
        (self.neutral if mode == "neutral" else self.by_service).setChecked(True)
        previous: QWidget = self.by_service  # Tab: the letters, then the buttons below
        for item in services:
            field = QLineEdit(item.letter or "A")
            field.setMaxLength(1)
            field.setMaximumWidth(60)
            field.setAccessibleName(_("Letter of {service}").format(service=item.name))
            label = QLabel(f"{item.prefix} · {item.name}")
            label.setBuddy(field)
            self.form.addRow(label, field)
            self.letters[item.prefix] = field
            QWidget.setTabOrder(previous, field)
            previous = field
        self._mode_changed()

    def _mode_changed(self) -> None:
        for field in self.letters.values():
            field.setEnabled(self.neutral.isChecked())

    def save(self) -> None:
        mode = "neutral" if self.neutral.isChecked() else "service"
        letters = {p: f.text() for p, f in self.letters.items()} if mode == "neutral" else None
        self.ctx.ops.run(set_ticket_letters, self.ctx.database, self.ctx.operator,
                         self.ctx.site.site_code, mode, letters,
                         on_success=lambda _shown: self.accept(), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        report_error(self, error, status=self.error)


def letters_button(ctx: ViewContext, parent: QWidget) -> QPushButton | None:
    """The settings button that opens the dialog; nothing for a role without settings."""
    if not allowed(ctx.operator, Permission.SETTINGS_MANAGE):
        return None
    button = QPushButton(_("Waiting-room &letters…"))

    def open_dialog() -> None:
        dialog = LettersDialog(ctx, parent)
        parent.setProperty("letters_dialog_open", True)
        parent.letters_dialog = dialog  # type: ignore[attr-defined]  # for tests
        dialog.open()

    button.clicked.connect(open_dialog)
    return button
