"""Build speed and scale benchmark (``make bench``). A measurement, not a test.

For the real ``content/`` and for synthetic sets (``generator synth``) of growing
size it measures, side by side:

* the generator alone (``pipeline.generate``) in a fresh process: wall and CPU
  time, peak resident memory;
* ``mkdocs build --strict`` with generation (the hook) against ``mkdocs build
  --strict`` of the same pages pre-rendered (without the generator's hook, ``docs_dir``
  pointing at the generated tree, and the nav/site settings the hook would
  set), interleaved so both see the same machine noise. Both keep the site's other hooks
  (the search-index one), as they keep its markdown extensions;
* sizes of ``site/``, of the search index and of the largest page;
* with ``mkdocs serve --dirty`` running, the latency from a one-field YAML
  edit to the changed page being served, against a one-markdown-file edit in a
  pre-rendered ``--dirty`` serve (the anchor); after each YAML edit, every page
  whose generated markdown changed must be served with the new text.

The machine is shared and noisy, so every timing is recorded as wall time and
as CPU time (user + sys of the process doing the work); medians, minima and
maxima are reported. Writes ``bench/results.json`` and ``bench/results.md``.
Everything runs in a temporary folder; the repository is never written to,
except the two result files.
"""

from __future__ import annotations

import compileall
import datetime as dt
import itertools
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import plan  # noqa: E402
from generator.tools import synth  # noqa: E402

PY = sys.executable
SIZES: list[tuple[str, tuple[int, int] | None, int, int, int]] = [
    # name, (subjects, features) or None for the real content, build reps, generate reps,
    # timed edits per serve session. Serve latencies swing most (2.0-3.0 s over three
    # edits at 30x150), so the largest size gets more edits, not fewer.
    ("content", None, 5, 3, 5),
    ("10x100", (10, 100), 5, 3, 5),
    ("30x150", (30, 150), 5, 3, 7),
]
GROWTH = (5, 10, 20, 40)
"""Subjects of the synthetic sites (20 features each) for the linear-growth numbers, the
same as ``tests/test_scaling.py``: navigation size per page, site bytes per subject."""
GROWTH_FEATURES = 20
SEED = 2026
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1", "GENERATOR_CONTENT": "content",
       "PYTHONHASHSEED": "0", "GENERATOR_FRESH": "1"}
"""Every run generates (``GENERATOR_FRESH=1``), except the builds measured as "inputs
unchanged", which may find their pages current (:mod:`generator.uptodate`). ``main`` adds a
private ``XDG_CACHE_HOME`` of the run's own. Python's bytecode cache is on, as it is for any
user (the installed packages are compiled; :func:`snapshot_engine` compiles the engine), so
no timed run compiles the generator's own modules from source."""


# --- helpers -----------------------------------------------------------------------------


def spread(values: list[float]) -> dict[str, float]:
    """Return median, min, max and count of ``values``."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


def run(cmd: list[str], cwd: Path, log: Path,
        env: dict[str, str] | None = None) -> dict[str, float]:
    """Run a child to completion; return its wall time, CPU time and peak RSS (bytes)."""
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**(env or ENV), "PYTHONPATH": str(cwd)},
                                stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{log.read_text()[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "maxrss": usage.ru_maxrss * 1024}


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[str, str]:
    """Return the body and the final URL (after redirects) of a GET."""
    with urllib.request.urlopen(url, timeout=300) as resp:
        return resp.read().decode("utf-8"), resp.geturl()


def proc_cpu(pid: int) -> float:
    """Return the CPU seconds (user + sys) a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_size(root: Path) -> int:
    """Return the total size in bytes of the files under ``root``."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def snapshot(docs: Path, pattern: str = "*.md") -> dict[str, bytes]:
    """Return every markdown file (or every file) under ``docs``: relative path → bytes."""
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob(pattern)
            if p.is_file() and not p.name.startswith(".")}


def save(path: Path, text: str) -> None:
    """Write ``path`` the way editors save: a temporary file, then a rename."""
    tmp = path.with_name(f".{path.name}.bench")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` as :func:`save` does, bytes as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.bench")
    tmp.write_bytes(data)
    os.replace(tmp, path)


GEN_CHILD = r"""
import json, sys, time, resource
from pathlib import Path
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) * 1024
from generator import pipeline
base = rss()
w, c = time.perf_counter(), time.process_time()
result = pipeline.generate(Path('content'), Path('templates'))
w, c = time.perf_counter() - w, time.process_time() - c
assert not result.failed, [d.format() for d in result.diagnostics]
out = {'wall': w, 'cpu': c, 'base_rss': base, 'pages': result.page_count,
       'md_bytes': sum(len(v.encode()) for v in result.pages.values()),
       'maxrss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
if sys.argv[1] == 'config':
    # What the hook does to the config, computed from this very result (no second run):
    # the pre-rendered build gets exactly the same nav and site settings.
    from mkdocs.config import load_config
    from generator.adapters import mkdocs_hooks
    cfg = load_config(config_file='mkdocs.yml')
    def plain(v):
        try:
            return json.dumps(v, sort_keys=True)
        except (TypeError, ValueError):
            return None
    before = {k: plain(v) for k, v in cfg.items()}
    import generator.pipeline
    generator.pipeline.generate = lambda *a, **k: result
    mkdocs_hooks.on_config(cfg)
    out['config'] = {k: cfg[k] for k, v in before.items() if plain(cfg[k]) not in (None, v)
                     and k not in ('docs_dir', 'site_dir')}
    # Kept by MkDocs as a compiled pattern set, so taken as text from the settings.
    from generator.adapters import engines
    omitted = engines.settings(result.view).get('not_in_nav')
    if omitted:
        out['config']['not_in_nav'] = omitted
print(json.dumps(out))
"""


# --- stages ------------------------------------------------------------------------------


def snapshot_engine(work: Path) -> Path:
    """Copy the engine and the real content once, so every size measures the same code."""
    engine = work / "engine"
    engine.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", engine / "mkdocs.yml")
    for folder in ("generator", "content"):
        shutil.copytree(ROOT / folder, engine / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    # Copies keep the modification times the compiled files are checked against.
    compileall.compile_dir(engine / "generator", quiet=1)
    return engine


def make_project(engine: Path, name: str, size: tuple[int, int] | None) -> Path:
    """Copy the engine into a project folder with the real or a synthetic content folder."""
    project = engine.parent / name
    shutil.copytree(engine, project,
                    ignore=None if size is None else shutil.ignore_patterns("content"))
    if size is not None:
        synth.write(project / "content", size[0], size[1], SEED)
    (project / "generated").mkdir()
    return project


def measure_generate(project: Path, reps: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Time ``pipeline.generate`` in fresh processes; also write the pre-rendered config."""
    samples = []
    config: dict[str, Any] = {}
    for i in range(reps):
        log = project / f"gen-{i}.log"
        usage = run([PY, "-c", GEN_CHILD, "config" if i == 0 else "time"], project, log)
        data = json.loads(log.read_text().strip().splitlines()[-1])
        config = data.pop("config", config)
        samples.append({**data, "child_maxrss": usage["maxrss"]})
    shutil.copytree(project / "generated", project / "prerendered")
    hooks = [h for h in yaml.safe_load((project / "mkdocs.yml").read_text())["hooks"]
             if not h.endswith("/mkdocs_hooks.py")]
    (project / "mkdocs-prerendered.yml").write_text(json.dumps(
        {"INHERIT": "mkdocs.yml", "docs_dir": "prerendered", "site_dir": "site-pre",
         "hooks": hooks, **config}, indent=1))
    return {
        "pages": samples[0]["pages"], "md_bytes": samples[0]["md_bytes"],
        "wall": spread([s["wall"] for s in samples]), "cpu": spread([s["cpu"] for s in samples]),
        "peak_rss": max(s["maxrss"] for s in samples),
        "peak_growth": max(s["maxrss"] - s["base_rss"] for s in samples),
    }, config


CHECK_CHILD = r"""
import json, time, resource
from pathlib import Path
c = time.process_time()
from generator import uptodate
inputs = uptodate.inputs_digest([Path('content'), Path('templates')],
                                [str(Path('.').resolve()), str(Path('generated').resolve()),
                                 'mkdocs.yml', 'content'])
stamp = uptodate.current(Path('generated'), Path('mkdocs.generated.yml'), inputs)
print(json.dumps({'cpu': time.process_time() - c, 'current': stamp is not None}))
"""


def measure_builds(project: Path, reps: int) -> dict[str, Any]:
    """Interleave hook, pre-rendered and up-to-date ``mkdocs build --strict`` runs.

    "hook" builds generate (``GENERATOR_FRESH=1``); "current" builds run after an
    untimed build that left a stamp, with nothing changed since, so they may skip
    generation. The up-to-date check itself is also timed alone, in a fresh process.
    """
    hook: list[dict[str, float]] = []
    pre: list[dict[str, float]] = []
    current: list[dict[str, float]] = []
    warm = {k: v for k, v in ENV.items() if k != "GENERATOR_FRESH"}
    run([PY, "-m", "mkdocs", "build", "--strict"], project, project / "build-prime.log", warm)
    in_build: list[dict[str, float]] = []
    for i in range(reps):
        hook.append(run([PY, "-m", "mkdocs", "build", "--strict"], project,
                        project / f"build-hook-{i}.log"))
        in_build.append(generator_cost(project / f"build-hook-{i}.log"))
        pre.append(run([PY, "-m", "mkdocs", "build", "--strict", "-f",
                        "mkdocs-prerendered.yml"], project, project / f"build-pre-{i}.log"))
        current.append(run([PY, "-m", "mkdocs", "build", "--strict"], project,
                           project / f"build-current-{i}.log", warm))
        if "generation skipped" not in (project / f"build-current-{i}.log").read_text():
            raise RuntimeError(f"an up-to-date build generated: {project}/build-current-{i}.log")
    checks = []
    for i in range(reps):
        run([PY, "-c", CHECK_CHILD], project, project / f"check-{i}.log", warm)
        data = json.loads((project / f"check-{i}.log").read_text().strip().splitlines()[-1])
        if not data["current"]:
            raise RuntimeError("the up-to-date check found the pages out of date")
        checks.append(data["cpu"])
    site = project / "site"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    out: dict[str, Any] = {}
    for name, runs in (("hook", hook), ("pre", pre), ("current", current)):
        out[name] = {k: spread([r[k] for r in runs]) for k in ("wall", "cpu")}
        out[name]["maxrss"] = max(r["maxrss"] for r in runs)
    out["check_cpu"] = spread(checks)
    out["in_build"] = {k: spread([r[k] for r in in_build]) for k in ("wall", "cpu")}
    out["site_bytes"] = tree_size(site)
    out["site_pre_bytes"] = tree_size(project / "site-pre")
    out["search_index_bytes"] = (site / "search" / "search_index.json").stat().st_size
    out["largest_page"] = {"path": pages[-1].relative_to(site).as_posix(),
                           "bytes": pages[-1].stat().st_size}
    return out


GENERATOR_COST = re.compile(r"generator: .* in ([0-9.]+) s CPU \(([0-9.]+) s wall\)")


def generator_cost(log: Path) -> dict[str, float]:
    """What the hook reported generation cost inside one build, importing included."""
    found = GENERATOR_COST.search(log.read_text())
    if found is None:
        raise RuntimeError(f"the build did not report its generator cost: {log}")
    return {"cpu": float(found.group(1)), "wall": float(found.group(2))}


class Serve:
    """A running ``mkdocs serve --dirty`` on a free port."""

    def __init__(self, project: Path, config: str, log: Path) -> None:
        self.port = free_port()
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [PY, "-m", "mkdocs", "serve", "--dirty", "-f", config, "-a",
             f"127.0.0.1:{self.port}"], cwd=project, env={**ENV, "PYTHONPATH": str(project)},
            stdout=self.log, stderr=subprocess.STDOUT)
        start = time.perf_counter()
        self.base = ""
        while not self.base:
            if self.proc.poll() is not None or time.perf_counter() - start > 900:
                raise RuntimeError(f"serve did not start: {log.read_text()[-3000:]}")
            try:
                self.base = get(f"http://127.0.0.1:{self.port}/")[1]  # under site_url's path
            except OSError:
                time.sleep(0.5)
        self.startup = time.perf_counter() - start
        time.sleep(3)  # let the watcher settle

    def wait_for(self, url: str, text: str, timeout: float = 900) -> tuple[float, float]:
        """Poll ``url`` until it contains ``text``; return (seconds, serve CPU seconds)."""
        start, cpu = time.perf_counter(), proc_cpu(self.proc.pid)
        while time.perf_counter() - start < timeout:
            try:
                if text in get(self.base + url)[0]:
                    return time.perf_counter() - start, proc_cpu(self.proc.pid) - cpu
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{url} never showed {text!r}")

    def idle(self, quiet: float = 2.0, timeout: float = 900) -> None:
        """Wait until serve has used no CPU for ``quiet`` seconds (rebuilds finished)."""
        start = time.perf_counter()
        last = proc_cpu(self.proc.pid)
        while time.perf_counter() - start < timeout:
            time.sleep(quiet)
            now = proc_cpu(self.proc.pid)
            if now - last < 0.05 * quiet:
                return
            last = now

    def stop(self) -> None:
        """Stop the server."""
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def yaml_edits(project: Path, edits: int) -> list[tuple[Path, str, str]]:
    """Pick ``edits`` assessment summaries of the first subject, each in its own file.

    Returns (file, subject, the 'summary: ...' text to edit), choosing summaries
    written plainly on one line and unique in their file.
    """
    import yaml

    subject = sorted(p.stem for p in (project / "content" / "subjects").glob("*.yml"))[0]
    picks = []
    for file in sorted((project / "content" / "features").glob("*.yml")):
        text = file.read_text(encoding="utf-8")
        for feature in yaml.safe_load(text)["features"]:
            needle = f"summary: {feature['assessments'][subject]['summary']}"
            if text.count(needle) == 1:
                picks.append((file, subject, needle))
                break
        if len(picks) == edits:
            break
    return picks


def measure_serve(project: Path, edits: int) -> dict[str, Any]:
    """Time YAML edits under a hooked dirty serve and markdown edits under a pre-rendered one."""
    result: dict[str, Any] = {"yaml": [], "anchor": [], "same_pages": [], "stale_pages": 0,
                              "checked_pages": 0}
    applied: list[dict[str, bytes]] = []  # per edit: the generated files it changed, after
    serve = Serve(project, "mkdocs.yml", project / "serve-hook.log")
    try:
        result["startup_hook"] = serve.startup
        for n, (file, subject, needle) in enumerate(yaml_edits(project, edits)):
            marker = f"Benchedit{n}x"
            serve.idle()
            before = snapshot(project / "generated")
            before_all = snapshot(project / "generated", "*")
            text = file.read_text(encoding="utf-8")
            save(file, text.replace(needle, f"summary: {marker} replaces this summary."))
            wall, cpu = serve.wait_for(f"subjects/{subject}/", marker)
            serve.idle()  # every rebuild the edit caused has finished
            after = snapshot(project / "generated")
            changed = sorted(k for k in after if before.get(k) != after[k])
            expect = [k for k in changed if marker.encode() in after[k]]
            stale = [k for k in expect if marker not in get(serve.base + plan.url_of(k))[0]]
            result["yaml"].append({"wall": wall, "serve_cpu": cpu, "changed_pages": len(changed),
                                   "pages_with_new_text": len(expect), "stale": stale})
            after_all = snapshot(project / "generated", "*")
            applied.append({k: v for k, v in after_all.items() if before_all.get(k) != v})
            result["checked_pages"] += len(expect)
            result["stale_pages"] += len(stale)
        serve.idle()
    finally:
        serve.stop()
    builds = (project / "serve-hook.log").read_text().count("Building documentation")
    result["builds_per_yaml_edit"] = (builds - 1) / max(1, len(result["yaml"]))
    result["builds"] = builds
    serve = Serve(project, "mkdocs-prerendered.yml", project / "serve-pre.log")
    try:
        result["startup_pre"] = serve.startup
        subject = sorted(p.stem for p in (project / "content" / "subjects").glob("*.yml"))[0]
        page = project / "prerendered" / "subjects" / f"{subject}.md"
        for n in range(edits):
            serve.idle()
            marker = f"Anchoredit{n}x"
            save(page, page.read_text(encoding="utf-8") + f"\n{marker}\n")
            wall, cpu = serve.wait_for(f"subjects/{subject}/", marker)
            result["anchor"].append({"wall": wall, "serve_cpu": cpu})
        # The second anchor: the very files the YAML edit changed, written into the
        # pre-rendered docs at once, as a pre-rendered site would get the same change.
        for n, files in enumerate(applied):
            serve.idle()
            for rel, data in sorted(files.items()):
                save_bytes(project / "prerendered" / rel, data)
            wall, cpu = serve.wait_for(f"subjects/{subject}/", f"Benchedit{n}x")
            result["same_pages"].append({"wall": wall, "serve_cpu": cpu, "files": len(files)})
    finally:
        serve.stop()
    for kind in ("yaml", "anchor", "same_pages"):
        result[f"{kind}_wall"] = spread([e["wall"] for e in result[kind]])
        result[f"{kind}_cpu"] = spread([e["serve_cpu"] for e in result[kind]])
    return result


def measure_growth(engine: Path) -> dict[str, Any]:
    """Build 5/10/20/40-subject synthetic sites; navigation size per page, bytes per subject."""
    from tests.test_scaling import measure

    out: dict[str, Any] = {}
    for n in GROWTH:
        project = make_project(engine, f"growth-{n}", (n, GROWTH_FEATURES))
        run([PY, "-m", "generator", "site", "--out", "site"], project, project / "site.log")
        nav, per_subject = measure(project / "site", n)
        out[str(n)] = {"nav_chars": nav, "bytes_per_subject": per_subject}
        shutil.rmtree(project)
    return out


# --- report ------------------------------------------------------------------------------


def manifest() -> dict[str, Any]:
    """Describe the machine and the tool versions."""
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "mkdocs": version("mkdocs"),
            "mkdocs_material": version("mkdocs-material"), "jinja2": version("jinja2"),
            "pydantic": version("pydantic"), "date": dt.datetime.now(dt.UTC).isoformat(
                timespec="seconds"), "load_avg_start": os.getloadavg()}


def verdicts(rows: dict[str, Any]) -> list[dict[str, Any]]:
    """Judge the goals from the measured rows (CPU time medians; wall shown too)."""
    out = []
    synth_rows = [r for n, r in rows.items() if n != "content"]

    def add(goal: str, met: bool, detail: str) -> None:
        out.append({"goal": goal, "met": met, "detail": detail})

    worst = max(rows.items(), key=lambda kv: kv[1]["ratio_cpu"])
    add("build with generation ≤ 1.05× pre-rendered: a build that generates",
        worst[1]["ratio_cpu"] <= 1.05,
        "worst CPU ratio " + f"{worst[1]['ratio_cpu']:.2f}× at {worst[0]}; " + ", ".join(
            f"{n} {r['ratio_cpu']:.2f}× (wall {r['ratio_wall']:.2f}×)" for n, r in rows.items()))
    if all("ratio_current_cpu" in r for r in rows.values()):
        worst = max(rows.items(), key=lambda kv: kv[1]["ratio_current_cpu"])
        add("build with generation ≤ 1.05× pre-rendered: inputs unchanged since the last "
            "build (pages current)", worst[1]["ratio_current_cpu"] <= 1.05,
            "worst CPU ratio " + f"{worst[1]['ratio_current_cpu']:.2f}× at {worst[0]}; "
            + ", ".join(f"{n} {r['ratio_current_cpu']:.2f}× (wall "
                        f"{r['ratio_current_wall']:.2f}×)" for n, r in rows.items()))
    worst = max(rows.items(), key=lambda kv: kv[1]["share_cpu"])
    add("generator share ≤ 5% of the mkdocs build: a build that generates",
        worst[1]["share_cpu"] <= 0.05,
        ", ".join(f"{n} {r['share_cpu']:.0%} (wall {r['share_wall']:.0%})"
                  for n, r in rows.items()))
    if all("share_current_cpu" in r for r in rows.values()):
        worst = max(rows.items(), key=lambda kv: kv[1]["share_current_cpu"])
        add("generator share ≤ 5% of the mkdocs build: inputs unchanged (the up-to-date "
            "check)", worst[1]["share_current_cpu"] <= 0.05,
            ", ".join(f"{n} {r['share_current_cpu']:.1%} "
                      f"({r['build']['check_cpu']['median'] * 1000:.0f} ms)"
                      for n, r in rows.items()))
    if len(rows) < 2:
        return out  # a partial run (sizes named on the command line): no scaling verdicts
    by_pages = sorted(rows.values(), key=lambda r: r["gen"]["md_bytes"])
    small, large = by_pages[0], by_pages[-1]
    growth = large["per_page_cpu"] / small["per_page_cpu"]
    add("per-page cost grows ≤ 1.5× from smallest to largest", growth <= 1.5,
        f"{small['name']} {small['per_page_cpu'] * 1000:.0f} ms → {large['name']} "
        f"{large['per_page_cpu'] * 1000:.0f} ms CPU per page: {growth:.2f}×. Pages get "
        f"bigger ({small['gen']['md_bytes'] / small['gen']['pages'] / 1024:.0f} → "
        f"{large['gen']['md_bytes'] / large['gen']['pages'] / 1024:.0f} KiB of markdown "
        "each); per MiB of markdown the build costs " + " → ".join(
            f"{r['build']['hook']['cpu']['median'] / (r['gen']['md_bytes'] / 2**20):.1f} s"
            for r in by_pages))
    serve_rows = [r for r in rows.values() if "serve" in r]
    add("one build per edit under serve",
        all(r["serve"]["builds_per_yaml_edit"] <= 1.0 for r in serve_rows),
        ", ".join(f"{r['name']} {r['serve']['builds_per_yaml_edit']:.1f}" for r in serve_rows))
    if len(synth_rows) < 2:
        return out
    def superlinear(key: Any) -> list[float]:
        # Memory growth over markdown growth, between consecutive synthetic sizes.
        return [(key(b) / key(a)) / (b["gen"]["md_bytes"] / a["gen"]["md_bytes"])
                for a, b in itertools.pairwise(synth_rows)]

    gen_f = superlinear(lambda r: r["gen"]["peak_growth"])
    build_f = superlinear(lambda r: r["build"]["hook"]["maxrss"])
    add("peak memory grows linearly", max(gen_f + build_f) <= 1.5,
        "memory growth ÷ markdown growth between consecutive sizes (≤ 1 is linear or better): "
        "generator " + ", ".join(f"{f:.2f}" for f in gen_f) + "; mkdocs build "
        + ", ".join(f"{f:.2f}" for f in build_f) + ". Peak RSS of the build: " + ", ".join(
            f"{r['name']} {r['build']['hook']['maxrss'] / 2**20:.0f} MiB" for r in synth_rows))
    add("serve edit latency ≤ 1.5× the pre-rendered dirty anchor",
        all(r["serve"]["yaml_wall"]["median"] <= 1.5 * r["serve"]["anchor_wall"]["median"]
            for r in serve_rows),
        ", ".join(f"{r['name']} {r['serve']['yaml_wall']['median']:.1f} s vs "
                  f"{r['serve']['anchor_wall']['median']:.1f} s (serve CPU "
                  f"{r['serve']['yaml_cpu']['median']:.1f} s vs "
                  f"{r['serve']['anchor_cpu']['median']:.1f} s)" for r in serve_rows))
    if all("same_pages_wall" in r["serve"] for r in serve_rows):
        add("serve edit latency ≤ 1.5× anchor 2 (the same files changed in a pre-rendered "
            "dirty serve)",
            all(r["serve"]["yaml_wall"]["median"] <= 1.5 * r["serve"]["same_pages_wall"]["median"]
                for r in serve_rows),
            ", ".join(f"{r['name']} {r['serve']['yaml_wall']['median']:.1f} s vs "
                      f"{r['serve']['same_pages_wall']['median']:.1f} s = "
                      f"{r['serve']['yaml_wall']['median'] / r['serve']['same_pages_wall']['median']:.2f}× "  # noqa: E501
                      f"(serve CPU {r['serve']['yaml_cpu']['median']:.1f} s vs "
                      f"{r['serve']['same_pages_cpu']['median']:.1f} s)" for r in serve_rows))
    big = [r for r in serve_rows if r["name"] in ("10x100", "30x150")]

    def quarter(r: dict[str, Any]) -> float:
        return float(r["serve"]["yaml_wall"]["median"] / r["build"]["hook"]["wall"]["median"])

    add("serve edit latency < ¼ of a full rebuild at 10×100 and up",
        all(quarter(r) < 0.25 for r in big),
        ", ".join(f"{r['name']} {'met' if quarter(r) < 0.25 else 'missed'}: "
                  f"{r['serve']['yaml_wall']['median']:.1f} s vs full build "
                  f"{r['build']['hook']['wall']['median']:.1f} s = {quarter(r):.0%} (CPU "
                  f"{r['serve']['yaml_cpu']['median']:.1f} s vs "
                  f"{r['build']['hook']['cpu']['median']:.1f} s = "
                  f"{r['serve']['yaml_cpu']['median'] / r['build']['hook']['cpu']['median']:.0%})"
                  for r in big))
    stale = sum(r["serve"]["stale_pages"] for r in serve_rows)
    checked = sum(r["serve"]["checked_pages"] for r in serve_rows)
    add("an edit never leaves a stale page", stale == 0,
        f"{stale} stale of {checked} changed pages checked, over every edit of every size")
    return out


def fmt(s: dict[str, float], scale: float = 1.0, unit: str = "s", digits: int = 1) -> str:
    """Format a spread as 'median (min–max)'."""
    return (f"{s['median'] * scale:.{digits}f} ({s['min'] * scale:.{digits}f}–"
            f"{s['max'] * scale:.{digits}f}) {unit}")


def mib(n: float) -> str:
    """Format bytes as MiB."""
    return f"{n / 2**20:.1f} MiB"


def markdown(report: dict[str, Any]) -> str:
    """Render the results as a readable markdown page."""
    rows = report["rows"]
    names = list(rows)
    line = "| Measure | " + " | ".join(names) + " |\n|---|" + "---|" * len(names) + "\n"

    def row(label: str, fn: Any) -> str:
        return f"| {label} | " + " | ".join(fn(rows[n]) for n in names) + " |\n"

    table = line + "".join([
        row("Subjects × features", lambda r: r["size"]),
        row("Pages", lambda r: str(r["gen"]["pages"])),
        row("Generated markdown", lambda r: mib(r["gen"]["md_bytes"])),
        row("Reps (generate / builds)", lambda r: f"{r['gen']['wall']['n']} / "
            f"{r['build']['hook']['wall']['n']}"),
        row("`pipeline.generate` alone, imports excluded (fresh process), CPU",
            lambda r: fmt(r["gen"]["cpu"])),
        row("Generator inside the build, importing and writing included, CPU",
            lambda r: fmt(r["build"]["in_build"]["cpu"])),
        row("Generator inside the build, importing and writing included, wall",
            lambda r: fmt(r["build"]["in_build"]["wall"])),
        row("mkdocs build with hook, wall", lambda r: fmt(r["build"]["hook"]["wall"])),
        row("mkdocs build pre-rendered, wall", lambda r: fmt(r["build"]["pre"]["wall"])),
        row("mkdocs build with hook, CPU", lambda r: fmt(r["build"]["hook"]["cpu"])),
        row("mkdocs build pre-rendered, CPU", lambda r: fmt(r["build"]["pre"]["cpu"])),
        row("Ratio hook / pre-rendered (CPU, wall)",
            lambda r: f"{r['ratio_cpu']:.2f}× / {r['ratio_wall']:.2f}×"),
        row("Generator share of build (CPU, wall)",
            lambda r: f"{r['share_cpu']:.0%} / {r['share_wall']:.0%}"),
        row("mkdocs build, inputs unchanged (pages current), CPU",
            lambda r: fmt(r["build"]["current"]["cpu"])),
        row("mkdocs build, inputs unchanged (pages current), wall",
            lambda r: fmt(r["build"]["current"]["wall"])),
        row("Up-to-date check alone (fresh process, CPU)",
            lambda r: fmt(r["build"]["check_cpu"], 1000, "ms", 0)),
        row("Ratio inputs unchanged / pre-rendered (CPU, wall)",
            lambda r: f"{r['ratio_current_cpu']:.2f}× / {r['ratio_current_wall']:.2f}×"),
        row("Generator share, inputs unchanged (the check, CPU)",
            lambda r: f"{r['share_current_cpu']:.1%}"),
        row("Per page, build with hook (CPU)", lambda r: f"{r['per_page_cpu'] * 1000:.0f} ms"),
        row("Per page, build with hook (wall)", lambda r: f"{r['per_page_wall'] * 1000:.0f} ms"),
        row("Per MiB of markdown, build with hook (CPU)",
            lambda r: f"{r['build']['hook']['cpu']['median'] / (r['gen']['md_bytes'] / 2**20):.1f} s"),  # noqa: E501
        row("Peak RSS generate (growth during generate)",
            lambda r: f"{mib(r['gen']['peak_rss'])} ({mib(r['gen']['peak_growth'])})"),
        row("Peak RSS mkdocs build hook / pre",
            lambda r: f"{mib(r['build']['hook']['maxrss'])} / "
                      f"{mib(r['build']['pre']['maxrss'])}"),
        row("site/ size", lambda r: mib(r["build"]["site_bytes"])),
        row("search_index.json", lambda r: mib(r["build"]["search_index_bytes"])),
        row("Largest page", lambda r: f"{mib(r['build']['largest_page']['bytes'])} "
            f"(`{r['build']['largest_page']['path']}`)"),
        row("Serve start-up hook / pre (wall)", lambda r: f"{r['serve']['startup_hook']:.0f} s"
            f" / {r['serve']['startup_pre']:.0f} s"),
        row("YAML edit → served, dirty serve (wall)", lambda r: fmt(r["serve"]["yaml_wall"])),
        row("YAML edit, serve CPU", lambda r: fmt(r["serve"]["yaml_cpu"])),
        row("Markdown edit → served, pre-rendered dirty serve (anchor, wall)",
            lambda r: fmt(r["serve"]["anchor_wall"])),
        row("Anchor, serve CPU", lambda r: fmt(r["serve"]["anchor_cpu"])),
        row("YAML edit / anchor (wall)", lambda r: f"{r['serve']['yaml_wall']['median'] / r['serve']['anchor_wall']['median']:.1f}×"),  # noqa: E501
        row("Same files changed → served, pre-rendered dirty serve (anchor 2, wall)",
            lambda r: fmt(r["serve"]["same_pages_wall"]) if "same_pages_wall" in r["serve"]
            else "not measured"),
        row("Anchor 2, serve CPU", lambda r: fmt(r["serve"]["same_pages_cpu"])
            if "same_pages_cpu" in r["serve"] else "not measured"),
        row("YAML edit / anchor 2 (wall)", lambda r: f"{r['serve']['yaml_wall']['median'] / r['serve']['same_pages_wall']['median']:.1f}×"  # noqa: E501
            if "same_pages_wall" in r["serve"] else "not measured"),
        row("YAML edit / full build with hook (wall)", lambda r: f"{r['serve']['yaml_wall']['median'] / r['build']['hook']['wall']['median']:.0%}"),  # noqa: E501
        row("Pages changed per edit / stale after edit",
            lambda r: f"{statistics.median(e['changed_pages'] for e in r['serve']['yaml'])}"
                      f" / {r['serve']['stale_pages']}"),
        row("Serve builds per YAML edit", lambda r: f"{r['serve']['builds_per_yaml_edit']:.1f}"),
    ])
    m = report["manifest"]
    growth = report.get("growth", {})
    growth_table = "| Subjects (20 features) | " + " | ".join(growth) + " |\n|---|" + \
        "---|" * len(growth) + "\n| Largest navigation on any page (HTML chars) | " + \
        " | ".join(f"{g['nav_chars']:,}" for g in growth.values()) + " |\n" + \
        "| Site bytes per subject (without theme assets) | " + " | ".join(
            f"{g['bytes_per_subject'] / 1024:.0f} KiB" for g in growth.values()) + " |\n"
    goals = "".join(f"| {g['goal']} | {'met' if g['met'] else '**missed**'} | {g['detail']} |\n"
                    for g in report["verdicts"])
    return f"""# Build speed and scale

Produced by `make bench` (`bench/run.py`) on {m['date']}; total run time
{report['total_seconds'] / 60:.1f} min wall, {report['total_child_cpu_seconds'] / 60:.1f} min of
CPU in child processes. Python's bytecode cache is on and the engine is compiled before any
timing, as for a user's second build. Synthetic sets come from `generator synth` with seed
{SEED}. Timings are "median (min–max)" over the repetitions shown: five builds of each
kind and three generator runs at every size; five timed edits per serve anchor, seven at
30×150, where serve latencies swing most.

The machine is shared and was busy (load average {m['load_avg_start'][0]:.1f} at the start
and {report.get('load_avg_end', [0.0])[0]:.1f} at the end, on {m['cores']} cores), so wall
times swing widely; CPU time (user + sys of the process doing
the work) is much steadier and is what the build verdicts use. Serve latencies can only be
wall time; the CPU the serve process spent until the page was served is shown beside them.

## Results

{table}
"Generator share" is what the hook reports generation cost inside each `mkdocs build` with
the hook (importing the pipeline, generating, writing the docs folder and the engine config)
over that whole build. Those builds always generate (`GENERATOR_FRESH=1`). Until 2026-12-01
this row divided `pipeline.generate` timed alone in a fresh process, which leaves out
importing the pipeline (a quarter of a second) and writing, so it understated the share;
that figure is still shown, as "`pipeline.generate` alone".
The "inputs unchanged" builds run the same `mkdocs build` after a build that left its stamp
(`generator/uptodate.py`) and with nothing changed since: the hook checks that nothing
generation reads changed and that the docs folder holds exactly what was written, and
generates nothing; its share is that check, timed alone in a fresh process (importing it
included). Both builds read the same `mkdocs.yml`, so both get its markdown extensions, the
raw-HTML pass-through for the generator's tables (`generator/adapters/rawhtml.py`) among
them, and its hooks other than the generator's: the search-index hook
(`generator/adapters/searchtrim.py`) runs in both. "Per page" is that build divided by the
page count. "YAML edit" changes one assessment summary of the first subject; the page polled
is that subject's page; "changed pages" are those whose generated markdown changed, each of
which was fetched and checked for the new text. The anchor appends a word to the same
subject's pre-rendered markdown page. Anchor 2 writes, into the pre-rendered docs folder and
at once, exactly the files that YAML edit changed in the generated one (the same pages and
data files, byte for byte), and waits for the same page: what MkDocs alone spends on that
change, so the difference is the generator's. The full rebuild compared is `mkdocs build`
with the hook.

## Linear growth

Synthetic sites of 5 to 40 subjects, built with `generator site` (as `tests/test_scaling.py`
does): every page's navigation should stay the same size, and the site should grow by the
same number of bytes per subject.

{growth_table}
## Goals

| Goal | Verdict | Measured |
|---|---|---|
{goals}
## Machine

| | |
|---|---|
| CPU | {m['cpu']} |
| Cores | {m['cores']} |
| Python | {m['python']} ({m['platform']}) |
| mkdocs / material | {m['mkdocs']} / {m['mkdocs_material']} |
| jinja2 / pydantic | {m['jinja2']} / {m['pydantic']} |
| Date | {m['date']} |
"""


def main() -> int:
    """Run every size, then write bench/results.json and bench/results.md.

    Arguments: size names to run only those; ``--resume`` to keep the sizes already in
    bench/results.json (saved after each size) and run the rest; ``--report`` to re-render
    bench/results.md from bench/results.json without measuring.
    """
    out = ROOT / "bench"
    args = sys.argv[1:]
    report: dict[str, Any]
    if "--report" in args:  # re-render results.md from results.json, measuring nothing
        report = json.loads((out / "results.json").read_text())
        report["verdicts"] = verdicts(report["rows"])
        (out / "results.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
        (out / "results.md").write_text(markdown(report))
        return 0
    report = {"manifest": manifest(), "rows": {}}
    if "--resume" in args and (out / "results.json").is_file():
        report["rows"] = json.loads((out / "results.json").read_text())["rows"]
    only = {a for a in args if not a.startswith("--")}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        # Build stamps and compiled templates of this run only (mkdtemp made it 0700).
        ENV["XDG_CACHE_HOME"] = tmp
        engine = snapshot_engine(Path(tmp))
        for name, size, build_reps, gen_reps, edits in SIZES:
            if (only and name not in only) or name in report["rows"]:
                continue
            t0 = time.perf_counter()
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            print(f"[bench] {name}: project", file=sys.stderr, flush=True)
            project = make_project(engine, name, size)
            print(f"[bench] {name}: generate ×{gen_reps}", file=sys.stderr, flush=True)
            gen, _ = measure_generate(project, gen_reps)
            print(f"[bench] {name}: builds ×{build_reps}", file=sys.stderr, flush=True)
            build = measure_builds(project, build_reps)
            print(f"[bench] {name}: serve", file=sys.stderr, flush=True)
            serve = measure_serve(project, edits)
            hook, pre = build["hook"], build["pre"]
            report["rows"][name] = {
                "name": name, "size": "real content" if size is None else f"{size[0]}×{size[1]}",
                "gen": gen, "build": build, "serve": serve,
                "ratio_cpu": hook["cpu"]["median"] / pre["cpu"]["median"],
                "ratio_wall": hook["wall"]["median"] / pre["wall"]["median"],
                "share_cpu": build["in_build"]["cpu"]["median"] / hook["cpu"]["median"],
                "share_wall": build["in_build"]["wall"]["median"] / hook["wall"]["median"],
                "ratio_current_cpu": build["current"]["cpu"]["median"] / pre["cpu"]["median"],
                "ratio_current_wall": build["current"]["wall"]["median"]
                / pre["wall"]["median"],
                "share_current_cpu": build["check_cpu"]["median"]
                / build["current"]["cpu"]["median"],
                "per_page_cpu": hook["cpu"]["median"] / gen["pages"],
                "per_page_wall": hook["wall"]["median"] / gen["pages"],
                "seconds": time.perf_counter() - t0,
                "child_cpu_seconds": sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f)
                                         - getattr(cpu0, f) for f in ("ru_utime", "ru_stime")),
            }
            (out / "results.json").write_text(json.dumps(
                {**report, "partial": True}, indent=2, default=str) + "\n")
            print(f"[bench] {name}: done in {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr, flush=True)
            shutil.rmtree(project)
        if "growth" not in report or not only:
            print("[bench] linear growth", file=sys.stderr, flush=True)
            report["growth"] = measure_growth(engine)
    report["load_avg_end"] = os.getloadavg()
    report["total_seconds"] = sum(r["seconds"] for r in report["rows"].values())
    report["total_child_cpu_seconds"] = sum(r["child_cpu_seconds"]
                                            for r in report["rows"].values())
    report["verdicts"] = verdicts(report["rows"])
    (out / "results.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    (out / "results.md").write_text(markdown(report))
    print((out / "results.md").read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
