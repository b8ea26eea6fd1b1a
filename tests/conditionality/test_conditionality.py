"""An absence opens a justification window; unjustified, it becomes a sanction proposal
by the art. 21 c.7 table, with a letter and a mutation for the region."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.conditionality import Absence
from desktop.models.sync import OutboxEntry
from desktop.services.conditionality import absences, proposals
from desktop.services.documents.archive import record_printed
from desktop.services.documents.sanction_letters import sanction_letter
from desktop.services.security import accounts
from desktop.services.security.accounts import OperatorInfo
from tests.conditionality.conftest import CONFIG, MISSED, Claimant, claimant_of

AFTER = MISSED + dt.timedelta(hours=2)
WINDOW_END = dt.date(2026, 11, 25)


def test_an_absence_opens_a_window_and_becomes_a_quarter_month_proposal(
        demo_db: Database, counsellor: OperatorInfo, claimant: Claimant) -> None:
    claimant.miss()
    [absence] = absences.record_absences(demo_db, counsellor, CONFIG, AFTER)
    assert absence.window_until == WINDOW_END and absence.status == "open"
    assert absences.record_absences(demo_db, counsellor, CONFIG, AFTER) == []  # once only
    assert proposals.propose_due(demo_db, counsellor, WINDOW_END) == []  # window still open
    [done] = proposals.propose_due(demo_db, counsellor, WINDOW_END + dt.timedelta(days=1))
    assert done.status == "sanctioned" and done.sanction == "quarter_month"
    assert done.wording == "Prima volta: decurtazione di un quarto di una mensilità."
    with demo_db.read() as session:
        [entry] = session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "sanction_proposal")).all()
    assert entry.entity_id == done.proposal_id


def test_second_and_third_absences_follow_the_table(
        demo_db: Database, counsellor: OperatorInfo, claimant: Claimant) -> None:
    sanctions = []
    for week in range(3):
        at = MISSED + dt.timedelta(days=7 * week)
        claimant.miss(at)
        absences.record_absences(demo_db, counsellor, CONFIG, at + dt.timedelta(hours=2))
        # The demo agenda's own no-shows become proposals too: count the claimant's.
        due = proposals.propose_due(demo_db, counsellor, at.date() + dt.timedelta(days=3))
        [done] = [d for d in due if d.person_id == claimant.person_id]
        sanctions.append((done.sanction, done.wording.split(":")[0]))
    assert sanctions == [("quarter_month", "Prima volta"), ("one_month", "Seconda volta"),
                         ("decadenza", "Ulteriore mancata presentazione")]


def test_without_benefit_the_proposal_is_the_loss_of_status(
        demo_db: Database, counsellor: OperatorInfo) -> None:
    claimant = claimant_of(demo_db, naspi=False)
    claimant.miss()
    absences.record_absences(demo_db, counsellor, CONFIG, AFTER)
    [done] = proposals.propose_due(demo_db, counsellor, WINDOW_END + dt.timedelta(days=1))
    assert done.sanction == "status_loss"
    assert "può perdere lo stato di disoccupazione" in done.wording


def test_a_justified_absence_has_no_sanction(
        demo_db: Database, counsellor: OperatorInfo, claimant: Claimant) -> None:
    claimant.miss()
    [absence] = absences.record_absences(demo_db, counsellor, CONFIG, AFTER)
    justified = absences.justify(demo_db, counsellor, absence.id, "Malattia",
                                 "Certificato medico n. 12345", today=WINDOW_END)
    assert (justified.status, justified.reason, justified.document_ref) == (
        "justified", "Malattia", "Certificato medico n. 12345")
    assert proposals.propose_due(demo_db, counsellor, WINDOW_END + dt.timedelta(days=5)) == []


@pytest.mark.parametrize(("reason", "document", "field", "sentence"), [
    ("", "Cert. 1", "reason", "Scrivi il motivo dell'assenza."),
    ("Malattia", "", "document_ref", "Scrivi il riferimento del documento"),
])
def test_a_justification_without_reason_or_document_is_refused(
        demo_db: Database, counsellor: OperatorInfo, claimant: Claimant, reason: str,
        document: str, field: str, sentence: str) -> None:
    claimant.miss()
    [absence] = absences.record_absences(demo_db, counsellor, CONFIG, AFTER)
    with pytest.raises(ValidationError) as info:
        absences.justify(demo_db, counsellor, absence.id, reason, document, today=WINDOW_END)
    assert info.value.fields[field].startswith(sentence)
    with demo_db.read() as session:
        row = session.get(Absence, absence.id)
        assert row is not None and (row.status, row.reason, row.document_ref) == ("open", "", "")


def test_a_justification_after_the_window_is_refused(
        demo_db: Database, counsellor: OperatorInfo, claimant: Claimant) -> None:
    claimant.miss()
    [absence] = absences.record_absences(demo_db, counsellor, CONFIG, AFTER)
    with pytest.raises(ValidationError, match="Il termine per giustificare questa assenza "
                                              "è scaduto il 25/11/2026"):
        absences.justify(demo_db, counsellor, absence.id, "Malattia", "Cert. 1",
                         today=WINDOW_END + dt.timedelta(days=1))


def test_the_front_desk_cannot_propose_sanctions(demo_db: Database) -> None:
    clerk = accounts.get_operator(demo_db, "g.bellini")
    with pytest.raises(PermissionDenied):
        proposals.propose_due(demo_db, clerk, WINDOW_END)


def test_the_letter_prints_the_patto_wording_and_is_archived(
        demo_db: Database, counsellor: OperatorInfo, claimant: Claimant) -> None:
    claimant.miss()
    absences.record_absences(demo_db, counsellor, CONFIG, AFTER)
    [done] = proposals.propose_due(demo_db, counsellor, WINDOW_END + dt.timedelta(days=1))
    assert done.proposal_id is not None
    rendered = sanction_letter(demo_db, counsellor, done.proposal_id)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages)
                    .split())
    assert "Comunicazione di proposta di sanzione" in text
    assert done.fiscal_code in text
    assert "decurtazione di un quarto di una mensilità" in text
    assert "INPS" in text and "prima mancata presentazione" in text
    archived = record_printed(demo_db, counsellor, rendered)
    assert archived.kind == "sanction_letter" and archived.person_id == claimant.person_id


def test_the_osservatorio_counts_them(demo_db: Database, counsellor: OperatorInfo,
                                      claimant: Claimant) -> None:
    manager = accounts.get_operator(demo_db, "demo")

    def review() -> tuple[int, int]:
        absences.record_absences(demo_db, counsellor, CONFIG,
                                 MISSED + dt.timedelta(days=1, hours=2))
        proposals.propose_due(demo_db, counsellor, WINDOW_END + dt.timedelta(days=1))
        counts = proposals.counts(demo_db, manager)
        return counts.pending_justifications, counts.proposals

    before = review()  # the demo's own missed convocations, counted once
    claimant.miss()
    claimant.miss(MISSED + dt.timedelta(days=1))
    after = review()
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)


def test_the_demo_database_has_missed_convocations_to_work_on(
        demo_db: Database, counsellor: OperatorInfo) -> None:
    """On any day, the demo shows the page at work: three convocations missed in the last
    two weeks, one still inside its justification window, two already proposals."""
    from desktop.demo.convocations import DAYS_AGO, _working_day_before
    from desktop.infra import clock

    today = clock.today()
    window = dt.timedelta(days=CONFIG.justification_days)
    # The last working day before a Monday is three days back: its window is over too.
    expired = sum(1 for ago in DAYS_AGO if _working_day_before(today, ago) + window < today)
    review = proposals.review(demo_db, counsellor, CONFIG)
    states = sorted(item.status for item in review.items)
    assert (review.new_absences, review.proposals) == (3, expired) and expired >= 2
    assert states == ["open"] * (3 - expired) + ["sanctioned"] * expired
    assert proposals.review(demo_db, counsellor, CONFIG).new_absences == 0  # recorded once
