"""Compiler-style diagnostics and the small exception hierarchy.

Every stage returns diagnostics instead of raising on the first problem, so a
contributor sees every mistake in one run. Exceptions exist only to carry the
collected diagnostics to the edges (CLI, MkDocs adapter), which print them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, located in a content file.

    ``line`` and ``col`` are 1-based; 0 means "the whole file".
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""

    def format(self) -> str:
        """Render as ``path:line:col: severity: message (hint)``."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def format_github(self) -> str:
        """Render as a GitHub Actions workflow annotation."""
        text = self.message + (f" ({self.hint})" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.col}::{text}"


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return a ``did you mean 'x'?`` hint, or ``""`` when nothing is close."""
    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """Return ``N errors in M files`` (plus warnings), for the end of a report."""
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity == "warning"]
    files = {d.path for d in errors}
    parts = [f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {len(files)} "
             f"file{'s' if len(files) != 1 else ''}"]
    if warnings:
        parts.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
    return ", ".join(parts)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Return True when any diagnostic is an error."""
    return any(d.severity == "error" for d in diagnostics)


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose."""


class ContentError(GeneratorError):
    """The content is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class TemplateError(GeneratorError):
    """A template failed to render; names the template and the line."""

    def __init__(self, template: str, line: int, message: str) -> None:
        self.template = template
        self.line = line
        self.message = message
        super().__init__(f"{template}:{line}:1: error: template: {message}")
