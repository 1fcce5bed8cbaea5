from django import template

from releases.tables import table_name

register = template.Library()


@register.filter
def table_of(model):
    return table_name(model)


@register.filter
def plural_name(model):
    return model._meta.verbose_name_plural


@register.filter
def verbose_name(model):
    return model._meta.verbose_name


@register.filter
def join_list(value):
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    return "" if value is None else value
