"""The registry: every kind, in navigation order of their main pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from generator import model as m
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

REGISTRY: list[Kind] = [
    home.KIND, sources.KIND, subjects.KIND, matrix.KIND, compare.KIND, chooser.KIND,
    use_cases.KIND, deployment.KIND, lifecycle.KIND, changes.KIND, crosswalk.KIND,
    timeline.KIND, claims.KIND, faq.KIND, topics.KIND, evidence.KIND, examples.KIND,
    pages.KIND,
]
"""Every kind of content and page; stages read this and nothing else."""

V = TypeVar("V")


class _Derived(Mapping[str, V]):
    """A view of the registry that follows it (a kind added in a test is seen at once)."""

    def __init__(self, build: Callable[[], dict[str, V]]) -> None:
        self._build = build

    def __getitem__(self, key: str) -> V:
        return self._build()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())


RECORD_TYPES: Mapping[str, type[m.Record]] = _Derived(
    lambda: {k.name: k.model for k in REGISTRY if k.model is not None})
"""Document kind → the model that validates one file (and its JSON Schema's name)."""

FOLDERS: Mapping[str, str] = _Derived(
    lambda: {k.path: k.name for k in REGISTRY if k.folder and k.model is not None
             and k.path != "pages"})
"""Folders of one-record YAML files, and the document kind each holds."""

FILES: Mapping[str, str] = _Derived(
    lambda: {k.path: k.name for k in REGISTRY if k.path.endswith(".yml")})
"""Single YAML files at the top of the content folder."""

OTHER_FOLDERS: Mapping[str, str] = _Derived(
    lambda: {**{k.path: k.name for k in REGISTRY if k.folder and k.path not in FOLDERS},
             "assets": "assets"})
"""Folders read by other means: prose pages, examples, assets."""

BY_NAME: Mapping[str, Kind] = _Derived(lambda: {k.name: k for k in REGISTRY})
"""Every kind by its document kind name."""


def kind(name: str) -> Kind:
    """Return the kind called ``name``."""
    return BY_NAME[name]
