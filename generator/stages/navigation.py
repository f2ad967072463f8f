"""The navigation, made in stage 3 (derive) from the planned pages.

A section lists its pages while it has at most :data:`NAV_LIMIT`; beyond, only its
overview page, which links them all, so every page's navigation stays the same size
however many subjects there are.
"""

from __future__ import annotations

from typing import Any

from generator import escape
from generator.plan import PagePlan

NAV_LIMIT = 12
"""A navigation section lists its pages while it has at most this many."""

REFERENCE_ORDER = 70
"""Pages ordered at or after this go under one 'Reference' section of the navigation."""


def omitted(plans: list[PagePlan]) -> list[str]:
    """Pages left out of the navigation (see :data:`NAV_LIMIT`); their overview links them."""
    by_section: dict[str, list[str]] = {}
    for plan in plans:
        head, _, rest = plan.src.partition("/")
        if rest and rest != "index.md":
            by_section.setdefault(head, []).append(plan.src)
    return sorted(src for srcs in by_section.values() if len(srcs) > NAV_LIMIT for src in srcs)


def nav(plans: list[PagePlan], left_out: set[str]) -> list[Any]:
    """Return an MkDocs-style navigation list for the planned pages."""
    sections: dict[str, list[Any]] = {}
    top: list[tuple[int, Any]] = []
    heads = {p.src.partition("/")[0] for p in plans if "/" in p.src}
    # A page may ask to be listed in another top-level section (PageMeta.section); it
    # goes after that section's own pages.
    guests = [p for p in plans if p.section in heads and "/" not in p.src]
    for plan in plans:
        if plan.src in left_out or plan in guests:
            continue
        # Themes print navigation titles as raw HTML.
        title = escape.html_text(plan.title)
        head, _, rest = plan.src.partition("/")
        if rest:
            if head not in sections:
                sections[head] = []
                top.append((plan.order, {title: sections[head]}))
            sections[head].append(plan.src if rest == "index.md" else {title: plan.src})
        else:
            top.append((plan.order, {title: plan.src} if plan.src != "index.md" else
                        {"Home": "index.md"}))
    for plan in guests:
        sections[str(plan.section)].append({escape.html_text(plan.title): plan.src})
    ordered = sorted(top, key=lambda t: t[0])
    # Keep the top bar short enough to read: reference pages share one section.
    main = [item for order, item in ordered if order < REFERENCE_ORDER]
    reference = [item for order, item in ordered if order >= REFERENCE_ORDER]
    return [*main, {"Reference": reference}] if reference else main
