"""Stage 1 — load: read content files safely and remember where every value came from.

YAML is composed into nodes first (never constructed with arbitrary tags), so
language-specific tags, duplicate keys, anchors/aliases and merge keys can be
refused with a precise location before any Python object is built. Each loaded
document keeps a map from its data path (``("features", 3, "name")``) to a
``(line, col)`` position, which later stages use to locate their diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Diagnostic
from generator.kinds.registry import FILES, FOLDERS, OTHER_FOLDERS, REGISTRY
from generator.stages.files import (
    ASSET_PREFIX,
    INVISIBLE,
    MAX_ASSET_BYTES,
    MAX_FILE_BYTES,
    MAX_TOTAL_BYTES,
    display_path,
    invisible,
    load_assets,
    read_text,
    refuse_links,
)

_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_RESOLVED: dict[tuple[str, Any], str] = {}
_RESOLVED_MAX = 200_000
"""How many scalar tags :class:`_Loader` remembers before it starts afresh."""


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """The safe loader, remembering which tag each plain scalar resolves to.

    Even libyaml's composer asks the Python resolver for the tag of every scalar (a
    regular-expression match per value), and content repeats the same scalars (levels,
    dates, ids) thousands of times. A scalar's tag depends only on its text and on how it
    was quoted, as long as no path resolvers are registered (the safe loader has none).
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            tag = _RESOLVED[key] = super().resolve(kind, value, implicit)
        return tag


_LOADER: Any = _Loader
"""libyaml's composer when available (about 10× faster); both record the same marks."""

MAX_NODES = 200_000
"""Upper bound on YAML nodes per file, so pathological input stays bounded in time and memory."""

MAX_INT_BITS = 59
"""Integers up to 2**59 (18 digits), ample for counts, sizes and days."""

DataPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class Document:
    """One loaded file: its data plus the positions of every key and value."""

    path: str
    kind: str
    data: Any
    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def pos(self, loc: DataPath, *, key: bool = False) -> tuple[int, int]:
        """Return the best known ``(line, col)`` for ``loc``, walking up to a parent."""
        table = self.keys if key else self.values
        probe = loc
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Builder:
    """Turns a composed node tree into plain data while recording positions."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.diagnostics: list[Diagnostic] = []
        self.values: dict[DataPath, tuple[int, int]] = {}
        self.keys: dict[DataPath, tuple[int, int]] = {}
        self._seen: set[int] = set()
        self._count = 0
        self._scalar = SafeConstructor()

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def _error(self, node: Node, message: str, hint: str = "") -> None:
        line, col = self._at(node)
        self.diagnostics.append(Diagnostic(self.path, line, col, "error", message, hint))

    def build(self, node: Node, loc: DataPath) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            raise _TooBig
        if id(node) in self._seen:
            self._error(node, "YAML anchors and aliases are not allowed",
                        "repeat the value instead of referring to it with '*'")
            return None
        self._seen.add(id(node))
        self.values[loc] = self._at(node)
        if node.tag not in _STANDARD_TAGS:
            self._error(node, f"YAML tag '{node.tag}' is not allowed",
                        "content files take plain strings, numbers, dates, lists and mappings")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == _STR:
            # What SafeConstructor.construct_yaml_str returns, without its bookkeeping
            # (most scalars are text, and the constructor was most of the loading time).
            value = node.value
        else:
            try:
                value = self._scalar.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                self._error(node, f"invalid {node.tag.rsplit(':', 1)[-1]} value: {exc}",
                            "quote the value to keep it as text")
                return None
        if isinstance(value, int) and not isinstance(value, bool) and \
                value.bit_length() > MAX_INT_BITS:
            # Hexadecimal and octal literals skip Python's limit on long decimal numbers,
            # and printing such a number (in a message or on a page) would fail.
            self._error(node, "number too large: content numbers have at most 18 digits",
                        "check the value; quote it to keep it as text")
            return None
        if isinstance(value, str):
            # Escapes such as "\0" or "\u202e" make invisible characters from visible text.
            bad = INVISIBLE.search(value)
            if bad is not None:
                self._error(node, *invisible(bad.group(0), " in text"))
                return None
        return value

    def _mapping(self, node: MappingNode, loc: DataPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._error(key_node, "YAML merge keys ('<<') are not allowed",
                            "write the keys out in full")
                continue
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, "mapping keys must be plain text")
                continue
            key = str(key_node.value)
            bad = INVISIBLE.search(key)
            if bad is not None:
                self._error(key_node, *invisible(bad.group(0), " in a key"))
                continue
            if "\n" in key or "\t" in key:
                self._error(key_node, "mapping keys must be one line of text",
                            "remove the line break or tab from the key")
                continue
            if key in first:
                line, _ = first[key]
                self._error(key_node, f"duplicate key '{key}' (first defined at line {line})",
                            "remove one of the two entries")
                continue
            first[key] = self.keys[(*loc, key)] = self._at(key_node)
            out[key] = self.build(value_node, (*loc, key))
        return out


class _TooBig(Exception):
    pass


def _compose(text: str) -> Node | None:
    """Compose with libyaml; on a syntax error, let the pure-Python parser word it.

    Both parsers accept the same documents, but their messages differ; the pure
    one's are clearer, and errors are rare enough that parsing twice costs nothing.
    """
    try:
        node: Node | None = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError:
        if _BASE_LOADER is yaml.SafeLoader:
            raise
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    return node


def parse_yaml(text: str, path: str, kind: str, line_offset: int = 0) -> Document | list[
        Diagnostic]:
    """Parse YAML text into a :class:`Document`, or return the diagnostics that stop it."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return [Diagnostic(path, line, col, "error", f"YAML syntax error: {problem}",
                           "check the indentation and quoting on this line and the one above")]
    except yaml.YAMLError as exc:
        return [Diagnostic(path, 1 + line_offset, 1, "error", f"YAML error: {exc}")]
    except RecursionError:
        return [Diagnostic(path, 1 + line_offset, 1, "error", "YAML nesting is too deep",
                           "flatten the structure")]
    if node is None:
        return [Diagnostic(path, 1 + line_offset, 1, "error", "file is empty",
                           "start from a skeleton: generator new --help")]
    builder = _Builder(path, line_offset)
    try:
        data = builder.build(node, ())
    except _TooBig:
        return [Diagnostic(path, 1 + line_offset, 1, "error",
                           f"file has more than {MAX_NODES} YAML nodes",
                           "split it into smaller files")]
    except RecursionError:
        return [Diagnostic(path, 1 + line_offset, 1, "error", "YAML nesting is too deep",
                           "flatten the structure")]
    if builder.diagnostics:
        return builder.diagnostics
    return Document(path, kind, data, builder.values, builder.keys)


def load_yaml_file(file: Path, kind: str) -> Document | list[Diagnostic]:
    """Load one YAML content file."""
    path = display_path(file)
    text = read_text(file, path)
    if isinstance(text, list):
        return text
    if not text.strip():
        return [Diagnostic(path, 1, 1, "error", "file is empty",
                           "start from a skeleton: generator new --help")]
    return parse_yaml(text, path, kind)


def load_markdown_file(file: Path, kind: str) -> Document | list[Diagnostic]:
    """Load a markdown file with YAML front matter between ``---`` lines."""
    path = display_path(file)
    text = read_text(file, path)
    if isinstance(text, list):
        return text
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return [Diagnostic(path, 1, 1, "error", "missing front matter",
                           "start the file with '---', 'title: ...', 'description: ...', '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return [Diagnostic(path, 1, 1, "error", "front matter is not closed",
                           "add a line with '---' after the front matter")]
    front = "".join(lines[1:end])
    if not front.strip():
        return [Diagnostic(path, 2, 1, "error", "front matter is empty",
                           "give at least 'title' and 'description'")]
    doc = parse_yaml(front, path, kind, line_offset=1)
    if isinstance(doc, list):
        return doc
    doc.body = "".join(lines[end + 1:])
    doc.body_line = end + 2
    return doc


Reader = Callable[[Path, str, Callable[[Path, str], "Document | list[Diagnostic]"]],
                  "Document | list[Diagnostic]"]
"""``read(file, kind, loader)``: load one file with ``loader``, or reuse an earlier result
(a running preview keeps them; see :mod:`generator.stages.cache`)."""


def _direct(file: Path, kind: str,
            loader: Callable[[Path, str], Document | list[Diagnostic]]
            ) -> Document | list[Diagnostic]:
    return loader(file, kind)


def load_content(root: Path, read: Reader = _direct
                 ) -> tuple[list[Document], list[Diagnostic]]:
    """Load every content file under ``root``; return documents and all diagnostics."""
    docs: list[Document] = []
    diags: list[Diagnostic] = []

    def take(result: Document | list[Diagnostic]) -> None:
        if isinstance(result, list):
            diags.extend(result)
        else:
            docs.append(result)

    if not root.is_dir():
        return [], [Diagnostic(display_path(root), 1, 1, "error",
                               "content folder does not exist",
                               "pass an existing folder with --content")]
    walk_diags = refuse_links(root, total_cap=MAX_TOTAL_BYTES)
    if any(d.severity == "error" for d in walk_diags):
        # Nothing is read from a tree that holds links or is over the size cap.
        return [], walk_diags
    for entry in sorted(root.iterdir()):
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir() and name in FOLDERS:
            for file in sorted(entry.iterdir()):
                if file.name.startswith("."):
                    continue
                if file.suffix == ".yml" and file.is_file():
                    take(read(file, FOLDERS[name], load_yaml_file))
                else:
                    diags.append(Diagnostic(display_path(file), 1, 1, "warning",
                                            "ignored: not a .yml file",
                                            "content records use the .yml extension"))
        elif entry.is_dir() and name == "pages":
            for file in sorted(entry.rglob("*")):
                if file.is_file() and file.suffix == ".md":
                    take(read(file, "page", load_markdown_file))
                elif file.is_file() and not file.name.startswith("."):
                    diags.append(Diagnostic(display_path(file), 1, 1, "warning",
                                            "ignored: not a .md file",
                                            "prose pages use the .md extension, in lower case; "
                                            "images go under assets/"))
        elif entry.is_file() and name in FILES:
            take(read(entry, FILES[name], load_yaml_file))
        elif not (entry.is_dir() and name in OTHER_FOLDERS):
            expected = ", ".join(sorted([*FOLDERS, *FILES, *OTHER_FOLDERS]))
            diags.append(Diagnostic(display_path(entry), 1, 1, "warning",
                                    "ignored: not part of the content layout",
                                    f"expected one of: {expected}"))
    if not any(d.severity == "error" for d in diags):
        for kind in REGISTRY:
            if kind.required and not (root / kind.path).exists():
                what = "is missing" if kind.path.endswith(".yml") else "folder is missing"
                diags.append(Diagnostic(display_path(root / kind.path), 1, 1, "error",
                                        f"{kind.path} {what}", REQUIRED_HINT))
    return docs, diags


REQUIRED_HINT = ("every content folder needs site.yml (title, description, url), subjects/, "
                 "features/ and sources/; generator init DIR writes a skeleton")


__all__ = ["ASSET_PREFIX", "MAX_ASSET_BYTES", "MAX_FILE_BYTES", "MAX_TOTAL_BYTES", "DataPath",
           "Document", "display_path", "load_assets", "load_content", "load_markdown_file",
           "load_yaml_file", "parse_yaml", "read_text", "refuse_links"]
