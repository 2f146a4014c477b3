"""Bar charts as geometry for inline SVG, drawn on the server: no JavaScript, printable.

`chart_svg` draws a `BarChart`; every bar carries its value as text, and the chart's
description lists all values for screen readers.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .reports import number_formatter

WIDTH = 640


@dataclass
class Bar:
    label: str
    display: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass
class BarChart:
    slug: str
    title: str
    width: int
    height: int
    horizontal: bool
    bars: list = field(default_factory=list)

    @property
    def description(self):
        return "; ".join(f"{bar.label}: {bar.display}" for bar in self.bars) + "."


def displayer():
    """The shown value of a bar: the number formatted the language's way, "—" for none."""
    number = number_formatter()
    return lambda value: "—" if value is None else number(value)


def columns_chart(slug, title, items, height=240, display=None):
    """Vertical bars, one per (label, value), in the given order (years)."""
    top, bottom, side = 24, 28, 8
    display = display or displayer()
    chart = BarChart(slug, title, WIDTH, height, horizontal=False)
    if not items:
        return chart
    peak = max((v or 0 for _label, v in items), default=0) or 1
    slot = (WIDTH - 2 * side) / len(items)
    plot = height - top - bottom
    for i, (label, value) in enumerate(items):
        bar_height = plot * (value or 0) / peak
        x = side + i * slot + slot * 0.15
        y = top + plot - bar_height
        centre = side + (i + 0.5) * slot
        chart.bars.append(
            Bar(
                label=label,
                display=display(value),
                x=round(x, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(bar_height, 1),
                label_x=round(centre, 1),
                label_y=height - 8,
                value_x=round(centre, 1),
                value_y=round(y - 6, 1),
            )
        )
    return chart


def ranking_chart(slug, title, items, row_height=24, display=None):
    """Horizontal bars, largest first: the units ranked by their total."""
    label_width, value_width, top = 220, 70, 8
    display = display or displayer()
    items = sorted(items, key=lambda item: (-(item[1] or 0), item[0]))
    height = max(top * 2 + row_height * len(items), 40)
    chart = BarChart(slug, title, WIDTH, height, horizontal=True)
    peak = max((v or 0 for _label, v in items), default=0) or 1
    plot = WIDTH - label_width - value_width
    for i, (label, value) in enumerate(items):
        bar_width = plot * (value or 0) / peak
        y = top + i * row_height
        chart.bars.append(
            Bar(
                label=label,
                display=display(value),
                x=label_width,
                y=y + 4,
                width=round(bar_width, 1),
                height=row_height - 8,
                label_x=label_width - 8,
                label_y=y + row_height / 2 + 4,
                value_x=round(label_width + bar_width + 6, 1),
                value_y=y + row_height / 2 + 4,
            )
        )
    return chart


def report_charts(report):
    """The measure per year and the rows ranked by their total (unknown row left out)."""
    measure = report.measure_label
    display = displayer()
    per_year = columns_chart(
        "chart-years",
        _("%(measure)s theo năm") % {"measure": measure},
        [
            (report.column_label(year), cell.value)
            for year, cell in zip(report.columns, report.column_totals, strict=True)
        ],
        display=display,
    )
    ranked = ranking_chart(
        "chart-ranking",
        _("%(rows)s xếp theo %(measure)s")
        % {"rows": report.row_heading, "measure": str(measure).lower()},
        [(row.label, row.total.value) for row in report.rows if row.key is not None],
        display=display,
    )
    return [per_year, ranked]


def chart_svg(chart):
    """The chart as a <figure> with inline SVG, built as strings (a template costs tens of
    µs a bar). Coordinates are written unlocalised ("12.5" in every language)."""
    title, slug = escape(chart.title), escape(chart.slug)
    label_anchor, value_anchor = ("end", "start") if chart.horizontal else ("middle", "middle")
    bars = (
        "".join(
            f"""<g>
      <title>{escape(bar.label)}: {escape(bar.display)}</title>
      <rect class="bar" x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}"></rect>
      <text x="{bar.label_x}" y="{bar.label_y}" text-anchor="{label_anchor}">\
{escape(Truncator(bar.label).chars(32))}</text>
      <text class="value" x="{bar.value_x}" y="{bar.value_y}" text-anchor="{value_anchor}">\
{escape(bar.display)}</text>
    </g>"""
            for bar in chart.bars
        )
        or f'<text x="8" y="24">{escape(_("Không có dữ liệu."))}</text>'
    )
    return mark_safe(f"""<figure class="chart">
  <svg role="img" aria-label="{title}" aria-describedby="{slug}-desc" \
viewBox="0 0 {chart.width} {chart.height}" width="100%" preserveAspectRatio="xMinYMin meet" \
xmlns="http://www.w3.org/2000/svg">
    <title id="{slug}-title">{title}</title>
    <desc id="{slug}-desc">{escape(chart.description)}</desc>
    {bars}
  </svg>
  <figcaption>{title}</figcaption>
</figure>""")
