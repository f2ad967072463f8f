"""``generator fresh``: ask package registries whether the content fell behind upstream.

This is the only module that uses the network, and only this command calls it.
For every package URL in the content (see :mod:`generator.packages`) it asks the
registry for the package's newest stable release, then reports, as warnings at
the fact's own ``file:line:col``:

* a subject whose ``latest_release`` is older than its main package's newest;
* an active component whose newest release is older than ``max_age`` days;
* a matrix cell checked against an older minor version than its subject's newest.

Registry answers are untrusted: version strings are cut to printable ASCII, URLs
are used only when they point where expected, and the markdown report escapes
every value it prints. Tests pass a fetcher that reads recorded responses
(:func:`replay`), so they never touch the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import model as m
from generator import packages, pipeline, versions
from generator.diagnostics import Diagnostic, has_errors
from generator.stages.validate import Content, Entry

Fetch = Callable[[str], Any]
"""Return the parsed JSON at a URL, or raise :class:`FetchError`."""

MAX_BYTES = 64 * 1024 * 1024
"""Largest registry answer read (npm documents of busy packages run to tens of MiB)."""
USER_AGENT = "comparison-generator-fresh/1 (release watcher of a static comparison site)"


class FetchError(Exception):
    """A registry could not answer; ``missing`` when it says the package does not exist."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def http_fetch(url: str, timeout: float = 20.0) -> Any:
    """Fetch JSON over HTTPS with a timeout; the default fetcher of ``generator fresh``."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if url.startswith("https://api.github.com/"):
        headers["Accept"] = "application/vnd.github+json"
        headers["X-GitHub-Api-Version"] = "2022-11-28"
        # Unauthenticated calls get 60 an hour; CI passes its own token for more.
        token = os.environ.get("GITHUB_TOKEN")
        if token:
            headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}", missing=exc.code in (404, 410)) from None
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot connect: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise FetchError(f"cannot connect: {exc}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"answer is larger than {MAX_BYTES // 1024 // 1024} MiB")
    try:
        return json.loads(body)
    except ValueError:
        raise FetchError("answer is not JSON") from None


def replay(root: Path) -> Fetch:
    """Return a fetcher that reads recorded answers: ``<root>/<host><path>.json``.

    A URL without a recorded answer behaves like a registry's 404, so a test
    that forgets a recording fails loudly instead of reaching the network.
    """
    base = root.resolve()

    def fetch(url: str) -> Any:
        parts = urllib.parse.urlsplit(url)
        file = (base / (parts.netloc + urllib.parse.unquote(parts.path) + ".json")).resolve()
        if base not in file.parents or not file.is_file():
            raise FetchError("HTTP 404 (no recorded answer)", missing=True)
        try:
            return json.loads(file.read_text(encoding="utf-8"))
        except ValueError:
            raise FetchError("answer is not JSON") from None
    return fetch


# --- reading registry answers ------------------------------------------------------------

@dataclass(frozen=True)
class Release:
    """A package's newest stable release, as its registry reports it."""

    purl: str
    version: str
    date: dt.date | None
    url: str
    """Where a reader can see the release."""


def _clean(value: Any) -> str:
    """A registry string cut to printable ASCII and 64 characters (versions are short)."""
    return re.sub(r"[^\x21-\x7e]", "", str(value))[:64]


def _quote(version: str) -> str:
    """A version as one URL path segment: nothing in it can end a markdown link."""
    return urllib.parse.quote(version, safe="")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _pypi(pkg: packages.Package, data: Any) -> Release | None:
    found: list[tuple[versions.Version, dt.date | None]] = []
    for text, files in (data.get("releases") or {}).items():
        ver = versions.parse(_clean(text))
        # A release whose every file was yanked is withdrawn; pip skips it too.
        if ver is None or not ver.stable or not files or all(f.get("yanked") for f in files):
            continue
        dates = [d for f in files if (d := _date(f.get("upload_time_iso_8601")
                                                  or f.get("upload_time"))) is not None]
        found.append((ver, min(dates, default=None)))
    if not found:
        # Some answers leave 'releases' out; 'info.version' is then the newest.
        ver = versions.parse(_clean(data["info"]["version"]))
        if ver is None or not ver.stable:
            return None
        dates = [d for f in data.get("urls") or [] if (d := _date(f.get(
            "upload_time_iso_8601"))) is not None]
        found.append((ver, min(dates, default=None)))
    ver, day = max(found, key=lambda t: t[0])
    return Release(pkg.purl, ver.text, day,
                   f"https://pypi.org/project/{pkg.name}/{_quote(ver.text)}/")


def _npm(pkg: packages.Package, data: Any) -> Release | None:
    times = data.get("time") or {}
    latest = versions.parse(_clean(data["dist-tags"]["latest"]))
    if latest is None or not latest.stable:
        # 'latest' should be stable by convention; when it is not, take the newest that is.
        stable = [v for t in times if t not in ("created", "modified")
                  and (v := versions.parse(_clean(t))) is not None and v.stable]
        if not stable:
            return None
        latest = max(stable)
    return Release(pkg.purl, latest.text, _date(times.get(latest.text)),
                   f"https://www.npmjs.com/package/{pkg.display}/v/{_quote(latest.text)}")


def _github(pkg: packages.Package, data: Any) -> Release | None:
    # /releases/latest already skips drafts and pre-releases; check anyway.
    if data.get("draft") or data.get("prerelease"):
        return None
    tag = _clean(data["tag_name"])
    url = str(data.get("html_url") or "")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/releases/tag/[\w.%+-]+", url):
        url = pkg.page_url
    return Release(pkg.purl, tag, _date(data.get("published_at")), url)


READERS: dict[str, Callable[[packages.Package, Any], Release | None]] = {
    "pypi": _pypi, "npm": _npm, "github": _github}
"""How to read each registry's answer."""


def newest_release(pkg: packages.Package, fetch: Fetch) -> Release | None:
    """Return the newest stable release, ``None`` when there is none; raise FetchError."""
    data = fetch(pkg.api_url)
    try:
        return READERS[pkg.type](pkg, data)
    except (KeyError, TypeError, AttributeError, ValueError):
        raise FetchError("answer does not have the registry's usual shape") from None


# --- comparing with the content ----------------------------------------------------------

@dataclass
class Report:
    """What one run found."""

    today: dt.date
    stale: list[tuple[Diagnostic, Release]] = field(default_factory=list)
    """Facts that fell behind, each with the release that shows it."""
    problems: list[Diagnostic] = field(default_factory=list)
    """Packages that could not be checked (errors when the registry has no such package)."""
    checked: set[str] = field(default_factory=set)
    """Package URLs whose registry answered."""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every finding, sorted by place."""
        return sorted([d for d, _ in self.stale] + self.problems)


def check(content: Content, fetch: Fetch, today: dt.date, max_age: int = 365) -> Report:
    """Ask the registries about every package in ``content`` and compare."""
    report = Report(today)
    answers: dict[str, Release | FetchError | None] = {}

    def newest(entry: Entry[Any], index: int, purl: str) -> Release | None:
        if purl not in answers:
            try:
                answers[purl] = newest_release(packages.parse_valid(purl), fetch)
                report.checked.add(purl)
            except FetchError as exc:
                answers[purl] = exc
        answer = answers[purl]
        if isinstance(answer, FetchError):
            at = entry.at("packages", index)
            if answer.missing:
                report.problems.append(Diagnostic(
                    *at, "error", f"packages[{index}]: the registry has no package or release "
                                  f"for '{purl}' ({answer})", "check the package URL"))
            else:
                report.problems.append(Diagnostic(
                    *at, "warning", f"packages[{index}]: could not check '{purl}': {answer}",
                    "try again later"))
            return None
        return answer

    for subject in content.subjects:
        found = [newest(subject, i, p) for i, p in enumerate(subject.record.packages)]
        if found and found[0] is not None:
            report.stale.extend(_subject_behind(content, subject, found[0]))
    for comp in content.components:
        found = [newest(comp, i, p) for i, p in enumerate(comp.record.packages)]
        dated = [r for r in found if r is not None and r.date is not None]
        if comp.record.status == m.Status.ACTIVE and dated:
            last = max(dated, key=lambda r: r.date or dt.date.min)
            assert last.date is not None
            age = (today - last.date).days
            if age > max_age:
                report.stale.append((Diagnostic(
                    *comp.at("status"), "warning",
                    f"status is 'active' but the newest release, {last.version} ({last.date}, "
                    f"{last.purl}), is {age} days old",
                    f"older than {max_age} days: check that it is still maintained, or change "
                    "status"), last))
    return report


def _subject_behind(content: Content, subject: Entry[m.Subject],
                    newest: Release) -> list[tuple[Diagnostic, Release]]:
    out: list[tuple[Diagnostic, Release]] = []
    rec = subject.record
    if rec.latest_release is None:
        return out
    ours, theirs = versions.parse(rec.latest_release.version), versions.parse(newest.version)
    if ours is not None and theirs is not None and theirs > ours:
        out.append((Diagnostic(*subject.at("latest_release", "version"), "warning",
                               f"latest_release {rec.latest_release.version} is behind "
                               f"{newest.version} ({newest.date or 'undated'}, {newest.purl})",
                               "update version, date, sources and verified"), newest))
    if theirs is None:
        return out
    for cat, i, feature in content.features():
        a = feature.assessments.get(rec.id)
        if a is not None and versions.newer_minor(a.checked_version, newest.version):
            out.append((Diagnostic(
                *cat.at("features", i, "assessments", rec.id, "checked_version"), "warning",
                f"feature '{feature.id}', subject '{rec.id}': checked_version "
                f"{a.checked_version} is older than the newest minor {theirs.minor_text} "
                f"({newest.version}, {newest.date or 'undated'})",
                f"check the claim against {theirs.minor_text}, then update checked_version "
                "and verified"), newest))
    return out


# --- the markdown report -----------------------------------------------------------------

_MD = re.compile(r"([\\`*_\[\]|~#!{}<>&@])")


def _md(text: str) -> str:
    """Escape for a markdown table cell in a GitHub issue: no markup, links or @mentions."""
    return _MD.sub(lambda mm: f"&#{ord(mm.group(1))};", text.replace("\n", " "))


def markdown(report: Report) -> str:
    """Return the report as markdown, for a file or an issue body."""
    lines = ["# Freshness report", "",
             f"Asked the registries about {len(report.checked)} package"
             f"{'s' if len(report.checked) != 1 else ''} on {report.today}: "
             + (f"{len(report.stale)} fact{'s' if len(report.stale) != 1 else ''} fell behind."
                if report.stale else "nothing fell behind."), ""]
    if report.stale:
        lines += ["| Where | What | Newest release |", "|---|---|---|"]
        for d, rel in sorted(report.stale, key=lambda t: t[0]):
            lines.append(f"| {_md(f'{d.path}:{d.line}:{d.col}')} | {_md(d.message)} | "
                         f"[{_md(rel.version)}]({rel.url}) |")
        lines.append("")
    if report.problems:
        lines += ["## Could not check", "", "| Where | Problem |", "|---|---|"]
        for d in sorted(report.problems):
            lines.append(f"| {_md(f'{d.path}:{d.line}:{d.col}')} | {_md(d.message)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the command line --------------------------------------------------------------------

def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _days_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 36500:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days from 1 to 36500")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``generator fresh``."""
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--format", choices=["text", "github"], default="text")
    parser.add_argument("--report", type=Path, default=None, metavar="FILE",
                        help="also write the findings as markdown to FILE")
    parser.add_argument("--fail-on-stale", action="store_true",
                        help="exit 1 when any fact fell behind (default: exit 0 and warn)")
    parser.add_argument("--max-age", type=_days_arg, default=365, metavar="DAYS",
                        help="flag an active component whose newest release is older than "
                             "DAYS (default 365)")
    parser.add_argument("--today", type=_date_arg, default=None, metavar="YYYY-MM-DD",
                        help="compare as of this date (default: today)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="give up on a registry after SECONDS (default 20)")
    parser.add_argument("--replay", type=Path, default=None, metavar="DIR",
                        help="read recorded registry answers from DIR instead of the network")


def run(args: argparse.Namespace) -> int:
    """Run ``generator fresh``; return the exit code (0, 1 or 2, as the other commands)."""
    if args.replay is not None and not args.replay.is_dir():
        print(f"generator: error: replay folder '{args.replay}' does not exist", file=sys.stderr)
        return 2
    content, diags = pipeline.validate(args.content)
    errors = [d for d in diags if d.severity == "error"]
    if content is None or errors:
        _print(errors, args.format)
        print(f"{len(errors)} content errors: fix them first (generator check)", file=sys.stderr)
        return 1
    fetch: Fetch = (replay(args.replay) if args.replay is not None
                    else functools.partial(http_fetch, timeout=args.timeout))
    report = check(content, fetch, args.today or dt.date.today(), args.max_age)
    _print(report.diagnostics, args.format)
    if args.report is not None:
        args.report.write_text(markdown(report), encoding="utf-8")
    stale = len(report.stale)
    what = f"{stale} fact{'s' if stale != 1 else ''}" if stale else "ok: nothing"
    print(f"{what} fell behind ({len(report.checked)} packages checked"
          + (f", {len(report.problems)} could not be" if report.problems else "") + ")",
          file=sys.stderr)
    return 1 if has_errors(report.problems) or (args.fail_on_stale and stale) else 0


def _print(diags: list[Diagnostic], fmt: str) -> None:
    for d in diags:
        print(d.format_github() if fmt == "github" else d.format(), file=sys.stderr)
