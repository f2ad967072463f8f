"""What pages read of the view and what changed between two views (#16, incremental render).

:func:`generator.stages.reads.intern` keeps the old objects wherever the new view equals the
old one and names, in the old view's terms, every attribute and item that changed; the
tracking sandbox notes what a template reads. ``tests/test_incremental.py`` checks the whole
against clean builds; these tests pin each rule down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from generator.sandbox import TrackingSandbox
from generator.stages.cache import Fragment, PageMemo, _Page
from generator.stages.reads import ITER, Changes, Reads, intern


@dataclass
class Cell:
    level: str
    summary: str
    positions: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(eq=False)
class Row:
    id: str
    cells: dict[str, Cell]

    def differs(self) -> bool:
        return len({c.level for c in self.cells.values()}) > 1

    @property
    def first(self) -> Cell:
        return next(iter(self.cells.values()))


@dataclass
class View:
    title: str
    rows: list[Row]
    extra: Any = None


def _view(summary: str = "Fast.", level: str = "yes", rows: int = 2) -> View:
    return View("Matrix", [Row(f"r{i}", {"a": Cell(level, summary) if i == 0 else
                                          Cell("no", "Slower."),
                                          "b": Cell("partial", "Slow.")})
                           for i in range(rows)])


def test_an_equal_view_keeps_every_old_object_and_changes_nothing() -> None:
    old, new = _view(), _view()
    found = intern(old, new)
    assert found is not None
    view, changes = found
    # Rows compare by identity, so == cannot tell; their parts are equal, so they are kept.
    assert view is old
    assert changes.keys == {} and changes.whole == set() and changes.deep == set()
    assert not changes.affect(_reads((old.rows[0].cells["a"], "summary"), (old, "title")))


def test_a_changed_value_names_the_old_object_and_field() -> None:
    old, new = _view(), _view(summary="Faster.")
    found = intern(old, new)
    assert found is not None
    view, changes = found
    cell = old.rows[0].cells["a"]
    assert changes.keys == {id(cell): {"summary"}}
    # The unchanged cell of the same row is the old object; the changed one is the new.
    assert view.rows[0].cells["b"] is old.rows[0].cells["b"]
    assert view.rows[0].cells["a"] is new.rows[0].cells["a"]
    assert changes.moved[id(cell)] is new.rows[0].cells["a"]
    assert changes.affect(_reads((cell, "summary")))
    assert not changes.affect(_reads((cell, "level"), (old.rows[0].cells["b"], "summary")))
    # Something that used the row whole (a method, a property) holds the change.
    assert changes.affect(_whole(old.rows[0]))
    assert not changes.affect(_whole(old.rows[1]))


def test_a_longer_list_changes_its_length_and_new_index() -> None:
    old, new = _view(rows=2), _view(rows=3)
    found = intern(old, new)
    assert found is not None
    _, changes = found
    assert changes.keys[id(old.rows)] == {ITER, 2}


def test_a_new_key_changes_the_mapping_and_that_key() -> None:
    old, new = _view(), _view()
    new.rows[0].cells["c"] = Cell("no", "New.")
    found = intern(old, new)
    assert found is not None
    assert found[1].keys[id(old.rows[0].cells)] == {ITER, "c"}


def test_a_change_inside_an_unpacked_item_changes_the_list_that_holds_it() -> None:
    # Templates unpack such items ('for text, sources in cell.positions'), which the
    # sandbox does not see: reading the list must stand for them.
    old, new = _view(), _view()
    old.rows[0].cells["b"].positions = [("One view.", ["s1"])]
    new.rows[0].cells["b"].positions = [("One view.", ["s2"])]
    found = intern(old, new)
    assert found is not None
    positions = old.rows[0].cells["b"].positions
    assert found[1].keys[id(positions)] == {0, ITER}


def test_a_value_of_another_type_changes_every_read_of_the_old_one() -> None:
    old, new = _view(), _view()
    old.extra, new.extra = Cell("yes", "x"), "text"
    found = intern(old, new)
    assert found is not None
    _, changes = found
    assert changes.keys[id(old)] == {"extra"}
    assert id(old.extra) in changes.whole
    assert changes.affect(_reads((old.extra, "level")))


def test_functions_compare_by_code_and_captured_values() -> None:
    def finder(names: list[str]) -> Any:
        return lambda text: [n for n in names if n in text]

    old, new = _view(), _view()
    old.extra, new.extra = finder(["a"]), finder(["a"])
    found = intern(old, new)
    assert found is not None and id(old) not in found[1].keys
    old2, new2 = _view(), _view()
    old2.extra, new2.extra = finder(["a"]), finder(["b"])
    found = intern(old2, new2)
    assert found is not None and found[1].keys[id(old2)] == {"extra"}


def test_views_that_share_objects_differently_are_not_matched() -> None:
    def row() -> Row:
        return Row("r", {"a": Cell("yes", "x")})

    shared, other = row(), row()
    # One object in two places against two objects, both ways round.
    assert intern(View("M", [shared, shared]), View("M", [row(), row()])) is None
    assert intern(View("M", [row(), row()]), View("M", [shared, shared])) is None
    assert intern(View("M", [shared, other]), View("M", [row(), row()])) is not None


def _reads(*pairs: tuple[Any, str]) -> Reads:
    reads = Reads()
    for obj, key in pairs:
        reads.read(obj, key)
    return reads


def _whole(obj: Any) -> Reads:
    reads = Reads()
    reads.whole(obj)
    return reads


def _render(source: str, **ctx: Any) -> Reads:
    env = TrackingSandbox()
    env.track_filters()
    reads = env.recorder.push()
    try:
        env.from_string(source).render(**ctx)
    finally:
        env.recorder.pop()
    return reads


def test_the_sandbox_notes_attributes_and_items_read() -> None:
    view = _view()
    reads = _render("{{ v.title }}{% for r in v.rows %}{{ r.cells['a'].summary }}{% endfor %}",
                    v=view)
    assert reads.keys[id(view)] == {"title", "rows"}
    assert reads.keys[id(view.rows)] == {ITER}
    assert reads.keys[id(view.rows[0].cells)] == {ITER, "a"}
    assert reads.keys[id(view.rows[0].cells["a"])] == {"summary"}
    assert id(view.rows[0].cells["b"]) not in reads.keys
    assert reads.deep == set()


@pytest.mark.parametrize(("source", "whole"), [
    ("{{ v.rows[0].differs() }}", "row"),  # a method reads anything in its object
    ("{{ v.rows[0].first.level }}", "row"),  # so does a property
    ("{{ v.rows[0].cells.values() | list }}", "cells"),  # a mapping's values, whole
    ("{{ v.rows[0].cells['a'] | string }}", "cell"),  # a filter that prints its value
])
def test_the_sandbox_notes_objects_used_whole(source: str, whole: str) -> None:
    view = _view()
    objects = {"row": view.rows[0], "cells": view.rows[0].cells,
               "cell": view.rows[0].cells["a"]}
    assert id(objects[whole]) in _render(source, v=view).deep


@pytest.mark.parametrize("source", [
    "{{ v.rows | length }}",
    "{{ v.rows | map(attribute='id') | join(', ') }}",
    "{{ v.rows | selectattr('id', 'equalto', 'r1') | list | length }}",
    "{{ v.rows[0].cells.get('a').level }}",
])
def test_filters_that_read_parts_through_the_sandbox_use_nothing_whole(source: str) -> None:
    view = _view()
    parts = [view, view.rows, *view.rows, *(r.cells for r in view.rows),
             *(c for r in view.rows for c in r.cells.values())]
    assert _render(source, v=view).deep.isdisjoint(id(p) for p in parts)


def test_a_dict_get_reads_that_key_only() -> None:
    view = _view()
    reads = _render("{{ v.rows[0].cells.get('b').summary }}", v=view)
    assert reads.keys[id(view.rows[0].cells)] == {ITER, "b"}


def test_changes_reach_pages_through_the_fragments_they_used() -> None:
    fragment = object()
    page = Reads()
    page.fragments[id(fragment)] = fragment
    changes = Changes()
    assert not changes.affect(page)
    changes.dropped.add(id(fragment))
    assert changes.affect(page)


def test_a_page_goes_when_a_fragment_used_by_a_fragment_it_used_changed() -> None:
    # The matrix uses row fragments; a row fragment uses cell fragments. A cell fragment
    # found only through its row (not by key) must still be checked.
    old_view, new_view, cell = object(), object(), Cell("yes", "x")
    inner = Fragment("code", (cell,), "<td>", Reads())
    inner.reads.read(cell, "summary")
    outer = Fragment("code", ("row",), "<tr>", Reads())
    outer.reads.fragments[id(inner)] = inner
    page = Reads()
    page.fragments[id(outer)] = outer
    memo = PageMemo(view=old_view, key="pages")
    memo.pages["matrix.md"] = _Page((), page, "text")
    memo.fragments = {("code", "row"): outer}
    memo.follow(old_view, new_view, Changes(keys={id(cell): {"summary"}}))
    memo.start(new_view, "pages")
    assert memo.pages == {} and memo.fragments == {}
    # Unaffected, the page and both fragments stay, and finishing keeps the inner one too.
    memo = PageMemo(view=old_view, key="pages")
    memo.pages["matrix.md"] = _Page((), page, "text")
    memo.fragments = {("code", "row"): outer, ("code", "cell"): inner}
    memo.follow(old_view, new_view, Changes(keys={id(cell): {"level"}}))
    memo.start(new_view, "pages")
    memo.finish()
    assert list(memo.pages) == ["matrix.md"] and len(memo.fragments) == 2
