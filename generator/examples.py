"""Runnable examples: one file per task and subject under ``content/examples/<task>/``.

The pages show each file exactly as the tests run it (no copy lives in any
markdown), with the versions it was last run with ("tested with"), read from
``content/examples/versions.json`` which the example runner writes. A subject
with no maintained path for a task has ``<subject>.md`` instead of code,
explaining why.

Where the examples run an older release than a subject's newest
(``latest_release``), the optional ``content/examples/releases.yml`` says why,
one entry per subject::

    sqlite:
      package: sqlite3      # its name in versions.json
      reason: Markdown that says why the examples run this release.

The pages show the version the examples ran with next to the newest one.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import versions
from generator.diagnostics import Diagnostic
from generator.stages.files import INVISIBLE, invisible
from generator.stages.load import Document, display_path, parse_yaml, read_text

if TYPE_CHECKING:
    from generator.stages.views import SubjectView

EXAMPLES_DIR = "examples"
RELEASES_FILE = "releases.yml"
"""Optional: why the examples run behind a subject's newest release."""
SUBJECTS_DIR = "subjects"
_NOTE_FIELDS = ("package", "reason")
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


@dataclass(frozen=True)
class ReleaseNote:
    """Why the examples run an older release of a subject (from ``releases.yml``)."""

    package: str
    """The distribution, as named in versions.json, whose version the examples ran with."""
    reason: str
    """Markdown."""


@dataclass(frozen=True)
class Runs:
    """What the examples ran with, shared by every task: versions.json and releases.yml."""

    packages: dict[str, str] = field(default_factory=dict)
    notes: dict[str, ReleaseNote] = field(default_factory=dict)


@dataclass(frozen=True)
class BehindView:
    """A subject whose examples ran an older release than its newest one."""

    package: str
    ran_with: str
    """The version the examples ran with, from versions.json."""
    newest: str
    """The subject's ``latest_release`` version."""
    reason: str | None
    """Markdown from releases.yml; None when nobody has said why yet."""


@dataclass
class TaskView:
    """A task with one example (or a note) per subject."""

    id: str
    title: str
    examples: dict[str, ExampleView] = field(default_factory=dict)
    runs: Runs = field(default_factory=Runs)
    origin: str = ""
    """Its folder, as messages name it ('content/examples/<task>')."""


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
    for key in ("dependencies", "packages"):
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


class _TooDeep(Exception):
    """A script nested too deeply for Python's parser (``1+1+...`` a hundred thousand times)."""


@functools.lru_cache(maxsize=4096)
def _parsed(code: str) -> tuple[tuple[str, ...], str | None]:
    """The top-level module names a script imports, and its docstring (parsed once).

    Cached by text: a preview builds again after every edit and most scripts are unchanged.
    A script with a syntax error has neither (the example runner reports it); one the
    parser cannot hold raises :class:`_TooDeep`.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return (), None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise _TooDeep from exc
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return tuple(sorted(names)), ast.get_docstring(tree)


def _tested_with(code: str, packages: dict[str, str]) -> list[tuple[str, str]]:
    """Match imported modules to installed distributions (``numpy`` → ``numpy-cpu``)."""
    out = []
    for module in _parsed(code)[0]:
        norm = module.lower().replace("_", "-")
        for dist in sorted(packages):
            if dist == norm or (dist.startswith(norm + "-") and dist.endswith("cpu")):
                out.append((dist, packages[dist]))
                break
    return out


def _title(code: str, fallback: str) -> str:
    doc = _parsed(code)[1]
    return doc.strip().splitlines()[0] if doc else fallback


def _notes(root: Path, packages: dict[str, str] | None) -> tuple[dict[str, ReleaseNote],
                                                                list[Diagnostic]]:
    """Read releases.yml: subject id -> the package it is pinned by and why.

    ``packages`` is None when versions.json could not be read: its own error says so,
    and the packages the notes name are not checked against it.
    """
    path = root / RELEASES_FILE
    if not path.is_file():
        return {}, []
    shown = display_path(path)
    text = read_text(path, shown)
    if isinstance(text, list):
        return {}, text
    doc = parse_yaml(text, shown, "example-releases")
    if isinstance(doc, list):
        return {}, doc
    if not isinstance(doc.data, dict):
        line, col = doc.pos(())
        return {}, [Diagnostic(shown, line, col, "error",
                               "expected a mapping of subject ids to notes",
                               "for example 'sqlite: {package: sqlite3, reason: ...}'")]
    subjects = root.parent / SUBJECTS_DIR
    notes: dict[str, ReleaseNote] = {}
    diags: list[Diagnostic] = []
    for sid, value in doc.data.items():
        problem = _note_problem(doc, str(sid), value, subjects, packages)
        if problem is not None:
            diags.append(problem)
            continue
        notes[str(sid)] = ReleaseNote(value["package"].lower(), value["reason"].strip())
    return notes, diags


def _note_problem(doc: Document, sid: str, value: Any, subjects: Path,
                  packages: dict[str, str] | None) -> Diagnostic | None:
    """The first problem with one entry of releases.yml, located, or None."""
    def at(loc: tuple[str, ...], message: str, hint: str, key: bool = False) -> Diagnostic:
        line, col = doc.pos(loc, key=key)
        return Diagnostic(doc.path, line, col, "error", message, hint)

    if not _TASK_ID.match(sid) or not (subjects / f"{sid}.yml").is_file():
        return at((sid,), f"unknown subject '{sid}'",
                  f"use the id of a file under {SUBJECTS_DIR}/", key=True)
    if not isinstance(value, dict):
        return at((sid,), f"{sid}: expected 'package' and 'reason'",
                  "for example '{package: sqlite3, reason: ...}'")
    for name in value:
        if name not in _NOTE_FIELDS:
            return at((sid, str(name)), f"{sid}: unknown field '{name}'",
                      "expected 'package' and 'reason'", key=True)
    for name in _NOTE_FIELDS:
        if not isinstance(value.get(name), str) or not value[name].strip():
            return at((sid, name), f"{sid}: '{name}' must be non-empty text",
                      "say which package the examples pin and why they run an older release")
    if packages is not None and value["package"].lower() not in packages:
        return at((sid, "package"),
                  f"{sid}: package '{value['package']}' is not in versions.json",
                  "name a package the example runner recorded")
    return None


def behind(subjects: list[SubjectView], tasks: list[TaskView]) -> dict[str, BehindView]:
    """Subjects whose examples ran an older release than their newest, by subject id.

    The package is the one releases.yml names, else the subject's first PyPI package
    (or its ``-cpu`` build) when versions.json recorded it.
    """
    runs = tasks[0].runs if tasks else Runs()
    out: dict[str, BehindView] = {}
    for s in subjects:
        release = s.record.latest_release
        if release is None:
            continue
        note = runs.notes.get(s.id)
        if note is not None:
            package: str | None = note.package
        else:
            first = s.packages[0] if s.packages else None
            name = first.name.lower() if first is not None and first.type == "pypi" else ""
            package = next((d for d in (name, f"{name}-cpu") if name and d in runs.packages),
                           None)
        if package is None or package not in runs.packages:
            continue
        ran, newest = versions.parse(runs.packages[package]), versions.parse(release.version)
        if ran is not None and newest is not None and ran < newest:
            out[s.id] = BehindView(package, runs.packages[package], release.version,
                                   note.reason if note else None)
    return out


def load_examples(content_dir: Path) -> tuple[list[TaskView], list[Diagnostic]]:
    """Read every task folder (stage 1, load): code and notes, with located problems."""
    root = content_dir / EXAMPLES_DIR
    if not root.is_dir():
        return [], []
    packages, python, diags = _packages(root)
    notes, note_diags = _notes(root, None if diags else packages)
    diags.extend(note_diags)
    runs = Runs(packages, notes)
    tasks = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if not _TASK_ID.match(folder.name):
            diags.append(Diagnostic(display_path(folder), 1, 1, "error",
                                    f"example folder name '{folder.name}' is not an id",
                                    "use lower-case letters, digits and single hyphens"))
            continue
        rel = f"{content_dir.name}/{EXAMPLES_DIR}/{folder.name}/"
        task = TaskView(folder.name, folder.name.replace("-", " ").capitalize(), runs=runs,
                        origin=rel.rstrip("/"))
        for file in sorted(folder.iterdir()):
            if file.suffix not in (".py", ".md") or not file.is_file():
                continue
            text = read_text(file, display_path(file))
            if isinstance(text, list):
                diags.extend(text)
                continue
            sid = file.stem
            if file.suffix == ".py":
                try:
                    doc = _parsed(text)[1] or ""
                except _TooDeep:
                    diags.append(Diagnostic(display_path(file), 1, 1, "error",
                                            "example could not be parsed: it nests too deeply "
                                            "for Python's parser",
                                            "write the expression over several statements"))
                    continue
                bad = INVISIBLE.search(doc)
                if bad is not None:
                    # Escapes such as "\u202e" in the docstring make invisible characters
                    # from visible text; its first line is the page's title.
                    diags.append(Diagnostic(display_path(file), 1, 1, "error",
                                            *invisible(bad.group(0), " in the docstring")))
                    continue
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
