"""Build the whole site without ever losing the previous one.

MkDocs cleans its output folder before it writes, so a failed or killed build
would leave a broken ``site/``. Here MkDocs builds into a fresh sibling folder;
only when it succeeds is the old site swapped out with two renames.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_site(out: Path, config: Path = Path("mkdocs.yml"), strict: bool = True) -> int:
    """Run ``mkdocs build`` into a temporary folder, then swap it into ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp)]
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, env=env, check=False)
    if proc.returncode != 0 or not (tmp / "index.html").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"generator: error: the site build failed; {out} was left as it was",
              file=sys.stderr)
        return 1
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return 0
