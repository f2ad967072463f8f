"""What changed: a page (and feeds) built from every dated record, when there are any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds import Kind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The changes page; only dated records make it (see :mod:`generator.feeds`)."""
    from generator import feeds

    changes = feeds.changes(view)
    if not changes:
        return []
    return [PagePlan("changes.md", "changes.md.jinja", "What changed",
                     "New releases, lifecycle changes, claims that aged and verdicts that "
                     "changed, newest first.",
                     {"changes": changes, "feeds": feeds.links(view, changes),
                      "subject_feeds": [(s, feeds.subject_feed(s.id)) for s in view.subjects
                                        if any(s.id in c.subjects for c in changes)]},
                     order=75)]


KIND = Kind("changes", None, "", "", pages=pages, open_data=False)
