"""The real content/ is valid, complete and clean (issue: a complete, cited comparison)."""

from __future__ import annotations

import re

import pytest

from generator import model as m
from generator.pipeline import generate, validate
from generator.rules import DEBRIS
from tests.conftest import ROOT, TEMPLATES

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    found, diags = validate(CONTENT)
    assert [d.format() for d in diags if d.severity == "error"] == []
    assert found is not None
    return found


def test_real_content_has_no_diagnostics() -> None:
    _, diags = validate(CONTENT)
    assert [d.format() for d in diags] == []


def test_scope_is_large_enough(content) -> None:  # type: ignore[no-untyped-def]
    features = list(content.features())
    assert len(features) >= 50
    assert len(content.categories) >= 10
    assert {s.record.id for s in content.subjects} == {"pytorch", "tensorflow", "jax"}


def test_every_assessment_is_sourced_and_dated(content) -> None:  # type: ignore[no-untyped-def]
    sources = {s.record.id for s in content.sources}
    for _, _, feature in content.features():
        assert set(feature.assessments) == {"pytorch", "tensorflow", "jax"}, feature.id
        for sid, a in feature.assessments.items():
            assert a.sources, (feature.id, sid)
            assert set(a.sources) <= sources, (feature.id, sid)
            assert a.verified is not None


def test_opinion_rows_are_not_documented(content) -> None:  # type: ignore[no-untyped-def]
    opinion = {"learning-curve", "error-messages", "research-adoption"}
    for _, _, feature in content.features():
        if feature.id in opinion:
            kinds = {a.evidence or feature.evidence for a in feature.assessments.values()}
            assert kinds <= {m.Evidence.CONSENSUS, m.Evidence.DISPUTED}, feature.id


def test_every_source_is_https_and_dated(content) -> None:  # type: ignore[no-untyped-def]
    for s in content.sources:
        assert s.record.url.startswith("https://")
        assert s.record.accessed is not None


def test_no_debris_in_content_files() -> None:
    for path in sorted(CONTENT.rglob("*")):
        if path.is_file() and path.suffix in {".yml", ".md", ".py"}:
            text = path.read_text(encoding="utf-8")
            assert not DEBRIS.search(text), path


def test_no_debris_in_generated_pages() -> None:
    result = generate(CONTENT, TEMPLATES)
    assert not result.failed
    for name, text in result.pages.items():
        assert not re.search(r"oaicite|contentReference", text), name
