"""Stage 4b — links: every link in contributor text goes where it says.

Contributor markdown reaches the pages as sanitised HTML, which the engine's own link
checks (MkDocs' ``validation``) never read. Once the pages are rendered, every link in a
prose page or a markdown data field is checked:

* ``x.md`` must be a page (the render stage reports those of prose pages; this stage,
  those of data fields, where a missing page was printed as a dead link on every page
  showing the text).
* ``x.md#a`` (and ``#a`` within a prose page) must name an anchor that page has: ``id``
  (and ``name``) attributes, ``{ #id }`` attribute lists, and headings without one,
  slugged as the table of contents slugs them. ``matrix.md#no-such-row`` built without a
  word and took readers to the top of the page. Anything read as an anchor only lets
  more links pass, so where a page's markup is unusual the check errs towards silence.
* Local links name pages by their file. A path from the site root (``/matrix/``) breaks
  when the site is published under a sub-path; any other file (``site.yml``,
  ``data/matrix.csv``) is printed as written and resolves against the page's own URL, a
  dead link on most pages; ``//host/x`` leaves the scheme to the page's.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator

from generator import sanitize
from generator.diagnostics import Diagnostic
from generator.plan import PagePlan
from generator.stages.rules.text import MARKDOWN_FIELDS
from generator.stages.rules.walk import RuleMemo, all_entries, error, memo_shared, strings_of
from generator.stages.validate import Content

_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']([^"'<>]*)["']""")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*)$", re.MULTILINE)
_LONGEST_HEADING = 1000
"""Longer heading lines are not read for an anchor: no template writes one, and the
patterns below would slow down on a hostile one."""
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
HINT = "link to an anchor the page has: a heading's or a row's, as its address bar shows it"


def slug(heading: str) -> str:
    """The id the table of contents gives a heading without one (markdown's ``slugify``)."""
    text = _LINK.sub(r"\1", heading.rstrip("#").strip())
    text = html.unescape(_TAG.sub("", text)).replace("`", "").replace("*", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def page_anchors(markdown: str) -> set[str]:
    """Every anchor a generated page will have, and perhaps a few it will not."""
    found = set(_ID.findall(markdown))
    for heading in _HEADING.finditer(markdown):
        text = heading.group(1).rstrip(" \t")
        if len(text) > _LONGEST_HEADING:
            continue
        given = _given_id(text)
        found.add(given if given is not None else slug(text))
    return found


def _given_id(heading: str) -> str | None:
    """The ``#id`` of an attribute list (``{ #id .class }``) that ends ``heading``, if any."""
    if not heading.endswith("}"):
        return None
    inside = heading[heading.rfind("{") + 1:-1].removeprefix(":")
    return next((word[1:] for word in inside.split() if word.startswith("#") and word[1:]),
                None)


class _Anchors:
    """The anchors of each rendered page, read only for pages that links point into."""

    def __init__(self, pages: dict[str, str]) -> None:
        self._pages = pages
        self._found: dict[str, set[str]] = {}

    def has_page(self, src: str) -> bool:
        return src in self._pages

    def missing(self, src: str, anchor: str) -> bool:
        if src not in self._pages or not anchor:
            return False
        if src not in self._found:
            self._found[src] = page_anchors(self._pages[src])
        return urllib.parse.unquote(anchor) not in self._found[src]


_MAY_LINK = re.compile(r"\]\(|\]:|href|\.md")
"""Text that may hold a link: inline, by reference, as HTML, or to a page."""
_NO_SCHEME = ("a link that starts with '//' takes its scheme from the page",
              "write the full address, starting with https://")
_FROM_ROOT = ("a link from the site root breaks when the site is published under a path",
              "link to the page's file, such as matrix.md")
_NO_PAGE_HINT = "link to a page's file, such as matrix.md or subjects/index.md"
_NOT_A_PAGE = ("only pages can be linked by file name, and this is not one",
               "link to a page's file (.md), or give the full https:// address")


def _problems(text: str, page: str | None, anchors: _Anchors) -> Iterator[tuple[str, str, str]]:
    """(target, message, hint) for each link in ``text`` that goes nowhere.

    ``page`` is the docs path of the prose page holding ``text``; None for a data field,
    whose links are relative to the docs folder and which may be shown on any page.
    """
    base = posixpath.dirname(page) if page else ""
    for target in sanitize.link_targets(text):
        if sanitize.SCHEME.match(target):
            continue  # an address on the web (https:, mailto:)
        if target.startswith("//"):
            yield target, f"link to '{target}': {_NO_SCHEME[0]}", _NO_SCHEME[1]
        elif target.startswith("/"):
            yield target, f"link to '{target}': {_FROM_ROOT[0]}", _FROM_ROOT[1]
        elif target.startswith("#"):
            if page is not None and anchors.missing(page, target[1:]):
                yield target, f"link to '{target}': this page has no anchor " \
                    f"'{target[1:]}'", HINT
        elif (path := sanitize.page_link(target)) is not None:
            src, anchor = posixpath.normpath(posixpath.join(base, path)), \
                target.partition("#")[2]
            if not anchors.has_page(src):
                # Only data fields get here: the render stage reports prose pages' own.
                yield target, f"link to '{target}': no such page", _NO_PAGE_HINT
            elif anchors.missing(src, anchor):
                yield target, f"link to '{target}': {src} has no anchor '{anchor}'", HINT
        elif target.partition("#")[0]:
            yield target, f"link to '{target}': {_NOT_A_PAGE[0]}", _NOT_A_PAGE[1]


def check(content: Content, plans: list[PagePlan], pages: dict[str, str],
          locate: Callable[[PagePlan, str, str, str], Diagnostic],
          memo: RuleMemo | None = None) -> list[Diagnostic]:
    """Every link in prose pages and markdown data fields goes where it says.

    ``locate(plan, target, message, hint)`` places a finding in a prose page's file.
    """
    anchors = _Anchors(pages)
    out = []
    for plan in plans:
        if "body" in plan.context:
            out += [locate(plan, target, message, hint) for target, message, hint
                    in _problems(str(plan.context["body"]), plan.src, anchors)]
    with memo_shared(memo):
        found = [(entry, text, loc) for entry in all_entries(content)
                 for text, loc in strings_of(entry)
                 if loc and loc[-1] in MARKDOWN_FIELDS and _MAY_LINK.search(text)]
    for entry, text, loc in found:
        out += [error(entry.at(*loc), f"{loc[-1]}: {message}", hint)
                for _, message, hint in _problems(text, None, anchors)]
    return out
