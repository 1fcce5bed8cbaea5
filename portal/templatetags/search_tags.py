"""Search results: the query's words marked in a record's name and text, and facet links."""

from django import template
from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()
SNIPPET = 180


@register.filter
def highlight(text, pattern):
    """``text`` escaped, with the query's words (``pattern``) in ``<mark>``; long texts cut around the first."""
    text = str(text or "")
    if pattern is None:
        return conditional_escape(text)
    if len(text) > SNIPPET:
        first = pattern.search(text)
        start = max(0, first.start() - 60) if first else 0
        text = ("…" if start else "") + text[start : start + SNIPPET] + "…"
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [conditional_escape(text[last : match.start()]), "<mark>", conditional_escape(match.group()), "</mark>"]
        last = match.end()
    out.append(conditional_escape(text[last:]))
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def facet_url(context, name, value=""):
    """This search's URL with facet ``name`` set to ``value`` (or removed when empty)."""
    params = context["request"].GET.copy() if "request" in context else QueryDict(mutable=True)
    params.pop("page", None)
    if value:
        params[name] = value
    else:
        params.pop(name, None)
    return "?" + params.urlencode()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
