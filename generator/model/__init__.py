"""The content model, declared once.

Every record type is a pydantic model that forbids unknown keys and describes
every field; the JSON Schema for editors (``schema/``) is exported from here.
Rules that span records (ids unique, references resolve) live in
:mod:`generator.stages.validate`, one small function per rule.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.model.base import (
    ID_PATTERN,
    LINE_PATTERN,
    PURL_PATTERN,
    REF_PATTERN,
    URL_PATTERN,
    VERSION_PATTERN,
    Evidence,
    HttpsUrl,
    Id,
    Level,
    OneLine,
    PackageUrl,
    Record,
    Ref,
    SourceIds,
    Status,
    Text,
)
from generator.model.evidence import Benchmark, Manifest, Measurement
from generator.model.guides import (
    Alternative,
    Chooser,
    Option,
    PageMeta,
    Question,
    Reason,
    Recommendation,
    UseCase,
)
from generator.model.lifecycle import Component, Deployment, DeploymentPath, Link, PathStep
from generator.model.matrix import (
    SHORT_LEVELS,
    Assessment,
    Category,
    Fact,
    Feature,
    Position,
    Release,
    Subject,
    VerdictChange,
)
from generator.model.reference import (
    Claim,
    Claims,
    Concept,
    ConceptEntry,
    Crosswalk,
    Event,
    Faq,
    FaqEntry,
    Timeline,
    Topic,
    Topics,
)
from generator.model.site import Site, Source, SourceList


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """Return the JSON Schema of one record type."""
    return model.model_json_schema()


__all__ = [
    "ID_PATTERN", "LINE_PATTERN", "PURL_PATTERN", "REF_PATTERN", "SHORT_LEVELS",
    "URL_PATTERN", "VERSION_PATTERN", "Alternative", "Assessment", "Benchmark",
    "Category", "Chooser", "Claim", "Claims", "Component", "Concept", "ConceptEntry",
    "Crosswalk", "Deployment", "DeploymentPath", "Event", "Evidence", "Fact", "Faq",
    "FaqEntry", "Feature", "HttpsUrl", "Id", "Level", "Link", "Manifest", "Measurement",
    "OneLine", "Option", "PackageUrl", "PageMeta", "PathStep", "Position", "Question",
    "Reason", "Recommendation", "Record", "Ref", "Release", "Site", "Source", "SourceIds",
    "SourceList", "Status", "Subject", "Text", "Timeline", "Topic", "Topics", "UseCase",
    "VerdictChange", "schema_for",
]
