"""Page plans and the one place that knows how a page's source path becomes its URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic


@dataclass
class PagePlan:
    """One page to render: where it goes, with which template and context."""

    src: str
    template: str
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    origin: str | None = None
    """The contributor file or folder this page comes from; None for generated pages."""
    section: str | None = None
    """The top-level navigation section it is listed in, when not its own folder's."""


def url_of(src: str) -> str:
    """Return the directory-style URL of a docs source path ('' for the home page)."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def collisions(plans: list[PagePlan]) -> list[Diagnostic]:
    """A contributor page may never take the URL of another page (it would silently win)."""
    by_url: dict[str, list[PagePlan]] = {}
    for plan in plans:
        by_url.setdefault(url_of(plan.src).casefold(), []).append(plan)
    out = []
    for url, same in sorted(by_url.items()):
        if len(same) < 2:
            continue
        for plan in same:
            if plan.origin is None:
                continue
            others = [p.origin or "a generated page" for p in same if p is not plan]
            out.append(Diagnostic(plan.origin, 1, 1, "error",
                                  f"page URL '/{url}' is already used by {others[0]}",
                                  "rename the file or folder; generated pages keep their URLs"))
    return out
