"""Stage 2: model errors and every cross-record rule, each with its exact message."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from generator.pipeline import check, validate
from generator.stages import rules
from tests.conftest import edit, errors, messages

STORAGE = "content/features/storage.yml"


def test_fixture_is_valid(db_content: Path) -> None:
    assert messages(db_content) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("features/storage.yml", "    name: Embedded mode", "    nmae: Embedded mode",
         [f"{STORAGE}:6:5: error: features[0].name: required key is missing (add it; see the "
          "JSON Schema in schema/ for its type)",
          f"{STORAGE}:7:5: error: features[0].nmae: unknown key 'nmae' (did you mean 'name'?)"]),
        ("features/storage.yml", 'level: "no", summary: Runs', 'level: "nope", summary: Runs',
         [f"{STORAGE}:10:27: error: features[0].assessments.postgresql.level: expected one of "
          "'yes', 'info', 'partial', 'plugin', 'no', 'deprecated' or 'unknown', got 'nope' "
          "(did you mean 'no'?)"]),
        ("sources/main.yml", "url: https://sqlite.org/", "url: http://sqlite.org/",
         ["content/sources/main.yml:8:10: error: sources[1].url: expected an https:// URL, got "
          "'http://sqlite.org/' (use the https:// address of the source)"]),
        ("subjects/sqlite.yml", "verified: 2025-01-10\nfacts", "verified: soon\nfacts",
         ["content/subjects/sqlite.yml:11:13: error: latest_release.verified: expected a date "
          "(YYYY-MM-DD), got 'soon' (write the date unquoted, for example 2026-11-22)"]),
        ("subjects/sqlite.yml", 'version: "3.47.2"', "version: 3.47",
         ["content/subjects/sqlite.yml:8:12: error: latest_release.version: expected text, "
          "got 3.47 (quote the value to keep it as text)"]),
        ("use-cases/analytics.yml", "weight: 5", "weight: 9",
         ["content/use-cases/analytics.yml:6:33: error: reasons[0].weight: input should be less "
          "than or equal to 5, got 9 (see the JSON Schema in schema/ for the allowed range)"]),
        ("subjects/sqlite.yml", "verified: 2025-01-10\nfacts", "verified: 9999-12-31\nfacts",
         ["content/subjects/sqlite.yml:11:13: error: latest_release.verified: input should be "
          "less than or equal to 2999-12-31, got 9999-12-31 (check the year: dates run from "
          "1900 to 2999)"]),
        ("evidence/point-query.yml", "median: 1.5,", "median: .inf,",
         ["content/evidence/point-query.yml:21:49: error: results[0].median: expected a finite "
          "number, got inf (write the measured value; leave the run out if it has none)"]),
        ("use-cases/analytics.yml", "weight: 5", "weight: 0x" + "f" * 4000,
         ["content/use-cases/analytics.yml:6:33: error: number too large: content numbers have "
          "at most 18 digits (check the value; quote it to keep it as text)"]),
        ("use-cases/analytics.yml", "id: analytics", "id: Analytics",
         ["content/use-cases/analytics.yml:1:5: error: id: expected a lower-case id (letters, "
          "digits and single hyphens), got 'Analytics'"]),
        ("use-cases/analytics.yml", "related: [feature:columnar, page:about]",
         "related: [columnar]",
         ["content/use-cases/analytics.yml:10:11: error: related[0]: expected a reference "
          "'kind:id', such as 'feature:some-row', got 'columnar'"]),
        ("use-cases/analytics.yml", "scenario: You analyse files on a laptop.",
         "scenario: [a, b]",
         ["content/use-cases/analytics.yml:3:11: error: scenario: expected text, got a list"]),
        ("chooser.yml", "      - {id: web, label: A web backend, use_cases: [web-backend]}\n",
         "",
         ["content/chooser.yml:5:7: error: questions[0].options: expected at least 2 items, "
          "got a list"]),
    ],
)
def test_model_errors(db_content: Path, file: str, old: str, new: str,
                      expected: list[str]) -> None:
    edit(db_content / file, old, new)
    assert errors(db_content) == expected


def test_top_level_must_be_mapping(db_content: Path) -> None:
    (db_content / "components" / "pgbouncer.yml").write_text("- a\n- b\n")
    assert errors(db_content) == [
        "content/components/pgbouncer.yml:1:1: error: expected a mapping at the top level, got "
        "a list (content files are YAML mappings of 'key: value')"]


def test_rule_file_name_matches_id(db_content: Path) -> None:
    (db_content / "components" / "pgbouncer.yml").rename(db_content / "components" / "pgb.yml")
    assert errors(db_content) == [
        "content/components/pgb.yml:1:5: error: id 'pgbouncer' does not match the file name "
        "'pgb.yml' (rename the file to 'pgbouncer.yml' or set id: pgb)"]


@pytest.mark.parametrize(("name", "expected"), [
    ("sitemap.xml.md", "page file name 'sitemap.xml.md' is not an id"),
    ("README.md", "page file name 'README.md' is not an id"),
    ("search/search_index.json.md", "page file name 'search_index.json.md' is not an id"),
    ("Guides/notes.md", "page folder name 'Guides' is not an id"),
])
def test_rule_file_name_matches_id_for_pages(db_content: Path, name: str,
                                             expected: str) -> None:
    # The engine writes or renames these names; a page must never take them.
    target = db_content / "pages" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\ntitle: t\ndescription: d\n---\nHi.\n")
    assert errors(db_content) == [
        f"content/pages/{name}:1:1: error: {expected} (name pages and their folders with "
        "lower-case letters, digits and single hyphens, such as 'getting-started.md')"]


def test_rule_ids_unique(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", "  - id: columnar", "  - id: embedded")
    assert errors(db_content) == [
        f"{STORAGE}:13:9: error: duplicate feature id 'embedded' (first used at {STORAGE}:6) "
        "(give each one its own id)",
        "content/use-cases/analytics.yml:6:15: error: unknown feature 'columnar' (known "
        "features: ease-of-setup, embedded)",
        "content/use-cases/analytics.yml:10:11: error: unknown feature 'columnar' (known "
        "features: ease-of-setup, embedded)",
    ]


def test_rule_ids_unique_inside_nested_lists(db_content: Path) -> None:
    # Two options of one question with one id: the form sent one answer for both.
    edit(db_content / "chooser.yml", "      - {id: web, label: A web backend",
         "      - {id: analytics, label: A web backend")
    assert errors(db_content) == [
        "content/chooser.yml:6:14: error: duplicate option id 'analytics' (first used at "
        "content/chooser.yml:5) (give each one its own id)"]


def test_rule_measurements_ordered(db_content: Path) -> None:
    edit(db_content / "evidence" / "point-query.yml", "median: 1.5, q1: 1.4,",
         "median: 1.5, q1: 1.6,")
    assert errors(db_content) == [
        "content/evidence/point-query.yml:21:5: error: duckdb, default: expected min ≤ q1 ≤ "
        "median ≤ q3 ≤ max, got 1.3 ≤ 1.6 ≤ 1.5 ≤ 1.7 ≤ 2 (copy the five numbers from the "
        "run's summary)"]


def test_rule_subjects_resolve(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", "      sqlite: {level: \"yes\", summary: A",
         "      sqlight: {level: \"yes\", summary: A")
    assert errors(db_content) == [
        f"{STORAGE}:10:7: error: feature 'embedded' has no assessment for subject 'sqlite' "
        "(add one; use level: unknown and say why if it cannot be verified)",
        f"{STORAGE}:11:7: error: unknown subject 'sqlight' (did you mean 'sqlite'?)",
    ]


def test_rule_rows_cover_every_subject_in_deployment(db_content: Path) -> None:
    text = (db_content / "deployment" / "server.yml").read_text()
    (db_content / "deployment" / "server.yml").write_text(text.split("  duckdb:")[0])
    assert errors(db_content) == [
        "content/deployment/server.yml:6:3: error: deployment 'server' has no path for subject "
        "'duckdb' (add one, even if its only step says there is no maintained path)"]


def test_rule_sources_resolve(db_content: Path) -> None:
    edit(db_content / "components" / "pgbouncer.yml", "sources: [postgresql-home]",
         "sources: [postgres-home]")
    assert errors(db_content) == [
        "content/components/pgbouncer.yml:8:11: error: unknown source 'postgres-home' (did you "
        "mean 'postgresql-home'?)"]


def test_rule_sources_used_and_distinct(db_content: Path) -> None:
    with (db_content / "sources" / "main.yml").open("a") as fh:
        fh.write("  - id: spare\n    url: https://duckdb.org\n    title: Spare\n"
                 "    publisher: Nobody\n    accessed: 2025-01-10\n")
    assert messages(db_content) == [
        "content/sources/main.yml:17:9: warning: source 'spare' is never cited (cite it from a "
        "claim or remove it)",
        "content/sources/main.yml:18:10: warning: source 'spare' has the same URL as "
        "'duckdb-home' (merge the two and cite one id)",
    ]


def test_rule_secondary_sources_noted(db_content: Path) -> None:
    edit(db_content / "sources" / "main.yml", "    publisher: SQLite\n",
         "    publisher: SQLite\n    kind: secondary\n")
    assert errors(db_content) == [
        "content/sources/main.yml:11:11: error: source 'sqlite-home' is secondary but has no "
        "note (add note: saying what it shows that no first-party source does, or replace it "
        "with a primary source)"]
    edit(db_content / "sources" / "main.yml", "    kind: secondary\n",
         "    kind: secondary\n    note: The only dated account of this fact.\n")
    assert errors(db_content) == []


def test_rule_use_cases_resolve(db_content: Path) -> None:
    edit(db_content / "chooser.yml", "use_cases: [analytics]", "use_cases: [analytic]")
    assert errors(db_content) == [
        "content/chooser.yml:5:66: error: unknown use case 'analytic' (did you mean "
        "'analytics'?)"]


def test_rule_components_resolve(db_content: Path) -> None:
    edit(db_content / "deployment" / "server.yml", "component: pgbouncer}",
         "component: pgbounce}")
    assert errors(db_content) == [
        "content/deployment/server.yml:8:34: error: unknown component 'pgbounce' (did you mean "
        "'pgbouncer'?)"]


def test_rule_lifecycle_consistent(db_content: Path) -> None:
    edit(db_content / "components" / "old-pooler.yml", "relation: superseded\n", "")
    edit(db_content / "components" / "pgbouncer.yml", "status_note: Released regularly.",
         "status_note: Released regularly.\nrelation: renamed")
    assert errors(db_content) == [
        "content/components/old-pooler.yml:9:12: error: component 'old-pooler' names a "
        "successor but no relation (add relation: renamed or relation: superseded)",
        "content/components/pgbouncer.yml:8:11: error: component 'pgbouncer' has a relation but "
        "no successor (add successor: <component id>)",
    ]


def test_rule_active_but_superseded(db_content: Path) -> None:
    edit(db_content / "components" / "old-pooler.yml", "status: archived", "status: active")
    assert errors(db_content) == [
        "content/components/old-pooler.yml:6:9: error: component 'old-pooler' is active but "
        "superseded (set status to maintenance, deprecated or archived)"]


def test_rule_refs_resolve(db_content: Path) -> None:
    edit(db_content / "use-cases" / "analytics.yml", "page:about", "page:abut")
    assert errors(db_content) == [
        "content/use-cases/analytics.yml:10:29: error: unknown page 'abut' (did you mean "
        "'about'?)"]


def test_rule_disputed_has_positions(db_content: Path) -> None:
    edit(db_content / "features" / "experience.yml", "evidence: disputed", "evidence: consensus")
    edit(db_content / "features" / "storage.yml",
         'duckdb: {level: "yes", summary: Columnar by design.,',
         'duckdb: {level: "yes", evidence: disputed, summary: Columnar by design.,')
    assert errors(db_content) == [
        "content/features/experience.yml:18:11: error: feature 'ease-of-setup', subject "
        "'duckdb': positions are only for disputed claims (set evidence: disputed or remove "
        "them)",
        f"{STORAGE}:19:15: error: feature 'columnar', subject 'duckdb': a disputed claim needs "
        "at least two positions (add positions: [{summary, sources}, ...] for each side)",
    ]


def test_rule_dates_not_in_future(db_content: Path) -> None:
    edit(db_content / "components" / "pgbouncer.yml", "verified: 2025-01-10",
         "verified: 2999-01-01")
    found = errors(db_content)
    assert found == [
        "content/components/pgbouncer.yml:9:11: error: verified: date 2999-01-01 is in the "
        f"future (use the date you checked it, at most {dt.date.today()})"]


def test_rule_no_debris(db_content: Path) -> None:
    edit(db_content / "components" / "pgbouncer.yml", "status_note: Released regularly.",
         "status_note: Released regularly. :contentReference[oaicite:0]{index=0}")
    (db_content / "pages" / "about.md").write_text(
        "---\ntitle: t\ndescription: d\n---\n# About\n\nText oaicite here.\n")
    assert errors(db_content) == [
        "content/components/pgbouncer.yml:7:14: error: pasted-text debris ':contentReference' "
        "(remove it and write the sentence in your own words)",
        "content/pages/about.md:7:6: error: pasted-text debris 'oaicite' (remove it and write "
        "the sentence in your own words)",
    ]


def test_stale_lists_old_claims(db_content: Path) -> None:
    content, _ = validate(db_content)
    assert content is not None
    found = [d.format() for d in rules.stale(content, 365, dt.date(2026, 11, 22))]
    assert "content/components/pgbouncer.yml:9:11: warning: stale: verified 2025-01-10, 681 " \
           "days ago (check it against its sources and update 'verified')" in found
    assert rules.stale(content, 10_000, dt.date(2026, 11, 22)) == []


def test_every_rule_is_registered() -> None:
    names = {r.__name__ for r in rules.RULES}
    assert names == {
        "file_name_matches_id", "ids_unique", "subjects_resolve", "rows_cover_every_subject",
        "sources_resolve", "sources_used", "sources_distinct", "secondary_sources_noted",
        "features_resolve",
        "examples_resolve",
        "use_cases_resolve", "components_resolve", "lifecycle_consistent", "refs_resolve",
        "disputed_has_positions", "dates_not_in_future", "no_debris", "prose_html_safe",
        "prose_fragments_valid", "successors_acyclic", "data_links_safe",
        "packages_valid", "checked_versions_released", "histories_consistent",
        "one_fact_one_place", "site_url_plain", "measurements_ordered"}


def test_rule_refs_resolve_names_unknown_kinds(db_content: Path) -> None:
    edit(db_content / "use-cases" / "analytics.yml", "page:about", "pages:about")
    assert errors(db_content) == [
        "content/use-cases/analytics.yml:10:29: error: unknown reference kind 'pages' (did you "
        "mean 'page'?)"]


def test_rule_site_url_plain(db_content: Path) -> None:
    edit(db_content / "site.yml", "url: https://example.org/databases/",
         "url: https://example.org//evil.example/databases/")
    assert errors(db_content) == [
        "content/site.yml:3:6: error: url: the path of 'https://example.org//evil.example/"
        "databases/' has an empty segment ('//') (write single slashes, for example "
        "https://example.org/site/)"]


def test_unquoted_yes_gets_a_quoting_hint(db_content: Path) -> None:
    edit(db_content / "features" / "storage.yml", 'sqlite: {level: "yes", summary: A library',
         "sqlite: {level: yes, summary: A library")
    assert errors(db_content) == [
        f"{STORAGE}:11:23: error: features[0].assessments.sqlite.level: expected one of 'yes', "
        "'info', 'partial', 'plugin', 'no', 'deprecated' or 'unknown', got true (quote it, for "
        "example \"yes\" or \"no\": unquoted, YAML reads it as true/false)"]


TAGS = ("a, abbr, b, blockquote, br, code, dd, del, details, div, dl, dt, em, figcaption, "
        "figure, h1, h2, h3, h4, h5, h6, hr, i, img, ins, kbd, li, mark, ol, p, pre, s, small, "
        "span, strong, sub, summary, sup, table, tbody, td, tfoot, th, thead, tr, u, ul")


def test_rule_prose_html_safe(db_content: Path) -> None:
    (db_content / "pages" / "about.md").write_text(
        "---\ntitle: t\ndescription: d\n---\n# About\n\n"
        "<script>alert(1)</script> and <span onclick=\"x()\">hi</span>\n"
        "<a href=\"javascript:alert(1)\">x</a> [y](javascript:alert(2)) <kbd>ok</kbd>\n"
        "`<script>` in code is fine\n\n```html\n<iframe src=x></iframe>\n```\n")
    assert errors(db_content) == [
        f"content/pages/about.md:7:1: error: raw HTML tag <script> is not allowed in prose pages "
        f"(use markdown, or one of: {TAGS})",
        "content/pages/about.md:7:31: error: attribute 'onclick' is not allowed on <span> "
        "(allowed attributes: align, alt, class, colspan, height, href, open, rowspan, scope, "
        "src, start, title, width)",
        "content/pages/about.md:8:1: error: unsafe URL in href on <a> (links must be relative, "
        "https:, http: or mailto:)",
        "content/pages/about.md:8:41: error: unsafe link scheme 'javascript:' (links must be "
        "relative, https:, http: or mailto:)",
    ]


_FRAGMENT_HINT = ("(use markdown and the fragments cite([...]), rows_table([...]), "
                  "category_table(\"id\"), or one of: {{ site.title }}, {{ site.data_license }}, "
                  "{{ site.stale_after_days }}, {{ subject_names }})")


def test_rule_prose_fragments_valid(db_content: Path) -> None:
    (db_content / "pages" / "about.md").write_text(
        "---\ntitle: t\ndescription: d\n---\n# About\n\n{% include '../../../etc/passwd' %}\n"
        "A {{ v.rows }} and {{ cite('x') }} and {{ cite([\"nope\"]) }} {# c #}\n"
        "Shown as code: `{{ v }}` and\n\n```\n{% raw %}\n```\n\n"
        "Text {{ rows_table([\"columnar\"]) }}\n{{ category_table(\"storage\") }}\n"
        "{{ unclosed\n{{ site.title }} {{ nothing }} {{ rows(1) }}\n")
    assert errors(db_content) == [
        f"content/pages/about.md:7:1: error: template tag '{{%' is not allowed in prose pages "
        f"{_FRAGMENT_HINT}",
        f"content/pages/about.md:8:3: error: '{{{{ v.rows }}}}' is not a fragment {_FRAGMENT_HINT}"
        .replace("'{{ v.rows }}' is not a fragment", "unknown value 'v.rows'"),
        f"content/pages/about.md:8:20: error: cite takes a list of ids in quotes, such as "
        f"[\"a\", \"b\"] {_FRAGMENT_HINT}",
        "content/pages/about.md:8:40: error: unknown source 'nope' (known sources: duckdb-home, "
        "postgresql-home, sqlite-home)",
        f"content/pages/about.md:8:61: error: template tag '{{#' is not allowed in prose pages "
        f"{_FRAGMENT_HINT}",
        "content/pages/about.md:15:6: error: rows_table must stand on a line of its own (put the "
        "fragment on its own line, with blank lines around it)",
        f"content/pages/about.md:17:1: error: '{{{{' is not closed on the same line "
        f"{_FRAGMENT_HINT}",
        f"content/pages/about.md:18:18: error: unknown value 'nothing' {_FRAGMENT_HINT}",
        f"content/pages/about.md:18:32: error: unknown fragment 'rows' {_FRAGMENT_HINT}",
    ]


def test_rule_successors_acyclic(db_content: Path) -> None:
    edit(db_content / "components" / "pgbouncer.yml", "status: active",
         "status: archived\nsuccessor: old-pooler\nrelation: superseded")
    assert errors(db_content) == [
        "content/components/old-pooler.yml:9:12: error: successor cycle: old-pooler -> "
        "pgbouncer -> old-pooler (a tool cannot be replaced by itself, directly or not)",
        "content/components/pgbouncer.yml:7:12: error: successor cycle: pgbouncer -> old-pooler "
        "-> pgbouncer (a tool cannot be replaced by itself, directly or not)",
    ]


def test_rule_data_links_safe(db_content: Path) -> None:
    edit(db_content / "use-cases" / "analytics.yml", "scenario: You analyse files on a laptop.",
         "scenario: See [this](javascript:alert(1)).")
    assert errors(db_content) == [
        "content/use-cases/analytics.yml:3:11: error: scenario: unsafe link scheme "
        "'javascript:' (links must be relative, https:, http: or mailto:)"]


def test_rule_one_fact_one_place(db_content: Path) -> None:
    edit(db_content / "use-cases" / "analytics.yml", "scenario: You analyse files on a laptop.",
         "scenario: The newest release is 3.47, and Old Pooler is in limited maintenance.")
    assert errors(db_content) == [
        "content/use-cases/analytics.yml:3:11: error: free text calls a version current: "
        "'newest release is 3.47' (state releases in latest_release (pages show it with its "
        "date), or give the version a date)",
        "content/use-cases/analytics.yml:3:11: error: free text says Old Pooler is in "
        "maintenance, but its record says 'archived' (fix the sentence or "
        "components/old-pooler.yml)"]
    # A dated release and a status that agrees with the record are fine.
    edit(db_content / "use-cases" / "analytics.yml",
         "scenario: The newest release is 3.47, and Old Pooler is in limited maintenance.",
         "scenario: 3.47 came out in 2024, and Old Pooler was archived in 2020.")
    assert errors(db_content) == []


def test_name_finder_finds_what_a_search_per_name_finds() -> None:
    from generator.stages.rules.text import _NameFinder

    rng = random.Random(7)
    names = sorted({"".join(rng.choice("ab ") for _ in range(rng.randint(1, 5))).strip() or "a"
                    for _ in range(40)})
    finder = _NameFinder(names)
    for _ in range(500):
        text = "".join(rng.choice("ab .") for _ in range(rng.randint(0, 30)))
        assert finder.present(text) == {n for n in names if n in text}, text


def test_data_links_name_pages_that_exist(db_content: Path) -> None:
    # Checked once the pages are rendered (the links stage): a link to a missing page was
    # a dead link. (This test once linked 'matrix.md#embedded': the row is 'row-embedded',
    # and the anchor check now says so.)
    edit(db_content / "faq.yml", "runs as a separate server.",
         "runs as a separate server. See [the matrix](matrix.md#row-embedded), "
         "[a subject](subjects/sqlite.md), [z](zzz.md) and [o](https://example.org/x.md).")
    result = check(db_content, None)
    assert [d.format() for d in result.diagnostics] == [
        "content/faq.yml:4:13: error: answer: link to 'zzz.md': no such page (link to a page's "
        "file, such as matrix.md or subjects/index.md)"]


def test_links_in_prose_pages_are_all_reported_in_one_run(db_content: Path) -> None:
    # Found while rendering, page by page: every page's broken links, then stop once, as a
    # failed result (not an exception from the render stage).
    about = db_content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [x](nowhere.md).\n",
                     encoding="utf-8")
    (db_content / "pages" / "notes.md").write_text(
        "---\ntitle: Notes\ndescription: More notes.\n---\n# Notes\n\n"
        "See [y](elsewhere.md) and [z](subjects/none.md).\n", encoding="utf-8")
    result = check(db_content, None)
    assert result.failed
    lines = (about.read_text(encoding="utf-8").count("\n"))
    assert [d.format() for d in result.diagnostics] == [
        f"content/pages/about.md:{lines}:9: error: link to 'nowhere.md': no such page (link "
        "to a page's file, such as matrix.md or subjects/index.md)",
        "content/pages/notes.md:7:9: error: link to 'elsewhere.md': no such page (link to a "
        "page's file, such as matrix.md or subjects/index.md)",
        "content/pages/notes.md:7:31: error: link to 'subjects/none.md': no such page (link "
        "to a page's file, such as matrix.md or subjects/index.md)"]
