"""Stage 5 — output: write the generated tree, touching only what changed.

Writing only changed files keeps ``mkdocs serve`` from rebuilding forever (the
docs folder is watched) and lets ``--dirty`` rebuild exactly the changed pages.
Every write is atomic (temporary file + rename), so a killed build never leaves
a half-written page. Stale files are removed; dot-files are left alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ASSET_DIR = "assets"
"""Sub-folder of the templates folder holding the generator's own scripts and styles."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(out_dir: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Make ``out_dir`` hold exactly ``files``; return ``(written, removed)`` counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, data in sorted(files.items()):
        target = out_dir / rel
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        atomic_write(target, data)
        written += 1
    removed = 0
    wanted = {Path(rel) for rel in files}
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel_path = path.relative_to(out_dir)
        if any(part.startswith(".") for part in rel_path.parts):
            continue
        if path.is_file() and rel_path not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed


def engine_assets(templates_dir: Path) -> dict[str, bytes]:
    """Return the generator's own scripts and styles (``templates/assets``)."""
    root = templates_dir / ASSET_DIR
    if not root.is_dir():
        return {}
    return {f"{ASSET_DIR}/generator/{p.relative_to(root).as_posix()}": p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")}
