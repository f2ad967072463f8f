"""The bad-input corpus: each case breaks the databases fixture one way.

A case is (name, file under content/, new bytes or (old, new) edit, the exact
first error line). ``tests/test_bad_inputs.py`` runs every case through
``generator check`` and ``generator build`` as subprocesses.
"""

from __future__ import annotations

Edit = tuple[str, str]
Case = tuple[str, str, bytes | Edit, str]

_SUBJ = "content/subjects/sqlite.yml"
_UC = "content/use-cases/analytics.yml"
_COMP = "content/components/pgbouncer.yml"
_STORE = "content/features/storage.yml"
_BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                  + [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
                     for i in range(1, 20)]) + "\n"

CASES: list[Case] = [
    ("yaml-syntax", _SUBJ, b"id: sqlite\nname: [SQLite\n",
     f"{_SUBJ}:3:1: error: YAML syntax error: expected ',' or ']', but got '<stream end>' (check "
     "the indentation and quoting on this line and the one above)"),
    ("yaml-bad-indent", _SUBJ, b"id: sqlite\n name: x\n",
     f"{_SUBJ}:2:6: error: YAML syntax error: mapping values are not allowed here (check the "
     "indentation and quoting on this line and the one above)"),
    ("python-tag", _SUBJ, b"id: !!python/object/apply:os.system ['echo pwned']\n",
     f"{_SUBJ}:1:5: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
     "allowed (content files take plain strings, numbers, dates, lists and mappings)"),
    ("python-name-tag", _SUBJ, b"id: !!python/name:os.system\n",
     f"{_SUBJ}:1:5: error: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed "
     "(content files take plain strings, numbers, dates, lists and mappings)"),
    ("local-tag", _SUBJ, b"id: !env HOME\n",
     f"{_SUBJ}:1:5: error: YAML tag '!env' is not allowed (content files take plain strings, "
     "numbers, dates, lists and mappings)"),
    ("binary-tag", _SUBJ, b"id: !!binary aGVsbG8=\n",
     f"{_SUBJ}:1:5: error: YAML tag 'tag:yaml.org,2002:binary' is not allowed (content files "
     "take plain strings, numbers, dates, lists and mappings)"),
    ("alias-bomb", _SUBJ, _BOMB.encode(),
     f"{_SUBJ}:1:5: error: YAML anchors and aliases are not allowed (repeat the value instead "
     "of referring to it with '*')"),
    ("merge-key", _SUBJ, b"a: {x: 1}\nb:\n  <<: {x: 2}\n",
     f"{_SUBJ}:3:3: error: YAML merge keys ('<<') are not allowed (write the keys out in full)"),
    ("duplicate-key", _SUBJ, ("name: SQLite", "name: SQLite\nname: Other"),
     f"{_SUBJ}:3:1: error: duplicate key 'name' (first defined at line 2) (remove one of the "
     "two entries)"),
    ("empty-file", _SUBJ, b"",
     f"{_SUBJ}:1:1: error: file is empty (start from a skeleton: generator new --help)"),
    ("only-comments", _SUBJ, b"# nothing here\n\n",
     f"{_SUBJ}:1:1: error: file is empty (start from a skeleton: generator new --help)"),
    ("over-size-cap", _SUBJ, b"id: '" + b"x" * 1_048_600 + b"'\n",
     f"{_SUBJ}:1:1: error: file is 1048607 bytes, over the 1048576-byte limit (split it into "
     "smaller files)"),
    ("not-utf8", _SUBJ, b"id: sqlite\nname: SQ\xffLite\n",
     f"{_SUBJ}:2:9: error: file is not valid UTF-8 (byte 0xff) (save the file as UTF-8)"),
    ("nul-bytes", _SUBJ, b"id: sqlite\x00\n",
     f"{_SUBJ}:1:1: error: file contains NUL bytes (is this a binary file?)"),
    ("top-level-list", _SUBJ, b"- id: sqlite\n",
     f"{_SUBJ}:1:1: error: expected a mapping at the top level, got a list (content files are "
     "YAML mappings of 'key: value')"),
    ("top-level-scalar", _SUBJ, b"sqlite\n",
     f"{_SUBJ}:1:1: error: expected a mapping at the top level, got 'sqlite' (content files are "
     "YAML mappings of 'key: value')"),
    ("unknown-key", _SUBJ, ("name: SQLite", "name: SQLite\nnmae: typo"),
     f"{_SUBJ}:3:1: error: nmae: unknown key 'nmae' (did you mean 'name'?)"),
    ("missing-key", _SUBJ, ("name: SQLite\n", ""),
     f"{_SUBJ}:1:1: error: name: required key is missing (add it; see the JSON Schema in schema/ "
     "for its type)"),
    ("wrong-type-list", _UC, ("reasons:\n", "reasons: many\nold_reasons:\n"),
     f"{_UC}:5:10: error: reasons: expected a list, got 'many'"),
    ("wrong-type-number", _SUBJ, ('version: "3.47.2"', "version: 3.47"),
     f"{_SUBJ}:8:12: error: latest_release.version: expected text, got 3.47 (quote the value to "
     "keep it as text)"),
    ("bad-enum", _COMP, ("status: active", "status: alive"),
     f"{_COMP}:6:9: error: status: expected one of 'active', 'maintenance', 'deprecated' or "
     "'archived', got 'alive' (did you mean 'active'?)"),
    ("bad-date", _COMP, ("verified: 2025-01-10", "verified: 10/01/2025"),
     f"{_COMP}:9:11: error: verified: expected a date (YYYY-MM-DD), got '10/01/2025' (write the "
     "date unquoted, for example 2026-11-22)"),
    ("http-url", _COMP, ("url: https://www.pgbouncer.org/", "url: http://www.pgbouncer.org/"),
     f"{_COMP}:5:6: error: url: expected an https:// URL, got 'http://www.pgbouncer.org/' (use "
     "the https:// address of the source)"),
    ("javascript-url", _COMP, ("url: https://www.pgbouncer.org/", "url: javascript:alert(1)"),
     f"{_COMP}:5:6: error: url: expected an https:// URL, got 'javascript:alert(1)'"),
    ("bad-id", _COMP, ("id: pgbouncer", "id: PgBouncer"),
     f"{_COMP}:1:5: error: id: expected a lower-case id (letters, digits and single hyphens), "
     "got 'PgBouncer'"),
    ("name-mismatch", "content/deployment/server.yml", ("id: server", "id: servers"),
     "content/deployment/server.yml:1:5: error: id 'servers' does not match the file name "
     "'server.yml' (rename the file to 'servers.yml' or set id: server)"),
    ("dangling-subject", _UC, ("subject: duckdb,", "subject: duckbd,"),
     f"{_UC}:4:27: error: unknown subject 'duckbd' (did you mean 'duckdb'?)"),
    ("dangling-source", _COMP, ("sources: [postgresql-home]", "sources: [nowhere]"),
     f"{_COMP}:8:11: error: unknown source 'nowhere' (known sources: duckdb-home, "
     "postgresql-home, sqlite-home)"),
    ("dangling-feature", _UC, ("feature: embedded", "feature: embeded"),
     f"{_UC}:7:15: error: unknown feature 'embeded' (did you mean 'embedded'?)"),
    ("dangling-component", "content/deployment/server.yml",
     ("component: pgbouncer}", "component: nginx}"),
     "content/deployment/server.yml:8:34: error: unknown component 'nginx' (known components: "
     "old-pooler, pgbouncer)"),
    ("dangling-page-ref", _UC, ("page:about", "page:nowhere"),
     f"{_UC}:10:29: error: unknown page 'nowhere' (no page has this id)"),
    ("duplicate-feature", _STORE, ("  - id: columnar", "  - id: embedded"),
     f"{_STORE}:13:9: error: duplicate feature id 'embedded' (first used at {_STORE}:6) (give "
     "each one its own id)"),
    ("multi-line-summary", _COMP, ("status_note: Released regularly.",
                                   'status_note: "Released\\nregularly."'),
     f"{_COMP}:7:14: error: status_note: expected a single line of text, got 'Released\\n"
     "regularly.'"),
    ("future-date", _COMP, ("verified: 2025-01-10", "verified: 2999-01-01"),
     f"{_COMP}:9:11: error: verified: date 2999-01-01 is in the future (use the date you checked "
     "it, at most {today})"),
    ("debris", _COMP, ("status_note: Released regularly.",
                       "status_note: Released regularly. oaicite:3"),
     f"{_COMP}:7:14: error: pasted-text debris 'oaicite' (remove it and write the sentence in "
     "your own words)"),
    ("page-no-front-matter", "content/pages/about.md", b"# About\n",
     "content/pages/about.md:1:1: error: missing front matter (start the file with '---', "
     "'title: ...', 'description: ...', '---')"),
    ("page-script", "content/pages/about.md",
     b"---\ntitle: t\ndescription: d\n---\n<script>alert(1)</script>\n",
     "content/pages/about.md:5:1: error: raw HTML tag <script> is not allowed in prose pages "
     "(use markdown, or one of: a, abbr, b, blockquote, br, code, dd, del, details, div, dl, dt, "
     "em, figcaption, figure, h1, h2, h3, h4, h5, h6, hr, i, img, ins, kbd, li, mark, ol, p, "
     "pre, s, small, span, strong, sub, summary, sup, table, tbody, td, tfoot, th, thead, tr, "
     "u, ul)"),
    ("page-include-escape", "content/pages/about.md",
     b"---\ntitle: t\ndescription: d\n---\n{% include '../../../../etc/passwd' %}\n",
     "content/pages/about.md:5:1: error: template tag '{%' is not allowed in prose pages (use "
     "markdown and the fragments cite([...]), rows_table([...]), category_table(\"id\"), or one "
     "of: {{ site.title }}, {{ site.data_license }}, {{ site.stale_after_days }}, "
     "{{ subject_names }})"),
    ("successor-cycle", _COMP, ("status: active",
                                "status: archived\nsuccessor: old-pooler\nrelation: superseded"),
     "content/components/old-pooler.yml:9:12: error: successor cycle: old-pooler -> pgbouncer "
     "-> old-pooler (a tool cannot be replaced by itself, directly or not)"),
    ("deep-nesting", _SUBJ, (b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n"),
     f"{_SUBJ}:1:1: error: YAML nesting is too deep (flatten the structure)"),
]
