"""Reading content files safely: no links followed, sizes capped, text checked.

Every file the generator reads from a content folder goes through here: the tree is
walked without following symbolic links first, files are opened with ``O_NOFOLLOW``,
each is capped, and text that hides or reorders what reviewers see is refused.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from generator.diagnostics import Diagnostic

MAX_FILE_BYTES = 1_048_576
"""Content files larger than this (1 MiB) are refused: no real content file is near it."""

MAX_TOTAL_BYTES = 32 * 1_048_576
"""Upper bound on the whole content folder (32 MiB); the real content is under 1 MiB."""

INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u2028\u2029"  # line and paragraph separators
    # Every format character (Unicode category Cf): soft hyphen, Arabic marks, zero-width
    # characters, bidirectional marks and overrides, invisible operators, tag characters.
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
    # Characters that show as nothing without being format characters: the combining
    # grapheme joiner, Hangul and Khmer fillers, the blank Braille pattern, variation
    # selectors and Mongolian free variation selectors.
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\u3164\uffa0"
    "\ufe00-\ufe0f\U000e0100-\U000e01ef]")
"""Control, format (zero-width, bidirectional, tag) and blank characters: refused in every
content file.

They make text that reviewers cannot see (zero-width, tag characters that spell hidden
words), reorder what they see (bidi overrides, as in "Trojan Source"), or corrupt
terminals and annotations (controls). Tab and newline are the only controls allowed
(Windows line endings are read as newlines first).
"""

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
"""Names Windows cannot create: a checkout with them fails on contributors' machines."""

_NAME = re.compile(r"^(?!\.{1,2}$)[A-Za-z0-9._-]+$")
"""File and folder names: ASCII letters, digits, dot, hyphen and underscore."""

def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when possible, with ``/``."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = str(path)
    if rel.startswith(".."):
        rel = str(path)
    return rel.replace(os.sep, "/")


def read_text(file: Path, path: str) -> str | list[Diagnostic]:
    """Read a file as UTF-8 text within the size cap, or explain why not."""
    try:
        # O_NOFOLLOW: a link swapped in after the folder walk is still never followed.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return [Diagnostic(path, 1, 1, "error",
                                   f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit",
                                   "split it into smaller files")]
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return [Diagnostic(path, 1, 1, "error", f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return [Diagnostic(path, line, col, "error",
                           f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                           "save the file as UTF-8")]
    # Windows line endings are fine; a lone carriage return would start a new line in
    # the engine's markdown while the checks see one line, so it is refused below.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if "\x00" in text:
        return [Diagnostic(path, 1, 1, "error", "file contains NUL bytes",
                           "is this a binary file?")]
    bad = INVISIBLE.search(text)
    if bad is not None:
        head = text[: bad.start()]
        line = head.count("\n") + 1
        col = bad.start() - (head.rfind("\n") + 1) + 1
        return [Diagnostic(path, line, col, "error", *invisible(bad.group(0)))]
    return text


INVISIBLE_HINT = "delete it: it can hide or reorder what readers and reviewers see"


def invisible(char: str, where: str = "") -> tuple[str, str]:
    """The message and hint for an invisible character found ``where`` (" in text"...)."""
    return (f"invisible or control character U+{ord(char):04X} ({char_name(char)}){where}",
            INVISIBLE_HINT)


def char_name(char: str) -> str:
    """The Unicode name of a character, for messages."""
    return unicodedata.name(char, "control character").lower()


def refuse_links(root: Path, total_cap: int | None = None) -> list[Diagnostic]:
    """Walk ``root`` without following links; report links, bad names and oversize trees.

    Symbolic links could publish any file of the build machine (``/etc/passwd``,
    ``/proc/self/environ``); names that Windows cannot create, that differ only in
    case or that hold control characters break checkouts or forge output.
    """
    if root.is_symlink():
        # os.walk follows a link given as its root: a committed 'content' link would
        # make every file under its target content.
        return [Diagnostic(display_path(root), 1, 1, "error", "symbolic links are not allowed",
                           "replace the link with the folder itself")]
    out: list[Diagnostic] = []
    total = 0
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        seen: dict[str, str] = {}
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            shown = display_path(path)
            try:
                info = path.lstat()
            except OSError as exc:
                out.append(Diagnostic(shown, 1, 1, "error", f"cannot read: {exc.strerror}"))
                continue
            if stat.S_ISLNK(info.st_mode):
                out.append(Diagnostic(shown, 1, 1, "error", "symbolic links are not allowed",
                                      "replace the link with the file itself"))
                continue
            if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                out.append(Diagnostic(shown, 1, 1, "error", "not a regular file or folder",
                                      "remove it"))
                continue
            if not _NAME.match(name):
                out.append(Diagnostic(shown, 1, 1, "error", f"file name {name!a} has "
                                      "characters other than ASCII letters, digits, '.', '-' "
                                      "and '_'", "rename it"))
            elif _RESERVED.match(name):
                out.append(Diagnostic(shown, 1, 1, "error", f"file name '{name}' is reserved "
                                      "on Windows", "rename it"))
            folded = unicodedata.normalize("NFKC", name).casefold()
            if folded in seen:
                out.append(Diagnostic(shown, 1, 1, "error", f"file name '{name}' differs only "
                                      f"in case from '{seen[folded]}'", "rename one of them"))
            seen[folded] = name
            if stat.S_ISREG(info.st_mode):
                total += info.st_size
        # Never descend into linked folders (os.walk does not with followlinks=False).
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    if total_cap is not None and total > total_cap:
        out.append(Diagnostic(display_path(root), 1, 1, "error",
                              f"content folder holds {total} bytes, over the {total_cap}-byte "
                              "limit", "move large files out of the content folder"))
    return out


ASSET_TYPES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
"""Inert raster types that ``assets/`` may publish, with the bytes each file must start with."""

MAX_ASSET_BYTES = 5 * 1_048_576
"""Largest published asset (5 MiB)."""

ASSET_PREFIX = "media"
"""Where assets are published: a folder that neither the theme nor the generator uses."""


def load_assets(content_dir: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Read ``assets/``: inert raster images only, published under ``media/``."""
    root = content_dir / "assets"
    files: dict[str, bytes] = {}
    diags: list[Diagnostic] = []
    if not root.is_dir():
        return files, diags
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        shown = display_path(file)
        magic = ASSET_TYPES.get(file.suffix.lower())
        if magic is None:
            diags.append(Diagnostic(shown, 1, 1, "error", f"asset type '{file.suffix}' is not "
                                    "published", "assets may be " + ", ".join(ASSET_TYPES)
                                    + " images (convert SVG to PNG)"))
            continue
        try:
            fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(MAX_ASSET_BYTES + 1)
        except OSError as exc:
            diags.append(Diagnostic(shown, 1, 1, "error", f"cannot read file: {exc.strerror}"))
            continue
        if len(data) > MAX_ASSET_BYTES:
            diags.append(Diagnostic(shown, 1, 1, "error", f"asset is over the "
                                    f"{MAX_ASSET_BYTES}-byte limit", "make the image smaller"))
        elif not data.startswith(magic):
            diags.append(Diagnostic(shown, 1, 1, "error", f"file is not a {file.suffix} image",
                                    "save it in the format its name says"))
        else:
            files[f"{ASSET_PREFIX}/{file.relative_to(root).as_posix()}"] = data
    return files, diags
