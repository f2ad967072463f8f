"""The view data of stage 3 (derive): what templates see, and nothing else.

Views hold the values pages show, computed once, and the validated model objects
they describe (a subject's record, a tool's record); never the loaded content, its
entries or any file path. :func:`alike` is the one test of whether two cells say
the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator import model as m
from generator import packages as pkgs
from generator.plan import PagePlan

LEVELS: dict[m.Level, tuple[str, str]] = {
    m.Level.YES: ("✔", "Yes"),
    m.Level.INFO: ("ℹ", "Fact"),
    m.Level.PARTIAL: ("◐", "Partial"),
    m.Level.PLUGIN: ("⊕", "Add-on"),
    m.Level.NO: ("✘", "No"),
    m.Level.DEPRECATED: ("⚠", "Deprecated"),
    m.Level.UNKNOWN: ("?", "Unknown"),
}
"""Icon and text for each support level: never colour alone."""

OPINION: dict[m.Evidence, tuple[str, str]] = {
    m.Evidence.CONSENSUS: ("≈", "Consensus"),
    m.Evidence.DISPUTED: ("⚖", "Disputed"),
}
"""Opinion rows never show as a tick or a cross."""

STATUS: dict[m.Status, tuple[str, str]] = {
    m.Status.ACTIVE: ("●", "Active"),
    m.Status.MAINTENANCE: ("◌", "Maintenance only"),
    m.Status.DEPRECATED: ("⚠", "Deprecated"),
    m.Status.ARCHIVED: ("⛔", "Archived"),
}


@dataclass(frozen=True)
class SourceView:
    """A bibliography entry with its number on the sources page."""

    id: str
    number: int
    url: str
    title: str
    publisher: str
    accessed: dt.date
    published: dt.date | None
    kind: str = "primary"
    """'primary' (the project's own pages) or 'secondary'."""
    note: str | None = None
    """Why a secondary source is kept (markdown)."""


@dataclass(frozen=True)
class SubjectView:
    """A subject as pages show it."""

    id: str
    name: str
    record: m.Subject
    url: str
    packages: tuple[pkgs.Package, ...] = ()
    """Its package URLs, parsed."""

    @property
    def links(self) -> list[tuple[str, str]]:
        """Its home, docs and repository links, as (label, URL), where the data has them."""
        r = self.record
        return [(label, url) for label, url in (("Home", r.homepage), ("Docs", r.docs),
                                                ("Repository", r.repository)) if url]


@dataclass
class ComponentView:
    """An ecosystem tool with its lifecycle notice."""

    record: m.Component
    icon: str
    label: str
    notice: str
    successor: m.Component | None
    packages: list[pkgs.Package] = field(default_factory=list)
    """Its package URLs, parsed."""


@dataclass
class CellView:
    """One matrix cell: a subject's assessment of a feature."""

    subject: str
    level: str
    """Display key: the support level, or 'consensus'/'disputed' for opinion rows."""
    support: str
    """The support level itself, used for comparisons and scoring."""
    icon: str
    label: str
    evidence: str
    summary: str
    detail: str | None
    since: str | None
    sources: list[SourceView]
    verified: dt.date
    stale: bool
    positions: list[tuple[str, list[SourceView]]]
    notices: list[ComponentView] = field(default_factory=list)
    """Retired or renamed tools this cell mentions, so readers are warned."""
    checked_version: str | None = None
    """The subject's version the claim was checked against."""
    newer_release: str | None = None
    """The subject's latest release when it is of a newer minor than ``checked_version``:
    the cell may be outdated. Computed from the content alone, never from the network."""
    history: list[m.VerdictChange] = field(default_factory=list)
    """Earlier changes of the level, oldest first."""
    cmp: str = ""
    """A short key, equal for two cells exactly when :func:`alike` says they are alike."""


@dataclass(eq=False)
class RowView:
    """One matrix row with a cell per subject, in subject order."""

    id: str
    name: str
    description: str
    category: str
    evidence: str
    cells: dict[str, CellView]
    related: list[str]
    report_url: str | None
    """A prefilled issue link, when the site names a repository."""

    def differs(self, subjects: list[str]) -> bool:
        """True when the given subjects' cells are not all alike (see :func:`alike`)."""
        first = self.cells[subjects[0]]
        return any(not alike(first, self.cells[s]) for s in subjects[1:])


def same_text(a: str, b: str) -> bool:
    """Compare two one-line values the way a reader would: case, spacing, final stop."""
    def norm(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(".")
    return norm(a) == norm(b)


def alike(a: CellView, b: CellView) -> bool:
    """The one test of whether two cells say the same thing.

    Same support level, and for facts ('info') and opinion rows also the same
    value: two licences or two founding years are alike only when they are equal.
    Pair pages, the matrix's "only differences" filter and the chooser all use it.
    """
    if a.support != b.support or a.level != b.level:
        return False
    if a.support == m.Level.INFO.value or a.evidence in (m.Evidence.CONSENSUS.value,
                                                         m.Evidence.DISPUTED.value):
        return same_text(a.summary, b.summary)
    return True


def compare_key(cell: CellView) -> str:
    """A short key that is equal for two cells exactly when :func:`alike` says so."""
    if cell.support == m.Level.INFO.value or cell.evidence in (m.Evidence.CONSENSUS.value,
                                                               m.Evidence.DISPUTED.value):
        return f"{cell.level}:" + " ".join(cell.summary.casefold().split()).rstrip(".")
    return cell.level


@dataclass
class CategoryView:
    """A matrix section."""

    id: str
    name: str
    description: str
    rows: list[RowView]


@dataclass
class PairView:
    """Two subjects side by side."""

    a: SubjectView
    b: SubjectView
    slug: str
    differing: list[RowView]
    same: int
    alike: list[RowView] = field(default_factory=list)
    """Rows where both cells say the same thing (see :func:`alike`)."""
    picks: list[tuple[SubjectView, list[m.UseCase]]] = field(default_factory=list)
    """Each subject the use-case guides recommend, a and b first, with those guides."""
    ahead: dict[str, list[RowView]] = field(default_factory=dict)
    """Per subject id (a and b): differing rows where its support level counts for more
    (as the chooser counts it), the rows the guides weigh most first."""

@dataclass
class SiteView:
    """Everything templates need, computed once."""

    site: m.Site
    today: dt.date
    subjects: list[SubjectView]
    categories: list[CategoryView]
    rows: dict[str, RowView]
    sources: dict[str, SourceView]
    components: dict[str, ComponentView]
    pairs: list[PairView]
    plural: str = "subjects"
    """The subject noun's plural ('libraries', not 'librarys')."""
    levels_used: list[tuple[str, str, str]] = field(default_factory=list)
    oldest_verified: dt.date | None = None
    newest_verified: dt.date | None = None
    mentions: Callable[[str], list[ComponentView]] = field(default=lambda text: [])
    """Retired or renamed tools a text mentions (see
    :func:`generator.stages.derive.mention_finder`)."""
    use_cases: list[m.UseCase] = field(default_factory=list)
    """The use-case guides, in content order (the home page's verdicts, pair verdicts, the
    chooser's scoring)."""
    chooser: m.Chooser | None = None
    """The chooser's questions, when there is a chooser (its page's scoring uses them)."""
    claims: dict[str, m.Claim] = field(default_factory=dict)
    """Claims reviewed, by id (their verdicts label links to them)."""
    page_ids: frozenset[str] = frozenset()
    """Every id a 'page:' reference can name: the pages this content makes."""
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """Reference kind → id → the text a link to it shows ('feature' → 'x' → 'X')."""
    open_records: dict[str, Any] = field(default_factory=dict)
    """Each open-data key with its records (a sorted list, or one record or None)."""
    pages: list[PagePlan] = field(default_factory=list)
    """Every page of the site, in registry order, with its own view data."""
    nav: list[Any] = field(default_factory=list)
    """The navigation, MkDocs style."""
    not_in_nav: list[str] = field(default_factory=list)
    """Pages left out of the navigation (their overview page links them)."""


def oldest(cells: list[CellView]) -> dt.date | None:
    """Return the oldest verification date among ``cells``."""
    return min((c.verified for c in cells), default=None)


