"""Cross-record rules for freshness data: package URLs, checked versions, verdict histories.

Listed in :data:`generator.stages.rules.RULES` with the other rules; each has an
exact-message test in ``tests/test_fresh.py``. None of them uses the network:
``generator fresh`` is the only command that asks registries.
"""

from __future__ import annotations

from typing import Any

from generator import model as m
from generator import packages, versions
from generator.diagnostics import Diagnostic
from generator.stages.rules.walk import error
from generator.stages.validate import Content, Entry


def packages_valid(content: Content) -> list[Diagnostic]:
    """Package URLs are of a supported type, in canonical form, each listed once."""
    out = []
    entries: list[Entry[Any]] = [*content.subjects, *content.components]
    for entry in entries:
        seen: set[str] = set()
        for i, purl in enumerate(entry.record.packages):
            parsed = packages.parse(purl)
            if isinstance(parsed, tuple):
                out.append(error(entry.at("packages", i), f"packages[{i}]: {parsed[0]}",
                                  parsed[1]))
            elif purl in seen:
                out.append(error(entry.at("packages", i),
                                  f"packages[{i}]: '{purl}' is listed twice",
                                  "remove one of the two"))
            seen.add(purl)
    return out


def checked_versions_released(content: Content) -> list[Diagnostic]:
    """A claim cannot have been checked against a version newer than the latest release."""
    latest = {e.record.id: e.record.latest_release.version for e in content.subjects
              if e.record.latest_release is not None}
    out = []
    for cat, i, feature in content.features():
        for sid, a in feature.assessments.items():
            if a.checked_version is None or sid not in latest:
                continue
            checked, newest = versions.parse(a.checked_version), versions.parse(latest[sid])
            if checked is not None and newest is not None and checked > newest:
                out.append(error(cat.at("features", i, "assessments", sid, "checked_version"),
                                  f"feature '{feature.id}', subject '{sid}': checked_version "
                                  f"{a.checked_version} is newer than the latest release "
                                  f"{latest[sid]}",
                                  f"update latest_release of '{sid}' first"))
    return out


def histories_consistent(content: Content) -> list[Diagnostic]:
    """A verdict history is dated oldest first, chains level to level, and ends at the level."""
    out = []
    for cat, i, feature in content.features():
        for sid, a in feature.assessments.items():
            out.extend(_history(a, cat, ("features", i, "assessments", sid),
                                f"feature '{feature.id}', subject '{sid}'"))
    return out


def _history(a: m.Assessment, cat: Entry[m.Category], loc: tuple[str | int, ...],
             who: str) -> list[Diagnostic]:
    out = []
    changes = a.history or []
    for j, change in enumerate(changes):
        at = cat.at(*loc, "history", j)
        if change.old == change.new:
            out.append(error(at, f"{who}: history[{j}] changes nothing (old and new are both "
                                  f"'{change.new.value}')", "record only changes of level"))
        if j and change.date < changes[j - 1].date:
            out.append(error(cat.at(*loc, "history", j, "date"),
                              f"{who}: history[{j}] ({change.date}) is dated before "
                              f"history[{j - 1}] ({changes[j - 1].date})",
                              "list changes oldest first"))
        if j and change.old != changes[j - 1].new:
            out.append(error(cat.at(*loc, "history", j, "old"),
                              f"{who}: history[{j}].old is '{change.old.value}' but the change "
                              f"before ended at '{changes[j - 1].new.value}'",
                              "each change starts where the one before ended"))
        if change.date > a.checked():
            out.append(error(cat.at(*loc, "history", j, "date"),
                              f"{who}: history[{j}] ({change.date}) is dated after 'verified' "
                              f"({a.verified})", "a change is verified after it happened"))
    if changes and changes[-1].new != a.level:
        out.append(error(cat.at(*loc, "history", len(changes) - 1, "new"),
                          f"{who}: the last change ends at '{changes[-1].new.value}' but the "
                          f"level is '{a.level.value}'",
                          "the newest change must end at the current level"))
    return out



"""This module's rules, in the order they run."""
