"""URL resolution remembers its answers (core/routing.py): the same view, arguments and route as Django finds by
trying every pattern, per language; a request's changes stay its own; an address that matches nothing is not kept."""

import pytest
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern
from django.utils import translation

from bri_portal import urls
from core.routing import RememberingResolver

PATHS = [
    "/healthz",
    "/sitemap.xml",
    "/api/v1/trade/",
    "/api/v1/countries/KAZ/",
    "/api/v1/institutions/xi-an-jiaotong-university/",
    "/api/v1/jobs/00000000-0000-0000-0000-000000000000/",
    "/api/v1/trade/KAZ-CHN-2020-total/",
    "/{language}/",
    "/{language}/trade/",
    "/{language}/countries/KAZ/",
    "/{language}/institutions/xi-an-jiaotong-university/",
    "/{language}/statistics/gdp/",
    "/{language}/admin/trade/traderecord/",
]


def forgetful():
    """The same URLconf resolved as Django does, trying every pattern each time."""
    plain = [
        URLResolver(entry.pattern, entry.urlconf_name, entry.default_kwargs, entry.app_name, entry.namespace)
        if isinstance(entry, RememberingResolver)
        else entry
        for entry in urls.urlpatterns
    ]
    return URLResolver(RegexPattern(r"^/"), plain)


def described(match):
    return (match.func, match.args, match.kwargs, match.url_name, match.namespaces, match.route)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_address_resolves_as_django_resolves_it_the_first_time_and_after(language):
    reference = forgetful()
    with translation.override(language):
        for path in (path.format(language=language) for path in PATHS):
            expected = described(reference.resolve(path))
            assert described(resolve(path)) == expected, path
            assert described(resolve(path)) == expected, path  # from what was kept


def test_the_top_level_resolvers_remember():
    assert any(isinstance(entry, RememberingResolver) for entry in get_resolver().url_patterns)
    with translation.override("en"):
        resolve("/en/countries/RUS/")
        kept = [entry for entry in get_resolver().url_patterns if isinstance(entry, RememberingResolver)]
        assert any(entry.answers.get(("en", "en/countries/RUS/")) for entry in kept)


def test_an_address_is_kept_per_language():
    with translation.override("en"):
        assert resolve("/en/trade/").url_name == "explorer"  # kept for English
    with translation.override("zh-hans"):
        assert resolve("/zh-hans/trade/").url_name == "explorer"
        with pytest.raises(Resolver404):
            resolve("/en/trade/")  # the prefix of another language than the active one


def test_a_requests_changes_to_its_match_are_not_kept():
    with translation.override("en"):
        resolve("/en/countries/KAZ/").kwargs["iso3"] = "XXX"
        assert resolve("/en/countries/KAZ/").kwargs == {"iso3": "KAZ"}


def test_a_long_address_is_resolved_but_not_kept():
    slug = "x" * 300  # a slug matches any text: such addresses could fill the memory
    with translation.override("en"):
        assert resolve(f"/en/institutions/{slug}/").kwargs == {"slug": slug}
        kept = [entry for entry in get_resolver().url_patterns if isinstance(entry, RememberingResolver)]
        assert not any(entry.answers.get(("en", f"en/institutions/{slug}/")) for entry in kept)


def test_an_address_that_matches_nothing_is_not_kept():
    with translation.override("en"):
        for _ in range(2):
            with pytest.raises(Resolver404):
                resolve("/en/no-such-page/")
        kept = [entry for entry in get_resolver().url_patterns if isinstance(entry, RememberingResolver)]
        assert not any(entry.answers.get(("en", "en/no-such-page/")) for entry in kept)
