"""What changed: the change list, Atom feeds, the iCalendar file and the built pages.

The feeds are parsed back with ``xml.etree`` and the calendar with the ``icalendar``
package plus a strict line-level check of RFC 5545 framing; a real MkDocs build of
the databases fixture shows every entry's link lands on a page (and anchor) that
exists, and every page's footer links the feeds.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import json
import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import feeds
from generator import model as m
from generator.pipeline import generate, validate
from generator.stages import derive
from generator.stages.views import SiteView
from generator.tools.linkcheck import check_site
from tests.conftest import DATABASES, TEMPLATES, TODAY, edit
from tests.test_mkdocs import make_project, mkdocs

A = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/databases/"


def _files(content: Path = DATABASES) -> tuple[dict[str, str], dict[str, bytes]]:
    result = generate(content, TEMPLATES, today=TODAY)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return result.pages, result.assets


def _view(content: Path = DATABASES) -> SiteView:
    checked, diags = validate(content)
    assert checked is not None, diags
    return derive.derive(checked, today=TODAY)


# --- the change list ---------------------------------------------------------------------

def test_changes_come_from_dated_records_newest_first() -> None:
    assert [(str(c.date), c.kind, c.key, c.title, c.target, c.subjects)
            for c in feeds.changes(_view())] == [
        ("2024-12-07", "release", "release-sqlite-3-47-2", "SQLite 3.47.2 released",
         "subjects/sqlite/", ("sqlite",)),
        ("2024-11-21", "release", "release-postgresql-17-2", "PostgreSQL 17.2 released",
         "subjects/postgresql/", ("postgresql",)),
        ("2024-11-04", "release", "release-duckdb-1-1-3", "DuckDB 1.1.3 released",
         "subjects/duckdb/", ("duckdb",)),
        ("2024-11-04", "outdated", "outdated-columnar-duckdb",
         "Columnar storage · DuckDB: may be outdated", "matrix/#row-columnar", ("duckdb",)),
        ("2024-05-01", "verdict", "verdict-columnar-postgresql-2024-05-01",
         "Columnar storage · PostgreSQL: No → Add-on", "matrix/#row-columnar", ("postgresql",)),
        ("2020-01-01", "lifecycle", "lifecycle-old-pooler-archived",
         "Old Pooler archived, superseded by PgBouncer", "lifecycle/#tool-old-pooler",
         ("postgresql",)),
    ]


def test_claims_that_aged_are_changes(db_content: Path) -> None:
    (db_content / "claims.yml").write_text(
        "claims:\n"
        "  - {id: old-claim, claim: SQLite cannot do window functions., verdict: outdated,\n"
        "     current: It can since 3.25., related: [subject:sqlite], sources: [sqlite-home],\n"
        "     verified: 2025-01-09}\n"
        "  - {id: true-claim, claim: DuckDB is in-process., verdict: still-true,\n"
        "     current: It is., sources: [duckdb-home], verified: 2025-01-09}\n")
    claims = [c for c in feeds.changes(_view(db_content)) if c.kind == "claim"]
    assert [(c.key, c.title, c.summary, c.target, c.subjects) for c in claims] == [
        ("claim-old-claim", "SQLite cannot do window functions.",
         "Verdict: outdated (checked 2025-01-09).", "claims/#claim-old-claim", ("sqlite",))]


# --- Atom --------------------------------------------------------------------------------

def _atom(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed"
    return root


def test_feeds_parse_as_atom_with_required_elements() -> None:
    _, assets = _files()
    assert sorted(k for k in assets if k.startswith("feeds/")) == [
        "feeds/all.xml", "feeds/lifecycle.ics", "feeds/subjects/duckdb.xml",
        "feeds/subjects/postgresql.xml", "feeds/subjects/sqlite.xml"]
    root = _atom(assets["feeds/all.xml"])
    for tag in ("id", "title", "updated", f"author/{A}name"):
        assert root.find(f"{A}{tag}") is not None, tag
    entries = root.findall(f"{A}entry")
    assert len(entries) == 6
    # No wall clock: the feed was last updated when its newest entry happened.
    dates = [e.findtext(f"{A}updated") for e in entries]
    assert root.findtext(f"{A}updated") == max(dates) == "2024-12-07T00:00:00Z"
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert e.findtext(f"{A}{tag}"), tag
        link = e.find(f"{A}link")
        assert link is not None and link.get("href", "").startswith(BASE)
    duckdb = _atom(assets["feeds/subjects/duckdb.xml"])
    assert [e.findtext(f"{A}title") for e in duckdb.findall(f"{A}entry")] == [
        "DuckDB 1.1.3 released", "Columnar storage · DuckDB: may be outdated"]
    assert duckdb.findtext(f"{A}updated") == "2024-11-04T00:00:00Z"


def test_output_is_deterministic() -> None:
    assert _files()[1] == _files()[1]


def test_feed_text_is_escaped_and_cleaned() -> None:
    site = _view().site
    hostile = 'A <script>alert("x")</script> & ]]> \x0b\x1b end'
    change = feeds.Change(dt.date(2025, 1, 2), "lifecycle", "k", hostile, hostile,
                          'lifecycle/#tool-x"><b', ())
    data = feeds.atom(site, [change], feeds.FEED, hostile)
    text = data.decode()
    assert "<script>" not in text and "\x0b" not in text and "\x1b" not in text
    entry = _atom(data).find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title") == 'A <script>alert("x")</script> & ]]>  end'
    link = entry.find(f"{A}link")
    assert link is not None and link.get("href") == BASE + 'lifecycle/#tool-x"><b'


# --- iCalendar ---------------------------------------------------------------------------

def _strict_ical(data: bytes) -> list[str]:
    """Check RFC 5545 framing by hand; return the unfolded content lines."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
    unfolded: list[str] = []
    for line in physical:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    stack: list[str] = []
    for line in unfolded:
        assert re.match(r"^[A-Z-]+(;[A-Z-]+=[^:;]+)*:", line), line
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert stack == [] and unfolded[0] == "BEGIN:VCALENDAR"
    return unfolded


def test_calendar_parses_and_has_every_lifecycle_date() -> None:
    data = _files()[1]["feeds/lifecycle.ics"]
    lines = _strict_ical(data)
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    cal = icalendar.Calendar.from_ical(data)
    events = [(str(e["SUMMARY"]), e.decoded("DTSTART"), str(e["UID"]), str(e["URL"]))
              for e in cal.walk("VEVENT")]
    assert events == [
        ("Old Pooler archived, superseded by PgBouncer", dt.date(2020, 1, 1),
         "lifecycle-old-pooler-archived@example.org", BASE + "lifecycle/#tool-old-pooler"),
        ("Old Pooler: end of support", dt.date(2020, 6, 30),
         "end-of-support-old-pooler@example.org", BASE + "lifecycle/#tool-old-pooler"),
    ]
    for e in cal.walk("VEVENT"):
        assert e.decoded("DTSTAMP") == dt.datetime(2025, 1, 10, tzinfo=dt.UTC)


def test_calendar_escapes_and_folds_long_text(db_content: Path) -> None:
    note = "Pooling; moved, retired\\\\ — " + "ü" * 80
    edit(db_content / "components" / "old-pooler.yml",
         "status_note: A fictional archived tool used by the tests.",
         f'status_note: "{note}"')
    data = _files(db_content)[1]["feeds/lifecycle.ics"]
    _strict_ical(data)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == note.replace("\\\\", "\\")


def test_no_calendar_without_lifecycle_dates(db_content: Path) -> None:
    edit(db_content / "components" / "old-pooler.yml", "status_since: 2020-01-01\n", "")
    edit(db_content / "components" / "old-pooler.yml", "end_of_support: 2020-06-30\n", "")
    pages, assets = _files(db_content)
    assert "feeds/lifecycle.ics" not in assets and "feeds/all.xml" in assets
    assert "lifecycle.ics" not in pages["changes.md"] + pages["index.md"]


# --- cells checked against a version -----------------------------------------------------

def test_checked_version_and_may_be_outdated(db_content: Path) -> None:
    cell = _view().rows["columnar"].cells["duckdb"]
    assert (cell.checked_version, cell.newer_release) == ("1.0", "1.1.3")
    matrix = _files()[0]["matrix.md"]
    assert ('checked with 1.0, 2025-01-10</span> <span class="outdated"><span '
            'aria-hidden="true">◷</span> may be outdated: 1.1.3 is out</span>') in matrix
    # A patch release of the same minor does not outdate the check.
    edit(db_content / "subjects" / "duckdb.yml", 'version: "1.1.3"', 'version: "1.0.5"')
    pages, assets = _files(db_content)
    assert "may be outdated" not in pages["matrix.md"]
    assert "checked with 1.0, 2025-01-10" in pages["matrix.md"]
    rows = list(csv.DictReader(io.StringIO(assets["data/matrix.csv"].decode())))
    assert [r["checked_version"] for r in rows if r["feature"] == "columnar"] == ["1.0", "", ""]


def test_csv_text_never_starts_a_formula(db_content: Path) -> None:
    # Spreadsheets run a cell that starts with = + - @; the reader's copy must not.
    edit(db_content / "features" / "storage.yml", "summary: A library linked into the application.",
         'summary: "=HYPERLINK(\\"https://example.org/\\",\\"x\\")"')
    edit(db_content / "features" / "storage.yml", "summary: An in-process analytical database.",
         'summary: " -O2 builds; =1+2 in-process analytical database."')
    edit(db_content / "features" / "storage.yml", "summary: Runs as a separate server process.",
         'summary: "\u00a0\u3000@SUM(1,2) after no-break and ideographic spaces"')
    _, assets = _files(db_content)
    rows = {r["subject"]: r for r in csv.DictReader(io.StringIO(assets["data/matrix.csv"]
                                                                .decode()))
            if r["feature"] == "embedded"}
    assert rows["sqlite"]["summary"] == "'=HYPERLINK(\"https://example.org/\",\"x\")"
    assert rows["duckdb"]["summary"] == "' -O2 builds; =1+2 in-process analytical database."
    # Quoted, so a spreadsheet that splits on ';' keeps the cell whole.
    assert '"\' -O2 builds; =1+2 in-process analytical database."' in \
        assets["data/matrix.csv"].decode()
    assert rows["postgresql"]["summary"] == \
        "'\u00a0\u3000@SUM(1,2) after no-break and ideographic spaces"
    # The JSON keeps the text as written: no program evaluates it.
    data = json.loads(assets["data/comparison.json"])
    embedded = next(f for c in data["categories"] for f in c["features"] if f["id"] == "embedded")
    assert embedded["assessments"]["sqlite"]["summary"].startswith("=HYPERLINK(")


def test_open_data_carries_packages_and_documents_them() -> None:
    _, assets = _files()
    data = json.loads(assets["data/comparison.json"])
    subjects = {s["id"]: s for s in data["subjects"]}
    assert subjects["duckdb"]["packages"] == ["pkg:pypi/duckdb", "pkg:npm/duckdb"]
    assert subjects["sqlite"]["packages"] == []
    components = {c["id"]: c for c in data["components"]}
    assert components["pgbouncer"]["packages"] == ["pkg:github/pgbouncer/pgbouncer"]
    assert components["old-pooler"]["end_of_support"] == "2020-06-30"
    columnar = next(f for c in data["categories"] for f in c["features"]
                    if f["id"] == "columnar")
    assert columnar["assessments"]["duckdb"]["checked_version"] == "1.0"
    assert columnar["assessments"]["postgresql"]["history"] == [
        {"date": "2024-05-01", "old": "no", "new": "plugin",
         "why": "A columnar storage extension became available."}]
    schema = json.loads(assets["data/comparison.schema.json"])
    packages = schema["$defs"]["Subject"]["properties"]["packages"]
    assert "package URL" in packages["items"]["description"]
    assert packages["items"]["pattern"].startswith("^pkg:")
    assert "checked_version" in schema["$defs"]["Assessment"]["properties"]


# --- the built site ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("feeds"))
    proc = mkdocs(project, "build", "--strict")
    assert proc.returncode == 0, proc.stderr
    return project / "site"


def _target(site: Path, url: str) -> tuple[Path, str]:
    assert url.startswith(BASE), url
    parts = urllib.parse.urlsplit(url[len(BASE):])
    path = site / parts.path
    return (path / "index.html" if not parts.path or parts.path.endswith("/") else path,
            parts.fragment)


def test_every_feed_and_calendar_link_lands_on_a_built_page(built: Path) -> None:
    urls: list[str] = []
    for feed in sorted((built / "feeds").rglob("*.xml")):
        root = _atom(feed.read_bytes())
        urls += [link.get("href", "") for link in root.iter(f"{A}link")]
        urls += [e.findtext(f"{A}id") or "" for e in root.iter(f"{A}entry")]
    cal = icalendar.Calendar.from_ical((built / "feeds" / "lifecycle.ics").read_bytes())
    urls += [str(e["URL"]) for e in cal.walk("VEVENT")]
    assert len(urls) > 20
    for url in urls:
        page, anchor = _target(built, url)
        assert page.is_file(), url
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), url


def test_every_page_links_the_feeds_in_its_footer_and_head(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('<div class="gen-feeds">'):]
        footer = footer[:footer.index("</div>")]
        found = {_resolve(page.relative_to(built).as_posix(), h)
                 for h in re.findall(r'<a href="([^"]+)"', footer)}
        assert found == {"changes/", "feeds/all.xml", "feeds/lifecycle.ics"}, page
        assert re.search(r'<link rel="alternate feed" type="application/atom\+xml" '
                         r'title="Atom feed of all changes" href="[^"]*feeds/all.xml">', text)
    problems, _ = check_site(built)
    assert problems == []


def _resolve(page: str, href: str) -> str:
    """Resolve an href of a built page to a path under the site root."""
    if href.startswith("/databases/"):
        return href.removeprefix("/databases/")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return resolved + ("/" if href.endswith("/") else "")


def test_changes_page_lists_every_change_and_filters_by_subject(built: Path) -> None:
    text = (built / "changes" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r'<li id="([^"]+)" data-subjects="([^"]*)">', text)
    assert [i for i, _ in items] == [c.key for c in feeds.changes(_view())]
    assert dict(items)["release-duckdb-1-1-3"] == "duckdb"
    assert '<form class="changes-filter" data-changes-filter hidden>' in text
    assert '<option value="duckdb">DuckDB</option>' in text
    subject = (built / "subjects" / "duckdb" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../changes/?subject=duckdb"' in html.unescape(subject)
    assert "<code>pkg:pypi/duckdb</code>" in html.unescape(subject)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_well_formed_feeds_and_calendars(text: str) -> None:
    site = _site()
    change = feeds.Change(dt.date(2025, 1, 2), "release", "k", text or "x", text, "x/", ())
    entry = _atom(feeds.atom(site, [change], feeds.FEED, text)).find(f"{A}entry")
    assert entry is not None
    kept = feeds._NOT_XML.sub("", text)
    # XML turns every line ending into '\n'.
    assert (entry.findtext(f"{A}summary") or "") == kept.replace("\r\n", "\n").replace("\r", "\n")
    line = feeds._fold("DESCRIPTION:" + feeds._ical_text(text))
    assert all(len(part.encode("utf-8")) <= 75 for part in line.split("\r\n"))
    event = icalendar.Event.from_ical("BEGIN:VEVENT\r\n" + line + "\r\nEND:VEVENT\r\n")
    assert str(event.get("DESCRIPTION", "")) == kept.replace("\r\n", "\n").replace("\r", "\n")


@functools.cache
def _site() -> m.Site:
    return _view().site
