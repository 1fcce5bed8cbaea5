"""Each public page's baseline for bench/portal_pages.py: a bare Django view of the same table.

A ``ListView`` of the page's table (its published records, in the model's order, 50 a page where the page
is paginated, the same filters where the page has them) or a ``DetailView`` of the record a page shows,
rendering a minimal template (each record's ``str()`` in a ``<li>``), served under the language prefix
through the whole middleware stack from a URLconf of the bench's own (``bare_urls()``): the app ships no
bench view. A page that is not one table's list (home, data & API, the sitemap) gets the list of the table
it reads most, paginated: a count and a page of it (China's trade for the pages with its map, the whole
table of trade records, the largest, for data & API and the sitemap).

    BARE[page name] = (model label, kind, keyword arguments)

kind ``list``: ``filters`` (queryset filters), ``paginate`` (page size, None for every record),
``related`` (select_related, so that ``str()`` runs no query per record); kind ``detail``: ``slug_field``
and the page's ``slug`` (``{project}`` etc. as in PAGES).
"""

import sys
import types

LIST = {"paginate": 50}
CHINA_TRADE = {
    "filters": {"reporter__iso3": "CHN", "flow": "total"},
    "related": ("reporter", "partner"),
    **LIST,
}
ALL_TRADE = {"related": ("reporter", "partner"), **LIST}
TWO_COUNTRIES = {
    "filters": {"reporter__iso3": "CHN", "flow": "total", "partner__iso3__in": ["KAZ", "RUS"]},
    "related": ("reporter", "partner"),
    "paginate": None,
}
BARE = {
    "home": ("trade.TradeRecord", "list", CHINA_TRADE),
    "home (zh)": ("trade.TradeRecord", "list", CHINA_TRADE),
    "search": ("alliances.Institution", "list", {"filters": {"name_en__icontains": "university"}, **LIST}),
    "search (zh)": ("alliances.Institution", "list", {"filters": {"name_zh__contains": "大学"}, **LIST}),
    "alliance list": ("alliances.Alliance", "list", LIST),
    "alliance": ("alliances.Alliance", "detail", {"slug": "new-silk-road"}),
    "institution list": ("alliances.Institution", "list", LIST),
    "institutions filtered": (
        "alliances.Institution",
        "list",
        {"filters": {"country__iso3": "RUS", "kind": "university"}, **LIST},
    ),
    "institution": ("alliances.Institution", "detail", {"slug": "xi-an-jiaotong-university"}),
    "cooperation modes": ("cooperation.CooperationMode", "list", {"paginate": None}),
    "project list": ("cooperation.CooperationProject", "list", LIST),
    "projects filtered": (
        "cooperation.CooperationProject",
        "list",
        {"filters": {"countries__iso3": "KAZ", "start_year__gte": 2015}, **LIST},
    ),
    "project": ("cooperation.CooperationProject", "detail", {"slug": "{project}"}),
    "milestones": ("cooperation.PartnershipMilestone", "list", LIST),
    "problems": ("cooperation.PolicyProblem", "list", LIST),
    "problem": ("cooperation.PolicyProblem", "detail", {"slug": "{problem}"}),
    "recommendation": ("cooperation.Recommendation", "detail", {"slug": "{recommendation}"}),
    "trade explorer": ("trade.TradeRecord", "list", CHINA_TRADE),
    "trade, 2 countries": ("trade.TradeRecord", "list", TWO_COUNTRIES),
    "trade CSV": ("trade.TradeRecord", "list", TWO_COUNTRIES),
    "trade XLSX": ("trade.TradeRecord", "list", TWO_COUNTRIES),
    "statistics": ("trade.Indicator", "list", LIST),
    "indicator": ("trade.Indicator", "detail", {"slug": "{indicator}"}),
    "country list": ("reference.Country", "list", {"paginate": None}),
    "country": ("reference.Country", "detail", {"slug": "RUS", "slug_field": "iso3"}),
    "source list": ("reference.Source", "list", {"paginate": None}),
    "source": ("reference.Source", "detail", {"slug": "eurasian-practice-2022"}),
    "data & API": ("trade.TradeRecord", "list", ALL_TRADE),
    "embed trade": ("trade.TradeRecord", "list", TWO_COUNTRIES),
    "embed alliance": ("alliances.Alliance", "detail", {"slug": "new-silk-road"}),
    "sitemap index": ("trade.TradeRecord", "list", ALL_TRADE),
}
MODULE = "bench_bare_urls"


def published(model):
    manager = model.objects
    return manager.public() if hasattr(manager, "public") else manager.all()


def bare_view(request, number, slug=None):
    from django.apps import apps
    from django.template import engines
    from django.views.generic import DetailView, ListView

    label, kind, options = bare_view.specs[number]
    model = apps.get_model(label)
    if kind == "detail":
        template = engines["django"].from_string("<!doctype html><title>{{ object }}</title><h1>{{ object }}</h1>")
        view = DetailView.as_view(
            queryset=published(model),
            slug_field=options.get("slug_field", "slug"),
            get_template_names=lambda: template,
        )
        return view(request, slug=slug)
    template = engines["django"].from_string(
        "<!doctype html><title>bare</title><ul>{% for object in object_list %}<li>{{ object }}</li>"
        "{% endfor %}</ul>{% if page_obj %}<p>{{ page_obj.number }} / {{ paginator.num_pages }}</p>{% endif %}"
    )
    queryset = published(model).filter(**options.get("filters", {}))
    queryset = queryset.select_related(*options.get("related", ())).order_by(*model._meta.ordering)
    view = ListView.as_view(
        queryset=queryset.distinct() if "countries__iso3" in options.get("filters", {}) else queryset,
        paginate_by=options.get("paginate"),
        get_template_names=lambda: template,
    )
    return view(request)


def bare_urls(records):
    """Install the bench's URLconf (the portal's and the bare views under /<language>/bare/); {page: URL}."""
    from django.conf.urls.i18n import i18n_patterns
    from django.urls import path

    from bri_portal import urls

    bare_view.specs = list(BARE.values())
    module = types.ModuleType(MODULE)
    module.urlpatterns = [
        *i18n_patterns(
            path("bare/<int:number>/", bare_view),
            path("bare/<int:number>/<str:slug>/", bare_view),
        ),
        *urls.urlpatterns,
    ]
    sys.modules[MODULE] = module
    addresses = {}
    for number, (name, (_label, kind, options)) in enumerate(BARE.items()):
        language = "zh-hans" if "(zh)" in name else "en"
        slug = f"{options['slug'].format(**records)}/" if kind == "detail" else ""
        addresses[name] = f"/{language}/bare/{number}/{slug}"
    return addresses
