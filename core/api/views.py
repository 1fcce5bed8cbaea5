"""The base viewset of every model: natural-key lookup, visibility by role, the model's FilterSet,
ordering, pagination, CSV streaming, writes and bulk imports through the import layer, and series."""

from functools import cache
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils import formatting

from core.api import csv
from core.api.exceptions import APIErrors, error
from core.api.lookups import LOOKUPS, Lookup
from core.api.parsers import BulkJSONParser
from core.api.serializers import ImportReportSerializer
from core.api.writes import Write, problem_errors
from core.cache import public_page
from core.choices import ChangedViaChoices
from core.downloads import attachment
from core.history import history_context
from core.imports.marked import can_mark, marked_file
from core.imports.services import import_file
from core.jobs.api import queue_bulk
from core.registry import entry_for

TRUE = {"1", "true", "yes", "on"}
DRY_RUN = OpenApiParameter(
    "dry_run", OpenApiTypes.BOOL, description=gettext_lazy("Check every row and report, but write nothing.")
)
PRESET = OpenApiParameter(
    "preset",
    OpenApiTypes.STR,
    description=gettext_lazy(
        "Read the file with a preset: a published format, un-comtrade (trade records) or world-bank-wdi "
        "(observations), or a preset saved in the admin; none for no preset. By default a file whose header "
        "is one of these formats is read as it."
    ),
)
BACKGROUND = OpenApiParameter(
    "background",
    OpenApiTypes.BOOL,
    description=gettext_lazy(
        "Run the import as a background job: 202 Accepted with the job's URL (Location), which gives "
        "its state and progress and, once it ends, the report."
    ),
)


class MarkedFile(Exception):  # noqa: N818 - not an error: the answer to ?marked=1
    """Carries the response that hands a file back with its problems marked."""

    def __init__(self, response):
        super().__init__()
        self.response = response


# Anonymous reads are cached like the portal's pages (after authentication and throttling), apart per
# negotiated format: the browsable API's HTML and the JSON share a URL.
CACHE_VARY = ("HTTP_ACCEPT",)
# An anonymous CSV holds at most this many records (one request held a worker for 120 s); a token's has no bound.
ANONYMOUS_CSV_MAX_ROWS = 20_000


@cache
def related_fields(serializer_class):
    """The relations a serializer names by natural key (``partner`` → ``KAZ``), to select with the records."""
    return [
        field.source
        for field in serializer_class().fields.values()
        if isinstance(field, serializers.SlugRelatedField) and "." not in field.source
    ]


def visible_of(model, *select_related):
    """A ``nested`` entry: the records of ``model`` the user may read."""
    return lambda user: model._default_manager.select_related(*select_related).visible_to(user)


class JSONOnly(DefaultContentNegotiation):
    """JSON whatever the client accepts (the bulk endpoint answers programs, never a browser page)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PortalViewSet(viewsets.ModelViewSet):
    """Subclasses set ``queryset``, ``serializer_class``, ``filterset_class``, ``ordering_fields``
    ({public name: ORM paths}), ``lookup`` unless the slug names the record, and, for nested
    lists, ``nested`` ({relation: function(user) -> queryset of the related records to show}).
    The records a serializer names by natural key are loaded with the list, in the same query."""

    lookup = Lookup.slug()
    ordering_fields = {}
    ordering = None
    nested = {}
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def __init_subclass__(cls, **kwargs):
        """A model's serializer and FilterSet are the ones its registry entry names (``core.registry``);
        a subclass may name others."""
        super().__init_subclass__(**kwargs)
        if cls.queryset is None:
            return
        model = cls.queryset.model
        entry = entry_for(model)
        cls.serializer_class = cls.serializer_class or entry.serializer_class
        cls.filterset_class = getattr(cls, "filterset_class", None) or entry.filterset_class
        LOOKUPS[model] = cls.lookup

    def initial(self, request, *args, **kwargs):
        # An unsupported method is a 405, before authentication could turn it into a 401.
        if not hasattr(self, request.method.lower()):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    # -- description (browsable API and schema) ----------------------------------------------

    ACTION_DESCRIPTIONS = {
        "list": gettext_lazy(
            "Filter by the fields' natural keys (several comma-separated), search with `?search=`, sort with "
            "`?ordering=`, page with `?page=` and `?page_size=` (at most 1000), or take every matching record "
            "as CSV with `?format=csv`. Without a curator's token, only published records are listed."
        ),
        "retrieve": gettext_lazy("One record, by its key."),
        "create": gettext_lazy(
            "Create a record: curators, and partners for their organisation's records, which start as drafts. "
            "The body is checked as a spreadsheet import is; every problem is reported at once."
        ),
        "update": gettext_lazy(
            "Change a record, checked as a spreadsheet import is: curators, and partners for their "
            "organisation's records. Fields left out keep their values; the key cannot change."
        ),
        "destroy": gettext_lazy("Delete a record: curators only."),
    }

    def get_view_description(self, html=False):
        model = self.queryset.model
        text = " ".join((model.__doc__ or "").split())
        example = "/".join(segment.example or "…" for segment in self.lookup.segments)
        text += " " + _("Key: `%(example)s`.") % {"example": example}
        action = {"partial_update": "update"}.get(self.action, self.action)
        if action in self.ACTION_DESCRIPTIONS:
            text += "\n\n" + str(self.ACTION_DESCRIPTIONS[action])
        return formatting.markup_description(text) if html else text

    # -- reading -------------------------------------------------------------------------------

    def get_queryset(self):
        return self.with_related(super().get_queryset().visible_to(self.request.user))

    def with_related(self, queryset):
        related = {*self.lookup.select_related(), *related_fields(self.serializer_class)}
        return queryset.select_related(*sorted(related)).prefetch_related(*self.prefetches())

    def prefetches(self):
        user = self.request.user
        return [Prefetch(name, queryset=related(user)) for name, related in self.nested.items()]

    def get_object(self):
        filters = self.lookup.filters(self.kwargs)
        if filters is None:
            raise NotFound(_("No record has this key; see the endpoint's list for the keys."))
        instance = self.get_queryset().filter(**filters).first()
        if instance is None:
            raise NotFound(_("No record has this key; see the endpoint's list for the keys."))
        self.check_object_permissions(self.request, instance)
        return instance

    def perform_content_negotiation(self, request, force=False):
        if not force and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise NotFound(_("Give a format (json or csv), or leave the parameter out."))
        return super().perform_content_negotiation(request, force)

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers.append(csv.CSVRenderer())
        return renderers

    @method_decorator(public_page(vary=CACHE_VARY))
    def list(self, request, *args, **kwargs):
        if (from_release := release_response(self, request)) is not None:
            return from_release
        if request.accepted_renderer.format == "csv":
            return self.csv_response()
        return super().list(request, *args, **kwargs)

    @method_decorator(public_page(vary=CACHE_VARY))
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def csv_response(self):
        self.paginator.check(self.request)
        serializer = self.get_serializer()
        queryset = self.filter_queryset(self.get_queryset())
        user = self.request.user
        if not user.is_authenticated and queryset[ANONYMOUS_CSV_MAX_ROWS:].exists():
            message = _(
                "More than %(limit)s records: narrow the filters, or sign in with a token for the whole export."
            ) % {"limit": f"{ANONYMOUS_CSV_MAX_ROWS:,}"}
            raise serializers.ValidationError({self.settings.URL_FORMAT_OVERRIDE: message}, "too_many_rows")
        related_filters = {
            name: Q(**{f"{field.source}__in": self.nested[field.source](user)})
            for name, field in serializer.fields.items()
            if field.source in self.nested
        }
        response = StreamingHttpResponse(
            csv.stream(queryset, csv.columns_of(serializer), related_filters), content_type="text/csv; charset=utf-8"
        )
        return attachment(response, f"{slugify(str(queryset.model._meta.verbose_name_plural))}.csv")

    def finalize_response(self, request, response, *args, **kwargs):
        # An error is JSON even when the client asked for CSV.
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and getattr(getattr(request, "accepted_renderer", None), "format", None) == "csv"
        ):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    # -- writing -------------------------------------------------------------------------------

    def writer(self):
        return Write(self.get_serializer(), self.request.user)

    def audited(self):
        """The request's changes go into the records' history as made through the API, with the token's prefix."""
        return history_context(user=self.request.user, changed_via=ChangedViaChoices.API, token=self.request.auth)

    def created_or_updated(self, instance, status_code):
        instance = self.with_related(self.queryset.model._default_manager.filter(pk=instance.pk)).get()
        data = self.get_serializer(instance).data
        headers = {"Location": data["api_url"]} if status_code == status.HTTP_201_CREATED else {}
        return Response(data, status=status_code, headers=headers)

    def create(self, request, *args, **kwargs):
        with self.audited():
            instance = self.writer().create(request.data)
        return self.created_or_updated(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        writer = self.writer()
        with self.audited():
            instance = writer.update(self.get_object(), request.data, partial=kwargs.get("partial", False))
        if writer.report.totals.get("pending"):  # a partner's change to a published record waits for review
            record = self.created_or_updated(instance, status.HTTP_200_OK).data
            return Response({"detail": writer.report.review_message, "record": record}, status=status.HTTP_202_ACCEPTED)
        return self.created_or_updated(instance, status.HTTP_200_OK)

    def perform_destroy(self, instance):
        with self.audited():
            instance.delete()

    # JSON and a file are two operations in the schema (``bulk/`` and ``bulk/file/``): with both bodies on one
    # operation, generated clients (openapi-python-client) fail. ``bulk/`` still takes a file, as it always has.
    @extend_schema(
        request={"application/json": {"type": "array", "items": {"type": "object"}}},
        parameters=[DRY_RUN, BACKGROUND],
        responses={200: ImportReportSerializer, 202: OpenApiTypes.OBJECT},
        description=gettext_lazy(
            "Create and update many records at once, all or none: a JSON array of records (as the list gives "
            "them). Rows are matched to stored records by natural key. To send a spreadsheet, use `bulk/file/`."
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk",
        parser_classes=[BulkJSONParser, MultiPartParser],
        renderer_classes=[JSONRenderer],
        content_negotiation_class=JSONOnly,
    )
    def bulk(self, request, *args, **kwargs):
        dry_run = request.query_params.get("dry_run", "").lower() in TRUE
        writer = self.writer()
        if request.query_params.get("background", "").lower() in TRUE:  # 202 and the job's URL
            if request.content_type.startswith("multipart/"):
                upload = self.uploaded_file(request)
                preset = {"preset": request.query_params["preset"]} if "preset" in request.query_params else None
                return queue_bulk(writer.model, request, upload.read(), upload.name or "upload", "", dry_run, preset)
            content = writer.content(writer.bulk_rows(request.data))
            return queue_bulk(writer.model, request, content, "api.json", "json", dry_run)
        with self.audited():
            if request.content_type.startswith("multipart/"):
                try:
                    report = self.bulk_file(writer, request, dry_run)
                except MarkedFile as marked:
                    return marked.response
            else:
                report = writer.bulk(request.data, dry_run=dry_run)
        return Response(
            {
                "model": report.model_label,
                "dry_run": report.dry_run,
                "rows": report.rows,
                "totals": report.totals,
                "message": report.review_message,
            }
        )

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        parameters=[DRY_RUN, BACKGROUND, PRESET],
        responses={200: ImportReportSerializer, 202: OpenApiTypes.OBJECT},
        description=gettext_lazy(
            "Create and update many records at once, all or none, from a CSV, TSV, XLSX or JSON file in the "
            "multipart field `file`, with the same columns as the list's CSV. Rows are matched to stored "
            "records by natural key."
        ),
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk/file",
        parser_classes=[MultiPartParser],
        renderer_classes=[JSONRenderer],
        content_negotiation_class=JSONOnly,
    )
    def bulk_upload(self, request, *args, **kwargs):
        return self.bulk(request, *args, **kwargs)

    def bulk_file(self, writer, request, dry_run):
        upload = self.uploaded_file(request)
        content = upload.read()
        report = import_file(
            writer.model,
            content,
            upload.name or "upload",
            user=request.user,
            dry_run=dry_run,
            via=ChangedViaChoices.API,
            preset=request.query_params.get("preset", ""),
        )
        if not report.ok and request.query_params.get("marked", "").lower() in TRUE:
            if can_mark(report, upload.name):  # ?marked=1: the file back, its problems marked, with the 400
                data, name, content_type = marked_file(content, upload.name or "upload", report)
                raise MarkedFile(attachment(HttpResponse(data, content_type=content_type, status=400), name))
        if not report.ok:
            raise APIErrors(problem_errors(report.problems))
        return report

    def uploaded_file(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise APIErrors([error(_("Send the file in the multipart field “file”."), "required", "file")])
        if upload.size > settings.IMPORT_MAX_FILE_SIZE:
            message = _("The file is larger than %(limit)s bytes.") % {"limit": f"{settings.IMPORT_MAX_FILE_SIZE:,}"}
            raise APIErrors([error(message, "too_large", "file")], status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        return upload


class SeriesMixin:
    """``series/``: the filtered records as one series per group, points sorted, for charts.

    Subclasses set ``series_groups`` ({output name: ORM path}), ``series_points`` (ORM paths of a
    point), ``series_serializer`` and ``series_description`` (translated: the schema is in the reader's language).
    """

    series_serializer = None
    series_description = ""
    series_groups = {}
    series_points = ()
    series_filter = {}
    series_max_points = 100_000

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.series_serializer is not None:
            extend_schema_view(
                series=extend_schema(responses=cls.series_serializer(many=True), description=cls.series_description)
            )(cls)

    @action(detail=False, pagination_class=None)
    @method_decorator(public_page(vary=CACHE_VARY))
    def series(self, request):
        if (from_release := release_response(self, request, series=True)) is not None:
            return from_release
        return Response(self.series_data(request))

    def series_data(self, request):
        queryset = self.filter_queryset(self.queryset.all().visible_to(request.user)).filter(**self.series_filter)
        groups, points = list(self.series_groups.values()), list(self.series_points)
        rows = queryset.order_by(*groups, *points).values_list(*groups, *points)[: self.series_max_points + 1]
        rows = list(rows)
        if len(rows) > self.series_max_points:
            message = _("More than %(limit)s points: narrow the filters (e.g. ?country=KAZ,RUS).")
            raise APIErrors([error(message % {"limit": f"{self.series_max_points:,}"}, "too_many_points")])
        width = len(groups)
        names = list(self.series_groups)
        return [
            {**dict(zip(names, key, strict=True)), "points": [self.point(row[width:]) for row in items]}
            for key, items in groupby(rows, key=lambda row: row[:width])
        ]

    @staticmethod
    def point(values):
        return [float(value) if value is not None and not isinstance(value, int) else value for value in values]


# -- reading a release (``?release=2026.1``) --------------------------------------------------------------
# The releases app registers its reader at start-up; core names no app above it. A list or series request
# with ``?release=`` is answered from that release's stored records instead of the live ones.

_release_reader = None


def register_release_reader(reader):
    global _release_reader
    _release_reader = reader


def release_response(viewset, request, series=False):
    """The answer from a release, or None when the request names none."""
    version = request.query_params.get("release")
    if version is None or _release_reader is None:
        return None
    return _release_reader(viewset, request, version).response(series=series)
