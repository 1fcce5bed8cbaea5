from django.urls import path

from . import compare, groups, map_embeds, rankings, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso3>/", views.country_detail, name="country_detail"),
    path("compare/", compare.compare, name="compare"),
    path("rankings/", rankings.rankings, name="rankings"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/<slug:slug>/", groups.group_detail, name="group_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("data/", views.data, name="data"),
    path("embed/trade/", views.embed_trade, name="embed_trade"),
    path("embed/alliances/<slug:slug>/", views.embed_alliance, name="embed_alliance"),
    path("embed/compare/", compare.embed_compare, name="embed_compare"),
    path("embed/maps/<str:kind>/", map_embeds.embed_map, name="embed_map"),
    path("embed/maps/<str:kind>/<slug:slug>/", map_embeds.embed_map, name="embed_map"),
]
