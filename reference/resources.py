from django.utils.translation import gettext_lazy as _

from core.imports.resources import PortalResource
from core.imports.widgets import NaturalKeyWidget, closest, is_blank, normalise_cell

from .models import Country, Source


class CountryWidget(NaturalKeyWidget):
    """A country by ISO alpha-3, alpha-2, English or Chinese name: ``KAZ``, ``KZ``, ``Kazakhstan``, ``哈萨克斯坦``."""

    # How the blank templates describe the column, and a list of them.
    description = (
        _("country"),
        _("ISO alpha-3 or alpha-2 code, English or Chinese name (KAZ, KZ, Kazakhstan, 哈萨克斯坦)"),
    )
    plural = _("countries")

    def __init__(self, **kwargs):
        super().__init__(Country, "iso3", **kwargs)
        self.index = None

    def build_index(self):
        index, names = {}, {}
        for country in self.queryset():
            keys = {
                country.iso3,
                country.iso2,
                country.name_en.upper(),
                country.name_zh,
                country.official_name_en.upper(),
                *(alias.strip().upper() for alias in country.aliases.split("|")),
            }
            for key in keys - {""}:
                index.setdefault(key, set()).add(country)
                names[key] = country
        return index, names

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if self.index is None:
            self.index = self.build_index()
        index, names = self.index
        key = normalise_cell(str(value))
        matches = index.get(key.upper()) or index.get(key)
        if matches and len(matches) == 1:
            return next(iter(matches))
        if matches:
            codes = ", ".join(sorted(country.iso3 for country in matches))
            raise ValueError(
                _("“%(value)s” could be several countries (%(codes)s); use the ISO code.")
                % {"value": value, "codes": codes}
            )
        hint = [f"{names[match].iso3} ({names[match].name_en})" for match in closest(key.upper(), names)]
        raise ValueError(self.unknown_message(value, hint))


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
    key_widget_class = CountryWidget  # how every other resource reads a country cell

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
