"""Impostazioni's further screens: the audit by day, the accounts, the idle lock."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots.rendering import Scenarios
from desktop.i18n import _
from desktop.views.pages.impostazioni import SettingsPage
from desktop.views.security.accounts_view import AccountsDialog
from desktop.views.security.audit_view import AuditDialog
from desktop.views.security.idle_lock import LockOverlay


def scenarios(page: SettingsPage) -> Scenarios:
    ctx = page.ctx

    def audit_by_day() -> QWidget:
        dialog = AuditDialog(ctx, page)
        dialog.tabs.setCurrentIndex(1)
        dialog.search_day()
        return dialog

    def accounts_dialog() -> QWidget:
        return AccountsDialog(ctx, page)

    def locked_window() -> QWidget:
        overlay = LockOverlay(ctx.operator, None)  # type: ignore[arg-type]
        overlay.resize(page.window().size())
        overlay.error.setText(_("Wrong user name or password."))
        overlay.error.show()
        return overlay

    return {"audit": audit_by_day, "accounts": accounts_dialog, "idle-lock": locked_window}
