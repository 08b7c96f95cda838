from django import forms
from django.utils.translation import gettext_lazy as _

from .layouts import Kind
from .reading import EXTENSIONS, MAX_FILE_MB


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(kind.value, kind.label) for kind in Kind],
        widget=forms.RadioSelect,
        initial=Kind.CENTRES.value,
    )
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in Kind]
        self.fields["file"].help_text = _("Up to %(mb)s MB.") % {"mb": MAX_FILE_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."), code="extension"
            )
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB: split it into smaller files.")
                % {"mb": MAX_FILE_MB},
                code="size",
            )
        return upload
