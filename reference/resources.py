from core.imports.resources import PortalResource

from .models import Country, Source


class SourceResource(PortalResource):
    class Meta:
        model = Source
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title_original",
            "title_en",
            "title_zh",
            "authors",
            "publication",
            "year",
            "language",
            "url",
            "file_name",
            "summary_en",
            "summary_zh",
        ]


class CountryResource(PortalResource):
    class Meta:
        model = Country
        import_id_fields = ["iso3"]
        fields = [
            "iso3",
            "iso2",
            "name_en",
            "name_zh",
            "official_name_en",
            "aliases",
            "region",
            "bri_status",
            "bri_status_source",
            "bri_status_locator",
            "recognition_status",
            "recognition_status_source",
            "recognition_status_locator",
        ]
