"""Use-case guides, the chooser and prose-page front matter."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import (
    Id,
    OneLine,
    Record,
    Ref,
    Text,
)


class Reason(Record):
    """Why a use case leans one way: a matrix row and its weight."""

    feature: Id
    """Id of the deciding feature."""
    weight: int = Field(ge=1, le=5)
    """How much this row matters for the use case, 1 to 5."""
    why: OneLine


class Recommendation(Record):
    """The recommended subject for a use case."""

    subject: Id
    summary: OneLine


class Alternative(Record):
    """When another subject wins."""

    subject: Id
    when: OneLine


class UseCase(Record):
    """A use-case guide. One file per guide."""

    id: Id
    title: OneLine
    scenario: Text
    """Who the reader is and what they need."""
    recommendation: Recommendation
    reasons: list[Reason] = Field(min_length=1)
    alternatives: list[Alternative] = Field(min_length=1)
    detail: Text | None = None
    related: list[Ref] = Field(default_factory=list)


class Option(Record):
    """An answer to a chooser question."""

    id: Id
    label: OneLine
    use_cases: list[Id] = Field(min_length=1)
    """Use cases whose reasons score the subjects when this answer is chosen."""


class Question(Record):
    """A chooser question."""

    id: Id
    text: OneLine
    options: list[Option] = Field(min_length=2)


class Chooser(Record):
    """``chooser.yml``: the chooser's questions, mapped onto use cases."""

    questions: list[Question] = Field(min_length=1)


class PageMeta(Record):
    """Front matter of a prose page under ``pages/``."""

    title: OneLine
    description: OneLine
    order: int = Field(default=100, ge=0, le=10_000)
    """Position in the navigation."""
    section: Id | None = None
    """A top-level navigation section to list the page in, named by the folder of that
    section's pages (for example 'subjects'); the page keeps its own URL. Unset, or naming
    no section the site has, the page is listed by its own path and ``order``."""
