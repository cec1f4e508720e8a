"""Helpers for rendering form fields the Designsystemet way (used by the crispy template pack)."""

from django import template

register = template.Library()


@register.filter
def ds_describedby(field) -> str:
    """The ids a field's input is described by: its description and its error message."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def ds_widget_kind(field) -> str:
    """A short name for the kind of input: text, textarea, select, checkbox, choices, file."""
    widget = field.field.widget
    name = widget.__class__.__name__
    if name in {"CheckboxSelectMultiple", "RadioSelect"}:
        return "choices"
    if name == "CheckboxInput":
        return "checkbox"
    if name in {"Select", "SelectMultiple", "NullBooleanSelect"}:
        return "select"
    if name == "Textarea":
        return "textarea"
    if name in {"FileInput", "ClearableFileInput"}:
        return "file"
    return "text"


@register.filter
def ds_anchor(field) -> str:
    """The id an error summary links to: the input, or the first option of a choice group."""
    if ds_widget_kind(field) == "choices":
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def ds_counted(field):
    """A text area with a length limit gets a character counter instead of ``maxlength``.

    The browser would cut pasted text at ``maxlength`` without a word; the counter shows how
    much too long it is and the form says so, while the form's own validation stays the judge.
    """
    limit = getattr(field.field, "max_length", None)
    if ds_widget_kind(field) != "textarea" or not limit:
        return None
    field.field.widget.attrs.pop("maxlength", None)
    return limit
