"""Shared pieces of the content model: field types, patterns, the record base, enums."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https://[^\s<>\"'`{}|\\]+$"
LINE_PATTERN = r"^[^\n]+$"
REF_PATTERN = r"^[a-z]+(-[a-z]+)*:[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$"
"""A reference 'kind:id'; the kinds are those the registry declares (checked by a rule)."""

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64,
                          description="Lower-case id: letters, digits and single hyphens.")]
HttpsUrl = Annotated[str, Field(pattern=URL_PATTERN, max_length=500,
                                description="An absolute https:// URL.")]
OneLine = Annotated[str, Field(min_length=1, max_length=240, pattern=LINE_PATTERN,
                               description="One line of plain text (at most 240 characters).")]
Text = Annotated[str, Field(min_length=1, max_length=20_000,
                            description="Markdown text.")]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]
"""Every date in the content (YYYY-MM-DD, 1900 to 2999): one outside these years is a typo,
and arithmetic on it (the day after a support end, in the calendar feed) would overflow
Python's dates. No description here: each field's own docstring describes it."""
SourceIds = Annotated[list[Id], Field(min_length=1,
                                      description="Ids of bibliography entries backing this.")]
Ref = Annotated[str, Field(
    pattern=REF_PATTERN,
    description="A reference 'kind:id', for example 'feature:eager-execution' or 'page:faq'.")]
PURL_PATTERN = r"^pkg:[a-z][a-z0-9.+-]*/[^\s]+$"
PackageUrl = Annotated[str, Field(
    pattern=PURL_PATTERN, max_length=200,
    description="A package URL (purl) naming a package, without a version: 'pkg:pypi/NAME', "
                "'pkg:npm/NAME', 'pkg:npm/%40SCOPE/NAME' or 'pkg:github/OWNER/REPOSITORY'.",
    examples=["pkg:pypi/requests", "pkg:npm/%40angular/core", "pkg:github/duckdb/duckdb"])]
VERSION_PATTERN = r"^[0-9]+(\.[0-9]+){0,3}$"


class Record(BaseModel):
    """Base for every content record: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Level(StrEnum):
    """Support levels. Always shown as an icon plus text, never colour alone."""

    YES = "yes"
    INFO = "info"
    """A plain fact (origin, licence...) rather than a capability."""
    PARTIAL = "partial"
    PLUGIN = "plugin"
    NO = "no"
    DEPRECATED = "deprecated"
    UNKNOWN = "unknown"


class Evidence(StrEnum):
    """The kind of claim behind an assessment."""

    DOCUMENTED = "documented"
    MEASURED = "measured"
    CONSENSUS = "consensus"
    DISPUTED = "disputed"


class Status(StrEnum):
    """Maintenance status of an ecosystem component."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    DEPRECATED = "deprecated"
    ARCHIVED = "archived"
