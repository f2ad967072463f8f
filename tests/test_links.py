"""Stage 4b: links into a page name anchors the page has (``generator/stages/anchors.py``)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.pipeline import check
from generator.stages import links as anchors
from tests.conftest import edit

HINT = "(link to an anchor the page has: a heading's or a row's, as its address bar shows it)"


@pytest.mark.parametrize("heading", [
    "Compared with", "One category's table", "C&#43;&#43; and Java teams",
    "`jax.jit` versus **torch.compile**", "[The matrix](matrix.md) rows", "Ünïcode tëxt",
    "What's new?", "Spaces   and -- dashes", "Trailing hashes ##",
])
def test_a_heading_without_an_id_gets_the_slug_markdown_gives_it(heading: str) -> None:
    html = markdown.markdown(f"## {heading}\n", extensions=["toc"])
    given = html.split('id="', 1)[1].split('"', 1)[0]
    assert anchors.slug(heading) == given


def test_anchors_of_a_page() -> None:
    page = ('# Title\n\n## Storage { #cat-storage }\n\n## Compared with\n\n'
            '<table><tr id="row-a"><td><a name="old-name">x</a></td></tr></table>\n'
            "```python\n# a comment in code\n```\n")
    found = anchors.page_anchors(page)
    assert {"title", "cat-storage", "compared-with", "row-a", "old-name"} <= found
    assert "storage" not in found  # the attribute list names the heading's id


def _with_links(content: Path, page_line: str, summary: str) -> int:
    """Append a line of links to the about page and put some in a summary; its line."""
    about = content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{page_line}\n", encoding="utf-8")
    edit(content / "features" / "storage.yml", "summary: An in-process analytical database.",
         f"summary: {summary}")
    return about.read_text(encoding="utf-8").count("\n")


def test_links_to_missing_anchors_are_located_errors(db_content: Path) -> None:
    line = _with_links(db_content,
                       "See [a](matrix.md#cat-storage), [b](matrix.md#nope), "
                       "[c](subjects/duckdb.md#compared-with) and [d](about.md#one-categorys-table)"
                       " and [e](subjects/duckdb.md#facts-x).",
                       '"In-process; see [the row](matrix.md#row-missing) and '
                       '[the category](matrix.md#cat-storage)."')
    result = check(db_content, None)
    assert result.failed
    assert [d.format() for d in result.diagnostics] == [
        f"content/features/storage.yml:12:39: error: summary: link to "
        f"'matrix.md#row-missing': matrix.md has no anchor 'row-missing' {HINT}",
        f"content/pages/about.md:{line}:37: error: link to 'matrix.md#nope': matrix.md has no "
        f"anchor 'nope' {HINT}",
        f"content/pages/about.md:{line}:138: error: link to 'subjects/duckdb.md#facts-x': "
        f"subjects/duckdb.md has no anchor 'facts-x' {HINT}"]


def test_links_to_anchors_that_exist_pass(db_content: Path) -> None:
    about = db_content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + "\nSee [a](matrix.md#cat-storage), [c](subjects/duckdb.md#compared-with),"
                       " [d](about.md#one-categorys-table) and [e](subjects/duckdb.md#facts).\n",
                     encoding="utf-8")
    result = check(db_content, None)
    assert not result.failed, [d.format() for d in result.diagnostics]


def test_local_links_that_are_not_pages_are_located_errors(db_content: Path) -> None:
    line = _with_links(db_content,
                       "[a](/matrix/) [b](//evil.example/x) [c](site.yml) [d](#nope) "
                       "[e](#one-categorys-table) [f](https://example.org/x) "
                       "[g](mailto:a@example.org)",
                       '"In-process; see [the data](data/matrix.csv)."')
    result = check(db_content, None)
    assert result.failed
    assert [d.format() for d in result.diagnostics] == [
        "content/features/storage.yml:12:39: error: summary: link to 'data/matrix.csv': only "
        "pages can be linked by file name, and this is not one (link to a page's file (.md), "
        "or give the full https:// address)",
        f"content/pages/about.md:{line}:5: error: link to '/matrix/': a link from the site "
        "root breaks when the site is published under a path (link to the page's file, such "
        "as matrix.md)",
        f"content/pages/about.md:{line}:19: error: link to '//evil.example/x': a link that "
        "starts with '//' takes its scheme from the page (write the full address, starting "
        "with https://)",
        f"content/pages/about.md:{line}:41: error: link to 'site.yml': only pages can be "
        "linked by file name, and this is not one (link to a page's file (.md), or give the "
        "full https:// address)",
        f"content/pages/about.md:{line}:55: error: link to '#nope': this page has no anchor "
        f"'nope' {HINT}"]


def test_anchor_reading_is_linear_on_hostile_lines() -> None:
    # 1 MiB heading lines of braces, brackets, tags and blanks: read in one pass each (a
    # quadratic pattern would not finish); an overlong heading gives no anchor.
    for line in ("## " + "{#" * 500_000, "## " + "[" * 1_000_000, "## " + "<" * 1_000_000,
                 "# a" + " \t" * 500_000):
        assert anchors.page_anchors(line + "\n## Short { #s }\n") <= {"a", "s"}
    assert anchors.page_anchors("## " + "x" * 2_000 + "\n") == set()
