"""The site itself and its bibliography."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.model.base import (
    Day,
    HttpsUrl,
    Id,
    OneLine,
    Record,
    Text,
)


class Site(Record):
    """``site.yml``: what the whole comparison is about."""

    title: OneLine
    """Site title, shown in the header and in every page title."""
    description: OneLine
    """Meta description of the home page."""
    url: HttpsUrl
    """Canonical base URL of the published site, ending in '/'."""
    repository: HttpsUrl | None = None
    """Repository that holds the content; without it no 'report a problem' links are shown."""
    content_path: str = "content"
    """Path of the content folder inside the repository."""
    subject_noun: OneLine = "subject"
    """What the compared things are called, for example 'product' or 'database'."""
    subject_plural: OneLine | None = None
    """Plural of 'subject_noun' when adding 's' is wrong, for example 'libraries'."""
    data_license: OneLine | None = None
    """Licence of the published data, for example 'CC BY 4.0'."""
    pairs: list[Annotated[list[Id], Field(min_length=2, max_length=2)]] | None = None
    """Pairs of subject ids that get their own comparison page. Without it every pair gets
    one while there are at most PAIR_LIMIT subjects, and none beyond (the compare picker
    covers every combination)."""
    stale_after_days: int = Field(default=365, ge=1, le=3650)
    """A claim verified longer ago than this is shown as stale."""
    intro: Text | None = None
    """Markdown shown on the home page under the title."""


class Source(Record):
    """One bibliography entry."""

    id: Id
    """Id used by 'sources:' lists."""
    url: HttpsUrl
    """Where the source can be read."""
    title: OneLine
    """Title of the page or document."""
    publisher: OneLine
    """Who published it, for example 'Python Software Foundation'."""
    accessed: Day
    """Date the source was read (YYYY-MM-DD)."""
    published: Day | None = None
    """Publication date, when the source states one."""
    kind: Literal["primary", "secondary"] = "primary"
    """'primary' (the project, its docs, releases, repository or registry page) or 'secondary'
    (anyone else: news, other projects, mirrors); a secondary source needs a 'note'."""
    note: OneLine | None = None
    """Why a secondary source is kept: what it says that no first-party source does."""


class SourceList(Record):
    """A file under ``sources/``: a group of bibliography entries."""

    sources: list[Source] = Field(min_length=1)
    """The entries."""
