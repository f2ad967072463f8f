"""Subjects, feature categories and their assessments: the matrix."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, model_validator

from generator.model.base import (
    VERSION_PATTERN,
    Day,
    Evidence,
    HttpsUrl,
    Id,
    Level,
    OneLine,
    PackageUrl,
    Record,
    Ref,
    SourceIds,
    Text,
)


class Fact(Record):
    """A fact about a subject, such as its licence or origin."""

    label: OneLine
    """What the fact is, for example 'Licence'."""
    value: OneLine
    """The fact itself."""
    sources: SourceIds
    verified: Day
    """Date the fact was last checked against its sources."""


class Release(Record):
    """A version with its release date."""

    version: Annotated[str, Field(min_length=1, max_length=40)]
    """Version string, for example '2.13.0'."""
    date: Day
    """Release date."""
    sources: SourceIds
    verified: Day
    """Date this was last checked."""


class Subject(Record):
    """A compared thing (a product, a library, a database...). One file per subject."""

    id: Id
    """Must equal the file name without '.yml'."""
    name: OneLine
    """Display name."""
    description: Text | None = None
    """A short paragraph introducing the subject."""
    homepage: HttpsUrl | None = None
    docs: HttpsUrl | None = None
    repository: HttpsUrl | None = None
    latest_release: Release | None = None
    """The latest stable release."""
    facts: list[Fact] = Field(default_factory=list)
    """Key facts: origin, first release, governance, licence, languages..."""
    packages: list[PackageUrl] = Field(default_factory=list)
    """Packages that carry it; the first is the main one, whose newest release 'latest_release'
    follows (`generator fresh` checks it)."""


class Position(Record):
    """One side of a disputed claim."""

    summary: OneLine
    sources: SourceIds


class VerdictChange(Record):
    """A dated change of an assessment's level."""

    date: Day
    """When the level changed (the release or announcement that changed it)."""
    old: Level
    """The level before."""
    new: Level
    """The level after."""
    why: OneLine
    """What changed, in one line."""


SHORT_LEVELS: dict[str, Level] = {"yes": Level.YES, "no": Level.NO, "?": Level.UNKNOWN,
                                   "unknown": Level.UNKNOWN, "partial": Level.PARTIAL,
                                   "": Level.UNKNOWN}
"""Cells written as a bare word: 'yes', 'no', '?' or 'partial' (any other text is a fact)."""


class Assessment(Record):
    """How one subject fares on one feature.

    A cell may also be written as plain text: 'yes', 'no', 'partial', '?' (unknown), or any
    other text, which becomes a fact ('info') with that text as its summary.
    """

    level: Level
    """Support level; use 'unknown' (and say why in 'summary') when it cannot be verified."""
    summary: OneLine | None = None
    """One line that states the fact in your own words (the level's label when absent)."""
    detail: Text | None = None
    """Optional markdown with more detail."""
    since: Annotated[str, Field(max_length=40)] | None = None
    """The version this holds since, where that applies."""
    sources: SourceIds | None = None
    """Sources of this cell; inherited from the feature or the category file when absent."""
    verified: Day | None = None
    """Date this was last checked against its sources; inherited like 'sources'."""
    evidence: Evidence | None = None
    """Kind of claim; defaults to the feature's 'evidence'."""
    positions: list[Position] | None = None
    """For disputed claims: each position with its own sources (at least two)."""
    checked_version: Annotated[str, Field(pattern=VERSION_PATTERN, max_length=40)] | None = None
    """The subject's version this was checked against, for example '2.14'; the cell is shown
    as possibly outdated once the subject's latest release is of a newer minor version."""
    history: list[VerdictChange] | None = None
    """Earlier changes of 'level', oldest first; the last one ends at the current level."""

    def cited(self) -> list[str]:
        """The effective source ids (filled in from the feature or file by validation)."""
        return list(self.sources or [])

    def checked(self) -> dt.date:
        """The effective verified date (validation refuses a cell that has none)."""
        if self.verified is None:
            raise ValueError("assessment has no verified date after validation")
        return self.verified

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return {"level": "yes" if value else "no"}
        if isinstance(value, str):
            text = value.strip()
            level = SHORT_LEVELS.get(text.lower())
            return {"level": level.value} if level else {"level": "info", "summary": text}
        return value


class Feature(Record):
    """One row of the matrix."""

    id: Id
    """Unique across all categories; used in permalinks."""
    name: OneLine
    description: OneLine | None = None
    """What the row asks."""
    evidence: Evidence = Evidence.DOCUMENTED
    """Default kind of claim for this row's assessments."""
    assessments: dict[Id, Assessment]
    """One assessment per subject id."""
    related: list[Ref] = Field(default_factory=list)
    """Related pages, components, concepts..."""
    sources: SourceIds | None = None
    """Sources for every cell of this row that names none."""
    verified: Day | None = None
    """Verified date for every cell of this row that gives none."""


class Category(Record):
    """A file under ``features/``: a category of matrix rows."""

    id: Id
    name: OneLine
    description: OneLine | None = None
    order: int = Field(default=100, ge=0, le=10_000)
    """Position of the category in the matrix."""
    sources: SourceIds | None = None
    """Sources for every cell in this file that names none (a feature's own win)."""
    verified: Day | None = None
    """Verified date for every cell in this file that gives none."""
    features: list[Feature] = Field(min_length=1)
