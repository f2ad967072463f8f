"""Package identities: package URLs (purl) naming the packages that carry a record.

Only the identity part of a purl is used (``pkg:TYPE/NAMESPACE/NAME``): a record
names a package, not one version of it, so versions, qualifiers and subpaths are
refused. Three types are supported, one per registry the release watcher
(:mod:`generator.tools.fresh`) can ask: ``pypi``, ``npm`` and ``github``.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

SUPPORTED = ("github", "npm", "pypi")
"""Package types the site understands, sorted."""

_PYPI = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
_NPM_SCOPE = re.compile(r"^%40[a-z0-9][a-z0-9._~-]*$")
_NPM_NAME = re.compile(r"^[a-z0-9~-][a-z0-9._~-]*$")
_GH_OWNER = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
_GH_REPO = re.compile(r"^[a-z0-9._-]+$")


@dataclass(frozen=True)
class Package:
    """A parsed package URL."""

    purl: str
    """The package URL as written, for example 'pkg:npm/%40angular/core'."""
    type: str
    namespace: str | None
    """npm scope ('%40angular', percent-encoded as purl requires) or GitHub owner."""
    name: str

    @property
    def display(self) -> str:
        """The name as the registry writes it: 'requests', '@angular/core', 'duckdb/duckdb'."""
        if self.namespace is None:
            return self.name
        return f"{urllib.parse.unquote(self.namespace)}/{self.name}"

    @property
    def registry(self) -> str:
        """The registry's name, for readers: 'PyPI', 'npm' or 'GitHub'."""
        return {"pypi": "PyPI", "npm": "npm", "github": "GitHub"}[self.type]

    @property
    def page_url(self) -> str:
        """The package's page for readers."""
        if self.type == "pypi":
            return f"https://pypi.org/project/{self.name}/"
        if self.type == "npm":
            return f"https://www.npmjs.com/package/{self.display}"
        return f"https://github.com/{self.display}/releases"

    @property
    def api_url(self) -> str:
        """The registry's JSON API for the package's releases."""
        if self.type == "pypi":
            return f"https://pypi.org/pypi/{self.name}/json"
        if self.type == "npm":
            # The registry wants a scoped name as one path segment: '@scope%2Fname'.
            return "https://registry.npmjs.org/" + urllib.parse.quote(self.display, safe="@")
        return f"https://api.github.com/repos/{self.display}/releases/latest"


def parse(purl: str) -> Package | tuple[str, str]:
    """Parse an identity purl; on failure return ``(message, hint)``."""
    scheme, _, rest = purl.partition(":")
    if scheme != "pkg" or "/" not in rest:
        return (f"expected a package URL 'pkg:TYPE/NAME', got '{purl}'",
                "for example 'pkg:pypi/requests'")
    kind, _, path = rest.lstrip("/").partition("/")
    if kind not in SUPPORTED:
        return (f"unsupported package type '{kind}' in '{purl}'",
                f"supported types: {', '.join(SUPPORTED)}")
    for mark, what in (("?", "qualifiers"), ("#", "a subpath")):
        if mark in path:
            return (f"'{purl}' has {what}", f"name the package only: 'pkg:{kind}/"
                                            f"{path.split(mark)[0]}'")
    if kind == "npm" and path.startswith("@"):
        return (f"the npm scope's '@' must be written '%40' in '{purl}'",
                f"write 'pkg:npm/%40{path[1:]}'")
    if "@" in path:
        return (f"'{purl}' names a version", f"name the package only: 'pkg:{kind}/"
                                             f"{path.rsplit('@', 1)[0]}'")
    parts = path.split("/")
    if kind == "pypi":
        return _pypi(purl, parts)
    if kind == "npm":
        return _npm(purl, parts)
    return _github(purl, parts)


def _pypi(purl: str, parts: list[str]) -> Package | tuple[str, str]:
    canonical = re.sub(r"[-_]+", "-", parts[-1].lower())
    if len(parts) == 1 and _PYPI.match(parts[0]):
        return Package(purl, "pypi", None, parts[0])
    if len(parts) == 1 and _PYPI.match(canonical):
        return (f"'{purl}' is not in canonical form",
                f"write 'pkg:pypi/{canonical}': PyPI names are lower-case, with '-' for '_'")
    return f"expected 'pkg:pypi/NAME', got '{purl}'", "for example 'pkg:pypi/requests'"


def _npm(purl: str, parts: list[str]) -> Package | tuple[str, str]:
    if len(parts) == 1 and _NPM_NAME.match(parts[0]):
        return Package(purl, "npm", None, parts[0])
    if len(parts) == 2 and _NPM_SCOPE.match(parts[0]) and _NPM_NAME.match(parts[1]):
        return Package(purl, "npm", parts[0], parts[1])
    return (f"expected 'pkg:npm/NAME' or 'pkg:npm/%40SCOPE/NAME' in lower case, got '{purl}'",
            "for example 'pkg:npm/%40angular/core'")


def _github(purl: str, parts: list[str]) -> Package | tuple[str, str]:
    if len(parts) == 2 and _GH_OWNER.match(parts[0]) and _GH_REPO.match(parts[1]):
        return Package(purl, "github", parts[0], parts[1])
    lowered = "/".join(parts).lower()
    hint = (f"write 'pkg:github/{lowered}': purl writes GitHub names in lower case"
            if lowered != "/".join(parts) else "for example 'pkg:github/duckdb/duckdb'")
    return f"expected 'pkg:github/OWNER/REPOSITORY', got '{purl}'", hint


def parse_valid(purl: str) -> Package:
    """Parse a purl that validation already accepted."""
    result = parse(purl)
    if isinstance(result, tuple):
        raise ValueError(result[0])
    return result
