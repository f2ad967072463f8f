"""Stage 4 — render: jinja2 templates turn view data into markdown pages.

Jinja runs with ``StrictUndefined`` (a typo in a template is an error, never an
empty cell), ``keep_trailing_newline``, ``trim_blocks`` and ``lstrip_blocks``.
Each page gets the shared view data plus its own small context, and link
helpers: relative ``.md`` links for markdown, root-relative URLs (from
``site_url``'s path) for raw HTML, so every engine publishes the same links.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator import escape, prose, sanitize, urls, usercache
from generator.diagnostics import ContentError, Diagnostic, TemplateError
from generator.plan import PagePlan
from generator.sandbox import Sandbox, TrackingSandbox
from generator.stages.cache import Fragment, PageMemo, fragment_key, macro_code
from generator.stages.reads import ITER, Recorder
from generator.stages.views import SiteView, oldest

root_path = urls.root_path
site_href = urls.site_href


def _private_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return a bytecode cache in a folder only this user can write, or None.

    Compiled templates are code: a cache in a shared, guessable folder would run
    whatever another local user planted there (see :mod:`generator.usercache`).
    """
    folder = usercache.private_dir("jinja")
    # Compiled templates keyed by their source's checksum: a fresh process (one
    # `mkdocs build`) skips recompiling templates that did not change.
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The engine's own templates, shipped inside the package."""


def template_dirs(site_templates: Path) -> list[Path]:
    """Where templates are looked up: a site's own folder first, then the package's.

    A site overrides one template by putting a file of the same name in its folder.
    """
    dirs = [site_templates] if site_templates.is_dir() else []
    if PACKAGE_TEMPLATES not in [d.resolve() for d in dirs]:
        dirs.append(PACKAGE_TEMPLATES)
    return dirs


def make_env(templates_dir: Path, tracking: bool = False) -> jinja2.Environment:
    """Create the jinja environment with the named escaping filters.

    With ``tracking`` (a running preview), the sandbox notes what each page reads.
    """
    # Templates are maintainers' code, but a pull request can change them too: the
    # immutable sandbox keeps them from reaching Python internals or mutating data.
    env = (TrackingSandbox if tracking else Sandbox)(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(templates_dir)]),
        bytecode_cache=_private_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        md=escape.md_text,
        html=escape.html_text,
        mdblock=escape.md_block,
        mdhtml=escape.md_html,
        url=escape.safe_url,
        json_script=escape.json_script,
        yaml=escape.yaml_string,
    )
    if isinstance(env, TrackingSandbox):
        env.track_filters()
    return env


_ENVS: dict[tuple[Path, bool], tuple[frozenset[str] | None, jinja2.Environment]] = {}


def _overrides(templates_dir: Path) -> frozenset[str] | None:
    """The names of a site's own templates, or None when it has no templates folder."""
    try:
        return frozenset(os.listdir(templates_dir))
    except OSError:
        return None


def _cached_env(templates_dir: Path, tracking: bool = False) -> jinja2.Environment:
    """Reuse one environment per templates folder across builds (``mkdocs serve``).

    Jinja re-reads a template file whenever its modification time changes, so an
    edited template is picked up at the next build; only compiled code is reused.
    Which templates the site's own folder holds is checked at each build: jinja checks a
    template it has loaded against the file it came from, so an override added later
    beside a template loaded from the package would go unseen in the same environment.
    """
    key = (templates_dir.resolve(), tracking)
    overrides = _overrides(templates_dir)
    known = _ENVS.get(key)
    if known is None or known[0] != overrides:
        known = _ENVS[key] = (overrides, make_env(templates_dir, tracking))
    return known[1]


def render_site(view: SiteView, templates_dir: Path,
                memo: PageMemo | None = None) -> dict[str, str]:
    """Render every page the view plans; return docs path → markdown.

    Raises :class:`ContentError` with what every page found wrong in contributor text
    (links to pages that do not exist, misplaced fragments), after rendering them all.

    With ``memo`` (a running preview), a page keeps its last text while nothing it read of
    the view changed (see :mod:`generator.stages.reads`) and no template it loaded changed.
    """
    env = _cached_env(templates_dir, tracking=memo is not None)
    plans = view.pages
    known = {p.src for p in plans}
    titles = {p.src: p.title for p in plans}
    pages: dict[str, str] = {}
    shared: dict[Any, Any] = {}
    errors: list[Diagnostic] = []
    if memo is None:
        for plan in plans:
            try:
                pages[plan.src] = _render_one(env, view, plan, known, titles, shared)
            except ContentError as exc:  # every page's, then stop once
                errors.extend(exc.diagnostics)
        if errors:
            raise ContentError(errors)
        return pages
    assert isinstance(env, TrackingSandbox)
    # Links and labels name pages by their path and title: a page added, removed or
    # renamed may change any page.
    memo.start(view, (tuple(sorted(known)), tuple(sorted(titles.items()))))
    sources = _source_digests(env)
    memo.check_templates(sources)
    shared = memo.fragments
    recorder = env.recorder
    for plan in plans:
        text = memo.get(plan.src, sources)
        if text is None:
            reads = recorder.push()
            try:
                _read_plan(recorder, plan)
                with _loaded(env) as used:
                    text = _render_one(env, view, plan, known, titles, shared, recorder)
            except ContentError as exc:
                errors.extend(exc.diagnostics)
                continue
            finally:
                recorder.pop()
            memo.put(plan.src, used, sources, text, reads)
        pages[plan.src] = text
    memo.finish()
    if errors:
        raise ContentError(errors)
    return pages


def _read_plan(recorder: Recorder, plan: PagePlan) -> None:
    """Note what every page reads of its plan: its fields and its context, entry by entry.

    Templates read the context's entries by name, not through the sandbox.
    """
    for name in ("src", "template", "title", "description", "context", "order", "origin",
                 "section"):
        recorder.read(plan, name)
    recorder.read(plan.context, ITER)
    for key in plan.context:
        recorder.read(plan.context, key)


def _source_digests(env: jinja2.Environment) -> Callable[[str], bytes]:
    """Return ``digest(name)``: a hash of the template's source as it is now (one build)."""
    seen: dict[str, bytes] = {}

    def digest(name: str) -> bytes:
        if name not in seen:
            assert env.loader is not None
            try:
                source = env.loader.get_source(env, name)[0]
            except jinja2.TemplateNotFound:
                source = "\0missing"
            seen[name] = hashlib.sha256(source.encode("utf-8")).digest()
        return seen[name]
    return digest


@contextlib.contextmanager
def _loaded(env: jinja2.Environment) -> Iterator[list[str]]:
    """Record the name of every template loaded meanwhile (a page's own, imports, includes).

    Compiled templates fetch the ones they import through ``environment.get_template``, so
    shadowing it on the instance sees them all, including those jinja had cached.
    """
    used: list[str] = []
    original = env.get_template

    def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        used.append(name if isinstance(name, str) else str(getattr(name, "name", name)))
        return original(name, parent, globals)

    setattr(env, "get_template", get_template)  # noqa: B010 - shadow the method, then restore
    try:
        yield used
    finally:
        delattr(env, "get_template")


def _render_one(env: jinja2.Environment, view: SiteView, plan: PagePlan, known: set[str],
                titles: dict[str, str], shared: dict[Any, Any],
                track: Recorder | None = None) -> str:
    """Render one page; with ``track``, note what its helpers read of the view."""
    def site_url() -> str:
        if track is not None:
            track.read(view, "site")
            track.read(view.site, "url")
        return view.site.url

    def href(target: str) -> str:
        return site_href(site_url(), target)

    def srcs(ids: list[str]) -> list[Any]:
        if track is not None:
            track.read(view, "sources")
            for i in ids:
                track.read(view.sources, i)
        return [view.sources[i] for i in ids]

    def md_link(target_src: str) -> str:
        path, _, anchor = target_src.partition("#")
        if path.endswith(".md") and path not in known:
            raise jinja2.TemplateRuntimeError(f"link to unknown page '{path}'")
        rel = posixpath.relpath(path, posixpath.dirname(plan.src) or ".") if path else ""
        return rel + (f"#{anchor}" if anchor else "")

    def link(target: str) -> str:
        path, _, anchor = target.partition("#")
        return md_link(_to_src(path, known) + (f"#{anchor}" if anchor else ""))

    ctx: dict[str, Any] = {"v": view, "page": plan, "href": href, "md_link": md_link,
                           "once": functools.partial(_once, shared, track),
                           "link": link, "ref": _ref_resolver(link),
                           "href_to": lambda ref: urls.href(site_url(), ref),
                           "srcs": srcs,
                           "oldest": oldest, "row_dates": _row_dates(view, track),
                           "label": _labeller(view, titles, track)}
    ctx.update(plan.context)
    ctx["resolve_md"] = sanitize.docs_link_resolver("", known, href)
    if isinstance(env, TrackingSandbox):
        # These note their own reads, which are narrower than their arguments.
        env.self_tracking = {id(ctx["once"]), id(ctx["row_dates"])}
    try:
        if plan.template == "prose.md.jinja":
            ctx["body_rendered"] = _prose_body(env, view, plan, ctx, known, track)
        text = env.get_template(plan.template).render(ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(_where(exc.filename, plan), exc.lineno or 1, exc.message or "") \
            from None
    except (jinja2.UndefinedError, jinja2.TemplateRuntimeError, jinja2.TemplateNotFound,
            TypeError, KeyError, AttributeError, ValueError, RecursionError) as exc:
        filename, line = _tb_where(exc)
        raise TemplateError(_where(filename, plan), line, str(exc)) from None
    return text.rstrip("\n") + "\n"


def _once(shared: dict[Any, Any], track: Recorder | None, macro: Any, *args: Any) -> Any:
    """``macro(*args)``, computed once per build for the same macro and arguments.

    For macros whose output does not depend on the page that calls them (no relative
    links): a matrix cell's HTML is the same on the matrix, its subject's page and every
    pair page, and was rendered for each. Arguments are the build's view objects (by
    identity; kept alive here, so an identity is never reused meanwhile) or plain values.
    With ``track`` (a running preview), ``shared`` is the page memo's and lasts from build
    to build, and what the macro read counts for every page that uses it.
    """
    code = macro_code(macro)
    key = fragment_key(code, args)
    known = shared.get(key)
    if known is None:
        if track is None:
            known = shared[key] = Fragment(code, args, macro(*args))
        else:
            track.push()
            try:
                value = macro(*args)
            finally:
                reads = track.pop(merge=False)
            known = shared[key] = Fragment(code, args, value, reads)
    if track is not None:
        known.used = True
        track.use(known)
    return known.value


def _prose_body(env: jinja2.Environment, view: SiteView, plan: PagePlan, ctx: dict[str, Any],
                known: set[str], track: Recorder | None = None) -> str:
    """Render a prose page body: contributor markdown plus the generator's own fragments.

    The body is never compiled as a template (see :mod:`generator.prose`); only the
    fragment functions below, whose output is the generator's own escaped markup, run.
    """
    macros = env.get_template("_macros.md.jinja").make_module(ctx)
    cite_macro: Any = getattr(macros, "cite")  # noqa: B009 - macros are dynamic
    rows_tpl = env.get_template("_rows.md.jinja")
    missing: list[str] = []
    categories = {cat.id: cat for cat in view.categories}

    def rows_table(ids: list[str]) -> str:
        if track is not None:
            track.read(view, "rows")
            for i in ids:
                track.read(view.rows, i)
        return rows_tpl.render({**ctx, "rows": [view.rows[i] for i in ids]})

    def category_table(cid: str) -> str:
        if track is not None:
            track.read(view, "categories")
            track.whole(view.categories)
        return rows_table([r.id for r in categories[cid].rows])

    if track is not None:
        track.read(view, "site")
        for name in ("title", "data_license", "stale_after_days"):
            track.read(view.site, name)
        track.read(view, "subjects")
        track.read(view.subjects, ITER)
        for subject in view.subjects:
            track.read(subject, "name")
    supplied = prose.Fragments(
        call={"cite": lambda ids: str(cite_macro(ctx["srcs"](ids))),
              "rows_table": rows_table,
              "category_table": category_table},
        values={"site.title": view.site.title,
                "site.data_license": view.site.data_license or "",
                "site.stale_after_days": str(view.site.stale_after_days),
                "subject_names": ", ".join(s.name for s in view.subjects)},
        resolve=_checked(sanitize.docs_link_resolver(posixpath.dirname(plan.src), known,
                                                     ctx["href"]), missing))
    try:
        text = prose.render(str(plan.context["body"]), supplied)
    except prose.MisplacedFragments as exc:
        first = int(plan.context["body_line"]) - 1
        raise ContentError([Diagnostic(str(plan.context["body_path"]), first + f.line, f.col,
                                       "error", prose.misplaced(f), prose.MISPLACED_HINT)
                            for f in exc.fragments]) from None
    if missing:
        raise ContentError([_unknown_link(plan, target) for target in missing])
    return text


def _checked(resolve: sanitize.LinkResolver, missing: list[str]) -> sanitize.LinkResolver:
    """Wrap a resolver so that links to '.md' files that are not pages are collected."""
    def check(target: str) -> str | None:
        url = resolve(target)
        path = target.partition("#")[0]
        if url is None and path.endswith(".md") and "://" not in path \
                and not path.startswith(("/", "mailto:")):
            missing.append(target)
        return url
    return check


def _unknown_link(plan: PagePlan, target: str) -> Diagnostic:
    return locate_in_body(plan, target, f"link to '{target}': no such page",
                          "link to a page's file, such as matrix.md or subjects/index.md")


def locate_in_body(plan: PagePlan, target: str, message: str, hint: str) -> Diagnostic:
    """A finding about ``target`` in a prose page, at the place its file first says it."""
    body = str(plan.context["body"])
    where = body.find(target)
    before = body[:max(where, 0)]
    line = int(plan.context["body_line"]) + before.count("\n")
    col = max(where, 0) - (before.rfind("\n") + 1) + 1
    return Diagnostic(str(plan.context["body_path"]), line, col, "error", message, hint)


def _row_dates(view: SiteView, track: Recorder | None = None) -> Callable[..., list[Any]]:
    """Return ``row_dates(feature_ids, subject_ids=None)``: the verification dates shown.

    With ``track``, it notes just the dates it read, not the whole rows it is given.
    """
    def row_dates(ids: Any, subjects: Any = None) -> list[Any]:
        cells = (view.rows[i].cells for i in ids)
        if track is None:
            return [c.verified for cs in cells for s, c in cs.items()
                    if subjects is None or s in subjects]
        track.read(view, "rows")
        dates = []
        for i in ids:
            track.read(view.rows, i)
            track.read(view.rows[i], "cells")
            cs = view.rows[i].cells
            track.read(cs, ITER)
            for s, c in cs.items():
                if subjects is None or s in subjects:
                    track.read(cs, s)
                    track.read(c, "verified")
                    dates.append(c.verified)
        return dates
    return row_dates


def _to_src(path: str, known: set[str]) -> str:
    """Map a site path ('matrix/', 'use-cases/') to its docs source ('matrix.md', ...)."""
    if not path.endswith("/") and path:
        return path
    stem = path.rstrip("/")
    if not stem:
        return "index.md"
    return f"{stem}.md" if f"{stem}.md" in known else f"{stem}/index.md"


def _where(filename: str | None, plan: PagePlan) -> str:
    if filename and filename != "<template>":
        return _shown_template(Path(filename))
    if plan.template == "prose.md.jinja":
        return str(plan.context["body_path"])
    return _shown_template(PACKAGE_TEMPLATES / plan.template)


def _shown_template(path: Path) -> str:
    """A template's path for messages: 'templates/x' for a site's own, else the package's."""
    if path.resolve().is_relative_to(PACKAGE_TEMPLATES):
        return f"generator/templates/{path.name}"
    return f"templates/{path.name}"


def _tb_where(exc: BaseException) -> tuple[str | None, int]:
    """The template file and line where a runtime error happened (innermost template)."""
    tb = exc.__traceback__
    where: tuple[str | None, int] = (None, 1)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".jinja") or name == "<template>":
            where = (name if name.endswith(".jinja") else None, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _ref_resolver(href: Callable[[str], str]) -> Callable[[str], str]:
    def ref(value: str) -> str:
        return href(urls.path(value))
    return ref


def _labeller(view: SiteView, titles: dict[str, str],
              track: Recorder | None = None) -> Callable[[str], str]:
    """Return a function giving the human title of a 'kind:id' reference."""
    names = view.labels

    def label(value: str) -> str:
        if track is not None:
            track.read(view, "labels")
            track.whole(names)
        kind, _, ident = value.partition(":")
        if kind == "page":
            return titles.get(f"{ident}.md") or titles.get(f"{ident}/index.md") or ident
        return names.get(kind, {}).get(ident, ident)
    return label
