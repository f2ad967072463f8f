"""The jinja sandbox the templates run in, with its attribute verdicts remembered.

Templates run in jinja's immutable sandbox (see :func:`generator.stages.render.make_env`).
The sandbox judges every attribute a template reads: a chain of ``isinstance`` checks
against function, method, frame and mutable-container types. A large site reads a few
hundred thousand attributes per build, and those checks were a third of the generator's
time. Every check looks only at the object's type and the attribute's name, never at the
object's value, so the verdict is remembered per ``(type, name)``: the same attributes
are allowed and refused as before, at a dictionary lookup each.
"""

from __future__ import annotations

import functools
import types
from typing import Any

from jinja2.environment import Environment
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.stages.reads import ITER, LEAVES, Recorder

_METHODS = (types.MethodType, types.BuiltinMethodType)
"""The only types ``wrap_str_format`` acts on; neither can be subclassed."""


class Sandbox(ImmutableSandboxedEnvironment):
    """jinja's :class:`ImmutableSandboxedEnvironment`, judging each ``(type, name)`` once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's own verdict, computed once per type of ``obj`` and ``attr``.

        jinja's checks (``is_internal_attribute``, ``modifies_known_mutable``) use only
        ``isinstance(obj, ...)`` and the name; ``value`` is not consulted.
        """
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            self._verdicts[key] = verdict
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any | Undefined:
        """Jinja's sandboxed ``getattr``, in the same order, with the verdict looked up.

        As jinja does: the attribute, else the item of that name, else undefined; a
        ``str.format`` method comes back wrapped by the sandbox; anything else comes back
        only if it is safe. ``wrap_str_format`` is asked only about bound methods, the
        only values it wraps.
        """
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                pass
            return self.undefined(obj=obj, name=attribute)
        if type(value) in _METHODS:
            wrapped = self.wrap_str_format(value)
            if wrapped is not None:
                return wrapped
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)


_PASSED = (Context, Environment, EvalContext, Undefined, Macro)
"""Values jinja hands to filters and tests besides the template's own data."""

SHALLOW_FILTERS = frozenset({
    "attr", "batch", "count", "d", "default", "dictsort", "first", "groupby", "items",
    "last", "length", "list", "map", "reject", "rejectattr", "reverse", "select",
    "selectattr", "slice", "sum"})
"""Filters that read a container's length, keys and leaf values, and the parts they name
through the sandbox (``attribute=``), never a part as a whole."""

BY_ATTRIBUTE = frozenset({"join", "max", "min", "sort", "unique"})
"""Filters that compare or print their items: shallow when given ``attribute=`` or when
every item is a plain value."""

TYPE_TESTS = frozenset({
    "boolean", "callable", "defined", "divisibleby", "escaped", "even", "false", "filter",
    "float", "integer", "iterable", "lower", "mapping", "none", "number", "odd",
    "sequence", "string", "test", "true", "undefined", "upper"})
"""Tests that look at a value's type or at a plain value only."""


class TrackingSandbox(Sandbox):
    """The sandbox, noting every attribute and item templates read into :attr:`recorder`.

    Used for the pages a running preview keeps (see :mod:`generator.stages.reads`): a
    page's reads decide whether an edit can change it. An attribute or item read counts
    alone; a method called, a property read, or an object given to a filter, a test or a
    function counts as a use of the whole object, since anything in it may matter.
    Functions in :attr:`self_tracking` note their own reads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recorder = Recorder()
        self.self_tracking: set[int] = set()
        self._computed: dict[tuple[type, str], bool] = {}

    def track_filters(self) -> None:
        """Wrap the filters and tests so that what they use whole is noted.

        Called once, after every filter is registered.
        """
        for name, func in list(self.filters.items()):
            if name not in SHALLOW_FILTERS:
                self.filters[name] = self._wrap(func, name in BY_ATTRIBUTE)
        for name, func in list(self.tests.items()):
            if name not in TYPE_TESTS:
                self.tests[name] = self._wrap(func, name == "in")

    def _wrap(self, func: Any, shallow_on_plain: bool) -> Any:
        recorder = self.recorder

        @functools.wraps(func)
        def tracked(*args: Any, **kwargs: Any) -> Any:
            if recorder.stack:
                by_attribute = shallow_on_plain and "attribute" in kwargs
                for value in (*args, *kwargs.values()):
                    if isinstance(value, _PASSED) or by_attribute:
                        continue
                    if shallow_on_plain and isinstance(value, (list, tuple)) and \
                            all(isinstance(item, LEAVES) for item in value):
                        continue
                    recorder.whole(value)
            return func(*args, **kwargs)
        return tracked

    def _is_computed(self, obj: Any, attribute: str) -> bool:
        key = (type(obj), attribute)
        computed = self._computed.get(key)
        if computed is None:
            computed = self._computed[key] = isinstance(
                getattr(type(obj), attribute, None), (property, functools.cached_property))
        return computed

    def getattr(self, obj: Any, attribute: str) -> Any | Undefined:
        """Read as :class:`Sandbox` does, noting the read (a property's: the whole object).

        A method is noted when it is called (see :meth:`call`), by what it reads.
        """
        recorder = self.recorder
        tracked = recorder.stack and not isinstance(obj, LEAVES)
        if tracked and self._is_computed(obj, attribute):
            recorder.whole(obj)
            tracked = False
        value = super().getattr(obj, attribute)
        if tracked and type(value) not in _METHODS:
            recorder.read(obj, attribute)
        if isinstance(value, (list, tuple, dict)):
            recorder.read(value, ITER)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any | Undefined:
        """Read an item as jinja's sandbox does, noting the read."""
        recorder = self.recorder
        if recorder.stack and not isinstance(obj, LEAVES):
            if isinstance(argument, str) and not isinstance(obj, (dict, list, tuple)) and \
                    self._is_computed(obj, argument):
                recorder.whole(obj)
            else:
                recorder.read(obj, argument)
        value = super().getitem(obj, argument)
        if isinstance(value, (list, tuple, dict)):
            recorder.read(value, ITER)
        return value

    def call(__self, __context: Context, __obj: Any,
             *args: Any, **kwargs: Any) -> Any:
        """Call as jinja's sandbox does, noting what the call may use whole."""
        recorder = __self.recorder
        if recorder.stack and not isinstance(__obj, Macro) and \
                id(__obj) not in __self.self_tracking:
            if type(__obj) in _METHODS:
                owner = getattr(__obj, "__self__", None)
                name = getattr(__obj, "__name__", "")
                if isinstance(owner, dict) and name == "get" and args:
                    recorder.read(owner, args[0])
                elif isinstance(owner, dict) and name == "keys":
                    recorder.read(owner, ITER)
                elif not isinstance(owner, LEAVES):
                    recorder.whole(owner)
            for value in (*args, *kwargs.values()):
                if not isinstance(value, _PASSED):
                    recorder.whole(value)
        return super().call(__context, __obj, *args, **kwargs)
