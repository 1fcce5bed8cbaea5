"""Catalogue metadata: a DCAT-AP 3 catalogue (rdflib; JSON-LD and Turtle) with each release a dataset and its
distributions, and schema.org ``Dataset`` JSON-LD for the data page and each release page (the properties
Google's Dataset guidelines require, name and description, and the recommended ones)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from .models import Release

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's closed namespace predates it
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FORMATS = {"datapackage.zip": ("ZIP", "application/zip"), "xlsx": ("XLSX", None), "json": ("JSON", "application/json")}
MEDIA = {
    "datapackage.zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
SPATIAL = "Eurasia, Belt and Road Initiative partner countries"
DESCRIPTION = {
    "en": "Sourced records of Belt and Road cooperation in higher education, science and trade: alliances, "
    "institutions, projects, policy problems, trade and statistics, each with its source and the place in it.",
    "zh": "“一带一路”高等教育、科学和贸易合作的有出处记录：联盟、机构、项目、政策问题、贸易和统计，"
    "每条记录注明来源及其位置。",
}


def absolute(request, path):
    return request.build_absolute_uri(path)


def release_url(request, release, language="en"):
    with translation.override(language):
        return absolute(request, reverse("releases:detail", args=[release.version]))


def download_url(request, version, extension):
    return absolute(request, reverse("releases:download", args=[version, extension]))


def catalogue_graph(request):
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    catalogue = URIRef(absolute(request, reverse("catalogue", args=["ttl"])))
    publisher = URIRef(absolute(request, "/"))
    licence = URIRef(settings.DATA_LICENSE["url"])
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal(settings.DATA_PUBLISHER, lang="en")))
    graph.add((catalogue, DCTERMS.title, Literal("一带一路合作门户", lang="zh")))
    for language, text in DESCRIPTION.items():
        graph.add((catalogue, DCTERMS.description, Literal(text, lang=language)))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, FOAF.homepage, URIRef(absolute(request, "/en/"))))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.DATA_PUBLISHER)))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    for release in Release.objects.order_by("published_at"):
        dataset = URIRef(release_url(request, release))
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(release.version)))
        graph.add((dataset, DCTERMS.title, Literal(release.title, lang="en")))
        graph.add((dataset, DCTERMS.description, Literal(release.summary or DESCRIPTION["en"], lang="en")))
        graph.add((dataset, DCTERMS.issued, Literal(release.published_at.isoformat(), datatype=XSD.dateTime)))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCTERMS.license, licence))
        graph.add((dataset, DCAT_VERSION, Literal(release.version)))
        graph.add((dataset, ADMS.versionNotes, Literal(release.summary or release.title, lang="en")))
        graph.add((dataset, DCAT.landingPage, URIRef(release_url(request, release))))
        graph.add((dataset, DCTERMS.spatial, Literal(SPATIAL, lang="en")))
        if release.temporal_coverage:
            start, end = release.temporal_coverage.split("/")
            period = BNode()
            graph.add((dataset, DCTERMS.temporal, period))
            graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((period, DCAT.startDate, Literal(f"{start}-01-01", datatype=XSD.date)))
            graph.add((period, DCAT.endDate, Literal(f"{end}-12-31", datatype=XSD.date)))
        if release.previous_id:
            graph.add((dataset, DCAT.prev, URIRef(release_url(request, release.previous))))
        for extension, (file_type, _media) in FORMATS.items():
            distribution = URIRef(download_url(request, release.version, extension))
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCAT.accessURL, distribution))
            graph.add((distribution, DCAT.downloadURL, distribution))
            graph.add(
                (
                    distribution,
                    DCAT.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA[extension]}"),
                )
            )
            graph.add((distribution, DCTERMS.format, URIRef(EU_FILE_TYPE + file_type)))
            graph.add((distribution, DCTERMS.license, licence))
            graph.add((distribution, DCTERMS.title, Literal(f"{release.version} ({extension})", lang="en")))
    return graph


def schema_dataset(request, release=None, citation=""):
    """schema.org ``Dataset`` for a release, or for the live data (the data page) when ``release`` is None."""
    language = "zh" if (translation.get_language() or "en").startswith("zh") else "en"
    version = release.version if release else "now"
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": release.title if release else settings.DATA_PUBLISHER,
        "description": (release.summary if release and release.summary else DESCRIPTION[language]),
        "url": release_url(request, release, translation.get_language())
        if release
        else absolute(request, request.path),
        "license": settings.DATA_LICENSE["url"],
        "creator": {"@type": "Organization", "name": settings.DATA_PUBLISHER, "url": absolute(request, "/")},
        "publisher": {"@type": "Organization", "name": settings.DATA_PUBLISHER},
        "spatialCoverage": {"@type": "Place", "name": SPATIAL},
        "inLanguage": ["en", "zh-Hans"],
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": MEDIA[extension],
                "contentUrl": download_url(request, version, extension),
            }
            for extension in FORMATS
        ],
    }
    if release:
        data["version"] = release.version
        data["datePublished"] = release.published_at.date().isoformat()
        if release.temporal_coverage:
            data["temporalCoverage"] = release.temporal_coverage
    else:
        latest = Release.objects.order_by("-published_at").first()
        if latest:
            data["version"] = latest.version
            if latest.temporal_coverage:
                data["temporalCoverage"] = latest.temporal_coverage
    if citation:
        data["citation"] = citation
    return data
