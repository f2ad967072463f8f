"""Shared fixtures: small content trees copied into tmp_path, and the repo paths."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.pipeline import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATABASES = FIXTURES / "databases"
PACKAGES = FIXTURES / "packages"
"""A dataset of another shape: 20 subjects, one category, one source, no optional kinds."""
TEMPLATES = ROOT / "generator" / "templates"
TODAY = dt.date(2026, 11, 22)


def pytest_configure(config: pytest.Config) -> None:
    """Give the run its own private cache folder (compiled templates, build stamps).

    Builds in tests, and the builds they start in other processes, then neither reuse
    nor leave behind anything in the user's own cache.
    """
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="generator-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's private cache folder."""
    folder = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.basename(folder).startswith("generator-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def db_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the databases dataset; the working directory is its parent."""
    target = tmp_path / "content"
    shutil.copytree(DATABASES, target)
    monkeypatch.chdir(tmp_path)
    return target


def messages(content: Path) -> list[str]:
    """Validate ``content`` and return every diagnostic, formatted."""
    _, diags = validate(content)
    return [d.format() for d in diags]


def errors(content: Path) -> list[str]:
    """Validate ``content`` and return the formatted errors only."""
    _, diags = validate(content)
    return [d.format() for d in diags if d.severity == "error"]


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


__all__ = ["DATABASES", "FIXTURES", "PACKAGES", "ROOT", "TEMPLATES", "TODAY", "Diagnostic", "edit",
           "errors", "messages"]
