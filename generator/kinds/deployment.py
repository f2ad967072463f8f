"""Deployment targets (``deployment/*.yml``): an index and one page per target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The targets, when there are any."""
    deps = sorted(content.deployments, key=lambda e: e.record.id)
    if not deps:
        return []
    plans = [PagePlan("deployment/index.md", "deployments.md.jinja", "Deployment",
                      f"How each {view.site.subject_noun} gets to each target, with every "
                      "tool's status.",
                      {"deployments": [e.record for e in deps],
                       "lifecycle": bool(view.components)}, order=60)]
    for d in deps:
        plans.append(PagePlan(f"deployment/{d.record.id}.md", "deployment.md.jinja",
                              d.record.title, f"Paths to {d.record.title.lower()}, with every "
                              "tool's status.", {"dep": d.record}))
    return plans


def _labels(content: Content) -> dict[str, str]:
    return {e.record.id: e.record.title for e in content.deployments}


KIND = Kind("deployment", m.Deployment, "deployment", "deployments", pages=pages,
            page_ids=lambda content: {"deployment"} if content.deployments else set(),
            refs={"deployment": RefKind(_labels, lambda i: f"deployment/{i}/")})
