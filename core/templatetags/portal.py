"""Template helpers of the public portal."""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core import links
from core.models import in_page_language, pick_language
from core.numbers import rounded
from core.registry import record_url as _record_url

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """The URL named ``name``, or '' while no installed app provides it (e.g. ``imports:templates``)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def link(viewname, *args):
    """``{% url %}`` with positional arguments, reversed once per URL and process (``core.links``)."""
    return links.link(viewname, *args)


@register.simple_tag
def optional_path(path):
    """``path`` if this site serves it (e.g. the API docs at /api/v1/docs/), else ''."""
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path


@register.filter
def record_url(record):
    return _record_url(record)


@register.filter
def number(value, decimals=None):
    """A number in the active language's format and grouping; by default with the decimals it has (at most 2)."""
    if value is None or value == "":
        return "—"
    if decimals is None:
        value = Decimal(value)
        decimals = 0 if value == value.to_integral_value() else min(2, -value.normalize().as_tuple().exponent)
    value = rounded(value, decimals)  # Django's number_format cuts the digits off; the downloads round
    return formats.number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def observation_value(observation):
    """An observation's value as the pages print it: ``3,000``, ``about 10,000`` or, for a range, ``3,000–5,000``."""
    if observation.value_high is not None:
        return f"{number(observation.value)}–{number(observation.value_high)}"
    if observation.qualifier != "exact":
        return f"{display(observation, 'qualifier')} {number(observation.value)}"
    return number(observation.value)


@register.filter
def locator(text):
    """A place in a source, ``中文 (English)`` with the page's language first (``core.models.in_page_language``)."""
    return in_page_language(text)


@register.filter
def lang(record, field):
    """A record's bilingual field in the active language, falling back to the other: ``figure|lang:"note"``."""
    return pick_language(getattr(record, f"{field}_en", ""), getattr(record, f"{field}_zh", ""))


SUMMARY_FIELDS = ("description", "mission", "summary", "note")


@register.filter
def summary(record):
    """The record's descriptive text in the active language, if it has one."""
    for field in SUMMARY_FIELDS:
        if hasattr(record, f"{field}_en"):
            return lang(record, field)
    return ""


def _members_and_countries(members, countries, minimum, regions):
    """Whole sentences, because languages order the two counts differently."""
    if regions and minimum:
        return ngettext(
            "more than %(members)s university from %(countries)s countries and regions",
            "more than %(members)s universities from %(countries)s countries and regions",
            members,
        )
    if regions:
        return ngettext(
            "%(members)s university from %(countries)s countries and regions",
            "%(members)s universities from %(countries)s countries and regions",
            members,
        )
    if minimum:
        return ngettext(
            "more than %(members)s university from %(countries)s countries",
            "more than %(members)s universities from %(countries)s countries",
            members,
        )
    return ngettext(
        "%(members)s university from %(countries)s countries",
        "%(members)s universities from %(countries)s countries",
        members,
    )


@register.filter
def figure_sentence(figure):
    """An alliance figure in words: "151 universities from 38 countries and regions"."""
    values = {"members": number(figure.member_count), "countries": number(figure.country_count)}
    regions = figure.country_count_unit == "countries-and-regions"
    if figure.member_count is not None and figure.country_count is not None:
        text = _members_and_countries(
            figure.member_count, figure.country_count, figure.member_count_is_minimum, regions
        )
    elif figure.member_count is not None and figure.member_count_is_minimum:
        text = ngettext("more than %(members)s university", "more than %(members)s universities", figure.member_count)
    elif figure.member_count is not None:
        text = ngettext("%(members)s university", "%(members)s universities", figure.member_count)
    elif regions:
        text = _("members from %(countries)s countries and regions")
    else:
        text = _("members from %(countries)s countries")
    return text % values


@register.filter
def figure_date(figure):
    """When the figure was true, as precisely as the source says."""
    if figure.as_of_year is None:
        return _("as reported, undated")
    when = f"{figure.as_of_year}-{figure.as_of_month:02d}" if figure.as_of_month else str(figure.as_of_year)
    if figure.basis == "founding":
        return _("at founding, %(date)s") % {"date": when}
    return _("as of %(date)s") % {"date": when}


@register.filter
def percent_change(value):
    """A year-on-year change as a signed percentage: +4.2 %, −3.1 %."""
    if value is None:
        return "—"
    value = rounded(value, 1)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number(abs(value), 1)} %"


@register.filter
def verbose_name(model):
    return model._meta.verbose_name


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@lru_cache(maxsize=256)
def _choice_labels(model, field, language):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def display(record, field):
    """``record|display:"kind"``: the choice's label, like get_kind_display() but looked up once per language.

    (Django's get_FOO_display() rebuilds and translates the whole choice list on every call,
    which adds up over a list of hundreds of rows.)
    """
    value = getattr(record, field)
    return _choice_labels(type(record), field, get_language()).get(value, value)
