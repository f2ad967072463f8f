"""``generator synth``: deterministic, valid synthetic content that builds strictly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.cli import main
from generator.tools import synth
from tests.conftest import TEMPLATES
from tests.test_mkdocs import make_project, mkdocs


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, int], Path]:
    """Synthetic content folders, written once for the module."""
    root = tmp_path_factory.mktemp("synth")
    out = {}
    for n, f in ((3, 20), (5, 30)):
        out[(n, f)] = root / f"s{n}x{f}"
        synth.write(out[(n, f)], n, f, seed=11)
    return out


def test_same_seed_is_byte_identical(tmp_path: Path) -> None:
    synth.write(tmp_path / "a", 4, 25, seed=5)
    synth.write(tmp_path / "b", 4, 25, seed=5)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b
    assert len(a) > 30


def test_different_seeds_differ(tmp_path: Path) -> None:
    synth.write(tmp_path / "a", 4, 25, seed=5)
    synth.write(tmp_path / "b", 4, 25, seed=6)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


@pytest.mark.parametrize("size", [(3, 20), (5, 30)])
def test_output_validates_and_renders_with_no_diagnostics(
        sets: dict[tuple[int, int], Path], size: tuple[int, int]) -> None:
    result = pipeline.check(sets[size], TEMPLATES)
    assert [d.format() for d in result.diagnostics] == []
    assert result.content is not None
    assert len(result.content.subjects) == size[0]
    assert sum(1 for _ in result.content.features()) == size[1]
    assert len(result.content.deployments) == 5
    assert any(c.record.relation == "renamed" for c in result.content.components)
    assert any(c.record.relation == "superseded" for c in result.content.components)
    assert result.content.pages and result.content.chooser is not None


def test_text_is_realistic_and_every_cell_cited(sets: dict[tuple[int, int], Path]) -> None:
    lengths = []
    for file in sorted((sets[(5, 30)] / "features").glob("*.yml")):
        category = yaml.safe_load(file.read_text(encoding="utf-8"))
        assert 1 <= len(category["features"]) <= 15
        for feature in category["features"]:
            for cell in feature["assessments"].values():
                lengths.append(len(cell["summary"]))
                assert cell["sources"] and cell["verified"] <= synth.NEWEST
    assert min(lengths) >= 60
    assert max(lengths) <= 200


def test_one_pair_page_per_pair_of_subjects(sets: dict[tuple[int, int], Path]) -> None:
    for (n, _), content in sets.items():
        result = pipeline.generate(content, TEMPLATES)
        pairs = [p for p in result.pages if p.startswith("compare/") and p != "compare/index.md"]
        assert len(pairs) == n * (n - 1) // 2


def test_cli_writes_a_folder_and_refuses_to_overwrite(tmp_path: Path) -> None:
    args = ["synth", "--subjects", "3", "--features", "12", "--seed", "1", "--out"]
    assert main([*args, str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "site.yml").is_file()
    assert main([*args, str(tmp_path / "out")]) == 2
    assert main(["synth", "--subjects", "1", "--out", str(tmp_path / "one")]) == 2
    assert main(["check", "--content", str(tmp_path / "out")]) == 0


def test_strict_mkdocs_build_of_a_synthetic_set(tmp_path: Path) -> None:
    synth.write(tmp_path / "synth", 3, 12, seed=2)
    project = make_project(tmp_path, tmp_path / "synth")
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    assert (site / "matrix" / "index.html").is_file()
    assert len(list((site / "compare").glob("*-vs-*/index.html"))) == 3
    assert (site / "about" / "index.html").is_file()
