"""Staff reports: published conferences counted by province (or region) and year.

The database groups; Python arranges the groups into a table (rows × year columns) that
views, charts and exports share. A measure that adds up (conferences, attendees,
connection points) is one grouped query per organiser, scope and format, by unit as
recorded and year, kept in the archive's cache: current units, regions, a range of years
and a region are sums of its groups. Officials, distinct people, are one query that
counts them per cell, row, column and in all.

Every unit of the chosen set (the 34 current units, the units in force in the years shown,
or the regions) has a row, with 0 where no conference was held. Reports are kept in the
cache per combination of filters and language until the next change to the archive.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db import connection, connections
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.lib.caching import cached
from archive.lib.dates import format_partial_date
from archive.lib.text import vi_slugify
from archive.lib.widgets import QuickCheckboxes, QuickSelect
from archive.models import Province, Region
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


class YearField(forms.IntegerField):
    """A year typed in a text box (a number box would drop a mistyped year instead of
    echoing it), with an error that names the field, what was typed and what is expected."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 6})

    def __init__(self, label):
        expected = _("một năm gồm bốn chữ số, từ %(low)s đến %(high)s, ví dụ 2024") % {
            "low": MIN_YEAR,
            "high": MAX_YEAR,
        }
        super().__init__(
            label=label,
            required=False,
            min_value=MIN_YEAR,
            max_value=MAX_YEAR,
            error_messages={
                "min_value": _("cần %(expected)s.") % {"expected": expected},
                "max_value": _("cần %(expected)s.") % {"expected": expected},
            },
        )
        self.expected = expected

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("“%(value)s” không phải là năm; cần %(expected)s."),
                code="invalid",
                params={"value": str(value)[:20], "expected": self.expected},
            ) from None


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
    province = forms.MultipleChoiceField(
        label=_("Tỉnh, thành phố"),
        help_text=_("Đơn vị hiện hành; gồm cả các đơn vị cũ đã sáp nhập vào. Không chọn: tất cả."),
        required=False,
        widget=QuickCheckboxes,
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
    hide_empty = forms.BooleanField(label=_("Ẩn các dòng không có hội nghị"), required=False)
    field_order = ["measure", "unit", "by", "from", "to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be class attributes.
        self.fields["from"] = YearField(_("Từ năm"))
        self.fields["to"] = YearField(_("Đến năm"))
        self.order_fields(self.field_order)
        # The organiser list (hundreds of options) and the provinces come from the cache; a
        # chosen organiser is still looked up in the queryset when the form is cleaned.
        organizer = self.fields["organizer"]
        organizer.choices = [("", organizer.empty_label), *organizer_choices()]
        self.fields["province"].choices = [(p.slug, p.name) for p in current_units()]

    def clean_province(self):
        chosen = set(self.cleaned_data["province"])
        return [p for p in current_units() if p.slug in chosen]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start is not None and end is not None and start > end:
            raise forms.ValidationError(_("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
        for name in ("measure", "unit", "by"):
            cleaned[name] = cleaned.get(name) or self.fields[name].initial
        return cleaned

    def years(self):
        data = self.cleaned_data
        return data.get("from"), data.get("to")

    def covered(self):
        """The pks of the provinces the chosen units cover (themselves and the former
        units merged into them), or None when no unit is chosen."""
        chosen = {p.pk for p in self.cleaned_data.get("province") or ()}
        if not chosen:
            return None
        return {p.pk for p in provinces() if p.pk in chosen or p.successor_id in chosen}

    def filter(self, conferences, years=None):
        """The published conferences the report counts, narrowed by the valid filters (and
        by the years `(start, end)` instead of the form's, when given)."""
        data = self.cleaned_data
        start, end = years or self.years()
        conferences = self.select(conferences)
        if start is not None:
            conferences = conferences.filter(start_date__year__gte=start)
        if end is not None:
            conferences = conferences.filter(start_date__year__lte=end)
        if data.get("region"):
            conferences = conferences.filter(in_region(data["region"], data["unit"]))
        covered = self.covered()
        if covered is not None:
            conferences = conferences.filter(province__in=sorted(covered))
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

    def values(self, names=None):
        """{name: value as written in a URL} of the valid filters that are set."""
        data = self.cleaned_data
        values = {}
        for name in names or self.fields:
            value = data.get(name)
            if name == "organizer" and value is not None:
                value = value.slug
            elif name == "province":
                value = [p.slug for p in value or ()]
            elif name == "hide_empty":
                value = "1" if value else None
            if value not in (None, "", []):
                values[name] = value
        return values

    def cache_key(self, names=None):
        """The valid filters (or those of `names`) as a string, the same for every way of
        writing them."""
        return urlencode(self.values(names), doseq=True)

    def describe(self):
        """The chosen options and active filters as (label, value shown) pairs."""
        shown = []
        for name, form_field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", [], False):
                continue
            if name == "province":
                value = ", ".join(p.name for p in value)
            elif name == "hide_empty":
                value = _("có")
            elif hasattr(form_field, "choices") and not hasattr(form_field, "queryset"):
                value = dict(form_field.choices)[value]
            shown.append((str(form_field.label), str(value)))
        return shown

    def file_name(self, stem, extension):
        """`<stem>_<filters>_<date>.<extension>` in ASCII: what the file holds, readable in a
        folder of downloads."""
        data = self.cleaned_data
        parts = [stem]
        if data["by"] == Rows.REGION:
            parts.append(vi_slugify(_("theo vùng")))
        if data["unit"] == Unit.FORMER:
            parts.append(vi_slugify(_("đơn vị tại thời điểm")))
        start, end = self.years()
        if start is not None and start == end:
            parts.append(str(start))
        elif start is not None or end is not None:
            parts.append(f"{start or ''}-{end or ''}")
        chosen = data.get("province") or []
        if len(chosen) > 3:
            parts.append(vi_slugify(_("%(n)s tỉnh") % {"n": len(chosen)}))
        elif chosen:
            parts.append("-".join(p.slug for p in chosen))
        for name in ("region", "scope", "format"):
            if data.get(name):
                parts.append(vi_slugify(dict(self.fields[name].choices)[data[name]]))
        if data.get("organizer"):
            parts.append(data["organizer"].slug[:40])
        parts.append(timezone.localdate().isoformat())
        return f"{'_'.join(parts)}.{extension}"


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

    @property
    def number(self):
        """The number shown: 0 where no conference was held (a true zero), None where
        conferences were held but none gave the figure (no data)."""
        return self.value if self.conferences else 0

    def as_tuple(self):
        return (self.value, self.conferences, self.missing, self.approximate, self.url)

    def __reduce__(self):
        # Pickled (for the cache) as the class and a tuple: a report has thousands of cells.
        return Cell, self.as_tuple()

    def as_dict(self):
        return {
            "value": self.number,
            "conferences": self.conferences,
            "missing": self.missing,
            "approximate": self.approximate,
        }


def change(now, before):
    """`now` minus `before` (Cells, None for no conference); None when either has
    conferences but no figure."""
    now = now.number if now else 0
    before = before.number if before else 0
    return None if now is None or before is None else now - before


@dataclass
class Row:
    key: object
    label: str
    slug: str = ""
    cells: list = field(default_factory=list)
    total: Cell = field(default_factory=Cell)
    change: int | None = None  # the last year shown against the year before

    @property
    def line(self):
        """The cells as the table shows them, the total last, as tuples: the template
        unpacks them in its loop, faster than looking up each attribute of thousands."""
        return [cell.as_tuple() for cell in [*self.cells, self.total]]


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
    change_years: tuple | None = None  # (last year shown, the year before)
    total_change: int | None = None
    hidden_rows: int = 0  # rows without conferences, hidden on request

    @property
    def is_sum(self):
        return self.measure in Measure.SUMS

    @property
    def measure_label(self):
        return dict(Measure.CHOICES)[self.measure]

    @property
    def row_heading(self):
        return dict(Rows.CHOICES)[self.by]

    @property
    def change_label(self):
        if not self.change_years:
            return ""
        year, before = self.change_years
        return _("%(year)s so với %(before)s") % {"year": year, "before": before}

    @property
    def totals_line(self):
        return [cell.as_tuple() for cell in [*self.column_totals, self.total]]

    @property
    def width(self):
        """The number of columns of the table: row labels, years, total, change."""
        return len(self.columns) + 2 + bool(self.change_years)

    def column_label(self, year):
        return str(year) if year is not None else str(_("Không rõ năm"))

    def export_header(self):
        """The column titles of the exported table; for sums, each number is followed by
        its counts of conferences without the figure and of approximate figures."""
        titles = [str(self.row_heading)]
        for label in [*map(self.column_label, self.columns), str(_("Tổng"))]:
            titles.append(label)
            if self.is_sum:
                titles.append(_("%(column)s: số hội nghị không có số liệu") % {"column": label})
                titles.append(_("%(column)s: số liệu ước lượng") % {"column": label})
        if self.change_years:
            titles.append(str(self.change_label))
        return titles

    def export_rows(self):
        """The table as shown, a list per row and the totals last: numbers as numbers,
        0 where no conference was held, empty where none gave the figure."""
        lines = [(row.label, row.cells, row.total, row.change) for row in self.rows]
        lines.append((str(_("Tổng")), self.column_totals, self.total, self.total_change))
        for label, cells, total, row_change in lines:
            line = [label]
            for cell in [*cells, total]:
                line.append(cell.number)
                if self.is_sum:
                    line += [cell.missing, cell.approximate]
            if self.change_years:
                line.append(row_change)
            yield line

    def description(self, url):
        """The filters and how to read the numbers, as (title, text) lines for a file."""
        lines = list(self.filters)
        lines += [
            (str(_("Ngày xuất")), timezone.localdate().strftime("%d/%m/%Y")),
            (str(_("Địa chỉ báo cáo")), url),
            (str(_("Cách đọc")), str(_("0: không có hội nghị nào."))),
        ]
        if self.is_sum:
            lines.append(("", str(SUM_NOTE)))
        return lines


SUM_NOTE = _(
    "Tổng là tổng các số liệu được thống nhất. Ô trống: có hội nghị nhưng không hội nghị "
    "nào có số liệu. Cột “số hội nghị không có số liệu”: các hội nghị này không được tính "
    "là 0. Cột “số liệu ước lượng”: số liệu đã cộng là ước lượng (“khoảng”, “hơn”) hoặc "
    "các nguồn ghi khác nhau."
)


def year_columns(years, start=None, end=None):
    """Every year from the first to the last (gaps shown, not skipped), then unknown."""
    known = sorted(y for y in years if y is not None)
    low = start if start is not None else (known[0] if known else end)
    high = end if end is not None else (known[-1] if known else start)
    columns = list(range(low, high + 1)) if low is not None and high is not None else []
    return columns + ([None] if None in years else [])


def counted_cells(form, measure, years=None):
    """{(row, year): Cell} of the measure over `years` (the form's when None), and for
    officials the distinct counts of `official_counts`."""
    if measure == Measure.OFFICIALS:
        officials = official_counts(form, years)
        cells = {
            key: Cell(officials.get(key, 0), cell.conferences)
            for key, cell in additive_cells(form, Measure.CONFERENCES, years).items()
        }
        return cells, officials
    return additive_cells(form, measure, years), None


def build_report(form):
    """The table for a valid `ReportForm`: a constant number of queries whatever its size."""
    data = form.cleaned_data
    measure, unit, by = data["measure"], data["unit"], data["by"]
    cells, officials = counted_cells(form, measure)

    columns = year_columns({year for _row, year in cells}, *form.years())
    labels = row_labels(unit_keys(form, columns) | {row for row, _year in cells}, by)
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
    if officials is not None:
        # Distinct people do not add up: one official at two conferences counts once.
        for row in rows.values():
            row.total.value = officials.get((row.key, ALL), 0)
        for year, cell in zip(columns, column_totals, strict=True):
            cell.value = officials.get((ALL, year), 0)
        total.value = officials.get((ALL, ALL), 0)

    ordered = sorted(rows.values(), key=lambda r: (r.key is None, labels[r.key][2]))
    report = Report(
        measure=measure,
        unit=unit,
        by=by,
        columns=columns,
        rows=ordered,
        column_totals=column_totals,
        total=total,
        filters=form.describe(),
    )
    add_change(report, form, cells)
    if data.get("hide_empty"):
        report.rows = [row for row in ordered if row.total.conferences]
        report.hidden_rows = len(ordered) - len(report.rows)
    return report


def add_change(report, form, cells):
    """The last year shown against the year before, per row and in all: "is my province
    training more than last year?". The year before is counted with the same filters
    even when it is not shown."""
    known = [year for year in report.columns if year is not None]
    if not known:
        return
    year, before = known[-1], known[-1] - 1
    report.change_years = (year, before)
    now = dict(zip(report.columns, report.column_totals, strict=True))
    if before in now:
        previous, previous_total = cells, now[before]
    else:
        previous, officials = counted_cells(form, report.measure, (before, before))
        previous_total = empty_cell(report.measure)
        for cell in previous.values():
            previous_total.add(cell)
        if officials is not None:
            previous_total.value = officials.get((ALL, ALL), 0)
    position = report.columns.index(year)
    for row in report.rows:
        row.change = change(row.cells[position], previous.get((row.key, before)))
    report.total_change = change(now[year], previous_total)


def unit_keys(form, columns):
    """The rows the report lists whether or not they have conferences: the current units,
    or the units in force in the years shown, or their regions, narrowed by the region
    and province filters."""
    data = form.cleaned_data
    unit, by, region = data["unit"], data["by"], data.get("region")
    known = [year for year in columns if year is not None]
    if unit == Unit.CURRENT:
        units = [p for p in provinces() if p.is_current]
    elif known:
        first, last = known[0], known[-1]
        units = [
            p
            for p in provinces()
            if (p.valid_from is None or p.valid_from.year <= last)
            and (p.valid_until is None or p.valid_until.year >= first)
        ]
    else:
        units = [p for p in provinces() if p.is_former]
    if region:
        units = [p for p in units if p.region == region]
    covered = form.covered()
    if covered is not None:
        units = [p for p in units if p.pk in covered]
    if by == Rows.REGION:
        return {p.region for p in units}
    return {p.pk for p in units}


def additive_cells(form, measure, years=None):
    """{(row, year): Cell} of a measure that adds up, from the cached groups of
    `recorded_cells`: current units, regions, a range of years, a region and provinces are
    sums of those, so such views of one measure, organiser, scope and format share one
    query. `years` (start, end) replaces the form's."""
    data = form.cleaned_data
    unit, by, region = data["unit"], data["by"], data.get("region")
    start, end = years or form.years()
    covered = form.covered()
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
            if region or covered is not None:
                continue
            key = None
        else:
            if covered is not None and province not in covered:
                continue
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


def official_counts(form, years=None):
    """The number of distinct officials at the conferences the form counts (over `years`
    when given), by (row, year), (row, ALL), (ALL, year) and (ALL, ALL), in one query: the
    distinct (row, year, official) of those conferences, counted four ways."""
    data = form.cleaned_data
    seen = (
        form.filter(Conference.objects.all(), years)
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


def current_units():
    """The 34 units in force today, by name."""
    return [p for p in provinces() if p.is_current]


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


# --- Exports --------------------------------------------------------------------------


def report_json(report):
    def cells(cells):
        return [dict(c.as_dict(), year=year) for c, year in zip(cells, report.columns, strict=True)]

    data = {
        "measure": report.measure,
        "unit": report.unit,
        "by": report.by,
        "filters": {str(label): value for label, value in report.filters},
        "columns": report.columns,
        "change_years": report.change_years,
        "rows": [
            {
                "key": row.slug or row.key,
                "label": row.label,
                "cells": cells(row.cells),
                "total": row.total.as_dict(),
                "change": row.change,
            }
            for row in report.rows
        ],
        "column_totals": cells(report.column_totals),
        "total": report.total.as_dict(),
        "total_change": report.total_change,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


CONFERENCE_COLUMNS = [
    _("Hội nghị"),
    _("Ngày"),
    _("Năm"),
    _("Tỉnh, thành phố (khi diễn ra)"),
    _("Tỉnh, thành phố hiện hành"),
    _("Vùng"),
    _("Phạm vi"),
    _("Hình thức"),
    _("Số đại biểu"),
    _("Mức độ chính xác số đại biểu"),
    _("Số điểm cầu"),
    _("Đơn vị tổ chức"),
    _("Địa chỉ"),
]


def conference_lines(conferences, absolute_url):
    """The conferences behind the numbers, one line each under `CONFERENCE_COLUMNS` (two
    queries whatever the count)."""
    conferences = conferences.select_related("province__successor").prefetch_related(
        "organizers__organization"
    )
    lines = []
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
