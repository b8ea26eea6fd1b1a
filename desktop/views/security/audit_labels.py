"""Audit lines in the operator's language: the services store actions and notes as codes
and short English technical notes (the hash chain covers them as written); this table
turns them into words for display. A test keeps every action the code records labelled."""

from __future__ import annotations

import re
from collections.abc import Callable

from desktop import formatting
from desktop.i18n import N_, _, ngettext

#: Readable names of the actions the services record (``audit.record(..., action, ...)``).
ACTION_NAMES = {
    "login": N_("login"),
    "login.failed": N_("failed login"),
    "login.refused": N_("login refused (account locked)"),
    "logout": N_("logout"),
    "account.locked": N_("account locked"),
    "account.unlocked": N_("account unlocked"),
    "account.created": N_("account created"),
    "account.enabled": N_("account enabled"),
    "account.disabled": N_("account disabled"),
    "account.role_changed": N_("role changed"),
    "password.changed": N_("password changed"),
    "password.change_failed": N_("password change refused"),
    "password.reset": N_("password reset"),
    "person.create": N_("person registered"),
    "person.read": N_("person record viewed"),
    "person.update": N_("person record updated"),
    "person.write": N_("person record changed"),
    "person.merge": N_("person records merged"),
    "person.did": N_("DID declared"),
    "person.did_revoca": N_("DID revoked"),
    "person.did_decadenza": N_("DID lapsed"),
    "person.export": N_("person data exported"),
    "person.erase": N_("person data erased"),
    "person.anonymise": N_("person data anonymised"),
    "curriculum.update": N_("curriculum updated"),
    "document.print": N_("document printed"),
    "document.save": N_("document saved as PDF"),
    "agreement.version": N_("service agreement version saved"),
    "action.record": N_("policy action recorded"),
    "placement.record": N_("placement recorded"),
    "queue.ticket_person": N_("ticket linked to a person"),
    "employer.create": N_("employer registered"),
    "vacancy.create": N_("vacancy registered"),
    "occupation.import": N_("occupations imported"),
    "matching.candidates": N_("candidates searched"),
    "matching.vacancies": N_("vacancies searched for a person"),
    "matching.shortlist": N_("shortlist read"),
    "matching.propose": N_("candidate proposed"),
    "matching.outcome": N_("proposal outcome recorded"),
    "matching.fairness": N_("matching fairness checked"),
    "backup": N_("backup"),
    "restore": N_("restore"),
    "audit.query": N_("audit consulted"),
    "firm.create": N_("firm registered"),
    "firm.update": N_("firm record updated"),
    "firm.site.save": N_("firm site saved"),
    "firm.contact.save": N_("firm contact person saved"),
    "firm.contact.remove": N_("firm contact person removed"),
    "firm.action.create": N_("service to a firm recorded"),
    "vacancy.update": N_("vacancy updated"),
    "vacancy.publish": N_("vacancy published"),
    "vacancy.suspend": N_("vacancy suspended"),
    "vacancy.close": N_("vacancy closed"),
    "consent.give": N_("consent to send the CV given"),
    "consent.withdraw": N_("consent to send the CV withdrawn"),
    "agenda.book": N_("appointment booked"),
    "agenda.cancel": N_("appointment cancelled"),
    "agenda.no_show": N_("appointment missed"),
    "appointment.reminders": N_("appointment reminders planned"),
    "message.retry": N_("message sent again"),
    "person.contact_preference": N_("contact preference recorded"),
    "conditionality.absence": N_("absence recorded"),
    "conditionality.justify": N_("absence justified"),
    "conditionality.no_did": N_("sanction proposal dropped (no DID in force)"),
    "conditionality.proposal": N_("sanction proposal drawn up"),
    "charter.adopt": N_("service charter edition adopted"),
    "complaint.record": N_("complaint recorded"),
    "complaint.answer": N_("complaint answered"),
    "rating.record": N_("satisfaction rating recorded"),
    "queue.ticket_letters": N_("ticket letters changed"),
}

#: What an audit line points at.
TARGET_NAMES = {
    "person": N_("person"), "operator": N_("operator"), "vacancy": N_("vacancy"),
    "employer": N_("employer"), "database": N_("database"), "occupation": N_("occupation"),
    "period": N_("period"), "agreement": N_("agreement"), "document": N_("document"),
    "employer_site": N_("firm site"), "employer_contact": N_("firm contact person"),
    "firm_action": N_("service to a firm"), "appointment": N_("appointment"),
    "message": N_("message"), "complaint": N_("complaint"), "counter": N_("counter"),
    "site": N_("site"), "charter_edition": N_("service charter edition"),
}


def action_name(action: str) -> str:
    known = ACTION_NAMES.get(action)
    return _(known) if known else action


def target_name(target_type: str) -> str:
    known = TARGET_NAMES.get(target_type)
    return _(known) if known else target_type


def _count(singular: str, plural: str) -> Callable[[re.Match[str]], str]:
    def say(match: re.Match[str]) -> str:
        count = int(match["n"])
        return ngettext(singular, plural, count).format(count=count)
    return say


#: The English technical notes services write, as patterns, and their translation.
NOTES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"(?P<n>\d+) people listed"),
     _count("{count} person listed", "{count} people listed")),
    (re.compile(r"(?P<n>\d+) vacancies listed"),
     _count("{count} vacancy listed", "{count} vacancies listed")),
    (re.compile(r"(?P<n>\d+) people"), _count("{count} person", "{count} people")),
    (re.compile(r"(?P<n>\d+) alerts"), _count("{count} alert", "{count} alerts")),
    (re.compile(r"(?P<n>\d+) rows"), _count("{count} row", "{count} rows")),
    (re.compile(r"failure (?P<n>\d+)"), lambda m: _("failed attempt {number}").format(
        number=m["n"])),
    (re.compile(r"delayed (?P<n>\d+)s"), lambda m: _("wait of {seconds} s").format(
        seconds=m["n"])),
    (re.compile(r"unknown or disabled account"), lambda m: _("unknown or disabled account")),
    (re.compile(r"delay lifted"), lambda m: _("wait lifted")),
    (re.compile(r"no delay running"), lambda m: _("no wait running")),
    (re.compile(r"scheduled (?P<name>\S+)"), lambda m: _("scheduled, {name}").format(
        name=m["name"])),
    (re.compile(r"merged (?P<id>\S+)"), lambda m: _("merged {id}").format(id=m["id"])),
    (re.compile(r"vacancy (?P<id>\S+) rank (?P<rank>\d+) score (?P<score>[\d.]+)"),
     lambda m: _("vacancy {id}, rank {rank}, score {score}").format(
         id=m["id"][:8], rank=m["rank"], score=formatting.decimal(float(m["score"]), 2))),
)


def note_text(detail: str) -> str:
    """A stored note in the operator's language (unknown notes are shown as stored)."""
    for pattern, say in NOTES:
        match = pattern.fullmatch(detail)
        if match:
            return say(match)
    period = re.fullmatch(r"(?P<span>\S+\.\.\S+): (?P<rest>.+)", detail)
    if period:
        return f"{period['span'].replace('..', ' – ')}: {note_text(period['rest'])}"
    return detail
