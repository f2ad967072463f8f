"""The MkDocs adapter: a real ``mkdocs build --strict`` and a real ``mkdocs serve``.

Each test copies mkdocs.yml, templates/, overrides/ and the adapter's dataset into
tmp_path, so the repository's own generated/ and site/ are never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DATABASES, ROOT, edit


def make_project(tmp_path: Path, content: Path = DATABASES) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    for name in ("generator",):
        shutil.copytree(ROOT / name, project / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(content, project / "content")
    (project / "generated").mkdir()
    return project


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    env.pop("GENERATOR_CONTENT", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project,
                          capture_output=True, text=True, check=False, env=env)


def test_strict_build_of_the_non_ml_dataset(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    for page in ("index.html", "matrix/index.html", "chooser/index.html",
                 "subjects/duckdb/index.html", "compare/duckdb-vs-sqlite/index.html",
                 "use-cases/analytics/index.html", "deployment/server/index.html",
                 "sources/index.html", "data/comparison.json", "data/matrix.csv"):
        assert (site / page).is_file(), page
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {d["location"] for d in index["docs"]}
    assert "matrix/#cat-storage" in locations
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("matrix/"))
    assert "Runs as a separate server process." in text
    html = (site / "index.html").read_text()
    assert "<title>PostgreSQL vs SQLite vs DuckDB</title>" in html
    matrix = (site / "matrix" / "index.html").read_text()
    assert "<title>Feature matrix - PostgreSQL vs SQLite vs DuckDB</title>" in matrix
    assert '<link rel="canonical" href="https://example.org/databases/matrix/">' in matrix
    assert 'property="og:description"' in html
    assert "fonts.googleapis.com" not in html
    # The hook reports what it wrote and what generating cost (`make bench` reads it).
    assert re.search(r"INFO    -  generator: \d+ pages, \d+ files written, 0 removed in "
                     r"[0-9.]+ s CPU \([0-9.]+ s wall\), importing included\n", proc.stderr), \
        proc.stderr


def test_a_site_title_with_markup_characters_is_escaped_once(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    edit(project / "content" / "site.yml", "title: PostgreSQL vs SQLite vs DuckDB",
         'title: "Tom & Jerry <b>vs</b> \\"Rust\\""')
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    html = (project / "site" / "index.html").read_text()
    escaped = "Tom &amp; Jerry &lt;b&gt;vs&lt;/b&gt; &#34;Rust&#34;"
    assert f'<meta property="og:site_name" content="{escaped}">' in html
    assert f'<meta property="og:title" content="{escaped}">' in html
    assert "<title>Tom &amp; Jerry &lt;b&gt;vs&lt;/b&gt; &quot;Rust&quot;</title>" in html
    assert "<b>vs</b>" not in html


def test_content_error_fails_the_build_with_file_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    edit(project / "content" / "use-cases" / "analytics.yml", "subject: duckdb",
         "subject: duck")
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 1
    assert ("content/use-cases/analytics.yml:4:27: error: unknown subject 'duck' (did you mean "
            "'duckdb'?)") in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (project / "site").exists()


def test_rebuild_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert mkdocs(project, "build").returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in (project / "generated").rglob("*") if p.is_file()}
    assert mkdocs(project, "build").returncode == 0
    after = {p: p.stat().st_mtime_ns for p in (project / "generated").rglob("*") if p.is_file()}
    assert after == stamps


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return str(resp.read().decode("utf-8"))


def _wait_for(predicate: object, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():  # type: ignore[operator]
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_picks_up_a_yaml_edit_and_survives_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a",
                             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    base: list[str] = []

    def started() -> bool:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            base.append(resp.geturl())  # serve mounts the site under site_url's path
        return True

    try:
        assert _wait_for(started)
        url = base[-1] + "use-cases/analytics/"
        assert _wait_for(lambda: "built for in-process analytics" in _get(url))
        uc = project / "content" / "use-cases" / "analytics.yml"
        edit(uc, "DuckDB is built for in-process analytics.",
             "DuckDB was edited while serving.")
        assert _wait_for(lambda: "DuckDB was edited while serving." in _get(url))
        edit(uc, "subject: duckdb", "subject: duck")
        assert _wait_for(lambda: "unknown subject 'duck'" in
                         (tmp_path / "serve.log").read_text())
        assert proc.poll() is None, "serve died on a content error"
        assert "DuckDB was edited while serving." in _get(url)
        edit(uc, "subject: duck", "subject: duckdb")
        edit(uc, "DuckDB was edited while serving.", "Fixed and served again.")
        assert _wait_for(lambda: "Fixed and served again." in _get(url))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
