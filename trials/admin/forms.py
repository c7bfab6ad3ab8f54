"""The curators' forms: the trial form with its instructions, the inline forms that need more
than Django's defaults, and the upload form of imports from the browser."""

from django import forms
from django.core.exceptions import ValidationError

from trials.models import Publication, ReviewFlag, Trial
from trials.parsers import FORMATS

# Form fields that are instructions, not trial data.
INSTRUCTION_FIELDS = {"release_locks", "mark_reviewed"}


def field_label(name: str) -> str:
    """A (lockable) field's name as a curator reads it."""
    return name.replace("_", " ")


class TrialAdminForm(forms.ModelForm):
    release_locks = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ticked fields take the sources' values again and follow later imports.",
    )
    mark_reviewed = forms.BooleanField(
        required=False,
        label="Mark reviewed",
        help_text="Record that you checked this trial against its sources.",
    )

    class Meta:
        model = Trial
        fields = ()  # TrialAdmin's fieldsets name them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locked = list(self.instance.locked_fields or []) if self.instance.pk else []
        if "release_locks" in self.fields:
            self.fields["release_locks"].choices = [(name, field_label(name)) for name in locked]
        for name in locked:
            if name in self.fields:
                field = self.fields[name]
                note = "Locked: a curator edited this, imports keep it."
                field.help_text = f"{note} {field.help_text}" if field.help_text else note

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("title", self.instance.title)
        if cleaned.get("publication") == Publication.PUBLISHED and not (title or "").strip():
            self.add_error("publication", "A trial without a title cannot be published.")
        return cleaned


class RegistryIdFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        primaries = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_primary") and not form.cleaned_data.get("DELETE")
        ]
        if len(primaries) > 1:
            raise ValidationError("Only one registry id can be the primary one.")


class ReviewFlagForm(forms.ModelForm):
    resolve = forms.BooleanField(required=False, label="Resolve")

    class Meta:
        model = ReviewFlag
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.resolved_at is not None:
            self.fields["resolve"].disabled = True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """One or more files; each is checked by the importer's rules, not here."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise ValidationError("Choose one or more documents.", code="required")
        return files


class ImportForm(forms.Form):
    documents = DocumentsField(
        help_text="Trial pages saved as text (UTF-8, UTF-16 with BOM or cp1252)."
    )
    format = forms.ChoiceField(
        required=False,
        help_text="Leave empty to detect each document's format.",
    )
    publish = forms.BooleanField(required=False, help_text="Publish trials this creates.")

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [("", "detect"), *((n, n) for n in sorted(FORMATS))]
        if not can_publish:
            del self.fields["publish"]
