"""Public pages of releases: the list, a release (notes, downloads, citation, schema.org), its tables, each
record as it stood in it, the compare page, the downloads and the DCAT catalogue."""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.cache import public_page
from core.downloads import file_response

from . import packages
from .catalogue import catalogue_graph, schema_dataset
from .citing import citation_list, record_work, release_work
from .links import current_url
from .models import RecordVersion, Release
from .reading import release_versions
from .snapshots import differences, field_changes, snapshot
from .tables import columns, model_of, restored, table_name, tables

COMPARE_RECORDS = 200  # records listed field by field per table and kind on the compare page


def _release(version):
    return get_object_or_404(Release, version=version)


def _model(table):
    try:
        return model_of(table)
    except LookupError as error:
        raise Http404(table) from error


@require_safe
@public_page
def release_list(request):
    return render(request, "releases/list.html", {"releases": Release.objects.all(), "license": settings.DATA_LICENSE})


@require_safe
@public_page
def release_detail(request, version):
    release = _release(version)
    citations = citation_list(release_work(request, release))
    table_rows = [
        (model, release.counts.get(table_name(model), 0), release.notes.get("tables", {}).get(table_name(model), {}))
        for model in tables()
    ]
    context = {
        "release": release,
        "tables": table_rows,
        "citations": citations,
        "license": settings.DATA_LICENSE,
        "schema_json": json.dumps(schema_dataset(request, release, citations[0]["text"]), ensure_ascii=False),
        "downloads": download_links(release.version),
    }
    return render(request, "releases/detail.html", context)


def download_links(version):
    return [(label, reverse("releases:download", args=[version, ext])) for ext, label in DOWNLOADS.items()]


DOWNLOADS = {"datapackage.zip": "Data Package (CSV + datapackage.json)", "xlsx": "XLSX", "json": "JSON"}


@require_safe
@public_page
def release_table(request, version, table):
    release, model = _release(version), _model(table)
    versions = release_versions(release, table).order_by("key").values_list("key", flat=True)
    page = Paginator(versions, 100).get_page(request.GET.get("page"))
    return render(request, "releases/table.html", {"release": release, "model": model, "table": table, "page": page})


@require_safe
@public_page
def release_record(request, version, table, key):
    release, model = _release(version), _model(table)
    stored = release_versions(release, table).filter(key=key).first()
    if stored is None:
        raise Http404(key)
    data = restored(model, stored.data)
    fields = [(field.verbose_name, data.get(field.name)) for field in columns(model)]
    label_en = f"{model._meta.verbose_name} {key}"
    citations = citation_list(record_work(request, release, table, key, label_en, label_en))
    context = {
        "release": release,
        "model": model,
        "table": table,
        "key": key,
        "fields": fields,
        "current": current_url(model, key),
        "citations": citations,
    }
    return render(request, "releases/record.html", context)


@require_safe
@public_page
def compare(request):
    chosen = {}
    for side in ("from", "to"):
        version = request.GET.get(side, "now" if side == "to" else "")
        if not version:
            latest = Release.objects.order_by("-published_at").first()
            version = latest.version if latest else "now"
        chosen[side] = None if version == "now" else _release(version)
    old, new = snapshot(chosen["from"]), snapshot(chosen["to"])
    found = differences(old, new)
    sections = []
    for model in tables():
        table = table_name(model)
        kinds = found[table]
        changed = field_changes(old, new, table, kinds["changed"][:COMPARE_RECORDS])
        counts = {kind: len(keys) for kind, keys in kinds.items()}
        if any(counts.values()):
            sections.append(
                {
                    "model": model,
                    "table": table,
                    "counts": counts,
                    "changed": changed,
                    **{kind: keys[:COMPARE_RECORDS] for kind, keys in kinds.items() if kind != "changed"},
                }
            )
    context = {
        "old": old,
        "new": new,
        "sections": sections,
        "limit": COMPARE_RECORDS,
        "releases": Release.objects.all(),
        "unchanged": not sections,
    }
    return render(request, "releases/compare.html", context)


@require_safe
def download(request, version, extension):
    release = None if version == "now" else _release(version)
    meta = {
        "name": "bri-cooperation-portal",
        "version": version if release else "now",
        "title": release.title if release else settings.DATA_PUBLISHER,
        "description": release.summary if release else "",
        "url": request.build_absolute_uri(reverse("releases:detail", args=[version])) if release else "",
        "created": release.published_at.isoformat() if release else "",
    }
    source = snapshot(release)
    name = f"bri-portal-{meta['version']}"
    if extension == "datapackage.zip":
        response = HttpResponse(packages.data_package(source, meta), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}-datapackage.zip"'
        return response
    if extension == "xlsx":
        return file_response(packages.workbook(source, meta), f"{name}.xlsx")
    if extension == "json":
        return file_response(packages.json_download(source, meta), f"{name}.json")
    raise Http404(extension)


@require_safe
def catalogue(request, extension):
    if extension not in ("ttl", "jsonld"):
        raise Http404(extension)
    graph = catalogue_graph(request)
    if extension == "ttl":
        return HttpResponse(graph.serialize(format="turtle"), content_type="text/turtle; charset=utf-8")
    return HttpResponse(graph.serialize(format="json-ld", indent=2), content_type="application/ld+json; charset=utf-8")


__all__ = ["RecordVersion"]
