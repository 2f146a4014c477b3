"""Bar charts as geometry for inline SVG, drawn on the server (templates/staff/chart.html):
no JavaScript, printable. Every bar carries its value as text, and the chart's description
lists all values for screen readers."""

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


def shown(value):
    """A bar's value as text: the number the language's way ("3.100"), "—" for none."""
    return "—" if value is None else number_format(value, force_grouping=True)


def percent(value):
    return "—" if value is None else f"{number_format(value, force_grouping=True)}%"


def columns_chart(slug, title, items, height=240, display=shown, peak=None):
    """Vertical bars, one per (label, value), in the given order (years); `peak` is the
    value of a full bar (the largest value when None)."""
    top, bottom, side = 24, 28, 8
    chart = BarChart(slug, title, WIDTH, height, horizontal=False)
    if not items:
        return chart
    peak = peak or max((v or 0 for _label, v in items), default=0) or 1
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
                display=shown(value),
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


def report_charts(report, nationwide):
    """The total per year (of the whole country when `nationwide`, else of the units
    chosen); for sums, the share of conferences per year that gave no figure; and the
    rows that held conferences ranked by their total."""
    measure = report.measure_label
    where = _("cả nước") if nationwide else _("các đơn vị đã chọn")
    years = list(zip(report.columns, report.column_totals, strict=True))
    charts = [
        columns_chart(
            "chart-years",
            _("%(measure)s theo năm, %(where)s") % {"measure": measure, "where": where},
            [(report.column_label(year), cell.number) for year, cell in years],
        )
    ]
    if report.is_sum:
        charts.append(
            columns_chart(
                "chart-missing",
                _("Tỷ lệ hội nghị không có số liệu theo năm, %(where)s") % {"where": where},
                [
                    (
                        report.column_label(year),
                        round(100 * cell.missing / cell.conferences) if cell.conferences else None,
                    )
                    for year, cell in years
                ],
                display=percent,
                peak=100,
            )
        )
    charts.append(
        ranking_chart(
            "chart-ranking",
            _("%(rows)s xếp theo %(measure)s")
            % {"rows": report.row_heading, "measure": str(measure).lower()},
            [
                (row.label, row.total.value)
                for row in report.rows
                if row.key is not None and row.total.conferences
            ],
        )
    )
    return charts
