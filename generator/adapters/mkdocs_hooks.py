"""The MkDocs adapter, the only module that imports mkdocs: run the generator first.

Listed under ``hooks:`` in ``mkdocs.yml``, it exists for ``mkdocs serve`` (and
ProperDocs, which runs hooks too): at the start of every build it writes the
docs folder and ``mkdocs.generated.yml`` (see :mod:`generator.adapters.engines`), both
only where bytes changed, so ``--dirty`` rebuilds just those pages. Under serve it keeps
an in-memory cache between builds (:mod:`generator.stages.cache`) and keeps its own
writes from starting another build (:func:`on_serve`): one edit, one build.

Nothing a build needs comes from here alone: the navigation and site settings it puts
into this build's config are the values it just wrote into ``mkdocs.generated.yml``,
which every engine reads. (MkDocs read the config before this hook ran, so without that
step a build would use the previous run's navigation.)

Content errors fail ``mkdocs build``; under ``mkdocs serve`` they are logged
with their ``file:line:col`` and the last good pages stay up.

Settings come from the environment so any dataset can be built:
``GENERATOR_CONTENT`` (default ``content``) and ``GENERATOR_TEMPLATES``
(default ``templates``), both relative to the config file.
``generator site`` sets ``GENERATOR_PREGENERATED=1``: it has just generated and
builds from ``mkdocs.generated.yml``, so the hook does nothing and the MkDocs
build uses exactly the files every other engine reads.

``mkdocs build`` first asks :mod:`generator.uptodate` whether the docs folder already
holds what generation would write (nothing it reads changed since the last run); then it
generates nothing and imports none of the pipeline. ``GENERATOR_FRESH=1`` always
generates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator import uptodate

# The pipeline, its models and the template engine are imported only when a build
# generates (see on_config): a build whose pages are current never loads them.

log = logging.getLogger("mkdocs.plugins.generator")
PREGENERATED = "GENERATOR_PREGENERATED"
_state: dict[str, Any] = {"command": "build"}
_writing = threading.Lock()
"""Held while the generator writes; the serve watcher waits on it before judging an event."""


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve (keep going on errors) or build (fail).

    Under serve, a cache lives as long as this process, in memory only; it is made at the
    first build that generates.
    """
    _state["command"] = command


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Under serve, compile the theme's templates once, not at every build.

    MkDocs makes a new template environment for each build; the compiled templates
    are kept in this process's memory (:class:`generator.stages.cache.CompiledTemplates`).
    """
    if _state["command"] == "serve" and os.environ.get(PREGENERATED) != "1" and \
            env.bytecode_cache is None:
        if "theme_code" not in _state:
            from generator.stages import cache

            _state["theme_code"] = cache.CompiledTemplates()
        env.bytecode_cache = _state["theme_code"]
    return env


def _paths(config: MkDocsConfig) -> tuple[Path, Path, Path]:
    root = Path(config.config_file_path).parent
    content = root / os.environ.get("GENERATOR_CONTENT", "content")
    templates = root / os.environ.get("GENERATOR_TEMPLATES", "templates")
    return root, content, templates


def _base(config: MkDocsConfig) -> str:
    """The hand-written config the generated one inherits (this file, unless it is that one)."""
    name = Path(config.config_file_path).name
    return BASE_CONFIG if name == GENERATED_CONFIG else name


GENERATED_CONFIG = "mkdocs.generated.yml"
BASE_CONFIG = "mkdocs.yml"
""":mod:`generator.adapters.engines`' names, repeated so that a current build need not
import it (a test checks they agree)."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the docs folder and the engine config before MkDocs collects its files."""
    if os.environ.get(PREGENERATED) == "1":
        return config
    root, content, templates = _paths(config)
    docs = Path(config.docs_dir)
    base = _base(config)
    with _writing:
        inputs = None
        if _state["command"] != "serve" and uptodate.enabled():
            # Not under serve: its builds follow edits in memory, from its first on.
            inputs = uptodate.inputs_digest(
                [content, templates],
                [str(root.resolve()), str(docs.resolve()), base, content.name])
            stamp = uptodate.current(docs, root / GENERATED_CONFIG, inputs)
            if stamp is not None:
                log.info("generator: pages are current (nothing it reads changed since it "
                         "wrote them); generation skipped")
                for line in stamp.warnings:
                    log.info(line)
                _apply(config, stamp.settings)
                return config
        cpu, wall = time.process_time(), time.perf_counter()
        settings, errors, wrote = _generate(root, content, templates, docs, base, inputs)
        if errors:
            return _fail(config, errors)
        # What generation cost this build, importing the pipeline included: `make bench`
        # reads it as the generator's share of a build.
        log.info("generator: %s in %.3f s CPU (%.3f s wall), importing included",
                 wrote, time.process_time() - cpu,
                 time.perf_counter() - wall)
    _apply(config, settings)
    return config


def _generate(root: Path, content: Path, templates: Path, docs: Path, base: str,
              inputs: str | None) -> tuple[dict[str, Any], list[str], str]:
    """Run the pipeline and write its files.

    Returns the config settings, any errors and a summary of what was written.
    """
    from generator import pipeline
    from generator.adapters import engines
    from generator.diagnostics import GeneratorError
    from generator.stages import cache, output

    if _state["command"] == "serve" and "cache" not in _state:
        _state["cache"] = cache.Incremental()
    try:
        result = pipeline.generate(content, templates, cache=_state.get("cache"))
    except GeneratorError as exc:
        return {}, str(exc).splitlines(), ""
    warnings = [d.format() for d in result.diagnostics if d.severity == "warning"]
    for line in warnings:
        log.info(line)
    if result.failed:
        return {}, [d.format() for d in result.diagnostics if d.severity == "error"], ""
    assert result.view is not None
    files = {**{k: v.encode("utf-8") for k, v in result.pages.items()}, **result.assets}
    if inputs is not None:
        uptodate.forget(docs)  # until the new files are all in place
    try:
        changed, removed = output.write_tree(docs, files)
    except output.UnsafeOutput as exc:
        return {}, [f"generator: error: {exc}"], ""
    generated = engines.write_config(root, docs, result.view, content.name, base=base)
    settings = engines.settings(result.view)
    if inputs is not None:
        uptodate.save(docs, uptodate.Stamp(
            inputs=inputs, files=uptodate.file_digests(files),
            config=hashlib.sha256(generated.read_bytes()).hexdigest(),
            settings=settings, warnings=warnings))
    if _state["command"] == "serve":
        # What the watcher will find after our own writes: events that leave a file
        # exactly so are ours, not an edit, and must not start another build.
        _state["written"] = {**_snapshot(docs), **_snapshot(generated)}
    cached = _state.get("cache")
    rendered = f" ({cached.pages.rendered} rendered again)" if cached is not None else ""
    return settings, [], (f"{result.page_count} pages{rendered}, {changed} files written, "
                          f"{removed} removed")


def _snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file's identity (size, modification time, inode) under ``root``, or of ``root``."""
    out = {}
    for path in root.rglob("*") if root.is_dir() else [root]:
        try:
            st = path.stat()
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            out[os.path.abspath(path)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


def _ours(path: str) -> bool:
    """True when ``path`` is as the generator last left it (written, unchanged or removed)."""
    written: dict[str, tuple[int, int, int]] = _state.get("written", {})
    path = os.path.abspath(path)
    try:
        st = os.stat(path)
    except OSError:
        # Gone: a file we removed, or one of our temporary files renamed into place.
        return path not in written
    if stat.S_ISDIR(st.st_mode):
        return True
    return written.get(path) == (st.st_size, st.st_mtime_ns, st.st_ino)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Let the generator's own writes pass without a second build.

    ``serve`` watches the docs folder and its config file, and the generator writes both
    while a build runs (in :func:`on_config`); each such write used to start one more
    build that found nothing to do. Events on those paths now start a build only when a
    file is not as the generator left it: an edit by hand or by ``generator build`` still
    rebuilds. The watcher's handlers are MkDocs 1.x internals: if they are not where
    expected, nothing is filtered and an edit costs two builds, as before.
    """
    if os.environ.get(PREGENERATED) == "1":
        return server
    observer = getattr(server, "observer", None)
    refs = getattr(server, "_watch_refs", None)
    handlers = getattr(observer, "_handlers", None)
    if not isinstance(refs, dict) or not isinstance(handlers, dict):
        return server
    for path in (config.docs_dir, config.config_file_path):
        watch = refs.get(os.path.abspath(path)) if path else None
        for handler in list(handlers.get(watch, ())):
            handler.on_any_event = _filtered(handler.on_any_event)
    return server


def _filtered(callback: Any) -> Any:
    def on_any_event(event: Any) -> None:
        # Wait for a generation under way to finish and record what it wrote.
        with _writing:
            paths = [p for p in (getattr(event, "src_path", ""), getattr(event, "dest_path", ""))
                     if p]
            if paths and all(_ours(os.fsdecode(p)) for p in paths):
                return
        callback(event)
    return on_any_event


def _apply(config: MkDocsConfig, settings: dict[str, Any]) -> None:
    """Use the settings just written to ``mkdocs.generated.yml`` for this build too."""
    for key, value in settings.items():
        # MkDocs keeps this option as a compiled pattern set, not as text.
        config[key] = config_options.PathSpec().run_validation(value) if (
            key == "not_in_nav") else value


def _fail(config: MkDocsConfig, messages: list[str]) -> MkDocsConfig:
    if _state["command"] == "serve":
        for line in messages:
            log.error(line)
        log.error("content has errors: still serving the last good pages; fix and save")
        return config
    raise PluginError("content has errors:\n" + "\n".join(messages))
