"""Before a Carta is printed: the standards the centre's own configuration contradicts.

A promise of opening hours the site's hours do not add up to, a standard about a service
the site does not offer or no active counter serves, a waiting-time standard other than
the one the Osservatorio measures: each is a problem shown to the operator, who corrects
the configuration or the standard. The Carta is never printed with one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop import formatting
from desktop.documents.charter_texts import CharterTexts
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.charter.hours import WeeklyHours, weekly_hours
from desktop.values.site import SiteInfo


@dataclass(frozen=True)
class Problem:
    standard_id: str
    message: str


class CharterInconsistent(ValidationError):
    """The Carta contradicts the centre's configuration; ``problems`` lists each."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(_("The Carta was not printed: {count} of its standards contradict "
                           "the centre's configuration. Correct the configuration or the "
                           "standard, then print again.").format(count=len(problems)))
        self.problems = problems


def check(site: SiteInfo, texts: CharterTexts) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    hours = weekly_hours(site.opening_hours)
    services = {s.prefix: s for s in site.services if s.active}
    served = {p for c in site.counters if c.active for p in c.service_prefixes}
    wait_standard = int(texts.common.get("wait_standard_minutes", 30))
    for spec in texts.standards:
        if spec.indicator == "opening.hours_per_week":
            problems += _hours(spec.id, spec.promise_text, spec.target, spec.afternoons, hours)
        if spec.service and spec.service not in services:
            problems.append(Problem(spec.id, _(
                "The standard \"{promise}\" is about service {prefix}, which this site does "
                "not offer.").format(promise=spec.promise_text, prefix=spec.service)))
        elif spec.service and spec.service not in served:
            problems.append(Problem(spec.id, _(
                "The standard \"{promise}\" is about service {prefix}, but no active counter "
                "serves it.").format(promise=spec.promise_text, prefix=spec.service)))
        if spec.indicator == "queue.within_standard" and spec.minutes != wait_standard:
            problems.append(Problem(spec.id, _(
                "The standard \"{promise}\" counts {minutes} minutes, but the centre measures "
                "the wait against {standard} minutes.").format(
                promise=spec.promise_text, minutes=spec.minutes, standard=wait_standard)))
    problems += _named_services(texts, set(services))
    if not any(c.active for c in site.counters):
        problems.append(Problem("", _("The site has no active counter.")))
    return tuple(problems)


#: "servizio E", "service D": a ticket prefix the texts send people to.
_NAMED = re.compile(r"\b(?:servizio|service) ([A-Z])\b")


def _named_services(texts: CharterTexts, offered: set[str]) -> list[Problem]:
    """Services the edition's texts send people to that the site does not offer."""
    found: list[Problem] = []
    for service in texts.edition.get("services", []):
        for prefix in sorted(set(_NAMED.findall(str(service.get("how", ""))))):
            if prefix not in offered:
                found.append(Problem("", _(
                    "The service \"{name}\" sends people to service {prefix}, which this "
                    "site does not offer.").format(name=service.get("name", ""), prefix=prefix)))
    return found


def _hours(ident: str, promise: str, target: float | None, afternoons: int | None,
           hours: WeeklyHours) -> list[Problem]:
    found: list[Problem] = []
    for line in hours.unreadable:
        found.append(Problem(ident, _(
            "The opening hours line \"{line}\" cannot be read: write it as "
            "\"Lunedì–Venerdì 9:00–12:30\".").format(line=line)))
    if hours.unreadable:
        return found
    if target is not None and hours.hours + 1e-9 < target:
        found.append(Problem(ident, _(
            "The standard \"{promise}\" promises {target} hours a week, but the site's "
            "opening hours add up to {hours}.").format(
            promise=promise, target=formatting.figure(target),
            hours=formatting.figure(hours.hours))))
    if afternoons and hours.afternoons < afternoons:
        found.append(Problem(ident, _(
            "The standard \"{promise}\" promises {promised} afternoons of opening, but the "
            "site opens on {found}.").format(promise=promise, promised=afternoons,
                                             found=hours.afternoons)))
    return found
