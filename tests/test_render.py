"""Stages 3–4: derived view data and rendered pages, checked against golden files.

Update the goldens after an intended change with ``UPDATE_GOLDENS=1 make test``
(or ``UPDATE_GOLDENS=1 .venv/bin/pytest tests/test_render.py``) and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.diagnostics import TemplateError
from generator.pipeline import generate, validate
from generator.stages import derive, render
from tests.conftest import DATABASES, PACKAGES, TEMPLATES, TODAY, edit

GOLDENS = Path(__file__).resolve().parent / "golden"
GOLDEN = GOLDENS / "databases"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"
DATASETS = {"databases": DATABASES, "packages": PACKAGES}
"""Every dataset with golden pages: the full-featured one and the minimal, wide one."""


def _generate(content: Path = DATABASES) -> dict[str, bytes]:
    result = generate(content, TEMPLATES, today=TODAY)
    assert not result.failed, [d.format() for d in result.diagnostics]
    files = {k: v.encode() for k, v in result.pages.items()}
    files.update({k: v for k, v in result.assets.items() if k.startswith("data/")})
    return files


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_goldens(name: str) -> None:
    files = _generate(DATASETS[name])
    golden = GOLDENS / name
    if UPDATE:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in files.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    expected = {p.relative_to(golden).as_posix(): p.read_bytes()
                for p in golden.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "page set changed: run with UPDATE_GOLDENS=1"
    for rel in sorted(files):
        assert files[rel] == expected[rel], f"{rel} differs from its golden file"


def test_output_is_deterministic() -> None:
    assert _generate() == _generate()


def test_every_page_kind_and_stable_urls() -> None:
    pages = set(_generate())
    assert {"index.md", "matrix.md", "chooser.md", "sources.md", "lifecycle.md",
            "subjects/postgresql.md", "subjects/sqlite.md", "subjects/duckdb.md",
            "compare/duckdb-vs-postgresql.md", "compare/duckdb-vs-sqlite.md",
            "compare/postgresql-vs-sqlite.md", "use-cases/analytics.md",
            "deployment/server.md", "about.md", "data/comparison.json",
            "data/matrix.csv", "data/comparison.schema.json"} <= pages


def test_adding_a_subject_adds_its_pages(db_content: Path) -> None:
    text = (db_content / "subjects" / "sqlite.yml").read_text()
    (db_content / "subjects" / "mariadb.yml").write_text(
        text.replace("id: sqlite", "id: mariadb").replace("name: SQLite", "name: MariaDB"))
    for f in (db_content / "features").glob("*.yml"):
        lines = f.read_text().splitlines(keepends=True)
        out = []
        for line in lines:
            out.append(line)
            if line.startswith("      sqlite: {"):
                out.append(line.replace("sqlite: {", "mariadb: {"))
        f.write_text("".join(out))
    edit(db_content / "deployment" / "server.yml", "  duckdb:\n",
         "  mariadb:\n    steps: [{text: Run the server.}]\n    sources: [sqlite-home]\n"
         "    verified: 2025-01-10\n  duckdb:\n")
    crosswalk = db_content / "crosswalk.yml"
    crosswalk.write_text(crosswalk.read_text().replace(
        "      sqlite: {api: CREATE TABLE}",
        "      sqlite: {api: CREATE TABLE}\n      mariadb: {api: CREATE TABLE}").replace(
        "      sqlite: {api: .import, note: A command of the sqlite3 shell.}",
        "      sqlite: {api: .import, note: A command of the sqlite3 shell.}\n"
        "      mariadb: {api: LOAD DATA INFILE}"))
    pages = _generate(db_content)
    assert {p for p in pages if p.startswith("compare/") and p != "compare/index.md"} == {
        "compare/duckdb-vs-mariadb.md", "compare/duckdb-vs-postgresql.md",
        "compare/duckdb-vs-sqlite.md", "compare/mariadb-vs-postgresql.md",
        "compare/mariadb-vs-sqlite.md", "compare/postgresql-vs-sqlite.md"}
    assert "subjects/mariadb.md" in pages
    assert {p for p in pages if p.startswith("migration/mariadb-to-")} == {
        "migration/mariadb-to-duckdb.md", "migration/mariadb-to-postgresql.md",
        "migration/mariadb-to-sqlite.md"}


def test_derive_cells_and_legend() -> None:
    content, _ = validate(DATABASES)
    assert content is not None
    view = derive.derive(content, today=TODAY)
    assert [s.id for s in view.subjects] == ["duckdb", "postgresql", "sqlite"]
    cell = view.rows["columnar"].cells["postgresql"]
    assert (cell.icon, cell.label, cell.stale) == ("⊕", "Add-on", True)
    opinion = view.rows["ease-of-setup"].cells["sqlite"]
    assert (opinion.icon, opinion.label) == ("≈", "Consensus")
    assert [k for k, _, _ in view.levels_used] == ["yes", "plugin", "no", "consensus",
                                                   "disputed"]
    pair = next(p for p in view.pairs if p.slug == "postgresql-vs-sqlite")
    assert [r.id for r in pair.differing] == ["embedded", "columnar", "ease-of-setup"]
    notice = view.components["old-pooler"].notice
    assert notice == "Archived since 2020-01-01; superseded by PgBouncer."


def test_opinion_rows_never_show_tick_or_cross() -> None:
    page = _generate()["matrix.md"].decode()
    row = page.split('id="row-ease-of-setup"')[1].split("</tr>")[0]
    assert "✔" not in row and "✘" not in row
    assert "≈</span> Consensus" in row and "⚖</span> Disputed" in row


def test_template_error_names_template_and_line(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    template = tmp_path / "templates" / "sources.md.jinja"
    edit(template, "{{ s.number }}.", "{{ s.nmuber }}.")
    line = next(n for n, text in enumerate(template.read_text().splitlines(), 1)
                if "s.nmuber" in text)
    with pytest.raises(TemplateError) as info:
        generate(DATABASES, tmp_path / "templates", today=TODAY)
    assert str(info.value) == (f"templates/sources.md.jinja:{line}:1: error: template: "
                               "'generator.stages.views.SourceView object' has no attribute "
                               "'nmuber'")


def test_raw_html_links_are_root_relative() -> None:
    assert render.site_href("https://example.org/db/", "matrix/#x") == "/db/matrix/#x"
    assert render.site_href("https://example.org/db", "subjects/x/") == "/db/subjects/x/"
    assert render.site_href("https://example.org/db/", "") == "/db/"
    assert render.site_href("https://example.org", "sources/#a") == "/sources/#a"


def test_mentions_of_retired_tools_carry_a_notice(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", "summary: Available through extensions.",
         "summary: Available through extensions; people used old pooler for this.")
    page = _generate(db_content)["matrix.md"].decode()
    row = page.split('id="row-columnar"')[1].split("</tr>")[0]
    assert ('<span class="notice"><span aria-hidden="true">⚠</span> <a href="/databases/'
            'lifecycle/#tool-old-pooler">Old Pooler</a>: Archived since 2020-01-01; superseded by '
            "PgBouncer.</span>") in row
    assert row.count('class="notice"') == 1


class _Counted:
    """A view-like object that counts how often a template reads it."""

    def __init__(self, name: str) -> None:
        self.reads = 0
        self._name = name

    @property
    def name(self) -> str:
        self.reads += 1
        return self._name


def test_once_runs_a_macro_once_per_build_and_arguments(tmp_path: Path) -> None:
    env = render.make_env(tmp_path)
    macros = env.from_string("{% macro cell(x, suffix) %}<{{ x.name }}{{ suffix }}>"
                             "{% endmacro %}").make_module({})
    shared: dict[object, object] = {}
    a, b = _Counted("a"), _Counted("b")
    assert render._once(shared, None, macros.cell, a, "!") == "<a!>"
    assert render._once(shared, None, macros.cell, a, "!") == "<a!>"
    assert a.reads == 1
    # Other arguments (another object, another plain value) are another call.
    assert render._once(shared, None, macros.cell, b, "!") == "<b!>"
    assert render._once(shared, None, macros.cell, a, "?") == "<a?>"
    assert (a.reads, b.reads) == (2, 1)
    # A new build (a new shared memo) renders again.
    assert render._once({}, None, macros.cell, a, "!") == "<a!>"
    assert a.reads == 3


def test_once_takes_only_macros() -> None:
    with pytest.raises(TypeError, match=r"^once\(\) takes a macro$"):
        render._once({}, None, "not a macro", 1)
