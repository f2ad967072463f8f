"""Runnable examples (``examples/<task>/<subject>.py``, read by :mod:`generator.examples`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The examples index and one page per task, when there are examples."""
    tasks = content.examples
    if not tasks:
        return []
    from generator.examples import behind as runs_behind  # it imports the load stage

    behind = runs_behind(view.subjects, tasks)
    plans = [PagePlan("examples/index.md", "examples.md.jinja", "Code examples",
                      f"The same tasks in each {view.site.subject_noun}, run and checked by "
                      "the tests.", {"tasks": tasks, "behind": behind}, order=71)]
    for task in tasks:
        plans.append(PagePlan(f"examples/{task.id}.md", "example.md.jinja", task.title,
                              f"{task.title}: side-by-side code that the tests run.",
                              {"task": task, "behind": behind},
                              origin=task.origin))
    return plans


def _labels(content: Content) -> dict[str, str]:
    return {t.id: t.title for t in content.examples}


KIND = Kind("example", None, "examples", "", pages=pages, open_data=False,
            page_ids=lambda content: {"examples"} if content.examples else set(),
            refs={"example": RefKind(_labels, lambda i: f"examples/{i}/")})
