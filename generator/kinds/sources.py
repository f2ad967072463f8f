"""The bibliography: ``sources/*.yml`` files of entries, and the sources page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The numbered bibliography."""
    return [PagePlan("sources.md", "sources.md.jinja", "Sources",
                     "Every source cited on this site, with the date it was read.", order=90)]


def _labels(content: Content) -> dict[str, str]:
    return {e.record.id: e.record.title for e in content.sources}


KIND = Kind("sources", m.SourceList, "sources", "sources", nested="sources", pages=pages,
            required=True,
            page_ids=lambda content: {"sources"},
            refs={"source": RefKind(_labels, lambda i: f"sources/#src-{i}")})
