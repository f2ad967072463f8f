"""Prose pages: contributor markdown with a few named fragments, never a template.

A prose page body is markdown plus ``{{ ... }}`` fragments from a closed list
that the generator parses itself (see SECURITY.md for why this, rather than a
jinja2 sandbox): nothing in a body is ever evaluated, so no Python object,
filter, file or loop is reachable from it.

* ``{{ cite(["source-id", ...]) }}``: citation marks (inline);
* ``{{ rows_table(["feature-id", ...]) }}``: matrix rows as a table (own line);
* ``{{ category_table("category-id") }}``: a whole matrix category (own line);
* ``{{ site.title }}``, ``{{ site.data_license }}``, ``{{ site.stale_after_days }}``,
  ``{{ subject_names }}``: values from the data, printed as text.

Arguments are literals only (read with :func:`ast.literal_eval`). Markdown
outside fragments goes through :mod:`generator.sanitize`; ATX headings stay
markdown headings (escaped) so the engine still builds the table of contents.
"""

from __future__ import annotations

import ast
import bisect
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator import sanitize

FRAGMENTS = ("cite", "rows_table", "category_table")
"""Fragment functions a prose page may call."""

VARIABLES = ("site.title", "site.data_license", "site.stale_after_days", "subject_names")
"""Values a prose page may print."""

BLOCK_FRAGMENTS = ("rows_table", "category_table")
"""Fragments that produce a table and must stand on a line of their own."""

MAX_ARGUMENT_CHARS = 4000
"""Longest argument list accepted, so a fragment cannot be a parsing bomb."""

_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}")
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)(?:\s*\((.*)\))?", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}!#])")
# Linear: the title is taken whole and its closing '#'s are trimmed in Python.
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")


@dataclass(frozen=True)
class Fragment:
    """One parsed ``{{ ... }}`` fragment."""

    name: str
    argument: Any
    line: int
    col: int
    start: int
    end: int


@dataclass(frozen=True)
class Problem:
    """A located problem in a prose body (1-based line within the body, column)."""

    line: int
    col: int
    message: str
    hint: str


_HINT = ("use markdown and the fragments cite([...]), rows_table([...]), category_table(\"id\"), "
         "or one of: " + ", ".join("{{ " + v + " }}" for v in VARIABLES))


def _code_mask(line: str) -> list[tuple[int, int]]:
    """Spans of inline code in one line (equal-length backtick runs), in linear time."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
        elif line[i] == "`":
            j = i
            while j < len(line) and line[j] == "`":
                j += 1
            runs.append((i, j - i))
            i = j
        else:
            i += 1
    # For each run, the index of the next run of the same length (or -1).
    following = [-1] * len(runs)
    last: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        following[k] = last.get(runs[k][1], -1)
        last[runs[k][1]] = k
    spans = []
    k = 0
    while k < len(runs):
        close = following[k]
        if close == -1:
            k += 1
            continue
        spans.append((runs[k][0], runs[close][0] + runs[close][1]))
        k = close + 1
    return spans


def _inside(spans: list[tuple[int, int]], col: int) -> bool:
    k = bisect.bisect_right(spans, (col, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= col < spans[k][1]


def _parse_one(text: str) -> tuple[str, Any] | str:
    """Parse what is between ``{{`` and ``}}``; return (name, argument) or an error message."""
    match = _CALL.fullmatch(text.strip())
    if match is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        return f"'{{{{{shown}}}}}' is not a fragment"
    name, args = match.group(1), match.group(2)
    if args is None:
        if name in VARIABLES:
            return name, None
        return f"unknown value '{name}'"
    if name not in FRAGMENTS:
        return f"unknown fragment '{name}'"
    if len(args) > MAX_ARGUMENT_CHARS:
        return f"fragment '{name}' has arguments over {MAX_ARGUMENT_CHARS} characters"
    try:
        value = ast.literal_eval(args.strip() or "None")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return f"fragment '{name}' takes literal arguments only"
    if name == "category_table":
        if not isinstance(value, str):
            return "category_table takes one category id in quotes"
    elif not (isinstance(value, list) and value and all(isinstance(x, str) for x in value)):
        return f"{name} takes a list of ids in quotes, such as [\"a\", \"b\"]"
    return name, value


def scan(body: str) -> tuple[list[Fragment], list[Problem]]:
    """Find every fragment in a body, outside code; report everything that is not one."""
    fragments: list[Fragment] = []
    problems: list[Problem] = []
    fence = ""
    offset = 0
    for n, line in enumerate(body.split("\n"), start=1):
        line_start = offset
        offset += len(line) + 1
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            continue
        if opener:
            fence = opener.group(1)
            continue
        if line.startswith(("    ", "\t")) and not line.strip().startswith(("{{", "-", "*")):
            continue  # an indented code block shows its text literally
        masked = _code_mask(line)
        closers = [m.start() for m in _CLOSE.finditer(line)]
        resume = 0
        for hit in _OPEN.finditer(line):
            col = hit.start()
            # Openers inside a fragment already judged are part of it, not new ones:
            # this keeps the scan linear on lines of repeated '{{'.
            if col < resume or _inside(masked, col):
                continue
            if hit.group(0) != "{{":
                problems.append(Problem(n, col + 1, f"template tag '{hit.group(0)}' is not "
                                        "allowed in prose pages", _HINT))
                continue
            k = bisect.bisect_left(closers, col + 2)
            close = closers[k] if k < len(closers) else -1
            if close == -1:
                problems.append(Problem(n, col + 1, "'{{' is not closed on the same line",
                                        _HINT))
                continue
            resume = close + 2
            parsed = _parse_one(line[col + 2:close])
            if isinstance(parsed, str):
                problems.append(Problem(n, col + 1, parsed, _HINT))
                continue
            name, argument = parsed
            if name in BLOCK_FRAGMENTS and line.strip() != line[col:close + 2].strip():
                problems.append(Problem(n, col + 1, f"{name} must stand on a line of its own",
                                        "put the fragment on its own line, with blank lines "
                                        "around it"))
                continue
            fragments.append(Fragment(name, argument, n, col + 1, line_start + col,
                                      line_start + close + 2))
    return fragments, problems


@dataclass(frozen=True)
class Fragments:
    """What the renderer supplies: fragment functions, values and a link resolver."""

    call: Mapping[str, Callable[[Any], str]]
    values: Mapping[str, str]
    resolve: sanitize.LinkResolver


def _segments(body: str, fragments: list[Fragment]) -> Iterator[tuple[str, str]]:
    """Split a body into ('md', text), ('heading', line) and ('block', fragment index)."""
    blocks = {f.line: i for i, f in enumerate(fragments) if f.name in BLOCK_FRAGMENTS}
    chunk: list[str] = []
    fence = ""
    for n, line in enumerate(body.split("\n"), start=1):
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            chunk.append(line)
            continue
        if opener:
            fence = opener.group(1)
            chunk.append(line)
            continue
        heading = _heading(line)
        if heading or n in blocks:
            if chunk:
                yield "md", "\n".join(chunk)
                chunk = []
            yield ("heading", line) if heading else ("block", str(blocks[n]))
            continue
        chunk.append(line)
    if chunk:
        yield "md", "\n".join(chunk)


def _heading(line: str) -> tuple[str, str] | None:
    """An ATX heading's marks and title (closing '#'s trimmed), or None."""
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    title = (match.group(2) or "").rstrip(" \t")
    bare = title.rstrip("#")
    if bare != title and (not bare or bare.endswith((" ", "\t"))):
        title = bare.rstrip(" \t")
    return match.group(1), title


def escape_heading(text: str) -> str:
    """Escape a heading's text for markdown; the engine builds the table of contents from it."""
    # No character references unless unavoidable: the theme prints the table of
    # contents escaped again, so '&#x27;' would show literally there.
    text = re.sub(r"&(?=#|\w+;)", "&amp;", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


class MisplacedFragments(Exception):
    """Inline fragments inside a tag (a link or image target, a title), or removed.

    Markdown can put a fragment inside a tag, and the sanitiser removes comments. Values
    are swapped in after sanitising, where nothing would check them (a site title of
    ``javascript:...`` would become a link); a removed one would vanish without a word.
    Both are refused instead.
    """

    def __init__(self, fragments: list[Fragment]) -> None:
        self.fragments = fragments
        super().__init__(", ".join(misplaced(f) for f in fragments))


def misplaced(fragment: Fragment) -> str:
    """The message for one fragment found inside a tag or removed."""
    return (f"'{{{{ {fragment.name} }}}}' stands inside a link, an image, an HTML "
            "attribute or a comment, where no fragment may go")


MISPLACED_HINT = ("put the fragment in the text, outside the link or image target: "
                  "[the site's name](index.md) is {{ site.title }}")
_TAG = re.compile(r"""<[A-Za-z/!?][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>""")
"""A tag of the sanitiser's output, whose quoted values may hold '>'."""


def _fill(html: str, token: str, inline: list[str], placed: list[Fragment]) -> str:
    """Swap each token for its fragment's markup, in text only (never inside a tag)."""
    pattern = re.compile(token + r"(\d+)" + token)
    inside = [placed[int(found.group(1))] for tag in _TAG.finditer(html)
              for found in pattern.finditer(tag.group(0))]
    # A token the sanitiser removed (inside a comment or a dropped element) is a fragment
    # that would vanish without a word.
    kept = {int(found.group(1)) for found in pattern.finditer(html)}
    lost = [frag for i, frag in enumerate(placed) if i not in kept]
    if inside or lost:
        raise MisplacedFragments(sorted([*inside, *lost], key=lambda f: (f.line, f.col)))
    return pattern.sub(lambda m: inline[int(m.group(1))], html)


def render(body: str, supplied: Fragments) -> str:
    """Return the markdown for a checked prose body: sanitised HTML, headings, fragments.

    Raises :class:`MisplacedFragments` for inline fragments that end up inside a tag, or
    that the sanitiser removed (inside a comment).
    """
    fragments, _ = scan(body)
    # Inline fragments become tokens that survive markdown and sanitising as plain
    # text; they are swapped for the generator's own output afterwards. A token is
    # unguessable, so no contributor text (in the body, or data that block fragments
    # print) can forge one; it never reaches the output.
    token = f"zq{secrets.token_hex(8)}zq"
    while token in body:
        # Contributor text never decides which text is swapped for generated markup.
        token = "zq" + token
    pieces: list[str] = []
    last = 0
    inline: list[str] = []
    placed: list[Fragment] = []
    for frag in fragments:
        if frag.name in BLOCK_FRAGMENTS:
            continue
        pieces.append(body[last:frag.start])
        if frag.argument is None:
            # One line, whatever the value holds: a newline could start a markdown block.
            inline.append(sanitize.inert(supplied.values[frag.name]).replace("\n", "&#10;"))
        else:
            inline.append(supplied.call[frag.name](frag.argument))
        placed.append(frag)
        pieces.append(f"{token}{len(inline) - 1}{token}")
        last = frag.end
    pieces.append(body[last:])
    text = "".join(pieces)
    out: list[str] = []
    for kind, value in _segments(text, fragments):
        if kind == "heading":
            found = _heading(value)
            assert found is not None
            # A value must not complete an entity begun by the '&' written before it.
            title = escape_heading(found[1]).replace("&" + token, "&amp;" + token)
            out.append(f"{found[0]} {title}")
        elif kind == "block":
            frag = fragments[int(value)]
            out.append(supplied.call[frag.name](frag.argument).strip("\n"))
        elif value.strip():
            html = sanitize.markdown_html(value, supplied.resolve)
            out.append(f'<div class="md-text">{html}</div>')
    return _fill("\n\n".join(out) + "\n", token, inline, placed)
