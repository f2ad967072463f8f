"""Up-to-date builds: skip generation when nothing it reads changed since it last ran.

Like ``make``: a successful generation leaves a *stamp* recording a digest of everything
generation reads and a digest of every file it wrote. The next build in a fresh process
(another ``mkdocs build``) computes the inputs' digest again; when it is the same and the
docs folder and the engine config still hold exactly the bytes that were written, the
pages are already there, byte for byte, and generation is skipped.

What the inputs' digest covers (:func:`inputs_digest`): the bytes, names and file types
of every file in the content folder, the site's templates folder and the generator's own
package (code, templates, scripts and styles); the installed distributions' names and
versions; the Python build; the date (freshness marks depend on it); the working folder
(messages name files relative to it); the paths and names the caller passes. Anything
else that changes is a reason to set ``GENERATOR_FRESH=1``, which always generates.

Stamps live in the user's private cache folder (:mod:`generator.usercache`), never in the
repository: a pull request could otherwise commit a docs folder together with a stamp
that vouches for it, and its pages would be published without passing the sanitizer.
A stamp is JSON read back with checks, never code, and a damaged one only means a full
generation.

This module imports nothing heavy, so a build that finds its pages current never loads
the pipeline, the models or the template engine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator import usercache
from generator.stages import output

FORMAT = 1
FRESH = "GENERATOR_FRESH"
"""Set to ``1`` to generate even when a stamp says the pages are current."""

PACKAGE = Path(__file__).resolve().parent


@dataclass
class Stamp:
    """What one successful generation wrote, and from what."""

    inputs: str
    """:func:`inputs_digest` of the run."""
    files: dict[str, str]
    """Every file written into the docs folder (relative POSIX path → SHA-256, hex)."""
    config: str
    """SHA-256 of the engine config as written."""
    settings: dict[str, Any]
    """The site settings and navigation the engine's config got (JSON values)."""
    warnings: list[str]
    """The run's warnings, formatted, to be shown again when the stamp is used."""


def enabled() -> bool:
    """False when ``GENERATOR_FRESH=1`` asks for generation regardless."""
    return os.environ.get(FRESH) != "1"


def _tree(h: Any, root: Path, skip: frozenset[str] = frozenset()) -> None:
    """Feed every entry under ``root`` (names, types, file bytes, link targets) into ``h``."""
    h.update(f"\0tree\0{root}\0".encode())
    if not os.path.lexists(root):
        h.update(b"absent")
        return
    if not root.is_dir() or root.is_symlink():
        _entry(h, root, ".")
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        rel = os.path.relpath(folder, root)
        for name in sorted([*dirs, *files]):
            _entry(h, Path(folder, name), os.path.join(rel, name))


def _entry(h: Any, path: Path, rel: str) -> None:
    try:
        info = path.lstat()
    except OSError:
        h.update(f"\0{rel}\0gone".encode("utf-8", "surrogateescape"))
        return
    h.update(f"\0{rel}\0{stat.S_IFMT(info.st_mode)}\0".encode("utf-8", "surrogateescape"))
    if stat.S_ISLNK(info.st_mode):
        h.update(os.fsencode(os.readlink(path)))
    elif stat.S_ISREG(info.st_mode):
        h.update(file_digest(path) or b"unreadable")


def file_digest(path: Path, limit: int | None = None) -> bytes | None:
    """SHA-256 of a regular file's bytes (the first ``limit`` only, if given), or None.

    None for anything else: a link (never followed), a folder, a named pipe or device
    (opened without blocking, then refused), or a file that cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            if limit is None:
                return hashlib.file_digest(handle, "sha256").digest()
            return hashlib.sha256(handle.read(limit)).digest()
    except OSError:
        return None


def _distributions() -> list[str]:
    """Names (with versions) of the distributions installed where this Python imports from."""
    names: set[str] = set()
    for entry in sys.path:
        if not entry.endswith("-packages") or not os.path.isdir(entry):
            continue
        try:
            names.update(n for n in os.listdir(entry)
                         if n.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
        except OSError:
            continue
    return sorted(names)


def inputs_digest(folders: Sequence[Path], labels: Iterable[str],
                  today: dt.date | None = None) -> str:
    """Return a digest of everything a generation reads; see the module docstring.

    ``folders`` are the content and templates folders; ``labels`` are the caller's other
    settings that change the output (paths, config names).
    """
    h = hashlib.sha256()
    h.update(f"format {FORMAT}\0{sys.version}\0{sys.prefix}\0".encode())
    h.update("\0".join(_distributions()).encode("utf-8", "surrogateescape"))
    h.update(f"\0today {(today or dt.date.today()).isoformat()}\0cwd {os.getcwd()}\0".encode(
        "utf-8", "surrogateescape"))
    for label in labels:
        h.update(f"\0label {label}".encode("utf-8", "surrogateescape"))
    _tree(h, PACKAGE, frozenset({"__pycache__"}))
    for folder in folders:
        _tree(h, folder.resolve())
    return h.hexdigest()


def file_digests(files: Mapping[str, bytes]) -> dict[str, str]:
    """Return relative path → SHA-256 (hex) of files about to be written."""
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}


def _published(docs: Path) -> dict[str, str] | None:
    """Every file an engine would publish from ``docs`` (not dot-files) → SHA-256, hex."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(docs, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if any(os.path.islink(os.path.join(folder, d)) for d in dirs):
            return None  # an engine would publish what a linked folder holds
        for name in files:
            if name.startswith("."):
                continue
            path = Path(folder, name)
            digest = file_digest(path)
            if digest is None:
                return None
            found[path.relative_to(docs).as_posix()] = digest.hex()
    return found


def _stamp_path(docs: Path) -> Path | None:
    folder = usercache.private_dir("builds")
    if folder is None:
        return None
    key = hashlib.sha256(os.fsencode(docs.resolve())).hexdigest()
    return folder / f"{key}.json"


def _parse(raw: bytes) -> Stamp | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        stamp = Stamp(inputs=data["inputs"], files=data["files"], config=data["config"],
                      settings=data["settings"], warnings=data["warnings"])
    except (KeyError, TypeError):
        return None
    ok = (isinstance(stamp.inputs, str) and isinstance(stamp.config, str)
          and isinstance(stamp.files, dict) and isinstance(stamp.settings, dict)
          and isinstance(stamp.warnings, list)
          and all(isinstance(k, str) and isinstance(v, str) for k, v in stamp.files.items())
          and all(isinstance(w, str) for w in stamp.warnings))
    return stamp if ok else None


def current(docs: Path, config: Path, inputs: str) -> Stamp | None:
    """Return the stamp when ``docs`` and ``config`` are exactly what a run on ``inputs`` wrote."""
    path = _stamp_path(docs)
    if path is None:
        return None
    try:
        stamp = _parse(path.read_bytes())
    except OSError:
        return None
    if stamp is None or stamp.inputs != inputs:
        return None
    written = file_digest(config)
    if written is None or written.hex() != stamp.config:
        return None
    if _published(docs) != stamp.files:
        return None
    return stamp


def save(docs: Path, stamp: Stamp) -> None:
    """Record ``stamp`` for ``docs`` (silently nothing when no private folder is available)."""
    path = _stamp_path(docs)
    if path is None:
        return
    try:
        # Key order kept: the navigation's order is the site's.
        data = json.dumps({"format": FORMAT, **asdict(stamp)}).encode("utf-8")
    except (TypeError, ValueError):
        return
    try:
        output.atomic_write(path, data)
    except OSError:
        return


def forget(docs: Path) -> None:
    """Drop the stamp for ``docs``: its pages are no longer vouched for."""
    path = _stamp_path(docs)
    if path is not None:
        path.unlink(missing_ok=True)
