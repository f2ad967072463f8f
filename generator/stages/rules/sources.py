"""Sources: every citation resolves, every source is cited, none is listed twice."""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.stages.rules.walk import error, source_uses, unknown, warning
from generator.stages.validate import Content


def sources_resolve(content: Content) -> list[Diagnostic]:
    """Every source id cited names a bibliography entry."""
    known = {s.record.id for s in content.sources}
    return [error(entry.at(*loc), *unknown("source", sid, known))
            for sid, entry, loc in source_uses(content) if sid not in known]


def sources_used(content: Content) -> list[Diagnostic]:
    """A bibliography entry nobody cites is probably a leftover (warning)."""
    used = {sid for sid, _, _ in source_uses(content)}
    return [warning(s.at("id"), f"source '{s.record.id}' is never cited",
                     "cite it from a claim or remove it")
            for s in content.sources if s.record.id not in used]


def sources_distinct(content: Content) -> list[Diagnostic]:
    """Two bibliography entries with the same URL should be one (warning)."""
    first: dict[str, str] = {}
    out = []
    for s in content.sources:
        url = s.record.url.rstrip("/")
        if url in first:
            out.append(warning(s.at("url"), f"source '{s.record.id}' has the same URL as "
                                             f"'{first[url]}'",
                                "merge the two and cite one id"))
        else:
            first[url] = s.record.id
    return out


def secondary_sources_noted(content: Content) -> list[Diagnostic]:
    """A secondary source must say why it is kept, since primary sources are the rule."""
    return [error(s.at("kind"), f"source '{s.record.id}' is secondary but has no note",
                   "add note: saying what it shows that no first-party source does, or "
                   "replace it with a primary source")
            for s in content.sources
            if s.record.kind == "secondary" and s.record.note is None]
