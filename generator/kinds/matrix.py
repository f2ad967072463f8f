"""Feature categories (``features/*.yml``): the matrix, with a section per category."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The feature matrix."""
    names = ", ".join(s.name for s in view.subjects)
    return [PagePlan("matrix.md", "matrix.md.jinja", "Feature matrix",
                     f"Every feature of {names} side by side, with sources and dates.",
                     order=10)]


def _categories(content: Content) -> dict[str, str]:
    return {e.record.id: e.record.name for e in content.categories}


def _features(content: Content) -> dict[str, str]:
    return {f.id: f.name for _, _, f in content.features()}


KIND = Kind("category", m.Category, "features", "categories", required=True, pages=pages,
            page_ids=lambda content: {"matrix"},
            refs={"category": RefKind(_categories, lambda i: f"matrix/#cat-{i}"),
                  "feature": RefKind(_features, lambda i: f"matrix/#row-{i}")})
