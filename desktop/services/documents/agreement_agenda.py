"""Saving a Patto version books its "Prossimi appuntamenti" in the agenda.

The rows are checked first (nothing is saved when one cannot be booked), then the
version is saved, then the appointments are booked, linked to the agreement.
"""

from __future__ import annotations

from desktop.infra.database import Database
from desktop.services.agenda.patto import book_patto_appointments, check_patto_appointments
from desktop.services.documents.agreements import (
    AgreementDraft,
    AgreementVersionInfo,
    save_version,
)
from desktop.services.security.accounts import OperatorInfo
from desktop.values.site import SiteInfo


def save_and_book(db: Database, actor: OperatorInfo, site: SiteInfo,
                  draft: AgreementDraft) -> AgreementVersionInfo:
    check_patto_appointments(db, actor, site.site_id, draft.person_id, draft.appointments,
                             draft.measures)
    version = save_version(db, actor, site, draft)
    book_patto_appointments(db, actor, site.site_id, draft.person_id, version.agreement_id,
                            draft.appointments, draft.measures)
    return version
