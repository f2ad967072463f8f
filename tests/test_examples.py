"""Run every code example in content/examples/ and check the directory layout.

The examples need their own environment, .venv-examples (`make examples-env`).
If it is missing these tests fail: a missing framework is never a skip.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

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
