"""What every page's frame needs: the navigation, the language switch, canonical and alternate links."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

# The names in their own language, as a language switch shows them.
LANGUAGE_NAMES = {"en": "English", "zh-hans": "简体中文"}
HREFLANG = {"en": "en", "zh-hans": "zh-Hans"}

# (label, URL name, the views that count as this section)
NAVIGATION = (
    (_("Alliances"), "alliances:alliance_list", ("alliances:alliance_list", "alliances:alliance_detail")),
    (_("Institutions"), "alliances:institution_list", ("alliances:institution_list", "alliances:institution_detail")),
    (_("Cooperation"), "cooperation:mode_list", ("cooperation:",)),
    (_("Policy problems"), "cooperation:problem_list", ("cooperation:problem", "cooperation:recommendation")),
    (_("Trade"), "trade:explorer", ("trade:explorer",)),
    (_("Statistics"), "trade:indicator_list", ("trade:indicator",)),
    (_("Countries"), "portal:country_list", ("portal:country",)),
    (_("Sources"), "portal:source_list", ("portal:source",)),
    (_("Data & API"), "portal:data", ("portal:data",)),
)


def current_section(view_name):
    """The navigation entry of the current page (the most specific match wins)."""
    best, length = None, 0
    for _label, url_name, prefixes in NAVIGATION:
        for prefix in prefixes:
            if view_name.startswith(prefix) and len(prefix) > length:
                best, length = url_name, len(prefix)
    return best


def portal(request):
    current = get_language()
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    section = current_section(match.view_name) if match else None
    languages = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        languages.append(
            {
                "code": code,
                "hreflang": HREFLANG.get(code, code),
                "name": LANGUAGE_NAMES.get(code, code),
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "active": code == current,
            }
        )
    return {
        "portal_navigation": [(label, url_name, url_name == section) for label, url_name, _views in NAVIGATION],
        "portal_languages": languages,
        "portal_hreflang": HREFLANG.get(current, current),
        "canonical_url": request.build_absolute_uri(path),
        "default_language_url": next((lang["absolute_url"] for lang in languages if lang["code"] == "en"), ""),
        # Translated once here rather than in every row of a long list.
        "source_label": gettext("Source"),
    }
