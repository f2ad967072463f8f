"""Stage 1: safe YAML loading with positions, and every refusal with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.stages.load import MAX_FILE_BYTES, load_content, load_markdown_file, parse_yaml
from tests.conftest import errors


def test_positions_are_recorded_for_keys_and_values() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x: 2\n", "f.yml", "site")
    assert not isinstance(doc, list)
    assert doc.data == {"a": 1, "b": [{"x": 2}]}
    assert doc.keys[("b", 0, "x")] == (3, 5)
    assert doc.values[("b", 0, "x")] == (3, 8)
    assert doc.pos(("b", 0, "missing")) == (3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\n", "f.yml:2:1: error: YAML syntax error: expected ',' or ']', but got "
                       "'<stream end>' (check the indentation and quoting on this line and the "
                       "one above)"),
        ("a: 1\na: 2\n", "f.yml:2:1: error: duplicate key 'a' (first defined at line 1) "
                         "(remove one of the two entries)"),
        ("a: !!python/object:os.system x\n",
         "f.yml:1:4: error: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed "
         "(content files take plain strings, numbers, dates, lists and mappings)"),
        ("a: !custom x\n", "f.yml:1:4: error: YAML tag '!custom' is not allowed (content files "
                           "take plain strings, numbers, dates, lists and mappings)"),
        ("a: &x [1]\nb: *x\n", "f.yml:1:4: error: YAML anchors and aliases are not allowed "
                               "(repeat the value instead of referring to it with '*')"),
        ("base: {a: 1}\nc:\n  <<: {a: 2}\n", "f.yml:3:3: error: YAML merge keys ('<<') are not "
                                             "allowed (write the keys out in full)"),
        ("a: 2026-13-45\n", "f.yml:1:4: error: invalid timestamp value: month must be in 1..12 "
                            "(quote the value to keep it as text)"),
        ("? [a, b]\n: 1\n", "f.yml:1:3: error: mapping keys must be plain text"),
        ("", "f.yml:1:1: error: file is empty (start from a skeleton: generator new --help)"),
    ],
)
def test_bad_yaml_is_refused_with_exact_message(text: str, expected: str) -> None:
    result = parse_yaml(text, "f.yml", "site")
    assert isinstance(result, list)
    assert [d.format() for d in result] == [expected]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    result = parse_yaml("\n".join(lines) + "\n", "bomb.yml", "site")
    assert isinstance(result, list)
    assert result[0].message == "YAML anchors and aliases are not allowed"


def test_file_over_size_cap(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("a: '" + "x" * MAX_FILE_BYTES + "'\n")
    docs, diags = load_content(tmp_path)
    assert docs == []
    assert diags[0].message == (f"file is {MAX_FILE_BYTES + 6} bytes, over the "
                                f"{MAX_FILE_BYTES}-byte limit")


def test_not_utf8_names_the_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yml").write_bytes(b"title: ok\nname: caf\xe9\n")
    _, diags = load_content(Path("."))
    assert [d.format() for d in diags] == [
        "site.yml:2:10: error: file is not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"]


def test_missing_site_and_stray_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hi")
    (tmp_path / "subjects").mkdir()
    (tmp_path / "subjects" / "x.yaml").write_text("id: x")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "guide.MD").write_text("# Guide")
    _, diags = load_content(Path("."))
    hint = ("(every content folder needs site.yml (title, description, url), subjects/, "
            "features/ and sources/; generator init DIR writes a skeleton)")
    assert [d.format() for d in diags] == [
        "notes.txt:1:1: warning: ignored: not part of the content layout (expected one of: "
        "assets, chooser.yml, claims.yml, components, crosswalk.yml, deployment, evidence, "
        "examples, faq.yml, features, pages, site.yml, sources, subjects, timeline.yml, "
        "topics.yml, use-cases)",
        "pages/guide.MD:1:1: warning: ignored: not a .md file (prose pages use the .md "
        "extension, in lower case; images go under assets/)",
        "subjects/x.yaml:1:1: warning: ignored: not a .yml file (content records use the .yml "
        "extension)",
        f"site.yml:1:1: error: site.yml is missing {hint}",
        f"sources:1:1: error: sources folder is missing {hint}",
        f"features:1:1: error: features folder is missing {hint}",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# no front matter\n", "p.md:1:1: error: missing front matter (start the file with "
                                "'---', 'title: ...', 'description: ...', '---')"),
        ("---\ntitle: x\n", "p.md:1:1: error: front matter is not closed (add a line with '---' "
                            "after the front matter)"),
        ("---\n---\nbody\n", "p.md:2:1: error: front matter is empty (give at least 'title' and "
                             "'description')"),
        ("---\ntitle: [x\n---\n", "p.md:3:1: error: YAML syntax error: expected ',' or ']', but "
                                  "got '<stream end>' (check the indentation and quoting on this "
                                  "line and the one above)"),
    ],
)
def test_markdown_front_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                               expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text(text)
    result = load_markdown_file(Path("p.md"), "page")
    assert isinstance(result, list)
    assert [d.format() for d in result] == [expected]


def test_markdown_body_line_is_known(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("---\ntitle: t\ndescription: d\n---\n# Hello\n")
    doc = load_markdown_file(tmp_path / "p.md", "page")
    assert not isinstance(doc, list)
    assert doc.body == "# Hello\n"
    assert doc.body_line == 5
    assert doc.keys[("description",)] == (3, 1)


def test_every_problem_in_one_run(db_content: Path) -> None:
    (db_content / "subjects" / "sqlite.yml").write_text("id: sqlite\nid: again\n")
    (db_content / "use-cases" / "analytics.yml").write_text("a: [\n")
    found = errors(db_content)
    assert len(found) == 2
    assert found[0].startswith("content/subjects/sqlite.yml:2:1: error: duplicate key 'id'")
    assert found[1].startswith("content/use-cases/analytics.yml:2:1: error: YAML syntax error")
