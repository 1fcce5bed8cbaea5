"""Widgets that read partners' spreadsheets as people fill them in, and refuse what is ambiguous.

django-import-export's stock widgets take ``1.9`` for ``1`` in an integer column,
``是`` for False and NaN for NULL. These clean the cell first (full-width digits,
thousands separators, surrounding space, Excel dates), then either return exactly
what the cell means or raise ``ValueError`` with a sentence the partner can act on.
"""

import difflib
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import widgets

EXCEL_EPOCH = date(1899, 12, 30)
THOUSANDS_SEPARATORS = re.compile(r"(?<=\d)[,\s\u00a0\u2009\u202f'](?=\d{3}(?:\D|$))")
YEAR_MONTH_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})\s*年\s*(?:(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日)?)?$"),
    re.compile(r"^(?P<year>\d{4})(?:[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?)?$"),
]
TRUE_WORDS = {"1", "true", "yes", "y", "是", "真", "对"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "假", "不"}


def normalise_cell(value):
    """Strip surrounding space; turn full-width digits and punctuation into ASCII for coded and numeric cells."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def closest(value, candidates, limit=3):
    """The nearest spellings among ``candidates``, for an error message that suggests a fix."""
    return difflib.get_close_matches(str(value), list(candidates), n=limit, cutoff=0.6)


def parse_date_parts(value):
    """Read a year, month and day from a cell: ``2015``, ``2015年5月``, ``2015-05``, an Excel serial or a date.

    Returns ``(year, month, day)`` with None for the parts the cell does not give, or
    None when the cell is not a date at all.
    """
    if isinstance(value, datetime | date):
        return value.year, value.month, value.day
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if value >= 10_000:  # an Excel date serial: days since 1899-12-30
            day = EXCEL_EPOCH + timedelta(days=value)
            return day.year, day.month, day.day
        return value, None, None
    text = normalise_cell(str(value))
    if re.fullmatch(r"\d+(\.0+)?", text) and int(float(text)) >= 10_000:
        return parse_date_parts(int(float(text)))
    for pattern in YEAR_MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = match.groupdict()
            return tuple(int(parts[key]) if parts.get(key) else None for key in ("year", "month", "day"))
    return None


class TextWidget(widgets.CharWidget):
    """Text with surrounding space removed; an empty cell is an empty string, never NULL."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        return str(value).strip()


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        number = DecimalWidget().clean(value)
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class YearWidget(IntegerWidget):
    """A year; also reads ``2015年5月``, ``2015-05`` and Excel dates, (the resource splits off the month)."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        parts = parse_date_parts(value)
        if parts is None:
            raise ValueError(_("“%(value)s” is not a year (write it as 2015 or 2015年5月).") % {"value": value})
        return parts[0]


class DecimalWidget(widgets.DecimalWidget):
    """A finite decimal; ``１２３．５``, ``1,071.0`` and ``1 071.0`` all read as numbers, NaN and Infinity never do."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        if isinstance(value, int | float | Decimal):
            text = repr(value) if isinstance(value, float) else str(value)
        else:
            text = THOUSANDS_SEPARATORS.sub("", normalise_cell(value))
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a finite number.") % {"value": value})
        return number


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no in English or Chinese; anything else is an error, never a silent False."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            return value
        word = normalise_cell(str(value)).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("“%(value)s” is not yes or no (write yes/no, true/false, 1/0 or 是/否).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("yes" if value else "no")


class ChoiceWidget(widgets.Widget):
    """A choice by its code or by its label in English or Chinese (``total``, ``Total (imports and exports)``)."""

    def __init__(self, choices, blank="", **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.blank = blank  # what an empty cell means: "" for an optional choice, None to keep the default
        self.table = None

    def lookup(self):
        from django.utils import translation

        if self.table is not None:
            return self.table
        table = self.table = {}
        for code, label in self.choices:
            table[str(code).lower()] = code
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    table[str(label).strip().lower()] = code
        return table

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.blank
        table = self.lookup()
        key = normalise_cell(str(value)).lower()
        if key in table:
            return table[key]
        allowed = ", ".join(str(code) for code, _label in self.choices)
        raise ValueError(
            _("“%(value)s” is not one of the allowed values: %(allowed)s.") % {"value": value, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record by its natural key (slug), looked up once per distinct value for the whole import."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field, **kwargs)
        self.cache = {}
        self.user = None  # set by the resource: a partner neither finds nor is offered others' drafts
        self.context = None  # set by the resource: a workbook's check offers the earlier sheets' new records

    def pending(self, key):
        """A record an earlier sheet of the workbook being checked adds (not yet written), or None."""
        added = getattr(self.context, "pending", None) or {}
        return next((i for i in added.get(self.model, ()) if str(getattr(i, self.field, "")) == key), None)

    def queryset(self):
        """The records a cell may name: those the importing user may see (all, from the command line)."""
        manager = self.model._default_manager
        return manager.all() if self.user is None else manager.visible_to(self.user)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        key = normalise_cell(str(value))
        if key not in self.cache:
            self.cache[key] = self.queryset().filter(**{self.field: key}).first() or self.pending(key)
        if self.cache[key] is None:
            known = self.queryset().values_list(self.field, flat=True)[:5000]
            hint = closest(key, known)
            raise ValueError(self.unknown_message(value, hint))
        return self.cache[key]

    def unknown_message(self, value, hint):
        name = self.model._meta.verbose_name
        if hint:
            return _("No %(model)s “%(value)s”. Did you mean: %(hint)s?") % {
                "model": name,
                "value": value,
                "hint": ", ".join(hint),
            }
        return _("No %(model)s “%(value)s”.") % {"model": name, "value": value}

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class ManyNaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records in one cell, separated by ``|``: ``KAZ | RUS`` or ``slug-a | slug-b``."""

    SEPARATOR = "|"

    def __init__(self, item_widget, **kwargs):
        super().__init__(item_widget.model, separator=self.SEPARATOR, field=item_widget.field, **kwargs)
        self.item_widget = item_widget

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return []
        items = [item for item in str(value).split(self.SEPARATOR) if item.strip()]
        return [self.item_widget.clean(item) for item in items]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f" {self.SEPARATOR} ".join(self.item_widget.render(item) for item in value.all())
