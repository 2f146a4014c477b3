"""Staff reports: published conferences counted by province (or region) and year.

Every measure is one grouped query in the database; Python only arranges the
grouped results into a table (rows × year columns) that views, charts and exports share.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.dates import format_partial_date
from archive.models import Province, Region
from people.models import Organization

from .models import Conference, Figure, Format, Organizer, Qualifier, Scope

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


class ReportForm(forms.Form):
    """The report's GET parameters; every combination is a shareable URL."""

    measure = forms.ChoiceField(
        label=_("Số liệu"), choices=Measure.CHOICES, required=False, initial=Measure.CONFERENCES
    )
    unit = forms.ChoiceField(
        label=_("Đơn vị hành chính"), choices=Unit.CHOICES, required=False, initial=Unit.CURRENT
    )
    by = forms.ChoiceField(
        label=_("Theo"), choices=Rows.CHOICES, required=False, initial=Rows.PROVINCE
    )
    region = forms.ChoiceField(
        label=_("Vùng"), choices=[("", _("Tất cả"))] + Region.choices, required=False
    )
    organizer = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=Organization.objects.filter(
            Exists(Organizer.objects.filter(organization=OuterRef("pk")))
        ).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả"),
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"), choices=[("", _("Tất cả"))] + Scope.choices, required=False
    )
    format = forms.ChoiceField(
        label=_("Hình thức"), choices=[("", _("Tất cả"))] + Format.choices, required=False
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
        conferences = conferences.published()
        if data.get("from") is not None:
            conferences = conferences.filter(start_date__year__gte=data["from"])
        if data.get("to") is not None:
            conferences = conferences.filter(start_date__year__lte=data["to"])
        if data.get("region"):
            conferences = conferences.filter(in_region(data["region"], data["unit"]))
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


def in_region(region, unit):
    """A current unit's region is its own; a former unit counts in its successor's region
    when rows are current units, and in its own region when rows are units as they were."""
    if unit == Unit.CURRENT:
        return Q(province__successor__region=region) | Q(
            province__successor__isnull=True, province__region=region
        )
    return Q(province__region=region)


def row_key(unit, by):
    if by == Rows.REGION:
        if unit == Unit.CURRENT:
            return Coalesce("province__successor__region", "province__region")
        return F("province__region")
    if unit == Unit.CURRENT:
        return Coalesce("province__successor", "province")
    return F("province")


def disputed(kind):
    """Whether sources give different values for a conference's figure of this kind."""
    return Exists(
        Figure.objects.filter(conference=OuterRef("pk"), kind=kind)
        .values("conference")
        .annotate(n_values=Count("value", distinct=True))
        .filter(n_values__gt=1)
    )


def measure_aggregates(measure):
    """The aggregate expressions of one measure: value, conferences, missing, approximate."""
    if measure == Measure.OFFICIALS:
        # The participation join repeats conferences, so both counts are distinct.
        return {
            "value": Count("participations__official", distinct=True),
            "conferences": Count("pk", distinct=True),
        }
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
        uncertain = disputed(kind) | Exists(
            Figure.objects.filter(conference=OuterRef("pk"), kind=kind).exclude(
                qualifier=Qualifier.EXACT
            )
        )
        return {
            "value": Sum("connection_points"),
            "conferences": Count("pk"),
            "missing": Count("pk", filter=Q(connection_points__isnull=True)),
            "approximate": Count("pk", filter=Q(connection_points__isnull=False) & uncertain),
        }
    return {"value": Count("pk"), "conferences": Count("pk")}


def grouped(conferences, measure, group_by, unit=Unit.CURRENT, by=Rows.PROVINCE):
    """One grouped query: a dict per combination of `group_by` ("row", "year") values."""
    keys = {"row": row_key(unit, by), "year": ExtractYear("start_date")}
    aggregates = measure_aggregates(measure)
    if not group_by:
        return [conferences.order_by().aggregate(**aggregates)]
    return list(
        conferences.annotate(**{k: keys[k] for k in group_by})
        .order_by()
        .values(*group_by)
        .annotate(**aggregates)
    )


@dataclass
class Cell:
    """One number of the table with what a reader needs to trust it."""

    value: int | None = None  # None: no conference in the cell had the figure
    conferences: int = 0
    missing: int = 0  # conferences without the figure (sums only)
    approximate: int = 0  # summed figures that were approximate or disputed
    url: str = ""

    @classmethod
    def from_group(cls, group):
        return cls(
            value=group["value"],
            conferences=group["conferences"],
            missing=group.get("missing", 0),
            approximate=group.get("approximate", 0),
        )

    def add(self, other):
        if other.value is not None:
            self.value = (self.value or 0) + other.value
        self.conferences += other.conferences
        self.missing += other.missing
        self.approximate += other.approximate

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
    conferences = form.filter(Conference.objects.all())
    groups = grouped(conferences, measure, ["row", "year"], unit, by)

    columns = year_columns({g["year"] for g in groups}, data.get("from"), data.get("to"))
    labels = row_labels({g["row"] for g in groups}, by)
    rows = {
        key: Row(key, label, slug, total=empty_cell(measure))
        for key, (label, slug, _order) in labels.items()
    }
    cells = {(g["row"], g["year"]): Cell.from_group(g) for g in groups}
    public_list = reverse("conferences:list")
    extra = form.public_params()
    for row in rows.values():
        for year in columns:
            cell = cells.get((row.key, year)) or empty_cell(measure)
            linkable = extra is not None and by == Rows.PROVINCE and row.slug
            if linkable and year is not None and cell.conferences:
                query = {"province": row.slug, "year": year, **extra}
                cell.url = f"{public_list}?{urlencode(query)}"
            row.cells.append(cell)

    column_totals = [empty_cell(measure) for _year in columns]
    total = empty_cell(measure)
    if measure == Measure.OFFICIALS:
        # Distinct people do not add up: one official at two conferences counts once.
        for g in grouped(conferences, measure, ["row"], unit, by):
            rows[g["row"]].total = Cell.from_group(g)
        by_year = {g["year"]: g for g in grouped(conferences, measure, ["year"], unit, by)}
        column_totals = [
            Cell.from_group(by_year[y]) if y in by_year else empty_cell(measure) for y in columns
        ]
        total = Cell.from_group(grouped(conferences, measure, [], unit, by)[0])
    else:
        for row in rows.values():
            for i, cell in enumerate(row.cells):
                row.total.add(cell)
                column_totals[i].add(cell)
                total.add(cell)

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
        provinces = Province.objects.filter(pk__in=keys - {None}).select_related("successor")
        for position, province in enumerate(provinces.by_name()):
            labels[province.pk] = (str(province.label_on()), province.slug, position)
    if None in keys:
        labels[None] = (str(_("Không rõ tỉnh, thành phố")), "", 0)
    return labels


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
