"""Runnable examples: one file per task and subject under ``content/examples/<task>/``.

The pages show each file exactly as the tests run it (no copy lives in any
markdown), with the versions it was last run with ("tested with"), read from
``content/examples/versions.json`` which the example runner writes. A subject
with no maintained path for a task has ``<subject>.md`` instead of code,
explaining why.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXAMPLES_DIR = "examples"


@dataclass(frozen=True)
class ExampleView:
    """One subject's example for one task."""

    subject: str
    path: str
    code: str | None
    note: str | None
    tested_with: list[tuple[str, str]]
    fence: str


@dataclass
class TaskView:
    """A task with one example (or a note) per subject."""

    id: str
    title: str
    examples: dict[str, ExampleView] = field(default_factory=dict)


def _packages(root: Path) -> tuple[dict[str, str], str]:
    path = root / "versions.json"
    if not path.is_file():
        return {}, ""
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return {}, ""
    pkgs: dict[str, Any] = {}
    for key in ("dependencies", "frameworks", "packages"):
        if isinstance(data.get(key), dict):
            pkgs.update(data[key])
    python = str(data.get("python", ""))
    return {str(k).lower(): str(v) for k, v in pkgs.items() if isinstance(v, str)}, python


def _imports(code: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module.split(".")[0])
    return sorted(set(names))


def _tested_with(code: str, packages: dict[str, str]) -> list[tuple[str, str]]:
    """Match imported modules to installed distributions (``tensorflow`` → ``tensorflow-cpu``)."""
    out = []
    for module in _imports(code):
        norm = module.lower().replace("_", "-")
        for dist in sorted(packages):
            if dist == norm or (dist.startswith(norm + "-") and dist.endswith("cpu")):
                out.append((dist, packages[dist]))
                break
    return out


def _title(code: str, fallback: str) -> str:
    try:
        doc = ast.get_docstring(ast.parse(code))
    except SyntaxError:
        doc = None
    return doc.strip().splitlines()[0] if doc else fallback


def load_examples(content_dir: Path, subjects: list[str]) -> list[TaskView]:
    """Read every task folder; subjects appear in the given order."""
    root = content_dir / EXAMPLES_DIR
    if not root.is_dir():
        return []
    packages, python = _packages(root)
    tasks = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        task = TaskView(folder.name, folder.name.replace("-", " ").capitalize())
        for sid in subjects:
            code_file, note_file = folder / f"{sid}.py", folder / f"{sid}.md"
            rel = f"{content_dir.name}/{EXAMPLES_DIR}/{folder.name}/"
            if code_file.is_file():
                code = code_file.read_text(encoding="utf-8")
                task.title = _title(code, task.title)
                longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
                tested = _tested_with(code, packages)
                if python:
                    tested = [("python", python), *tested]
                task.examples[sid] = ExampleView(sid, rel + code_file.name, code, None, tested,
                                                 "`" * max(3, longest + 1))
            elif note_file.is_file():
                task.examples[sid] = ExampleView(sid, rel + note_file.name, None,
                                                 note_file.read_text(encoding="utf-8"), [], "")
        tasks.append(task)
    return tasks
