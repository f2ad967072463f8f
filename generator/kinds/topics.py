"""The topic map (``topics.yml``): where the site covers each topic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The topic map, when there is one."""
    t = content.topics
    if t is None:
        return []
    return [PagePlan("topics.md", "topics.md.jinja", "Topic map",
                     "Where the site covers each topic.", {"topics": t.record}, order=79)]


KIND = Kind("topics", m.Topics, "topics.yml", "topics", pages=pages, open_data=False,
            page_ids=lambda content: {"topics"} if content.topics else set())
