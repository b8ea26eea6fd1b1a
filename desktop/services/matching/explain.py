"""The score's parts in words, for the panel, the rosa and the stored explanation.

Every line has one sign convention: the points the part adds, out of the most it could
add for this vacancy ("+0,26 su 0,35 · occupazione: Camerieri di sala (esperienza)").
Occupations are named by their title, not their code. A part the vacancy does not ask
for says so; a part the vacancy asks for and nothing is known about the person says that
instead, because the operator can fix the second and not the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.matching.score import NOT_REQUIRED, UNKNOWN, Part

EDUCATION_NAMES = {
    "none": N_("No qualification"), "licenza_elementare": N_("Primary school"),
    "licenza_media": N_("Lower secondary (licenza media)"),
    "qualifica": N_("Vocational qualification"), "diploma": N_("Upper secondary diploma"),
    "laurea_triennale": N_("Bachelor's degree"), "laurea": N_("Master's degree"),
    "dottorato": N_("Doctorate"),
}


def part_label(name: str) -> str:
    labels = {
        "occupation": _("occupation"),
        "skills": _("skills"),
        "education": _("education"),
        "languages": _("languages"),
        "distance": _("distance"),
        "contract": _("working hours"),
    }
    return labels[name]


def education_name(code: str) -> str:
    return _(EDUCATION_NAMES[code]) if code in EDUCATION_NAMES else code


def occupation_name(code: str, titles: Mapping[str, str] | None) -> str:
    return (titles or {}).get(code) or code


def _detail(part: Part, titles: Mapping[str, str] | None) -> str:
    if part.name == "occupation":
        why = {"desired": _("desired"), "experience": _("experience"),
               "desired_group": _("a desired occupation of the same group"),
               "experience_group": _("past experience in the same group"),
               "none": _("neither desired nor done before")}[part.detail]
        return f"{occupation_name(part.code, titles)} ({why})"
    if part.name == "skills":
        count, _sep, lacking = part.detail.partition("|")
        shared, asked = count.split("/")
        text = _("{shared} of {asked} asked").format(shared=shared, asked=asked)
        return text + ("; " + _("lacking: {skills}").format(skills=lacking)
                       if lacking else "")
        # (the lacking skills are what the operator can act on)
    if part.name == "education":
        have, _sep, need = part.detail.partition("/")
        return _("{have}, asked {need}").format(have=education_name(have),
                                                need=education_name(need))
    if part.name == "languages":
        return _("asked {languages}").format(languages=part.detail)
    if part.name == "contract":
        return _("part-time") if part.detail == "part_time" else _("full-time")
    return part.detail


def explain_part(part: Part, titles: Mapping[str, str] | None = None) -> str:
    """One line for the operator: the points added, out of the most possible, and why."""
    label = part_label(part.name)
    if part.status == NOT_REQUIRED:
        if part.name == "distance":
            reason = _("the workplace's location is not known")
        else:
            reason = _("not required by this vacancy")
        return _("+{points} · {part}: {reason} (its weight goes to the other parts)").format(
            points=formatting.decimal(0.0, 2), part=label, reason=reason)
    points = _("+{points} of {most}").format(points=formatting.decimal(part.contribution, 2),
                                             most=formatting.decimal(part.most, 2))
    if part.status == UNKNOWN:
        if part.name == "occupation" and part.code:
            reason = _("no desired occupation nor experience recorded for this person")
        elif part.name == "education" and part.detail:
            reason = _("not known about this person (asked {need})").format(
                need=education_name(part.detail))
        else:
            reason = _("not known about this person")
        return f"{points} · {label}: {reason}"
    return f"{points} · {label}: {_detail(part, titles)}"


def part_kind(part: Part) -> str:
    """"gain" (half or more of the most earned), "short" (less), "neutral" (not scored)."""
    if part.status == NOT_REQUIRED:
        return "neutral"
    if part.status == UNKNOWN:
        return "short"
    return "gain" if part.contribution * 2 >= part.most - 1e-9 else "short"


def explain(parts: tuple[Part, ...], titles: Mapping[str, str] | None = None
            ) -> tuple[str, ...]:
    return tuple(explain_part(part, titles) for part in parts)


def parts_to_data(parts: tuple[Part, ...]) -> list[dict[str, Any]]:
    """The parts as plain data, to store with a proposal."""
    return [{"name": p.name, "weight": p.weight, "credit": p.credit, "detail": p.detail,
             "status": p.status, "most_cents": p.most_cents, "cents": p.cents,
             "code": p.code}
            for p in parts]


def parts_from_data(data: list[dict[str, Any]]) -> tuple[Part, ...]:
    return tuple(Part(str(d["name"]), float(d["weight"]),
                      None if d["credit"] is None else float(d["credit"]), str(d["detail"]),
                      str(d["status"]), int(d["most_cents"]), int(d["cents"]), str(d["code"]))
                 for d in data)
