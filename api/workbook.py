"""POST /api/v1/workbook/: a workbook of several tables (XLSX sheets, or a JSON object of arrays) as one import."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exceptions import APIErrors, error
from core.api.serializers import ErrorSerializer
from core.api.writes import problem_errors
from core.choices import ChangedViaChoices
from core.imports.context import ImportContext
from core.imports.workbooks import import_workbook

TRUE = {"1", "true", "yes", "on"}
SHEET_PRESETS = OpenApiParameter(
    "preset",
    OpenApiTypes.STR,
    description=gettext_lazy(
        "SHEET=NAME,…: the preset each of those sheets goes through (un-comtrade, world-bank-wdi or a saved one). "
        "By default a sheet goes through the preset its headers match, or the one it is named after."
    ),
)


class WorkbookErrorSerializer(ErrorSerializer):
    sheet = serializers.CharField(allow_null=True, help_text=gettext_lazy("The sheet (table) of the problem."))


class WorkbookReportSerializer(serializers.Serializer):
    """What a workbook import did (or, in a check, would do); when it is refused, only ``errors``."""

    dry_run = serializers.BooleanField(required=False, help_text=gettext_lazy("True when nothing was written."))
    rows = serializers.IntegerField(required=False, help_text=gettext_lazy("Rows read, every sheet together."))
    totals = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text=gettext_lazy("Rows by outcome (new, update, skip), every sheet together."),
    )
    sheets = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text=gettext_lazy("Each sheet: its table, rows and totals."),
    )
    errors = WorkbookErrorSerializer(
        many=True, required=False, help_text=gettext_lazy("The problems found, all at once.")
    )


def with_sheets(errors, problems):
    """The API errors of a workbook's problems, each naming its sheet (the last, "N more", names none)."""
    sheets = [problem.sheet or None for problem in problems]
    return [{"sheet": sheets[i] if i < len(sheets) else None, **item} for i, item in enumerate(errors)]


class WorkbookView(APIView):
    """The file in the multipart field ``file``; ``?dry_run=1`` checks it. All sheets or none are written."""

    parser_classes = [MultiPartParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        parameters=[SHEET_PRESETS],
        responses={200: WorkbookReportSerializer, 400: WorkbookReportSerializer},
        description=gettext_lazy(
            "Import a workbook of several tables (the file in the field file; ?dry_run=1 checks it): all sheets or none."  # noqa: E501 (one translatable message)
        ),
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise APIErrors([error(_("Send the file in the field “file”."), "required", "file")])
        dry_run = request.query_params.get("dry_run", "").lower() in TRUE
        name = upload.name or "workbook"
        context = ImportContext(
            user=request.user,
            dry_run=dry_run,
            file_name=name,
            via=ChangedViaChoices.API,
            preset=request.query_params.get("preset", ""),
        )
        report = import_workbook(upload.read(), name, context=context)
        body = {
            "dry_run": report.dry_run,
            "rows": report.rows,
            "totals": report.totals,
            "sheets": [asdict(summary) for summary in getattr(report, "sheets", [])],
            "errors": with_sheets(problem_errors(report.problems), report.problems),
        }
        return Response(body, status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)
