"""The pipeline: ``load → validate → derive → render → output``, one call per stage.

Nothing here imports MkDocs; :mod:`generator.adapters.mkdocs_hooks` calls :func:`generate`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import examples, opendata, plan
from generator.adapters import engines
from generator.diagnostics import ContentError, Diagnostic, has_errors
from generator.kinds.registry import RECORD_TYPES
from generator.stages import derive, links, load, output, render
from generator.stages.cache import Incremental
from generator.stages.gcpause import paused
from generator.stages.load import load_content
from generator.stages.rules import RuleMemo, run_rules
from generator.stages.validate import Content, build_content
from generator.stages.views import SiteView


@dataclass
class Result:
    """What a pipeline run produced: pages (path → markdown) and every diagnostic."""

    content: Content | None
    diagnostics: list[Diagnostic]
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    view: SiteView | None = None

    @property
    def failed(self) -> bool:
        """True when any diagnostic is an error."""
        return has_errors(self.diagnostics)

    @property
    def page_count(self) -> int:
        """Number of markdown pages generated."""
        return sum(1 for p in self.pages if p.endswith(".md"))


@dataclass
class Written:
    """What :func:`build` wrote."""

    page_count: int
    changed: int
    removed: int
    diagnostics: list[Diagnostic]


def default_templates(content_dir: Path) -> Path:
    """Return a site's own templates folder, next to its content folder.

    It may not exist: the package's templates serve every template it does not override.
    """
    return content_dir.resolve().parent / "templates"


def validate(content_dir: Path, cache: Incremental | None = None
             ) -> tuple[Content | None, list[Diagnostic]]:
    """Run the load and validate stages only.

    With ``cache`` (a running preview), only files whose bytes changed are parsed again,
    and the content is validated again only when a document, example or asset changed.
    """
    docs, diags = load_content(content_dir, cache.files.read) if cache else \
        load_content(content_dir)
    load_diags = list(diags)
    tasks, example_diags = examples.load_examples(content_dir) if not has_errors(diags) \
        else ([], [])
    assets, asset_diags = load.load_assets(content_dir) if not has_errors(diags) else ({}, [])
    diags.extend(example_diags + asset_diags)
    if cache is not None:
        kept = cache.validated(docs, diags, tasks, assets)
        if kept is not None:
            return kept
    content, checked = _validate(docs, diags, tasks, assets, cache.rules if cache else None)
    if cache is not None:
        cache.keep_validated(docs, load_diags + example_diags + asset_diags, tasks, assets,
                             content, checked)
    return content, checked


def _validate(docs: list[load.Document], diags: list[Diagnostic], tasks: list[Any],
              assets: dict[str, bytes], rule_memo: RuleMemo | None = None
              ) -> tuple[Content | None, list[Diagnostic]]:
    content, model_diags = build_content(docs)
    diags = [*diags, *model_diags]
    if has_errors(diags):
        # Cross-record rules on half-loaded content would report false "unknown id"s.
        return None, sorted(diags)
    content.examples = tasks
    content.example_ids = {t.id for t in tasks}
    content.assets = assets
    diags.extend(run_rules(content, rule_memo))
    return content, sorted(diags)


@paused
def generate(content_dir: Path, templates_dir: Path,
             today: dt.date | None = None, cache: Incremental | None = None) -> Result:
    """Run every stage in memory and return the pages, or the diagnostics that stop it.

    With ``cache`` (kept by a running preview between builds), every stage reuses what the
    inputs that changed did not touch; the pages are the same bytes as without it.
    """
    if cache is not None:
        cache.start()
    content, diags = validate(content_dir, cache)
    if content is None or has_errors(diags):
        return Result(content, diags)
    template_diags = load.refuse_links(templates_dir) if templates_dir.is_dir() else []
    if template_diags:
        return Result(content, sorted([*diags, *template_diags]))
    day = today or dt.date.today()
    site = cache.derived(content, day, lambda: derive.derive(content, today=day)) \
        if cache else derive.derive(content, today=day)
    clashes = plan.collisions(site.pages)
    if clashes:
        return Result(content, sorted([*diags, *clashes]))
    try:
        pages = render.render_site(site, templates_dir, cache.pages if cache else None)
    except ContentError as exc:  # links in prose pages: found while rendering
        return Result(content, sorted([*diags, *exc.diagnostics]))
    broken = links.check(content, site.pages, pages, render.locate_in_body,
                           cache.rules if cache else None)
    if broken:
        return Result(content, sorted([*diags, *broken]))
    assets = cache.assets(site, lambda: opendata.data_files(site)) if cache else \
        opendata.data_files(site)
    assets.update(content.assets)
    assets.update(output.engine_assets(templates_dir))
    return Result(content, diags, pages, assets, site)


def check(content_dir: Path, templates_dir: Path | None) -> Result:
    """Validate and render in memory (so template errors are found too); write nothing."""
    return generate(content_dir, templates_dir or default_templates(content_dir))


def build(content_dir: Path, templates_dir: Path | None, out_dir: Path) -> Written:
    """Generate and write the docs folder; raise :class:`ContentError` on any error.

    When the docs folder sits beside an engine config (``mkdocs.yml``), the engine
    config with the navigation and site settings is written there too.
    """
    result = generate(content_dir, templates_dir or default_templates(content_dir))
    if result.failed:
        raise ContentError(result.diagnostics)
    files = {**{k: v.encode("utf-8") for k, v in result.pages.items()}, **result.assets}
    changed, removed = output.write_tree(out_dir, files)
    if result.view is not None and (out_dir.parent / engines.BASE_CONFIG).is_file():
        engines.write_config(out_dir.parent, out_dir, result.view, content_dir.name)
    return Written(result.page_count, changed, removed, result.diagnostics)


def stale_claims(content: Content, days: int,
                 today: dt.date | None = None) -> list[Diagnostic]:
    """List claims verified more than ``days`` days ago, as warnings."""
    from generator.stages.rules import stale

    return stale(content, days, today or dt.date.today())


def write_schema(out_dir: Path) -> list[Path]:
    """Write one JSON Schema per record kind into ``out_dir``; return the files."""
    files: dict[str, bytes] = {}
    for kind, model_type in sorted(RECORD_TYPES.items()):
        schema = model_type.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{kind}.schema.json"
        files[f"{kind}.schema.json"] = (json.dumps(schema, indent=2, sort_keys=True)
                                        + "\n").encode("utf-8")
    # Only *.schema.json files are written and nothing is removed: the folder is shared.
    output.write_tree(out_dir, files, prune=False)
    return [out_dir / name for name in sorted(files)]
