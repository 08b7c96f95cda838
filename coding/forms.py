from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QUOTE_MAX, THEME_CODE, Theme
from .notes import INSTRUMENTS, codable_items
from .selectors import MASK, Note, normalised


def item_choices():
    """Codable items grouped by instrument: `code · question`."""
    return [
        (
            str(model.spec.title),
            [
                (i.code, f"{i.code} · {i.label}")
                for i in codable_items()
                if i.instrument == instrument
            ],
        )
        for instrument, model in INSTRUMENTS.items()
    ]


class ThemeForm(forms.ModelForm):
    code = forms.CharField(
        label=Theme._meta.get_field("code").verbose_name,
        max_length=60,
        validators=[THEME_CODE],
        help_text=Theme._meta.get_field("code").help_text,
    )
    items = forms.MultipleChoiceField(
        label=_("Items it codes"),
        choices=item_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The questions whose notes or open answers this theme codes."),
        error_messages={"required": _("Choose at least one item.")},
    )

    class Meta:
        model = Theme
        fields = [
            "code", "label_es", "label_en", "description_es", "description", "items", "active",
        ]  # fmt: skip
        widgets = {
            "description_es": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True  # a theme's code is stable

    def _unique_label(self, name: str) -> str:
        label = " ".join(self.cleaned_data[name].split())
        others = Theme.objects.exclude(pk=self.instance.pk)
        if others.filter(**{f"{name}__iexact": label}).exists():
            raise forms.ValidationError(_("Another theme has this label."))
        return label

    def clean_label_es(self) -> str:
        return self._unique_label("label_es")

    def clean_label_en(self) -> str:
        return self._unique_label("label_en")


class NoteCodingForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    quote = forms.CharField(
        label=_("Quote (optional)"),
        max_length=QUOTE_MAX,
        required=False,
        help_text=_("A short excerpt of the note, copied from it (at most %(n)d characters).")
        % {"n": QUOTE_MAX},
    )

    def __init__(self, *args, note: Note, themes: list[Theme], **kwargs):
        super().__init__(*args, **kwargs)
        self.note = note
        self.fields["themes"].queryset = Theme.objects.filter(pk__in=[t.pk for t in themes])

    def clean_quote(self) -> str:
        quote = " ".join(self.cleaned_data["quote"].split())
        if not quote:
            return ""
        if MASK in quote:
            raise forms.ValidationError(_("A quote may not include a masked name."))
        if normalised(quote) not in normalised(self.note.text):
            raise forms.ValidationError(
                _("The quote must be an excerpt of the note: copy it from the note above.")
            )
        return quote
