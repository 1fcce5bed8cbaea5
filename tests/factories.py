"""Small builders for test records; each cites the first seed source."""

from alliances.models import Alliance, Institution
from reference.models import Country, Source


def sourced(**fields):
    return {"source": Source.objects.order_by("pk").first(), "source_locator": "test", **fields}


def make_institution(slug="test-university", country="KAZ", **fields):
    return Institution.objects.create(
        **sourced(
            slug=slug,
            name_en=slug.replace("-", " ").title(),
            kind="university",
            country=Country.objects.get(iso3=country),
            **fields,
        )
    )


def make_alliance(slug="test-alliance", **fields):
    return Alliance.objects.create(**sourced(slug=slug, name_en="Test alliance", founded_year=2015, **fields))
