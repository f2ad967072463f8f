"""No injection, no lost site, links that hold, and loading that never tracebacks."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import validate
from generator.stages.load import parse_yaml
from generator.stages.rules import MARKDOWN_FIELDS
from generator.tools.linkcheck import check_site
from tests.conftest import DATABASES, ROOT
from tests.test_mkdocs import make_project, mkdocs

POISON = ('<script>alert("x")</script><img src=x onerror=alert(1)> '
          '<a href="javascript:alert(3)">a</a>')
POISON_TEXT = POISON + " [c](javascript:alert(2))"


_TEXT_KEYS = {"summary", "why", "when", "status_note", "description", "title", "label",
              "name", "value", "text", "question", "scenario", "intro", "detail", "notes",
              "kind", "publisher", "answer", "current", "claim", "differences", "api", "note"}


def _poison(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key in _TEXT_KEYS:
        # Markdown fields refuse javascript: links at check time (see data_links_safe);
        # plain-text fields take them as text, which must come out escaped.
        extra = POISON if key in MARKDOWN_FIELDS else POISON_TEXT
        return value.replace("\n", " ") + " " + extra
    return value


def _poison_fixture(content: Path) -> None:
    """Put hostile text into every kind of free-text field the model has."""
    import yaml

    for path in content.rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(data), allow_unicode=True), encoding="utf-8")
    # Prose pages are covered by tests/test_untrusted.py (the lint refuses raw payloads
    # there first, and that test then switches the lint off).


def test_poisoned_content_never_reaches_html_as_markup(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    _poison_fixture(project / "content")
    _, diags = validate(project / "content")
    assert [d.format() for d in diags if d.severity == "error"] == []
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 15
    poisoned = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        poisoned += html.count("alert(")
        scan = _MarkupScan()
        scan.feed(html)
        assert scan.found == [], page
    assert poisoned > 50, "the poison did not reach the pages at all: the test proves nothing"


class _MarkupScan(HTMLParser):
    """Collects hostile markup as a browser would parse it (escaped text is fine)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A JSON data block is not executed; its '<' are escaped so it cannot end early.
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/json"
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for key, value in attrs:
            if key.startswith("on"):
                self.found.append(f"<{tag} {key}=...>")
            if key in ("href", "src", "action") and value and value.strip().lower().startswith(
                    "javascript:") and value != "javascript:void(0)":
                self.found.append(f"<{tag} {key}={value}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


def test_killed_build_leaves_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(project)}
    first = subprocess.run([sys.executable, "-m", "generator", "site", "--out", "site"],
                           cwd=project, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    edit_file = project / "content" / "use-cases" / "analytics.yml"
    edit_file.write_text(edit_file.read_text().replace("in-process analytics", "CHANGED"))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "site", "--out", "site"],
                            cwd=project, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(project.glob(".site-build-*/*")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_failed_build_leaves_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(project)}
    cmd = [sys.executable, "-m", "generator", "site", "--out", "site"]
    assert subprocess.run(cmd, cwd=project, env=env, check=False,
                          capture_output=True).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    uc = project / "content" / "use-cases" / "analytics.yml"
    uc.write_text(uc.read_text().replace("subject: duckdb", "subject: nobody"))
    proc = subprocess.run(cmd, cwd=project, env=env, check=False, capture_output=True,
                          text=True)
    assert proc.returncode == 1
    assert "unknown subject 'nobody'" in proc.stderr
    assert "the site build failed; " in proc.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before
    assert not list(project.glob(".site-build-*"))


def test_link_checker_finds_planted_errors(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="missing/">x</a>'
        '<a href="a/#nowhere">x</a><a href="http://example.org/">x</a>'
        '<a href="https://example.org/ok">ok</a><a href="../out.html">x</a>')
    (site / "a" / "index.html").write_text('<h2 id="here">h</h2><a href="../">up</a>')
    problems, external = check_site(site)
    assert problems == [
        "index.html: broken link: missing/",
        "index.html: broken anchor: a/#nowhere",
        "index.html: external link is not https: http://example.org/",
        "index.html: link leaves the site: ../out.html",
    ]
    assert external == {"https://example.org/ok"}


def test_built_site_has_no_broken_internal_links(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert mkdocs(project, "build", "--strict").returncode == 0
    problems, _ = check_site(project / "site")
    assert problems == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_fuzz_parse_never_raises(text: str) -> None:
    start = time.monotonic()
    result = parse_yaml(text, "fuzz.yml", "subject")
    assert isinstance(result, list) or result.path == "fuzz.yml"
    assert time.monotonic() - start < 30  # bounded, with a wide margin for shared machines


_yaml_ish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates().map(str),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids,
                                                               max_size=4),
    max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=_yaml_ish, where=st.sampled_from(["subjects/sqlite.yml", "use-cases/analytics.yml",
                                              "components/pgbouncer.yml", "chooser.yml"]))
def test_fuzz_check_never_raises(tmp_path_factory, data, where) -> None:  # type: ignore[no-untyped-def]
    import yaml

    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(DATABASES, content)
    (content / where).write_text(yaml.safe_dump({"id": "x", "extra": data}), encoding="utf-8")
    _, diags = validate(content)
    assert any(d.severity == "error" for d in diags)
    assert all(d.path.endswith(".yml") for d in diags)


def test_cli_modules_do_not_import_mkdocs() -> None:
    for path in sorted((ROOT / "generator").glob("*.py")):
        if path.name == "mkdocs_hooks.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+mkdocs", text, re.MULTILINE), path


def test_strict_warning_fails_generator_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(project)}
    page = project / "content" / "pages" / "about.md"
    page.write_text(page.read_text() + "\nSee [a page that is not there](nowhere.md).\n")
    proc = subprocess.run([sys.executable, "-m", "generator", "site", "--out", "site"],
                          cwd=project, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert ("content/pages/about.md:15:32: error: link to 'nowhere.md': no such page (link to "
            "a page's file, such as matrix.md or subjects/index.md)") in proc.stderr
    assert not (project / "site").exists()
