"""The one place that knows URLs: a reference 'kind:id' → its site path → a printed URL.

Site paths ('matrix/#row-x') come from the kinds' declarations (see
:mod:`generator.kinds`); nothing else in the engine spells a URL prefix.
Raw HTML gets root-relative URLs from ``site_url``'s path, because engines
disagree on relative URLs inside raw HTML; markdown gets relative ``.md`` links.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Callable

from generator.kinds.registry import REGISTRY


def paths() -> dict[str, Callable[[str], str]]:
    """Reference kind → the site path of an id, as the registry declares them now."""
    return {name: ref.url for kind in REGISTRY for name, ref in kind.refs.items()}


def path(ref: str) -> str:
    """Return the site path of a reference such as 'feature:x' ('matrix/#row-x')."""
    kind, _, ident = ref.partition(":")
    # What paths()[kind] gives (the last kind declaring the name wins), without building
    # the whole table for each of the tens of thousands of links on a large site.
    for declared in reversed(REGISTRY):
        found = declared.refs.get(kind)
        if found is not None:
            return found.url(ident)
    raise KeyError(kind)


@functools.lru_cache(maxsize=64)
def root_path(site_url: str) -> str:
    """Return the URL path the site is published under ('/my-comparison/')."""
    found = urllib.parse.urlsplit(site_url).path or "/"
    # '//host/...' would be a URL on another host: one slash between segments, always.
    found = "/" + "/".join(part for part in found.replace("\\", "/").split("/") if part)
    return found if found.endswith("/") else found + "/"


def site_href(site_url: str, target: str) -> str:
    """Return the root-relative URL of ``target`` (a site path such as 'matrix/#row')."""
    return root_path(site_url) + target


def href(site_url: str, ref: str) -> str:
    """Return the root-relative URL of a reference, for raw HTML and scripts."""
    return site_href(site_url, path(ref))
