"""Every public page runs a bounded number of SQL queries, with 1,000 records of every kind.

The records come from ``generate_demo_data --each 1000`` (plus 1,000 sources), created once
for this module inside a transaction that is rolled back at its end.
"""

import pytest
from django.core.management import call_command
from django.db import transaction

from alliances.models import Alliance, Institution
from cooperation.models import CooperationProject, PolicyProblem, Recommendation
from reference.models import Source
from trade.models import Indicator

EACH = 1000

# Page → the most queries it may run, whatever the number of records (maps, the latest release named in
# citations and the search's facets each add a fixed number: a map reads its records, their sources and the
# latest release for its citation; the explorer's menu of country groups is one more).
PAGES = {
    "/{lang}/": 21,
    "/{lang}/search/?q=demo": 29,
    "/{lang}/search/?q=演示": 29,
    "/{lang}/alliances/": 5,
    "/{lang}/alliances/?member_country=RUS": 5,
    "/{lang}/alliances/{alliance}/": 7,
    "/{lang}/institutions/": 4,
    "/{lang}/institutions/?country=KAZ&kind=university&alliance={alliance}": 4,
    "/{lang}/institutions/{institution}/": 4,
    "/{lang}/cooperation/": 7,
    "/{lang}/cooperation/projects/": 10,
    "/{lang}/cooperation/projects/?mode=demo-mode-0001&country=KAZ&start_year__gte=2000": 10,
    "/{lang}/cooperation/projects/?institution={institution}": 11,
    "/{lang}/cooperation/projects/{project}/": 4,
    "/{lang}/cooperation/milestones/": 4,
    "/{lang}/problems/": 4,
    "/{lang}/problems/{problem}/": 3,
    "/{lang}/recommendations/{recommendation}/": 3,
    "/{lang}/trade/": 14,
    "/{lang}/trade/?country=ABW,AFG&flow=total": 11,  # the map of the selection (unit, values, countries), groups
    "/{lang}/trade/data.csv?country=ABW,AFG&flow=total": 6,
    "/{lang}/trade/data.xlsx?country=ABW,AFG&flow=total": 6,
    "/{lang}/statistics/": 3,
    "/{lang}/statistics/{indicator}/": 5,
    "/{lang}/countries/": 1,
    "/{lang}/countries/KAZ/": 12,
    "/{lang}/countries/RUS/": 13,
    "/{lang}/sources/": 25,
    "/{lang}/sources/demo-data/": 31,
    "/{lang}/sources/eurasian-practice-2022/": 31,
    "/{lang}/data/": 15,
    "/{lang}/embed/trade/?country=ABW,AFG&flow=total": 6,
    "/{lang}/embed/alliances/{alliance}/": 6,
    "/{lang}/embed/maps/trade/?flow=total&group=central-asia": 8,
    "/{lang}/embed/maps/statistics/{indicator}/": 6,
    "/{lang}/embed/maps/alliances/{alliance}/": 7,
    "/{lang}/embed/maps/projects/?country=KAZ": 6,
    "/{lang}/rankings/": 12,
    "/{lang}/rankings/?series=trade.total&by=change&group=central-asia": 12,
    "/{lang}/rankings/?series={indicator}": 12,
    "/{lang}/compare/?country=KAZ,RUS,ABW,AFG": 12,
    "/{lang}/embed/compare/?country=KAZ,RUS,ABW,AFG": 12,
    "/{lang}/groups/": 3,
    "/{lang}/groups/central-asia/": 8,
    "/{lang}/trade/?group=central-asia": 14,
    "/sitemap.xml": 18,
    "/sitemap-institution-en.xml": 2,
}


@pytest.fixture(scope="module")
def thousands(django_db_setup, django_db_blocker):
    """1,000 records of every kind besides the seed data, for this module only."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("generate_demo_data", each=EACH, verbosity=0)
        Source.objects.bulk_create(
            Source(slug=f"demo-source-{i:04d}", title_original=f"Demo source {i:04d}", language="en")
            for i in range(1, EACH)
        )
        records = {
            "alliance": Alliance.objects.filter(slug__startswith="demo-").order_by("pk").first().slug,
            "institution": Institution.objects.filter(slug__startswith="demo-").order_by("pk").first().slug,
            "project": CooperationProject.objects.filter(slug__startswith="demo-").order_by("pk").first().slug,
            "problem": PolicyProblem.objects.filter(slug__startswith="demo-").order_by("pk").first().slug,
            "recommendation": Recommendation.objects.filter(slug__startswith="demo-").order_by("pk").first().slug,
            "indicator": Indicator.objects.filter(slug__startswith="demo-").order_by("pk").first().slug,
        }
        assert Institution.objects.count() >= EACH and CooperationProject.objects.count() >= EACH
        yield records
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("page", PAGES)
def test_page_queries_are_bounded(client, settings, thousands, django_assert_max_num_queries, page, language):
    settings.PORTAL_CACHE_SECONDS = 0
    url = page.format(lang=language, **thousands)
    with django_assert_max_num_queries(PAGES[page]):
        response = client.get(url)
    assert response.status_code == 200, url
