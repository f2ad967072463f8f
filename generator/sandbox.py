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

import types
from typing import Any

from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

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
