from django import forms
from django.utils.translation import gettext_lazy as _

from core.imports.presets import preset_choices
from core.imports.readers import FORMATS


class ImportForm(forms.Form):
    import_file = forms.FileField(label=_("File"), help_text=_("CSV, TSV, XLSX or JSON; CSV in UTF-8 or GBK/GB18030."))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Detect from the file"))] + [(name, name.upper()) for name in FORMATS],
    )
    preset = forms.ChoiceField(
        label=_("Preset"),
        required=False,
        help_text=_(
            "A file downloaded from UN Comtrade or the World Bank's WDI, or one whose columns you have matched "
            "and saved before, is read as it is."
        ),
    )

    def __init__(self, *args, model=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = preset_choices(model, user)
        if choices:
            self.fields["preset"].choices = [
                ("", _("Find from the file's header")),
                *choices,
                ("none", _("None: the file has the table's columns")),
            ]
        else:  # no published format for this table
            del self.fields["preset"]


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class WorkbookForm(forms.Form):
    import_file = forms.FileField(
        label=_("Workbook"),
        help_text=_("An XLSX file with a sheet per table (or a JSON object of arrays), named after the tables."),
    )


class MappingForm(forms.Form):
    """The mapping step: for each header the table does not know, the column it fills, or nothing."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, headers=(), fields=(), proposals=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— ignore this column —")), *fields]
        for index, header in enumerate(headers):
            self.fields[f"column-{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=(proposals or {}).get(header, "")
            )
        self.fields["preset_name"] = forms.CharField(
            label=_("Save these columns as a preset named"),
            required=False,
            max_length=60,
            help_text=_(
                "Optional. Lower-case letters, digits and hyphens. The next file with the same headers is then "
                "read with it by itself (for your organisation; a curator's preset is for everyone)."
            ),
        )
        self.headers = list(headers)

    def mapping(self):
        return {header: self.cleaned_data.get(f"column-{index}", "") for index, header in enumerate(self.headers)}
