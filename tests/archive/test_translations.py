"""The English catalog (locale/en) is complete, keeps its placeholders and is compiled."""

import ast
import datetime
import re
from collections import Counter

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from conferences.models import Conference, Participation
from people.models import Official
from tests.factories import make_conference, make_province

PO_FILE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
# %(name)s, %s, %d and {name}; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def read_po(path):
    """The catalog's entries as dicts of "flags", "msgctxt", "msgid", "msgid_plural", "msgstr"
    or "msgstr[n]"."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return [entry for entry in entries if entry["msgid"]]  # without the header


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


ENTRIES = read_po(PO_FILE)


def test_catalog_has_the_site_strings():
    msgids = {entry["msgid"] for entry in ENTRIES}
    assert len(ENTRIES) > 400
    assert {"Hội nghị", "Quan chức", "Bỏ qua điều hướng", "tỉnh, thành phố"} <= msgids


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [e["msgid"] for e in ENTRIES if not all(translations(e))]
    fuzzy = [e["msgid"] for e in ENTRIES if "fuzzy" in e.get("flags", ())]
    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_both_english_forms():
    plurals = [entry for entry in ENTRIES if "msgid_plural" in entry]
    assert plurals
    for entry in plurals:
        assert set(entry) >= {"msgstr[0]", "msgstr[1]"}, entry["msgid"]


def test_placeholders_are_kept():
    for entry in ENTRIES:
        expected = Counter(PLACEHOLDER.findall(entry["msgid"]))
        for msgstr in translations(entry):
            assert Counter(PLACEHOLDER.findall(msgstr)) == expected, entry["msgid"]


def test_compiled_catalog_matches_the_po_file():
    """Catches a .po edited without running compilemessages."""
    with translation.override("en"):
        for entry in ENTRIES:
            if "msgctxt" in entry and "msgid_plural" in entry:
                forms = [
                    translation.npgettext(
                        entry["msgctxt"], entry["msgid"], entry["msgid_plural"], n
                    )
                    for n in (1, 2)
                ]
                assert forms == [entry["msgstr[0]"], entry["msgstr[1]"]]
            elif "msgctxt" in entry:
                assert translation.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
            elif "msgid_plural" in entry:
                singular = translation.ngettext(entry["msgid"], entry["msgid_plural"], 1)
                plural = translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
                assert [singular, plural] == [entry["msgstr[0]"], entry["msgstr[1]"]]
            else:
                assert translation.gettext(entry["msgid"]) == entry["msgstr"]


def test_key_labels_in_english():
    with translation.override("en"):
        assert str(Conference._meta.verbose_name) == "conference"
        assert str(Official._meta.verbose_name) == "official"
        assert str(Participation.Role.CHAIR.label) == "chaired"
        assert str(Participation.Role.ATTENDEE.label) == "attended"
        assert translation.gettext("Hội nghị") == "Conferences"
    with translation.override("vi"):
        assert str(Conference._meta.verbose_name) == "hội nghị"


@pytest.mark.django_db
def test_english_address_switches_the_navigation_to_english(client, django_assert_max_num_queries):
    province = make_province("Phú Thọ")
    for day in range(1, 4):
        make_conference(province=province, on=datetime.date(2024, 5, day))
    url = reverse("conferences:list")

    vietnamese = client.get(url).content.decode()
    assert '<html lang="vi">' in vietnamese
    assert "Bỏ qua điều hướng" in vietnamese

    with django_assert_max_num_queries(5):
        response = client.get(f"/en{url}")
    english = response.content.decode()
    assert '<html lang="en">' in english
    assert "Skip navigation" in english
    assert f'<a href="/en{url}" aria-current="page">Conferences</a>' in english
    assert ">Officials</a>" in english
    assert "3 conferences" in english
    assert "Bỏ qua điều hướng" not in english
