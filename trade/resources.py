from core.imports.resources import PortalResource

from .models import REPORTER_DEFAULT_ISO3, Indicator, Observation, TradeRecord

SOURCED = ["source", "source_locator", "publication_status"]


class TradeRecordResource(PortalResource):
    """One row per reporter, partner, year and flow; a table with one column per year is read too."""

    wide_layout_value_field = "value"
    # China reports unless a row names another reporter; the flow is the total unless it says otherwise.
    column_defaults = {"reporter": REPORTER_DEFAULT_ISO3, "flow": "total"}
    # Statistical tables print the partner as "对象国" (target country) or "国家" (country).
    header_aliases = {"partner": ["对象国", "国家", "country"]}
    fast_path = True  # a million rows of a few hundred distinct cells (``core.imports.fast``)

    class Meta:
        model = TradeRecord
        import_id_fields = ["reporter", "partner", "year", "flow"]
        fields = ["reporter", "partner", "year", "flow", "value", "unit", "note_en", "note_zh", *SOURCED]


class IndicatorResource(PortalResource):
    class Meta:
        model = Indicator
        import_id_fields = ["slug"]
        fields = ["slug", "name_en", "name_zh", "unit_en", "unit_zh", "description_en", "description_zh", *SOURCED]


class ObservationResource(PortalResource):
    wide_layout_value_field = "value"
    date_parts = (("year", "month"),)

    class Meta:
        model = Observation
        import_id_fields = ["indicator", "country", "year", "month"]
        fields = [
            "indicator",
            "country",
            "year",
            "month",
            "value",
            "value_high",
            "qualifier",
            "reported_by",
            "note_en",
            "note_zh",
            *SOURCED,
        ]

    def partner_keeps(self, instance, row):
        institutions = Observation._meta.get_field("reported_by").related_model.objects
        return institutions.for_organisation(self.partner_profile).filter(pk=instance.reported_by_id).exists()
