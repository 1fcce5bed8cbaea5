from django.utils.translation import gettext_lazy as _

from core.imports.resources import PortalResource
from core.imports.widgets import NaturalKeyWidget, is_blank, normalise_cell

from .country_names import CountryIndex
from .models import Country, CountryGroup, Source


class CountryWidget(NaturalKeyWidget):
    """A country by any name it goes by in official tables (``reference.country_names``): ISO codes (``KAZ``, ``KZ``,
    ``398``), the portal's names, ISO, UN M49, World Bank, UN Comtrade and Chinese MFA names, common names."""

    # How the blank templates describe the column, and a list of them.
    description = (
        _("country"),
        _(
            "ISO alpha-3, alpha-2 or numeric code, or a name as ISO, the UN, the World Bank, UN Comtrade or the "
            "Ministry of Foreign Affairs write it (KAZ, KZ, 398, Kazakhstan, Korea, Rep., 哈萨克斯坦)"
        ),
    )
    plural = _("countries")

    def __init__(self, **kwargs):
        super().__init__(Country, "iso3", **kwargs)
        self.index = None

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if self.index is None:  # built once per import
            self.index = CountryIndex(list(self.queryset()))
        key = value if isinstance(value, int | float) else normalise_cell(str(value))
        if key not in self.cache:
            self.cache[key] = self.index.lookup(key)
        matches = self.cache[key]
        if len(matches) == 1:
            return matches[0]
        if matches:
            codes = ", ".join(country.iso3 for country in matches)
            raise ValueError(
                _("“%(value)s” could be several countries (%(codes)s); use the ISO code.")
                % {"value": value, "codes": codes}
            )
        hint = [f"{country.iso3} ({country.name_en})" for country in self.index.suggestions(key)]
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
            "publication_status",
        ]

    def partner_keeps(self, instance, row):
        """A partner adds the documents they cite (drafts, reviewed like any record) and corrects their own."""
        return True


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


class CountryGroupResource(PortalResource):
    """Country groups with their member countries (a cell of ISO codes or names, separated by |)."""

    class Meta:
        model = CountryGroup
        import_id_fields = ["slug"]
        use_bulk = False  # the members are written after each group
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "members",
            "basis",
            "note_en",
            "note_zh",
            "source",
            "source_locator",
        ]
