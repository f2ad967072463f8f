"""The committed evidence-lab results are valid, complete and shown on the site.

Runs in the generator's environment: nothing here imports a framework, runs a
benchmark or asserts anything about wall-clock time. ``scripts/evidence.py``
is imported only for its constants and its YAML writer, which need no
framework (the frameworks are imported inside its worker functions).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator import model as m
from generator.escape import html_text, md_text
from generator.pipeline import Result, generate, validate
from tests.conftest import ROOT, TEMPLATES

CONTENT = ROOT / "content"
EVIDENCE = CONTENT / "evidence"
SUBJECTS = {"pytorch", "tensorflow", "jax"}
VARIANTS = {"eager", "compiled"}
EXPECTED = {"mlp-train-step", "cnn-train-step", "mlp-inference-latency"}
PACKAGES = {"torch", "tensorflow-cpu", "jax", "jaxlib", "flax", "optax", "keras", "numpy"}
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/benchmark.schema.json"


def load_script() -> ModuleType:
    """Import scripts/evidence.py as a module (it imports no framework at top level)."""
    spec = importlib.util.spec_from_file_location("evidence_script",
                                                  ROOT / "scripts" / "evidence.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def benchmarks() -> dict[str, m.Benchmark]:
    content, diags = validate(CONTENT)
    assert [d.format() for d in diags if d.severity == "error"] == []
    assert content is not None
    return {e.record.id: e.record for e in content.benchmarks}


@pytest.fixture(scope="module")
def site() -> Result:
    result = generate(CONTENT, TEMPLATES)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return result


def test_the_three_benchmarks_are_committed(benchmarks: dict[str, m.Benchmark]) -> None:
    assert {p.stem for p in EVIDENCE.glob("*.yml")} == EXPECTED
    assert set(benchmarks) == EXPECTED


def test_evidence_files_have_no_diagnostics() -> None:
    _, diags = validate(CONTENT)
    assert [d.format() for d in diags if "evidence" in Path(d.path).parts] == []


def test_files_start_with_the_schema_line() -> None:
    for path in sorted(EVIDENCE.glob("*.yml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, path


def test_every_subject_has_both_variants(benchmarks: dict[str, m.Benchmark]) -> None:
    for bench in benchmarks.values():
        pairs = [(r.subject, r.variant) for r in bench.results]
        assert len(pairs) == len(set(pairs)), bench.id
        assert set(pairs) == {(s, v) for s in SUBJECTS for v in VARIANTS}, bench.id


def test_manifests_are_complete(benchmarks: dict[str, m.Benchmark]) -> None:
    for bench in benchmarks.values():
        man = bench.manifest
        assert man.command == "make evidence", bench.id
        for text in (man.cpu, man.accelerator or "", man.os, man.python or "", man.noise):
            assert text.strip(), bench.id
        assert (man.accelerator or "").startswith("none available"), bench.id
        assert man.cores >= 1 and man.repetitions >= 1 and man.warmup >= 1, bench.id
        assert set(man.versions) >= PACKAGES, bench.id
        assert all(v.strip() and v != "not installed" for v in man.versions.values()), bench.id
        # A measured noise figure, in the form --check reads back.
        assert re.search(r"up to ±\d+(\.\d+)? %", man.noise), (bench.id, man.noise)
        assert bench.unit == "ms" and bench.lower_is_better, bench.id


def test_all_benchmarks_share_one_environment(benchmarks: dict[str, m.Benchmark]) -> None:
    manifests = {(b.manifest.cpu, b.manifest.cores, b.manifest.os, b.manifest.python,
                  tuple(sorted(b.manifest.versions.items()))) for b in benchmarks.values()}
    assert len(manifests) == 1


def test_evidence_ran_with_the_examples_versions(benchmarks: dict[str, m.Benchmark]) -> None:
    """The evidence lab and the examples share one environment: the same pins, run together."""
    recorded = json.loads((CONTENT / "examples" / "versions.json").read_text())
    pins = {**recorded["dependencies"], **recorded["packages"]}
    for bench in benchmarks.values():
        assert bench.manifest.python == recorded["python"], bench.id
        assert {n: pins.get(n) for n in bench.manifest.versions} == bench.manifest.versions, \
            bench.id


def test_statistics_are_ordered(benchmarks: dict[str, m.Benchmark]) -> None:
    for bench in benchmarks.values():
        for r in bench.results:
            where = (bench.id, r.subject, r.variant)
            assert 0 < r.min <= r.q1 <= r.median <= r.q3 <= r.max, where
            assert r.peak_memory_mb is not None and r.peak_memory_mb > 0, where


def test_descriptions_state_the_limits(benchmarks: dict[str, m.Benchmark]) -> None:
    for bench in benchmarks.values():
        text = bench.description
        assert "GPU" in text and "CPU" in text, bench.id
        assert "not timed" in text and "compilation time is excluded" in text, bench.id


def test_jax_eager_is_explained(benchmarks: dict[str, m.Benchmark]) -> None:
    for bench_id in ("mlp-train-step", "cnn-train-step"):
        assert "un-jitted" in benchmarks[bench_id].description, bench_id


def test_benchmark_pages_show_medians_and_manifest(
        benchmarks: dict[str, m.Benchmark], site: Result) -> None:
    for bench in benchmarks.values():
        page = site.pages[f"evidence/{bench.id}.md"]
        for r in bench.results:
            assert f"| {r.median:.3g} ms |" in page, (bench.id, r.subject, r.variant)
            assert f"{r.peak_memory_mb:.0f} MiB" in page, (bench.id, r.subject)
        man = bench.manifest
        assert f"| Date | {man.date} |" in page
        assert "| Command | <code>make evidence</code> |" in page
        assert f"| CPU | {md_text(man.cpu)} ({man.cores} cores) |" in page
        assert f"| Accelerator | {md_text(man.accelerator)} |" in page
        assert f"| OS | {md_text(man.os)} |" in page
        assert f"| Python | {md_text(man.python)} |" in page
        assert f"| Noise | {md_text(man.noise)} |" in page
        assert f"{man.repetitions} timed, after {man.warmup} warm-up" in page
        for name, version in man.versions.items():
            assert f"| <code>{html_text(name)}</code> | {md_text(version)} |" in page


def test_evidence_index_lists_every_benchmark(
        benchmarks: dict[str, m.Benchmark], site: Result) -> None:
    index = site.pages["evidence/index.md"]
    for bench in benchmarks.values():
        assert md_text(bench.title) in index
        assert f"accelerator: {md_text(bench.manifest.accelerator)}" in index


def test_script_and_files_agree(benchmarks: dict[str, m.Benchmark]) -> None:
    script = load_script()
    assert {b.id for b in script.BENCHES} == set(benchmarks)
    assert set(script.SUBJECTS) == SUBJECTS and set(script.VARIANTS) == VARIANTS
    for b in script.BENCHES:
        assert benchmarks[b.id].manifest.warmup == b.warmup
        assert benchmarks[b.id].manifest.accelerator == script.GPU_LINE
        assert list(benchmarks[b.id].features) == list(b.features)
    for bench in benchmarks.values():
        stated = script.stated_noise_pct(bench.manifest.noise)
        assert stated is not None and stated >= 0, bench.id


def test_script_writes_files_the_generator_accepts(tmp_path: Path) -> None:
    """The YAML writer, fed made-up samples, produces valid benchmark files."""
    script = load_script()
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    today = dt.date(2026, 11, 22)
    passes = []
    for scale in (1.0, 1.1):
        runs = {}
        for bench in script.BENCHES:
            for subject in script.SUBJECTS:
                for variant in script.VARIANTS:
                    samples = [scale * (1 + i / 10) for i in range(11)]
                    runs[(bench.id, subject, variant)] = script.Run(
                        subject, bench.id, variant, samples, 900.0, 321.0, 2.0)
        passes.append(runs)
    for bench in script.BENCHES:
        noise = script.noise_line(passes, bench.id, today)
        assert script.stated_noise_pct(noise) == 10.0
        text = script.render_yaml(bench, passes[-1], noise, today, bench.repetitions)
        (content / "evidence" / f"{bench.id}.yml").write_text(text, encoding="utf-8")
    found, diags = validate(content)
    assert [d.format() for d in diags] == []
    assert found is not None
    for entry in found.benchmarks:
        for r in entry.record.results:
            assert (r.min, r.q1, r.median, r.q3, r.max) == (1.1, 1.375, 1.65, 1.925, 2.2)
