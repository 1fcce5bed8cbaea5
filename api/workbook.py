"""POST /api/v1/workbook/: a workbook of several tables (XLSX sheets, or a JSON object of arrays) as one import."""

from dataclasses import asdict

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.choices import ChangedViaChoices
from core.imports.workbooks import import_workbook

TRUE = {"1", "true", "yes", "on"}


class WorkbookView(APIView):
    """The file in the multipart field ``file``; ``?dry_run=1`` checks it. All sheets or none are written."""

    parser_classes = [MultiPartParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=None,
        description=gettext_lazy(
            "Import a workbook of several tables (the file in the field file; ?dry_run=1 checks it): all sheets or none."  # noqa: E501 (one translatable message)
        ),
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"errors": [{"field": "file", "message": "Send the file in the field “file”."}]}, 400)
        dry_run = request.query_params.get("dry_run", "").lower() in TRUE
        report = import_workbook(
            upload.read(), upload.name or "workbook", user=request.user, dry_run=dry_run, via=ChangedViaChoices.API
        )
        body = {
            "dry_run": report.dry_run,
            "rows": report.rows,
            "totals": report.totals,
            "sheets": [asdict(summary) for summary in getattr(report, "sheets", [])],
            "errors": [
                {
                    "sheet": p.sheet,
                    "row": p.row,
                    "field": p.column,
                    "value": None if p.value is None else str(p.value),
                    "message": str(p.message),
                }
                for p in report.problems
            ],
        }
        return Response(body, status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)
