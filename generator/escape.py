"""Named escaping filters: every value from data reaches a page through one of these.

Content comes from strangers' pull requests, so no data field may reach the
built HTML as markup: ``<script>``, event-handler attributes and
``javascript:`` URLs are all neutralised here, never by hand in a template.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import jinja2
from jinja2.runtime import Context

from generator import sanitize

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!{}])")
_SAFE_SCHEMES = {"http", "https", "mailto"}


def html_text(value: Any) -> str:
    """Escape for HTML text or a quoted attribute value.

    Markdown still runs over inline HTML in a paragraph (a ``[x](y)`` inside an
    attribute would become a link, ``{: ...}`` an attribute list), so markdown's
    own characters become character references too; browsers show them unchanged.
    """
    return sanitize.inert(str(value))


def md_text(value: Any) -> str:
    """Escape for inline markdown: no markup, no HTML, safe in table cells."""
    # Apostrophes stay as they are: a reference such as ``&#x27;`` in a heading
    # would be escaped again in the theme's table of contents.
    text = html.escape(str(value), quote=False).replace('"', "&quot;")
    return re.sub(r"[\r\n]+", " ", _MD_SPECIAL.sub(r"\\\1", text))


@jinja2.pass_context
def md_block(ctx: Context, value: Any) -> str:
    """Markdown from data as a block: sanitised HTML that no markdown engine changes."""
    return f'<div class="md-text">{md_html(ctx, value)}</div>'


@jinja2.pass_context
def md_html(ctx: Context, value: Any) -> str:
    """Markdown from data as sanitised inline-safe HTML, for use inside HTML blocks.

    Relative ``.md`` links are resolved from the docs root to the current page.
    """
    resolve = ctx.get("resolve_md")
    return sanitize.markdown_html(str(value), resolve if callable(resolve) else None)


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
