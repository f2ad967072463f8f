"""Ecosystem components (``components/*.yml``) and the lifecycle page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The lifecycle page, when there are components."""
    if not view.components:
        return []
    return [PagePlan("lifecycle.md", "lifecycle.md.jinja", "Tool lifecycle",
                     "Maintenance status, renames and successors of ecosystem tools.",
                     order=70)]


def _labels(content: Content) -> dict[str, str]:
    return {e.record.id: e.record.name for e in content.components}


KIND = Kind("component", m.Component, "components", "components", pages=pages,
            page_ids=lambda content: {"lifecycle"} if content.components else set(),
            refs={"component": RefKind(_labels, lambda i: f"lifecycle/#tool-{i}")})
