"""Chooser scoring, computed from use-case reasons and matrix levels (no rules in scripts).

A chosen answer selects use cases; every reason of those use cases (a matrix
row and its weight) adds ``weight × value(level)`` to each subject. The same
numbers feed the static decision table (no JavaScript) and the JSON the
chooser script reads, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.derive import SiteView

LEVEL_VALUES: dict[str, float] = {
    "yes": 1.0,
    "info": 0.0,
    "partial": 0.5,
    "plugin": 0.5,
    "deprecated": 0.25,
    "no": 0.0,
    "unknown": 0.0,
}
"""How much each support level counts toward a row's weight."""


@dataclass
class Contribution:
    """What one row added to one subject's score."""

    feature: str
    use_case: str
    weight: int
    level: str
    points: float


@dataclass
class Ranked:
    """A subject's total with the contributions that make it up."""

    subject: str
    score: float
    contributions: list[Contribution] = field(default_factory=list)


def rank(view: SiteView, use_case_ids: list[str]) -> list[Ranked]:
    """Rank subjects for the given use cases, best first.

    Ties are broken by how many of the chosen guides recommend the subject, then by name.
    """
    ucs = {e.record.id: e.record for e in view.content.use_cases}
    levels = _levels(view)
    totals = {s.id: Ranked(s.id, 0.0) for s in view.subjects}
    for uid in dict.fromkeys(use_case_ids):
        for reason in ucs[uid].reasons:
            for sid, ranked in totals.items():
                level = levels[reason.feature][sid]
                points = reason.weight * LEVEL_VALUES[level]
                ranked.score += points
                ranked.contributions.append(
                    Contribution(reason.feature, uid, reason.weight, level, points))
    names = {s.id: s.name.lower() for s in view.subjects}
    # Ties go to the subject the chosen guides recommend most often, then by name.
    votes = {sid: sum(1 for uid in dict.fromkeys(use_case_ids)
                      if ucs[uid].recommendation.subject == sid) for sid in totals}
    return sorted(totals.values(), key=lambda r: (-r.score, -votes[r.subject],
                                                  names[r.subject]))


def _levels(view: SiteView) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for cat in view.content.categories:
        for feat in cat.record.features:
            out[feat.id] = {sid: a.level.value for sid, a in feat.assessments.items()}
    return out


def payload(view: SiteView) -> dict[str, Any]:
    """Return the chooser's data: questions, use cases with reasons, levels and values."""
    chooser = view.content.chooser
    assert chooser is not None
    return {
        "subjects": [{"id": s.id, "name": s.name} for s in view.subjects],
        "questions": [{"id": q.id, "text": q.text,
                       "options": [{"id": o.id, "label": o.label, "use_cases": o.use_cases}
                                   for o in q.options]} for q in chooser.record.questions],
        "use_cases": {e.record.id: {
            "title": e.record.title,
            "recommendation": e.record.recommendation.subject,
            "summary": e.record.recommendation.summary,
            "reasons": [{"feature": r.feature, "name": view.rows[r.feature].name,
                         "weight": r.weight, "why": r.why} for r in e.record.reasons],
            "alternatives": [{"subject": a.subject, "when": a.when}
                             for a in e.record.alternatives],
        } for e in view.content.use_cases},
        "levels": {fid: lv for fid, lv in _levels(view).items()
                   if any(fid == r.feature for e in view.content.use_cases
                          for r in e.record.reasons)},
        "values": LEVEL_VALUES,
    }


def decision_table(view: SiteView) -> list[dict[str, Any]]:
    """Return, for every question option, the ranking it alone produces (static fallback)."""
    chooser = view.content.chooser
    assert chooser is not None
    names = {s.id: s.name for s in view.subjects}
    rows = []
    for q in chooser.record.questions:
        for o in q.options:
            ranking = rank(view, o.use_cases)
            rows.append({"question": q.text, "answer": o.label, "option": f"{q.id}={o.id}",
                         "ranking": [(names[r.subject], r.score) for r in ranking]})
    return rows
