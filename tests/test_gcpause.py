"""The cyclic collector is off while a generation runs and back on after, whatever happens."""

from __future__ import annotations

import gc

import pytest

from generator.stages.gcpause import paused


def test_the_collector_is_paused_during_the_call_and_resumed_after() -> None:
    seen: list[bool] = []

    @paused
    def work(fail: bool) -> int:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return 1

    assert gc.isenabled()
    assert work(False) == 1
    with pytest.raises(ValueError, match="boom"):
        work(True)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off() -> None:
    gc.disable()
    try:
        paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()
