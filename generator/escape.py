"""Named escaping filters: every value from data reaches a page through one of these.

Content comes from strangers' pull requests, so no data field may reach the
built HTML as markup: ``<script>``, event-handler attributes and
``javascript:`` URLs are all neutralised here, never by hand in a template.
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

import markdown as md_lib

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!{}])")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_LINK_TARGET = re.compile(r"(\]\(\s*<?)([a-zA-Z][a-zA-Z0-9+.\-]*):")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)([a-zA-Z][a-zA-Z0-9+.\-]*):", re.MULTILINE)


_MD_IN_HTML = str.maketrans({"[": "&#91;", "]": "&#93;", "`": "&#96;", "*": "&#42;",
                             "_": "&#95;", "\\": "&#92;", "~": "&#126;", "!": "&#33;"})


def html_text(value: Any) -> str:
    """Escape for HTML text or a quoted attribute value.

    Markdown still runs over inline HTML in a paragraph (a ``[x](y)`` inside an
    attribute would become a link), so markdown's own characters become
    character references too; browsers show them unchanged.
    """
    return html.escape(str(value), quote=True).translate(_MD_IN_HTML)


def md_text(value: Any) -> str:
    """Escape for inline markdown: no markup, no HTML, safe in table cells."""
    text = html.escape(str(value), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _unsafe_scheme(match: re.Match[str]) -> str:
    scheme = match.group(2)
    if scheme.lower() in _SAFE_SCHEMES:
        return match.group(0)
    return f"{match.group(1)}#unsafe-link-removed-"


def md_block(value: Any) -> str:
    """Sanitise markdown from data: markdown stays, raw HTML and unsafe links do not."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Block quotes use '>' at the start of a line; keep them working.
    text = re.sub(r"^(\s{0,3})&gt;", r"\1>", text, flags=re.MULTILINE)
    text = _LINK_TARGET.sub(_unsafe_scheme, text)
    return _REF_DEF.sub(_unsafe_scheme, text).rstrip("\n")


def md_html(value: Any) -> str:
    """Sanitised markdown from data rendered to HTML, for use inside HTML blocks."""
    return _md_html(str(value))


@functools.lru_cache(maxsize=16384)
def _md_html(text: str) -> str:
    # A cell's detail appears on many pages (matrix, subject, pairs): convert it once.
    return md_lib.markdown(md_block(text), extensions=["sane_lists"], output_format="html")


def safe_url(value: Any) -> str:
    """Return an attribute-escaped URL, or '#' when its scheme is not http(s)."""
    url = str(value).strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    if scheme and scheme not in _SAFE_SCHEMES:
        return "#"
    return html_text(url)


def json_script(value: Any) -> str:
    """Serialise for a ``<script type="application/json">`` block, safe against ``</script>``."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def yaml_string(value: Any) -> str:
    """Quote a value for YAML front matter, HTML-escaped.

    Themes insert front-matter titles and descriptions into ``<title>`` and
    ``<meta content="...">`` without escaping, so they are escaped here.
    """
    return json.dumps(html.escape(str(value), quote=True), ensure_ascii=False)
