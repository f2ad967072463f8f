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

from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment


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
