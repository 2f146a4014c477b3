"""The two steps of the admin import page: the source, then the editor's corrections."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.lib.dates import Precision, truncate_to_precision
from archive.lib.text import fold, squash
from archive.models import Outlet, Province
from conferences.models import Conference, Format, Participation, Qualifier, Scope

from .extract import Fact, Person, sentences_of
from .reader import MAX_BYTES

ROLES = {role.value for role in Participation.Role}


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


class ReviewForm(forms.Form):
    """The proposal, editable. Lists are one item per line; every item must be in the text."""

    title = forms.CharField(label=gettext_lazy("Tiêu đề bài báo"), max_length=300)
    name = forms.CharField(label=gettext_lazy("Tên hội nghị"), max_length=400)
    start_date = forms.DateField(label=gettext_lazy("Ngày"), required=False)
    date_precision = forms.ChoiceField(label=gettext_lazy("Độ chính xác"), choices=Precision)
    province = forms.ModelChoiceField(
        Province.objects.all(), label=gettext_lazy("Tỉnh, thành phố"), required=False
    )
    venue = forms.CharField(label=gettext_lazy("Địa điểm"), required=False, max_length=200)
    format = forms.ChoiceField(label=gettext_lazy("Hình thức"), choices=Format)
    attendees = forms.IntegerField(label=gettext_lazy("Số đại biểu"), required=False, min_value=0)
    attendees_qualifier = forms.ChoiceField(
        label=gettext_lazy("Mức độ"), choices=[("", "—"), *Qualifier.choices], required=False
    )
    connection_points = forms.IntegerField(
        label=gettext_lazy("Số điểm cầu"), required=False, min_value=0
    )
    provinces_participating = forms.IntegerField(
        label=gettext_lazy("Số tỉnh, thành phố tham gia"), required=False, min_value=0
    )
    scope = forms.ChoiceField(label=gettext_lazy("Phạm vi"), choices=Scope)
    organizers = forms.CharField(
        label=gettext_lazy("Đơn vị tổ chức"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Mỗi dòng: host | Tên (hoặc co_organizer | Tên)."),
    )
    officials = forms.CharField(
        label=gettext_lazy("Quan chức"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Mỗi dòng: cấp hàm | Họ tên | chức vụ; chức vụ | vai trò, vai trò."),
    )
    topics = forms.CharField(
        label=gettext_lazy("Chuyên đề"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Mỗi dòng một chuyên đề."),
    )
    existing_conference = forms.ModelChoiceField(
        Conference.objects.all(),
        label=gettext_lazy("Là nguồn mới của hội nghị đã có"),
        required=False,
    )

    @classmethod
    def initial_from(cls, proposal, matches, title):
        def v(fact):
            return fact.value if fact else None

        return {
            "title": title,
            "name": v(proposal.name) or "",
            "start_date": proposal.start_date,
            "date_precision": proposal.date_precision,
            "province": matches.province,
            "venue": proposal.city.as_printed if proposal.city else "",
            "format": v(proposal.format) or Format.UNKNOWN,
            "attendees": v(proposal.attendees),
            "attendees_qualifier": proposal.attendees_qualifier,
            "connection_points": v(proposal.connection_points),
            "provinces_participating": v(proposal.provinces_participating),
            "scope": v(proposal.scope) or Scope.UNKNOWN,
            "organizers": "\n".join(f"{o.as_printed} | {o.value}" for o in proposal.organizers),
            "officials": "\n".join(
                " | ".join(
                    [
                        p.rank,
                        p.name,
                        "; ".join(t.value for t in p.titles),
                        ", ".join(r.value for r in p.roles),
                    ]
                )
                for p in proposal.officials
            ),
            "topics": "\n".join(t.value for t in proposal.topics),
            "existing_conference": matches.conference,
        }

    def apply(self, proposal, matches):
        """Put the editor's values into the proposal; False (with errors) when an item
        cannot be cited from the text."""
        data = self.cleaned_data
        sentences = [s.text for s in sentences_of(proposal.document)]

        def passage_for(text, fallback=""):
            needle = fold(squash(text))
            return next((s for s in sentences if needle and needle in fold(s)), fallback)

        def cited(field, text, fallback=""):
            passage = passage_for(text, fallback)
            if not passage:
                self.add_error(field, _("Không tìm thấy “%(t)s” trong bài.") % {"t": text})
            return passage

        source = proposal.source_passage
        proposal.name = Fact(data["name"], cited("name", data["name"], source))
        precision = data["date_precision"]
        proposal.start_date = truncate_to_precision(data["start_date"], precision)
        proposal.date_precision = precision if proposal.start_date else Precision.UNKNOWN
        matches.province = data["province"]
        venue = data["venue"]
        proposal.city = Fact(venue, cited("venue", venue, source), venue) if venue else None
        for key in ("attendees", "connection_points", "provinces_participating"):
            value, old = data[key], getattr(proposal, key)
            if value is None:
                setattr(proposal, key, None)
            elif old is None or old.value != value:
                printed = f"{value:,}".replace(",", ".")
                setattr(proposal, key, Fact(value, cited(key, printed), printed))
        if proposal.attendees:
            proposal.attendees_qualifier = data["attendees_qualifier"] or Qualifier.EXACT
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
        proposal.organizers = []
        for line in _lines(data["organizers"]):
            role, _sep, name = line.rpartition("|")
            role = role.strip() or "host"
            if role not in ("host", "co_organizer"):
                self.add_error("organizers", _("Vai trò không hợp lệ: %(r)s") % {"r": role})
                continue
            proposal.organizers.append(Fact(name.strip(), cited("organizers", name), role))
        proposal.officials = self._officials(proposal, cited)
        proposal.topics = [Fact(t, cited("topics", t)) for t in _lines(data["topics"])]
        matches.conference = data["existing_conference"]
        return not self.errors

    def _officials(self, proposal, cited):
        known = {fold(p.name): p for p in proposal.officials}
        people = []
        for line in _lines(self.cleaned_data["officials"]):
            parts = [p.strip() for p in line.split("|")] + ["", "", "", ""]
            rank, name, titles, roles = parts[:4]
            if not name:
                self.add_error("officials", _("Thiếu họ tên: %(l)s") % {"l": line})
                continue
            old = known.get(fold(name), Person(name=name))
            person = Person(name=name, rank=rank, printed=old.printed)
            person.rank_passage = old.rank_passage or (cited("officials", name) if rank else "")
            for title in filter(None, (t.strip() for t in titles.split(";"))):
                previous = next((t for t in old.titles if t.value == title), None)
                person.titles.append(previous or Fact(title, cited("officials", title)))
            for role in filter(None, (r.strip() for r in re.split(r"[,\s]+", roles))):
                if role not in ROLES:
                    self.add_error("officials", _("Vai trò không hợp lệ: %(r)s") % {"r": role})
                    continue
                previous = next((r for r in old.roles if r.value == role), None)
                person.roles.append(previous or Fact(role, cited("officials", name)))
            people.append(person)
        return people


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
