"""The real site, built once: code provenance, search coverage, SEO tags, links, no CDNs."""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.tools.linkcheck import check_site
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                           str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def _code_blocks(page: str) -> list[str]:
    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", page, flags=re.DOTALL)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks]


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def test_every_framework_code_block_is_an_executed_example(site: Path) -> None:
    examples = {_norm(p.read_text(encoding="utf-8"))
                for p in (ROOT / "content" / "examples").glob("*/*.py")}
    framework = re.compile(r"^\s*(import|from)\s+(torch|tensorflow|jax|flax|optax|keras)\b",
                           re.MULTILINE)
    checked = 0
    for page in sorted(site.rglob("*.html")):
        for block in _code_blocks(page.read_text(encoding="utf-8")):
            if framework.search(block):
                assert _norm(block) in examples, f"{page}: a code block is not an example file"
                checked += 1
    assert checked >= len(examples) > 20


def test_search_index_covers_rows_and_concepts(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(d["title"] + " " + d["text"] for d in index["docs"]).lower()
    for term in ("torchserve", "onnx", "tf.function", "litert", "mobile", "jax.jit"):
        assert term in text, term
    locations = {d["location"] for d in index["docs"]}
    assert any(loc.startswith("matrix/#cat-") for loc in locations)
    assert any(loc.startswith("crosswalk/") for loc in locations)


def test_every_page_has_title_description_canonical_og(site: Path) -> None:
    pages = [p for p in site.rglob("index.html")]
    assert len(pages) > 40
    descriptions = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", text), page
        desc = re.search(r'<meta name="description" content="([^"]+)"', text)
        assert desc, page
        descriptions.add(desc.group(1))
        assert '<link rel="canonical" href="https://' in text, page
        assert '<meta property="og:title"' in text, page
    assert len(descriptions) > len(pages) * 0.9, "meta descriptions are not page-specific"
    sitemap = (site / "sitemap.xml").read_text()
    assert sitemap.count("<loc>") == len(pages)


def test_no_third_party_assets(site: Path) -> None:
    loads = re.compile(r'<(?:script|img|iframe|source)[^>]+src="([^"]+)"'
                       r'|<link(?![^>]*rel="canonical")[^>]+href="([^"]+)"')
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in loads.finditer(text):
            url = match.group(1) or match.group(2)
            assert not url.startswith(("http://", "https://", "//")), f"{page}: loads {url}"


def test_no_broken_internal_links(site: Path) -> None:
    problems, external = check_site(site)
    assert problems == []
    assert len(external) > 100


def test_open_data_files(site: Path) -> None:
    data = json.loads((site / "data" / "comparison.json").read_text())
    assert data["schema_version"] == "1.0.0"
    assert {s["id"] for s in data["subjects"]} == {"pytorch", "tensorflow", "jax"}
    schema = json.loads((site / "data" / "comparison.schema.json").read_text())
    assert set(schema["required"]) >= {"schema_version", "generated_at", "subjects"}
    csv_lines = (site / "data" / "matrix.csv").read_text().splitlines()
    rows = sum(len(c["features"]) for c in data["categories"])
    assert len(csv_lines) == 1 + rows * 3
