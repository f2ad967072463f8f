"""Stage 4b — anchors: a contributor's link into a page names an anchor that page has.

Contributor markdown reaches the pages as sanitised HTML, which the engine's own anchor
check (MkDocs' ``validation.anchors``) never reads: ``[the row](matrix.md#no-such-row)``
built without a word and took readers to the top of the page. Once the pages are
rendered, every such link in a prose page or a data field is checked against the
anchors of the page it names: ``id`` (and ``name``) attributes, ``{ #id }`` attribute
lists, and headings without one, slugged as the table of contents slugs them.
Anything read as an anchor only lets more links pass, so where a page's markup is
unusual the check errs on the side of silence, never of a false error.
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
_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*$", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}[ \t]*$")
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
        text = heading.group(1)
        given = _ATTR_LIST.search(text)
        found.add(given.group(1) if given else slug(text))
    return found


class _Anchors:
    """The anchors of each rendered page, read only for pages that links point into."""

    def __init__(self, pages: dict[str, str]) -> None:
        self._pages = pages
        self._found: dict[str, set[str]] = {}

    def missing(self, src: str, anchor: str) -> bool:
        if src not in self._pages or not anchor:
            return False  # a missing page is reported before rendering
        if src not in self._found:
            self._found[src] = page_anchors(self._pages[src])
        return urllib.parse.unquote(anchor) not in self._found[src]


def _anchored(text: str, base: str) -> Iterator[tuple[str, str, str]]:
    """(target as written, page it names, anchor) for each ``x.md#a`` link in ``text``."""
    for target in sanitize.link_targets(text):
        path = sanitize.page_link(target)
        if path is None or "#" not in target:
            continue
        yield target, posixpath.normpath(posixpath.join(base, path)), target.partition("#")[2]


def check(content: Content, plans: list[PagePlan], pages: dict[str, str],
          locate: Callable[[PagePlan, str, str, str], Diagnostic],
          memo: RuleMemo | None = None) -> list[Diagnostic]:
    """Links with an anchor, in prose pages and data fields, name anchors that exist.

    ``locate(plan, target, message, hint)`` places a finding in a prose page's file.
    """
    anchors = _Anchors(pages)
    out = []
    for plan in plans:
        if "body" not in plan.context:
            continue
        base = posixpath.dirname(plan.src)
        for target, src, anchor in _anchored(str(plan.context["body"]), base):
            if anchors.missing(src, anchor):
                out.append(locate(plan, target, f"link to '{target}': {src} has no anchor "
                                  f"'{anchor}'", HINT))
    with memo_shared(memo):
        found = [(entry, text, loc) for entry in all_entries(content)
                 for text, loc in strings_of(entry)
                 if loc and loc[-1] in MARKDOWN_FIELDS and ".md#" in text]
    for entry, text, loc in found:
        for target, src, anchor in _anchored(text, ""):
            if anchors.missing(src, anchor):
                out.append(error(entry.at(*loc), f"{loc[-1]}: link to '{target}': {src} has "
                                 f"no anchor '{anchor}'", HINT))
    return out
