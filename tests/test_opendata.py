"""The open-data files: the fast indented JSON writer gives json.dumps's exact text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import opendata
from generator.pipeline import generate
from tests.conftest import DATABASES, ROOT, TEMPLATES, TODAY


def _reference(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("content", [ROOT / "content", DATABASES], ids=["content", "databases"])
def test_the_data_file_is_json_dumps_text(content: Path) -> None:
    result = generate(content, TEMPLATES, today=TODAY)
    assert result.view is not None
    data = opendata.dump(result.view)
    assert opendata.dumps(data) == _reference(data)
    files = opendata.data_files(result.view)
    assert files["data/comparison.json"] == (_reference(data) + "\n").encode("utf-8")


@pytest.mark.parametrize("value", [
    {}, [], "", {"a": {}, "b": [], "c": [[]], "d": [{}]},
    {"z": 1, "a": -2, "é": "ü \u2028 \u0000 \" \\ / \t \n", "b": [True, False, None]},
    [1.5, -0.0, 1e300, 2.5e-8, 10**30, float("nan"), float("inf"), float("-inf")],
    {"nested": {"deeper": {"deepest": ["x", {"k": "v"}]}}},
    ("tuple", "items"),
    "\U0001F600 emoji and \x7f",
])
def test_edge_cases_match_json_dumps(value: Any) -> None:
    assert opendata.dumps(value) == _reference(value)


@pytest.mark.parametrize(("value", "message"), [
    ({1: "x"}, "key 1 is not a string"),
    ({"a": {1, 2}}, "set is not JSON-ready"),
])
def test_what_is_not_json_ready_is_refused(value: Any, message: str) -> None:
    with pytest.raises(TypeError, match=f"^{message}$"):
        opendata.dumps(value)
