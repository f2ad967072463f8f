"""Content from pull requests is untrusted: the adversarial corpus of SECURITY.md.

Every class of attack in SECURITY.md has at least one case here. A case edits a
copy of the databases fixture, then runs it through ``generator check``,
``generator build`` and a real ``mkdocs build --strict``. Cases that must be
refused assert the exact located first line and that nothing was published;
cases that must be neutralised build, and the built HTML is scanned with an
HTML parser for event handlers, dangerous URL schemes after entity decoding,
script elements a clean build does not have, and markers of files from outside
the repository.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import escape, prose, sanitize
from generator.stages import render
from tests.conftest import ROOT
from tests.test_mkdocs import make_project, mkdocs

OUTSIDE_MARKER = "outside-secret-7f3a9c"
"""Written into a file outside the project; it must never reach the site."""


# --- the scanner ----------------------------------------------------------------------------

_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_LOADS = {("img", "src"), ("script", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("video", "poster"), ("embed", "src")}
"""Attributes whose URL the browser fetches by itself: they must stay on the site's host."""
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
              "srcset", "data", "codebase"}


class HostileScan(HTMLParser):
    """What a browser would execute: handlers, script URLs, scripts and frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            src = dict(attrs).get("src") or ""
            # A JSON data block is never executed (its '<' are escaped, so it cannot end
            # early); only executable scripts are compared with the clean build.
            data = dict(attrs).get("type") == "application/json"
            self._script = None if data else ([f"src={src}"] if src else [])
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
            self.found.append(f"<{tag}>")
        for key, value in attrs:
            if key.startswith("on"):
                self.found.append(f"<{tag} {key}=...>")
            if key == "srcdoc" or (key == "http-equiv" and (value or "").lower() == "refresh"):
                self.found.append(f"<{tag} {key}>")
            if (tag, key) in _LOADS and value and _other_host(value):
                self.found.append(f"<{tag} {key}={value[:40]}> loads from another host")
            if (tag == "link" and key == "href" and value and _other_host(value)
                    and (dict(attrs).get("rel") or "") in ("stylesheet", "preload", "icon")):
                self.found.append(f"<link href={value[:40]}> loads from another host")
            if key in _URL_ATTRS and value:
                # Browsers drop ASCII whitespace and controls inside a URL's scheme.
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value))
                if _BAD_SCHEME.match(url) and url != "javascript:void(0)":
                    self.found.append(f"<{tag} {key}={value[:40]}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def _other_host(value: str) -> bool:
    """Whether a browser would resolve this URL to another host (as WHATWG URL parsing does)."""
    url = html.unescape(value).strip("\x00 \t\n\r\x0c").replace("\\", "/")
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith("//"))


def scan_html(text: str) -> HostileScan:
    scanner = HostileScan()
    scanner.feed(text)
    scanner.close()
    return scanner


def scan_site(site: Path, clean_scripts: set[str]) -> list[str]:
    """Every finding on every page of a built site, plus scripts a clean build lacks."""
    problems = []
    for page in sorted(site.rglob("*")):
        if not page.is_file():
            continue
        data = page.read_bytes()
        if OUTSIDE_MARKER.encode() in data or b"root:x:0:0" in data:
            problems.append(f"{page}: content of a file outside the repository")
        if page.suffix != ".html":
            continue
        result = scan_html(data.decode("utf-8"))
        problems.extend(f"{page.relative_to(site)}: {f}" for f in result.found)
        problems.extend(f"{page.relative_to(site)}: new script {s[:60]!r}"
                        for s in result.scripts if _script_key(s) not in clean_scripts)
    return problems


def _script_key(script: str) -> str:
    # Scripts that carry the page's own data differ per page; their shape does not.
    return re.sub(r"\s+", " ", re.sub(r'"[^"]*"|\d+', "", script))[:200]


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Script bodies of a clean build of the fixture: the only scripts allowed."""
    project = make_project(tmp_path_factory.mktemp("clean"))
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    scripts: set[str] = set()
    for page in (project / "site").rglob("*.html"):
        scripts.update(_script_key(s) for s in scan_html(page.read_text()).scripts)
    assert scripts, "a clean build has the theme's scripts"
    assert scan_site(project / "site", scripts) == []
    return scripts


# --- running a case ---------------------------------------------------------------------------

def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, check=False, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"{OUTSIDE_MARKER}\n")
    return secret


def _page(content: Path, body: str) -> None:
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About\ndescription: A page.\norder: 80\n---\n" + body, encoding="utf-8")


def _append(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _example(content: Path, task: str = "connect") -> Path:
    folder = content / "examples" / task
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sqlite.py").write_text('"""Connect."""\nimport sqlite3\nprint(sqlite3)\n')
    return folder


Setup = Callable[[Path, Path], None]

# (name, setup(content, tmp_path), exact first line of check/build, or None when neutralised)
REFUSED: list[tuple[str, Setup, str]] = [
    # 1. Code execution from prose pages: never evaluated, every form reported.
    ("exec-globals", lambda c, t: _page(
        c, "# A\n\n{{ lipsum.__globals__.os.popen('touch PWNED').read() }}\n"),
     "content/pages/about.md:8:1: error: unknown fragment 'lipsum.__globals__.os.popen' (use "
     "markdown and the fragments cite([...]), rows_table([...]), "
     "category_table(\"id\"), or one of: {{ site.title }}, {{ site.data_license }}, "
     "{{ site.stale_after_days }}, {{ subject_names }})"),
    ("exec-safe-filter", lambda c, t: _page(c, "# A\n\n{{ '<script>x</script>' | safe }}\n"),
     "content/pages/about.md:8:1: error: '{{ '<script>x</script>' | safe }}' is not a fragment "
     "(use markdown and the fragments cite([...]), rows_table([...]), category_table(\"id\"), "
     "or one of: {{ site.title }}, {{ site.data_license }}, {{ site.stale_after_days }}, "
     "{{ subject_names }})"),
    ("exec-huge-loop", lambda c, t: _page(
        c, "# A\n\n{% for i in range(10**10) %}x{% endfor %}\n"),
     "content/pages/about.md:8:1: error: template tag '{%' is not allowed in prose pages (use "
     "markdown and the fragments cite([...]), rows_table([...]), category_table(\"id\"), or one "
     "of: {{ site.title }}, {{ site.data_license }}, {{ site.stale_after_days }}, "
     "{{ subject_names }})"),
    ("exec-include-plus", lambda c, t: _page(c, "# A\n\n{%+ include '../../etc/passwd' %}\n"),
     "content/pages/about.md:8:1: error: template tag '{%' is not allowed in prose pages (use "
     "markdown and the fragments cite([...]), rows_table([...]), category_table(\"id\"), or one "
     "of: {{ site.title }}, {{ site.data_license }}, {{ site.stale_after_days }}, "
     "{{ subject_names }})"),
    ("exec-fragment-call", lambda c, t: _page(
        c, "# A\n\nText.{{ cite(__import__('os').system('touch PWNED')) }}\n"),
     "content/pages/about.md:8:6: error: fragment 'cite' takes literal arguments only (use "
     "markdown and the fragments cite([...]), rows_table([...]), category_table(\"id\"), or one "
     "of: {{ site.title }}, {{ site.data_license }}, {{ site.stale_after_days }}, "
     "{{ subject_names }})"),
    ("exec-division", lambda c, t: _page(c, "# A\n\n{{ 1/0 }}\n"),
     "content/pages/about.md:8:1: error: '{{ 1/0 }}' is not a fragment (use markdown and the "
     "fragments cite([...]), rows_table([...]), category_table(\"id\"), or one of: "
     "{{ site.title }}, {{ site.data_license }}, {{ site.stale_after_days }}, "
     "{{ subject_names }})"),
    ("fragment-unknown-source", lambda c, t: _page(c, "# A\n\nText.{{ cite([\"nope\"]) }}\n"),
     "content/pages/about.md:8:6: error: unknown source 'nope' (known sources: duckdb-home, "
     "postgresql-home, sqlite-home)"),
    ("fragment-as-link-target", lambda c, t: _page(c, "# A\n\nSee [the site]({{ site.title }}).\n"),
     "content/pages/about.md:8:16: error: '{{ site.title }}' stands inside a link, an image, "
     "an HTML attribute or a comment, where no fragment may go (put the fragment in the text, "
     "outside the link or image target: [the site's name](index.md) is {{ site.title }})"),
    # 2. Stored XSS through a URL field.
    ("url-attr-list", lambda c, t: _append(
        c / "sources" / "main.yml", "url: https://", "url: https://x.org/){onclick=alert(1)}?"),
     "content/sources/main.yml:3:10: error: sources[0].url: expected an https:// URL, got "
     "'https://x.org/){onclick=alert(1)}?www.postgresql.org/'"),
    ("versions-markup", lambda c, t: (_example(c), (c / "examples" / "versions.json").write_text(
        '{"python": "3.11", "packages": {"sqlite3": "<img src=x onerror=alert(1)>"}}')),
     "content/examples/versions.json:1:1: error: version of 'sqlite3' is not a plain version "
     "string (versions look like 2.13.0; re-run the example runner)"),
    # 3. Files from outside the repository.
    ("symlink-example", lambda c, t: (_example(c), (c / "examples" / "connect" / "duckdb.py")
                                      .symlink_to(_outside(t))),
     "content/examples/connect/duckdb.py:1:1: error: symbolic links are not allowed (replace "
     "the link with the file itself)"),
    ("symlink-page", lambda c, t: (c / "pages" / "leak.md").symlink_to("/proc/self/environ"),
     "content/pages/leak.md:1:1: error: symbolic links are not allowed (replace the link with "
     "the file itself)"),
    ("symlink-assets-folder", lambda c, t: (c / "assets").symlink_to(_outside(t).parent),
     "content/assets:1:1: error: symbolic links are not allowed (replace the link with the "
     "file itself)"),
    ("symlink-asset-file", lambda c, t: ((c / "assets").mkdir(),
                                         (c / "assets" / "a.png").symlink_to(_outside(t))),
     "content/assets/a.png:1:1: error: symbolic links are not allowed (replace the link with "
     "the file itself)"),
    ("symlink-content-folder", lambda c, t: (shutil.move(c, t / "elsewhere"),
                                             c.symlink_to(t / "elsewhere")),
     "content:1:1: error: symbolic links are not allowed (replace the link with the folder "
     "itself)"),
    ("symlink-yaml", lambda c, t: (c / "subjects" / "leak.yml").symlink_to("/etc/passwd"),
     "content/subjects/leak.yml:1:1: error: symbolic links are not allowed (replace the link "
     "with the file itself)"),
    ("asset-html", lambda c, t: ((c / "assets").mkdir(), (c / "assets" / "x.html").write_text(
        "<script>alert(1)</script>")),
     "content/assets/x.html:1:1: error: asset type '.html' is not published (assets may be "
     ".png, .jpg, .jpeg, .gif, .webp images (convert SVG to PNG))"),
    ("asset-theme-bundle", lambda c, t: (
        (c / "assets" / "javascripts").mkdir(parents=True),
        (c / "assets" / "javascripts" / "bundle.min.js").write_text("alert(1)")),
     "content/assets/javascripts/bundle.min.js:1:1: error: asset type '.js' is not published "
     "(assets may be .png, .jpg, .jpeg, .gif, .webp images (convert SVG to PNG))"),
    ("asset-svg", lambda c, t: ((c / "assets").mkdir(), (c / "assets" / "x.svg").write_text(
        "<svg onload=alert(1)></svg>")),
     "content/assets/x.svg:1:1: error: asset type '.svg' is not published (assets may be "
     ".png, .jpg, .jpeg, .gif, .webp images (convert SVG to PNG))"),
    ("asset-disguised", lambda c, t: ((c / "assets").mkdir(), (c / "assets" / "x.png")
                                      .write_text("<script>alert(1)</script>")),
     "content/assets/x.png:1:1: error: file is not a .png image (save it in the format its "
     "name says)"),
    # 4. Content that would silently replace generated pages.
    ("page-replaces-home", lambda c, t: shutil.copy(c / "pages" / "about.md",
                                                    c / "pages" / "index.md"),
     "content/pages/index.md:1:1: error: page URL '/' is already used by a generated page "
     "(rename the file or folder; generated pages keep their URLs)"),
    ("page-replaces-matrix", lambda c, t: shutil.copy(c / "pages" / "about.md",
                                                      c / "pages" / "matrix.md"),
     "content/pages/matrix.md:1:1: error: page URL '/matrix/' is already used by a generated "
     "page (rename the file or folder; generated pages keep their URLs)"),
    ("page-named-like-an-engine-file", lambda c, t: shutil.copy(c / "pages" / "about.md",
                                                                c / "pages" / "sitemap.xml.md"),
     "content/pages/sitemap.xml.md:1:1: error: page file name 'sitemap.xml.md' is not an id "
     "(name pages and their folders with lower-case letters, digits and single hyphens, such "
     "as 'getting-started.md')"),
    ("example-replaces-index", lambda c, t: _example(c, "index"),
     "content/examples/index:1:1: error: page URL '/examples/' is already used by a generated "
     "page (rename the file or folder; generated pages keep their URLs)"),
    # 5. Bad inputs that used to traceback.
    ("versions-broken-json", lambda c, t: (_example(c), (c / "examples" / "versions.json")
                                           .write_text('{"python": ')),
     "content/examples/versions.json:1:12: error: invalid JSON: Expecting value (this file is "
     "written by the example runner; re-run it)"),
    ("example-not-utf8", lambda c, t: (_example(c), (c / "examples" / "connect" / "duckdb.py")
                                       .write_bytes(b"x = '\xff'\n")),
     "content/examples/connect/duckdb.py:1:6: error: file is not valid UTF-8 (byte 0xff) "
     "(save the file as UTF-8)"),
    ("example-docstring-escape", lambda c, t: (_example(c), (c / "examples" / "connect" /
                                                            "duckdb.py").write_text(
        '"""Connect \\u202egnp.exe\\u202c to a database."""\nprint("ok: connected")\n')),
     "content/examples/connect/duckdb.py:1:1: error: invisible or control character U+202E "
     "(right-to-left override) in the docstring (delete it: it can hide or reorder what "
     "readers and reviewers see)"),
    ("example-over-cap", lambda c, t: (_example(c), (c / "examples" / "connect" / "duckdb.py")
                                       .write_bytes(b"#" * 1_048_600)),
     "content/examples/connect/duckdb.py:1:1: error: file is 1048600 bytes, over the "
     "1048576-byte limit (split it into smaller files)"),
    # 6. Invisible or confusable text.
    ("bidi-override", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                           "name: SQ\u202eLite"),
     "content/subjects/sqlite.yml:2:9: error: invisible or control character U+202E "
     "(right-to-left override) (delete it: it can hide or reorder what readers and reviewers "
     "see)"),
    ("zero-width", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                        "name: SQ\u200bLite"),
     "content/subjects/sqlite.yml:2:9: error: invisible or control character U+200B "
     "(zero width space) (delete it: it can hide or reorder what readers and reviewers see)"),
    ("arabic-letter-mark", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                                "name: SQ\u061cLite"),
     "content/subjects/sqlite.yml:2:9: error: invisible or control character U+061C "
     "(arabic letter mark) (delete it: it can hide or reorder what readers and reviewers see)"),
    ("tag-characters", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                            "name: SQ\U000e0049\U000e0047Lite"),
     "content/subjects/sqlite.yml:2:9: error: invisible or control character U+E0049 "
     "(tag latin capital letter i) (delete it: it can hide or reorder what readers and "
     "reviewers see)"),
    ("hangul-filler", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                           "name: SQ\u3164Lite"),
     "content/subjects/sqlite.yml:2:9: error: invisible or control character U+3164 "
     "(hangul filler) (delete it: it can hide or reorder what readers and reviewers see)"),
    ("escape-in-key", lambda c, t: _append(c / "evidence" / "point-query.yml",
                                           'duckdb: "1.1.3"', '"duck\\u202edb": "1.1.3"'),
     "content/evidence/point-query.yml:16:14: error: invisible or control character "
     "U+202E (right-to-left override) in a key (delete it: it can hide or reorder what "
     "readers and reviewers see)"),
    ("line-break-in-key", lambda c, t: _append(c / "evidence" / "point-query.yml",
                                               'duckdb: "1.1.3"', '"duck\\n# db": "1.1.3"'),
     "content/evidence/point-query.yml:16:14: error: mapping keys must be one line of "
     "text (remove the line break or tab from the key)"),
    ("package-name-key", lambda c, t: _append(c / "evidence" / "point-query.yml",
                                              'duckdb: "1.1.3"', '"duck db|x": "1.1.3"'),
     "content/evidence/point-query.yml:16:27: error: manifest.versions.duck db|x.[key]: "
     "expected text matching ^[A-Za-z0-9][A-Za-z0-9._+-]{0,59}$, got 'duck db|x'"),
    ("example-too-deep", lambda c, t: (_example(c), (c / "examples" / "connect" / "duckdb.py")
                                       .write_text("x = " + "1+" * 100_000 + "1\n")),
     "content/examples/connect/duckdb.py:1:1: error: example could not be parsed: it nests "
     "too deeply for Python's parser (write the expression over several statements)"),
    ("line-separator", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                            "name: SQ\u2028Lite"),
     "content/subjects/sqlite.yml:2:9: error: invisible or control character U+2028 "
     "(line separator) (delete it: it can hide or reorder what readers and reviewers see)"),
    ("yaml-escape-nul", lambda c, t: _append(c / "subjects" / "sqlite.yml", "name: SQLite",
                                             'name: "SQ\\0Lite"'),
     "content/subjects/sqlite.yml:2:7: error: invisible or control character U+0000 (control "
     "character) in text (delete it: it can hide or reorder what readers and reviewers see)"),
    ("control-in-prose", lambda c, t: _page(c, "# A\n\nText \x1b[31m red.\n"),
     "content/pages/about.md:8:6: error: invisible or control character U+001B (control "
     "character) (delete it: it can hide or reorder what readers and reviewers see)"),
    ("control-in-url", lambda c, t: _page(c, "# A\n\n[x](\x01javascript:alert(1))\n"),
     "content/pages/about.md:8:5: error: invisible or control character U+0001 (control "
     "character) (delete it: it can hide or reorder what readers and reviewers see)"),
    ("windows-reserved", lambda c, t: shutil.copy(c / "subjects" / "sqlite.yml",
                                                  c / "subjects" / "con.yml"),
     "content/subjects/con.yml:1:1: error: file name 'con.yml' is reserved on Windows (rename "
     "it)"),
    ("case-collision", lambda c, t: shutil.copy(c / "subjects" / "sqlite.yml",
                                                c / "subjects" / "SQLite.yml"),
     "content/subjects/sqlite.yml:1:1: error: file name 'sqlite.yml' differs only in case "
     "from 'SQLite.yml' (rename one of them)"),
    ("site-url-double-slash", lambda c, t: _append(c / "site.yml", "url: https://example.org/",
                                                   "url: https://example.org//evil.example/"),
     "content/site.yml:3:6: error: url: the path of 'https://example.org//evil.example/"
     "databases/' has an empty segment ('//') (write single slashes, for example "
     "https://example.org/site/)"),
    ("carriage-return-in-line", lambda c, t: _append(
        c / "subjects" / "sqlite.yml", "name: SQLite", 'name: "SQLite\\r\\r# Heading"'),
     "content/subjects/sqlite.yml:2:7: error: invisible or control character U+000D (control "
     "character) in text (delete it: it can hide or reorder what readers and reviewers see)"),
    ("non-ascii-name", lambda c, t: shutil.copy(c / "subjects" / "sqlite.yml",
                                                c / "subjects" / "sqlitе.yml"),
     "content/subjects/sqlit\u0435.yml:1:1: error: file name 'sqlit\\u0435.yml' has characters "
     "other than ASCII letters, digits, '.', '-' and '_' (rename it)"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "setup", "expected"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused(tmp_path: Path, name: str, setup: Setup, expected: str,
                 clean_build: set[str]) -> None:
    project = make_project(tmp_path)
    content = project / "content"
    setup(content, tmp_path)
    for args in (("check",), ("build", "--out", "out")):
        proc = _run(project, *args)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.splitlines()[0] == expected
    assert not (project / "out").exists() or not any((project / "out").rglob("*.md"))
    assert not (project / "PWNED").exists()
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert expected in proc.stderr
    assert not (project / "site" / "index.html").exists()


# Payloads that must build and come out inert.
ATTACKS = [
    '<img src=x onerror="alert(1)">', "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">j</a>', '<a href="&#106;avascript:alert(1)">e</a>',
    '<a href="java&#x09;script:alert(1)">t</a>', '<a href="java\nscript:alert(1)">n</a>',
    '<a href="vbscript:msgbox(1)">v</a>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>', "<svg onload=alert(1)>",
    "<img\nsrc=x\nonerror=alert(1)>", "[ref][r]\n\n[r]: javascript:alert(1)",
    "text {: onclick=\"alert(1)\" }", "[l](https://x.org){: onclick=alert(1) }",
    "\\`<script>alert(1)</script>\\`", "`` ` ``<img src=x onerror=alert(1)>",
    "<iframe src=https://x.org></iframe>", '<a href="https://x.org" onmouseover=alert(1)>m</a>',
    "<details open ontoggle=alert(1)>x</details>", "<math><mi xlink:href=javascript:alert(1)>",
    "<style>*{background:url(javascript:alert(1))}</style>", "<form action=javascript:1>",
    '<img src=" //evil.example/a.png" alt="a">', '<img src="/\\evil.example/b.png" alt="b">',
    "![c](/\\evil.example/c.png)", '<img src="\\\\evil.example/d.png" alt="d">',
    '<img src="&#32;https://evil.example/f.png">', "![e](https://evil.example/e.png)",
    "a&#13;&#13;=======&#13;&#13;    code&#13;1. list", "[" * 300 + "<a " * 300,
]


def _fence_lookalike(content: Path, _: Path) -> None:
    _page(content, "# A\n\n~~~~\ncode\n```\n<script>alert(1)</script>\n\n<img src=x "
          "onerror=alert(1)>\n")


def _poison_everything(content: Path, _: Path) -> None:
    import yaml

    # One-line fields hold at most 240 characters: a short mix of the payloads.
    payload = '<img src=x onerror="alert(1)"> {: onclick="alert(1)" } [l](javascript:alert(1))'

    def walk(value: object, key: str = "") -> object:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str) and key in {"summary", "detail", "description", "name",
                                               "title", "label", "value", "scenario", "intro",
                                               "why", "when", "status_note", "publisher",
                                               "text", "answer", "notes"}:
            multi = key in {"detail", "scenario", "intro", "answer"}
            return value + " " + ("\n\n".join(ATTACKS) if multi else payload)
        return value

    for path in content.rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(walk(data), allow_unicode=True), encoding="utf-8")
    site = content / "site.yml"
    _append(site, "subject_noun: database", "subject_noun: <img src=x onerror=alert(1)>")


# (name, setup, text a reader must see: proof that the payload's page was built)
NEUTRALISED: list[tuple[str, Setup, str]] = [
    ("prose-attacks", lambda c, t: _page(c, "# A\n\n" + "\n\n".join(ATTACKS) + "\n"),
     'text {: onclick="alert(1)" }'),
    ("prose-fence-lookalike", _fence_lookalike, "<script>alert(1)</script>"),
    ("prose-token-lookalike", lambda c, t: _page(
        c, "# A\n\nText zqfragmentzq7zqfragmentzq and {{ site.title }}.\n"),
     "Text zqfragmentzq7zqfragmentzq and"),
    ("data-fields-and-noun", _poison_everything, '{: onclick="alert(1)" }'),
    ("example-note", lambda c, t: (_example(c), (c / "examples" / "connect" / "duckdb.md")
                                   .write_text("\n\n".join(ATTACKS))),
     'text {: onclick="alert(1)" }'),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "setup", "visible"), NEUTRALISED,
                         ids=[c[0] for c in NEUTRALISED])
def test_neutralised(tmp_path: Path, name: str, setup: Setup, visible: str,
                     clean_build: set[str]) -> None:
    project = make_project(tmp_path)
    setup(project / "content", tmp_path)
    proc = _run(project, "build", "--out", "out")
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    if proc.returncode == 1:
        # The lint rules may point the contributor at the payload first: that is a
        # located hint, and the sanitiser below is what makes the build safe anyway.
        assert re.match(r"^content/\S+:\d+:\d+: error: ", proc.stderr)
        _lint_off(project)
        proc = _run(project, "build", "--out", "out")
        assert proc.returncode == 0, proc.stderr
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    joined = html.unescape("".join(p.read_text() for p in site.rglob("*.html")))
    assert visible in joined, "the payload did not reach the pages: the case proves nothing"
    assert scan_site(site, clean_build) == []


def _lint_off(project: Path) -> None:
    """Disable the early lint rules in the project's copy: the sanitiser must hold alone."""
    rules = project / "generator" / "stages" / "rules" / "__init__.py"
    text = rules.read_text()
    for name in ("    data_links_safe,\n", "    prose_html_safe,\n"):
        text = text.replace(name, "")
    rules.write_text(text)


# --- the sanitiser itself, property-based ------------------------------------------------------

_CONTROL_SPLIT = '<a href="\x01javascript:alert(1)">c</a>'
_HOSTILE = st.sampled_from([*ATTACKS, _CONTROL_SPLIT, "<", ">", "&", "{:", "}", "`", "```",
                            "~~~", "[", "](",
                            "\n", "\n\n", "    ", "- ", "> ", "!!! note", "|", "javascript:",
                            "on", "=", '"', "'", "&#", ";", "<a ", "<img ", "href=", "src=",
                            "{{ site.title }}", "[x]({{ site.title }})", "{{ subject_names }}"])
_TEXT = st.lists(st.one_of(_HOSTILE, st.text(max_size=8)), max_size=25).map("".join)

_ENGINE = markdown.Markdown(extensions=["admonition", "tables", "toc", "pymdownx.details",
                                        "pymdownx.superfences", "pymdownx.tabbed",
                                        "pymdownx.inlinehilite", "attr_list", "md_in_html"])
"""The engine's markdown with attribute lists switched back on: the output must not need
mkdocs.yml's restraint to stay inert."""


def _assert_inert(fragment: str) -> None:
    for rendered in (fragment, _ENGINE.reset().convert(fragment),
                     _ENGINE.reset().convert("- item\n\n    " + fragment),
                     _ENGINE.reset().convert("| a |\n|---|\n| " + fragment.replace("\n", " ")
                                             + " |")):
        result = scan_html(rendered)
        assert result.found == [], (fragment, rendered)
        assert result.scripts == [], (fragment, rendered)


class _Known:
    src = "about.md"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_every_contributor_text_path_is_inert(text: str) -> None:
    ctx = {"resolve_md": sanitize.docs_link_resolver("", {"matrix.md"}, lambda p: "/" + p)}

    class Ctx(dict):  # type: ignore[type-arg]
        pass

    context = Ctx(ctx)
    _assert_inert(sanitize.markdown_html(text))
    _assert_inert(escape.md_block(context, text))  # type: ignore[arg-type]
    _assert_inert(escape.md_html(context, text))  # type: ignore[arg-type]
    _assert_inert(escape.html_text(text))
    _assert_inert(escape.md_text(text))
    _, problems = prose.scan(text)
    if not problems:
        supplied = prose.Fragments(call={"cite": lambda ids: "<sup>c</sup>",
                                         "rows_table": lambda ids: "| r |\n|---|\n| x |",
                                         "category_table": lambda cid: "| r |\n|---|\n| x |"},
                                   values=dict.fromkeys(prose.VARIABLES, "javascript:alert(1)"),
                                   resolve=lambda target: None)
        # A fragment inside a link is refused with a located error (see the tests below).
        with contextlib.suppress(prose.MisplacedFragments):
            _assert_inert(prose.render(text, supplied))


_DANGEROUS_VALUES = prose.Fragments(
    call={"cite": lambda ids: '<sup class="cite">[1]</sup>', "rows_table": lambda ids: "",
          "category_table": lambda cid: ""},
    values=dict.fromkeys(prose.VARIABLES, "javascript:alert(document.domain)"),
    resolve=lambda target: None)


@pytest.mark.parametrize("body", [
    "Read the [site overview]({{ site.title }}) first.",
    "![logo]({{ site.data_license }})",
    '[x](https://example.org/ "{{ subject_names }}")',
    "[a][ref]\n\n[ref]: {{ site.title }}",
    '<a href="{{ site.title }}">x</a>',
    'A <span title="{{ cite(["s"]) }}">y</span>',
    "A comment <!-- {{ site.title }} --> hides it.",
])
def test_a_fragment_inside_a_link_image_or_attribute_is_refused(body: str) -> None:
    # Values are swapped in after sanitising: inside a tag nothing would check them.
    with pytest.raises(prose.MisplacedFragments) as raised:
        prose.render(body, _DANGEROUS_VALUES)
    assert len(raised.value.fragments) == 1


def test_a_forged_token_is_text_and_a_value_stays_on_one_line() -> None:
    supplied = prose.Fragments(call=_DANGEROUS_VALUES.call, resolve=lambda target: None,
                               values=dict.fromkeys(prose.VARIABLES, "x\n??? note\n    hi"))
    # The old fixed token, written by hand, is only text now.
    out = prose.render("By {{ site.title }}; zqfragmentzq0zqfragmentzq &#122;qfragment&#122;q0"
                       "&#122;qfragment&#122;q\n\n# Head {{ site.title }}\n", supplied)
    assert "zqfragmentzq0zqfragmentzq" in out and out.count("x&#10;???") == 2
    assert "\n??? note" not in out
    # An '&' written before a value does not become an entity with it.
    out = prose.render("# Head &{{ site.title }}\n", prose.Fragments(
        call={}, resolve=lambda target: None, values=dict.fromkeys(prose.VARIABLES, "lt;b")))
    assert out == "# Head &amp;lt;b\n"


def test_a_fragment_in_text_or_link_text_is_printed_as_text() -> None:
    out = prose.render("[{{ site.title }}](https://example.org/) and {{ site.title }}",
                       _DANGEROUS_VALUES)
    _assert_inert(out)
    assert out.count("javascript&#58;alert(document.domain)") == 2
    assert 'href="https&#58;//example.org/"' in out


def test_misplaced_fragments_are_located_errors(db_content: Path) -> None:
    (db_content / "site.yml").write_text(re.sub(
        r"(?m)^title: .*$", 'title: "javascript:alert(document.domain)"',
        (db_content / "site.yml").read_text(), count=1))
    (db_content / "pages" / "click.md").write_text(
        "---\ntitle: Click me\ndescription: A page.\n---\n\n"
        "Read the [site overview]({{ site.title }}) first.\n\n"
        "![logo]({{ site.data_license }}) about {{ site.title }}\n")
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--content",
                           str(db_content)], capture_output=True, text=True, check=False,
                          cwd=db_content.parent, env={**os.environ, "PYTHONPATH": str(ROOT)})
    hint = ("(put the fragment in the text, outside the link or image target: [the site's "
            "name](index.md) is {{ site.title }})")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "content/pages/click.md:6:26: error: '{{ site.title }}' stands inside a link, an image, "
        f"an HTML attribute or a comment, where no fragment may go {hint}",
        "content/pages/click.md:8:9: error: '{{ site.data_license }}' stands inside a link, an "
        f"image, an HTML attribute or a comment, where no fragment may go {hint}",
        "2 errors in 1 file"]


def test_sanitiser_keeps_what_readers_need() -> None:
    out = sanitize.markdown_html("A **b** [c](https://x.org/a_b) `d_e`\n\n| h |\n|---|\n| v |\n\n"
                                 "![i](media/p.png) ![x](https://x.org/t.png)")
    assert "<strong>b</strong>" in out
    assert 'href="https&#58;//x.org/a&#95;b"' in out
    assert "<code>d&#95;e</code>" in out
    assert "<table>" in out
    assert '<img src="media/p.png" alt="i">' in out
    assert "x.org/t.png" not in out, "images from other hosts would be third-party requests"
    assert "\n" not in out


def test_prose_links_to_pages_resolve_from_the_page() -> None:
    resolve = sanitize.docs_link_resolver("guides", {"matrix.md", "guides/x.md"},
                                          lambda p: "/site/" + p)
    assert resolve("../matrix.md#row-a") == "/site/matrix/#row-a"
    assert resolve("x.md") == "/site/guides/x/"
    assert resolve("https://x.org/a.md") is None
    assert resolve("nowhere.md") is None


def test_prose_scan_is_linear_on_hostile_lines() -> None:
    # 1 MiB lines of openers, backticks, tags, heading spaces: each character is visited a
    # bounded number of times, and no message repeats the line (it would be quadratic).
    line = ("{{ `` <a " * 120_000)[:1_048_000]
    fragments, problems = prose.scan(line)
    assert fragments == []
    assert problems[0].message == "'{{' is not closed on the same line"
    _, problems = prose.scan("{{" * 500_000 + "}}")
    assert len(problems) == 1 and len(problems[0].message) < 200
    assert prose.scan("{{ a" + " " * 1_000_000 + "x }}")[1][0].message.endswith("...}}' is "
                                                                                "not a fragment")
    assert prose.render("# a" + " " * 1_000_000 + "x\n", prose.Fragments(
        call={}, values={}, resolve=lambda t: None)).startswith("# a")


def test_markdown_conversion_is_linear_on_hostile_text() -> None:
    # Python-Markdown took 20 s on 12,000 '['; markdown-it does not backtrack.
    for text in ("[" * 20_000, "<a " * 6_000, "[a](b " * 3_000, "*a " * 6_000):
        assert sanitize.markdown_html(text)


# --- outputs are never destructive ----------------------------------------------------------

def _clone(tmp_path: Path) -> Path:
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    # The clone holds what is committed; the tests run the working tree's generator.
    shutil.rmtree(target / "generator")
    shutil.copytree(ROOT / "generator", target / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _tree(root: Path) -> dict[str, bytes]:
    # git's index is rewritten by `git status` itself (its stat cache), so it is left out.
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and p.relative_to(root).as_posix()
            != ".git/index"}


@pytest.mark.slow
@pytest.mark.parametrize(("args", "expected"), [
    (("build", "--out", "."), "generator: error: refusing to write to '.': it is or contains "
                              "the project folder '{root}'"),
    (("build", "--out", ".."), "generator: error: refusing to write to '..': it is or contains "
                               "the project folder '{root}'"),
    (("build", "--out", "content"), "generator: error: refusing to write to 'content': it "
                                    "overlaps the source folder 'content'"),
    (("build", "--out", "templates"), "generator: error: refusing to write to 'templates': it "
                                      "overlaps the source folder '{root}/templates'"),
    (("build", "--out", "README.md"), "generator: error: refusing to write to 'README.md': it "
                                      "is a file, not a folder"),
    (("build", "--out", "schema"), "generator: error: refusing to write to 'schema': the folder "
                                   "is not empty and was not made by the generator (delete it "
                                   "or choose another)"),
    (("site", "--out", "."), "generator: error: refusing to write to '.': it is or contains the "
                             "project folder '{root}'"),
    (("site", "--out", "content"), "generator: error: refusing to write to 'content': it "
                                   "overlaps the source folder '{root}/content'"),
    (("site", "--out", "README.md"), "generator: error: refusing to write to 'README.md': it is "
                                     "a file, not a folder"),
    (("site", "--out", "generator"), "generator: error: refusing to write to 'generator': it "
                                     "overlaps the source folder '{root}/generator'"),
    (("site", "--out", "generated"), "generator: error: refusing to write to 'generated': it "
                                     "overlaps the docs folder '{root}/generated' that the site "
                                     "is built from (choose another, such as site)"),
    (("site", "--out", "generated/site"), "generator: error: refusing to write to "
                                          "'generated/site': it overlaps the docs folder "
                                          "'{root}/generated' that the site is built from "
                                          "(choose another, such as site)"),
])
def test_outputs_never_destroy_sources(tmp_path: Path, args: tuple[str, ...],
                                       expected: str) -> None:
    clone = _clone(tmp_path)
    before, status = _tree(clone), _status(clone)
    proc = _run(clone, *args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[-1] == expected.format(root=clone.resolve())
    assert _tree(clone) == before
    assert _status(clone) == status
    assert (clone / ".git" / "HEAD").is_file()


def _status(clone: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True,
                          text=True, check=True).stdout


def test_site_never_replaces_a_folder_of_dotfiles(tmp_path: Path) -> None:
    victim = tmp_path / "home"
    (victim / ".ssh").mkdir(parents=True)
    (victim / ".ssh" / "id").write_text("key")
    proc = _run(ROOT, "site", "--out", str(victim))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        f"generator: error: refusing to write to '{victim}': the folder is not empty and was "
        "not made by the generator (delete it or choose another)")
    assert (victim / ".ssh" / "id").read_text() == "key"


def test_site_config_that_is_not_yaml_is_a_usage_error(tmp_path: Path) -> None:
    proc = _run(ROOT, "site", "--config", "README.md", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith(
        "generator: error: cannot read README.md as an engine config: ")


def test_schema_never_writes_into_sources(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    before = _tree(clone)
    proc = _run(clone, "schema", "--out", "content")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == ("generator: error: refusing to write to 'content': "
                                            "it overlaps the source folder 'content'")
    assert _tree(clone) == before


def test_schema_never_writes_into_a_content_folder_elsewhere(db_content: Path,
                                                             tmp_path: Path) -> None:
    # Started from another folder, 'content' is not the project's; site.yml still says it is.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = _tree(db_content)
    for out in (db_content, db_content / "subjects"):
        proc = _run(elsewhere, "schema", "--out", str(out))
        assert proc.returncode == 2
        assert proc.stderr.splitlines()[-1] == (
            f"generator: error: refusing to write to '{out}': it is inside the content folder "
            f"'{db_content}' (it holds site.yml)")
    assert _tree(db_content) == before


def test_failed_build_leaves_previous_output(db_content: Path) -> None:
    out = db_content.parent / "out"
    assert _run(db_content.parent, "build", "--content", "content", "--out", "out"
                ).returncode == 0
    before = _tree(out)
    (db_content / "subjects" / "sqlite.yml").write_text("id: [\n")
    assert _run(db_content.parent, "build", "--content", "content", "--out", "out"
                ).returncode == 1
    assert _tree(out) == before


def test_generated_output_may_be_rebuilt(db_content: Path) -> None:
    out = db_content.parent / "out"
    for _ in range(2):
        proc = _run(db_content.parent, "build", "--content", "content", "--out", "out")
        assert proc.returncode == 0, proc.stderr
    assert (out / ".generator-output").is_file()


def test_links_committed_into_the_docs_folder_are_removed_never_followed(
        db_content: Path) -> None:
    # ``git add -f`` gets a link past .gitignore: the engine would publish the folder it
    # points to, and writing "subjects/sqlite.md" through it would overwrite a file there.
    secret = db_content.parent / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("TOKEN")
    (secret / "sqlite.md").write_text("IMPORTANT")
    out = db_content.parent / "out"
    assert _run(db_content.parent, "build", "--content", "content", "--out", "out"
                ).returncode == 0
    shutil.rmtree(out / "subjects")
    (out / "leak").symlink_to(secret)
    (out / "subjects").symlink_to(secret)
    (out / "page.md").symlink_to(secret / "id_rsa")
    os.mkfifo(out / "pipe")
    proc = _run(db_content.parent, "build", "--content", "content", "--out", "out")
    assert proc.returncode == 0, proc.stderr
    assert (secret / "sqlite.md").read_text() == "IMPORTANT"
    assert sorted(p.name for p in secret.iterdir()) == ["id_rsa", "sqlite.md"]
    for path in out.rglob("*"):
        assert not path.is_symlink() and (path.is_file() or path.is_dir()), path
    assert not (out / "leak").exists() and (out / "subjects" / "sqlite.md").is_file()


def test_a_docs_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from generator.stages import output

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "generated").symlink_to(elsewhere)
    with pytest.raises(output.UnsafeOutput) as caught:
        output.write_tree(tmp_path / "generated", {"index.md": b"x"})
    assert str(caught.value) == (
        f"refusing to write to '{tmp_path / 'generated'}': it is a symbolic link (an engine "
        "would publish, and the generator overwrite, whatever it points to); replace it "
        "with a plain folder")
    assert list(elsewhere.iterdir()) == []


def test_a_folder_the_generator_only_adds_to_refuses_links(tmp_path: Path) -> None:
    from generator.stages import output

    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "a.json").symlink_to(tmp_path / "target")
    with pytest.raises(output.UnsafeOutput) as caught:
        output.write_tree(tmp_path / "schema", {"b.json": b"{}"}, prune=False)
    assert str(caught.value) == (
        f"refusing to write to '{tmp_path / 'schema'}': '{tmp_path / 'schema' / 'a.json'}' "
        "is a symbolic link or special file; remove it")
    assert not (tmp_path / "target").exists() and not (tmp_path / "schema" / "b.json").exists()


def test_a_linked_folder_in_the_docs_makes_the_build_out_of_date(tmp_path: Path) -> None:
    from generator import uptodate

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("x")
    assert uptodate._published(docs) is not None
    (docs / "leak").symlink_to(tmp_path)
    assert uptodate._published(docs) is None


# --- no shared writable state ----------------------------------------------------------------

def test_bytecode_cache_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = render._private_bytecode_cache()
    folder = tmp_path / "comparison-generator" / "jinja"
    assert cache is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o777)
    assert render._private_bytecode_cache() is None, "a folder others can write is never used"


# --- annotations and command-line hygiene ------------------------------------------------------

def test_confusable_ids_are_refused(db_content: Path) -> None:
    storage = db_content / "features" / "storage.yml"
    text = storage.read_text()
    first = next(n for n, line in enumerate(text.splitlines(), 1) if "- id: columnar" in line)
    storage.write_text(text.rstrip("\n") + "\n  - id: co1umnar\n    name: Look-alike\n"
                       "    description: x\n    assessments: {}\n")
    added = len(text.rstrip("\n").splitlines()) + 1
    proc = _run(db_content.parent, "check", "--content", "content")
    assert proc.returncode == 1
    assert (f"content/features/storage.yml:{added}:9: error: feature id 'co1umnar' is easily "
            f"confused with 'columnar' (content/features/storage.yml:{first}) (choose an id "
            "that differs in more than look-alike characters)") in proc.stderr.splitlines()


def test_github_annotations_cannot_be_forged(db_content: Path) -> None:
    evil = db_content / "subjects" / "a\n::error file=x::forged.yml"
    evil.write_text("id: x\n")
    proc = _run(db_content.parent, "check", "--content", "content", "--format", "github")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert not any(line.startswith("::error file=x::") for line in lines)
    assert lines[0] == ("::error file=content/subjects/a\\n%3A%3Aerror file=x%3A%3Aforged.yml,"
                        "line=1,col=1::file name 'a\\n::error file=x::forged.yml' has "
                        "characters other than ASCII letters, digits, '.', '-' and '_' (rename "
                        "it)")


def test_stale_days_out_of_range_is_a_usage_error(db_content: Path) -> None:
    proc = _run(db_content.parent, "check", "--content", "content", "--stale", "99999999")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == ("generator: error: argument --stale: 99999999 is "
                                            "out of range (0 to 36500 days)")


def test_content_size_is_capped(db_content: Path) -> None:
    assets = db_content / "assets"
    assets.mkdir()
    for i in range(34):
        (assets / f"p{i}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 1_000_000)
    proc = _run(db_content.parent, "check", "--content", "content")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        f"content:1:1: error: content folder holds {_size(db_content)} bytes, over the "
        "33554432-byte limit (move large files out of the content folder)")


def _size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def test_templates_may_not_hold_links(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "leak.md.jinja").symlink_to(_outside(tmp_path))
    proc = _run(project, "check")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == ("templates/leak.md.jinja:1:1: error: symbolic links "
                                           "are not allowed (replace the link with the file "
                                           "itself)")


def test_assets_are_published_under_their_own_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n0000")
    proc = _run(project, "build", "--out", "out")
    assert proc.returncode == 0, proc.stderr
    assert (project / "out" / "media" / "logo.png").is_file()
    assert not (project / "out" / "assets" / "logo.png").exists()


# --- interrupted site builds ------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True, check=False).stdout
    return [int(x) for x in out.split()]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [2, 15], ids=["SIGINT", "SIGTERM"])
def test_signal_to_the_parent_stops_the_build_cleanly(tmp_path: Path, signum: int) -> None:
    import signal
    import time

    project = make_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(project)}
    first = subprocess.run([sys.executable, "-m", "generator", "site", "--out", "site"],
                           cwd=project, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    mode = stat.S_IMODE((project / "site").stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask, "the published site keeps normal permissions"
    before = _tree(project / "site")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "site", "--out", "site"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    # Wait until the engine child runs, then signal the parent alone (not its group).
    children: list[int] = []
    for _ in range(1200):
        children = _children(proc.pid)
        if children and list(project.glob(".site-build-*")):
            break
        time.sleep(0.05)
    assert children, "the build child never started"
    os.kill(proc.pid, signal.Signals(signum))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert err.splitlines()[-1] == (f"generator: stopped by signal {signum}; "
                                    f"{(project / 'site').resolve()} was left as it was")
    for child in children:
        assert not Path(f"/proc/{child}").exists() or "zombie" in Path(
            f"/proc/{child}/status").read_text().lower(), "the engine child was stopped"
    assert list(project.glob(".site-build-*")) == [], "no temporary folder is left"
    assert _tree(project / "site") == before


def test_every_format_control_and_separator_character_is_refused() -> None:
    import unicodedata

    from generator.stages.files import INVISIBLE

    refused = {"Cc", "Cf", "Zl", "Zp"}
    allowed = {"\t", "\n"}
    missed = [f"U+{c:04X}" for c in range(0x110000)
              if unicodedata.category(chr(c)) in refused and chr(c) not in allowed
              and not INVISIBLE.match(chr(c))]
    assert missed == []
    assert not INVISIBLE.search("\t\n plain text, café, 日本語, emoji 🙂")
