"""Version numbers as registries and release tags write them, compared without a dependency.

PyPI (PEP 440), npm (semver) and GitHub tags (``v2.1.0``, ``lib-v0.4.30``,
``pgbouncer_1_24_1``) spell versions differently. Comparing releases needs only
the numeric part and whether the version is a pre-release, so this module reads
that common core instead of implementing three grammars.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_START = re.compile(r"^[A-Za-z][A-Za-z_-]*?(?=\d)|^(?=\d)")
"""A tag may start with letters ('v', 'lib-v', 'pgbouncer_') before the first digit."""

_RELEASE = re.compile(r"(\d+(?:[._]\d+)*)(.*)$", re.DOTALL)

_PRE = re.compile(
    r"(?:^|[.\-_+]|(?<=\d))(a|b|c|rc|alpha|beta|pre|preview|dev|next|canary|nightly|snapshot|"
    r"experimental)(?=\d|[.\-_+]|$)", re.IGNORECASE)
"""Markers of a pre-release: PEP 440's a/b/rc/dev and semver's usual labels."""


@functools.total_ordering
@dataclass(frozen=True)
class Version:
    """The numeric release of a version and whether it is a pre-release."""

    text: str
    """The version as written."""
    release: tuple[int, ...]
    """Its numbers, for example (2, 14, 0)."""
    stable: bool
    """False for alpha, beta, release candidates, dev and nightly builds."""

    @property
    def key(self) -> tuple[tuple[int, ...], bool]:
        """Sort key: '2.14' equals '2.14.0', and a pre-release sorts before its release."""
        release = self.release
        while len(release) > 1 and release[-1] == 0:
            release = release[:-1]
        return release, self.stable

    @property
    def minor(self) -> tuple[int, int]:
        """The (major, minor) pair: '0.11.1' → (0, 11)."""
        padded = (*self.release, 0, 0)
        return padded[0], padded[1]

    @property
    def minor_text(self) -> str:
        """The minor version as text: '2.14.1' → '2.14'."""
        return f"{self.minor[0]}.{self.minor[1]}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key


def parse(text: str) -> Version | None:
    """Read a version; ``None`` when the text holds no version number."""
    text = text.strip()
    start = _START.match(text)
    if start is None or len(text) > 100:
        return None
    match = _RELEASE.match(text, start.end())
    if match is None:
        return None
    release = tuple(int(n) for n in re.split(r"[._]", match.group(1)))
    return Version(text, release, _PRE.search(match.group(2)) is None)


def newer_minor(checked: str | None, latest: str) -> bool:
    """True when ``latest`` is of a newer minor version than ``checked``."""
    if checked is None:
        return False
    old, new = parse(checked), parse(latest)
    return old is not None and new is not None and new.minor > old.minor
