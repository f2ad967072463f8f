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
from generator.model import Site

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


def _fingerprint(*roots: Path) -> tuple[tuple[str, int, int], ...]:
    """Every input file's path, size and modification time: cheap to take, changes on edit."""
    out = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the docs folder before MkDocs collects its files."""
    content, templates = _paths(config)
    docs = Path(config.docs_dir)
    if _state.get("stamp") == _fingerprint(content, templates, docs) and "nav" in _state:
        # Under serve, our own writes trigger one more build; neither the inputs nor
        # the docs folder changed since the last generation, so its output stands.
        _apply(config, _state["nav"], _state["site"])
        return config
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
    output.write_tree(docs, files)
    nav = render.nav(result.view)
    _state.update(stamp=_fingerprint(content, templates, docs), nav=nav, site=result.view.site)
    _apply(config, nav, result.view.site)
    return config


def _apply(config: MkDocsConfig, nav: list[Any], site: Site) -> None:
    """Set the navigation and the site-wide settings, which come from ``site.yml``."""
    config.nav = nav
    # Theme templates insert these into HTML unescaped.
    config.site_name = html.escape(site.title)
    config.site_description = html.escape(site.description)
    config.site_url = site.url
    config.copyright = (f"Data licensed {html.escape(site.data_license)} · every claim cites "
                        "its sources")


def _fail(config: MkDocsConfig, messages: list[str]) -> MkDocsConfig:
    _state.pop("stamp", None)
    if _state["command"] == "serve":
        for line in messages:
            log.error(line)
        log.error("content has errors: still serving the last good pages; fix and save")
        return config
    raise PluginError("content has errors:\n" + "\n".join(messages))
