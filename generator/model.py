"""The content model, declared once.

Every record type is a pydantic model that forbids unknown keys and describes
every field; the JSON Schema for editors (``schema/``) is exported from here.
Rules that span records (ids unique, references resolve) live in
:mod:`generator.stages.validate`, one small function per rule.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https://[^\s<>\"'`{}|\\]+$"
LINE_PATTERN = r"^[^\n]+$"
REF_PATTERN = r"^[a-z]+(-[a-z]+)*:[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$"
"""A reference 'kind:id'; the kinds are those the registry declares (checked by a rule)."""

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64,
                          description="Lower-case id: letters, digits and single hyphens.")]
HttpsUrl = Annotated[str, Field(pattern=URL_PATTERN, max_length=500,
                                description="An absolute https:// URL.")]
OneLine = Annotated[str, Field(min_length=1, max_length=240, pattern=LINE_PATTERN,
                               description="One line of plain text (at most 240 characters).")]
Text = Annotated[str, Field(min_length=1, max_length=20_000,
                            description="Markdown text.")]
SourceIds = Annotated[list[Id], Field(min_length=1,
                                      description="Ids of bibliography entries backing this.")]
Ref = Annotated[str, Field(
    pattern=REF_PATTERN,
    description="A reference 'kind:id', for example 'feature:eager-execution' or 'page:faq'.")]
PURL_PATTERN = r"^pkg:[a-z][a-z0-9.+-]*/[^\s]+$"
PackageUrl = Annotated[str, Field(
    pattern=PURL_PATTERN, max_length=200,
    description="A package URL (purl) naming a package, without a version: 'pkg:pypi/NAME', "
                "'pkg:npm/NAME', 'pkg:npm/%40SCOPE/NAME' or 'pkg:github/OWNER/REPOSITORY'.",
    examples=["pkg:pypi/requests", "pkg:npm/%40angular/core", "pkg:github/duckdb/duckdb"])]
VERSION_PATTERN = r"^[0-9]+(\.[0-9]+){0,3}$"


class Record(BaseModel):
    """Base for every content record: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Level(StrEnum):
    """Support levels. Always shown as an icon plus text, never colour alone."""

    YES = "yes"
    INFO = "info"
    """A plain fact (origin, licence...) rather than a capability."""
    PARTIAL = "partial"
    PLUGIN = "plugin"
    NO = "no"
    DEPRECATED = "deprecated"
    UNKNOWN = "unknown"


class Evidence(StrEnum):
    """The kind of claim behind an assessment."""

    DOCUMENTED = "documented"
    MEASURED = "measured"
    CONSENSUS = "consensus"
    DISPUTED = "disputed"


class Status(StrEnum):
    """Maintenance status of an ecosystem component."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    DEPRECATED = "deprecated"
    ARCHIVED = "archived"


class Site(Record):
    """``site.yml``: what the whole comparison is about."""

    title: OneLine
    """Site title, shown in the header and in every page title."""
    description: OneLine
    """Meta description of the home page."""
    url: HttpsUrl
    """Canonical base URL of the published site, ending in '/'."""
    repository: HttpsUrl | None = None
    """Repository that holds the content; without it no 'report a problem' links are shown."""
    content_path: str = "content"
    """Path of the content folder inside the repository."""
    subject_noun: OneLine = "subject"
    """What the compared things are called, for example 'product' or 'database'."""
    subject_plural: OneLine | None = None
    """Plural of 'subject_noun' when adding 's' is wrong, for example 'libraries'."""
    data_license: OneLine | None = None
    """Licence of the published data, for example 'CC BY 4.0'."""
    pairs: list[Annotated[list[Id], Field(min_length=2, max_length=2)]] | None = None
    """Pairs of subject ids that get their own comparison page. Without it every pair gets
    one while there are at most PAIR_LIMIT subjects, and none beyond (the compare picker
    covers every combination)."""
    stale_after_days: int = Field(default=365, ge=1, le=3650)
    """A claim verified longer ago than this is shown as stale."""
    intro: Text | None = None
    """Markdown shown on the home page under the title."""


class Source(Record):
    """One bibliography entry."""

    id: Id
    """Id used by 'sources:' lists."""
    url: HttpsUrl
    """Where the source can be read."""
    title: OneLine
    """Title of the page or document."""
    publisher: OneLine
    """Who published it, for example 'PyTorch Foundation'."""
    accessed: dt.date
    """Date the source was read (YYYY-MM-DD)."""
    published: dt.date | None = None
    """Publication date, when the source states one."""
    kind: Literal["primary", "secondary"] = "primary"
    """'primary' (the project, its docs, releases, repository or registry page) or 'secondary'
    (anyone else: news, other projects, mirrors); a secondary source needs a 'note'."""
    note: OneLine | None = None
    """Why a secondary source is kept: what it says that no first-party source does."""


class SourceList(Record):
    """A file under ``sources/``: a group of bibliography entries."""

    sources: list[Source] = Field(min_length=1)
    """The entries."""


class Fact(Record):
    """A fact about a subject, such as its licence or origin."""

    label: OneLine
    """What the fact is, for example 'Licence'."""
    value: OneLine
    """The fact itself."""
    sources: SourceIds
    verified: dt.date
    """Date the fact was last checked against its sources."""


class Release(Record):
    """A version with its release date."""

    version: Annotated[str, Field(min_length=1, max_length=40)]
    """Version string, for example '2.13.0'."""
    date: dt.date
    """Release date."""
    sources: SourceIds
    verified: dt.date
    """Date this was last checked."""


class Subject(Record):
    """A compared thing (a product, a library, a database...). One file per subject."""

    id: Id
    """Must equal the file name without '.yml'."""
    name: OneLine
    """Display name."""
    description: Text | None = None
    """A short paragraph introducing the subject."""
    homepage: HttpsUrl | None = None
    docs: HttpsUrl | None = None
    repository: HttpsUrl | None = None
    latest_release: Release | None = None
    """The latest stable release."""
    facts: list[Fact] = Field(default_factory=list)
    """Key facts: origin, first release, governance, licence, languages..."""
    packages: list[PackageUrl] = Field(default_factory=list)
    """Packages that carry it; the first is the main one, whose newest release 'latest_release'
    follows (`generator fresh` checks it)."""


class Position(Record):
    """One side of a disputed claim."""

    summary: OneLine
    sources: SourceIds


class VerdictChange(Record):
    """A dated change of an assessment's level."""

    date: dt.date
    """When the level changed (the release or announcement that changed it)."""
    old: Level
    """The level before."""
    new: Level
    """The level after."""
    why: OneLine
    """What changed, in one line."""


SHORT_LEVELS: dict[str, Level] = {"yes": Level.YES, "no": Level.NO, "?": Level.UNKNOWN,
                                   "unknown": Level.UNKNOWN, "partial": Level.PARTIAL,
                                   "": Level.UNKNOWN}
"""Cells written as a bare word: 'yes', 'no', '?' or 'partial' (any other text is a fact)."""


class Assessment(Record):
    """How one subject fares on one feature.

    A cell may also be written as plain text: 'yes', 'no', 'partial', '?' (unknown), or any
    other text, which becomes a fact ('info') with that text as its summary.
    """

    level: Level
    """Support level; use 'unknown' (and say why in 'summary') when it cannot be verified."""
    summary: OneLine | None = None
    """One line that states the fact in your own words (the level's label when absent)."""
    detail: Text | None = None
    """Optional markdown with more detail."""
    since: Annotated[str, Field(max_length=40)] | None = None
    """The version this holds since, where that applies."""
    sources: SourceIds | None = None
    """Sources of this cell; inherited from the feature or the category file when absent."""
    verified: dt.date | None = None
    """Date this was last checked against its sources; inherited like 'sources'."""
    evidence: Evidence | None = None
    """Kind of claim; defaults to the feature's 'evidence'."""
    positions: list[Position] | None = None
    """For disputed claims: each position with its own sources (at least two)."""
    checked_version: Annotated[str, Field(pattern=VERSION_PATTERN, max_length=40)] | None = None
    """The subject's version this was checked against, for example '2.14'; the cell is shown
    as possibly outdated once the subject's latest release is of a newer minor version."""
    history: list[VerdictChange] | None = None
    """Earlier changes of 'level', oldest first; the last one ends at the current level."""

    def cited(self) -> list[str]:
        """The effective source ids (filled in from the feature or file by validation)."""
        return list(self.sources or [])

    def checked(self) -> dt.date:
        """The effective verified date (validation refuses a cell that has none)."""
        if self.verified is None:
            raise ValueError("assessment has no verified date after validation")
        return self.verified

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return {"level": "yes" if value else "no"}
        if isinstance(value, str):
            text = value.strip()
            level = SHORT_LEVELS.get(text.lower())
            return {"level": level.value} if level else {"level": "info", "summary": text}
        return value


class Feature(Record):
    """One row of the matrix."""

    id: Id
    """Unique across all categories; used in permalinks."""
    name: OneLine
    description: OneLine | None = None
    """What the row asks."""
    evidence: Evidence = Evidence.DOCUMENTED
    """Default kind of claim for this row's assessments."""
    assessments: dict[Id, Assessment]
    """One assessment per subject id."""
    related: list[Ref] = Field(default_factory=list)
    """Related pages, components, concepts..."""
    sources: SourceIds | None = None
    """Sources for every cell of this row that names none."""
    verified: dt.date | None = None
    """Verified date for every cell of this row that gives none."""


class Category(Record):
    """A file under ``features/``: a category of matrix rows."""

    id: Id
    name: OneLine
    description: OneLine | None = None
    order: int = Field(default=100, ge=0, le=10_000)
    """Position of the category in the matrix."""
    sources: SourceIds | None = None
    """Sources for every cell in this file that names none (a feature's own win)."""
    verified: dt.date | None = None
    """Verified date for every cell in this file that gives none."""
    features: list[Feature] = Field(min_length=1)


class Reason(Record):
    """Why a use case leans one way: a matrix row and its weight."""

    feature: Id
    """Id of the deciding feature."""
    weight: int = Field(ge=1, le=5)
    """How much this row matters for the use case, 1 to 5."""
    why: OneLine


class Recommendation(Record):
    """The recommended subject for a use case."""

    subject: Id
    summary: OneLine


class Alternative(Record):
    """When another subject wins."""

    subject: Id
    when: OneLine


class UseCase(Record):
    """A use-case guide. One file per guide."""

    id: Id
    title: OneLine
    scenario: Text
    """Who the reader is and what they need."""
    recommendation: Recommendation
    reasons: list[Reason] = Field(min_length=1)
    alternatives: list[Alternative] = Field(min_length=1)
    detail: Text | None = None
    related: list[Ref] = Field(default_factory=list)


class Component(Record):
    """An ecosystem tool, format or runtime with its lifecycle."""

    id: Id
    name: OneLine
    kind: OneLine
    """What sort of tool it is, in a few words, for example 'file format' or 'library'."""
    aliases: list[OneLine] = Field(default_factory=list)
    """Other names readers meet in text (for example 'TFLite'); used to flag mentions."""
    subjects: list[Id] = Field(default_factory=list)
    """Subjects it belongs to or works with."""
    url: HttpsUrl
    status: Status
    status_note: OneLine
    """What the status means in practice, in one line."""
    status_since: dt.date | None = None
    """When the status took effect, where known."""
    successor: Id | None = None
    """Component that replaces it."""
    relation: Annotated[str, Field(pattern=r"^(renamed|superseded)$")] | None = None
    """'renamed' (same thing, new name) or 'superseded' (a different tool)."""
    end_of_support: dt.date | None = None
    """When support ends or ended, where the project announced a date."""
    packages: list[PackageUrl] = Field(default_factory=list)
    """Packages that carry it; `generator fresh` flags an active tool whose newest release
    is old."""
    sources: SourceIds
    verified: dt.date


class PathStep(Record):
    """One step on a deployment path."""

    text: OneLine
    components: list[Id] = Field(default_factory=list)


class Link(Record):
    """One tool in a deployment path, with the role it plays there."""

    role: OneLine
    """What the tool does on this path, for example 'Runtime'."""
    component: Id
    """Component id of the tool."""


class DeploymentPath(Record):
    """How one subject gets to a deployment target: the tools in order, then the steps."""

    chain: list[Link] = Field(default_factory=list)
    """The tools on the path, in order, each with its role (drawn as a flow)."""
    steps: list[PathStep] = Field(min_length=1)
    notes: OneLine | None = None
    sources: SourceIds
    verified: dt.date


class Deployment(Record):
    """A deployment target page. One file per target."""

    id: Id
    title: OneLine
    summary: Text
    start: OneLine | None = None
    """What every path starts from, shown as the first step of each flow."""
    paths: dict[Id, DeploymentPath]
    """One path per subject id."""


class Option(Record):
    """An answer to a chooser question."""

    id: Id
    label: OneLine
    use_cases: list[Id] = Field(min_length=1)
    """Use cases whose reasons score the subjects when this answer is chosen."""


class Question(Record):
    """A chooser question."""

    id: Id
    text: OneLine
    options: list[Option] = Field(min_length=2)


class Chooser(Record):
    """``chooser.yml``: the chooser's questions, mapped onto use cases."""

    questions: list[Question] = Field(min_length=1)


class PageMeta(Record):
    """Front matter of a prose page under ``pages/``."""

    title: OneLine
    description: OneLine
    order: int = Field(default=100, ge=0, le=10_000)
    """Position in the navigation."""
    section: Id | None = None
    """A top-level navigation section to list the page in, named by the folder of that
    section's pages (for example 'subjects'); the page keeps its own URL. Unset, or naming
    no section the site has, the page is listed by its own path and ``order``."""


class ConceptEntry(Record):
    """How one subject spells a concept."""

    api: OneLine
    """The API, tool or idiom, for example 'torch.compile'."""
    note: OneLine | None = None
    examples: list[Id] = Field(default_factory=list)
    """Ids of example files (under examples/) that show it."""


class Concept(Record):
    """One row of the concept crosswalk."""

    id: Id
    name: OneLine
    group: OneLine
    """Crosswalk section, for example 'Compilation'."""
    entries: dict[Id, ConceptEntry]
    """One entry per subject id."""
    differences: OneLine
    """How the subjects differ, in one line."""
    features: list[Id] = Field(default_factory=list)
    """Matrix rows this concept relates to."""
    sources: SourceIds
    verified: dt.date


class Crosswalk(Record):
    """``crosswalk.yml``: equivalent concepts across subjects; migration guides come from it."""

    concepts: list[Concept] = Field(min_length=1)


class Event(Record):
    """A dated milestone."""

    date: dt.date
    title: OneLine
    subject: Id | None = None
    sources: SourceIds


class Timeline(Record):
    """``timeline.yml``: milestones, each dated and cited."""

    events: list[Event] = Field(min_length=1)


class Claim(Record):
    """A common claim found in older comparisons, checked against today's facts."""

    id: Id
    claim: OneLine
    verdict: Annotated[str, Field(pattern=r"^(outdated|partly-true|still-true|false)$")]
    """'outdated', 'partly-true', 'still-true' or 'false'."""
    current: Text
    """What is true today."""
    related: list[Ref] = Field(default_factory=list)
    sources: SourceIds
    verified: dt.date


class Claims(Record):
    """``claims.yml``: claims that aged."""

    claims: list[Claim] = Field(min_length=1)


class FaqEntry(Record):
    """One frequently asked question."""

    id: Id
    question: OneLine
    answer: Text
    related: list[Ref] = Field(default_factory=list)
    sources: SourceIds
    verified: dt.date


class Faq(Record):
    """``faq.yml``: questions and answers."""

    questions: list[FaqEntry] = Field(min_length=1)


class Topic(Record):
    """A topic of the seed articles and where the site covers it."""

    id: Id
    topic: OneLine
    covered_by: list[Ref] = Field(min_length=1)


class Topics(Record):
    """``topics.yml``: the map from seed topics to pages and rows."""

    topics: list[Topic] = Field(min_length=1)


class Manifest(Record):
    """How a benchmark was run: everything needed to reproduce it."""

    date: dt.date
    command: OneLine
    """The exact command that produced the numbers."""
    cpu: OneLine
    cores: int = Field(ge=1)
    accelerator: OneLine | None = None
    """The accelerator used, or a sentence saying none was available."""
    os: OneLine
    python: OneLine | None = None
    versions: dict[str, Annotated[str, Field(max_length=60)]] = Field(default_factory=dict)
    """Package name → version, for every package the measured code ran on."""
    repetitions: int = Field(ge=1)
    warmup: int = Field(ge=0)
    noise: OneLine
    """How much the medians move between runs on this machine class."""


class Measurement(Record):
    """One subject's numbers in one variant (for example eager or compiled)."""

    subject: Id
    variant: OneLine
    median: float = Field(ge=0)
    q1: float = Field(ge=0)
    """First quartile."""
    q3: float = Field(ge=0)
    """Third quartile."""
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    peak_memory_mb: float | None = Field(default=None, ge=0)
    """Peak resident memory of the process, in MiB, where measured."""


class Benchmark(Record):
    """A file under ``evidence/``: one measured benchmark with its manifest."""

    id: Id
    title: OneLine
    description: Text
    """What is measured, and what the numbers do and do not say."""
    metric: OneLine
    unit: Annotated[str, Field(min_length=1, max_length=20)]
    lower_is_better: bool = True
    features: list[Id] = Field(default_factory=list)
    """Matrix rows these measurements inform."""
    manifest: Manifest
    results: list[Measurement] = Field(min_length=1)


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """Return the JSON Schema of one record type."""
    return model.model_json_schema()
