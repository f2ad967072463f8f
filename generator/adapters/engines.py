"""The engine-neutral config: what MkDocs, ProperDocs and Zensical all read.

All three engines read MkDocs' YAML config and follow ``INHERIT:``, but only
MkDocs and ProperDocs run hooks. So nothing a build needs may come from a
hook: every generator run writes ``mkdocs.generated.yml`` beside the
hand-written ``mkdocs.yml`` (theme, extensions, plugins), which it inherits,
and adds what comes from the content: the navigation, the docs folder, and the
site-wide settings from ``site.yml`` (name, URL, description, copyright).

Nothing here imports an engine; :mod:`generator.adapters.publish` runs them.
"""

from __future__ import annotations

import html
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.stages import output
from generator.stages.views import SiteView

ENGINES = ("mkdocs", "properdocs", "zensical")
"""Every engine ``generator site --engine`` can run."""
DEFAULT_ENGINE = "mkdocs"
BASE_CONFIG = "mkdocs.yml"
"""The hand-written config: theme, extensions, plugins, validation."""
GENERATED_CONFIG = "mkdocs.generated.yml"
"""The config every engine reads, written beside the base config by every generator run."""

_HEADER = """\
# Written by the generator from {content}/site.yml and the planned pages: do not edit.
# Every engine reads this file; it inherits the hand-written settings from {base}.
#   mkdocs build -f {name}   |   properdocs build -f {name}   |   zensical build -f {name}
"""


def settings(view: SiteView) -> dict[str, Any]:
    """Return the config values that come from the content: site settings and navigation."""
    site = view.site
    # Theme templates print these unescaped (Material's and Zensical's alike).
    omitted = view.not_in_nav
    values: dict[str, Any] = {
        "site_name": html.escape(site.title),
        "site_description": html.escape(site.description),
        "site_url": site.url,
        "copyright": (f"Data licensed {html.escape(site.data_license)} · every claim cites "
                      "its sources") if site.data_license else "Every claim cites its sources",
        "nav": view.nav,
    }
    if omitted:
        # Pages deliberately left out of the navigation (their overview links them).
        values["not_in_nav"] = "\n".join("/" + src for src in omitted)
    return values


def config_text(view: SiteView, docs_dir: str, content_name: str,
                base: str = BASE_CONFIG) -> str:
    """Return the generated config: ``INHERIT`` the base, then the content's settings.

    ``content_name`` is the content folder's name, for the header comment.
    """
    values = {"INHERIT": base, "docs_dir": docs_dir, **settings(view)}
    body = yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000)
    return _HEADER.format(content=content_name, base=base,
                          name=GENERATED_CONFIG) + body


def write_config(root: Path, docs_dir: Path, view: SiteView, content_name: str,
                 base: str = BASE_CONFIG) -> Path:
    """Write ``root/mkdocs.generated.yml`` for a docs folder, only if its bytes changed.

    Writing only on change matters under ``mkdocs serve``, which watches the file
    it was started with and would otherwise rebuild forever.
    """
    path = root / GENERATED_CONFIG
    rel = Path(os.path.relpath(docs_dir.resolve(), root.resolve())).as_posix()
    data = config_text(view, rel, content_name, base).encode("utf-8")
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    output.atomic_write(path, data)
    return path


def build_command(engine: str, config: Path, site_dir: Path, strict: bool) -> list[str]:
    """Return the command that builds ``config`` into ``site_dir`` with ``engine``.

    Zensical has no ``--site-dir`` option: the caller passes a config that sets
    ``site_dir`` (see :func:`site_dir_config`).
    """
    cmd = [sys.executable, "-m", engine, "build", "-f", str(config)]
    if engine != "zensical":
        cmd += ["-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return cmd


def site_dir_config(config: Path, site_dir: Path) -> str:
    """Return a config that inherits ``config`` and only moves the output to ``site_dir``."""
    rel = os.path.relpath(site_dir.resolve(), config.resolve().parent)
    return yaml.safe_dump({"INHERIT": config.name, "site_dir": Path(rel).as_posix()},
                          sort_keys=False)


def installed(engine: str) -> bool:
    """Return True when ``engine`` can be imported by this Python."""
    return importlib.util.find_spec(engine) is not None
