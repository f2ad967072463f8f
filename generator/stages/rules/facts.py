"""Facts and lifecycles: dates, disputed claims, successors, the site's URL."""

from __future__ import annotations

import datetime as dt

from generator import model as m
from generator.diagnostics import Diagnostic
from generator.stages.rules.walk import all_entries, dates_of, error
from generator.stages.validate import Content


def lifecycle_consistent(content: Content) -> list[Diagnostic]:
    """A successor needs a relation, and an active tool has no successor."""
    out = []
    for comp in content.components:
        rec = comp.record
        if rec.successor and rec.relation is None:
            out.append(error(comp.at("successor"), f"component '{rec.id}' names a successor "
                                                    "but no relation",
                              "add relation: renamed or relation: superseded"))
        if rec.relation and not rec.successor:
            out.append(error(comp.at("relation"), f"component '{rec.id}' has a relation but "
                                                   "no successor",
                              "add successor: <component id>"))
        if rec.successor and rec.status == m.Status.ACTIVE and rec.relation == "superseded":
            out.append(error(comp.at("status"), f"component '{rec.id}' is active but "
                                                 "superseded",
                              "set status to maintenance, deprecated or archived"))
    return out


def disputed_has_positions(content: Content) -> list[Diagnostic]:
    """A disputed claim shows each position with its own sources; others have none."""
    out = []
    for cat, i, feature in content.features():
        for sid, a in feature.assessments.items():
            kind = a.evidence or feature.evidence
            at = cat.at("features", i, "assessments", sid)
            if kind == m.Evidence.DISPUTED and len(a.positions or []) < 2:
                out.append(error(at, f"feature '{feature.id}', subject '{sid}': a disputed "
                                      "claim needs at least two positions",
                                  "add positions: [{summary, sources}, ...] for each side"))
            if kind != m.Evidence.DISPUTED and a.positions:
                out.append(error(cat.at("features", i, "assessments", sid, "positions"),
                                  f"feature '{feature.id}', subject '{sid}': positions are only "
                                  "for disputed claims", "set evidence: disputed or remove them"))
    return out


def measurements_ordered(content: Content) -> list[Diagnostic]:
    """A measurement's five numbers come in order: min, q1, median, q3, max.

    Out of order they draw a box plot whose whiskers point inward or run off the chart.
    """
    out = []
    for bench in content.benchmarks:
        for i, r in enumerate(bench.record.results):
            numbers = (r.min, r.q1, r.median, r.q3, r.max)
            if list(numbers) != sorted(numbers):
                out.append(error(bench.at("results", i),
                                 f"{r.subject}, {r.variant}: expected min ≤ q1 ≤ median ≤ q3 "
                                 f"≤ max, got {' ≤ '.join(f'{n:g}' for n in numbers)}",
                                 "copy the five numbers from the run's summary"))
    return out


def dates_not_in_future(content: Content, today: dt.date | None = None) -> list[Diagnostic]:
    """Nothing can be verified or accessed after today."""
    today = today or dt.date.today()
    out = []
    for entry in all_entries(content):
        for value, loc in dates_of(entry):
            if value > today:
                out.append(error(entry.at(*loc), f"{loc[-1]}: date {value} is in the future",
                                  f"use the date you checked it, at most {today}"))
    return out


def site_url_plain(content: Content) -> list[Diagnostic]:
    """The site's URL has a plain path: every root-relative link and asset is built on it."""
    if content.site is None:
        return []
    url = content.site.record.url
    path = url.split("://", 1)[-1].partition("/")[2]
    if "//" in path or path.startswith("/"):
        return [error(content.site.at("url"), f"url: the path of '{url}' has an empty "
                       "segment ('//')", "write single slashes, for example "
                       "https://example.org/site/")]
    return []


def successors_acyclic(content: Content) -> list[Diagnostic]:
    """Following 'successor' links must end, never loop back."""
    succ = {c.record.id: c.record.successor for c in content.components}
    out = []
    for comp in content.components:
        seen = [comp.record.id]
        nxt = succ.get(comp.record.id)
        while nxt is not None and nxt in succ:
            if nxt == comp.record.id:
                out.append(error(comp.at("successor"), "successor cycle: "
                                  + " -> ".join([*seen, nxt]),
                                  "a tool cannot be replaced by itself, directly or not"))
                break
            if nxt in seen:
                break
            seen.append(nxt)
            nxt = succ.get(nxt)
    return out
