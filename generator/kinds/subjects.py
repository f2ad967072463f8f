"""Subjects (``subjects/*.yml``): the overview and one page per subject."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The subjects overview and one page per subject."""
    from generator import feeds

    changes = feeds.changes(view)
    names = ", ".join(s.name for s in view.subjects)
    plans = [PagePlan("subjects/index.md", "subjects.md.jinja", view.plural.capitalize(),
                      f"Overview of {names}.", order=30)]
    for s in view.subjects:
        plans.append(PagePlan(f"subjects/{s.id}.md", "subject.md.jinja", s.name,
                              f"{s.name}: facts and every matrix row, sourced.",
                              {"subject": s, "feed": feeds.subject_feed(s.id) if any(
                                  s.id in c.subjects for c in changes) else None}))
    return plans


def _labels(content: Content) -> dict[str, str]:
    return {e.record.id: e.record.name for e in content.subjects}


KIND = Kind("subject", m.Subject, "subjects", "subjects", required=True, pages=pages,
            page_ids=lambda content: {"subjects"},
            refs={"subject": RefKind(_labels, lambda i: f"subjects/{i}/")})
