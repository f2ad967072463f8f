"""Write tests/fixtures/packages: a third test dataset of another shape, from real metadata.

It compares Python packages installed in the project's own environment by what
their published metadata (the same data PyPI shows) says: licence, supported
Python, type information, wheel kind, command-line tools... Only site.yml,
subjects, one category file and one source: every cell inherits the file's
source and date. Yes/no, unknown ('?') and free-text cells, no optional kinds.

Run with the project's .venv: ``.venv/bin/python scripts/make_packages_fixture.py``.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import re
import sys
from pathlib import Path

PACKAGES = ["jinja2", "pyyaml", "pydantic", "markdown", "mkdocs", "pytest", "hypothesis",
            "ruff", "mypy", "nh3", "click", "packaging", "pygments", "markupsafe", "watchdog",
            "requests", "urllib3", "idna", "certifi", "charset-normalizer"]
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "packages"


def _id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _licence(meta: md.PackageMetadata) -> str:
    expr = meta.get("License-Expression")
    if expr:
        return str(expr)
    found = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
             if c.startswith("License :: OSI Approved ::")]
    if found:
        return found[0]
    text = (meta.get("License") or "").strip().splitlines()
    return text[0][:60] if text and len(text[0]) < 60 else "?"


def cells(dist: md.Distribution) -> dict[str, str]:
    """Return one package's cell values, keyed by feature id ('?' where unknown)."""
    meta = dist.metadata
    classifiers = meta.get_all("Classifier") or []
    files = [str(f) for f in dist.files or []]
    wheel = dist.read_text("WHEEL") or ""
    pythons = [c.rsplit(" :: ", 1)[-1] for c in classifiers
               if re.match(r"Programming Language :: Python :: 3\.\d+$", c)]
    scripts = [e for e in dist.entry_points if e.group == "console_scripts"]
    required = [r for r in meta.get_all("Requires-Dist") or [] if "extra ==" not in r]
    status = [c.split(" :: ")[-1] for c in classifiers if c.startswith("Development Status")]
    return {
        "version-checked": dist.version,
        "licence": _licence(meta),
        "requires-python": str(meta.get("Requires-Python") or "?"),
        "python-3-13": ("yes" if "3.13" in pythons else "no") if pythons else "?",
        "typed": "yes" if any(f.endswith("py.typed") for f in files) else "no",
        "pure-python": "yes" if "Root-Is-Purelib: true" in wheel else
        ("no" if "Root-Is-Purelib: false" in wheel else "?"),
        "command-line": "yes" if scripts else "no",
        "dependencies": str(len(required)) if required else "none",
        "status": status[0].split(" - ", 1)[-1] if status else "?",
        "os-independent": "yes" if "Operating System :: OS Independent" in classifiers else "?",
    }


FEATURES = [
    ("version-checked", "Version checked", "The installed version these cells describe."),
    ("licence", "Licence", "The licence the metadata declares."),
    ("requires-python", "Requires Python", "The Python versions the package installs on."),
    ("python-3-13", "Lists Python 3.13", "Does a classifier name Python 3.13?"),
    ("typed", "Ships type information", "Does the package ship a py.typed marker?"),
    ("pure-python", "Pure-Python wheel", "Is the installed wheel free of compiled code?"),
    ("command-line", "Command-line tool", "Does it install a console script?"),
    ("dependencies", "Required dependencies", "How many packages it always pulls in."),
    ("status", "Development status", "The development-status classifier, where given."),
    ("os-independent", "OS independent", "Does a classifier say it runs on any OS?"),
]


def main() -> int:
    """Write the fixture; return the exit code."""
    today = dt.date.today().isoformat()
    (OUT / "subjects").mkdir(parents=True, exist_ok=True)
    (OUT / "features").mkdir(exist_ok=True)
    (OUT / "sources").mkdir(exist_ok=True)
    (OUT / "site.yml").write_text(
        "title: Python packages compared by their metadata\n"
        "description: Twenty Python packages side by side, from the metadata they publish.\n"
        "url: https://example.org/packages/\n"
        "subject_noun: library\n"
        "subject_plural: libraries\n")
    (OUT / "sources" / "pypi.yml").write_text(
        "sources:\n  - id: pypi-metadata\n    url: https://pypi.org/\n"
        "    title: Package metadata as published on PyPI\n"
        "    publisher: Python Software Foundation\n"
        f"    accessed: {today}\n")
    rows: dict[str, dict[str, str]] = {}
    for name in PACKAGES:
        dist = md.distribution(name)
        sid = _id(name)
        (OUT / "subjects" / f"{sid}.yml").write_text(
            f"id: {sid}\nname: {_q(str(dist.metadata['Name']))}\n")
        rows[sid] = cells(dist)
    lines = ["id: metadata", "name: Published metadata", "sources: [pypi-metadata]",
             f"verified: {today}", "features:"]
    for fid, fname, desc in FEATURES:
        lines += [f"  - id: {fid}", f"    name: {fname}", f"    description: {_q(desc)}",
                  "    assessments:"]
        lines += [f"      {sid}: {_q(values[fid])}" for sid, values in sorted(rows.items())]
    (OUT / "features" / "metadata.yml").write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
