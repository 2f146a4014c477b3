"""Import article: paste or upload → proposal beside the source → correct → confirm → drafts."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import Archive, ImportRefused, NoConference, UnreadableInput, analyse, write_drafts
from .forms import ReviewForm, SourceForm
from .match import match_records
from .write import proposed_title


def import_article(request):
    if not request.user.has_perm("conferences.add_conference"):
        raise PermissionDenied
    source_form = SourceForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": _("Nhập bài báo")}
    if request.method != "POST" or not source_form.is_valid():
        return render(request, "importer/import_article.html", context | {"form": source_form})
    data, file_name = source_form.cleaned_data["data"], source_form.cleaned_data["file_name"]
    try:
        proposal, matches = analyse(
            data, file_name=file_name, outlet=source_form.cleaned_data["outlet"]
        )
    except (UnreadableInput, NoConference) as error:
        source_form.add_error(None, str(error))
        return render(request, "importer/import_article.html", context | {"form": source_form})
    doc = proposal.document
    # The review step posts the decoded text back, so an upload is read only once.
    source_form = SourceForm(
        initial={
            "text": doc.text,
            "file_name": file_name,
            "url": source_form.cleaned_data["url"],
            "outlet": matches.outlet,
        }
    )
    if "confirm" in request.POST:
        review = ReviewForm(request.POST)
        if review.is_valid() and review.apply(proposal, matches):
            match_records(proposal, matches, Archive())
            try:
                written = write_drafts(
                    proposal,
                    matches,
                    file_name=file_name,
                    url=source_form.initial["url"] or None,
                    title=review.cleaned_data["title"],
                    user=request.user,
                )
            except ImportRefused as error:
                review.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Đã tạo bài báo nháp “%(a)s” cho hội nghị “%(c)s”.")
                    % {"a": written.article, "c": written.conference},
                )
                return redirect(
                    reverse("admin:conferences_conference_change", args=[written.conference.pk])
                )
    else:
        review = ReviewForm(
            initial=ReviewForm.initial_from(proposal, matches, proposed_title(proposal)[0])
        )
    context |= {
        "form": source_form,
        "review": review,
        "proposal": proposal,
        "matches": matches,
        "rows": _rows(proposal, matches),
        "source": _highlighted(doc, proposal),
    }
    return render(request, "importer/import_article.html", context)


def _rows(proposal, matches):
    """(label, value, passage, matched record or None, is a matchable field) for the table."""
    rows = []

    def add(label, fact, record=None, matchable=False):
        if fact:
            rows.append((label, fact.value, fact.passage, record, matchable))

    add(_("Tên hội nghị"), proposal.name, matches.conference, True)
    add(_("Ngày"), proposal.date)
    add(_("Tỉnh, thành phố"), proposal.province, matches.province, True)
    add(_("Địa điểm"), proposal.city)
    add(_("Hình thức"), proposal.format)
    add(_("Số đại biểu"), proposal.attendees)
    add(_("Số điểm cầu"), proposal.connection_points)
    add(_("Số tỉnh, thành phố"), proposal.provinces_participating)
    add(_("Phạm vi"), proposal.scope)
    for fact in proposal.organizers + proposal.presenting_organizations:
        add(_("Tổ chức"), fact, matches.organizations.get(fact.value), True)
    for person in proposal.officials:
        for role in person.roles:
            value = f"{person.rank} {person.name} — {role.value}".strip()
            rows.append(
                (_("Quan chức"), value, role.passage, matches.officials.get(person.name), True)
            )
    for fact in proposal.topics:
        add(_("Chuyên đề"), fact, matches.topics.get(fact.value), True)
    return rows


def _highlighted(doc, proposal):
    """The article's parts with every cited passage marked."""
    passages = {row[2] for row in _rows(proposal, _NoMatches()) if row[2]}
    blocks = [("h2", doc.title)] if doc.title else []
    blocks += [("p class='lead'", doc.lead)] if doc.lead else []
    blocks += [("p", p) for p in doc.paragraphs]
    blocks += [
        ("figcaption", f"{i.caption} ({i.credit})" if i.credit else i.caption) for i in doc.images
    ]
    html = []
    for tag, text in blocks:
        marked = escape(text)
        for passage in sorted(passages, key=len, reverse=True):
            escaped = escape(passage)
            if escaped in marked and f"<mark>{escaped}" not in marked:
                marked = marked.replace(escaped, f"<mark>{escaped}</mark>", 1)
        html.append(f"<{tag}>{marked}</{tag.split()[0]}>")
    return mark_safe("\n".join(html))


class _NoMatches:
    conference = province = None
    organizations = officials = topics = {}
