"""Measured benchmarks with their manifests."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.model.base import (
    LINE_PATTERN,
    Day,
    Id,
    OneLine,
    Record,
    Text,
)

PackageName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,59}$",
                                   description="A package name as its registry spells it.")]


class Manifest(Record):
    """How a benchmark was run: everything needed to reproduce it."""

    date: Day
    command: OneLine
    """The exact command that produced the numbers."""
    cpu: OneLine
    cores: int = Field(ge=1)
    accelerator: OneLine | None = None
    """The accelerator used, or a sentence saying none was available."""
    os: OneLine
    python: OneLine | None = None
    versions: dict[PackageName, Annotated[str, Field(max_length=60, pattern=LINE_PATTERN)]] = \
        Field(default_factory=dict)
    """Package name → version, for every package the measured code ran on."""
    repetitions: int = Field(ge=1)
    warmup: int = Field(ge=0)
    noise: OneLine
    """How much the medians move between runs on this machine class."""


class Measurement(Record):
    """One subject's numbers in one variant (for example eager or compiled)."""

    subject: Id
    variant: OneLine
    median: float = Field(ge=0, le=1e12, allow_inf_nan=False)
    q1: float = Field(ge=0, le=1e12, allow_inf_nan=False)
    """First quartile."""
    q3: float = Field(ge=0, le=1e12, allow_inf_nan=False)
    """Third quartile."""
    min: float = Field(ge=0, le=1e12, allow_inf_nan=False)
    max: float = Field(ge=0, le=1e12, allow_inf_nan=False)
    peak_memory_mb: float | None = Field(default=None, ge=0, le=1e9, allow_inf_nan=False)
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
