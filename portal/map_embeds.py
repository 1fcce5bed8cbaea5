"""The embeddable version of every map: the map and its table alone, for an iframe on another site.

Each kind of map is built by the app it belongs to (``trade.maps``, ``alliances.maps``,
``cooperation.maps``), as on its own page; this view only reads the map's parameters.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from alliances.maps import alliance_map
from alliances.models import Alliance
from alliances.selections import MembersByCountry
from cooperation.filtersets import CooperationProjectFilterSet
from cooperation.maps import projects_map
from cooperation.models import CooperationProject
from core.cache import public_page
from reference.groups import group_from
from trade.choices import TradeFlowChoices
from trade.maps import indicator_map, trade_map
from trade.models import Indicator


def trade(request, slug):
    flow = request.GET.get("flow") or TradeFlowChoices.TOTAL
    if flow not in TradeFlowChoices.values or slug:
        raise Http404
    return trade_map(request, flow, group_from(request.GET))


def statistics(request, slug):
    return indicator_map(request, get_object_or_404(Indicator.objects.public(), slug=slug))


def alliances(request, slug):
    alliance = get_object_or_404(Alliance.objects.public(), slug=slug)
    return alliance_map(request, MembersByCountry(alliance))


def projects(request, slug):
    filters = CooperationProjectFilterSet(request.GET, queryset=CooperationProject.objects.public())
    if slug or filters.parameter_errors:
        raise Http404
    return projects_map(request, filters.qs, request.GET.urlencode(safe=","))


KINDS = {"trade": trade, "statistics": statistics, "alliances": alliances, "projects": projects}


@require_safe
@xframe_options_exempt
@public_page
def embed_map(request, kind, slug=""):
    if kind not in KINDS:
        raise Http404
    drawn = KINDS[kind](request, slug)
    if drawn is None:
        raise Http404
    context = {"map": drawn, "cite": drawn.cite, "full_url": drawn.cite["url"]}
    return render(request, "portal/embed_map.html", context)
