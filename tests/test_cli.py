"""The command line: exit codes and messages, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, edit


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_check_valid_content_exits_0(db_content: Path) -> None:
    proc = run("check", "--content", "content", cwd=db_content.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("ok: 36 pages from content")


def test_check_content_error_exits_1_with_all_errors(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", "      postgresql: {level: \"no\"",
         "      pytorh: {level: \"no\"")
    edit(db_content / "components" / "pgbouncer.yml", "kind: connection pooler",
         "kind: connection pooler\ncolour: blue")
    proc = run("check", "--content", "content", cwd=db_content.parent)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "content/components/pgbouncer.yml:4:1: error: colour: unknown key 'colour' (allowed "
        "keys: aliases, end_of_support, id, kind, name, packages, relation, sources, status, "
        "status_note, "
        "status_since, subjects, successor, url, verified)",
        "1 error in 1 file",
    ]
    assert "Traceback" not in proc.stderr
    edit(db_content / "components" / "pgbouncer.yml", "colour: blue\n", "")
    proc = run("check", "--content", "content", cwd=db_content.parent)
    assert proc.stderr.splitlines() == [
        "content/features/storage.yml:10:7: error: feature 'embedded' has no assessment for "
        "subject 'postgresql' (add one; use level: unknown and say why if it cannot be "
        "verified)",
        "content/features/storage.yml:10:7: error: unknown subject 'pytorh' (known subjects: "
        "duckdb, postgresql, sqlite)",
        "2 errors in 1 file",
    ]


def test_check_github_format(db_content: Path) -> None:
    edit(db_content / "components" / "pgbouncer.yml", "status: active", "status: alive")
    proc = run("check", "--content", "content", "--format", "github", cwd=db_content.parent)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        "::error file=content/components/pgbouncer.yml,line=6,col=9::status: expected one of "
        "'active', 'maintenance', 'deprecated' or 'archived', got 'alive' (did you mean "
        "'active'?)")


def test_check_stale_lists_old_claims(db_content: Path) -> None:
    proc = run("check", "--content", "content", "--stale", "30", cwd=db_content.parent)
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert any(line.startswith("content/components/pgbouncer.yml:9:11: warning: stale: "
                               "verified 2025-01-10, ") for line in lines)
    assert lines[-1].startswith("ok: 36 pages from content (0 errors in 0 files, ")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    proc = run("check", "--content", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert proc.stderr == f"generator: error: content folder '{tmp_path / 'nope'}' does not " \
                          "exist\n"
    proc = run("frobnicate")
    assert proc.returncode == 2
    assert "generator: error: argument command: invalid choice: 'frobnicate'" in proc.stderr


def test_build_writes_pages_and_only_changes(db_content: Path) -> None:
    out = db_content.parent / "out"
    proc = run("build", "--content", "content", "--out", "out", cwd=db_content.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "ok: 36 pages in out (46 written, 0 removed)\n"
    assert (out / "matrix.md").is_file()
    (out / "stale.md").write_text("old")
    proc = run("build", "--content", "content", "--out", "out", cwd=db_content.parent)
    assert proc.stderr == "ok: 36 pages in out (0 written, 1 removed)\n"


def test_build_with_errors_writes_nothing(db_content: Path) -> None:
    out = db_content.parent / "out"
    run("build", "--content", "content", "--out", "out", cwd=db_content.parent)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(db_content / "use-cases" / "analytics.yml", "subject: duckdb", "subject: duck")
    proc = run("build", "--content", "content", "--out", "out", cwd=db_content.parent)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "1 error in 1 file"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
