"""Quoted passages marked in the article they quote (archive.lib.passages)."""

import re

from archive.lib.passages import PassageMarker
from archive.lib.text import passage_anchor

TEXT = "Ngày 23/8, tại Lai Châu, hội nghị có 3.100 đại biểu & 114 điểm cầu."


def test_a_passage_is_marked_with_its_anchor_where_it_first_occurs():
    marker = PassageMarker(["3.100 đại biểu"])
    first, again = marker.mark(TEXT), marker.mark(TEXT)
    anchor = passage_anchor("3.100 đại biểu")
    assert f'<mark class="passage" id="{anchor}">3.100 đại biểu</mark>' in first
    assert "<mark" not in again  # an id is unique on the page
    assert "&amp; 114" in first  # the rest of the text is escaped


def test_whitespace_does_not_matter_and_the_same_words_share_an_anchor():
    assert passage_anchor("tại  Lai\u00a0Châu") == passage_anchor("tại Lai Châu")
    marker = PassageMarker(["tại  Lai\nChâu", "tại Lai Châu"])
    html = marker.mark(TEXT)
    assert html.count("<mark") == 1


def test_overlapping_passages_share_one_mark_and_each_keeps_an_anchor():
    outer, inner = "tại Lai Châu, hội nghị có 3.100", "3.100 đại biểu"
    html = PassageMarker([inner, outer]).mark(TEXT)
    assert html.count("<mark") == 1 and html.count("</mark>") == 1
    assert re.search(
        rf'<mark class="passage" id="{passage_anchor(outer)}">tại Lai Châu, hội nghị có '
        rf'<span class="passage-anchor" id="{passage_anchor(inner)}"></span>3.100 đại biểu</mark>',
        html,
    )


def test_passages_found_nowhere_are_left_for_the_page_to_show_apart():
    marker = PassageMarker(["3.100 đại biểu", "Ngày 11/8, tại Trà Vinh"])
    marker.mark(TEXT)
    assert marker.unplaced() == [
        (passage_anchor("Ngày 11/8, tại Trà Vinh"), "Ngày 11/8, tại Trà Vinh")
    ]
