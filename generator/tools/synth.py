"""``generator synth``: write a synthetic, valid content folder of any size.

Used to measure how build time, memory and serve latency scale (``bench/``).
The output is deterministic for a seed (same seed → byte-identical files),
passes ``generator check`` with no warnings, and uses only ``example.org``
URLs, which nothing ever fetches. Text lengths are realistic: summaries are
60-200 characters and some cells carry a markdown ``detail``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import yaml

TARGETS = ("browser", "edge", "interchange", "mobile", "server")
"""Deployment targets, one page each."""

NEWEST = dt.date(2026, 11, 1)
"""Latest date written; every 'verified' and 'accessed' date is on or before it."""

_PRE = ("Ar", "Bel", "Cor", "Dra", "El", "Fen", "Gal", "Hel", "Ir", "Jor", "Kel", "Lum", "Mor",
        "Nex", "Or", "Pyr", "Quin", "Ros", "Syl", "Tor", "Ul", "Vel", "Wyn", "Xan", "Yar", "Zel")
_SUF = ("a", "ion", "ix", "on", "ara", "is", "um", "ex", "or", "yn")
_ADJ = ("async", "batch", "cached", "columnar", "distributed", "dynamic", "encrypted",
        "incremental", "lazy", "managed", "offline", "parallel", "portable", "reactive",
        "remote", "secure", "static", "streaming", "typed", "versioned")
_NOUN = ("access", "backup", "build", "cache", "checkpoint", "compile", "debugging", "export",
         "indexing", "logging", "metrics", "migration", "plugins", "profiling", "queries",
         "replication", "scheduling", "snapshots", "testing", "tracing")
_CATS = ("Core", "Storage", "Networking", "Tooling", "Security", "Operations", "Performance",
         "Ecosystem", "Interoperability", "Community", "Deployment", "Observability",
         "Licensing", "Languages", "Hardware", "Scaling", "Reliability", "Documentation")
_WORDS = ("the", "default", "setup", "supports", "through", "an", "optional", "module", "since",
          "recent", "releases", "with", "documented", "limits", "for", "large", "workloads",
          "and", "a", "stable", "interface", "that", "most", "teams", "use", "in", "production",
          "via", "configuration", "flag", "when", "enabled", "at", "build", "time", "but",
          "not", "on", "every", "platform", "official", "guide", "covers", "it", "clearly",
          "community", "plugin", "adds", "partial", "coverage", "tests", "show", "good",
          "results", "under", "load", "older", "versions", "needed", "manual", "steps")
_LEVELS = (("yes", 40), ("partial", 15), ("plugin", 10), ("no", 20), ("info", 5),
           ("deprecated", 4), ("unknown", 6))
_EVIDENCE = (("documented", 75), ("measured", 12), ("consensus", 13))


class _Dumper(yaml.SafeDumper):
    """Safe YAML that never writes anchors or aliases (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """Write multi-line text as a literal block, as a person would."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", data,
                                   style="|" if "\n" in data else None)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000,
                     default_flow_style=None)


class _Synth:
    """Builds one dataset from one random stream; every choice goes through ``self.rng``."""

    def __init__(self, subjects: int, features: int, seed: int) -> None:
        if subjects < 2 or features < 1:
            raise ValueError("need at least 2 subjects and 1 feature")
        if subjects > len(_PRE) * len(_SUF):
            raise ValueError(f"at most {len(_PRE) * len(_SUF)} subjects")
        self.rng = random.Random(seed)
        self.seed = seed
        names = sorted(self.rng.sample([p + s for p in _PRE for s in _SUF], subjects))
        self.subjects = [(n.lower(), n) for n in names]
        combos = [f"{a}-{n}" for a, n in itertools.product(_ADJ, _NOUN)]
        picks = self.rng.sample(combos, min(features, len(combos)))
        picks += [f"{combos[i % len(combos)]}-{i}" for i in range(features - len(picks))]
        self.features = picks
        self.use_cases = [f"uc-{i + 1}-{self.rng.choice(_NOUN)}"
                          for i in range(max(3, min(12, features // 10 + 2)))]
        self.files: dict[str, str] = {}

    # --- small generators ------------------------------------------------------------------
    def date(self, start: dt.date = dt.date(2025, 6, 1)) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (NEWEST - start).days))

    def text(self, lo: int, hi: int, lead: str = "") -> str:
        """Return one sentence of ``lo``..``hi`` characters ending with a full stop."""
        target = self.rng.randint(lo, hi)
        words = [lead] if lead else []
        while len(" ".join(words)) < target - 1:
            words.append(self.rng.choice(_WORDS))
        out = " ".join(words)
        while len(out) + 1 > hi:
            out = out.rsplit(" ", 1)[0]
        return out[0].upper() + out[1:] + "."

    def weighted(self, table: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([k for k, _ in table], [w for _, w in table])[0]

    def put(self, path: str, data: Any) -> None:
        self.files[path] = _dump(data)

    # --- records ---------------------------------------------------------------------------
    def build(self) -> dict[str, str]:
        """Return every file of the dataset: relative path → text."""
        self.site()
        cat_sources = self.categories()
        comps = self.components()
        sources = [s for sid, name in self.subjects for s in (
            self.source(f"{sid}-home", f"{name} home page", name, f"{sid}/"),
            self.source(f"{sid}-docs", f"{name} documentation", name, f"{sid}/docs/"))]
        sources += [self.source(c, f"Review of {c.removeprefix('review-')}", "Example Review",
                                f"reviews/{c}/") for c in cat_sources]
        self.put("sources/subjects.yml", {"sources": sources})
        self.put("sources/components.yml", {"sources": [
            self.source(f"{c}-notes", f"{c} release notes", "Example Tools", f"tools/{c}/")
            for c in comps]})
        for sid, name in self.subjects:
            self.subject(sid, name)
        for uc in self.use_cases:
            self.use_case(uc)
        for target in TARGETS:
            self.deployment(target, comps)
        self.chooser()
        self.page()
        return dict(sorted(self.files.items()))

    def source(self, sid: str, title: str, publisher: str, path: str) -> dict[str, Any]:
        return {"id": sid, "url": f"https://example.org/synth/{path}", "title": title,
                "publisher": publisher, "accessed": self.date()}

    def site(self) -> None:
        names = [n for _, n in self.subjects]
        self.put("site.yml", {
            "title": f"{names[0]} vs {names[1]} and {len(names) - 2} more"[:120],
            "description": self.text(60, 140, f"A synthetic comparison of {len(names)} products"),
            "url": f"https://example.org/synth-{self.seed}/",
            "repository": "https://example.org/synth/repository",
            "subject_noun": "product", "data_license": "CC0 1.0",
            "intro": "\n\n".join(self.text(80, 200) for _ in range(2)) + "\n"})

    def subject(self, sid: str, name: str) -> None:
        cite = [f"{sid}-home"]
        self.put(f"subjects/{sid}.yml", {
            "id": sid, "name": name,
            "description": self.text(120, 300, f"{name} is a synthetic product"),
            "homepage": f"https://example.org/synth/{sid}/",
            "docs": f"https://example.org/synth/{sid}/docs/",
            "repository": f"https://example.org/synth/{sid}/repository",
            "latest_release": {"version": f"{self.rng.randint(1, 9)}.{self.rng.randint(0, 30)}.0",
                               "date": self.date(), "sources": cite, "verified": self.date()},
            "facts": [{"label": label, "value": self.text(10, 60), "sources": cite,
                       "verified": self.date()} for label in ("Licence", "Origin", "Governance")]})

    def categories(self) -> list[str]:
        """Write the matrix in categories of about ten rows; return the review source ids."""
        n_cats = max(1, round(len(self.features) / 10))
        reviews = []
        for c in range(n_cats):
            name = _CATS[c % len(_CATS)] + (f" {c // len(_CATS) + 1}" if c >= len(_CATS) else "")
            cid = name.lower().replace(" ", "-")
            review = f"review-{cid}"
            reviews.append(review)
            feats = [self.feature(fid, review, first=(j == 0))
                     for j, fid in enumerate(self.features[c::n_cats])]
            self.put(f"features/{cid}.yml", {"id": cid, "name": name,
                                              "description": self.text(40, 120),
                                              "order": c * 10, "features": feats})
        return reviews

    def feature(self, fid: str, review: str, first: bool) -> dict[str, Any]:
        evidence = self.weighted(_EVIDENCE)
        out: dict[str, Any] = {"id": fid, "name": fid.replace("-", " ").capitalize(),
                               "description": self.text(30, 120, "Does it offer"),
                               "evidence": evidence, "assessments": {}}
        for sid, name in self.subjects:
            cite = [f"{sid}-docs"] + ([review] if first or self.rng.random() < 0.3 else [])
            a: dict[str, Any] = {"level": self.weighted(_LEVELS),
                                 "summary": self.text(60, 200, name)}
            if self.rng.random() < 0.15:
                a["detail"] = "\n\n".join(self.text(80, 240) for _ in range(2)) + "\n"
            if self.rng.random() < 0.2:
                a["since"] = f"{self.rng.randint(1, 9)}.{self.rng.randint(0, 20)}"
            a.update(sources=cite, verified=self.date())
            if evidence != "consensus" and self.rng.random() < 0.03:
                a["evidence"] = "disputed"
                a["positions"] = [{"summary": self.text(40, 140), "sources": [s]}
                                  for s in (f"{sid}-docs", f"{sid}-home")]
            out["assessments"][sid] = a
        if self.rng.random() < 0.2:
            out["related"] = [self.rng.choice([f"use-case:{self.rng.choice(self.use_cases)}",
                                               "page:about", "page:lifecycle"])]
        return out

    def components(self) -> list[str]:
        """Write the ecosystem tools, some renamed or superseded; return their ids."""
        comps: list[dict[str, Any]] = [
            self.component("shared-format", "Shared Format", "export format", []),
            self.component("shared-runtime", "Shared Runtime", "runtime", []),
            self.component("shared-server", "Shared Server", "serving", []),
            self.component("classic-server", "Classic Server", "serving", [], "archived",
                           "shared-server", "superseded")]
        for i, (sid, name) in enumerate(self.subjects):
            comps += [self.component(f"{sid}-export", f"{name} Export", "export format", [sid]),
                      self.component(f"{sid}-runtime", f"{name} Runtime", "runtime", [sid],
                                     "maintenance" if i % 4 == 3 else "active"),
                      self.component(f"{sid}-mobile", f"{name} Mobile", "runtime", [sid])]
            if i % 3 == 0:
                comps.append(self.component(f"{sid}-legacy-export", f"{name} Legacy Export",
                                            "export format", [sid], "deprecated",
                                            f"{sid}-export", "renamed"))
        for c in comps:
            self.put(f"components/{c['id']}.yml", c)
        return [c["id"] for c in comps]

    def component(self, cid: str, name: str, kind: str, subjects: list[str],
                  status: str = "active", successor: str | None = None,
                  relation: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": cid, "name": name, "kind": kind, "subjects": subjects,
                               "url": f"https://example.org/synth/tools/{cid}/",
                               "status": status, "status_note": self.text(30, 120)}
        if status != "active":
            out["status_since"] = self.date(dt.date(2023, 1, 1))
        if successor:
            out.update(successor=successor, relation=relation)
        return {**out, "sources": [f"{cid}-notes"], "verified": self.date()}

    def deployment(self, target: str, comps: list[str]) -> None:
        paths = {}
        for sid, name in self.subjects:
            export = "shared-format" if target in ("browser", "interchange") else f"{sid}-export"
            runtime = {"server": f"{sid}-runtime", "browser": "shared-runtime",
                       "interchange": "shared-runtime"}.get(target, f"{sid}-mobile")
            steps = [{"text": self.text(40, 120, f"Package the {name} build"),
                      "components": [export] + ([f"{sid}-legacy-export"]
                                                if f"{sid}-legacy-export" in comps else [])},
                     {"text": self.text(40, 120, "Load it in the runtime"),
                      "components": [runtime]}]
            chain = [{"role": "Package", "component": export},
                     {"role": "Runtime", "component": runtime}]
            if target == "server":
                chain.append({"role": "Server", "component": "shared-server"})
                steps.append({"text": self.text(40, 120, "Serve it over the network"),
                              "components": ["shared-server", "classic-server"]})
            paths[sid] = {"chain": chain, "steps": steps, "notes": self.text(40, 160),
                          "sources": [f"{sid}-docs"], "verified": self.date()}
        self.put(f"deployment/{target}.yml", {
            "id": target, "title": target.capitalize(), "start": "A release build",
            "summary": self.text(60, 200, f"Running on the {target} target"),
            "paths": paths})

    def use_case(self, uid: str) -> None:
        rec, *alts = self.rng.sample([s for s, _ in self.subjects], min(3, len(self.subjects)))
        reasons = self.rng.sample(self.features, min(len(self.features), self.rng.randint(2, 4)))
        data: dict[str, Any] = {
            "id": uid, "title": self.text(20, 60, "Teams that need"),
            "scenario": self.text(100, 240, "You run a team that"),
            "recommendation": {"subject": rec, "summary": self.text(60, 160)},
            "reasons": [{"feature": f, "weight": self.rng.randint(1, 5),
                         "why": self.text(30, 120)} for f in reasons],
            "alternatives": [{"subject": a, "when": self.text(30, 100)} for a in alts]}
        if self.rng.random() < 0.5:
            data["detail"] = "\n\n".join(self.text(80, 240) for _ in range(3)) + "\n"
        data["related"] = [f"feature:{reasons[0]}", "page:about"]
        self.put(f"use-cases/{uid}.yml", data)

    def chooser(self) -> None:
        ucs = self.use_cases
        questions = []
        for q in range(2 if len(ucs) < 6 else 3):
            opts = [ucs[i::3] for i in range(3)] if q == 0 else [
                self.rng.sample(ucs, 2) for _ in range(self.rng.randint(2, 4))]
            questions.append({"id": f"question-{q + 1}", "text": self.text(20, 80)[:-1] + "?",
                              "options": [{"id": f"answer-{j + 1}", "label": self.text(10, 50),
                                           "use_cases": o} for j, o in enumerate(opts)]})
        self.put("chooser.yml", {"questions": questions})

    def page(self) -> None:
        rows = ", ".join(f'"{f}"' for f in self.features[:3])
        sid = self.subjects[0][0]
        self.files["pages/about.md"] = (
            "---\ntitle: About this synthetic comparison\n"
            "description: How the synthetic benchmark dataset is made.\norder: 80\n---\n"
            "# About this synthetic comparison\n\n"
            "This site compares {{ subject_names }} row by row. " + self.text(100, 240)
            + '{{ cite(["' + sid + '-home"]) }}\n\n'
            "## A few rows\n\n{{ rows_table([" + rows + "]) }}\n\n" + self.text(100, 240) + "\n")


def generate_files(subjects: int, features: int, seed: int) -> dict[str, str]:
    """Return the synthetic content folder as relative path → text (nothing written)."""
    return _Synth(subjects, features, seed).build()


def write(out: Path, subjects: int, features: int, seed: int) -> int:
    """Write a synthetic content folder into ``out`` (absent or empty); return the file count."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"'{out}' exists and is not an empty folder")
    files = generate_files(subjects, features, seed)
    for rel, text in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(files)
