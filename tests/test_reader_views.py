"""Reader trust (#12), fast part: the pair verdict, a prose page's navigation section and
citation marks, checked on the view data and the rendered markdown of both datasets
(no MkDocs build; the whole built site is read in test_reader.py and test_browser.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from generator import scoring
from generator.pipeline import generate, validate
from generator.stages import derive
from generator.stages.views import SiteView
from tests.conftest import DATABASES, ROOT, TEMPLATES, TODAY, edit

DATASETS = {"databases": DATABASES, "real": ROOT / "content"}
ML_WORDS = re.compile(r"\b(framework|model|training|tensor|GPU|TPU|PyTorch|TensorFlow|JAX|"
                      r"Keras|machine learning|neural)s?\b", re.I)


def _view(content: Path) -> SiteView:
    found, _ = validate(content)
    assert found is not None
    return derive.derive(found, today=TODAY)


def _pages(content: Path) -> dict[str, str]:
    result = generate(content, TEMPLATES, today=TODAY)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return result.pages


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_pair_verdict_data_follows_the_guides_and_levels(name: str) -> None:
    view = _view(DATASETS[name])
    guides = list(view.use_cases)
    assert view.pairs
    for pair in view.pairs:
        picked = {s.id: [g.id for g in gs] for s, gs in pair.picks}
        assert sum(len(g) for g in picked.values()) == len(guides)
        for g in guides:
            assert g.id in picked[g.recommendation.subject]
        mine = [s for s in (pair.a.id, pair.b.id) if s in picked]
        assert [s.id for s, _ in pair.picks][:len(mine)] == mine
        for sid, other in ((pair.a.id, pair.b.id), (pair.b.id, pair.a.id)):
            for row in pair.ahead[sid]:
                assert row in pair.differing
                assert (scoring.LEVEL_VALUES[row.cells[sid].support]
                        > scoring.LEVEL_VALUES[row.cells[other].support]), row.id


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_each_pair_page_opens_with_a_verdict_built_from_data(name: str) -> None:
    view = _view(DATASETS[name])
    pages = _pages(DATASETS[name])
    for pair in view.pairs:
        md = pages[f"compare/{pair.slug}.md"]
        body = md.split("\n---\n", 1)[1].lstrip()
        first = body.split("\n\n")[1]
        assert first.startswith('<p class="pair-verdict">'), f"{pair.slug} starts: {first[:80]}"
        text = _text(first)
        for s, gs in pair.picks:
            if s in (pair.a, pair.b):
                n = len(gs)
                assert f"{n} {'picks' if n == 1 else 'pick'} {s.name}" in text, text
                for g in gs:
                    assert g.title in _text(first.replace("&#43;", "+")), g.title
        for s in (pair.a, pair.b):
            rows = pair.ahead[s.id]
            assert f"{s.name}</strong> {'has the stronger support level ' if s == pair.a else ''}" \
                   f"on {len(rows) or 'none'}" in first, text
            for row in rows[:3]:
                assert f'<a href="#row-{row.id}">' in first
        assert f"Of the {len(pair.differing)} rows that differ" in text
        assert "  " not in text and " ." not in text and " ," not in text, text


def test_pair_template_has_no_domain_words() -> None:
    text = (TEMPLATES / "pair.md.jinja").read_text(encoding="utf-8")
    code = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    assert not ML_WORDS.findall(code)


def _nav_section(nav: list[Any], src: str) -> str | None:
    for item in nav:
        for title, value in item.items():
            if value == src:
                return None
            if isinstance(value, list) and any(
                    v == src or (isinstance(v, dict) and src in v.values()) for v in value):
                return str(title)
    raise AssertionError(f"{src} not in the navigation")


def test_a_prose_page_can_sit_in_another_section(db_content: Path) -> None:
    page = db_content / "pages" / "about.md"
    before = _nav_section(_view(db_content).nav, "about.md")
    assert before == "Reference"
    edit(page, "title:", "section: subjects\ntitle:")
    view = _view(db_content)
    nav = view.nav
    section = next(i for i in nav if "subjects/index.md" in next(iter(i.values())))
    pages = next(iter(section.values()))
    assert list(pages[-1].values()) == ["about.md"], pages
    # The page keeps its own URL, and the section keeps its own pages first.
    assert "about.md" in {p.src for p in view.pages}
    assert pages[0] == "subjects/index.md"


def test_a_section_that_does_not_exist_leaves_the_page_where_it_was(db_content: Path) -> None:
    before = _nav_section(_view(db_content).nav, "about.md")
    edit(db_content / "pages" / "about.md", "title:", "section: nowhere\ntitle:")
    assert _nav_section(_view(db_content).nav, "about.md") == before


def test_keras_sits_with_the_frameworks() -> None:
    view = _view(ROOT / "content")
    assert _nav_section(view.nav, "keras.md") == view.plural.capitalize()


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_citation_marks_open_the_source_with_the_bibliography_one_click_away(name: str) -> None:
    view = _view(DATASETS[name])
    by_url = {s.url: s for s in view.sources.values()}
    pages = _pages(DATASETS[name])
    marks = 0
    for src, md in pages.items():
        for sup in re.findall(r'<sup class="cite".*?</sup>', md):
            for mark in re.findall(r'<span class="cite-mark">.*?</span></span>', sup):
                marks += 1
                href = re.search(r'class="cite-src" href="([^"]+)"', mark)
                assert href, mark
                url = html.unescape(href.group(1))
                assert url in by_url, f"{src}: mark does not open a source: {url}"
                s = by_url[url]
                assert f'aria-label="[{s.number}] ' in mark
                assert f'#src-{s.id}">Bibliography entry {s.number}</a>' in mark
                assert "<cite>" in mark and f">[{s.number}]</a>" in mark
    assert marks > 0


def test_mentions_match_names_that_fold_differently(db_content: Path) -> None:
    # The pattern ignores case as the re module does ('ſ' is 's', 'µ' is 'μ'); a text that
    # spells a retired tool's alias so is found, and never stops the build.
    edit(db_content / "components" / "old-pooler.yml", "kind: connection pooler",
         'kind: connection pooler\naliases: ["µPool", "ſ"]')
    content, diags = validate(db_content)
    assert content is not None, diags
    find = derive.mention_finder(derive.derive(content).components)
    assert [c.record.id for c in find("Unlike μPool, it pools.")] == ["old-pooler"]
    assert [c.record.id for c in find("In 2 s, the old one.")] == ["old-pooler"]
    assert find("Nothing retired here.") == []
