"""Content and page kinds, each declared once, in its own module.

A :class:`Kind` says where its records live (a folder of one-record files, or a
single file), which model validates them, which references point at them and
where those land, which pages it makes and when, whether it goes into the open
data. Loading, validation, every cross-record rule, reference resolution, link
labels, navigation, open data and JSON Schema export read :data:`REGISTRY`
(in :mod:`generator.kinds.registry`), so adding a kind means one module here,
its templates, a fixture and golden pages (see CONTRIBUTING.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator import model as m

if TYPE_CHECKING:
    from generator.plan import PagePlan
    from generator.stages.validate import Content, Entry
    from generator.stages.views import SiteView


@dataclass(frozen=True)
class RefKind:
    """A reference kind ('feature:x'): which ids exist, their labels, where they land."""

    labels: Callable[[Content], dict[str, str]]
    """Every id this reference kind can point at, with the text a link to it shows."""
    url: Callable[[str], str]
    """The site path of an id, for example 'matrix/#row-x'."""


@dataclass(frozen=True)
class Kind:
    """One kind of content and the pages it makes."""

    name: str
    """The document kind (see :mod:`generator.stages.load`) and the key of its JSON Schema."""
    model: type[m.Record] | None
    """The model that validates one file; None for kinds read by other means."""
    path: str
    """Folder of one-record files ('subjects') or a single file ('chooser.yml'); '' for
    kinds derived from others."""
    attr: str
    """The :class:`~generator.stages.validate.Content` attribute that holds the entries."""
    required: bool = False
    refs: dict[str, RefKind] = field(default_factory=dict)
    pages: Callable[[SiteView, Content], list[PagePlan]] | None = None
    """The pages this kind makes, each with its own view data; they exist only when it
    returns some. Called by the derive stage, with the view of the shared data."""
    page_ids: Callable[[Content], set[str]] = lambda content: set()
    """Ids usable as 'page:' references for the pages above, given the content."""
    open_data: bool = True
    """Whether its records go into ``data/comparison.json``."""
    nested: str | None = None
    """For a file holding a list of records (``sources/*.yml``): the list's field."""

    @property
    def folder(self) -> bool:
        """True when the kind is a folder of one-record files."""
        return bool(self.path) and not self.path.endswith((".yml", ".md"))

    def entries(self, content: Content) -> Iterator[Entry[Any]]:
        """Every entry of this kind in ``content``."""
        value = content.get(self.attr) if self.attr else None
        if isinstance(value, list):
            yield from value
        elif value is not None:
            yield value
