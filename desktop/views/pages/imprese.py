"""Imprese: the firms' counter. Search a firm by name or code, register or edit it, keep its
sites and contacts, record the services delivered, see its vacancies and its L. 68 quota.

Keyboard: Ctrl+F the search, Ctrl+N a new firm, Ctrl+S saves the firm, Ctrl+Enter adds
the row of the section in focus, Ctrl+Shift+O a new vacancy for the firm.
"""

from __future__ import annotations

import importlib
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.firms import firm_page, registry
from desktop.services.firms.firm_values import FirmDetail, FirmRow
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.firms.firm_editor import FirmEditor
from desktop.views.firms.quota_box import quota_text
from desktop.views.firms.sections import (
    VACANCY_COLUMNS,
    ActionsSection,
    ContactsSection,
    Section,
    SitesSection,
    clear_sections,
    show_detail,
)
from desktop.views.matching.panels import buddy, table_view
from desktop.views.pages.base import Page, card, card_layout
from desktop.views.table_model import FISCAL_CODE_SAMPLE, Column, RowTableModel
from desktop.views.widgets import follow_focus, scoped_shortcut

FIRM_COLUMNS = (Column[FirmRow](N_("Firm"), lambda f: f.name),
                Column[FirmRow](N_("Partita IVA / C.F."), lambda f: f.fiscal_code,
                                sample=FISCAL_CODE_SAMPLE),
                Column[FirmRow](N_("Comune"), lambda f: f.comune),
                Column[FirmRow](N_("Size"), lambda f: f.size_band))


class FirmsPage(Page):
    area_id = "imprese"
    shortcut = "Ctrl+8"
    icon_name = "imprese"

    @classmethod
    def title(cls) -> str:
        return _("Firms")

    @classmethod
    def subtitle(cls) -> str:
        return _("The firms' counter: registry, sites and contacts, services delivered, "
                 "vacancies and the L. 68 quota.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.firm_id: uuid.UUID | None = None
        self.detail: FirmDetail | None = None
        splitter = QSplitter()
        splitter.addWidget(self._build_search())
        splitter.addWidget(self._build_firm())
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([360, 1000])
        self.body.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Outcome of the last operation"))
        self.body.addWidget(self.status)
        scoped_shortcut("Ctrl+F", self, self.focus_search, description=_("Search firms"))
        scoped_shortcut("Ctrl+N", self, self.new_firm, description=_("New firm"))
        scoped_shortcut("Ctrl+S", self, self.save_firm, description=_("Save the firm"))
        scoped_shortcut("Ctrl+Shift+O", self, self.new_vacancy,
                        description=_("New vacancy"))

    # --- building ---------------------------------------------------------------------

    def _build_search(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("name or partita IVA"))
        self.search.setAccessibleName(_("Search firms"))
        self.search.textEdited.connect(self.run_search)
        self.search.returnPressed.connect(self.open_first)
        layout.addWidget(buddy(_("Search &firms (Ctrl+F)"), self.search))
        layout.addWidget(self.search)
        self.results: RowTableModel[FirmRow] = RowTableModel(self, FIRM_COLUMNS)
        self.results_view = table_view(self.results, _("Firms found"))
        self.results_view.activated.connect(lambda index: self.open_firm(
            self.results.row_at(index.row()).id))
        layout.addWidget(self.results_view, 1)
        self.new_button = QPushButton(_("&New firm (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_firm)
        layout.addWidget(self.new_button)
        return box

    def _build_firm(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        scroll.setWidgetResizable(True)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        identity = card(_("Firm"))
        self.heading = QLabel(_("New firm"))
        self.heading.setObjectName("CardTitle")
        card_layout(identity).addWidget(self.heading)
        self.editor = FirmEditor()
        card_layout(identity).addWidget(self.editor)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Sa&ve the firm (Ctrl+S)"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save_firm)
        self.vacancy_button = QPushButton(_("New vacanc&y (Ctrl+Shift+O)"))
        self.vacancy_button.clicked.connect(self.new_vacancy)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.vacancy_button)
        buttons.addStretch(1)
        card_layout(identity).addLayout(buttons)
        layout.addWidget(identity)
        obligation = card(_("L. 68/1999 obligation (art. 3)"))
        self.quota = QLabel(quota_text(None))
        self.quota.setWordWrap(True)
        self.quota.setAccessibleName(_("L. 68 obligation"))
        card_layout(obligation).addWidget(self.quota)
        layout.addWidget(obligation)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Sections of the firm"))
        self.sites = SitesSection(self.ctx, self.reload)
        self.contacts = ContactsSection(self.ctx, self.reload)
        self.services = ActionsSection(self.ctx, self.reload)
        self.vacancies = Section(self.ctx, _("Vacancies of the firm"), VACANCY_COLUMNS,
                                 self.reload)
        self.tabs.addTab(self.sites, _("S&ites"))
        self.tabs.addTab(self.contacts, _("Con&tacts"))
        self.tabs.addTab(self.services, _("Services deli&vered"))
        self.tabs.addTab(self.vacancies, _("Vacancie&s"))
        layout.addWidget(self.tabs)
        layout.addStretch(1)
        scroll.setWidget(inner)
        follow_focus(scroll)
        self._set_firm_open(False)
        return scroll

    def _set_firm_open(self, is_open: bool) -> None:
        self.tabs.setEnabled(is_open)
        self.vacancy_button.setEnabled(is_open)

    # --- searching ----------------------------------------------------------------------

    def activated(self) -> None:
        if not self.results.rows:
            self.run_search(self.search.text())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self, text: str) -> None:
        self.ctx.ops.run(registry.search_firms, self.ctx.database, self.ctx.operator, text,
                         on_success=self._show_results, on_error=self._failed)

    def _show_results(self, rows: list[FirmRow]) -> None:
        self.results.set_rows(rows)
        if not rows and self.search.text().strip():
            self.status.setText(_("No firm found: press Ctrl+N to register it."))
        else:
            self.status.clear()

    def open_first(self) -> None:
        if self.results.rows:
            self.open_firm(self.results.rows[0].id)

    def open_firm(self, firm_id: uuid.UUID) -> None:
        self.firm_id = firm_id
        self.reload()

    def reload(self) -> None:
        if self.firm_id is None:
            return
        self.ctx.ops.run(firm_page.read_firm, self.ctx.database, self.ctx.operator,
                         self.firm_id, on_success=self._show_firm, on_error=self._failed)

    def _show_firm(self, detail: FirmDetail) -> None:
        self.detail = detail
        self.firm_id = detail.id
        self.heading.setText(f"{detail.form.name} · {detail.form.fiscal_code}")
        self.editor.set_form(detail.form)
        self.quota.setText(quota_text(detail.quota))
        show_detail(detail, self.sites, self.contacts, self.services, self.vacancies)
        self._set_firm_open(True)

    # --- editing ------------------------------------------------------------------------

    def new_firm(self) -> None:
        self.firm_id, self.detail = None, None
        self.heading.setText(_("New firm"))
        self.editor.clear()
        self.quota.setText(quota_text(None))
        clear_sections(self.sites, self.contacts, self.services, self.vacancies)
        self.services.set_sites(())
        self._set_firm_open(False)
        self.editor.fiscal_code.setFocus()

    def save_firm(self) -> None:
        try:
            form = self.editor.form()
        except ValidationError as exc:
            self.editor.grid.show_errors(exc.fields)
            return
        self.editor.grid.clear_errors()
        self.save_button.setEnabled(False)
        if self.firm_id is None:
            self.ctx.ops.run(registry.register_firm, self.ctx.database, self.ctx.operator,
                             form, self.ctx.site.site_code, on_success=self._saved,
                             on_error=self._save_failed)
        else:
            firm_id = self.firm_id
            self.ctx.ops.run(registry.update_firm, self.ctx.database, self.ctx.operator,
                             firm_id, form, self.ctx.site.site_code,
                             on_success=lambda _r: self._saved(firm_id),
                             on_error=self._save_failed)

    def _saved(self, firm_id: uuid.UUID) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(_("Firm saved."))
        self.open_firm(firm_id)
        self.run_search(self.search.text())

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.fields:
            self.editor.grid.show_errors(exc.fields)
            self.status.setText(_("The firm is not saved: correct the fields in red."))
        else:
            report_error(self, exc, status=self.status)

    def _failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.status)

    def new_vacancy(self) -> None:
        """A vacancy for the open firm, in the vacancy form (written by its own area)."""
        if self.firm_id is None:
            self.status.setText(_("Open a firm first, then enter its vacancy."))
            return
        try:  # the vacancies area's module, imported when first needed
            form = importlib.import_module("desktop.views.firms.vacancy_form")
        except ImportError:
            self.status.setText(_("The vacancy form is not available in this version."))
            return
        form.open_vacancy_form(self, self.ctx, self.firm_id)
        self.reload()
