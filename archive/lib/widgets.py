"""Form widgets the public pages share."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> built in Python, with the same markup as Django's widget. Django renders
    each <option> through a template, or at best through format_html and flatatt: tens of
    µs apiece, and the province list has about ninety."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        attrs = self.build_attrs(self.attrs, attrs)
        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for group, options in self.choices:
            if isinstance(options, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', group))
                parts += [self.option(v, label, selected) for v, label in options]
                parts.append("</optgroup>")
            else:
                parts.append(self.option(group, options, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def option(value, label, selected):
        value = "" if value is None else str(value)
        mark = " selected" if value in selected else ""
        return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes built in Python, with the markup of Django's widget: Django renders each
    box through three templates (the province list's 34 took a third of the staff report's
    page)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        attrs = self.build_attrs(self.attrs, attrs)
        container = attrs.pop("id", None)
        shared = flatatt(attrs)
        parts = [f'<div id="{escape(container)}">' if container else "<div>"]
        for index, (option, label) in enumerate(self.choices):
            option = "" if option is None else str(option)
            mark = " checked" if option in selected else ""
            box = f"{escape(container)}_{index}" if container else ""
            label_for, box_id = (f' for="{box}"', f' id="{box}"') if box else ("", "")
            parts.append(
                f'<div><label{label_for}><input type="checkbox" name="{escape(name)}" '
                f'value="{escape(option)}"{box_id}{mark}{shared}> {escape(label)}</label></div>'
            )
        parts.append("</div>")
        return mark_safe("".join(parts))
