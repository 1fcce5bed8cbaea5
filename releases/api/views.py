"""/api/v1/releases/: the releases, newest first; a release with its notes and download URLs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from core.api.filters import sortable
from releases.catalogue import FORMATS
from releases.models import Release


class ReleaseSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField(help_text=_("This release in the API."))
    url = serializers.SerializerMethodField(help_text=_("The release's permanent public page."))
    downloads = serializers.SerializerMethodField(help_text=_("The release's downloads, by format."))
    previous = serializers.SlugRelatedField(
        slug_field="version", read_only=True, help_text=_("The version of the release before this one.")
    )
    record_count = serializers.IntegerField(read_only=True, help_text=_("How many records the release holds."))

    class Meta:
        model = Release
        fields = [
            "version", "title", "summary", "published_at", "previous", "record_count", "counts",
            "notes", "temporal_coverage", "url", "api_url", "downloads",
        ]  # fmt: skip
        extra_kwargs = {
            "version": {"help_text": _("The release's number, e.g. 2026.1; it never changes.")},
            "title": {"help_text": _("The release's title.")},
            "summary": {"help_text": _("The curator's summary of the release.")},
            "published_at": {"help_text": _("When the release was published.")},
            "counts": {"help_text": _("Records added, changed and withdrawn, by table.")},
            "notes": {"help_text": _("The release notes, written from the change history.")},
            "temporal_coverage": {"help_text": _("The years the release's records cover.")},
        }

    def _absolute(self, path):
        return self.context["request"].build_absolute_uri(path)

    def get_api_url(self, release) -> str:
        return self._absolute(reverse("api:release-detail", args=[release.version]))

    def get_url(self, release) -> str:
        return self._absolute(reverse("releases:detail", args=[release.version]))

    def get_downloads(self, release) -> dict:
        return {ext: self._absolute(reverse("releases:download", args=[release.version, ext])) for ext in FORMATS}


class ReleaseListSerializer(ReleaseSerializer):
    class Meta(ReleaseSerializer.Meta):
        fields = [name for name in ReleaseSerializer.Meta.fields if name != "notes"]


VERSION = OpenApiParameter(
    "version", OpenApiTypes.STR, OpenApiParameter.PATH, description=_("The release's number, e.g. 2026.1.")
)


@extend_schema_view(
    list=extend_schema(description=_("The releases, newest first.")),
    retrieve=extend_schema(parameters=[VERSION], description=_("A release with its notes and download URLs.")),
)
class ReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Numbered, immutable releases of every public record. Read a release's records on any list or series
    endpoint with `?release=<version>`."""

    queryset = Release.objects.select_related("previous").order_by("-published_at", "-pk")
    lookup_field = "version"
    ordering_fields = sortable("version", "published_at")
    lookup_value_regex = r"\d{4}\.\d{1,3}"

    def get_serializer_class(self):
        return ReleaseListSerializer if self.action == "list" else ReleaseSerializer
