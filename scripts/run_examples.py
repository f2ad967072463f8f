"""Run every code example under content/examples/ and record the versions used.

Each example runs in its own process with the interpreter of the separate
``.venv-examples`` virtual environment (created by ``make examples-env`` from
``requirements-examples.txt``). An example passes when it exits 0 and prints a
line starting with ``ok:``. A missing environment or framework is a failure,
never a skip.

The summary written to ``content/examples/versions.json`` holds only stable
facts (package versions and which examples passed), with sorted keys, so the
file changes only when the environment or the set of examples changes.

Usage::

    python scripts/run_examples.py                 # run everything
    python scripts/run_examples.py compile export/jax   # a subset
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "content" / "examples"
VENV = ROOT / ".venv-examples"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ROOT / "requirements-examples.txt"
VERSIONS_JSON = EXAMPLES / "versions.json"

SUBJECTS = ("pytorch", "tensorflow", "jax")
"""Subject ids; each task directory has one <subject>.py or <subject>.md per subject."""

TASKS = (
    "tensors-autograd",
    "define-model",
    "training-loop",
    "compile",
    "save-load",
    "export",
    "onnx-export",
    "on-device",
    "data-loading",
    "data-parallel",
    "keras-multi-backend",
)
"""Task ids, in the order a reader meets them; each is a directory of EXAMPLES."""

TIMEOUT_S = 300
"""Wall-clock limit for one example."""

SETUP_HINT = (
    "the examples environment .venv-examples is missing; create it with "
    "`make examples-env` (python3.11 -m venv .venv-examples && "
    ".venv-examples/bin/pip install -r requirements-examples.txt)"
)


@dataclass
class Result:
    """Outcome of running one example file."""

    name: str
    passed: bool
    seconds: float
    message: str
    """The example's "ok:" line, or why it failed."""
    output: str = ""
    """Captured stdout and stderr (tail), kept for failures."""


def example_name(path: Path) -> str:
    """Return 'task/subject' for content/examples/<task>/<subject>.py."""
    return f"{path.parent.name}/{path.stem}"


def example_files() -> list[Path]:
    """Return every example script, in task then subject order."""
    return [
        EXAMPLES / task / f"{subject}.py"
        for task in TASKS
        for subject in SUBJECTS
        if (EXAMPLES / task / f"{subject}.py").is_file()
    ]


def layout_problems() -> list[str]:
    """Return every (task, subject) that lacks exactly one of <subject>.py or .md."""
    problems = []
    found = {p.name for p in EXAMPLES.iterdir()
             if p.is_dir() and not p.name.startswith(("_", "."))}
    for extra in sorted(found - set(TASKS)):
        problems.append(f"{extra}/: task directory not listed in TASKS")
    for task in TASKS:
        for subject in SUBJECTS:
            kinds = [ext for ext in (".py", ".md")
                     if (EXAMPLES / task / f"{subject}{ext}").is_file()]
            if len(kinds) != 1:
                have = " and ".join(kinds) or "neither"
                problems.append(f"{task}/{subject}: needs exactly one of .py or .md, has {have}")
    return problems


def pinned_packages() -> dict[str, str]:
    """Return {name: version} for every `name==version` line of the requirements file."""
    pins = {}
    for line in REQUIREMENTS.read_text().splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s#;]+)", line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def canonical(name: str) -> str:
    """Normalise a distribution name as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions(names: list[str]) -> dict[str, str | None]:
    """Ask the examples interpreter for each distribution's installed version."""
    code = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for n in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError:\n"
        "        out[n] = None\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [str(PYTHON), "-P", "-c", code, json.dumps(names)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    result: dict[str, str | None] = json.loads(proc.stdout)
    return result


def version_problems(pins: dict[str, str], installed: dict[str, str | None]) -> list[str]:
    """Return a message for each pinned package that is missing or at another version."""
    problems = []
    for name, wanted in sorted(pins.items()):
        have = installed.get(name)
        if have is None:
            problems.append(f"{name}=={wanted} is not installed in .venv-examples")
        elif have.split("+")[0] != wanted.split("+")[0]:  # 2.13.0+cpu satisfies 2.13.0
            problems.append(f"{name}: pinned {wanted}, installed {have}")
    return problems


PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "LD_LIBRARY_PATH",
              "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "JAX_PLATFORMS")
"""The only variables an example inherits: locale, search paths and accelerator choice."""


def example_env(home: str) -> dict[str, str]:
    """The environment an example runs in: nothing of the caller's but :data:`PASSED_ENV`.

    Examples are contributors' code, run by ``make test`` (in CI, on pull requests too):
    they get a fresh home, temporary and cache folder, and no tokens or other variables
    of the caller.
    """
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=home, TMPDIR=home, XDG_CACHE_HOME=str(Path(home) / ".cache"),
               # The files are named jax.py / tensorflow.py: keep their own directory off
               # sys.path (python -P) so `import jax` finds the library, not the example.
               PYTHONSAFEPATH="1")
    return env


def run_example(path: Path, timeout: float = TIMEOUT_S) -> Result:
    """Run one example with the examples interpreter and judge its output."""
    name = example_name(path)
    if not PYTHON.exists():
        return Result(name, False, 0.0, SETUP_HINT)
    with tempfile.TemporaryDirectory(prefix="example-") as home:
        start = time.monotonic()
        proc = subprocess.Popen(
            [str(PYTHON), "-P", str(path.resolve())], cwd=home, env=example_env(home),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # own process group, so a timeout also ends its workers
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            seconds = time.monotonic() - start
            return Result(name, False, seconds, f"timed out after {timeout:.0f} s",
                          tail(stdout + stderr))
        seconds = time.monotonic() - start
    ok_lines = [line for line in stdout.splitlines() if line.startswith("ok:")]
    if proc.returncode == 0 and ok_lines:
        return Result(name, True, seconds, ok_lines[-1])
    missing = re.findall(r"ModuleNotFoundError: No module named '([^']+)'", stderr)
    if missing:
        message = (f"framework missing: no module named {missing[-1]!r} in .venv-examples; "
                   "reinstall it from requirements-examples.txt (`make examples-env`)")
    elif proc.returncode != 0:
        last = [line for line in stderr.strip().splitlines() if line.strip()]
        message = f"exit code {proc.returncode}: {last[-1] if last else 'no error output'}"
    else:
        message = "exited 0 but printed no 'ok:' line"
    return Result(name, False, seconds, message, tail(stdout + stderr))


def tail(text: str, lines: int = 40) -> str:
    """Return the last lines of captured output."""
    return "\n".join(text.strip().splitlines()[-lines:])


def write_summary(results: list[Result], installed: dict[str, str | None],
                  pins: dict[str, str]) -> None:
    """Write versions.json: stable facts only, sorted keys, one trailing newline."""
    direct = direct_packages()
    examples: dict[str, dict[str, str]] = {}
    by_name = {r.name: r for r in results}
    for task in TASKS:
        examples[task] = {}
        for subject in SUBJECTS:
            if (EXAMPLES / task / f"{subject}.md").is_file():
                examples[task][subject] = "no example (see the .md note)"
            elif (result := by_name.get(f"{task}/{subject}")) is not None:
                examples[task][subject] = "passed" if result.passed else "failed"
    summary = {
        "python": python_version(),
        "packages": {n: installed.get(n) for n in pins if n in direct},
        "dependencies": {n: installed.get(n) for n in pins if n not in direct},
        "examples": examples,
    }
    VERSIONS_JSON.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")


def direct_packages() -> set[str]:
    """Return the packages listed before the 'Transitive' comment of the requirements file."""
    names = set()
    for line in REQUIREMENTS.read_text().splitlines():
        if line.startswith("# Transitive"):
            break
        match = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==", line)
        if match:
            names.add(canonical(match.group(1)))
    return names


def python_version() -> str:
    """Return the examples interpreter's Python version, e.g. '3.11.7'."""
    proc = subprocess.run([str(PYTHON), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, check=True, timeout=60)
    return proc.stdout.strip()


def select(files: list[Path], patterns: list[str]) -> list[Path]:
    """Keep the files whose 'task/subject' name equals or starts with a pattern."""
    if not patterns:
        return files
    return [f for f in files
            if any(example_name(f) == p or example_name(f).startswith(p.rstrip("/") + "/")
                   for p in patterns)]


def main(argv: list[str] | None = None) -> int:
    """Run the examples, print a report and return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="task or task/subject names to run (default: all)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per example")
    parser.add_argument("--no-write", action="store_true", help="do not update versions.json")
    args = parser.parse_args(argv)

    if not PYTHON.exists():
        print(f"FAIL: {SETUP_HINT}")
        return 1

    failures = 0
    for problem in layout_problems():
        print(f"FAIL layout: {problem}")
        failures += 1

    pins = pinned_packages()
    installed = installed_versions(sorted(pins))
    for problem in version_problems(pins, installed):
        print(f"FAIL versions: {problem}")
        failures += 1

    files = select(example_files(), args.only)
    if not files:
        print(f"FAIL: no example matches {args.only}")
        return 1
    results = []
    total_start = time.monotonic()
    for path in files:
        result = run_example(path, args.timeout)
        results.append(result)
        status = "PASS" if result.passed else "FAIL"
        print(f"{status} {result.name:<32} {result.seconds:6.1f} s  {result.message}", flush=True)
        if not result.passed:
            failures += 1
            if result.output:
                print("    " + result.output.replace("\n", "\n    "))
    total = time.monotonic() - total_start

    passed = sum(r.passed for r in results)
    print(f"total: {len(results)} examples in {total:.1f} s")
    print(f"examples: {passed} passed, {len(results) - passed} failed")
    if not args.no_write and not args.only:
        write_summary(results, installed, pins)
        print(f"wrote {VERSIONS_JSON.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
