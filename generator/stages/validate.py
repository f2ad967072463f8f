"""Stage 2 — validate: build typed records from documents, then apply cross-record rules.

Model errors from pydantic are rewritten into compiler-style messages that name
the field, what was expected and what was found, at the line of the offending
key or value. Cross-record rules are small named functions listed in ``RULES``;
each returns its diagnostics and never raises.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePosixPath
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator import model as m
from generator.diagnostics import Diagnostic, did_you_mean
from generator.kinds.registry import BY_NAME
from generator.stages.load import DataPath, Document

R = TypeVar("R", bound=m.Record)
KINDS = BY_NAME


@dataclass(frozen=True)
class Entry(Generic[R]):
    """A validated record and the document it came from."""

    record: R
    doc: Document
    loc: DataPath = ()

    def at(self, *sub: str | int, key: bool = False) -> tuple[str, int, int]:
        """Return ``(path, line, col)`` of a field below this record."""
        line, col = self.doc.pos((*self.loc, *sub), key=key)
        return self.doc.path, line, col


@dataclass
class Content:
    """Every validated record, grouped by kind, in a stable order."""

    site: Entry[m.Site] | None = None
    sources: list[Entry[m.Source]] = field(default_factory=list)
    subjects: list[Entry[m.Subject]] = field(default_factory=list)
    categories: list[Entry[m.Category]] = field(default_factory=list)
    use_cases: list[Entry[m.UseCase]] = field(default_factory=list)
    deployments: list[Entry[m.Deployment]] = field(default_factory=list)
    components: list[Entry[m.Component]] = field(default_factory=list)
    pages: list[Entry[m.PageMeta]] = field(default_factory=list)
    chooser: Entry[m.Chooser] | None = None
    crosswalk: Entry[m.Crosswalk] | None = None
    timeline: Entry[m.Timeline] | None = None
    claims: Entry[m.Claims] | None = None
    faq: Entry[m.Faq] | None = None
    topics: Entry[m.Topics] | None = None
    benchmarks: list[Entry[m.Benchmark]] = field(default_factory=list)
    example_ids: set[str] = field(default_factory=set)
    """Task folders under examples/ (filled in by the pipeline from the load stage)."""
    examples: list[Any] = field(default_factory=list)
    """The loaded example tasks (``generator.examples.TaskView``), in folder order."""
    assets: dict[str, bytes] = field(default_factory=dict)
    """Published files from ``assets/``, keyed by their path in the docs folder."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Entries of kinds added without a field here (see CONTRIBUTING, 'Adding a page kind')."""

    def get(self, attr: str) -> Any:
        """The entries a kind keeps under ``attr``: a field, else :attr:`extra`."""
        return getattr(self, attr) if attr in type(self).__dataclass_fields__ else \
            self.extra.get(attr)

    def subject_ids(self) -> set[str]:
        """Return the ids of all subjects."""
        return {e.record.id for e in self.subjects}

    def features(self) -> Iterator[tuple[Entry[m.Category], int, m.Feature]]:
        """Yield every feature with its category entry and index."""
        for cat in self.categories:
            for i, feature in enumerate(cat.record.features):
                yield cat, i, feature


# --- pydantic errors → diagnostics -------------------------------------------------------

_PATTERN_NAMES = {
    m.ID_PATTERN: "a lower-case id (letters, digits and single hyphens)",
    m.URL_PATTERN: "an https:// URL",
    m.LINE_PATTERN: "a single line of text",
    m.REF_PATTERN: "a reference 'kind:id', such as 'feature:some-row'",
    m.PURL_PATTERN: "a package URL 'pkg:TYPE/NAME', for example 'pkg:pypi/requests'",
    m.VERSION_PATTERN: "a version number such as '2.14' or '0.11.1'",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated down to the model or container type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: DataPath) -> Any:
    """Return the type found at ``loc`` inside ``root``, or None."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif origin is list:
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _dotted(loc: DataPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def model_errors(model: type[BaseModel], doc: Document, base: DataPath,
                 exc: ValidationError) -> list[Diagnostic]:
    """Turn a pydantic ``ValidationError`` into located, actionable diagnostics."""
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc: DataPath = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        name = _dotted(loc)
        hint = ""
        at_key = False
        pos_loc: DataPath = (*base, *loc)
        if kind == "extra_forbidden":
            allowed = _model_at(model, loc[:-1])
            choices = sorted(allowed.model_fields) if isinstance(allowed, type) and issubclass(
                allowed, BaseModel) else []
            message = f"{name}: unknown key '{loc[-1]}'"
            hint = did_you_mean(str(loc[-1]), choices) or (
                f"allowed keys: {', '.join(choices)}" if choices else "")
            at_key = True
        elif kind == "missing":
            message = f"{name}: required key is missing"
            pos_loc = (*base, *loc[:-1])
            target = _model_at(model, loc)
            if target is not None:
                hint = "add it; see the JSON Schema in schema/ for its type"
        elif kind == "enum":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"{name}: expected one of {expected}, got {_describe(value)}"
            target = _model_at(model, loc)
            if isinstance(target, type) and issubclass(target, Enum) and isinstance(value, str):
                hint = did_you_mean(value, [str(e.value) for e in target])
            elif isinstance(value, bool):
                # YAML 1.1 reads unquoted yes/no/on/off as booleans.
                hint = 'quote it, for example "yes" or "no": unquoted, YAML reads it as true/false'

        elif kind == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            expected = _PATTERN_NAMES.get(pattern, f"text matching {pattern}")
            message = f"{name}: expected {expected}, got {_describe(value)}"
            if expected == "an https:// URL" and isinstance(value, str) and value.startswith(
                    "http://"):
                hint = "use the https:// address of the source"
        elif kind in ("string_too_long", "too_long"):
            limit = err.get("ctx", {}).get("max_length")
            message = f"{name}: expected at most {limit} characters, got {len(value)}" if (
                kind == "string_too_long") else f"{name}: expected at most {limit} items"
            hint = "move the rest into 'detail'" if kind == "string_too_long" else ""
        elif kind in ("string_too_short", "too_short"):
            limit = err.get("ctx", {}).get("min_length")
            message = (f"{name}: expected at least {limit} "
                       f"{'character' if kind == 'string_too_short' else 'item'}"
                       f"{'s' if limit != 1 else ''}, got {_describe(value)}")
        elif kind.startswith("date") or kind.startswith("datetime"):
            message = f"{name}: expected a date (YYYY-MM-DD), got {_describe(value)}"
            hint = "write the date unquoted, for example 2026-11-22"
        elif kind in ("string_type", "int_type", "int_parsing", "list_type", "dict_type",
                      "model_type", "model_attributes_type", "bool_type", "int_from_float"):
            expected = {"string_type": "text", "int_type": "a whole number",
                        "int_parsing": "a whole number", "list_type": "a list",
                        "dict_type": "a mapping", "model_type": "a mapping",
                        "model_attributes_type": "a mapping", "bool_type": "true or false",
                        "int_from_float": "a whole number"}[kind]
            message = f"{name}: expected {expected}, got {_describe(value)}"
            if kind == "string_type" and isinstance(value, (int, float, dt.date)):
                hint = "quote the value to keep it as text"
        elif kind == "finite_number":
            message = f"{name}: expected a finite number, got {_describe(value)}"
            hint = "write the measured value; leave the run out if it has none"
        elif kind in ("greater_than_equal", "less_than_equal"):
            message = f"{name}: {err['msg'].lower()}, got {_describe(value)}"
            hint = ("check the year: dates run from 1900 to 2999" if isinstance(value, dt.date)
                    else "see the JSON Schema in schema/ for the allowed range")
        else:
            message = f"{name}: {err['msg']}, got {_describe(value)}"
        line, col = doc.pos(pos_loc, key=at_key)
        out.append(Diagnostic(doc.path, line, col, "error", message, hint))
    return out


def build_content(docs: list[Document]) -> tuple[Content, list[Diagnostic]]:
    """Validate every document against its model and group the results."""
    content = Content()
    diags: list[Diagnostic] = []
    for doc in docs:
        model = KINDS[doc.kind].model
        assert model is not None, doc.kind
        if not isinstance(doc.data, dict):
            diags.append(Diagnostic(doc.path, *doc.pos(()), "error",
                                    f"expected a mapping at the top level, got "
                                    f"{_describe(doc.data)}",
                                    "content files are YAML mappings of 'key: value'"))
            continue
        try:
            record = model.model_validate(doc.data)
        except ValidationError as exc:
            diags.extend(model_errors(model, doc, (), exc))
            continue
        _place(content, doc, record)
    diags.extend(resolve_inherited(content))
    return content, diags


def resolve_inherited(content: Content) -> list[Diagnostic]:
    """Give every cell its effective sources and verified date (cell, else feature, else file).

    A whole table often has one source and one date: they are written once at the top
    of the file or on a feature, and every cell that names none inherits them. Pages
    and open data show the effective values, so every cell still shows its citation.
    """
    out: list[Diagnostic] = []
    for n, entry in enumerate(content.categories):
        cat = entry.record
        features = []
        for i, feature in enumerate(cat.features):
            cells = {}
            for sid, a in feature.assessments.items():
                sources = a.sources or feature.sources or cat.sources
                verified = a.verified or feature.verified or cat.verified
                for name, value in (("sources", sources), ("verified", verified)):
                    if value is None:
                        out.append(Diagnostic(*entry.at("features", i, "assessments", sid),
                                              "error", f"features[{i}].assessments.{sid}: no "
                                              f"'{name}'", f"give '{name}' on the cell, on its "
                                              "feature or at the top of the file"))
                cells[sid] = a.model_copy(update={"sources": sources, "verified": verified})
            features.append(feature.model_copy(update={"assessments": cells}))
        content.categories[n] = Entry(cat.model_copy(update={"features": features}), entry.doc,
                                      entry.loc)
    return out


def _place(content: Content, doc: Document, record: m.Record) -> None:
    """Put a validated record where its kind (see :mod:`generator.kinds`) keeps it."""
    kind = KINDS[doc.kind]
    if kind.attr not in type(content).__dataclass_fields__:
        # A kind declared only in its module: folders hold lists, files one entry.
        content.extra.setdefault(kind.attr, [] if kind.folder else None)
    current = content.get(kind.attr)
    if kind.nested is not None:
        items = getattr(record, kind.nested)
        current.extend(Entry(item, doc, (kind.nested, i)) for i, item in enumerate(items))
    elif isinstance(current, list):
        current.append(Entry(record, doc))
    elif kind.attr in content.extra:
        content.extra[kind.attr] = Entry(record, doc)
    else:
        setattr(content, kind.attr, Entry(record, doc))


def page_id(doc: Document) -> str:
    """Return a page's id: its path under ``pages/`` without ``.md``."""
    parts = PurePosixPath(doc.path).parts
    idx = len(parts) - 1 - parts[::-1].index("pages") if "pages" in parts else len(parts) - 1
    return str(PurePosixPath(*parts[idx + 1:]).with_suffix(""))


Rule = Callable[[Content], list[Diagnostic]]
_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
