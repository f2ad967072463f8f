"""Stage 5 — output: write the generated tree, touching only what changed.

Writing only changed files keeps ``mkdocs serve`` from rebuilding forever (the
docs folder is watched) and lets ``--dirty`` rebuild exactly the changed pages.
Every write is atomic (temporary file + rename), so a killed build never leaves
a half-written page. Stale files are removed; dot-files are left alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

ASSET_DIR = "assets"
"""Sub-folder of the templates folder holding the generator's own scripts and styles."""


MARKER = ".generator-output"
"""File the generator puts in every folder it creates, so it may later replace that folder."""


class UnsafeOutput(Exception):
    """An output folder that writing to could destroy sources; the message says which."""


def guard_out(out: Path, roots: list[Path], sources: list[Path], *,
              foreign_ok: bool = False, docs: Path | None = None) -> None:
    """Refuse an output folder that writing, cleaning or swapping could destroy.

    The output may not be a project root (``roots``) or any folder above one, nor
    a source folder (``sources``: ``content/``, ``templates/``), inside one or
    above one. An existing file is refused, and so is a non-empty folder that the
    generator did not create (it has no :data:`MARKER`; a lone ``.gitkeep`` does not
    count), unless ``foreign_ok`` (a folder the generator only adds files to). A site may
    not be written over, into or around the ``docs`` folder it is built from.
    """
    target = out.resolve()
    for root in roots:
        if root.resolve().is_relative_to(target):
            raise UnsafeOutput(f"refusing to write to '{out}': it is or contains the project "
                               f"folder '{root}'")
    if docs is not None and (docs.resolve().is_relative_to(target)
                             or target.is_relative_to(docs.resolve())):
        raise UnsafeOutput(f"refusing to write to '{out}': it overlaps the docs folder "
                           f"'{docs}' that the site is built from (choose another, such as "
                           "site)")
    for source in sources:
        kept = source.resolve()
        if kept.is_relative_to(target) or target.is_relative_to(kept):
            raise UnsafeOutput(f"refusing to write to '{out}': it overlaps the source folder "
                               f"'{source}'")
    inside = next((p for p in (target, *target.parents) if (p / "site.yml").is_file()), None)
    if inside is not None:
        # Whichever folder the command was started in: a folder holding site.yml is
        # some site's content.
        raise UnsafeOutput(f"refusing to write to '{out}': it is inside the content folder "
                           f"'{inside}' (it holds site.yml)")
    if out.is_symlink():
        raise UnsafeOutput(f"refusing to write to '{out}': it is a symbolic link")
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"refusing to write to '{out}': it is a file, not a folder")
    foreign = out.is_dir() and not (out / MARKER).is_file() and any(
        p.name != ".gitkeep" for p in out.iterdir())
    if foreign and not foreign_ok:
        raise UnsafeOutput(f"refusing to write to '{out}': the folder is not empty and "
                           "was not made by the generator (delete it or choose another)")


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


def write_tree(out_dir: Path, files: dict[str, bytes], *, prune: bool = True) -> tuple[int, int]:
    """Make ``out_dir`` hold ``files``; return ``(written, removed)`` counts.

    With ``prune`` (a folder the generator owns) files not in ``files`` are removed
    and the folder is marked as the generator's; without it, nothing is removed.
    """
    if out_dir.is_symlink():
        raise UnsafeOutput(f"refusing to write to '{out_dir}': it is a symbolic link (an "
                           "engine would publish, and the generator overwrite, whatever it "
                           "points to); replace it with a plain folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    _drop_links(out_dir, remove=prune)
    marker = out_dir / MARKER
    if prune and not marker.is_file():
        atomic_write(marker, b"Written by the comparison generator; safe to delete.\n")
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
    if not prune:
        return written, removed
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


def _drop_links(out_dir: Path, *, remove: bool) -> None:
    """Leave no symbolic link or special file anywhere under ``out_dir``.

    A link committed into the docs folder (``git add -f`` gets past ``.gitignore``) would
    make the engine publish what it points to, anywhere on the build machine, and make
    writes through it overwrite files outside the project. In a folder the generator
    owns (``remove``) such entries are removed, never followed; in a folder it only adds
    files to, they are refused.
    """
    for folder, dirs, files in os.walk(out_dir, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
                continue
            if not remove:
                raise UnsafeOutput(f"refusing to write to '{out_dir}': '{path}' is a "
                                   "symbolic link or special file; remove it")
            path.unlink()


def engine_assets(templates_dir: Path) -> dict[str, bytes]:
    """Return the generator's own scripts and styles, from the package's templates.

    A site's own file of the same name under ``templates/assets/`` replaces one.
    """
    files: dict[str, bytes] = {}
    package = Path(__file__).resolve().parent.parent / "templates"
    for folder in (package, templates_dir):
        root = folder / ASSET_DIR
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                files[f"{ASSET_DIR}/generator/{p.relative_to(root).as_posix()}"] = p.read_bytes()
    return files
