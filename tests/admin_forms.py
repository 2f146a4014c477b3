"""Post an admin change form back as the page showed it, as a browser would."""

from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget


def _add_form(data, form):
    for field in form:
        value = field.value()
        widget = field.field.widget
        if isinstance(value, FieldFile):
            continue  # a browser does not send the current file back
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for i, part in enumerate(parts):
                data[f"{field.html_name}_{i}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = value


def change_form_data(response, **overrides):
    """The POST data of the admin change (or revision) form in `response`, every inline
    row included, with `overrides` (field name → value; None removes a field)."""
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
