from core.imports.resources import PortalResource

from .models import Alliance, AllianceFigure, Institution, Membership

SOURCED = ["source", "source_locator", "publication_status"]


class InstitutionResource(PortalResource):
    class Meta:
        model = Institution
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "aliases",
            "kind",
            "country",
            "city_en",
            "city_zh",
            "website",
            "description_en",
            "description_zh",
            *SOURCED,
        ]

    def partner_keeps(self, instance, row):
        """A partner may add institutions (as drafts for review) and change their organisation's."""
        return True


class AllianceResource(PortalResource):
    date_parts = (("founded_year", "founded_month"),)

    class Meta:
        model = Alliance
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "aliases",
            "acronym",
            "founded_year",
            "founded_month",
            "founding_city_en",
            "founding_city_zh",
            "initiator",
            "mission_en",
            "mission_zh",
            "funding_en",
            "funding_zh",
            "funding_basis",
            "joining_conditions_en",
            "joining_conditions_zh",
            "website",
            *SOURCED,
        ]


class AllianceFigureResource(PortalResource):
    date_parts = (("as_of_year", "as_of_month"),)

    class Meta:
        model = AllianceFigure
        import_id_fields = ["alliance", "slug"]
        fields = [
            "alliance",
            "slug",
            "basis",
            "as_of_year",
            "as_of_month",
            "country",
            "member_count",
            "member_count_is_minimum",
            "country_count",
            "country_count_unit",
            "note_en",
            "note_zh",
            *SOURCED,
        ]


class MembershipResource(PortalResource):
    class Meta:
        model = Membership
        import_id_fields = ["alliance", "institution"]
        fields = ["alliance", "institution", "role", "joined_year", *SOURCED]

    def partner_keeps(self, instance, row):
        profile = self.partner_profile
        if profile.alliance_id:
            return instance.alliance_id == profile.alliance_id
        return instance.institution_id == profile.institution_id
