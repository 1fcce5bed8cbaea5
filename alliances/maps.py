"""An alliance's map: the countries where it has members (no year dimension: the members as recorded now)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.maps import TIMELESS, country_map

from .selections import MembersByCountry


def alliance_map(request, members):
    """``members``: the alliance's ``MembersByCountry``; each country's number is the larger of the count
    the sources report and the members listed here (the chart and its table give both)."""
    if not members.groups:
        return None
    slug = members.alliance.slug
    values = {group["country"].iso3: {TIMELESS: MembersByCountry.size(group)} for group in members.groups}
    title = _("Where the members of %(alliance)s are") % {"alliance": members.alliance.name}
    drawn = country_map(
        title,
        _("number of universities"),
        values,
        [group["country"] for group in members.groups],
        column_label=_("Members (reported or listed, the larger)"),
        decimals=None,
    )
    path = reverse("alliances:alliance_detail", args=[slug])
    return drawn.cited(request, path, members.records(), reverse("portal:embed_map", args=["alliances", slug]))
