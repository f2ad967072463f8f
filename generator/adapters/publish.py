"""Build the whole site, with any engine, without ever losing the previous one.

The stages, top to bottom: generate the docs folder and the engine config
(:mod:`generator.adapters.engines`), let the engine build into a fresh sibling folder of
``out``, and only when it succeeds swap the old site out with two renames.
Engines clean their output folder before they write, so building in place would
leave a broken ``site/`` after a failed or killed build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator import pipeline
from generator.adapters import engines
from generator.stages import output
from generator.stages.output import MARKER


class _Stopped(Exception):
    def __init__(self, signum: int) -> None:
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads a config that holds ``!!python/name:`` or ``!ENV`` tags (their values unused)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_dir(config: Path) -> Path:
    """Return the docs folder the hand-written ``config`` names (MkDocs' default: ``docs``)."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except yaml.YAMLError as exc:
        raise output.UnsafeOutput(f"cannot read {config} as an engine config: "
                                  f"{str(exc).splitlines()[0]}") from None
    name = data.get("docs_dir", "docs") if isinstance(data, dict) else "docs"
    return config.resolve().parent / str(name)


def generate(config: Path) -> bool:
    """Write the docs folder and ``mkdocs.generated.yml`` for ``config``; False on errors.

    Content and templates are found as the MkDocs hook finds them: ``GENERATOR_CONTENT``
    and ``GENERATOR_TEMPLATES``, relative to the config's folder.
    """
    root = config.resolve().parent
    content = root / os.environ.get("GENERATOR_CONTENT", "content")
    templates = root / os.environ.get("GENERATOR_TEMPLATES", "templates")
    result = pipeline.generate(content, templates)
    for d in sorted(result.diagnostics):
        print(d.format(), file=sys.stderr)
    if result.failed or result.view is None:
        return False
    docs = docs_dir(config)
    files = {**{k: v.encode("utf-8") for k, v in result.pages.items()}, **result.assets}
    output.write_tree(docs, files)
    engines.write_config(root, docs, result.view, content.name, base=config.name)
    return True


def build_site(out: Path, config: Path = Path(engines.BASE_CONFIG), strict: bool = True,
               engine: str = engines.DEFAULT_ENGINE) -> int:
    """Generate, build with ``engine`` into a temporary folder, then swap it into ``out``.

    SIGINT or SIGTERM sent to this process alone stops the build child too and
    removes the temporary folder; ``out`` is then left as it was.
    """
    out = out.resolve()
    failed = f"generator: error: the site build failed; {out} was left as it was"
    if not engines.installed(engine):
        print(f"generator: error: {engine} is not installed (pip install -e '.[test]' "
              f"installs every engine); {out} was left as it was", file=sys.stderr)
        return 1
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    proc: subprocess.Popen[bytes] | None = None
    tmp: Path | None = None
    site_config: Path | None = None
    try:
        if not generate(config):
            print(failed, file=sys.stderr)
            return 1
        generated = config.resolve().parent / engines.GENERATED_CONFIG
        root = generated.parent
        out.parent.mkdir(parents=True, exist_ok=True)
        # Zensical refuses a site_dir outside the project: build there, move at the end.
        near = out.parent if engine != "zensical" or out.is_relative_to(root) else root
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=near))
        if engine == "zensical":
            # Zensical has no --site-dir: a throw-away config inherits the generated one
            # and moves only the output. It sits beside it, so relative paths still hold.
            fd, name = tempfile.mkstemp(prefix=f".{out.name}-build-", suffix=".yml",
                                        dir=root)
            site_config = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(engines.site_dir_config(generated, tmp))
        cmd = engines.build_command(engine, site_config or generated, tmp, strict)
        # The hook (MkDocs, ProperDocs) would generate again; the files are fresh.
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GENERATOR_PREGENERATED": "1"}
        proc = subprocess.Popen(cmd, env=env, cwd=root)
        code = proc.wait()
        if code != 0 or not (tmp / "index.html").is_file():
            print(failed, file=sys.stderr)
            return 1
        (tmp / MARKER).write_bytes(b"Written by the comparison generator; safe to delete.\n")
        # mkdtemp makes a 0700 folder; a published site is readable like any build output.
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)
        old = out.with_name(f".{out.name}-old")
        if old.exists() and not (old / MARKER).is_file():
            print(f"generator: error: {old} is in the way and was not made by the generator; "
                  f"{out} was left as it was", file=sys.stderr)
            return 1
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        if near == out.parent:
            tmp.rename(out)
        else:
            shutil.move(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
        return 0
    except _Stopped as stopped:
        print(f"generator: stopped by signal {stopped.signum}; {out} was left as it was",
              file=sys.stderr)
        return 128 + stopped.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if site_config is not None:
            site_config.unlink(missing_ok=True)
