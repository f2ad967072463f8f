"""The MkDocs adapter: the only module that imports mkdocs.

Listed under ``hooks:`` in ``mkdocs.yml``. At the start of every build it runs
the generator and writes its pages into ``docs_dir`` (only files whose bytes
changed, so ``serve`` settles and ``--dirty`` rebuilds just those pages).
Content errors fail ``mkdocs build``; under ``mkdocs serve`` they are logged
with their ``file:line:col`` and the last good pages stay up.

Settings come from the environment so any dataset can be built:
``GENERATOR_CONTENT`` (default ``content``) and ``GENERATOR_TEMPLATES``
(default ``templates``), both relative to ``mkdocs.yml``.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator import output, pipeline, render
from generator.diagnostics import GeneratorError

log = logging.getLogger("mkdocs.plugins.generator")
_state: dict[str, Any] = {"command": "build"}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve (keep going on errors) or build (fail)."""
    _state["command"] = command


def _paths(config: MkDocsConfig) -> tuple[Path, Path]:
    root = Path(config.config_file_path).parent
    content = root / os.environ.get("GENERATOR_CONTENT", "content")
    templates = root / os.environ.get("GENERATOR_TEMPLATES", "templates")
    return content, templates


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the docs folder before MkDocs collects its files."""
    content, templates = _paths(config)
    try:
        result = pipeline.generate(content, templates)
    except GeneratorError as exc:
        return _fail(config, str(exc).splitlines())
    for d in result.diagnostics:
        if d.severity == "warning":
            log.info(d.format())
    if result.failed:
        return _fail(config, [d.format() for d in result.diagnostics if d.severity == "error"])
    assert result.view is not None
    files = {**{k: v.encode("utf-8") for k, v in result.pages.items()}, **result.assets}
    output.write_tree(Path(config.docs_dir), files)
    config.nav = render.nav(result.view)
    # site.yml is the single source of the title, description and URL.
    site = result.view.site
    # Theme templates insert these into HTML unescaped.
    config.site_name = html.escape(site.title)
    config.site_description = html.escape(site.description)
    config.site_url = site.url
    config.copyright = (f"Data licensed {html.escape(site.data_license)} · every claim cites "
                        "its sources")
    return config


def _fail(config: MkDocsConfig, messages: list[str]) -> MkDocsConfig:
    if _state["command"] == "serve":
        for line in messages:
            log.error(line)
        log.error("content has errors: still serving the last good pages; fix and save")
        return config
    raise PluginError("content has errors:\n" + "\n".join(messages))
