"""The person's CV printout (Europass-like, Italian or English), from the curriculum
the registration stores.

For the person it needs only the print permission; for a firm (``vacancy_id``) it also
needs the person's consent in force for that vacancy, and says so on the CV. Like every
printout, :func:`cv_document` renders without archiving (the view archives what the
operator prints or saves) and :func:`print_cv` archives it as saved.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from desktop.documents.cv import LANGUAGES, CurriculumVitae, CvExperience, cv_meta, render_cv
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.consent import CandidateConsent
from desktop.models.matching import Employer, Vacancy
from desktop.models.person import Person
from desktop.services.documents.archive import record_printed
from desktop.services.documents.printing import Printed
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.matching.consent import require_consent
from desktop.services.matching.explain import occupation_name
from desktop.services.matching.profiles import occupation_titles
from desktop.services.organisation.centre import site_info
from desktop.services.people.curriculum import CurriculumForm, load_curriculum
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require

#: Skills the CV lists under "digital skills" (the rest go under "other skills").
DIGITAL = frozenset({
    "excel", "word", "office", "pacchetto office", "powerpoint", "outlook", "sap",
    "informatica", "computer", "pc", "autocad", "photoshop", "gestionale", "erp", "crm",
    "python", "java", "javascript", "sql", "html", "css", "web", "social media", "e-mail",
    "email", "internet", "contabilità informatizzata", "cad", "programmazione"})


def _missing(form: CurriculumForm) -> list[str]:
    """What a CV needs and the curriculum lacks, in words."""
    missing = []
    if not form.education:
        missing.append(_("the education level"))
    if not form.desired:
        missing.append(_("a desired occupation"))
    if not form.experiences:
        missing.append(_("the work experience"))
    return missing


def _address(person: Person) -> str:
    if person.domicile_same or not person.domicile_town:
        town, province = person.residence_town, person.residence_province
    else:
        town, province = person.domicile_town, person.domicile_province
    return f"{town} ({province})" if town and province else town


def cv_document(db: Database, actor: OperatorInfo, person_id: uuid.UUID, lang: str = "it",
                site_code: str = "", vacancy_id: uuid.UUID | None = None,
                issued: dt.date | None = None) -> RenderedDocument:
    """The CV of the person in ``lang`` ("it" or "en"); for the firm of ``vacancy_id``
    only with the person's consent for that vacancy."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    if lang not in LANGUAGES:
        raise ValidationError(_("Choose Italian or English for the CV."),
                              {"lang": _("Choose Italian or English for the CV.")})
    issued = issued or clock.today()
    form = load_curriculum(db, actor, person_id)
    site = site_info(db, site_code)
    with db.read() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        missing = _missing(form)
        if form.empty or len(missing) == 3:
            raise ValidationError(_(
                "{person} has no curriculum to print: {missing} are missing. Record them "
                "in Accoglienza, Curriculum (Ctrl+U), first.").format(
                person=f"{person.surname} {person.name}", missing=", ".join(missing)))
        sent_to = None
        if vacancy_id is not None:
            require(actor, Permission.MATCHING, session)
            vacancy = session.get(Vacancy, vacancy_id)
            if vacancy is None:
                raise NotFoundError(_("This vacancy is no longer in the database."))
            require_consent(session, person_id, vacancy_id)
            employer = session.get(Employer, vacancy.employer_id)
            given = session.scalars(select(CandidateConsent.given_at).where(
                CandidateConsent.person_id == person_id,
                CandidateConsent.vacancy_id == vacancy_id)).one()
            sent_to = (employer.name if employer else "", vacancy.number, given.date())
        titles = occupation_titles(session)
        cv = CurriculumVitae(
            number=f"CV-{site.centre_code}-{issued:%Y%m%d}-{person.id.hex[:6].upper()}"
                   f"-{lang.upper()}",
            lang=lang, issued=issued, centre_name=site.centre_name,
            site_line=f"{site.site_name} · {site.full_address}",
            full_name=f"{person.name} {person.surname}", birth_date=person.birth_date,
            citizenship=person.citizenship, address=_address(person),
            phone=person.mobile or person.phone, email=person.email,
            desired=tuple(occupation_name(c, titles) for c in form.desired),
            experiences=tuple(CvExperience(
                occupation_name(x.occupation_code, titles) if x.code_system == "CP"
                else x.occupation_code, x.employer, x.ateco, x.start, x.end, x.contract)
                for x in form.experiences),
            education=form.education, languages=tuple(
                (x.language, x.level) for x in form.languages),
            digital_skills=tuple(x for x in form.skills if x in DIGITAL),
            other_skills=tuple(x for x in form.skills if x not in DIGITAL),
            licences=form.licences, own_vehicle=form.own_vehicle,
            mobility_km=form.mobility_radius_km, part_time=form.part_time, sent_to=sent_to)
    meta = cv_meta(cv)
    return RenderedDocument(
        render_cv(cv), kind="cv", number=cv.number, version=1, title=meta.title[:200],
        person_id=person_id,
        params={"lang": lang, "issued": issued.isoformat(),
                "vacancy": sent_to[1] if sent_to else ""},
        filename=f"cv-{person.surname.lower()}-{lang}.pdf".replace(" ", "-"))


def print_cv(db: Database, actor: OperatorInfo, person_id: uuid.UUID, lang: str = "it",
             site_code: str = "", vacancy_id: uuid.UUID | None = None,
             issued: dt.date | None = None) -> Printed:
    """The CV, archived as saved (the caller writes the file or sends it)."""
    rendered = cv_document(db, actor, person_id, lang, site_code, vacancy_id, issued)
    return Printed(rendered.pdf, record_printed(db, actor, rendered, how="pdf"))
