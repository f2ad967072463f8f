"""What a reader sees, checked over the whole built site (issue #12), without a browser.

One session-scoped fixture builds the real content once with ``mkdocs build --strict``
into a temporary folder; every test then scans every page of that build, so a defect
class cannot come back on a page nobody looked at. HTML is read with the standard
library's ``html.parser``: text nodes and attribute values arrive decoded once, exactly
as a reader (or a screen reader, or a link preview) gets them, so any character
reference still visible after that decoding was escaped twice.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import pipeline, scoring
from generator.stages.views import SiteView

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

DEBRIS = re.compile(r"&#x?[0-9a-fA-F]+;|&[a-zA-Z]+;|\{\{|\{%|\]\(https?:")
"""Escaping, template or markdown left over after one decoding."""

PLACEHOLDERS = ("example.github.io", "github.com/example/", "example.com")


@dataclass
class Page:
    """One built page, read once: visible text, attribute text, links, admonitions."""

    path: str
    text: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, str]] = field(default_factory=list)
    """(tag, attribute, value) for meta content, title, aria-label and alt."""
    links: list[tuple[str, str, str]] = field(default_factory=list)
    """(href, class, link text)."""
    blocks: dict[str, list[str]] = field(default_factory=dict)
    """Text of elements whose class names a block we check: 'admonition', 'page-freshness'."""


class _Reader(HTMLParser):
    _BLOCKS = ("admonition", "page-freshness")
    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr"})

    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.skip = 0
        self.stack: list[tuple[str, str | None]] = []
        self.link: list[str] | None = None
        self.link_attrs: tuple[str, str] = ("", "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in ("content", "title", "aria-label", "alt"):
            if name in a and (tag == "meta" or name != "content"):
                self.page.attrs.append((tag, name, a[name]))
        if tag in self._VOID:
            return
        if tag in ("script", "style"):
            self.skip += 1
        block = next((b for b in self._BLOCKS if b in a.get("class", "").split()), None)
        self.stack.append((tag, block))
        if block:
            self.page.blocks.setdefault(block, []).append("")
        if tag == "a":
            self.link = []
            self.link_attrs = (a.get("href", ""), a.get("class", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "a" and self.link is not None:
            self.page.links.append((*self.link_attrs, "".join(self.link).strip()))
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.page.text.append(data)
        if self.link is not None:
            self.link.append(data)
        for _, block in self.stack:
            if block:
                self.page.blocks[block][-1] += data


@dataclass
class Built:
    """The real site built once, with the view it was built from."""

    dir: Path
    view: SiteView
    pages: list[Page]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real content, copied (a stable snapshot) and built once with MkDocs, strict."""
    snapshot = tmp_path_factory.mktemp("reader-content") / "content"
    shutil.copytree(ROOT / "content", snapshot)
    result = pipeline.generate(snapshot, ROOT / "templates")
    assert not result.failed and result.view is not None, "\n".join(
        d.format() for d in result.diagnostics if d.severity == "error")
    out = tmp_path_factory.mktemp("reader-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT),
           "GENERATOR_CONTENT": str(snapshot)}
    env.pop("GENERATOR_TEMPLATES", None)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-d", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    pages = []
    for f in sorted(out.rglob("*.html")):
        page = Page(f.relative_to(out).as_posix())
        _Reader(page).feed(f.read_text(encoding="utf-8"))
        pages.append(page)
    assert len(pages) > 20
    return Built(out, result.view, pages)


def _page(built: Built, path: str) -> Page:
    return next(p for p in built.pages if p.path == path)


# --------------------------------------------------------------------------- one decoding

def test_no_escaping_template_or_markdown_debris_anywhere(built: Built) -> None:
    found = []
    for page in built.pages:
        for text in page.text:
            for hit in DEBRIS.finditer(text):
                found.append(f"{page.path}: text {hit.group(0)!r} in {text.strip()[:80]!r}")
        for tag, name, value in page.attrs:
            for hit in DEBRIS.finditer(value):
                found.append(f"{page.path}: <{tag} {name}> {hit.group(0)!r} in {value[:80]!r}")
    assert not found, "\n".join(found[:40])


def test_configuration_is_not_a_placeholder(built: Built) -> None:
    site = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
    for key in ("url", "repository"):
        value = str(site.get(key) or "")
        assert not any(p in value for p in PLACEHOLDERS), f"site.yml {key}: {value}"
    hits = [f"{f.relative_to(built.dir)}: {p}" for f in built.dir.rglob("*.html")
            for p in PLACEHOLDERS if p in f.read_text(encoding="utf-8")]
    assert not hits, hits[:10]
    if not site.get("repository"):
        reports = [(p.path, href) for p in built.pages for href, _, text in p.links
                   if text == "Report a problem"]
        assert not reports, f"report links without a repository: {reports[:5]}"


# --------------------------------------------------------------------------- sentences

def test_each_when_another_choice_wins_line_is_the_guides_sentence(built: Built) -> None:
    names = {s.id: s.name for s in built.view.subjects}
    for uc in built.view.use_cases:
        text = " ".join("".join(_page(built, f"use-cases/{uc.id}/index.html").text).split())
        for alt in uc.alternatives:
            line = f"{names[alt.subject]}: {' '.join(alt.when.split())}"
            assert line in text, f"use-cases/{uc.id}: missing {line!r}"
            assert alt.when.strip()[:1].isupper() and alt.when.rstrip()[-1] in ".!?", \
                f"use-cases/{uc.id}: 'when' is not a whole sentence: {alt.when!r}"
        assert not re.search(rf"\b(?:{'|'.join(map(re.escape, names.values()))}) "
                             r"(?:wins )?when (?:Pick|Choose|Use|Keep|Stay|Teach)\b", text)


def test_call_outs_end_a_sentence_before_see(built: Built) -> None:
    found = []
    for page in built.pages:
        for text in page.blocks.get("admonition", []):
            # A citation mark and its hover box (title, publisher, bibliography link) are
            # not part of the sentence.
            plain = re.sub(r"\[\d+\](?:.*?Bibliography entry \d+)?", "", " ".join(text.split()))
            for hit in re.finditer(r"(\S)\s+See ", plain):
                if hit.group(1) not in ".!?:":
                    found.append(f"{page.path}: …{plain[max(0, hit.start() - 50):hit.end()]}")
    assert not found, "\n".join(found)


def test_freshness_lines_never_span_one_day(built: Built) -> None:
    lines = [(p.path, t) for p in built.pages for t in p.blocks.get("page-freshness", [])]
    assert lines
    for path, text in lines:
        assert not re.search(r"between (\S+) and \1\b", text), f"{path}: {text}"


def test_links_to_aged_claims_say_so(built: Built) -> None:
    wording = {c.id: c.claim for c in built.view.claims.values()}
    assert wording
    checked = 0
    for page in built.pages:
        for href, cls, text in page.links:
            m = re.search(r"#claim-([a-z0-9-]+)$", href)
            if not m or "headerlink" in cls or "md-nav__link" in cls or m.group(1) not in wording:
                continue
            checked += 1
            if page.path == "changes/index.html":
                # Each change is labelled "Claim that aged" just before its link.
                assert text.startswith("“") and text.endswith("”"), f"{page.path}: {text!r}"
                continue
            assert re.match(r"^(Outdated|False|Partly true|Still true) claim: “", text), \
                f"{page.path}: link to claim {m.group(1)} reads {text!r}"
    assert checked, "no page links to a claim"


# --------------------------------------------------------------------------- chooser

def _answer_sets(view: SiteView) -> Iterator[list[str]]:
    """Every combination of answers (each question answered or not), as use-case ids."""
    chooser = view.chooser
    assert chooser is not None
    for combo in itertools.product(*[[None, *q.options] for q in chooser.questions]):
        chosen = [u for o in combo if o is not None for u in o.use_cases]
        if chosen:
            yield chosen


def test_chooser_agrees_with_the_guides_for_every_answer(built: Built) -> None:
    view = built.view
    ucs = {uc.id: uc for uc in view.use_cases}
    combos = 0
    for chosen in _answer_sets(view):
        combos += 1
        ranking = scoring.rank(view, chosen)
        recs = {ucs[u].recommendation.subject for u in chosen}
        said = scoring.verdict(view, chosen)
        if len(recs) == 1:
            assert ranking[0].subject in recs, (chosen, [(r.subject, r.score) for r in ranking])
        else:
            assert "disagree" in said, (chosen, said)
        if ranking[0].score == ranking[1].score and len(recs) == 1:
            assert "tie" in said, (chosen, said)
        for r in ranking:
            rows = [c.feature for c in r.contributions]
            assert len(rows) == len(set(rows)), f"{chosen}: a row counted twice for {r.subject}"
    assert combos > 100


def test_a_guide_named_combination_gives_the_guides_pick(built: Built) -> None:
    """Answers that all point at one guide (TPU pod + TPU hardware, phone + mobile team)."""
    view = built.view
    chooser = view.chooser
    assert chooser is not None
    for uc in view.use_cases:
        options = [o for q in chooser.questions for o in q.options
                   if o.use_cases == [uc.id]]
        if not options:
            continue
        chosen = [u for o in options for u in o.use_cases]
        assert scoring.rank(view, chosen)[0].subject == uc.recommendation.subject, uc.id


def test_chooser_options_answer_their_question() -> None:
    data = yaml.safe_load((ROOT / "content" / "chooser.yml").read_text(encoding="utf-8"))
    languages = re.compile(r"\b(Python|Java|Kotlin|C\+\+|JavaScript|TypeScript|Swift|Rust|Go)\b")
    for q in data["questions"]:
        if "language" in q["text"].lower():
            for o in q["options"]:
                assert languages.search(o["label"]), f"{q['id']}: {o['label']!r} names no language"


# --------------------------------------------------------------------------- answer first

def test_home_opens_with_the_guides_verdicts_and_a_glance_table(built: Built) -> None:
    home = (built.dir / "index.html").read_text(encoding="utf-8")
    names = {s.id: s.name for s in built.view.subjects}
    verdicts = home.index('id="verdicts"')
    assert verdicts < home.index('id="at-a-glance"')
    for uc in built.view.use_cases:
        row = re.search(rf'href="[^"]*use-cases/{uc.id}/">[^<]*</a></th><td><strong>([^<]*)<',
                        home)
        assert row and row.group(1) == names[uc.recommendation.subject], uc.id
    glance = home[home.index('id="at-a-glance"'):]
    glance = glance[:glance.index("</table>")]
    for head in ("Licence", "Latest stable release", "Released (age)"):
        assert head in glance
    for s in built.view.subjects:
        assert s.record.latest_release is None or s.record.latest_release.version in glance
    faq = [href for href, _, _ in _page(built, "index.html").links if href.endswith("faq/")]
    assert faq, "the FAQ is not one click from the home page"


def test_search_index_leaves_out_duplicated_pages(built: Built) -> None:
    import json
    docs = json.loads((built.dir / "search" / "search_index.json").read_text("utf-8"))["docs"]
    kept = {d["location"].split("#")[0] for d in docs}
    for prefix in ("compare/", "migration/", "sources/"):
        dup = sorted(loc for loc in kept if loc.startswith(prefix) and loc != prefix)
        if prefix == "sources/":
            dup = sorted(loc for loc in kept if loc.startswith(prefix))
        assert not dup, f"duplicated text in the search index: {dup}"
    text = " ".join(d["text"] for d in docs if d["location"].startswith(("matrix/", "crosswalk/")))
    # Per-cell bookkeeping (report links, verified dates) is not what anyone searches for.
    assert "Report a problem · " not in text and "verified 20" not in text
