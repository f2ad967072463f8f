"""Cross-record rules, one small function per rule.

Each rule takes the validated :class:`~generator.stages.validate.Content` and returns
diagnostics. ``RULES`` lists them in the order they run; every rule has an
exact-message test in ``tests/test_validate.py`` (freshness rules in
``tests/test_fresh.py``). The rules share one record walker (:mod:`.walk`), which
visits every record of every registered kind.
"""

from __future__ import annotations

import datetime as dt

from generator.diagnostics import Diagnostic
from generator.stages.rules.facts import (
    dates_not_in_future,
    disputed_has_positions,
    lifecycle_consistent,
    measurements_ordered,
    site_url_plain,
    successors_acyclic,
)
from generator.stages.rules.freshness import (
    checked_versions_released,
    histories_consistent,
    packages_valid,
)
from generator.stages.rules.ids import file_name_matches_id, ids_unique, skeleton
from generator.stages.rules.references import (
    components_resolve,
    examples_resolve,
    features_resolve,
    generated_pages,
    ref_targets,
    refs_resolve,
    rows_cover_every_subject,
    subjects_resolve,
    use_cases_resolve,
)
from generator.stages.rules.sources import (
    secondary_sources_noted,
    sources_distinct,
    sources_resolve,
    sources_used,
)
from generator.stages.rules.text import (
    DEBRIS,
    MARKDOWN_FIELDS,
    data_links_safe,
    no_debris,
    one_fact_one_place,
    prose_fragments_valid,
    prose_html_safe,
)
from generator.stages.rules.walk import RuleMemo, all_entries, dates_of, memo_in_use, warning
from generator.stages.validate import Content, Rule

RULES: list[Rule] = [
    file_name_matches_id,
    ids_unique,
    subjects_resolve,
    rows_cover_every_subject,
    sources_resolve,
    sources_used,
    sources_distinct,
    secondary_sources_noted,
    features_resolve,
    examples_resolve,
    use_cases_resolve,
    components_resolve,
    lifecycle_consistent,
    refs_resolve,
    disputed_has_positions,
    dates_not_in_future,
    no_debris,
    prose_html_safe,
    prose_fragments_valid,
    successors_acyclic,
    site_url_plain,
    data_links_safe,
    one_fact_one_place,
    packages_valid,
    checked_versions_released,
    histories_consistent,
    measurements_ordered,
]
"""Every cross-record rule, in the order it runs."""

__all__ = ["DEBRIS", "MARKDOWN_FIELDS", "RULES", "RuleMemo", "all_entries",
           "generated_pages",
           "ref_targets", "run_rules", "skeleton", "stale"]


def run_rules(content: Content, memo: RuleMemo | None = None) -> list[Diagnostic]:
    """Apply every rule and return all diagnostics.

    The rules share one :class:`RuleMemo` (each record is walked once); a running preview
    passes the one it keeps, so records of unchanged files are not walked again.
    """
    out: list[Diagnostic] = []
    with memo_in_use(memo or RuleMemo()):
        for rule in RULES:
            out.extend(rule(content))
    return out


def stale(content: Content, days: int, today: dt.date) -> list[Diagnostic]:
    """List every claim verified more than ``days`` days before ``today`` (warnings)."""
    limit = today - dt.timedelta(days=days)
    out = []
    for entry in all_entries(content):
        for value, loc in dates_of(entry):
            if loc[-1] == "verified" and value < limit:
                out.append(warning(entry.at(*loc), f"stale: verified {value}, "
                                                    f"{(today - value).days} days ago",
                                    "check it against its sources and update 'verified'"))
    return out
