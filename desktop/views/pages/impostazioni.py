"""Impostazioni: this workstation's settings, where its data lives, and backups."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.errors import ValidationError
from desktop.i18n import LANGUAGES, _
from desktop.infra.database import timestamp
from desktop.services.security.backup import BackupResult, backup_now
from desktop.settings import Settings, save_settings, validate_changes
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.pages.base import Page, card, card_layout


class SettingsPage(Page):
    area_id = "impostazioni"
    shortcut = "Ctrl+6"
    icon_name = "impostazioni"

    @classmethod
    def title(cls) -> str:
        return _("Settings")

    @classmethod
    def subtitle(cls) -> str:
        return _("This workstation's settings, where its data is kept, and backups.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        s = ctx.settings
        form_card = card(_("Workstation"))
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(s.language))
        self.workstation = QLineEdit(s.workstation)
        self.workstation.setMaxLength(100)
        self.server_url = QLineEdit(s.sync_server_url)
        self.server_url.setPlaceholderText("https://sportello.regione.example/api")
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(0, 240)
        self.idle_lock.setValue(s.idle_lock_minutes)
        self.idle_lock.setSuffix(_(" min"))
        self.idle_lock.setSpecialValueText(_("never"))
        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 365)
        self.backup_keep.setValue(s.backup_keep)
        self.ticket_printer = QLineEdit(s.ticket_printer)
        self.ticket_printer.setPlaceholderText(_("none · system · escpos:192.168.1.50"))
        self.ticket_printer.setToolTip(_(
            "Where 'sportello kiosk' prints tickets: empty for none, 'system' for the "
            "default printer, 'system:NAME' for a named one, 'escpos:ADDRESS' for a "
            "network thermal printer."))
        self.fields: dict[str, QWidget] = {
            "language": self.language, "workstation": self.workstation,
            "sync_server_url": self.server_url, "idle_lock_minutes": self.idle_lock,
            "backup_keep": self.backup_keep, "ticket_printer": self.ticket_printer,
        }
        labels = {
            "language": _("&Language (after restart)"), "workstation": _("&Workstation name"),
            "sync_server_url": _("&Regional server"), "idle_lock_minutes": _("Lock after &idle"),
            "backup_keep": _("&Backups to keep"),
            "ticket_printer": _("Ticket &printer (kiosk)"),
        }
        self.errors: dict[str, QLabel] = {}
        for key, widget in self.fields.items():
            label = QLabel(labels[key])
            label.setBuddy(widget)
            widget.setAccessibleName(label.text().replace("&", ""))
            error = QLabel()
            error.setObjectName("FieldError")
            error.hide()
            self.errors[key] = error
            form.addRow(label, widget)
            form.addRow("", error)
        card_layout(form_card).addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Sa&ve settings"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("Muted")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        card_layout(form_card).addLayout(buttons)

        db = ctx.database
        info = card(_("Data and backups"), [
            _("Version: {version}").format(version=__version__),
            _("Database: {location}").format(location=db.location),
            _("Data folder: {path}").format(path=ctx.paths.data),
            _("Log file: {path}").format(path=ctx.paths.log_file),
        ])
        backup_row = QHBoxLayout()
        self.backup_button = QPushButton(_("Back up &now"))
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_button.setEnabled(db.is_sqlite)
        self.backup_label = QLabel(
            "" if db.is_sqlite else _("PostgreSQL is backed up by the server's tools."))
        self.backup_label.setObjectName("Muted")
        self.backup_label.setWordWrap(True)
        backup_row.addWidget(self.backup_button)
        backup_row.addWidget(self.backup_label, 1)
        card_layout(info).addLayout(backup_row)
        from desktop.views.queue.letters_dialog import letters_button

        self.letters_button = letters_button(ctx, self)  # neutral ticket letters (managers)
        if self.letters_button is not None:
            card_layout(info).addWidget(self.letters_button)
        card_layout(info).addStretch(1)

        from desktop.views.security.settings_section import security_card

        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(form_card, 3)
        right = QVBoxLayout()
        right.setSpacing(14)
        right.addWidget(info, 2)
        self.security = security_card(ctx, self)
        right.addWidget(self.security)
        row.addLayout(right, 2)
        self.body.addLayout(row)
        self.body.addStretch(1)

    def activated(self) -> None:
        """Tab reads the form column, then the right one (whose security card was built
        first); set here, once the page sits in the window whose focus chain counts."""
        previous = self.save_button
        letters = () if self.letters_button is None else (self.letters_button,)
        for button in (self.backup_button, *letters,
                       *self.security.findChildren(QPushButton)):
            QWidget.setTabOrder(previous, button)
            previous = button

    def form_values(self) -> dict[str, Any]:
        return {
            "language": self.language.currentData(),
            "workstation": self.workstation.text().strip(),
            "sync_server_url": self.server_url.text().strip(),
            "idle_lock_minutes": self.idle_lock.value(),
            "backup_keep": self.backup_keep.value(),
            "ticket_printer": self.ticket_printer.text().strip(),
        }

    def save(self) -> None:
        for key, label in self.errors.items():
            label.hide()
            self.fields[key].setProperty("invalid", False)
            self.fields[key].style().polish(self.fields[key])
        try:
            updated = validate_changes(self.ctx.settings, self.form_values())
        except ValidationError as exc:
            for key, message in exc.fields.items():
                self.errors[key].setText(message)
                self.errors[key].show()
                self.fields[key].setProperty("invalid", True)
                self.fields[key].style().polish(self.fields[key])
            self.saved_label.setText(exc.user_message)
            first = next(iter(exc.fields))
            self.fields[first].setFocus()
            return
        self.save_button.setEnabled(False)
        self.ctx.ops.run(save_settings, updated, self.ctx.paths.settings_file, kind="net",
                         on_success=lambda _r: self._saved(updated), on_error=self._save_failed)

    def _saved(self, updated: Settings) -> None:
        restart = updated.language != self.ctx.settings.language
        self.ctx.settings = updated
        self.save_button.setEnabled(True)
        self.saved_label.setText(_("Settings saved.") + (
            " " + _("The language changes at the next start.") if restart else ""))

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        report_error(self, exc, status=self.saved_label, fallback=_(
            "The settings were not saved: check that the settings folder can be written, "
            "then try again."))

    def backup_now(self) -> None:
        target = self.ctx.paths.backups / f"manual-{timestamp()}.sqlite"
        self.backup_button.setEnabled(False)
        self.backup_label.setText(_("Backup in progress…"))
        self.ctx.ops.run(backup_now, self.ctx.database, self.ctx.operator, target,
                         on_success=self._backed_up, on_error=self._backup_failed)

    def _backed_up(self, result: BackupResult) -> None:
        self.backup_button.setEnabled(True)
        self.backup_label.setText(_("Backup written: {path} ({size} kB)").format(
            path=result.path, size=result.size_bytes // 1024))

    def _backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.backup_label.setText("")
        report_error(self, exc, title=_("Backup"))
