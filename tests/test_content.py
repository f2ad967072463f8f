"""The real content/ is valid, complete and clean (issue: a complete, cited comparison)."""

from __future__ import annotations

import re

import pytest

from generator import model as m
from generator.pipeline import generate, validate
from generator.stages.rules import DEBRIS
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


def test_chooser_agrees_with_every_guide(content) -> None:  # type: ignore[no-untyped-def]
    from generator import scoring
    from generator.stages import derive

    view = derive.derive(content)
    for entry in content.use_cases:
        top = scoring.rank(view, [entry.record.id])[0]
        assert top.subject == entry.record.recommendation.subject, entry.record.id


def test_every_seed_topic_is_mapped(content) -> None:  # type: ignore[no-untyped-def]
    assert content.topics is not None
    mapped = " ".join(t.topic.lower() for t in content.topics.record.topics)
    for topic in ("history", "execution", "learning curve", "debugging", "performance",
                  "distributed", "hardware", "ecosystem", "pre-trained", "community",
                  "production", "mobile", "web", "language", "interoperability", "industry",
                  "cost", "future", "frequently asked"):
        assert topic in mapped, topic
    for t in content.topics.record.topics:
        assert t.covered_by, t.id


def test_guides_deployments_and_pages_exist(content) -> None:  # type: ignore[no-untyped-def]
    assert len(content.use_cases) >= 10
    assert {d.record.id for d in content.deployments} == {
        "server", "mobile", "browser", "edge", "interchange"}
    for name in ("crosswalk", "timeline", "claims", "faq", "topics", "chooser"):
        assert getattr(content, name) is not None, name
