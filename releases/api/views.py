"""/api/v1/releases/: the releases, newest first; a release with its notes and download URLs."""

from django.urls import reverse
from rest_framework import serializers, viewsets

from core.api.filters import sortable
from releases.catalogue import FORMATS
from releases.models import Release


class ReleaseSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    downloads = serializers.SerializerMethodField()
    previous = serializers.SlugRelatedField(slug_field="version", read_only=True)
    record_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Release
        fields = [
            "version", "title", "summary", "published_at", "previous", "record_count", "counts",
            "notes", "temporal_coverage", "url", "api_url", "downloads",
        ]  # fmt: skip

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


class ReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Numbered, immutable releases of every public record. Read a release's records on any list or series
    endpoint with `?release=<version>`."""

    queryset = Release.objects.select_related("previous").order_by("-published_at", "-pk")
    lookup_field = "version"
    ordering_fields = sortable("version", "published_at")
    lookup_value_regex = r"\d{4}\.\d{1,3}"

    def get_serializer_class(self):
        return ReleaseListSerializer if self.action == "list" else ReleaseSerializer
