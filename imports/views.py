from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.registry import model_from_label
from imports.blank_templates import blank_template, data_dictionary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dictionary(request):
    """The data dictionary: every importable table, every column, with a blank template to download."""
    return render(request, "imports/dictionary.html", {"tables": data_dictionary()})


def template(request, label):
    try:
        model = model_from_label(label)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(blank_template(model), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{model._meta.model_name}-template.xlsx"'
    return response
