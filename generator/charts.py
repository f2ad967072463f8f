"""Charts drawn at build time as inline SVG: no script, no request, readable in print.

Bars use ``currentColor`` and a theme variable, so they follow light and dark
schemes; every number is also printed as text next to its bar and in the
table beside the chart, so nothing depends on colour or on seeing the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.escape import html_text


@dataclass(frozen=True)
class Bar:
    """One bar: a label, the median and the spread (first and third quartile)."""

    label: str
    median: float
    q1: float
    q3: float


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def bar_chart(bars: list[Bar], unit: str, title: str) -> str:
    """Return a horizontal bar chart with interquartile whiskers as one SVG element."""
    label_w, bar_w, value_w, row_h = 210, 330, 110, 26
    width = label_w + bar_w + value_w
    height = row_h * len(bars) + 30
    top = max((max(b.q3, b.median) for b in bars), default=1.0) or 1.0
    scale = bar_w / top
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{html_text(title)}">',
        f"<title>{html_text(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 8 + i * row_h
        w = max(bar.median * scale, 1.0)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" '
                     f'fill="currentColor" font-size="13">{html_text(bar.label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" '
                     'class="chart-bar" rx="2"/>')
        x1, x3 = label_w + bar.q1 * scale, label_w + bar.q3 * scale
        parts.append(f'<line x1="{x1:.1f}" x2="{x3:.1f}" y1="{y + 11}" y2="{y + 11}" '
                     'stroke="currentColor" stroke-width="2"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" fill="currentColor" '
                     f'font-size="12">{_fmt(bar.median)} {html_text(unit)}</text>')
    parts.append(f'<text x="{label_w}" y="{height - 4}" fill="currentColor" font-size="11">'
                 f"median, with a line from the first to the third quartile</text>")
    parts.append("</svg>")
    return "".join(parts)
