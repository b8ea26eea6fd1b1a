"""The L. 68 obligation of a firm, in words for the firm page."""

from __future__ import annotations

from desktop.i18n import _, ngettext
from desktop.services.firms.quota import Quota


def quota_text(owed: Quota | None) -> str:
    if owed is None:
        return _("Write the computable employees to see the obligation.")
    if owed.total == 0:
        return ngettext("{count} computable employee: no obligation (under 15).",
                        "{count} computable employees: no obligation (under 15).",
                        owed.employees).format(count=owed.employees)
    parts = [ngettext("{count} computable employee", "{count} computable employees",
                      owed.employees).format(count=owed.employees),
             ngettext("{count} worker with disabilities owed",
                      "{count} workers with disabilities owed",
                      owed.disabled).format(count=owed.disabled)]
    if owed.protected:
        parts.append(ngettext("{count} of the protected categories (art. 18)",
                              "{count} of the protected categories (art. 18)",
                              owed.protected).format(count=owed.protected))
    if owed.hired is None:
        parts.append(_("L. 68 hires in service not known"))
    else:
        parts.append(ngettext("{count} L. 68 hire in service", "{count} L. 68 hires in service",
                              owed.hired).format(count=owed.hired))
        parts.append(ngettext("{count} position to fill", "{count} positions to fill",
                              owed.uncovered or 0).format(count=owed.uncovered or 0))
    return "; ".join(parts) + "."
