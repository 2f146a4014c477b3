"""Rows of evidence edited inside a record (a fact, its article and the passage that
states it), laid out to fit a 1,280 px screen: stacked, a few short fields a line, the
passage across the form."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models

PASSAGE_OVERRIDES = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "class": "passage"})}
}


class EvidenceRowsInline(admin.StackedInline):
    formfield_overrides = PASSAGE_OVERRIDES
    extra = 0
    # A row's own public address is its record's page; one link to it is enough.
    view_on_site = False
    classes = ["evidence-rows"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        if isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # Beside each of many rows, only "add" earns its width: editing or deleting
            # an official or organisation is done on its own page.
            widget = formfield.widget
            widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
            # A source article is imported or added on its own, not from a fact's row.
            widget.can_add_related &= db_field.name != "article"
        if db_field.name == "passage":
            formfield.help_text = ""  # said once, in the section's description
        return formfield
