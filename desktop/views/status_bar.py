"""Status bar: who is logged in, at which site, who is being served now (the current
person, see ``current_person.py``), and whether the region is reachable."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.i18n import N_, _
from desktop.infra.connectivity import Connectivity, probe
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.style import BAD, MUTED, OK

ROLE_NAMES = {
    "sportello": N_("Front desk"),
    "operatore": N_("Counsellor"),
    "collocamento_mirato": N_("Targeted placement"),
    "responsabile": N_("Centre manager"),
}

PROBE_INTERVAL_MS = 60_000


def role_name(role: str) -> str:
    return _(ROLE_NAMES.get(role, role))


class SportelloStatusBar(QStatusBar):
    """Operator, site and connectivity; probes the regional server off the GUI thread."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.operator_label = QLabel(
            _("Operator: {name} ({role})").format(
                name=ctx.operator.full_name, role=role_name(ctx.operator.role)))
        self.site_label = QLabel(
            _("Site: {centre} · {site}").format(centre=ctx.site.centre_name,
                                                site=ctx.site.site_name))
        self.connectivity_label = QLabel()
        self.connectivity_label.setAccessibleName(_("Connection to the regional server"))
        self.addWidget(self.operator_label)
        self.addWidget(self.site_label)
        if ctx.demo:
            demo = QLabel(_("DEMO DATABASE"))
            demo.setStyleSheet("color: #B45309; font-weight: bold;")
            self.addWidget(demo)
        self.person_label = QLabel()
        self.person_label.setObjectName("CurrentPerson")
        self.addWidget(self.person_label)
        self.show_person(ctx.current.person)
        ctx.current.changed.connect(self.show_person)
        self.addPermanentWidget(self.connectivity_label)
        self.show_connectivity(Connectivity.NOT_CONFIGURED if not ctx.settings.sync_server_url
                               else Connectivity.OFFLINE)
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self.refresh_connectivity)
        if ctx.settings.sync_server_url:
            self._timer.start()
            QTimer.singleShot(0, self.refresh_connectivity)

    def show_person(self, person: PersonRef | None) -> None:
        """Name and codice fiscale of the person served now; nothing when none."""
        if person is None:
            self.person_label.setText("")
            self.person_label.setAccessibleName("")
            self.person_label.setVisible(False)
            return
        text = _("Serving: {name} ({code})").format(name=person.full_name,
                                                    code=person.fiscal_code)
        self.person_label.setText(text)
        self.person_label.setAccessibleName(_("Current person: {name}, codice fiscale {code}")
                                            .format(name=person.full_name,
                                                    code=" ".join(person.fiscal_code)))
        self.person_label.setVisible(True)

    def refresh_connectivity(self) -> None:
        if self._ctx.ops.closed:  # a late tick while the window closes
            self._timer.stop()
            return
        self._ctx.ops.run(probe, self._ctx.settings.sync_server_url, kind="net",
                          on_success=self.show_connectivity,
                          on_error=lambda _exc: self.show_connectivity(Connectivity.OFFLINE))

    def show_connectivity(self, state: Connectivity) -> None:
        text, colour = {
            Connectivity.NOT_CONFIGURED: (_("Local only: no regional server set"), MUTED),
            Connectivity.ONLINE: (_("Online"), OK),
            Connectivity.OFFLINE: (_("Offline: changes are kept and sent later"), BAD),
        }[state]
        self.connectivity_label.setText(f"<span style='color:{colour}'>●</span> {text}")
        self.connectivity_label.setProperty("state", state.value)
