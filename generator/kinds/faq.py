"""Questions and answers (``faq.yml``) and the FAQ page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The FAQ, when there is one."""
    f = content.faq
    if f is None:
        return []
    return [PagePlan("faq.md", "faq.md.jinja", "FAQ",
                     "Questions readers ask, answered with sources.", {"faq": f.record},
                     order=78)]


def _labels(content: Content) -> dict[str, str]:
    return {x.id: x.question for x in content.faq.record.questions} if content.faq else {}


KIND = Kind("faq", m.Faq, "faq.yml", "faq", pages=pages,
            page_ids=lambda content: {"faq"} if content.faq else set(),
            refs={"faq": RefKind(_labels, lambda i: f"faq/#q-{i}")})
