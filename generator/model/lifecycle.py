"""Ecosystem components with their lifecycle, and deployment paths."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.model.base import (
    Day,
    HttpsUrl,
    Id,
    OneLine,
    PackageUrl,
    Record,
    SourceIds,
    Status,
    Text,
)


class Component(Record):
    """An ecosystem tool, format or runtime with its lifecycle."""

    id: Id
    name: OneLine
    kind: OneLine
    """What sort of tool it is, in a few words, for example 'file format' or 'library'."""
    aliases: list[OneLine] = Field(default_factory=list, max_length=20)
    """Other names readers meet in text (for example 'TFLite'); used to flag mentions."""
    subjects: list[Id] = Field(default_factory=list)
    """Subjects it belongs to or works with."""
    url: HttpsUrl
    status: Status
    status_note: OneLine
    """What the status means in practice, in one line."""
    status_since: Day | None = None
    """When the status took effect, where known."""
    successor: Id | None = None
    """Component that replaces it."""
    relation: Annotated[str, Field(pattern=r"^(renamed|superseded)$")] | None = None
    """'renamed' (same thing, new name) or 'superseded' (a different tool)."""
    end_of_support: Day | None = None
    """When support ends or ended, where the project announced a date."""
    packages: list[PackageUrl] = Field(default_factory=list)
    """Packages that carry it; `generator fresh` flags an active tool whose newest release
    is old."""
    sources: SourceIds
    verified: Day


class PathStep(Record):
    """One step on a deployment path."""

    text: OneLine
    components: list[Id] = Field(default_factory=list)


class Link(Record):
    """One tool in a deployment path, with the role it plays there."""

    role: OneLine
    """What the tool does on this path, for example 'Runtime'."""
    component: Id
    """Component id of the tool."""


class DeploymentPath(Record):
    """How one subject gets to a deployment target: the tools in order, then the steps."""

    chain: list[Link] = Field(default_factory=list)
    """The tools on the path, in order, each with its role (drawn as a flow)."""
    steps: list[PathStep] = Field(min_length=1)
    notes: OneLine | None = None
    sources: SourceIds
    verified: Day


class Deployment(Record):
    """A deployment target page. One file per target."""

    id: Id
    title: OneLine
    summary: Text
    start: OneLine | None = None
    """What every path starts from, shown as the first step of each flow."""
    paths: dict[Id, DeploymentPath]
    """One path per subject id."""
