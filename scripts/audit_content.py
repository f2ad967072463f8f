"""Freshness audit of the content: ``make audit-content`` writes ``audit/content.md``.

For every subject and every component the report gives the newest and the oldest
``verified`` date among the claims about it, the secondary sources those claims
still cite, and the claims verified more than ``--max-age`` days (90 by default)
before ``--today``. Site-wide records (crosswalk concepts, claims, FAQ answers) get
a section of their own, and the bibliography a count of primary and secondary
sources.

The content is loaded and validated with the generator itself, so the report sees
exactly what the site is built from. Exit status 1 when the content does not
validate; stale claims are reported, not treated as failures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import model as m
from generator.pipeline import validate
from generator.stages.validate import Content

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Claim:
    """One dated, sourced statement: where it lives, when it was checked, what it cites."""

    where: str
    verified: dt.date
    sources: tuple[str, ...]


@dataclass
class Group:
    """The claims about one subject, one component or the site-wide records."""

    title: str
    claims: list[Claim] = field(default_factory=list)

    def newest(self) -> dt.date | None:
        """Return the most recent verified date, if there are claims."""
        return max((c.verified for c in self.claims), default=None)

    def oldest(self) -> dt.date | None:
        """Return the least recent verified date, if there are claims."""
        return min((c.verified for c in self.claims), default=None)

    def secondary(self, kinds: dict[str, str]) -> list[str]:
        """Return the secondary sources these claims cite, sorted."""
        return sorted({s for c in self.claims for s in c.sources if kinds.get(s) == "secondary"})

    def stale(self, limit: dt.date) -> list[Claim]:
        """Return the claims verified before ``limit``, oldest first."""
        return sorted((c for c in self.claims if c.verified < limit),
                      key=lambda c: (c.verified, c.where))


def _rel(path: str) -> str:
    return path.removeprefix("content/")


def _subject_claims(content: Content, sid: str) -> Iterator[Claim]:
    for entry in content.subjects:
        rec = entry.record
        if rec.id != sid:
            continue
        path = _rel(entry.doc.path)
        rel = rec.latest_release
        yield Claim(f"{path}: latest release {rel.version}", rel.verified, tuple(rel.sources))
        for fact in rec.facts:
            yield Claim(f"{path}: {fact.label}", fact.verified, tuple(fact.sources))
    for cat in content.categories:
        for feature in cat.record.features:
            a = feature.assessments.get(sid)
            if a is not None:
                cited = [*a.sources, *(s for p in a.positions or [] for s in p.sources)]
                yield Claim(f"{_rel(cat.doc.path)}: {feature.id}", a.verified, tuple(cited))
    for dep in content.deployments:
        p = dep.record.paths.get(sid)
        if p is not None:
            yield Claim(f"{_rel(dep.doc.path)}: path", p.verified, tuple(p.sources))


def _component_claims(entry_path: str, comp: m.Component) -> Iterator[Claim]:
    yield Claim(f"{_rel(entry_path)}: status {comp.status.value}", comp.verified,
                tuple(comp.sources))


def _site_wide_claims(content: Content) -> Iterator[Claim]:
    if content.crosswalk is not None:
        path = _rel(content.crosswalk.doc.path)
        for concept in content.crosswalk.record.concepts:
            yield Claim(f"{path}: {concept.id}", concept.verified, tuple(concept.sources))
    if content.claims is not None:
        path = _rel(content.claims.doc.path)
        for claim in content.claims.record.claims:
            yield Claim(f"{path}: {claim.id}", claim.verified, tuple(claim.sources))
    if content.faq is not None:
        path = _rel(content.faq.doc.path)
        for q in content.faq.record.questions:
            yield Claim(f"{path}: {q.id}", q.verified, tuple(q.sources))


def build_groups(content: Content) -> tuple[list[Group], list[Group], Group]:
    """Return the subject groups, the component groups and the site-wide group."""
    subjects = [Group(e.record.name, list(_subject_claims(content, e.record.id)))
                for e in sorted(content.subjects, key=lambda e: e.record.id)]
    components = [Group(e.record.name, list(_component_claims(e.doc.path, e.record)))
                  for e in sorted(content.components, key=lambda e: e.record.id)]
    site_wide = Group("Crosswalk, claims and FAQ", list(_site_wide_claims(content)))
    return subjects, components, site_wide


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _summary_table(groups: Iterable[Group], kinds: dict[str, str], limit: dt.date,
                   first: str) -> list[str]:
    lines = [f"| {first} | Claims | Newest verified | Oldest verified | Older than limit "
             "| Secondary sources cited |",
             "|---|---|---|---|---|---|"]
    for g in groups:
        secondary = ", ".join(f"`{s}`" for s in g.secondary(kinds)) or "none"
        lines.append(f"| {_cell(g.title)} | {len(g.claims)} | {_date(g.newest())} | "
                     f"{_date(g.oldest())} | {len(g.stale(limit))} | {secondary} |")
    return lines


def _stale_lines(groups: Iterable[Group], limit: dt.date, today: dt.date) -> list[str]:
    rows = [(c, g.title) for g in groups for c in g.stale(limit)]
    if not rows:
        return ["None: every claim was verified within the limit."]
    lines = ["| Group | Claim | Verified | Age (days) |", "|---|---|---|---|"]
    for claim, title in rows:
        lines.append(f"| {_cell(title)} | {_cell(claim.where)} | {claim.verified.isoformat()} | "
                     f"{(today - claim.verified).days} |")
    return lines


def render(content: Content, today: dt.date, max_age: int) -> str:
    """Return the report as markdown."""
    limit = today - dt.timedelta(days=max_age)
    kinds: dict[str, str] = {e.record.id: e.record.kind for e in content.sources}
    notes = {e.record.id: e.record.note or "" for e in content.sources}
    subjects, components, site_wide = build_groups(content)
    everything = [*subjects, *components, site_wide]
    total = len(kinds)
    secondary = sorted(s for s, k in kinds.items() if k == "secondary")
    share = 100 * len(secondary) / total if total else 0.0
    cited_by: dict[str, set[str]] = {}
    for g in everything:
        for c in g.claims:
            for s in c.sources:
                cited_by.setdefault(s, set()).add(c.where)

    out = [
        "# Content freshness audit",
        "",
        f"Generated by `make audit-content` for {today.isoformat()}. A claim is listed as old "
        f"when it was verified more than {max_age} days earlier, that is before "
        f"{limit.isoformat()}.",
        "",
        "## Bibliography",
        "",
        f"{total} sources, of which {len(secondary)} secondary ({share:.1f} %).",
        "",
    ]
    if secondary:
        out += ["| Secondary source | Why it is kept | Cited by |", "|---|---|---|"]
        for s in secondary:
            where = "; ".join(sorted(cited_by.get(s, set()))) or "nothing"
            out.append(f"| `{s}` | {_cell(notes[s])} | {_cell(where)} |")
        out.append("")
    out += ["## Subjects", "", *_summary_table(subjects, kinds, limit, "Subject"), "",
            "## Components", "", *_summary_table(components, kinds, limit, "Component"), "",
            "## Site-wide records", "", *_summary_table([site_wide], kinds, limit, "Records"),
            "", f"## Claims older than {max_age} days", "",
            *_stale_lines(everything, limit, today), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Validate the content, then write the freshness report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--out", type=Path, default=ROOT / "audit" / "content.md")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="reference date (YYYY-MM-DD); default: today")
    parser.add_argument("--max-age", type=int, default=90,
                        help="days after which a verified claim is listed as old")
    args = parser.parse_args(argv)
    content, diags = validate(args.content)
    errors = [d for d in diags if d.severity == "error"]
    if content is None or errors:
        for d in errors:
            print(d.format(), file=sys.stderr)
        print(f"audit-content: {len(errors)} content errors; no report written", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(content, args.today, args.max_age), encoding="utf-8")
    print(f"ok: wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
