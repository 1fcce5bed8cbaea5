"""Choice lists shared by every app (they depend on nothing but Django)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguageChoices(models.TextChoices):
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")


class CountryRegionChoices(models.TextChoices):
    EAST_ASIA = "east-asia", _("East Asia")
    SOUTHEAST_ASIA = "southeast-asia", _("Southeast Asia")
    SOUTH_ASIA = "south-asia", _("South Asia")
    CENTRAL_ASIA = "central-asia", _("Central Asia")
    WEST_ASIA = "west-asia", _("West Asia and the Middle East")
    SOUTH_CAUCASUS = "south-caucasus", _("South Caucasus")
    RUSSIA = "russia", _("Russia")
    EASTERN_EUROPE = "eastern-europe", _("Eastern Europe")
    CENTRAL_EASTERN_EUROPE = "central-eastern-europe", _("Central and Eastern Europe")
    WESTERN_EURASIA = "western-eurasia", _("Western Eurasia")
    WESTERN_EUROPE = "western-europe", _("Western Europe")
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    OCEANIA = "oceania", _("Oceania")


class BasisChoices(models.TextChoices):
    """Whether a link or classification is what the source says, or one the portal's curators made."""

    STATED = "stated", _("Stated by the source")
    EDITORIAL = "editorial", _("Editorial (made by the portal's curators)")


def basis_field(verbose_name, help_text):
    """A field curators set: is the link or classification stated by the source, or editorial?"""
    return models.CharField(
        verbose_name, max_length=16, choices=BasisChoices.choices, default=BasisChoices.STATED, help_text=help_text
    )


class BRIStatusChoices(models.TextChoices):
    """Whether a country has signed a Belt and Road cooperation document with China."""

    UNKNOWN = "unknown", _("Unknown")
    SIGNED = "signed", _("Cooperation document signed")
    AGREED_TO_SIGN = "agreed", _("Agreed to sign a cooperation document")
    NOT_SIGNED = "not-signed", _("No cooperation document")


class RecognitionStatusChoices(models.TextChoices):
    """Whether a country has a higher-education qualification-recognition agreement with China."""

    UNKNOWN = "unknown", _("Unknown")
    AGREEMENT = "agreement", _("Mutual recognition agreement")
    NONE = "none", _("No agreement")
