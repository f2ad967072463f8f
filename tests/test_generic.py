"""The engine knows nothing about the site it ships with (#11).

The generator, its templates, scripts, styles and JSON Schemas, and the two test
datasets of other domains (with their golden pages), must not contain the ML site's
words: its subjects' names and ids, and the field's vocabulary. What the ML site needs
comes from its own ``content/``.
"""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

FIELD_WORDS = ("machine learning", "deep learning", "neural", "tensor", "gpu", "tpu",
               "trained", "training", "inference", "ml", "framework", "autodiff",
               "gradient")
"""The vocabulary of the ML site's field ('accelerator' is generic hardware and stays)."""

SCANNED = [ROOT / "generator", ROOT / "schema", ROOT / "tests" / "fixtures" / "databases",
           ROOT / "tests" / "golden" / "databases", ROOT / "tests" / "fixtures" / "packages",
           ROOT / "tests" / "golden" / "packages"]
TEXT = {".py", ".jinja", ".js", ".css", ".html", ".yml", ".json", ".md", ".csv", ".txt",
        ".xml", ".ics"}


def _site_words() -> list[str]:
    words = set(FIELD_WORDS)
    for path in sorted((ROOT / "content" / "subjects").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        words.update({data["id"].lower(), data["name"].lower()})
    return sorted(words)


def test_the_word_list_comes_from_the_real_site() -> None:
    words = _site_words()
    assert {"pytorch", "tensorflow", "jax"} <= set(words)


def test_no_ml_words_in_the_engine_or_the_other_datasets() -> None:
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in _site_words()) + r")s?\b",
                         re.IGNORECASE)
    found = []
    for root in SCANNED:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix not in TEXT or "__pycache__" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for hit in pattern.finditer(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {hit.group(0)!r}: "
                                 f"{line.strip()[:100]}")
    assert not found, "\n".join(found[:40])
