from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKindChoices(models.TextChoices):
    UNIVERSITY = "university", _("University")
    ENTERPRISE = "enterprise", _("Enterprise")
    RESEARCH_INSTITUTE = "research-institute", _("Research institute")
    ACADEMIC_ORGANISATION = "academic-organisation", _("Academic organisation")
    GOVERNMENT_BODY = "government-body", _("Government body")
    INTERNATIONAL_ORGANISATION = "international-organisation", _("International organisation")


class MembershipRoleChoices(models.TextChoices):
    FOUNDER = "founder", _("Founder")
    MEMBER = "member", _("Member")
    SECRETARIAT = "secretariat", _("Secretariat")


class AllianceFigureBasisChoices(models.TextChoices):
    """When a headline figure was true: at the founding, or when the source reported it."""

    FOUNDING = "founding", _("At founding")
    REPORTED = "reported", _("As reported")


class CountUnitChoices(models.TextChoices):
    COUNTRIES = "countries", _("countries")
    COUNTRIES_AND_REGIONS = "countries-and-regions", _("countries and regions")
