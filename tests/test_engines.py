"""The same site from MkDocs, ProperDocs and Zensical (issue #15: outlive MkDocs).

Each engine builds the real content and the databases fixture with
``generator site --engine E`` in a copy of the project. Every result must pass
the project's link checker with 0 problems, and the three must agree on the
list of pages, each page's ``<title>``, and the navigation: the tabs and the
sidebar sections, their order, titles and targets.

A missing engine is skipped on a developer machine but fails under ``CI=true``.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.adapters import engines
from generator.tools.linkcheck import check_site
from tests.conftest import DATABASES, ROOT, edit
from tests.test_mkdocs import _free_port, _get, _wait_for

REAL_CONTENT = ROOT / "content"
DATASETS = {"real": REAL_CONTENT, "databases": DATABASES}


def _need(engine: str) -> None:
    if engines.installed(engine):
        return
    message = f"{engine} is not installed (pip install -e '.[test]')"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def make_project(where: Path, content: Path) -> Path:
    """Copy the engine files and a snapshot of ``content`` into a fresh project folder."""
    project = where / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / engines.BASE_CONFIG, project / engines.BASE_CONFIG)
    for name in ("generator",):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(content, project / "content")
    (project / "generated").mkdir()
    return project


def site(project: Path, engine: str, out: str) -> subprocess.CompletedProcess[str]:
    """Run ``generator site --engine`` in ``project``; return the finished process."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("GENERATOR_CONTENT", None)
    env.pop("GENERATOR_TEMPLATES", None)
    return subprocess.run([sys.executable, "-m", "generator", "site", "--engine", engine,
                           "--out", out], cwd=project, env=env, capture_output=True, text=True,
                          check=False)


# ------------------------------------------------------------------------ what a page shows


@dataclass
class Page:
    """What the comparison looks at on one built page."""

    title: str = ""
    nav: list[tuple[str, int, str, str | None]] = field(default_factory=list)
    """(tab or nav, nesting depth, label, target page) for every tab and sidebar link."""


class _Reader(HTMLParser):
    """Reads ``<title>``, the tabs and the primary sidebar; skips the table of contents."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr"})

    def __init__(self, rel: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.base = posixpath.dirname(rel)
        self.stack: list[tuple[str, str | None]] = []
        self.link: list[object] | None = None
        self.in_title = False

    def _inside(self, role: str) -> bool:
        return any(r == role for _, r in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        role = None
        if tag == "nav":
            role = ("tabs" if "md-tabs" in classes else "toc" if "md-nav--secondary" in classes
                    else "sidebar" if "md-nav--primary" in classes else None)
        if tag not in self._VOID:
            self.stack.append((tag, role))
        self.in_title = self.in_title or tag == "title"
        if self._inside("toc") or tag not in ("a", "label"):
            return
        kind = "tab" if self._inside("tabs") else "nav" if self._inside("sidebar") else None
        if kind and {"md-nav__link", "md-tabs__link"} & set(classes):
            href = a.get("href")
            target = None
            if href is not None:
                # Engines write the same link differently ('.', '#', './'): compare targets.
                target = posixpath.normpath(posixpath.join(self.base, href.split("#")[0]))
            self.link = [kind, sum(1 for t, _ in self.stack if t == "ul"), "", target]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.link is not None and tag in ("a", "label"):
            kind, depth, label, target = self.link
            self.page.nav.append((str(kind), int(str(depth)), " ".join(str(label).split()),
                                  None if target is None else str(target)))
            self.link = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if self.link is not None:
            self.link[2] = str(self.link[2]) + data


def read_site(site_dir: Path) -> dict[str, Page]:
    """Return every HTML page of a built site, keyed by its path."""
    pages = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        reader = _Reader(rel)
        reader.feed(path.read_text(encoding="utf-8"))
        pages[rel] = reader.page
    return pages


# --------------------------------------------------------------------------------- builds


@pytest.fixture(scope="module", params=sorted(DATASETS))
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """One project per dataset, built once by every installed engine: (project, sites)."""
    project = make_project(tmp_path_factory.mktemp(request.param), DATASETS[request.param])
    sites = {}
    for engine in engines.ENGINES:
        if not engines.installed(engine):
            continue
        proc = site(project, engine, f"site-{engine}")
        assert proc.returncode == 0, f"{engine}:\n{proc.stderr[-4000:]}"
        sites[engine] = project / f"site-{engine}"
    return project, sites


@pytest.mark.slow
@pytest.mark.parametrize("engine", engines.ENGINES)
def test_every_engine_builds_a_site_without_link_problems(
        built: tuple[Path, dict[str, Path]], engine: str) -> None:
    _need(engine)
    problems, _ = check_site(built[1][engine])
    assert problems == []


@pytest.mark.slow
@pytest.mark.parametrize("engine", [e for e in engines.ENGINES if e != engines.DEFAULT_ENGINE])
def test_every_engine_builds_the_same_pages_titles_and_navigation(
        built: tuple[Path, dict[str, Path]], engine: str) -> None:
    _need(engines.DEFAULT_ENGINE)
    _need(engine)
    want = read_site(built[1][engines.DEFAULT_ENGINE])
    got = read_site(built[1][engine])
    assert sorted(got) == sorted(want)
    assert {p: got[p].title for p in got} == {p: want[p].title for p in want}
    tabs = [item for item in want["index.html"].nav if item[0] == "tab"]
    assert len(tabs) >= 5, "the curated tabs are missing"
    for rel, page in want.items():
        assert got[rel].nav == page.nav, rel


@pytest.mark.slow
def test_the_settings_come_from_site_yml(built: tuple[Path, dict[str, Path]]) -> None:
    project, sites = built
    view = pipeline.generate(project / "content", project / "templates").view
    assert view is not None
    config = yaml.safe_load((project / engines.GENERATED_CONFIG).read_text())
    assert config["INHERIT"] == engines.BASE_CONFIG
    assert config["site_url"] == view.site.url
    for engine, site_dir in sites.items():
        home = (site_dir / "index.html").read_text(encoding="utf-8")
        assert f"<title>{config['site_name']}</title>" in home, engine
        assert f'<link rel="canonical" href="{view.site.url}">' in home, engine
        assert config["copyright"] in home, engine
    if "zensical" in sites:
        # Zensical's default 'modern' variant would restyle the site.
        assert "stylesheets/classic/" in (sites["zensical"] / "index.html").read_text()


@pytest.mark.slow
@pytest.mark.parametrize("engine", engines.ENGINES)
def test_strict_mode_fails_and_keeps_the_old_site(tmp_path: Path, engine: str) -> None:
    _need(engine)
    project = make_project(tmp_path, DATABASES)
    assert site(project, engine, "site").returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    # A site's own template (it overrides the package's) with a link the engine refuses.
    package_home = project / "generator" / "templates" / "home.md.jinja"
    (project / "templates").mkdir()
    home = project / "templates" / "home.md.jinja"
    home.write_text(package_home.read_text() + "\nSee [a page that is not there](nowhere.md).\n")
    proc = site(project, engine, "site")
    assert proc.returncode == 1
    assert "the site build failed; " in proc.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before
    assert not list(project.glob(".site-build-*"))


def test_unknown_engine_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "site", "--engine", "hugo"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "invalid choice: 'hugo'" in proc.stderr


def test_generated_config_only_beside_an_engine_config(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATABASES, content)
    pipeline.build(content, None, tmp_path / "out")
    assert not (tmp_path / engines.GENERATED_CONFIG).exists()
    (tmp_path / engines.BASE_CONFIG).write_text("site_name: x\n")
    pipeline.build(content, None, tmp_path / "out")
    config = yaml.safe_load((tmp_path / engines.GENERATED_CONFIG).read_text())
    assert config["docs_dir"] == "out"
    assert config["site_name"] == "PostgreSQL vs SQLite vs DuckDB"
    assert config["nav"][0] == {"Home": "index.md"}


@pytest.mark.slow
def test_make_serve_reloads_a_yaml_edit_and_serves_root_relative_links(tmp_path: Path) -> None:
    """What ``make serve`` runs: ``generator build``, then ``mkdocs serve`` on the generated
    config, so the preview is mounted under site_url's path, where raw-HTML links point."""
    _need("mkdocs")
    project = make_project(tmp_path, DATABASES)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    for name in ("GENERATOR_CONTENT", "GENERATOR_TEMPLATES", "GENERATOR_PREGENERATED"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=env,
                   check=True, capture_output=True)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f",
                             engines.GENERATED_CONFIG, "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    try:
        url = origin + "/databases/use-cases/analytics/"
        assert _wait_for(lambda: "built for in-process analytics" in _get(url))
        page = _get(url)
        assert 'href="/databases/matrix/#row-' in page
        assert "Feature matrix" in _get(origin + "/databases/matrix/")
        edit(project / "content" / "use-cases" / "analytics.yml",
             "DuckDB is built for in-process analytics.", "DuckDB was edited while serving.")
        assert _wait_for(lambda: "DuckDB was edited while serving." in _get(url))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
