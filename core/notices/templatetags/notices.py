from django import template

from core.notices.service import unread_count

register = template.Library()


@register.simple_tag
def unread_notices(user):
    """How many of ``user``'s notices are unread (one query), for the admin header."""
    return unread_count(user)
