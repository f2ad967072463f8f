"""The chooser (``chooser.yml``): questions mapped onto use cases, and its page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The chooser page, when there is a chooser."""
    from generator import scoring

    chooser = view.chooser
    if chooser is None:
        return []
    noun = view.site.subject_noun
    return [PagePlan("chooser.md", "chooser.md.jinja", f"Which {noun} for my case?",
                     f"Answer a few questions and get a ranked {noun} with its reasons.",
                     {"chooser": chooser, "chooser_data": scoring.payload(view, chooser),
                      "decision": scoring.decision_table(view, chooser)}, order=20)]


KIND = Kind("chooser", m.Chooser, "chooser.yml", "chooser", pages=pages, open_data=False,
            page_ids=lambda content: {"chooser"} if content.chooser else set())
