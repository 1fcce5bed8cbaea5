from django.db import models
from django.utils.translation import gettext_lazy as _


class TradeFlowChoices(models.TextChoices):
    TOTAL = "total", _("Total (imports and exports)")
    EXPORT = "export", _("Exports")
    IMPORT = "import", _("Imports")


class TradeUnitChoices(models.TextChoices):
    USD_100M = "100m-usd", _("100 million USD")
    USD_BILLION = "bn-usd", _("billion USD")
    USD_MILLION = "m-usd", _("million USD")
    USD = "usd", _("USD")
    EUR_100M = "100m-eur", _("100 million EUR")


class ValueQualifierChoices(models.TextChoices):
    """How exact a stated value is: sources often say 'more than' or 'about'."""

    EXACT = "exact", _("exact")
    MINIMUM = "minimum", _("more than")
    APPROXIMATE = "approximate", _("about")
    RANGE = "range", _("range")
