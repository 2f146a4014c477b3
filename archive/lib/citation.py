"""“Cite this record”: how to cite one of the archive's pages, as plain text, BibTeX and
CSL-JSON (what reference managers import)."""

import json
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Characters with a meaning in BibTeX, written so that they print as themselves.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_text(value):
    return "".join(_BIBTEX.get(char, char) for char in str(value))


def citation(*, key, title, url, archive, accessed, issued=None, publisher=""):
    """{"text", "bibtex", "csl_json"} for the record at `url`. `issued` is a date or a
    (year, month, day) prefix the source gives (None when unknown); `publisher` the outlet
    of an article."""
    parts = [f"“{title}”"]
    if publisher:
        parts.append(publisher)
    if issued:
        parts.append("/".join(str(n) for n in reversed(issued)))
    parts.append(archive)
    text = (
        ". ".join(parts)
        + ". "
        + url
        + " "
        + _("(truy cập ngày %(date)s).") % {"date": date_format(accessed, "DATE_FORMAT")}
    )
    fields = {
        "title": bibtex_text(title),
        "howpublished": f"\\url{{{url}}}",
        "organization": bibtex_text(archive),
        "urldate": accessed.isoformat(),
        "language": "vietnamese",
    }
    if publisher:
        fields["publisher"] = bibtex_text(publisher)
    if issued:
        fields["year"] = str(issued[0])
    entry_key = re.sub(r"[^A-Za-z0-9-]", "", key)
    bibtex = "@misc{" + entry_key + ",\n"
    bibtex += ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items()) + "\n}"
    csl = {
        "id": entry_key,
        "type": "webpage",
        "title": title,
        "container-title": archive,
        "URL": url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": "vi",
    }
    if issued:
        csl["issued"] = {"date-parts": [list(issued)]}
    if publisher:
        csl["publisher"] = publisher
    return {
        "url": url,
        "title": title,
        "archive": archive,
        "accessed": accessed,
        "text": text,
        "bibtex": bibtex,
        "csl_json": json.dumps([csl], ensure_ascii=False, indent=2),
    }


def for_record(request, record, title, **details):
    """The citation of `record`'s page, as the reader sees it today."""
    return citation(
        key=f"{record._meta.model_name}-{record.slug}",
        title=title,
        url=request.build_absolute_uri(record.get_absolute_url()),
        archive=_("Lưu trữ hội nghị tập huấn nhân quyền"),
        accessed=timezone.localdate(),
        **details,
    )
