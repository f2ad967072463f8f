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

from generator.diagnostics import Diagnostic
from generator.stages.load import display_path, read_text

EXAMPLES_DIR = "examples"
_TASK_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}$")


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


def _packages(root: Path) -> tuple[dict[str, str], str, list[Diagnostic]]:
    path = root / "versions.json"
    if not path.is_file():
        return {}, "", []
    shown = display_path(path)
    text = read_text(path, shown)
    if isinstance(text, list):
        return {}, "", text
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, "", [Diagnostic(shown, exc.lineno, exc.colno, "error",
                                   f"invalid JSON: {exc.msg}",
                                   "this file is written by the example runner; re-run it")]
    if not isinstance(data, dict):
        return {}, "", [Diagnostic(shown, 1, 1, "error", "expected a JSON object",
                                   "this file is written by the example runner; re-run it")]
    pkgs: dict[str, Any] = {}
    for key in ("dependencies", "frameworks", "packages"):
        if isinstance(data.get(key), dict):
            pkgs.update(data[key])
    bad = [k for k, v in pkgs.items() if not isinstance(v, str) or not _VERSION.match(v)
           or not _VERSION.match(str(k))]
    python = data.get("python", "")
    if bad or not isinstance(python, str) or (python and not _VERSION.match(python)):
        name = bad[0] if bad else "python"
        return {}, "", [Diagnostic(shown, 1, 1, "error",
                                   f"version of '{name}' is not a plain version string",
                                   "versions look like 2.13.0; re-run the example runner")]
    return {str(k).lower(): str(v) for k, v in pkgs.items()}, python, []


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


def load_examples(content_dir: Path) -> tuple[list[TaskView], list[Diagnostic]]:
    """Read every task folder (stage 1, load): code and notes, with located problems."""
    root = content_dir / EXAMPLES_DIR
    if not root.is_dir():
        return [], []
    packages, python, diags = _packages(root)
    tasks = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if not _TASK_ID.match(folder.name):
            diags.append(Diagnostic(display_path(folder), 1, 1, "error",
                                    f"example folder name '{folder.name}' is not an id",
                                    "use lower-case letters, digits and single hyphens"))
            continue
        task = TaskView(folder.name, folder.name.replace("-", " ").capitalize())
        rel = f"{content_dir.name}/{EXAMPLES_DIR}/{folder.name}/"
        for file in sorted(folder.iterdir()):
            if file.suffix not in (".py", ".md") or not file.is_file():
                continue
            text = read_text(file, display_path(file))
            if isinstance(text, list):
                diags.extend(text)
                continue
            sid = file.stem
            if file.suffix == ".py":
                task.title = _title(text, task.title)
                longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
                tested = _tested_with(text, packages)
                if python:
                    tested = [("python", python), *tested]
                task.examples[sid] = ExampleView(sid, rel + file.name, text, None, tested,
                                                 "`" * max(3, longest + 1))
            elif sid not in task.examples:
                task.examples[sid] = ExampleView(sid, rel + file.name, None, text, [], "")
        tasks.append(task)
    return tasks, diags
