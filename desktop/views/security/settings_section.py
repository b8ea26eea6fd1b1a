"""The "Privacy and security" card of the Impostazioni area."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from desktop.i18n import _
from desktop.services.security.permissions import Permission, allowed
from desktop.views.context import ViewContext
from desktop.views.pages.base import card, card_layout


def security_card(ctx: ViewContext, parent: QWidget) -> QFrame:
    frame = card(_("Privacy and security"), [
        _("The window locks after {minutes} minutes without activity; every access to "
          "personal data is recorded in the audit log.").format(
              minutes=ctx.settings.idle_lock_minutes)], parent)
    for label in frame.findChildren(QLabel):
        if label.wordWrap():  # a wrapped paragraph must get the height it needs
            label.setMinimumHeight(label.heightForWidth(420))
    buttons: list[QPushButton] = []
    password = QPushButton(_("Change &my password"))
    password.clicked.connect(lambda: open_change_password(ctx, parent))
    buttons.append(password)
    # The services check the role again; hiding only spares a refusal.
    if allowed(ctx.operator, Permission.AUDIT_READ):
        audit_button = QPushButton(_("&Audit log…"))
        audit_button.clicked.connect(lambda: open_audit(ctx, parent))
        buttons.append(audit_button)
    if allowed(ctx.operator, Permission.PERSON_EXPORT):
        requests_button = QPushButton(_("Data-subject &requests…"))
        requests_button.clicked.connect(lambda: open_subject_requests(ctx, parent))
        buttons.append(requests_button)
    if allowed(ctx.operator, Permission.ACCOUNTS_MANAGE):
        accounts_button = QPushButton(_("Operator a&ccounts…"))
        accounts_button.clicked.connect(lambda: open_accounts(ctx, parent))
        buttons.append(accounts_button)
    grid = QGridLayout()
    for index, button in enumerate(buttons):
        grid.addWidget(button, index // 2, index % 2)
    card_layout(frame).addLayout(grid)
    return frame


def open_change_password(ctx: ViewContext, parent: QWidget) -> QWidget:
    from desktop.views.security.change_password import ChangePasswordDialog

    dialog = ChangePasswordDialog(ctx.ops, ctx.database, ctx.operator, parent=parent)
    dialog.open()
    return dialog


def open_audit(ctx: ViewContext, parent: QWidget) -> QWidget:
    from desktop.views.security.audit_view import AuditDialog

    dialog = AuditDialog(ctx, parent)
    dialog.open()
    return dialog


def open_subject_requests(ctx: ViewContext, parent: QWidget) -> QWidget:
    from desktop.views.security.subject_requests_view import SubjectRequestsDialog

    dialog = SubjectRequestsDialog(ctx, parent)
    dialog.open()
    return dialog


def open_accounts(ctx: ViewContext, parent: QWidget) -> QWidget:
    from desktop.views.security.accounts_view import AccountsDialog

    dialog = AccountsDialog(ctx, parent)
    dialog.open()
    return dialog
