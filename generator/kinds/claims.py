"""Claims that aged (``claims.yml``) and their page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The claims page, when there are claims."""
    c = content.claims
    if c is None:
        return []
    return [PagePlan("claims.md", "claims.md.jinja", "Claims that aged",
                     "Common claims from older comparisons, checked.", {"claims": c.record},
                     order=76)]


def _labels(content: Content) -> dict[str, str]:
    return {x.id: x.claim for x in content.claims.record.claims} if content.claims else {}


KIND = Kind("claims", m.Claims, "claims.yml", "claims", pages=pages,
            page_ids=lambda content: {"claims"} if content.claims else set(),
            refs={"claim": RefKind(_labels, lambda i: f"claims/#claim-{i}")})
