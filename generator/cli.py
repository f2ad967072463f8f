"""The ``generator`` command line.

Exit codes (also in the README):

* 0 — success (warnings may have been printed);
* 1 — the content has errors, or a template failed;
* 2 — usage error (bad arguments, missing folders).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import pipeline
from generator.adapters import engines, publish
from generator.diagnostics import Diagnostic, GeneratorError, summary
from generator.stages import output
from generator.tools import fresh, scaffold

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"generator: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _days(text: str) -> int:
    """A day count for --stale: a whole number from 0 to 36500 (a century)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from None
    if not 0 <= value <= 36500:
        raise argparse.ArgumentTypeError(f"{value} is out of range (0 to 36500 days)")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="generator", description=__doc__.splitlines()[0] if __doc__ else "")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="validate the content and report every problem")
    check.add_argument("--content", type=Path, default=Path("content"))
    check.add_argument("--templates", type=Path, default=None)
    check.add_argument("--format", choices=["text", "github"], default="text")
    check.add_argument("--stale", type=_days, metavar="DAYS", default=None,
                       help="also list claims verified more than DAYS days ago")
    build = sub.add_parser("build", help="write the generated markdown (no MkDocs)")
    build.add_argument("--content", type=Path, default=Path("content"))
    build.add_argument("--templates", type=Path, default=None)
    build.add_argument("--out", type=Path, default=Path("generated"))
    site = sub.add_parser("site", help="generate, then build the site with an engine into "
                                         "--out, keeping the old site if the build fails")
    site.add_argument("--out", type=Path, default=Path("site"))
    site.add_argument("--config", type=Path, default=Path(engines.BASE_CONFIG),
                      help="the hand-written config (mkdocs.generated.yml is written beside it)")
    site.add_argument("--engine", choices=engines.ENGINES, default=engines.DEFAULT_ENGINE,
                      help=f"the engine that builds the site (default {engines.DEFAULT_ENGINE})")
    new = sub.add_parser("new", help="write a valid skeleton for a new record")
    new.add_argument("kind", choices=scaffold.KINDS)
    new.add_argument("id")
    new.add_argument("--content", type=Path, default=Path("content"))
    init = sub.add_parser("init", help="write a new comparison site that builds at once")
    init.add_argument("dir", type=Path)
    schema = sub.add_parser("schema", help="write the JSON Schemas for editors")
    schema.add_argument("--out", type=Path, default=Path("schema"))
    synth = sub.add_parser("synth", help="write a synthetic, valid content folder (for "
                                           "benchmarks)")
    synth.add_argument("--subjects", type=int, default=3)
    synth.add_argument("--features", type=int, default=60)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--out", type=Path, required=True)
    fresh.add_arguments(sub.add_parser(
        "fresh", help="ask package registries whether releases named in the content fell "
                      "behind (the only command that uses the network)"))
    return parser


def _print(diags: Sequence[Diagnostic], fmt: str) -> None:
    for d in sorted(diags):
        print(d.format_github() if fmt == "github" else d.format(), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    if args.command in ("check", "build", "new", "fresh") and not args.content.is_dir():
        print(f"generator: error: content folder '{args.content}' does not exist",
              file=sys.stderr)
        return EXIT_USAGE
    templates = (getattr(args, "templates", None) or pipeline.default_templates(args.content)
                 ) if args.command in ("check", "build") else None
    # A site's own templates folder is optional; one named on the command line must exist.
    if getattr(args, "templates", None) is not None and not args.templates.is_dir():
        print(f"generator: error: templates folder '{templates}' does not exist",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            result = pipeline.check(args.content, templates)
            diags = list(result.diagnostics)
            if args.stale is not None and result.content is not None:
                diags.extend(pipeline.stale_claims(result.content, args.stale))
            _print(diags, args.format)
            if result.failed:
                print(summary(diags), file=sys.stderr)
                return EXIT_CONTENT
            print(f"ok: {result.page_count} pages from {args.content}"
                  + (f" ({summary(diags)})" if diags else ""), file=sys.stderr)
            return EXIT_OK
        if args.command == "build":
            output.guard_out(args.out, [Path.cwd(), args.content.resolve().parent],
                             [args.content, templates or args.content])
            written = pipeline.build(args.content, templates, args.out)
            _print(written.diagnostics, "text")
            print(f"ok: {written.page_count} pages in {args.out} ({written.changed} written, "
                  f"{written.removed} removed)", file=sys.stderr)
            return EXIT_OK
        if args.command == "new":
            try:
                path = scaffold.new(args.kind, args.id, args.content)
            except (ValueError, FileExistsError) as exc:
                print(f"generator: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
            print(f"ok: wrote {path}; fill it in, then run: generator check", file=sys.stderr)
            return EXIT_OK
        if args.command == "site":
            project = args.config.resolve().parent
            output.guard_out(args.out, [Path.cwd(), project],
                             [project / "content", project / "templates",
                              project / "generator"], docs=publish.docs_dir(args.config))
            return publish.build_site(args.out, args.config, engine=args.engine)
        if args.command == "synth":
            from generator.tools import synth as synth_mod

            try:
                count = synth_mod.write(args.out, args.subjects, args.features, args.seed)
            except (ValueError, FileExistsError) as exc:
                print(f"generator: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
            print(f"ok: wrote {count} files to {args.out}", file=sys.stderr)
            return EXIT_OK
        if args.command == "fresh":
            return fresh.run(args)
        if args.command == "init":
            from generator.tools import init_site

            try:
                paths = init_site.init(args.dir)
            except FileExistsError as exc:
                print(f"generator: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
            print(f"ok: wrote {len(paths)} files to {args.dir}; next: cd {args.dir} && "
                  "generator site --out site", file=sys.stderr)
            return EXIT_OK
        if args.command == "schema":
            output.guard_out(args.out, [Path.cwd()], [Path("content"), Path("templates"),
                                                      Path("generator")], foreign_ok=True)
            files = pipeline.write_schema(args.out)
            print(f"ok: wrote {len(files)} schema files to {args.out}", file=sys.stderr)
            return EXIT_OK
    except GeneratorError as exc:
        found: list[Diagnostic] | None = getattr(exc, "diagnostics", None)
        if found:
            _print(found, getattr(args, "format", "text"))
            print(summary(found), file=sys.stderr)
        else:
            print(str(exc), file=sys.stderr)
        return EXIT_CONTENT
    except output.UnsafeOutput as exc:
        print(f"generator: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"generator: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE
