"""Cross-record rules, one small function per rule.

Each rule takes the validated :class:`~generator.stages.validate.Content` and returns
diagnostics. ``RULES`` lists them in the order they run; every rule has an
exact-message test in ``tests/test_validate.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from generator import fresh_rules, prose, sanitize
from generator import model as m
from generator.diagnostics import Diagnostic, did_you_mean
from generator.kinds.registry import REGISTRY
from generator.stages.validate import Content, Entry, Rule

DEBRIS = re.compile(
    r"oaicite|contentReference\[|:contentReference|turn\d+search\d+|\ue200|\ue201|"
    r"\bciteturn|utm_source=chatgpt", re.IGNORECASE)
"""Traces that text was pasted from a chat assistant rather than written."""


def _error(at: tuple[str, int, int], message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(at[0], at[1], at[2], "error", message, hint)


def _warning(at: tuple[str, int, int], message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(at[0], at[1], at[2], "warning", message, hint)


def _unknown(kind: str, value: str, known: set[str]) -> tuple[str, str]:
    kinds = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
    hint = did_you_mean(value, known) or (
        f"known {kinds}: {', '.join(sorted(known))}" if len(known) <= 12 else
        f"no {kind} has this id")
    return f"unknown {kind} '{value}'", hint


def file_name_matches_id(content: Content) -> list[Diagnostic]:
    """A record's file name must equal its id, so the id can be found from the URL."""
    out = []
    entries: list[Entry[Any]] = [*content.subjects, *content.categories, *content.use_cases,
                                 *content.deployments, *content.components,
                                 *content.benchmarks]
    for e in entries:
        stem = PurePosixPath(e.doc.path).stem
        if stem != e.record.id:
            out.append(_error(e.at("id"), f"id '{e.record.id}' does not match the file name "
                                          f"'{stem}.yml'",
                              f"rename the file to '{e.record.id}.yml' or set id: {stem}"))
    return out


_LOOKALIKE = str.maketrans({"0": "o", "1": "l"})


def skeleton(ident: str) -> str:
    """Fold an id to what it looks like, so 'pyt0rch' and 'pytorch' compare equal.

    NFKC and case folding first (Unicode look-alikes that normalise), then the
    confusable pairs of UTS #39 that the id alphabet itself contains.
    """
    folded = unicodedata.normalize("NFKC", ident).casefold()
    folded = folded.replace("rn", "m").replace("vv", "w").replace("cl", "d")
    return folded.translate(_LOOKALIKE)


def ids_unique(content: Content) -> list[Diagnostic]:
    """Ids are unique in their collection, and no two of them look alike."""
    out: list[Diagnostic] = []

    def check(kind: str, items: Iterator[tuple[str, tuple[str, int, int]]]) -> None:
        first: dict[str, tuple[str, int, int]] = {}
        looks: dict[str, tuple[str, tuple[str, int, int]]] = {}
        for ident, at in items:
            if ident in first:
                p, line, _ = first[ident]
                out.append(_error(at, f"duplicate {kind} id '{ident}' (first used at "
                                      f"{p}:{line})", "give each one its own id"))
                continue
            first[ident] = at
            other = looks.get(skeleton(ident))
            if other is not None:
                p, line, _ = other[1]
                out.append(_error(at, f"{kind} id '{ident}' is easily confused with "
                                      f"'{other[0]}' ({p}:{line})",
                                  "choose an id that differs in more than look-alike "
                                  "characters"))
            else:
                looks[skeleton(ident)] = (ident, at)

    for kind, entries in (("subject", content.subjects), ("category", content.categories),
                          ("use case", content.use_cases), ("deployment", content.deployments),
                          ("component", content.components), ("benchmark", content.benchmarks)):
        check(kind, ((e.record.id, e.at("id")) for e in entries))

    check("feature", ((f.id, c.at("features", i, "id")) for c, i, f in content.features()))
    check("source", ((s.record.id, s.at("id")) for s in content.sources))
    if content.crosswalk:
        cw = content.crosswalk
        check("concept", ((c.id, cw.at("concepts", i, "id"))
                          for i, c in enumerate(cw.record.concepts)))
    if content.claims:
        cl = content.claims
        check("claim", ((c.id, cl.at("claims", i, "id")) for i, c in enumerate(cl.record.claims)))
    if content.faq:
        fq = content.faq
        check("question", ((q.id, fq.at("questions", i, "id"))
                           for i, q in enumerate(fq.record.questions)))
    if content.topics:
        tp = content.topics
        check("topic", ((t.id, tp.at("topics", i, "id")) for i, t in enumerate(tp.record.topics)))
    if content.chooser:
        ch = content.chooser
        check("question", ((q.id, ch.at("questions", i, "id"))
                           for i, q in enumerate(ch.record.questions)))
    return out


def subjects_resolve(content: Content) -> list[Diagnostic]:
    """Every subject id used anywhere names a subject file."""
    known = content.subject_ids()
    out: list[Diagnostic] = []

    def check(value: str | None, at: tuple[str, int, int]) -> None:
        if value is not None and value not in known:
            out.append(_error(at, *_unknown("subject", value, known)))

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
                out.append(_error(cat.at("features", i, "assessments"),
                                  f"feature '{feature.id}' has no assessment for subject '{sid}'",
                                  "add one; use level: unknown and say why if it cannot be "
                                  "verified"))
    for dep in content.deployments:
        for sid in known:
            if sid not in dep.record.paths:
                out.append(_error(dep.at("paths"), f"deployment '{dep.record.id}' has no path "
                                                   f"for subject '{sid}'",
                                  "add one, even if its only step says there is no maintained "
                                  "path"))
    if content.crosswalk:
        for i, concept in enumerate(content.crosswalk.record.concepts):
            for sid in known:
                if sid not in concept.entries:
                    out.append(_error(content.crosswalk.at("concepts", i, "entries"),
                                      f"concept '{concept.id}' has no entry for subject '{sid}'",
                                      "add one; write 'no equivalent' as its api if none exists"))
    return out


def _source_uses(content: Content) -> Iterator[tuple[str, tuple[str, int, int]]]:
    """Yield every source id used, with where it is used."""
    def walk(entry: Entry[Any], value: Any, loc: tuple[str | int, ...]) -> Iterator[
            tuple[str, tuple[str, int, int]]]:
        if isinstance(value, m.Record):
            for name in type(value).model_fields:
                yield from walk(entry, getattr(value, name), (*loc, name))
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from walk(entry, v, (*loc, k))
        elif isinstance(value, list) and loc and loc[-1] == "sources":
            for j, sid in enumerate(value):
                yield sid, entry.at(*loc, j)
        elif isinstance(value, list):
            for j, v in enumerate(value):
                yield from walk(entry, v, (*loc, j))

    for entry in _all_entries(content):
        if isinstance(entry.record, m.Source):
            continue
        yield from walk(entry, entry.record, ())


def _all_entries(content: Content) -> Iterator[Entry[Any]]:
    """Every record of every registered kind: the one walker all record rules share."""
    for kind in REGISTRY:
        yield from kind.entries(content)


def sources_resolve(content: Content) -> list[Diagnostic]:
    """Every source id cited names a bibliography entry."""
    known = {s.record.id for s in content.sources}
    return [_error(at, *_unknown("source", sid, known))
            for sid, at in _source_uses(content) if sid not in known]


def sources_used(content: Content) -> list[Diagnostic]:
    """A bibliography entry nobody cites is probably a leftover (warning)."""
    used = {sid for sid, _ in _source_uses(content)}
    return [_warning(s.at("id"), f"source '{s.record.id}' is never cited",
                     "cite it from a claim or remove it")
            for s in content.sources if s.record.id not in used]


def sources_distinct(content: Content) -> list[Diagnostic]:
    """Two bibliography entries with the same URL should be one (warning)."""
    first: dict[str, str] = {}
    out = []
    for s in content.sources:
        url = s.record.url.rstrip("/")
        if url in first:
            out.append(_warning(s.at("url"), f"source '{s.record.id}' has the same URL as "
                                             f"'{first[url]}'",
                                "merge the two and cite one id"))
        else:
            first[url] = s.record.id
    return out


def secondary_sources_noted(content: Content) -> list[Diagnostic]:
    """A secondary source must say why it is kept, since primary sources are the rule."""
    return [_error(s.at("kind"), f"source '{s.record.id}' is secondary but has no note",
                   "add note: saying what it shows that no first-party source does, or "
                   "replace it with a primary source")
            for s in content.sources
            if s.record.kind == "secondary" and s.record.note is None]


def features_resolve(content: Content) -> list[Diagnostic]:
    """Feature ids named by use cases and concepts exist."""
    known = {f.id for _, _, f in content.features()}
    out = []
    for uc in content.use_cases:
        for j, reason in enumerate(uc.record.reasons):
            if reason.feature not in known:
                out.append(_error(uc.at("reasons", j, "feature"),
                                  *_unknown("feature", reason.feature, known)))
    if content.crosswalk:
        for i, concept in enumerate(content.crosswalk.record.concepts):
            for j, fid in enumerate(concept.features):
                if fid not in known:
                    out.append(_error(content.crosswalk.at("concepts", i, "features", j),
                                      *_unknown("feature", fid, known)))
    for bench in content.benchmarks:
        for j, fid in enumerate(bench.record.features):
            if fid not in known:
                out.append(_error(bench.at("features", j), *_unknown("feature", fid, known)))
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
                    out.append(_error(content.crosswalk.at("concepts", i, "entries", sid,
                                                           "examples", j),
                                      *_unknown("example", ex, content.example_ids)))
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
                    out.append(_error(content.chooser.at("questions", i, "options", j,
                                                         "use_cases", k),
                                      *_unknown("use case", uid, known)))
    return out


def components_resolve(content: Content) -> list[Diagnostic]:
    """Component ids in deployment paths and successors exist."""
    known = {c.record.id for c in content.components}
    out = []
    for dep in content.deployments:
        for sid, path in dep.record.paths.items():
            for j, link in enumerate(path.chain):
                if link.component not in known:
                    out.append(_error(dep.at("paths", sid, "chain", j, "component"),
                                      *_unknown("component", link.component, known)))
            for j, step in enumerate(path.steps):
                for k, cid in enumerate(step.components):
                    if cid not in known:
                        out.append(_error(dep.at("paths", sid, "steps", j, "components", k),
                                          *_unknown("component", cid, known)))
    for comp in content.components:
        succ = comp.record.successor
        if succ is not None and succ not in known:
            out.append(_error(comp.at("successor"), *_unknown("component", succ, known)))
    return out


def lifecycle_consistent(content: Content) -> list[Diagnostic]:
    """A successor needs a relation, and an active tool has no successor."""
    out = []
    for comp in content.components:
        rec = comp.record
        if rec.successor and rec.relation is None:
            out.append(_error(comp.at("successor"), f"component '{rec.id}' names a successor "
                                                    "but no relation",
                              "add relation: renamed or relation: superseded"))
        if rec.relation and not rec.successor:
            out.append(_error(comp.at("relation"), f"component '{rec.id}' has a relation but "
                                                   "no successor",
                              "add successor: <component id>"))
        if rec.successor and rec.status == m.Status.ACTIVE and rec.relation == "superseded":
            out.append(_error(comp.at("status"), f"component '{rec.id}' is active but "
                                                 "superseded",
                              "set status to maintenance, deprecated or archived"))
    return out


def refs_resolve(content: Content, known_pages: set[str] | None = None) -> list[Diagnostic]:
    """Every 'kind:id' reference names an existing record."""
    known = ref_targets(content)
    out = []
    for entry in _all_entries(content):
        for ref, loc in _refs_in(entry.record, ()):
            kind, _, ident = ref.partition(":")
            pool = known.get(kind, set())
            if ident not in pool:
                message, hint = _unknown(kind.replace("-", " "), ident, pool)
                out.append(_error(entry.at(*loc), message, hint))
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


def _refs_in(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str, tuple[
        str | int, ...]]]:
    if isinstance(value, m.Record):
        for name in type(value).model_fields:
            yield from _refs_in(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _refs_in(v, (*loc, k))
    elif isinstance(value, list):
        for j, v in enumerate(value):
            if loc and loc[-1] in ("related", "covered_by") and isinstance(v, str):
                yield v, (*loc, j)
            else:
                yield from _refs_in(v, (*loc, j))


def disputed_has_positions(content: Content) -> list[Diagnostic]:
    """A disputed claim shows each position with its own sources; others have none."""
    out = []
    for cat, i, feature in content.features():
        for sid, a in feature.assessments.items():
            kind = a.evidence or feature.evidence
            at = cat.at("features", i, "assessments", sid)
            if kind == m.Evidence.DISPUTED and len(a.positions or []) < 2:
                out.append(_error(at, f"feature '{feature.id}', subject '{sid}': a disputed "
                                      "claim needs at least two positions",
                                  "add positions: [{summary, sources}, ...] for each side"))
            if kind != m.Evidence.DISPUTED and a.positions:
                out.append(_error(cat.at("features", i, "assessments", sid, "positions"),
                                  f"feature '{feature.id}', subject '{sid}': positions are only "
                                  "for disputed claims", "set evidence: disputed or remove them"))
    return out


def _dates(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[dt.date, tuple[
        str | int, ...]]]:
    if isinstance(value, m.Record):
        for name in type(value).model_fields:
            yield from _dates(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _dates(v, (*loc, k))
    elif isinstance(value, list):
        for j, v in enumerate(value):
            yield from _dates(v, (*loc, j))
    elif isinstance(value, dt.date) and loc and loc[-1] in ("verified", "accessed"):
        yield value, loc


def dates_not_in_future(content: Content, today: dt.date | None = None) -> list[Diagnostic]:
    """Nothing can be verified or accessed after today."""
    today = today or dt.date.today()
    out = []
    entries: list[Entry[Any]] = list(_all_entries(content))
    for entry in entries:
        for value, loc in _dates(entry.record, ()):
            if value > today:
                out.append(_error(entry.at(*loc), f"{loc[-1]}: date {value} is in the future",
                                  f"use the date you checked it, at most {today}"))
    return out


def _strings(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str, tuple[
        str | int, ...]]]:
    if isinstance(value, m.Record):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*loc, k))
    elif isinstance(value, list):
        for j, v in enumerate(value):
            yield from _strings(v, (*loc, j))
    elif isinstance(value, str):
        yield value, loc


def no_debris(content: Content) -> list[Diagnostic]:
    """Text pasted from a chat assistant carries markers; none may reach the site."""
    out = []
    entries: list[Entry[Any]] = list(_all_entries(content))
    for entry in entries:
        for text, loc in _strings(entry.record, ()):
            hit = DEBRIS.search(text)
            if hit:
                out.append(_error(entry.at(*loc), f"pasted-text debris '{hit.group(0)}'",
                                  "remove it and write the sentence in your own words"))
    for page in content.pages:
        for n, line in enumerate(page.doc.body.splitlines()):
            hit = DEBRIS.search(line)
            if hit:
                out.append(_error((page.doc.path, page.doc.body_line + n, hit.start() + 1),
                                  f"pasted-text debris '{hit.group(0)}'",
                                  "remove it and write the sentence in your own words"))
    return out


SAFE_TAGS = sanitize.TAGS
"""Raw HTML tags a prose page may use: the sanitiser's allow-list (see CONTRIBUTING.md)."""

SAFE_ATTRS = frozenset({"class", *(a for attrs in sanitize.ATTRIBUTES.values() for a in attrs)})
"""Attributes the sanitiser keeps on some element; event handlers and style never are."""

# Linear: a tag's attribute text never crosses another '<', so each '<' is scanned once.
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)>")
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_MD_LINK = re.compile(r"\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _unsafe_url(value: str) -> bool:
    match = _SCHEME.match(value.strip().strip("\"'"))
    return match is not None and match.group(1).lower() not in ("http", "https", "mailto")


def _html_problems(line: str) -> Iterator[tuple[int, str, str]]:
    for tag in _TAG.finditer(line):
        name = tag.group(2).lower()
        if tag.group(1):
            continue  # a closing tag: its opening tag was already judged
        if name not in SAFE_TAGS:
            yield (tag.start() + 1, f"raw HTML tag <{name}> is not allowed in prose pages",
                   "use markdown, or one of: " + ", ".join(sorted(SAFE_TAGS)))
            continue
        for attr in _ATTR.finditer(tag.group(3)):
            key = attr.group(1).lower()
            value = attr.group(2) or ""
            if key not in SAFE_ATTRS:
                yield (tag.start() + 1, f"attribute '{key}' is not allowed on <{name}>",
                       "allowed attributes: " + ", ".join(sorted(SAFE_ATTRS)))
            elif key in ("href", "src") and _unsafe_url(value):
                yield (tag.start() + 1, f"unsafe URL in {key} on <{name}>",
                       "links must be relative, https:, http: or mailto:")
    for link in _MD_LINK.finditer(line):
        if link.group(1).lower() not in ("http", "https", "mailto"):
            yield (link.start(1) + 1, f"unsafe link scheme '{link.group(1)}:'",
                   "links must be relative, https:, http: or mailto:")


def prose_html_safe(content: Content) -> list[Diagnostic]:
    """Prose pages may use only the documented safe HTML tags, attributes and link schemes."""
    out = []
    for page in content.pages:
        fenced = False
        for n, line in enumerate(page.doc.body.splitlines()):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if fenced:
                continue
            # Inline code shows markup as text, so it is safe.
            visible = re.sub(r"`[^`]*`", lambda mm: " " * len(mm.group(0)), line)
            for col, message, hint in _html_problems(visible):
                out.append(_error((page.doc.path, page.doc.body_line + n, col), message, hint))
    return out


MARKDOWN_FIELDS = frozenset({"detail", "scenario", "intro", "answer", "current", "description",
                             "summary"})
"""Fields whose text is rendered as markdown (others are plain text, escaped whole)."""


def data_links_safe(content: Content) -> list[Diagnostic]:
    """Markdown in data fields may link only to relative, https:, http: or mailto: targets."""
    out = []
    for entry in _all_entries(content):
        for text, loc in _strings(entry.record, ()):
            if not loc or loc[-1] not in MARKDOWN_FIELDS:
                continue
            for line in text.splitlines():
                for _, message, hint in _html_problems(line):
                    if message.startswith("unsafe link"):
                        out.append(_error(entry.at(*loc), f"{loc[-1]}: {message}", hint))
    return out


def prose_fragments_valid(content: Content) -> list[Diagnostic]:
    """Prose pages use only the documented fragments, with ids that exist.

    A body is never evaluated as a template; anything that looks like template
    syntax but is not a known fragment is reported where it stands.
    """
    known = {
        "cite": {e.record.id for e in content.sources},
        "rows_table": {f.id for _, _, f in content.features()},
        "category_table": {e.record.id for e in content.categories},
    }
    kinds = {"cite": "source", "rows_table": "feature", "category_table": "category"}
    out = []
    for page in content.pages:
        fragments, problems = prose.scan(page.doc.body)
        for p in problems:
            out.append(_error((page.doc.path, page.doc.body_line + p.line - 1, p.col),
                              p.message, p.hint))
        for frag in fragments:
            if frag.argument is None:
                continue
            ids = [frag.argument] if isinstance(frag.argument, str) else frag.argument
            for ident in ids:
                if ident not in known[frag.name]:
                    out.append(_error((page.doc.path, page.doc.body_line + frag.line - 1,
                                       frag.col),
                                      *_unknown(kinds[frag.name], ident, known[frag.name])))
    return out


def site_url_plain(content: Content) -> list[Diagnostic]:
    """The site's URL has a plain path: every root-relative link and asset is built on it."""
    if content.site is None:
        return []
    url = content.site.record.url
    path = url.split("://", 1)[-1].partition("/")[2]
    if "//" in path or path.startswith("/"):
        return [_error(content.site.at("url"), f"url: the path of '{url}' has an empty "
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
                out.append(_error(comp.at("successor"), "successor cycle: "
                                  + " -> ".join([*seen, nxt]),
                                  "a tool cannot be replaced by itself, directly or not"))
                break
            if nxt in seen:
                break
            seen.append(nxt)
            nxt = succ.get(nxt)
    return out


_AGEING_VERSION = re.compile(
    r"\b(?:latest|newest|current)\b(?:\s+(?:stable\s+)?(?:release|version)s?)?"
    r"(?:\s+(?:is|was|are|were))?[\s,:(]+v?\d+\.\d+(?:\.\d+)*"
    r"|\bv?\d+\.\d+(?:\.\d+)*\)?,?\s+(?:is|was)\s+(?:the\s+)?(?:latest|newest|current)\b",
    re.IGNORECASE)
"""A version number called latest, newest or current: false the day the next one ships."""

_STATUS_WORDS: dict[str, tuple[str, frozenset[m.Status]]] = {
    "actively maintained": ("(?<!longer )(?:actively maintained|actively developed)",
                            frozenset({m.Status.ACTIVE})),
    "in maintenance": ("in (?:limited )?maintenance(?: mode)?|maintenance[- ]only",
                       frozenset({m.Status.MAINTENANCE})),
    "deprecated": ("(?:is|was|has been) deprecated|deprecated (?:since|in|on)",
                   frozenset({m.Status.DEPRECATED, m.Status.ARCHIVED})),
    "archived": ("(?:is|was|has been) archived|archived (?:since|in|on)",
                 frozenset({m.Status.ARCHIVED})),
    "unmaintained": ("no longer maintained|unmaintained",
                     frozenset({m.Status.DEPRECATED, m.Status.ARCHIVED})),
}
"""Status phrases in free text, and the record statuses each agrees with."""


def one_fact_one_place(content: Content) -> list[Diagnostic]:
    """Releases and lifecycle statuses live in their records; free text may not restate them.

    "The newest release is 2.15" turns false the day 2.16 ships while the page's release
    line (from ``latest_release``) moves on; a note calling an archived tool "in
    maintenance" contradicts the status badge beside it.
    """
    comps = [c.record for c in content.components]
    names = sorted(((n, c) for c in comps for n in (c.name, *c.aliases)),
                   key=lambda nc: -len(nc[0]))
    out = []
    entries: list[Entry[Any]] = list(_all_entries(content))
    for entry in entries:
        for text, loc in _strings(entry.record, ()):
            if isinstance(entry.record, m.Source) and loc == ("title",):
                continue  # a source's title is its author's words, dated by 'accessed'
            hit = _AGEING_VERSION.search(text)
            if hit:
                out.append(_error(entry.at(*loc), f"free text calls a version current: "
                                  f"'{hit.group(0)}'", "state releases in latest_release "
                                  "(pages show it with its date), or give the version a date"))
            for name, comp in names:
                for said, agrees in _stated_statuses(text, name, names):
                    if comp.status not in agrees:
                        out.append(_error(entry.at(*loc), f"free text says {name} is {said}, "
                                          f"but its record says '{comp.status.value}'",
                                          f"fix the sentence or components/{comp.id}.yml"))
    return out


def _stated_statuses(text: str, name: str, names: list[tuple[str, m.Component]]
                     ) -> Iterator[tuple[str, frozenset[m.Status]]]:
    """Status phrases that follow ``name`` in the same clause, before another tool is named."""
    for found in re.finditer(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text):
        clause = re.split(r"[.;]\s|\n\n", text[found.end():found.end() + 60], maxsplit=1)[0]
        for other, _ in names:
            if other != name and other in clause:
                clause = clause[:clause.index(other)]
        for said, (pattern, agrees) in _STATUS_WORDS.items():
            if re.match(rf"[^.;]{{0,15}}?\b(?:{pattern})\b", clause, re.IGNORECASE):
                yield said, agrees


RULES: list[Rule] = [
    file_name_matches_id,
    ids_unique,
    subjects_resolve,
    rows_cover_every_subject,
    sources_resolve,
    sources_used,
    sources_distinct,
    secondary_sources_noted,
    features_resolve,
    examples_resolve,
    use_cases_resolve,
    components_resolve,
    lifecycle_consistent,
    refs_resolve,
    disputed_has_positions,
    dates_not_in_future,
    no_debris,
    prose_html_safe,
    prose_fragments_valid,
    successors_acyclic,
    site_url_plain,
    data_links_safe,
    one_fact_one_place,
    *fresh_rules.RULES,
]
"""Every cross-record rule, in the order it runs."""


def run_rules(content: Content) -> list[Diagnostic]:
    """Apply every rule and return all diagnostics."""
    out: list[Diagnostic] = []
    for rule in RULES:
        out.extend(rule(content))
    return out


def stale(content: Content, days: int, today: dt.date) -> list[Diagnostic]:
    """List every claim verified more than ``days`` days before ``today`` (warnings)."""
    limit = today - dt.timedelta(days=days)
    out = []
    for entry in _all_entries(content):
        for value, loc in _dates(entry.record, ()):
            if loc[-1] == "verified" and value < limit:
                out.append(_warning(entry.at(*loc), f"stale: verified {value}, "
                                                    f"{(today - value).days} days ago",
                                    "check it against its sources and update 'verified'"))
    return out
