"""The shared record walker and message helpers every rule uses.

Several rules read every string, date, source id or reference of every record. Walking a
record's fields is most of what they cost, so a record is flattened once into its
*leaves* (every value that is not a record, mapping or list, with its data path, in field
order) and the walkers below read that list. During :func:`run_rules
<generator.stages.rules.run_rules>` the leaves of each record are computed once for all
rules (:class:`RuleMemo`); a running preview keeps a memo between builds, so only the
records of files that changed are flattened again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator import model as m
from generator.diagnostics import Diagnostic, did_you_mean
from generator.kinds.registry import REGISTRY
from generator.stages.validate import Content, Entry


def error(at: tuple[str, int, int], message: str, hint: str = "") -> Diagnostic:
    """An error at ``(path, line, col)``."""
    return Diagnostic(at[0], at[1], at[2], "error", message, hint)


def warning(at: tuple[str, int, int], message: str, hint: str = "") -> Diagnostic:
    """A warning at ``(path, line, col)``."""
    return Diagnostic(at[0], at[1], at[2], "warning", message, hint)


def unknown(kind: str, value: str, known: set[str]) -> tuple[str, str]:
    """The message and hint for an id that names nothing (with a did-you-mean)."""
    kinds = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
    hint = did_you_mean(value, known) or (
        f"known {kinds}: {', '.join(sorted(known))}" if len(known) <= 12 else
        f"no {kind} has this id")
    return f"unknown {kind} '{value}'", hint


def source_uses(content: Content) -> Iterator[tuple[str, Entry[Any], Loc]]:
    """Yield every source id used, with the entry and data path where it is used.

    The position (``entry.at(*loc)``) is left to the caller: most uses need none.
    """
    for entry in all_entries(content):
        if isinstance(entry.record, m.Source):
            continue
        for value, loc, in_list in leaves_of(entry):
            # An item of a list named 'sources' (source ids are plain strings).
            if in_list and len(loc) > 1 and loc[-2] == "sources":
                yield value, entry, loc


def all_entries(content: Content) -> Iterator[Entry[Any]]:
    """Every record of every registered kind: the one walker all record rules share."""
    for kind in REGISTRY:
        yield from kind.entries(content)


Loc = tuple[str | int, ...]
Leaf = tuple[Any, Loc, bool]
"""A leaf value, its data path below the record, and whether it is a list's item."""

T = TypeVar("T")


_FIELDS: dict[type, tuple[str, ...]] = {}
"""Field names per record type (pydantic computes ``model_fields`` anew on every read)."""


def _flatten(value: Any, loc: Loc, in_list: bool, out: list[Leaf]) -> None:
    if isinstance(value, m.Record):
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(kind.model_fields)
        for name in names:
            _flatten(getattr(value, name), (*loc, name), False, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, (*loc, k), False, out)
    elif isinstance(value, list):
        for j, v in enumerate(value):
            _flatten(v, (*loc, j), True, out)
    else:
        out.append((value, loc, in_list))


def flatten(value: Any) -> list[Leaf]:
    """Every leaf below ``value`` (a record, mapping or list), depth first in field order."""
    out: list[Leaf] = []
    _flatten(value, (), False, out)
    return out


@dataclass
class RuleMemo:
    """What the rules compute from one record or one string, remembered.

    Within one run, each record is flattened once however many rules read it. Kept across
    runs (a running preview, :class:`generator.stages.cache.Incremental`), it also keeps
    the leaves of every record whose document is the very same object as last time: the
    loader hands back the same :class:`~generator.stages.load.Document` for a file whose
    bytes did not change, and a record is a pure function of its document. Results of
    pure text checks are kept by the text itself. Whatever the last run did not use is
    dropped at the end of the next one, so the memo never outgrows the content.
    """

    keep_by_document: bool = False
    """Reuse leaves across runs by document (only for a memo that outlives one run)."""
    _leaves: dict[Any, tuple[Any, list[Leaf]]] = field(default_factory=dict)
    _texts: dict[tuple[str, str], Any] = field(default_factory=dict)
    _used_leaves: dict[Any, tuple[Any, list[Leaf]]] = field(default_factory=dict)
    _used_texts: dict[tuple[str, str], Any] = field(default_factory=dict)
    flattened: int = 0
    """Records flattened by the last run (the others were reused)."""

    def leaves(self, entry: Entry[Any]) -> list[Leaf]:
        """The leaves of ``entry.record``."""
        record = entry.record
        # By document: the document is kept in the value, so its id is never reused
        # while the key exists. By record: valid for this run only (records are rebuilt).
        key: Any = (id(entry.doc), entry.loc, type(record)) if self.keep_by_document \
            else id(record)
        known = self._used_leaves.get(key) or self._leaves.get(key)
        owner = entry.doc if self.keep_by_document else record
        if known is None or known[0] is not owner:
            self.flattened += 1
            known = (owner, flatten(record))
        self._used_leaves[key] = known
        return known[1]

    def text(self, check: str, text: str, compute: Callable[[str], T]) -> T:
        """``compute(text)`` for the check named ``check``, remembered by the text."""
        key = (check, text)
        if key in self._used_texts:
            return self._used_texts[key]  # type: ignore[no-any-return]
        value: T = self._texts[key] if key in self._texts else compute(text)
        self._used_texts[key] = value
        return value

    def finish(self) -> None:
        """End a run: keep only what it used."""
        self._leaves, self._used_leaves = self._used_leaves, {}
        self._texts, self._used_texts = self._used_texts, {}


_ACTIVE: ContextVar[RuleMemo | None] = ContextVar("rule_memo", default=None)


@contextlib.contextmanager
def memo_in_use(memo: RuleMemo) -> Iterator[RuleMemo]:
    """Let every rule run meanwhile share ``memo``; end its run on the way out."""
    token = _ACTIVE.set(memo)
    memo.flattened = 0
    try:
        yield memo
    finally:
        _ACTIVE.reset(token)
        memo.finish()


@contextlib.contextmanager
def memo_shared(memo: RuleMemo | None) -> Iterator[None]:
    """Let a check that runs after the rules (once pages are planned) read ``memo`` too.

    The rules' run has ended: what this check reads counts for the next run's.
    """
    token = _ACTIVE.set(memo) if memo is not None else None
    try:
        yield
    finally:
        if token is not None:
            _ACTIVE.reset(token)


def leaves_of(entry: Entry[Any]) -> list[Leaf]:
    """The leaves of an entry's record, from the memo in use if there is one."""
    memo = _ACTIVE.get()
    return memo.leaves(entry) if memo is not None else flatten(entry.record)


def checked(check: str, text: str, compute: Callable[[str], T]) -> T:
    """``compute(text)``, remembered by the memo in use if there is one (pure checks only)."""
    memo = _ACTIVE.get()
    return memo.text(check, text, compute) if memo is not None else compute(text)


def refs_of(entry: Entry[Any]) -> Iterator[tuple[str, Loc]]:
    """Every 'kind:id' reference inside an entry's record, with its data path."""
    for value, loc, in_list in leaves_of(entry):
        if in_list and isinstance(value, str) and len(loc) > 1 \
                and loc[-2] in ("related", "covered_by"):
            yield value, loc


def dates_of(entry: Entry[Any]) -> Iterator[tuple[dt.date, Loc]]:
    """Every verified or accessed date inside an entry's record, with its data path."""
    for value, loc, _ in leaves_of(entry):
        if isinstance(value, dt.date) and loc and loc[-1] in ("verified", "accessed"):
            yield value, loc


def strings_of(entry: Entry[Any]) -> Iterator[tuple[str, Loc]]:
    """Every string inside an entry's record, with its data path."""
    for value, loc, _ in leaves_of(entry):
        if isinstance(value, str):
            yield value, loc
