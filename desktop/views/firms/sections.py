"""The firm page's sections: sites, contacts, services delivered (each a table with a small
form to add a row) and the firm's vacancies, read-only."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.firms import firm_actions, sites
from desktop.services.firms.firm_actions import FirmActionForm
from desktop.services.firms.firm_values import (
    ContactInfo,
    FirmActionInfo,
    FirmDetail,
    FirmVacancy,
    SiteInfo,
)
from desktop.services.firms.sites import ContactForm, SiteForm
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.firms.fields import FieldGrid
from desktop.views.matching.panels import table_view
from desktop.views.table_model import Column, RowTableModel
from desktop.views.widgets import DateField, scoped_shortcut


def _date(day: Any) -> str:
    return formatting.date(day) if day else "—"


SITE_COLUMNS = (Column[SiteInfo](N_("Site"), lambda s: s.label),
                Column[SiteInfo](N_("Address"), lambda s: s.address),
                Column[SiteInfo](N_("Comune"), lambda s: s.comune or s.comune_code),
                Column[SiteInfo](N_("Phone"), lambda s: s.phone))
CONTACT_COLUMNS = (Column[ContactInfo](N_("Name"), lambda c: c.name),
                   Column[ContactInfo](N_("Role"), lambda c: c.role),
                   Column[ContactInfo](N_("Phone"), lambda c: c.phone),
                   Column[ContactInfo](N_("E-mail"), lambda c: c.email))
VACANCY_COLUMNS = (Column[FirmVacancy](N_("Number"), lambda v: v.number),
                   Column[FirmVacancy](N_("Title"), lambda v: v.title),
                   Column[FirmVacancy](N_("Positions"), lambda v: str(v.positions)),
                   Column[FirmVacancy](N_("Status"), lambda v: v.status),
                   Column[FirmVacancy](N_("Closes on"), lambda v: _date(v.closes_on)))
ACTION_COLUMNS = (Column[FirmActionInfo](N_("Date"), lambda a: _date(a.action_date)),
                  Column[FirmActionInfo](N_("Service"), lambda a: a.service),
                  Column[FirmActionInfo](N_("Site"), lambda a: a.site_label or "—"),
                  Column[FirmActionInfo](N_("Operator"), lambda a: a.operator),
                  Column[FirmActionInfo](N_("Notes"), lambda a: a.notes))


class Section(QWidget):
    """A table of the firm's rows and, when ``add_text`` is given, a form to add one."""

    #: What the section's form sends for the open firm: the service to call and its
    #: arguments after the database and the operator. Each section defines it.
    request: Callable[[uuid.UUID], tuple[Callable[..., Any], tuple[Any, ...]]]

    def __init__(self, ctx: ViewContext, name: str, columns: tuple[Column[Any], ...],
                 reload: Callable[[], None], add_text: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.reload = reload
        self.firm_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        self.model: RowTableModel[Any] = RowTableModel(self, columns)
        self.table: QTableView = table_view(self.model, name)
        self.table.setMaximumHeight(170)
        layout.addWidget(self.table)
        self.grid = FieldGrid(columns=2)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self.submit)
        if add_text:
            layout.addLayout(self.grid)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.add_button)
            layout.addLayout(row)
            scoped_shortcut("Ctrl+Return", self, self.submit,
                            description=_("Add the row"))
        else:
            self.add_button.hide()

    def set_rows(self, rows: tuple[Any, ...]) -> None:
        self.model.set_rows(rows)

    def submit(self) -> None:
        if self.firm_id is None:
            return
        try:
            call, args = self.request(self.firm_id)
        except ValidationError as exc:
            self.grid.show_errors(exc.fields)
            return
        self.add_button.setEnabled(False)
        self.ctx.ops.run(call, self.ctx.database, self.ctx.operator, *args,
                         on_success=self._saved, on_error=self._failed)

    def _saved(self, _result: object) -> None:
        self.add_button.setEnabled(True)
        self.grid.clear_errors()
        for widget in self.grid.fields.values():
            if hasattr(widget, "clear"):
                widget.clear()
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.fields:
            self.grid.show_errors(exc.fields)
        else:
            report_error(self, exc)


class SitesSection(Section):
    def __init__(self, ctx: ViewContext, reload: Callable[[], None]) -> None:
        super().__init__(ctx, _("Sites of the firm"), SITE_COLUMNS, reload,
                         _("Add the s&ite"))
        self.label = self.grid.line("label", _("Site &name"), 120, _("Warehouse in Prato"))
        self.comune = self.grid.line("comune_code", _("Comune (c&ode)"), 4, "G999")
        self.address = self.grid.line("address", _("Site a&ddress"), 200)
        self.phone = self.grid.line("phone", _("Site &phone"), 30)

    def request(self, firm_id: uuid.UUID) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        form = SiteForm(self.label.text(), self.address.text(), self.comune.text(),
                        self.phone.text())
        return sites.save_site, (firm_id, form, None, self.ctx.site.site_code)


class ContactsSection(Section):
    def __init__(self, ctx: ViewContext, reload: Callable[[], None]) -> None:
        super().__init__(ctx, _("Contacts at the firm"), CONTACT_COLUMNS, reload,
                         _("Add the con&tact"))
        self.name = self.grid.line("name", _("Contact &name"), 200)
        self.role = self.grid.line("role", _("&Role"), 120, _("HR manager"))
        self.phone = self.grid.line("phone", _("Contact &phone"), 30)
        self.email = self.grid.line("email", _("Contact &e-mail"), 200)

    def request(self, firm_id: uuid.UUID) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        form = ContactForm(self.name.text(), self.role.text(), self.phone.text(),
                           self.email.text())
        return sites.save_contact, (firm_id, form)


class ActionsSection(Section):
    """The services delivered to the firm, newest first, and the form to record one."""

    def __init__(self, ctx: ViewContext, reload: Callable[[], None]) -> None:
        super().__init__(ctx, _("Services delivered to the firm"), ACTION_COLUMNS, reload,
                         _("Record the ser&vice"))
        self.service = QComboBox()
        for service in firm_actions.firm_services():
            self.service.addItem(service.label, service.code)
        self.grid.add("service_code", _("Ser&vice"), self.service)
        self.day = DateField()
        self.day.set_date(dt.date.today())
        self.grid.add("action_date", _("Da&te"), self.day)
        self.site = QComboBox()
        self.grid.add("employer_site_id", _("For the si&te"), self.site)
        self.notes = self.grid.line("notes", _("N&otes"), 2000)

    def set_sites(self, rows: tuple[SiteInfo, ...]) -> None:
        self.site.clear()
        self.site.addItem(_("the whole firm"), None)
        for site in rows:
            self.site.addItem(site.label, site.id)

    def request(self, firm_id: uuid.UUID) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        site = self.site.currentData()
        form = FirmActionForm(str(self.service.currentData() or ""), self.day.date(),
                              site if isinstance(site, uuid.UUID) else None,
                              self.notes.text())
        return firm_actions.record_firm_action, (firm_id, form, self.ctx.site.site_code)

    def _saved(self, result: object) -> None:
        super()._saved(result)
        self.day.set_date(dt.date.today())


def show_detail(detail: FirmDetail, site_section: SitesSection, contacts: ContactsSection,
                actions: ActionsSection, vacancies: Section) -> None:
    for section in (site_section, contacts, actions, vacancies):
        section.firm_id = detail.id
    site_section.set_rows(detail.sites)
    contacts.set_rows(detail.contacts)
    actions.set_rows(detail.actions)
    actions.set_sites(detail.sites)
    vacancies.set_rows(detail.vacancies)


def clear_sections(*sections: Section) -> None:
    """No firm open: the sections show nothing and add nothing."""
    for section in sections:
        section.firm_id = None
        section.set_rows(())
        section.grid.clear_errors()
