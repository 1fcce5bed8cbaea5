"""sitemap.xml: an index of sitemaps, one per kind of page and language.

One section per language (rather than Django's ``i18n = True``, which lists every record
in memory to pair it with each language) lets each page of a section read only its own
slice of records; the hreflang alternates are in every page's <head>.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, reverse
from django.utils import translation

from core.cache import once_per_version, public_page
from core.registry import entries, record_url

from .records import public_records

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
    "portal:rankings",
    "portal:compare",
    "portal:group_list",
    "portal:country_list",
    "portal:source_list",
    "portal:data",
)


class LanguageSitemap(Sitemap):
    limit = 2000

    def __init__(self, language):
        self.language = language

    def location(self, item):
        with translation.override(self.language):
            return self.url(item)


class PageSitemap(LanguageSitemap):
    def items(self):
        return LIST_PAGES

    def url(self, item):
        return reverse(item)


class RecordSitemap(LanguageSitemap):
    PLACEHOLDER = "0key0"

    def __init__(self, record_type, language):
        super().__init__(language)
        self.record_type = record_type
        self.key = record_type.url_key

    def items(self):
        return public_records(self.record_type).select_related(None).only(self.key, "updated_at").order_by("pk")

    @property
    def paginator(self):
        """The section's pages, its records counted once per version of the records (the index counts every
        section, in each language)."""
        pages = super().paginator
        pages.count = once_per_version(("sitemap count", self.record_type.key), lambda: pages.count)
        return pages

    def location(self, item):
        """Every record's URL from one reversed pattern (reversing thousands of times is slow)."""
        if not hasattr(self, "pattern"):
            with translation.override(self.language):
                self.pattern = record_url(self.record_type.model(**{self.key: self.PLACEHOLDER}))
        return self.pattern.replace(self.PLACEHOLDER, getattr(item, self.key))

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """None: the index leaves out its optional lastmod (each URL in a section has its own), which
        would cost a scan of every table for each language (Django's default reads every record)."""
        return None


SITEMAPS = {}
for _code, _name in settings.LANGUAGES:
    SITEMAPS[f"pages-{_code}"] = PageSitemap(_code)
    for _type in entries():
        if _type.in_sitemap:
            SITEMAPS[f"{_type.key}-{_code}"] = RecordSitemap(_type, _code)

urlpatterns = [
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
