"""The sanction letter of a condizionalità proposal, rendered for the print flow (which
archives it with :func:`desktop.services.documents.archive.record_printed`)."""

from __future__ import annotations

import uuid

from desktop.documents.sanction_letter import SanctionLetter, render_sanction_letter
from desktop.infra.database import Database
from desktop.services.conditionality.proposals import letter_facts
from desktop.services.documents.printing import centre_header
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require

KIND = "sanction_letter"


def sanction_letter(db: Database, actor: OperatorInfo, proposal_id: uuid.UUID,
                    site_code: str | None = None) -> RenderedDocument:
    require(actor, Permission.DOCUMENT_PRINT, db)
    require(actor, Permission.CONDITIONALITY, db)
    with db.read() as session:
        facts = letter_facts(session, proposal_id)
    site = site_info(db, site_code or actor.site_code or "")
    number = f"CS-{site.centre_code}-{facts.proposed_on:%Y%m%d}-{facts.proposal_id.hex[:6].upper()}"
    letter = SanctionLetter(
        number=number, centre=centre_header(site), fiscal_code=facts.fiscal_code,
        surname=facts.surname, name=facts.name, address=facts.address,
        scheduled_at=facts.scheduled_at, window_until=facts.window_until,
        ordinal=facts.ordinal, benefit=facts.benefit, rule=facts.rule,
        wording=facts.wording, issued=facts.proposed_on, operator_name=actor.full_name)
    return RenderedDocument(
        render_sanction_letter(letter), kind=KIND, number=number, version=1,
        title="Comunicazione di proposta di sanzione", person_id=facts.person_id,
        params={"proposal": str(proposal_id)}, filename=f"sanzione-{number}.pdf")
