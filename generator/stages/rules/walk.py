"""The shared record walker and message helpers every rule uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

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


def source_uses(content: Content) -> Iterator[tuple[str, tuple[str, int, int]]]:
    """Yield every source id used, with where it is used."""
    def walk(entry: Entry[Any], value: Any, loc: tuple[str | int, ...]) -> Iterator[
            tuple[str, tuple[str, int, int]]]:
        if isinstance(value, m.Record):
            for name in type(value).model_fields:
                yield from walk(entry, getattr(value, name), (*loc, name))
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from walk(entry, v, (*loc, k))
        elif isinstance(value, list) and loc and loc[-1] == "sources":
            for j, sid in enumerate(value):
                yield sid, entry.at(*loc, j)
        elif isinstance(value, list):
            for j, v in enumerate(value):
                yield from walk(entry, v, (*loc, j))

    for entry in all_entries(content):
        if isinstance(entry.record, m.Source):
            continue
        yield from walk(entry, entry.record, ())


def all_entries(content: Content) -> Iterator[Entry[Any]]:
    """Every record of every registered kind: the one walker all record rules share."""
    for kind in REGISTRY:
        yield from kind.entries(content)


def refs_in(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str, tuple[
        str | int, ...]]]:
    """Every 'kind:id' reference inside a record, with its data path."""
    if isinstance(value, m.Record):
        for name in type(value).model_fields:
            yield from refs_in(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from refs_in(v, (*loc, k))
    elif isinstance(value, list):
        for j, v in enumerate(value):
            if loc and loc[-1] in ("related", "covered_by") and isinstance(v, str):
                yield v, (*loc, j)
            else:
                yield from refs_in(v, (*loc, j))


def dates(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[dt.date, tuple[
        str | int, ...]]]:
    """Every date inside a record, with its data path."""
    if isinstance(value, m.Record):
        for name in type(value).model_fields:
            yield from dates(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from dates(v, (*loc, k))
    elif isinstance(value, list):
        for j, v in enumerate(value):
            yield from dates(v, (*loc, j))
    elif isinstance(value, dt.date) and loc and loc[-1] in ("verified", "accessed"):
        yield value, loc


def strings(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str, tuple[
        str | int, ...]]]:
    """Every string inside a record, with its data path."""
    if isinstance(value, m.Record):
        for name in type(value).model_fields:
            yield from strings(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, (*loc, k))
    elif isinstance(value, list):
        for j, v in enumerate(value):
            yield from strings(v, (*loc, j))
    elif isinstance(value, str):
        yield value, loc
