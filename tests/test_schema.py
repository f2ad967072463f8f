"""The committed JSON Schemas equal the model's, and editors are wired to them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.pipeline import write_schema
from generator.stages.load import load_content
from generator.stages.validate import build_content
from generator.tools.scaffold import KINDS, new
from tests.conftest import DATABASES, ROOT, TODAY


def test_committed_schema_matches_model(tmp_path: Path) -> None:
    write_schema(tmp_path)
    fresh = {p.name: p.read_text() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text() for p in (ROOT / "schema").iterdir()}
    assert fresh == committed, "schema/ is out of date: run `make schema`"


def test_schema_rejects_unknown_keys() -> None:
    schema = json.loads((ROOT / "schema" / "subject.schema.json").read_text())
    assert schema["additionalProperties"] is False
    # The generic core: a subject needs only an id and a name.
    assert schema["required"] == ["id", "name"]


def test_vscode_maps_every_content_kind() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapped = set(settings["yaml.schemas"])
    assert {f"schema/{p.name}" for p in (ROOT / "schema").iterdir()
            if p.name != "page.schema.json"} == mapped
    for schema_file, pattern in settings["yaml.schemas"].items():
        assert (ROOT / schema_file).is_file()
        assert list(ROOT.glob(pattern)) or pattern.endswith(".yml"), pattern


def test_content_files_carry_a_schema_modeline() -> None:
    for path in sorted((ROOT / "content").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schema/"), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path
    for path in sorted((ROOT / "content").glob("*/*.yml")):
        if path.parent.name == "examples":
            continue  # the examples' own settings are read by generator.examples, not a kind
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../../schema/"), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path


@pytest.mark.parametrize("kind", KINDS)
def test_scaffolds_are_valid_records(tmp_path: Path, kind: str) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(DATABASES, content)
    path = new(kind, "brand-new", content, today=TODAY)
    docs, diags = load_content(content)
    assert diags == []
    _, model_diags = build_content(docs)
    assert [d.format() for d in model_diags] == []
    assert path.read_text().startswith("# yaml-language-server: $schema=../../schema/")
    with pytest.raises(FileExistsError):
        new(kind, "brand-new", content, today=TODAY)


def test_scaffold_refuses_bad_id(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'Bad_Id' is not a valid id"):
        new("subject", "Bad_Id", tmp_path, today=TODAY)


def test_subject_skeleton_sets_only_the_required_fields(tmp_path: Path) -> None:
    """Optional fields stay commented out: an invented URL or date would be published."""
    import yaml

    from generator.model import Subject

    path = new("subject", "brand-new", tmp_path, today=TODAY)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    required = {n for n, f in Subject.model_fields.items() if f.is_required()}
    assert set(data) == required == {"id", "name"}
    assert "# homepage:" in path.read_text(encoding="utf-8")
