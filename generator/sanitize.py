"""The HTML boundary: contributor markdown becomes sanitised, inert HTML here, and only here.

Content comes from strangers' pull requests. Every piece of contributor text that
reaches a page as markup (markdown fields, prose pages, example notes) goes
through :func:`markdown_html`:

1. markdown-it-py (CommonMark, linear time on hostile input) converts it with
   tables, strikethrough, definition lists and admonitions, and nothing that can
   add attributes;
2. ``nh3`` (the binding of the Rust ``ammonia`` crate) keeps only the allow-listed
   tags, attributes, classes and URL schemes below: this is the security boundary;
3. the result is re-serialised as one line in which every character that a
   downstream markdown engine could act on is a character reference, so MkDocs,
   ProperDocs or Zensical pass it through unchanged whatever extensions they run.

The lint rules in :mod:`generator.stages.rules` still point contributors at unsafe input
early, with a location, but they are hints: this module is the defence.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"})
"""Elements contributor text may produce (documented in SECURITY.md and CONTRIBUTING.md)."""

ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
"""Attributes per element; no event handler, ``style``, ``id`` or ``name`` is ever allowed."""

CLASSES: dict[str, set[str]] = {
    "div": {"admonition", "note", "tip", "info", "warning", "danger", "example", "quote"},
    "p": {"admonition-title"},
}
"""Classes kept: only what admonitions need to look like the theme's call-outs."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link schemes; anything else (``javascript:``, ``data:``, ``vbscript:``...) is dropped."""

_VOID = frozenset({"br", "hr", "img"})
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
"""A link target that starts with a scheme (``https:``, ``mailto:``): an address on the web."""

_INERT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "[": "&#91;", "]": "&#93;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "\\": "&#92;",
    "~": "&#126;", "!": "&#33;", "{": "&#123;", "}": "&#125;", "|": "&#124;", "^": "&#94;",
    "=": "&#61;", ":": "&#58;", "#": "&#35;", "+": "&#43;", "$": "&#36;", "%": "&#37;",
    "\r": "&#13;",
})
"""Characters that HTML or any markdown extension could act on, as character references.

Browsers show references as the characters themselves, so readers see the text
unchanged, while a markdown engine running over the page sees no syntax at all.
"""


def inert(text: str) -> str:
    """Escape text for HTML so that no markdown engine can act on it either."""
    return text.translate(_INERT)


_LOCAL_IMAGE = re.compile(r"(?:\.\./)*[A-Za-z0-9_-][A-Za-z0-9._/-]*")
"""An image path inside the site: relative, plain characters, never '//' or a backslash."""


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    # Images must come from the site itself: anything but a plain relative path
    # (a scheme, '//', a backslash, leading space) could make readers' browsers
    # call another host.
    if tag == "img" and attr == "src" and (not _LOCAL_IMAGE.fullmatch(value)
                                           or "//" in value):
        return None
    return value


@functools.lru_cache(maxsize=16384)
def clean(fragment: str) -> str:
    """Sanitise an HTML fragment with the allow-list above (nh3 / ammonia)."""
    return nh3.clean(fragment, tags=set(TAGS), attributes=ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), allowed_classes=CLASSES,
                     attribute_filter=_attribute_filter, link_rel="noopener noreferrer",
                     strip_comments=True)


_MARKDOWN = (MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
             .use(deflist_plugin).use(admon_plugin))
"""The converter for contributor markdown; raw HTML in it is left for nh3 to judge."""


@functools.lru_cache(maxsize=16384)
def _converted(text: str) -> str:
    # A cell's detail appears on many pages (matrix, subject, pairs): convert it once.
    return clean(_MARKDOWN.render(text))


LinkResolver = Callable[[str], str | None]
"""Maps a relative link such as ``matrix.md#row-x`` to the URL to print, or None to keep it."""


class _Href(str):
    """A link target in a serialised fragment, printed only once the page's resolver saw it."""


class _Inert(HTMLParser):
    """Re-serialise sanitised HTML as one inert line; ``.md`` link targets are left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            text = value or ""
            if tag == "a" and name == "href":
                self.out.append(f' {name}="')
                self.out.append(_Href(text))
                self.out.append('"')
            else:
                self.out.append(f' {name}="{inert(text)}"')

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.pre += 1
        self.out.append(f"<{tag}")
        self._attrs(tag, attrs)
        self.out.append(">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag}")
        self._attrs(tag, attrs)
        self.out.append(">")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        # One line: a blank line would end an HTML block in the engine's markdown.
        data = data if self.pre else re.sub(r"\s*\n\s*", " ", data)
        self.out.append(inert(data).replace("\n", "&#10;"))


@functools.lru_cache(maxsize=16384)
def _pieces(fragment: str) -> tuple[str, ...]:
    """The fragment serialised once: text, and the link targets (:class:`_Href`) between.

    The same fragment appears on many pages (a cell's detail on the matrix, its subject's
    page, pair pages) and in every build of a preview; only its links differ by page.
    """
    parser = _Inert()
    parser.feed(fragment)
    parser.close()
    pieces: list[str] = []
    for part in parser.out:
        if isinstance(part, _Href) or not pieces or isinstance(pieces[-1], _Href):
            pieces.append(part)
        else:
            pieces[-1] += part
    return tuple(pieces)


def encode(fragment: str, resolve: LinkResolver | None = None) -> str:
    """Return already-sanitised HTML as a single line that markdown engines leave alone.

    ``resolve`` maps each link target of the fragment (see :data:`LinkResolver`).
    """
    return "".join(
        inert((resolve(part) if resolve is not None else None) or part)
        if isinstance(part, _Href) else part for part in _pieces(fragment)).strip()


def link_targets(text: str) -> list[str]:
    """The link targets of contributor markdown, as the page's resolver will see them."""
    return [part for part in _pieces(_converted(text)) if isinstance(part, _Href)]


def page_link(target: str) -> str | None:
    """The docs source a relative ``x.md#a`` link names, or None for any other link."""
    if SCHEME.match(target) or target.startswith(("/", "#")):
        return None
    path = target.partition("#")[0]
    return posixpath.normpath(path) if path.endswith(".md") else None


def markdown_html(text: str, resolve: LinkResolver | None = None) -> str:
    """Contributor markdown → sanitised, inert, one-line HTML."""
    return encode(_converted(text), resolve)


def docs_link_resolver(base_dir: str, known: set[str],
                       href: Callable[[str], str]) -> LinkResolver:
    """Resolve ``x.md#a`` links (relative to ``base_dir`` in the docs tree) to page URLs.

    ``href`` maps a site path ('matrix/') to the URL printed on the current page.
    Links to anything else (external URLs, anchors, unknown files) are kept.
    """
    def resolve(target: str) -> str | None:
        if page_link(target) is None:
            return None
        path, _, anchor = target.partition("#")
        src = posixpath.normpath(posixpath.join(base_dir, path))
        if src not in known:
            return None
        stem = src.removesuffix(".md")
        site_path = "" if stem == "index" else stem.removesuffix("/index") + "/"
        return href(site_path + (f"#{anchor}" if anchor else ""))
    return resolve
