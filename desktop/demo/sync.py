"""Demo: what this centre recorded is queued for the regional server, as the services do
for every new record (it leaves at the first sync): the people, and the actions and
patti and placements of the demo year."""

from __future__ import annotations

from sqlalchemy import select

from desktop.demo.context import SeedContext
from desktop.models.actions import Action, Placement
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.services.actions import action_fields, placement_fields
from desktop.services.documents.agreements import version_fields
from desktop.sync import outbox
from desktop.sync.registry import person_fields

#: Last: after every module that adds records (the demo year of activity is 60).
ORDER = 70


def seed(ctx: SeedContext) -> None:
    session = ctx.session
    session.flush()
    for person in ctx.shared.get("people", []):
        outbox.record(session, "person", person.id, "upsert", person_fields(person))
    versions = session.execute(select(AgreementVersion, Agreement).join(
        Agreement, AgreementVersion.agreement_id == Agreement.id).order_by(
        AgreementVersion.created_at, AgreementVersion.id)).all()
    for version, agreement in versions:
        outbox.record(session, "agreement", version.id, "create",
                      version_fields(version, agreement))
    for action in session.scalars(select(Action).order_by(Action.delivered_on, Action.id)):
        outbox.record(session, "action", action.id, "create", action_fields(action))
    for placement in session.scalars(select(Placement).order_by(Placement.start_date,
                                                                Placement.id)):
        outbox.record(session, "placement", placement.id, "create", placement_fields(placement))
