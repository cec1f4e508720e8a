"""The crispy-forms template pack renders fields the Designsystemet way."""

from django import forms
from django.template import Context, Template

from tests.html import count_tags


class ExampleForm(forms.Form):
    title = forms.CharField(label="Prosjekttittel", help_text="Kort og beskrivende.", max_length=10)
    kind = forms.ChoiceField(
        label="Type", choices=[("a", "Klynge"), ("b", "Bedrift")], widget=forms.RadioSelect
    )
    notes = forms.CharField(label="Merknader", required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="Jeg bekrefter")


def _render(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_a_valid_form_has_labels_tied_to_inputs_and_no_error_summary():
    html = _render(ExampleForm())
    assert '<label class="ds-label" data-weight="medium" for="id_title">' in html
    assert 'id="id_title_helptext"' in html
    assert 'aria-describedby="id_title_helptext"' in html
    assert 'class="ds-input' in html
    assert "ds-error-summary" not in html
    assert "(valgfritt)" in html  # the optional field says so
    assert count_tags(html, "fieldset") == 1  # the radio group is a fieldset with a legend
    assert count_tags(html, "legend") == 1


def test_errors_are_summarised_at_the_top_and_linked_to_their_fields():
    form = ExampleForm(data={"title": "x" * 11, "agree": ""})
    assert not form.is_valid()
    html = _render(form)
    summary = html.index("ds-error-summary")
    assert summary < html.index('for="id_title"')
    assert 'href="#id_title"' in html
    assert 'href="#id_kind_0"' in html
    assert 'href="#id_agree"' in html
    assert 'id="id_title_error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "ds-validation-message" in html


def test_what_was_typed_is_kept_when_the_form_has_errors():
    form = ExampleForm(data={"title": "Altfor lang tittel", "notes": "<script>alert(1)</script>"})
    html = _render(form)
    assert 'value="Altfor lang tittel"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
