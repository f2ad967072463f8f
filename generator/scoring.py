"""Chooser scoring, computed from use-case reasons and matrix levels (no rules in scripts).

A chosen answer selects use cases; every reason of those use cases (a matrix
row and its weight) adds ``weight × value(level)`` to each subject. A row that
several chosen guides name counts once, at its highest weight: otherwise two
answers that pull in overlapping guides would count, say, the Hugging Face row
twice and outvote a guide that names it once. The same
numbers feed the static decision table (no JavaScript) and the JSON the
chooser script reads, so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import model as m
from generator import urls
from generator.stages.views import SiteView

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
    ucs = {uc.id: uc for uc in view.use_cases}
    levels = _levels(view)
    totals = {s.id: Ranked(s.id, 0.0) for s in view.subjects}
    for uid, feature, weight in _reasons(ucs, use_case_ids):
        for sid, ranked in totals.items():
            level = levels[feature][sid]
            points = weight * LEVEL_VALUES[level]
            ranked.score += points
            ranked.contributions.append(Contribution(feature, uid, weight, level, points))
    names = {s.id: s.name.lower() for s in view.subjects}
    # Ties go to the subject the chosen guides recommend most often, then by name.
    votes = {sid: sum(1 for uid in dict.fromkeys(use_case_ids)
                      if ucs[uid].recommendation.subject == sid) for sid in totals}
    return sorted(totals.values(), key=lambda r: (-r.score, -votes[r.subject],
                                                  names[r.subject]))


def _reasons(ucs: dict[str, Any], use_case_ids: list[str]) -> list[tuple[str, str, int]]:
    """Return (use case, row, weight) with each row once, at its highest weight.

    The row is credited to the first chosen guide that gives it that weight.
    """
    best: dict[str, tuple[str, str, int]] = {}
    for uid in dict.fromkeys(use_case_ids):
        for reason in ucs[uid].reasons:
            seen = best.get(reason.feature)
            if seen is None or reason.weight > seen[2]:
                best[reason.feature] = (uid, reason.feature, reason.weight)
    return list(best.values())


def verdict(view: SiteView, use_case_ids: list[str]) -> str:
    """Return one sentence that says how the top pick relates to the chosen guides.

    The chooser and the guides must never silently disagree: when the guides behind
    the answers recommend different subjects, or the top two scores tie, this says so.
    """
    ucs = {uc.id: uc for uc in view.use_cases}
    names = {s.id: s.name for s in view.subjects}
    chosen = list(dict.fromkeys(use_case_ids))
    ranking = rank(view, chosen)
    top = ranking[0]
    recs = {ucs[u].recommendation.subject for u in chosen}
    if len(recs) > 1:
        return ("The guides behind your answers disagree: "
                + "; ".join(f"{ucs[u].title} recommends {names[ucs[u].recommendation.subject]}"
                            for u in chosen)
                + f". Over all their rows, {names[top.subject]} scores highest.")
    if len(ranking) > 1 and ranking[1].score == top.score:
        return (f"{names[top.subject]} and {names[ranking[1].subject]} tie on points; "
                f"the guide recommends {names[top.subject]}, so it ranks first.")
    guides = "The guide behind your answers recommends" if len(chosen) == 1 else \
        f"All {len(chosen)} guides behind your answers recommend"
    return f"{guides} {names[top.subject]}, and it scores highest."


def _levels(view: SiteView) -> dict[str, dict[str, str]]:
    return {fid: {sid: cell.support for sid, cell in row.cells.items()}
            for fid, row in view.rows.items()}


def alike_rows(view: SiteView, features: set[str] | list[str]) -> list[str]:
    """The rows among ``features`` on which every subject's cell is alike.

    Alike as :func:`generator.stages.views.alike` says: such a row adds the same points to
    each subject, so the result lists it apart from the rows that decided the ranking.
    """
    ids = [s.id for s in view.subjects]
    return sorted(f for f in features if not view.rows[f].differs(ids))


def payload(view: SiteView, chooser: m.Chooser) -> dict[str, Any]:
    """Return the chooser's data: questions, use cases with reasons, levels and values."""
    named = {r.feature for uc in view.use_cases for r in uc.reasons}
    return {
        "subjects": [{"id": s.id, "name": s.name} for s in view.subjects],
        "questions": [{"id": q.id, "text": q.text,
                       "options": [{"id": o.id, "label": o.label, "use_cases": o.use_cases}
                                   for o in q.options]} for q in chooser.questions],
        "use_cases": {uc.id: {
            "title": uc.title,
            "recommendation": uc.recommendation.subject,
            "summary": uc.recommendation.summary,
            "url": urls.href(view.site.url, f"use-case:{uc.id}"),
            "reasons": [{"feature": r.feature, "name": view.rows[r.feature].name,
                         "url": urls.href(view.site.url, f"feature:{r.feature}"),
                         "weight": r.weight, "why": r.why} for r in uc.reasons],
            "alternatives": [{"subject": a.subject, "when": a.when}
                             for a in uc.alternatives],
        } for uc in view.use_cases},
        "levels": {fid: lv for fid, lv in _levels(view).items() if fid in named},
        "alike": alike_rows(view, named),
        "plural": view.plural,
        "values": LEVEL_VALUES,
    }


def decision_table(view: SiteView, chooser: m.Chooser) -> list[dict[str, Any]]:
    """Return, for every question option, the ranking it alone produces (static fallback)."""
    names = {s.id: s.name for s in view.subjects}
    rows = []
    for q in chooser.questions:
        for o in q.options:
            ranking = rank(view, o.use_cases)
            rows.append({"question": q.text, "answer": o.label, "option": f"{q.id}={o.id}",
                         "ranking": [(names[r.subject], r.score) for r in ranking]})
    return rows
