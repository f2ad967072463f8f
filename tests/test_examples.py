"""Run every code example in content/examples/ and check the directory layout.

The examples need their own environment, .venv-examples (`make examples-env`).
If it is missing these tests fail: a missing framework is never a skip.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator import examples
from generator.examples import BehindView
from generator.pipeline import validate
from generator.stages import derive
from tests.conftest import edit, errors

ROOT = Path(__file__).resolve().parents[1]


def _load_runner() -> ModuleType:
    path = ROOT / "scripts" / "run_examples.py"
    spec = importlib.util.spec_from_file_location("run_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


runner = _load_runner()
EXAMPLE_FILES = runner.example_files()


def test_examples_environment_exists() -> None:
    assert runner.PYTHON.exists(), runner.SETUP_HINT


def test_every_task_has_each_subject_exactly_once() -> None:
    assert runner.layout_problems() == []


def test_there_are_examples_to_run() -> None:
    assert len(EXAMPLE_FILES) >= len(runner.TASKS)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=runner.example_name)
def test_example_shape(path: Path) -> None:
    """Each example opens with a docstring titled by its task and stays short."""
    source = path.read_text()
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, f"{path} has no module docstring"
    title = docstring.splitlines()[0]
    assert title, f"{path}: the docstring's first line must be the task title"
    assert not title.endswith("."), f"{path}: the title is not a sentence: {title!r}"
    siblings = [p for p in EXAMPLE_FILES if p.parent == path.parent]
    titles = {ast.get_docstring(ast.parse(p.read_text())).splitlines()[0] for p in siblings}
    assert titles == {title}, f"{path.parent.name}: subjects disagree on the title: {titles}"
    assert 15 <= len(source.splitlines()) <= 50, f"{path} should be 15-50 lines"
    assert '"ok: ' in source or "f\"ok: " in source, f"{path} must print an 'ok:' line"


def test_missing_example_notes_cite_a_source() -> None:
    """A <subject>.md explains why a framework has no example, citing a primary source."""
    notes = sorted(p for task in runner.TASKS for p in (runner.EXAMPLES / task).glob("*.md"))
    for note in notes:
        assert note.stem in runner.SUBJECTS, f"{note}: name must be <subject>.md"
        assert re.search(r"https://\S+", note.read_text()), f"{note} must cite a primary source URL"


def test_pins_are_installed() -> None:
    assert runner.PYTHON.exists(), runner.SETUP_HINT
    pins = runner.pinned_packages()
    assert runner.version_problems(pins, runner.installed_versions(sorted(pins))) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=runner.example_name)
def test_example_runs(path: Path) -> None:
    result = runner.run_example(path)
    assert result.passed, f"{result.name}: {result.message}\n{result.output}"


def test_an_example_gets_no_secrets_and_its_own_folder(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Examples are contributors' code, run by `make test` on pull requests too.
    monkeypatch.setenv("FAKE_CI_TOKEN", "s3cr3t")
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os, pathlib\n"
        "print('ok: token', os.environ.get('FAKE_CI_TOKEN', 'absent'),\n"
        "      'cwd', pathlib.Path.cwd() == pathlib.Path(os.environ['HOME']),\n"
        "      'repository', (pathlib.Path.cwd() / 'content').exists())\n")
    result = runner.run_example(probe)
    assert result.passed, result.output
    assert result.message == "ok: token absent cwd True repository False"


# --- releases.yml: why the examples run behind a subject's newest release -----------------

RELEASES_ERRORS = [
    ("unknown-subject", "sqlte:\n  package: sqlite3\n  reason: Old.\n",
     "content/examples/releases.yml:1:1: error: unknown subject 'sqlte' (use the id of a "
     "file under subjects/)"),
    ("unknown-field", "sqlite:\n  package: sqlite3\n  reason: Old.\n  why: Old.\n",
     "content/examples/releases.yml:4:3: error: sqlite: unknown field 'why' (expected "
     "'package' and 'reason')"),
    ("empty-reason", "sqlite:\n  package: sqlite3\n  reason: ' '\n",
     "content/examples/releases.yml:3:11: error: sqlite: 'reason' must be non-empty text "
     "(say which package the examples pin and why they run an older release)"),
    ("unknown-package", "sqlite:\n  package: sqlite\n  reason: Old.\n",
     "content/examples/releases.yml:2:12: error: sqlite: package 'sqlite' is not in "
     "versions.json (name a package the example runner recorded)"),
    ("not-a-note", "sqlite: old\n",
     "content/examples/releases.yml:1:9: error: sqlite: expected 'package' and 'reason' "
     "(for example '{package: sqlite3, reason: ...}')"),
    ("not-a-mapping", "- sqlite\n",
     "content/examples/releases.yml:1:1: error: expected a mapping of subject ids to notes "
     "(for example 'sqlite: {package: sqlite3, reason: ...}')"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in RELEASES_ERRORS],
                         ids=[c[0] for c in RELEASES_ERRORS])
def test_releases_file_errors_are_located(db_content: Path, text: str, expected: str) -> None:
    (db_content / "examples" / "releases.yml").write_text(text)
    assert errors(db_content) == [expected]


def _behind(content: Path) -> dict[str, BehindView]:
    validated, diags = validate(content)
    assert validated is not None, [d.format() for d in diags]
    view = derive.derive(validated)
    return examples.behind(view.subjects, validated.examples)


def test_behind_shows_the_note_and_the_newest_release(db_content: Path) -> None:
    assert _behind(db_content) == {"sqlite": BehindView(
        "sqlite3", "3.40.1", "3.47.2", "Python's `sqlite3` module uses the SQLite library of the "
        "system it runs on, and the test machine's is older than the newest release.")}


@pytest.mark.parametrize(("recorded", "expected"), [
    ("1.0.0", {"duckdb": BehindView("duckdb", "1.0.0", "1.1.3", None)}),
    ("1.1.3", {}),
    ("1.2.0", {}),
])
def test_behind_without_a_note_follows_the_first_package(
        db_content: Path, recorded: str, expected: dict[str, BehindView]) -> None:
    """With no note, a subject's first PyPI package decides; the page says no reason is known."""
    (db_content / "examples" / "releases.yml").unlink()
    (db_content / "examples" / "versions.json").write_text(
        json.dumps({"dependencies": {"duckdb": recorded}, "python": "3.11.7"}))
    assert _behind(db_content) == expected


def test_a_note_for_a_subject_on_its_newest_release_is_not_shown(db_content: Path) -> None:
    edit(db_content / "examples" / "versions.json", '"3.40.1"', '"3.47.2"')
    assert _behind(db_content) == {}


def test_real_examples_say_why_they_run_behind() -> None:
    """Every subject whose examples run behind has a reason, and no note is stale."""
    content = ROOT / "content"
    behind = _behind(content)
    missing = [sid for sid, b in behind.items() if b.reason is None]
    assert missing == [], f"say why in content/examples/{examples.RELEASES_FILE}"
    validated, _ = validate(content)
    assert validated is not None
    notes = validated.examples[0].runs.notes
    assert sorted(notes) == sorted(behind), "a note names a subject on its newest release"
