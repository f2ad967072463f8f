"""References resolve: subjects, features, use cases, components, 'kind:id' refs."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, did_you_mean
from generator.kinds.registry import REGISTRY
from generator.stages.rules.walk import (
    all_entries,
    error,
    refs_of,
    unknown,
)
from generator.stages.validate import Content


def subjects_resolve(content: Content) -> list[Diagnostic]:
    """Every subject id used anywhere names a subject file."""
    known = content.subject_ids()
    out: list[Diagnostic] = []

    def check(value: str | None, at: tuple[str, int, int]) -> None:
        if value is not None and value not in known:
            out.append(error(at, *unknown("subject", value, known)))

    for cat, i, feature in content.features():
        for sid in feature.assessments:
            check(sid, cat.at("features", i, "assessments", sid, key=True))
    for uc in content.use_cases:
        check(uc.record.recommendation.subject, uc.at("recommendation", "subject"))
        for j, alt in enumerate(uc.record.alternatives):
            check(alt.subject, uc.at("alternatives", j, "subject"))
    for dep in content.deployments:
        for sid in dep.record.paths:
            check(sid, dep.at("paths", sid, key=True))
    for comp in content.components:
        for j, sid in enumerate(comp.record.subjects):
            check(sid, comp.at("subjects", j))
    if content.crosswalk:
        for i, concept in enumerate(content.crosswalk.record.concepts):
            for sid in concept.entries:
                check(sid, content.crosswalk.at("concepts", i, "entries", sid, key=True))
    if content.timeline:
        for i, event in enumerate(content.timeline.record.events):
            check(event.subject, content.timeline.at("events", i, "subject"))
    for bench in content.benchmarks:
        for i, result in enumerate(bench.record.results):
            check(result.subject, bench.at("results", i, "subject"))
    return out


def rows_cover_every_subject(content: Content) -> list[Diagnostic]:
    """Every matrix row, deployment target and crosswalk concept covers every subject."""
    known = sorted(content.subject_ids())
    out: list[Diagnostic] = []
    for cat, i, feature in content.features():
        for sid in known:
            if sid not in feature.assessments:
                out.append(error(cat.at("features", i, "assessments"),
                                  f"feature '{feature.id}' has no assessment for subject '{sid}'",
                                  "add one; use level: unknown and say why if it cannot be "
                                  "verified"))
    for dep in content.deployments:
        for sid in known:
            if sid not in dep.record.paths:
                out.append(error(dep.at("paths"), f"deployment '{dep.record.id}' has no path "
                                                   f"for subject '{sid}'",
                                  "add one, even if its only step says there is no maintained "
                                  "path"))
    if content.crosswalk:
        for i, concept in enumerate(content.crosswalk.record.concepts):
            for sid in known:
                if sid not in concept.entries:
                    out.append(error(content.crosswalk.at("concepts", i, "entries"),
                                      f"concept '{concept.id}' has no entry for subject '{sid}'",
                                      "add one; write 'no equivalent' as its api if none exists"))
    return out


def features_resolve(content: Content) -> list[Diagnostic]:
    """Feature ids named by use cases and concepts exist."""
    known = {f.id for _, _, f in content.features()}
    out = []
    for uc in content.use_cases:
        for j, reason in enumerate(uc.record.reasons):
            if reason.feature not in known:
                out.append(error(uc.at("reasons", j, "feature"),
                                  *unknown("feature", reason.feature, known)))
    if content.crosswalk:
        for i, concept in enumerate(content.crosswalk.record.concepts):
            for j, fid in enumerate(concept.features):
                if fid not in known:
                    out.append(error(content.crosswalk.at("concepts", i, "features", j),
                                      *unknown("feature", fid, known)))
    for bench in content.benchmarks:
        for j, fid in enumerate(bench.record.features):
            if fid not in known:
                out.append(error(bench.at("features", j), *unknown("feature", fid, known)))
    return out


def examples_resolve(content: Content) -> list[Diagnostic]:
    """Example ids named by crosswalk entries are task folders under examples/."""
    if content.crosswalk is None:
        return []
    out = []
    for i, concept in enumerate(content.crosswalk.record.concepts):
        for sid, entry in concept.entries.items():
            for j, ex in enumerate(entry.examples):
                if ex not in content.example_ids:
                    out.append(error(content.crosswalk.at("concepts", i, "entries", sid,
                                                           "examples", j),
                                      *unknown("example", ex, content.example_ids)))
    return out


def use_cases_resolve(content: Content) -> list[Diagnostic]:
    """Chooser answers point at existing use cases."""
    if content.chooser is None:
        return []
    known = {u.record.id for u in content.use_cases}
    out = []
    for i, q in enumerate(content.chooser.record.questions):
        for j, opt in enumerate(q.options):
            for k, uid in enumerate(opt.use_cases):
                if uid not in known:
                    out.append(error(content.chooser.at("questions", i, "options", j,
                                                         "use_cases", k),
                                      *unknown("use case", uid, known)))
    return out


def components_resolve(content: Content) -> list[Diagnostic]:
    """Component ids in deployment paths and successors exist."""
    known = {c.record.id for c in content.components}
    out = []
    for dep in content.deployments:
        for sid, path in dep.record.paths.items():
            for j, link in enumerate(path.chain):
                if link.component not in known:
                    out.append(error(dep.at("paths", sid, "chain", j, "component"),
                                      *unknown("component", link.component, known)))
            for j, step in enumerate(path.steps):
                for k, cid in enumerate(step.components):
                    if cid not in known:
                        out.append(error(dep.at("paths", sid, "steps", j, "components", k),
                                          *unknown("component", cid, known)))
    for comp in content.components:
        succ = comp.record.successor
        if succ is not None and succ not in known:
            out.append(error(comp.at("successor"), *unknown("component", succ, known)))
    return out


def refs_resolve(content: Content, known_pages: set[str] | None = None) -> list[Diagnostic]:
    """Every 'kind:id' reference names an existing record."""
    known = ref_targets(content)
    out = []
    for entry in all_entries(content):
        for ref, loc in refs_of(entry):
            kind, _, ident = ref.partition(":")
            if kind not in known:
                out.append(error(entry.at(*loc), f"unknown reference kind '{kind}'",
                                 did_you_mean(kind, known) or "kinds: "
                                 + ", ".join(sorted(known))))
                continue
            pool = known.get(kind, set())
            if ident not in pool:
                message, hint = unknown(kind.replace("-", " "), ident, pool)
                out.append(error(entry.at(*loc), message, hint))
    return out


def ref_targets(content: Content) -> dict[str, set[str]]:
    """Return the ids each reference kind can point at (declared by the kinds)."""
    targets = {name: set(ref.labels(content)) for kind in REGISTRY
               for name, ref in kind.refs.items()}
    targets["page"] = targets.get("page", set()) | generated_pages(content)
    return targets


def generated_pages(content: Content) -> set[str]:
    """Return the ids of pages the generator writes itself (usable as 'page:' refs)."""
    return {i for kind in REGISTRY for i in kind.page_ids(content)}
