"""Incremental generation: what a long-running preview keeps from one build to the next.

``mkdocs serve`` runs the generator before every build, and a typical edit touches one
file. :class:`Incremental` keeps, in memory only (never on disk, so nothing another
user could plant is ever read back):

* each content file's parse result, keyed by the file's identity (size, modification
  and change times, inode) and, when those moved, by a hash of its bytes: a file is
  re-parsed only when its bytes changed;
* the validated content and its diagnostics, reused while every parsed document, every
  example and every asset is the same as before;
* when validation must run again, what the cross-record rules computed per record and
  per text (:class:`~generator.stages.rules.walk.RuleMemo`): only the records of files
  whose bytes changed are walked again;
* the derived view, reused while the content is the same and the date has not changed;
* each rendered page, reused while the view is the same object and none of the templates
  the page loaded last time changed (see :class:`PageMemo`).

Every step falls back to the full computation, so the output is the same bytes as a
clean build's (``tests/test_incremental.py`` checks it for every kind of edit).

:class:`CompiledTemplates` keeps, also in memory only, the engine theme's compiled
templates for the MkDocs hook (MkDocs makes a new template environment for every build).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator import uptodate
from generator.diagnostics import Diagnostic
from generator.stages.load import MAX_FILE_BYTES, Document
from generator.stages.rules.walk import RuleMemo

Parsed = Document | list[Diagnostic]
Loader = Callable[[Path, str], Parsed]


def _identity(file: Path) -> tuple[int, int, int, int] | None:
    """A file's size, modification and change times and inode; None when unreadable.

    The change time cannot be set back by a tool (``touch -d`` sets only the
    modification time), and an editor's save-by-rename gives a new inode.
    """
    try:
        st = file.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _digest(file: Path) -> bytes | None:
    # The loader refuses anything over the cap; hashing more would only cost time.
    return uptodate.file_digest(file, MAX_FILE_BYTES + 1)


RACY_NS = 2_000_000_000
"""File times tick coarsely (a few ms on Linux): a file modified this close (2 s) to when it
was read could change again without its identity moving, so its bytes are hashed instead."""


@dataclass
class _File:
    identity: tuple[int, int, int, int]
    digest: bytes
    result: Parsed
    read_ns: int


@dataclass
class FileMemo:
    """Parse results per content file; :meth:`read` is what ``load_content`` calls."""

    files: dict[tuple[str, str, str], _File] = field(default_factory=dict)
    parsed: int = 0
    """Files parsed by the last build (the others were reused)."""

    def read(self, file: Path, kind: str, loader: Loader) -> Parsed:
        """Return ``loader(file, kind)``, reusing the last result while the bytes are the same."""
        # Messages name files relative to the working directory, so it is part of the key.
        key = (os.getcwd(), str(file), kind)
        identity = _identity(file)
        known = self.files.get(key)
        if known is not None and identity is not None and known.identity == identity \
                and identity[1] < known.read_ns - RACY_NS:
            return known.result
        digest = _digest(file)
        if known is not None and digest is not None and known.digest == digest \
                and identity is not None:
            known.identity = identity
            return known.result
        self.parsed += 1
        read_ns = time.time_ns()
        result = loader(file, kind)
        if identity is None or digest is None:
            self.files.pop(key, None)
        else:
            # Stored under the identity taken *before* reading: a save that lands while
            # the file is read changes the identity, so the next build reads it again.
            self.files[key] = _File(identity, digest, result, read_ns)
        return result

    def start(self) -> None:
        """Begin a build: reset the counter."""
        self.parsed = 0


def _same(a: Iterable[Any], b: Iterable[Any]) -> bool:
    """True when both sequences hold the very same objects, in the same order."""
    a, b = list(a), list(b)
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


@dataclass
class _Validated:
    docs: list[Document]
    load_diags: list[Diagnostic]
    tasks: list[Any]
    assets: dict[str, bytes]
    content: Any
    diags: list[Diagnostic]


@dataclass
class PageMemo:
    """Rendered pages per view: a page is rendered again only when a template it used changed.

    A page's text is a function of the view, its plan (which the view determines) and the
    templates it loaded (its own, the ones it imports or includes). While the view is the
    same object, a page whose templates' sources are unchanged keeps its text.
    """

    view: Any = None
    pages: dict[str, tuple[tuple[tuple[str, bytes], ...], str]] = field(default_factory=dict)
    rendered: int = 0
    """Pages rendered by the last build (the others were reused)."""

    def start(self, view: Any) -> None:
        """Begin a build for ``view``: forget every page if the view is a new one."""
        self.rendered = 0
        if view is not self.view:
            self.view = view
            self.pages.clear()

    def get(self, src: str, sources: Callable[[str], bytes]) -> str | None:
        """Return the page's last text if every template it loaded is unchanged."""
        known = self.pages.get(src)
        if known is None:
            return None
        used, text = known
        if all(sources(name) == digest for name, digest in used):
            return text
        return None

    def put(self, src: str, used: Iterable[str], sources: Callable[[str], bytes],
            text: str) -> None:
        """Remember a page's text and the templates it loaded."""
        self.rendered += 1
        self.pages[src] = (tuple((name, sources(name)) for name in sorted(set(used))), text)


@dataclass
class Incremental:
    """Everything one preview process keeps between builds; see the module docstring."""

    files: FileMemo = field(default_factory=FileMemo)
    pages: PageMemo = field(default_factory=PageMemo)
    rules: RuleMemo = field(default_factory=lambda: RuleMemo(keep_by_document=True))
    _validated: _Validated | None = None
    _derived: tuple[Any, dt.date, Any] | None = None
    _assets: tuple[Any, dict[str, bytes]] | None = None

    def start(self) -> None:
        """Begin a build."""
        self.files.start()

    def validated(self, docs: list[Document], load_diags: list[Diagnostic], tasks: list[Any],
                  assets: dict[str, bytes]) -> tuple[Any, list[Diagnostic]] | None:
        """Return the last validated content if every input is the same as last time."""
        last = self._validated
        if last is None or not _same(docs, last.docs) or load_diags != last.load_diags \
                or tasks != last.tasks or assets != last.assets:
            return None
        return last.content, list(last.diags)

    def keep_validated(self, docs: list[Document], load_diags: list[Diagnostic],
                       tasks: list[Any], assets: dict[str, bytes], content: Any,
                       diags: list[Diagnostic]) -> None:
        """Remember a validation's inputs and results."""
        self._validated = _Validated(list(docs), list(load_diags), list(tasks), dict(assets),
                                     content, list(diags))

    def derived(self, content: Any, today: dt.date, make: Callable[[], Any]) -> Any:
        """Return the view for ``content`` on ``today``: the last one, or ``make()``."""
        if self._derived is not None and self._derived[0] is content \
                and self._derived[1] == today:
            return self._derived[2]
        view = make()
        self._derived = (content, today, view)
        return view

    def assets(self, view: Any, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """Return the files computed from ``view`` (open data): the last ones, or ``make()``."""
        if self._assets is not None and self._assets[0] is view:
            return dict(self._assets[1])
        files = make()
        self._assets = (view, dict(files))
        return files


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled jinja templates kept in memory between the builds of one process.

    MkDocs builds a new template environment for every build, so under ``mkdocs serve``
    each edit compiled the theme's templates again (about 40 for Material, a tenth of a
    second). jinja checks each entry against its template's source checksum, so an edited
    template is compiled afresh; nothing is written to disk.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from memory, if its template was compiled before."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Remember a freshly compiled template."""
        self._code[bucket.key] = bucket.bytecode_to_string()
