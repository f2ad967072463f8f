"""``generator new``: write a valid, commented skeleton for a new record.

Each skeleton passes the model on its own (it may still need cross-record
work, such as adding the new subject to every matrix row, which ``check``
then lists). Nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.kinds import registry
from generator.stages.output import atomic_write

KINDS = ("subject", "feature", "use-case", "source", "component")


def _subject(ident: str, today: str) -> str:
    # Only id and name are required. The optional fields stay commented out: an invented
    # URL or release date would be published as if it were a sourced fact.
    return f"""# yaml-language-server: $schema=../../schema/subject.schema.json
id: {ident}
name: {ident.replace("-", " ").title()}
# Optional, shown only when present. Uncomment what you can source; every fact names a
# source id from sources/*.yml and the date you read it.
# description: |
#   One short paragraph: what it is and who makes it, in your own words.
# homepage: https://...
# docs: https://...
# repository: https://...
# latest_release:
#   version: "1.2.3"
#   date: {today}
#   sources: [a-source-id]
#   verified: {today}
# facts:
#   - label: Licence
#     value: Which licence, in a few words
#     sources: [a-source-id]
#     verified: {today}
"""


def _feature(ident: str, today: str, subjects: list[str]) -> str:
    cells = "".join(
        f"""      {s}:
        level: unknown
        summary: Not yet checked; replace with the fact and its source.
        sources: [replace-me]
        verified: {today}
""" for s in subjects)
    return f"""# yaml-language-server: $schema=../../schema/category.schema.json
# A new category with one feature. To add a feature to an existing category,
# copy the block under 'features:' into that file instead.
id: {ident}
name: {ident.replace("-", " ").capitalize()}
description: What this category covers, in one line.
order: 1000
features:
  - id: {ident}-feature
    name: Feature name
    description: The question this row answers, in one line.
    evidence: documented   # documented | measured | consensus | disputed
    assessments:
{cells}"""


def _use_case(ident: str, today: str, subjects: list[str]) -> str:
    first = subjects[0] if subjects else "subject-id"
    other = subjects[1] if len(subjects) > 1 else first
    return f"""# yaml-language-server: $schema=../../schema/use_case.schema.json
id: {ident}
title: {ident.replace("-", " ").capitalize()}
scenario: |
  Who the reader is and what they need to do.
recommendation:
  subject: {first}
  summary: The recommendation in one line.
reasons:
  - feature: replace-with-a-feature-id
    weight: 3
    why: Why this row matters here.
alternatives:
  - subject: {other}
    when: the case where the other choice wins.
"""


def _source(ident: str, today: str) -> str:
    return f"""# yaml-language-server: $schema=../../schema/sources.schema.json
sources:
  - id: {ident}
    url: https://example.org/the-page-you-read
    title: The page's own title
    publisher: Who published it
    accessed: {today}
"""


def _component(ident: str, today: str) -> str:
    return f"""# yaml-language-server: $schema=../../schema/component.schema.json
id: {ident}
name: {ident.replace("-", " ").title()}
kind: runtime
subjects: []
url: https://example.org/
status: active   # active | maintenance | deprecated | archived
status_note: What the status means for a reader, in one line.
sources: [replace-me]
verified: {today}
"""


def new(kind: str, ident: str, content_dir: Path, today: dt.date | None = None) -> Path:
    """Write the skeleton for ``kind`` named ``ident``; return its path.

    Raises ``ValueError`` for a bad id and ``FileExistsError`` rather than overwrite.
    """
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident):
        raise ValueError(f"'{ident}' is not a valid id (lower-case letters, digits and single "
                         "hyphens)")
    day = (today or dt.date.today()).isoformat()
    subjects = sorted(p.stem for p in (content_dir / registry.kind("subject").path).glob("*.yml"))
    record, text = {
        "subject": ("subject", _subject(ident, day)),
        "feature": ("category", _feature(ident, day, subjects)),
        "use-case": ("use_case", _use_case(ident, day, subjects)),
        "source": ("sources", _source(ident, day)),
        "component": ("component", _component(ident, day)),
    }[kind]
    path = content_dir / registry.kind(record).path / f"{ident}.yml"
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    atomic_write(path, text.encode("utf-8"))
    return path
