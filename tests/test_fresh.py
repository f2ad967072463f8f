"""Freshness: versions, package URLs and their rules, and the release watcher.

The watcher reads recorded registry answers from ``tests/fixtures/registry``; an
autouse fixture makes any real network call fail, so no test here goes online.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import packages, versions
from generator.cli import main
from generator.pipeline import validate
from generator.tools import fresh
from tests.conftest import FIXTURES, ROOT, edit, errors

REGISTRY = FIXTURES / "registry"
TODAY = dt.date(2026, 11, 30)
STORAGE = "content/features/storage.yml"

EXPECTED = [
    "content/components/pgbouncer.yml:6:9: warning: status is 'active' but the newest "
    "release, pgbouncer_1_24_1 (2025-04-16, pkg:github/pgbouncer/pgbouncer), is 593 days old "
    "(older than 365 days: check that it is still maintained, or change status)",
    f"{STORAGE}:19:91: warning: feature 'columnar', subject 'duckdb': checked_version 1.0 is "
    "older than the newest minor 1.2 (1.2.0, 2025-02-05) (check the claim against 1.2, then "
    "update checked_version and verified)",
    "content/subjects/duckdb.yml:8:12: warning: latest_release 1.1.3 is behind 1.2.0 "
    "(2025-02-05, pkg:pypi/duckdb) (update version, date, sources and verified)",
]
"""Exactly the facts the recorded answers make stale in the databases fixture."""


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a test tried to use the network")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


# --- versions ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "release", "stable"), [
    ("2.14.0", (2, 14, 0), True),
    ("v2.1.0", (2, 1, 0), True),
    ("lib-v0.4.30", (0, 4, 30), True),
    ("pgbouncer_1_24_1", (1, 24, 1), True),
    ("1.0.post1", (1, 0), True),
    ("2.1.0+cu121", (2, 1, 0), True),
    ("1.2.2.dev12", (1, 2, 2), False),
    ("2.15.0rc1", (2, 15, 0), False),
    ("1.0.0-beta.2", (1, 0, 0), False),
    ("1.2.1-dev12.0", (1, 2, 1), False),
    ("5.0.0-next.3", (5, 0, 0), False),
])
def test_versions_parse(text: str, release: tuple[int, ...], stable: bool) -> None:
    parsed = versions.parse(text)
    assert parsed is not None
    assert (parsed.release, parsed.stable, parsed.text) == (release, stable, text)


def test_versions_order_and_minor() -> None:
    v = versions.parse
    assert v("nightly") is None and v("") is None
    assert v("2.14") == v("2.14.0")
    assert v("2.14.0rc1") < v("2.14.0") < v("2.14.1") < v("2.15")  # type: ignore[operator]
    assert v("0.11.1").minor_text == "0.11"  # type: ignore[union-attr]
    assert versions.newer_minor("0.10", "0.11.1")
    assert not versions.newer_minor("0.11", "0.11.2")
    assert not versions.newer_minor(None, "1.0")
    assert not versions.newer_minor("1.0", "not a version")


# --- package URLs ------------------------------------------------------------------------

@pytest.mark.parametrize(("purl", "display", "api", "page"), [
    ("pkg:pypi/torch", "torch", "https://pypi.org/pypi/torch/json",
     "https://pypi.org/project/torch/"),
    ("pkg:npm/%40tensorflow/tfjs", "@tensorflow/tfjs",
     "https://registry.npmjs.org/@tensorflow%2Ftfjs",
     "https://www.npmjs.com/package/@tensorflow/tfjs"),
    ("pkg:npm/duckdb", "duckdb", "https://registry.npmjs.org/duckdb",
     "https://www.npmjs.com/package/duckdb"),
    ("pkg:github/pytorch/executorch", "pytorch/executorch",
     "https://api.github.com/repos/pytorch/executorch/releases/latest",
     "https://github.com/pytorch/executorch/releases"),
])
def test_package_urls(purl: str, display: str, api: str, page: str) -> None:
    pkg = packages.parse_valid(purl)
    assert (pkg.display, pkg.api_url, pkg.page_url) == (display, api, page)


def _with_package(db_content: Path, purl: str) -> list[str]:
    edit(db_content / "subjects" / "duckdb.yml", "pkg:npm/duckdb", purl)
    return errors(db_content)


@pytest.mark.parametrize(("purl", "message"), [
    ("pkg:cargo/duckdb", "packages[1]: unsupported package type 'cargo' in 'pkg:cargo/duckdb' "
     "(supported types: github, npm, pypi)"),
    ("pkg:pypi/duckdb@1.1.3", "packages[1]: 'pkg:pypi/duckdb@1.1.3' names a version (name the "
     "package only: 'pkg:pypi/duckdb')"),
    ("pkg:pypi/duckdb?os=linux", "packages[1]: 'pkg:pypi/duckdb?os=linux' has qualifiers (name "
     "the package only: 'pkg:pypi/duckdb')"),
    ("pkg:pypi/Duck_DB", "packages[1]: 'pkg:pypi/Duck_DB' is not in canonical form (write "
     "'pkg:pypi/duck-db': PyPI names are lower-case, with '-' for '_')"),
    ("pkg:npm/@duckdb/node-api", "packages[1]: the npm scope's '@' must be written '%40' in "
     "'pkg:npm/@duckdb/node-api' (write 'pkg:npm/%40duckdb/node-api')"),
    ("pkg:npm/a/b/c", "packages[1]: expected 'pkg:npm/NAME' or 'pkg:npm/%40SCOPE/NAME' in "
     "lower case, got 'pkg:npm/a/b/c' (for example 'pkg:npm/%40angular/core')"),
    ("pkg:github/duckdb", "packages[1]: expected 'pkg:github/OWNER/REPOSITORY', got "
     "'pkg:github/duckdb' (for example 'pkg:github/duckdb/duckdb')"),
    ("pkg:github/DuckDB/DuckDB", "packages[1]: expected 'pkg:github/OWNER/REPOSITORY', got "
     "'pkg:github/DuckDB/DuckDB' (write 'pkg:github/duckdb/duckdb': purl writes GitHub names "
     "in lower case)"),
    ("pkg:pypi/duckdb", "packages[1]: 'pkg:pypi/duckdb' is listed twice (remove one of the "
     "two)"),
])
def test_package_rule_messages(db_content: Path, purl: str, message: str) -> None:
    assert _with_package(db_content, purl) == [
        f"content/subjects/duckdb.yml:17:29: error: {message}"]


def test_package_url_shape_is_checked_by_the_model(db_content: Path) -> None:
    assert _with_package(db_content, "duckdb") == [
        "content/subjects/duckdb.yml:17:29: error: packages[1]: expected a package URL "
        "'pkg:TYPE/NAME', for example 'pkg:pypi/requests', got 'duckdb'"]


# --- checked versions and verdict histories ----------------------------------------------

COLUMNAR_DUCKDB = 'checked_version: "1.0"'
HISTORY = ('history: [{date: 2024-05-01, old: "no", new: plugin, why: A columnar storage '
           'extension became available.}]')


def test_checked_version_must_be_a_version(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", COLUMNAR_DUCKDB, "checked_version: latest")
    assert errors(db_content) == [
        f"{STORAGE}:19:91: error: features[1].assessments.duckdb.checked_version: expected a "
        "version number such as '2.14' or '0.11.1', got 'latest'"]


def test_checked_version_cannot_be_newer_than_the_latest_release(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", COLUMNAR_DUCKDB, 'checked_version: "1.2"')
    assert errors(db_content) == [
        f"{STORAGE}:19:91: error: feature 'columnar', subject 'duckdb': checked_version 1.2 is "
        "newer than the latest release 1.1.3 (update latest_release of 'duckdb' first)"]


@pytest.mark.parametrize(("history", "expected"), [
    ("{date: 2024-05-01, old: plugin, new: plugin, why: Nothing.}",
     ["17:135: error: feature 'columnar', subject 'postgresql': history[0] changes nothing (old "
      "and new are both 'plugin') (record only changes of level)"]),
    ('{date: 2024-05-01, old: "no", new: partial, why: A first extension.}, '
     '{date: 2024-01-01, old: "yes", new: plugin, why: Moved out of core.}',
     ["17:212: error: feature 'columnar', subject 'postgresql': history[1] (2024-01-01) is dated "
      "before history[0] (2024-05-01) (list changes oldest first)",
      "17:229: error: feature 'columnar', subject 'postgresql': history[1].old is 'yes' but the "
      "change before ended at 'partial' (each change starts where the one before ended)"]),
    ('{date: 2025-02-01, old: "no", new: plugin, why: Too late.}',
     ["17:142: error: feature 'columnar', subject 'postgresql': history[0] (2025-02-01) is dated "
      "after 'verified' (2025-01-10) (a change is verified after it happened)"]),
    ('{date: 2024-05-01, old: "no", new: partial, why: Half.}',
     ["17:170: error: feature 'columnar', subject 'postgresql': the last change ends at "
      "'partial' but the level is 'plugin' (the newest change must end at the current level)"]),
])
def test_history_rule_messages(db_content: Path, history: str, expected: list[str]) -> None:
    edit(db_content / "features" / "storage.yml", HISTORY, f"history: [{history}]")
    assert errors(db_content) == [f"{STORAGE}:{e}" for e in expected]


# --- registries --------------------------------------------------------------------------

def _newest(purl: str, root: Path = REGISTRY) -> fresh.Release | None:
    return fresh.newest_release(packages.parse_valid(purl), fresh.replay(root))


def test_pypi_skips_yanked_and_pre_releases() -> None:
    assert _newest("pkg:pypi/duckdb") == fresh.Release(
        "pkg:pypi/duckdb", "1.2.0", dt.date(2025, 2, 5), "https://pypi.org/project/duckdb/1.2.0/")


def test_npm_takes_the_latest_tag() -> None:
    assert _newest("pkg:npm/duckdb") == fresh.Release(
        "pkg:npm/duckdb", "1.2.0", dt.date(2025, 2, 6),
        "https://www.npmjs.com/package/duckdb/v/1.2.0")


def test_github_takes_the_latest_release() -> None:
    assert _newest("pkg:github/pgbouncer/pgbouncer") == fresh.Release(
        "pkg:github/pgbouncer/pgbouncer", "pgbouncer_1_24_1", dt.date(2025, 4, 16),
        "https://github.com/pgbouncer/pgbouncer/releases/tag/pgbouncer_1_24_1")


def _recorded(tmp_path: Path, rel: str, data: Any) -> Path:
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_text(json.dumps(data))
    return tmp_path


def test_npm_prerelease_latest_falls_back_to_the_newest_stable(tmp_path: Path) -> None:
    root = _recorded(tmp_path, "registry.npmjs.org/@scope/tool.json", {
        "dist-tags": {"latest": "2.0.0-alpha.1"},
        "time": {"created": "2020-01-01T00:00:00Z", "1.9.0": "2025-01-02T00:00:00Z",
                 "1.10.0": "2025-03-04T00:00:00Z", "2.0.0-alpha.1": "2025-05-06T00:00:00Z"}})
    release = _newest("pkg:npm/%40scope/tool", root)
    assert release is not None
    assert (release.version, release.date) == ("1.10.0", dt.date(2025, 3, 4))


def test_github_prerelease_and_odd_answers(tmp_path: Path) -> None:
    root = _recorded(tmp_path, "api.github.com/repos/o/r/releases/latest.json",
                     {"tag_name": "v2.0.0-rc1", "prerelease": True,
                      "published_at": "2025-01-01T00:00:00Z"})
    assert _newest("pkg:github/o/r", root) is None
    _recorded(tmp_path, "api.github.com/repos/o/r/releases/latest.json", ["not", "a", "map"])
    with pytest.raises(fresh.FetchError, match="usual shape") as caught:
        _newest("pkg:github/o/r", root)
    assert not caught.value.missing
    with pytest.raises(fresh.FetchError, match="no recorded answer") as missing:
        _newest("pkg:github/o/other", root)
    assert missing.value.missing


def test_replay_stays_inside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text("{}")
    fetch = fresh.replay(tmp_path / "recorded")
    with pytest.raises(fresh.FetchError):
        fetch("https://x/../../secret")


class _Answer(io.BytesIO):
    def __enter__(self) -> _Answer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_http_fetch_sends_a_timeout_and_a_token_only_to_github(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[urllib.request.Request, float]] = []

    def urlopen(request: urllib.request.Request, timeout: float) -> _Answer:
        seen.append((request, timeout))
        return _Answer(b'{"ok": true}')
    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    assert fresh.http_fetch("https://pypi.org/pypi/x/json", timeout=3) == {"ok": True}
    assert fresh.http_fetch("https://api.github.com/repos/o/r/releases/latest") == {"ok": True}
    (pypi, t1), (github, t2) = seen
    assert (t1, t2) == (3, 20.0)
    assert pypi.get_header("Authorization") is None
    assert pypi.get_header("User-agent") == fresh.USER_AGENT
    assert github.get_header("Authorization") == "Bearer t0ken"


def test_http_fetch_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def status(code: int) -> Any:
        def urlopen(request: urllib.request.Request, timeout: float) -> Any:
            raise urllib.error.HTTPError(request.full_url, code, "x", {}, None)  # type: ignore[arg-type]
        return urlopen
    monkeypatch.setattr(urllib.request, "urlopen", status(404))
    with pytest.raises(fresh.FetchError, match="HTTP 404") as missing:
        fresh.http_fetch("https://pypi.org/pypi/nope/json")
    assert missing.value.missing
    monkeypatch.setattr(urllib.request, "urlopen", status(503))
    with pytest.raises(fresh.FetchError, match="HTTP 503") as busy:
        fresh.http_fetch("https://pypi.org/pypi/x/json")
    assert not busy.value.missing

    def slow(request: urllib.request.Request, timeout: float) -> Any:
        raise TimeoutError("timed out")
    monkeypatch.setattr(urllib.request, "urlopen", slow)
    with pytest.raises(fresh.FetchError, match="cannot connect: timed out"):
        fresh.http_fetch("https://pypi.org/pypi/x/json")
    monkeypatch.setattr(urllib.request, "urlopen", lambda r, timeout: _Answer(b"<html>"))
    with pytest.raises(fresh.FetchError, match="not JSON"):
        fresh.http_fetch("https://pypi.org/pypi/x/json")


# --- the watcher over the fixture --------------------------------------------------------

def _check(content: Path, root: Path = REGISTRY) -> fresh.Report:
    checked, diags = validate(content)
    assert checked is not None, diags
    return fresh.check(checked, fresh.replay(root), TODAY)


def test_reports_exactly_what_the_recordings_make_stale(db_content: Path) -> None:
    report = _check(db_content)
    assert [d.format() for d in report.diagnostics] == EXPECTED
    assert report.checked == {"pkg:pypi/duckdb", "pkg:npm/duckdb",
                              "pkg:github/pgbouncer/pgbouncer"}
    assert report.problems == []


def test_nothing_is_reported_once_the_facts_catch_up(db_content: Path) -> None:
    edit(db_content / "subjects" / "duckdb.yml", 'version: "1.1.3"\n  date: 2024-11-04',
         'version: "1.2.0"\n  date: 2025-02-05')
    edit(db_content / "features" / "storage.yml", COLUMNAR_DUCKDB, 'checked_version: "1.2"')
    edit(db_content / "components" / "pgbouncer.yml", "status: active", "status: maintenance")
    assert _check(db_content).diagnostics == []


def test_an_unknown_package_is_an_error_and_an_outage_a_warning(db_content: Path,
                                                                 tmp_path: Path) -> None:
    edit(db_content / "subjects" / "duckdb.yml", "pkg:npm/duckdb", "pkg:npm/no-such-package")
    report = _check(db_content)
    assert [d.format() for d in report.problems] == [
        "content/subjects/duckdb.yml:17:29: error: packages[1]: the registry has no package or "
        "release for 'pkg:npm/no-such-package' (HTTP 404 (no recorded answer)) (check the "
        "package URL)"]

    def down(url: str) -> Any:
        raise fresh.FetchError("cannot connect: timed out")
    checked, _ = validate(db_content)
    assert checked is not None
    outage = fresh.check(checked, down, TODAY)
    assert outage.stale == []
    assert [d.format() for d in sorted(outage.problems)] == [
        "content/components/pgbouncer.yml:10:12: warning: packages[0]: could not check "
        "'pkg:github/pgbouncer/pgbouncer': cannot connect: timed out (try again later)",
        "content/subjects/duckdb.yml:17:12: warning: packages[0]: could not check "
        "'pkg:pypi/duckdb': cannot connect: timed out (try again later)",
        "content/subjects/duckdb.yml:17:29: warning: packages[1]: could not check "
        "'pkg:npm/no-such-package': cannot connect: timed out (try again later)"]


def test_the_report_escapes_what_registries_say(tmp_path: Path) -> None:
    from generator.diagnostics import Diagnostic

    report = fresh.Report(TODAY)
    hostile = "1.0<img src=x>@everyone|[x](javascript:alert(1))"
    report.stale.append((Diagnostic("content/a.yml", 1, 2, "warning", f"behind {hostile}"),
                         fresh.Release("pkg:pypi/a", hostile, None, "https://pypi.org/project/"
                                       "a/" + fresh._quote(hostile) + "/")))
    text = fresh.markdown(report)
    row = text.splitlines()[-1]
    assert "<img" not in text and "@everyone" not in text and "](javascript" not in text
    assert row.count("|") == 4
    assert row.endswith("%5Bx%5D%28javascript%3Aalert%281%29%29/) |")


# --- the command line --------------------------------------------------------------------

def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["fresh", "--content", "content", "--today", "2026-11-30", *args])
    return code, capsys.readouterr().err.splitlines()


def test_cli_warns_exits_0_and_writes_the_report(db_content: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _main(["--replay", str(REGISTRY), "--report", "fresh.md"], capsys)
    assert code == 0
    assert lines == [*EXPECTED, "3 facts fell behind (3 packages checked)"]
    assert (db_content.parent / "fresh.md").read_text() == (
        "# Freshness report\n\nAsked the registries about 3 packages on 2026-11-30: 3 facts "
        "fell behind.\n\n| Where | What | Newest release |\n|---|---|---|\n"
        "| content/components/pgbouncer.yml:6:9 | status is 'active' but the newest release, "
        "pgbouncer&#95;1&#95;24&#95;1 (2025-04-16, pkg:github/pgbouncer/pgbouncer), is 593 days "
        "old | [pgbouncer&#95;1&#95;24&#95;1](https://github.com/pgbouncer/pgbouncer/releases/"
        "tag/pgbouncer_1_24_1) |\n"
        "| content/features/storage.yml:19:91 | feature 'columnar', subject 'duckdb': "
        "checked&#95;version 1.0 is older than the newest minor 1.2 (1.2.0, 2025-02-05) | "
        "[1.2.0](https://pypi.org/project/duckdb/1.2.0/) |\n"
        "| content/subjects/duckdb.yml:8:12 | latest&#95;release 1.1.3 is behind 1.2.0 "
        "(2025-02-05, pkg:pypi/duckdb) | [1.2.0](https://pypi.org/project/duckdb/1.2.0/) |\n")


def test_cli_fail_on_stale_and_github_format(db_content: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _main(["--replay", str(REGISTRY), "--fail-on-stale", "--format", "github"],
                        capsys)
    assert code == 1
    assert lines[2] == ("::warning file=content/subjects/duckdb.yml,line=8,col=12::"
                        "latest_release 1.1.3 is behind 1.2.0 (2025-02-05, pkg:pypi/duckdb) "
                        "(update version, date, sources and verified)")
    edit(db_content / "subjects" / "duckdb.yml", 'version: "1.1.3"\n  date: 2024-11-04',
         'version: "1.2.0"\n  date: 2025-02-05')
    edit(db_content / "features" / "storage.yml", COLUMNAR_DUCKDB, 'checked_version: "1.2"')
    code, lines = _main(["--replay", str(REGISTRY), "--fail-on-stale", "--max-age", "1000",
                         "--report", "fresh.md"], capsys)
    assert (code, lines) == (0, ["ok: nothing fell behind (3 packages checked)"])
    assert "nothing fell behind." in (db_content.parent / "fresh.md").read_text()


def test_cli_unknown_package_exits_1_even_without_the_flag(
        db_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(db_content / "subjects" / "duckdb.yml", "pkg:npm/duckdb", "pkg:npm/no-such-package")
    code, lines = _main(["--replay", str(REGISTRY)], capsys)
    assert code == 1
    assert lines[-1] == "3 facts fell behind (2 packages checked, 1 could not be)"


def test_cli_usage_and_content_errors(db_content: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["fresh", "--today", "yesterday"])
    assert usage.value.code == 2
    assert "'yesterday' is not a date (YYYY-MM-DD)" in capsys.readouterr().err
    code, lines = _main(["--replay", "no-such-folder"], capsys)
    assert (code, lines) == (2, ["generator: error: replay folder 'no-such-folder' does not "
                                 "exist"])
    edit(db_content / "subjects" / "duckdb.yml", "pkg:npm/duckdb", "pkg:cargo/duckdb")
    code, lines = _main(["--replay", str(REGISTRY)], capsys)
    assert code == 1
    assert lines[-1] == "1 content errors: fix them first (generator check)"


# --- the real content --------------------------------------------------------------------

def test_every_subject_names_its_packages() -> None:
    content, diags = validate(ROOT / "content")
    assert content is not None, [d.format() for d in diags]
    assert {e.record.id: e.record.packages[0] for e in content.subjects} == {
        "pytorch": "pkg:pypi/torch", "tensorflow": "pkg:pypi/tensorflow", "jax": "pkg:pypi/jax"}
    named = {e.record.id for e in content.components if e.record.packages}
    assert {"executorch", "tfjs", "keras-3", "optax", "triton-server"} <= named


def test_weekly_workflow_is_pinned_and_may_only_write_issues() -> None:
    path = ROOT / ".github" / "workflows" / "fresh.yml"
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key 'on' as True.
    triggers = flow.get("on", flow.get(True))
    assert triggers["schedule"] and "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "issues": "write"}
    for job in flow["jobs"].values():
        assert "permissions" not in job
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    script = "\n".join(s.get("run", "") for j in flow["jobs"].values() for s in j["steps"])
    assert "generator fresh --format github --fail-on-stale --report fresh-report.md" in script
    assert "--body-file fresh-report.md" in script
