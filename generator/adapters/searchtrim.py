"""A MkDocs hook: Material's search index, without parsing what it throws away (#16).

Material's search plugin runs Python's HTML parser over every page, tag by tag, and
drops every element marked ``data-search-exclude`` with all it holds. On the generator's
pages those elements hold half the tags of the matrix and of each subject page: every
cell's citation tooltips, every row's "Report a problem" link, every verified date. At
30 subjects × 150 features that parse was almost half of the whole build.

This hook hands the search plugin a copy of each page in which every such element is
empty (its start and end tags kept, what was between them removed) and changes nothing
else: the page itself is rendered from the real content, untouched. The index is the
same, byte for byte (``tests/test_searchtrim.py`` builds sites with and without this hook
and compares ``search_index.json``), because an element is emptied only when the parser
would provably have skipped all of it and left its state as it was:

* every ``<`` on the page opens a plainly written start or end tag (names in lower case,
  attribute values quoted and free of ``<`` and ``>``; no comments, no declarations), so
  the tags found here are the parser's tags; there is no ``script``, ``style``,
  ``object`` or other raw-text element and no ``linenodiv`` anywhere on the page;
* what an emptied element held is properly nested, with no heading (a heading starts a
  section even when it is excluded), no element of the excluded element's own name
  (Material's skip list compares by tag name, so an inner ``</span>`` would end an
  excluded ``<span>``'s exclusion early) and no element the parser never skips out of.

A page where any of that does not hold is indexed as it is.

Material's parser is Python's ``html.parser`` with Material's handlers on top, and on these
pages the tokenizing alone was a quarter of its time. Where every ``<`` of a page opens a
plainly written tag (the first rule above) and no raw-text element is present, the tags
and the text between them are exactly what a pattern finds, so :class:`_PlainFeed` finds
them that way and calls Material's own handlers with what ``html.parser`` would pass: tag
names, attributes with their values unescaped (``None`` for a bare name), the text between
tags unescaped, and a start and an end call for a self-closing tag. Any other page goes
through ``html.parser`` as before.

Listed under ``hooks:`` in ``mkdocs.yml`` (MkDocs and ProperDocs; it imports neither).
Zensical ignores hooks and has its own search, and a build without this hook indexes the
same text, only slower.
"""

from __future__ import annotations

import functools
import re
import sys
from html import unescape
from typing import Any

_NAME = r"[a-z_:][-a-z0-9_:.]*"
_VALUE = r"""(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))?"""
_ATTR = rf"\s+{_NAME}{_VALUE}"
_TAG = re.compile(rf"<(/?)([a-z][a-z0-9-]*)((?:{_ATTR})*)\s*(/?)>")
"""A start or end tag as the templates and markdown write it: names in lower case, values
quoted; groups: slash, name, attributes, self-closing slash. Values hold no ``<`` or ``>``,
so on a page where every ``<`` opens one of these, a tag ends at the first ``>`` after it,
and one that ends in ``/>`` closes itself (the slash cannot be part of a value)."""
_ATTR_ITEM = re.compile(rf"\s+({_NAME}){_VALUE}")
_ATTR_PARTS = re.compile(rf"""\s+({_NAME})(?:\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'))?""")
""":data:`_ATTR_ITEM` with the value's text, inside double or single quotes, as groups."""
"""One attribute of a :data:`_TAG`'s attribute string, its name as group 1. Matched one
after another, so a word inside a quoted value is never taken for a name."""
_MARK = "data-search-exclude"
_UNSAFE = re.compile(r"<(?:script|style|object|textarea|title|xmp|iframe|noembed|noframes|"
                     r"noscript|plaintext)[\s/>]|linenodiv")
"""Raw-text elements (their content is not markup), elements Material never stops
skipping, and the line-number tables it skips by class."""
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
"""Material's ``void`` set: start tags it never pushes, so no end tag is awaited for them."""
_LEAF = re.compile(rf"<(?:{'|'.join(sorted(VOID))})(?=[\s/>])[^>]*>|<[a-z][^>]*/>")
_PAIR = re.compile(r"<([a-z][a-z0-9-]*)(?=[\s>])[^>]*>[^<]*</\1\s*>")
_NEVER_INSIDE = re.compile(r"<(?:h[1-6]|object|script|style)[\s/>]")
_DEPTH = 32
"""Deeper nesting than this is left unproved (and the page as it is): each level costs a
pass over the emptied markup, and the generator's own goes four deep."""
_GAP = "<>"
"""Joins the emptied elements' contents for one nesting check; not a tag, so never paired."""


@functools.lru_cache(maxsize=64)
def _start_of(name: str) -> re.Pattern[str]:
    return re.compile(rf"<{name}[\s/>]")


@functools.lru_cache(maxsize=64)
def _end_of(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}\s*>")


def _excludes(attributes: str) -> bool:
    return any(m.group(1) == _MARK for m in _ATTR_ITEM.finditer(attributes))


def trim(html: str) -> str:
    """Return ``html`` with every search-excluded element emptied, or ``html`` itself.

    ``html`` is returned unchanged unless every rule in the module docstring holds for
    the whole page.
    """
    if _MARK not in html or _UNSAFE.search(html) or _TAG.sub("", html).find("<") >= 0:
        return html
    kept: list[str] = []
    emptied: list[str] = []
    done = 0
    at = html.find(_MARK)
    while at >= 0:
        start = html.rfind("<", done, at)
        tag = _TAG.match(html, start) if start >= 0 else None
        if tag is None or tag.end() <= at or tag.group(1) or not _excludes(tag.group(3)):
            at = html.find(_MARK, at + 1)  # the words in text, or inside an attribute value
            continue
        name = tag.group(2)
        if name in _HEADINGS:
            return html
        if tag.group(4) or name in VOID:
            at = html.find(_MARK, tag.end())  # nothing inside: nothing to skip
            continue
        # With no element of the same name inside, the first end tag of that name is its
        # own, if what lies between nests (checked below for all elements at once).
        end = _end_of(name).search(html, tag.end())
        if end is None or _start_of(name).search(html, tag.end(), end.start()):
            return html
        emptied.append(html[tag.end():end.start()])
        kept.append(html[done:tag.end()])
        done = end.start()
        at = html.find(_MARK, end.end())
    if not kept or not _nests(_GAP.join(emptied)):
        return html
    kept.append(html[done:])
    return "".join(kept)


def _nests(markup: str) -> bool:
    """True if ``markup``'s tags nest properly and none is one Material must see."""
    if _NEVER_INSIDE.search(markup):
        return False
    rest = _LEAF.sub("", markup)
    for _ in range(_DEPTH):
        paired = _PAIR.sub("", rest)
        if len(paired) == len(rest):
            return "<" not in rest.replace(_GAP, "")
        rest = paired
    return False


def plain_tags(html: str) -> list[re.Match[str]] | None:
    """Every tag of ``html`` in order, or None unless every ``<`` opens one of them.

    Each :data:`_TAG` holds exactly one ``<``, its first character (values hold none), so
    the tags account for every ``<`` exactly when there are as many of them. Raw-text
    elements, whose content ``html.parser`` does not read as markup, also give None.
    """
    tags = list(_TAG.finditer(html))
    if len(tags) != html.count("<") or _UNSAFE.search(html):
        return None
    return tags


def feed_plain(parser: Any, html: str) -> bool:
    """Give ``parser`` the calls ``html.parser`` would make for ``html``; False if not plain.

    ``parser`` is an ``HTMLParser`` with ``convert_charrefs`` on (Material's is), so each
    run of text between two tags is one ``handle_data`` call with entities unescaped.
    """
    tags = plain_tags(html)
    if tags is None:
        return False
    start, end, data = parser.handle_starttag, parser.handle_endtag, parser.handle_data
    done = 0
    for tag in tags:
        if tag.start() > done:
            data(unescape(html[done:tag.start()]))
        done = tag.end()
        slash, name, attributes, closes = tag.groups()
        if slash:
            end(name)
            continue
        attrs: list[tuple[str, str | None]] = []
        for item in _ATTR_PARTS.finditer(attributes):
            value = item.group(2) if item.group(2) is not None else item.group(3)
            attrs.append((item.group(1), unescape(value) if value else value))
        start(name, attrs)
        if closes:
            end(name)
    if done < len(html):
        data(unescape(html[done:]))
    return True


@functools.lru_cache(maxsize=4)
def plain_feed(parser: type) -> type:
    """``parser`` (Material's search ``Parser``), reading plain pages without ``html.parser``."""

    class _PlainFeed(parser):  # type: ignore[misc]
        def feed(self, data: str) -> None:
            # Only a whole page in one piece: text held back from an earlier feed would
            # have to be read before it.
            if self.rawdata or not feed_plain(self, data):
                super().feed(data)

    return _PlainFeed


class _Trimmed:
    """The page as the search index reads it: its trimmed content, everything else its own."""

    def __init__(self, page: Any) -> None:
        self._page = page
        self.content = trim(page.content)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def on_config(config: Any) -> None:
    """Give this build's Material search index the trimmed pages, read by :func:`feed_plain`.

    Material makes a new index in its own ``on_config``; this runs after it (priority
    -100). Another search plugin, or none, is left alone.
    """
    for plugin in config.plugins.values():
        index: Any = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        module = sys.modules.get(type(index).__module__)
        parser = getattr(module, "Parser", None)
        if (type(plugin).__module__ != "material.plugins.search.plugin" or add is None
                or not isinstance(parser, type)):
            continue

        def add_trimmed(page: Any, add: Any = add, module: Any = module,
                        parser: type = parser) -> None:
            # Material's method makes its parser from the module's ``Parser``: ours, for
            # this one call only, so any other index in the process (a build without this
            # hook) keeps Material's own.
            module.Parser = plain_feed(parser)
            try:
                add(_Trimmed(page))
            finally:
                module.Parser = parser

        index.add_entry_from_context = add_trimmed


on_config.mkdocs_priority = -100  # type: ignore[attr-defined]
"""What ``mkdocs.plugins.event_priority(-100)`` sets; read by MkDocs and ProperDocs alike."""
