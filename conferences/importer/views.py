"""Import article: paste or upload → review beside the source → confirm → drafts.

Three screens: the source; the review (duplicates said first, every fact editable with
the sentence it came from); then the draft conference, with a message saying what was
made and what publishing it will do.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from archive.models import Article, SourceDocument, sha256_hex

from . import Archive, ImportRefused, NoConference, UnreadableInput, analyse, write_drafts
from .forms import ReviewForm, SourceForm
from .match import Matches, match_records
from .write import proposed_title


def import_article(request):
    if not request.user.has_perm("conferences.add_conference"):
        raise PermissionDenied
    source_form = SourceForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": _("Nhập bài báo")}
    if request.method != "POST" or not source_form.is_valid():
        return render(request, "importer/import_article.html", context | {"form": source_form})
    data, file_name = source_form.cleaned_data["data"], source_form.cleaned_data["file_name"]
    archive = Archive()
    try:
        proposal, matches = analyse(
            data, file_name=file_name, archive=archive, outlet=source_form.cleaned_data["outlet"]
        )
    except (UnreadableInput, NoConference) as error:
        source_form.add_error(None, str(error))
        return render(request, "importer/import_article.html", context | {"form": source_form})
    doc = proposal.document
    url = source_form.cleaned_data["url"] or None
    # The review step posts the decoded text back, so an upload is read only once.
    source_form = SourceForm(
        initial={"text": doc.text, "file_name": file_name, "url": url, "outlet": matches.outlet}
    )
    if "confirm" in request.POST:
        review = ReviewForm(request.POST)
        if review.is_valid() and review.apply(proposal, matches):
            _match_position_organizations(proposal, matches, archive)
            try:
                written = write_drafts(
                    proposal,
                    matches,
                    file_name=file_name,
                    url=url,
                    title=review.cleaned_data["title"],
                    user=request.user,
                )
            except ImportRefused as error:
                review.add_error(None, str(error))
            else:
                messages.success(request, _written_message(written))
                change = "admin:conferences_conference_change"
                return redirect(reverse(change, args=[written.conference.pk]))
    else:
        review = ReviewForm.from_proposal(proposal, matches, proposed_title(proposal)[0])
    context |= {
        "form": source_form,
        "review": review,
        "groups": _groups(review, proposal),
        "proposal": proposal,
        "matches": matches,
        "imported": _already_imported(doc, url or doc.url),
        "same_event": matches.conference,
        "same_event_reasons": getattr(matches, "conference_reasons", []),
        "source": _highlighted(doc, proposal),
    }
    return render(request, "importer/import_article.html", context)


def _already_imported(doc, url):
    """The articles made from this page before: same address, or the same text."""
    found = Article.objects.filter(source_document__sha256=sha256_hex(doc.text))
    if url:
        found = found | Article.objects.filter(url=url)
    documents = SourceDocument.objects.filter(sha256=sha256_hex(doc.text), articles__isnull=True)
    return list(found.distinct().order_by("pk")), list(documents)


def _match_position_organizations(proposal, matches, archive):
    """Positions name their organisation ("Phó Cục trưởng Cục Đối ngoại"): match those of
    titles the editor added or corrected, without touching the records the editor chose
    for organisers, officials and topics."""
    found = Matches()
    match_records(proposal, found, archive)
    for name, organization in found.organizations.items():
        matches.organizations.setdefault(name, organization)


def _groups(review, proposal):
    """The review form's fields in sections, each with the sentence it was read from."""

    def passage(fact):
        return fact.passage if fact else ""

    def rows(*names_and_facts):
        # A sentence that states several facts is quoted once, under the first.
        shown, fields = set(), []
        for name, fact in names_and_facts:
            quote = passage(fact)
            fields.append((review[name], "" if quote in shown else quote))
            shown.add(quote)
        return fields

    return [
        (_("Bài báo"), rows(("title", None))),
        (
            _("Hội nghị"),
            rows(
                ("name", proposal.name),
                ("date", proposal.date),
                ("province", proposal.province),
                ("venue", proposal.city),
                ("format", proposal.format),
                ("scope", proposal.scope),
            ),
        ),
        (
            _("Số liệu"),
            rows(
                ("attendees", proposal.attendees),
                ("attendees_qualifier", None),
                ("connection_points", proposal.connection_points),
                ("provinces_participating", proposal.provinces_participating),
            ),
        ),
    ]


def _written_message(written):
    """What was made, where to find it, and what publishing will do."""

    def link(record):
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record)

    kinds = {}
    for record in written.created:
        kinds.setdefault(type(record)._meta, []).append(record)
    new = format_html_join(
        ", ",
        "{} {}",
        ((len(records), opts.verbose_name) for opts, records in kinds.items()),
    )
    if written.conference_created:
        made = format_html(
            _("Đã tạo bản nháp hội nghị “{}” và bài báo “{}”."),
            link(written.conference),
            link(written.article),
        )
    else:
        made = format_html(
            _("Đã thêm bài báo nháp “{}” làm nguồn tin mới của hội nghị “{}”."),
            link(written.article),
            link(written.conference),
        )
    private = (
        format_html(_("Chưa ai ngoài ban biên tập thấy chúng, kể cả những mục mới: {}."), new)
        if written.created
        else _("Chưa ai ngoài ban biên tập thấy chúng.")
    )
    publishing = _(
        "Xem lại, xem trước, rồi bấm “Lưu và công bố” trên trang hội nghị: hội nghị và bài "
        "báo nguồn được công bố cùng nhau, và những gì chúng trích dẫn hiện lên trang công "
        "khai."
    )
    return format_html("{} {} {}", made, private, publishing)


def _passages(proposal):
    facts = [
        proposal.name,
        proposal.date,
        proposal.province,
        proposal.city,
        proposal.format,
        proposal.attendees,
        proposal.connection_points,
        proposal.provinces_participating,
        proposal.scope,
        *proposal.organizers,
        *proposal.presenting_organizations,
        *proposal.topics,
        *(role for person in proposal.officials for role in person.roles),
    ]
    return {fact.passage for fact in facts if fact and fact.passage}


def _highlighted(doc, proposal):
    """The article's parts with every cited passage marked."""
    passages = _passages(proposal)
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
