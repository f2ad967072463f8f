"""Templates stay dumb and say what they read: each starts with a comment listing exactly
its inputs, and every template is covered by a golden page of some dataset."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import meta

from generator.stages.render import make_env
from tests.conftest import TEMPLATES

BUILTINS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "caller",
            "varargs", "kwargs", "self", "true", "false", "none"}
"""Names jinja provides itself."""


def header_inputs(text: str) -> set[str] | None:
    """The names listed after 'Inputs:' in a template's first comment (up to '. ')."""
    match = re.match(r"\{#-?(.*?)-?#\}", text, re.S)
    if match is None or "Inputs:" not in match.group(1):
        return None
    rest = " ".join(match.group(1).split("Inputs:", 1)[1].split())
    names: list[str] = []
    depth, current = 0, ""
    for i, ch in enumerate(rest + " "):
        depth += (ch in "([" and 1) or 0
        depth -= (ch in ")]" and 1) or 0
        if depth == 0 and ch == "." and rest[i + 1:i + 2] in (" ", ""):
            names.append(current)
            break
        if depth == 0 and ch == ",":
            names.append(current)
            current = ""
            continue
        current += ch
    else:
        names.append(current)
    return {m.group(1) for n in names if (m := re.match(r"\s*([A-Za-z_]\w*)", n))}


def used_inputs(env: jinja2.Environment, name: str) -> set[str]:
    """What a template reads from its context, including what macros it imports read."""
    text = (TEMPLATES / name).read_text()
    used = set(meta.find_undeclared_variables(env.parse(text))) - BUILTINS
    # jinja's analysis reports a name set inside a branch as read; it is the template's own.
    used -= set(re.findall(r"\{%-?\s*set\s+(\w+)", text))
    for imported in re.findall(r'\{% import "([^"]+)" as \w+ with context %\}', text):
        used |= used_inputs(env, imported)
    return used


def test_every_template_lists_exactly_its_inputs() -> None:
    env = make_env(TEMPLATES)
    problems = []
    for path in sorted(TEMPLATES.glob("*.jinja")):
        listed = header_inputs(path.read_text())
        used = used_inputs(env, path.name)
        if listed != used:
            problems.append(f"{path.name}: uses {sorted(used)}, header lists "
                            f"{sorted(listed or [])}")
    assert problems == []


def test_every_template_has_a_golden_page() -> None:
    from generator.pipeline import validate
    from generator.stages import derive
    from tests.test_render import DATASETS, GOLDENS

    covered: set[str] = set()
    for name, folder in DATASETS.items():
        content, _ = validate(folder)
        assert content is not None
        view = derive.derive(content)
        for page in view.pages:
            if (GOLDENS / name / page.src).is_file():
                covered.add(page.template)
    templates = {p.name for p in TEMPLATES.glob("*.md.jinja") if not p.name.startswith("_")}
    assert sorted(templates - covered) == [], "templates that no golden page covers"


def test_header_parser_reads_descriptions_and_stops_at_the_sentence() -> None:
    assert header_inputs("{#- X. Inputs: v (SiteView: a, b), page, ref(x). Kept out. -#}") == {
        "v", "page", "ref"}
    assert header_inputs("{# no inputs here #}") is None
    assert Path(TEMPLATES).is_dir()


def test_the_site_script_keys_no_plain_object_by_content_ids() -> None:
    # A plain {} already holds 'constructor' and 'toString': a chooser guide or feature with
    # such an id read the prototype's function and broke the ranking. Maps are dict().
    js = (TEMPLATES / "assets" / "js" / "site.js").read_text()
    assert "function dict() { return Object.create(null); }" in js
    assert re.findall(r"=\s*\{\s*\}", js) == []
