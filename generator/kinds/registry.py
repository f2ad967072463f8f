"""The registry: every kind, in navigation order of their main pages."""

from __future__ import annotations

from generator.kinds import (
    Kind,
    changes,
    chooser,
    claims,
    compare,
    crosswalk,
    deployment,
    evidence,
    examples,
    faq,
    home,
    lifecycle,
    matrix,
    pages,
    sources,
    subjects,
    timeline,
    topics,
    use_cases,
)

REGISTRY: tuple[Kind, ...] = (
    home.KIND, sources.KIND, subjects.KIND, matrix.KIND, compare.KIND, chooser.KIND,
    use_cases.KIND, deployment.KIND, lifecycle.KIND, changes.KIND, crosswalk.KIND,
    timeline.KIND, claims.KIND, faq.KIND, topics.KIND, evidence.KIND, examples.KIND,
    pages.KIND,
)
"""Every kind of content and page; stages read this and nothing else."""

RECORD_TYPES = {k.name: k.model for k in REGISTRY if k.model is not None}
"""Document kind → the model that validates one file (and its JSON Schema's name)."""

FOLDERS = {k.path: k.name for k in REGISTRY if k.folder and k.model is not None
           and k.path != "pages"}
"""Folders of one-record YAML files, and the document kind each holds."""

FILES = {k.path: k.name for k in REGISTRY if k.path.endswith(".yml")}
"""Single YAML files at the top of the content folder."""

OTHER_FOLDERS = {k.path for k in REGISTRY if k.folder and k.path not in FOLDERS} | {"assets"}
"""Folders read by other means: prose pages, examples, assets."""


def kind(name: str) -> Kind:
    """Return the kind called ``name``."""
    return next(k for k in REGISTRY if k.name == name)
