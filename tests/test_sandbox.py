"""The templates' sandbox remembers its verdicts per (type, name) and reads attributes on a
shorter path: it must refuse, allow and wrap exactly what jinja's own immutable sandbox
does, the first time and every time after."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.sandbox import Sandbox, TrackingSandbox


class Record:
    """A stand-in for a view object."""

    def __init__(self) -> None:
        self.name = "x"
        self._private = "hidden"

    def method(self) -> str:
        return self.name


def _outcome(env: jinja2.Environment, source: str, ctx: dict[str, Any]) -> str:
    try:
        return "ok:" + env.from_string(source).render(ctx)
    except SecurityError as exc:
        return f"refused:{exc}"
    except jinja2.UndefinedError as exc:
        return f"undefined:{exc}"


CASES = [
    "{{ r.name }}", "{{ r.method() }}", "{{ r._private }}", "{{ r.__class__ }}",
    "{{ r.method.__func__ }}", "{{ r.method.__self__ }}", "{{ f.__code__ }}",
    "{{ f.__globals__ }}", "{{ items.append(1) }}", "{{ items.index(2) }}",
    "{{ table.clear() }}", "{{ table.keys() | list }}", "{{ table.pop('a') }}",
    "{{ names.add('z') }}", "{{ t.mro() }}", "{{ '{0.__class__}'.format(r) }}",
    "{{ 'a'.upper() }}", "{{ r.missing }}", "{{ table.a }}", "{{ 'x{0}'.format(1) }}",
    "{{ 'x{a}'.format_map(table) }}", "{{ items.missing }}", "{{ r.method }}",
]


@pytest.mark.parametrize("tracking", [False, True], ids=["sandbox", "tracking"])
@pytest.mark.parametrize("source", CASES)
def test_the_sandbox_refuses_what_jinja_refuses_every_time(source: str, tracking: bool) -> None:
    ctx = {"r": Record(), "f": lambda: 1, "items": [2], "table": {"a": 1}, "names": {"y"},
           "t": Record}
    plain = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    ours = (TrackingSandbox if tracking else Sandbox)(undefined=jinja2.StrictUndefined)
    if isinstance(ours, TrackingSandbox):
        # The preview's sandbox, recording a page: the same verdicts, only noted.
        ours.track_filters()
        ours.recorder.push()
    expected = _outcome(plain, source, ctx)
    # Twice: the second answer comes from the remembered verdict.
    assert _outcome(ours, source, ctx) == expected
    assert _outcome(ours, source, ctx) == expected
