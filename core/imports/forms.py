from django import forms
from django.utils.translation import gettext_lazy as _

from core.imports.readers import FORMATS


class ImportForm(forms.Form):
    import_file = forms.FileField(label=_("File"), help_text=_("CSV, TSV, XLSX or JSON; CSV in UTF-8 or GBK/GB18030."))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Detect from the file"))] + [(name, name.upper()) for name in FORMATS],
    )


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
