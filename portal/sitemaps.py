"""sitemap.xml: an index of one sitemap per section, every page in both languages."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, reverse

from .cache import public_page
from .records import RECORD_TYPES, record_url

LIST_PAGES = (
    "portal:home",
    "alliances:alliance_list",
    "alliances:institution_list",
    "cooperation:mode_list",
    "cooperation:project_list",
    "cooperation:milestone_list",
    "cooperation:problem_list",
    "trade:explorer",
    "trade:indicator_list",
    "portal:country_list",
    "portal:source_list",
    "portal:data",
)


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 2500


class PageSitemap(PortalSitemap):
    def items(self):
        return LIST_PAGES

    def location(self, item):
        return reverse(item)


class RecordSitemap(PortalSitemap):
    def __init__(self, record_type):
        self.record_type = record_type

    def items(self):
        key = "iso3" if self.record_type.key == "country" else "slug"
        return self.record_type.public().select_related(None).only(key, "updated_at").order_by("pk")

    def location(self, item):
        return record_url(item)

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": PageSitemap(), **{t.key: RecordSitemap(t) for t in RECORD_TYPES if t.in_sitemap}}

urlpatterns = [
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
