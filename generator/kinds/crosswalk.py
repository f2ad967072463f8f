"""The concept crosswalk (``crosswalk.yml``) and the migration guides made from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The crosswalk and one migration guide per ordered pair of subjects."""
    c = content
    if c.crosswalk is None:
        return []
    plans = [PagePlan("crosswalk.md", "crosswalk.md.jinja", "Concept crosswalk",
                      f"The same concept in each {view.site.subject_noun}.",
                      {"crosswalk": c.crosswalk.record}, order=72),
             PagePlan("migration/index.md", "migrations.md.jinja", "Migration guides",
                      "Moving code between " + ", ".join(s.name for s in view.subjects) + ".",
                      order=73)]
    # One guide each way for every pair that has a pair page: linear growth at any size.
    for pair in view.pairs:
        for a, b in ((pair.a, pair.b), (pair.b, pair.a)):
            plans.append(PagePlan(f"migration/{a.id}-to-{b.id}.md", "migration.md.jinja",
                                  f"Migrating from {a.name} to {b.name}",
                                  f"{a.name} concepts and their {b.name} equivalents.",
                                  {"from_s": a, "to_s": b,
                                   "concepts": c.crosswalk.record.concepts}))
    plans.sort(key=lambda p: p.src)
    return plans


def _labels(content: Content) -> dict[str, str]:
    return {x.id: x.name for x in content.crosswalk.record.concepts} if content.crosswalk \
        else {}


KIND = Kind("crosswalk", m.Crosswalk, "crosswalk.yml", "crosswalk", pages=pages,
            page_ids=lambda content: {"crosswalk", "migration"} if content.crosswalk else set(),
            refs={"concept": RefKind(_labels, lambda i: f"crosswalk/#concept-{i}"),
                  # Guides are made from the crosswalk: templates link them, content cannot.
                  "migration": RefKind(lambda content: {}, lambda i: f"migration/{i}/")})
