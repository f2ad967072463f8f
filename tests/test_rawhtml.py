"""The raw-HTML pass-through (#16) changes how fast markdown runs, never what it produces.

Every golden page is converted with the engine's markdown extensions, once with and once
without :mod:`generator.adapters.rawhtml`; the HTML must be the same bytes. Blocks whose
end cannot be told without parsing are left to markdown, and give the same bytes too.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from mkdocs.structure.pages import _HTMLHandler, _RawHTMLPreprocessor

from generator.adapters.rawhtml import RawBlocks, RawHtmlExtension, anchor_ids
from tests.conftest import ROOT

GOLDENS = ROOT / "tests" / "golden"
NAME = "generator.adapters.rawhtml"


def _extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The markdown extensions of mkdocs.yml, without the pass-through, and their settings."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    settings: dict[str, dict[str, Any]] = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name != NAME:
            names.append(name)
            settings[name] = options or {}
    return names, settings


def _convert(text: str, fast: bool, collector: bool) -> tuple[str, set[str]]:
    """The HTML, and the anchor ids MkDocs' collector found (when it is registered)."""
    names, settings = _extensions()
    md = markdown.Markdown(extensions=[*names, RawHtmlExtension()] if fast else names,
                           extension_configs=settings)
    anchors = _RawHTMLPreprocessor()
    if collector:
        anchors._register(md)  # as MkDocs' Page.render does
    return md.convert(text), anchors.present_anchor_ids


def _both(text: str) -> tuple[str, str]:
    plain, plain_ids = _convert(text, fast=False, collector=True)
    fast, fast_ids = _convert(text, fast=True, collector=True)
    assert fast_ids == plain_ids
    # Without a collector (another engine) the late phase stashes: the same HTML too.
    assert _convert(text, fast=True, collector=False)[0] == plain
    return plain, fast


def _body(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


PAGES = sorted(p for p in GOLDENS.rglob("*.md"))


def test_both_engine_configs_list_the_pass_through() -> None:
    for config in (ROOT / "mkdocs.yml", ROOT / "generator" / "adapters" / "site.mkdocs.yml"):
        assert f"  - {NAME}\n" in config.read_text(encoding="utf-8"), config


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(GOLDENS).as_posix())
def test_every_golden_page_gives_the_same_html(page: Path) -> None:
    plain, fast = _both(_body(page))
    assert fast == plain


def test_the_tables_are_passed_through_whole() -> None:
    """Not a vacuous test: the matrix's tables take the fast path, ids and all."""
    md = markdown.Markdown()
    lines = _body(GOLDENS / "databases" / "matrix.md").split("\n")
    out = RawBlocks(md, early=False).run(lines)
    assert len(out) < len(lines) / 2
    assert sum(1 for line in out if line.startswith("<table")) == 0
    _RawHTMLPreprocessor()._register(md)
    early = RawBlocks(md, early=True)
    assert len(early.run(lines)) == len(out)
    assert "row-" + "embedded" in early.ids


def _parsed_ids(html: str) -> set[str]:
    parser = _HTMLHandler()
    parser.feed(html)
    parser.close()
    return parser.present_anchor_ids


@pytest.mark.parametrize("html", [
    '<tr id="row-a" data-x="1"><td>x</td></tr>',
    '<div class="matrix-wrap" data-category="c">\n<tr id="r1"><td id="c2">a</td></tr>\n</div>',
    '<span>no ids here</span>',
    '<a name="n1">x</a>',
    "<tr id='single'></tr>",
    '<tr ID="upper"></tr>',
    '<tr data-id="x" id="y"></tr>',
    '<tr id="a&amp;b"></tr>',
    '<td title="a>b" id="t">x</td>',
    '<td>id=3 in text</td>',
])
def test_anchor_ids_are_what_a_parser_finds_or_none(html: str) -> None:
    ids = anchor_ids(html)
    assert ids is None or ids == _parsed_ids(html)


_TAG_PIECES = ['<tr id="r{n}">', '<td class="c" id="c{n}">', '<span class="x">', "</td>",
               "</tr>", "</span>", '<a href="/m/#r{n}" title="t">', "</a>", "text ", "\n"]
_ODD_PIECES = ['<a name="n{n}">', '<td id="a" id="b{n}">', '<td data-id="d{n}">',
               ' id="t{n}" in text ', '<td id = "s{n}">', '<TD ID="u{n}">', "<td id='q{n}'>",
               '<td title="a>b" id="g{n}">', '<td\nid="l{n}">', '<td  id="w{n}">',
               '<td id="e&amp;{n}">', "<!-- id=\"k{n}\" -->", '<td class="x id="z{n}">']


def test_anchor_ids_are_what_a_parser_finds_on_random_markup() -> None:
    rng = random.Random(5)
    read = 0
    for _ in range(3000):
        odd = rng.random() < 0.5
        pieces = _TAG_PIECES + _ODD_PIECES if odd else _TAG_PIECES
        html = "".join(rng.choice(pieces).format(n=n) for n in range(rng.randint(1, 12)))
        ids = anchor_ids(html)
        if ids is not None:
            read += 1
            assert ids == _parsed_ids(html), html
        else:
            assert odd, html  # markup written the templates' way is always read
    assert read > 1500, read


EDGES = [
    # Two elements in one block: markdown splits them; the pass-through must not take it.
    "<div>\n<p>a</p>\n</div>\n<div>b</div>\n\nafter\n",
    # An element that closes before the block ends.
    "<table><tr><td>1</td></tr></table>\ntext\n</table>\n\nafter\n",
    # Nested elements of the same name, then text.
    "<div class=\"matrix-wrap\">\n<div>\n<table>\n<tr><td>x</td></tr>\n</table>\n</div>\n"
    "</div>\n\n## Next\n",
    # Not closed at all.
    "<div>\n<p>open\n\nmore text\n",
    # Right after a paragraph (no blank line before): left to markdown.
    "para\n<table>\n<tr><td>x</td></tr>\n</table>\n\nafter\n",
    # At the very end, and at the very start.
    "<table>\n<tr><td>x</td></tr>\n</table>",
    "intro\n\n<table class=\"matrix\">\n<tr><td>&lt;b&gt; &#91;x&#93;</td></tr>\n</table>\n",
    # Indented: a code block, not HTML.
    "text\n\n    <table>\n    </table>\n\nafter\n",
    # Inside a fenced code block: stays code.
    "```html\n\n<table>\n<tr><td>x</td></tr>\n</table>\n\n```\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_blocks_of_every_shape_give_the_same_html(text: str) -> None:
    plain, fast = _both(text)
    assert fast == plain
