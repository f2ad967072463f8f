"""Prose pages (``pages/**/*.md``): markdown with front matter and named fragments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """One page per prose file, at its path under ``pages/``."""
    from generator.stages.validate import page_id

    plans = []
    for page in sorted(content.pages, key=lambda e: (e.record.order, page_id(e.doc))):
        plans.append(PagePlan(f"{page_id(page.doc)}.md", "prose.md.jinja", page.record.title,
                              page.record.description,
                              {"body": page.doc.body, "body_path": page.doc.path,
                               "body_line": page.doc.body_line}, order=page.record.order,
                              origin=page.doc.path, section=page.record.section))
    return plans


def _labels(content: Content) -> dict[str, str]:
    from generator.stages.validate import page_id

    return {page_id(p.doc): p.record.title for p in content.pages}


KIND = Kind("page", m.PageMeta, "pages", "pages", pages=pages, open_data=False,
            refs={"page": RefKind(_labels, lambda i: f"{i}/" if i != "index" else "")})
