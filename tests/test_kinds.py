"""The registry of kinds drives every stage: each kind is walked by the record rules, the
real site keeps its URLs, and a dataset with only the required kinds builds no empty page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.kinds.registry import REGISTRY
from generator.pipeline import validate
from generator.stages import derive, rules
from generator.stages.validate import Content
from generator.stages.views import SiteView
from tests.conftest import DATABASES, PACKAGES, ROOT
from tests.test_mkdocs import make_project

URLS = ROOT / "tests" / "golden" / "real-urls.txt"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"


def test_every_kind_with_records_is_walked_by_the_record_rules() -> None:
    content, _ = validate(ROOT / "content")
    assert content is not None
    walked = {type(e.record) for e in rules.all_entries(content)}
    for kind in REGISTRY:
        records = [e.record for e in kind.entries(content)]
        if records:
            assert type(records[0]) in walked, kind.name


def _plant_debris(folder: Path) -> set[str]:
    """Put pasted-text debris into one string of every YAML file; return the files."""
    planted = set()
    for path in sorted(folder.rglob("*.yml")):
        text = path.read_text()
        new = re.sub(r"^(\s*(?:- )?(?:name|title|summary|question|topic|label|text): )(.+)$",
                     r"\1\2 oaicite", text, count=1, flags=re.M)
        if new != text:
            path.write_text(new)
            planted.add(path.relative_to(folder).as_posix())
    return planted


def test_a_text_rule_sees_every_kind(db_content: Path) -> None:
    planted = _plant_debris(db_content)
    _, diags = validate(db_content)
    reported = {d.path.removeprefix("content/") for d in diags
                if "pasted-text debris" in d.message}
    assert planted and reported == planted


def test_the_real_site_keeps_its_urls() -> None:
    content, diags = validate(ROOT / "content")
    assert content is not None, [d.format() for d in diags]
    view = derive.derive(content)
    urls = sorted(p.src for p in view.pages)
    if UPDATE:
        URLS.write_text("\n".join(urls) + "\n")
    assert urls == URLS.read_text().split(), "page list changed: review, then UPDATE_GOLDENS=1"


def test_only_required_kinds_give_only_their_pages() -> None:
    content, _ = validate(PACKAGES)
    assert content is not None
    view = derive.derive(content)
    srcs = {p.src for p in view.pages}
    assert srcs == {"index.md", "matrix.md", "sources.md", "subjects/index.md",
                    "compare/index.md", *(f"subjects/{s.id}.md" for s in view.subjects)}
    assert len(view.subjects) >= 15
    assert view.plural == "libraries"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def article_words(html: str) -> list[str]:
    """The words a reader sees in a page's article (the content column)."""
    start, end = html.find("<article"), html.rfind("</article>")
    parser = _Text()
    parser.feed(html[start:end])
    return " ".join(parser.text).split()


@pytest.mark.slow
@pytest.mark.parametrize("dataset", [PACKAGES, DATABASES], ids=["packages", "databases"])
def test_dataset_builds_strictly_with_no_empty_page(tmp_path: Path, dataset: Path) -> None:
    project = make_project(tmp_path, dataset)
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "generator", "site", "--out", "site"],
                          cwd=project, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for page in (project / "site").rglob("*.html"):
        if page.name == "404.html":
            continue
        words = article_words(page.read_text())
        assert len(words) > 15, f"{page}: {' '.join(words)}"


def test_a_new_kind_needs_only_its_module_and_template(db_content: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The CONTRIBUTING walkthrough, done for real: a glossary kind, declared in one place."""
    import datetime as dt

    from pydantic import Field

    from generator import model as m
    from generator.kinds import Kind, RefKind, registry
    from generator.pipeline import generate
    from generator.plan import PagePlan

    class Term(m.Record):
        id: m.Id
        term: m.OneLine
        meaning: m.OneLine
        sources: m.SourceIds
        verified: dt.date

    class Glossary(m.Record):
        terms: list[Term] = Field(min_length=1)

    def pages(view: SiteView, content: Content) -> list[PagePlan]:
        g = content.get("glossary")
        if g is None:
            return []
        return [PagePlan("glossary.md", "glossary.md.jinja", "Glossary", "Terms used here.",
                         {"glossary": g.record}, order=78)]

    def labels(content: object) -> dict[str, str]:
        g = content.get("glossary")  # type: ignore[attr-defined]
        return {t.id: t.term for t in g.record.terms} if g else {}

    kind = Kind("glossary", Glossary, "glossary.yml", "glossary", pages=pages,
                page_ids=lambda c: {"glossary"} if c.get("glossary") else set(),
                refs={"term": RefKind(labels, lambda i: f"glossary/#term-{i}")})
    monkeypatch.setattr(registry, "REGISTRY", registry.REGISTRY)
    registry.REGISTRY.append(kind)
    try:
        (db_content / "glossary.yml").write_text(
            "terms:\n  - {id: wal, term: WAL, meaning: Write-ahead log., "
            "sources: [sqlite-home], verified: 2025-01-10}\n")
        edit_text = (db_content / "use-cases" / "analytics.yml").read_text()
        (db_content / "use-cases" / "analytics.yml").write_text(
            edit_text.replace("page:about", "term:wal"))
        templates = db_content.parent / "templates"
        templates.mkdir()
        (templates / "glossary.md.jinja").write_text(
            "{#- Glossary. Inputs: glossary, page. -#}\n# {{ page.title | md }}\n\n"
            "{% for t in glossary.terms %}- **{{ t.term | md }}**: {{ t.meaning | md }}\n"
            "{% endfor %}")
        result = generate(db_content, templates)
        assert not result.failed, [d.format() for d in result.diagnostics]
        assert result.pages["glossary.md"].endswith("- **WAL**: Write-ahead log.\n")
        assert "- [WAL](../glossary.md#term-wal)" in result.pages["use-cases/analytics.md"]
    finally:
        registry.REGISTRY.remove(kind)
