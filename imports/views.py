from django.http import Http404
from django.shortcuts import render

from core.downloads import file_response
from core.registry import model_from_label
from imports.blank_templates import data_dictionary
from imports.template_files import table_template, workbook_template


def dictionary(request):
    """The data dictionary: every importable table, every column, with a blank template to download."""
    return render(request, "imports/dictionary.html", {"tables": data_dictionary()})


def template(request, label):
    """A table's template, written for the user: their columns, their keys in the drop-down lists."""
    try:
        model = model_from_label(label)
    except LookupError:
        raise Http404 from None
    return file_response(table_template(model, request.user), f"{model._meta.model_name}-template.xlsx")


def workbook(request):
    """The workbook template: a sheet per table the user may import (every table for a visitor)."""
    return file_response(workbook_template(request.user), "workbook-template.xlsx")
