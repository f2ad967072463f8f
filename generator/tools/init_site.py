"""``generator init DIR``: a new comparison site that checks and builds at once.

It writes the engine settings (paths point into the installed package: its theme,
its MkDocs hook, its templates), a content skeleton with only the required kinds
(site, two subjects, one feature category, one source), a README and a .gitignore.
Everything else (use cases, lifecycle, chooser...) is optional and added later.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator.stages.output import atomic_write

PACKAGE = Path(__file__).resolve().parent.parent
ENGINE_TEMPLATE = PACKAGE / "adapters" / "site.mkdocs.yml"


def engine_config(target: Path) -> str:
    """The engine settings for a site in ``target``, with paths into this package."""
    def rel(path: Path) -> str:
        return os.path.relpath(path, target.resolve()).replace(os.sep, "/")
    return (ENGINE_TEMPLATE.read_text(encoding="utf-8")
            .replace("@THEME@", rel(PACKAGE / "theme"))
            .replace("@HOOKS@", rel(PACKAGE / "adapters" / "mkdocs_hooks.py"))
            .replace("@SEARCH_HOOK@", rel(PACKAGE / "adapters" / "searchtrim.py"))
            .replace("@TEMPLATES@", rel(PACKAGE / "templates")))


def files(target: Path, today: dt.date) -> dict[str, str]:
    """Every file of a new site, by path relative to ``target``."""
    day = today.isoformat()
    return {
        "mkdocs.yml": engine_config(target),
        ".gitignore": "site/\ngenerated/\nmkdocs.generated.yml\n.cache/\n",
        "README.md": (
            "# A comparison site\n\n"
            "Made with `generator init`. Edit the files under `content/`, then:\n\n"
            "```sh\ngenerator check            # every problem, as file:line:col\n"
            "generator site --out site  # build the site (MkDocs), swapped in on success\n"
            "mkdocs serve -f mkdocs.yml # preview while editing\n```\n\n"
            "Required: `content/site.yml`, `content/subjects/`, `content/features/`,\n"
            "`content/sources/`. Everything else is optional and appears only when present.\n"
            "Put a file named like one of the generator's templates under `templates/` to\n"
            "override it.\n"),
        "content/site.yml": (
            "title: A vs B\n"
            "description: Two things compared, row by row, with sources.\n"
            "url: https://example.org/compare/\n"
            "subject_noun: product\n"),
        "content/subjects/a.yml": "id: a\nname: Product A\n",
        "content/subjects/b.yml": "id: b\nname: Product B\n",
        "content/sources/main.yml": (
            "sources:\n"
            "  - id: first-source\n"
            "    url: https://example.org/\n"
            "    title: Replace with the page your first facts come from\n"
            "    publisher: Its publisher\n"
            f"    accessed: {day}\n"),
        "content/features/basics.yml": (
            "# One source and one date for the whole file: every cell inherits them, and a\n"
            "# cell may give its own. Cells are yes, no, partial, '?' or any text (a fact).\n"
            "id: basics\n"
            "name: Basics\n"
            "sources: [first-source]\n"
            f"verified: {day}\n"
            "features:\n"
            "  - id: open-source\n"
            "    name: Open source\n"
            "    assessments:\n"
            "      a: \"yes\"\n"
            "      b: \"?\"\n"
            "  - id: licence\n"
            "    name: Licence\n"
            "    assessments:\n"
            "      a: Apache-2.0\n"
            "      b: Proprietary\n"),
    }


def init(target: Path, today: dt.date | None = None) -> list[Path]:
    """Write a new site into ``target`` (absent or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"'{target}' exists and is not an empty folder")
    written = []
    for rel, text in files(target, today or dt.date.today()).items():
        path = target / rel
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written
