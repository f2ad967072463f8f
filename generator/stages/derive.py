"""Stage 3 — derive: turn validated records into the view data of every page.

Everything a template shows is computed here once: sorted subjects, numbered
sources, every matrix cell with its icon, label and freshness, the pairs,
lifecycle notices, link labels, and each page with its own data (each kind's
``pages`` function runs here: chooser scoring, charts, example views), then the
navigation. The result (:class:`~generator.stages.views.SiteView`) keeps no loaded
content and no file path, so render only renders. Pair pages reuse the rows
computed once (no hidden quadratic work).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from generator import model as m
from generator import opendata, urls, versions
from generator import packages as pkgs
from generator.kinds.registry import REGISTRY
from generator.scoring import LEVEL_VALUES
from generator.stages import navigation
from generator.stages.validate import Content
from generator.stages.views import (
    LEVELS,
    OPINION,
    STATUS,
    CategoryView,
    CellView,
    ComponentView,
    PairView,
    RowView,
    SiteView,
    SourceView,
    SubjectView,
    compare_key,
)


def pair_verdict(a: SubjectView, b: SubjectView, differing: list[RowView],
                 subjects: list[SubjectView], guides: list[m.UseCase]
                 ) -> tuple[list[tuple[SubjectView, list[m.UseCase]]], dict[str, list[RowView]]]:
    """Return the data a pair page's opening verdict is built from (see :class:`PairView`).

    Guides come from the use cases' recommendations; rows from the support levels, valued
    as the chooser values them; opinion rows never put one ahead.
    """
    order = {s.id: 2 + n for n, s in enumerate(subjects)} | {a.id: 0, b.id: 1}
    by_id = {s.id: s for s in subjects}
    picks = [(by_id[sid], [g for g in guides if g.recommendation.subject == sid])
             for sid in sorted({g.recommendation.subject for g in guides} & by_id.keys(),
                               key=lambda i: order[i])]
    weight: dict[str, int] = {}
    for g in guides:
        for reason in g.reasons:
            weight[reason.feature] = weight.get(reason.feature, 0) + reason.weight
    opinion = {e.value for e in OPINION}
    ahead: dict[str, list[RowView]] = {a.id: [], b.id: []}
    for row in differing:
        if row.evidence in opinion:
            continue
        va, vb = (LEVEL_VALUES.get(row.cells[s].support, 0.0) for s in (a.id, b.id))
        if va != vb:
            ahead[a.id if va > vb else b.id].append(row)
    for rows_ in ahead.values():
        rows_.sort(key=lambda r: -weight.get(r.id, 0))
    return picks, ahead


def _sources(content: Content) -> dict[str, SourceView]:
    ordered = sorted(content.sources, key=lambda e: (e.record.publisher.lower(),
                                                     e.record.title.lower(), e.record.id))
    return {e.record.id: SourceView(e.record.id, n, e.record.url, e.record.title,
                                    e.record.publisher, e.record.accessed, e.record.published,
                                    e.record.kind, e.record.note)
            for n, e in enumerate(ordered, start=1)}


def component_notice(comp: m.Component, successor: m.Component | None) -> str:
    """Return the reader-facing lifecycle notice ('' for an active tool)."""
    since = f" since {comp.status_since.isoformat()}" if comp.status_since else ""
    if successor is not None and comp.relation == "renamed":
        return f"Now called {successor.name}{since}."
    if successor is not None:
        return (f"{STATUS[comp.status][1]}{since}; superseded by {successor.name}.")
    if comp.status in (m.Status.DEPRECATED, m.Status.ARCHIVED):
        return f"No longer maintained ({STATUS[comp.status][1].lower()}{since})."
    if comp.status == m.Status.MAINTENANCE:
        return f"In maintenance only{since}: fixes, no new features."
    return ""


def report_url(site: m.Site, row_id: str, doc_path: str) -> str | None:
    """Return a prefilled 'report a problem' issue URL naming the row and its source file.

    None when the site names no repository: no link is better than a made-up one.
    """
    if site.repository is None:
        return None
    rel = f"{site.content_path}/{Path(doc_path).parent.name}/{Path(doc_path).name}"
    body = (f"Row: `{row_id}`\nSource file: `{rel}`\n\nWhat is wrong:\n\n"
            "Evidence (a primary source URL):\n")
    query = urllib.parse.urlencode({"template": "wrong-data.yml", "title": f"[data] {row_id}: ",
                                    "row": row_id, "file": rel, "body": body})
    return f"{site.repository.rstrip('/')}/issues/new?{query}"


def mention_finder(components: dict[str, ComponentView]) -> Callable[[str], list[
        ComponentView]]:
    """Return a function listing the retired or renamed tools a text mentions.

    Only tools with a notice (deprecated, archived, renamed or superseded) count;
    the regular expression is built once, so each lookup is one scan of the text.
    """
    names: dict[str, ComponentView] = {}
    for comp in components.values():
        if comp.record.successor or comp.record.status in (m.Status.DEPRECATED,
                                                           m.Status.ARCHIVED):
            for name in (comp.record.name, *comp.record.aliases):
                names[name.lower()] = comp
    if not names:
        return lambda text: []
    pattern = re.compile(r"(?<![\w.])(" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w])",
        re.IGNORECASE)

    folded = {n.casefold(): c for n, c in names.items()}

    def owner(said: str) -> ComponentView | None:
        # The pattern ignores case as the re module does, where 'ſ' is 's' and 'µ' is
        # 'μ'; lower() does not fold those, so look further before giving up.
        comp = names.get(said.lower()) or folded.get(said.casefold())
        if comp is None:
            comp = next((c for n, c in names.items()
                         if re.fullmatch(re.escape(n), said, re.IGNORECASE)), None)
        return comp

    def find(text: str) -> list[ComponentView]:
        found: dict[str, ComponentView] = {}
        for hit in pattern.finditer(text):
            comp = owner(hit.group(1))
            if comp is not None:
                found.setdefault(comp.record.id, comp)
        return list(found.values())
    return find


def derive(content: Content, today: dt.date | None = None) -> SiteView:
    """Compute the view data of every page, its plan and the navigation."""
    assert content.site is not None
    site = content.site.record
    today = today or dt.date.today()
    stale_before = today - dt.timedelta(days=site.stale_after_days)
    sources = _sources(content)
    subjects = sorted((SubjectView(e.record.id, e.record.name, e.record,
                                   urls.path(f"subject:{e.record.id}"),
                                   tuple(pkgs.parse_valid(p) for p in e.record.packages))
                       for e in content.subjects),
                      key=lambda s: (s.name.lower(), s.id))
    latest = {s.id: s.record.latest_release.version for s in subjects
              if s.record.latest_release is not None}
    order = [s.id for s in subjects]

    categories: list[CategoryView] = []
    rows: dict[str, RowView] = {}
    used: set[str] = set()
    dates: list[dt.date] = []
    for cat_entry in sorted(content.categories, key=lambda c: (c.record.order, c.record.id)):
        cat = cat_entry.record
        view = CategoryView(cat.id, cat.name, cat.description or "", [])
        for feature in cat.features:
            cells = {}
            for sid in order:
                a = feature.assessments[sid]
                evidence = a.evidence or feature.evidence
                icon, label = OPINION.get(evidence) or LEVELS[a.level]
                key = evidence.value if evidence in OPINION else a.level.value
                used.add(key)
                verified = a.checked()
                dates.append(verified)
                cells[sid] = CellView(
                    sid, key, a.level.value, icon, label, evidence.value,
                    a.summary or "", a.detail, a.since,
                    [sources[s] for s in a.cited()], verified, verified < stale_before,
                    [(p.summary, [sources[s] for s in p.sources]) for p in a.positions or []],
                    checked_version=a.checked_version,
                    newer_release=(latest[sid] if sid in latest and versions.newer_minor(
                        a.checked_version, latest[sid]) else None),
                    history=list(a.history or []))
            for cell in cells.values():
                cell.cmp = hashlib.sha1(compare_key(cell).encode()).hexdigest()[:10]
            row = RowView(feature.id, feature.name, feature.description or "", cat.id,
                          feature.evidence.value, cells, feature.related,
                          report_url(site, feature.id, cat_entry.doc.path))
            view.rows.append(row)
            rows[feature.id] = row
        categories.append(view)

    by_id = {c.record.id: c.record for c in content.components}
    components: dict[str, ComponentView] = {}
    for cid in sorted(by_id):
        comp = by_id[cid]
        succ = by_id.get(comp.successor) if comp.successor else None
        icon, label = STATUS[comp.status]
        components[cid] = ComponentView(comp, icon, label, component_notice(comp, succ), succ,
                                        [pkgs.parse_valid(p) for p in comp.packages])

    mention = mention_finder(components)
    for row in rows.values():
        for cell in row.cells.values():
            cell.notices = mention(cell.summary + " " + (cell.detail or ""))

    guides = [e.record for e in content.use_cases]
    pairs = []
    for left, right in chosen_pairs(site, subjects):
        differing: list[RowView] = []
        same: list[RowView] = []
        for r in rows.values():
            (differing if r.differs([left.id, right.id]) else same).append(r)
        picks, ahead = pair_verdict(left, right, differing, subjects, guides)
        pairs.append(PairView(left, right, f"{left.id}-vs-{right.id}", differing,
                              len(same), same, picks, ahead))

    legend_keys = [lv.value for lv in LEVELS] + [ev.value for ev in OPINION]
    legend = []
    for key in legend_keys:
        if key in used:
            icon, label = (LEVELS[m.Level(key)] if key in m.Level._value2member_map_
                           else OPINION[m.Evidence(key)])
            legend.append((key, icon, label))
    out = SiteView(
        site=site, today=today, subjects=subjects, categories=categories, rows=rows,
        sources=sources, components=components, pairs=pairs, plural=plural(site),
        levels_used=legend, oldest_verified=min(dates, default=None),
        newest_verified=max(dates, default=None), mentions=mention, use_cases=guides,
        chooser=content.chooser.record if content.chooser else None,
        claims={c.id: c for c in content.claims.record.claims} if content.claims else {},
        page_ids=frozenset().union(*(k.page_ids(content) for k in REGISTRY)),
        labels={name: ref.labels(content) for k in REGISTRY for name, ref in k.refs.items()},
        open_records=opendata.records(content))
    out.pages = [plan for k in REGISTRY if k.pages is not None
                 for plan in k.pages(out, content)]
    out.not_in_nav = navigation.omitted(out.pages)
    out.nav = navigation.nav(out.pages, set(out.not_in_nav))
    return out


PAIR_LIMIT = 5
"""Every pair gets its own page while there are at most this many subjects (10 pages);
beyond, only the pairs ``site.yml`` lists do, and the compare picker covers the rest."""


def chosen_pairs(site: m.Site, subjects: list[SubjectView]) -> list[tuple[SubjectView,
                                                                           SubjectView]]:
    """The pairs that get a static page (see :data:`PAIR_LIMIT`)."""
    if site.pairs is None:
        return list(itertools.combinations(subjects, 2)) if len(subjects) <= PAIR_LIMIT \
            else []
    by_id = {s.id: s for s in subjects}
    out = []
    for a, b in site.pairs:
        left, right = sorted((by_id[a], by_id[b]), key=lambda s: (s.name.lower(), s.id))
        out.append((left, right))
    return out


def plural(site: m.Site) -> str:
    """The plural of the subject noun: configured, else the regular English plural."""
    if site.subject_plural:
        return site.subject_plural
    noun = site.subject_noun
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"
