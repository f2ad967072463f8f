"""The user's own cache folder, for what one run may reuse from an earlier one.

Two things live there: compiled templates (:mod:`generator.stages.render`) and build stamps
(:mod:`generator.uptodate`). Both are trusted on reading back (compiled templates are code;
a stamp vouches for pages), so the folder must be one nobody else can write: it is created
0700 under ``$XDG_CACHE_HOME`` (or ``~/.cache``) and used only while it is owned by this
user and closed to everyone else. Never the repository: a pull request can put files
there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def private_dir(name: str) -> Path | None:
    """Return ``<cache>/comparison-generator/<name>``, made if missing, or None if unsafe."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "comparison-generator" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
            or info.st_mode & 0o077):
        return None
    return folder
