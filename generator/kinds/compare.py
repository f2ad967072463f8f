"""Comparisons: a picker for any subjects, plus static pages for chosen pairs.

Pair pages grow with the square of the number of subjects, so they are built
only for the pairs ``site.yml`` lists, or for every pair while there are at most
:data:`generator.stages.derive.PAIR_LIMIT` subjects. The picker covers every other
combination on one page, so the site grows linearly with the subjects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The picker and the chosen pair pages."""
    if len(view.subjects) < 2:
        return []
    plans = [PagePlan("compare/index.md", "compare.md.jinja", "Compare",
                      f"Choose any {view.plural} and compare them row by row.", order=40)]
    for pair in view.pairs:
        plans.append(PagePlan(f"compare/{pair.slug}.md", "pair.md.jinja",
                              f"{pair.a.name} vs {pair.b.name}",
                              f"{pair.a.name} and {pair.b.name} compared row by row, with "
                              "sources.", {"pair": pair}))
    return plans


KIND = Kind("compare", None, "", "", pages=pages, open_data=False,
            page_ids=lambda content: {"compare"} if len(content.subjects) > 1 else set(),
            # Pair pages are made from other records, so content cannot point at them.
            refs={"pair": RefKind(lambda content: {}, lambda slug: f"compare/{slug}/")})
