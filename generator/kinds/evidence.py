"""Measured benchmarks (``evidence/*.yml``): the evidence lab and one page each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import model as m
from generator.kinds import Kind, RefKind
from generator.plan import PagePlan

if TYPE_CHECKING:
    from generator.stages.validate import Content
    from generator.stages.views import SiteView


def pages(view: SiteView, content: Content) -> list[PagePlan]:
    """The evidence lab, when there are benchmarks."""
    from generator import charts

    benches = sorted(content.benchmarks, key=lambda e: e.record.id)
    if not benches:
        return []
    plans = [PagePlan("evidence/index.md", "evidence.md.jinja", "Evidence lab",
                      "Small, reproducible benchmarks with their full manifests.",
                      {"benchmarks": [e.record for e in benches]}, order=77)]
    names = {s.id: s.name for s in view.subjects}
    for entry in benches:
        b = entry.record
        bars = [charts.Bar(f"{names[r.subject]} · {r.variant}", r.median, r.q1, r.q3)
                for r in b.results]
        plans.append(PagePlan(f"evidence/{b.id}.md", "benchmark.md.jinja", b.title,
                              f"{b.metric} per {view.site.subject_noun}, measured, with its "
                              "manifest.",
                              {"bench": b, "chart": charts.bar_chart(bars, b.unit, b.title),
                               "names": names}))
    return plans


KIND = Kind("benchmark", m.Benchmark, "evidence", "benchmarks", pages=pages, open_data=False,
            page_ids=lambda content: {"evidence"} if content.benchmarks else set(),
            refs={"benchmark": RefKind(lambda c: {e.record.id: e.record.title
                                                  for e in c.benchmarks},
                                       lambda i: f"evidence/{i}/")})
