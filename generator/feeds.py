"""What changed: one list of dated changes, published as a page, Atom feeds and a calendar.

Every entry comes from a date the content records (a release, a lifecycle
status, a claim that aged, a verdict's history, a cell that a newer release may
have outdated), never from the wall clock: the same content gives the same
bytes, and a feed's ``updated`` is its newest entry's date.

Text in the content is untrusted. The Atom feeds are built with ElementTree,
which escapes every text and attribute value; characters that XML 1.0 cannot
carry at all are dropped first. Calendar text is escaped as RFC 5545 requires.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from generator import model as m
from generator import urls
from generator.stages.views import LEVELS, ComponentView, SiteView

FEED = "feeds/all.xml"
"""The site-wide Atom feed, as a path in the docs folder."""
CALENDAR = "feeds/lifecycle.ics"
"""The iCalendar file of lifecycle dates."""
PAGE = "changes/"
"""The 'what changed' page, as a site path."""

KINDS: dict[str, str] = {
    "release": "New release",
    "lifecycle": "Lifecycle",
    "verdict": "Verdict changed",
    "outdated": "May be outdated",
    "claim": "Claim that aged",
}
"""Each kind of change and its label; the order is the order within one day."""

_STATE = {m.Status.ACTIVE: "active", m.Status.MAINTENANCE: "moved to maintenance only",
          m.Status.DEPRECATED: "deprecated", m.Status.ARCHIVED: "archived"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry, even escaped (control characters, lone surrogates)."""


@dataclass(frozen=True)
class Change:
    """One dated change, as the page, the feeds and the calendar show it."""

    date: dt.date
    kind: str
    """A key of :data:`KINDS`."""
    key: str
    """Unique and stable: the anchor on the changes page and part of the Atom entry id."""
    title: str
    summary: str
    target: str
    """The site path that tells more, such as 'subjects/x/' or 'matrix/#row-y'."""
    subjects: tuple[str, ...]
    """Ids of the subjects it concerns (none for site-wide changes)."""

    @property
    def label(self) -> str:
        """The kind, for readers."""
        return KINDS[self.kind]


def subject_feed(subject_id: str) -> str:
    """Return the docs path of one subject's Atom feed."""
    return f"feeds/subjects/{subject_id}.xml"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def lifecycle_title(comp: ComponentView) -> str:
    """Say what happened to a tool: 'X renamed to Y', 'X deprecated, superseded by Y'."""
    rec, succ = comp.record, comp.successor
    if succ is not None and rec.relation == "renamed":
        return f"{rec.name} renamed to {succ.name}"
    if succ is not None:
        return f"{rec.name} {_STATE[rec.status]}, superseded by {succ.name}"
    return f"{rec.name} {_STATE[rec.status]}"


def changes(view: SiteView) -> list[Change]:
    """Return every dated change, newest first (then by kind, then by key)."""
    names = {s.id: s.name for s in view.subjects}
    out: list[Change] = []
    for s in view.subjects:
        r = s.record.latest_release
        if r is None:
            continue
        out.append(Change(r.date, "release", f"release-{s.id}-{_slug(r.version)}",
                          f"{s.name} {r.version} released",
                          f"{s.name} {r.version} is the newest stable release (out {r.date}).",
                          s.url, (s.id,)))
    for cid, comp in view.components.items():
        if comp.record.status_since is not None:
            out.append(Change(comp.record.status_since, "lifecycle",
                              f"lifecycle-{cid}-{comp.record.status.value}",
                              lifecycle_title(comp), comp.record.status_note,
                              urls.path(f"component:{cid}"),
                              tuple(sorted(set(comp.record.subjects) & set(names)))))
    for row in view.rows.values():
        for sid, cell in row.cells.items():
            for h in cell.history:
                out.append(Change(h.date, "verdict", f"verdict-{row.id}-{sid}-{h.date}",
                                  f"{row.name} · {names[sid]}: {LEVELS[h.old][1]} → "
                                  f"{LEVELS[h.new][1]}", h.why, urls.path(f"feature:{row.id}"),
                                  (sid,)))
            if cell.newer_release is not None:
                release = next(s.record.latest_release for s in view.subjects if s.id == sid)
                if release is None:
                    continue
                out.append(Change(release.date, "outdated", f"outdated-{row.id}-{sid}",
                                  f"{row.name} · {names[sid]}: may be outdated",
                                  f"Checked with {cell.checked_version}; {names[sid]} "
                                  f"{release.version} came out on {release.date}.",
                                  urls.path(f"feature:{row.id}"), (sid,)))
    if view.claims:
        for c in view.claims.values():
            if c.verdict in ("outdated", "partly-true"):
                about = tuple(sorted({r.partition(":")[2] for r in c.related
                                      if r.startswith("subject:")} & set(names)))
                out.append(Change(c.verified, "claim", f"claim-{c.id}", c.claim,
                                  f"Verdict: {c.verdict.replace('-', ' ')} (checked "
                                  f"{c.verified}).", urls.path(f"claim:{c.id}"), about))
    order = list(KINDS)
    return sorted(out, key=lambda c: (-c.date.toordinal(), order.index(c.kind), c.key))


# --- Atom (RFC 4287) ---------------------------------------------------------------------

def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _text(text)
    return el


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(site: m.Site, entries: list[Change], path: str, title: str) -> bytes:
    """Return an Atom feed of ``entries`` (newest first), published at ``path``."""
    base = site.url if site.url.endswith("/") else site.url + "/"
    # A plain xmlns attribute keeps the Atom namespace the default one without
    # ElementTree's process-wide namespace registry.
    feed = ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom"})
    _sub(feed, "id", base + path)
    _sub(feed, "title", title)
    _sub(feed, "updated", _stamp(max(e.date for e in entries)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base + path)
    _sub(feed, "link", rel="alternate", type="text/html", href=base + PAGE)
    author = _sub(feed, "author")
    _sub(author, "name", site.title)
    _sub(feed, "rights", f"Data licensed {site.data_license}")
    for e in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{base}{PAGE}#{e.key}")
        _sub(entry, "title", e.title)
        _sub(entry, "updated", _stamp(e.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=base + e.target)
        _sub(entry, "category", term=e.kind, label=e.label)
        _sub(entry, "summary", e.summary, type="text")
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


# --- iCalendar (RFC 5545) ----------------------------------------------------------------

def _ical_text(value: str) -> str:
    value = _NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a character."""
    parts: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def calendar(view: SiteView) -> bytes | None:
    """Return an iCalendar file of lifecycle dates, or ``None`` when no tool has any."""
    base = view.site.url if view.site.url.endswith("/") else view.site.url + "/"
    host = urllib.parse.urlsplit(base).hostname or "localhost"
    events: list[tuple[dt.date, str, str, ComponentView]] = []
    for cid, comp in view.components.items():
        if comp.record.status_since is not None:
            events.append((comp.record.status_since,
                           f"lifecycle-{cid}-{comp.record.status.value}",
                           lifecycle_title(comp), comp))
        if comp.record.end_of_support is not None:
            events.append((comp.record.end_of_support, f"end-of-support-{cid}",
                           f"{comp.record.name}: end of support", comp))
    if not events:
        return None
    # DTSTAMP must be a UTC date-time; the newest check of these tools keeps it reproducible.
    stamp = max(comp.record.verified for _, _, _, comp in events).strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//comparison-generator//lifecycle//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"NAME:{_ical_text(view.site.title + ': lifecycle dates')}",
             f"X-WR-CALNAME:{_ical_text(view.site.title + ': lifecycle dates')}"]
    for day, key, title, comp in sorted(events, key=lambda e: (e[0], e[1])):
        lines += ["BEGIN:VEVENT", f"UID:{key}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{_ical_text(title)}",
                  f"DESCRIPTION:{_ical_text(comp.record.status_note)}",
                  f"URL:{base}" + urls.path(f"component:{comp.record.id}"),
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("".join(_fold(line) + "\r\n" for line in lines)).encode("utf-8")


def links(view: SiteView, entries: list[Change]) -> list[tuple[str, str, str]]:
    """Return ``(label, docs path, media type)`` of every feed file that exists."""
    if not entries:
        return []
    out = [("Atom feed of all changes", FEED, "application/atom+xml")]
    if calendar(view) is not None:
        out.append(("Lifecycle calendar (iCalendar)", CALENDAR, "text/calendar"))
    return out


def feed_files(view: SiteView) -> dict[str, bytes]:
    """Return the feeds and the calendar keyed by their path in the docs folder."""
    entries = changes(view)
    if not entries:
        return {}
    site = view.site
    files = {FEED: atom(site, entries, FEED, f"{site.title}: what changed")}
    for s in view.subjects:
        mine = [e for e in entries if s.id in e.subjects]
        if mine:
            path = subject_feed(s.id)
            files[path] = atom(site, mine, path, f"{site.title}: what changed for {s.name}")
    cal = calendar(view)
    if cal is not None:
        files[CALENDAR] = cal
    return files
