"""Open data: the whole comparison as JSON (with its JSON Schema) and the matrix as CSV.

Output is deterministic: ``generated_at`` and ``last_modified`` are the newest
date found in the data (when the data last changed), not the wall clock, so the
same input always gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import typing
from json.encoder import encode_basestring
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from generator import feeds
from generator.kinds.registry import REGISTRY
from generator.stages.validate import Content
from generator.stages.views import SiteView

SCHEMA_VERSION = "1.0.0"
"""Bumped on any incompatible change to the JSON layout."""


def _open_kinds() -> list[tuple[str, Any, bool, bool]]:
    """(key, record type, many, required) for every kind whose records are published."""
    out = []
    for kind in REGISTRY:
        if not kind.open_data or kind.model is None:
            continue
        if kind.nested is not None:
            item = typing.get_args(kind.model.model_fields[kind.nested].annotation)[0]
            out.append((kind.attr, item, True, kind.required))
        else:
            out.append((kind.attr, kind.model, kind.folder, kind.required))
    return out


def records(content: Content) -> dict[str, Any]:
    """The records each published kind puts into the open data, by key, in a stable order.

    Called by the derive stage, so the view carries them and :func:`dump` needs no content.
    """
    out: dict[str, Any] = {}
    for key, _, many, _required in _open_kinds():
        held = content.get(key)
        if many:
            out[key] = sorted((e.record for e in held or []), key=_order)
        else:
            out[key] = held.record if held is not None else None
    return out


def _order(record: Any) -> tuple[Any, ...]:
    # Records in a stable order: by their 'order' where they have one, then by id.
    return (getattr(record, "order", 0), getattr(record, "id", ""))


def open_data_model() -> type[BaseModel]:
    """The layout of ``data/comparison.json``, from the kinds that publish their records."""
    fields: dict[str, Any] = {"schema_version": (str, ...), "generated_at": (str, ...),
                              "last_modified": (dt.date, ...)}
    for key, record, many, required in _open_kinds():
        kind_type: Any = record
        fields[key] = (list[kind_type] if many else kind_type if required
                       else kind_type | None, ...)
    model: type[BaseModel] = create_model("OpenData", __config__=ConfigDict(extra="forbid"),
                                          __doc__="The layout of ``data/comparison.json``.",
                                          **fields)
    return model


def _newest(view: SiteView) -> dt.date:
    dates = [view.newest_verified] if view.newest_verified else []
    dates += [s.accessed for s in view.sources.values()]
    return max(dates, default=dt.date(1970, 1, 1))


def dump(view: SiteView) -> dict[str, Any]:
    """Return the open-data document as plain JSON-ready data."""
    newest = _newest(view)
    values: dict[str, Any] = {"schema_version": SCHEMA_VERSION,
                              "generated_at": f"{newest.isoformat()}T00:00:00Z",
                              "last_modified": newest}
    for key, _, _many, _required in _open_kinds():
        values[key] = view.open_records[key]
    return open_data_model()(**values).model_dump(mode="json")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(text: str) -> str:
    """Free text for a CSV cell that no spreadsheet runs as a formula (OWASP's rule).

    Spreadsheets evaluate a cell that starts with '=', '+', '-' or '@' (some after
    leading white space), so a summary such as ``=HYPERLINK("https://...")`` would become a
    live link or worse in the reader's copy; such a cell gets a leading apostrophe,
    which spreadsheets hide. Every cell is quoted, so a spreadsheet that splits on ';'
    does not start a new cell inside one.
    """
    # Any leading white space, not only ' ': spreadsheets also skip no-break and
    # ideographic spaces before a formula.
    starts = text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START)
    return "'" + text if starts else text


def matrix_csv(view: SiteView) -> str:
    """Return the matrix as CSV: one line per row and subject; text cannot be a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["category", "feature", "feature_name", "subject", "level", "evidence",
                     "summary", "since", "verified", "sources", "checked_version"])
    for cat in view.categories:
        for row in cat.rows:
            for s in view.subjects:
                cell = row.cells[s.id]
                writer.writerow([cat.id, row.id, _text_cell(row.name), s.id, cell.level,
                                 cell.evidence, _text_cell(cell.summary),
                                 _text_cell(cell.since or ""), cell.verified.isoformat(),
                                 " ".join(src.url for src in cell.sources),
                                 cell.checked_version or ""])
    return buf.getvalue()


def data_files(view: SiteView) -> dict[str, bytes]:
    """Return the open-data files keyed by their path in the docs folder."""
    return {
        "data/comparison.json": (dumps(dump(view)) + "\n").encode("utf-8"),
        "data/comparison.schema.json": _schema_file(),
        "data/matrix.csv": matrix_csv(view).encode("utf-8"),
        # Feeds and the calendar are published beside the open data they are made from.
        **feeds.feed_files(view),
    }


@functools.lru_cache(maxsize=1)
def _schema_file() -> bytes:
    """The open data's JSON Schema: the same for every build of a process."""
    schema = open_data_model().model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return (json.dumps(schema, indent=1, sort_keys=True) + "\n").encode("utf-8")


def dumps(value: Any) -> str:
    """``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)``, the same text.

    For JSON-ready data (what ``model_dump(mode="json")`` returns: dicts with string keys,
    lists, strings, numbers, booleans, None). With ``indent`` the standard library encodes
    in pure Python through generators; on a large site's data file this takes half the
    time. A test compares the two on the real data and on edge cases.
    """
    out: list[str] = []
    add = out.append

    def encode(item: Any, level: int) -> None:
        kind = type(item)
        if kind is str:
            add(encode_basestring(item))
        elif kind is dict:
            if not item:
                add("{}")
                return
            newline = "\n" + " " * (level + 1)
            sep = "{"
            for key in sorted(item):
                if type(key) is not str:
                    raise TypeError(f"key {key!r} is not a string")
                add(sep)
                add(newline)
                add(encode_basestring(key))
                add(": ")
                encode(item[key], level + 1)
                sep = ","
            add("\n" + " " * level + "}")
        elif kind is list or kind is tuple:
            if not item:
                add("[]")
                return
            newline = "\n" + " " * (level + 1)
            sep = "["
            for element in item:
                add(sep)
                add(newline)
                encode(element, level + 1)
                sep = ","
            add("\n" + " " * level + "]")
        elif item is None:
            add("null")
        elif item is True:
            add("true")
        elif item is False:
            add("false")
        elif kind is int:
            add(int.__repr__(item))
        elif kind is float:
            add(json.dumps(item))  # NaN and infinities as the standard library writes them
        else:
            raise TypeError(f"{kind.__name__} is not JSON-ready")

    encode(value, 0)
    return "".join(out)
