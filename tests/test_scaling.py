"""The site grows linearly with the number of subjects, and every page's navigation stays
the same size: synthetic sites of 5, 10, 20 and 40 subjects (same features) are built
with MkDocs and measured. ``make bench`` reports the same numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.test_mkdocs import make_project

SIZES = (5, 10, 20, 40)
FEATURES = 20


class _NavSize(HTMLParser):
    """Measures the site navigation of a page, in characters of HTML.

    The theme nests the page's own table of contents inside it (for small screens);
    that part is the page's outline, not navigation, and is left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.toc = 0
        self.size = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "nav" and (self.depth or "md-nav--primary" in cls):
            self.depth += 1
            if self.toc or "md-nav--secondary" in cls:
                self.toc += 1
        if self.depth and not self.toc:
            self.size += len(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and not self.toc:
            self.size += len(tag) + 3
        if tag == "nav" and self.depth:
            self.depth -= 1
            self.toc = max(0, self.toc - 1)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.toc:
            self.size += len(data)


def nav_size(html: str) -> int:
    """The primary navigation's size on one page."""
    parser = _NavSize()
    parser.feed(html)
    return parser.size


def measure(site: Path, subjects: int) -> tuple[int, float]:
    """(largest navigation on any page, site bytes per subject without the theme's files)."""
    navs = [nav_size(p.read_text()) for p in site.rglob("*.html")]
    own = sum(p.stat().st_size for p in site.rglob("*")
              if p.is_file() and "assets" not in p.relative_to(site).parts)
    return max(navs), own / subjects


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[int, float]]:
    out = {}
    for n in SIZES:
        project = make_project(tmp_path_factory.mktemp(f"s{n}"))
        env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "generator", "synth", "--subjects", str(n),
                        "--features", str(FEATURES), "--seed", "1", "--out", "synth"],
                       cwd=project, env=env, check=True, capture_output=True)
        import shutil

        shutil.rmtree(project / "content")
        (project / "synth").rename(project / "content")
        proc = subprocess.run([sys.executable, "-m", "generator", "site", "--out", "site"],
                              cwd=project, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-3000:]
        out[n] = measure(project / "site", n)
    return out


@pytest.mark.slow
def test_navigation_stays_the_same_size(sizes: dict[int, tuple[int, float]]) -> None:
    navs = [nav for nav, _ in sizes.values()]
    assert min(navs) > 0
    assert max(navs) <= 2 * min(navs), sizes


@pytest.mark.slow
def test_site_bytes_grow_linearly_with_subjects(sizes: dict[int, tuple[int, float]]) -> None:
    assert sizes[40][1] <= 1.5 * sizes[10][1], sizes
