"""Reference material: concept crosswalk, timeline, claims that aged, FAQ, topics."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.model.base import (
    Day,
    Id,
    OneLine,
    Record,
    Ref,
    SourceIds,
    Text,
)


class ConceptEntry(Record):
    """How one subject spells a concept."""

    api: OneLine
    """The API, tool or idiom, for example 'torch.compile'."""
    note: OneLine | None = None
    examples: list[Id] = Field(default_factory=list)
    """Ids of example files (under examples/) that show it."""


class Concept(Record):
    """One row of the concept crosswalk."""

    id: Id
    name: OneLine
    group: OneLine
    """Crosswalk section, for example 'Compilation'."""
    entries: dict[Id, ConceptEntry]
    """One entry per subject id."""
    differences: OneLine
    """How the subjects differ, in one line."""
    features: list[Id] = Field(default_factory=list)
    """Matrix rows this concept relates to."""
    sources: SourceIds
    verified: Day


class Crosswalk(Record):
    """``crosswalk.yml``: equivalent concepts across subjects; migration guides come from it."""

    concepts: list[Concept] = Field(min_length=1)


class Event(Record):
    """A dated milestone."""

    date: Day
    title: OneLine
    subject: Id | None = None
    sources: SourceIds


class Timeline(Record):
    """``timeline.yml``: milestones, each dated and cited."""

    events: list[Event] = Field(min_length=1)


class Claim(Record):
    """A common claim found in older comparisons, checked against today's facts."""

    id: Id
    claim: OneLine
    verdict: Annotated[str, Field(pattern=r"^(outdated|partly-true|still-true|false)$")]
    """'outdated', 'partly-true', 'still-true' or 'false'."""
    current: Text
    """What is true today."""
    related: list[Ref] = Field(default_factory=list)
    sources: SourceIds
    verified: Day


class Claims(Record):
    """``claims.yml``: claims that aged."""

    claims: list[Claim] = Field(min_length=1)


class FaqEntry(Record):
    """One frequently asked question."""

    id: Id
    question: OneLine
    answer: Text
    related: list[Ref] = Field(default_factory=list)
    sources: SourceIds
    verified: Day


class Faq(Record):
    """``faq.yml``: questions and answers."""

    questions: list[FaqEntry] = Field(min_length=1)


class Topic(Record):
    """A topic of the seed articles and where the site covers it."""

    id: Id
    topic: OneLine
    covered_by: list[Ref] = Field(min_length=1)


class Topics(Record):
    """``topics.yml``: the map from seed topics to pages and rows."""

    topics: list[Topic] = Field(min_length=1)
