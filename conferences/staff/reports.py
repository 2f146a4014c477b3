"""Staff reports: published conferences counted by province (or region) and year.

The database groups; Python arranges the groups into a table (rows × year columns) that
views, charts and exports share. A measure that adds up (conferences, attendees,
connection points) is one grouped query per organiser, scope and format, by unit as
recorded and year, kept in the archive's cache: current units, regions, a range of years
and a region are sums of its groups. Officials, distinct people, are one query that
counts them per cell, row, column and in all.

Reports, and the HTML of their tables and charts, are kept in the cache per combination
of filters and language until the next change to the archive.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from html import escape as html_escape
from urllib.parse import urlencode

from django import forms
from django.db import connection, connections
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from archive.lib.caching import cached
from archive.lib.dates import format_partial_date
from archive.models import Province, Region
from conferences.filters import QuickSelect
from conferences.models import Conference, Figure, Format, Organizer, Qualifier, Scope
from people.models import Organization

MIN_YEAR, MAX_YEAR = 1945, 2100


class Unit:
    CURRENT = "current"
    FORMER = "former"
    CHOICES = [
        (CURRENT, _("Đơn vị hiện hành (gồm các đơn vị cũ đã sáp nhập)")),
        (FORMER, _("Đơn vị tại thời điểm hội nghị")),
    ]


class Rows:
    PROVINCE = "province"
    REGION = "region"
    CHOICES = [(PROVINCE, _("Tỉnh, thành phố")), (REGION, _("Vùng (toàn quốc)"))]


class Measure:
    CONFERENCES = "conferences"
    ATTENDEES = "attendees"
    CONNECTION_POINTS = "connection_points"
    OFFICIALS = "officials"
    CHOICES = [
        (CONFERENCES, _("Số hội nghị")),
        (ATTENDEES, _("Số đại biểu")),
        (CONNECTION_POINTS, _("Số điểm cầu")),
        (OFFICIALS, _("Số quan chức tham dự")),
    ]
    # Sums of reported figures: a conference without the figure is counted apart, never as 0.
    SUMS = {ATTENDEES, CONNECTION_POINTS}
    # Measures whose cells add up (officials are distinct people: they do not).
    ADDITIVE = {CONFERENCES, ATTENDEES, CONNECTION_POINTS}


class ReportForm(forms.Form):
    """The report's GET parameters; every combination is a shareable URL."""

    measure = forms.ChoiceField(
        label=_("Số liệu"),
        choices=Measure.CHOICES,
        required=False,
        initial=Measure.CONFERENCES,
        widget=QuickSelect,
    )
    unit = forms.ChoiceField(
        label=_("Đơn vị hành chính"),
        choices=Unit.CHOICES,
        required=False,
        initial=Unit.CURRENT,
        widget=QuickSelect,
    )
    by = forms.ChoiceField(
        label=_("Theo"),
        choices=Rows.CHOICES,
        required=False,
        initial=Rows.PROVINCE,
        widget=QuickSelect,
    )
    region = forms.ChoiceField(
        label=_("Vùng"),
        choices=[("", _("Tất cả"))] + Region.choices,
        required=False,
        widget=QuickSelect,
    )
    organizer = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=Organization.objects.filter(
            Exists(Organizer.objects.filter(organization=OuterRef("pk")))
        ).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả"),
        widget=QuickSelect,
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        choices=[("", _("Tất cả"))] + Scope.choices,
        required=False,
        widget=QuickSelect,
    )
    format = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[("", _("Tất cả"))] + Format.choices,
        required=False,
        widget=QuickSelect,
    )
    field_order = ["measure", "unit", "by", "from", "to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be class attributes.
        for name, label in [("from", _("Từ năm")), ("to", _("Đến năm"))]:
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=MIN_YEAR,
                max_value=MAX_YEAR,
                # A text box echoes a mistyped year back; a number box would drop it.
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
            )
        self.order_fields(self.field_order)
        # The organiser list (hundreds of options) comes from the cache; a chosen
        # organiser is still looked up in the queryset when the form is cleaned.
        organizer = self.fields["organizer"]
        organizer.choices = [("", organizer.empty_label), *organizer_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start is not None and end is not None and start > end:
            raise forms.ValidationError(_("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
        for name in ("measure", "unit", "by"):
            cleaned[name] = cleaned.get(name) or self.fields[name].initial
        return cleaned

    def filter(self, conferences):
        """The published conferences the report counts, narrowed by the valid filters."""
        data = self.cleaned_data
        conferences = self.select(conferences)
        if data.get("from") is not None:
            conferences = conferences.filter(start_date__year__gte=data["from"])
        if data.get("to") is not None:
            conferences = conferences.filter(start_date__year__lte=data["to"])
        if data.get("region"):
            conferences = conferences.filter(in_region(data["region"], data["unit"]))
        return conferences

    def select(self, conferences):
        """The published conferences of the chosen organiser, scope and format, wherever
        and whenever they took place."""
        data = self.cleaned_data
        conferences = conferences.published()
        if data.get("organizer"):
            conferences = conferences.filter(
                Exists(
                    Organizer.objects.filter(
                        conference=OuterRef("pk"), organization=data["organizer"]
                    )
                )
            )
        for name in ("scope", "format"):
            if data.get(name):
                conferences = conferences.filter(**{name: data[name]})
        return conferences

    def public_params(self):
        """The filters as the public conference list names them, for links from cells;
        None when it cannot express them (it offers no "unknown" scope or format)."""
        data = self.cleaned_data
        if data.get("scope") == Scope.UNKNOWN or data.get("format") == Format.UNKNOWN:
            return None
        params = {k: data[k] for k in ("scope", "format") if data.get(k)}
        if data.get("organizer"):
            params["organizer"] = data["organizer"].slug
        return params

    def cache_key(self, names=None):
        """The valid filters (or those of `names`) as a string, the same for every way of
        writing them."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in names or self.fields}
        if values.get("organizer") is not None:
            values["organizer"] = values["organizer"].slug
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    def describe(self):
        """The chosen options and active filters as (label, value shown) pairs."""
        shown = []
        for name, form_field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value is None or value == "":
                continue
            if hasattr(form_field, "choices") and not hasattr(form_field, "queryset"):
                value = dict(form_field.choices)[value]
            shown.append((str(form_field.label), str(value)))
        return shown


def organizer_choices():
    """(slug, name) of the organisations that organised a conference (cached)."""
    queryset = ReportForm.base_fields["organizer"].queryset
    return cached("report:organizers", lambda: list(queryset.values_list("slug", "name")))


class Year(ExtractYear):
    """The year of a date. PostgreSQL's EXTRACT gives a decimal, slower to group by (a
    tenth of a grouped query over the archive) than date_part's whole number."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"date_part('year', {sql})::integer", params


def in_region(region, unit):
    """A current unit's region is its own; a former unit counts in its successor's region
    when rows are current units, and in its own region when rows are units as they were."""
    if unit == Unit.CURRENT:
        return Q(province__successor__region=region) | Q(
            province__successor__isnull=True, province__region=region
        )
    return Q(province__region=region)


def row_key(unit, by):
    """The row of a conference: its unit or region, as it was or as it is now."""
    if by == Rows.REGION:
        if unit == Unit.CURRENT:
            return Coalesce("province__successor__region", "province__region")
        return F("province__region")
    if unit == Unit.CURRENT:
        return Coalesce("province__successor", "province")
    return F("province")


def disputed(kind):
    """Whether sources give different values for a conference's figure of this kind.

    An uncorrelated IN: the database finds the disputed conferences once (a hashed
    subplan), where a correlated EXISTS would be run again for every conference."""
    return Q(
        pk__in=Figure.objects.filter(kind=kind)
        .values("conference")
        .annotate(low=Min("value"), high=Max("value"))
        .filter(low__lt=F("high"))
        .values("conference")
    )


def measure_aggregates(measure):
    """The aggregate expressions of a measure that adds up: value, conferences, missing,
    approximate."""
    if measure == Measure.ATTENDEES:
        uncertain = ~Q(attendees_qualifier=Qualifier.EXACT) | disputed(Figure.Kind.ATTENDEES)
        return {
            "value": Sum("attendees"),
            "conferences": Count("pk"),
            "missing": Count("pk", filter=Q(attendees__isnull=True)),
            "approximate": Count("pk", filter=Q(attendees__isnull=False) & uncertain),
        }
    if measure == Measure.CONNECTION_POINTS:
        kind = Figure.Kind.CONNECTION_POINTS
        uncertain = disputed(kind) | Q(
            pk__in=Figure.objects.filter(kind=kind)
            .exclude(qualifier=Qualifier.EXACT)
            .values("conference")
        )
        return {
            "value": Sum("connection_points"),
            "conferences": Count("pk"),
            "missing": Count("pk", filter=Q(connection_points__isnull=True)),
            "approximate": Count("pk", filter=Q(connection_points__isnull=False) & uncertain),
        }
    return {"value": Count("pk"), "conferences": Count("pk")}


@dataclass
class Cell:
    """One number of the table with what a reader needs to trust it."""

    value: int | None = None  # None: no conference in the cell had the figure
    conferences: int = 0
    missing: int = 0  # conferences without the figure (sums only)
    approximate: int = 0  # summed figures that were approximate or disputed
    url: str = ""

    def add(self, other):
        if other.value is not None:
            self.value = (self.value or 0) + other.value
        self.conferences += other.conferences
        self.missing += other.missing
        self.approximate += other.approximate

    def __reduce__(self):
        # Pickled (for the cache) as the class and a tuple: a report has thousands of cells.
        return Cell, (self.value, self.conferences, self.missing, self.approximate, self.url)

    def as_dict(self):
        return {
            "value": self.value,
            "conferences": self.conferences,
            "missing": self.missing,
            "approximate": self.approximate,
        }


@dataclass
class Row:
    key: object
    label: str
    slug: str = ""
    cells: list = field(default_factory=list)
    total: Cell = field(default_factory=Cell)


@dataclass
class Report:
    measure: str
    unit: str
    by: str
    columns: list  # years, then None for "year unknown" when such conferences exist
    rows: list
    column_totals: list
    total: Cell
    filters: list = field(default_factory=list)

    @property
    def is_sum(self):
        return self.measure in Measure.SUMS

    @property
    def measure_label(self):
        return dict(Measure.CHOICES)[self.measure]

    @property
    def row_heading(self):
        return dict(Rows.CHOICES)[self.by]

    def column_label(self, year):
        return str(year) if year is not None else str(_("Không rõ năm"))

    def value_rows(self, attribute="value"):
        """The table as plain lists (header first), as the page shows it; for exports."""
        header = [str(self.row_heading)] + [self.column_label(y) for y in self.columns]
        lines = [header + [str(_("Tổng"))]]
        for row in self.rows:
            cells = row.cells + [row.total]
            lines.append([row.label] + [getattr(c, attribute) for c in cells])
        totals = self.column_totals + [self.total]
        lines.append([str(_("Tổng"))] + [getattr(c, attribute) for c in totals])
        return lines


def year_columns(years, start=None, end=None):
    """Every year from the first to the last (gaps shown, not skipped), then unknown."""
    known = sorted(y for y in years if y is not None)
    low = start if start is not None else (known[0] if known else end)
    high = end if end is not None else (known[-1] if known else start)
    columns = list(range(low, high + 1)) if low is not None and high is not None else []
    return columns + ([None] if None in years else [])


def build_report(form):
    """The table for a valid `ReportForm`: a constant number of queries whatever its size."""
    data = form.cleaned_data
    measure, unit, by = data["measure"], data["unit"], data["by"]
    if measure == Measure.OFFICIALS:
        officials = official_counts(form)
        cells = {
            key: Cell(officials.get(key, 0), cell.conferences)
            for key, cell in additive_cells(form, Measure.CONFERENCES).items()
        }
    else:
        cells = additive_cells(form, measure)

    columns = year_columns({year for _row, year in cells}, data.get("from"), data.get("to"))
    labels = row_labels({row for row, _year in cells}, by)
    rows = {
        key: Row(key, label, slug, total=empty_cell(measure))
        for key, (label, slug, _order) in labels.items()
    }
    public_list = reverse("conferences:list")
    extra = form.public_params()
    # A cell links to the public list filtered alike: ?province=…&year=…&<extra>, the
    # query string put together once per row rather than urlencoded per cell.
    suffix = f"&{urlencode(extra)}" if extra else ""
    for row in rows.values():
        linkable = extra is not None and by == Rows.PROVINCE and row.slug
        prefix = f"{public_list}?{urlencode({'province': row.slug})}&year="
        for year in columns:
            cell = cells.get((row.key, year)) or empty_cell(measure)
            if linkable and year is not None and cell.conferences:
                cell.url = f"{prefix}{year}{suffix}"
            row.cells.append(cell)

    column_totals = [empty_cell(measure) for _year in columns]
    total = empty_cell(measure)
    for row in rows.values():
        for i, cell in enumerate(row.cells):
            row.total.add(cell)
            column_totals[i].add(cell)
            total.add(cell)
    if measure == Measure.OFFICIALS:
        # Distinct people do not add up: one official at two conferences counts once.
        for row in rows.values():
            row.total.value = officials.get((row.key, ALL), 0)
        for year, cell in zip(columns, column_totals, strict=True):
            cell.value = officials.get((ALL, year), 0)
        total.value = officials.get((ALL, ALL), 0)

    ordered = sorted(rows.values(), key=lambda r: (r.key is None, labels[r.key][2]))
    return Report(
        measure=measure,
        unit=unit,
        by=by,
        columns=columns,
        rows=ordered,
        column_totals=column_totals,
        total=total,
        filters=form.describe(),
    )


def additive_cells(form, measure):
    """{(row, year): Cell} of a measure that adds up, from the cached groups of
    `recorded_cells`: current units, regions, a range of years and a region are sums of
    those, so such views of one measure, organiser, scope and format share one query."""
    data = form.cleaned_data
    unit, by, region = data["unit"], data["by"], data.get("region")
    start, end = data.get("from"), data.get("to")
    selection = form.cache_key(["organizer", "scope", "format"])
    recorded = cached(
        f"report:recorded:{measure}:{selection}", lambda: recorded_cells(form, measure)
    )
    units = province_units()
    position = 0 if unit == Unit.FORMER else 1  # the unit as recorded, or the current one
    cells = {}
    for province, year, *numbers in recorded:
        if (start is not None or end is not None) and year is None:
            continue
        if (start is not None and year < start) or (end is not None and year > end):
            continue
        if province is None:
            if region:
                continue
            key = None
        else:
            # (unit, its region). A province saved after the list was cached (in the second
            # before this process sees the new version) has no row until the next view.
            row = units.get(province, ((province, None),) * 2)[position]
            if region and row[1] != region:
                continue
            key = row[1] if by == Rows.REGION else row[0]
        sums = cells.get((key, year))
        if sums is None:
            cells[key, year] = numbers
        else:  # as Cell.add, without a Cell per group
            value, conferences, missing, approximate = numbers
            if sums[0] is not None:
                value = sums[0] + (value or 0)
            cells[key, year] = [
                value,
                sums[1] + conferences,
                sums[2] + missing,
                sums[3] + approximate,
            ]
    return {key: Cell(*numbers) for key, numbers in cells.items()}


def recorded_cells(form, measure):
    """[(province as recorded, year, value, conferences, missing, approximate)] of a
    measure that adds up, over the form's organiser, scope and format."""
    aggregates = measure_aggregates(measure)
    groups = (
        form.select(Conference.objects.all())
        .annotate(year=Year("start_date"))
        .order_by()
        .values("province", "year")
        .annotate(**aggregates)
    )
    # Read with a plain cursor: every column is a whole number already, and Django's
    # converters would cost a tenth of the query.
    sql, params = groups.query.sql_with_params()
    with connections[groups.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        found = cursor.fetchall()
    columns = [names.index(name) for name in ["province", "year", *aggregates]]
    no_notes = (0, 0) if len(aggregates) == 2 else ()  # counts: nothing missing or uncertain
    return [(*(row[i] for i in columns), *no_notes) for row in found]


ALL = object()  # the row or the column of totals, in `official_counts`


def official_counts(form):
    """The number of distinct officials at the conferences the form counts, by (row,
    year), (row, ALL), (ALL, year) and (ALL, ALL), in one query: the distinct (row, year,
    official) of those conferences, counted four ways."""
    data = form.cleaned_data
    seen = (
        form.filter(Conference.objects.all())
        .filter(participations__official__isnull=False)
        .annotate(
            row=row_key(data["unit"], data["by"]),
            year=Year("start_date"),
            person=F("participations__official"),
        )
        .order_by()
        .values("row", "year", "person")
        .distinct()
    )
    sql, params = seen.query.sql_with_params()
    counts = f"""
        WITH seen AS ({sql})
        SELECT 0, "row", "year", COUNT(*) FROM seen GROUP BY "row", "year"
        UNION ALL SELECT 1, "row", NULL, COUNT(DISTINCT "person") FROM seen GROUP BY "row"
        UNION ALL SELECT 2, NULL, "year", COUNT(DISTINCT "person") FROM seen GROUP BY "year"
        UNION ALL SELECT 3, NULL, NULL, COUNT(DISTINCT "person") FROM seen
    """
    with connection.cursor() as cursor:
        cursor.execute(counts, params)
        found = {}
        for level, row, year, n in cursor.fetchall():
            key = (ALL if level in (2, 3) else row, ALL if level in (1, 3) else year)
            found[key] = n
    return found


def provinces():
    """Every province with its successor, by name (one query per change to the archive)."""
    queryset = Province.objects.select_related("successor").by_name()
    return cached("report:provinces", lambda: list(queryset))


def province_units():
    """{province pk: ((itself, its region), (its current unit, that unit's region))}."""
    return {
        p.pk: ((p.pk, p.region), (p.successor_id, p.successor.region))
        if p.successor_id
        else ((p.pk, p.region),) * 2
        for p in provinces()
    }


def cached_report(form):
    """`build_report(form)`, kept until the next change to the archive. Row labels and
    filters are text in the active language, so each language has its own copy."""
    key = f"report:{get_language()}:{form.cache_key()}"
    return cached(key, lambda: build_report(form))


def empty_cell(measure):
    """No conference: a count is a true 0; a sum has nothing to add up."""
    return Cell(value=None if measure in Measure.SUMS else 0)


def row_labels(keys, by):
    """{key: (label, slug, sort key)}; the row of conferences with no province comes last."""
    labels = {}
    if by == Rows.REGION:
        order = [value for value, _label in Region.choices]
        for key in keys - {None}:
            labels[key] = (str(Region(key).label), "", order.index(key))
    else:
        shown = [province for province in provinces() if province.pk in keys]
        for position, province in enumerate(shown):
            labels[province.pk] = (str(province.label_on()), province.slug, position)
    if None in keys:
        labels[None] = (str(_("Không rõ tỉnh, thành phố")), "", 0)
    return labels


# --- HTML ----------------------------------------------------------------------------


def number_formatter():
    """The active language's formatting of whole numbers ("3.100" in Vietnamese, "3,100"
    in English): what `intcomma` and `{{ n }}` show in templates, and `number_format(n,
    force_grouping=True)` returns. Django looks up the formats on every call; this reads
    them once, for a table of a thousand numbers."""
    separator = get_format("THOUSAND_SEPARATOR")
    if get_format("NUMBER_GROUPING") != 3:
        return lambda value: number_format(value, force_grouping=True)

    def formatted(value):
        if type(value) is int:
            return f"{value:,}".replace(",", separator)
        return number_format(value, force_grouping=True)

    return formatted


def table_html(report):
    """The report's <table>, built as strings: a template (or format_html) per cell costs
    tens of µs, and a report by former unit has thousands of cells. (Links are escaped by
    the standard library's `html.escape`, which Django's `escape` wraps.)"""
    number = number_formatter()
    no_figure = f'<span title="{escape(_("Không hội nghị nào có số liệu"))}">—</span>'
    sums = report.is_sum

    def cell(cell):
        if cell.value is None:
            html = no_figure if cell.conferences else ""
        elif cell.url:
            html = f'<a href="{html_escape(cell.url)}">{number(cell.value)}</a>'
        else:
            html = number(cell.value)
        if sums and cell.conferences:
            if cell.missing:
                missing = ngettext("thiếu %(n)s", "thiếu %(n)s", cell.missing)
                html += f'<small class="note">{missing % {"n": number(cell.missing)}}</small>'
            if cell.approximate:
                html += f'<small class="note">≈{number(cell.approximate)}</small>'
        return html

    total = escape(_("Tổng"))
    years = "".join(
        f'<th scope="col">{year if year is not None else escape(_("Không rõ năm"))}</th>'
        for year in report.columns
    )
    lines = [
        '<table class="report">',
        f"  <caption>{escape(report.measure_label)} — {escape(report.row_heading)} × "
        f"{escape(_('năm'))}</caption>",
        "  <thead>",
        "    <tr>",
        f'      <th scope="col">{escape(report.row_heading)}</th>',
        f"      {years}",
        f'      <th scope="col">{total}</th>',
        "    </tr>",
        "  </thead>",
        "  <tbody>",
    ]
    for row in report.rows:
        cells = "".join(f"<td>{cell(c)}</td>" for c in row.cells)
        lines += [
            "    <tr>",
            f'      <th scope="row">{escape(row.label)}</th>',
            f"      {cells}",
            f'      <td class="total">{cell(row.total)}</td>',
            "    </tr>",
        ]
    if not report.rows:
        empty = escape(_("Không có hội nghị nào khớp với bộ lọc."))
        lines.append(f'    <tr><td colspan="{len(report.columns) + 2}">{empty}</td></tr>')
    totals = "".join(f"<td>{cell(c)}</td>" for c in report.column_totals)
    lines += [
        "  </tbody>",
        "  <tfoot>",
        '    <tr class="total">',
        f'      <th scope="row">{total}</th>',
        f"      {totals}",
        f"      <td>{cell(report.total)}</td>",
        "    </tr>",
        "  </tfoot>",
        "</table>",
    ]
    return mark_safe("\n".join(lines))


# --- Exports --------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Spreadsheets run cells starting with = + - @ as formulas; make them plain text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(lines):
    """UTF-8 with a byte order mark, so Excel shows Vietnamese correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow([csv_safe(v) for v in line])
    return buffer.getvalue()


def report_csv_lines(report):
    """The table as shown; for sums, the same table of missing and uncertain figures."""
    lines = [[str(label), value] for label, value in report.filters]
    lines += [[]] + report.value_rows("value")
    if report.is_sum:
        blocks = [
            ("missing", _("Số hội nghị không có số liệu")),
            ("approximate", _("Số hội nghị có số liệu ước lượng hoặc các nguồn khác nhau")),
        ]
        for attribute, title in blocks:
            lines += [[], [str(title)]] + report.value_rows(attribute)
    return lines


def report_json(report):
    def cells(cells):
        return [dict(c.as_dict(), year=year) for c, year in zip(cells, report.columns, strict=True)]

    data = {
        "measure": report.measure,
        "unit": report.unit,
        "by": report.by,
        "filters": {str(label): value for label, value in report.filters},
        "columns": report.columns,
        "rows": [
            {
                "key": row.slug or row.key,
                "label": row.label,
                "cells": cells(row.cells),
                "total": row.total.as_dict(),
            }
            for row in report.rows
        ],
        "column_totals": cells(report.column_totals),
        "total": report.total.as_dict(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def conference_csv_lines(conferences, absolute_url):
    """The conferences behind the numbers, one line each (two queries whatever the count)."""
    conferences = conferences.select_related("province__successor").prefetch_related(
        "organizers__organization"
    )
    lines = [
        [
            str(_("Hội nghị")),
            str(_("Ngày")),
            str(_("Năm")),
            str(_("Tỉnh, thành phố (khi diễn ra)")),
            str(_("Tỉnh, thành phố hiện hành")),
            str(_("Vùng")),
            str(_("Phạm vi")),
            str(_("Hình thức")),
            str(_("Số đại biểu")),
            str(_("Mức độ chính xác số đại biểu")),
            str(_("Số điểm cầu")),
            str(_("Đơn vị tổ chức")),
            str(_("Địa chỉ")),
        ]
    ]
    for c in conferences:
        province = c.province
        current = (province.successor or province) if province else None
        organizers = dict.fromkeys(o.organization.name for o in c.organizers.all())
        lines.append(
            [
                c.name,
                format_partial_date(c.start_date, c.date_precision),
                c.year,
                province.name if province else "",
                current.name if current else "",
                current.get_region_display() if current else "",
                c.get_scope_display(),
                c.get_format_display(),
                c.attendees,
                c.get_attendees_qualifier_display() if c.attendees is not None else "",
                c.connection_points,
                "; ".join(organizers),
                absolute_url(c.get_absolute_url()),
            ]
        )
    return lines
