"""Incremental generation (#16): a preview's cached build equals a clean build, byte for byte.

One :class:`Incremental` is kept across a series of edits, one kind of file at a time
(subject, feature category, source, use case, prose page, site.yml, template). After
each, the cached run's pages, assets and diagnostics must equal a clean run's, and the
cache must have re-parsed only the edited file. Then a real ``mkdocs serve --dirty``
must build exactly once per edit: the generator's own writes start no second build.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator import pipeline
from generator.stages.cache import CompiledTemplates, Incremental
from generator.stages.render import PACKAGE_TEMPLATES
from generator.stages.rules import all_entries
from generator.tools import synth
from tests.conftest import DATABASES, ROOT, TODAY, edit
from tests.test_mkdocs import _free_port, _get, _wait_for, make_project


def _save(path: Path, old: str, new: str) -> None:
    """Save the way most editors do: a new file renamed over the old one."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(tmp, path)


def _same_as_clean(content: Path, templates: Path, cache: Incremental,
                   may_fail: bool = False) -> pipeline.Result:
    warm = pipeline.generate(content, templates, today=TODAY, cache=cache)
    clean = pipeline.generate(content, templates, today=TODAY)
    assert may_fail or not clean.failed, [d.format() for d in clean.diagnostics]
    assert [d.format() for d in warm.diagnostics] == [d.format() for d in clean.diagnostics]
    assert warm.pages.keys() == clean.pages.keys()
    differing = [src for src in clean.pages if warm.pages[src] != clean.pages[src]]
    assert differing == [], "incremental pages differ from a clean build"
    assert warm.assets == clean.assets
    return warm


EDITS = [
    # (file under content/, text in it, replacement, how to save)
    ("subjects/duckdb.yml", "DuckDB is a SQL database used in this test dataset.",
     "DuckDB edited as a SQL database.", "rename"),
    ("features/storage.yml", "Runs inside the application process.",
     "Runs inside the process, edited.", "in place"),
    ("features/storage.yml", "An in-process analytical database.",
     "An in-process database edited twice.", "in place"),
    ("sources/main.yml", "title: PostgreSQL home page", "title: PostgreSQL home, edited",
     "rename"),
    ("use-cases/analytics.yml", "DuckDB is built for in-process analytics.",
     "DuckDB was edited for the incremental test.", "in place"),
    ("pages/about.md", "This page pulls a fragment", "This edited page pulls a fragment",
     "rename"),
    ("site.yml", "A small test comparison of three SQL databases.",
     "A small, edited comparison of three SQL databases.", "in place"),
]


def test_every_kind_of_edit_gives_the_clean_build_bytes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATABASES, content)
    templates = tmp_path / "templates"
    cache = Incremental()
    first = _same_as_clean(content, templates, cache)
    total = first.page_count

    again = _same_as_clean(content, templates, cache)
    assert cache.files.parsed == 0, "nothing changed, yet files were parsed again"
    assert cache.pages.rendered == 0, "nothing changed, yet pages were rendered again"
    assert again.pages == first.pages

    for rel, old, new, how in EDITS:
        (_save if how == "rename" else edit)(content / rel, old, new)
        result = _same_as_clean(content, templates, cache)
        assert cache.files.parsed == 1, f"{rel}: {cache.files.parsed} files parsed again"
        # The rules walk again only the records of the edited file.
        assert result.content is not None
        in_file = sum(1 for e in all_entries(result.content)
                      if Path(e.doc.path).as_posix().endswith(rel))
        assert 0 < cache.rules.flattened == in_file, \
            f"{rel}: rules walked {cache.rules.flattened} records, the file has {in_file}"
        assert any(new.split(",")[0] in text for text in result.pages.values()) or \
            rel == "sources/main.yml", f"{rel}: the edit shows on no page"

    # A touched file whose bytes did not change is not parsed again.
    os.utime(content / "subjects" / "sqlite.yml")
    _same_as_clean(content, templates, cache)
    assert cache.files.parsed == 0

    # Templates: a site's own override appears, changes, and goes away again.
    templates.mkdir()
    subject = (PACKAGE_TEMPLATES / "subject.md.jinja").read_text(encoding="utf-8")
    (templates / "subject.md.jinja").write_text(subject + "\nOverridden subject page.\n",
                                                encoding="utf-8")
    result = _same_as_clean(content, templates, cache)
    assert cache.files.parsed == 0
    assert 0 < cache.pages.rendered < total, "only the subject pages should render again"
    assert 0 < sum("Overridden subject page." in t for t in result.pages.values()) <= \
        cache.pages.rendered
    _save(templates / "subject.md.jinja", "Overridden subject page.", "Edited override.")
    _same_as_clean(content, templates, cache)
    assert 0 < cache.pages.rendered < total
    (templates / "subject.md.jinja").unlink()
    result = _same_as_clean(content, templates, cache)
    assert not any("Edited override." in text for text in result.pages.values())


def test_an_error_and_its_fix_give_the_clean_build_bytes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATABASES, content)
    templates = tmp_path / "templates"
    cache = Incremental()
    _same_as_clean(content, templates, cache)
    uc = content / "use-cases" / "analytics.yml"
    edit(uc, "subject: duckdb", "subject: duck")
    broken = pipeline.generate(content, templates, today=TODAY, cache=cache)
    clean = pipeline.generate(content, templates, today=TODAY)
    assert broken.failed
    assert [d.format() for d in broken.diagnostics] == [d.format() for d in clean.diagnostics]
    edit(uc, "subject: duck", "subject: duckdb")
    _same_as_clean(content, templates, cache)


@pytest.mark.slow
def test_serve_builds_once_per_edit(tmp_path: Path) -> None:
    """The generator writes into the watched docs folder during a build; that is no edit."""
    project = make_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    env.pop("GENERATOR_CONTENT", None)
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a",
                             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    base: list[str] = []

    def started() -> bool:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            base.append(resp.geturl())
        return True

    def builds() -> int:
        return log_path.read_text().count("Building documentation")

    def settled(count: int) -> bool:
        # The watcher polls every 0.5 s; a build our writes caused would start within ~1 s.
        time.sleep(3)
        return builds() == count

    try:
        assert _wait_for(started)
        url = base[-1] + "use-cases/analytics/"
        assert _wait_for(lambda: "built for in-process analytics" in _get(url))
        assert settled(1), log_path.read_text()
        uc = project / "content" / "use-cases" / "analytics.yml"
        for n, (old, new) in enumerate([
                ("DuckDB is built for in-process analytics.", "First served edit."),
                ("First served edit.", "Second served edit.")]):
            _save(uc, old, new)
            assert _wait_for(lambda new=new: new in _get(url))
            assert settled(2 + n), f"edit {n}: {builds()} builds\n" + log_path.read_text()
        # A change to the docs folder that the generator did not make still rebuilds.
        stray = project / "generated" / "stray.md"
        stray.write_text("# Stray\n", encoding="utf-8")
        assert _wait_for(lambda: builds() == 4, timeout=30), log_path.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    assert "Traceback" not in log_path.read_text()


def test_compiled_templates_are_kept_and_follow_edits(tmp_path: Path) -> None:
    """The theme's templates compile once per serve process, and again only when edited."""
    (tmp_path / "page.html").write_text("<p>{{ x }} one</p>", encoding="utf-8")
    code = CompiledTemplates()
    compiled: list[str] = []

    def fresh() -> jinja2.Environment:
        # A new environment per build, as MkDocs makes one.
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)),
                                 bytecode_cache=code)
        original = env.compile

        def counting(source: Any, name: Any = None, filename: Any = None) -> Any:
            compiled.append(str(name))
            return original(source, name, filename)

        env.compile = counting  # type: ignore[method-assign,assignment]
        return env

    assert fresh().get_template("page.html").render(x=1) == "<p>1 one</p>"
    assert fresh().get_template("page.html").render(x=2) == "<p>2 one</p>"
    assert compiled == ["page.html"], "the second build compiled the template again"
    (tmp_path / "page.html").write_text("<p>{{ x }} two</p>", encoding="utf-8")
    assert fresh().get_template("page.html").render(x=3) == "<p>3 two</p>"
    assert compiled == ["page.html", "page.html"]


LINE_EDITS = [
    # (pattern of a YAML line, how to change its value)
    (re.compile(r"^(\s*(?:- )?(?:summary|description|detail|title|publisher|label): )"
                r"([^'\"|>&*!\n][^\n]*)$", re.M), "text"),
    (re.compile(r"^(\s*(?:- )?level: )(\"?(?:yes|no|partial|plugin|deprecated|unknown|info)"
                r"\"?)$", re.M), "level"),
    (re.compile(r"^(\s*(?:- )?(?:verified|accessed): )(\d{4}-\d{2}-\d{2})$", re.M), "date"),
    # The same values inside one-line mappings ({level: partial, summary: ..., ...}).
    (re.compile(r"([{,] summary: )([^'\"{},\n][^{},\n]*)"), "text"),
    (re.compile(r"([{,] ?level: )(\"?(?:yes|no|partial|plugin|deprecated|unknown|info)\"?)"),
     "level"),
    (re.compile(r"([{,] verified: )(\d{4}-\d{2}-\d{2})"), "date"),
]
LEVELS = ["yes", "no", "partial", "plugin", "deprecated", "unknown"]


def _random_edit(rng: random.Random, content: Path, step: int) -> str:
    """Change one value in one content file, the way a contributor would; say what."""
    found = []
    for file in sorted(p for p in content.rglob("*") if p.suffix in (".yml", ".md")):
        text = file.read_text(encoding="utf-8")
        found += [(file, text, m, how) for pattern, how in LINE_EDITS
                  for m in pattern.finditer(text)]
    # Any value is as likely as any other: most are the matrix's, as most edits are.
    file, text, match, how = rng.choice(found)
    value = match.group(2)
    if how == "text":
        new = f"{value} (edit {step})"
    elif how == "level":
        new = '"{}"'.format(rng.choice([lvl for lvl in LEVELS if lvl != value.strip('"')]))
    else:
        day = dt.date.fromisoformat(value) - dt.timedelta(days=rng.randint(1, 400))
        new = day.isoformat()
    tmp = file.with_name(f".{file.name}.swp")
    tmp.write_text(text[:match.start(2)] + new + text[match.end(2):], encoding="utf-8")
    os.replace(tmp, file)
    return f"{file.relative_to(content)}: {match.group(0).strip()!r} → {new!r}"


@pytest.mark.parametrize("source", ["databases", "synthetic", "real"])
def test_random_edits_give_the_clean_build_bytes(tmp_path: Path, source: str) -> None:
    """Many random edits in a row, each checked against a clean build, byte for byte.

    Pages are rendered again only when something they read changed
    (:mod:`generator.stages.reads`); a page kept wrongly would differ here. Every few steps a
    file goes back to how it was, so views also return to earlier states.
    """
    content = tmp_path / "content"
    if source == "databases":
        shutil.copytree(DATABASES, content)
    elif source == "synthetic":
        synth.write(content, 6, 24, 7)
    else:
        shutil.copytree(ROOT / "content", content)
    templates = tmp_path / "templates"
    originals = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    rng = random.Random(f"incremental-{source}")
    cache = Incremental()
    total = _same_as_clean(content, templates, cache).page_count
    rendered = []
    for step in range(12 if source == "real" else 24):
        if step % 6 == 5:
            changed = [p for p, data in originals.items() if p.read_bytes() != data]
            what = "restored"
            for path in changed:
                path.write_bytes(originals[path])
        else:
            what = _random_edit(rng, content, step)
        try:
            result = _same_as_clean(content, templates, cache, may_fail=True)
        except AssertionError as exc:
            raise AssertionError(f"step {step}, {what}: {exc}") from None
        if not result.failed:
            rendered.append(cache.pages.rendered)
    # Most edits change a few pages: the others must have been kept, not rendered again.
    assert len(rendered) > 12 if source != "real" else len(rendered) > 6, rendered
    assert sum(r < total / 2 for r in rendered) > len(rendered) / 3, (rendered, total)


def test_template_overrides_added_and_edited_give_the_clean_build_bytes(tmp_path: Path) -> None:
    """Found by an attack pass on the page memo: both left stale pages."""
    content = tmp_path / "content"
    shutil.copytree(DATABASES, content)
    templates = tmp_path / "templates"
    templates.mkdir()
    home = (PACKAGE_TEMPLATES / "home.md.jinja").read_text(encoding="utf-8")
    (templates / "home.md.jinja").write_text(home, encoding="utf-8")
    macros = (PACKAGE_TEMPLATES / "_macros.md.jinja").read_text(encoding="utf-8")
    (templates / "_macros.md.jinja").write_text(macros, encoding="utf-8")
    cache = Incremental()
    _same_as_clean(content, templates, cache)
    # A macro that cached cell fragments call changes: their code is equal, their output
    # is not.
    edit(templates / "_macros.md.jinja", '<span class="lvl lvl-{{', '<span class="x lvl lvl-{{')
    result = _same_as_clean(content, templates, cache)
    assert '<span class="x lvl lvl-' in result.pages["matrix.md"]
    # An override appears for a template both environments had loaded from the package.
    sources = (PACKAGE_TEMPLATES / "sources.md.jinja").read_text(encoding="utf-8")
    (templates / "sources.md.jinja").write_text(sources + "\nSources override.\n",
                                                encoding="utf-8")
    result = _same_as_clean(content, templates, cache)
    assert "Sources override." in result.pages["sources.md"]
    (templates / "sources.md.jinja").unlink()
    result = _same_as_clean(content, templates, cache)
    assert "Sources override." not in result.pages["sources.md"]
