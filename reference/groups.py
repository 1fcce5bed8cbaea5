"""The country group a page's ``?group=`` names: one selection on the explorer, the maps and the rankings."""

from .models import CountryGroup


def group_from(params):
    """The group named by ``params["group"]`` (its slug), with its members prefetched; None if none is named.

    An unknown slug is None as well: the page then says so (``unknown_group``) and shows every country."""
    slug = (params.get("group") or "").strip()
    if not slug:
        return None
    return CountryGroup.objects.prefetch_related("members").filter(slug=slug).first()


def unknown_group(params, group):
    """The slug asked for if it names no group, for the page's notice."""
    slug = (params.get("group") or "").strip()
    return slug if slug and group is None else ""


def group_choices():
    """[(slug, name)] of every group, for the pages' menus."""
    return [(group.slug, group.name) for group in CountryGroup.objects.only("slug", "name_en", "name_zh")]
