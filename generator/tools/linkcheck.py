"""Check a built site's internal links and anchors offline, on the HTML itself.

MkDocs validates markdown links but never links written in raw HTML (our
tables and citations), so the built pages are checked directly. External
links are only checked for form here (https, a host); ``--online`` asks them.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
import urllib.parse
import urllib.request
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)
            if key == "href" and value is not None and tag in ("a", "link"):
                self.links.append(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _base_path(site: Path) -> str:
    """Return the URL path the site is published under, from its sitemap ('/' if none)."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text(encoding="utf-8")
        start = text.find("<loc>")
        if start >= 0:
            loc = text[start + 5: text.find("</loc>", start)]
            return urllib.parse.urlsplit(loc).path or "/"
    return "/"


def check_site(site: Path) -> tuple[list[str], set[str]]:
    """Return (problems, external URLs) for every HTML page under ``site``."""
    base_path = _base_path(site)
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in sorted(site.rglob("*.html"))}
    problems: list[str] = []
    external: set[str] = set()
    for rel, page in pages.items():
        base = posixpath.dirname(rel)
        for href in page.links:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme in ("http", "https"):
                if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
                    problems.append(f"{rel}: external link is not https: {href}")
                elif not parts.hostname:
                    problems.append(f"{rel}: malformed link: {href}")
                else:
                    external.add(href)
                continue
            if parts.scheme or href.startswith("//"):
                if href != "javascript:void(0)" and parts.scheme != "mailto":
                    problems.append(f"{rel}: unexpected link scheme: {href}")
                continue
            path = urllib.parse.unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    problems.append(f"{rel}: absolute link outside the site: {href}")
                    continue
                path, page_base = path[len(base_path):] or ".", ""
            else:
                page_base = base
            target = rel if not parts.path else posixpath.normpath(
                posixpath.join(page_base, path))
            if parts.path.endswith("/") or (parts.path and (site / target).is_dir()) or \
                    target == ".":
                target = posixpath.join(target, "index.html")
            if target.startswith(".."):
                problems.append(f"{rel}: link leaves the site: {href}")
                continue
            if not (site / target).is_file():
                problems.append(f"{rel}: broken link: {href}")
                continue
            if parts.fragment and target.endswith(".html"):
                anchors = pages[target].ids if target in pages else set()
                if urllib.parse.unquote(parts.fragment) not in anchors:
                    problems.append(f"{rel}: broken anchor: {href}")
    return problems, external


def main(argv: Sequence[str] | None = None) -> int:
    """Check links; with ``--online`` also request every external URL (needs network)."""
    parser = argparse.ArgumentParser(prog="linkcheck", description=main.__doc__)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--online", action="store_true")
    args = parser.parse_args(argv)
    problems, external = check_site(args.site)
    if args.online:
        for url in sorted(external):
            req = urllib.request.Request(url, method="HEAD",
                                         headers={"User-Agent": "comparison-linkcheck"})
            try:
                with urllib.request.urlopen(req, timeout=20):
                    pass
            except Exception as exc:
                problems.append(f"external: {url}: {exc}")
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(problems)} problems; {len(external)} external links "
          f"{'checked' if args.online else 'well-formed (not requested)'}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
