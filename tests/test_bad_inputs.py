"""Every bad input gets its exact message, no traceback, and leaves the output untouched."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bad_inputs import CASES
from tests.conftest import DATABASES, ROOT


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("name", "file", "change", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_input(tmp_path: Path, name: str, file: str, change: bytes | tuple[str, str],
                   expected: str) -> None:
    shutil.copytree(DATABASES, tmp_path / "content")
    out = tmp_path / "out"
    assert _run(tmp_path, "build", "--content", "content", "--out", "out").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    target = tmp_path / file
    if isinstance(change, bytes):
        target.write_bytes(change)
    else:
        text = target.read_text(encoding="utf-8")
        assert text.count(change[0]) == 1, change[0]
        target.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    expected = expected.replace("{today}", dt.date.today().isoformat())
    for args in (("check", "--content", "content"),
                 ("build", "--content", "content", "--out", "out")):
        proc = _run(tmp_path, *args)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.splitlines()
        assert lines[0] == expected
        assert lines[-1].endswith(("1 file", "2 files")) and " error" in lines[-1]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
