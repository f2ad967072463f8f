"""What a page read of the view, and what changed between two views.

Pages re-render only when something they read changed. A running preview (``mkdocs
serve``) keeps each rendered page with the view data it read (:class:`Reads`): every
attribute and item the templates looked up, on which object, as recorded by
:class:`generator.sandbox.TrackingSandbox` and by the render stage's helpers.
After an edit, :func:`intern` walks the previous view and the new one side by side:

* where a part of the new view equals the old one, the old object takes its place in the
  new view, so what unchanged pages read stays the very objects they read;
* where it differs, the walk notes which attribute or item of the old object now gives
  another value (:class:`Changes`), and which old objects hold a change anywhere inside.

A page is rendered again when it read a changed attribute or item, or used a whole object
(a method, a property, a helper given the object) that holds a change. Parts are matched
by position, the way templates reach them: a field by name, a list item by index, a
dictionary value by key. When the new view shares its objects differently from the old
one, the walk gives up and every page is rendered (:func:`intern` returns None).

``tests/test_incremental.py`` checks every kind of edit, and many random ones, against a
clean build, byte for byte.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

ITER = "\0iter"
"""The key of a container's reading as a whole: its length, its keys, its leaf values."""

LEAVES = (str, int, float, bool, type(None), dt.date, enum.Enum, bytes, frozenset)
"""Values compared by ``==`` and never walked into."""


@dataclass
class Reads:
    """The view data one page (or one cached fragment) read.

    ``keys`` maps an object's id to the attributes and items read on it; ``deep`` holds the
    ids of objects used whole. ``refs`` keeps every such object alive, so an id is never
    taken by another object while it is remembered.
    """

    keys: dict[int, set[Hashable]] = field(default_factory=dict)
    deep: set[int] = field(default_factory=set)
    refs: dict[int, Any] = field(default_factory=dict)
    fragments: dict[int, Any] = field(default_factory=dict)
    """Cached fragments used (see :meth:`Recorder.use`), by id."""

    def read(self, obj: Any, key: Hashable) -> None:
        """Note that ``key`` (an attribute, an item or :data:`ITER`) was read on ``obj``."""
        ident = id(obj)
        known = self.keys.get(ident)
        if known is None:
            self.keys[ident] = {key}
            self.refs[ident] = obj
        else:
            known.add(key)

    def whole(self, obj: Any) -> None:
        """Note that ``obj`` was used whole (anything inside it may change the page)."""
        if not isinstance(obj, LEAVES):
            self.deep.add(id(obj))
            self.refs[id(obj)] = obj

    def merge(self, other: Reads) -> None:
        """Add what ``other`` read."""
        for ident, keys in other.keys.items():
            known = self.keys.get(ident)
            if known is None:
                self.keys[ident] = set(keys)
            else:
                known |= keys
        self.deep |= other.deep
        self.refs.update(other.refs)
        self.fragments.update(other.fragments)

    def move(self, moved: dict[int, Any]) -> None:
        """Follow objects that a newer view holds in their place (see :class:`Changes`)."""
        for old in [i for i in self.refs if i in moved]:
            new = moved[old]
            keys = self.keys.pop(old, None)
            if keys is not None:
                self.keys.setdefault(id(new), set()).update(keys)
            if old in self.deep:
                self.deep.discard(old)
                self.deep.add(id(new))
            del self.refs[old]
            self.refs[id(new)] = new


class Recorder:
    """Where the tracking sandbox and the render helpers note reads.

    A stack of :class:`Reads`: one per page being rendered and per fragment computed in it.
    """

    def __init__(self) -> None:
        self.stack: list[Reads] = []

    def push(self) -> Reads:
        """Start recording into a new :class:`Reads`."""
        reads = Reads()
        self.stack.append(reads)
        return reads

    def pop(self, merge: bool = True) -> Reads:
        """Stop recording into the innermost :class:`Reads`.

        With ``merge``, its reads count for the outer one too.
        """
        reads = self.stack.pop()
        if merge and self.stack:
            self.stack[-1].merge(reads)
        return reads

    def read(self, obj: Any, key: Hashable) -> None:
        """Note a read on ``obj`` (nothing when no page is being recorded)."""
        if self.stack and not isinstance(obj, LEAVES):
            try:
                self.stack[-1].read(obj, key)
            except TypeError:  # an unhashable key, such as a slice: the object counts whole
                self.stack[-1].whole(obj)

    def whole(self, obj: Any) -> None:
        """Note that ``obj`` was used whole."""
        if self.stack:
            self.stack[-1].whole(obj)

    def use(self, fragment: Any) -> None:
        """Note that a cached fragment was used: what it read counts for this page."""
        if self.stack:
            self.stack[-1].fragments[id(fragment)] = fragment


@dataclass
class Changes:
    """What differs between an old view and the new one, in terms of the old view's objects."""

    keys: dict[int, set[Hashable]] = field(default_factory=dict)
    """Old object id → attributes and items that now give another value."""
    whole: set[int] = field(default_factory=set)
    """Old objects any read of which may now differ (replaced by another type)."""
    deep: set[int] = field(default_factory=set)
    """Old objects holding a change anywhere inside."""
    moved: dict[int, Any] = field(default_factory=dict)
    """Old object id → the new object in its place, where the two differ."""

    dropped: set[int] = field(default_factory=set)
    """Cached fragments (by id) that may now come out differently."""

    def affect(self, reads: Reads) -> bool:
        """True when a page that read ``reads`` may come out differently now."""
        if not self.dropped.isdisjoint(reads.fragments):
            return True
        for ident, keys in self.keys.items():
            read = reads.keys.get(ident)
            if read is not None and not read.isdisjoint(keys):
                return True
        return any(i in reads.keys or i in reads.deep for i in self.whole) or \
            not reads.deep.isdisjoint(self.deep)


class _Conflict(Exception):
    """The two views share their objects differently."""


SAME, INSIDE, REPLACED = 0, 1, 2
"""What :func:`intern`'s walk found for one pair of values: equal; a node whose parts
differ; a different leaf value or a value of another type."""


def _equal_leaves(a: Any, b: Any) -> bool:
    if isinstance(a, types.FunctionType) and isinstance(b, types.FunctionType):
        # A closure made by the derive stage (such as the view's 'mentions'): the same code
        # over equal captured values behaves the same.
        if a.__code__ is not b.__code__ or a.__defaults__ != b.__defaults__:
            return False
        cells_a, cells_b = a.__closure__ or (), b.__closure__ or ()
        return len(cells_a) == len(cells_b) and all(
            _equal_leaves(x.cell_contents, y.cell_contents)
            for x, y in zip(cells_a, cells_b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # an object that cannot compare counts as changed
        return False


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(obj: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass or pydantic instance; None for anything else."""
    kind = type(obj)
    names = _FIELDS.get(kind)
    if names is None:
        if isinstance(obj, BaseModel):
            names = tuple(kind.model_fields)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            names = tuple(f.name for f in dataclasses.fields(obj))
        else:
            return None
        _FIELDS[kind] = names
    return names


class _Walk:
    def __init__(self) -> None:
        self.changes = Changes()
        self.done: dict[tuple[int, int], tuple[Any, int]] = {}
        self.result_of_old: dict[int, Any] = {}
        self.result_of_new: dict[int, Any] = {}
        self.new_of_result: dict[int, Any] = {}

    def mark(self, old: Any, key: Hashable) -> None:
        self.changes.keys.setdefault(id(old), set()).add(key)

    def walk(self, old: Any, new: Any) -> tuple[Any, int]:
        """Return what stands for ``new`` in the new view, and what differs."""
        if old is new:
            return old, SAME
        pair = (id(old), id(new))
        done = self.done.get(pair)
        if done is not None:
            return done
        found = self._walk(old, new)
        self.done[pair] = found
        result = found[0]
        # One old object must map to one new one, and back, or the views' sharing differs
        # and identities in one would not match the other's.
        if not isinstance(result, LEAVES) and (
                self.result_of_old.setdefault(id(old), result) is not result
                or self.result_of_new.setdefault(id(new), result) is not result
                or self.new_of_result.setdefault(id(result), new) is not new):
            raise _Conflict
        return found

    def _walk(self, old: Any, new: Any) -> tuple[Any, int]:
        if type(old) is not type(new):
            if not isinstance(old, LEAVES):
                self.changes.whole.add(id(old))
                self.changes.deep.add(id(old))
            return new, REPLACED
        names = _fields(old)
        container = type(old) in (list, tuple, dict)
        if names is None and not container:
            return (old, SAME) if _equal_leaves(old, new) else (new, REPLACED)
        if _equal_leaves(old, new):
            # Equal all through (dataclass and pydantic equality compare every field; a
            # type compared by identity is never equal to a new object): the old object
            # serves, and every page that read it stays as it is.
            return old, SAME
        if names is not None:
            status = self._fields(old, new, names)
        elif type(old) is dict:
            status = self._dict(old, new)
        else:
            new, status = self._sequence(old, new)
        if status == SAME:
            return old, SAME
        self.changes.deep.add(id(old))
        self.changes.moved[id(old)] = new
        return new, INSIDE

    def _fields(self, old: Any, new: Any, names: tuple[str, ...]) -> int:
        status = SAME
        for name in names:
            part, found = self.walk(getattr(old, name), getattr(new, name))
            if part is not getattr(new, name):
                # Frozen dataclasses and pydantic models too: the view is the stage's own.
                if isinstance(new, BaseModel):
                    new.__dict__[name] = part
                else:
                    object.__setattr__(new, name, part)
            if found == REPLACED:
                self.mark(old, name)
            status = max(status, found)
        return INSIDE if status else SAME

    def _dict(self, old: dict[Any, Any], new: dict[Any, Any]) -> int:
        status = SAME
        if list(old) != list(new):
            self.mark(old, ITER)
            status = INSIDE
            for key in old.keys() ^ new.keys():
                self.mark(old, key)
        for key, value in new.items():
            if key not in old:
                continue
            part, found = self.walk(old[key], value)
            if part is not value:
                new[key] = part
            if _read_with(old[key], found):
                self.mark(old, key)
                self.mark(old, ITER)
            status = max(status, found)
        return INSIDE if status else SAME

    def _sequence(self, old: Any, new: Any) -> tuple[Any, int]:
        status = SAME
        if len(old) != len(new):
            self.mark(old, ITER)
            status = INSIDE
            for index in range(min(len(old), len(new)), max(len(old), len(new))):
                self.mark(old, index)
        parts = list(new)
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            part, found = self.walk(a, b)
            parts[index] = part
            if _read_with(a, found):
                self.mark(old, index)
                self.mark(old, ITER)
            status = max(status, found)
        if type(new) is list:
            new[:] = parts
        elif any(p is not b for p, b in zip(parts, new, strict=True)):
            new = tuple(parts)
        return new, INSIDE if status else SAME


def _read_with(item: Any, found: int) -> bool:
    """True when a container's item changed in a way that reading the container reveals.

    A leaf that changed, and any change in an item that is itself a container: templates
    take such items by iterating or unpacking (``for text, sources in cell.positions``),
    which the sandbox does not see, so reading the outer container stands for them.
    """
    return found == REPLACED or (found == INSIDE and type(item) in (list, tuple, dict))


def intern(old: Any, new: Any) -> tuple[Any, Changes] | None:
    """Put ``old``'s objects into ``new`` wherever they are equal.

    Returns the view to use and what changed, or None when the two views share objects
    differently. ``new`` is changed in place (its equal parts replaced by the old objects,
    which hold the same values), so after None it must be made afresh.
    """
    walk = _Walk()
    try:
        view, _ = walk.walk(old, new)
    except _Conflict:
        return None
    return view, walk.changes
