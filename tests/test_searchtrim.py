"""The search-index hook (``generator/adapters/searchtrim.py``): the same index, less parsing.

Every case is checked against Material's own search parser: the sections (id, title, text)
it reads from the trimmed page must be the ones it reads from the page as it is.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser
from material.plugins.search.plugin import void as material_void

from generator.adapters import searchtrim
from generator.tools import synth
from tests.conftest import ROOT
from tests.test_rawhtml import _body as body
from tests.test_rawhtml import _convert as convert

Sections = list[tuple[str | None, str, str]]


def sections(html: str) -> Sections:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data]


def outcome(html: str) -> Sections | str:
    """Material's sections, or the error its parser raises (it has bugs of its own)."""
    try:
        return sections(html)
    except ValueError as error:
        return f"ValueError: {error}"


def test_void_elements_are_materials() -> None:
    assert material_void == searchtrim.VOID


CITE = ('<sup class="cite" data-search-exclude><span class="cite-mark"><a href="/s/#1" '
        'aria-label="[1] Docs">[1]</a><span class="cite-tip"><cite>Docs</cite>, read '
        '2026-01-01. <a href="/s/">Entry 1</a></span></span></sup>')
PAGE = (f'<h1 id="t">Title</h1>\n<p>Fact one{CITE} and more.</p>\n<table><tr><td>'
        f'<span class="sum">Cell</span>{CITE}<span class="verified" data-search-exclude>'
        'verified 2026-01-01</span></td></tr></table>\n<h2 id="next">Next</h2>\n<p>End</p>')


def test_excluded_elements_are_emptied_and_the_index_is_the_same() -> None:
    trimmed = searchtrim.trim(PAGE)
    assert trimmed == (
        '<h1 id="t">Title</h1>\n<p>Fact one<sup class="cite" data-search-exclude></sup> and '
        'more.</p>\n<table><tr><td><span class="sum">Cell</span><sup class="cite" '
        'data-search-exclude></sup><span class="verified" data-search-exclude></span></td>'
        '</tr></table>\n<h2 id="next">Next</h2>\n<p>End</p>')
    assert sections(trimmed) == sections(PAGE)
    # What the index holds: the text, none of the citations or dates.
    assert sections(PAGE) == [(None, "Title", " <p>Fact one and more.</p> Cell "),
                              ("next", "Next", " <p>End</p>")]


@pytest.mark.parametrize(("why", "page"), [
    ("no excluded element", "<p>plain <b>text</b></p>"),
    ("a comment", f"<!-- note -->{PAGE}"),
    ("a script", f"{PAGE}<script>if (a<b) {{}}</script>"),
    ("a style element", f"<style>p > a {{}}</style>{PAGE}"),
    ("an object element", f"<object data='x'></object>{PAGE}"),
    ("line-number tables", f'<div class="linenodiv"><pre>1</pre></div>{PAGE}'),
    ("a '<' that opens no tag", f"{PAGE}<p>a < b</p>"),
    ("'>' in an attribute value", f'<p title="a > b">x</p>{PAGE}'),
    ("an unquoted attribute value", f"<p class=x>y</p>{PAGE}"),
    ("an upper-case tag name", f"<P>x</P>{PAGE}"),
    ("an upper-case marker", f'<span DATA-SEARCH-EXCLUDE>x</span>{PAGE}'),
    ("a heading inside an excluded element",
     '<div data-search-exclude><h2 id="h">In</h2>x</div><p>after</p>'),
    ("an excluded heading", '<h2 id="h" data-search-exclude>Head</h2><p>after</p>'),
    ("the excluded element's own name inside it (Material lifts the exclusion there)",
     '<span data-search-exclude><span>a</span> shown</span><p>after</p>'),
    ("what it holds does not nest", "<span data-search-exclude><b>x</span></b><p>after</p>"),
    ("an unclosed element inside", "<span data-search-exclude><b>x</span><p>after</p>"),
    ("no end tag", "<p>a<span data-search-exclude>x</p>"),
    ("an end tag with attributes", '<span data-search-exclude><b>x</b class="y"></span>'),
    ("nesting deeper than it proves",
     f'<span data-search-exclude>{"<b>" * 40}x{"</b>" * 40}</span>'),
])
def test_pages_it_cannot_prove_are_left_as_they_are(why: str, page: str) -> None:
    assert searchtrim.trim(page) is page, why


@pytest.mark.parametrize(("page", "expected"), [
    # The marker as words, or inside a value, marks nothing.
    ('<p title="data-search-exclude">data-search-exclude</p><i data-search-exclude>x</i>',
     '<p title="data-search-exclude">data-search-exclude</p><i data-search-exclude></i>'),
    ('<p>Intro <span title="x data-search-exclude">kept</span> <a href="/x" title="Tuning '
     'data-search-exclude">guide</a><i data-search-exclude>x</i></p>',
     '<p>Intro <span title="x data-search-exclude">kept</span> <a href="/x" title="Tuning '
     'data-search-exclude">guide</a><i data-search-exclude></i></p>'),
    # Void and self-closing elements hold nothing; the scan goes on after them.
    ('<br data-search-exclude><span data-search-exclude/><i data-search-exclude>x</i>',
     '<br data-search-exclude><span data-search-exclude/><i data-search-exclude></i>'),
    # Void and self-closing elements inside; nested excluded elements go with their parent.
    ('<p data-search-exclude>a<br>b<img src="x"/><i data-search-exclude>c</i></p>t',
     '<p data-search-exclude></p>t'),
    # An excluded element inside a heading leaves the heading's title as it was.
    ('<h2 id="h">Head <small data-search-exclude>(note)</small></h2><p>x</p>',
     '<h2 id="h">Head <small data-search-exclude></small></h2><p>x</p>'),
])
def test_what_is_emptied(page: str, expected: str) -> None:
    assert searchtrim.trim(page) == expected
    assert sections(expected) == sections(page)


# Random fragments, half of them well formed and half with hostile pieces mixed in: whatever
# trim returns, Material reads the same sections (or fails the same way).
_NAMES = ["span", "sup", "p", "a", "code", "pre", "b", "li", "div", "br", "img"]
_ATTRS = [" data-search-exclude", ' class="x"', ' id="i1"', ' id="i2"', ' class="sum"',
          ' title="a data-search-exclude"']
_TEXT = ["a", " ", "\n", "\n\n", "x y", "&amp;", "&lt;b&gt;", "data-search-exclude", " & "]
_HOSTILE_NAMES = ["h2", "SPAN", "object"]
_HOSTILE_ATTRS = [" DATA-SEARCH-EXCLUDE", ' title="a > b"', " title='data-search-exclude'",
                  ' class="headerlink"', " hidden", ' class="linenodiv"', " href=plain"]
_HOSTILE_TEXT = ["<", "<!-- c -->", "&am", "<br/"]


def _fragment(rng: random.Random, hostile: bool, depth: int = 0) -> str:
    names = _NAMES + _HOSTILE_NAMES if hostile else _NAMES
    attributes = _ATTRS + _HOSTILE_ATTRS if hostile else _ATTRS
    texts = _TEXT + _HOSTILE_TEXT if hostile else _TEXT
    parts = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.randint(0, (7 if depth < 3 else 2))
        if kind <= 2:
            parts.append(rng.choice(texts))
            continue
        name = rng.choice(names)
        attrs = "".join(rng.choice(attributes) for _ in range(rng.randint(0, 2)))
        if kind == 3:
            parts.append(f"<{name}{attrs}/>")
        elif kind == 4 and hostile:
            parts.append(f"</{name}>")  # stray
        else:
            inner = _fragment(rng, hostile, depth + 1)
            close = "" if kind == 5 and hostile else f"</{name}>"
            parts.append(f"<{name}{attrs}>{inner}{close}")
    return "".join(parts)


def test_material_reads_the_same_sections_from_random_fragments() -> None:
    rng = random.Random(2026)
    trimmed = 0
    for _ in range(4000):
        html = _fragment(rng, hostile=rng.random() < 0.5)
        out = searchtrim.trim(html)
        trimmed += out is not html
        assert outcome(out) == outcome(html), html
    # Enough of them were trimmed for the comparison to mean something.
    assert trimmed > 300, trimmed


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([CITE, "<p>", "</p>", " text ", '<h2 id="s">S</h2>', "\n",
                                 '<span class="verified" data-search-exclude>v</span>',
                                 "<td>", "</td>"]), max_size=12).map("".join))
def test_material_reads_the_same_sections_from_generator_like_markup(html: str) -> None:
    assert outcome(searchtrim.trim(html)) == outcome(html)


# ------------------------------------------------------------------------------ plain feed

class Calls(HTMLParser):
    """Every call ``html.parser`` makes to the handlers Material overrides, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.calls.append(("start", (tag, attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))


def parsed_calls(html: str) -> list[tuple[str, object]]:
    parser = Calls()
    parser.feed(html)
    parser.close()
    return parser.calls


def plain_calls(html: str) -> list[tuple[str, object]] | None:
    parser = Calls()
    return parser.calls if searchtrim.feed_plain(parser, html) else None


@pytest.mark.parametrize("html", [
    PAGE, searchtrim.trim(PAGE), "", "text only &amp; &#58; &lt;", "<p>", "</p>",
    '<a href="https&#58;//x.invalid/?a=1&amp;b=2" title=\'it&#39;s\' data-x="">t</a>',
    '<br><br/><br /><span class="x"/><img src="a" alt="">', "<p>\n\n  </p>\n \n<p>x</p>",
    '<td\nclass="a"\n  id="b">x</td >', "<p>ends in an entity &amp", "<p>a & b &c</p>",
])
def test_a_plain_page_gets_the_calls_html_parser_makes(html: str) -> None:
    assert plain_calls(html) == parsed_calls(html)


@pytest.mark.parametrize(("why", "html"), [
    ("a comment", "<!-- c --><p>x</p>"),
    ("a '<' that opens no tag", "<p>a < b</p>"),
    ("a script", "<script>x</script>"),
    ("a style element", "<style>p {}</style>"),
    ("a textarea", "<textarea>x</textarea>"),
    ("'>' in an attribute value", '<p title="a > b">x</p>'),
    ("an unquoted attribute value", "<p class=x>y</p>"),
    ("an upper-case tag name", "<P>x</P>"),
    ("a declaration", "<!DOCTYPE html><p>x</p>"),
])
def test_other_pages_are_left_to_html_parser(why: str, html: str) -> None:
    assert plain_calls(html) is None, why


def test_plain_feed_makes_html_parsers_calls_on_random_fragments() -> None:
    rng = random.Random(7)
    plain = 0
    for _ in range(4000):
        html = _fragment(rng, hostile=rng.random() < 0.5)
        calls = plain_calls(html)
        if calls is not None:
            plain += 1
            assert calls == parsed_calls(html), html
    assert plain > 1500, plain


def test_material_reads_the_same_sections_through_the_plain_feed() -> None:
    rng = random.Random(11)
    fast = searchtrim.plain_feed(Parser)
    for _ in range(2000):
        html = _fragment(rng, hostile=rng.random() < 0.5)
        parser = fast()
        try:
            parser.feed(html)
            parser.close()
            got: Sections | str = [(s.id, "".join(s.title), "".join(s.text))
                                   for s in parser.data]
        except ValueError as error:
            got = f"ValueError: {error}"
        assert got == outcome(html), html


def test_golden_pages_get_the_calls_html_parser_makes() -> None:
    pages = sorted((ROOT / "tests" / "golden").rglob("*.md"))
    plain = []
    for page in pages:
        html, _ = convert(body(page), fast=True, collector=True)
        calls = plain_calls(html)
        if calls is None:
            # Only a chooser's data script or a chart's <title> sends a page to html.parser.
            assert "<script" in html or "<title>" in html, page
            continue
        plain.append(page)
        assert calls == parsed_calls(html), page
    assert len(plain) > 0.8 * len(pages), (len(plain), len(pages))


# ------------------------------------------------------------------------------ whole builds

BUILD_TWICE = r"""
import json, sys
from mkdocs.commands import build
from mkdocs.config import load_config
config = load_config('mkdocs.yml', site_dir='site-with')
hook = sys.modules['generator/adapters/searchtrim.py']
plain, feed, counts = hook.trim, hook.feed_plain, {'pages': 0, 'trimmed': 0, 'fed': 0}
def counted(html):
    out = plain(html)
    counts['pages'] += 1
    counts['trimmed'] += out is not html
    return out
def fed(parser, html):
    done = feed(parser, html)
    counts['fed'] += done
    return done
hook.trim, hook.feed_plain = counted, fed
build.build(config)
hooks = [h for h in load_config('mkdocs.yml')['hooks'] if h != 'generator/adapters/searchtrim.py']
build.build(load_config('mkdocs.yml', site_dir='site-without', hooks=hooks))
print(json.dumps(counts))
"""


def _build_twice(project: Path) -> dict[str, int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project),
           "GENERATOR_CONTENT": "content"}
    proc = subprocess.run([sys.executable, "-c", BUILD_TWICE], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    counts: dict[str, int] = json.loads(proc.stdout.strip().splitlines()[-1])
    return counts


@pytest.mark.parametrize("dataset", ["content", "synthetic"])
def test_a_built_site_has_the_same_search_index_with_and_without_the_hook(
        tmp_path: Path, dataset: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "generator", project / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if dataset == "content":
        shutil.copytree(ROOT / "content", project / "content")
    else:
        synth.write(project / "content", 8, 30, 7)
    (project / "generated").mkdir()
    counts = _build_twice(project)
    with_hook = (project / "site-with" / "search" / "search_index.json").read_bytes()
    without = (project / "site-without" / "search" / "search_index.json").read_bytes()
    assert with_hook == without
    assert len(json.loads(with_hook)["docs"]) > 50
    # The hook did its work: most pages carry citations, and each of those was trimmed.
    assert counts["pages"] > 20 and counts["trimmed"] > counts["pages"] / 3, counts
    # And most pages were read without html.parser (the rest went through it).
    assert counts["fed"] > counts["pages"] / 2, counts
    # The pages themselves come from the real content, untouched.
    for page in ("matrix/index.html", "index.html"):
        assert (project / "site-with" / page).read_bytes() == \
            (project / "site-without" / page).read_bytes()
