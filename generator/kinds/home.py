"""The site itself (``site.yml``, required) and its home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The home page."""
    from generator import feeds

    links = feeds.links(view, feeds.changes(view))
    return [PagePlan("index.md", "home.md.jinja", view.site.title, view.site.description,
                     {"feeds": links}, order=0)]


KIND = Kind("site", m.Site, "site.yml", "site", required=True, pages=pages,
            page_ids=lambda content: {"index"})
