"""The widgets built in Python give the markup of Django's own."""

import pytest
from django import forms
from django.test.html import parse_html

from archive.lib.widgets import QuickCheckboxes, QuickSelect

CHOICES = [("a", "Á <b>"), ("b&", "B"), ("c", "C")]


def rendered(widget, data):
    class Form(forms.Form):
        chosen = forms.MultipleChoiceField(choices=CHOICES, widget=widget, required=False)

    form = Form(data)
    form.is_valid()
    return parse_html(str(form["chosen"]))


@pytest.mark.parametrize("data", [{}, {"chosen": ["a", "b&"]}, {"chosen": ["zz"]}])
def test_quick_checkboxes_equal_django_checkboxes(data):
    assert rendered(QuickCheckboxes, data) == rendered(forms.CheckboxSelectMultiple, data)


def test_quick_select_equals_django_select():
    class Form(forms.Form):
        one = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)

    class Reference(forms.Form):
        one = forms.ChoiceField(choices=CHOICES)

    assert parse_html(str(Form({"one": "b&"})["one"])) == parse_html(
        str(Reference({"one": "b&"})["one"])
    )
