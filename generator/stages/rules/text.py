"""Text: no pasted debris, safe markup hints, prose fragments, one fact in one place."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from generator import model as m
from generator import prose, sanitize
from generator.diagnostics import Diagnostic
from generator.stages.rules.walk import all_entries, checked, error, strings_of, unknown
from generator.stages.validate import Content

DEBRIS = re.compile(
    r"oaicite|contentReference\[|:contentReference|turn\d+search\d+|\ue200|\ue201|"
    r"\bciteturn|utm_source=chatgpt", re.IGNORECASE)
"""Traces that text was pasted from a chat assistant rather than written."""


def _debris(text: str) -> str | None:
    hit = DEBRIS.search(text)
    return hit.group(0) if hit else None


def no_debris(content: Content) -> list[Diagnostic]:
    """Text pasted from a chat assistant carries markers; none may reach the site."""
    out = []
    for entry in all_entries(content):
        for text, loc in strings_of(entry):
            hit = checked("debris", text, _debris)
            if hit is not None:
                out.append(error(entry.at(*loc), f"pasted-text debris '{hit}'",
                                  "remove it and write the sentence in your own words"))
    for page in content.pages:
        for n, line in enumerate(page.doc.body.splitlines()):
            found = DEBRIS.search(line)
            if found:
                out.append(error((page.doc.path, page.doc.body_line + n, found.start() + 1),
                                  f"pasted-text debris '{found.group(0)}'",
                                  "remove it and write the sentence in your own words"))
    return out


SAFE_TAGS = sanitize.TAGS
"""Raw HTML tags a prose page may use: the sanitiser's allow-list (see CONTRIBUTING.md)."""

SAFE_ATTRS = frozenset({"class", *(a for attrs in sanitize.ATTRIBUTES.values() for a in attrs)})
"""Attributes the sanitiser keeps on some element; event handlers and style never are."""

# Linear: a tag's attribute text never crosses another '<', so each '<' is scanned once.
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)>")
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_MD_LINK = re.compile(r"\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _unsafe_url(value: str) -> bool:
    match = _SCHEME.match(value.strip().strip("\"'"))
    return match is not None and match.group(1).lower() not in ("http", "https", "mailto")


def _html_problems(line: str) -> Iterator[tuple[int, str, str]]:
    for tag in _TAG.finditer(line):
        name = tag.group(2).lower()
        if tag.group(1):
            continue  # a closing tag: its opening tag was already judged
        if name not in SAFE_TAGS:
            yield (tag.start() + 1, f"raw HTML tag <{name}> is not allowed in prose pages",
                   "use markdown, or one of: " + ", ".join(sorted(SAFE_TAGS)))
            continue
        for attr in _ATTR.finditer(tag.group(3)):
            key = attr.group(1).lower()
            value = attr.group(2) or ""
            if key not in SAFE_ATTRS:
                yield (tag.start() + 1, f"attribute '{key}' is not allowed on <{name}>",
                       "allowed attributes: " + ", ".join(sorted(SAFE_ATTRS)))
            elif key in ("href", "src") and _unsafe_url(value):
                yield (tag.start() + 1, f"unsafe URL in {key} on <{name}>",
                       "links must be relative, https:, http: or mailto:")
    for link in _MD_LINK.finditer(line):
        if link.group(1).lower() not in ("http", "https", "mailto"):
            yield (link.start(1) + 1, f"unsafe link scheme '{link.group(1)}:'",
                   "links must be relative, https:, http: or mailto:")


def prose_html_safe(content: Content) -> list[Diagnostic]:
    """Prose pages may use only the documented safe HTML tags, attributes and link schemes."""
    out = []
    for page in content.pages:
        fenced = False
        for n, line in enumerate(page.doc.body.splitlines()):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if fenced:
                continue
            # Inline code shows markup as text, so it is safe.
            visible = re.sub(r"`[^`]*`", lambda mm: " " * len(mm.group(0)), line)
            for col, message, hint in _html_problems(visible):
                out.append(error((page.doc.path, page.doc.body_line + n, col), message, hint))
    return out


MARKDOWN_FIELDS = frozenset({"detail", "scenario", "intro", "answer", "current", "description",
                             "summary"})
"""Fields whose text is rendered as markdown (others are plain text, escaped whole)."""


def _unsafe_links(text: str) -> list[tuple[str, str]]:
    return [(message, hint) for line in text.splitlines()
            for _, message, hint in _html_problems(line) if message.startswith("unsafe link")]


def data_links_safe(content: Content) -> list[Diagnostic]:
    """Markdown in data fields may link only to relative, https:, http: or mailto: targets."""
    out = []
    for entry in all_entries(content):
        for text, loc in strings_of(entry):
            if not loc or loc[-1] not in MARKDOWN_FIELDS:
                continue
            for message, hint in checked("links", text, _unsafe_links):
                out.append(error(entry.at(*loc), f"{loc[-1]}: {message}", hint))
    return out


def prose_fragments_valid(content: Content) -> list[Diagnostic]:
    """Prose pages use only the documented fragments, with ids that exist.

    A body is never evaluated as a template; anything that looks like template
    syntax but is not a known fragment is reported where it stands.
    """
    known = {
        "cite": {e.record.id for e in content.sources},
        "rows_table": {f.id for _, _, f in content.features()},
        "category_table": {e.record.id for e in content.categories},
    }
    kinds = {"cite": "source", "rows_table": "feature", "category_table": "category"}
    out = []
    for page in content.pages:
        fragments, problems = prose.scan(page.doc.body)
        for p in problems:
            out.append(error((page.doc.path, page.doc.body_line + p.line - 1, p.col),
                              p.message, p.hint))
        for frag in fragments:
            if frag.argument is None:
                continue
            ids = [frag.argument] if isinstance(frag.argument, str) else frag.argument
            for ident in ids:
                if ident not in known[frag.name]:
                    out.append(error((page.doc.path, page.doc.body_line + frag.line - 1,
                                       frag.col),
                                      *unknown(kinds[frag.name], ident, known[frag.name])))
    return out


_AGEING_VERSION = re.compile(
    r"\b(?:latest|newest|current)\b(?:\s+(?:stable\s+)?(?:release|version)s?)?"
    r"(?:\s+(?:is|was|are|were))?[\s,:(]+v?\d+\.\d+(?:\.\d+)*"
    r"|\bv?\d+\.\d+(?:\.\d+)*\)?,?\s+(?:is|was)\s+(?:the\s+)?(?:latest|newest|current)\b",
    re.IGNORECASE)
"""A version number called latest, newest or current: false the day the next one ships."""

_STATUS_WORDS: dict[str, tuple[str, frozenset[m.Status]]] = {
    "actively maintained": ("(?<!longer )(?:actively maintained|actively developed)",
                            frozenset({m.Status.ACTIVE})),
    "in maintenance": ("in (?:limited )?maintenance(?: mode)?|maintenance[- ]only",
                       frozenset({m.Status.MAINTENANCE})),
    "deprecated": ("(?:is|was|has been) deprecated|deprecated (?:since|in|on)",
                   frozenset({m.Status.DEPRECATED, m.Status.ARCHIVED})),
    "archived": ("(?:is|was|has been) archived|archived (?:since|in|on)",
                 frozenset({m.Status.ARCHIVED})),
    "unmaintained": ("no longer maintained|unmaintained",
                     frozenset({m.Status.DEPRECATED, m.Status.ARCHIVED})),
}
"""Status phrases in free text, and the record statuses each agrees with."""


def one_fact_one_place(content: Content) -> list[Diagnostic]:
    """Releases and lifecycle statuses live in their records; free text may not restate them.

    "The newest release is 2.15" turns false the day 2.16 ships while the page's release
    line (from ``latest_release``) moves on; a note calling an archived tool "in
    maintenance" contradicts the status badge beside it.
    """
    comps = [c.record for c in content.components]
    names = sorted(((n, c) for c in comps for n in (c.name, *c.aliases)),
                   key=lambda nc: -len(nc[0]))
    finder = _NameFinder([n for n, _ in names])
    # What a text is found to say depends on the text and on the components' names and
    # statuses, so those are part of the key under which a result is remembered.
    check = "facts\0" + repr([(n, c.id, c.status.value) for n, c in names])

    def problems(text: str) -> list[tuple[str, str]]:
        found = []
        hit = _AGEING_VERSION.search(text)
        if hit:
            found.append((f"free text calls a version current: '{hit.group(0)}'",
                          "state releases in latest_release (pages show it with its date), "
                          "or give the version a date"))
        present = finder.present(text)
        for name, comp in names:
            if name not in present:
                continue
            for said, agrees in _stated_statuses(text, name, finder):
                if comp.status not in agrees:
                    found.append((f"free text says {name} is {said}, but its record says "
                                  f"'{comp.status.value}'",
                                  f"fix the sentence or components/{comp.id}.yml"))
        return found

    out = []
    for entry in all_entries(content):
        for text, loc in strings_of(entry):
            if isinstance(entry.record, m.Source) and loc == ("title",):
                continue  # a source's title is its author's words, dated by 'accessed'
            for message, hint in checked(check, text, problems):
                out.append(error(entry.at(*loc), message, hint))
    return out


class _NameFinder:
    """Which of many names occur in a text, in one pass over the text (not one per name).

    A hostile file with thousands of aliases made the rule quadratic: every alias is a
    text, and every text was searched for every name.
    """

    def __init__(self, names: list[str]) -> None:
        ordered = sorted(set(names), key=lambda n: (-len(n), n))
        # At each position the longest name that starts there; the shorter names that
        # also start there are its prefixes, found from a set.
        self._at = re.compile("(?=(" + "|".join(map(re.escape, ordered)) + "))") \
            if ordered else None
        known = set(ordered)
        self._prefixes = {n: [n[:k] for k in range(1, len(n)) if n[:k] in known]
                          for n in ordered}

    def occurrences(self, text: str) -> Iterator[tuple[int, list[str]]]:
        """Each position where names start, with every name that starts there."""
        if self._at is None:
            return
        for hit in self._at.finditer(text):
            longest = hit.group(1)
            yield hit.start(), [longest, *self._prefixes[longest]]

    def present(self, text: str) -> set[str]:
        """Every name that occurs in ``text``."""
        return {n for _, found in self.occurrences(text) for n in found}


@functools.lru_cache(maxsize=1024)
def _mention(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")


def _stated_statuses(text: str, name: str, finder: _NameFinder
                     ) -> Iterator[tuple[str, frozenset[m.Status]]]:
    """Status phrases that follow ``name`` in the same clause, before another tool is named."""
    for found in _mention(name).finditer(text):
        clause = re.split(r"[.;]\s|\n\n", text[found.end():found.end() + 60], maxsplit=1)[0]
        for at, names in finder.occurrences(clause):
            if any(other != name for other in names):
                clause = clause[:at]
                break
        for said, (pattern, agrees) in _STATUS_WORDS.items():
            if re.match(rf"[^.;]{{0,15}}?\b(?:{pattern})\b", clause, re.IGNORECASE):
                yield said, agrees
