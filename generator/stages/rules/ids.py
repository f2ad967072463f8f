"""Ids: file names match ids, ids are unique and never look alike."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic
from generator.kinds.registry import REGISTRY
from generator.model.base import ID_PATTERN
from generator.stages.rules.walk import error
from generator.stages.validate import Content, Entry, page_id


def file_name_matches_id(content: Content) -> list[Diagnostic]:
    """A record's file name must equal its id, so the id can be found from the URL.

    A prose page's id is its path under ``pages/``, and it is its URL: each part must be
    an id too. A dot or capital would let it take the name of a file the engine writes
    (``sitemap.xml.md``, ``search/search_index.json.md``) or one it renames
    (``README.md`` is an index page to MkDocs).
    """
    out = []
    for page in content.pages:
        ident = page_id(page.doc)
        bad = [part for part in ident.split("/") if not _ID.fullmatch(part)]
        if bad:
            out.append(error((page.doc.path, 1, 1),
                             f"page file name '{bad[0]}.md' is not an id"
                             if bad[0] == ident.rsplit("/", 1)[-1] else
                             f"page folder name '{bad[0]}' is not an id",
                             "name pages and their folders with lower-case letters, digits "
                             "and single hyphens, such as 'getting-started.md'"))
    entries: list[Entry[Any]] = [*content.subjects, *content.categories, *content.use_cases,
                                 *content.deployments, *content.components,
                                 *content.benchmarks]
    for e in entries:
        stem = PurePosixPath(e.doc.path).stem
        if stem != e.record.id:
            out.append(error(e.at("id"), f"id '{e.record.id}' does not match the file name "
                                          f"'{stem}.yml'",
                              f"rename the file to '{e.record.id}.yml' or set id: {stem}"))
    return out


_ID = re.compile(ID_PATTERN)

_LOOKALIKE = str.maketrans({"0": "o", "1": "l"})


def skeleton(ident: str) -> str:
    """Fold an id to what it looks like, so 'p0stgres' and 'postgres' compare equal.

    NFKC and case folding first (Unicode look-alikes that normalise), then the
    confusable pairs of UTS #39 that the id alphabet itself contains.
    """
    folded = unicodedata.normalize("NFKC", ident).casefold()
    folded = folded.replace("rn", "m").replace("vv", "w").replace("cl", "d")
    return folded.translate(_LOOKALIKE)


def ids_unique(content: Content) -> list[Diagnostic]:
    """Ids are unique in their collection, and no two of them look alike."""
    out: list[Diagnostic] = []

    def check(kind: str, items: Iterator[tuple[str, tuple[str, int, int]]]) -> None:
        first: dict[str, tuple[str, int, int]] = {}
        looks: dict[str, tuple[str, tuple[str, int, int]]] = {}
        for ident, at in items:
            if ident in first:
                p, line, _ = first[ident]
                out.append(error(at, f"duplicate {kind} id '{ident}' (first used at "
                                      f"{p}:{line})", "give each one its own id"))
                continue
            first[ident] = at
            other = looks.get(skeleton(ident))
            if other is not None:
                p, line, _ = other[1]
                out.append(error(at, f"{kind} id '{ident}' is easily confused with "
                                      f"'{other[0]}' ({p}:{line})",
                                  "choose an id that differs in more than look-alike "
                                  "characters"))
            else:
                looks[skeleton(ident)] = (ident, at)

    for kind, entries in (("subject", content.subjects), ("category", content.categories),
                          ("use case", content.use_cases), ("deployment", content.deployments),
                          ("component", content.components), ("benchmark", content.benchmarks)):
        check(kind, ((e.record.id, e.at("id")) for e in entries))

    check("feature", ((f.id, c.at("features", i, "id")) for c, i, f in content.features()))
    check("source", ((s.record.id, s.at("id")) for s in content.sources))
    # Single-file kinds hold lists of records with ids (concepts, claims, questions...):
    # each list is one id collection, named by the list's field.
    # Lists inside those records (a question's options) are collections of their own.
    for single in REGISTRY:
        if not single.path.endswith(".yml"):
            continue
        for entry in single.entries(content):
            for name, ids in _id_lists(entry.record, ()):
                check(name.removesuffix("s"),
                      ((ident, entry.at(*loc)) for ident, loc in ids))
    return out


def _id_lists(record: Any, at: tuple[str | int, ...]
              ) -> Iterator[tuple[str, list[tuple[str, tuple[str | int, ...]]]]]:
    """Every list of records with ids in ``record``, at any depth, as (field, ids)."""
    for name in type(record).model_fields:
        items = getattr(record, name)
        if isinstance(items, list) and items and hasattr(items[0], "id"):
            yield name, [(x.id, (*at, name, i, "id")) for i, x in enumerate(items)]
            for i, x in enumerate(items):
                yield from _id_lists(x, (*at, name, i))
