"""Remembered links are the URLs reverse() gives, whatever the language, script prefix and URLconf."""

import pytest
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix, set_urlconf
from django.utils import translation

from core.links import link


def test_a_link_follows_the_active_language():
    for language, expected in (("en", "/en/countries/RUS/"), ("zh-hans", "/zh-hans/countries/RUS/")):
        with translation.override(language):
            assert link("portal:country_detail", "RUS") == reverse("portal:country_detail", args=["RUS"]) == expected


def test_a_link_follows_the_script_prefix():
    link("portal:country_detail", "KAZ")
    previous = get_script_prefix()
    set_script_prefix("/portal/")
    try:
        assert link("portal:country_detail", "KAZ") == "/portal/en/countries/KAZ/"
    finally:
        set_script_prefix(previous)
    assert link("portal:country_detail", "KAZ") == "/en/countries/KAZ/"


urlpatterns = []  # this module as a URLconf naming no page at all


def test_a_link_follows_the_request_urlconf():
    link("portal:country_detail", "KAZ")
    set_urlconf(__name__)
    try:
        with pytest.raises(NoReverseMatch):
            link("portal:country_detail", "KAZ")
    finally:
        set_urlconf(None)
