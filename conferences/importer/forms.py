"""The two steps of the admin import page: the source, then the editor's review.

The review shows every choice in Vietnamese (selects for format, scope, qualifier and role),
takes dates the Vietnamese way at their real precision, and lists organisers, officials and
topics as rows that can be added, removed and matched to a record already in the archive.
Every value must be cited from the article: a row keeps the sentence it came from, and a new
or corrected one is looked up in the text.
"""

import json
import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.lib.dates import numeric_partial_date, parse_partial_date
from archive.lib.text import fold, numbers_as_printed, squash, strip_name_prefix
from archive.models import Outlet, Province
from conferences.models import (
    Conference,
    ConferenceSource,
    ConferenceTopic,
    Format,
    Organizer,
    Participation,
    Qualifier,
    Scope,
    Topic,
)
from people.models import Official, Organization

from .extract import Fact, Person, sentences_of
from .reader import MAX_BYTES

PRESENTER = Participation.Role.PRESENTER  # an organisation presenting, no person named


class SourceForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Dán nội dung bài báo"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
        required=False,
        strip=False,
    )
    file = forms.FileField(
        label=gettext_lazy("hoặc tải lên tệp đã lưu (.txt, .html)"), required=False
    )
    file_name = forms.CharField(widget=forms.HiddenInput, required=False)
    url = forms.URLField(label=gettext_lazy("Đường dẫn gốc"), required=False, assume_scheme="https")
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(), label=gettext_lazy("Cơ quan báo chí"), required=False
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("Tệp quá lớn (trên 5 MB)."))
            data["data"], data["file_name"] = upload.read(), upload.name
        else:
            data["data"] = data.get("text") or ""
            data["file_name"] = data.get("file_name") or "bai-dan.txt"
        if not data["data"] or not str(data["data"]).strip():
            raise ValidationError(_("Hãy dán nội dung bài báo hoặc chọn tệp."))
        return data


class PartialDateField(forms.CharField):
    """A date typed as the article gives it: "15/6/2023", "6/2023" or "2023" (or empty);
    cleaned to (date, precision)."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Ngày không hợp lệ: hãy ghi ngày/tháng/năm (15/6/2023), tháng/năm (6/2023) hoặc "
            "chỉ năm (2023)."
        )
    }

    def to_python(self, value):
        parsed = parse_partial_date(super().to_python(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def prepare_value(self, value):
        return numeric_partial_date(*value) if isinstance(value, tuple) else value


def autocomplete(field):
    """The admin's search-as-you-type select for the records `field` points to."""
    return AutocompleteSelect(field, admin.site, attrs={"data-width": "100%"})


class RowForm(forms.Form):
    """One fact the editor may correct, remove, or match to a record: it keeps the
    sentence it was read from."""

    passage = forms.CharField(widget=forms.HiddenInput, required=False)


class OrganizerRow(RowForm):
    ROLES = [*Organizer.Role.choices, (PRESENTER, gettext_lazy("báo cáo viên (tổ chức)"))]

    name = forms.CharField(label=gettext_lazy("Tên tổ chức (như bài báo ghi)"), max_length=300)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=ROLES)
    record = forms.ModelChoiceField(
        Organization.objects.all(),
        label=gettext_lazy("Là tổ chức đã có"),
        required=False,
        widget=autocomplete(Organizer._meta.get_field("organization")),
    )


class OfficialRow(RowForm):
    name = forms.CharField(label=gettext_lazy("Họ tên"), max_length=150)
    rank = forms.CharField(label=gettext_lazy("Cấp hàm"), max_length=50, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=Participation.Role.choices)
    titles = forms.CharField(
        label=gettext_lazy("Chức vụ (như bài báo ghi)"), max_length=800, required=False
    )
    record = forms.ModelChoiceField(
        Official.objects.all(),
        label=gettext_lazy("Là quan chức đã có"),
        required=False,
        widget=autocomplete(Participation._meta.get_field("official")),
    )


class TopicRow(RowForm):
    name = forms.CharField(label=gettext_lazy("Chuyên đề (như bài báo ghi)"), max_length=400)
    record = forms.ModelChoiceField(
        Topic.objects.all(),
        label=gettext_lazy("Là chuyên đề đã có"),
        required=False,
        widget=autocomplete(ConferenceTopic._meta.get_field("topic")),
    )


class RowFormSet(forms.BaseFormSet):
    """Rows that can be added (in the browser, by the admin's inline script) and removed
    (a "remove" box on each)."""

    title = ""
    description = ""
    add_text = ""

    def inline_formset_data(self):
        """What the admin's inlines.js reads to add and remove rows."""
        return json.dumps(
            {
                "name": f"#{self.prefix}",
                "options": {
                    "prefix": self.prefix,
                    "addText": str(self.add_text),
                    "deleteText": _("Bỏ dòng này"),
                },
            }
        )

    def kept(self):
        """The rows not removed (an added row left empty is no row)."""
        return [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def row_formset(form, prefix, **attrs):
    base = forms.formset_factory(form, formset=RowFormSet, extra=0, can_delete=True)
    attrs["get_default_prefix"] = classmethod(lambda _: prefix)
    return type(f"{form.__name__}Set", (base,), attrs)


MATCH_HELP = gettext_lazy(
    "“Là … đã có”: gõ vài chữ (không cần dấu) để chọn bản ghi trong lưu trữ; để trống thì tạo mới."
)
ORGANIZERS = row_formset(
    OrganizerRow,
    "organizers",
    title=gettext_lazy("Đơn vị tổ chức"),
    description=MATCH_HELP,
    add_text=gettext_lazy("Thêm một tổ chức"),
)
OFFICIALS = row_formset(
    OfficialRow,
    "officials",
    title=gettext_lazy("Quan chức"),
    description=format_lazy(
        "{} {}",
        gettext_lazy(
            "Mỗi dòng một vai trò của một người (hai vai trò: hai dòng). Nhiều chức vụ cách "
            "nhau bằng dấu chấm phẩy."
        ),
        MATCH_HELP,
    ),
    add_text=gettext_lazy("Thêm một quan chức"),
)
TOPICS = row_formset(
    TopicRow,
    "topics",
    title=gettext_lazy("Chuyên đề"),
    description=MATCH_HELP,
    add_text=gettext_lazy("Thêm một chuyên đề"),
)


class ReviewForm(forms.Form):
    """The proposal, editable; with its three row formsets (`formsets`)."""

    title = forms.CharField(label=gettext_lazy("Tiêu đề bài báo"), max_length=300)
    name = forms.CharField(label=gettext_lazy("Tên hội nghị"), max_length=400)
    date = PartialDateField(
        label=gettext_lazy("Ngày diễn ra"),
        required=False,
        help_text=gettext_lazy("Ví dụ: 15/6/2023, 6/2023 hoặc 2023; để trống nếu bài không ghi."),
    )
    province = forms.ModelChoiceField(
        Province.objects.by_name(), label=gettext_lazy("Tỉnh, thành phố"), required=False
    )
    venue = forms.CharField(label=gettext_lazy("Địa điểm"), required=False, max_length=200)
    format = forms.ChoiceField(label=gettext_lazy("Hình thức"), choices=Format)
    scope = forms.ChoiceField(label=gettext_lazy("Phạm vi"), choices=Scope)
    attendees = forms.IntegerField(label=gettext_lazy("Số đại biểu"), required=False, min_value=0)
    attendees_qualifier = forms.ChoiceField(
        label=gettext_lazy("Mức độ"), choices=Qualifier, initial=Qualifier.EXACT
    )
    connection_points = forms.IntegerField(
        label=gettext_lazy("Số điểm cầu"), required=False, min_value=0
    )
    provinces_participating = forms.IntegerField(
        label=gettext_lazy("Số tỉnh, thành phố tham gia"), required=False, min_value=0
    )
    existing_conference = forms.ModelChoiceField(
        Conference.objects.all(),
        label=gettext_lazy("Là nguồn mới của hội nghị đã có"),
        required=False,
        widget=autocomplete(ConferenceSource._meta.get_field("conference")),
        help_text=gettext_lazy("Để trống: tạo hội nghị mới (bản nháp)."),
    )

    ROW_FORMSETS = (ORGANIZERS, OFFICIALS, TOPICS)

    def __init__(self, data=None, *, initial=None, rows=None):
        super().__init__(data, initial=initial)
        rows = rows or {}
        self.formsets = {}
        for formset in self.ROW_FORMSETS:
            prefix = formset.get_default_prefix()
            self.formsets[prefix] = formset(data, initial=rows.get(prefix, []))

    @property
    def media(self):
        media = super().media
        for formset in self.formsets.values():
            media += formset.empty_form.media
        # The admin's inline script adds and removes rows (RowFormSet.inline_formset_data);
        # jQuery as the admin's own widgets load it, so that it is loaded once.
        jquery = f"admin/js/vendor/jquery/jquery{'' if settings.DEBUG else '.min'}.js"
        return media + forms.Media(js=[jquery, "admin/js/jquery.init.js", "admin/js/inlines.js"])

    def is_valid(self):
        valid = [super().is_valid(), *(f.is_valid() for f in self.formsets.values())]
        return all(valid)

    # --- From the proposal ----------------------------------------------------------

    @classmethod
    def from_proposal(cls, proposal, matches, title):
        def v(fact):
            return fact.value if fact else None

        initial = {
            "title": title,
            "name": v(proposal.name) or "",
            "date": (proposal.start_date, proposal.date_precision),
            "province": matches.province,
            "venue": proposal.city.as_printed if proposal.city else "",
            "format": v(proposal.format) or Format.UNKNOWN,
            "scope": v(proposal.scope) or Scope.UNKNOWN,
            "attendees": v(proposal.attendees),
            "attendees_qualifier": proposal.attendees_qualifier or Qualifier.EXACT,
            "connection_points": v(proposal.connection_points),
            "provinces_participating": v(proposal.provinces_participating),
            "existing_conference": matches.conference,
        }
        organizers = [
            {
                "name": fact.value,
                "role": fact.as_printed or Organizer.Role.HOST,
                "record": matches.organizations.get(fact.value),
                "passage": fact.passage,
            }
            for fact in proposal.organizers
        ] + [
            {
                "name": fact.value,
                "role": PRESENTER,
                "record": matches.organizations.get(fact.value),
                "passage": fact.passage,
            }
            for fact in proposal.presenting_organizations
        ]
        officials = [
            {
                "rank": person.rank,
                "name": person.name,
                "titles": "; ".join(title.value for title in person.titles),
                "role": role.value,
                "record": matches.officials.get(person.name),
                "passage": role.passage,
            }
            for person in proposal.officials
            for role in person.roles
        ]
        topics = [
            {"name": fact.value, "record": matches.topics.get(fact.value), "passage": fact.passage}
            for fact in proposal.topics
        ]
        rows = {"organizers": organizers, "officials": officials, "topics": topics}
        return cls(initial=initial, rows=rows)

    # --- Back into the proposal -----------------------------------------------------

    def apply(self, proposal, matches):
        """Put the editor's values into the proposal and the records they chose into
        `matches`; False (with errors on the form) when a value cannot be cited from the
        article."""
        text = Citations(proposal.document)
        data = self.cleaned_data
        source = proposal.source_passage

        def cited(field, needle, fallback=""):
            passage = text.sentence_with(needle) or fallback
            if not passage:
                self.add_error(field, _("Không tìm thấy “%(t)s” trong bài.") % {"t": needle})
            return passage

        proposal.name = Fact(data["name"], cited("name", data["name"], source))
        # A date or province the editor changed is theirs, not the article's words.
        if data["date"] != (proposal.start_date, proposal.date_precision):
            proposal.date = None
        if data["province"] != matches.province:
            proposal.province = None
        proposal.start_date, proposal.date_precision = data["date"]
        matches.province = data["province"]
        venue = data["venue"]
        proposal.city = Fact(venue, cited("venue", venue, source), venue) if venue else None
        for key in ("attendees", "connection_points", "provinces_participating"):
            setattr(proposal, key, self._figure(key, getattr(proposal, key), text))
        proposal.attendees_qualifier = data["attendees_qualifier"] if proposal.attendees else ""
        fmt = data["format"]
        if fmt == Format.UNKNOWN:
            proposal.format = None
        elif not proposal.format or proposal.format.value != fmt:
            proposal.format = Fact(fmt, source, Format(fmt).label)
        scope = data["scope"]
        if scope == Scope.UNKNOWN:
            proposal.scope = None
        elif not proposal.scope or proposal.scope.value != scope:
            proposal.scope = Fact(scope, source, "")
        self._organizers(proposal, matches, text)
        self._officials(proposal, matches, text)
        self._topics(proposal, matches, text)
        matches.conference = data["existing_conference"]
        return not self.errors and not any(
            form.errors for formset in self.formsets.values() for form in formset.forms
        )

    def _figure(self, key, old, text):
        value = self.cleaned_data[key]
        if value is None:
            return None
        if old is not None and old.value == value:
            return old
        found = text.number(value)
        if found is None:
            printed = f"{value:,}".replace(",", ".")
            self.add_error(key, _("Không tìm thấy “%(t)s” trong bài.") % {"t": printed})
            return None
        passage, printed = found
        return Fact(value, passage, printed)

    @staticmethod
    def _row_passage(form, needle, text):
        """The row's own sentence when it still names `needle`, else one that does."""
        passage = form.cleaned_data.get("passage", "")
        if passage and text.contains(passage) and fold(needle) in fold(passage):
            return passage
        found = text.sentence_with(needle)
        if not found:
            form.add_error("name", _("Không tìm thấy “%(t)s” trong bài.") % {"t": needle})
        return found

    def _organizers(self, proposal, matches, text):
        printed_as = {f.value: f.as_printed for f in proposal.presenting_organizations}
        proposal.organizers, proposal.presenting_organizations = [], []
        for form in self.formsets["organizers"].kept():
            row = dict(form.cleaned_data)  # add_error() takes a field out of cleaned_data
            passage = self._row_passage(form, row["name"], text)
            matches.organizations[row["name"]] = row["record"]
            if row["role"] == PRESENTER:
                fact = Fact(row["name"], passage, printed_as.get(row["name"], ""))
                proposal.presenting_organizations.append(fact)
            else:
                proposal.organizers.append(Fact(row["name"], passage, row["role"]))

    def _officials(self, proposal, matches, text):
        known = {fold(strip_name_prefix(p.name)): p for p in proposal.officials}
        people, matches.officials = {}, {}
        for form in self.formsets["officials"].kept():
            row = dict(form.cleaned_data)  # add_error() takes a field out of cleaned_data
            key = fold(strip_name_prefix(row["name"]))
            old = known.get(key, Person(name=row["name"]))
            person = people.get(key)
            if person is None:
                person = people[key] = Person(name=row["name"], printed=old.printed)
                matches.officials[row["name"]] = row["record"]
            passage = self._row_passage(form, row["name"], text)
            if row["rank"] and not person.rank:
                person.rank = row["rank"]
                same = row["rank"] == old.rank and old.rank_passage
                person.rank_passage = old.rank_passage if same else passage
            for title in filter(None, (t.strip() for t in row["titles"].split(";"))):
                if title in [t.value for t in person.titles]:
                    continue
                previous = next((t for t in old.titles if t.value == title), None)
                if previous is None:
                    found = text.sentence_with(title)
                    if not found:
                        form.add_error(
                            "titles", _("Không tìm thấy “%(t)s” trong bài.") % {"t": title}
                        )
                        continue
                    previous = Fact(title, found)
                person.titles.append(previous)
            if passage:
                person.add_role(row["role"], passage)
        proposal.officials = list(people.values())

    def _topics(self, proposal, matches, text):
        proposal.topics, matches.topics = [], {}
        for form in self.formsets["topics"].kept():
            row = dict(form.cleaned_data)  # add_error() takes a field out of cleaned_data
            passage = self._row_passage(form, row["name"], text)
            if passage and row["name"] not in matches.topics:
                proposal.topics.append(Fact(row["name"], passage))
                matches.topics[row["name"]] = row["record"]


class Citations:
    """The article's sentences, to cite an editor's value from."""

    def __init__(self, document):
        self.sentences = [s.text for s in sentences_of(document)]
        self.whole = squash(" ".join(self.sentences))

    def contains(self, passage):
        return squash(passage) in self.whole

    def sentence_with(self, needle):
        folded = fold(squash(needle))
        return next((s for s in self.sentences if folded and folded in fold(s)), "")

    def number(self, value):
        """(sentence, the number as printed with the word or two after it: "1.350 đại
        biểu") for the first sentence printing `value`."""
        for sentence in self.sentences:
            for printed, number in numbers_as_printed(sentence):
                if number == value:
                    unit = re.search(
                        rf"(?<![\d.,]){re.escape(printed)}(?:\s+[^\W\d_]+){{0,2}}", sentence
                    )
                    return sentence, unit.group() if unit else printed
        return None
