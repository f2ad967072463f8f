"""Compiler-style diagnostics and the small exception hierarchy.

Every stage returns diagnostics instead of raising on the first problem, so a
contributor sees every mistake in one run. Exceptions exist only to carry the
collected diagnostics to the edges (CLI, MkDocs adapter), which print them.
"""

from __future__ import annotations

import difflib
import re
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
        """Render as ``path:line:col: severity: message (hint)``, always on one line."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return _visible(text)

    def format_github(self) -> str:
        """Render as a GitHub Actions workflow annotation that content cannot forge.

        Property values (the file name) and the message are escaped as the runner
        documents, so a file name with a newline or '::' cannot start a new command.
        """
        text = _visible(self.message + (f" ({self.hint})" if self.hint else ""))
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = (_visible(self.path).replace("%", "%25").replace("\r", "%0D")
                .replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C"))
        return f"::{self.severity} file={path},line={self.line},col={self.col}::{text}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Show control and bidi characters as escapes: one diagnostic is one visible line."""
    return _CONTROL.sub(lambda m: ascii(m.group(0))[1:-1], text)


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
