"""Up-to-date builds (generator.uptodate and the MkDocs hook's use of it).

A stamp may only ever make a build skip work whose result is already on disk, byte for
byte: every input change, and every change to what was written, must bring generation back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from generator import uptodate, usercache
from generator.adapters import engines, mkdocs_hooks
from tests.conftest import DATABASES, edit
from tests.test_mkdocs import make_project, mkdocs

DAY = dt.date(2026, 11, 30)
SKIPPED = "pages are current"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def built(tmp_path: Path, cache_home: Path) -> tuple[Path, Path, Path]:
    """A content folder, a docs folder as a run wrote it, the engine config; stamped."""
    content = tmp_path / "content"
    shutil.copytree(DATABASES, content)
    docs = tmp_path / "docs"
    files = {"index.md": b"# Home\n", "sub/page.md": b"# Page\n", "data/a.json": b"{}"}
    for rel, data in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    (docs / ".generator-output").write_bytes(b"marker\n")
    config = tmp_path / "mkdocs.generated.yml"
    config.write_bytes(b"INHERIT: mkdocs.yml\n")
    uptodate.save(docs, uptodate.Stamp(
        inputs=_digest(content), files=uptodate.file_digests(files),
        config=hashlib.sha256(config.read_bytes()).hexdigest(),
        settings={"nav": [{"Home": "index.md"}], "site_name": "X"}, warnings=["w"]))
    return content, docs, config


def _digest(content: Path, day: dt.date = DAY) -> str:
    return uptodate.inputs_digest([content, content.parent / "templates"], ["label"], day)


def test_a_stamp_is_used_while_inputs_and_outputs_are_unchanged(
        built: tuple[Path, Path, Path]) -> None:
    content, docs, config = built
    stamp = uptodate.current(docs, config, _digest(content))
    assert stamp is not None
    assert stamp.settings == {"nav": [{"Home": "index.md"}], "site_name": "X"}
    assert stamp.warnings == ["w"]
    # Files an engine never publishes (dot-files) may come and go.
    (docs / ".cache-of-an-editor").write_text("x")
    assert uptodate.current(docs, config, _digest(content)) is not None


@pytest.mark.parametrize("change", ["edit", "rename", "new", "remove", "symlink", "template",
                                    "date", "package"])
def test_every_input_change_changes_the_digest(built: tuple[Path, Path, Path], change: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    content, docs, config = built
    package = tmp_path / "package"
    shutil.copytree(uptodate.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(uptodate, "PACKAGE", package)
    before = _digest(content)
    file = sorted((content / "subjects").glob("*.yml"))[0]
    day = DAY
    if change == "edit":
        file.write_text(file.read_text() + "\n")
    elif change == "rename":
        file.rename(file.with_name("zz-" + file.name))
    elif change == "new":
        (content / "pages").mkdir(exist_ok=True)
        (content / "pages" / "new.md").write_text("# New\n")
    elif change == "remove":
        file.unlink()
    elif change == "symlink":
        text = file.read_text()
        file.unlink()
        (tmp_path / "elsewhere.yml").write_text(text)
        file.symlink_to(tmp_path / "elsewhere.yml")
    elif change == "template":
        (content.parent / "templates").mkdir()
        (content.parent / "templates" / "matrix.md.jinja").write_text("{# x #}\n")
    elif change == "date":
        day = DAY + dt.timedelta(days=1)
    elif change == "package":
        (package / "templates" / "_macros.md.jinja").write_text("changed")
    assert _digest(content, day) != before
    assert uptodate.current(docs, config, _digest(content, day)) is None


@pytest.mark.parametrize("change", ["edit", "add", "remove", "config"])
def test_a_changed_output_is_not_vouched_for(built: tuple[Path, Path, Path], change: str) -> None:
    content, docs, config = built
    if change == "edit":
        (docs / "sub" / "page.md").write_text("# Page <script>x</script>\n")
    elif change == "add":
        (docs / "planted.md").write_text("# Planted\n")
    elif change == "remove":
        (docs / "data" / "a.json").unlink()
    elif change == "config":
        config.write_text("INHERIT: mkdocs.yml\nextra_javascript: [x.js]\n")
    assert uptodate.current(docs, config, _digest(content)) is None


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]", b'{"format": 1}',
                                 b'{"format": 1, "inputs": 1, "files": {}, "config": "",'
                                 b' "settings": {}, "warnings": []}',
                                 b'{"format": 99, "inputs": "", "files": {}, "config": "",'
                                 b' "settings": {}, "warnings": []}'])
def test_a_damaged_stamp_means_generating(built: tuple[Path, Path, Path], cache_home: Path,
                                          raw: bytes) -> None:
    content, docs, config = built
    [stamp] = (cache_home / "comparison-generator" / "builds").iterdir()
    stamp.write_bytes(raw)
    assert uptodate.current(docs, config, _digest(content)) is None


def test_stamps_are_not_read_from_a_folder_others_can_write(built: tuple[Path, Path, Path],
                                                            cache_home: Path) -> None:
    content, docs, config = built
    folder = cache_home / "comparison-generator" / "builds"
    folder.chmod(0o777)
    assert usercache.private_dir("builds") is None
    assert uptodate.current(docs, config, _digest(content)) is None
    folder.chmod(0o700)
    assert uptodate.current(docs, config, _digest(content)) is not None


def test_a_stamp_records_each_written_file_and_forget_drops_it(
        built: tuple[Path, Path, Path], cache_home: Path) -> None:
    _, docs, _ = built
    stamps = list((cache_home / "comparison-generator" / "builds").iterdir())
    assert len(stamps) == 1
    data = json.loads(stamps[0].read_text())
    assert data["files"] == {rel: hashlib.sha256((docs / rel).read_bytes()).hexdigest()
                             for rel in ("index.md", "sub/page.md", "data/a.json")}
    uptodate.forget(docs)
    assert not list((cache_home / "comparison-generator" / "builds").iterdir())


def test_fresh_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(uptodate.FRESH, raising=False)
    assert uptodate.enabled()
    monkeypatch.setenv(uptodate.FRESH, "1")
    assert not uptodate.enabled()


def test_the_hook_repeats_the_engine_config_names() -> None:
    assert mkdocs_hooks.GENERATED_CONFIG == engines.GENERATED_CONFIG
    assert mkdocs_hooks.BASE_CONFIG == engines.BASE_CONFIG


def _site(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()
            # MkDocs stamps the build time into the sitemap.
            and not p.name.startswith("sitemap.xml")}


def test_a_second_mkdocs_build_skips_generation_and_publishes_the_same_site(
        tmp_path: Path, cache_home: Path) -> None:
    project = make_project(tmp_path)
    first = mkdocs(project, "build", "--strict")
    assert first.returncode == 0, first.stderr
    assert SKIPPED not in first.stderr
    site = _site(project)
    second = mkdocs(project, "build", "--strict")
    assert second.returncode == 0, second.stderr
    assert SKIPPED in second.stderr
    assert _site(project) == site

    # An edit generates again, and the edit is published.
    page = project / "content" / "subjects" / "duckdb.yml"
    edit(page, "name: DuckDB", "name: DuckDB Edited")
    third = mkdocs(project, "build", "--strict")
    assert third.returncode == 0, third.stderr
    assert SKIPPED not in third.stderr
    assert "DuckDB Edited" in (project / "site" / "subjects" / "duckdb" / "index.html").read_text()

    # A generated page changed by hand is not trusted: it is written again.
    planted = project / "generated" / "subjects" / "duckdb.md"
    good = planted.read_bytes()
    planted.write_text("<script>alert(1)</script>\n")
    fourth = mkdocs(project, "build", "--strict")
    assert fourth.returncode == 0, fourth.stderr
    assert SKIPPED not in fourth.stderr
    assert planted.read_bytes() == good

    # GENERATOR_FRESH=1 generates although the pages are current.
    os.environ[uptodate.FRESH] = "1"
    try:
        fifth = mkdocs(project, "build", "--strict")
    finally:
        del os.environ[uptodate.FRESH]
    assert fifth.returncode == 0, fifth.stderr
    assert SKIPPED not in fifth.stderr


def test_relative_and_absolute_folders_give_one_digest(built: tuple[Path, Path, Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    content, _, _ = built
    monkeypatch.chdir(content.parent)
    # The templates folder does not exist: it counts as absent, wherever it is named from.
    assert uptodate.inputs_digest([Path("content"), Path("templates")], ["x"], DAY) == \
        uptodate.inputs_digest([content, content.parent / "templates"], ["x"], DAY)


def test_special_files_are_never_opened_for_reading_or_vouched_for(
        built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    content, docs, config = built
    fifo = docs / "pipe.md"
    os.mkfifo(fifo)
    # Opened without blocking, then refused: a named pipe would otherwise hang the build.
    assert uptodate.file_digest(fifo) is None
    assert uptodate.current(docs, config, _digest(content)) is None
    fifo.unlink()
    (docs / "link.md").symlink_to(tmp_path / "content" / "site.yml")
    assert uptodate.file_digest(docs / "link.md") is None
    assert uptodate.current(docs, config, _digest(content)) is None
