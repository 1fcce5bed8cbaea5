"""Public pages of the country groups: the list, and each group with its members, source and map."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.cache import public_page
from reference.filtersets import CountryGroupFilterSet
from reference.models import CountryGroup
from trade.maps import trade_map


@require_safe
@public_page
def group_list(request):
    """Every group; ``?q=`` narrows the list as on the other lists (the search page's "see all" link)."""
    groups = CountryGroup.objects.select_related("source").prefetch_related("members")
    groups = CountryGroupFilterSet({"q": request.GET.get("q", "")}, queryset=groups).qs
    return render(request, "portal/group_list.html", {"groups": groups})


@require_safe
@public_page
def group_detail(request, slug):
    group = get_object_or_404(CountryGroup.objects.select_related("source").prefetch_related("members"), slug=slug)
    members = sorted(group.members.all(), key=lambda country: country.name)
    context = {"group": group, "members": members, "map": trade_map(request, group=group)}
    return render(request, "portal/group_detail.html", context)
