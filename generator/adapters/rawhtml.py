"""A Python-Markdown extension: hand the generator's big HTML tables straight to the page.

Almost all of a large site's markdown is raw HTML: the matrix and every subject page are
tables written as HTML (``<div class="matrix-wrap">``, ``<table class="matrix ...">``),
10.4 of the 10.8 MiB generated at 30 subjects × 150 features. Markdown passes raw HTML
blocks through unchanged, but it runs Python's HTML parser over every tag to find where
each block ends, and MkDocs runs a second HTML parser over the whole page to collect the
``id`` attributes that links into the page are checked against. On those pages the two
parsers were most of MkDocs' markdown time (#16).

:class:`RawBlocks` stashes such a block whole, as markdown's own raw-HTML step would, when
its bounds are certain without parsing: it stands alone between blank lines, its first
line opens a ``<table`` or ``<div`` at the start of the line, its last line is the matching
close tag, and that element is closed nowhere before the last line. Anything else is left
to markdown. The page's HTML is the same bytes either way (``tests/test_rawhtml.py``
converts every golden page both ways).

Where the engine has an anchor collector (MkDocs' and ProperDocs' ``*_raw_html``
preprocessor, which keeps a ``present_anchor_ids`` set), blocks are stashed before it
runs, and their ids are handed to it afterwards (:class:`FeedAnchors`). The ids are read
with a pattern for the generator's own markup (``<tag attr="..." id="...">``); a block in
which any ``id=`` or ``name=`` is written otherwise is left for the collector to parse.
Without a collector (another engine), blocks are stashed just before markdown's raw-HTML
step instead.

It changes nothing about what passes: markdown never looks inside a raw HTML block (no
``md_in_html``), and every value in these blocks was escaped or sanitised by the
generator before it was written.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPEN = re.compile(r"<(table|div)[\s>]")
_TAGS = {name: (re.compile(rf"<{name}[\s>]"), f"</{name}>") for name in ("table", "div")}
_ANY_ANCHOR = re.compile(r"\b(?:id|name)\s*=", re.IGNORECASE)
"""Everything that might be an ``id`` or ``name`` attribute, however it is written."""
_OUR_ID = re.compile(r'id="([^"<>&]*)"')
"""An ``id`` as the templates write it, from its name on: the value holds no ``&``, so it
needs no unescaping (it is what an HTML parser reads), and no ``<`` or ``>``."""
_OUR_TAG_START = re.compile(r'<[a-z][a-z0-9-]*(?: [a-z-]+="[^"<>]*")*')
"""A start tag as the templates write it, up to the space before its ``id``: a lower-case
name, then attributes each written ``name="..."`` after one space."""


def _whole_element(block: list[str]) -> bool:
    """True when the block's first element closes exactly at the end of its last line."""
    match = _OPEN.match(block[0])
    if match is None:
        return False
    opens, close = _TAGS[match.group(1)]
    if block[-1] != close:
        return False
    depth = 0
    for n, line in enumerate(block):
        depth += len(opens.findall(line)) - line.count(close)
        if depth <= 0:
            return n == len(block) - 1 and depth == 0
    return False


def anchor_ids(html: str) -> set[str] | None:
    """The ids an HTML parser finds in ``html``, or None if any is not written our way.

    Only the places that might be an anchor are looked at (a pattern tried at every tag
    was a tenth of a large build): each must be a tag's only ``id``, written as
    :data:`_OUR_ID` right after one space, in a start tag written as
    :data:`_OUR_TAG_START` from the last ``<`` before it. Text that merely says ``id="x"``
    fails that, since a tag ends at a ``>`` that no attribute value holds.
    """
    ids = set()
    for anchor in _ANY_ANCHOR.finditer(html):
        at = anchor.start()
        found = _OUR_ID.match(html, at)
        if found is None or html[at - 1:at] != " ":
            return None
        opens = html.rfind("<", 0, at)
        if opens < 0 or _OUR_TAG_START.fullmatch(html, opens, at - 1) is None \
                or ' id="' in html[opens:at - 1]:
            return None
        ids.add(found.group(1))
    return ids


def _collectors(md: Markdown) -> list[Any]:
    """The engine's anchor collectors registered on ``md`` (MkDocs, ProperDocs), if any."""
    return [p for p in md.preprocessors
            if type(p).__name__ == "_RawHTMLPreprocessor"
            and isinstance(getattr(p, "present_anchor_ids", None), set)]


class RawBlocks(Preprocessor):
    """Stash whole HTML table blocks so that no HTML parser walks them tag by tag."""

    def __init__(self, md: Markdown, early: bool) -> None:
        super().__init__(md)
        self.early = early
        self.ids: set[str] = set()
        """Ids inside the blocks stashed by the last run (early phase only)."""

    def run(self, lines: list[str]) -> list[str]:
        """Return the lines with each whole table block replaced by its stash placeholder."""
        self.ids = set()
        # One of the two phases runs: early when there is a collector to hand ids to.
        if self.early != bool(_collectors(self.md)):
            return lines
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line.startswith("<") and (i == 0 or not lines[i - 1].strip()):
                end = i
                while end < n and lines[end].strip():
                    end += 1
                block = lines[i:end]
                html = "\n".join(block)
                ids = anchor_ids(html) if self.early else set()
                if ids is not None and _whole_element(block):
                    self.ids |= ids
                    # Markdown's raw-HTML step keeps the line break after a block that
                    # something follows; the stash keeps it too, so the bytes match.
                    out.append(self.md.htmlStash.store(html + "\n"))
                    i = end
                    continue
            out.append(line)
            i += 1
        return out


class FeedAnchors(Preprocessor):
    """After the engine's collector ran, add the ids of the blocks it did not see."""

    def __init__(self, md: Markdown, early: RawBlocks) -> None:
        super().__init__(md)
        self.early = early

    def run(self, lines: list[str]) -> list[str]:
        """Give every collector the stashed blocks' ids; the lines pass unchanged."""
        for collector in _collectors(self.md):
            collector.present_anchor_ids |= self.early.ids
        return lines


class RawHtmlExtension(Extension):
    """Registers the two phases around the engine's anchor collector (21).

    Early (21.5): after fenced code (25), before the collector. Feeding (20.9): after the
    collector. Late (20.5): before markdown's raw-HTML step (20), when there is no
    collector.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the preprocessors to ``md`` (Python-Markdown calls this)."""
        early = RawBlocks(md, early=True)
        md.preprocessors.register(early, "generator_raw_blocks", 21.5)
        md.preprocessors.register(FeedAnchors(md, early), "generator_raw_anchors", 20.9)
        md.preprocessors.register(RawBlocks(md, early=False), "generator_raw_blocks_late", 20.5)


def makeExtension(**kwargs: Any) -> RawHtmlExtension:
    """Entry point for ``markdown_extensions: [generator.adapters.rawhtml]``."""
    return RawHtmlExtension(**kwargs)
