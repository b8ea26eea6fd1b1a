"""The firm's identity as a form: codice fiscale / partita IVA, name, ATECO, seat, size.

``form()`` reads the fields into a ``FirmForm``; a number field holding something else than
digits is refused here with the sentence under it (nothing is sent to the service).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.firms.firm_values import FirmForm
from desktop.services.firms.quota import SIZE_BANDS
from desktop.views.firms.ateco_picker import AtecoPicker
from desktop.views.firms.fields import FieldGrid


def _number(text: str) -> int | None | str:
    """None for blank, the integer, or "" when it is not a whole number."""
    value = text.strip().replace(".", "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return ""


class FirmEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = FieldGrid(columns=2)
        g = self.grid
        self.fiscal_code = g.line("fiscal_code", _("&Partita IVA / C.F."), 20, "01234567890")
        self.name = g.line("name", _("Ragione &sociale"), 200)
        self.ateco = AtecoPicker()
        g.add("ateco", _("&ATECO activity"), self.ateco, span=2)
        self.comune_code = g.line("comune_code", _("Co&mune (code)"), 4, "D612")
        self.address = g.line("address", _("A&ddress"), 200)
        self.phone = g.line("phone", _("P&hone"), 30)
        self.email = g.line("email", _("&E-mail"), 200)
        self.size_band = QComboBox()
        self.size_band.addItem(_("— from the employees —"), "")
        for name, _low, _high in SIZE_BANDS:
            self.size_band.addItem(_("{band} employees").format(band=name), name)
        g.add("size_band", _("Si&ze band"), self.size_band)
        self.employees = g.line("employees", _("Emplo&yees (L. 68)"), 9,
                                _("computable, art. 4"))
        self.l68_hires = g.line("l68_hires", _("L. 68 &hires in service"), 6)
        layout.addLayout(g)

    def fields(self) -> list[QWidget]:
        return list(self.grid.fields.values())

    def form(self) -> FirmForm:
        employees, hires = _number(self.employees.text()), _number(self.l68_hires.text())
        errors = {}
        if employees == "":
            errors["employees"] = _("Write the employees as a whole number.")
        if hires == "":
            errors["l68_hires"] = _("Write the L. 68 hires as a whole number.")
        if errors or isinstance(employees, str) or isinstance(hires, str):
            raise ValidationError(next(iter(errors.values())), errors)
        return FirmForm(
            fiscal_code=self.fiscal_code.text(), name=self.name.text(), ateco=self.ateco.code(),
            comune_code=self.comune_code.text(), address=self.address.text(),
            phone=self.phone.text(), email=self.email.text(),
            size_band=str(self.size_band.currentData() or ""), employees=employees,
            l68_hires=hires)

    def set_form(self, form: FirmForm) -> None:
        for edit, value in ((self.fiscal_code, form.fiscal_code), (self.name, form.name),
                            (self.comune_code, form.comune_code),
                            (self.address, form.address), (self.phone, form.phone),
                            (self.email, form.email)):
            edit.setText(value)
        self.ateco.set_code(form.ateco)
        found = self.size_band.findData(form.size_band if form.employees is None else "")
        self.size_band.setCurrentIndex(max(found, 0))
        self.employees.setText("" if form.employees is None else str(form.employees))
        self.l68_hires.setText("" if form.l68_hires is None else str(form.l68_hires))
        self.grid.clear_errors()

    def clear(self) -> None:
        self.set_form(FirmForm())



