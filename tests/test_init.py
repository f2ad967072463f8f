"""``generator init``: a new site of another shape checks and builds at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.tools import init_site
from tests.conftest import ROOT


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})


class _Any(yaml.SafeLoader):
    pass


_Any.add_multi_constructor("", lambda loader, suffix, node: None)


def test_engine_settings_match_the_projects_own(tmp_path: Path) -> None:
    # The project's mkdocs.yml and a new site's differ only in where the package lives.
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Any)
    theirs = yaml.load(init_site.engine_config(ROOT), Loader=_Any)
    assert theirs == ours


@pytest.mark.slow
def test_a_new_site_checks_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "mysite"
    proc = _run(tmp_path, "init", "mysite")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ("ok: wrote 8 files to mysite; next: cd mysite && generator site "
                           "--out site\n")
    assert _run(target, "check").returncode == 0
    proc = _run(target, "site", "--out", "site")
    assert proc.returncode == 0, proc.stderr[-2000:]
    for page in ("index.html", "matrix/index.html", "subjects/a/index.html",
                 "compare/a-vs-b/index.html", "sources/index.html"):
        assert (target / "site" / page).is_file(), page
    assert not (target / "site" / "use-cases").exists()


def test_init_never_writes_into_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    proc = _run(tmp_path, "init", "taken")
    assert proc.returncode == 2
    assert proc.stderr == "generator: error: 'taken' exists and is not an empty folder\n"
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
