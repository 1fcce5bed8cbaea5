"""Reading a release: ``?release=2026.1`` on the API's lists and series, and the latest release for citations.

A release's records are stored rows (relations by natural key), so the model's FilterSet is applied to
them field by field: a filter on a stored field (``year__gte``, ``flow``) or on a relation by its key
(``country=KAZ,RUS``) reads the stored value; filters that reach further (a search, a related record's
own fields, a many-to-many set) are refused with 400 rather than silently ignored.
"""

from django.db import models
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from core.api.filters import value_problem
from core.filtersets import NON_FILTER_PARAMETERS

from .models import RecordVersion, Release, ReleaseItem
from .tables import key_fields, related_key, restored, table_name, tables

NOT_WITH_RELEASE = ("search", "ordering")
# What a list read from a release takes besides its filters.
RELEASE_PARAMETERS = NON_FILTER_PARAMETERS | {"release"}


def latest_release_info():
    release = Release.objects.order_by("-published_at", "-pk").first()
    if release is None:
        return None
    from .citing import release_titles

    titles = release_titles(release)
    return {
        "version": release.version,
        "title": release.title or titles["en"],
        "title_zh": titles["zh-hans"],
        "date": release.published_at.date(),
    }


def release_versions(release, table):
    """The stored versions of one table in a release (a queryset of ``RecordVersion``)."""
    return RecordVersion.objects.filter(
        table=table, pk__in=ReleaseItem.objects.filter(release=release).values("version_id")
    )


def stored_condition(model, flt, value):
    """The filter as a condition on the stored rows, or None if it cannot be read from them."""
    if getattr(flt, "method", None):
        return None
    path = flt.field_name.split("__")
    try:
        field = model._meta.get_field(path[0])
    except Exception:
        return None
    if field.many_to_many or len(path) > 2:
        return None
    if field.is_relation and (len(path) != 2 or path[1] != related_key(field.related_model)):
        return None
    if not field.is_relation and len(path) != 1:
        return None
    lookup = flt.lookup_expr
    if field.is_relation or isinstance(field, models.CharField | models.TextField):
        if lookup not in ("exact", "in", "iexact"):
            return None
        target = models.CharField()
    else:
        target = field
    expression = Cast(KeyTextTransform(path[0], "data"), target.__class__(**_cast_kwargs(target)))
    return expression, lookup, value


def _cast_kwargs(field):
    if isinstance(field, models.DecimalField):
        return {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
    return {"max_length": 255} if isinstance(field, models.CharField) else {}


class ReleaseReader:
    def __init__(self, viewset, request, version):
        self.viewset, self.request, self.version = viewset, request, version
        self.model = viewset.queryset.model

    def release(self):
        release = Release.objects.filter(version=self.version).first()
        if release is None:
            raise NotFound(_("No release has this version; see /api/v1/releases/."))
        if self.model not in tables():
            raise ValidationError({"release": _("This table is not part of releases.")}, "invalid")
        return release

    def filtered(self, queryset):
        filterset_class = self.viewset.filterset_class
        params = self.request.query_params
        errors = {name: _("Not available with ?release=.") for name in NOT_WITH_RELEASE if name in params}
        filterset = filterset_class(
            params, queryset=self.model._default_manager.none(), request=self.request, accepted=RELEASE_PARAMETERS
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors, "invalid")
        for name, flt in filterset_class.base_filters.items():
            if name not in params:
                continue
            for value in params.getlist(name):
                if problem := value_problem(self.model, flt, value):
                    errors[name] = problem
            value = filterset.form.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            condition = stored_condition(self.model, flt, value)
            if condition is None:
                errors[name] = _("Not available with ?release=.")
                continue
            expression, lookup, value = condition
            if getattr(flt, "upper", False):
                value = [item.strip().upper() for item in value]
            alias = f"stored_{name}"
            queryset = queryset.alias(**{alias: expression}).filter(**{f"{alias}__{lookup}": value})
        if errors:
            raise ValidationError(errors, "invalid")
        return queryset

    def response(self, series=False):
        release = self.release()
        queryset = self.filtered(release_versions(release, table_name(self.model)))
        if series:
            return Response(self.series(queryset))
        page = self.viewset.paginate_queryset(queryset.order_by("key"))
        return self.viewset.get_paginated_response([self.row(release, version) for version in page])

    def row(self, release, version):
        url = reverse("releases:record", args=[release.version, version.table, version.key])
        return {
            "key": version.key,
            **restored(self.model, version.data),
            "release": release.version,
            "release_url": self.request.build_absolute_uri(url),
        }

    def series(self, queryset):
        viewset = self.viewset
        groups = {name: path.split("__")[0] for name, path in viewset.series_groups.items()}
        points = [path.split("__")[0] for path in viewset.series_points]
        wanted = viewset.series_filter
        rows = [
            data
            for data in (restored(self.model, stored) for stored in queryset.values_list("data", flat=True))
            if all(data.get(k) == v for k, v in wanted.items())
        ]
        if len(rows) > viewset.series_max_points:
            raise ValidationError({"release": _("Too many points: narrow the filters.")}, "too_many_points")
        series = {}
        for data in rows:
            key = tuple(data.get(path) for path in groups.values())
            series.setdefault(key, []).append([_number(data.get(path)) for path in points])
        return [
            {**dict(zip(groups, key, strict=True)), "points": sorted(values, key=lambda p: [(v is None, v) for v in p])}
            for key, values in sorted(series.items(), key=lambda item: [str(v) for v in item[0]])
        ]


def _number(value):
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


__all__ = ["ReleaseReader", "latest_release_info", "key_fields"]
