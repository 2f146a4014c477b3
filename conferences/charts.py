"""Bar charts as geometry for inline SVG, drawn on the server: no JavaScript, printable.

The template `staff/includes/bar_chart.html` draws a `BarChart`; every bar carries its
value as text, and the chart's description lists all values for screen readers.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

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


def display(value):
    return "—" if value is None else number_format(value, force_grouping=True)


def columns_chart(slug, title, items, height=240):
    """Vertical bars, one per (label, value), in the given order (years)."""
    top, bottom, side = 24, 28, 8
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


def ranking_chart(slug, title, items, row_height=24):
    """Horizontal bars, largest first: the units ranked by their total."""
    label_width, value_width, top = 220, 70, 8
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
    per_year = columns_chart(
        "chart-years",
        _("%(measure)s theo năm") % {"measure": measure},
        [
            (report.column_label(year), cell.value)
            for year, cell in zip(report.columns, report.column_totals, strict=True)
        ],
    )
    ranked = ranking_chart(
        "chart-ranking",
        _("%(rows)s xếp theo %(measure)s")
        % {"rows": report.row_heading, "measure": str(measure).lower()},
        [(row.label, row.total.value) for row in report.rows if row.key is not None],
    )
    return [per_year, ranked]
