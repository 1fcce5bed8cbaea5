from django.http import Http404
from django.shortcuts import render

from core.downloads import file_response
from core.registry import model_from_label
from imports.blank_templates import blank_template, data_dictionary


def dictionary(request):
    """The data dictionary: every importable table, every column, with a blank template to download."""
    return render(request, "imports/dictionary.html", {"tables": data_dictionary()})


def template(request, label):
    try:
        model = model_from_label(label)
    except LookupError:
        raise Http404 from None
    return file_response(blank_template(model), f"{model._meta.model_name}-template.xlsx")
