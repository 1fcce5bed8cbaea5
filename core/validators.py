"""Validators the domain models share."""

from django.core.validators import MaxValueValidator, MinValueValidator

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
