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
from generator.stages.reads import Changes, Reads, intern
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


@dataclass(eq=False)
class Fragment:
    """A macro's output kept for its arguments (see :func:`generator.stages.render._once`)."""

    code: Any
    """The macro's code (see :func:`fragment_key`)."""
    args: tuple[Any, ...]
    value: Any
    reads: Reads | None = None
    """What computing it read of the view (a running preview only)."""
    used: bool = False
    """Used by the current build."""


def macro_code(macro: Any) -> Any:
    """The code of a jinja macro, which identifies it while its template is unchanged."""
    code = getattr(getattr(macro, "_func", macro), "__code__", None)
    if code is None:
        raise TypeError("once() takes a macro")
    return code


def fragment_key(code: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The key of a macro's output for ``args``: plain values by value, others by identity.

    The macro's code too by identity: Python compares code objects by value, and two
    macros of the same text (or one whose template was compiled again) may differ in
    what they call. The fragment keeps its code, so the identity is never reused.
    """
    return (id(code), *((type(a), a) if isinstance(a, (str, int, float, bool, type(None)))
                        else ("id", id(a)) for a in args))


@dataclass
class _Page:
    used: tuple[tuple[str, bytes], ...]
    """Each template the page loaded, with the digest of its source."""
    reads: Reads
    text: str


@dataclass
class PageMemo:
    """Rendered pages: a page is rendered again only when something it used changed.

    A page's text is a function of what it read of the view (its plan included), the
    pages' paths and titles (links and labels), and the templates it loaded (its own, the
    ones it imports or includes). A page keeps its text while none of these changed: the
    view parts it read, by :class:`~generator.stages.reads.Changes` between the view it
    was rendered from and the new one, and the templates by their sources' digests.
    """

    view: Any = None
    key: Any = None
    """The pages' paths and titles when the pages were rendered."""
    pages: dict[str, _Page] = field(default_factory=dict)
    fragments: dict[tuple[Any, ...], Fragment] = field(default_factory=dict)
    """Macro outputs shared by pages, kept like the pages (see :func:`fragment_key`)."""
    templates: dict[str, bytes] = field(default_factory=dict)
    """Every template the kept pages loaded, with the digest of its source."""
    rendered: int = 0
    """Pages rendered by the last build (the others were reused)."""
    _next: tuple[Any, Any, Changes | None] | None = None

    def follow(self, old: Any, new: Any, changes: Changes | None) -> None:
        """Note that ``new`` replaces the view ``old`` with ``changes`` (None: unknown)."""
        self._next = (old, new, changes)

    def start(self, view: Any, key: Any) -> None:
        """Begin a build for ``view``: forget every page that what changed may affect."""
        self.rendered = 0
        if view is self.view and key == self.key:
            return
        following = self._next
        self._next = None
        if following is None or following[0] is not self.view or following[1] is not view \
                or following[2] is None or key != self.key:
            self.pages.clear()
            self.fragments.clear()
        else:
            self._follow(following[2])
        self.view, self.key = view, key

    def _follow(self, changes: Changes) -> None:
        """Drop what ``changes`` may affect; make the rest refer to the new view's objects."""
        pending = list(self._reachable(list(self.fragments.values())).values())
        while True:  # a fragment may use another: drop until nothing more is affected
            dropped = len(changes.dropped)
            for fragment in pending:
                assert fragment.reads is not None
                if id(fragment) not in changes.dropped and changes.affect(fragment.reads):
                    changes.dropped.add(id(fragment))
            if len(changes.dropped) == dropped:
                break
        self.fragments = {}
        for fragment in pending:
            if id(fragment) in changes.dropped:
                continue
            assert fragment.reads is not None
            fragment.reads.move(changes.moved)
            fragment.args = tuple(changes.moved.get(id(a), a) for a in fragment.args)
            self.fragments[fragment_key(fragment.code, fragment.args)] = fragment
        for src, page in list(self.pages.items()):
            if changes.affect(page.reads):
                del self.pages[src]
            else:
                page.reads.move(changes.moved)

    def check_templates(self, sources: Callable[[str], bytes]) -> None:
        """Forget every fragment when a template the pages loaded changed, appeared or went.

        A fragment is a macro's output, and the macro may call others (in its template or
        one it imports): which pages a template edit reaches is known per page, not per
        fragment, so template edits (rare next to content edits) start the fragments over.
        """
        if any(sources(name) != digest for name, digest in self.templates.items()):
            self.fragments.clear()
            self.templates.clear()

    def _reachable(self, start: list[Fragment]) -> dict[int, Fragment]:
        """``start``, every fragment kept pages used, and every fragment those used."""
        found: dict[int, Fragment] = {id(f): f for f in start}
        for page in self.pages.values():
            found.update(page.reads.fragments)
        todo = list(found.values())
        while todo:
            reads = todo.pop().reads
            for ident, inner in (reads.fragments.items() if reads else ()):
                if ident not in found:
                    found[ident] = inner
                    todo.append(inner)
        return found

    def finish(self) -> None:
        """End a build: forget the fragments nothing uses (their macro or objects are gone)."""
        kept = self._reachable([f for f in self.fragments.values() if f.used])
        self.fragments = {k: f for k, f in self.fragments.items() if id(f) in kept}
        for fragment in self.fragments.values():
            fragment.used = False

    def get(self, src: str, sources: Callable[[str], bytes]) -> str | None:
        """Return the page's last text if every template it loaded is unchanged."""
        known = self.pages.get(src)
        if known is None:
            return None
        if all(sources(name) == digest for name, digest in known.used):
            return known.text
        return None

    def put(self, src: str, used: Iterable[str], sources: Callable[[str], bytes],
            text: str, reads: Reads) -> None:
        """Remember a page's text, the templates it loaded and what it read."""
        self.rendered += 1
        loaded = tuple((name, sources(name)) for name in sorted(set(used)))
        self.templates.update(loaded)
        self.pages[src] = _Page(loaded, reads, text)


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
        """Return the view for ``content`` on ``today``: the last one, or ``make()``.

        A new view takes the last one's objects wherever the two are equal (see
        :func:`~generator.stages.reads.intern`), and the page memo learns what changed.
        """
        last = self._derived
        if last is not None and last[0] is content and last[1] == today:
            return last[2]
        view = make()
        if last is not None:
            found = intern(last[2], view)
            if found is None:
                view = make()  # the walk changed the view it gave up on
                self.pages.follow(last[2], view, None)
            else:
                view = found[0]
                self.pages.follow(last[2], view, found[1])
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
