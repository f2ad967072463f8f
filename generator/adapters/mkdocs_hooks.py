"""The MkDocs adapter, the only module that imports mkdocs: run the generator first.

Listed under ``hooks:`` in ``mkdocs.yml``, it exists for ``mkdocs serve`` (and
ProperDocs, which runs hooks too): at the start of every build it writes the
docs folder and ``mkdocs.generated.yml`` (see :mod:`generator.adapters.engines`), both
only where bytes changed, so ``serve`` settles and ``--dirty`` rebuilds just
those pages. Nothing a build needs comes from here alone: the navigation and
site settings it puts into this build's config are the values it just wrote
into ``mkdocs.generated.yml``, which every engine reads. (MkDocs read the
config before this hook ran, so without that step a build would use the
previous run's navigation.)

Content errors fail ``mkdocs build``; under ``mkdocs serve`` they are logged
with their ``file:line:col`` and the last good pages stay up.

Settings come from the environment so any dataset can be built:
``GENERATOR_CONTENT`` (default ``content``) and ``GENERATOR_TEMPLATES``
(default ``templates``), both relative to the config file.
``generator site`` sets ``GENERATOR_PREGENERATED=1``: it has just generated and
builds from ``mkdocs.generated.yml``, so the hook does nothing and the MkDocs
build uses exactly the files every other engine reads.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator import pipeline
from generator.adapters import engines
from generator.diagnostics import GeneratorError
from generator.stages import output, render

log = logging.getLogger("mkdocs.plugins.generator")
PREGENERATED = "GENERATOR_PREGENERATED"
_state: dict[str, Any] = {"command": "build"}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve (keep going on errors) or build (fail)."""
    _state["command"] = command


def _paths(config: MkDocsConfig) -> tuple[Path, Path, Path]:
    root = Path(config.config_file_path).parent
    content = root / os.environ.get("GENERATOR_CONTENT", "content")
    templates = root / os.environ.get("GENERATOR_TEMPLATES", "templates")
    return root, content, templates


def _fingerprint(*roots: Path) -> tuple[tuple[str, int, int], ...]:
    """Every input file's path, size and modification time: cheap to take, changes on edit."""
    out = []
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                stat = path.stat()
                out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _base(config: MkDocsConfig) -> str:
    """The hand-written config the generated one inherits (this file, unless it is that one)."""
    name = Path(config.config_file_path).name
    return engines.BASE_CONFIG if name == engines.GENERATED_CONFIG else name


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the docs folder and the engine config before MkDocs collects its files."""
    if os.environ.get(PREGENERATED) == "1":
        return config
    root, content, templates = _paths(config)
    docs = Path(config.docs_dir)
    inputs = (content, templates, render.PACKAGE_TEMPLATES, docs,
              root / engines.GENERATED_CONFIG)
    if _state.get("stamp") == _fingerprint(*inputs) and "settings" in _state:
        # Under serve, our own writes trigger one more build; neither the inputs nor
        # the outputs changed since the last generation, so its output stands.
        _apply(config, _state["settings"])
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
    engines.write_config(root, docs, result.view, base=_base(config))
    settings = engines.settings(result.view)
    _state.update(stamp=_fingerprint(*inputs), settings=settings)
    _apply(config, settings)
    return config


def _apply(config: MkDocsConfig, settings: dict[str, Any]) -> None:
    """Use the settings just written to ``mkdocs.generated.yml`` for this build too."""
    for key, value in settings.items():
        # MkDocs keeps this option as a compiled pattern set, not as text.
        config[key] = config_options.PathSpec().run_validation(value) if (
            key == "not_in_nav") else value


def _fail(config: MkDocsConfig, messages: list[str]) -> MkDocsConfig:
    _state.pop("stamp", None)
    if _state["command"] == "serve":
        for line in messages:
            log.error(line)
        log.error("content has errors: still serving the last good pages; fix and save")
        return config
    raise PluginError("content has errors:\n" + "\n".join(messages))
