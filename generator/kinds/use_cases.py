"""Use-case guides (``use-cases/*.yml``): an index and one page per guide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The guides, when there are any."""
    ucs = sorted(content.use_cases, key=lambda e: e.record.title.lower())
    if not ucs:
        return []
    plans = [PagePlan("use-cases/index.md", "use-cases.md.jinja", "Use cases",
                      f"Which {view.site.subject_noun} to pick for each use case, and why.",
                      {"use_cases": [e.record for e in ucs]}, order=50)]
    for e in ucs:
        plans.append(PagePlan(f"use-cases/{e.record.id}.md", "use-case.md.jinja",
                              e.record.title, e.record.recommendation.summary, {"uc": e.record}))
    return plans


def _labels(content: Content) -> dict[str, str]:
    return {e.record.id: e.record.title for e in content.use_cases}


KIND = Kind("use_case", m.UseCase, "use-cases", "use_cases", pages=pages,
            page_ids=lambda content: {"use-cases"} if content.use_cases else set(),
            refs={"use-case": RefKind(_labels, lambda i: f"use-cases/{i}/")})
