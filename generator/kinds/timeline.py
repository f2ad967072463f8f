"""Dated milestones (``timeline.yml``) and the timeline page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The timeline, when there is one."""
    t = content.timeline
    if t is None:
        return []
    return [PagePlan("timeline.md", "timeline.md.jinja", "Timeline", "Dated, cited milestones.",
                     {"timeline": t.record}, order=74)]


KIND = Kind("timeline", m.Timeline, "timeline.yml", "timeline", pages=pages,
            page_ids=lambda content: {"timeline"} if content.timeline else set())
