"""Open data: the whole comparison as JSON (with its JSON Schema) and the matrix as CSV.

Output is deterministic: ``generated_at`` and ``last_modified`` are the newest
date found in the data (when the data last changed), not the wall clock, so the
same input always gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from generator import feeds
from generator import model as m
from generator.stages.derive import SiteView

SCHEMA_VERSION = "1.0.0"
"""Bumped on any incompatible change to the JSON layout."""


class OpenData(BaseModel):
    """The layout of ``data/comparison.json``."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str
    generated_at: str
    last_modified: dt.date
    site: m.Site
    subjects: list[m.Subject]
    categories: list[m.Category]
    use_cases: list[m.UseCase]
    deployments: list[m.Deployment]
    components: list[m.Component]
    sources: list[m.Source]
    crosswalk: m.Crosswalk | None
    timeline: m.Timeline | None
    claims: m.Claims | None
    faq: m.Faq | None


def _newest(view: SiteView) -> dt.date:
    dates = [view.newest_verified] if view.newest_verified else []
    dates += [e.record.accessed for e in view.content.sources]
    return max(dates, default=dt.date(1970, 1, 1))


def dump(view: SiteView) -> dict[str, Any]:
    """Return the open-data document as plain JSON-ready data."""
    c = view.content
    assert c.site is not None
    newest = _newest(view)
    data = OpenData(
        schema_version=SCHEMA_VERSION,
        generated_at=f"{newest.isoformat()}T00:00:00Z",
        last_modified=newest,
        site=c.site.record,
        subjects=[s.record for s in view.subjects],
        categories=[e.record for e in sorted(c.categories, key=lambda e: e.record.order)],
        use_cases=[e.record for e in sorted(c.use_cases, key=lambda e: e.record.id)],
        deployments=[e.record for e in sorted(c.deployments, key=lambda e: e.record.id)],
        components=[cv.record for cv in view.components.values()],
        sources=[e.record for e in sorted(c.sources, key=lambda e: e.record.id)],
        crosswalk=c.crosswalk.record if c.crosswalk else None,
        timeline=c.timeline.record if c.timeline else None,
        claims=c.claims.record if c.claims else None,
        faq=c.faq.record if c.faq else None,
    )
    return data.model_dump(mode="json")


def matrix_csv(view: SiteView) -> str:
    """Return the matrix as CSV: one line per row and subject."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["category", "feature", "feature_name", "subject", "level", "evidence",
                     "summary", "since", "verified", "sources", "checked_version"])
    for cat in view.categories:
        for row in cat.rows:
            for s in view.subjects:
                cell = row.cells[s.id]
                writer.writerow([cat.id, row.id, row.name, s.id, cell.level, cell.evidence,
                                 cell.summary, cell.since or "", cell.verified.isoformat(),
                                 " ".join(src.url for src in cell.sources),
                                 cell.checked_version or ""])
    return buf.getvalue()


def data_files(view: SiteView) -> dict[str, bytes]:
    """Return the open-data files keyed by their path in the docs folder."""
    schema = OpenData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return {
        "data/comparison.json": (json.dumps(dump(view), indent=1, sort_keys=True,
                                            ensure_ascii=False) + "\n").encode("utf-8"),
        "data/comparison.schema.json": (json.dumps(schema, indent=1, sort_keys=True)
                                        + "\n").encode("utf-8"),
        "data/matrix.csv": matrix_csv(view).encode("utf-8"),
        # Feeds and the calendar are published beside the open data they are made from.
        **feeds.feed_files(view),
    }
